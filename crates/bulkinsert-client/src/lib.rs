#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bulk_insert;
mod channel;
mod client;
mod error;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod generic;
mod ids;
mod lenient;
mod location;
mod read;
mod record_json;
mod records;
mod row_error;
mod service_id;
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
pub use service_id::ServiceId;
pub use site_context::{ChannelId, SiteContext, Stage};
pub use stock::{ItemAvailability, StockLevels, StockRequest, StockSource};

/// Re-exported so callers need no direct dependency on the engine or the model.
pub use client_core::{
    ApiError, ClientError, ConfigureEngine, Error as CoreError, InvalidInput, ItemError, NextPage,
    Page, Paged, RetryPolicy, Secret,
    rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus},
};
/// Re-exported from `inventory-model` so a program that talks only to this API imports from this
/// crate alone: SKUs and quantities, and what the stock channel takes, returns and reads.
pub use inventory_model::{
    ChannelError, ChannelOperation, HeldItem, Holdings, InventoryReader, InventoryUpdate,
    ItemOutcome, Outcome, PushReport, Quantity, ReadScope, Refusal, Sku, SkuMap, StockChannel,
    StockKind, StockUpdate, UnreadItem, UpdateKind,
};

/// The traits a program using this crate brings into scope: `use bulkinsert_client::prelude::*;`.
pub mod prelude {
    pub use client_core::{ClientError, ConfigureEngine, Paged};
    pub use inventory_model::{InventoryReader, StockChannel};
}
/// The date type of transit records, re-exported from `time`.
pub use time::Date;
