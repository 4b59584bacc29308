//! Any plan text and timeline text (split at the first NUL byte) simulate without a panic,
//! deterministically; decisions are in time order; the outcome agrees with the last
//! decision; a timeline error points inside the timeline.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::plan::{DecisionKind, Outcome, SimulationError, simulate_text};

fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (plan, timeline) = text.split_once('\0').unwrap_or((text, ""));
    let first = simulate_text(plan, timeline);
    let second = simulate_text(plan, timeline);
    assert_eq!(first, second, "not deterministic");
    match first {
        Ok(sim) => {
            assert!(sim.decisions.windows(2).all(|w| w[0].at_seconds <= w[1].at_seconds), "{sim:?}");
            let last = sim.decisions.last();
            match sim.outcome {
                Outcome::RolledBack => {
                    let last = last.expect("a rollback is a decision");
                    assert_eq!(last.decision, DecisionKind::Rollback);
                    assert_eq!(last.at_seconds, sim.at_seconds);
                }
                Outcome::Completed => {
                    if let Some(last) = last {
                        assert_eq!(last.decision, DecisionKind::Advance);
                        assert_eq!(last.at_seconds, sim.at_seconds);
                    }
                }
                Outcome::Stuck => {
                    let last = last.expect("a stuck rollout waits for something");
                    assert!(matches!(last.decision, DecisionKind::Hold | DecisionKind::AwaitingApproval), "{sim:?}");
                }
            }
            let _ = serde_json::to_string(&sim);
        }
        Err(SimulationError::Timeline(e)) => {
            let d = e.diagnostic();
            if let Some(offset) = d.offset {
                assert!(offset <= timeline.len() && timeline.is_char_boundary(offset), "{d:?}");
            }
            if let Some(line) = d.line {
                assert!(line >= 1 && line <= timeline.split('\n').count().max(1), "{d:?}");
            }
        }
        Err(SimulationError::Plan(_)) => {}
    }
}

fuzz_main!(run);
