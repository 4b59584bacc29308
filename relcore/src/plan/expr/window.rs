//! Deployment windows: allowed weekly ranges (`tue-thu 10:00-12:00`), freeze dates
//! (`2026-12-24/2026-12-26`), the start time, and the schedule a plan follows through them.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Timelike, Weekday,
};
use serde::{Deserialize, Serialize};

use crate::plan::expr::error::{SyntaxError, SyntaxErrorKind};
use crate::plan::expr::zone::Zone;

const DAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "monday"),
    (Weekday::Tue, "tue", "tuesday"),
    (Weekday::Wed, "wed", "wednesday"),
    (Weekday::Thu, "thu", "thursday"),
    (Weekday::Fri, "fri", "friday"),
    (Weekday::Sat, "sat", "saturday"),
    (Weekday::Sun, "sun", "sunday"),
];

/// A weekly time range in which a rollout may start or advance: `tue-thu 10:00-12:00`.
///
/// # Syntax
///
/// `[days] HH:MM-HH:MM`, in the plan's timezone.
///
/// - `days` is `daily`, or a comma-separated list of days (`mon`…`sun`, or full names) and
///   day ranges (`tue-thu`, `fri-mon` wraps around the week). Without days, every day.
/// - The end may be `24:00`. An end before the start crosses midnight: `fri 22:00-02:00`
///   runs from Friday 22:00 to Saturday 02:00.
///
/// Display writes the canonical form (`mon-fri 09:00-17:00`, `daily 10:00-12:00`), which
/// parses back to the same range; serde goes through that string.
///
/// # Errors
///
/// - `tues 10:00-12:00`, `tue-thr 10:00-12:00`: not a day (`invalid_day`).
/// - `tue 25:00-26:00`, `tue 10-12`: not a `HH:MM` time (`invalid_time`).
/// - `tue 10:00-10:00`: empty (`empty_range`).
/// - `tue 10:00`, `tue 10:00-`: no end (`unexpected_end`).
/// - `tue 10:00-12:00 utc`: text after the range (`unexpected_character`).
///
/// # Example
///
/// ```
/// use chrono::Weekday;
/// use relcore::plan::AllowRange;
/// let r: AllowRange = "tue-thu 10:00-12:00".parse()?;
/// assert!(r.contains(Weekday::Wed, 11 * 60));
/// assert!(!r.contains(Weekday::Wed, 12 * 60));
/// assert!(!r.contains(Weekday::Fri, 11 * 60));
/// assert_eq!(r.to_string(), "tue-thu 10:00-12:00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AllowRange {
    /// Monday first.
    days: [bool; 7],
    start: u16,
    end: u16,
}

impl AllowRange {
    /// The days the range opens on, Monday first.
    ///
    /// ```
    /// use chrono::Weekday;
    /// use relcore::plan::AllowRange;
    /// let r: AllowRange = "fri-mon 22:00-02:00".parse()?;
    /// assert_eq!(r.days(), [Weekday::Mon, Weekday::Fri, Weekday::Sat, Weekday::Sun]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days(&self) -> Vec<Weekday> {
        DAYS.iter()
            .zip(self.days)
            .filter(|(_, on)| *on)
            .map(|((d, _, _), _)| *d)
            .collect()
    }

    /// Minutes after midnight at which the range opens.
    ///
    /// ```
    /// use relcore::plan::AllowRange;
    /// assert_eq!("10:30-12:00".parse::<AllowRange>()?.start_minute(), 630);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start_minute(&self) -> u16 {
        self.start
    }

    /// Minutes after midnight at which the range closes (1440 for `24:00`); smaller than
    /// the start when the range crosses midnight.
    ///
    /// ```
    /// use relcore::plan::AllowRange;
    /// assert_eq!("22:00-02:00".parse::<AllowRange>()?.end_minute(), 120);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn end_minute(&self) -> u16 {
        self.end
    }

    pub(crate) fn on(&self, day: Weekday) -> bool {
        self.days
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether minute `minute` (after midnight) of a `day` lies in the range.
    ///
    /// ```
    /// use chrono::Weekday;
    /// use relcore::plan::AllowRange;
    /// let r: AllowRange = "fri 22:00-02:00".parse()?;
    /// assert!(r.contains(Weekday::Fri, 23 * 60));
    /// assert!(r.contains(Weekday::Sat, 60));
    /// assert!(!r.contains(Weekday::Sat, 23 * 60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, day: Weekday, minute: u16) -> bool {
        if self.start < self.end {
            self.on(day) && minute >= self.start && minute < self.end
        } else {
            (self.on(day) && minute >= self.start) || (self.on(day.pred()) && minute < self.end)
        }
    }
}

