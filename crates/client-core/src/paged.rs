//! List endpoints: an endpoint says once how it is asked for and how a page is read, and gets
//! [`send`](Paged::send) (one page), [`stream`](Paged::stream) (every item) and
//! [`pages`](Paged::pages) for free, with one page-parameter check for every vendor.

use std::future::Future;

use futures::stream::BoxStream;

use crate::engine::HttpEngine;
use crate::error::{Error, InvalidInput};
use crate::page::{self, NextPage, Page, StreamOptions};
use crate::request::Request;
use crate::response::Response;

/// How a vendor names and bounds its page parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRules {
    /// The page-number parameter (`page`), numbered from 1.
    pub page_param: &'static str,
    /// The page-size parameter (`per_page`, `page_size`).
    pub size_param: &'static str,
    /// The largest page size the vendor serves.
    pub max_size: u32,
}

impl PageRules {
    /// Refuses page 0 and a page size outside `1..=max_size`, naming the vendor's parameter.
    ///
    /// ```
    /// use client_core::{PageQuery, PageRules};
    ///
    /// let rules = PageRules { page_param: "page", size_param: "per_page", max_size: 100 };
    /// assert!(rules.check(PageQuery { page: Some(3), size: Some(100) }).is_ok());
    /// let refused = rules.check(PageQuery { page: None, size: Some(500) }).unwrap_err();
    /// assert_eq!(refused.to_string(), "per_page: must be between 1 and 100, got 500");
    /// ```
    pub fn check(&self, query: PageQuery) -> Result<(), InvalidInput> {
        if query.page == Some(0) {
            return Err(InvalidInput::new(
                self.page_param,
                "pages are numbered from 1",
            ));
        }
        match query.size {
            Some(size) if size == 0 || size > self.max_size => Err(InvalidInput::new(
                self.size_param,
                format!("must be between 1 and {}, got {size}", self.max_size),
            )),
            _ => Ok(()),
        }
    }

    fn apply(&self, request: Request, page: Option<u64>, size: Option<u32>) -> Request {
        request
            .query_opt(self.page_param, page)
            .query_opt(self.size_param, size)
    }
}

/// The page a caller asked for; `None` leaves the vendor's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PageQuery {
    /// The page number, from 1 (the first page of a stream).
    pub page: Option<u64>,
    /// Items per page.
    pub size: Option<u32>,
}

