//! `relcore::plan::simulate` against the shared vectors: each plan and timeline gives the
//! expected outcome and decisions, or the expected error code.

use relcore::plan::{Simulation, simulate_text};
use serde_json::{Value, json};

use crate::util::str_at;

/// The part of a simulation the vectors pin: everything but the sentences.
pub fn expected_of(result: Result<Simulation, relcore::plan::SimulationError>) -> Value {
    match result {
        Ok(sim) => {
            let mut v = serde_json::to_value(&sim).unwrap();
            for d in v["decisions"].as_array_mut().unwrap() {
                d.as_object_mut().unwrap().remove("message");
            }
            v
        }
        Err(e) => json!({ "error": e.diagnostics()[0].code }),
    }
}

#[test]
fn simulation_vectors() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/simulate.json");
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let bless = std::env::var_os("RELCORE_BLESS").is_some();
    let mut failures = Vec::new();
    for case in file["cases"].as_array_mut().unwrap() {
        let got = expected_of(simulate_text(
            str_at(case, "plan"),
            str_at(case, "timeline"),
        ));
        // Deterministic: the same input gives the same trace.
        let again = expected_of(simulate_text(
            str_at(case, "plan"),
            str_at(case, "timeline"),
        ));
        assert_eq!(got, again, "{}", case["name"]);
        if bless {
            case["expected"] = got;
        } else if case["expected"] != got {
            failures.push(format!(
                "{}:\n  expected {}\n  got      {}",
                case["name"], case["expected"], got
            ));
        }
    }
    if bless {
        std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap() + "\n").unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
