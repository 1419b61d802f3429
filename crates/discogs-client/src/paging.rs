//! How every Discogs list is paged: one set of page rules, one page reader, and the
//! [`Paged`](client_core::Paged) implementation each list request gets from
//! [`discogs_list!`].

use client_core::page::next_link;
use client_core::tolerant::decode_list;
use client_core::{HttpEngine, NextPage, Page, PageRules, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::error::DiscogsError;
use crate::wire::{self, Pagination};

/// The most items Discogs returns on one page.
pub const MAX_PER_PAGE: u32 = 100;

/// Discogs' page parameters: `page` from 1, `per_page` from 1 to [`MAX_PER_PAGE`].
pub(crate) const RULES: PageRules = PageRules {
    page_param: "page",
    size_param: "per_page",
    max_size: MAX_PER_PAGE,
};

/// One page of any Discogs list: the `pagination` object beside the items, under whichever
/// key the endpoint uses (`listings`, `orders`, `messages`, or `items` for uploads and
/// exports). `T` is the item type, or a raw item when the page is read item by item.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct PageBody<T> {
    #[serde(default, deserialize_with = "wire::object_option")]
    pagination: Option<Pagination>,
    #[serde(
        default = "Vec::new",
        alias = "listings",
        alias = "orders",
        alias = "messages"
    )]
    items: Vec<T>,
}

impl<T> PageBody<T> {
    fn split(self) -> (Vec<T>, Option<Pagination>) {
        (self.items, self.pagination)
    }
}

/// Reads one page of a Discogs list. The way forward is the `Link` header's `next`, else
/// `pagination.urls.next`, else the page number after this one when `pagination` says there
/// are more pages.
///
/// The page is decoded in one pass; when an item does not fit, each item is decoded alone
/// ([`decode_list`]), so one malformed listing lands in [`Page::failed`] naming its index, its
/// `id` and the field at fault, and the items before and after it still come.
pub(crate) fn read_page<T: DeserializeOwned>(
    response: &Response,
    engine: &HttpEngine,
) -> Result<Page<T>, DiscogsError> {
    let text = response.json_text()?;
    let (items, failed, pagination) = decode_list::<T, PageBody<T>, PageBody<Box<RawValue>>, _>(
        text,
        response.request(),
        "id",
        PageBody::split,
        PageBody::split,
    )
    .map_err(|error| {
        response.decode_error(format!("JSON does not match the documented shape: {error}"))
    })?;
    let base = engine.base_url();
    let mut page = Page {
        failed,
        ..Page::of(items)
    };
    page.next = next_link(response.headers(), base).map(NextPage::Url);
    if let Some(pagination) = pagination {
        page.next = page
            .next
            .or_else(|| {
                pagination
                    .urls
                    .next
                    .as_deref()
                    .and_then(|next| base.join(next).ok())
                    .map(NextPage::Url)
            })
            .or_else(|| {
                (pagination.page < pagination.pages).then(|| NextPage::Number(pagination.page + 1))
            });
        page.page = Some(pagination.page);
        page.pages = Some(pagination.pages);
        page.total = Some(pagination.items);
    }
    Ok(page)
}

/// Implements [`Paged`](client_core::Paged) for a Discogs list request that keeps its client
/// in `client` and its page in `paging: PageQuery`: `request` names the method building the
/// request without page parameters (or `route` the fixed route of a list without filters),
/// `check` (optional) the method checking the request's own filters.
macro_rules! discogs_list {
    ($request:ty => $item:ty, route: $route:literal) => {
        impl $request {
            fn list_request(&self) -> Result<::client_core::Request, $crate::error::DiscogsError> {
                Ok(::client_core::Request::get(
                    ::client_core::Route::new($route).finish()?,
                ))
            }
        }

        $crate::paging::discogs_list!($request => $item, request: list_request);
    };
    ($request:ty => $item:ty, request: $build:ident $(, check: $check:ident)? $(,)?) => {
        impl ::client_core::Paged for $request {
            type Item = $item;
            type Error = $crate::error::DiscogsError;
            const RULES: ::client_core::PageRules = $crate::paging::RULES;

            fn engine(&self) -> &::client_core::HttpEngine {
                &self.client.engine
            }

            fn page_query(&self) -> &::client_core::PageQuery {
                &self.paging
            }

            fn page_query_mut(&mut self) -> &mut ::client_core::PageQuery {
                &mut self.paging
            }

            fn request(&self) -> Result<::client_core::Request, Self::Error> {
                self.$build()
            }

            fn read_page(
                &self,
                response: &::client_core::Response,
            ) -> Result<::client_core::Page<$item>, Self::Error> {
                $crate::paging::read_page(response, &self.client.engine)
            }

            $(
                fn check(&self) -> Result<(), Self::Error> {
                    self.$check()
                }
            )?
        }
    };
}

pub(crate) use discogs_list;

#[cfg(test)]
mod tests {
    use super::*;
    use client_core::PageQuery;

    #[test]
    fn paging_rules() {
        let query = |page, size| PageQuery { page, size };
        assert!(RULES.check(query(Some(1), Some(100))).is_ok());
        assert!(RULES.check(query(Some(0), None)).is_err());
        assert!(RULES.check(query(None, Some(101))).is_err());
        assert!(RULES.check(query(None, Some(0))).is_err());
    }
}
