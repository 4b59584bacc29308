//! `relcore metrics`: release metrics from the history and tags (or from plain facts with
//! `--input`), as a table, `--json`, `--csv`, a Mermaid chart (`--chart`) or an SVG file
//! (`--svg FILE`).

use std::fmt::Write as _;

use relcore::input::{InputKind, from_json, parse_date};
use relcore::metrics::{
    Deployment, Durations, Metrics, MetricsInput, MetricsOptions, Period, Share, chart, svg,
};

use crate::Outcome;
use crate::args::{MetricsArgs, PeriodArg};
use crate::input::{file_or_stdin, read_file};
use crate::output::{library_error, print_json, print_text, release_error, usage};
use crate::source::open_repository;

pub fn run(args: &MetricsArgs, json: bool) -> anyhow::Result<Outcome> {
    let options = MetricsOptions {
        since: args
            .since
            .as_deref()
            .map(parse_date)
            .transpose()
            .map_err(|e| library_error(&e))?,
        by: match args.by {
            PeriodArg::Month => Period::Month,
            PeriodArg::Week => Period::Week,
        },
        within_days: args.within_days,
    };
    let metrics = if let Some(path) = &args.input {
        let file = (path.as_os_str() != "-").then_some(path.as_path());
        let input: MetricsInput =
            from_json(InputKind::MetricsInput, json_of(&file_or_stdin(file)?)?)
                .map_err(|e| library_error(&e))?;
        relcore::metrics::metrics(&input, &options).map_err(|e| library_error(&e))?
    } else {
        let deployments = args
            .deployments
            .as_deref()
            .map(|path| -> anyhow::Result<Vec<Deployment>> {
                let value = json_of(&read_file(path)?)?;
                from_json(
                    InputKind::MetricsInput,
                    serde_json::json!({"deployments": value}),
                )
                .map(|input: MetricsInput| input.deployments.unwrap_or_default())
                .map_err(|e| library_error(&e))
            })
            .transpose()?;
        let (repo, config) = open_repository(&args.repo)?;
        let config = config
            .select(args.package.as_deref())
            .map_err(|e| crate::output::library_error(&e))?;
        let metrics = relcore_release::metrics::metrics(&repo, &config, &options, deployments)
            .map_err(|e| release_error(&e))?;
        if metrics.releases.total == 0 && options.since.is_none() {
            crate::output::warn(&format!(
                "no release tag of the format `{}` was found: release metrics count releases by their tags (fetch them with `git fetch --tags`, or set `tag_format` in relcore.toml)",
                config.tag_format.as_str()
            ));
        }
        metrics
    };
    if let Some(path) = &args.svg {
        relcore_release::files::write_atomic(path, &svg(&metrics))
            .map_err(|e| release_error(&e.into()))?;
    }
    if json {
        print_json(&serde_json::to_value(&metrics)?)?;
    } else if args.csv {
        print_text(&csv(&metrics))?;
    } else if args.chart {
        print_text(&chart(&metrics))?;
    } else {
        print_text(&table(&metrics))?;
    }
    Ok(Outcome::Success)
}

/// A JSON text as a value; a syntax error is `invalid_metrics_input`.
fn json_of(text: &str) -> anyhow::Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| {
        usage(
            "invalid_metrics_input",
            format!("invalid metrics input: {e}"),
        )
    })
}

