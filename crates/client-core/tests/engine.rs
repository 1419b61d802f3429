//! The engine against a local mock server: retries, timeouts, broken answers, secrets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use client_core::clock::{ManualClock, NoJitter, RandomJitter};
use client_core::{
    ClientError, ConfigureEngine, EngineBuilder, Error, HttpEngine, Request, RetryPolicy, Route,
    TransportKind,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn route(template: &'static str) -> Route {
    Route::new(template).finish().unwrap()
}

fn engine_at(base: &str, clock: &ManualClock) -> HttpEngine {
    EngineBuilder::new(base)
        .user_agent("engine-tests/1.0")
        .clock(Arc::new(clock.clone()))
        .jitter(Arc::new(NoJitter))
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(100))
                .with_max_backoff(Duration::from_secs(5)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_429_is_retried_after_the_servers_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "7"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(header("user-agent", "engine-tests/1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let engine = engine_at(&server.uri(), &clock);
    let body: serde_json::Value = engine
        .execute(Request::get(route("/things")))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(body["ok"], true);
    // The 429 paused the limiter for 7 s; the backoff (100 ms) is shorter, so 7 s wins.
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7)]);
}

#[tokio::test]
async fn an_absurd_retry_after_ends_the_call_instead_of_waiting_or_panicking() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503).insert_header("retry-after", "18446744073709551615"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let error = engine_at(&server.uri(), &clock)
        .execute(Request::get(route("/x")))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(
        clock.sleeps().is_empty(),
        "no wait past the deadline: {:?}",
        clock.sleeps()
    );
}

#[tokio::test]
async fn server_errors_are_retried_for_get_with_exact_backoff() {
    for status in [500u16, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .expect(3)
            .mount(&server)
            .await;
        let clock = ManualClock::new();
        let error = engine_at(&server.uri(), &clock)
            .execute(Request::get(route("/x")))
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(error.is_retryable());
        assert_eq!(
            clock.sleeps(),
            vec![Duration::from_millis(100), Duration::from_millis(200)]
        );
    }
}

#[tokio::test]
async fn a_creating_post_is_never_resent_after_the_server_saw_it() {
    for status in [429u16, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status))
            .expect(1)
            .mount(&server)
            .await;
        let clock = ManualClock::new();
        let error = engine_at(&server.uri(), &clock)
            .execute(
                Request::post(route("/listings"))
                    .json(&serde_json::json!({"a": 1}))
                    .unwrap(),
            )
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    }
}

#[tokio::test]
async fn an_absolute_write_marked_idempotent_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let response = engine_at(&server.uri(), &clock)
        .execute(Request::post(route("/set")).idempotent())
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn seeded_jitter_gives_the_same_sleeps_every_time() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let clock = ManualClock::new();
        let engine = EngineBuilder::new(server.uri())
            .clock(Arc::new(clock.clone()))
            .jitter(Arc::new(RandomJitter::seeded(42)))
            .retry_policy(RetryPolicy::default().with_max_attempts(5))
            .build()
            .unwrap();
        engine.execute(Request::get(route("/x"))).await.unwrap_err();
        let sleeps = clock.sleeps();
        assert_eq!(sleeps.len(), 4);
        for (n, sleep) in sleeps.iter().enumerate() {
            assert!(*sleep <= Duration::from_millis(500) * (1 << n));
        }
        runs.push(sleeps);
    }
    assert_eq!(runs[0], runs[1]);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let clock = ManualClock::new();
    let error = engine_at(&format!("http://{address}"), &clock)
        .execute(Request::post(route("/listings")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(clock.sleeps().len(), 2, "three attempts, two waits");
}

#[tokio::test]
async fn a_hung_server_ends_in_a_timeout_within_the_deadline() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket); // accept, read nothing, answer nothing
        }
    });
    let deadline = Duration::from_millis(1_000);
    let engine = EngineBuilder::new(format!("http://{address}"))
        .timeout(Duration::from_millis(300))
        .jitter(Arc::new(NoJitter))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(10)
                .with_initial_backoff(Duration::from_millis(10))
                .with_deadline(deadline),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let error = engine
        .execute(Request::get(route("/slow")))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(took <= deadline + deadline / 10, "took {took:?}");
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            } | Error::Deadline { .. }
        ),
        "{error:?}"
    );
}

