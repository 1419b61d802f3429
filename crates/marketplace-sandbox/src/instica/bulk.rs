//! Bulk operations over up to 100 items: price, status, field updates, delete, restore, list
//! and delist.
//!
//! Request-level problems (missing or too many items, bad values) answer 400 with field errors
//! and change nothing. Item-level problems (unknown uid, sold item, active listings) are reported
//! per item in `errors` while the other items are updated.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::errors::{not_a_dictionary, python_type};
use super::items::{check_money, condition_field, money_field};
use super::model::{BULK_STATUSES, InsticaAuditEntry};
use super::platforms::{delist_from, list_on, platform_list};
use super::{Call, FieldErrors, MAX_BULK_ITEMS, State, not_found};
use crate::support::clock;
use crate::support::http::{Reply, bool_from_json, json, or_return, text_from_json};

/// Keys the bulk field update may change.
const UPDATABLE_FIELDS: [&str; 6] = [
    "condition_item",
    "condition_container",
    "notes",
    "location",
    "price_total_usd",
    "price_shipping_usd",
];

/// `GET /api/v1/inventory/bulk/settings/` (alias `bulk/config/`): the limits a client should
/// respect.
pub(crate) fn settings() -> Reply {
    json(
        200,
        &json!({
            "max_items_per_batch": MAX_BULK_ITEMS,
            "is_pro": true,
            "allowed_bulk_statuses": BULK_STATUSES,
        }),
    )
}

/// Per-item outcomes of one bulk request.
#[derive(Default)]
struct Tally {
    updated: Vec<String>,
    errors: Vec<Value>,
}

impl Tally {
    fn record(&mut self, uid: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.updated.push(uid.to_string()),
            Err(error) => self.errors.push(json!({ "uid": uid, "error": error })),
        }
    }

    fn reply(self, total: usize) -> Reply {
        json(
            200,
            &json!({
                "success_count": self.updated.len(),
                "failure_count": self.errors.len(),
                "total_count": total,
                "errors": self.errors,
                "updated_uids": self.updated,
            }),
        )
    }
}

/// Reads `items`: 1–100 uid strings, checked as DRF's `ListField` of `CharField`s checks them
/// (field notes §4): a non-list is `Expected a list of items but got type "dict".`, and a bad
/// element is reported under its index, `{"items": {"1": ["Not a valid string."]}}`.
fn item_uids(body: &Map<String, Value>, errors: &mut FieldErrors) -> Vec<String> {
    let list = match body.get("items") {
        None => {
            errors.add("items", "This field is required.");
            return Vec::new();
        }
        Some(Value::Null) => {
            errors.add("items", "This field may not be null.");
            return Vec::new();
        }
        Some(Value::Array(list)) => list,
        Some(other) => {
            errors.add(
                "items",
                format!(
                    "Expected a list of items but got type \"{}\".",
                    python_type(other)
                ),
            );
            return Vec::new();
        }
    };
    if list.is_empty() {
        errors.add("items", "Ensure this field has at least 1 elements.");
    }
    if list.len() > MAX_BULK_ITEMS {
        errors.add(
            "items",
            format!("Ensure this field has no more than {MAX_BULK_ITEMS} elements."),
        );
    }
    let mut uids = Vec::new();
    for (index, element) in list.iter().enumerate() {
        let uid = match element {
            Value::String(text) => text.trim().to_string(),
            Value::Number(number) => number.to_string(),
            Value::Null => {
                errors.add_at("items", index, "This field may not be null.");
                continue;
            }
            _ => {
                errors.add_at("items", index, "Not a valid string.");
                continue;
            }
        };
        if uid.is_empty() {
            errors.add_at("items", index, "This field may not be blank.");
        } else {
            uids.push(uid);
        }
    }
    uids
}

