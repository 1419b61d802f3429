//! Reading the instant a vendor's rate-limit window resets, in whatever form it is written.
//!
//! Vendors write it as seconds from now (Discogs-style counters), as a Unix time, as an HTTP
//! date, or as a local time: Newegg documents every date-time of its API in Pacific time and
//! does not document the format of `X-RateLimit-ResetTime` at all, so its likely forms are
//! all read (ISO 8601 with or without offset, and `M/D/YYYY H:MM:SS` with an optional
//! `AM`/`PM`); a local time without an offset is taken as Pacific. Anything else is `None`,
//! and the pacer falls back to a whole window.

use std::time::{Duration, SystemTime};

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// How long from `now` until the reset `text` names; `None` when it cannot be read.
pub(crate) fn parse_reset(text: &str, now: SystemTime) -> Option<Duration> {
    let text = text.trim();
    if let Ok(number) = text.parse::<u64>() {
        return from_number(number, now);
    }
    // Each form is told by its first characters, so only its own parser runs: this is read
    // from every answer that carries the header.
    let at = if text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        httpdate::parse_http_date(text).ok()?
    } else if text.contains('/') {
        at_pacific(us_local(text)?)
    } else {
        OffsetDateTime::parse(text, &Rfc3339)
            .map(SystemTime::from)
            .ok()
            .or_else(|| iso_local(text).map(at_pacific))?
    };
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Unix milliseconds are past 10¹², Unix seconds past 10⁹; smaller numbers are seconds from
/// now (no vendor asks for a wait of thirty years).
fn from_number(number: u64, now: SystemTime) -> Option<Duration> {
    let at = if number > 1_000_000_000_000 {
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_millis(number))?
    } else if number > 1_000_000_000 {
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(number))?
    } else {
        return Some(Duration::from_secs(number));
    };
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A local date-time without an offset (`2026-12-01T09:30:00`, `12/1/2026 9:30:00 AM`), read
/// as US Pacific time.
fn at_pacific(local: PrimitiveDateTime) -> SystemTime {
    SystemTime::from(local.assume_offset(pacific_offset(local)))
}

fn iso_local(text: &str) -> Option<PrimitiveDateTime> {
    let (date, time) = text.split_once(['T', ' '])?;
    let mut parts = date.split('-').map(str::parse::<i32>);
    let (year, month, day) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let date = Date::from_calendar_date(year, month_of(month)?, u8::try_from(day).ok()?).ok()?;
    Some(PrimitiveDateTime::new(date, clock_time(time, None)?))
}

fn us_local(text: &str) -> Option<PrimitiveDateTime> {
    let mut words = text.split_whitespace();
    let date = words.next()?;
    let time = words.next()?;
    let meridiem = words.next();
    if words.next().is_some() {
        return None;
    }
    let mut parts = date.split('/').map(str::parse::<i32>);
    let (month, day, year) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let date = Date::from_calendar_date(year, month_of(month)?, u8::try_from(day).ok()?).ok()?;
    Some(PrimitiveDateTime::new(date, clock_time(time, meridiem)?))
}

fn month_of(number: i32) -> Option<Month> {
    Month::try_from(u8::try_from(number).ok()?).ok()
}

/// `H:MM[:SS[.fff]]`, on a 12-hour clock when `meridiem` is `AM` or `PM`.
fn clock_time(text: &str, meridiem: Option<&str>) -> Option<Time> {
    let text = text.split(['.', 'Z', '+']).next()?;
    let mut parts = text.split(':').map(str::parse::<u8>);
    let hour = parts.next()?.ok()?;
    let minute = parts.next()?.ok()?;
    let second = parts.next().transpose().ok()?.unwrap_or(0);
    let on_clock = (1..=12).contains(&hour);
    let hour = match meridiem {
        None => hour,
        Some(am) if on_clock && am.eq_ignore_ascii_case("AM") => hour % 12,
        Some(pm) if on_clock && pm.eq_ignore_ascii_case("PM") => hour % 12 + 12,
        Some(_) => return None,
    };
    Time::from_hms(hour, minute, second).ok()
}