/// Seconds as `3d 4h`, `5h 20m`, `12m` or `40s`.
fn human(seconds: i64) -> String {
    let (d, h, m) = (
        seconds / 86_400,
        seconds % 86_400 / 3_600,
        seconds % 3_600 / 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("{seconds}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

fn stats(d: &Durations) -> String {
    match (d.median, d.p90) {
        (Some(median), Some(p90)) => format!("median {}, p90 {}", human(median), human(p90)),
        _ => "none".to_owned(),
    }
}

fn share(s: &Share, of: &str) -> String {
    let percent = s
        .share
        .map_or_else(String::new, |v| format!(" ({:.1}%)", v * 100.0));
    format!("{} of {} {of}{percent}", s.count, s.total)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn table(m: &Metrics) -> String {
    let mut out = String::new();
    let since = m.since.map_or_else(String::new, |d| format!(", since {d}"));
    let counts = &m.releases;
    let _ = writeln!(
        out,
        "releases           {} ({} stable, {}){since}",
        counts.total,
        counts.stable,
        plural(counts.prereleases, "pre-release", "pre-releases")
    );
    let _ = writeln!(
        out,
        "lead time          {} ({})",
        stats(&m.lead_time),
        plural(m.lead_time.count, "commit", "commits")
    );
    let _ = writeln!(
        out,
        "hotfixes           {}",
        share(&m.hotfixes, "stable releases")
    );
    let _ = writeln!(out, "reverts            {}", share(&m.reverts, "commits"));
    let fixed = &m.fixed_releases;
    let _ = writeln!(
        out,
        "fixed within {:<5} {}{}",
        format!("{}d", fixed.within_days),
        share(&fixed.share, "stable releases"),
        fixed
            .time_to_fix
            .median
            .map_or_else(String::new, |s| format!(", median {}", human(s)))
    );
    let cycle = &m.prerelease_cycle;
    let _ = writeln!(
        out,
        "pre-release cycle  {} ({})",
        stats(&cycle.durations),
        plural(cycle.durations.count, "release", "releases")
    );
    match &m.deployments {
        None => {
            let _ = writeln!(
                out,
                "deployments        no release records (relcore pipeline) or --deployments FILE"
            );
        }
        Some(deploy) => {
            let _ = writeln!(
                out,
                "deployments        {}, duration {}, {}",
                deploy.count,
                stats(&deploy.duration),
                plural(deploy.rollbacks, "rollback", "rollbacks")
            );
            let _ = writeln!(
                out,
                "change failures    {}",
                share(&deploy.change_failure_rate, "ended deployments")
            );
            let _ = writeln!(
                out,
                "time to restore    {}{}",
                stats(&deploy.time_to_restore),
                if deploy.unrestored > 0 {
                    format!(", {} not restored", deploy.unrestored)
                } else {
                    String::new()
                }
            );
        }
    }
    if !m.periods.is_empty() {
        let _ = writeln!(out);
        let header = format!(
            "{:<9} {:>6} {:>4} {:>7}  {:<10} {}",
            m.by.as_str(),
            "stable",
            "pre",
            "hotfix",
            "lead p50",
            "lead p90"
        );
        let _ = writeln!(out, "{header}");
        for p in &m.periods {
            let lead = |v: Option<i64>| v.map_or_else(|| "-".to_owned(), human);
            let _ = writeln!(
                out,
                "{:<9} {:>6} {:>4} {:>7}  {:<10} {}",
                p.period,
                p.stable,
                p.prereleases,
                p.hotfixes,
                lead(p.lead_time.median),
                lead(p.lead_time.p90)
            );
        }
    }
    out
}

/// The periods as CSV, durations in seconds (empty when there are none).
fn csv(m: &Metrics) -> String {
    let mut out = String::from(
        "period,start,stable,prereleases,hotfixes,commits,lead_time_median,lead_time_p90\n",
    );
    let opt = |v: Option<i64>| v.map_or_else(String::new, |v| v.to_string());
    for p in &m.periods {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            p.period,
            p.start,
            p.stable,
            p.prereleases,
            p.hotfixes,
            p.lead_time.count,
            opt(p.lead_time.median),
            opt(p.lead_time.p90)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn durations_read_as_days_hours_minutes() {
        assert_eq!(human(0), "0s");
        assert_eq!(human(40), "40s");
        assert_eq!(human(720), "12m");
        assert_eq!(human(3_600), "1h");
        assert_eq!(human(19_200), "5h 20m");
        assert_eq!(human(86_400 * 3), "3d");
        assert_eq!(human(86_400 * 3 + 4 * 3_600 + 59), "3d 4h");
    }
}