/// `POST /api/v1/inventory/bulk/{operation}/`
pub(crate) fn run(call: &Call<'_>, state: &mut State, operation: &str) -> Reply {
    let body = or_return!(call.json_object());
    let mut errors = FieldErrors::default();
    let uids = item_uids(&body, &mut errors);
    let total = uids.len();
    let mut tally = Tally::default();
    match operation {
        "price" => {
            let value = match body.get("value").filter(|value| !value.is_null()) {
                None => {
                    errors.add("value", "This field is required.");
                    None
                }
                Some(value) => match check_signed_money(value) {
                    Ok(amount) => Some(amount),
                    Err(text) => {
                        errors.add("value", text);
                        None
                    }
                },
            };
            let mode = body
                .get("mode")
                .and_then(text_from_json)
                .unwrap_or_else(|| "set".to_string());
            if !matches!(
                mode.as_str(),
                "set" | "increase" | "decrease" | "percentage"
            ) {
                errors.add("mode", format!("\"{mode}\" is not a valid choice."));
            }
            let Some(value) = value.filter(|_| errors.is_empty()) else {
                return errors.into_reply();
            };
            for uid in &uids {
                let outcome = change_price(state, uid, &mode, value);
                tally.record(uid, outcome);
            }
        }
        "status" => {
            let status = body.get("status").and_then(text_from_json);
            match &status {
                None => errors.add("status", "This field is required."),
                Some(status) if !BULK_STATUSES.contains(&status.as_str()) => {
                    errors.add("status", format!("\"{status}\" is not a valid choice."));
                }
                Some(_) => {}
            }
            let Some(status) = status.filter(|_| errors.is_empty()) else {
                return errors.into_reply();
            };
            for uid in &uids {
                let outcome = change_status(state, uid, &status);
                tally.record(uid, outcome);
            }
        }
        "fields" | "update" => {
            let updates = match body.get("updates") {
                Some(Value::Object(updates)) => updates.clone(),
                Some(other) => {
                    errors.nest("updates", not_a_dictionary(other));
                    Map::new()
                }
                None => {
                    errors.add("updates", "This field is required.");
                    Map::new()
                }
            };
            for key in updates.keys() {
                if !UPDATABLE_FIELDS.contains(&key.as_str()) {
                    errors.add(
                        "updates",
                        format!(
                            "Unsupported field: {key}. Allowed: {}.",
                            UPDATABLE_FIELDS.join(", ")
                        ),
                    );
                }
            }
            if errors.has("updates") {
                return errors.into_reply();
            }
            // `updates` is a nested object: its values' errors nest under it (field notes §4).
            let mut nested = FieldErrors::default();
            let item_condition = condition_field(&updates, "condition_item", &mut nested);
            let container_condition = condition_field(&updates, "condition_container", &mut nested);
            let total_price = money_field(&updates, "price_total_usd", 10, &mut nested);
            let shipping_price = money_field(&updates, "price_shipping_usd", 10, &mut nested);
            errors.nest("updates", nested);
            if !errors.is_empty() {
                return errors.into_reply();
            }
            let text = |key: &str| updates.get(key).map(text_from_json);
            let notes = text("notes");
            let location = text("location");
            for uid in &uids {
                let outcome = match state.item_mut(uid) {
                    None => Err("Not found.".to_string()),
                    Some(item) => {
                        if let Some(condition) = &item_condition {
                            item.condition_item.clone_from(condition);
                            if !item.condition_container_manually_set {
                                item.condition_container.clone_from(condition);
                            }
                        }
                        if let Some(condition) = &container_condition {
                            item.condition_container.clone_from(condition);
                            item.condition_container_manually_set = true;
                        }
                        if let Some(price) = total_price {
                            item.price_total_usd = price;
                        }
                        if let Some(price) = shipping_price {
                            item.price_shipping_usd = price;
                        }
                        if let Some(notes) = &notes {
                            item.notes.clone_from(notes);
                        }
                        if let Some(location) = &location {
                            item.location.clone_from(location);
                        }
                        item.updated = clock::now_unix();
                        Ok(())
                    }
                };
                tally.record(uid, outcome);
            }
        }
        "delete" => {
            let hard = body
                .get("hard_delete")
                .and_then(bool_from_json)
                .unwrap_or(false);
            if !errors.is_empty() {
                return errors.into_reply();
            }
            for uid in &uids {
                let outcome = match state.item(uid) {
                    None => Err("Not found.".to_string()),
                    Some(item) if !state.is_deletable(item) => Err(
                        "This item has active listings or orders and cannot be deleted."
                            .to_string(),
                    ),
                    Some(_) => {
                        if hard {
                            state.items.retain(|item| item.uid != *uid);
                        } else if let Some(item) = state.item_mut(uid) {
                            item.deleted = true;
                            item.updated = clock::now_unix();
                        }
                        Ok(())
                    }
                };
                tally.record(uid, outcome);
            }
        }
        "restore" => {
            let target = body
                .get("target_status")
                .and_then(text_from_json)
                .unwrap_or_else(|| "draft".to_string());
            if !matches!(
                target.as_str(),
                "draft" | "purchased" | "received" | "ready-to-sell"
            ) {
                errors.add(
                    "target_status",
                    format!("\"{target}\" is not a valid choice."),
                );
            }
            if !errors.is_empty() {
                return errors.into_reply();
            }
            for uid in &uids {
                let outcome = match state.items.iter_mut().find(|item| item.uid == *uid) {
                    None => Err("Not found.".to_string()),
                    Some(item) if !item.deleted => Err("Item is not deleted.".to_string()),
                    Some(item) => {
                        item.deleted = false;
                        item.status.clone_from(&target);
                        item.updated = clock::now_unix();
                        Ok(())
                    }
                };
                tally.record(uid, outcome);
            }
        }
        "list" | "delist" => {
            let listing = operation == "list";
            let slugs = match platform_list(state, &body, listing) {
                Ok(slugs) => slugs,
                Err(platform_errors) => {
                    if let Value::Object(fields) = platform_errors.into_value() {
                        for (field, messages) in fields {
                            for message in messages.as_array().into_iter().flatten() {
                                errors.add(&field, text_from_json(message).unwrap_or_default());
                            }
                        }
                    }
                    None
                }
            };
            if !errors.is_empty() {
                return errors.into_reply();
            }
            let draft = body
                .get("is_draft")
                .and_then(bool_from_json)
                .unwrap_or(true);
            for uid in &uids {
                if state.item(uid).is_none() {
                    tally.record(uid, Err("Not found.".to_string()));
                    continue;
                }
                let targets = slugs.clone().unwrap_or_else(|| {
                    state
                        .listings
                        .iter()
                        .filter(|entry| {
                            entry.item_uid == *uid
                                && matches!(
                                    entry.status.as_str(),
                                    "listed" | "draft" | "in_progress"
                                )
                        })
                        .map(|entry| entry.platform.clone())
                        .collect()
                });
                let mut problems = Vec::new();
                for slug in &targets {
                    let outcome = if listing {
                        list_on(state, uid, slug, draft)
                    } else {
                        delist_from(state, uid, slug)
                    };
                    match outcome {
                        Ok(result)
                            if result.get("status").and_then(Value::as_str)
                                == Some("listing_failed") =>
                        {
                            problems.push(format!("{slug}: price_not_set"));
                        }
                        Ok(_) => {}
                        Err(reason) => problems.push(format!("{slug}: {reason}")),
                    }
                }
                let outcome = if problems.is_empty() {
                    Ok(())
                } else {
                    Err(problems.join(" "))
                };
                tally.record(uid, outcome);
            }
        }
        _ => return not_found(),
    }
    tally.reply(total)
}

