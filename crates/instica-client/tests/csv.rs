//! CSV export (streamed) and import (multipart).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client};
use futures::TryStreamExt;
use wiremock::matchers::{header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CSV: &str = "uid,title,status,price_total_usd\n\
inv_d4e5f6,Abbey Road - VG+,ready-to-sell,34.99\n\
inv_x1,\"Kind of Blue, 1959\",listed,120.00\n";

#[tokio::test]
async fn export_streams_the_file() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/export/csv/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_raw(CSV, "text/csv"))
        .expect(2)
        .mount(&server)
        .await;

    let csv = client(&server).csv();
    let chunks: Vec<bytes::Bytes> = csv.export().await.unwrap().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), CSV.as_bytes());
    assert_eq!(csv.export_to_string().await.unwrap(), CSV);
}

#[tokio::test]
async fn export_errors_arrive_before_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/export/csv/"))
        .respond_with(ResponseTemplate::new(403).set_body_json(serde_json::json!({
            "detail": "You do not have permission to perform this action."
        })))
        .mount(&server)
        .await;

    let error = client(&server).csv().export().await.err().unwrap();
    assert!(matches!(
        error,
        instica_client::InsticaError::Api {
            kind: instica_client::InsticaErrorKind::Forbidden,
            ..
        }
    ));
}

#[tokio::test]
async fn import_uploads_the_file_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/import/csv/"))
        .and(header("authorization", BEARER))
        .and(header_regex("content-type", "^multipart/form-data"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "created_count": 2, "failed_count": 0, "errors": []
        })))
        .expect(1)
        .mount(&server)
        .await;

    let report = client(&server)
        .csv()
        .import("inventory.csv", CSV)
        .await
        .unwrap();
    assert_eq!(report.body["created_count"], serde_json::json!(2));
    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&requests[0].body);
    assert!(
        body.contains("name=\"file\"; filename=\"inventory.csv\""),
        "{body}"
    );
    assert!(body.contains("Content-Type: text/csv"), "{body}");
    assert!(body.contains("Kind of Blue, 1959"), "{body}");
}

#[tokio::test]
async fn an_empty_import_is_refused_and_a_503_is_not_resent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/import/csv/"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let csv = client(&server).csv();
    assert!(csv.import("empty.csv", "  \n").await.is_err());
    assert!(csv.import("inventory.csv", CSV).await.is_err());
}

#[tokio::test]
async fn an_export_that_keeps_coming_is_not_cut_by_the_attempt_timeout() {
    use instica_client::{ConfigureEngine, InsticaClient};
    use std::time::Duration;
    let url =
        test_support::trickling_server("text/csv", CSV.to_owned(), 8, Duration::from_millis(80))
            .await;
    let started = std::time::Instant::now();
    let text = InsticaClient::builder()
        .base_url(url)
        .token("t")
        .timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(250))
        .build()
        .unwrap()
        .csv()
        .export_to_string()
        .await
        .unwrap();
    assert_eq!(text, CSV);
    assert!(
        started.elapsed() > Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}
