//! The stock reads: availability of items, and the records at one location.

use serde_json::{Value, json};
use wiremock::Request;

use super::model::{State, StockRecord, StockRecordKind};
use crate::support::http::{
    Reply, integer_from_json, json, message, query_number, query_pairs, text_from_json,
};

/// `POST /inventory`: whether each item is in stock, optionally within one channel.
pub(super) fn stock_of_items(state: &State, request: &Request) -> Reply {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let Some(items) = body.get("items").and_then(Value::as_array) else {
        return message(400, "\"items\" is required and must be an array.");
    };
    let channel = body.get("channelId").and_then(integer_from_json);
    let mut answers = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(item_id) = item.get("itemId").and_then(text_from_json) else {
            return message(400, &format!("Row {}: \"itemId\" is required.", index + 1));
        };
        let wanted = item
            .get("quantity")
            .and_then(integer_from_json)
            .unwrap_or(1);
        let available: i64 = state
            .records
            .iter()
            .filter(|record| record.item_id == item_id && record.kind == StockRecordKind::Stock)
            .filter(|record| {
                channel.is_none() || record.channel_id.is_none() || record.channel_id == channel
            })
            .map(|record| record.quantity)
            .sum();
        answers.push(json!({
            "itemId": item_id,
            "quantity": wanted,
            "inStock": available >= wanted && available > 0,
            "availableTotal": available,
        }));
    }
    json(200, &json!({ "items": answers }))
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
