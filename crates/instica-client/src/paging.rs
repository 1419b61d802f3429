//! Instica's lists: one page reader for every list answer, and the one [`Paged`] request
//! type every paginated endpoint is.
//!
//! Instica pages the way Django REST framework does: `page` and `page_size` (at most 100) in
//! the query, `{count, next, previous, results}` in the answer, `next` a full URL. An endpoint
//! here says only what it asks for ([`ListEndpoint`]); [`ListRequest`] adds the paging, so
//! every list has the same `page()`, `page_size()`, `send()` and `stream()`, checked the same
//! way before anything is sent.
//!
//! One item that does not decode fails alone: the page keeps the others, in order, and names
//! the failed one in [`Page::failed`] (index, `uid`, field); a stream yields it as an
//! [`InsticaError::Engine`] holding [`client_core::Error::Item`] in its place and goes on.

use std::fmt;

use client_core::tolerant::decode_list;
use client_core::{
    HttpEngine, NextPage, Page, PageQuery, PageRules, Paged, Request, Response, Url,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::error::InsticaError;

/// Instica's page parameters and its largest page.
const RULES: PageRules = PageRules {
    page_param: "page",
    size_param: "page_size",
    max_size: 100,
};

/// The largest page a list endpoint serves (`page_size`); the server's default is 10.
pub const MAX_PAGE_SIZE: u32 = RULES.max_size;

/// What one Instica list endpoint asks for; [`ListRequest`] adds the paging.
///
/// Implemented by this crate's endpoints only: a [`ListRequest`] comes from the client's
/// handles ([`Items::list`](crate::Items::list), [`Exports::list`](crate::Exports::list),
/// [`ItemHandle::audit_logs`](crate::ItemHandle::audit_logs),
/// [`Reference::search_item_types`](crate::Reference::search_item_types)).
pub trait ListEndpoint: fmt::Debug + Clone + Send + Sync + 'static {
    /// What a page holds.
    type Item: DeserializeOwned + Send + 'static;

    /// The endpoint's request with its filters, without page parameters.
    ///
    /// # Errors
    ///
    /// A path value (a UID, a slug) that would change the route's shape.
    fn request(&self) -> Result<Request, InsticaError>;

    /// The endpoint's own rules, checked before anything is sent.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] naming the field and the rule.
    fn check(&self) -> Result<(), InsticaError> {
        Ok(())
    }
}

/// A request for one of Instica's lists, finished by [`send`](Paged::send) (one page) or
/// [`stream`](Paged::stream) (every item, following each page's `next` link).
///
/// Set the page with [`page`](Paged::page) (from 1) and its size with
/// [`page_size`](Paged::page_size) (1 to [`MAX_PAGE_SIZE`]); both are refused before sending
/// when out of range. Bring [`Paged`] into scope (`use instica_client::prelude::*`) to call
/// them.
#[derive(Debug, Clone)]
#[must_use = "a list request does nothing until `.send()` or `.stream()`"]
pub struct ListRequest<E> {
    engine: HttpEngine,
    paging: PageQuery,
    pub(crate) endpoint: E,
}

impl<E: ListEndpoint> ListRequest<E> {
    pub(crate) fn new(engine: &HttpEngine, endpoint: E) -> Self {
        Self {
            engine: engine.clone(),
            paging: PageQuery::default(),
            endpoint,
        }
    }
}

impl<E: ListEndpoint> Paged for ListRequest<E> {
    type Item = E::Item;
    type Error = InsticaError;
    const RULES: PageRules = RULES;

    fn engine(&self) -> &HttpEngine {
        &self.engine
    }

    fn page_query(&self) -> &PageQuery {
        &self.paging
    }

    fn page_query_mut(&mut self) -> &mut PageQuery {
        &mut self.paging
    }

    fn request(&self) -> Result<Request, InsticaError> {
        self.endpoint.request()
    }

    fn read_page(&self, response: &Response) -> Result<Page<E::Item>, InsticaError> {
        read_page(response, self.engine.base_url())
    }

    fn check(&self) -> Result<(), InsticaError> {
        self.endpoint.check()
    }
}

/// Instica's page envelope, generic over its items so that one shape serves both the typed
/// reading and the item-by-item one ([`decode_list`]).
#[derive(Debug, Deserialize)]
struct Envelope<T> {
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    next: Option<String>,
    results: Vec<T>,
}

/// The paging facts of an envelope, beside its items.
type Rest = (Option<u64>, Option<String>);

impl<T> Envelope<T> {
    fn split(self) -> (Vec<T>, Rest) {
        (self.results, (self.count, self.next))
    }
}

/// Where an item's identifier is, so that an item that does not decode is named by it.
const ID_KEY: &str = "uid";

/// Reads one page: the `{count, next, previous, results}` envelope, or a bare list (one page
/// with no way forward), which some endpoints send instead. A relative `next` is resolved
/// against `base`.
///
/// The items are decoded in one pass; when one does not fit, each is decoded on its own
/// ([`decode_list`]): the others are kept in order, and each that failed is in
/// [`Page::failed`] with its index, its `uid` and the path of the field at fault. Only an
/// answer that is not a list at all fails the page.
pub(crate) fn read_page<T: DeserializeOwned>(
    response: &Response,
    base: &Url,
) -> Result<Page<T>, InsticaError> {
    let text = response.json_text()?;
    let request = response.request();
    let shape = |error: serde_json::Error| {
        response.decode_error(format!(
            "expected a list or a `results` list (the `{{count, next, previous, results}}` page): {error}"
        ))
    };
    if text.trim_start().starts_with('[') {
        let (items, failed, ()) = decode_list::<T, Vec<T>, Vec<Box<RawValue>>, ()>(
            text,
            request,
            ID_KEY,
            |items| (items, ()),
            |raw| (raw, ()),
        )
        .map_err(shape)?;
        return Ok(Page {
            failed,
            ..Page::of(items)
        });
    }
    let (items, failed, (count, next)) =
        decode_list::<T, Envelope<T>, Envelope<Box<RawValue>>, Rest>(
            text,
            request,
            ID_KEY,
            Envelope::split,
            Envelope::split,
        )
        .map_err(shape)?;
    let next = match next.as_deref().filter(|next| !next.is_empty()) {
        None => None,
        Some(next) => {
            let url = Url::parse(next)
                .or_else(|_| base.join(next))
                .map_err(|error| {
                    response.decode_error(format!("`next` is not a URL ({error}): {next}"))
                })?;
            Some(NextPage::Url(url))
        }
    };
    Ok(Page {
        total: count,
        next,
        failed,
        ..Page::of(items)
    })
}
