//! `POST /inventory/bulk-insert`: stock and transit rows, all checked before any is applied, and
//! the job summary the vendor answers with.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use wiremock::Request;

use super::model::{BulkInsertJob, State, StockRecord, StockRecordKind};
use crate::support::clock;
use crate::support::http::{Reply, integer_from_json, json, message, text_from_json};

/// A validated row, before it is applied.
struct Row {
    item_id: Option<String>,
    sku: Option<String>,
    record: StockRecord,
}

/// `POST /inventory/bulk-insert`: every row is checked before any is applied. With
/// `require_reserved`, a row without `reservedQuantity` fails the request, as the live page
/// marks the field required (field notes §3).
pub(super) fn bulk_insert(state: &mut State, request: &Request, require_reserved: bool) -> Reply {
    let body: Value = match serde_json::from_slice(&request.body) {
        Ok(body) => body,
        Err(_) => return message(400, "Inventory insert failed: the body is not valid JSON."),
    };
    let rows = match body {
        Value::Array(rows) => rows,
        Value::Object(ref object) => match object.get("items") {
            Some(Value::Array(rows)) => rows.clone(),
            _ => vec![body.clone()],
        },
        _ => Vec::new(),
    };
    if rows.is_empty() {
        return message(400, "Inventory insert failed: no rows found.");
    }
    let mut parsed = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match parse_row(state, row, require_reserved) {
            Ok(row) => parsed.push(row),
            Err(reason) => {
                return message(
                    400,
                    &format!("Inventory insert failed: Row {}: {reason}", index + 1),
                );
            }
        }
    }
    let mut items = BTreeSet::new();
    for row in parsed {
        let item_id = state.resolve_item(row.item_id.as_deref(), row.sku.as_deref());
        items.insert(item_id.clone());
        let mut record = row.record;
        record.sku = state.sku_of(&item_id);
        record.item_id = item_id;
        state.put_record(record);
    }
    let now = clock::now_unix();
    let millis = clock::now_unix_millis();
    state.job_counter += 1;
    let id = format!("{:08x}{:016x}", now, state.job_counter);
    let total_rows = rows.len();
    let total_items = items.len();
    state.jobs.push(BulkInsertJob {
        id: id.clone(),
        total_rows,
        total_items,
    });
    let started = clock::javascript_date(now);
    json(
        200,
        &json!({
            "_id": id,
            "messages": [
                format!("Import Inventory job started: {started}"),
                format!("{total_rows} row(s) found"),
                format!("{total_items} Inventory Item(s) found"),
                format!("Successfully saved {total_items} items "),
                format!("Successfully finished API Inventory Bulk Upload: {started}"),
            ],
            "keyId": format!("api-{millis}"),
            "type": "api",
            "status": "FINISHED",
            "totalItems": total_items,
            "totalItemsUploaded": total_items,
            "totalRows": total_rows,
            "totalRowsErrors": 0,
            "createdAt": clock::rfc3339_millis_z(millis),
            "updatedAt": clock::rfc3339_millis_z(millis),
            "__v": 0,
        }),
    )
}

fn parse_row(state: &State, row: &Value, require_reserved: bool) -> Result<Row, String> {
    if !row.is_object() {
        return Err("expected an object.".to_string());
    }
    let text = |key: &str| {
        row.get(key)
            .and_then(text_from_json)
            .filter(|value| !value.trim().is_empty())
    };
    let item_id = text("itemId");
    let sku = text("sku");
    if item_id.is_none() && sku.is_none() {
        return Err("\"sku\" or \"itemId\" is required.".to_string());
    }
    let quantity = row
        .get("totalQuantity")
        .and_then(integer_from_json)
        .filter(|quantity| *quantity >= 0)
        .ok_or("\"totalQuantity\" must be a non-negative integer.")?;
    let reserved_quantity = match row.get("reservedQuantity").filter(|value| !value.is_null()) {
        None if require_reserved => return Err("\"reservedQuantity\" is required.".to_string()),
        None => 0,
        Some(value) => integer_from_json(value)
            .filter(|reserved| *reserved >= 0)
            .ok_or("\"reservedQuantity\" must be a non-negative integer.")?,
    };
    let location_text = text("locationId").ok_or("\"locationId\" is required.")?;
    let location_id = location_text
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| state.locations.iter().any(|location| location.id == *id))
        .ok_or_else(|| format!("Cannot find \"Location Id\" {location_text}."))?;
    let kind = match text("type").as_deref() {
        Some("Stock") | None => StockRecordKind::Stock,
        Some("Transit") => StockRecordKind::Transit,
        Some(other) => {
            return Err(format!(
                "\"type\" must be Stock or Transit, not \"{other}\"."
            ));
        }
    };
    let channel_id = match row.get("channelId").filter(|value| !value.is_null()) {
        None => None,
        Some(value) => Some(integer_from_json(value).ok_or("\"channelId\" must be a number.")?),
    };
    let date = |key: &str| -> Result<Option<String>, String> {
        match text(key) {
            None => Ok(None),
            Some(value) if clock::parse_datetime(&value).is_some() => Ok(Some(value)),
            Some(value) => Err(format!("\"{key}\" must be a date, not \"{value}\".")),
        }
    };
    let (transit_order_date, transit_stock_date, transit_ref) = if kind == StockRecordKind::Transit
    {
        (
            date("transitOrderDate")?,
            date("transitStockDate")?,
            text("transitRef"),
        )
    } else {
        (None, None, None)
    };
    Ok(Row {
        item_id: item_id.clone(),
        sku: sku.clone(),
        record: StockRecord {
            item_id: item_id.unwrap_or_default(),
            sku,
            location_id,
            kind,
            quantity,
            reserved_quantity,
            channel_id,
            transit_order_date,
            transit_stock_date,
            transit_ref,
        },
    })
}
