#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod channel;
mod client;
pub mod condition;
mod error;
mod fees;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod inventory;
pub mod inventory_export;
pub mod inventory_upload;
mod jobs;
mod listing_fields;
mod listings;
mod messages;
#[cfg(feature = "oauth")]
pub mod oauth;
mod orders;
mod paging;
mod prices;
mod rules;
mod wire;

pub use auth::Credentials;
pub use channel::{CHANNEL_NAME, DiscogsChannel, ListingEditChannel};
pub use client::{
    AUTHENTICATED_REQUESTS_PER_MINUTE, DiscogsClient, DiscogsClientBuilder, PRODUCTION_BASE_URL,
    UNAUTHENTICATED_REQUESTS_PER_MINUTE,
};
pub use client_core::rate_limit::RateLimitStatus;
pub use client_core::{
    ApiError, ClientError, ConfigureEngine, Error as CoreError, InvalidInput, Page, Paged,
    RetryPolicy, Secret,
    rate_limit::{RateLimitHeaders, RateLimitPolicy},
};
pub use client_core::{Method, clock};
pub use condition::{MediaCondition, SleeveCondition, UnknownCondition};
pub use error::{DiscogsError, DiscogsErrorKind};
pub use inventory::{InventoryRequest, InventorySort};
/// Re-exported from `inventory-model` so a program that talks only to Discogs imports from
/// this crate alone: amounts, SKUs, conditions, and what the stock channels take and return.
pub use inventory_model::{
    ChannelError, ChannelOperation, Currency, Decimal, Grade, HeldItem, Holdings, InventoryReader,
    InventoryUpdate, ItemOutcome, ListingState, Money, Outcome, PriceUpdate, PushReport, Quantity,
    ReadScope, Refusal, Sku, SkuMap, SleeveGrade, StockChannel, StockKind, StockUpdate, UnreadItem,
    UpdateKind,
};
pub use listing_fields::ListingFields;
pub use listings::{
    CreatedListing, Listing, ListingDetails, ListingRelease, ListingStatus, Listings, Seller,
    SellerStats,
};
pub use messages::{MessageKind, MessagesRequest, NewMessage, OrderMessage, OrderRef, Refund};
pub use orders::{
    Carrier, Order, OrderEdit, OrderItem, OrderRelease, OrderShipping, OrderSort, OrderStatus,
    Orders, OrdersRequest, Tracking, TrackingInfo,
};
pub use paging::MAX_PER_PAGE;
pub use prices::{PriceSuggestion, PriceSuggestions, ReleaseStats};
pub use rules::MARKETPLACE_CURRENCIES;
pub use wire::{NumberOrAuto, OriginalPrice, PageUrls, Pagination, SortOrder, UserRef};

/// The traits a program using this crate brings into scope: `use discogs_client::prelude::*;`
/// gives the builder's settings, the list requests' `page`, `page_size`, `send` and `stream`,
/// the error accessors, the stock channels' `push` and `check_update`, and the bulk channel's
/// `read`.
pub mod prelude {
    pub use client_core::{ClientError, ConfigureEngine, Paged};
    pub use inventory_model::{InventoryReader, StockChannel};
}
