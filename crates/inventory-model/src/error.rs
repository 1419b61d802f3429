//! The one error type of this crate.

use crate::currency::Currency;

/// A value was refused by one of the model's rules.
///
/// Every message starts with the field it is about, followed by the rule that was broken, so it
/// can be shown to the person who typed the value:
///
/// ```
/// use inventory_model::{ModelError, Sku};
///
/// let err = Sku::new("   ").unwrap_err();
/// assert_eq!(err.to_string(), "sku: must not be empty");
/// assert_eq!(err.field(), "sku");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A required text was empty (or only whitespace).
    #[error("{field}: must not be empty")]
    Empty {
        /// The field the value was meant for.
        field: &'static str,
    },

    /// A text was longer than the field allows.
    #[error("{field}: must be at most {max} characters long, got {actual}")]
    TooLong {
        /// The field the value was meant for.
        field: &'static str,
        /// The largest number of characters allowed.
        max: usize,
        /// The number of characters received.
        actual: usize,
    },

    /// A text contained a control character (a tab, a line break, a NUL …).
    #[error(
        "{field}: must not contain control characters, found {found:?} at character {position}"
    )]
    ControlCharacter {
        /// The field the value was meant for.
        field: &'static str,
        /// The offending character.
        found: char,
        /// Its position, counted in characters from 0.
        position: usize,
    },

    /// A text did not have the form the field requires.
    #[error("{field}: `{value}` is not {expected}")]
    Invalid {
        /// The field the value was meant for.
        field: &'static str,
        /// The value as received.
        value: String,
        /// What the field accepts, phrased to follow "is not".
        expected: &'static str,
    },

    /// Two amounts in different currencies were combined.
    #[error("money: cannot {operation} {left} and {right} amounts, the currencies must be equal")]
    CurrencyMismatch {
        /// The operation attempted, such as `add`.
        operation: &'static str,
        /// The currency of the left-hand amount.
        left: Currency,
        /// The currency of the right-hand amount.
        right: Currency,
    },

    /// An amount has more decimals than its currency allows, so no vendor would take it as is.
    #[error(
        "{field}: {currency} {amount} is more precise than {currency} allows ({minor_units} decimal places); round it first (Money::round_to_minor_units)"
    )]
    TooPrecise {
        /// The field the value was meant for.
        field: &'static str,
        /// The amount as given.
        amount: rust_decimal::Decimal,
        /// Its currency.
        currency: Currency,
        /// The decimal places the amount has (trailing zeros aside).
        decimals: u32,
        /// The decimal places the currency allows (ISO 4217 minor units).
        minor_units: u32,
    },

    /// An arithmetic result does not fit in a [`Decimal`](rust_decimal::Decimal).
    #[error("{field}: the result of {operation} is too large to represent")]
    Overflow {
        /// The field the value was meant for.
        field: &'static str,
        /// The operation attempted, such as `multiplication`.
        operation: &'static str,
    },

    /// A value has no equivalent on another scale (for example a record grade that no general
    /// item condition describes).
    #[error("{field}: `{value}` has no {target} equivalent, {reason}")]
    NoEquivalent {
        /// The field the value came from.
        field: &'static str,
        /// The value that could not be converted.
        value: String,
        /// The scale it was being converted to.
        target: &'static str,
        /// Why there is no equivalent.
        reason: &'static str,
    },
}

impl ModelError {
    /// The field the error is about, as it appears at the start of the message.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty { field }
            | Self::TooLong { field, .. }
            | Self::ControlCharacter { field, .. }
            | Self::Invalid { field, .. }
            | Self::Overflow { field, .. }
            | Self::TooPrecise { field, .. }
            | Self::NoEquivalent { field, .. } => field,
            Self::CurrencyMismatch { .. } => "money",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_the_field() {
        let cases = [
            ModelError::Empty { field: "sku" },
            ModelError::TooLong {
                field: "sku",
                max: 100,
                actual: 101,
            },
            ModelError::ControlCharacter {
                field: "sku",
                found: '\t',
                position: 2,
            },
            ModelError::Invalid {
                field: "country",
                value: "XXA".into(),
                expected: "an ISO 3166-1 alpha-3 code",
            },
            ModelError::CurrencyMismatch {
                operation: "add",
                left: Currency::Usd,
                right: Currency::Eur,
            },
            ModelError::Overflow {
                field: "money",
                operation: "multiplication",
            },
            ModelError::NoEquivalent {
                field: "grade",
                value: "Poor".into(),
                target: "item condition",
                reason: "it is below Used - Acceptable",
            },
        ];
        for err in cases {
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("{}: ", err.field())),
                "{message}"
            );
        }
    }

    #[test]
    fn exact_messages() {
        let err = ModelError::Invalid {
            field: "country",
            value: "XXA".into(),
            expected: "an ISO 3166-1 alpha-3 code",
        };
        assert_eq!(
            err.to_string(),
            "country: `XXA` is not an ISO 3166-1 alpha-3 code"
        );
        let err = ModelError::CurrencyMismatch {
            operation: "add",
            left: Currency::Usd,
            right: Currency::Eur,
        };
        assert_eq!(
            err.to_string(),
            "money: cannot add USD and EUR amounts, the currencies must be equal"
        );
    }
}
