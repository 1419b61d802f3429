//! What the Newegg fake keeps: items with their stock per warehouse, and the sellers it accepts.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::Instant;

use super::DEFAULT_SELLER_ID;

/// Item conditions by their numeric code (only used to tell UPC items apart).
pub const NEWEGG_CONDITIONS: [(u8, &str); 6] = [
    (1, "New"),
    (2, "Refurbished"),
    (3, "Used - Like New"),
    (4, "Used - Very Good"),
    (5, "Used - Good"),
    (6, "Used - Acceptable"),
];

/// One item the fake knows, with its stock per warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeweggItem {
    /// The seller who owns the item.
    pub seller_id: String,
    /// Newegg's item number (`Type` 0).
    pub item_number: String,
    /// The seller's part number (`Type` 1).
    pub seller_part_number: String,
    /// The UPC (`Type` 2), if any.
    pub upc: Option<String>,
    /// Condition code 1–6 (1 = New).
    pub condition: u8,
    /// Available quantity per warehouse country (ISO 3166 alpha-3).
    pub inventory: BTreeMap<String, u32>,
    /// For an approved promotion: the lowest quantity the seller may set.
    pub promotion_minimum: Option<u32>,
    /// Stock Newegg ships (fulfillment option 1) per warehouse country, broken down by
    /// Newegg warehouse code (`[("07", 3), ("12", 37)]`). A read lists it beside the seller's own
    /// stock of the same country (field notes §2.4).
    pub newegg_stock: BTreeMap<String, Vec<(String, u32)>>,
    /// Shipped by Newegg: inventory writes are refused with `CT022` (field notes §2.5).
    pub shipped_by_newegg: bool,
}

impl NeweggItem {
    /// A New item of [`DEFAULT_SELLER_ID`] with no stock recorded.
    pub fn new(item_number: impl Into<String>, seller_part_number: impl Into<String>) -> Self {
        Self {
            seller_id: DEFAULT_SELLER_ID.to_string(),
            item_number: item_number.into(),
            seller_part_number: seller_part_number.into(),
            upc: None,
            condition: 1,
            inventory: BTreeMap::new(),
            promotion_minimum: None,
            newegg_stock: BTreeMap::new(),
            shipped_by_newegg: false,
        }
    }

    /// Sets the stock of one warehouse.
    pub fn with_stock(mut self, warehouse: &str, quantity: u32) -> Self {
        self.inventory.insert(warehouse.to_string(), quantity);
        self
    }

    /// Sets the stock Newegg holds for the item in one warehouse country, per Newegg warehouse
    /// code: `with_newegg_stock("USA", &[("07", 3), ("12", 37)])`.
    pub fn with_newegg_stock(mut self, warehouse: &str, allocation: &[(&str, u32)]) -> Self {
        self.newegg_stock.insert(
            warehouse.to_string(),
            allocation
                .iter()
                .map(|(code, quantity)| ((*code).to_string(), *quantity))
                .collect(),
        );
        self
    }

    /// Marks the item as shipped by Newegg, so inventory writes are refused with `CT022`.
    pub fn shipped_by_newegg(mut self) -> Self {
        self.shipped_by_newegg = true;
        self
    }

    /// The quantity Newegg holds in one warehouse country: the sum of its warehouse codes.
    pub fn newegg_quantity(&self, warehouse: &str) -> Option<u32> {
        self.newegg_stock
            .get(warehouse)
            .map(|codes| codes.iter().map(|(_, quantity)| quantity).sum())
    }
}

/// The shape of the answer to an inventory read (`PUT`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum NeweggReadShape {
    /// `InventoryAllocation.Inventory[]` with `FulfillmentOption` (and a
    /// `WarehouseAllocation` for Newegg's stock): what Newegg's own SDK records (field notes
    /// §2.4). The default.
    #[default]
    InventoryAllocation,
    /// `InventoryList.Inventory[]` without fulfillment options, the update's answer shape: a
    /// shape a reader may not know, to test that it says so instead of reading no warehouses.
    InventoryList,
}

/// How `X-RateLimit-ResetTime` writes when the window resets. Newegg does not document the
/// format (field notes §2.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum NeweggResetTime {
    /// `8/25/2026 7:04:23 AM`: US Pacific time (PST/PDT), .NET's `en-US` format, as Newegg
    /// gives every date-time in Pacific time (field notes §2.1). The default.
    #[default]
    PacificUs,
    /// `Tue, 25 Aug 2026 14:04:23 GMT`: an HTTP date.
    HttpDate,
    /// `1787666663`: Unix seconds.
    UnixSeconds,
    /// `42`: whole seconds until the reset.
    Seconds,
}

/// A seller the fake accepts, with its credentials and the warehouses it has set up.
#[derive(Clone)]
pub(crate) struct SellerAccount {
    pub(crate) seller_id: String,
    pub(crate) authorization: String,
    pub(crate) secret_key: String,
    pub(crate) warehouses: BTreeSet<String>,
}

