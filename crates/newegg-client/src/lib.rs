#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod channel;
mod client;
mod condition;
mod error;
mod error_body;
mod feed;
mod fulfillment;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod inventory;
mod read;
mod region;
mod wire;
mod xml;

pub use channel::{
    CHANNEL_NAME, DEFAULT_FEED_THRESHOLD, DEFAULT_WAREHOUSE, NeweggChannel, WhenThrottled,
};
pub use client::{
    Format, INVENTORY_REQUESTS_PER_HOUR, NeweggClient, NeweggClientBuilder, PRODUCTION_BASE_URL,
    RATE_LIMIT_WINDOW, default_rate_limit,
};
pub use condition::Condition;
pub use error::{NeweggError, NeweggErrorKind};
pub use error_body::{ErrorCode, ErrorEntry, parse_error_body};
pub use feed::{
    FEED_READS_PER_HOUR, FEED_RECORDS_PER_HOUR, FEED_SUBMITS_PER_MINUTE, FeedInfo, FeedItem,
    FeedItemOutcome, FeedProgress, FeedStatus, FeedType, FeedWaitOptions, InventoryFeed,
    MAX_FEED_RECORDS, MAX_STATUS_IDS, ProcessingReport, ProgressCallback, RawFeed,
    RecordAllowanceStatus, ReportEntry, RequestId, default_feed_rate_limit,
};
pub use fulfillment::{FulfillmentOption, ItemStock, NeweggWarehouse};
pub use inventory::{
    InventoryQuery, ItemId, ItemInventory, ItemInventoryUpdate, MAX_AVAILABLE_QUANTITY,
    WarehouseStock,
};
pub use region::Region;

/// Re-exported so callers configure the client and handle its errors without depending on
/// `client-core`.
pub use client_core::{
    ApiError, ClientError, ConfigureEngine, Error as CoreError, InvalidInput, Page, Paged,
    RetryPolicy, Secret, StatusCode,
    rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus},
};
/// Re-exported from `inventory-model` so a program that talks only to Newegg imports from this
/// crate alone: warehouse countries, conditions, SKUs and quantities, and what the stock channel
/// takes and returns.
pub use inventory_model::{
    ChannelError, ChannelOperation, Country, InventoryUpdate, ItemCondition, ItemOutcome, Outcome,
    PushReport, Quantity, Refusal, Sku, StockChannel, StockKind, StockUpdate, UpdateKind,
};

/// The traits a program using this crate brings into scope: `use newegg_client::prelude::*;`.
pub mod prelude {
    pub use client_core::{ClientError, ConfigureEngine, Paged};
    pub use inventory_model::StockChannel;
}
