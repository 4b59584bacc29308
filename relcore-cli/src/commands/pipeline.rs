//! `relcore pipeline start|event|status|record`: the release record kept in
//! `.relcore/releases/{version}.json`, advanced by the core's state machine.

use relcore::plan::RecordEvent;
use relcore_release::pipeline::{RecordFile, read_record, record_event, start};

use crate::Outcome;
use crate::args::{ActorArgs, PipelineCommand, RecordFormat};
use crate::output::{library_error, print_json, print_text, release_error};
use crate::source::open_repository;
use crate::values::{at_time, parse_version};

pub fn run(cmd: &PipelineCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        PipelineCommand::Start(args) => {
            let version = args.version.as_deref().map(parse_version).transpose()?;
            let (at, by) = actor(&args.actor)?;
            let (repo, config) = open_repository(&args.repo)?;
            let file = start(
                &repo,
                &config,
                version,
                at,
                by.as_deref(),
                args.actor.note.as_deref(),
            )
            .map_err(|e| release_error(&e))?;
            print_status(&file, at, json)
        }
        PipelineCommand::Event(args) => {
            let event: RecordEvent = args.event.parse().map_err(|e| library_error(&e))?;
            let version = args.version.as_deref().map(parse_version).transpose()?;
            let (at, by) = actor(&args.actor)?;
            let (repo, config) = open_repository(&args.repo)?;
            let file = record_event(
                &repo,
                &config,
                version.as_ref(),
                event,
                at,
                by.as_deref(),
                args.actor.note.as_deref(),
            )
            .map_err(|e| release_error(&e))?;
            print_status(&file, at, json)
        }
        PipelineCommand::Status(args) => {
            let version = args.version.as_deref().map(parse_version).transpose()?;
            let at = at_time(args.at.as_deref())?;
            let file = read(&args.repo, version.as_ref())?;
            print_status(&file, at, json)
        }
        PipelineCommand::Record(args) => {
            let version = args.version.as_deref().map(parse_version).transpose()?;
            let file = read(&args.repo, version.as_ref())?;
            if json || args.format == RecordFormat::Json {
                print_json(&serde_json::to_value(&file.record)?)?;
            } else {
                let markdown = file.record.to_markdown().map_err(|e| library_error(&e))?;
                print_text(&markdown)?;
            }
            Ok(Outcome::Success)
        }
    }
}

/// `--at` (default now) and `--by` (default the user running relcore).
fn actor(args: &ActorArgs) -> anyhow::Result<(chrono::DateTime<chrono::Utc>, Option<String>)> {
    let at = at_time(args.at.as_deref())?;
    let by = args.by.clone().or_else(|| {
        ["USER", "USERNAME"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    });
    Ok((at, by))
}

fn read(
    repo: &crate::args::RepoArgs,
    version: Option<&relcore::version::Version>,
) -> anyhow::Result<RecordFile> {
    let (repo_handle, config) = open_repository(repo)?;
    let root = repo_handle.workdir().unwrap_or_else(|| repo.repo.clone());
    read_record(&root, &config, version).map_err(|e| release_error(&e))
}

/// The record's status at `at`: text, or `--json` with the record file's path.
fn print_status(
    file: &RecordFile,
    at: chrono::DateTime<chrono::Utc>,
    json: bool,
) -> anyhow::Result<Outcome> {
    let status = file.record.status(at).map_err(|e| library_error(&e))?;
    if json {
        let mut doc = serde_json::to_value(&status)?;
        if let Some(map) = doc.as_object_mut() {
            map.insert(
                "path".to_owned(),
                serde_json::Value::from(file.path.clone()),
            );
        }
        print_json(&doc)?;
    } else {
        print_text(&status.to_text())?;
    }
    Ok(Outcome::Success)
}