/// The Newegg platform a request is for, by its base path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NeweggPlatform {
    /// Newegg.com, `/marketplace/`.
    Usa,
    /// Newegg Business, `/marketplace/b2b/`.
    Business,
    /// Newegg Canada, `/marketplace/can/`.
    Canada,
}

impl NeweggPlatform {
    /// The base path, without a trailing slash.
    pub fn base_path(self) -> &'static str {
        match self {
            Self::Usa => "/marketplace",
            Self::Business => "/marketplace/b2b",
            Self::Canada => "/marketplace/can",
        }
    }

    /// The country whose stock a platform's `INVENTORY_AND_PRICE_DATA` feed sets (it names no
    /// warehouse): USA for Newegg.com and Business, CAN for Canada. Reports name it as
    /// `CountryCode` (`CAN` in the Newegg.ca report the feed specification quotes).
    pub fn home_country(self) -> &'static str {
        match self {
            Self::Canada => "CAN",
            _ => "USA",
        }
    }

    /// The inventory feed the platform's pages name for it.
    pub(crate) fn inventory_feed(self) -> &'static str {
        match self {
            Self::Usa => "INVENTORY_DATA",
            _ => "INVENTORY_AND_PRICE_DATA",
        }
    }
}

/// Where a feed is (Newegg's `RequestStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NeweggFeedStatus {
    /// `SUBMITTED`: taken, not yet read about.
    Submitted,
    /// `IN_PROGRESS`: being processed.
    InProgress,
    /// `FINISHED`: its records applied, its failures in the processing report.
    Finished,
    /// `CANCELLED` (the fake never cancels on its own; [`cancel_feed`] does).
    ///
    /// [`cancel_feed`]: crate::Sandbox::cancel_feed
    Cancelled,
}

impl NeweggFeedStatus {
    /// Newegg's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "SUBMITTED",
            Self::InProgress => "IN_PROGRESS",
            Self::Finished => "FINISHED",
            Self::Cancelled => "CANCELLED",
        }
    }
}

/// One record a finished feed could not apply, as its processing report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeweggFeedFailure {
    /// The record's `SellerPartNumber` (empty when it had none).
    pub seller_part_number: String,
    /// The record's `CountryCode`: its warehouse, or the platform's country.
    pub country: String,
    /// The `ErrorDescription`, `CODE:message`.
    pub description: String,
}

/// A feed the fake was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeweggFeed {
    /// The request ID the submit answer handed out.
    pub request_id: String,
    /// The seller who sent it.
    pub seller_id: String,
    /// The platform it was sent to.
    pub platform: NeweggPlatform,
    /// `INVENTORY_DATA` or `INVENTORY_AND_PRICE_DATA`.
    pub request_type: String,
    /// Where it is.
    pub status: NeweggFeedStatus,
    /// How many records (`Item`s) it holds.
    pub records: usize,
    /// Whether it asked for `Overwrite` (`Yes`/`True`), deactivating every other item.
    pub overwrite: bool,
    /// The records it could not apply, once finished.
    pub failures: Vec<NeweggFeedFailure>,
}

/// One record of a feed as sent, every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FeedRecord {
    pub(crate) seller_part_number: Option<String>,
    pub(crate) newegg_item_number: Option<String>,
    pub(crate) warehouse: Option<String>,
    pub(crate) inventory: Option<String>,
    pub(crate) overwrite: Option<String>,
    pub(crate) activation_mark: Option<String>,
}

/// A feed and what the fake needs to process it.
#[derive(Debug, Clone)]
pub(crate) struct FeedJob {
    pub(crate) feed: NeweggFeed,
    pub(crate) records: Vec<FeedRecord>,
    /// Status reads that named it so far.
    pub(crate) status_reads: u32,
    /// When it was taken (Unix seconds), for `RequestDate`.
    pub(crate) submitted_unix: i64,
    /// When it was processed (Unix seconds), for `ProcessedStamp`.
    pub(crate) processed_unix: Option<i64>,
}

/// Everything the fake holds.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub(crate) items: Vec<NeweggItem>,
    /// Sellers whose API services are deactivated: `AccessDenied`.
    pub(crate) deactivated: BTreeSet<String>,
    /// Every feed taken, oldest first.
    pub(crate) feeds: Vec<FeedJob>,
    /// Feed records taken in the last hour, per seller: when, and how many.
    pub(crate) record_log: BTreeMap<String, VecDeque<(Instant, usize)>>,
    /// The hourly record allowance (0 until the builder sets it).
    pub(crate) record_allowance: usize,
    /// Items an `Overwrite` deactivated, by (seller, seller part number).
    pub(crate) inactive: BTreeSet<(String, String)>,
    /// The number of the next request ID.
    pub(crate) next_feed: u64,
}
