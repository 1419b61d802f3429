//! Inventory records as the bulk-insert endpoint takes them: `Stock` or `Transit`, for an item
//! named by SKU or by item id, at a location and sales channel.
//!
//! The types only hold valid records: a SKU is never empty, an item id is at least 1,
//! quantities are never negative, transit dates are real dates and a transit record always has
//! its dates and reference. Records read from JSON ([`InventoryRecord::list_from_json`]) go
//! through the same checks, and a refusal names the record and the field.

use std::fmt;
use std::num::NonZeroU64;

use inventory_model::{Quantity, Sku};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;
use time::format_description::FormatItem;
use time::macros::format_description;

use crate::error::BulkInsertError;
use crate::site_context::ChannelId;
use client_core::open_enum;

/// `YYYY-MM-DD`, the form of the transit dates.
const DATE_FORMAT: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// The service's numeric id of an item (`itemId`), at least 1.
///
/// The service's example sends it as text (`"itemId": "1000000213"`), so it is written as
/// text; it is read from text or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(NonZeroU64);

impl ItemId {
    /// Checks that `id` is at least 1.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for the field `itemId` when `id` is 0.
    pub fn new(id: u64) -> Result<ItemId, BulkInsertError> {
        NonZeroU64::new(id)
            .map(ItemId)
            .ok_or_else(|| BulkInsertError::invalid_input("itemId", "must be at least 1"))
    }

    /// The id.
    #[must_use]
    pub fn get(self) -> u64 {
        self.0.get()
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for ItemId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A location id (`locationId`), such as a warehouse or a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LocationId(u64);

impl LocationId {
    /// The location with this id.
    #[must_use]
    pub const fn new(id: u64) -> LocationId {
        LocationId(id)
    }

    /// The id.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for LocationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which item a record is about: by the seller's SKU or by the service's item id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemRef {
    /// The seller's SKU (`sku`).
    Sku(Sku),
    /// The service's item id (`itemId`).
    ItemId(ItemId),
}

impl From<Sku> for ItemRef {
    fn from(sku: Sku) -> Self {
        ItemRef::Sku(sku)
    }
}

impl From<ItemId> for ItemRef {
    fn from(id: ItemId) -> Self {
        ItemRef::ItemId(id)
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemRef::Sku(sku) => write!(f, "sku {sku}"),
            ItemRef::ItemId(id) => write!(f, "item {id}"),
        }
    }
}

open_enum! {
    /// The kind of an inventory record (`type`).
    pub enum RecordType {
        /// Stock at the location.
        Stock => "Stock",
        /// Stock on its way to the location.
        Transit => "Transit",
    }
}

/// What a transit record carries besides its quantity: when the goods were ordered, when they
/// are expected in stock, and the reference of the transfer or purchase order.
///
/// ```
/// use bulkinsert_client::{Date, TransitDetails};
/// use time::Month;
///
/// let day = Date::from_calendar_date(2020, Month::May, 5).unwrap();
/// let details = TransitDetails::new(day, day, "WO-20000")?;
/// assert_eq!(details.reference(), "WO-20000");
/// assert!(TransitDetails::new(day, day, "  ").is_err());
/// # Ok::<(), bulkinsert_client::BulkInsertError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TransitDetails {
    order_date: Date,
    stock_date: Date,
    reference: String,
}

impl TransitDetails {
    /// Checks and keeps the transit details.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for the field `transitRef` when the reference is empty
    /// or holds control characters.
    pub fn new(
        order_date: Date,
        stock_date: Date,
        reference: impl Into<String>,
    ) -> Result<TransitDetails, BulkInsertError> {
        let reference = reference.into().trim().to_owned();
        if reference.is_empty() {
            return Err(BulkInsertError::invalid_input(
                "transitRef",
                "must not be empty",
            ));
        }
        if reference.chars().any(char::is_control) {
            return Err(BulkInsertError::invalid_input(
                "transitRef",
                "must not contain control characters",
            ));
        }
        Ok(TransitDetails {
            order_date,
            stock_date,
            reference,
        })
    }

    /// When the goods were ordered (`transitOrderDate`).
    #[must_use]
    pub fn order_date(&self) -> Date {
        self.order_date
    }

    /// When the goods are expected in stock (`transitStockDate`).
    #[must_use]
    pub fn stock_date(&self) -> Date {
        self.stock_date
    }

    /// The transfer or purchase order reference (`transitRef`).
    #[must_use]
    pub fn reference(&self) -> &str {
        &self.reference
    }
}