fn window_err(
    kind: SyntaxErrorKind,
    input: &str,
    offset: usize,
    detail: impl fmt::Display,
) -> SyntaxError {
    SyntaxError::new(kind, "window", input, offset, detail)
}

fn day_index(word: &str) -> Option<usize> {
    let lower = word.to_ascii_lowercase();
    DAYS.iter()
        .position(|(_, short, long)| *short == lower || *long == lower)
}

/// Parses `HH:MM` (hours 0–24, `24:00` only as an end) into minutes after midnight.
fn parse_time(text: &str, input: &str, offset: usize, end: bool) -> Result<u16, SyntaxError> {
    let bad = || {
        window_err(
            SyntaxErrorKind::InvalidTime,
            input,
            offset,
            format_args!(
                "`{}` is not a time; expected `HH:MM`, as in `09:30`",
                crate::plan::expr::error::quote(text)
            ),
        )
    };
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && (m != 0 || !end)) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// The days of `spec` (`tue-thu`, `mon,wed,fri`, `fri-mon`), which starts at byte `offset`
/// of `text`, Monday first.
fn parse_days(spec: &str, text: &str, offset: usize) -> Result<[bool; 7], SyntaxError> {
    let mut days = [false; 7];
    let mut offset = offset;
    for item in spec.split(',') {
        let (a, b) = match item.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (item, None),
        };
        let bad = |word: &str, at: usize| {
            window_err(
                SyntaxErrorKind::InvalidDay,
                text,
                at,
                format_args!(
                    "`{}` is not a day; expected `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`",
                    crate::plan::expr::error::quote(word)
                ),
            )
        };
        let from = day_index(a).ok_or_else(|| bad(a, offset))?;
        let to = match b {
            Some(b) => day_index(b).ok_or_else(|| bad(b, offset + a.len() + 1))?,
            None => from,
        };
        let mut k = from;
        loop {
            if let Some(slot) = days.get_mut(k) {
                *slot = true;
            }
            if k == to {
                break;
            }
            k = (k + 1) % 7;
        }
        offset += item.len() + 1;
    }
    Ok(days)
}

impl FromStr for AllowRange {
    type Err = SyntaxError;

    fn from_str(text: &str) -> Result<AllowRange, SyntaxError> {
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        if trimmed.is_empty() {
            return Err(window_err(
                SyntaxErrorKind::Empty,
                text,
                0,
                "expected days and a time range, as in `tue-thu 10:00-12:00`",
            ));
        }
        let mut parts = trimmed.split_whitespace();
        let first = parts.next().unwrap_or_default();
        let (days_text, times_text, times_offset) = if first.contains(':') {
            (None, first, lead)
        } else {
            let times = parts.next().ok_or_else(|| {
                window_err(
                    SyntaxErrorKind::UnexpectedEnd,
                    text,
                    text.len(),
                    "expected a time range such as `10:00-12:00` after the days",
                )
            })?;
            let off = text.find(times).unwrap_or(lead);
            (Some(first), times, off)
        };
        if let Some(extra) = parts.next() {
            let off = text.rfind(extra).unwrap_or(text.len());
            return Err(window_err(
                SyntaxErrorKind::UnexpectedCharacter,
                text,
                off,
                format_args!(
                    "unexpected `{}` after the time range; times are in the plan's `timezone`",
                    crate::plan::expr::error::quote(extra)
                ),
            ));
        }
        let days = match days_text {
            None => [true; 7],
            Some(d) if d.eq_ignore_ascii_case("daily") || d == "*" => [true; 7],
            Some(d) => parse_days(d, text, lead)?,
        };
        let Some((a, b)) = times_text.split_once('-') else {
            return Err(window_err(
                SyntaxErrorKind::UnexpectedEnd,
                text,
                times_offset + times_text.len(),
                "expected `-` and an end time, as in `10:00-12:00`",
            ));
        };
        if b.is_empty() {
            return Err(window_err(
                SyntaxErrorKind::UnexpectedEnd,
                text,
                times_offset + times_text.len(),
                "expected an end time after `-`",
            ));
        }
        let start = parse_time(a, text, times_offset, false)?;
        let end = parse_time(b, text, times_offset + a.len() + 1, true)?;
        if start == end {
            return Err(window_err(
                SyntaxErrorKind::EmptyRange,
                text,
                times_offset,
                "the range is empty: the end equals the start",
            ));
        }
        Ok(AllowRange { days, start, end })
    }
}

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl fmt::Display for AllowRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.days == [true; 7] {
            f.write_str("daily")?;
        } else {
            let mut runs: Vec<(usize, usize)> = Vec::new();
            for (i, on) in self.days.iter().enumerate() {
                if !on {
                    continue;
                }
                match runs.last_mut() {
                    Some((_, end)) if *end + 1 == i => *end = i,
                    _ => runs.push((i, i)),
                }
            }
            for (n, (a, b)) in runs.iter().enumerate() {
                if n > 0 {
                    f.write_str(",")?;
                }
                let name = |i: usize| DAYS.get(i).map_or("", |d| d.1);
                if a == b {
                    f.write_str(name(*a))?;
                } else {
                    write!(f, "{}-{}", name(*a), name(*b))?;
                }
            }
        }
        write!(f, " {}-{}", hhmm(self.start), hhmm(self.end))
    }
}

