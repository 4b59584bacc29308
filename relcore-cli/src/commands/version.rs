//! `relcore version check|bump|compare|sort`.

use std::cmp::Ordering;
use std::io::Read;

use anyhow::Context;
use relcore::version::{self, BumpLevel, ParseError, Preid, PreidBase, TagFormat, Version};
use serde_json::{Value, json};

use crate::Outcome;
use crate::args::{BumpArgs, VersionCommand};
use crate::output::{self, error_json, print_json, print_line, report};

pub fn run(cmd: VersionCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        VersionCommand::Check { version } => check(&version, json),
        VersionCommand::Bump(args) => bump(&args, json),
        VersionCommand::Compare { a, b } => compare(&a, &b, json),
        VersionCommand::Sort {
            versions,
            reverse,
            tag_format: Some(format),
        } => sort_tags(versions, &format, reverse, json),
        VersionCommand::Sort {
            versions, reverse, ..
        } => sort(versions, reverse, json),
    }
}

/// The fields of a parse error, for JSON documents.
fn parse_error_fields(err: &ParseError) -> Value {
    json!({ "input": err.input(), "offset": err.offset(), "hint": err.hint() })
}

/// Reports an invalid version (human or JSON) and returns the negative outcome.
fn invalid(err: &ParseError, json: bool) -> anyhow::Result<Outcome> {
    if json {
        let mut doc = error_json(
            err.kind().as_str(),
            &err.to_string(),
            parse_error_fields(err),
        );
        doc["valid"] = Value::Bool(false);
        print_json(&doc)?;
    } else {
        report(
            err.kind().as_str(),
            &err.to_string(),
            Some((err.input(), err.offset())),
            err.hint().as_deref(),
        );
    }
    Ok(Outcome::Negative)
}

fn check(input: &str, json: bool) -> anyhow::Result<Outcome> {
    let v = match Version::parse(input) {
        Ok(v) => v,
        Err(err) => return invalid(&err, json),
    };
    if json {
        print_json(&json!({
            "valid": true,
            "version": v,
            "major": v.major,
            "minor": v.minor,
            "patch": v.patch,
            "prerelease": v.pre.as_str(),
            "build": v.build.as_str(),
        }))?;
    } else {
        print_line(&format!("{v} is a valid SemVer 2.0.0 version"))?;
    }
    Ok(Outcome::Success)
}

fn bump(args: &BumpArgs, json: bool) -> anyhow::Result<Outcome> {
    let level: BumpLevel = args.level.parse().map_err(|e| usage(&e))?;
    let base: PreidBase = args.preid_base.parse().map_err(|e| usage(&e))?;
    let preid = Preid {
        identifier: args.preid.clone(),
        base,
    };
    let v = match Version::parse(&args.version) {
        Ok(v) => v,
        Err(err) => return invalid(&err, json),
    };
    let context =
        json!({ "version": args.version, "level": level, "preid": args.preid, "preid_base": base });
    match v.bump(level, &preid) {
        Ok(next) => {
            if json {
                let mut doc = context;
                doc["next"] = json!(next);
                print_json(&doc)?;
            } else {
                print_line(&next.to_string())?;
            }
            Ok(Outcome::Success)
        }
        Err(err) => {
            if json {
                print_json(&error_json(err.kind().as_str(), &err.to_string(), context))?;
            } else {
                report(err.kind().as_str(), &err.to_string(), None, None);
            }
            Ok(Outcome::Negative)
        }
    }
}

fn compare(a: &str, b: &str, json: bool) -> anyhow::Result<Outcome> {
    let (va, vb) = match (Version::parse(a), Version::parse(b)) {
        (Ok(va), Ok(vb)) => (va, vb),
        (Err(err), _) | (_, Err(err)) => return invalid(&err, json),
    };
    let ordering = version::compare(&va, &vb);
    let (number, sign) = match ordering {
        Ordering::Less => (-1, "<"),
        Ordering::Equal => (0, "=="),
        Ordering::Greater => (1, ">"),
    };
    if json {
        print_json(&json!({ "a": va, "b": vb, "ordering": number }))?;
    } else {
        print_line(&format!("{va} {sign} {vb}"))?;
    }
    Ok(Outcome::Success)
}

/// The arguments, or the lines of stdin when there are none (and whether they came from
/// stdin).
fn inputs(args: Vec<String>) -> anyhow::Result<(Vec<String>, bool)> {
    if !args.is_empty() {
        return Ok((args, false));
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("reading versions from stdin")?;
    let lines = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect();
    Ok((lines, true))
}

/// `version sort --tag-format FORMAT`: the release tags among the inputs, by version
/// (ties by name, as `git tag --sort=v:refname` would), others left out.
fn sort_tags(
    args: Vec<String>,
    format: &str,
    reverse: bool,
    json: bool,
) -> anyhow::Result<Outcome> {
    let format = TagFormat::parse(format).map_err(|e| {
        anyhow::Error::new(output::UsageError {
            code: e.kind().as_str(),
            message: e.to_string(),
        })
    })?;
    let (lines, _) = inputs(args)?;
    let mut tags = Vec::new();
    let mut skipped = Vec::new();
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match format.parse_tag(line) {
            Some(tag) => tags.push((tag.version, line.to_owned())),
            None => skipped.push(line.to_owned()),
        }
    }
    tags.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.cmp(y)));
    if reverse {
        tags.reverse();
    }
    if json {
        let names: Vec<&str> = tags.iter().map(|(_, n)| n.as_str()).collect();
        let versions: Vec<&Version> = tags.iter().map(|(v, _)| v).collect();
        print_json(
            &json!({ "sorted": names, "versions": versions, "skipped": skipped, "errors": [] }),
        )?;
    } else {
        for (_, name) in &tags {
            print_line(name)?;
        }
    }
    Ok(Outcome::Success)
}

fn sort(args: Vec<String>, reverse: bool, json: bool) -> anyhow::Result<Outcome> {
    let (lines, from_stdin) = inputs(args)?;
    let mut versions = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if from_stdin && line.is_empty() {
            continue;
        }
        match Version::parse(line) {
            Ok(v) => versions.push(v),
            Err(err) => errors.push((i + 1, err)),
        }
    }
    version::sort(&mut versions);
    if reverse {
        versions.reverse();
    }
    let place = if from_stdin { "line" } else { "argument" };
    if json {
        let errors: Vec<Value> = errors
            .iter()
            .map(|(n, err)| {
                let mut doc = error_json(
                    err.kind().as_str(),
                    &err.to_string(),
                    parse_error_fields(err),
                );
                doc[place] = json!(n);
                doc
            })
            .collect();
        print_json(&json!({ "sorted": versions, "errors": errors }))?;
    } else {
        for v in &versions {
            print_line(&v.to_string())?;
        }
        for (n, err) in &errors {
            let message = format!("{place} {n}: {err}");
            report(
                err.kind().as_str(),
                &message,
                Some((err.input(), err.offset())),
                err.hint().as_deref(),
            );
        }
    }
    Ok(if errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// An argument the library rejected: a usage error (exit 2) that keeps the library's slug.
fn usage(err: &relcore::version::BumpError) -> anyhow::Error {
    anyhow::Error::new(output::UsageError {
        code: err.kind().as_str(),
        message: err.to_string(),
    })
}
