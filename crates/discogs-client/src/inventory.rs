//! A seller's inventory: one page at a time or as a stream of every listing.

use client_core::page::{StreamOptions, items};
use client_core::{NextPage, Page, Request, Route};
use futures::stream::BoxStream;

use crate::DiscogsClient;
use crate::common::{PageResult, SortOrder, check_known, check_paging, fetch_page, refused_stream};
use crate::error::DiscogsError;
use crate::listings::{Listing, ListingStatus};
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

const INVENTORY_ROUTE: &str = "/users/{username}/inventory";

/// The inventory request; get it with [`DiscogsClient::inventory`], finish it with
/// [`send`](InventoryRequest::send) (one page) or [`stream`](InventoryRequest::stream) (every
/// listing, page after page).
///
/// Someone other than the inventory's owner sees only For Sale listings.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct InventoryRequest {
    client: DiscogsClient,
    username: String,
    status: Option<String>,
    sort: Option<InventorySort>,
    sort_order: Option<SortOrder>,
    page: Option<u64>,
    per_page: Option<u32>,
}

impl DiscogsClient {
    /// `GET /users/{username}/inventory`: the listings of `username`.
    ///
    /// ```no_run
    /// # async fn run(discogs: discogs_client::DiscogsClient) -> Result<(), discogs_client::DiscogsError> {
    /// use discogs_client::{InventorySort, ListingStatus, SortOrder};
    /// use futures::TryStreamExt;
    ///
    /// let mut listings = discogs
    ///     .inventory("rappcats")
    ///     .status(ListingStatus::ForSale)
    ///     .sort(InventorySort::Price, SortOrder::Descending)
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
            page: None,
            per_page: None,
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

    /// The page to fetch (from 1) with [`send`](InventoryRequest::send), or the first page of a
    /// stream.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// Listings per page, 1 to 100 (Discogs' default is 50).
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    fn build(&self, page: Option<u64>) -> Result<Request, DiscogsError> {
        let route = Route::new(INVENTORY_ROUTE)
            .with("username", &self.username)?
            .finish()?;
        Ok(Request::get(route)
            .query_opt("status", self.status.clone())
            .query_opt(
                "sort",
                self.sort.as_ref().map(|sort| sort.as_str().to_owned()),
            )
            .query_opt(
                "sort_order",
                self.sort_order
                    .as_ref()
                    .map(|order| order.as_str().to_owned()),
            )
            .query_opt("page", page.map(|page| page.to_string()))
            .query_opt(
                "per_page",
                self.per_page.map(|per_page| per_page.to_string()),
            ))
    }

    fn check(&self) -> Result<(), DiscogsError> {
        check_paging(self.page, self.per_page)?;
        check_known(
            "sort",
            self.sort.as_ref().map(|s| (s.is_known(), s.as_str())),
        )?;
        check_known(
            "sort_order",
            self.sort_order.as_ref().map(|s| (s.is_known(), s.as_str())),
        )?;
        Ok(())
    }

    async fn fetch(self, next: Option<NextPage>) -> PageResult<Listing> {
        let engine = &self.client.engine;
        fetch_page(engine, INVENTORY_ROUTE, next, self.page, |page| {
            self.build(page)
        })
        .await
    }

    /// Fetches one page.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for a page of 0 or a page size outside
    /// 1..=100; [`DiscogsError::NotFound`] for an unknown user; [`DiscogsError::Validation`]
    /// when Discogs refuses a filter.
    pub async fn send(self) -> Result<Page<Listing>, DiscogsError> {
        self.check()?;
        self.fetch(None).await
    }

    /// Streams every listing, following Discogs' `Link` header from page to page. A refused
    /// request or a failed page ends the stream after yielding the error.
    pub fn stream(self) -> BoxStream<'static, Result<Listing, DiscogsError>> {
        if let Err(error) = self.check() {
            return refused_stream(error);
        }
        items(
            move |next| self.clone().fetch(next),
            StreamOptions::default(),
        )
    }
}