/// An inclusive range of calendar dates on which nothing may be deployed:
/// `2026-12-24/2026-12-26`, or a single date `2026-12-31`.
///
/// # Errors
///
/// - `2026-02-30`, `24.12.2026`: not a `YYYY-MM-DD` date (`invalid_date`).
/// - `2026-12-26/2026-12-24`: the end is before the start (`empty_range`).
/// - ``: empty (`empty`).
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use relcore::plan::DateRange;
/// let r: DateRange = "2026-12-24/2026-12-26".parse()?;
/// assert!(r.contains(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()));
/// assert_eq!("2026-12-31".parse::<DateRange>()?.to_string(), "2026-12-31");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// The first frozen date.
    pub first: NaiveDate,
    /// The last frozen date (inclusive).
    pub last: NaiveDate,
}

impl DateRange {
    /// Whether `date` is frozen.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use relcore::plan::DateRange;
    /// let r: DateRange = "2026-12-24/2026-12-26".parse()?;
    /// assert!(!r.contains(NaiveDate::from_ymd_opt(2026, 12, 27).unwrap()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }
}

fn parse_date(
    text: &str,
    input: &str,
    offset: usize,
    what: &str,
) -> Result<NaiveDate, SyntaxError> {
    let ok_shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let date = ok_shape
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten();
    date.ok_or_else(|| {
        SyntaxError::new(
            SyntaxErrorKind::InvalidDate,
            what,
            input,
            offset,
            format_args!(
                "`{}` is not a date; expected `YYYY-MM-DD`",
                crate::plan::expr::error::quote(text)
            ),
        )
    })
}

impl FromStr for DateRange {
    type Err = SyntaxError;

    fn from_str(text: &str) -> Result<DateRange, SyntaxError> {
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        if trimmed.is_empty() {
            return Err(SyntaxError::new(
                SyntaxErrorKind::Empty,
                "freeze",
                text,
                0,
                "expected a date or a range, as in `2026-12-24/2026-12-26`",
            ));
        }
        let (a, b) = match trimmed.split_once('/') {
            Some((a, b)) => (a.trim_end(), Some(b.trim_start())),
            None => (trimmed, None),
        };
        let first = parse_date(a, text, lead, "freeze")?;
        let last = match b {
            Some(b) => {
                let off = text.rfind(b).unwrap_or(lead);
                parse_date(b, text, off, "freeze")?
            }
            None => first,
        };
        if last < first {
            return Err(SyntaxError::new(
                SyntaxErrorKind::EmptyRange,
                "freeze",
                text,
                lead,
                format_args!("the range ends on {last}, before it starts on {first}"),
            ));
        }
        Ok(DateRange { first, last })
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}/{}", self.first, self.last)
        }
    }
}

