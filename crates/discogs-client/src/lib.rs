//! Typed client for the Discogs Marketplace API and the Discogs Inventory Upload (CSV) API.
//!
//! | section | entry point |
//! |---|---|
//! | a seller's inventory (one page or a stream) | [`DiscogsClient::inventory`] |
//! | listings: get, create, edit, delete | [`DiscogsClient::listings`] |
//! | orders, their messages | [`DiscogsClient::orders`] |
//! | fees, price suggestions, release statistics | [`DiscogsClient::fee`], [`DiscogsClient::price_suggestions`], [`DiscogsClient::release_stats`] |
//! | OAuth 1.0a for applications acting for users | [`oauth`] |
//! | stock and price pushes through [`inventory_model::StockChannel`] | [`DiscogsClient::channel`] (CSV uploads), [`DiscogsClient::listing_edit_channel`] (two requests an update) |
//! | CSV uploads | [`inventory_upload`] |
//! | the inventory as one CSV file | [`inventory_export`] |
//!
//! Every list (inventory, orders, order messages, uploads, exports) is a request value
//! implementing [`Paged`]: set its filters, then [`page`](Paged::page) and
//! [`page_size`](Paged::page_size) (Discogs' `page` and `per_page`, at most
//! [`MAX_PER_PAGE`]), and finish with [`send`](Paged::send) for one page or
//! [`stream`](Paged::stream) for every item. Bring the traits into scope with
//! `use discogs_client::prelude::*;`.
//!
//! Discogs asks every application for a unique `User-Agent`, so the builder refuses to build
//! without one ([`DiscogsError::Config`]). Requests are paced under Discogs' limits (60 a
//! minute authenticated, 25 without credentials) and the `X-Discogs-Ratelimit-*` headers it
//! returns ([`DiscogsClient::rate_limit_status`]). Money is exact ([`inventory_model::Money`]),
//! every status and condition keeps Discogs' spelling and decodes unknown values into an `Unknown`
//! variant, and input Discogs documents it will refuse is refused before anything is sent, with
//! a [`DiscogsError::InvalidInput`] naming the field and the rule.
//!
//! The client reads what the live service sends, not only what its page shows: optional
//! objects sent as `{}` or `null` are "not given" (inventory pages carry
//! `"shipping_price": {}`), and one listing, order or upload that does not decode fails alone
//! in [`Page::failed`] while the rest of its page still comes. Amounts keep the precision they
//! are read with; amounts sent must fit their currency (no `12.345` dollars, no `1200.5`
//! yen). The 403 past page 100 of another seller's inventory is
//! [`DiscogsErrorKind::PaginationLimit`], and an upload that "succeeded" reports the rows it
//! skipped ([`inventory_upload::UploadResults::skipped_rows`]). The crate README lists every
//! such difference from the vendor page, with its source.
//!
//! ```
//! use discogs_client::prelude::*;
//! use discogs_client::{DiscogsClient, ListingStatus, MediaCondition};
//! use futures::TryStreamExt;
//! use wiremock::{Mock, MockServer, ResponseTemplate, matchers};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! // A stand-in for api.discogs.com.
//! let server = MockServer::start().await;
//! Mock::given(matchers::path("/users/rappcats/inventory"))
//!     .and(matchers::header("authorization", "Discogs token=my-token"))
//!     .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{
//!         "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 1, "urls": {}},
//!         "listings": [{
//!             "id": 150899904, "status": "For Sale",
//!             "price": {"currency": "USD", "value": 149.99},
//!             "condition": "Near Mint (NM or M-)", "sleeve_condition": "Generic",
//!             "seller": {"username": "rappcats"}, "release": {"id": 2992668}
//!         }]
//!     }"#, "application/json"))
//!     .mount(&server)
//!     .await;
//!
//! let discogs = DiscogsClient::builder()
//!     .base_url(server.uri()) // leave out to talk to Discogs itself
//!     .user_agent("MyShop/1.0 +https://myshop.example")
//!     .token("my-token")
//!     .build()?;
//! let mut listings = discogs.inventory("rappcats").status(ListingStatus::ForSale).stream();
//! while let Some(listing) = listings.try_next().await? {
//!     assert_eq!(listing.price.amount().to_string(), "149.99");
//!     assert_eq!(listing.condition, MediaCondition::NearMint);
//! }
//! # Ok::<(), discogs_client::DiscogsError>(())
//! # }).unwrap();
//! ```
//!
//! # More examples
//!
//! Runnable programs in the workspace's `examples` package, offline against the sandbox:
//!
//! * `cargo run -p examples --example discogs_inventory_paging`: one page of an inventory and a stream of all of it;
//! * `cargo run -p examples --example discogs_orders`: working an order through `next_status`, with messages;
//! * `cargo run -p examples --example discogs_csv_upload`: change, add and delete uploads with a progress callback;
//! * `cargo run -p examples --example handling_errors`: matching `DiscogsError` kinds, retries that happen and ones that do not;
//! * `cargo run -p examples --bin seller-day`: every client in a seller's day.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod channel;
mod client;
pub mod condition;
mod error;
mod fees;
mod inventory;
pub mod inventory_export;
pub mod inventory_upload;
mod jobs;
mod listing_fields;
mod listings;
mod messages;
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
    ApiError, ClientError, ConfigureEngine, InvalidInput, Page, Paged, RetryPolicy, Secret,
    rate_limit::RateLimitPolicy,
};
pub use client_core::{Method, clock};
pub use condition::{MediaCondition, SleeveCondition, UnknownCondition};
pub use error::{DiscogsError, DiscogsErrorKind};
pub use inventory::{InventoryRequest, InventorySort};
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
