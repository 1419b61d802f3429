//! Typed client for the Instica Inventory API: items, assets, listings, bulk operations,
//! analytics, CSV import and export, reference data, audit logs and export jobs.
//!
//! Build an [`InsticaClient`] once and reach each API section through a handle:
//! [`items`](InsticaClient::items), [`item`](InsticaClient::item),
//! [`bulk`](InsticaClient::bulk), [`analytics`](InsticaClient::analytics),
//! [`csv`](InsticaClient::csv), [`reference`](InsticaClient::reference) and
//! [`exports`](InsticaClient::exports); [`channel`](InsticaClient::channel) is the client as
//! the model's [`StockChannel`](inventory_model::StockChannel) and
//! [`InventoryReader`](inventory_model::InventoryReader). Every paginated list (items,
//! export jobs, audit logs, item-type searches) is a [`ListRequest`] implementing
//! [`Paged`]: `.page(n)` and `.page_size(n)` (at most [`MAX_PAGE_SIZE`]) are checked before
//! sending, `.send()` fetches one page and `.stream()` every item, following the server's
//! `next` links. `use instica_client::prelude::*;` brings the traits into scope.
//!
//! # Example
//!
//! ```
//! use futures::TryStreamExt;
//! use instica_client::prelude::*;
//! use instica_client::{InsticaClient, ItemOrderField, ItemStatus};
//! use wiremock::matchers::{header, method, path, query_param};
//! use wiremock::{Mock, MockServer, ResponseTemplate};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A stand-in for app.instica.com/api/v1; leave `base_url` out to reach the real service.
//! let server = MockServer::start().await;
//! Mock::given(method("GET"))
//!     .and(path("/inventory/"))
//!     .and(query_param("status", "ready-to-sell"))
//!     .and(header("x-api-key", "my-api-key"))
//!     .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
//!         "count": 1, "next": null, "previous": null,
//!         "results": [{"uid": "inv_d4e5f6", "title": "Abbey Road - VG+",
//!                      "status": "ready-to-sell", "price_total_usd": "34.99"}]
//!     })))
//!     .mount(&server)
//!     .await;
//!
//! // An API key (`X-API-Key`) is what Instica recommends for programs; `.token(…)` sends a
//! // mobile or web session's `Authorization: Bearer` token instead.
//! let client = InsticaClient::builder()
//!     .base_url(server.uri())
//!     .api_key("my-api-key")
//!     .build()?;
//!
//! let mut items = client
//!     .items()
//!     .list()
//!     .status(ItemStatus::ReadyToSell)
//!     .ordering(ItemOrderField::Created.descending())
//!     .stream();
//! while let Some(item) = items.try_next().await? {
//!     let price = item.price_total_usd.map(|price| price.to_string());
//!     assert_eq!(price.as_deref(), Some("$34.99"));
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Authentication
//!
//! [`api_key`](InsticaClientBuilder::api_key) sends `X-API-Key: <key>`, the method Instica
//! recommends for scripts, extensions and server-to-server integrations: use it.
//! [`token`](InsticaClientBuilder::token) sends `Authorization: Bearer <token>`, the session
//! token of Instica's mobile and web apps (Sign in with Apple). The one set last is used. A
//! key or token that is empty, blank, or holds whitespace or a line break is refused by
//! `build()` as [`InsticaError::Config`] naming `api_key` or `token`; neither ever prints.
//!
//! # Money
//!
//! Instica writes amounts as decimal strings in US dollars (`"34.99"`). They are read exactly
//! into [`Money`](inventory_model::Money) in USD, never through a float, keeping any precision
//! the server writes. Every amount sent is checked before it leaves: it must be in USD, have
//! no more decimals than USD's two ([`Money::check_minor_units`](inventory_model::Money::check_minor_units):
//! `12.345` is refused naming the field, the currency and its minor units; round it with
//! [`Money::round_to_minor_units`](inventory_model::Money::round_to_minor_units)), and keep
//! within the documented digit limits (`price_purchased_item`: 7 digits; bulk price values:
//! 10 digits).
//!
//! # Reading tolerantly
//!
//! An optional nested object (an item's `product`, `organization`, `user`, a listing's
//! `permissions`, …) that comes as `{}`, `null` or not at all is `None`; a list or map that
//! comes as `null` is empty. One item of a list that does not decode fails alone: the page
//! keeps the others, in order, and [`Page::failed`] names each failed one by its index, its
//! `uid` and the path of the field at fault (`assets[1].file_size`); a stream yields it as an
//! [`InsticaError::Engine`] holding [`client_core::Error::Item`] in its place and goes on.
//!
//! # What is retried
//!
//! Reads, deletes and writes of absolute values (a PATCH of an item, bulk price `set`, bulk
//! status and field updates, bulk delete and restore) are retried after a 429, 5xx or timeout.
//! Requests that create something or change a value relative to the current one (creating an
//! item, uploading assets, importing CSV, creating an export job, listing, bulk price
//! `increase`/`decrease`/`percentage`) are never sent again once the server may have seen them.
//!
//! # Errors
//!
//! Every call returns [`InsticaError`], in the shape every client of the SDK shares: settings
//! refused at build time are [`InsticaError::Config`], input refused before sending is
//! [`InsticaError::InvalidInput`] (both name the field and the rule), and the server's error
//! answers are [`InsticaError::Api`] with an [`InsticaErrorKind`]. The server's error bodies
//! (Django REST framework's, by every sign) are decoded into the message and
//! [`InsticaError::field_errors`], each under its field's path: `product.title` for a nested
//! object, `assets[1].file` for the second element of a list (`[2].id` when the body is
//! itself a list), `non_field_errors` for messages that belong to no field; `{"detail": …}` is
//! the message alone. Anything else keeps the raw body. The accessors
//! (`status()`, `is_retryable()`, `message()`, …) come from [`ClientError`].
//!
//! # More examples
//!
//! Runnable programs in the workspace's `examples` package, offline against the sandbox:
//!
//! * `cargo run -p examples --example instica_bulk`: an item stream, a bulk price change split into batches, an export job;
//! * `cargo run -p examples --bin seller-day`: every client in a seller's day.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod analytics;
pub mod assets;
pub mod audit;
pub mod bulk;
mod channel;
mod client;
pub mod codes;
pub mod csv;
mod dates;
mod error;
mod export_status;
pub mod exports;
mod field_set;
pub mod ids;
mod item_handle;
pub mod items;
mod lenient;
pub mod listings;
mod money;
mod paging;
mod read;
pub mod reference;

