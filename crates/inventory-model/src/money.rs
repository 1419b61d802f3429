//! Amounts of money: a [`Decimal`] and a [`Currency`], never a float.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::{Currency, ModelError};

/// An exact amount in one currency.
///
/// The fields are private so an amount cannot change currency by accident; read them with
/// [`amount`](Money::amount) and [`currency`](Money::currency). Arithmetic is checked: combining
/// two currencies, or overflowing the decimal range, is an error rather than a wrong number or
/// a panic.
///
/// `Display` writes the currency's symbol where one is conventional and groups thousands
/// (`$1,234.50`, `¥1,200`, `1,234.50 SEK`), padding to the currency's minor units but never
/// rounding: an amount with more decimals than the currency uses shows them all. `FromStr` reads
/// that form back, and also `120.00 USD`. Serde writes `{"amount":"120.00","currency":"USD"}`,
/// the amount as a string so no JSON reader turns it into a float.
///
/// ```
/// use inventory_model::{Currency, Decimal, Money, RoundingMode};
///
/// let price = Money::new(Decimal::new(1999, 2), Currency::Usd); // 19.99
/// let shipping: Money = "$4.50".parse()?;
/// let three = price.checked_mul(3)?.checked_add(shipping)?;
/// assert_eq!(three.to_string(), "$64.47");
///
/// let tax = price.checked_mul(Decimal::new(15, 2))?; // 15 %
/// assert_eq!(tax.to_string(), "$2.9985"); // exact: nothing is rounded behind your back
/// assert_eq!(tax.round_to_minor_units(RoundingMode::HalfEven).to_string(), "$3.00");
///
/// let yen = Money::new(Decimal::new(1200, 0), Currency::Jpy);
/// assert_eq!(yen.to_string(), "¥1,200");
///
/// // Amounts in different currencies never mix.
/// let euros = Money::new(Decimal::new(5, 0), Currency::Eur);
/// assert!(price.checked_add(euros).is_err());
///
/// assert_eq!(
///     serde_json::to_string(&shipping).unwrap(),
///     r#"{"amount":"4.50","currency":"USD"}"#
/// );
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    #[serde(with = "crate::serde_decimal::amount_string")]
    amount: Decimal,
    currency: Currency,
}

/// How to round an amount that falls between two minor units.
///
/// "Half" modes only decide exact midpoints (`0.125` to cents); the others move every amount in
/// one direction. Each maps to a [`RoundingStrategy`] of `rust_decimal` (`From` is implemented).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RoundingMode {
    /// Midpoints go to the even neighbour ("banker's rounding"): `0.125 → 0.12`,
    /// `0.135 → 0.14`. Unbiased over many amounts, hence the default.
    #[default]
    HalfEven,
    /// Midpoints go away from zero, as taught in school: `0.125 → 0.13`, `-0.125 → -0.13`.
    HalfUp,
    /// Midpoints go toward zero: `0.125 → 0.12`, `-0.125 → -0.12`.
    HalfDown,
    /// Always toward zero (truncation): `0.129 → 0.12`, `-0.129 → -0.12`.
    Down,
    /// Always away from zero: `0.121 → 0.13`, `-0.121 → -0.13`.
    Up,
    /// Always toward negative infinity: `0.129 → 0.12`, `-0.121 → -0.13`.
    Floor,
    /// Always toward positive infinity: `0.121 → 0.13`, `-0.129 → -0.12`.
    Ceiling,
}