/// US Pacific time: daylight time (UTC−7) from 02:00 on the second Sunday of March to 02:00
/// on the first Sunday of November, standard time (UTC−8) otherwise.
fn pacific_offset(local: PrimitiveDateTime) -> UtcOffset {
    let year = local.year();
    let starts = nth_sunday(year, Month::March, 2).map(|day| day.with_hms(2, 0, 0));
    let ends = nth_sunday(year, Month::November, 1).map(|day| day.with_hms(2, 0, 0));
    let daylight = match (starts, ends) {
        (Some(Ok(starts)), Some(Ok(ends))) => local >= starts && local < ends,
        _ => false,
    };
    let hours = if daylight { -7 } else { -8 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

fn nth_sunday(year: i32, month: Month, nth: u8) -> Option<Date> {
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let to_sunday = (7 + 7 - first.weekday().number_days_from_sunday()) % 7;
    first
        .checked_add(time::Duration::days(
            i64::from(to_sunday) + 7 * i64::from(nth - 1),
        ))
        .filter(|day| day.weekday() == Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> SystemTime {
        OffsetDateTime::parse(text, &Rfc3339).unwrap().into()
    }

    #[test]
    fn every_form_of_a_reset_is_read() {
        let now = at("2026-12-01T17:00:00Z");
        let secs = |n| Some(Duration::from_secs(n));
        assert_eq!(parse_reset("30", now), secs(30));
        let unix = OffsetDateTime::from(now).unix_timestamp() + 45;
        assert_eq!(parse_reset(&unix.to_string(), now), secs(45));
        assert_eq!(parse_reset(&format!("{}000", unix + 5), now), secs(50));
        assert_eq!(
            parse_reset(&httpdate::fmt_http_date(now + Duration::from_secs(90)), now),
            secs(90)
        );
        assert_eq!(parse_reset("2026-12-01T17:02:00Z", now), secs(120));
        assert_eq!(parse_reset("2026-12-01T09:01:00-08:00", now), secs(60));
        // December: Pacific standard time, UTC−8.
        assert_eq!(parse_reset("12/1/2026 9:05:00 AM", now), secs(300));
        assert_eq!(parse_reset("12/1/2026 9:05:00 am", now), secs(300));
        assert_eq!(
            parse_reset("12/1/2026 1:05:00 PM", now),
            secs(4 * 3600 + 300)
        );
        assert_eq!(parse_reset("12/1/2026 13:05:00 PM", now), None);
        assert_eq!(parse_reset("12/1/2026 09:05:00", now), secs(300));
        assert_eq!(parse_reset("2026-12-01 09:10:00", now), secs(600));
        // A reset already past means "now".
        assert_eq!(parse_reset("12/1/2026 8:00:00 AM", now), secs(0));
        assert_eq!(parse_reset("soon", now), None);
        assert_eq!(parse_reset("13/45/2026 9:00:00", now), None);
    }

    #[test]
    fn pacific_daylight_time_follows_the_us_rules() {
        // 2026: daylight time from 8 March to 1 November.
        let local = |text: &str| iso_local(text).unwrap();
        assert_eq!(
            pacific_offset(local("2026-03-08T01:59:00")).whole_hours(),
            -8
        );
        assert_eq!(
            pacific_offset(local("2026-03-08T02:00:00")).whole_hours(),
            -7
        );
        assert_eq!(
            pacific_offset(local("2026-07-04T12:00:00")).whole_hours(),
            -7
        );
        assert_eq!(
            pacific_offset(local("2026-11-01T01:59:00")).whole_hours(),
            -7
        );
        assert_eq!(
            pacific_offset(local("2026-11-01T02:00:00")).whole_hours(),
            -8
        );
        let now = at("2026-07-04T19:00:00Z");
        assert_eq!(
            parse_reset("7/4/2026 12:01:00 PM", now),
            Some(Duration::from_secs(60))
        );
    }

    proptest::proptest! {
        #[test]
        fn any_reset_text_is_read_without_panicking(text in "\\PC{0,40}", number in proptest::prelude::any::<u64>()) {
            let now = at("2026-12-01T17:00:00Z");
            let _ = parse_reset(&text, now);
            let _ = parse_reset(&number.to_string(), now);
        }
    }
}
