//! IANA time zones for deployment windows, from the time zone database embedded by
//! `tzdb_data` (each zone's TZif bytes) and read by `tz-rs`, as a [`chrono::TimeZone`].
//!
//! A zone is parsed the first time it is asked for and kept for the life of the process.
//! The embedded database is plain bytes: unlike a database compiled into Rust structures
//! with a string per transition, it adds no load-time relocations, so every run of the
//! CLI and every import of the bindings starts as fast with it as without it.

use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, Timelike};
use chrono::{FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use tz::datetime::{DateTime as TzDateTime, FoundDateTimeKind};

/// Every zone the database has, parsed on first use.
static ZONES: [OnceLock<Option<tz::TimeZone>>; tzdb_data::TZ_NAMES.len()] =
    [const { OnceLock::new() }; tzdb_data::TZ_NAMES.len()];

/// An IANA time zone (`Europe/Berlin`); its name is matched exactly, as tzdata spells it.
#[derive(Clone, Copy)]
pub(crate) struct Zone {
    name: &'static str,
    data: &'static tz::TimeZone,
}

impl Zone {
    /// The zone called `name`; `None` when the database has no zone of that exact name.
    pub(crate) fn named(name: &str) -> Option<Zone> {
        let (name, zone) = tzdb_data::TZ_NAMES
            .iter()
            .zip(&ZONES)
            .find(|(n, _)| **n == name)?;
        let data = zone
            .get_or_init(|| {
                tzdb_data::find_raw(name.as_bytes())
                    .and_then(|raw| tz::TimeZone::from_tz_data(raw).ok())
            })
            .as_ref()?;
        Some(Zone { name, data })
    }

    /// Every zone name the database has, for suggestions.
    pub(crate) fn names() -> impl Iterator<Item = &'static str> + Clone {
        tzdb_data::TZ_NAMES.iter().copied()
    }

    /// The zone's offset from UTC at `unix_time` (UTC if the database has none, which
    /// a zone it embeds always has).
    fn offset_at(self, unix_time: i64) -> ZoneOffset {
        let seconds = self
            .data
            .find_local_time_type(unix_time)
            .map_or(0, tz::LocalTimeType::ut_offset);
        self.offset(seconds).unwrap_or(ZoneOffset {
            zone: self,
            fixed: chrono::Utc.fix(),
        })
    }

    fn offset(self, seconds: i32) -> Option<ZoneOffset> {
        Some(ZoneOffset {
            zone: self,
            fixed: FixedOffset::east_opt(seconds)?,
        })
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        std::ptr::eq(self.data, other.data)
    }
}

/// A zone's offset at one moment, and the zone it belongs to (so a date-time can go on
/// to other moments in the same zone).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ZoneOffset {
    zone: Zone,
    fixed: FixedOffset,
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.fixed, f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    /// The offsets that local time `local` has: one, two where the clocks go back (earliest
    /// first), none where they skip it.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        let found = (|| {
            TzDateTime::find(
                local.year(),
                u8::try_from(local.month()).ok()?,
                u8::try_from(local.day()).ok()?,
                u8::try_from(local.hour()).ok()?,
                u8::try_from(local.minute()).ok()?,
                u8::try_from(local.second()).ok()?,
                0,
                self.data.as_ref(),
            )
            .ok()
        })();
        let mut offsets = found
            .into_iter()
            .flat_map(tz::datetime::FoundDateTimeList::into_inner)
            .filter_map(|kind| match kind {
                FoundDateTimeKind::Normal(at) => self.offset(at.local_time_type().ut_offset()),
                FoundDateTimeKind::Skipped { .. } => None,
            });
        match (offsets.next(), offsets.next()) {
            (Some(one), None) => MappedLocalTime::Single(one),
            (Some(earliest), Some(latest)) => MappedLocalTime::Ambiguous(earliest, latest),
            (None, _) => MappedLocalTime::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset_at(utc.and_utc().timestamp())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDateTime, Offset, TimeZone};

    use super::Zone;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn offsets(zone: &str, text: &str) -> Vec<i32> {
        let zone = Zone::named(zone).unwrap();
        let found = zone.from_local_datetime(&local(text));
        [found.earliest(), found.latest()]
            .into_iter()
            .flatten()
            .map(|at| at.offset().fix().local_minus_utc())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    #[test]
    fn names_are_exact() {
        assert!(Zone::named("Europe/Berlin").is_some());
        assert!(Zone::named("europe/berlin").is_none());
        assert!(Zone::named("Mars/Olympus").is_none());
        assert!(Zone::named("").is_none());
        for name in [
            "UTC",
            "US/Pacific",
            "Etc/GMT+5",
            "America/Sao_Paulo",
            "Asia/Kolkata",
        ] {
            assert!(Zone::named(name).is_some(), "{name}");
        }
        assert!(Zone::names().count() > 500);
    }

    #[test]
    fn summer_winter_gap_and_overlap() {
        // Berlin: CET (+1) in winter, CEST (+2) in summer; 2026-03-29 02:00-03:00 is
        // skipped, 2026-10-25 02:00-03:00 happens twice.
        assert_eq!(offsets("Europe/Berlin", "2026-01-15T12:00"), [3600]);
        assert_eq!(offsets("Europe/Berlin", "2026-07-15T12:00"), [7200]);
        assert_eq!(
            offsets("Europe/Berlin", "2026-03-29T02:30"),
            Vec::<i32>::new()
        );
        assert_eq!(offsets("Europe/Berlin", "2026-10-25T02:30"), [3600, 7200]);
        let zone = Zone::named("Europe/Berlin").unwrap();
        let twice = zone.from_local_datetime(&local("2026-10-25T02:30"));
        assert!(twice.earliest().unwrap() < twice.latest().unwrap());
        // Far past and far future: the first type, and the POSIX rule after the table.
        assert_eq!(offsets("America/New_York", "2300-07-04T12:00"), [-4 * 3600]);
        assert_eq!(offsets("Asia/Kolkata", "1800-01-01T00:00"), [21208]);
    }

    #[test]
    fn utc_to_local_round_trips() {
        let zone = Zone::named("Australia/Lord_Howe").unwrap(); // a half-hour DST shift
        let utc = chrono::Utc.with_ymd_and_hms(2026, 1, 10, 3, 15, 0).unwrap();
        let there = utc.with_timezone(&zone);
        assert_eq!(there.naive_local(), local("2026-01-10T14:15"));
        assert_eq!(there.offset().fix().local_minus_utc(), 11 * 3600);
        assert_eq!(
            zone.from_local_datetime(&there.naive_local())
                .single()
                .unwrap(),
            there
        );
    }
}
