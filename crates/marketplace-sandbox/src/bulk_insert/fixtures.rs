//! The demo data: three locations and the stock of a handful of items.

use super::DEFAULT_CHANNEL;
use super::model::{Location, State, StockRecord, StockRecordKind};

/// The demo data: see [`BulkInsertSandboxBuilder`](super::BulkInsertSandboxBuilder).
pub(crate) fn load(state: &mut State) {
    state.locations = vec![
        Location::new(104, "Main warehouse"),
        Location::new(105, "Shop floor"),
        Location::new(301, "Inbound transit"),
    ];
    let items: [(&str, &str, i64, i64); 6] = [
        ("1000000213", "123456", 30_003, 12),
        ("1000000214", "LP-KOB-1959", 14, 2),
        ("1000000215", "LP-ALS-1965", 9, 1),
        ("1000000216", "CD-OKC-1997", 42, 6),
        ("1000000217", "TT-USB-01", 7, 0),
        ("1000000218", "CART-VM95E", 25, 4),
    ];
    for (item_id, sku, main, shop) in items {
        state
            .catalogue
            .push((item_id.to_string(), Some(sku.to_string())));
        let mut record = StockRecord::stock(item_id, 104, main);
        record.sku = Some(sku.to_string());
        state.records.push(record.clone());
        if shop > 0 {
            record.location_id = 105;
            record.quantity = shop;
            state.records.push(record);
        }
    }
    state.records.push(StockRecord {
        item_id: "1000000214".to_string(),
        sku: Some("LP-KOB-1959".to_string()),
        location_id: 301,
        kind: StockRecordKind::Transit,
        quantity: 20,
        channel_id: Some(DEFAULT_CHANNEL),
        transit_order_date: Some("2024-05-05".to_string()),
        transit_stock_date: Some("2024-05-20".to_string()),
        transit_ref: Some("WO-20000".to_string()),
    });
}
