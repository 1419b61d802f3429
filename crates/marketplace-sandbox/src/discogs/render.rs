//! How the Discogs fake writes a listing, a release and money: the shapes the inventory pages,
//! the single listing and the orders share.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::model::{DiscogsListing, DiscogsMissingShipping, DiscogsRelease, currency_id};
use super::{Call, State};
use crate::support::clock;
use crate::support::http::money_number;

/// The keys only the inventory's owner sees (field notes §1.8; documented for the listing too).
const OWNER_KEYS: [&str; 5] = [
    "weight",
    "format_quantity",
    "external_id",
    "location",
    "quantity",
];

/// `{"currency": …, "value": …}`: a listing's `price` and `shipping_price`.
fn price_json(currency: &str, amount: Decimal) -> Value {
    json!({ "currency": currency, "value": money_number(amount) })
}

/// `{"curr_abbr", "curr_id", "formatted", "value"}`: `original_price` and
/// `original_shipping_price`.
fn original_json(currency: &str, amount: Decimal) -> Value {
    json!({
        "curr_abbr": currency,
        "curr_id": currency_id(currency),
        "formatted": format_money(currency, amount),
        "value": money_number(amount),
    })
}

/// The JSON of one listing, in an inventory page or on its own (the same keys: live inventory
/// pages carry `original_price` and both shipping objects too, field notes §1.8). `owner` adds
/// the owner's private fields.
pub(crate) fn listing_json(
    call: &Call<'_>,
    state: &State,
    listing: &DiscogsListing,
    owner: bool,
) -> Value {
    let release = state.release(listing.release_id);
    let mut body = json!({
        "id": listing.id,
        "status": listing.status.as_str(),
        "price": price_json(&listing.currency, listing.price),
        "original_price": original_json(&listing.currency, listing.price),
        "allow_offers": listing.allow_offers,
        "condition": listing.condition,
        "sleeve_condition": listing.sleeve_condition,
        "posted": clock::rfc3339_offset(listing.posted),
        "ships_from": listing.ships_from,
        "uri": format!("{}/sell/item/{}", call.base, listing.id),
        "comments": listing.comments,
        "seller": call.user_json(&listing.seller),
        "release": release_json(call, &release),
        "resource_url": format!("{}/marketplace/listings/{}", call.base, listing.id),
        "audio": false,
        "shipping_is_blocked": listing.shipping_is_blocked,
    });
    let Some(fields) = body.as_object_mut() else {
        return body;
    };
    insert_shipping(fields, listing, call.config.missing_shipping);
    if call.caller.username().is_some() {
        fields.insert("in_cart".to_string(), Value::Bool(false));
    } else if call.config.hidden_fields_as_null {
        fields.insert("in_cart".to_string(), Value::Null);
    }
    if owner {
        fields.insert("weight".to_string(), json!(listing.weight));
        fields.insert(
            "format_quantity".to_string(),
            json!(listing.format_quantity),
        );
        fields.insert("external_id".to_string(), json!(listing.external_id));
        fields.insert("location".to_string(), json!(listing.location));
        fields.insert("quantity".to_string(), json!(listing.quantity));
    } else if call.config.hidden_fields_as_null {
        for key in OWNER_KEYS {
            fields.insert(key.to_string(), Value::Null);
        }
    }
    body
}

/// `shipping_price` and `original_shipping_price`: the amounts when the listing has one, else
/// what [`DiscogsMissingShipping`] says (`{}` by default, as live pages send).
fn insert_shipping(
    fields: &mut Map<String, Value>,
    listing: &DiscogsListing,
    missing: DiscogsMissingShipping,
) {
    let (shipping, original) = match listing.shipping_price {
        Some(amount) => (
            price_json(&listing.currency, amount),
            original_json(&listing.currency, amount),
        ),
        None => match missing {
            DiscogsMissingShipping::EmptyObject => (json!({}), json!({})),
            DiscogsMissingShipping::Null => (Value::Null, Value::Null),
            DiscogsMissingShipping::Absent => return,
        },
    };
    fields.insert("shipping_price".to_string(), shipping);
    fields.insert("original_shipping_price".to_string(), original);
}

pub(crate) fn release_json(call: &Call<'_>, release: &DiscogsRelease) -> Value {
    json!({
        "id": release.id,
        "catalog_number": release.catalog_number,
        "resource_url": format!("{}/releases/{}", call.base, release.id),
        "year": release.year,
        "description": release.description(),
        "artist": release.artist,
        "title": release.title,
        "format": release.format,
        "thumbnail": "",
    })
}

/// `$5.00`, `£1.21`, `€12.50`, `¥1200`, `12.50 SEK`.
pub(crate) fn format_money(currency: &str, amount: Decimal) -> String {
    let amount = amount.round_dp(2);
    match currency {
        "USD" | "CAD" | "AUD" | "NZD" | "MXN" => format!("${amount:.2}"),
        "GBP" => format!("£{amount:.2}"),
        "EUR" => format!("€{amount:.2}"),
        "JPY" => format!("¥{amount:.0}"),
        other => format!("{amount:.2} {other}"),
    }
}
