//! The rules Discogs documents for values a caller sends, checked before anything is sent so a
//! refusal names the field and costs no request.

use client_core::InvalidInput;
use inventory_model::{Currency, Decimal, Money};

use crate::condition::{MediaCondition, SleeveCondition};
use crate::error::DiscogsError;

/// The currencies Discogs accepts for `curr_abbr` and the fee calculator.
pub const MARKETPLACE_CURRENCIES: [Currency; 12] = [
    Currency::Usd,
    Currency::Gbp,
    Currency::Eur,
    Currency::Cad,
    Currency::Aud,
    Currency::Jpy,
    Currency::Chf,
    Currency::Mxn,
    Currency::Brl,
    Currency::Nzd,
    Currency::Sek,
    Currency::Zar,
];

/// Refuses a currency Discogs does not accept, naming the field.
pub(crate) fn check_currency(field: &str, currency: Currency) -> Result<(), DiscogsError> {
    if MARKETPLACE_CURRENCIES.contains(&currency) {
        Ok(())
    } else {
        Err(DiscogsError::invalid(
            field,
            format!(
                "`{currency}` is not a Discogs marketplace currency (one of USD, GBP, EUR, CAD, \
                 AUD, JPY, CHF, MXN, BRL, NZD, SEK, ZAR)"
            ),
        ))
    }
}

/// The most decimals any Discogs marketplace currency allows (JPY allows none, the others
/// 2): what an amount may have when its currency (the seller's) is not known.
pub(crate) const MAX_MARKETPLACE_DECIMALS: u32 = 2;

/// Refuses an amount Discogs would be sent with more decimals than its currency allows,
/// naming `field`, the currency and its minor units. With no currency known (a bare number in
/// the seller's currency), the safe reading: at most [`MAX_MARKETPLACE_DECIMALS`].
pub(crate) fn check_decimals(
    field: &str,
    amount: Decimal,
    currency: Option<Currency>,
) -> Result<(), DiscogsError> {
    fit_decimals(field, amount, currency).map_err(DiscogsError::InvalidInput)
}

/// [`check_decimals`], as the bare refusal (for the channels, which reject rather than fail).
pub(crate) fn fit_decimals(
    field: &str,
    amount: Decimal,
    currency: Option<Currency>,
) -> Result<(), InvalidInput> {
    match currency {
        Some(currency) => Money::new(amount, currency)
            .check_minor_units("price")
            .map_err(|error| {
                let mut refusal = InvalidInput::from(error);
                field.clone_into(&mut refusal.field);
                refusal
            }),
        None => {
            let decimals = amount.normalize().scale();
            if decimals <= MAX_MARKETPLACE_DECIMALS {
                Ok(())
            } else {
                Err(InvalidInput::new(
                    field,
                    format!(
                        "{amount} has {decimals} decimal places; it is in the seller's currency, \
                         which is not given here, and no Discogs marketplace currency allows more \
                         than {MAX_MARKETPLACE_DECIMALS} (JPY allows 0): round it first, or name \
                         the currency to check against its own minor units"
                    ),
                ))
            }
        }
    }
}

/// Refuses a price that is zero or negative.
pub(crate) fn check_price(field: &str, price: Decimal) -> Result<(), DiscogsError> {
    if price > Decimal::ZERO {
        Ok(())
    } else {
        Err(DiscogsError::invalid(
            field,
            format!("must be a number greater than zero, got {price}"),
        ))
    }
}

/// Refuses a record condition that is not one of Discogs' eight grades.
pub(crate) fn check_media(field: &str, condition: &MediaCondition) -> Result<(), DiscogsError> {
    if condition.is_known() {
        return Ok(());
    }
    Err(DiscogsError::invalid(
        field,
        format!(
            "`{condition}` is not one of Discogs' eight media conditions (Mint (M) … Poor (P), \
             such as `Very Good Plus (VG+)`)"
        ),
    ))
}

/// Refuses a sleeve condition Discogs does not know.
pub(crate) fn check_sleeve(
    field: &str,
    condition: Option<&SleeveCondition>,
) -> Result<(), DiscogsError> {
    match condition {
        Some(condition) if !condition.is_known() => Err(DiscogsError::invalid(
            field,
            format!(
                "`{condition}` is not a Discogs sleeve condition (a media condition, `Generic`, \
                 `Not Graded` or `No Cover`)"
            ),
        )),
        _ => Ok(()),
    }
}

/// Refuses text holding a NUL character, which a CSV cell cannot carry for Discogs to read back.
pub(crate) fn check_text(field: &str, text: Option<&String>) -> Result<(), DiscogsError> {
    if text.is_some_and(|text| text.contains('\0')) {
        return Err(DiscogsError::invalid(
            field,
            "must not contain a NUL character",
        ));
    }
    Ok(())
}