/// A list endpoint: a request value that knows how it is sent and how its pages are read.
///
/// An implementation gives its engine, its vendor's [`PageRules`], where it keeps its
/// [`PageQuery`], the request without page parameters, and how a page is read; in return it
/// has [`page`](Paged::page), [`page_size`](Paged::page_size), [`send`](Paged::send),
/// [`stream`](Paged::stream) and [`pages`](Paged::pages), all checked the same way before
/// anything is sent.
///
/// ```
/// use client_core::{
///     ConfigureEngine, EngineBuilder, Error, HttpEngine, Page, PageQuery, PageRules, Paged,
///     Request, Response, Route,
/// };
///
/// #[derive(Clone)]
/// struct ListThings {
///     engine: HttpEngine,
///     paging: PageQuery,
///     colour: Option<String>,
/// }
///
/// impl Paged for ListThings {
///     type Item = String;
///     type Error = Error;
///     const RULES: PageRules = PageRules { page_param: "page", size_param: "per_page", max_size: 100 };
///
///     fn engine(&self) -> &HttpEngine { &self.engine }
///     fn page_query(&self) -> &PageQuery { &self.paging }
///     fn page_query_mut(&mut self) -> &mut PageQuery { &mut self.paging }
///     fn request(&self) -> Result<Request, Error> {
///         Ok(Request::get(Route::new("/things").finish()?).query_opt("colour", self.colour.as_ref()))
///     }
///     fn read_page(&self, response: &Response) -> Result<Page<String>, Error> {
///         Ok(Page::of(response.json()?))
///     }
/// }
///
/// let engine = EngineBuilder::new("https://shop.example").build()?;
/// let list = ListThings { engine, paging: PageQuery::default(), colour: None };
/// // Refused before anything is sent, by the one check every list endpoint shares:
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let refused = list.page_size(500).send().await.unwrap_err();
/// assert_eq!(refused.to_string(), "invalid input: per_page: must be between 1 and 100, got 500");
/// # });
/// # Ok::<(), Error>(())
/// ```
pub trait Paged: Clone + Send + Sync + Sized + 'static {
    /// What a page holds.
    type Item: Send + 'static;
    /// The client crate's error.
    type Error: From<Error> + From<InvalidInput> + Send + 'static;
    /// The vendor's page parameters and largest page.
    const RULES: PageRules;

    /// The engine the requests go through.
    fn engine(&self) -> &HttpEngine;

    /// The page the caller asked for.
    fn page_query(&self) -> &PageQuery;

    /// Where the page the caller asks for is kept.
    fn page_query_mut(&mut self) -> &mut PageQuery;

    /// The request for this endpoint, without page parameters.
    fn request(&self) -> Result<Request, Self::Error>;

    /// Reads one page out of an answer.
    fn read_page(&self, response: &Response) -> Result<Page<Self::Item>, Self::Error>;

    /// Checks the endpoint's own rules before anything is sent (the page parameters are
    /// checked for every endpoint already).
    fn check(&self) -> Result<(), Self::Error> {
        Ok(())
    }

    /// How streams of this endpoint fetch their pages.
    fn stream_options(&self) -> StreamOptions {
        StreamOptions::default()
    }

    /// The page to fetch with [`send`](Paged::send), or the first page of a stream (from 1).
    #[must_use]
    fn page(mut self, page: u64) -> Self {
        self.page_query_mut().page = Some(page);
        self
    }

    /// Items per page, 1 to the vendor's maximum ([`PageRules::max_size`]); sent as the
    /// vendor's parameter (Discogs `per_page`, Instica `page_size`).
    #[must_use]
    fn page_size(mut self, size: u32) -> Self {
        self.page_query_mut().size = Some(size);
        self
    }

    /// Fetches one page.
    fn send(self) -> impl Future<Output = Result<Page<Self::Item>, Self::Error>> + Send {
        async move {
            validate(&self)?;
            fetch(&self, None).await
        }
    }

    /// Streams every item, page after page, until a page without a way forward. A request
    /// refused before sending, or a page that fails, ends the stream after yielding the error.
    fn stream(self) -> BoxStream<'static, Result<Self::Item, Self::Error>> {
        if let Err(error) = validate(&self) {
            return page::refused(error);
        }
        let options = self.stream_options();
        page::items(move |next| fetch_owned(self.clone(), next), options)
    }

    /// Streams every page (for callers that want the paging facts beside the items).
    fn pages(self) -> BoxStream<'static, Result<Page<Self::Item>, Self::Error>> {
        if let Err(error) = validate(&self) {
            return page::refused(error);
        }
        let options = self.stream_options();
        page::pages(move |next| fetch_owned(self.clone(), next), options)
    }
}

fn validate<E: Paged>(endpoint: &E) -> Result<(), E::Error> {
    E::RULES.check(*endpoint.page_query())?;
    endpoint.check()
}

async fn fetch_owned<E: Paged>(
    endpoint: E,
    next: Option<NextPage>,
) -> Result<Page<E::Item>, E::Error> {
    fetch(&endpoint, next).await
}

async fn fetch<E: Paged>(endpoint: &E, next: Option<NextPage>) -> Result<Page<E::Item>, E::Error> {
    let query = *endpoint.page_query();
    let request = endpoint.request()?;
    let (request, number) = match next {
        None => (
            E::RULES.apply(request, query.page, query.size),
            query.page.or(Some(1)),
        ),
        Some(NextPage::Number(number)) => (
            E::RULES.apply(request, Some(number), query.size),
            Some(number),
        ),
        Some(NextPage::Url(url)) => (Request::get_url(request.template(), url), None),
        Some(other) => {
            return Err(InvalidInput::new(
                E::RULES.page_param,
                format!("this endpoint pages by number or link, not {other:?}"),
            )
            .into());
        }
    };
    let response = endpoint.engine().execute(request).await?;
    let mut page = endpoint.read_page(&response)?;
    if page.page.is_none() {
        page.page = number;
    }
    Ok(page)
}
