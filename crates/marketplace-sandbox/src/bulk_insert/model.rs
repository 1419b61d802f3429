//! What the bulk-insert fake keeps: locations, the item catalogue, stock and transit records,
//! and the accepted jobs.

use super::DEFAULT_CHANNEL;
use crate::support::clock;

/// A stock location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The location id rows refer to.
    pub id: i64,
    /// A readable name.
    pub name: String,
}

impl Location {
    /// A location.
    pub fn new(id: i64, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }
}

/// Whether a record counts stock on hand or stock on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum StockRecordKind {
    /// Stock on hand.
    Stock,
    /// Stock on its way, with order and arrival dates.
    Transit,
}

impl StockRecordKind {
    /// The spelling in the API (`Stock`, `Transit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stock => "Stock",
            Self::Transit => "Transit",
        }
    }
}

/// The quantity of one item at one location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRecord {
    /// The item id.
    pub item_id: String,
    /// The item's SKU, when known.
    pub sku: Option<String>,
    /// Where it is.
    pub location_id: i64,
    /// Stock or transit.
    pub kind: StockRecordKind,
    /// The total quantity.
    pub quantity: i64,
    /// How much of it is reserved (`reservedQuantity`, required on every inserted row).
    pub reserved_quantity: i64,
    /// The sales channel.
    pub channel_id: Option<i64>,
    /// Transit only: when it was ordered (`YYYY-MM-DD`).
    pub transit_order_date: Option<String>,
    /// Transit only: when it is expected in stock (`YYYY-MM-DD`).
    pub transit_stock_date: Option<String>,
    /// Transit only: the shipment reference.
    pub transit_ref: Option<String>,
}

impl StockRecord {
    /// Stock on hand of an item at a location, in [`DEFAULT_CHANNEL`].
    pub fn stock(item_id: impl Into<String>, location_id: i64, quantity: i64) -> Self {
        Self {
            item_id: item_id.into(),
            sku: None,
            location_id,
            kind: StockRecordKind::Stock,
            quantity,
            reserved_quantity: 0,
            channel_id: Some(DEFAULT_CHANNEL),
            transit_order_date: None,
            transit_stock_date: None,
            transit_ref: None,
        }
    }

    /// What is left to sell: the quantity less the reserved part, never below 0.
    pub fn available(&self) -> i64 {
        (self.quantity - self.reserved_quantity).max(0)
    }

    pub(crate) fn same_slot(&self, other: &Self) -> bool {
        self.item_id == other.item_id
            && self.location_id == other.location_id
            && self.kind == other.kind
            && self.transit_ref == other.transit_ref
    }
}

/// The summary of one accepted bulk insert.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BulkInsertJob {
    /// The job's `_id`.
    pub id: String,
    /// Rows in the request.
    pub total_rows: usize,
    /// Distinct items in the request.
    pub total_items: usize,
}

/// An item the fake knows, so a row may name it by its id or its SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CatalogueEntry {
    pub(crate) item_id: String,
    pub(crate) sku: Option<String>,
    pub(crate) title: Option<String>,
    /// When the item was first seen (Unix milliseconds): its generic inventory's `createdAt`.
    pub(crate) created_millis: u128,
}

impl CatalogueEntry {
    pub(crate) fn new(item_id: &str, sku: Option<&str>) -> Self {
        Self {
            item_id: item_id.to_string(),
            sku: sku.map(str::to_string),
            title: None,
            created_millis: clock::now_unix_millis(),
        }
    }
}

/// Everything the fake holds.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub(crate) locations: Vec<Location>,
    /// The items the fake knows.
    pub(crate) catalogue: Vec<CatalogueEntry>,
    pub(crate) records: Vec<StockRecord>,
    pub(crate) jobs: Vec<BulkInsertJob>,
    next_item_number: u64,
    pub(crate) job_counter: u64,
}

impl State {
    pub(crate) fn resolve_item(&mut self, item_id: Option<&str>, sku: Option<&str>) -> String {
        if let Some(item_id) = item_id {
            match self
                .catalogue
                .iter_mut()
                .find(|entry| entry.item_id == item_id)
            {
                Some(entry) => {
                    if entry.sku.is_none() {
                        entry.sku = sku.map(str::to_string);
                    }
                }
                None => self.catalogue.push(CatalogueEntry::new(item_id, sku)),
            }
            return item_id.to_string();
        }
        let sku = sku.unwrap_or_default();
        if let Some(entry) = self
            .catalogue
            .iter()
            .find(|entry| entry.sku.as_deref() == Some(sku))
        {
            return entry.item_id.clone();
        }
        self.next_item_number = self.next_item_number.max(2_000_000_000) + 1;
        let id = self.next_item_number.to_string();
        self.catalogue.push(CatalogueEntry::new(&id, Some(sku)));
        id
    }

    pub(crate) fn sku_of(&self, item_id: &str) -> Option<String> {
        self.catalogue
            .iter()
            .find(|entry| entry.item_id == item_id)
            .and_then(|entry| entry.sku.clone())
    }

    /// Stores a record, replacing the one for the same item, location, kind and transit
    /// reference.
    pub(crate) fn put_record(&mut self, record: StockRecord) {
        match self
            .records
            .iter_mut()
            .find(|existing| existing.same_slot(&record))
        {
            Some(existing) => *existing = record,
            None => self.records.push(record),
        }
    }
}
