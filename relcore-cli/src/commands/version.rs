//! `relcore version check|bump|compare|sort`.

use std::cmp::Ordering;
use std::io::Read;

use anyhow::Context;
use relcore::diagnostic::InvalidUtf8;
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
    let level: BumpLevel = args.level.parse().map_err(|e| output::library_error(&e))?;
    let base: PreidBase = args
        .preid_base
        .parse()
        .map_err(|e| output::library_error(&e))?;
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
/// stdin). A line of stdin that is not UTF-8 is kept as its error, located in the line.
fn inputs(args: Vec<String>) -> anyhow::Result<(Vec<Result<String, InvalidUtf8>>, bool)> {
    if !args.is_empty() {
        return Ok((args.into_iter().map(Ok).collect(), false));
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("reading versions from stdin")?;
    let lines = bytes
        .split(|&b| b == b'\n')
        .map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            relcore::diagnostic::decode_utf8(line).map(str::to_owned)
        })
        .collect::<Vec<_>>();
    // `split` yields an empty last piece after a final newline, as `lines` would not.
    let mut lines = lines;
    if bytes.ends_with(b"\n") || bytes.is_empty() {
        lines.pop();
    }
    Ok((lines, true))
}

/// A line that is not UTF-8, for JSON documents and stderr.
fn utf8_error(n: usize, err: &InvalidUtf8) -> (Value, String) {
    let message = format!(
        "line {n}: invalid UTF-8 at column {} (byte offset {} in the line): {}",
        err.column, err.offset, err.bytes
    );
    let doc = error_json(
        err.code(),
        &message,
        json!({ "line": n, "column": err.column }),
    );
    (doc, message)
}

/// `version sort --tag-format FORMAT`: the release tags among the inputs, by version
/// (ties by name, as `git tag --sort=v:refname` would), others left out.
fn sort_tags(
    args: Vec<String>,
    format: &str,
    reverse: bool,
    json: bool,
) -> anyhow::Result<Outcome> {
    let format = TagFormat::parse(format).map_err(|e| output::library_error(&e))?;
    let (lines, _) = inputs(args)?;
    let mut tags = Vec::new();
    let mut skipped = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = match line {
            Ok(line) => line.trim(),
            Err(err) => {
                errors.push(utf8_error(i + 1, err));
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
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
        let errors: Vec<&Value> = errors.iter().map(|(doc, _)| doc).collect();
        print_json(
            &json!({ "sorted": names, "versions": versions, "skipped": skipped, "errors": errors }),
        )?;
    } else {
        for (_, name) in &tags {
            print_line(name)?;
        }
        for (_, message) in &errors {
            report(
                "invalid_utf8",
                message,
                None,
                Some("save the input as UTF-8"),
            );
        }
    }
    Ok(if errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

fn sort(args: Vec<String>, reverse: bool, json: bool) -> anyhow::Result<Outcome> {
    let (lines, from_stdin) = inputs(args)?;
    let mut versions = Vec::new();
    let mut errors = Vec::new();
    let mut not_utf8 = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(err) => {
                not_utf8.push(utf8_error(i + 1, err));
                continue;
            }
        };
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
            .chain(not_utf8.iter().map(|(doc, _)| doc.clone()))
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
        for (_, message) in &not_utf8 {
            report(
                "invalid_utf8",
                message,
                None,
                Some("save the input as UTF-8"),
            );
        }
    }
    Ok(if errors.is_empty() && not_utf8.is_empty() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}
