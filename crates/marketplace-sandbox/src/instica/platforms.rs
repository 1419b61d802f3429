//! Listings and per-platform list/delist endpoints.
//!
//! Listing is asynchronous: a submitted listing is `in_progress` in the answer and becomes
//! `listed` (or `draft` when `is_draft` is true, the default) by the next request. An item
//! without a price fails with `listing_failed` and error code `price_not_set`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::model::{
    InsticaAuditEntry, InsticaItem, InsticaPlatform, InsticaPlatformListing, listing_status_label,
};
use super::{Call, FieldErrors, State, detail, not_found};
use crate::support::clock;
use crate::support::http::{
    Reply, bool_from_json, json, money_string, or_return, query_value, text_from_json,
};

pub(crate) fn platform_json(platform: &InsticaPlatform) -> Value {
    json!({
        "uid": format!("plat_{}", platform.slug),
        "name": platform.name,
        "display_name": platform.name,
        "slug": platform.slug,
        "platform_type": "marketplace",
        "supports_digital": false,
        "supports_api_connection": true,
        "connection_type": "oauth",
    })
}

fn listing_json(call: &Call<'_>, state: &State, listing: &InsticaPlatformListing) -> Value {
    let platform = state.platform(&listing.platform);
    let listed = listing.status == "listed";
    let error = listing.last_error.as_deref().map(|slug| {
        json!({
            "uid": format!("err_{slug}"),
            "slug": slug,
            "message": "The item has no listing price.",
            "description": "Set price_total_usd or listing_current_price before listing.",
        })
    });
    json!({
        "uid": listing.uid,
        "status": listing.status,
        "status_display": listing_status_label(&listing.status),
        "platform": platform.map(|platform| json!({
            "uid": format!("plat_{}", platform.slug),
            "name": platform.name,
            "display_name": platform.name,
            "slug": platform.slug,
            "platform_type": "marketplace",
        })),
        "listing_id": listing.listing_id,
        "listing_price_usd": listing.price.map_or(Value::Null, money_string),
        "marketplace_url": if listed {
            listing.listing_id.as_ref().map(|id| format!("{}/marketplace/{}/{}", call.base, listing.platform, id))
        } else {
            None
        },
        "marketplace_description": "",
        "ml_generated_title": null,
        "ml_generated_description": null,
        "marketplace_details": {},
        "is_sold": false,
        "permissions": {
            "can_list": matches!(listing.status.as_str(), "delisted" | "listing_failed" | "draft"),
            "can_delist": matches!(listing.status.as_str(), "listed" | "draft"),
            "can_update_price": listed,
            "can_retry_listing": listing.status == "listing_failed",
            "can_retry_delisting": false,
        },
        "action_reasons": {},
        "last_error_code": error,
    })
}

fn listing_price(item: &InsticaItem) -> Option<Decimal> {
    item.listing_current_price
        .or(item.price_total_usd)
        .filter(|price| *price > Decimal::ZERO)
}

/// Why an item cannot be listed on a platform right now, as (code, reason).
fn blocking(
    state: &State,
    item: &InsticaItem,
    platform: &InsticaPlatform,
) -> Option<(&'static str, String)> {
    if !platform.connected {
        return Some((
            "platform_not_connected",
            format!("{} is not connected.", platform.name),
        ));
    }
    if item.status == "sold" {
        return Some(("item_sold", "This item has been sold.".to_string()));
    }
    if state.listings.iter().any(|listing| {
        listing.item_uid == item.uid
            && listing.platform == platform.slug
            && matches!(listing.status.as_str(), "in_progress" | "listed" | "draft")
    }) {
        return Some((
            "already_listed",
            format!("Item is already listed on {}.", platform.name),
        ));
    }
    if listing_price(item).is_none() {
        return Some((
            "price_not_set",
            "The item has no listing price.".to_string(),
        ));
    }
    None
}

/// The detail view's per-platform eligibility.
pub(crate) fn listability(state: &State, item: &InsticaItem) -> Vec<Value> {
    state
        .platforms
        .iter()
        .map(|platform| {
            let block = blocking(state, item, platform);
            json!({
                "platform": platform_json(platform),
                "can_be_listed": block.is_none(),
                "blocking_code": block.as_ref().map(|(code, _)| *code),
                "blocking_reason": block.map(|(_, reason)| reason),
            })
        })
        .collect()
}

/// `GET /api/v1/inventory/{uid}/listings/`
pub(crate) fn listings(call: &Call<'_>, state: &State, uid: &str) -> Reply {
    if state.item(uid).is_none() {
        return not_found();
    }
    let body: Vec<Value> = state
        .listings
        .iter()
        .filter(|listing| listing.item_uid == uid)
        .map(|listing| listing_json(call, state, listing))
        .collect();
    json(200, &Value::Array(body))
}

