//! Amounts as Instica writes them: decimal strings in US dollars (`"34.99"`).

use client_core::InvalidInput;
use inventory_model::{Currency, Decimal, Money};

use crate::error::InsticaError;

/// Digit limits of a decimal field, as the server's validation counts them: at most
/// `max_digits` digits in all, of which at most `decimal_places` after the point.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DigitLimit {
    pub(crate) max_digits: u32,
    pub(crate) decimal_places: u32,
}

/// `price_purchased_item`: at most 7 digits, 2 of them decimals.
pub(crate) const PURCHASE_PRICE: DigitLimit = DigitLimit {
    max_digits: 7,
    decimal_places: 2,
};

/// Bulk price values: at most 10 digits, 2 of them decimals.
pub(crate) const BULK_VALUE: DigitLimit = DigitLimit {
    max_digits: 10,
    decimal_places: 2,
};

/// Checks a decimal against a digit limit. Trailing zeros after the point do not count
/// (`12.500` has two decimals), as the server normalises them away too.
pub(crate) fn check_digits(
    field: &str,
    value: Decimal,
    limit: DigitLimit,
) -> Result<Decimal, InsticaError> {
    let normalized = value.normalize();
    let decimals = normalized.scale();
    let digits = normalized.mantissa().unsigned_abs().to_string().len() as u32;
    let whole = digits.saturating_sub(decimals);
    let max_whole = limit.max_digits - limit.decimal_places;
    if decimals > limit.decimal_places {
        return Err(InsticaError::invalid(
            field,
            format!(
                "`{value}` has more than {} decimal places",
                limit.decimal_places
            ),
        ));
    }
    if whole > max_whole {
        return Err(InsticaError::invalid(
            field,
            format!(
                "`{value}` has more than {} digits ({max_whole} before the decimal point)",
                limit.max_digits
            ),
        ));
    }
    Ok(normalized)
}

/// Checks that an amount is in US dollars (the only currency of Instica's `*_usd` fields).
pub(crate) fn usd_amount(field: &str, money: &Money) -> Result<Decimal, InsticaError> {
    if money.currency() != Currency::Usd {
        return Err(InsticaError::invalid(
            field,
            format!("must be in USD, got {}", money.currency()),
        ));
    }
    Ok(money.amount())
}

/// Refuses an amount with more decimals than its currency allows, through the model's one
/// rule ([`Money::check_minor_units`]), naming `field` (which may be a path such as
/// `updates.price_total_usd`), the currency and its minor units.
pub(crate) fn check_minor_units(field: &str, money: &Money) -> Result<(), InsticaError> {
    money.check_minor_units("amount").map_err(|error| {
        let mut refusal = InvalidInput::from(error);
        field.clone_into(&mut refusal.field);
        InsticaError::InvalidInput(refusal)
    })
}

/// The wire text of a USD amount: two decimals when it has no more, as is usual for prices
/// (`34.99`, `5.00`). Every amount sent goes through here: one in another currency, or with
/// more decimals than USD's two (`12.345`), is refused before sending; so is one over the
/// field's digit limit, if it has one.
pub(crate) fn usd_text(
    field: &str,
    money: &Money,
    limit: Option<DigitLimit>,
) -> Result<String, InsticaError> {
    let mut amount = usd_amount(field, money)?;
    check_minor_units(field, money)?;
    if let Some(limit) = limit {
        amount = check_digits(field, amount, limit)?;
    }
    Ok(price_text(amount))
}

pub(crate) fn price_text(amount: Decimal) -> String {
    let mut amount = amount.normalize();
    if amount.scale() < 2 {
        amount.rescale(2);
    }
    amount.to_string()
}

/// `#[serde(with = "…")]` for `Option<Money>` fields holding a USD decimal string (or number),
/// read exactly, never through a float.
pub(crate) mod usd_option {
    use inventory_model::{Currency, Money};

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Money>, D::Error> {
        let amount = inventory_model::serde_decimal::exact_option::deserialize(deserializer)?;
        Ok(amount.map(|amount| Money::new(amount, Currency::Usd)))
    }
}

/// `#[serde(with = "…")]` for `Money` fields holding a USD decimal string (or number).
pub(crate) mod usd {
    use inventory_model::{Currency, Money};

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Money, D::Error> {
        let amount = inventory_model::serde_decimal::exact::deserialize(deserializer)?;
        Ok(Money::new(amount, Currency::Usd))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn digit_limits_count_like_the_server() {
        assert!(check_digits("p", dec("99999.99"), PURCHASE_PRICE).is_ok());
        assert!(check_digits("p", dec("12.500"), PURCHASE_PRICE).is_ok());
        let err = check_digits("p", dec("100000.00"), PURCHASE_PRICE).unwrap_err();
        assert!(err.to_string().contains("more than 7 digits"), "{err}");
        let err = check_digits("p", dec("1.999"), PURCHASE_PRICE).unwrap_err();
        assert!(err.to_string().contains("decimal places"), "{err}");
        assert!(check_digits("v", dec("99999999.99"), BULK_VALUE).is_ok());
        assert!(check_digits("v", dec("100000000"), BULK_VALUE).is_err());
    }

    #[test]
    fn prices_are_written_with_two_decimals() {
        assert_eq!(price_text(dec("5")), "5.00");
        assert_eq!(price_text(dec("34.990")), "34.99");
        assert_eq!(price_text(dec("1.2345")), "1.2345");
    }

    #[test]
    fn amounts_more_precise_than_usd_are_refused_naming_field_currency_and_minor_units() {
        let usd = |text: &str| Money::new(dec(text), Currency::Usd);
        assert_eq!(
            usd_text("price_total_usd", &usd("12.340"), None).unwrap(),
            "12.34"
        );
        let err = usd_text("updates.price_shipping_usd", &usd("12.345"), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: updates.price_shipping_usd: USD 12.345 is more precise than USD allows (2 decimal places); round it first (Money::round_to_minor_units)"
        );
        let err = usd_text("value", &usd("0.001"), Some(BULK_VALUE)).unwrap_err();
        assert!(err.to_string().contains("value: USD 0.001"), "{err}");
    }

    #[test]
    fn other_currencies_are_refused() {
        let euros = Money::new(dec("3"), Currency::Eur);
        let err = usd_text("price_total_usd", &euros, None).unwrap_err();
        assert!(err.to_string().contains("price_total_usd: must be in USD"));
    }

    #[test]
    fn amounts_decode_exactly() {
        #[derive(serde::Deserialize)]
        struct Prices {
            #[serde(default, with = "usd_option")]
            a: Option<Money>,
            #[serde(with = "usd")]
            b: Money,
        }
        let prices: Prices =
            serde_json::from_str(r#"{"a":"14.319139100000001","b":34.99}"#).unwrap();
        assert_eq!(prices.a.unwrap().amount().to_string(), "14.319139100000001");
        assert_eq!(prices.b.amount(), dec("34.99"));
        assert_eq!(prices.b.currency(), Currency::Usd);
    }
}
