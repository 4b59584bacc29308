//! `relcore ready`: the go / no-go checklist evaluated now; exit 0 for go, 1 for no-go.

use chrono::{DateTime, NaiveDateTime, Utc};
use relcore_release::ops::{ReadyOptions, read_facts, ready};

use crate::Outcome;
use crate::args::ReadyArgs;
use crate::output::{library_error, print_json, print_text, release_error, usage};
use crate::source::open_repository;

pub fn run(args: &ReadyArgs, json: bool) -> anyhow::Result<Outcome> {
    let at = at(args.at.as_deref())?;
    let mut facts = match &args.facts {
        Some(path) => read_facts(path).map_err(|e| release_error(&e))?,
        None => std::collections::BTreeMap::new(),
    };
    for fact in &args.fact {
        let (name, value) = relcore::ready::parse_fact(fact).map_err(|e| library_error(&e))?;
        facts.insert(name, value);
    }
    let (repo, config) = open_repository(&args.repo)?;
    let options = ReadyOptions {
        at,
        facts,
        blockers_allowed: args.blockers_allowed,
    };
    let report = ready(&repo, &config, &options).map_err(|e| release_error(&e))?;
    if json {
        print_json(&serde_json::to_value(&report)?)?;
    } else {
        print_text(&report.verdict.to_markdown())?;
    }
    Ok(if report.verdict.go {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// `--at`, or now: the CLI is where the clock may be read.
fn at(text: Option<&str>) -> anyhow::Result<DateTime<Utc>> {
    let Some(text) = text else {
        return Ok(Utc::now());
    };
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .map(|t| t.and_utc())
        .map_err(|_| {
            usage(
                "invalid_time",
                format!("invalid time `{text}`: expected RFC 3339 (2026-03-03T10:00:00Z) or YYYY-MM-DDTHH:MM (UTC)"),
            )
        })
}