/// Serves one canned raw HTTP answer per connection, then closes.
async fn raw_server(answer: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            let _ = socket.write_all(answer).await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_body_cut_short_is_a_body_error_and_retried_for_get() {
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"partial\":",
    )
    .await;
    let clock = ManualClock::new();
    let error = engine_at(&base, &clock)
        .execute(Request::get(route("/cut")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Body,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            // Closing with unread input makes the kernel send a reset.
            #[allow(deprecated)] // a zero linger is exactly what sends the reset
            let _ = socket.set_linger(Some(Duration::ZERO));
            drop(socket);
        }
    });
    let clock = ManualClock::new();
    let error = engine_at(&format!("http://{address}"), &clock)
        .execute(Request::get(route("/reset")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Interrupted,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(clock.sleeps().len(), 2, "a GET is tried three times");
}

#[tokio::test]
async fn html_empty_and_mislabelled_bodies_are_typed_decode_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/html"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>Bad gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/empty"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-type", "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/wrong"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"a\":1}", "application/json"))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let engine = engine_at(&server.uri(), &clock);
    let html = engine.execute(Request::get(route("/html"))).await.unwrap();
    let error = html.json::<serde_json::Value>().unwrap_err();
    assert!(error.to_string().contains("text/html"), "{error}");
    assert_eq!(error.raw_body(), Some("<html>Bad gateway</html>"));

    let empty = engine.execute(Request::get(route("/empty"))).await.unwrap();
    let error = empty.json::<serde_json::Value>().unwrap_err();
    assert!(error.to_string().contains("empty"), "{error}");

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Wanted {
        b: u32,
    }
    let wrong = engine.execute(Request::get(route("/wrong"))).await.unwrap();
    let error = wrong.json::<Wanted>().unwrap_err();
    assert!(matches!(error, Error::Decode { .. }));
    assert!(error.to_string().contains("missing field `b`"), "{error}");
}

#[tokio::test]
async fn an_html_error_page_keeps_its_body() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(404).set_body_raw("<html>nope</html>", "text/html"))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let error = engine_at(&server.uri(), &clock)
        .execute(Request::get(route("/x")))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.message(), None);
    assert_eq!(error.raw_body(), Some("<html>nope</html>"));
}

#[tokio::test]
async fn retries_stop_when_the_budget_is_spent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let engine = engine_at(&server.uri(), &clock);
    let calls = 1_000;
    for _ in 0..calls {
        engine
            .execute(Request::get(route("/down")))
            .await
            .unwrap_err();
    }
    let attempts = server.received_requests().await.unwrap().len();
    assert!(
        attempts <= calls * 12 / 10,
        "{attempts} attempts for {calls} calls"
    );
    // 500 tokens pay for 100 retries at 5 each; failures refund nothing.
    assert_eq!(
        attempts, 1_100,
        "every call tried once, plus the retries the budget paid for"
    );
    assert_eq!(engine.retry_budget_available(), 0);
}

#[tokio::test]
async fn next_links_to_another_host_are_refused() {
    let clock = ManualClock::new();
    let engine = engine_at("https://api.example.com", &clock);
    let url = client_core::Url::parse("https://evil.example.net/steal").unwrap();
    let error = engine
        .execute(Request::get_url("/next", url))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
}

#[tokio::test]
async fn a_refusal_after_an_attempt_that_timed_out_does_not_claim_nothing_was_done() {
    // The first PUT is held past the attempt timeout (the server has applied it by then); the
    // retry is refused with a 404. The call's error must not say "not applied".
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(600)))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let engine = EngineBuilder::new(server.uri())
        .timeout(Duration::from_millis(200))
        .clock(Arc::new(clock.clone()))
        .jitter(Arc::new(NoJitter))
        .build()
        .unwrap();
    let error = engine
        .execute(Request::put(route("/price")))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(error.api_error().unwrap().after_unanswered_attempt);
    assert_eq!(error.outcome(), client_core::Outcome::Unknown);

    // The same refusal on the first attempt is an honest "not applied".
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let error = engine_at(&server.uri(), &clock)
        .execute(Request::put(route("/price")))
        .await
        .unwrap_err();
    assert!(!error.api_error().unwrap().after_unanswered_attempt);
    assert_eq!(error.outcome(), client_core::Outcome::NotApplied);
}

#[tokio::test]
async fn a_route_follows_the_base_urls_path_with_its_segments_and_query_as_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/items/rapp%20cats%2F..%2Fx"))
        .and(wiremock::matchers::query_param("q", "a&b c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let item = Route::new("/items/{id}")
        .with("id", "rapp cats/../x")
        .unwrap()
        .finish()
        .unwrap();
    // With and without the base's trailing slash, the path is the base's, then the route's.
    for base in [
        format!("{}/api/v2", server.uri()),
        format!("{}/api/v2/", server.uri()),
    ] {
        let engine = engine_at(&base, &clock);
        let answer = engine
            .execute(Request::get(item.clone()).query("q", "a&b c"))
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }
}

#[tokio::test]
async fn a_requests_own_header_replaces_the_default_of_that_name_and_keeps_the_others() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let mut builder = EngineBuilder::new(server.uri()).user_agent("engine-tests/1.0");
    builder
        .set_default_header(
            http::header::ACCEPT,
            http::HeaderValue::from_static("application/xml"),
        )
        .set_default_header(
            http::HeaderName::from_static("x-tenant"),
            http::HeaderValue::from_static("shop-7"),
        );
    let engine = builder.build().unwrap();
    let request = Request::get(route("/things")).header(
        http::header::ACCEPT,
        http::HeaderValue::from_static("application/json"),
    );
    engine.execute(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let headers = &received[0].headers;
    let accept: Vec<_> = headers.get_all("accept").iter().collect();
    assert_eq!(accept, ["application/json"]);
    assert_eq!(headers.get("x-tenant").unwrap(), "shop-7");
    assert_eq!(headers.get("user-agent").unwrap(), "engine-tests/1.0");
}
