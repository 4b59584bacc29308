//! Values given on the command line, read into library values: a usage error (exit 2)
//! with the library's slug when they do not parse.

use chrono::NaiveDate;

use crate::output::usage;

/// A version given as an argument: invalid is a usage error with the library's slug.
pub fn parse_version(text: &str) -> anyhow::Result<relcore::version::Version> {
    relcore::version::Version::parse(text).map_err(|e| usage(e.kind().as_str(), e.to_string()))
}

/// `--date`, or today: the CLI is where the clock may be read.
pub fn release_date(date: Option<&str>) -> anyhow::Result<NaiveDate> {
    match date {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|e| {
            usage(
                "invalid_date",
                format!("invalid --date `{d}`: {e}, expected YYYY-MM-DD"),
            )
        }),
        None => Ok(chrono::Local::now().date_naive()),
    }
}
