//! The error shape: configuration refused at build time, and each answer's kind.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use instica_client::prelude::*;
use instica_client::{InsticaClient, InsticaError, InsticaErrorKind, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config_field(result: Result<InsticaClient, InsticaError>) -> String {
    match result {
        Err(InsticaError::Config(refusal)) => refusal.field,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn missing_and_empty_credentials_are_configuration_errors() {
    assert_eq!(
        config_field(InsticaClient::builder().build()),
        "credentials"
    );
    assert_eq!(
        config_field(InsticaClient::builder().token("").build()),
        "token"
    );
    assert_eq!(
        config_field(InsticaClient::builder().api_key("").build()),
        "api_key"
    );
    let error = InsticaClient::builder().build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid configuration: credentials: set a token or an API key"
    );
    assert_eq!(
        error.invalid_input().map(|refusal| refusal.rule.as_str()),
        Some("set a token or an API key")
    );
    assert!(!error.is_retryable());
    assert_eq!(error.status(), None);
}

#[test]
fn engine_settings_are_configuration_errors_too() {
    let built = InsticaClient::builder()
        .token("t")
        .base_url("ftp://app.instica.com/api/v1")
        .build();
    assert_eq!(config_field(built), "base_url");
    let built = InsticaClient::builder().token("t").user_agent(" ").build();
    assert_eq!(config_field(built), "user_agent");
}

#[tokio::test]
async fn each_status_has_its_kind() {
    let table = [
        (400, InsticaErrorKind::Rejected, false),
        (422, InsticaErrorKind::Rejected, false),
        (401, InsticaErrorKind::Unauthorized, false),
        (403, InsticaErrorKind::Forbidden, false),
        (404, InsticaErrorKind::NotFound, false),
        (409, InsticaErrorKind::Conflict, false),
        (429, InsticaErrorKind::RateLimited, true),
        (500, InsticaErrorKind::Server, true),
        (503, InsticaErrorKind::Server, true),
        (501, InsticaErrorKind::Server, false),
        (418, InsticaErrorKind::Other, false),
    ];
    let server = MockServer::start().await;
    for (status, _, _) in table {
        Mock::given(method("GET"))
            .and(path(format!("/inventory/inv_{status}/")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("retry-after", "7")
                    .set_body_json(json!({"detail": format!("status {status}")})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = test_support::deterministic(
        InsticaClient::builder()
            .base_url(server.uri())
            .token(common::TOKEN)
            .retry_policy(RetryPolicy::never()),
        &client_core::clock::ManualClock::new(),
    )
    .build()
    .unwrap();

    for (status, kind, retryable) in table {
        let error = client
            .item(format!("inv_{status}"))
            .get()
            .await
            .unwrap_err();
        match &error {
            InsticaError::Api {
                kind: got,
                error: answer,
                field_errors,
            } => {
                assert_eq!(*got, kind, "{status}");
                assert_eq!(answer.status.as_u16(), status);
                assert!(field_errors.is_empty(), "{status}: {field_errors:?}");
            }
            other => panic!("{status}: expected an API error, got {other:?}"),
        }
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.message(), Some(format!("status {status}").as_str()));
        assert_eq!(error.is_retryable(), retryable, "{status}");
        assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(7)));
        assert_eq!(
            error.request().map(|request| request.route),
            Some("/inventory/{uid}/")
        );
        assert_eq!(
            error.to_string(),
            format!(
                "GET /inventory/inv_{status}/ answered {}: status {status}",
                answer_status(status)
            )
        );
    }
}

fn answer_status(status: u16) -> client_core::StatusCode {
    client_core::StatusCode::from_u16(status).unwrap()
}

#[tokio::test]
async fn a_conflict_keeps_its_field_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({
            "manual_sku": ["An item with this SKU already exists."]
        })))
        .mount(&server)
        .await;

    let error = common::client(&server)
        .items()
        .create(
            &instica_client::ItemFields::new()
                .name("x")
                .manual_sku("LP-1"),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        InsticaError::Api {
            kind: InsticaErrorKind::Conflict,
            ..
        }
    ));
    assert_eq!(
        error.field_errors().unwrap()["manual_sku"],
        ["An item with this SKU already exists."]
    );
    assert_eq!(
        error.message(),
        Some("manual_sku: An item with this SKU already exists.")
    );
}

#[test]
fn refusals_before_sending_have_no_answer() {
    let error = InsticaError::from(instica_client::InvalidInput::new("q", "must not be empty"));
    assert_eq!(error.to_string(), "invalid input: q: must not be empty");
    assert!(error.field_errors().is_none());
    assert!(error.api_error().is_none());
    assert_eq!(error.invalid_input().map(|r| r.field.as_str()), Some("q"));
}
