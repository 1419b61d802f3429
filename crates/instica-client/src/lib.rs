#![doc = include_str!("../README.md")]
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
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod ids;
mod item_handle;
pub mod items;
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
    ApiError, ClientError, ConfigureEngine, Error as CoreError, InvalidInput, Page, Paged,
    RetryPolicy, Secret,
    rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus},
};
/// Re-exported from `inventory-model` so a program that talks only to Instica imports from this
/// crate alone: USD amounts, conditions and listing states, SKUs, and what the stock channel
/// takes, returns and reads.
pub use inventory_model::{
    ChannelError, ChannelOperation, Currency, Decimal, Grade, HeldItem, Holdings, InventoryReader,
    InventoryUpdate, ItemOutcome, ListingState, Money, Outcome, PriceUpdate, PushReport, Quantity,
    ReadScope, Refusal, Sku, SkuMap, SleeveGrade, StockChannel, StockKind, StockUpdate, UnreadItem,
    UpdateKind,
};

/// The traits a program using this crate brings into scope: `use instica_client::prelude::*;`.
pub mod prelude {
    pub use client_core::{ClientError, ConfigureEngine, Paged};
    pub use inventory_model::{InventoryReader, StockChannel};
}
