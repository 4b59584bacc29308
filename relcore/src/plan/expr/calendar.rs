//! The calendar a rollout moves through: when a stage may begin (inside an allowed
//! range, not on a Friday, a holiday, a freeze date or at the end of the month), the next
//! such moment, and the offsets of a simulation as wall-clock time in the plan's timezone.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};

use crate::plan::document::model::Window;
use crate::plan::expr::window::{AllowRange, DateRange, end_of_month, in_window, timezone};
use crate::plan::expr::zone::Zone;

/// How many days ahead the calendar looks for an opening (a year and a day).
pub(crate) const MAX_DAYS_AHEAD: usize = 366;

/// Why a moment is closed to a stage beginning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Closed {
    /// Outside every allowed range.
    OutsideWindow,
    /// A Friday.
    Friday,
    /// A holiday.
    Holiday(NaiveDate),
    /// A freeze date, of this freeze.
    Freeze(DateRange),
    /// One of the month's last business days.
    EndOfMonth,
}

impl Closed {
    /// In words, for messages: `outside the allowed windows`, `a Friday`, ….
    pub(crate) fn describe(self) -> String {
        match self {
            Closed::OutsideWindow => "outside the allowed windows".to_owned(),
            Closed::Friday => "a Friday".to_owned(),
            Closed::Holiday(d) => format!("the holiday {d}"),
            Closed::Freeze(r) => format!("in the freeze {r}"),
            Closed::EndOfMonth => "at the end of the month".to_owned(),
        }
    }
}

/// The rules of a window, with the holidays of the context.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Calendar<'a> {
    pub allow: &'a [AllowRange],
    pub freeze: &'a [DateRange],
    pub holidays: &'a [NaiveDate],
    pub end_of_month_days: u32,
}

impl<'a> Calendar<'a> {
    /// The calendar of `window`, with `holidays`.
    pub(crate) fn of(window: &'a Window, holidays: &'a [NaiveDate]) -> Calendar<'a> {
        Calendar {
            allow: &window.allow,
            freeze: &window.freeze,
            holidays,
            end_of_month_days: window.end_of_month_days(),
        }
    }

    /// Why no rollout may be in progress on `date`, if it may not.
    pub(crate) fn closed_on(&self, date: NaiveDate) -> Option<Closed> {
        if date.weekday() == chrono::Weekday::Fri {
            return Some(Closed::Friday);
        }
        if self.holidays.contains(&date) {
            return Some(Closed::Holiday(date));
        }
        if let Some(r) = self.freeze.iter().find(|r| r.contains(date)) {
            return Some(Closed::Freeze(*r));
        }
        end_of_month(date, self.end_of_month_days, self.holidays).then_some(Closed::EndOfMonth)
    }

    /// Why a stage may not begin at local time `t`, if it may not.
    pub(crate) fn closed(&self, t: NaiveDateTime) -> Option<Closed> {
        self.closed_on(t.date())
            .or_else(|| (!in_window(self.allow, t)).then_some(Closed::OutsideWindow))
    }

    /// The moments of `date` at which an allowed range opens (its midnight too, when a
    /// range runs through it), in order; midnight alone without ranges.
    pub(crate) fn openings_on(&self, date: NaiveDate) -> Vec<NaiveDateTime> {
        let midnight = date.and_time(NaiveTime::MIN);
        let mut out = Vec::new();
        if in_window(self.allow, midnight) {
            out.push(midnight);
        }
        for r in self.allow {
            if !r.on(date.weekday()) {
                continue;
            }
            let minute = r.start_minute();
            if let Some(time) =
                NaiveTime::from_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)
            {
                out.push(date.and_time(time));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The first moment at or after `t` at which a stage may begin, within
    /// [`MAX_DAYS_AHEAD`] days.
    pub(crate) fn next_open(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        if self.closed(t).is_none() {
            return Some(t);
        }
        t.date()
            .iter_days()
            .take(MAX_DAYS_AHEAD)
            .filter(|d| self.closed_on(*d).is_none())
            .find_map(|d| {
                self.openings_on(d)
                    .into_iter()
                    .find(|&o| o > t && self.closed(o).is_none())
            })
    }
}

/// A simulation's clock: offsets in seconds from the start, as local wall-clock time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    start: DateTime<Zone>,
}

