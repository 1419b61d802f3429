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
/// Someone other than the inventory's owner sees only For Sale listings (the `status` filter
/// is ignored) and none of the owner-only fields. Sending is refused (nothing sent) for a page
/// of 0, a page size outside 1..=100 or a sort Discogs does not document; Discogs answers 404
/// ([`NotFound`](crate::DiscogsErrorKind::NotFound)) for an unknown user and 422
/// ([`Validation`](crate::DiscogsErrorKind::Validation)) for a status it refuses.
///
/// A listing that does not decode fails alone: [`send`](client_core::Paged::send) puts it in
/// [`Page::failed`](client_core::Page::failed) (its index, `id` and the field at fault) beside
/// the listings that did, and [`stream`](client_core::Paged::stream) yields it as an error in
/// its place and goes on.
///
/// # Another seller's inventory stops at page 100
///
/// Discogs serves only the first 100 pages of an inventory other than your own; page 101
/// answers 403 `Pagination above 100 disabled for inventories besides your own`, which is
/// [`DiscogsErrorKind::PaginationLimit`](crate::DiscogsErrorKind::PaginationLimit), never
/// retried. A stream that meets it ends with that error rather than looking complete, although
/// `pagination.pages` (in [`Page::pages`](client_core::Page::pages)) reports every page
/// (field notes §1.2). At 100 listings a page that is 10,000 listings; whether other sort
/// orders reach further is unverified.
///
/// # Reading the whole of your own inventory
///
/// Page through it here, or, cheaper for a large one, ask for the inventory export: one job,
/// one download, every listing as a parsed row.
///
/// ```no_run
/// # async fn run(discogs: discogs_client::DiscogsClient) -> Result<(), discogs_client::DiscogsError> {
/// use futures::TryStreamExt;
///
/// let exports = discogs.inventory_export();
/// let id = exports.request().await?; // POST /inventory/export
/// exports.wait(id).await?; // polls until the file is ready
/// let mut rows = exports.download_rows(id).await?; // parsed while it downloads
/// while let Some(row) = rows.try_next().await? {
///     println!("{} {:?}", row.listing_id, row.price);
/// }
/// # Ok(()) }
/// ```
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