macro_rules! serde_via_string {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_via_string!(AllowRange);
serde_via_string!(DateRange);

/// Parses a start time in the plan's timezone: `2026-11-24T10:00`, with optional seconds,
/// `T` or a space between date and time.
///
/// ```
/// use relcore::plan::parse_start;
/// let t = parse_start("2026-11-24T10:00")?;
/// assert_eq!(t.to_string(), "2026-11-24 10:00:00");
/// assert_eq!(parse_start("2026-11-24 25:00").unwrap_err().kind().as_str(), "invalid_date");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_start(text: &str) -> Result<NaiveDateTime, SyntaxError> {
    let t = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(dt);
        }
    }
    Err(SyntaxError::new(
        if t.is_empty() {
            SyntaxErrorKind::Empty
        } else {
            SyntaxErrorKind::InvalidDate
        },
        "start",
        text,
        0,
        "expected a local date and time `YYYY-MM-DDTHH:MM`, as in `2026-11-24T10:00`",
    ))
}

/// The IANA timezone called `name`.
pub(crate) fn timezone(name: &str) -> Option<Zone> {
    Zone::named(name)
}

/// Every IANA timezone name, for suggestions.
pub(crate) fn timezone_names() -> impl Iterator<Item = &'static str> + Clone {
    Zone::names()
}

/// When a stage of a plan begins and ends on the calendar, following its windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StageTime {
    /// When the stage begins (its traffic change), local time.
    pub begin: NaiveDateTime,
    /// When its duration is over, local time.
    pub end: NaiveDateTime,
    /// When the next stage begins (or `end` for the last stage): the stage's weight is live
    /// until then.
    pub until: NaiveDateTime,
    /// Whether the stage begins automatically (the start, or after an `auto-advance`
    /// stage), rather than waiting for a person in an allowed window.
    pub automatic: bool,
}

/// One stage as the schedule sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScheduleStage {
    pub seconds: u64,
    pub auto_advance: bool,
}

/// Why no schedule could be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScheduleError {
    /// The local start time does not exist (skipped by a daylight-saving change).
    StartInGap,
    /// A time went out of the representable range.
    OutOfRange,
}

/// How long a manual transition may wait for an allowed window before we give up.
const MAX_WAIT_DAYS: i64 = 8;

/// The earliest calendar schedule: the first stage begins at `start`; a stage after an
/// `auto-advance` stage begins as soon as that one's duration is over; any other stage
/// begins at the first moment at or after that which lies in an allowed window (a person
/// advances it). Durations are elapsed time, so a daylight-saving change shifts the clock.
pub(crate) fn schedule(
    tz: Zone,
    allow: &[AllowRange],
    start: NaiveDateTime,
    stages: &[ScheduleStage],
) -> Result<Vec<StageTime>, ScheduleError> {
    let mut now: DateTime<Zone> = tz
        .from_local_datetime(&start)
        .earliest()
        .ok_or(ScheduleError::StartInGap)?;
    let mut out: Vec<StageTime> = Vec::with_capacity(stages.len());
    let mut automatic = true;
    for stage in stages {
        let begin = if automatic {
            now
        } else {
            next_open(tz, allow, now).ok_or(ScheduleError::OutOfRange)?
        };
        if let Some(prev) = out.last_mut() {
            prev.until = begin.naive_local();
        }
        let delta = i64::try_from(stage.seconds)
            .ok()
            .and_then(TimeDelta::try_seconds)
            .ok_or(ScheduleError::OutOfRange)?;
        let end = begin
            .checked_add_signed(delta)
            .ok_or(ScheduleError::OutOfRange)?;
        out.push(StageTime {
            begin: begin.naive_local(),
            end: end.naive_local(),
            until: end.naive_local(),
            automatic,
        });
        automatic = stage.auto_advance;
        now = end;
    }
    Ok(out)
}

fn minute_of_day(t: NaiveDateTime) -> u16 {
    u16::try_from(t.hour() * 60 + t.minute()).unwrap_or(0)
}

/// Whether local time `t` lies in an allowed range (always, without ranges).
pub(crate) fn in_window(allow: &[AllowRange], t: NaiveDateTime) -> bool {
    allow.is_empty()
        || allow
            .iter()
            .any(|r| r.contains(t.weekday(), minute_of_day(t)))
}