impl Clock {
    /// The clock of a rollout starting at local time `start` in the timezone `name`;
    /// `None` for an unknown timezone, or a start the clocks skip.
    pub(crate) fn new(name: &str, start: NaiveDateTime) -> Option<Clock> {
        let tz = timezone(name)?;
        let start = tz.from_local_datetime(&start).earliest()?;
        Some(Clock { start })
    }

    /// Local time `seconds` after the start.
    pub(crate) fn local(&self, seconds: u64) -> Option<NaiveDateTime> {
        let delta = TimeDelta::try_seconds(i64::try_from(seconds).ok()?)?;
        Some(self.start.checked_add_signed(delta)?.naive_local())
    }

    /// The offset of local time `t` (at or after the start; a time the clocks skip counts
    /// from when they resume).
    pub(crate) fn offset(&self, t: NaiveDateTime) -> Option<u64> {
        let tz = self.start.timezone();
        let at = tz.from_local_datetime(&t).earliest().or_else(|| {
            let later = t.checked_add_signed(TimeDelta::try_hours(1)?)?;
            tz.from_local_datetime(&later).earliest()
        })?;
        u64::try_from((at - self.start).num_seconds()).ok()
    }
}

/// `2026-11-24T10:00` (seconds only when there are any).
pub(crate) fn show(t: NaiveDateTime) -> String {
    if t.and_utc().timestamp() % 60 == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::expr::window::parse_start;

    fn dt(s: &str) -> NaiveDateTime {
        parse_start(s).unwrap()
    }

    #[test]
    fn the_next_opening_skips_closed_days() {
        let allow = ["tue-thu 10:00-12:00".parse().unwrap()];
        let holidays = [NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()];
        let freeze = ["2026-12-02".parse().unwrap()];
        let cal = Calendar {
            allow: &allow,
            freeze: &freeze,
            holidays: &holidays,
            end_of_month_days: 3,
        };
        // Thu 26 Nov is in the last 3 business days (26, 27, 30); Tue 1 Dec a holiday,
        // Wed 2 Dec frozen: Thu 3 Dec 10:00.
        assert_eq!(cal.closed(dt("2026-11-26T10:30")), Some(Closed::EndOfMonth));
        assert_eq!(
            cal.next_open(dt("2026-11-25T12:30")),
            Some(dt("2026-12-03T10:00"))
        );
        assert_eq!(
            cal.next_open(dt("2026-11-24T11:00")),
            Some(dt("2026-11-24T11:00"))
        );
        assert_eq!(cal.closed(dt("2026-11-27T11:00")), Some(Closed::Friday));
    }

    #[test]
    fn midnight_continues_a_range() {
        let allow = ["daily 22:00-02:00".parse().unwrap()];
        let cal = Calendar {
            allow: &allow,
            freeze: &[],
            holidays: &[],
            end_of_month_days: 0,
        };
        // Friday night is closed; Saturday 00:00 is inside the range that began on Friday.
        assert_eq!(
            cal.next_open(dt("2026-11-27T23:00")),
            Some(dt("2026-11-28T00:00"))
        );
    }

    #[test]
    fn the_clock_follows_daylight_saving() {
        let clock = Clock::new("Europe/Berlin", dt("2026-10-24T12:00")).unwrap();
        // 25 October 2026: the clocks go back an hour.
        assert_eq!(clock.local(86_400), Some(dt("2026-10-25T11:00")));
        assert_eq!(clock.offset(dt("2026-10-25T12:00")), Some(90_000));
        assert_eq!(show(dt("2026-10-25T12:00")), "2026-10-25T12:00");
    }
}
