//! Pages of results, `Link` headers, and streams of every item across pages.

use std::collections::HashSet;
use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt};
use reqwest::header::{HeaderMap, LINK};
use url::Url;

use crate::error::{Error, ItemError};

/// How to ask for the page after this one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NextPage {
    /// A full URL the server handed out (Discogs `Link`, Instica `next`).
    Url(Url),
    /// A page number.
    Number(u64),
    /// An item offset.
    Offset(u64),
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page (possibly fewer than the page size).
    pub items: Vec<T>,
    /// This page's number, when the API numbers pages (1-based).
    pub page: Option<u64>,
    /// The number of pages, when the API says.
    pub pages: Option<u64>,
    /// The number of items across all pages, when the API says.
    pub total: Option<u64>,
    /// How to fetch the next page; `None` on the last page.
    pub next: Option<NextPage>,
    /// The items of this page that did not decode, each naming its position on the page
    /// (the others are in `items`, in order). A stream yields them as errors in their place
    /// and goes on.
    pub failed: Vec<ItemError>,
}

impl<T> Page<T> {
    /// A page with only items (and no way forward).
    pub fn of(items: Vec<T>) -> Self {
        Self {
            items,
            page: None,
            pages: None,
            total: None,
            next: None,
            failed: Vec::new(),
        }
    }

    /// Maps the items, keeping the paging facts.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            pages: self.pages,
            total: self.total,
            next: self.next,
            failed: self.failed,
        }
    }

    /// Every item in its place on the page: the decoded ones, and an [`Error::Item`] where
    /// one did not decode.
    pub fn into_results<E: From<Error>>(self) -> Vec<Result<T, E>> {
        let mut results = Vec::with_capacity(self.items.len() + self.failed.len());
        let mut items = self.items.into_iter();
        let mut failed = self.failed.into_iter().peekable();
        loop {
            let position = results.len();
            if failed.peek().is_some_and(|item| item.index <= position) {
                if let Some(item) = failed.next() {
                    results.push(Err(E::from(Error::Item(Box::new(item)))));
                }
                continue;
            }
            match items.next() {
                Some(item) => results.push(Ok(item)),
                None => break,
            }
        }
        results.extend(failed.map(|item| Err(E::from(Error::Item(Box::new(item))))));
        results
    }
}

/// One link of a `Link` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target, as written.
    pub target: String,
    /// The relation (`next`, `last`, …).
    pub rel: String,
}

/// Parses an RFC 8288 `Link` header value into its links; malformed parts are skipped.
///
/// ```
/// use client_core::page::parse_link_header;
///
/// let links = parse_link_header(r#"<https://a.example/x?page=18>; rel="last", <https://a.example/x?page=2>; rel="next""#);
/// assert_eq!(links[1].rel, "next");
/// assert_eq!(links[1].target, "https://a.example/x?page=2");
/// ```
pub fn parse_link_header(value: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let after_open = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after_open.find('>') else {
            break;
        };
        let target = after_open.get(..close).unwrap_or("").trim().to_owned();
        let params_and_rest = after_open.get(close + 1..).unwrap_or("");
        // Parameters run until the next link starts.
        let end = params_and_rest.find('<').unwrap_or(params_and_rest.len());
        let params = params_and_rest.get(..end).unwrap_or("");
        for param in params.split(';') {
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            if name.trim().eq_ignore_ascii_case("rel") {
                for rel in value
                    .trim()
                    .trim_matches(|c| c == '"' || c == ',')
                    .split_whitespace()
                {
                    links.push(Link {
                        target: target.clone(),
                        rel: rel.trim_matches(',').to_ascii_lowercase(),
                    });
                }
            }
        }
        rest = params_and_rest.get(end..).unwrap_or("");
    }
    links
}

/// The `rel="next"` URL of an answer's `Link` header, resolved against `base`.
pub fn next_link(headers: &HeaderMap, base: &Url) -> Option<Url> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(parse_link_header)
        .find(|link| link.rel == "next")
        .and_then(|link| base.join(&link.target).ok())
}

/// Options of a page stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamOptions {
    /// Start fetching the next page as soon as a page arrives, while its items are consumed.
    pub prefetch: bool,
}

