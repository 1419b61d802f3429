//! The demo data: three locations and the stock of a handful of items.

use super::DEFAULT_CHANNEL;
use super::model::{CatalogueEntry, Location, State, StockRecord, StockRecordKind};

/// When the demo items were first stocked: 2020-12-31T02:09:53.914Z, the date of the generic
/// inventory example.
const DEMO_CREATED_MILLIS: u128 = 1_609_380_593_914;

/// The demo data: see [`BulkInsertSandboxBuilder`](super::BulkInsertSandboxBuilder).
pub(crate) fn load(state: &mut State) {
    state.locations = vec![
        Location::new(104, "Main warehouse"),
        Location::new(105, "Shop floor"),
        Location::new(301, "Inbound transit"),
    ];
    // Item id, SKU, title, stock in 104, stock in 105, reserved in 104.
    let items: [(&str, &str, &str, i64, i64, i64); 6] = [
        ("1000000213", "123456", "Sampler box", 30_003, 12, 0),
        ("1000000214", "LP-KOB-1959", "Kind Of Blue (LP)", 14, 2, 0),
        ("1000000215", "LP-ALS-1965", "A Love Supreme (LP)", 9, 1, 0),
        ("1000000216", "CD-OKC-1997", "OK Computer (CD)", 42, 6, 2),
        ("1000000217", "TT-USB-01", "USB turntable", 7, 0, 0),
        ("1000000218", "CART-VM95E", "VM95E cartridge", 25, 4, 0),
    ];
    for (item_id, sku, title, main, shop, reserved) in items {
        state.catalogue.push(CatalogueEntry {
            title: Some(title.to_string()),
            created_millis: DEMO_CREATED_MILLIS,
            ..CatalogueEntry::new(item_id, Some(sku))
        });
        let mut record = StockRecord::stock(item_id, 104, main);
        record.sku = Some(sku.to_string());
        record.reserved_quantity = reserved;
        state.records.push(record.clone());
        if shop > 0 {
            record.location_id = 105;
            record.quantity = shop;
            record.reserved_quantity = 0;
            state.records.push(record);
        }
    }
    state.records.push(StockRecord {
        item_id: "1000000214".to_string(),
        sku: Some("LP-KOB-1959".to_string()),
        location_id: 301,
        kind: StockRecordKind::Transit,
        quantity: 20,
        reserved_quantity: 0,
        channel_id: Some(DEFAULT_CHANNEL),
        transit_order_date: Some("2024-05-05".to_string()),
        transit_stock_date: Some("2024-05-20".to_string()),
        transit_ref: Some("WO-20000".to_string()),
    });
}
