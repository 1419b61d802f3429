//! Stock quantities.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::Unexpected;

use crate::ModelError;

/// A whole, non-negative number of items (0 to `u32::MAX`).
///
/// Negative or fractional quantities cannot be represented; conversions from signed or wider
/// integers ([`TryFrom<i64>`](#impl-TryFrom<i64>-for-Quantity), …), text and serde refuse them
/// with a [`ModelError`] naming the field `quantity`. Serde writes a JSON integer.
///
/// ```
/// use inventory_model::Quantity;
///
/// let on_shelf = Quantity::new(12);
/// assert_eq!(on_shelf.get(), 12);
/// assert_eq!("7".parse::<Quantity>()?, Quantity::new(7));
/// assert!(Quantity::try_from(-1_i64).is_err());
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Quantity(u32);

const EXPECTED: &str = "a whole number from 0 to 4294967295";

impl Quantity {
    /// No items.
    pub const ZERO: Quantity = Quantity(0);

    /// A quantity of `count` items.
    #[must_use]
    pub const fn new(count: u32) -> Quantity {
        Quantity(count)
    }

    /// The number of items.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// Whether there are no items (out of stock).
    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The sum, or `None` if it exceeds `u32::MAX`.
    #[must_use]
    pub const fn checked_add(self, other: Quantity) -> Option<Quantity> {
        match self.0.checked_add(other.0) {
            Some(sum) => Some(Quantity(sum)),
            None => None,
        }
    }

    /// `self` minus `other`, or `None` if that would be negative.
    #[must_use]
    pub const fn checked_sub(self, other: Quantity) -> Option<Quantity> {
        match self.0.checked_sub(other.0) {
            Some(difference) => Some(Quantity(difference)),
            None => None,
        }
    }

    /// `self` minus `other`, stopping at zero.
    #[must_use]
    pub const fn saturating_sub(self, other: Quantity) -> Quantity {
        Quantity(self.0.saturating_sub(other.0))
    }

    fn out_of_range(value: impl fmt::Display) -> ModelError {
        ModelError::Invalid {
            field: "quantity",
            value: value.to_string(),
            expected: EXPECTED,
        }
    }
}

impl From<u32> for Quantity {
    fn from(count: u32) -> Self {
        Quantity(count)
    }
}

impl From<Quantity> for u32 {
    fn from(quantity: Quantity) -> Self {
        quantity.0
    }
}

impl From<Quantity> for u64 {
    fn from(quantity: Quantity) -> Self {
        u64::from(quantity.0)
    }
}

impl From<Quantity> for Decimal {
    fn from(quantity: Quantity) -> Self {
        Decimal::from(quantity.0)
    }
}

macro_rules! try_from_integer {
    ($($integer:ty),+) => {$(
        impl TryFrom<$integer> for Quantity {
            type Error = ModelError;

            /// Refuses negative values and values above `u32::MAX`.
            fn try_from(count: $integer) -> Result<Self, Self::Error> {
                u32::try_from(count)
                    .map(Quantity)
                    .map_err(|_| Quantity::out_of_range(count))
            }
        }
    )+};
}

try_from_integer!(i32, i64, u64, usize);

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Quantity {
    type Err = ModelError;

    /// Parses decimal digits only (no sign, no spaces, no decimal point).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Quantity::out_of_range(format_args!("{text}")));
        }
        text.parse()
            .map(Quantity)
            .map_err(|_| Quantity::out_of_range(text))
    }
}

impl serde::Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_u32(QuantityVisitor)
    }
}

struct QuantityVisitor;

impl<'de> serde::de::Visitor<'de> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a quantity: {EXPECTED}")
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Quantity, E> {
        Quantity::try_from(value).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Quantity, E> {
        Quantity::try_from(value).map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Quantity, E> {
        Err(E::invalid_type(Unexpected::Float(value), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_never_goes_negative_or_wraps() {
        let five = Quantity::new(5);
        assert_eq!(five.checked_add(Quantity::new(2)), Some(Quantity::new(7)));
        assert_eq!(Quantity::new(u32::MAX).checked_add(five), None);
        assert_eq!(five.checked_sub(Quantity::new(6)), None);
        assert_eq!(five.saturating_sub(Quantity::new(6)), Quantity::ZERO);
        assert!(Quantity::ZERO.is_zero());
    }

    #[test]
    fn conversions_refuse_negative_and_too_large() {
        assert_eq!(Quantity::try_from(3_i64), Ok(Quantity::new(3)));
        assert_eq!(
            Quantity::try_from(-1_i32).unwrap_err().to_string(),
            "quantity: `-1` is not a whole number from 0 to 4294967295"
        );
        assert!(Quantity::try_from(u64::from(u32::MAX) + 1).is_err());
        assert_eq!(Decimal::from(Quantity::new(4)), Decimal::new(4, 0));
    }

    #[test]
    fn parsing() {
        assert_eq!("0".parse::<Quantity>(), Ok(Quantity::ZERO));
        assert_eq!(
            "4294967295".parse::<Quantity>(),
            Ok(Quantity::new(u32::MAX))
        );
        for bad in ["", "-1", "+1", "1.5", " 1", "4294967296", "ten"] {
            let err = bad.parse::<Quantity>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("quantity: `{bad}` is not a whole number from 0 to 4294967295")
            );
        }
    }

    #[test]
    fn serde_is_a_validated_integer() {
        assert_eq!(serde_json::to_string(&Quantity::new(9)).unwrap(), "9");
        assert_eq!(
            serde_json::from_str::<Quantity>("9").unwrap(),
            Quantity::new(9)
        );
        for bad in ["-1", "1.5", "4294967296", r#""9""#, "null"] {
            assert!(serde_json::from_str::<Quantity>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<Quantity>("-3")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("quantity: `-3` is not a whole number"),
            "{err}"
        );
    }

    #[test]
    fn serde_works_when_buffered_by_an_internally_tagged_enum() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(tag = "type")]
        enum Tagged {
            Stock { quantity: Quantity },
        }
        let parsed: Tagged = serde_json::from_str(r#"{"type":"Stock","quantity":12}"#).unwrap();
        assert_eq!(
            parsed,
            Tagged::Stock {
                quantity: Quantity::new(12)
            }
        );
        assert!(serde_json::from_str::<Tagged>(r#"{"type":"Stock","quantity":-2}"#).is_err());
        for bad in ["1.5", "1e3", "99999999999999999999"] {
            let json = format!(r#"{{"type":"Stock","quantity":{bad}}}"#);
            assert!(serde_json::from_str::<Tagged>(&json).is_err(), "{bad}");
        }
    }
}
