//! A seller's inventory: one page at a time or as a stream of every listing.

use client_core::{PageQuery, Request, Route};

use crate::client::DiscogsClient;
use crate::error::DiscogsError;
use crate::listings::{Listing, ListingStatus};
use crate::paging::discogs_list;
use crate::wire::SortOrder;
use client_core::open_enum;

open_enum! {
    /// What an inventory can be sorted by.
    pub enum InventorySort {
        /// When the item was listed.
        Listed => "listed",
        /// The price.
        Price => "price",
        /// The release title.
        Item => "item",
        /// The artist.
        Artist => "artist",
        /// The label.
        Label => "label",
        /// The catalog number.
        CatalogNumber => "catno",
        /// Whether the listing has audio.
        Audio => "audio",
        /// The status (only as the inventory's owner).
        Status => "status",
        /// The storage location (only as the inventory's owner).
        Location => "location",
    }
}

/// The inventory request; get it with [`DiscogsClient::inventory`], finish it with
/// [`Paged::send`](client_core::Paged::send) (one page) or
/// [`Paged::stream`](client_core::Paged::stream) (every listing, page after page, following
/// Discogs' `Link` header).
///
/// Someone other than the inventory's owner sees only For Sale listings. Sending is refused
/// (nothing sent) for a page of 0, a page size outside 1..=100 or a sort Discogs does not
/// document; Discogs answers 404 ([`NotFound`](crate::DiscogsErrorKind::NotFound)) for an
/// unknown user and 422 ([`Validation`](crate::DiscogsErrorKind::Validation)) for a status it
/// refuses.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct InventoryRequest {
    client: DiscogsClient,
    username: String,
    status: Option<String>,
    sort: Option<InventorySort>,
    sort_order: Option<SortOrder>,
    paging: PageQuery,
}

impl DiscogsClient {
    /// `GET /users/{username}/inventory`: the listings of `username`.
    ///
    /// ```no_run
    /// # async fn run(discogs: discogs_client::DiscogsClient) -> Result<(), discogs_client::DiscogsError> {
    /// use discogs_client::prelude::*;
    /// use discogs_client::{InventorySort, ListingStatus, SortOrder};
    /// use futures::TryStreamExt;
    ///
    /// let mut listings = discogs
    ///     .inventory("rappcats")
    ///     .status(ListingStatus::ForSale)
    ///     .sort(InventorySort::Price, SortOrder::Descending)
    ///     .page_size(100)
    ///     .stream();
    /// while let Some(listing) = listings.try_next().await? {
    ///     println!("{} {}", listing.id, listing.price);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn inventory(&self, username: impl Into<String>) -> InventoryRequest {
        InventoryRequest {
            client: self.clone(),
            username: username.into(),
            status: None,
            sort: None,
            sort_order: None,
            paging: PageQuery::default(),
        }
    }
}

impl InventoryRequest {
    /// Only listings with this status.
    pub fn status(mut self, status: ListingStatus) -> Self {
        self.status = Some(status.as_str().to_owned());
        self
    }

    /// Listings of every status (`status=All`).
    pub fn all_statuses(mut self) -> Self {
        self.status = Some("All".to_owned());
        self
    }

    /// Sorts by `field` in `order`.
    pub fn sort(mut self, field: InventorySort, order: SortOrder) -> Self {
        self.sort = Some(field);
        self.sort_order = Some(order);
        self
    }

    fn list_request(&self) -> Result<Request, DiscogsError> {
        let route = Route::new("/users/{username}/inventory")
            .with("username", &self.username)?
            .finish()?;
        Ok(Request::get(route)
            .query_opt("status", self.status.as_ref())
            .query_opt("sort", self.sort.as_ref())
            .query_opt("sort_order", self.sort_order.as_ref()))
    }

    fn check_sort(&self) -> Result<(), DiscogsError> {
        if let Some(sort) = &self.sort {
            sort.require_known("sort")?;
        }
        if let Some(order) = &self.sort_order {
            order.require_known("sort_order")?;
        }
        Ok(())
    }
}

discogs_list!(InventoryRequest => Listing, request: list_request, check: check_sort);
