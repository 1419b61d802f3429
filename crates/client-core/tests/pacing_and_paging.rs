//! The limiter against a server that enforces its limit, and page streams over HTTP.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client_core::clock::{Clock, ManualClock, NoJitter};
use client_core::page::{StreamOptions, items, next_link};
use client_core::rate_limit::{RateLimitHeaders, RateLimitPolicy};
use client_core::{
    ConfigureEngine, EngineBuilder, Error, HttpEngine, NextPage, Page, Request, Route,
};
use futures::TryStreamExt;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// A server that allows `limit` requests in any moving `period` of the test's clock, answers
/// 429 beyond that, and reports what remains the way vendors do.
struct StrictServer {
    clock: ManualClock,
    limit: usize,
    period: Duration,
    seen: Mutex<VecDeque<Instant>>,
    refused: Arc<Mutex<u32>>,
}

impl Respond for StrictServer {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let now = self.clock.now();
        let mut seen = self.seen.lock().unwrap();
        while seen
            .front()
            .is_some_and(|at| now.duration_since(*at) >= self.period)
        {
            seen.pop_front();
        }
        if seen.len() >= self.limit {
            *self.refused.lock().unwrap() += 1;
            return ResponseTemplate::new(429).insert_header("retry-after", "1");
        }
        seen.push_back(now);
        ResponseTemplate::new(200)
            .insert_header("x-limit", self.limit.to_string().as_str())
            .insert_header(
                "x-remaining",
                (self.limit - seen.len()).to_string().as_str(),
            )
    }
}

#[tokio::test]
async fn steady_load_under_the_limiter_never_meets_a_429() {
    let clock = ManualClock::new();
    let refused = Arc::new(Mutex::new(0));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(StrictServer {
            clock: clock.clone(),
            limit: 5,
            period: Duration::from_secs(60),
            seen: Mutex::new(VecDeque::new()),
            refused: refused.clone(),
        })
        .mount(&server)
        .await;
    let engine = EngineBuilder::new(server.uri())
        .clock(Arc::new(clock.clone()))
        .jitter(Arc::new(NoJitter))
        .rate_limit(RateLimitPolicy::per_window(5, Duration::from_secs(60)))
        .rate_limit_headers(RateLimitHeaders {
            limit: Some("x-limit"),
            remaining: "x-remaining",
            used: None,
            reset: None,
            period: Duration::from_secs(60),
        })
        .build()
        .unwrap();
    let route = Route::new("/x").finish().unwrap();
    for _ in 0..40 {
        engine.execute(Request::get(route.clone())).await.unwrap();
    }
    assert_eq!(
        *refused.lock().unwrap(),
        0,
        "the server never had to refuse"
    );
    // 40 requests at 5 a minute take 7 full windows of waiting.
    assert!(clock.elapsed() >= Duration::from_secs(7 * 60));
    assert_eq!(engine.rate_limit_status().remaining, Some(0));
}

fn engine(server: &MockServer) -> HttpEngine {
    EngineBuilder::new(server.uri())
        .clock(Arc::new(ManualClock::new()))
        .build()
        .unwrap()
}

/// Fetches one page of `/items`, following `Link: rel="next"` like a client crate does.
async fn fetch_page(engine: HttpEngine, next: Option<NextPage>) -> Result<Page<u32>, Error> {
    let request = match next {
        None => Request::get(Route::new("/items").finish()?),
        Some(NextPage::Url(url)) => Request::get_url("/items", url),
        Some(other) => return Err(Error::invalid_input("next", format!("{other:?}"))),
    };
    let response = engine.execute(request).await?;
    let items: Vec<u32> = response.json()?;
    Ok(Page {
        next: next_link(response.headers(), engine.base_url()).map(NextPage::Url),
        ..Page::of(items)
    })
}

/// Serves `/items` as three pages, `[1, 2]`, `[3, 4]` and `[5]`, linked by `Link` headers.
async fn mount_three_pages(server: &MockServer) {
    let link = |page: u32| format!("<{}/items?page={page}>; rel=\"next\"", server.uri());
    let pages = [
        (Some("2"), vec![3, 4], Some(link(3))),
        (Some("3"), vec![5], None),
        (None, vec![1, 2], Some(link(2))),
    ];
    // Mocks with a page parameter are mounted first: wiremock tries mocks in mounting order.
    for (page, body, next) in pages {
        let mut answer = ResponseTemplate::new(200).set_body_json(body);
        if let Some(next) = next {
            answer = answer.insert_header("link", next.as_str());
        }
        let mock = match page {
            Some(page) => Mock::given(path("/items")).and(query_param("page", page)),
            None => Mock::given(path("/items")),
        };
        mock.respond_with(answer).expect(1).mount(server).await;
    }
}

#[tokio::test]
async fn a_stream_follows_link_headers_across_three_pages() {
    for prefetch in [false, true] {
        let server = MockServer::start().await;
        mount_three_pages(&server).await;
        let engine = engine(&server);
        let all: Vec<u32> = items(
            move |next| fetch_page(engine.clone(), next),
            StreamOptions { prefetch },
        )
        .try_collect()
        .await
        .unwrap();
        assert_eq!(all, vec![1, 2, 3, 4, 5]);
        server.verify().await;
    }
}

#[tokio::test]
async fn a_server_that_links_a_page_to_itself_does_not_loop() {
    let server = MockServer::start().await;
    let again = format!("<{}/items?page=2>; rel=\"next\"", server.uri());
    Mock::given(path("/items"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json([7])
                .insert_header("link", again.as_str()),
        )
        .expect(2)
        .mount(&server)
        .await;
    let engine = engine(&server);
    let all: Vec<u32> = items(
        move |next| fetch_page(engine.clone(), next),
        StreamOptions::default(),
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(all, vec![7, 7]);
}

#[tokio::test]
async fn an_empty_first_page_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(Vec::<u32>::new()))
        .expect(1)
        .mount(&server)
        .await;
    let engine = engine(&server);
    let all: Vec<u32> = items(
        move |next| fetch_page(engine.clone(), next),
        StreamOptions::default(),
    )
    .try_collect()
    .await
    .unwrap();
    assert!(all.is_empty());
}
