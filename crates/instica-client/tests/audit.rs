//! Audit logs of one item.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client, fixture, json_answer};
use futures::TryStreamExt;
use instica_client::prelude::*;
use instica_client::{AuditLogEntry, AuditSource, ListingStatus};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn audit_logs_decode() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_d4e5f6/audit-logs/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("audit_logs.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let logs = client(&server)
        .item("inv_d4e5f6")
        .audit_logs()
        .send()
        .await
        .unwrap();
    assert_eq!(logs.next, None);
    let entry = &logs.items[0];
    assert_eq!(entry.uid.as_str(), "log_abc123");
    assert_eq!(entry.action, "list");
    assert_eq!(entry.source, Some(AuditSource::Api));
    assert_eq!(entry.status_before, Some(ListingStatus::Draft));
    assert_eq!(entry.status_after, Some(ListingStatus::Listed));
    assert_eq!(entry.platform_slug.as_ref().unwrap().as_str(), "ebay");
    assert_eq!(entry.metadata["listing_price"], serde_json::json!("34.99"));
    assert_eq!(entry.severity.as_deref(), Some("info"));
}

#[tokio::test]
async fn a_paginated_answer_is_accepted_too() {
    let server = MockServer::start().await;
    let logs = fixture("audit_logs.json", &server);
    Mock::given(method("GET"))
        .and(path("/inventory/inv_d4e5f6/audit-logs/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "count": 1, "next": null, "previous": null, "results": logs
        })))
        .mount(&server)
        .await;

    let logs: Vec<AuditLogEntry> = client(&server)
        .item("inv_d4e5f6")
        .audit_logs()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(logs.len(), 1);
}
