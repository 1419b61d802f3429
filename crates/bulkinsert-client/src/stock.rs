//! `POST /inventory`: how much of several items can be sold on a channel.
//!
//! The answer is the array the live page records (field notes §3), read item by item when one
//! does not fit: a malformed item fails alone, naming its `itemId`, and the others are kept.

use client_core::tolerant::decode_list;
use client_core::{ItemError, Request, Response, Route};
use inventory_model::Quantity;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::client::BulkInsertClient;
use crate::error::BulkInsertError;
use crate::ids::ItemId;
use crate::service_id::ServiceId;
use crate::site_context::ChannelId;

const INVENTORY: &str = "/inventory";

/// One item of a stock query: which item, and how many the caller would take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StockRequest {
    /// The item.
    pub item_id: ItemId,
    /// How many are wanted.
    pub quantity: Quantity,
}

impl StockRequest {
    /// Asks whether `quantity` of `item_id` can be had.
    #[must_use]
    pub fn new(item_id: ItemId, quantity: Quantity) -> StockRequest {
        StockRequest { item_id, quantity }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StockQuery<'a> {
    items: &'a [StockRequest],
    channel_id: ChannelId,
}

/// The answer for one item of a stock query, in the shape the live page records (field notes
/// §3): `itemId, quantityRequested, stockDate, inStock, fromStockQuantity, fromStock[…],
/// fromTransitQuantity, fromTransit[], availableStockQuantity, availableTransitQuantity,
/// availableTotal`.
///
/// `inStock` and `availableTotal` are needed; an item without them, or with a value of the
/// wrong type, fails alone (see [`StockLevels::failed`]). Lists that are `null` or absent
/// read as empty.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ItemAvailability {
    /// The item, as the service wrote it (a number or text).
    #[serde(default)]
    pub item_id: Option<ServiceId>,
    /// How many were asked for.
    #[serde(default)]
    pub quantity_requested: Option<u64>,
    /// When the item is expected in stock, as the service writes it.
    #[serde(default)]
    pub stock_date: Option<String>,
    /// Whether the quantity asked for can be had.
    pub in_stock: bool,
    /// How many of the request would come from stock on hand.
    #[serde(default)]
    pub from_stock_quantity: Option<i64>,
    /// The locations the stock on hand would come from.
    #[serde(default, deserialize_with = "crate::lenient::null_as_empty")]
    pub from_stock: Vec<StockSource>,
    /// How many of the request would come from stock in transit.
    #[serde(default)]
    pub from_transit_quantity: Option<i64>,
    /// The transit stock it would come from, as the service writes it (undocumented shape).
    #[serde(default, deserialize_with = "crate::lenient::null_as_empty")]
    pub from_transit: Vec<serde_json::Value>,
    /// Stock on hand available for sale.
    #[serde(default)]
    pub available_stock_quantity: Option<i64>,
    /// Stock in transit available for sale.
    #[serde(default)]
    pub available_transit_quantity: Option<i64>,
    /// Everything available for sale.
    pub available_total: i64,
}

/// One location that stock on hand would come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StockSource {
    /// The location, as the service wrote it (a number or text).
    #[serde(default)]
    pub location_id: Option<ServiceId>,
    /// Reserved at this location.
    #[serde(default)]
    pub quantity_reserved: Option<i64>,
    /// Allocated to orders at this location.
    #[serde(default)]
    pub quantity_allocated: Option<i64>,
    /// Left at this location.
    #[serde(default)]
    pub stock_remaining: Option<i64>,
    /// Taken from this location for the request.
    #[serde(default)]
    pub stock_request: Option<i64>,
    /// The sales channel.
    #[serde(default)]
    pub channel_id: Option<ChannelId>,
}

/// The answer to a stock query: the items that decoded, in the service's order, and each one
/// that did not, naming its position, its `itemId` and the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct StockLevels {
    /// The items that decoded, in the service's order.
    pub items: Vec<ItemAvailability>,
    /// The items that did not, each on its own: position in the answer, `itemId`, field.
    pub failed: Vec<ItemError>,
}

impl StockLevels {
    /// Whether every item of the answer decoded.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }

    /// The answer for `item`, if it decoded.
    #[must_use]
    pub fn get(&self, item: ItemId) -> Option<&ItemAvailability> {
        self.items
            .iter()
            .find(|found| found.item_id == Some(ServiceId::from_number(item.get())))
    }
}

impl BulkInsertClient {
    /// How much of each item can be sold on the client's sales channel.
    ///
    /// An item of the answer that does not decode fails alone, in
    /// [`StockLevels::failed`]; the others are in [`StockLevels::items`].
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for an empty list (nothing is sent), the documented
    /// errors of [`bulk_insert`](Self::bulk_insert), and [`BulkInsertError::Engine`] for the rest
    /// (a decode error keeping the body when the answer is not a list of items at all).
    pub async fn stock_levels(
        &self,
        items: &[StockRequest],
    ) -> Result<StockLevels, BulkInsertError> {
        self.stock_levels_on(self.site_context().channel(), items)
            .await
    }

    /// Like [`stock_levels`](Self::stock_levels), on another sales channel.
    ///
    /// # Errors
    ///
    /// As for [`stock_levels`](Self::stock_levels).
    pub async fn stock_levels_on(
        &self,
        channel: ChannelId,
        items: &[StockRequest],
    ) -> Result<StockLevels, BulkInsertError> {
        if items.is_empty() {
            return Err(BulkInsertError::invalid(
                "items",
                "must hold at least one item",
            ));
        }
        let body = StockQuery {
            items,
            channel_id: channel,
        };
        // A POST only because the query travels in a body: it reads stock and changes nothing,
        // so it is as safe to repeat as a GET.
        let request = Request::post(Route::new(INVENTORY).finish()?)
            .json(&body)?
            .idempotent();
        let request = self.with_site_context(request)?;
        let response = self.engine.execute(request).await?;
        decode_stock_levels(&response)
    }
}

/// The items of a 2xx stock answer, each decoded on its own: a bare array (what the live page
/// records) or an object holding `items`.
pub(crate) fn decode_stock_levels(response: &Response) -> Result<StockLevels, BulkInsertError> {
    let text = response.json_text()?;
    let decoded = if text.trim_start().starts_with('[') {
        decode_list::<ItemAvailability, Vec<ItemAvailability>, Vec<Box<RawValue>>, ()>(
            text,
            response.request(),
            ITEM_ID,
            |items| (items, ()),
            |items| (items, ()),
        )
    } else {
        decode_list::<ItemAvailability, Wrapped<ItemAvailability>, Wrapped<Box<RawValue>>, ()>(
            text,
            response.request(),
            ITEM_ID,
            |wrapped| (wrapped.items, ()),
            |wrapped| (wrapped.items, ()),
        )
    };
    let (items, failed, ()) = decoded.map_err(|error| {
        response.decode_error(format!(
            "expected a list of items (an array, or an object holding `items`): {error}"
        ))
    })?;
    Ok(StockLevels { items, failed })
}

/// The key naming an item of the answer, for the errors of the items that do not decode.
const ITEM_ID: &str = "itemId";

/// The answer wrapped in an object. The live page records a bare array (field notes §3); an
/// object holding the items in `items` (the form the request itself uses) is read too.
#[derive(Deserialize)]
struct Wrapped<T> {
    items: Vec<T>,
}
