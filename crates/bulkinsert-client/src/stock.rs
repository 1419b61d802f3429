//! `POST /inventory`: how much of several items can be sold on a channel.

use client_core::{Request, Route};
use inventory_model::Quantity;
use serde::{Deserialize, Serialize};

use crate::client::BulkInsertClient;
use crate::error::BulkInsertError;
use crate::ids::ItemId;
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

/// The answer for one item of a stock query.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ItemAvailability {
    /// The item (text, whether the service wrote a number or text).
    #[serde(default, deserialize_with = "crate::lenient::text_or_number")]
    pub item_id: Option<String>,
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
    #[serde(default)]
    pub from_stock: Vec<StockSource>,
    /// How many of the request would come from stock in transit.
    #[serde(default)]
    pub from_transit_quantity: Option<i64>,
    /// The transit stock it would come from, as the service writes it (undocumented shape).
    #[serde(default)]
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
    /// The location (text, whether the service wrote a number or text).
    #[serde(default, deserialize_with = "crate::lenient::text_or_number")]
    pub location_id: Option<String>,
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

impl BulkInsertClient {
    /// How much of each item can be sold on the client's sales channel.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for an empty list (nothing is sent), the documented
    /// errors of [`bulk_insert`](Self::bulk_insert), and [`BulkInsertError::Engine`] for the rest.
    pub async fn stock_levels(
        &self,
        items: &[StockRequest],
    ) -> Result<Vec<ItemAvailability>, BulkInsertError> {
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
    ) -> Result<Vec<ItemAvailability>, BulkInsertError> {
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
        let answer: StockAnswer = self.engine.execute(request).await?.json()?;
        Ok(match answer {
            StockAnswer::List(items) | StockAnswer::Wrapped { items } => items,
        })
    }
}

/// The answer to a stock query. The service's documentation shows no example of it, so both
/// plausible forms are read: a bare array of items, or an object holding them in `items` (the
/// form the request itself uses).
#[derive(Deserialize)]
#[serde(untagged)]
enum StockAnswer {
    List(Vec<ItemAvailability>),
    Wrapped { items: Vec<ItemAvailability> },
}
