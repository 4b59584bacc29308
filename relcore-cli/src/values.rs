//! Values given on the command line, read into library values: a usage error (exit 2)
//! with the library's slug when they do not parse.

use chrono::NaiveDate;

use crate::output::library_error;

/// A version given as an argument: invalid is a usage error with the library's slug.
pub fn parse_version(text: &str) -> anyhow::Result<relcore::version::Version> {
    relcore::version::Version::parse(text).map_err(|e| library_error(&e))
}

/// `--date`, or today: the CLI is where the clock may be read.
pub fn release_date(date: Option<&str>) -> anyhow::Result<NaiveDate> {
    match date {
        Some(d) => relcore::input::parse_date(d).map_err(|e| library_error(&e)),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// `--at`, or now: the CLI is where the clock may be read.
pub fn at_time(text: Option<&str>) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    match text {
        Some(t) => relcore::input::parse_time(t).map_err(|e| library_error(&e)),
        None => Ok(chrono::Utc::now()),
    }
}
