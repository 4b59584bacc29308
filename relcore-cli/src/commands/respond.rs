//! `relcore respond --severity S`: what to do about an incident, and how fast, from the
//! policy's playbooks; with `--plan`, the order to roll the plan's services back in.

use relcore::risk::{Severity, respond};
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
    let response = respond(severity, &config.risk);
    let order: Option<Vec<String>> = match &args.plan {
        Some(path) => {
            let text = read_file(path)?;
            let plan = relcore::plan::Plan::from_yaml(&text).map_err(|e| library_error(&e))?;
            let order = plan.rollback_order().map_err(|e| library_error(&e))?;
            Some(order.into_iter().map(str::to_owned).collect())
        }
        None => None,
    };
    if json {
        let mut doc = serde_json::to_value(&response)?;
        if let (Some(doc), Some(order)) = (doc.as_object_mut(), &order) {
            doc.insert("rollback_order".to_owned(), serde_json::json!(order));
        }
        print_json(&doc)?;
        return Ok(Outcome::Success);
    }
    print_line(&response.reason)?;
    if let Some(order) = order.filter(|o| !o.is_empty()) {
        print_line(&format!("rollback order: {}", order.join(" -> ")))?;
    }
    Ok(Outcome::Success)
}