fn platform_entry(
    call: &Call<'_>,
    state: &State,
    item: &InsticaItem,
    platform: &InsticaPlatform,
) -> Value {
    let block = blocking(state, item, platform);
    let listing = state
        .listings
        .iter()
        .find(|listing| listing.item_uid == item.uid && listing.platform == platform.slug);
    json!({
        "platform": platform_json(platform),
        "can_be_listed": block.is_none(),
        "blocking_code": block.as_ref().map(|(code, _)| *code),
        "blocking_reason": block.map(|(_, reason)| reason),
        "listing": listing.map(|listing| listing_json(call, state, listing)),
    })
}

/// `GET /api/v1/inventory/{uid}/platforms/`
pub(crate) fn platforms(call: &Call<'_>, state: &State, uid: &str) -> Reply {
    let Some(item) = state.item(uid) else {
        return not_found();
    };
    let body: Vec<Value> = state
        .platforms
        .iter()
        .map(|platform| platform_entry(call, state, item, platform))
        .collect();
    json(200, &Value::Array(body))
}

/// `GET /api/v1/inventory/{uid}/platforms/{slug}/`
pub(crate) fn platform_detail(call: &Call<'_>, state: &State, uid: &str, slug: &str) -> Reply {
    match (state.item(uid), state.platform(slug)) {
        (Some(item), Some(platform)) => json(200, &platform_entry(call, state, item, platform)),
        _ => not_found(),
    }
}

fn is_draft(call: &Call<'_>, body: &serde_json::Map<String, Value>) -> bool {
    body.get("is_draft")
        .and_then(bool_from_json)
        .or_else(|| {
            query_value(call.request, "is_draft")
                .and_then(|text| bool_from_json(&Value::String(text)))
        })
        .unwrap_or(true)
}

/// Submits an item to a platform. `Err` is a refusal; a missing price is not a refusal but a
/// `listing_failed` outcome, as the documentation describes.
pub(crate) fn list_on(
    state: &mut State,
    uid: &str,
    slug: &str,
    draft: bool,
) -> Result<Value, String> {
    let item = state.item(uid).cloned().ok_or("Not found.")?;
    let platform = state
        .platform(slug)
        .cloned()
        .ok_or_else(|| format!("Unknown platform: {slug}."))?;
    if let Some((code, reason)) = blocking(state, &item, &platform)
        && code != "price_not_set"
    {
        return Err(reason);
    }
    let price = listing_price(&item);
    let number = state.listings.len();
    let existing = state
        .listings
        .iter()
        .position(|listing| listing.item_uid == uid && listing.platform == slug);
    let listing_uid = match existing {
        Some(index) => state
            .listings
            .get(index)
            .map(|listing| listing.uid.clone())
            .unwrap_or_default(),
        None => state.next_uid("lst"),
    };
    let before = existing
        .and_then(|index| state.listings.get(index))
        .map_or("not_listed".to_string(), |listing| listing.status.clone());
    let (status, error, message) = match price {
        Some(_) => (
            "in_progress",
            None,
            format!("Listing submitted to {}.", platform.name),
        ),
        None => (
            "listing_failed",
            Some("price_not_set".to_string()),
            format!(
                "Listing on {} failed: the item has no listing price.",
                platform.name
            ),
        ),
    };
    let listing = InsticaPlatformListing {
        uid: listing_uid.clone(),
        item_uid: uid.to_string(),
        platform: slug.to_string(),
        status: status.to_string(),
        listing_id: price.map(|_| format!("{}", 394_857_200 + number)),
        price,
        is_draft: draft,
        last_error: error.clone(),
    };
    match existing.and_then(|index| state.listings.get_mut(index)) {
        Some(slot) => *slot = listing,
        None => state.listings.push(listing),
    }
    state.audit(InsticaAuditEntry {
        uid: String::new(),
        item_uid: uid.to_string(),
        action: "list".to_string(),
        platform: Some(slug.to_string()),
        status_before: Some(before),
        status_after: Some(status.to_string()),
        message: match price {
            Some(price) => format!("Listing on {} submitted at ${:.2}", platform.name, price),
            None => message.clone(),
        },
        severity: if error.is_some() { "error" } else { "info" }.to_string(),
        metadata: json!({
            "listing_price": price.map(|price| format!("{price:.2}")),
            "error_code": error,
            "is_draft": draft,
        }),
        created: clock::now_unix(),
    });
    Ok(json!({
        "platform": slug,
        "listing_uid": listing_uid,
        "status": status,
        "message": message,
    }))
}

