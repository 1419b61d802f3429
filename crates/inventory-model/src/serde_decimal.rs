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
    // `b | 0x20` folds `E` onto `e` and nothing else onto it.
    let (mantissa, exponent) = match text.bytes().position(|b| b | 0x20 == b'e') {
        Some(at) => (
            text.get(..at).unwrap_or_default(),
            Some(text.get(at + 1..).unwrap_or_default()),
        ),
        None => (text, None),
    };
    let mut value = parse_plain_decimal(mantissa)?;
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

/// The largest mantissa a `Decimal` holds: 96 bits.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// Parses `-?digits(.digits)?` exactly, in one pass over the bytes: the grammar is checked,
/// the digits gathered into the mantissa and the scale counted as they come. JSON's ban on
/// leading zeros is not applied (vendors quoting numbers in strings do write `007.50`).
pub(crate) fn parse_plain_decimal(text: &str) -> Result<Decimal, DecimalTextError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut digits = Digits::default();
    for byte in unsigned.bytes() {
        digits.push(byte)?;
    }
    digits.finish(negative)
}

/// The digits read so far. Up to 19 digits are gathered in a `u64` (they cannot overflow
/// it), which is every price a vendor sends; longer mantissas continue in a `u128`.
#[derive(Default)]
struct Digits {
    short: u64,
    long: u128,
    count: u32,
    fraction: u32,
    in_fraction: bool,
    too_many: bool,
}

impl Digits {
    const SHORT_DIGITS: u32 = 19;

    fn push(&mut self, byte: u8) -> Result<(), DecimalTextError> {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            if self.count < Self::SHORT_DIGITS {
                self.short = self.short * 10 + u64::from(digit);
            } else {
                if self.count == Self::SHORT_DIGITS {
                    self.long = u128::from(self.short);
                }
                // Past 96 bits the text is out of range, but the rest must still be
                // well-formed for that to be the error.
                match self
                    .long
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(u128::from(digit)))
                    .filter(|m| *m <= MAX_MANTISSA)
                {
                    Some(next) => self.long = next,
                    None => self.too_many = true,
                }
            }
            self.count += 1;
            if self.in_fraction {
                self.fraction += 1;
            }
            Ok(())
        } else if byte == b'.' && !self.in_fraction && self.count > 0 {
            self.in_fraction = true;
            Ok(())
        } else {
            Err(DecimalTextError::Malformed)
        }
    }

    fn finish(self, negative: bool) -> Result<Decimal, DecimalTextError> {
        if self.count == 0 || (self.in_fraction && self.fraction == 0) {
            return Err(DecimalTextError::Malformed);
        }
        if self.too_many || self.fraction > 28 {
            return Err(DecimalTextError::OutOfRange);
        }
        let mantissa = if self.count <= Self::SHORT_DIGITS {
            i128::from(self.short)
        } else {
            // At most 96 bits by the checks in `push`.
            i128::try_from(self.long).map_err(|_| DecimalTextError::OutOfRange)?
        };
        // Negating the mantissa rather than setting the sign keeps `-0` a plain zero, as
        // `rust_decimal` reads it.
        let signed = if negative { -mantissa } else { mantissa };
        Decimal::try_from_i128_with_scale(signed, self.fraction)
            .map_err(|_| DecimalTextError::OutOfRange)
    }
}

/// Reads a decimal straight from what the deserializer sends: with serde_json's
/// `arbitrary_precision` a number arrives as its own text (a one-entry map under serde_json's
/// private key), a quoted number as a string; integers from other formats are exact too.
struct DecimalVisitor;

const EXPECTED: &str = "a decimal number or a string holding one";

fn refuse<E: serde::de::Error>(found: fmt::Arguments<'_>) -> E {
    E::custom(format_args!("expected {EXPECTED}, found {found}"))
}

fn decimal_from_text<E: serde::de::Error>(text: &str) -> Result<Decimal, E> {
    parse_decimal(text).map_err(|err| E::custom(format_args!("`{text}` is not {}", err.describe())))
}

impl<'de> serde::de::Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(EXPECTED)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Decimal, E> {
        decimal_from_text(text)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Decimal, E> {
        // Only a format without number text gets here; its float is all there is to read.
        decimal_from_text(&value.to_string())
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Decimal, E> {
        Err(refuse(format_args!("boolean `{value}`")))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Decimal, E> {
        Err(refuse(format_args!("null")))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Decimal, E> {
        Err(refuse(format_args!("null")))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Decimal, A::Error> {
        Err(refuse(format_args!("an array")))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        match crate::serde_text::json_number_text(&mut map)? {
            Some(text) => decimal_from_text(&text),
            None => Err(refuse(format_args!("an object"))),
        }
    }
}

/// A decimal read by [`DecimalVisitor`], so serde's own `Option` reads `null` around it.
struct ExactDecimal(Decimal);

impl<'de> serde::Deserialize<'de> for ExactDecimal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DecimalVisitor)
            .map(ExactDecimal)
    }
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
        ExactDecimal::deserialize(deserializer).map(|ExactDecimal(value)| value)
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
        let value = Option::<ExactDecimal>::deserialize(deserializer)?;
        Ok(value.map(|ExactDecimal(value)| value))
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
        crate::serde_text::deserialize_str_with(deserializer, |text| {
            parse_plain_decimal(text)
                .map_err(|err| format!("amount: `{text}` is not {}", err.describe()))
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

    proptest::proptest! {
        /// The one-pass reader agrees with `rust_decimal`'s own exact parser on every
        /// plain decimal text, to the sign and the scale, and refuses what it refuses.
        #[test]
        fn the_one_pass_reader_agrees_with_rust_decimal(
            negative in proptest::bool::ANY,
            whole in "[0-9]{1,32}",
            fraction in proptest::option::of("[0-9]{1,32}"),
        ) {
            let text = format!(
                "{}{whole}{}",
                if negative { "-" } else { "" },
                fraction.map(|f| format!(".{f}")).unwrap_or_default()
            );
            match (parse_plain_decimal(&text), Decimal::from_str_exact(&text)) {
                (Ok(ours), Ok(theirs)) => {
                    proptest::prop_assert_eq!(ours.to_string(), theirs.to_string());
                    proptest::prop_assert_eq!(ours.scale(), theirs.scale());
                }
                (Err(DecimalTextError::OutOfRange), Err(_)) => {}
                (ours, theirs) => proptest::prop_assert!(false, "{text}: {ours:?} vs {theirs:?}"),
            }
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