/// The first moment at or after `t` inside an allowed range.
fn next_open(tz: Zone, allow: &[AllowRange], t: DateTime<Zone>) -> Option<DateTime<Zone>> {
    let local = t.naive_local();
    if in_window(allow, local) {
        return Some(t);
    }
    let mut best: Option<NaiveDateTime> = None;
    for k in 0..=MAX_WAIT_DAYS {
        let date = local.date().checked_add_signed(TimeDelta::try_days(k)?)?;
        for r in allow {
            if !r.on(date.weekday()) {
                continue;
            }
            let time =
                NaiveTime::from_hms_opt(u32::from(r.start / 60), u32::from(r.start % 60), 0)?;
            let opening = date.and_time(time);
            if opening > local && best.is_none_or(|b| opening < b) {
                best = Some(opening);
            }
        }
        if best.is_some() {
            break;
        }
    }
    let opening = best?;
    // A window opening inside a daylight-saving gap opens when the clocks resume.
    tz.from_local_datetime(&opening).earliest().or_else(|| {
        let later = opening.checked_add_signed(TimeDelta::try_hours(1)?)?;
        tz.from_local_datetime(&later).earliest()
    })
}

/// Whether `date` is a business day: Monday to Friday, not a holiday.
fn business_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// Whether `date` lies in the end of its month: from the `days`-th last business day
/// (Monday to Friday, holidays left out) to the month's last day. Never with `days` 0.
pub(crate) fn end_of_month(date: NaiveDate, days: u32, holidays: &[NaiveDate]) -> bool {
    if days == 0 {
        return false;
    }
    let month = date.month();
    let left = date
        .iter_days()
        .take_while(|d| d.month() == month)
        .filter(|d| business_day(*d, holidays))
        .take(
            usize::try_from(days)
                .unwrap_or(usize::MAX)
                .saturating_add(1),
        )
        .count();
    u32::try_from(left).is_ok_and(|left| left <= days)
}