impl From<RoundingMode> for RoundingStrategy {
    fn from(mode: RoundingMode) -> Self {
        match mode {
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfDown => RoundingStrategy::MidpointTowardZero,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
            RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundingMode::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

impl Money {
    /// An amount in a currency. Any decimal is accepted, including negative amounts (refunds,
    /// adjustments) and more decimals than the currency uses (unit prices before rounding).
    #[must_use]
    pub const fn new(amount: Decimal, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// Zero in the given currency.
    #[must_use]
    pub const fn zero(currency: Currency) -> Self {
        Self::new(Decimal::ZERO, currency)
    }

    /// The amount.
    #[must_use]
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    #[must_use]
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is below zero.
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// The sum of two amounts in the same currency.
    ///
    /// # Errors
    ///
    /// [`ModelError::CurrencyMismatch`] when the currencies differ, [`ModelError::Overflow`] when
    /// the sum does not fit in a `Decimal`.
    pub fn checked_add(self, other: Money) -> Result<Money, ModelError> {
        self.same_currency("add", other)?;
        self.amount
            .checked_add(other.amount)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(ModelError::Overflow {
                field: "money",
                operation: "addition",
            })
    }

    /// `self` minus `other`, both in the same currency.
    ///
    /// # Errors
    ///
    /// [`ModelError::CurrencyMismatch`] when the currencies differ, [`ModelError::Overflow`] when
    /// the difference does not fit in a `Decimal`.
    pub fn checked_sub(self, other: Money) -> Result<Money, ModelError> {
        self.same_currency("subtract", other)?;
        self.amount
            .checked_sub(other.amount)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(ModelError::Overflow {
                field: "money",
                operation: "subtraction",
            })
    }

    /// The amount multiplied by a factor: a [`Decimal`] (a tax rate, a discount), an integer, or
    /// a [`Quantity`](crate::Quantity). The result keeps every decimal; round it with
    /// [`round_to_minor_units`](Money::round_to_minor_units) when a payable amount is needed.
    ///
    /// # Errors
    ///
    /// [`ModelError::Overflow`] when the product does not fit in a `Decimal`.
    pub fn checked_mul(self, factor: impl Into<Decimal>) -> Result<Money, ModelError> {
        self.amount
            .checked_mul(factor.into())
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(ModelError::Overflow {
                field: "money",
                operation: "multiplication",
            })
    }

    /// The amount rounded to the currency's minor units with `mode`, written with exactly that
    /// many decimals (`120` USD becomes `120.00`, `1200.4` JPY becomes `1200`). The currency never
    /// changes.
    #[must_use]
    pub fn round_to_minor_units(self, mode: RoundingMode) -> Money {
        let places = self.currency.minor_units();
        let mut amount = self.amount.round_dp_with_strategy(places, mode.into());
        // Pads `120` to `120.00`; for the few amounts too large for the extra digits, rescale
        // keeps the largest scale that fits, which does not change the value.
        amount.rescale(places);
        Money::new(amount, self.currency)
    }

    /// The decimal places the amount really has: `12.340` has 2, `1200` has 0.
    #[must_use]
    pub fn decimals(&self) -> u32 {
        self.amount.normalize().scale()
    }

    /// Whether the amount has no more decimals than its currency allows (`12.34` USD does,
    /// `12.345` USD and `1200.5` JPY do not). Amounts read from vendors may carry any
    /// precision (`14.319139100000001` from a price suggestion); amounts sent to one must fit.
    #[must_use]
    pub fn fits_minor_units(&self) -> bool {
        self.decimals() <= self.currency.minor_units()
    }

    /// Refuses an amount with more decimals than its currency allows, naming `field`, the
    /// currency and its minor units; every client calls this before an amount leaves.
    ///
    /// ```
    /// use inventory_model::{Currency, Decimal, Money, RoundingMode};
    ///
    /// let yen = Money::new(Decimal::new(12_005, 1), Currency::Jpy); // ¥1200.5
    /// let refused = yen.check_minor_units("price").unwrap_err();
    /// assert_eq!(
    ///     refused.to_string(),
    ///     "price: JPY 1200.5 is more precise than JPY allows (0 decimal places); round it first (Money::round_to_minor_units)"
    /// );
    /// assert!(yen.round_to_minor_units(RoundingMode::HalfEven).check_minor_units("price").is_ok());
    /// ```
    ///
    /// # Errors
    ///
    /// [`ModelError::TooPrecise`] when the amount does not fit.
    pub fn check_minor_units(&self, field: &'static str) -> Result<(), ModelError> {
        if self.fits_minor_units() {
            Ok(())
        } else {
            Err(ModelError::TooPrecise {
                field,
                amount: self.amount,
                currency: self.currency,
                decimals: self.decimals(),
                minor_units: self.currency.minor_units(),
            })
        }
    }

    fn same_currency(&self, operation: &'static str, other: Money) -> Result<(), ModelError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(ModelError::CurrencyMismatch {
                operation,
                left: self.currency,
                right: other.currency,
            })
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut amount = self.amount;
        if amount.scale() < self.currency.minor_units() {
            amount.rescale(self.currency.minor_units());
        }
        let digits = amount.abs().to_string();
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits.as_str(), None),
        };
        if self.is_negative() {
            f.write_str("-")?;
        }
        if let Some(symbol) = self.currency.symbol() {
            f.write_str(symbol)?;
        }
        for (index, digit) in whole.chars().enumerate() {
            if index > 0 && (whole.len() - index) % 3 == 0 {
                f.write_str(",")?;
            }
            write!(f, "{digit}")?;
        }
        if let Some(fraction) = fraction {
            write!(f, ".{fraction}")?;
        }
        if self.currency.symbol().is_none() {
            write!(f, " {}", self.currency)?;
        }
        Ok(())
    }
}