/// Whether a record is stock on hand or in transit, with what transit needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// Stock at the location (`"type": "Stock"`).
    Stock,
    /// Stock on its way (`"type": "Transit"`).
    Transit(TransitDetails),
}

/// One record to add or update: the absolute quantity of an item at a location and channel.
///
/// ```
/// use bulkinsert_client::{ChannelId, InventoryRecord, ItemId, LocationId, Quantity, Sku};
///
/// let record = InventoryRecord::stock(
///     Sku::new("123456")?,
///     LocationId::new(104),
///     ChannelId::US,
///     Quantity::new(30003),
/// )
/// .with_reserved_quantity(Quantity::new(3));
/// assert_eq!(
///     serde_json::to_value(&record)?,
///     serde_json::json!({
///         "sku": "123456", "totalQuantity": 30003, "reservedQuantity": 3,
///         "locationId": 104, "type": "Stock", "channelId": 12
///     })
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InventoryRecord {
    item: ItemRef,
    location: LocationId,
    channel: ChannelId,
    total_quantity: Quantity,
    reserved_quantity: Option<Quantity>,
    kind: RecordKind,
}

impl InventoryRecord {
    /// Stock on hand: `total_quantity` items of `item` at `location`, sold on `channel`.
    #[must_use]
    pub fn stock(
        item: impl Into<ItemRef>,
        location: LocationId,
        channel: ChannelId,
        total_quantity: Quantity,
    ) -> InventoryRecord {
        InventoryRecord {
            item: item.into(),
            location,
            channel,
            total_quantity,
            reserved_quantity: None,
            kind: RecordKind::Stock,
        }
    }

    /// Stock in transit to `location`, with its dates and reference.
    #[must_use]
    pub fn transit(
        item: impl Into<ItemRef>,
        location: LocationId,
        channel: ChannelId,
        total_quantity: Quantity,
        details: TransitDetails,
    ) -> InventoryRecord {
        InventoryRecord {
            kind: RecordKind::Transit(details),
            ..InventoryRecord::stock(item, location, channel, total_quantity)
        }
    }

    /// Sets how many of the items are reserved (`reservedQuantity`).
    #[must_use]
    pub fn with_reserved_quantity(mut self, reserved: Quantity) -> InventoryRecord {
        self.reserved_quantity = Some(reserved);
        self
    }

    /// Reads records from a JSON array in the service's format, checking each one.
    ///
    /// ```
    /// use bulkinsert_client::InventoryRecord;
    ///
    /// let records = InventoryRecord::list_from_json(
    ///     r#"[{"sku":"123456","totalQuantity":3,"locationId":104,"type":"Stock","channelId":12}]"#,
    /// )?;
    /// assert_eq!(records.len(), 1);
    ///
    /// let error = InventoryRecord::list_from_json(
    ///     r#"[{"sku":"A","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12},
    ///         {"sku":"B","totalQuantity":-4,"locationId":1,"type":"Stock","channelId":12}]"#,
    /// )
    /// .unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "invalid input: records[1].totalQuantity: must be a whole number from 0 to 4294967295"
    /// );
    /// # Ok::<(), bulkinsert_client::BulkInsertError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] naming the record and the field (`records[1].sku`),
    /// or `records` when the text is not a JSON array of objects.
    pub fn list_from_json(text: &str) -> Result<Vec<InventoryRecord>, BulkInsertError> {
        let raw: Vec<RawRecord> = serde_json::from_str(text).map_err(|error| {
            BulkInsertError::invalid_input(
                "records",
                format!("must be a JSON array of inventory records: {error}"),
            )
        })?;
        raw.into_iter()
            .enumerate()
            .map(|(index, record)| record.check(&format!("records[{index}].")))
            .collect()
    }

    /// The item.
    #[must_use]
    pub fn item(&self) -> &ItemRef {
        &self.item
    }

    /// The location.
    #[must_use]
    pub fn location(&self) -> LocationId {
        self.location
    }

    /// The sales channel.
    #[must_use]
    pub fn channel(&self) -> ChannelId {
        self.channel
    }

    /// How many items there are in all.
    #[must_use]
    pub fn total_quantity(&self) -> Quantity {
        self.total_quantity
    }

    /// How many of them are reserved, when set.
    #[must_use]
    pub fn reserved_quantity(&self) -> Option<Quantity> {
        self.reserved_quantity
    }

    /// Stock or transit.
    #[must_use]
    pub fn kind(&self) -> &RecordKind {
        &self.kind
    }

