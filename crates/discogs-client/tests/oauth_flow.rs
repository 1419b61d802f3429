//! The OAuth 1.0a flow and signed requests against a mock Discogs.
#![cfg(feature = "oauth")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use client_core::clock::ManualClock;
use discogs_client::oauth::{FixedNonce, OAuthCredentials, SignatureMethod};
use discogs_client::prelude::*;
use discogs_client::{DiscogsError, DiscogsErrorKind, Method};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use common::{USER_AGENT, builder, json};
use test_support::exact_query;

fn consumer(method: SignatureMethod) -> OAuthCredentials {
    OAuthCredentials::consumer("my-consumer-key", "my-consumer-secret")
        .signature_method(method)
        .nonce_source(Arc::new(FixedNonce::new("n0nce")))
        .clock(Arc::new(ManualClock::starting_at(
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )))
}

fn authorization_is(expected: String) -> impl Fn(&Request) -> bool {
    move |request: &Request| {
        request
            .headers
            .get("authorization")
            .is_some_and(|value| value.to_str().unwrap() == expected)
    }
}

#[tokio::test]
async fn the_three_steps_with_plaintext_signatures() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/oauth/request_token"))
        .and(exact_query(&[]))
        .and(wiremock::matchers::header("user-agent", USER_AGENT))
        .and(wiremock::matchers::header(
            "content-type",
            "application/x-www-form-urlencoded",
        ))
        .and(authorization_is(
            "OAuth oauth_consumer_key=\"my-consumer-key\", oauth_nonce=\"n0nce\", \
             oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"1700000000\", \
             oauth_callback=\"https%3A%2F%2Fmyshop.example%2Fcallback\", \
             oauth_signature=\"my-consumer-secret%26\""
                .to_owned(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=true",
            "application/x-www-form-urlencoded",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .and(authorization_is(
            "OAuth oauth_consumer_key=\"my-consumer-key\", oauth_nonce=\"n0nce\", \
             oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"1700000000\", \
             oauth_token=\"req-token\", oauth_verifier=\"v3rifier\", \
             oauth_signature=\"my-consumer-secret%26req-secret\""
                .to_owned(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "oauth_token=access-token&oauth_token_secret=access-secret",
            "application/x-www-form-urlencoded",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/1-1"))
        .and(authorization_is(
            "OAuth oauth_consumer_key=\"my-consumer-key\", oauth_nonce=\"n0nce\", \
             oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"1700000000\", \
             oauth_token=\"access-token\", \
             oauth_signature=\"my-consumer-secret%26access-secret\""
                .to_owned(),
        ))
        .respond_with(json(200, "order.json"))
        .expect(1)
        .mount(&server)
        .await;

    let flow = builder(&server)
        .oauth_flow(consumer(SignatureMethod::PlainText))
        .authorize_base("https://www.discogs.com/oauth/authorize");
    let request_token = flow
        .request_token("https://myshop.example/callback")
        .await
        .unwrap();
    assert_eq!(request_token.token.expose(), "req-token");
    assert_eq!(
        flow.authorize_url(&request_token).unwrap().as_str(),
        "https://www.discogs.com/oauth/authorize?oauth_token=req-token"
    );
    let access = flow.access_token(&request_token, "v3rifier").await.unwrap();
    assert_eq!(access.token.expose(), "access-token");
    assert!(!format!("{access:?}").contains("access-secret"));
    let discogs = flow.client(&access).unwrap();
    let order = discogs.orders().get("1-1").await.unwrap();
    assert_eq!(order.id, "1-1");
}

#[tokio::test]
async fn hmac_sha1_signs_the_query_too() {
    let server = MockServer::start().await;
    let credentials = OAuthCredentials::new("ck", "cs", "tk", "ts")
        .signature_method(SignatureMethod::HmacSha1)
        .nonce_source(Arc::new(FixedNonce::new("n0nce")))
        .clock(Arc::new(ManualClock::starting_at(
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )));
    let url = format!("{}/users/rappcats/inventory?status=For+Sale", server.uri())
        .parse()
        .unwrap();
    let expected = credentials.authorization(&Method::GET, &url).unwrap();
    assert!(
        expected
            .expose()
            .contains("oauth_signature_method=\"HMAC-SHA1\"")
    );
    assert!(!expected.expose().contains("cs&ts"));
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(exact_query(&[("status", "For Sale")]))
        .and(authorization_is(expected.expose().to_owned()))
        .respond_with(json(200, "inventory.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = builder(&server).oauth(credentials).build().unwrap();
    discogs
        .inventory("rappcats")
        .status(discogs_client::ListingStatus::ForSale)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn flow_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/oauth/request_token"))
        .respond_with(json(401, "error_401.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "oauth_problem=token_rejected",
            "application/x-www-form-urlencoded",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let flow = builder(&server).oauth_flow(consumer(SignatureMethod::PlainText));
    let refused = flow.request_token("oob").await.unwrap_err();
    assert!(
        matches!(
            refused,
            DiscogsError::Api {
                kind: DiscogsErrorKind::Unauthorized,
                ..
            }
        ),
        "{refused:?}"
    );

    let token = discogs_client::oauth::RequestToken {
        token: "t".into(),
        token_secret: "s".into(),
    };
    let empty = flow.access_token(&token, " ").await.unwrap_err();
    assert!(matches!(&empty, DiscogsError::InvalidInput(refusal) if refusal.field == "verifier"));
    let garbled = flow.access_token(&token, "v").await.unwrap_err();
    assert!(matches!(garbled, DiscogsError::Engine(_)), "{garbled:?}");
}
