//! Typed client for Newegg Marketplace item inventory, in XML and JSON.
//!
//! Sets and reads one item's available quantity per warehouse country through Newegg's
//! international inventory functions, submits up to 10,000 stock records at once through its
//! Datafeed API (inventory feeds, their status and their processing reports), and pushes stock
//! levels from any program through the model's [`StockChannel`](inventory_model::StockChannel)
//! trait ([`NeweggClient::channel`]) on the cheaper of the two paths.
//!
//! | what | how |
//! |---|---|
//! | configure | [`NeweggClient::builder`]: seller ID, API key and secret key, [`Region`], [`Format`], plus the shared settings of [`ConfigureEngine`] |
//! | set quantities | [`NeweggClient::update_inventory`] with an [`ItemInventoryUpdate`] |
//! | read quantities | [`NeweggClient::inventory`] with an [`InventoryQuery`]: per country and [`FulfillmentOption`] |
//! | read platform-wide stock | [`NeweggClient::item_stock`] → [`ItemStock`] (the flat Business/Canada answer) |
//! | submit an inventory feed | [`NeweggClient::submit_inventory_feed`] with an [`InventoryFeed`] of [`FeedItem`]s (or [`NeweggClient::submit_raw_feed`] with a [`RawFeed`]) → [`FeedInfo`] |
//! | wait for feeds | [`NeweggClient::feed_status`], [`NeweggClient::wait_for_feeds`] with [`FeedWaitOptions`] (progress through [`FeedProgress`]) |
//! | read a feed's report | [`NeweggClient::feed_result`] → [`ProcessingReport`], per record [`ProcessingReport::outcomes`] |
//! | push a batch | [`NeweggClient::channel`] → [`NeweggChannel`]: one request per SKU up to [`DEFAULT_FEED_THRESHOLD`] SKUs, inventory feeds above |
//! | errors | [`NeweggError`], its [`NeweggErrorKind`], Newegg's [`ErrorCode`]; the common questions through [`ClientError`] |
//!
//! What the client takes care of:
//!
//! * **Credentials**: the API key goes in `Authorization` (bare, no scheme) and the secret key
//!   in `SecretKey`; neither ever appears in `Debug`, errors or traces.
//! * **Formats**: XML (the default) or JSON, chosen on the builder; answers in either format
//!   are read, with or without a byte-order mark, with numbers as strings or as numbers and a
//!   list of one as a bare object.
//! * **Read shapes**: the vendor page's `InventoryList` and the `InventoryAllocation` Newegg's
//!   own SDK records, where a country is listed once per fulfillment option. The seller's own
//!   stock ([`ItemInventory::available_in`]) and the stock Newegg ships
//!   ([`ItemInventory::newegg_available_in`]) are never added up. An answer of any other
//!   shape is a decode error keeping the body, never an item with no warehouses.
//! * **Rules before sending**: quantities from 0 to 999,999, warehouse countries as validated
//!   ISO 3166 alpha-3 [`Country`](inventory_model::Country) codes, identifiers without blanks
//!   or control characters, a condition only with a UPC. Breaking one is an
//!   [`NeweggError::InvalidInput`] and nothing is sent.
//! * **Rate limit**: 10,000 requests an hour, and Newegg's one-minute window as its
//!   `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-ResetTime` report it
//!   ([`RATE_LIMIT_WINDOW`]): nothing remaining pauses every clone until the reset time (a
//!   Pacific local time is read as such), or one minute when the reset cannot be read; a 429
//!   pauses every clone too, and updates (absolute quantities, safe to repeat) are retried
//!   after it.
//! * **Errors**: credential refusals (`InvalidConsumerKey`, `InvalidToken`, `AccessDenied`,
//!   the gateway's `Gateway: Seller Auth failed.`) are typed whatever status they come with
//!   and never retryable; every `CT0xx` code Newegg documents is an [`ErrorCode`].
//! * **Feed limits, before sending**: at most [`MAX_FEED_RECORDS`] records a feed
//!   ([`InventoryFeed::split`] splits larger batches), submissions paced 10 a minute by a pacer
//!   of their own ([`default_feed_rate_limit`]), the hour's 100,000 records counted in records
//!   and corrected by Newegg's `X-RecordCount-*` ([`NeweggClient::record_allowance`]), and
//!   DF012 a typed [`NeweggError::RecordAllowanceSpent`] carrying the time Newegg names.
//! * **No `Overwrite`**: Newegg's `Overwrite=Yes` deactivates every item a feed does not list;
//!   the typed feed cannot say it, and a raw feed that does is refused before sending.
//! * **Money**: these functions send no amount. Were one added, it would be checked with
//!   `inventory_model::Money::check_minor_units` before sending, as in every client.
//! * **Hostile XML**: document type declarations, undefined entities, deep nesting and
//!   oversized bodies end in an error before the document is decoded.
//!
//! # Example
//!
//! ```
//! use inventory_model::Country;
//! use newegg_client::{ConfigureEngine, ItemInventoryUpdate, NeweggClient};
//! use wiremock::matchers::{method, query_param};
//! use wiremock::{Mock, MockServer, ResponseTemplate};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! // A stand-in for api.newegg.com; drop `base_url` to talk to Newegg itself.
//! let server = MockServer::start().await;
//! Mock::given(method("POST"))
//!     .and(query_param("sellerid", "A006"))
//!     .respond_with(ResponseTemplate::new(200).set_body_raw(
//!         "<UpdateInventoryResult><SellerID>A006</SellerID>\
//!          <ItemNumber>9SIA00607Y6476</ItemNumber><SellerPartNumber>A006BSP3</SellerPartNumber>\
//!          <InventoryList><Inventory><WarehouseLocation>USA</WarehouseLocation>\
//!          <AvailableQuantity>107</AvailableQuantity></Inventory></InventoryList>\
//!          </UpdateInventoryResult>",
//!         "application/xml",
//!     ))
//!     .mount(&server)
//!     .await;
//!
//! let newegg = NeweggClient::builder()
//!     .base_url(server.uri())
//!     .seller_id("A006")
//!     .credentials("api-key", "secret-key")
//!     .build()?;
//! let result = newegg
//!     .update_inventory(ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, 107))
//!     .await?;
//! assert_eq!(result.available_in(Country::USA), Some(107));
//! assert_eq!(result.item_number.as_deref(), Some("9SIA00607Y6476"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # More examples
//!
//! Runnable programs in the workspace's `examples` package, offline against the sandbox:
//!
//! * `cargo run -p examples --example newegg_warehouses`: stock per warehouse in XML and JSON;
//! * `cargo run -p examples --example handling_errors`: a CT error code matched on `ErrorCode`;
//! * `cargo run -p examples --bin seller-day`: every client in a seller's day.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod channel;
mod client;
mod condition;
mod error;
mod error_body;
mod feed;
mod fulfillment;
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
    ApiError, ClientError, ConfigureEngine, InvalidInput, Page, Paged, RetryPolicy, Secret,
    StatusCode, rate_limit::RateLimitPolicy,
};

/// The traits a program using this crate brings into scope: `use newegg_client::prelude::*;`.
pub mod prelude {
    pub use client_core::{ClientError, ConfigureEngine, Paged};
    pub use inventory_model::StockChannel;
}