/// The local dates the span `[from, to)` touches (at least `from`'s date), capped at
/// `limit` dates.
pub(crate) fn dates_touched(
    from: NaiveDateTime,
    to: NaiveDateTime,
    limit: usize,
) -> Vec<NaiveDate> {
    let last = if to > from {
        // A span ending exactly at midnight does not touch the new day.
        (to - TimeDelta::try_seconds(1).unwrap_or_default()).date()
    } else {
        from.date()
    };
    from.date()
        .iter_days()
        .take_while(|d| *d <= last)
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(s: &str) -> AllowRange {
        match s.parse() {
            Ok(r) => r,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn range_err(s: &str) -> (&'static str, usize) {
        match s.parse::<AllowRange>() {
            Ok(r) => panic!("{s}: parsed as {r}"),
            Err(e) => (e.kind().as_str(), e.offset()),
        }
    }

    fn dt(s: &str) -> NaiveDateTime {
        parse_start(s).unwrap()
    }

    #[test]
    fn allow_ranges() {
        assert_eq!(
            range("tue-thu 10:00-12:00").to_string(),
            "tue-thu 10:00-12:00"
        );
        assert_eq!(range("10:00-12:00").to_string(), "daily 10:00-12:00");
        assert_eq!(range("Daily 00:00-24:00").to_string(), "daily 00:00-24:00");
        assert_eq!(
            range("mon,wed,fri 9:00-17:30").to_string(),
            "mon,wed,fri 09:00-17:30"
        );
        assert_eq!(
            range("fri-mon 22:00-02:00").to_string(),
            "mon,fri-sun 22:00-02:00"
        );
        assert_eq!(range("Tuesday 10:00-11:00").to_string(), "tue 10:00-11:00");
        let all = range("00:00-24:00");
        assert!(all.contains(Weekday::Sun, 0));
        assert!(all.contains(Weekday::Sun, 1439));
        for s in [
            "tue-thu 10:00-12:00",
            "mon,fri-sun 22:00-02:00",
            "daily 00:00-24:00",
        ] {
            assert_eq!(range(&range(s).to_string()), range(s));
        }
    }

    #[test]
    fn allow_range_errors() {
        assert_eq!(range_err(""), ("empty", 0));
        assert_eq!(range_err("tues 10:00-12:00"), ("invalid_day", 0));
        assert_eq!(range_err("tue-thr 10:00-12:00"), ("invalid_day", 4));
        assert_eq!(range_err("tue 25:00-26:00"), ("invalid_time", 4));
        assert_eq!(range_err("tue 10-12"), ("invalid_time", 4));
        assert_eq!(range_err("tue 10:00-12"), ("invalid_time", 10));
        assert_eq!(range_err("tue 24:00-12:00"), ("invalid_time", 4));
        assert_eq!(range_err("tue 10:00-10:00"), ("empty_range", 4));
        assert_eq!(range_err("tue 10:00"), ("unexpected_end", 9));
        assert_eq!(range_err("tue 10:00-"), ("unexpected_end", 10));
        assert_eq!(range_err("tue"), ("unexpected_end", 3));
        assert_eq!(
            range_err("tue 10:00-12:00 utc"),
            ("unexpected_character", 16)
        );
    }

    #[test]
    fn date_ranges() {
        let r: DateRange = "2026-12-24/2026-12-26".parse().unwrap();
        assert_eq!(r.to_string(), "2026-12-24/2026-12-26");
        let e = "2026-02-30".parse::<DateRange>().unwrap_err();
        assert_eq!(e.kind().as_str(), "invalid_date");
        let e = "2026-12-26/2026-12-24".parse::<DateRange>().unwrap_err();
        assert_eq!(e.kind().as_str(), "empty_range");
        let e = "2026-12-24/2026-13-01".parse::<DateRange>().unwrap_err();
        assert_eq!((e.kind().as_str(), e.offset()), ("invalid_date", 11));
        assert_eq!(
            "".parse::<DateRange>().unwrap_err().kind().as_str(),
            "empty"
        );
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            "\"2026-12-24/2026-12-26\""
        );
    }

    #[test]
    fn the_seed_schedule() {
        let tz = timezone("Europe/Berlin").unwrap();
        let allow = [range("tue-thu 10:00-12:00")];
        let stages = [
            ScheduleStage {
                seconds: 3600,
                auto_advance: true,
            },
            ScheduleStage {
                seconds: 4 * 3600,
                auto_advance: false,
            },
            ScheduleStage {
                seconds: 8 * 3600,
                auto_advance: false,
            },
            ScheduleStage {
                seconds: 0,
                auto_advance: false,
            },
        ];
        let s = schedule(tz, &allow, dt("2026-11-24T10:00"), &stages).unwrap();
        let begins: Vec<String> = s.iter().map(|t| t.begin.to_string()).collect();
        assert_eq!(
            begins,
            [
                "2026-11-24 10:00:00",
                "2026-11-24 11:00:00",
                "2026-11-25 10:00:00",
                "2026-11-26 10:00:00"
            ]
        );
        assert!(s[0].automatic && s[1].automatic && !s[2].automatic && !s[3].automatic);
        assert_eq!(s[1].until.to_string(), "2026-11-25 10:00:00");
    }

    #[test]
    fn daylight_saving() {
        let tz = timezone("Europe/Berlin").unwrap();
        // 2026-03-29 02:30 does not exist in Berlin.
        assert_eq!(
            schedule(tz, &[], dt("2026-03-29T02:30"), &[]),
            Err(ScheduleError::StartInGap)
        );
        // Three elapsed hours from 01:00 across the change end at 05:00 local.
        let s = schedule(
            tz,
            &[],
            dt("2026-03-29T01:00"),
            &[ScheduleStage {
                seconds: 3 * 3600,
                auto_advance: true,
            }],
        )
        .unwrap();
        assert_eq!(s[0].end.to_string(), "2026-03-29 05:00:00");
    }

    #[test]
    fn touched_dates() {
        let d = dates_touched(dt("2026-11-24T22:00"), dt("2026-11-26T00:00"), 10);
        assert_eq!(d.len(), 2);
        let d = dates_touched(dt("2026-11-24T22:00"), dt("2026-11-24T22:00"), 10);
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn timezones() {
        assert!(timezone("Europe/Berlin").is_some());
        assert!(timezone("Mars/Olympus").is_none());
        assert!(timezone_names().any(|n| n == "America/Sao_Paulo"));
    }
}
