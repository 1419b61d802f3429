//! Inventory item endpoints: list, create, read, update and delete.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::assets::asset_json;
use super::errors::not_a_dictionary;
use super::model::{
    ITEM_TYPES, InsticaItem, InsticaProduct, STATUSES, condition_label, normalize_condition,
    status_label,
};
use super::platforms::listability;
use super::{Call, FieldErrors, State, detail, not_found, paginate};
use crate::support::clock;
use crate::support::http::{
    Reply, bool_from_json, decimal_from_json, empty, json, money_string, or_return, query_pairs,
    text_from_json,
};

/// `GET /api/v1/inventory/`
pub(crate) fn list(call: &Call<'_>, state: &State) -> Reply {
    let pairs = query_pairs(call.request);
    let mut wanted_statuses = Vec::new();
    for (_, value) in pairs.iter().filter(|(key, _)| key == "status") {
        for status in value
            .split(',')
            .map(str::trim)
            .filter(|status| !status.is_empty())
        {
            if !STATUSES.iter().any(|(code, _)| *code == status) {
                let mut errors = FieldErrors::default();
                errors.add(
                    "status",
                    format!("Select a valid choice. {status} is not one of the available choices."),
                );
                return errors.into_reply();
            }
            wanted_statuses.push(status.to_string());
        }
    }
    let search = pairs
        .iter()
        .find(|(key, _)| key == "search")
        .map(|(_, value)| value.trim().to_lowercase())
        .filter(|value| !value.is_empty());
    let mut items: Vec<&InsticaItem> = state
        .items
        .iter()
        .filter(|item| !item.deleted)
        .filter(|item| wanted_statuses.is_empty() || wanted_statuses.contains(&item.status))
        .filter(|item| match &search {
            None => true,
            Some(needle) => searchable_text(state, item).contains(needle.as_str()),
        })
        .collect();
    let ordering = pairs
        .iter()
        .find(|(key, _)| key == "ordering")
        .map_or("-created", |(_, value)| value.as_str());
    let (descending, field) = match ordering.strip_prefix('-') {
        Some(field) => (true, field),
        None => (false, ordering),
    };
    items.sort_by(|a, b| {
        let ordering = match field {
            "updated" => a.updated.cmp(&b.updated),
            "name" | "title" => title(state, a).cmp(&title(state, b)),
            "price_total_usd" => a.price_total_usd.cmp(&b.price_total_usd),
            "status" => a.status.cmp(&b.status),
            "condition_item" => a.condition_item.cmp(&b.condition_item),
            "manual_sku" => a.manual_sku.cmp(&b.manual_sku),
            // Older items have been in inventory longer.
            "days_in_inventory" => b.created.cmp(&a.created),
            _ => a.created.cmp(&b.created),
        };
        ordering.then(a.uid.cmp(&b.uid))
    });
    if descending {
        items.reverse();
    }
    // Only the asked page is rendered: a large inventory costs a page's work per request.
    paginate(call, items, |item| item_json(call, state, item, false))
}

