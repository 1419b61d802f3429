//! Authentication: `X-API-Key` (Instica's recommendation for integrations) beside
//! `Authorization: Bearer`, each sent exactly, one replacing the other, and credentials that
//! could never authenticate refused at `build()`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use client_core::clock::ManualClock;
use instica_client::prelude::*;
use instica_client::{InsticaClient, InsticaClientBuilder, InsticaError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "ik_live_7f3a9c2e";

/// The `authorization` and `x-api-key` headers of the one request `builder` makes, each as
/// every value sent under that name.
async fn credential_headers(builder: InsticaClientBuilder) -> (Vec<String>, Vec<String>) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_1/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"uid": "inv_1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = test_support::against(builder, &server, &ManualClock::new())
        .build()
        .unwrap();
    client.item("inv_1").get().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let values = |name: &str| -> Vec<String> {
        requests[0]
            .headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect()
    };
    (values("authorization"), values("x-api-key"))
}

// field notes §4: `X-API-Key: <key>` is recommended for scripts and server-to-server use.
#[tokio::test]
async fn an_api_key_is_sent_as_x_api_key_exactly_and_alone() {
    let (authorization, api_key) = credential_headers(InsticaClient::builder().api_key(KEY)).await;
    assert_eq!(api_key, [KEY]);
    assert!(authorization.is_empty(), "{authorization:?}");
}

// field notes §4: `Authorization: Bearer <token>` is for mobile and web app sessions.
#[tokio::test]
async fn a_token_is_sent_as_bearer_exactly_and_alone() {
    let (authorization, api_key) =
        credential_headers(InsticaClient::builder().token(common::TOKEN)).await;
    assert_eq!(authorization, [common::BEARER]);
    assert!(api_key.is_empty(), "{api_key:?}");
}

#[tokio::test]
async fn the_credential_set_last_replaces_the_other() {
    let (authorization, api_key) =
        credential_headers(InsticaClient::builder().token(common::TOKEN).api_key(KEY)).await;
    assert!(authorization.is_empty(), "{authorization:?}");
    assert_eq!(api_key, [KEY]);

    let (authorization, api_key) =
        credential_headers(InsticaClient::builder().api_key(KEY).token(common::TOKEN)).await;
    assert_eq!(authorization, [common::BEARER]);
    assert!(api_key.is_empty(), "{api_key:?}");
}

fn refusal(result: Result<InsticaClient, InsticaError>) -> (String, String) {
    match result {
        Err(InsticaError::Config(refusal)) => (refusal.field, refusal.rule),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn a_credential_that_could_never_authenticate_is_refused_at_build_naming_its_field() {
    let cases: [(&str, &str); 9] = [
        ("", "must not be empty"),
        ("   ", "must not be blank"),
        ("\n", "must not be blank"),
        ("ik_live_7f3a\n", "line break"),
        ("ik_live_7f3a\r\nX-Other: 1", "line break"),
        ("ik_live 7f3a", "whitespace"),
        ("\tik_live_7f3a", "whitespace"),
        (" ik_live_7f3a", "whitespace"),
        ("ik_live_clé", "printable ASCII"),
    ];
    for (secret, rule) in cases {
        let (field, got) = refusal(InsticaClient::builder().api_key(secret).build());
        assert_eq!(field, "api_key", "{secret:?}");
        assert!(got.contains(rule), "{secret:?}: {got}");
        let (field, got) = refusal(InsticaClient::builder().token(secret).build());
        assert_eq!(field, "token", "{secret:?}");
        assert!(got.contains(rule), "{secret:?}: {got}");
    }
    let (field, rule) = refusal(InsticaClient::builder().token("Bearer abc123").build());
    assert_eq!(field, "token");
    assert!(rule.contains("the token alone"), "{rule}");

    // The refusal names the field and the rule, never the value.
    let error = InsticaClient::builder()
        .api_key("ik_live_secret\n")
        .build()
        .unwrap_err();
    assert!(!format!("{error} {error:?}").contains("ik_live_secret"));
    assert_eq!(
        error.to_string(),
        "invalid configuration: api_key: must not contain whitespace or line breaks (found a line break at character 14)"
    );
    assert!(!error.is_retryable());
}
