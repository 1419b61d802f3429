//! A typed client for a tenant's inventory API: bulk insert of stock and transit records, stock
//! queries for several items, and the inventory at a location.
//!
//! Every request carries the `x-site-context` header: a JSON text naming the tenant's
//! `account` (24 hexadecimal digits, checked before anything is sent), the environment
//! (`stage`), the sales `channel` and the `date` the request was made (taken from the client's
//! clock, so tests can fix it). It is valid JSON whatever the vendor page's sample shows. The
//! API key goes in `x-api-key` and never appears in `Debug` output, errors or logs.
//!
//! | method | path | function |
//! |---|---|---|
//! | POST | `/inventory/bulk-insert` | [`BulkInsertClient::bulk_insert`], [`BulkInsertClient::bulk_insert_batch`] |
//! | POST | `/inventory` | [`BulkInsertClient::stock_levels`] |
//! | GET | `/inventory/location/{locationId}` | [`BulkInsertClient::location_inventory`] |
//! | GET | `/inventory/generic/{inventoryId}` | [`BulkInsertClient::generic_inventory`] |
//!
//! Records ([`InventoryRecord`]) set absolute quantities, so a bulk insert is safe to send
//! again: the client retries it after a 503 or a timeout, and a large batch is split into
//! chunks ([`BatchInsert`]) sent side by side, with a report that places each failed row in
//! the caller's list. [`BulkInsertClient::channel`] gives a [`BulkInsertChannel`], the model's
//! [`StockChannel`](inventory_model::StockChannel) on top, which also reads what the location
//! holds ([`InventoryReader`](inventory_model::InventoryReader)) through the multi-item stock
//! query, one request per 1,000 SKUs mapped to item IDs.
//!
//! Errors are one [`BulkInsertError`]: the service's documented refusals are an
//! [`Api`](BulkInsertError::Api) error of a [`BulkInsertErrorKind`] (a 400 with the rows it
//! names, an unauthorized key, an unknown account), and the common questions (status,
//! retryable, message) are answered through [`ClientError`].
//!
//! # Example
//!
//! This example runs against a local mock of the service.
//!
//! ```
//! use bulkinsert_client::{
//!     BulkInsertClient, ChannelId, ConfigureEngine, InventoryRecord, LocationId, Quantity, Sku,
//!     SiteContext, Stage,
//! };
//! use wiremock::{Mock, MockServer, ResponseTemplate, matchers};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = MockServer::start().await;
//! # Mock::given(matchers::method("POST"))
//! #     .and(matchers::path("/inventory/bulk-insert"))
//! #     .and(matchers::header_exists("x-site-context"))
//! #     .and(matchers::header("x-api-key", "my-key"))
//! #     .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
//! #         "_id": "5fa087827899ae0007ce1ff0", "status": "FINISHED", "messages": [],
//! #         "totalRows": 2, "totalRowsErrors": 0
//! #     })))
//! #     .mount(&server)
//! #     .await;
//! # let base_url = server.uri();
//! let site = SiteContext::new("5f493c9f30ec2a0007a94fc8", Stage::Sandbox, ChannelId::US)?;
//! let client = BulkInsertClient::builder(base_url, site)
//!     .api_key("my-key")
//!     .user_agent("MyShop/1.0")
//!     .build()?;
//!
//! let records = vec![
//!     InventoryRecord::stock(Sku::new("LP-0042")?, LocationId::new(104), ChannelId::US, Quantity::new(3)),
//!     InventoryRecord::stock(Sku::new("LP-0043")?, LocationId::new(104), ChannelId::US, Quantity::new(0)),
//! ];
//! let job = client.bulk_insert(&records).await?;
//! assert!(job.is_finished() && !job.has_row_errors());
//! # Ok(())
//! # }
//! ```
//!
//! # More examples
//!
//! Runnable programs in the workspace's `examples` package, offline against the sandbox:
//!
//! * `cargo run -p examples --example bulkinsert_batch`: thousands of records in chunks, a failed row traced back, a transit record;
//! * `cargo run -p examples --bin seller-day`: every client in a seller's day.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bulk_insert;
mod channel;
mod client;
mod error;
mod generic;
mod ids;
mod lenient;
mod location;
mod read;
mod record_json;
mod records;
mod row_error;
mod site_context;
mod stock;

pub use bulk_insert::{
    BatchInsert, BatchReport, ChunkReport, FailedRow, ImportJob, ImportSource, ImportStatus,
};
pub use channel::{BulkInsertChannel, CHANNEL_NAME};
pub use client::{
    BulkInsertClient, BulkInsertClientBuilder, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CONCURRENT_REQUESTS,
};
pub use error::{BulkInsertError, BulkInsertErrorKind};
pub use generic::{Allocation, ChannelStock, GenericInventory, GenericLocation, LocationDetails};
pub use ids::{ItemId, ItemRef, LocationId};
pub use location::{LocationInventory, LocationInventoryRequest};
pub use read::READ_QUANTITY;
pub use records::{InventoryRecord, RecordKind, RecordType, TransitDetails};
pub use row_error::RowError;
pub use site_context::{ChannelId, SiteContext, Stage};
pub use stock::{ItemAvailability, StockLevels, StockRequest, StockSource};

/// Re-exported so callers need no direct dependency on the engine or the model.
pub use client_core::{
    ApiError, ClientError, ConfigureEngine, Error as CoreError, InvalidInput, ItemError, NextPage,
    Page, Paged, RetryPolicy, Secret,
    rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus},
};
pub use inventory_model::{Quantity, Sku};

/// The traits a program using this crate brings into scope: `use bulkinsert_client::prelude::*;`.
pub mod prelude {
    pub use client_core::{ClientError, ConfigureEngine, Paged};
    pub use inventory_model::{InventoryReader, StockChannel};
}
/// The date type of transit records, re-exported from `time`.
pub use time::Date;