    /// The record's `type` on the wire.
    #[must_use]
    pub fn record_type(&self) -> RecordType {
        match self.kind {
            RecordKind::Stock => RecordType::Stock,
            RecordKind::Transit(_) => RecordType::Transit,
        }
    }
}

impl Serialize for InventoryRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match &self.item {
            ItemRef::Sku(sku) => map.serialize_entry("sku", sku.as_str())?,
            ItemRef::ItemId(id) => map.serialize_entry("itemId", id)?,
        }
        map.serialize_entry("totalQuantity", &self.total_quantity.get())?;
        if let Some(reserved) = self.reserved_quantity {
            map.serialize_entry("reservedQuantity", &reserved.get())?;
        }
        map.serialize_entry("locationId", &self.location)?;
        map.serialize_entry("type", &self.record_type())?;
        map.serialize_entry("channelId", &self.channel)?;
        if let RecordKind::Transit(details) = &self.kind {
            let date = |date: Date| date.format(DATE_FORMAT).map_err(serde::ser::Error::custom);
            map.serialize_entry("transitOrderDate", &date(details.order_date)?)?;
            map.serialize_entry("transitStockDate", &date(details.stock_date)?)?;
            map.serialize_entry("transitRef", &details.reference)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for InventoryRecord {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawRecord::deserialize(deserializer)?
            .check("")
            .map_err(serde::de::Error::custom)
    }
}

/// A record as found in JSON, before its checks.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawRecord {
    #[serde(default)]
    sku: Option<Value>,
    #[serde(default)]
    item_id: Option<Value>,
    #[serde(default)]
    total_quantity: Option<Value>,
    #[serde(default)]
    reserved_quantity: Option<Value>,
    #[serde(default)]
    location_id: Option<Value>,
    #[serde(default, rename = "type")]
    record_type: Option<Value>,
    #[serde(default)]
    channel_id: Option<Value>,
    #[serde(default)]
    transit_order_date: Option<Value>,
    #[serde(default)]
    transit_stock_date: Option<Value>,
    #[serde(default)]
    transit_ref: Option<Value>,
}

impl RawRecord {
    fn check(self, prefix: &str) -> Result<InventoryRecord, BulkInsertError> {
        let refuse = |field: &str, rule: &str| {
            BulkInsertError::invalid_input(format!("{prefix}{field}"), rule)
        };
        let item = match (present(self.sku), present(self.item_id)) {
            (Some(_), Some(_)) => {
                return Err(refuse("sku", "give either sku or itemId, not both"));
            }
            (None, None) => return Err(refuse("sku", "a record needs a sku or an itemId")),
            (Some(Value::String(sku)), None) => {
                ItemRef::Sku(Sku::new(&sku).map_err(|error| refuse("sku", &error.to_string()))?)
            }
            (Some(_), None) => return Err(refuse("sku", "must be text")),
            (None, Some(id)) => {
                let id = match &id {
                    Value::String(text) => text.trim().parse::<u64>().ok(),
                    Value::Number(number) => number.as_u64(),
                    _ => None,
                }
                .and_then(|id| ItemId::new(id).ok())
                .ok_or_else(|| refuse("itemId", "must be a whole number of at least 1"))?;
                ItemRef::ItemId(id)
            }
        };
        let quantity = |field: &str, value: Value| {
            value
                .as_u64()
                .and_then(|count| u32::try_from(count).ok())
                .map(Quantity::new)
                .ok_or_else(|| refuse(field, "must be a whole number from 0 to 4294967295"))
        };
        let total_quantity = quantity(
            "totalQuantity",
            present(self.total_quantity).ok_or_else(|| refuse("totalQuantity", "is required"))?,
        )?;
        let reserved_quantity = present(self.reserved_quantity)
            .map(|value| quantity("reservedQuantity", value))
            .transpose()?;
        let location = present(self.location_id)
            .and_then(|value| value.as_u64())
            .map(LocationId::new)
            .ok_or_else(|| refuse("locationId", "is required and must be a whole number"))?;
        let channel = present(self.channel_id)
            .and_then(|value| value.as_u64())
            .and_then(|id| u32::try_from(id).ok())
            .map(ChannelId::new)
            .ok_or_else(|| refuse("channelId", "is required and must be a whole number"))?;
        let record_type = match present(self.record_type) {
            Some(Value::String(text)) => RecordType::from(text.as_str()),
            _ => return Err(refuse("type", "is required: Stock or Transit")),
        };
        let kind = match record_type {
            RecordType::Stock => RecordKind::Stock,
            RecordType::Transit => {
                let date = |field: &str, value: Option<Value>| match present(value) {
                    Some(Value::String(text)) => Date::parse(&text, DATE_FORMAT)
                        .map_err(|_| refuse(field, "must be a date written YYYY-MM-DD")),
                    _ => Err(refuse(
                        field,
                        "is required for Transit records (YYYY-MM-DD)",
                    )),
                };
                let order_date = date("transitOrderDate", self.transit_order_date)?;
                let stock_date = date("transitStockDate", self.transit_stock_date)?;
                let reference = match present(self.transit_ref) {
                    Some(Value::String(text)) => text,
                    _ => return Err(refuse("transitRef", "is required for Transit records")),
                };
                RecordKind::Transit(
                    TransitDetails::new(order_date, stock_date, reference)
                        .map_err(|_| refuse("transitRef", "must be non-empty text"))?,
                )
            }
            _ => return Err(refuse("type", "must be Stock or Transit")),
        };
        Ok(InventoryRecord {
            item,
            location,
            channel,
            total_quantity,
            reserved_quantity,
            kind,
        })
    }
}

