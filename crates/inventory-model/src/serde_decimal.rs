//! Serde helpers for vendors that send money as JSON numbers.
//!
//! A JSON number such as `14.319139100000001` has no exact `f64`; reading it through a float
//! silently changes the price. These helpers read the number's *text* instead (the workspace
//! builds `serde_json` with `arbitrary_precision`, which keeps it), so the [`Decimal`] holds
//! exactly what the vendor wrote, or the field is refused with an error that says why.
//!
//! * [`exact`]: for `Decimal` fields.
//! * [`exact_option`]: for `Option<Decimal>` fields; `null` or a missing field (with
//!   `#[serde(default)]`) is `None`.
//!
//! Both accept a JSON number or a string holding one (some vendors quote their numbers), and
//! serialize as a plain JSON number without exponent (`120.50`, never `1.205e2`). Anything else —
//! `true`, `"12,50"`, `"abc"`, a number with more digits than a `Decimal` holds — is an error.
//! They are meant for JSON (`serde_json`); other formats see serde_json's number representation.
//!
//! ```
//! use rust_decimal::Decimal;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct VendorPrice {
//!     #[serde(with = "inventory_model::serde_decimal::exact")]
//!     price: Decimal,
//!     #[serde(default, with = "inventory_model::serde_decimal::exact_option")]
//!     shipping: Option<Decimal>,
//! }
//!
//! let parsed: VendorPrice = serde_json::from_str(r#"{"price": 14.319139100000001}"#)?;
//! assert_eq!(parsed.price.to_string(), "14.319139100000001");
//! assert_eq!(parsed.shipping, None);
//! assert_eq!(serde_json::to_string(&parsed)?, r#"{"price":14.319139100000001,"shipping":null}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Serialize};

/// Why a decimal text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalTextError {
    /// Not of the form `-?digits(.digits)?([eE][+-]?digits)?`.
    Malformed,
    /// Well-formed, but a `Decimal` (28 significant digits, scale at most 28) cannot hold it
    /// exactly.
    OutOfRange,
}

impl DecimalTextError {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::Malformed => "a decimal number",
            Self::OutOfRange => {
                "a decimal number that fits exactly in 28 significant digits and 28 decimal places"
            }
        }
    }
}

/// Parses decimal text exactly: never rounds, never goes through a float.
pub(crate) fn parse_decimal(text: &str) -> Result<Decimal, DecimalTextError> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (
            text.get(..at).unwrap_or_default(),
            Some(text.get(at + 1..).unwrap_or_default()),
        ),
        None => (text, None),
    };
    if !is_plain_decimal(mantissa) {
        return Err(DecimalTextError::Malformed);
    }
    let mut value = Decimal::from_str_exact(mantissa).map_err(|_| DecimalTextError::OutOfRange)?;
    let Some(exponent) = exponent else {
        return Ok(value);
    };
    let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecimalTextError::Malformed);
    }
    // Anything beyond a few dozen powers of ten is out of range whatever the mantissa.
    let power: u32 = digits.parse().map_err(|_| DecimalTextError::OutOfRange)?;
    if power > 60 {
        return Err(DecimalTextError::OutOfRange);
    }
    if exponent.starts_with('-') {
        let scale = value.scale() + power;
        value
            .set_scale(scale)
            .map_err(|_| DecimalTextError::OutOfRange)?;
    } else {
        for _ in 0..power {
            value = value
                .checked_mul(Decimal::TEN)
                .ok_or(DecimalTextError::OutOfRange)?;
        }
    }
    Ok(value)
}

/// Parses decimal text without exponent exactly, as our own formats write it.
pub(crate) fn parse_plain_decimal(text: &str) -> Result<Decimal, DecimalTextError> {
    if is_plain_decimal(text) {
        parse_decimal(text)
    } else {
        Err(DecimalTextError::Malformed)
    }
}

/// `-?digits(.digits)?` — the JSON number grammar without exponent, minus JSON's ban on leading
/// zeros (vendors quoting numbers in strings do write `007.50`).
fn is_plain_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

fn decimal_from_value<E: serde::de::Error>(value: &serde_json::Value) -> Result<Decimal, E> {
    let text = match value {
        serde_json::Value::Number(number) => number.as_str(),
        serde_json::Value::String(text) => text.as_str(),
        other => {
            return Err(E::custom(format_args!(
                "expected a decimal number or a string holding one, found {}",
                describe_json(other)
            )));
        }
    };
    parse_decimal(text).map_err(|err| E::custom(format_args!("`{text}` is not {}", err.describe())))
}

