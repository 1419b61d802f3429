//! `GET /inventory/generic/{inventoryId}`: one item's inventory across its locations, in the
//! shape the field notes record (§3): `{itemId, sku, title, inlocations[{location{…,
//! locationId}, inStock, channel[{channelId, quantityReserved, allocation{mou, unit}}],
//! inTransit[…]}], _id, createdAt, updatedAt}`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::model::{CatalogueEntry, State, StockRecord, StockRecordKind};
use super::stock::{date_json, item_id_json};
use crate::support::clock;
use crate::support::http::{Reply, json, message};

/// FNV-1a: a stable 64-bit hash, so ids do not change between runs.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A 24-hex-digit id in the style of the API's `_id`s, derived from `seed`.
fn object_id(seed: &str) -> String {
    format!("5fee9d59{:016x}", fnv1a(seed))
}

/// The `inventoryId` of an item's generic inventory: its `_id`, derived from the item id.
pub fn generic_inventory_id(item_id: &str) -> String {
    object_id(item_id)
}

/// `GET /inventory/generic/{inventoryId}`
pub(super) fn generic_inventory(state: &State, inventory_id: &str) -> Reply {
    let Some(entry) = state
        .catalogue
        .iter()
        .find(|entry| generic_inventory_id(&entry.item_id) == inventory_id)
    else {
        return message(404, &format!("Inventory {inventory_id} not found."));
    };
    json(200, &generic_json(state, entry))
}

fn generic_json(state: &State, entry: &CatalogueEntry) -> Value {
    let records: Vec<&StockRecord> = state
        .records
        .iter()
        .filter(|record| record.item_id == entry.item_id)
        .collect();
    let created = clock::rfc3339_millis_z(entry.created_millis);
    let locations: BTreeSet<i64> = records.iter().map(|record| record.location_id).collect();
    let inlocations: Vec<Value> = locations
        .into_iter()
        .map(|location_id| {
            let here: Vec<&&StockRecord> = records
                .iter()
                .filter(|record| record.location_id == location_id)
                .collect();
            let stock: Vec<&&&StockRecord> = here
                .iter()
                .filter(|record| record.kind == StockRecordKind::Stock)
                .collect();
            let channels: BTreeSet<i64> = here.iter().filter_map(|record| record.channel_id).collect();
            let name = state
                .locations
                .iter()
                .find(|location| location.id == location_id)
                .map(|location| location.name.clone());
            let seed = format!("{}@{location_id}", entry.item_id);
            json!({
                "location": {
                    "locationId": location_id,
                    "name": name,
                    "channel": channels,
                    "isActive": true,
                },
                "_id": object_id(&seed),
                "id": object_id(&seed),
                "inStock": stock.iter().map(|record| record.quantity).sum::<i64>(),
                "channel": stock.iter().map(|record| {
                    let id = object_id(&format!("{seed}#{:?}", record.channel_id));
                    json!({
                        "channelId": record.channel_id,
                        "quantityReserved": record.reserved_quantity,
                        "allocation": { "mou": "ABSOLUTE", "unit": record.quantity },
                        "_id": id,
                        "id": id,
                    })
                }).collect::<Vec<_>>(),
                "inTransit": here.iter().filter(|record| record.kind == StockRecordKind::Transit).map(|record| {
                    let id = object_id(&format!("{seed}~{:?}", record.transit_ref));
                    json!({
                        "inTransitRef": record.transit_ref,
                        "orderQuantity": record.quantity,
                        "quantityReserved": record.reserved_quantity,
                        "orderDate": date_json(record.transit_order_date.as_deref()),
                        "stockDate": date_json(record.transit_stock_date.as_deref()),
                        "_id": id,
                        "id": id,
                    })
                }).collect::<Vec<_>>(),
                "createdAt": created,
                "updatedAt": created,
            })
        })
        .collect();
    json!({
        "itemId": item_id_json(&entry.item_id),
        "sku": entry.sku,
        "title": entry.title,
        "inlocations": inlocations,
        "_id": generic_inventory_id(&entry.item_id),
        "createdAt": created,
        "updatedAt": created,
    })
}