/// JSON `null` counts as absent.
fn present(value: Option<Value>) -> Option<Value> {
    value.filter(|value| !value.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::date;

    fn transit() -> InventoryRecord {
        InventoryRecord::transit(
            ItemId::new(1_000_000_213).unwrap(),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(10_000),
            TransitDetails::new(date!(2020 - 05 - 05), date!(2020 - 05 - 06), "WO-20000").unwrap(),
        )
    }

    #[test]
    fn transit_records_are_written_like_the_spec_sample() {
        assert_eq!(
            serde_json::to_value(transit()).unwrap(),
            json!({
                "itemId": "1000000213", "totalQuantity": 10000, "locationId": 104,
                "type": "Transit", "channelId": 12, "transitOrderDate": "2020-05-05",
                "transitStockDate": "2020-05-06", "transitRef": "WO-20000"
            })
        );
    }

    #[test]
    fn records_survive_a_round_trip() {
        let text = serde_json::to_string(&transit()).unwrap();
        assert_eq!(
            serde_json::from_str::<InventoryRecord>(&text).unwrap(),
            transit()
        );
        let numeric_id: InventoryRecord = serde_json::from_str(
            r#"{"itemId":7,"totalQuantity":0,"locationId":1,"type":"Stock","channelId":13}"#,
        )
        .unwrap();
        assert_eq!(numeric_id.item(), &ItemRef::ItemId(ItemId::new(7).unwrap()));
        assert_eq!(numeric_id.channel(), ChannelId::CANADA);
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases = [
            (
                json!({"totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "sku",
            ),
            (
                json!({"sku":" ","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "sku",
            ),
            (
                json!({"sku":"A","itemId":"1","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "sku",
            ),
            (
                json!({"itemId":"0","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "itemId",
            ),
            (
                json!({"sku":"A","totalQuantity":1.5,"locationId":1,"type":"Stock","channelId":12}),
                "totalQuantity",
            ),
            (
                json!({"sku":"A","locationId":1,"type":"Stock","channelId":12}),
                "totalQuantity",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"reservedQuantity":-1,"locationId":1,"type":"Stock","channelId":12}),
                "reservedQuantity",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"type":"Stock","channelId":12}),
                "locationId",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Stock"}),
                "channelId",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Shelf","channelId":12}),
                "type",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Transit","channelId":12,"transitStockDate":"2020-05-05","transitRef":"R"}),
                "transitOrderDate",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Transit","channelId":12,"transitOrderDate":"2020-05-05","transitStockDate":"05/05/2020","transitRef":"R"}),
                "transitStockDate",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Transit","channelId":12,"transitOrderDate":"2020-05-05","transitStockDate":"2020-05-05","transitRef":""}),
                "transitRef",
            ),
        ];
        for (record, field) in cases {
            let text = json!([record]).to_string();
            let error = InventoryRecord::list_from_json(&text).unwrap_err();
            match &error {
                BulkInsertError::InvalidInput { field: named, .. } => {
                    assert_eq!(named, &format!("records[0].{field}"), "{text}");
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let unknown = InventoryRecord::list_from_json(r#"[{"sku":"A","qty":1}]"#).unwrap_err();
        assert!(unknown.to_string().contains("records"), "{unknown}");
    }
}