impl FromStr for Money {
    type Err = ModelError;

    /// Reads the `Display` form (`$1,234.50`, `-¥1,200`, `1,234.50 SEK`) or an amount followed
    /// by any currency code (`1234.50 usd`). Thousands separators are optional.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || ModelError::Invalid {
            field: "money",
            value: text.to_owned(),
            expected: "an amount such as `$1,234.50` or `1234.50 USD`",
        };
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let by_symbol = Currency::KNOWN.iter().find_map(|currency| {
            let symbol = currency.symbol()?;
            unsigned.strip_prefix(symbol).map(|rest| (*currency, rest))
        });
        let (currency, digits) = match by_symbol {
            Some(found) => found,
            None => {
                let (digits, code) = unsigned.rsplit_once(' ').ok_or_else(invalid)?;
                (code.parse().map_err(|_| invalid())?, digits)
            }
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        if !valid_grouping(whole) {
            return Err(invalid());
        }
        let mut plain: String = whole.chars().filter(|c| *c != ',').collect();
        if let Some(fraction) = fraction {
            plain.push('.');
            plain.push_str(fraction);
        }
        if plain.starts_with('-') {
            return Err(invalid());
        }
        let magnitude = crate::serde_decimal::parse_plain_decimal(&plain).map_err(|_| invalid())?;
        let amount = if negative { -magnitude } else { magnitude };
        Ok(Money::new(amount, currency))
    }
}