/// Withdraws an item from a platform.
pub(crate) fn delist_from(state: &mut State, uid: &str, slug: &str) -> Result<Value, String> {
    state.item(uid).ok_or("Not found.")?;
    let platform = state
        .platform(slug)
        .cloned()
        .ok_or_else(|| format!("Unknown platform: {slug}."))?;
    let listing = state
        .listings
        .iter_mut()
        .find(|listing| {
            listing.item_uid == uid
                && listing.platform == slug
                && matches!(listing.status.as_str(), "listed" | "draft" | "in_progress")
        })
        .ok_or_else(|| format!("Item is not listed on {}.", platform.name))?;
    let before = listing.status.clone();
    listing.status = "delisting".to_string();
    let listing_uid = listing.uid.clone();
    state.audit(InsticaAuditEntry {
        uid: String::new(),
        item_uid: uid.to_string(),
        action: "delist".to_string(),
        platform: Some(slug.to_string()),
        status_before: Some(before),
        status_after: Some("delisting".to_string()),
        message: format!("Delisting from {} submitted", platform.name),
        severity: "info".to_string(),
        metadata: json!({}),
        created: clock::now_unix(),
    });
    Ok(json!({
        "platform": slug,
        "listing_uid": listing_uid,
        "status": "in_progress",
        "message": format!("Delisting submitted to {}.", platform.name),
    }))
}

/// `POST /api/v1/inventory/{uid}/platforms/{slug}/list/` and `…/delist/`
pub(crate) fn single(
    call: &Call<'_>,
    state: &mut State,
    uid: &str,
    slug: &str,
    action: &str,
) -> Reply {
    let body = or_return!(call.json_object());
    if state.item(uid).is_none() || state.platform(slug).is_none() {
        return not_found();
    }
    let outcome = match action {
        "list" => list_on(state, uid, slug, is_draft(call, &body)),
        "delist" => delist_from(state, uid, slug),
        _ => return not_found(),
    };
    match outcome {
        Ok(result) => json(200, &result),
        Err(reason) => detail(400, &reason),
    }
}

/// `POST /api/v1/inventory/{uid}/platform/{slug}/list/all/` and `…/delist/all/`: every
/// connected platform (list) or every platform the item is listed on (delist).
pub(crate) fn all_connected(call: &Call<'_>, state: &mut State, uid: &str, action: &str) -> Reply {
    let body = or_return!(call.json_object());
    if state.item(uid).is_none() {
        return not_found();
    }
    let slugs: Vec<String> = match action {
        "list" => state
            .platforms
            .iter()
            .filter(|platform| platform.connected)
            .map(|platform| platform.slug.clone())
            .collect(),
        "delist" => active_platforms(state, uid),
        _ => return not_found(),
    };
    let results = run_for_platforms(call, state, uid, action, &slugs, &body);
    json(200, &json!({ "results": results }))
}

fn active_platforms(state: &State, uid: &str) -> Vec<String> {
    state
        .listings
        .iter()
        .filter(|listing| {
            listing.item_uid == uid
                && matches!(listing.status.as_str(), "listed" | "draft" | "in_progress")
        })
        .map(|listing| listing.platform.clone())
        .collect()
}

fn run_for_platforms(
    call: &Call<'_>,
    state: &mut State,
    uid: &str,
    action: &str,
    slugs: &[String],
    body: &serde_json::Map<String, Value>,
) -> Vec<Value> {
    let draft = is_draft(call, body);
    slugs
        .iter()
        .map(|slug| {
            let outcome = if action == "list" {
                list_on(state, uid, slug, draft)
            } else {
                delist_from(state, uid, slug)
            };
            outcome.unwrap_or_else(|reason| {
                json!({ "platform": slug, "listing_uid": null, "status": "error", "message": reason })
            })
        })
        .collect()
}

/// `POST /api/v1/inventory/{uid}/platforms/bulk/list/` and `…/bulk/delist/`
pub(crate) fn bulk_for_item(call: &Call<'_>, state: &mut State, uid: &str, action: &str) -> Reply {
    let body = or_return!(call.json_object());
    if state.item(uid).is_none() || !matches!(action, "list" | "delist") {
        return not_found();
    }
    let slugs = match platform_list(state, &body, action == "list") {
        Ok(Some(slugs)) => slugs,
        Ok(None) => active_platforms(state, uid),
        Err(errors) => return errors.into_reply(),
    };
    let results = run_for_platforms(call, state, uid, action, &slugs, &body);
    json(200, &json!({ "results": results }))
}

/// Reads a `platforms` array of slugs; `Ok(None)` when it is absent and not required.
pub(crate) fn platform_list(
    state: &State,
    body: &serde_json::Map<String, Value>,
    required: bool,
) -> Result<Option<Vec<String>>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let Some(value) = body.get("platforms").filter(|value| !value.is_null()) else {
        if required {
            errors.add("platforms", "This field is required.");
            return Err(errors);
        }
        return Ok(None);
    };
    let Some(list) = value.as_array() else {
        errors.add("platforms", "Expected a list of items.");
        return Err(errors);
    };
    if list.is_empty() && required {
        errors.add("platforms", "This list may not be empty.");
        return Err(errors);
    }
    let mut slugs = Vec::new();
    for entry in list {
        let slug = text_from_json(entry).unwrap_or_default();
        if state.platform(&slug).is_none() {
            errors.add("platforms", format!("Unknown platform: {slug}."));
        } else {
            slugs.push(slug);
        }
    }
    if errors.is_empty() {
        Ok(Some(slugs))
    } else {
        Err(errors)
    }
}
