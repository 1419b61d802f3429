//! Wall-clock time as whole seconds since the Unix epoch, and the handful of text formats the
//! fakes print. Written by hand so the sandbox needs no calendar dependency.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01T00:00:00Z.
pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Milliseconds since the epoch, for identifiers that vendors derive from the clock.
pub(crate) fn now_unix_millis() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis())
        .unwrap_or(0)
}

/// The `SystemTime` of a Unix timestamp (negative values clamp to the epoch).
pub(crate) fn system_time(unix: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(unix).unwrap_or(0))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Calendar parts of a Unix timestamp in UTC.
#[derive(Debug, Clone, Copy)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    weekday: usize,
}

fn civil(unix: i64) -> Civil {
    let days = unix.div_euclid(86_400);
    let seconds_of_day = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: seconds_of_day / 3600,
        minute: (seconds_of_day % 3600) / 60,
        second: seconds_of_day % 60,
        weekday: usize::try_from((days + 4).rem_euclid(7)).unwrap_or(0),
    }
}

// Howard Hinnant's days-from-civil algorithm and its inverse.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let yoe = year - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Civil {
    /// `2020-11-02T22:26:10`: the date and time every text format below starts with.
    fn datetime(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// `2014-07-01T17:20:17+00:00`-style text with an explicit offset, as Discogs prints times.
pub(crate) fn rfc3339_offset(unix: i64) -> String {
    format!("{}+00:00", civil(unix).datetime())
}

/// `2025-03-01T09:00:00Z`.
pub(crate) fn rfc3339_z(unix: i64) -> String {
    format!("{}Z", civil(unix).datetime())
}

/// `2020-11-02T22:26:10.175Z` (JavaScript's `toISOString`).
pub(crate) fn rfc3339_millis_z(unix_millis: u128) -> String {
    let unix = i64::try_from(unix_millis / 1000).unwrap_or(0);
    format!("{}.{:03}Z", civil(unix).datetime(), unix_millis % 1000)
}

/// `2017-12-18T09:20:28`: a timestamp without offset, as the upload API prints it.
pub(crate) fn naive_datetime(unix: i64) -> String {
    civil(unix).datetime()
}

/// `2025-03-01`.
pub(crate) fn date(unix: i64) -> String {
    let c = civil(unix);
    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
}

/// `Mon Nov 02 2020 22:26:10 GMT+0000 (Coordinated Universal Time)`: JavaScript's
/// `Date.toString()` in UTC, which the bulk-insert API writes into its job messages.
pub(crate) fn javascript_date(unix: i64) -> String {
    let c = civil(unix);
    let weekday = WEEKDAYS.get(c.weekday).copied().unwrap_or("Sun");
    let month = MONTHS
        .get(usize::try_from(c.month).unwrap_or(1).saturating_sub(1))
        .copied()
        .unwrap_or("Jan");
    format!(
        "{weekday} {month} {:02} {:04} {:02}:{:02}:{:02} GMT+0000 (Coordinated Universal Time)",
        c.day, c.year, c.hour, c.minute, c.second
    )
}

/// `2026-08-25 07:04:22`: a timestamp without offset and with a space, as the inventory export
/// prints `listed`.
pub(crate) fn spaced_datetime(unix: i64) -> String {
    civil(unix).datetime().replacen('T', " ", 1)
}

/// `20260825-0704`: the stamp in an export's file name.
pub(crate) fn compact_stamp(unix: i64) -> String {
    let c = civil(unix);
    format!(
        "{:04}{:02}{:02}-{:02}{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    )
}

/// Whether US daylight saving time is in force at `unix`: from the second Sunday of March at
/// 2:00 standard time (10:00 UTC) to the first Sunday of November at 2:00 daylight time
/// (09:00 UTC), the rule since 2007.
fn pacific_daylight(unix: i64) -> bool {
    let year = civil(unix).year;
    // The day of the month of the first Sunday on or after the 1st (weekday 0 is Sunday).
    let first_sunday = |month: i64| {
        let weekday = (days_from_civil(year, month, 1) + 4).rem_euclid(7);
        1 + (7 - weekday) % 7
    };
    let starts = days_from_civil(year, 3, first_sunday(3) + 7) * 86_400 + 10 * 3_600;
    let ends = days_from_civil(year, 11, first_sunday(11)) * 86_400 + 9 * 3_600;
    (starts..ends).contains(&unix)
}

/// `8/25/2026 7:04:23 AM`: US Pacific wall-clock time (PST, or PDT in summer) with month, day
/// and hour unpadded and a 12-hour clock, the way .NET prints a date-time in `en-US`. Newegg
/// gives every date-time in Pacific time.
pub(crate) fn pacific_us(unix: i64) -> String {
    let offset = if pacific_daylight(unix) { -7 } else { -8 };
    let c = civil(unix + offset * 3_600);
    let (hour, meridiem) = match c.hour {
        0 => (12, "AM"),
        hour @ 1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        hour => (hour - 12, "PM"),
    };
    format!(
        "{}/{}/{} {hour}:{:02}:{:02} {meridiem}",
        c.month, c.day, c.year, c.minute, c.second
    )
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` with an optional fraction and an optional `Z` or
/// `±HH:MM` offset (no offset means UTC). Returns Unix seconds.
pub(crate) fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date_part, time_part) = match text.split_once(['T', ' ']) {
        Some((date_part, time_part)) => (date_part, Some(time_part)),
        None => (text, None),
    };
    let mut fields = date_part.split('-');
    let year: i64 = fields.next()?.parse().ok()?;
    let month: i64 = fields.next()?.parse().ok()?;
    let day: i64 = fields.next()?.parse().ok()?;
    if fields.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    if let Some(time_part) = time_part {
        let (clock, offset_seconds) = split_offset(time_part)?;
        let clock = clock.split('.').next()?;
        let mut parts = clock.split(':');
        let hour: i64 = parts.next()?.parse().ok()?;
        let minute: i64 = parts.next()?.parse().ok()?;
        let second: i64 = match parts.next() {
            Some(second) => second.parse().ok()?,
            None => 0,
        };
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second - offset_seconds;
    }
    Some(seconds)
}

fn split_offset(time_part: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time_part.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    if let Some(position) = time_part.rfind(['+', '-']) {
        let (clock, offset) = time_part.split_at(position);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let digits = offset.get(1..)?;
        let (hours, minutes) = digits.split_once(':').unwrap_or((digits, "0"));
        let hours: i64 = hours.parse().ok()?;
        let minutes: i64 = minutes.parse().ok()?;
        return Some((clock, sign * (hours * 3600 + minutes * 60)));
    }
    Some((time_part, 0))
}

/// `duration` in whole seconds, any fraction counting as one more: the form a header that
/// tells a client how long to wait must take.
pub(crate) fn whole_seconds_up(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_of_a_second_counts_as_a_whole_one() {
        assert_eq!(whole_seconds_up(Duration::ZERO), 0);
        assert_eq!(whole_seconds_up(Duration::from_secs(2)), 2);
        assert_eq!(whole_seconds_up(Duration::from_millis(1_001)), 2);
        assert_eq!(whole_seconds_up(Duration::from_nanos(1)), 1);
    }

    #[test]
    fn formats_a_known_instant() {
        // 2020-11-02T22:26:10Z
        let unix = 1_604_355_970;
        assert_eq!(rfc3339_z(unix), "2020-11-02T22:26:10Z");
        assert_eq!(
            javascript_date(unix),
            "Mon Nov 02 2020 22:26:10 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(naive_datetime(unix), "2020-11-02T22:26:10");
        assert_eq!(
            rfc3339_millis_z(1_604_355_970_175),
            "2020-11-02T22:26:10.175Z"
        );
    }

    #[test]
    fn prints_pacific_time_with_daylight_saving() {
        // 2026-08-25T14:04:23Z is 7:04:23 in the morning, daylight time.
        assert_eq!(pacific_us(1_787_666_663), "8/25/2026 7:04:23 AM");
        // 2024-01-15T20:00:00Z is noon, standard time.
        assert_eq!(pacific_us(1_705_348_800), "1/15/2024 12:00:00 PM");
        // 2024-03-10T09:59:59Z is 1:59:59 PST; a second later it is 3:00:00 PDT.
        assert_eq!(pacific_us(1_710_064_799), "3/10/2024 1:59:59 AM");
        assert_eq!(pacific_us(1_710_064_800), "3/10/2024 3:00:00 AM");
        // 2024-11-03T08:59:59Z is 1:59:59 PDT; a second later it is 1:00:00 PST again.
        assert_eq!(pacific_us(1_730_624_399), "11/3/2024 1:59:59 AM");
        assert_eq!(pacific_us(1_730_624_400), "11/3/2024 1:00:00 AM");
        // Midnight is 12 AM.
        assert_eq!(pacific_us(1_705_305_600), "1/15/2024 12:00:00 AM");
        assert_eq!(spaced_datetime(1_604_355_970), "2020-11-02 22:26:10");
        assert_eq!(compact_stamp(1_604_355_970), "20201102-2226");
    }

    #[test]
    fn parses_offsets_and_dates() {
        assert_eq!(parse_datetime("2020-11-02T22:26:10Z"), Some(1_604_355_970));
        assert_eq!(
            parse_datetime("2020-11-02T15:26:10-07:00"),
            Some(1_604_355_970)
        );
        assert_eq!(parse_datetime("2020-11-02"), Some(1_604_275_200));
        assert_eq!(parse_datetime("not a date"), None);
    }
}