/// Either no separators at all, or commas between groups of exactly three digits after a first
/// group of one to three.
fn valid_grouping(whole: &str) -> bool {
    if !whole.contains(',') {
        return true;
    }
    let mut groups = whole.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|first| (1..=3).contains(&first.len()));
    first_ok && groups.all(|group| group.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_fit_their_currency_or_are_refused_naming_it() {
        let usd = |text: &str| Money::new(text.parse().unwrap(), Currency::Usd);
        assert!(usd("12.34").fits_minor_units());
        assert!(
            usd("12.340").fits_minor_units(),
            "trailing zeros are not precision"
        );
        assert!(usd("12").fits_minor_units());
        assert!(!usd("12.345").fits_minor_units());
        assert_eq!(usd("14.319139100000001").decimals(), 15);
        let refused = usd("12.345").check_minor_units("price").unwrap_err();
        assert_eq!(refused.field(), "price");
        assert!(refused.to_string().contains("USD 12.345"), "{refused}");
        assert!(
            refused.to_string().contains("(2 decimal places)"),
            "{refused}"
        );
        let yen = Money::new("1200.5".parse().unwrap(), Currency::Jpy);
        assert!(matches!(
            yen.check_minor_units("fee"),
            Err(ModelError::TooPrecise {
                minor_units: 0,
                decimals: 1,
                ..
            })
        ));
        assert!(Money::new("1200".parse().unwrap(), Currency::Jpy).fits_minor_units());
    }

    fn money(text: &str, currency: Currency) -> Money {
        Money::new(text.parse().unwrap(), currency)
    }

    #[test]
    fn display_uses_symbols_grouping_and_minor_units() {
        assert_eq!(money("120", Currency::Usd).to_string(), "$120.00");
        assert_eq!(money("1200", Currency::Jpy).to_string(), "¥1,200");
        assert_eq!(money("1234.5", Currency::Eur).to_string(), "€1,234.50");
        assert_eq!(
            money("1234567.891", Currency::Bhd).to_string(),
            "1,234,567.891 BHD"
        );
        assert_eq!(money("0.5", Currency::Gbp).to_string(), "£0.50");
        assert_eq!(money("-5", Currency::Usd).to_string(), "-$5.00");
        assert_eq!(money("-1234.5", Currency::Sek).to_string(), "-1,234.50 SEK");
        assert_eq!(money("999", Currency::Cad).to_string(), "CA$999.00");
        let other: Currency = "XYZ".parse().unwrap();
        assert_eq!(money("1234.5", other).to_string(), "1,234.50 XYZ");
    }

    #[test]
    fn display_shows_extra_decimals_instead_of_rounding() {
        assert_eq!(money("0.3333", Currency::Usd).to_string(), "$0.3333");
        assert_eq!(money("1200.5", Currency::Jpy).to_string(), "¥1,200.5");
    }

    #[test]
    fn parsing_reads_display_and_code_forms() {
        assert_eq!(
            "$120.00".parse::<Money>().unwrap(),
            money("120", Currency::Usd)
        );
        assert_eq!(
            "¥1,200".parse::<Money>().unwrap(),
            money("1200", Currency::Jpy)
        );
        assert_eq!(
            "-€1,234.50".parse::<Money>().unwrap(),
            money("-1234.5", Currency::Eur)
        );
        assert_eq!(
            "1234.50 usd".parse::<Money>().unwrap(),
            money("1234.5", Currency::Usd)
        );
        assert_eq!(
            "1,234.50 SEK".parse::<Money>().unwrap(),
            money("1234.5", Currency::Sek)
        );
        assert_eq!(
            "R$10.00".parse::<Money>().unwrap(),
            money("10", Currency::Brl)
        );
    }

    #[test]
    fn parsing_refuses_malformed_money() {
        for bad in [
            "",
            "$",
            "120",
            "USD",
            "120 US",
            "$12,34.00",
            "$1,2345",
            "$,123",
            "$--5",
            "--$5",
            "$1e3",
            "12.5.0 USD",
            "$ 12",
            "12.00  USD",
        ] {
            let err = bad.parse::<Money>().unwrap_err();
            assert_eq!(err.field(), "money", "{bad:?}");
            assert!(err.to_string().contains(&format!("`{bad}`")), "{err}");
        }
    }

    #[test]
    fn arithmetic_requires_equal_currencies() {
        let usd = money("10", Currency::Usd);
        let eur = money("10", Currency::Eur);
        assert_eq!(usd.checked_add(usd).unwrap(), money("20", Currency::Usd));
        assert_eq!(usd.checked_sub(usd).unwrap(), Money::zero(Currency::Usd));
        assert_eq!(
            usd.checked_add(eur).unwrap_err(),
            ModelError::CurrencyMismatch {
                operation: "add",
                left: Currency::Usd,
                right: Currency::Eur
            }
        );
        assert_eq!(
            usd.checked_sub(eur).unwrap_err().to_string(),
            "money: cannot subtract USD and EUR amounts, the currencies must be equal"
        );
    }

    #[test]
    fn arithmetic_overflow_is_an_error() {
        let huge = Money::new(Decimal::MAX, Currency::Usd);
        assert!(matches!(
            huge.checked_add(huge),
            Err(ModelError::Overflow { .. })
        ));
        assert!(matches!(
            Money::new(Decimal::MIN, Currency::Usd).checked_sub(huge),
            Err(ModelError::Overflow { .. })
        ));
        assert!(matches!(
            huge.checked_mul(2),
            Err(ModelError::Overflow { .. })
        ));
    }

    #[test]
    fn multiplication_by_decimals_integers_and_quantities() {
        let price = money("19.99", Currency::Usd);
        assert_eq!(price.checked_mul(3).unwrap(), money("59.97", Currency::Usd));
        assert_eq!(
            price.checked_mul(crate::Quantity::new(2)).unwrap(),
            money("39.98", Currency::Usd)
        );
        assert_eq!(
            price.checked_mul(Decimal::new(5, 1)).unwrap(),
            money("9.995", Currency::Usd)
        );
    }

    #[test]
    fn rounding_modes() {
        let cases = [
            ("0.125", RoundingMode::HalfEven, "0.12"),
            ("0.135", RoundingMode::HalfEven, "0.14"),
            ("0.125", RoundingMode::HalfUp, "0.13"),
            ("-0.125", RoundingMode::HalfUp, "-0.13"),
            ("0.125", RoundingMode::HalfDown, "0.12"),
            ("0.129", RoundingMode::Down, "0.12"),
            ("-0.129", RoundingMode::Down, "-0.12"),
            ("0.121", RoundingMode::Up, "0.13"),
            ("-0.121", RoundingMode::Up, "-0.13"),
            ("-0.121", RoundingMode::Floor, "-0.13"),
            ("-0.129", RoundingMode::Ceiling, "-0.12"),
            ("120", RoundingMode::HalfEven, "120.00"),
        ];
        for (amount, mode, expected) in cases {
            let rounded = money(amount, Currency::Usd).round_to_minor_units(mode);
            assert_eq!(rounded.amount().to_string(), expected, "{amount} {mode:?}");
            assert_eq!(rounded.currency(), Currency::Usd);
        }
        let yen = money("1200.5", Currency::Jpy).round_to_minor_units(RoundingMode::HalfEven);
        assert_eq!(yen.amount().to_string(), "1200");
        let dinar = money("1.2345", Currency::Bhd).round_to_minor_units(RoundingMode::HalfUp);
        assert_eq!(dinar.amount().to_string(), "1.235");
        assert_eq!(RoundingMode::default(), RoundingMode::HalfEven);
    }

    #[test]
    fn rounding_huge_amounts_does_not_panic() {
        let huge = Money::new(Decimal::MAX, Currency::Bhd).round_to_minor_units(RoundingMode::Up);
        assert_eq!(huge.amount(), Decimal::MAX);
    }

    #[test]
    fn sign_helpers() {
        assert!(Money::zero(Currency::Usd).is_zero());
        assert!(!money("-0.00", Currency::Usd).is_negative());
        assert!(money("-0.01", Currency::Usd).is_negative());
        assert!(!money("0.01", Currency::Usd).is_negative());
    }

    #[test]
    fn serde_writes_the_amount_as_a_string() {
        let price = money("120.00", Currency::Usd);
        let json = serde_json::to_string(&price).unwrap();
        assert_eq!(json, r#"{"amount":"120.00","currency":"USD"}"#);
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back, price);
        assert_eq!(back.amount().to_string(), "120.00");
    }

    #[test]
    fn serde_refuses_numbers_and_bad_fields() {
        for bad in [
            r#"{"amount":120.5,"currency":"USD"}"#,
            r#"{"amount":"12,50","currency":"USD"}"#,
            r#"{"amount":"1","currency":"DOLLAR"}"#,
            r#"{"amount":"1"}"#,
            r#"{"amount":"1","currency":"USD","note":"x"}"#,
        ] {
            assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<Money>(r#"{"amount":"12,50","currency":"USD"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("amount: `12,50` is not a decimal number"),
            "{err}"
        );
    }
}
