//! `GET /inventory/location/{locationId}`: the inventory records at one location, page by page.

use client_core::page::{self, NextPage};
use client_core::{Page, Request, Response, Route, StreamOptions};
use futures::stream::BoxStream;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::client::BulkInsertClient;
use crate::error::BulkInsertError;
use crate::ids::LocationId;
use crate::records::RecordType;
use crate::service_id::ServiceId;
use crate::site_context::ChannelId;

const AT_LOCATION: &str = "/inventory/location/{locationId}";

/// One inventory record stored at a location.
///
/// Every field is optional: the service documents the listing's envelope, not each record, so
/// a record missing a field still decodes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LocationInventory {
    /// The record's id (`_id`).
    #[serde(default, rename = "_id")]
    pub id: Option<String>,
    /// The seller's SKU.
    #[serde(default)]
    pub sku: Option<String>,
    /// The service's item id, as the service wrote it (a number or text).
    #[serde(default)]
    pub item_id: Option<ServiceId>,
    /// The location, as the service wrote it (a number or text).
    #[serde(default)]
    pub location_id: Option<ServiceId>,
    /// Stock or transit.
    #[serde(default, rename = "type")]
    pub record_type: Option<RecordType>,
    /// The sales channel.
    #[serde(default)]
    pub channel_id: Option<ChannelId>,
    /// How many items there are.
    #[serde(default)]
    pub total_quantity: Option<i64>,
    /// How many are reserved.
    #[serde(default)]
    pub reserved_quantity: Option<i64>,
    /// For transit records: when the goods were ordered (`YYYY-MM-DD` as written).
    #[serde(default)]
    pub transit_order_date: Option<String>,
    /// For transit records: when they are expected in stock.
    #[serde(default)]
    pub transit_stock_date: Option<String>,
    /// For transit records: the transfer or purchase order reference.
    #[serde(default)]
    pub transit_ref: Option<String>,
    /// When the record was created.
    #[serde(default, with = "client_core::timestamp::rfc3339_option")]
    pub created_at: Option<OffsetDateTime>,
    /// When the record last changed.
    #[serde(default, with = "client_core::timestamp::rfc3339_option")]
    pub updated_at: Option<OffsetDateTime>,
}

#[derive(Deserialize)]
struct Listing {
    #[serde(default)]
    query: ListingQuery,
    #[serde(default)]
    inventories: Vec<LocationInventory>,
}

#[derive(Deserialize, Default)]
struct ListingQuery {
    #[serde(default)]
    offset: Option<u64>,
    #[serde(default)]
    count: Option<u64>,
}

impl BulkInsertClient {
    /// The inventory at `location`; choose the page with `.offset()` and `.limit()`, then
    /// `.send()` for one page or `.stream()` for every record.
    pub fn location_inventory(&self, location: LocationId) -> LocationInventoryRequest {
        LocationInventoryRequest {
            client: self.clone(),
            location,
            offset: None,
            limit: None,
        }
    }
}

/// A listing of the inventory at one location; see [`BulkInsertClient::location_inventory`].
///
/// The service pages this listing by record offset (`offset`, `limit`, and `query.count` in
/// the answer), not by page number, so it keeps its own `offset()` and `limit()` instead of
/// [`Paged`](client_core::Paged)'s `page()` and `page_size()`; its stream is still the
/// engine's shared page loop, with the same guard against a server that repeats itself.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await` or `.stream()`"]
pub struct LocationInventoryRequest {
    client: BulkInsertClient,
    location: LocationId,
    offset: Option<u64>,
    limit: Option<u64>,
}

impl LocationInventoryRequest {
    /// Skips the first `offset` records.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// At most `limit` records per page (at least 1; the service's default otherwise).
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Fetches one page. `total` is the service's `count`; `next` is set while records remain.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for a limit of 0 (nothing is sent), the documented
    /// errors of [`BulkInsertClient::bulk_insert`], and [`BulkInsertError::Engine`] for the rest.
    pub async fn send(&self) -> Result<Page<LocationInventory>, BulkInsertError> {
        if self.limit == Some(0) {
            return Err(BulkInsertError::invalid("limit", "must be at least 1"));
        }
        let location = self.location.to_string();
        let route = Route::new(AT_LOCATION)
            .with("locationId", &location)?
            .finish()?;
        let request = Request::get(route)
            .query_opt("offset", self.offset)
            .query_opt("limit", self.limit);
        let request = self.client.with_site_context(request)?;
        let response = self.client.engine.execute(request).await?;
        decode_location_page(&response, self.offset)
    }

    /// Every record from the chosen offset on, fetching pages as they are consumed. An error
    /// is yielded once and ends the stream.
    pub fn stream(self) -> BoxStream<'static, Result<LocationInventory, BulkInsertError>> {
        page::items(
            move |next| {
                let mut request = self.clone();
                if let Some(NextPage::Offset(offset)) = next {
                    request.offset = Some(offset);
                }
                async move { request.send().await }
            },
            StreamOptions::default(),
        )
    }
}

/// One page of a 2xx location listing asked from `offset` (when the answer does not say its
/// own), with the offset of the next page while the service's `count` says records remain.
pub(crate) fn decode_location_page(
    response: &Response,
    offset: Option<u64>,
) -> Result<Page<LocationInventory>, BulkInsertError> {
    let listing: Listing = response.json()?;
    let offset = listing.query.offset.or(offset).unwrap_or(0);
    let seen = offset.saturating_add(listing.inventories.len() as u64);
    let more = listing.query.count.is_some_and(|count| seen < count);
    let next = (more && !listing.inventories.is_empty()).then_some(NextPage::Offset(seen));
    Ok(Page {
        next,
        total: listing.query.count,
        ..Page::of(listing.inventories)
    })
}