/// The bulk price `value`: at most 10 digits and 2 decimals; negative only makes sense for a
/// percentage, which the per-item step checks.
fn check_signed_money(value: &Value) -> Result<Decimal, String> {
    let negative = crate::support::http::decimal_from_json(value)
        .is_some_and(|amount| amount.is_sign_negative());
    if negative {
        let positive = crate::support::http::decimal_from_json(value)
            .map(|amount| Value::String(amount.abs().to_string()))
            .unwrap_or(Value::Null);
        return check_money(&positive, 10).map(|amount| -amount);
    }
    check_money(value, 10)
}

fn change_price(state: &mut State, uid: &str, mode: &str, value: Decimal) -> Result<(), String> {
    let item = state.item_mut(uid).ok_or("Not found.")?;
    let current = item.price_total_usd;
    let base = current.unwrap_or(Decimal::ZERO);
    let new_price = match mode {
        "set" => value,
        "increase" => base + value,
        "decrease" => base - value,
        // A percentage changes the price by that many percent: 10 raises it by a tenth,
        // -10 lowers it by a tenth.
        _ => {
            if current.is_none() {
                return Err("Item has no price to change by a percentage.".to_string());
            }
            base * (Decimal::ONE_HUNDRED + value) / Decimal::ONE_HUNDRED
        }
    }
    .round_dp(2);
    if new_price.is_sign_negative() {
        return Err("The resulting price would be negative.".to_string());
    }
    item.price_total_usd = Some(new_price);
    item.updated = clock::now_unix();
    state.audit(InsticaAuditEntry {
        uid: String::new(),
        item_uid: uid.to_string(),
        action: "price_update".to_string(),
        platform: None,
        status_before: None,
        status_after: None,
        message: format!("Price changed to ${new_price:.2}"),
        severity: "info".to_string(),
        metadata: json!({
            "price_before": current.map(|price| format!("{price:.2}")),
            "price_after": format!("{new_price:.2}"),
            "mode": mode,
        }),
        created: clock::now_unix(),
    });
    Ok(())
}

fn change_status(state: &mut State, uid: &str, status: &str) -> Result<(), String> {
    let item = state.item(uid).ok_or("Not found.")?;
    if item.status == "sold" {
        return Err("Sold items cannot change status.".to_string());
    }
    if state.has_active_listing(uid) {
        return Err("Item has active listings; delist it first.".to_string());
    }
    let before = item.status.clone();
    if let Some(item) = state.item_mut(uid) {
        item.status = status.to_string();
        item.updated = clock::now_unix();
    }
    state.audit(InsticaAuditEntry {
        uid: String::new(),
        item_uid: uid.to_string(),
        action: "status_change".to_string(),
        platform: None,
        status_before: Some(before),
        status_after: Some(status.to_string()),
        message: format!("Status changed to {status}"),
        severity: "info".to_string(),
        metadata: json!({}),
        created: clock::now_unix(),
    });
    Ok(())
}
