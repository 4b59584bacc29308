//! `relcore init`: a commented `relcore.toml` for the repository.

use serde_json::json;

use crate::Outcome;
use crate::args::InitArgs;
use crate::output::{print_json, print_line, print_text, release_error, report};

pub fn run(args: &InitArgs, json: bool) -> anyhow::Result<Outcome> {
    let scaffold = relcore_release::init::scaffold(&args.repo).map_err(|e| release_error(&e))?;
    if args.print {
        if json {
            print_json(&json!({ "config": scaffold, "text": scaffold.text, "written": false }))?;
        } else {
            print_text(&scaffold.text)?;
        }
        return Ok(Outcome::Success);
    }
    if let Err(e) = relcore_release::init::write(&scaffold) {
        if e.code() != "config_exists" {
            return Err(release_error(&e));
        }
        if json {
            print_json(&json!({ "code": e.code(), "message": e.to_string() }))?;
        } else {
            report(
                e.code(),
                &e.to_string(),
                None,
                Some("relcore init --print shows what it would write"),
            );
        }
        return Ok(Outcome::Negative);
    }
    if json {
        print_json(&json!({ "config": scaffold, "written": true }))?;
    } else {
        print_line(&format!(
            "wrote {}: tag_format {} ({} tags), version files: {}",
            scaffold.path.display(),
            scaffold.tag_format,
            scaffold.tags,
            if scaffold.version_files.is_empty() {
                "none found".to_owned()
            } else {
                scaffold.version_files.join(", ")
            }
        ))?;
        if !scaffold.packages.is_empty() {
            let mut names: Vec<&str> = scaffold
                .packages
                .iter()
                .map(|p| p.member.name.as_str())
                .collect();
            // A root that carries a version is the package `root` (see the file).
            if !scaffold.version_files.is_empty() {
                names.push("root");
            }
            print_line(&format!(
                "packages: {} (`relcore release` releases each one with changes; --package NAME narrows it)",
                names.join(", ")
            ))?;
        }
    }
    Ok(Outcome::Success)
}
