//! Fee, price suggestion and release statistics endpoints.
//!
//! Prices are not converted between currencies: amounts come back in the currency they are
//! stored in (USD for the demo data), and `curr_abbr` is only checked for validity.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Map, Value, json};

use super::model::{CURRENCIES, DiscogsListingStatus, currency_decimals};
use super::{Call, State, not_found};
use crate::support::http::{Reply, json, message, money_number, parse_decimal, query_value};

/// What each grade is worth relative to Mint when the fake invents suggestions.
const GRADE_FACTORS: [(&str, i64); 8] = [
    ("Mint (M)", 10_000),
    ("Near Mint (NM or M-)", 8_947),
    ("Very Good Plus (VG+)", 6_842),
    ("Very Good (VG)", 4_737),
    ("Good Plus (G+)", 2_632),
    ("Good (G)", 1_579),
    ("Fair (F)", 1_053),
    ("Poor (P)", 526),
];

fn check_currency(key: &str, currency: &str) -> Result<(), Reply> {
    if CURRENCIES.contains(&currency) {
        Ok(())
    } else {
        Err(message(
            422,
            &format!("Invalid {key}: expected one of {}.", CURRENCIES.join(", ")),
        ))
    }
}

/// `GET /marketplace/fee/{price}[/{currency}]`
pub(crate) fn fee(call: &Call<'_>, price: &str, currency: Option<&str>) -> Reply {
    let Some(price) = parse_decimal(price).filter(|price| !price.is_sign_negative()) else {
        return message(422, "Invalid price: expected a non-negative number.");
    };
    let currency = currency.unwrap_or("USD");
    if let Err(reply) = check_currency("currency", currency) {
        return reply;
    }
    // The fee is money in `currency`, so it has that currency's decimals: the documented
    // `10.00` USD gives `0.42`, and a JPY fee is whole yen. The rounding mode is not
    // documented; halves round away from zero, as a shop rounds.
    let fee = (price * call.config.fee_rate).round_dp_with_strategy(
        currency_decimals(currency),
        RoundingStrategy::MidpointAwayFromZero,
    );
    json(
        200,
        &json!({ "value": money_number(fee), "currency": currency }),
    )
}

/// `GET /marketplace/price_suggestions/{release_id}`
pub(crate) fn suggestions(call: &Call<'_>, state: &State, release: &str) -> Reply {
    if let Err(reply) = call.require_user() {
        return reply;
    }
    let Ok(release_id) = release.parse::<u64>() else {
        return not_found();
    };
    let mut body = Map::new();
    if let Some(explicit) = state.suggestions.get(&release_id) {
        for (grade, value) in explicit {
            body.insert(
                grade.clone(),
                json!({ "currency": "USD", "value": money_number(*value) }),
            );
        }
        return json(200, &Value::Object(body));
    }
    let highest = state
        .listings
        .values()
        .filter(|listing| listing.release_id == release_id)
        .map(|listing| listing.price)
        .max();
    let mint = match highest {
        Some(price) => price * Decimal::new(11, 1),
        None if state.releases.contains_key(&release_id) => {
            Decimal::from(10 + release_id % 40) + Decimal::new(99, 2)
        }
        None => return json(200, &Value::Object(body)),
    };
    for (grade, factor) in GRADE_FACTORS {
        let value = (mint * Decimal::new(factor, 4)).round_dp(7);
        body.insert(
            grade.to_string(),
            json!({ "currency": "USD", "value": money_number(value) }),
        );
    }
    json(200, &Value::Object(body))
}

/// `GET /marketplace/stats/{release_id}`
pub(crate) fn stats(call: &Call<'_>, state: &State, release: &str) -> Reply {
    let Ok(release_id) = release.parse::<u64>() else {
        return not_found();
    };
    if let Some(currency) = query_value(call.request, "curr_abbr")
        && let Err(reply) = check_currency("curr_abbr", &currency)
    {
        return reply;
    }
    let for_sale: Vec<_> = state
        .listings
        .values()
        .filter(|listing| listing.release_id == release_id)
        .filter(|listing| listing.status == DiscogsListingStatus::ForSale)
        .collect();
    let lowest = for_sale.iter().min_by_key(|listing| listing.price);
    let body = match lowest {
        Some(listing) => json!({
            "lowest_price": { "currency": listing.currency, "value": money_number(listing.price) },
            "num_for_sale": for_sale.len(),
            "blocked_from_sale": false,
        }),
        None => json!({
            "lowest_price": null,
            "num_for_sale": null,
            "blocked_from_sale": false,
        }),
    };
    json(200, &body)
}
