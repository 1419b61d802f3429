//! RFC 3339 timestamps and `YYYY-MM-DD` dates as vendors write them, read without copying
//! and without `time`'s general format machinery for the common shape.
//!
//! Every timestamp the vendors send has the shape `2014-07-01T10:20:17-07:00` (sometimes
//! with a fraction of a second, sometimes `Z`). [`parse_rfc3339`] reads that shape directly
//! into an [`OffsetDateTime`], checking each part's range, and hands anything else (`t` or
//! `z` in lower case, a leap second, an out-of-range part) to `time`'s own RFC 3339 parser,
//! so what is accepted and every error are exactly `time`'s; the fast path only ever returns
//! what `time` would have returned, more cheaply (about a fifth of the instructions).
//!
//! ```
//! use client_core::timestamp::parse_rfc3339;
//!
//! let posted = parse_rfc3339("2014-07-01T10:20:17-07:00")?;
//! assert_eq!(posted.unix_timestamp(), 1_404_235_217);
//! assert_eq!(parse_rfc3339("2014-07-01T10:20:17.250Z")?.millisecond(), 250);
//! assert!(parse_rfc3339("2014-02-30T10:20:17Z").is_err());
//! # Ok::<(), time::error::Parse>(())
//! ```

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

/// Parses an RFC 3339 timestamp exactly as `OffsetDateTime::parse(text, &Rfc3339)` does.
///
/// # Errors
///
/// `time`'s error for any text `time` refuses.
pub fn parse_rfc3339(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    match common_shape(text.as_bytes()) {
        Some(timestamp) => Ok(timestamp),
        None => OffsetDateTime::parse(text, &Rfc3339),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with every part in range, else `None`.
fn common_shape(bytes: &[u8]) -> Option<OffsetDateTime> {
    let (head, rest) = bytes.split_first_chunk::<19>()?;
    let [
        y1,
        y2,
        y3,
        y4,
        b'-',
        m1,
        m2,
        b'-',
        d1,
        d2,
        b'T',
        h1,
        h2,
        b':',
        i1,
        i2,
        b':',
        s1,
        s2,
    ] = *head
    else {
        return None;
    };
    let year = u16::from(two_digits(y1, y2)?) * 100 + u16::from(two_digits(y3, y4)?);
    let month = Month::try_from(two_digits(m1, m2)?).ok()?;
    let (mut nanosecond, mut rest) = (0u32, rest);
    if let [b'.', fraction @ ..] = rest {
        let digits = fraction
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        let (taken, after) = fraction.split_at_checked(digits)?;
        let value = taken
            .iter()
            .fold(0u32, |value, byte| value * 10 + u32::from(byte - b'0'));
        nanosecond = value * 10u32.pow(9 - digits as u32);
        rest = after;
    }
    let offset = match *rest {
        [b'Z'] => UtcOffset::UTC,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (hours, minutes) = (two_digits(oh1, oh2)?, two_digits(om1, om2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            // At most 23 and 59: both fit an `i8`.
            let (hours, minutes) = (hours as i8, minutes as i8);
            match sign {
                b'-' => UtcOffset::from_hms(-hours, -minutes, 0).ok()?,
                _ => UtcOffset::from_hms(hours, minutes, 0).ok()?,
            }
        }
        _ => return None,
    };
    let date = Date::from_calendar_date(i32::from(year), month, two_digits(d1, d2)?).ok()?;
    let time = Time::from_hms_nano(
        two_digits(h1, h2)?,
        two_digits(i1, i2)?,
        two_digits(s1, s2)?,
        nanosecond,
    )
    .ok()?;
    Some(date.with_time(time).assume_offset(offset))
}

/// A calendar date written `YYYY-MM-DD`, as `time`'s `[year]-[month]-[day]` writes it (a year
/// before 1 with its sign): query values, bulk insert's transit dates. Written directly:
/// `time`'s generic formatter and its `format_description!` macro cost every crate that used
/// them a share of its build.
///
/// ```
/// use client_core::timestamp::{parse_date, write_date};
/// use time::{Date, Month};
///
/// let date = Date::from_calendar_date(2020, Month::May, 5)?;
/// assert_eq!(write_date(date), "2020-05-05");
/// assert_eq!(parse_date("2020-05-05"), Some(date));
/// assert_eq!(parse_date("2020-02-30"), None);
/// # Ok::<(), time::error::ComponentRange>(())
/// ```
pub fn write_date(date: Date) -> String {
    let year = date.year();
    let sign = if year < 0 { "-" } else { "" };
    format!(
        "{sign}{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        u8::from(date.month()),
        date.day()
    )
}

/// Reads a date written `YYYY-MM-DD` (a sign before the year allowed) exactly as `time`'s
/// `[year]-[month]-[day]` reads one: four, two and two digits, a real calendar date, nothing
/// after it.
pub fn parse_date(text: &str) -> Option<Date> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = digits else {
        return None;
    };
    let year = i32::from(two_digits(y1, y2)?) * 100 + i32::from(two_digits(y3, y4)?);
    let month = Month::try_from(two_digits(m1, m2)?).ok()?;
    Date::from_calendar_date(
        if negative { -year } else { year },
        month,
        two_digits(d1, d2)?,
    )
    .ok()
}

/// Two ASCII digits as their value.
fn two_digits(tens: u8, ones: u8) -> Option<u8> {
    let (tens, ones) = (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0'));
    // Lazily: for bytes that are not digits the product overflows (a panic in debug builds).
    (tens < 10 && ones < 10).then(|| tens * 10 + ones)
}

/// `#[serde(with = "client_core::timestamp::rfc3339")]`: an RFC 3339 timestamp, read with
/// [`parse_rfc3339`], written as `time` writes RFC 3339.
pub mod rfc3339 {
    use super::*;

    /// Reads the timestamp without copying its text.
    ///
    /// # Errors
    ///
    /// Not a string, or not an RFC 3339 timestamp (the error quotes the text).
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<OffsetDateTime, D::Error> {
        inventory_model::serde_text::deserialize_str_with(deserializer, parse_with_context)
    }

    /// Writes the timestamp in RFC 3339.
    ///
    /// # Errors
    ///
    /// A timestamp RFC 3339 cannot express (a year outside 0..=9999), or the serializer's.
    pub fn serialize<S: serde::Serializer>(
        value: &OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::serialize(value, serializer)
    }
}

/// `#[serde(default, with = "client_core::timestamp::rfc3339_option")]`: like [`rfc3339`],
/// with `null` (and, with `default`, absence) as `None`.
pub mod rfc3339_option {
    use super::*;

    /// Reads `null` as `None` and a timestamp as [`rfc3339::deserialize`] does.
    ///
    /// # Errors
    ///
    /// Neither `null` nor an RFC 3339 timestamp.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        let timestamp = <Option<Rfc3339Text> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(timestamp.map(|Rfc3339Text(timestamp)| timestamp))
    }

    /// Writes `Some` in RFC 3339 and `None` as `null`.
    ///
    /// # Errors
    ///
    /// As [`rfc3339::serialize`].
    pub fn serialize<S: serde::Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::option::serialize(value, serializer)
    }
}

fn parse_with_context(text: &str) -> Result<OffsetDateTime, String> {
    parse_rfc3339(text).map_err(|error| format!("`{text}` is not an RFC 3339 timestamp: {error}"))
}

/// A timestamp read by [`rfc3339::deserialize`], so serde's own `Option` reads `null` around it.
struct Rfc3339Text(OffsetDateTime);

impl<'de> serde::Deserialize<'de> for Rfc3339Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rfc3339::deserialize(deserializer).map(Rfc3339Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time_says(text: &str) -> Result<OffsetDateTime, String> {
        OffsetDateTime::parse(text, &Rfc3339).map_err(|e| e.to_string())
    }

    #[test]
    fn the_common_shapes_read_as_time_reads_them() {
        for text in [
            "2014-07-01T10:20:17-07:00",
            "2014-07-01T10:20:17Z",
            "2024-02-29T23:59:59.999999999+05:30",
            "0000-01-01T00:00:00.5-00:00",
            "9999-12-31T23:59:59+23:59",
        ] {
            assert!(common_shape(text.as_bytes()).is_some(), "{text}");
            assert_eq!(
                parse_rfc3339(text).map_err(|e| e.to_string()),
                time_says(text)
            );
        }
    }

    #[test]
    fn everything_else_is_times_answer() {
        for text in [
            "2014-07-01t10:20:17z",
            "2014-02-30T10:20:17Z",
            "2014-13-01T10:20:17Z",
            "2014-07-01T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2014-07-01T10:20:17+24:00",
            "2014-07-01T10:20:17.1234567891Z",
            "2014-07-01T10:20:17.Z",
            "2014-07-01 10:20:17Z",
            "2014-07-01T10:20:17",
            "2014-07-01",
            "",
        ] {
            assert!(common_shape(text.as_bytes()).is_none(), "{text}");
            assert_eq!(
                parse_rfc3339(text).map_err(|e| e.to_string()),
                time_says(text)
            );
        }
    }

    #[test]
    fn letters_where_digits_belong_are_refused_not_overflowed() {
        // Found by the `discogs` fuzz target: `z` is 74 past `0`, and 74 * 10 overflows a u8.
        for text in [
            "20z4-07-01T10:20:17Z",
            "2014-07-01Tzz:20:17Z",
            "2014-07-01T10:20:17+z0:00",
        ] {
            assert!(common_shape(text.as_bytes()).is_none(), "{text}");
            assert!(parse_rfc3339(text).is_err(), "{text}");
        }
    }

    proptest::proptest! {
        /// Any byte where a digit belongs is refused by the fast path, and never panics it.
        #[test]
        fn the_fast_path_is_total(
            text in "[0-9a-z~]{4}-[0-9a-z~]{2}-[0-9a-z~]{2}T[0-9a-z~]{2}:[0-9a-z~]{2}:[0-9a-z~]{2}(Z|[+-][0-9a-z~]{2}:[0-9a-z~]{2})"
        ) {
            if let Some(fast) = common_shape(text.as_bytes()) {
                proptest::prop_assert_eq!(Ok(fast), time_says(&text));
            }
        }

        /// Whatever the fast path accepts, `time` accepts with the same value.
        #[test]
        fn the_fast_path_never_disagrees_with_time(
            text in "[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{1,10})?(Z|[+-][0-2][0-9]:[0-6][0-9])"
        ) {
            if let Some(fast) = common_shape(text.as_bytes()) {
                proptest::prop_assert_eq!(Ok(fast), time_says(&text));
            }
        }
    }

    proptest::proptest! {
        /// The date reader and writer agree with `time`'s `[year]-[month]-[day]` on every date
        /// and on text shaped almost like one.
        #[test]
        fn dates_read_and_write_as_time_does(
            days in Date::MIN.to_julian_day()..=Date::MAX.to_julian_day(),
            text in proptest::prop_oneof![
                "[+-]?[0-9]{4}-[01][0-9]-[0-3][0-9]x?",
                "[+-]?[0-9]{3,5}-[0-9]{1,3}-[0-9]{1,3}",
            ],
        ) {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let date = Date::from_julian_day(days).unwrap();
            proptest::prop_assert_eq!(write_date(date), date.format(format).unwrap());
            proptest::prop_assert_eq!(parse_date(&write_date(date)), Some(date));
            proptest::prop_assert_eq!(parse_date(&text), Date::parse(&text, format).ok(), "{}", text);
        }
    }

    #[test]
    fn dates_take_a_sign_before_the_year() {
        let date = |year| Date::from_calendar_date(year, Month::January, 1).unwrap();
        assert_eq!(parse_date("+0000-01-01"), Some(date(0)));
        assert_eq!(parse_date("-0001-01-01"), Some(date(-1)));
        assert_eq!(write_date(date(-1)), "-0001-01-01");
        assert_eq!(parse_date("2020-1-01"), None);
    }

    #[test]
    fn serde_helpers_read_null_absence_and_text() {
        #[derive(Debug, serde::Deserialize)]
        struct Posted {
            #[serde(default, with = "super::rfc3339_option")]
            at: Option<OffsetDateTime>,
        }
        let posted: Posted =
            serde_json::from_str(r#"{"at": "2014-07-01T10:20:17-07:00"}"#).unwrap();
        assert_eq!(posted.at.map(|at| at.unix_timestamp()), Some(1_404_235_217));
        assert!(
            serde_json::from_str::<Posted>(r#"{"at": null}"#)
                .unwrap()
                .at
                .is_none()
        );
        assert!(serde_json::from_str::<Posted>("{}").unwrap().at.is_none());
        let error = serde_json::from_str::<Posted>(r#"{"at": "yesterday"}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`yesterday` is not an RFC 3339 timestamp"),
            "{error}"
        );
    }
}
