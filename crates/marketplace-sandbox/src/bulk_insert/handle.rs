//! The bulk-insert fake's own readers and seeders on the shared handle.

use serde_json::json;

use super::model::{BulkInsertJob, Location, StockRecord, StockRecordKind};
use super::{BulkInsertFake, DEFAULT_ACCOUNT, DEFAULT_CHANNEL, GATEWAY_PATH, generic_inventory_id};
use crate::sandbox::Sandbox;
use crate::support::clock;

impl Sandbox<BulkInsertFake> {
    /// A valid `x-site-context` value for [`DEFAULT_ACCOUNT`] and [`DEFAULT_CHANNEL`].
    pub fn site_context(&self) -> String {
        json!({
            "date": clock::rfc3339_millis_z(clock::now_unix_millis()),
            "channel": DEFAULT_CHANNEL,
            "account": DEFAULT_ACCOUNT,
            "stage": "sandbox",
        })
        .to_string()
    }

    /// `http://127.0.0.1:<port>/api-inventory`: the base URL in the live gateway's form
    /// (`https://prod01-apigw.{customer}.fabric.zone/api-inventory`, field notes §3). The fake
    /// answers the same routes there as under [`Sandbox::base_url`].
    pub fn gateway_url(&self) -> String {
        format!("{}{GATEWAY_PATH}", self.origin())
    }

    /// The `inventoryId` of an item's generic inventory (`GET /inventory/generic/{id}`), the
    /// same as [`generic_inventory_id`].
    pub fn generic_inventory_id(&self, item_id: &str) -> String {
        generic_inventory_id(item_id)
    }

    /// Every location.
    pub fn locations(&self) -> Vec<Location> {
        self.state().locations.clone()
    }

    /// Every stock and transit record.
    pub fn records(&self) -> Vec<StockRecord> {
        self.state().records.clone()
    }

    /// The stock on hand of an item at a location.
    pub fn stock_quantity(&self, item_id: &str, location_id: i64) -> Option<i64> {
        self.state()
            .records
            .iter()
            .find(|record| {
                record.item_id == item_id
                    && record.location_id == location_id
                    && record.kind == StockRecordKind::Stock
            })
            .map(|record| record.quantity)
    }

    /// The transit records of an item.
    pub fn transit_records(&self, item_id: &str) -> Vec<StockRecord> {
        self.state()
            .records
            .iter()
            .filter(|record| record.item_id == item_id && record.kind == StockRecordKind::Transit)
            .cloned()
            .collect()
    }

    /// The accepted bulk inserts, oldest first.
    pub fn import_jobs(&self) -> Vec<BulkInsertJob> {
        self.state().jobs.clone()
    }

    /// Adds a location.
    pub fn seed_location(&self, location: Location) {
        self.state().locations.push(location);
    }

    /// Adds a record (replacing one for the same item, location, kind and transit reference).
    pub fn seed_record(&self, record: StockRecord) {
        let mut state = self.state();
        state.resolve_item(Some(&record.item_id), record.sku.as_deref());
        state.put_record(record);
    }
}
