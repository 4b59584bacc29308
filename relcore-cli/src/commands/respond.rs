//! `relcore respond --severity S`: what to do about an incident, and how fast, from the
//! policy's playbooks; with `--plan`, the order to roll the plan's services back in.

use relcore::risk::Severity;
use relcore::risk::incident_response;
use relcore_release::ProjectConfig;
use relcore_release::config::{CONFIG_FILE, load_config, load_given};

use crate::Outcome;
use crate::args::RespondArgs;
use crate::input::read_file;
use crate::output::{config_error, library_error, print_json, print_line};

pub fn run(args: &RespondArgs, json: bool) -> anyhow::Result<Outcome> {
    let severity: Severity = args.severity.parse().map_err(|e| library_error(&e))?;
    let config: ProjectConfig = match &args.config {
        Some(path) => load_given(path),
        None => load_config(std::path::Path::new(CONFIG_FILE)),
    }
    .map_err(|e| config_error(&e))?;
    let plan = match &args.plan {
        Some(path) => {
            let text = read_file(path)?;
            Some(relcore::plan::Plan::from_yaml(&text).map_err(|e| library_error(&e))?)
        }
        None => None,
    };
    let answer =
        incident_response(severity, &config.risk, plan.as_ref()).map_err(|e| library_error(&e))?;
    if json {
        print_json(&serde_json::to_value(&answer)?)?;
        return Ok(Outcome::Success);
    }
    print_line(&answer.response.reason)?;
    if let Some(order) = answer.rollback_order.filter(|o| !o.is_empty()) {
        print_line(&format!("rollback order: {}", order.join(" -> ")))?;
    }
    Ok(Outcome::Success)
}