/// A prefetching task, stopped when the stream that started it is dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A stream of every page, fetched one after another.
///
/// `fetch(None)` fetches the first page; `fetch(Some(next))` the page after. The stream ends
/// after a page without a way forward, after an empty page, and when a page points to one
/// already fetched, so a server that repeats itself cannot make it loop forever. A prefetch
/// that panics or is cancelled yields [`Error::StreamInterrupted`], and dropping the stream
/// stops a prefetch in flight.
pub fn pages<T, E, F, Fut>(
    fetch: F,
    options: StreamOptions,
) -> BoxStream<'static, Result<Page<T>, E>>
where
    T: Send + 'static,
    E: From<Error> + Send + 'static,
    F: FnMut(Option<NextPage>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, E>> + Send + 'static,
{
    struct State<F, Fut: Future> {
        fetch: F,
        pending: Option<Pending<Fut>>,
        seen: HashSet<NextPage>,
    }
    enum Pending<Fut: Future> {
        Lazy(Fut),
        Spawned(AbortOnDrop<Fut::Output>),
    }

    let mut fetch = fetch;
    let first = fetch(None);
    let state = State {
        fetch,
        pending: Some(Pending::Lazy(first)),
        seen: HashSet::new(),
    };
    stream::unfold(state, move |mut state| async move {
        let pending = state.pending.take()?;
        let result = match pending {
            Pending::Lazy(future) => future.await,
            Pending::Spawned(mut handle) => match (&mut handle.0).await {
                Ok(result) => result,
                // The fetch task panicked or was cancelled: whether more pages exist is
                // unknown, so the stream says so instead of ending as if complete.
                Err(error) => Err(E::from(Error::StreamInterrupted {
                    reason: if error.is_panic() {
                        "the page fetch panicked".to_owned()
                    } else {
                        "the page fetch was cancelled".to_owned()
                    },
                })),
            },
        };
        match result {
            Err(error) => Some((Err(error), state)),
            Ok(page) => {
                // A page of nothing but failed items is not the end: the next page may decode.
                let next = page
                    .next
                    .clone()
                    .filter(|_| !page.items.is_empty() || !page.failed.is_empty());
                if let Some(next) = next {
                    if state.seen.insert(next.clone()) {
                        let future = (state.fetch)(Some(next));
                        state.pending = Some(if options.prefetch {
                            Pending::Spawned(AbortOnDrop(tokio::spawn(future)))
                        } else {
                            Pending::Lazy(future)
                        });
                    } else {
                        tracing::warn!(
                            "pagination stopped: the server pointed back to a page already fetched"
                        );
                    }
                }
                Some((Ok(page), state))
            }
        }
    })
    .boxed()
}

/// The stream of a request refused before anything was sent: it yields the refusal and ends.
pub fn refused<T, E>(error: impl Into<E>) -> BoxStream<'static, Result<T, E>>
where
    T: Send + 'static,
    E: Send + 'static,
{
    stream::once(futures::future::ready(Err(error.into()))).boxed()
}

/// A stream of every item across pages (see [`pages`] for when it ends). A page that fails
/// ends the stream after its error is yielded; an item that did not decode is yielded as an
/// [`Error::Item`] in its place, and the stream goes on.
pub fn items<T, E, F, Fut>(fetch: F, options: StreamOptions) -> BoxStream<'static, Result<T, E>>
where
    T: Send + 'static,
    E: From<Error> + Send + 'static,
    F: FnMut(Option<NextPage>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, E>> + Send + 'static,
{
    let mut failed = false;
    pages(fetch, options)
        .take_while(move |result| {
            let go_on = !failed;
            failed = result.is_err();
            futures::future::ready(go_on)
        })
        .flat_map(|result| match result {
            Ok(page) => stream::iter(page.into_results()).left_stream(),
            Err(error) => stream::once(futures::future::ready(Err(error))).right_stream(),
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::TryStreamExt;

    /// The error of the test streams: a message, or the engine's error.
    #[derive(Debug, PartialEq)]
    struct Failure(String);

    impl From<Error> for Failure {
        fn from(error: Error) -> Self {
            Self(error.to_string())
        }
    }

    fn numbered(
        pages: u64,
        per_page: u64,
    ) -> impl FnMut(Option<NextPage>) -> futures::future::Ready<Result<Page<u64>, Failure>> {
        move |next| {
            let n = match next {
                None => 1,
                Some(NextPage::Number(n)) => n,
                Some(other) => {
                    return futures::future::ready(Err(Failure(format!("unexpected {other:?}"))));
                }
            };
            let items = ((n - 1) * per_page..n * per_page).collect();
            futures::future::ready(Ok(Page {
                items,
                page: Some(n),
                pages: Some(pages),
                total: Some(pages * per_page),
                next: (n < pages).then_some(NextPage::Number(n + 1)),
                failed: Vec::new(),
            }))
        }
    }

    #[tokio::test]
    async fn items_cross_every_page() {
        for prefetch in [false, true] {
            let all: Vec<u64> = items(numbered(3, 4), StreamOptions { prefetch })
                .try_collect()
                .await
                .unwrap();
            assert_eq!(all, (0..12).collect::<Vec<_>>());
        }
    }

    #[tokio::test]
    async fn a_page_pointing_back_ends_the_stream() {
        let fetch = |next: Option<NextPage>| {
            let page = match next {
                None => 1,
                Some(_) => 2,
            };
            // Page 2 points to itself forever.
            futures::future::ready(Ok::<_, Failure>(Page {
                items: vec![page],
                page: Some(page),
                pages: None,
                total: None,
                next: Some(NextPage::Number(2)),
                failed: Vec::new(),
            }))
        };
        let all: Vec<u64> = items(fetch, StreamOptions::default())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all, vec![1, 2]);
    }

    #[tokio::test]
    async fn an_empty_result_ends_at_once() {
        let fetch = |_| {
            futures::future::ready(Ok::<_, Failure>(Page::<u8> {
                items: vec![],
                page: Some(1),
                pages: Some(0),
                total: Some(0),
                next: Some(NextPage::Number(2)),
                failed: Vec::new(),
            }))
        };
        let all: Vec<u8> = items(fetch, StreamOptions::default())
            .try_collect()
            .await
            .unwrap();
        assert!(all.is_empty());
    }

    #[tokio::test]
    async fn an_error_is_yielded_once_and_ends_the_stream() {
        let fetch = |next: Option<NextPage>| {
            futures::future::ready(match next {
                None => Ok(Page {
                    items: vec![1],
                    page: None,
                    pages: None,
                    total: None,
                    next: Some(NextPage::Offset(1)),
                    failed: Vec::new(),
                }),
                Some(_) => Err(Failure("boom".to_owned())),
            })
        };
        let collected: Vec<Result<u8, Failure>> =
            items(fetch, StreamOptions::default()).collect().await;
        assert_eq!(collected, vec![Ok(1), Err(Failure("boom".to_owned()))]);
    }

    #[tokio::test]
    async fn a_prefetch_that_panics_ends_the_stream_with_an_error() {
        let fetch = |next: Option<NextPage>| async move {
            match next {
                None => Ok::<_, Failure>(Page {
                    items: vec![1u8],
                    page: None,
                    pages: None,
                    total: None,
                    next: Some(NextPage::Number(2)),
                    failed: Vec::new(),
                }),
                Some(_) => panic!("the fetch task dies"),
            }
        };
        let collected: Vec<Result<u8, Failure>> = items(fetch, StreamOptions { prefetch: true })
            .collect()
            .await;
        assert_eq!(collected.len(), 2, "{collected:?}");
        assert_eq!(collected[0], Ok(1));
        assert_eq!(
            collected[1],
            Err(Failure(
                "a page stream was interrupted: the page fetch panicked".into()
            ))
        );
    }

    #[tokio::test]
    async fn dropping_a_stream_stops_its_prefetch() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let finished = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&finished);
        let fetch = move |next: Option<NextPage>| {
            let flag = Arc::clone(&flag);
            async move {
                if next.is_some() {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    flag.store(true, Ordering::SeqCst);
                }
                Ok::<_, Failure>(Page {
                    items: vec![1u8],
                    page: None,
                    pages: None,
                    total: None,
                    next: Some(NextPage::Number(2)),
                    failed: Vec::new(),
                })
            }
        };
        let mut stream = items(fetch, StreamOptions { prefetch: true });
        assert_eq!(stream.try_next().await, Ok(Some(1)));
        drop(stream);
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert!(!finished.load(Ordering::SeqCst), "the prefetch was aborted");
    }

    proptest::proptest! {
        #[test]
        fn any_link_header_parses_without_panicking(value in "\\PC{0,200}") {
            for link in parse_link_header(&value) {
                proptest::prop_assert!(!link.rel.is_empty());
            }
        }

        #[test]
        fn link_like_headers_parse_without_panicking(
            parts in proptest::collection::vec("[<>;=,\" a-z:/.?&0-9]{0,20}", 0..8)
        ) {
            let _ = parse_link_header(&parts.concat());
        }
    }

    #[test]
    fn link_headers_parse() {
        let value = r#"<https://api.discogs.com/users/360vinyl/inventory?per_page=50&page=18>; rel="last", <https://api.discogs.com/users/360vinyl/inventory?per_page=50&page=2>; rel="next""#;
        let links = parse_link_header(value);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].rel, "last");
        let mut headers = HeaderMap::new();
        headers.insert(LINK, value.parse().unwrap());
        let base = Url::parse("https://api.discogs.com/").unwrap();
        assert_eq!(
            next_link(&headers, &base).unwrap().as_str(),
            "https://api.discogs.com/users/360vinyl/inventory?per_page=50&page=2"
        );
        assert!(parse_link_header("garbage <unterminated").is_empty());
    }
}