fn describe_json(value: &serde_json::Value) -> impl fmt::Display + '_ {
    struct Described<'a>(&'a serde_json::Value);
    impl fmt::Display for Described<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.0 {
                serde_json::Value::Null => f.write_str("null"),
                serde_json::Value::Bool(b) => write!(f, "boolean `{b}`"),
                serde_json::Value::Array(_) => f.write_str("an array"),
                serde_json::Value::Object(_) => f.write_str("an object"),
                serde_json::Value::Number(n) => write!(f, "number `{n}`"),
                serde_json::Value::String(s) => write!(f, "string {s:?}"),
            }
        }
    }
    Described(value)
}

fn serialize_number<S: serde::Serializer>(
    value: &Decimal,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // `Decimal`'s Display never uses an exponent, and with `arbitrary_precision` the number is
    // written out as exactly this text.
    let number: serde_json::Number = value
        .to_string()
        .parse()
        .map_err(serde::ser::Error::custom)?;
    number.serialize(serializer)
}

/// `#[serde(with = "inventory_model::serde_decimal::exact")]` for a [`Decimal`] field: reads a
/// JSON number or numeric string exactly, writes a JSON number. See the [module](self) docs.
pub mod exact {
    use super::*;

    /// Writes the decimal as a JSON number without exponent.
    ///
    /// # Errors
    ///
    /// Only those of the serializer.
    pub fn serialize<S: serde::Serializer>(
        value: &Decimal,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serialize_number(value, serializer)
    }

    /// Reads a JSON number or a string holding one, exactly.
    ///
    /// # Errors
    ///
    /// When the value is not a number or numeric string, or does not fit a `Decimal` exactly.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        decimal_from_value(&value)
    }
}

/// `#[serde(with = "inventory_model::serde_decimal::exact_option")]` for an `Option<Decimal>`
/// field: like [`exact`], with `null` for `None`. Add `#[serde(default)]` to also
/// accept a missing field.
pub mod exact_option {
    use super::*;

    /// Writes `Some` as a JSON number without exponent and `None` as `null`.
    ///
    /// # Errors
    ///
    /// Only those of the serializer.
    pub fn serialize<S: serde::Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serialize_number(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` as `None`, and a JSON number or numeric string exactly as `Some`.
    ///
    /// # Errors
    ///
    /// When the value is neither `null`, a number nor a numeric string, or does not fit a
    /// `Decimal` exactly.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Null => Ok(None),
            value => decimal_from_value(&value).map(Some),
        }
    }
}

/// Our own money format writes the amount as a string; reading it accepts only a string, so a
/// float can never sneak in.
pub(crate) mod amount_string {
    use super::*;

    pub(crate) fn serialize<S: serde::Serializer>(
        value: &Decimal,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        parse_plain_decimal(&text).map_err(|err| {
            D::Error::custom(format_args!("amount: `{text}` is not {}", err.describe()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn plain_and_exponent_forms_parse_exactly() {
        assert_eq!(parse_decimal("120"), Ok(dec("120")));
        assert_eq!(parse_decimal("-0.5"), Ok(dec("-0.5")));
        assert_eq!(
            parse_decimal("14.319139100000001").map(|d| d.to_string()),
            Ok("14.319139100000001".to_owned())
        );
        assert_eq!(parse_decimal("1.5e3"), Ok(dec("1500")));
        assert_eq!(parse_decimal("1.5E+3"), Ok(dec("1500")));
        assert_eq!(parse_decimal("25e-2"), Ok(dec("0.25")));
        assert_eq!(parse_decimal("007.50"), Ok(dec("7.5")));
    }

    #[test]
    fn malformed_text_is_refused() {
        for bad in [
            "", "-", ".5", "5.", "1_000", "1,5", " 1", "1 ", "+1", "0x10", "1e", "1e+", "NaN",
            "abc", "1.2.3",
        ] {
            assert_eq!(
                parse_decimal(bad),
                Err(DecimalTextError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn text_a_decimal_cannot_hold_is_refused_not_rounded() {
        for bad in [
            "0.00000000000000000000000000001",
            "99999999999999999999999999999999",
            "1e29",
            "1e-29",
            "1e999999999999",
        ] {
            assert_eq!(
                parse_decimal(bad),
                Err(DecimalTextError::OutOfRange),
                "{bad}"
            );
        }
    }
}
