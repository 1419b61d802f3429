//! Inventory records as the bulk-insert endpoint takes them: `Stock` or `Transit`, for an item
//! named by SKU or by item id, at a location and sales channel.
//!
//! The types only hold valid records: a SKU is never empty, an item id is at least 1,
//! quantities are never negative, transit dates are real dates and a transit record always has
//! its dates and reference. Records read from JSON go through the same checks (see
//! `record_json`).

use client_core::open_enum;
use client_core::timestamp::write_date;
use inventory_model::Quantity;
use serde::Serialize;
use serde::ser::SerializeMap;
use time::Date;

use crate::error::BulkInsertError;
use crate::ids::{ItemRef, LocationId};
use crate::site_context::ChannelId;

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
            return Err(BulkInsertError::invalid("transitRef", "must not be empty"));
        }
        if reference.chars().any(char::is_control) {
            return Err(BulkInsertError::invalid(
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
/// Every record is sent with the fields the live vendor page requires (field notes §3):
/// `sku` or `itemId`, `totalQuantity`, `reservedQuantity`, `locationId`, `type` and
/// `channelId`, plus the three transit fields for a `Transit` record.
///
/// * `reservedQuantity` is required by the live page although the spec's sample leaves it
///   out. A record carries the reservation set with
///   [`with_reserved_quantity`](Self::with_reserved_quantity), and 0 otherwise: a record
///   made from a stock level (a new stock record, a channel push) knows of no reservation.
///   Whether the service overwrites an existing reservation with what is sent is not
///   documented; set the reservation you want kept.
/// * Quantities of 0 are sent as they are: the two renderings of the live page disagree on
///   `x > 0` and `x >= 0`, and the safe reading is `>= 0`, since refusing 0 would leave a
///   sold-out item showing stock.
/// * `itemId` is sent as a JSON number (the live page: a number of at least 1), though the
///   spec's sample writes it as text.
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
///
/// let new_stock = InventoryRecord::stock(
///     ItemId::new(1_000_000_213)?,
///     LocationId::new(104),
///     ChannelId::US,
///     Quantity::new(0),
/// );
/// assert_eq!(new_stock.reserved_quantity(), Quantity::new(0));
/// assert_eq!(
///     serde_json::to_value(&new_stock)?,
///     serde_json::json!({
///         "itemId": 1000000213, "totalQuantity": 0, "reservedQuantity": 0,
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
    reserved_quantity: Quantity,
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
            reserved_quantity: Quantity::new(0),
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

    /// Sets how many of the items are reserved (`reservedQuantity`; 0 unless set).
    #[must_use]
    pub fn with_reserved_quantity(mut self, reserved: Quantity) -> InventoryRecord {
        self.reserved_quantity = reserved;
        self
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

    /// How many of them are reserved, as sent in `reservedQuantity`: what
    /// [`with_reserved_quantity`](Self::with_reserved_quantity) set, 0 otherwise.
    #[must_use]
    pub fn reserved_quantity(&self) -> Quantity {
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
            // The live page types `itemId` as a number of at least 1 (field notes §3).
            ItemRef::ItemId(id) => map.serialize_entry("itemId", &id.get())?,
        }
        map.serialize_entry("totalQuantity", &self.total_quantity.get())?;
        // Required on the live page, absent from the spec's sample (field notes §3).
        map.serialize_entry("reservedQuantity", &self.reserved_quantity.get())?;
        map.serialize_entry("locationId", &self.location)?;
        map.serialize_entry("type", &self.record_type())?;
        map.serialize_entry("channelId", &self.channel)?;
        if let RecordKind::Transit(details) = &self.kind {
            map.serialize_entry("transitOrderDate", &write_date(details.order_date))?;
            map.serialize_entry("transitStockDate", &write_date(details.stock_date))?;
            map.serialize_entry("transitRef", &details.reference)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ItemId;
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
            // The spec sample's fields, with what the live page requires beside them
            // (field notes §3): `reservedQuantity`, and `itemId` as a number.
            json!({
                "itemId": 1000000213, "totalQuantity": 10000, "reservedQuantity": 0,
                "locationId": 104, "type": "Transit", "channelId": 12,
                "transitOrderDate": "2020-05-05", "transitStockDate": "2020-05-06",
                "transitRef": "WO-20000"
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
}
