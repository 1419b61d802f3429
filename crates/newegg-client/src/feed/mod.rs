//! Newegg's Datafeed API for inventory: one feed carries up to 10,000 stock records, processed
//! by Newegg as a job with a status and a processing report.
//!
//! | step | call | Newegg's function |
//! |---|---|---|
//! | build | [`InventoryFeed`] of [`FeedItem`]s (or a [`RawFeed`] the caller wrote) | — |
//! | submit | [`NeweggClient::submit_inventory_feed`](crate::NeweggClient::submit_inventory_feed), [`NeweggClient::submit_raw_feed`](crate::NeweggClient::submit_raw_feed) | `POST datafeedmgmt/feeds/submitfeed` |
//! | status | [`NeweggClient::feed_status`](crate::NeweggClient::feed_status), [`NeweggClient::wait_for_feeds`](crate::NeweggClient::wait_for_feeds) | `PUT datafeedmgmt/feeds/status` |
//! | result | [`NeweggClient::feed_result`](crate::NeweggClient::feed_result) → [`ProcessingReport`], [`ProcessingReport::outcomes`] | `GET datafeedmgmt/feeds/result/{RequestId}` |
//!
//! The platform decides the feed: Newegg.com sends `INVENTORY_DATA` (version 2.0, a quantity
//! per warehouse country); Newegg Business and Newegg Canada send `INVENTORY_AND_PRICE_DATA`
//! (version 1.0), with inventory fields only. Neither ever carries `Overwrite`: its `Yes`
//! deactivates every item the feed does not list, so the typed feed has no field for it and a
//! raw feed that sets it is refused before sending.

mod allowance;
mod document;
mod engines;
mod id;
mod info;
mod items;
mod raw;
mod report;
mod status;
mod submit;

use std::time::Duration;

use client_core::open_enum;

#[cfg(feature = "fuzzing")]
pub(crate) use allowance::RecordAllowance;
pub use allowance::RecordAllowanceStatus;
pub use engines::default_feed_rate_limit;
pub(crate) use engines::{FeedEngines, FeedSettings, SubmitPacing};
pub use id::RequestId;
pub use info::{FeedInfo, FeedStatus};
pub use items::{FeedItem, InventoryFeed};
pub(crate) use items::{MAX_PART_NUMBER_CHARS, split_keyed};
pub use raw::RawFeed;
#[cfg(feature = "fuzzing")]
pub(crate) use report::read_report;
pub use report::{FeedItemOutcome, ProcessingReport, ReportEntry};
#[cfg(feature = "fuzzing")]
pub(crate) use status::read_status_answer;
pub use status::{FeedProgress, FeedWaitOptions, ProgressCallback};
#[cfg(feature = "fuzzing")]
pub(crate) use submit::read_submit_answer;

use crate::region::Region;

/// The most records (`Item` elements) one inventory feed may carry; larger batches are split
/// ([`InventoryFeed::split`]).
pub const MAX_FEED_RECORDS: usize = 10_000;

/// Feed submissions Newegg accepts per minute, for each inventory feed type; the client
/// paces its submissions to it, apart from every other function's budget.
pub const FEED_SUBMITS_PER_MINUTE: u32 = 10;

/// Records Newegg processes per hour from inventory feeds (its "hourly allowance"); the
/// client counts the records it submits against it.
pub const FEED_RECORDS_PER_HOUR: u32 = 100_000;

/// Requests per hour of the feed status and feed result functions.
pub const FEED_READS_PER_HOUR: u32 = 10_000;

/// The most request IDs one status query may name (Newegg's `MaxCount` cap).
pub const MAX_STATUS_IDS: usize = 100;

/// The window the hourly record allowance is counted in.
pub(crate) const RECORD_WINDOW: Duration = Duration::from_secs(60 * 60);

open_enum! {
    /// What a feed carries (Newegg's `requesttype` and `RequestType`).
    ///
    /// The client submits the two inventory types; the others appear in status answers about
    /// feeds submitted elsewhere.
    ///
    /// ```
    /// use newegg_client::{FeedType, Region};
    ///
    /// assert_eq!(FeedType::for_inventory(Region::Usa), FeedType::InventoryData);
    /// assert_eq!(FeedType::for_inventory(Region::Canada).as_str(), "INVENTORY_AND_PRICE_DATA");
    /// ```
    pub enum FeedType {
        /// `INVENTORY_DATA`: the Inventory Update Feed of Newegg.com, a quantity per warehouse
        /// country.
        InventoryData => "INVENTORY_DATA",
        /// `INVENTORY_AND_PRICE_DATA`: the Inventory And Price Feed, "designed for
        /// Neweggbusiness.com and Newegg.ca".
        InventoryAndPriceData => "INVENTORY_AND_PRICE_DATA",
        /// `ITEM_DATA`: item creation (not submitted by this client).
        ItemData => "ITEM_DATA",
        /// `PRICE_DATA`: price updates (not submitted by this client).
        PriceData => "PRICE_DATA",
    }
}

impl FeedType {
    /// The inventory feed of a platform: `INVENTORY_DATA` on Newegg.com,
    /// `INVENTORY_AND_PRICE_DATA` on Newegg Business and Newegg Canada.
    ///
    /// Whether Newegg also takes `INVENTORY_DATA` on Business or Canada is unverified (its
    /// page lists only the Newegg.com URL), so the client sends each platform the feed its
    /// pages name for it.
    pub fn for_inventory(region: Region) -> Self {
        match region {
            Region::Usa => Self::InventoryData,
            _ => Self::InventoryAndPriceData,
        }
    }

    /// Whether this client submits feeds of this type.
    pub fn is_inventory(&self) -> bool {
        matches!(self, Self::InventoryData | Self::InventoryAndPriceData)
    }
}

/// The Datafeed functions, under each platform's base path (lower case, as Newegg wants every
/// URL but the seller ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Submit,
    Status,
    Result,
}

/// The route template of `endpoint` on `region` (`{request_id}` in the result's).
pub(crate) fn route(region: Region, endpoint: Endpoint) -> &'static str {
    match (region, endpoint) {
        (Region::Usa, Endpoint::Submit) => "/marketplace/datafeedmgmt/feeds/submitfeed",
        (Region::Usa, Endpoint::Status) => "/marketplace/datafeedmgmt/feeds/status",
        (Region::Usa, Endpoint::Result) => "/marketplace/datafeedmgmt/feeds/result/{request_id}",
        (Region::Business, Endpoint::Submit) => "/marketplace/b2b/datafeedmgmt/feeds/submitfeed",
        (Region::Business, Endpoint::Status) => "/marketplace/b2b/datafeedmgmt/feeds/status",
        (Region::Business, Endpoint::Result) => {
            "/marketplace/b2b/datafeedmgmt/feeds/result/{request_id}"
        }
        (Region::Canada, Endpoint::Submit) => "/marketplace/can/datafeedmgmt/feeds/submitfeed",
        (Region::Canada, Endpoint::Status) => "/marketplace/can/datafeedmgmt/feeds/status",
        (Region::Canada, Endpoint::Result) => {
            "/marketplace/can/datafeedmgmt/feeds/result/{request_id}"
        }
    }
}