fn searchable_text(state: &State, item: &InsticaItem) -> String {
    let product = item
        .product_uid
        .as_ref()
        .and_then(|uid| state.products.get(uid));
    [
        item.name.clone(),
        Some(item.manual_description.clone()),
        item.manual_sku.clone(),
        product.map(|product| product.title.clone()),
        product.and_then(|product| product.artist.clone()),
        product.and_then(|product| product.catalog_number.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

/// The computed title: the manual name, else `InsticaProduct - Grade`, else the product title.
pub(crate) fn title(state: &State, item: &InsticaItem) -> String {
    if let Some(name) = item.name.as_ref().filter(|name| !name.is_empty()) {
        return name.clone();
    }
    let product = item
        .product_uid
        .as_ref()
        .and_then(|uid| state.products.get(uid));
    match (
        product,
        item.condition_item.as_deref().and_then(condition_label),
    ) {
        (Some(product), Some(grade)) => format!("{} - {grade}", product.title),
        (Some(product), None) => product.title.clone(),
        _ => "Untitled item".to_string(),
    }
}

fn price(value: Option<Decimal>) -> Value {
    value.map_or(Value::Null, money_string)
}

pub(crate) fn item_json(call: &Call<'_>, state: &State, item: &InsticaItem, detail: bool) -> Value {
    let now = clock::now_unix();
    let product = item
        .product_uid
        .as_ref()
        .and_then(|uid| state.products.get(uid));
    let product_json = product.map_or(Value::Null, |product| {
        json!({
            "uid": product.uid,
            "title": product.title,
            "type": "physical",
            "artist": product.artist.as_ref().map(|name| json!({
                "uid": format!("art_{}", product.uid.trim_start_matches("prod_")),
                "name": name,
            })),
            "catalog_number": product.catalog_number,
        })
    });
    let item_type = item.item_type_uid.as_ref().and_then(|uid| {
        ITEM_TYPES
            .iter()
            .find(|(known, _, _)| known == uid)
            .map(|(uid, name, slug)| json!({ "uid": uid, "name": name, "slug": slug }))
    });
    let assets: Vec<Value> = state
        .assets
        .iter()
        .filter(|asset| asset.item_uid == item.uid)
        .map(|asset| asset_json(call, asset))
        .collect();
    let days = |since: i64| ((now - since).max(0) as f64 / 86_400.0 * 10.0).round() / 10.0;
    let resolved_sku = item
        .manual_sku
        .clone()
        .or_else(|| product.and_then(|product| product.sku.clone()));
    let mut body = json!({
        "uid": item.uid,
        "title": title(state, item),
        "name": item.name,
        "user": { "uid": "usr_sandbox", "username": "sandbox", "email": "sandbox@example.com" },
        "organization": {
            "uid": "org_sandbox",
            "display_name": "Sandbox Records",
            "slug": "sandbox-records",
            "default_barcode_type": "code128",
        },
        "product": product_json,
        "inventory_item_type": item_type,
        "condition_item": item.condition_item,
        "condition_item_display": item.condition_item.as_deref().and_then(condition_label),
        "condition_container": item.condition_container,
        "condition_container_display": item.condition_container.as_deref().and_then(condition_label),
        "condition_comments": item.condition_comments,
        "condition_seller_description": item.condition_seller_description,
        "grade_tier_code": item.condition_item,
        "grade_tier_label": item.condition_item.as_deref().and_then(condition_label),
        "status": item.status,
        "status_display": status_label(&item.status),
        "price_total_usd": price(item.price_total_usd),
        "price_item_usd": price(item.price_item_usd),
        "price_shipping_usd": price(item.price_shipping_usd),
        "price_expected_usd": price(item.price_expected_usd),
        "price_purchased_item": price(item.price_purchased_item),
        "price_for_purchases_shipping": price(item.price_for_purchases_shipping),
        "listing_current_price": price(item.listing_current_price),
        "default_pricing_model": null,
        "manual_description": item.manual_description,
        "manual_sku": item.manual_sku,
        "resolved_sku": resolved_sku,
        "resolved_sku_source": if item.manual_sku.is_some() { "manual" } else { "product" },
        "assets": assets,
        "days_in_inventory": days(item.created),
        "days_listed": item.listed_at.map_or(0.0, days),
        "listed_at": item.listed_at.map(clock::rfc3339_z),
        "is_deletable": state.is_deletable(item),
        "created": clock::rfc3339_z(item.created),
        "updated": clock::rfc3339_z(item.updated),
    });
    if detail && let Some(fields) = body.as_object_mut() {
        fields.insert("is_sold".to_string(), Value::Bool(item.status == "sold"));
        fields.insert(
            "platform_listability".to_string(),
            Value::Array(listability(state, item)),
        );
    }
    body
}

/// `POST /api/v1/inventory/`
pub(crate) fn create(call: &Call<'_>, state: &mut State) -> Reply {
    let fields = or_return!(call.json_object());
    let mut errors = FieldErrors::default();
    let has_product_uid = fields
        .get("product_uid")
        .is_some_and(|value| !value.is_null());
    let has_name = fields
        .get("name")
        .and_then(text_from_json)
        .is_some_and(|name| !name.trim().is_empty());
    if !has_product_uid && !has_name {
        errors.add(
            "name",
            "This field is required if no product_uid is specified.",
        );
    }
    let now = clock::now_unix();
    let mut item = InsticaItem::new(String::new());
    item.name = None;
    item.created = now;
    item.updated = now;
    apply_fields(state, &mut item, &fields, &mut errors);
    if !errors.is_empty() {
        return errors.into_reply();
    }
    let uid = state.insert_item(item);
    match state.item(&uid) {
        Some(item) => json(201, &item_json(call, state, item, false)),
        None => not_found(),
    }
}

/// `GET /api/v1/inventory/{uid}/`
pub(crate) fn show(call: &Call<'_>, state: &State, uid: &str) -> Reply {
    match state.item(uid) {
        Some(item) => json(200, &item_json(call, state, item, true)),
        None => not_found(),
    }
}

/// `PATCH /api/v1/inventory/{uid}/`
pub(crate) fn update(call: &Call<'_>, state: &mut State, uid: &str) -> Reply {
    let fields = or_return!(call.json_object());
    let Some(mut item) = state.item(uid).cloned() else {
        return not_found();
    };
    let mut errors = FieldErrors::default();
    apply_fields(state, &mut item, &fields, &mut errors);
    if !errors.is_empty() {
        return errors.into_reply();
    }
    item.updated = clock::now_unix();
    state.insert_item(item);
    match state.item(uid) {
        Some(item) => json(200, &item_json(call, state, item, true)),
        None => not_found(),
    }
}

/// `DELETE /api/v1/inventory/{uid}/` (a soft delete)
pub(crate) fn delete(state: &mut State, uid: &str) -> Reply {
    let Some(item) = state.item(uid) else {
        return not_found();
    };
    if !state.is_deletable(item) {
        return detail(
            400,
            "This item has active listings or orders and cannot be deleted.",
        );
    }
    if let Some(item) = state.item_mut(uid) {
        item.deleted = true;
        item.updated = clock::now_unix();
    }
    empty(204)
}

/// Reads a money field: `None` when absent, `Some(None)` when sent as null.
pub(crate) fn money_field(
    fields: &Map<String, Value>,
    key: &str,
    max_digits: u32,
    errors: &mut FieldErrors,
) -> Option<Option<Decimal>> {
    let value = fields.get(key)?;
    if value.is_null() {
        return Some(None);
    }
    match check_money(value, max_digits) {
        Ok(amount) => Some(Some(amount)),
        Err(text) => {
            errors.add(key, text);
            None
        }
    }
}

/// Checks a decimal the way the API does: a number, at most two decimals, at most
/// `max_digits` digits, not negative.
pub(crate) fn check_money(value: &Value, max_digits: u32) -> Result<Decimal, String> {
    let amount = decimal_from_json(value).ok_or("A valid number is required.")?;
    let amount = amount.normalize();
    if amount.scale() > 2 {
        return Err("Ensure that there are no more than 2 decimal places.".to_string());
    }
    let digits = amount
        .abs()
        .trunc()
        .to_string()
        .trim_start_matches('0')
        .len() as u32
        + 2;
    if digits > max_digits {
        return Err(format!(
            "Ensure that there are no more than {max_digits} digits in total."
        ));
    }
    if amount.is_sign_negative() {
        return Err("Ensure this value is greater than or equal to 0.".to_string());
    }
    Ok(amount)
}

/// Reads a condition code (or label) field.
pub(crate) fn condition_field(
    fields: &Map<String, Value>,
    key: &str,
    errors: &mut FieldErrors,
) -> Option<Option<String>> {
    let value = fields.get(key)?;
    if value.is_null() {
        return Some(None);
    }
    let text = text_from_json(value).unwrap_or_default();
    match normalize_condition(&text) {
        Some(code) => Some(Some(code.to_string())),
        None => {
            errors.add(key, format!("\"{text}\" is not a valid choice."));
            None
        }
    }
}

/// Applies the writable fields of a create or update body, collecting field errors.
pub(crate) fn apply_fields(
    state: &mut State,
    item: &mut InsticaItem,
    fields: &Map<String, Value>,
    errors: &mut FieldErrors,
) {
    let text = |key: &str| fields.get(key).map(text_from_json);
    if let Some(uid) = text("product_uid").flatten() {
        if state.products.contains_key(&uid) {
            item.product_uid = Some(uid);
        } else {
            errors.add("product_uid", "Product not found.");
        }
    } else if let Some(title) = text("product_title").flatten() {
        let mut product = InsticaProduct::new(String::new(), title);
        product.catalog_number = text("product_catalog_number").flatten();
        product.sku = text("product_sku").flatten();
        product.upc = text("product_upc").flatten();
        product.year = text("product_year").flatten();
        // A nested object: its errors nest under its key, DRF's shape (field notes §4).
        match fields.get("product_metadata") {
            None | Some(Value::Null) => {}
            Some(Value::Object(metadata)) => {
                let mut inner = FieldErrors::default();
                if metadata.get("external_id").is_none_or(Value::is_null) {
                    inner.add("external_id", "This field is required.");
                }
                errors.nest("product_metadata", inner);
            }
            Some(other) => errors.nest("product_metadata", not_a_dictionary(other)),
        }
        if errors.is_empty() {
            product.uid = state.next_uid("prod");
            item.product_uid = Some(product.uid.clone());
            state.products.insert(product.uid.clone(), product);
        }
    }
    if let Some(name) = text("name") {
        item.name = name;
    }
    if let Some(condition) = condition_field(fields, "condition_item", errors) {
        item.condition_item = condition;
    }
    if let Some(value) = fields.get("condition_container_manually_set") {
        item.condition_container_manually_set = bool_from_json(value).unwrap_or(false);
    }
    if let Some(condition) = condition_field(fields, "condition_container", errors) {
        item.condition_container = condition;
        item.condition_container_manually_set = true;
    } else if !item.condition_container_manually_set {
        item.condition_container.clone_from(&item.condition_item);
    }
    for (key, slot) in [
        ("condition_comments", &mut item.condition_comments),
        ("manual_description", &mut item.manual_description),
        (
            "condition_seller_description",
            &mut item.condition_seller_description,
        ),
    ] {
        if let Some(value) = text(key) {
            *slot = value.unwrap_or_default();
        }
    }
    if let Some(sku) = text("manual_sku") {
        item.manual_sku = sku;
    }
    if let Some(value) = text("status") {
        let status = value.unwrap_or_default();
        if STATUSES.iter().any(|(code, _)| *code == status) {
            item.status = status;
        } else {
            errors.add("status", format!("\"{status}\" is not a valid choice."));
        }
    }
    if let Some(value) = text("inventory_item_type_uid") {
        match value {
            Some(uid) if ITEM_TYPES.iter().any(|(known, _, _)| *known == uid) => {
                item.item_type_uid = Some(uid);
            }
            Some(uid) => errors.add(
                "inventory_item_type_uid",
                format!("Invalid pk \"{uid}\" - object does not exist."),
            ),
            None => item.item_type_uid = None,
        }
    }
    let prices: [(&str, u32, &mut Option<Decimal>); 7] = [
        ("price_total_usd", 10, &mut item.price_total_usd),
        ("price_item_usd", 10, &mut item.price_item_usd),
        ("price_shipping_usd", 10, &mut item.price_shipping_usd),
        ("price_expected_usd", 10, &mut item.price_expected_usd),
        ("price_purchased_item", 7, &mut item.price_purchased_item),
        (
            "price_for_purchases_shipping",
            10,
            &mut item.price_for_purchases_shipping,
        ),
        ("listing_current_price", 10, &mut item.listing_current_price),
    ];
    for (key, max_digits, slot) in prices {
        if let Some(amount) = money_field(fields, key, max_digits, errors) {
            *slot = amount;
        }
    }
}
