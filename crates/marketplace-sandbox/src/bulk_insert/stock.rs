//! The stock reads: availability of items, and the records at one location.

use std::collections::HashMap;

use serde_json::{Value, json};
use wiremock::Request;

use super::model::{State, StockRecord, StockRecordKind};
use crate::support::clock;
use crate::support::http::{
    Reply, integer_from_json, json, message, query_number, query_pairs, text_from_json,
};

/// An item id as the answers write it: a number when it is one (`1000000003`), else the text.
pub(super) fn item_id_json(item_id: &str) -> Value {
    item_id
        .parse::<u64>()
        .map_or_else(|_| Value::String(item_id.to_string()), Value::from)
}

/// A transit date (`2020-05-05` or a full time) as the API writes dates:
/// `2020-05-05T00:00:00.000Z`.
pub(super) fn date_json(date: Option<&str>) -> Value {
    date.and_then(clock::parse_datetime)
        .map_or(Value::Null, |unix| {
            Value::String(clock::rfc3339_millis_z(
                u128::try_from(unix).unwrap_or(0) * 1000,
            ))
        })
}

/// `POST /inventory` (`{"items": [{"itemId", "quantity"}], "channelId"}`): how each request
/// would be filled, in the shape the field notes record (§3) — an array of
/// `{itemId, quantityRequested, stockDate, inStock, fromStockQuantity, fromStock[…],
/// fromTransitQuantity, fromTransit[…], availableStockQuantity, availableTransitQuantity,
/// availableTotal}`.
///
/// The request is filled from stock first (locations in id order, each giving what is left after
/// its reservations), then from transit; `fromStock` and `fromTransit` list the records that give
/// something. `availableTotal` is stock plus transit. `stockDate` is now when stock alone fills
/// the request, the latest arrival of the transit drawn on when transit is needed, and `null`
/// when neither suffices. These rules are the fake's reading of the field names (unverified).
pub(super) fn stock_of_items(state: &State, request: &Request) -> Reply {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let Some(items) = body.get("items").and_then(Value::as_array) else {
        return message(400, "\"items\" is required and must be an array.");
    };
    let channel = body.get("channelId").and_then(integer_from_json);
    // Indexed once per request, so a query of a thousand items over a large inventory costs
    // one pass over the records, not one per item.
    let mut by_item: HashMap<&str, Vec<&StockRecord>> = HashMap::new();
    for record in &state.records {
        by_item
            .entry(record.item_id.as_str())
            .or_default()
            .push(record);
    }
    let mut answers = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(item_id) = item.get("itemId").and_then(text_from_json) else {
            return message(400, &format!("Row {}: \"itemId\" is required.", index + 1));
        };
        let wanted = item
            .get("quantity")
            .and_then(integer_from_json)
            .unwrap_or(1)
            .max(0);
        let records = by_item.get(item_id.as_str()).map_or(&[][..], Vec::as_slice);
        answers.push(fill(records, &item_id, wanted, channel));
    }
    json(200, &Value::Array(answers))
}

/// How one item's request is filled.
fn fill(records: &[&StockRecord], item_id: &str, wanted: i64, channel: Option<i64>) -> Value {
    let mut records: Vec<&StockRecord> = records
        .iter()
        .copied()
        .filter(|record| {
            channel.is_none() || record.channel_id.is_none() || record.channel_id == channel
        })
        .collect();
    records.sort_by_key(|record| (record.location_id, record.transit_stock_date.clone()));
    let mut missing = wanted;
    let mut from = |kind: StockRecordKind| {
        let mut entries = Vec::new();
        let mut taken = 0;
        let mut available = 0;
        let mut latest: Option<&str> = None;
        for record in records.iter().filter(|record| record.kind == kind) {
            available += record.available();
            let take = missing.min(record.available());
            if take <= 0 {
                continue;
            }
            missing -= take;
            taken += take;
            latest = latest.max(record.transit_stock_date.as_deref());
            let mut entry = json!({
                "locationId": record.location_id,
                "quantityReserved": record.reserved_quantity,
                "quantityAllocated": record.quantity,
                "stockRemaining": record.available(),
                "stockRequest": take,
                "channelId": record.channel_id,
            });
            if kind == StockRecordKind::Transit
                && let Some(fields) = entry.as_object_mut()
            {
                fields.insert("transitRef".to_string(), json!(record.transit_ref));
                fields.insert(
                    "stockDate".to_string(),
                    date_json(record.transit_stock_date.as_deref()),
                );
            }
            entries.push(entry);
        }
        (entries, taken, available, latest.map(str::to_string))
    };
    let (from_stock, stock_taken, stock_available, _) = from(StockRecordKind::Stock);
    let (from_transit, transit_taken, transit_available, arrival) = from(StockRecordKind::Transit);
    let in_stock = wanted > 0 && stock_taken >= wanted;
    let stock_date = if in_stock {
        Value::String(clock::rfc3339_millis_z(clock::now_unix_millis()))
    } else if wanted > 0 && stock_taken + transit_taken >= wanted {
        date_json(arrival.as_deref())
    } else {
        Value::Null
    };
    json!({
        "itemId": item_id_json(item_id),
        "quantityRequested": wanted,
        "stockDate": stock_date,
        "inStock": in_stock,
        "fromStockQuantity": stock_taken,
        "fromStock": from_stock,
        "fromTransitQuantity": transit_taken,
        "fromTransit": from_transit,
        "availableStockQuantity": stock_available,
        "availableTransitQuantity": transit_available,
        "availableTotal": stock_available + transit_available,
    })
}

/// `GET /inventory/location/{id}?offset=&limit=`: the records at one location.
pub(super) fn location_inventory(state: &State, request: &Request, location: &str) -> Reply {
    let Some(location_id) = location
        .parse::<i64>()
        .ok()
        .filter(|id| state.locations.iter().any(|known| known.id == *id))
    else {
        return message(404, &format!("Cannot find \"Location Id\" {location}."));
    };
    let pairs = query_pairs(request);
    let number = |key: &str, default: usize| query_number(&pairs, key).flatten().unwrap_or(default);
    let offset = number("offset", 0);
    let limit = number("limit", 50).clamp(1, 500);
    let records: Vec<&StockRecord> = state
        .records
        .iter()
        .filter(|record| record.location_id == location_id)
        .collect();
    let inventories: Vec<Value> = records
        .iter()
        .skip(offset)
        .take(limit)
        .map(|record| {
            json!({
                "itemId": record.item_id,
                "sku": record.sku,
                "locationId": record.location_id,
                "type": record.kind.as_str(),
                "totalQuantity": record.quantity,
                "reservedQuantity": record.reserved_quantity,
                "channelId": record.channel_id,
                "transitOrderDate": record.transit_order_date,
                "transitStockDate": record.transit_stock_date,
                "transitRef": record.transit_ref,
            })
        })
        .collect();
    json(
        200,
        &json!({
            "query": { "limit": limit, "offset": offset, "count": records.len() },
            "inventories": inventories,
        }),
    )
}