pub use analytics::{Analytics, AnalyticsSummary, AnalyticsTrends, StatusCount, TrendPoint};
pub use assets::{
    Asset, AssetUpload, Assets, BatchUploadReport, MAX_FILES_PER_UPLOAD, SUPPORTED_MIME_TYPES,
};
pub use audit::{AuditLogEntry, AuditLogQuery, AuditSource, ListAuditLogs};
pub use bulk::{
    Bulk, BulkFieldUpdate, BulkItemError, BulkReport, BulkSettings, DeleteMode, FailedBatch,
    PriceChange,
};
pub use channel::{CHANNEL_NAME, InsticaChannel};
pub use client::{
    DEFAULT_BASE_URL, DEFAULT_BULK_BATCH_SIZE, DEFAULT_BULK_CONCURRENCY, InsticaClient,
    InsticaClientBuilder,
};
pub use codes::{AssetType, Choice, ConditionCode, ItemStatus, ListingStatus};
pub use csv::{Csv, CsvImportReport};
pub use error::{FieldErrors, InsticaError, InsticaErrorKind};
pub use exports::{
    CompletedExport, ExportJob, ExportQuery, ExportStatus, Exports, ListExports, WaitOptions,
};
pub use ids::{
    ArtistUid, AssetUid, AuditLogUid, ExportUid, ItemTypeUid, ItemUid, ListingUid, OrganizationUid,
    PlatformSlug, PlatformUid, ProductUid, UserUid,
};
pub use items::{
    ArtistSummary, Item, ItemFields, ItemHandle, ItemOrderField, ItemOrdering, ItemQuery, Items,
    ListItems, OrganizationSummary, PricingModel, ProductSummary, UserSummary,
};
pub use listings::{
    ItemPlatform, Listing, ListingAction, ListingErrorCode, ListingPermissions, Platform,
    PlatformListability, Publish,
};
pub use paging::{ListEndpoint, ListRequest, MAX_PAGE_SIZE};
pub use read::SELLABLE_STATUSES;
pub use reference::{ItemType, ItemTypeQuery, Reference, SearchItemTypes};

pub use client_core::{
    ApiError, ClientError, ConfigureEngine, InvalidInput, Page, Paged, RetryPolicy, Secret,
    rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus},
};

/// The traits a program using this crate brings into scope: `use instica_client::prelude::*;`.
pub mod prelude {
    pub use client_core::{ClientError, ConfigureEngine, Paged};
    pub use inventory_model::{InventoryReader, StockChannel};
}

/// Compiles the README's sample with the doc tests, so it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
