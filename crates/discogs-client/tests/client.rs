//! Building the client, credentials, rate limits and retries against a mock Discogs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use client_core::clock::{ManualClock, NoJitter};
use discogs_client::prelude::*;
use discogs_client::{
    Credentials, DiscogsClient, DiscogsError, DiscogsErrorKind, ListingDetails, MediaCondition,
    NewMessage, OrderStatus,
};
use inventory_model::Decimal;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{USER_AGENT, builder, client, json};

#[test]
fn a_user_agent_is_required() {
    let error = DiscogsClient::builder().token("t").build().unwrap_err();
    assert!(
        matches!(&error, DiscogsError::Config(refusal) if refusal.field == "user_agent"),
        "{error:?}"
    );
}

#[test]
fn a_missing_and_an_empty_user_agent_are_both_configuration_errors() {
    let missing = DiscogsClient::builder().token("t").build().unwrap_err();
    let empty = DiscogsClient::builder()
        .user_agent("")
        .token("t")
        .build()
        .unwrap_err();
    let blank = DiscogsClient::builder()
        .user_agent("   ")
        .build()
        .unwrap_err();
    for error in [&missing, &empty, &blank] {
        match error {
            DiscogsError::Config(refusal) => assert_eq!(refusal.field, "user_agent"),
            other => panic!("expected a configuration error, got {other:?}"),
        }
        assert_eq!(
            error.invalid_input().map(|refusal| refusal.field.as_str()),
            Some("user_agent")
        );
    }
    assert!(
        missing.to_string().contains("unique User-Agent"),
        "{missing}"
    );
}

#[test]
fn debug_output_never_shows_credentials() {
    let client = DiscogsClient::builder()
        .user_agent(USER_AGENT)
        .consumer_key("key-abc", "secret-def")
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("key-abc") && !debug.contains("secret-def"));
}

#[tokio::test]
async fn consumer_key_and_secret_are_sent_in_the_discogs_scheme() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/1"))
        // The header holds a comma, which wiremock's `header` matcher would split on.
        .and(|request: &wiremock::Request| {
            request
                .headers
                .get("authorization")
                .is_some_and(|value| value == "Discogs key=ck, secret=cs")
        })
        .and(header("user-agent", USER_AGENT))
        .respond_with(json(200, "release_stats.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = builder(&server)
        .credentials(Credentials::Consumer {
            key: "ck".into(),
            secret: "cs".into(),
        })
        .build()
        .unwrap();
    discogs.release_stats(1, None).await.unwrap();
}

#[tokio::test]
async fn unauthenticated_use_sends_no_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/1"))
        .respond_with(json(200, "release_stats.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = builder(&server).build().unwrap();
    discogs.release_stats(1, None).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(received[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn rate_limit_headers_are_readable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/1"))
        .respond_with(
            json(200, "release_stats.json")
                .insert_header("X-Discogs-Ratelimit", "60")
                .insert_header("X-Discogs-Ratelimit-Used", "12")
                .insert_header("X-Discogs-Ratelimit-Remaining", "48"),
        )
        .mount(&server)
        .await;
    let discogs = client(&server);
    assert_eq!(discogs.rate_limit_status().remaining, None);
    discogs.release_stats(1, None).await.unwrap();
    let status = discogs.rate_limit_status();
    assert_eq!(status.limit, Some(60));
    assert_eq!(status.used, Some(12));
    assert_eq!(status.remaining, Some(48));
}

#[tokio::test]
async fn the_limiter_paces_to_sixty_a_minute_authenticated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, "release_stats.json"))
        .mount(&server)
        .await;
    let clock = Arc::new(ManualClock::new());
    let discogs = DiscogsClient::builder()
        .base_url(server.uri())
        .user_agent(USER_AGENT)
        .token("t")
        .clock(clock.clone())
        .jitter(Arc::new(NoJitter))
        .build()
        .unwrap();
    for _ in 0..61 {
        discogs.release_stats(1, None).await.unwrap();
    }
    // The 61st request had to wait for the first to leave the 60-second window.
    assert!(
        clock.elapsed() >= Duration::from_secs(60),
        "{:?}",
        clock.elapsed()
    );
}

#[tokio::test]
async fn too_many_requests_is_retried_for_reads_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_raw(
                    r#"{"message": "You are making requests too quickly."}"#,
                    "application/json",
                ),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/1"))
        .respond_with(json(200, "listing.json"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = Arc::new(ManualClock::new());
    let discogs = builder(&server)
        .token("t")
        .clock(clock.clone())
        .build()
        .unwrap();
    let listing = discogs.listings().get(1).await.unwrap();
    assert_eq!(listing.id, 172723812);
    assert!(clock.elapsed() >= Duration::from_secs(7));
}

#[tokio::test]
async fn too_many_requests_is_not_retried_for_creations() {
    let server = MockServer::start().await;
    let too_fast = ResponseTemplate::new(429).set_body_raw(
        r#"{"message": "You are making requests too quickly."}"#,
        "application/json",
    );
    Mock::given(method("POST"))
        .and(path("/marketplace/listings"))
        .respond_with(too_fast.clone())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-1/messages"))
        .respond_with(too_fast)
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let error = discogs
        .listings()
        .create(&ListingDetails::new(
            1,
            MediaCondition::Good,
            Decimal::new(5, 0),
        ))
        .await
        .unwrap_err();
    match &error {
        DiscogsError::Api {
            kind: DiscogsErrorKind::RateLimited,
            error,
        } => {
            assert_eq!(
                error.message.as_deref(),
                Some("You are making requests too quickly.")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(error.is_retryable());
    let error = discogs
        .orders()
        .add_message("1-1", &NewMessage::status_only(OrderStatus::Shipped))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(DiscogsErrorKind::RateLimited));
}
