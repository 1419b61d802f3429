//! The Inventory Export API against a mock Discogs: requesting, listing, following and
//! downloading exports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use client_core::clock::ManualClock;
use common::{AUTHORIZATION as TOKEN_HEADER, USER_AGENT, client, client_with_clock};
use discogs_client::inventory_export::{ExportId, JobStatus, parse_export_csv};
use discogs_client::prelude::*;
use discogs_client::{DiscogsError, DiscogsErrorKind, MediaCondition, SleeveCondition};
use futures::{StreamExt, TryStreamExt};
use rust_decimal::Decimal;
use wiremock::matchers::{body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(name: &str) -> String {
    common::upload().text(name)
}

fn json_fixture(name: &str) -> ResponseTemplate {
    common::upload().json_answer(200, name)
}

#[tokio::test]
async fn requesting_an_export_reads_its_id_from_location() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/export"))
        .and(header("authorization", TOKEN_HEADER))
        .and(header("user-agent", USER_AGENT))
        .and(body_bytes(Vec::new()))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .insert_header(
                    "location",
                    "https://api.discogs.com/inventory/export/599632",
                ),
        )
        .expect(1)
        .mount(&server)
        .await;

    let id = client(&server).inventory_export().request().await.unwrap();

    assert_eq!(id, ExportId::new(599632));
}

#[tokio::test]
async fn export_errors_are_distinct_and_a_request_is_not_resent() {
    for (status, file) in [(401, "error_401.json"), (409, "error_409.json"), (503, "")] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/inventory/export"))
            .respond_with(ResponseTemplate::new(status).set_body_raw(
                if file.is_empty() {
                    String::new()
                } else {
                    fixture(file)
                },
                "application/json",
            ))
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .inventory_export()
            .request()
            .await
            .unwrap_err();
        match status {
            401 => assert!(
                matches!(
                    error,
                    DiscogsError::Api {
                        kind: DiscogsErrorKind::Unauthorized,
                        ..
                    }
                ),
                "{error:?}"
            ),
            409 => {
                assert_eq!(error.kind(), Some(DiscogsErrorKind::Conflict), "{error:?}");
                assert_eq!(
                    error.message(),
                    Some("An upload is already being processed.")
                );
            }
            _ => assert_eq!(error.status().map(|s| s.as_u16()), Some(503)),
        }
    }
}

#[tokio::test]
async fn recent_exports_come_a_page_at_a_time() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/export"))
        .and(query_param("page", "2"))
        .and(query_param("per_page", "25"))
        .and(header("authorization", TOKEN_HEADER))
        .respond_with(json_fixture("exports_page.json"))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .inventory_export()
        .list()
        .page(2)
        .page_size(25)
        .send()
        .await
        .unwrap();

    let export = &page.items[0];
    assert_eq!(export.id, ExportId::new(599632));
    assert_eq!(export.status, JobStatus::Success);
    assert_eq!(
        export.download_url.as_deref(),
        Some("https://api.discogs.com/inventory/export/599632/download")
    );
    assert_eq!(
        export.filename.as_deref(),
        Some("rappcats-inventory-20180927-1259.csv")
    );
}

#[tokio::test]
async fn recent_exports_stream_and_bad_pages_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/export"))
        .and(query_param("page", "1"))
        .and(query_param("per_page", "100"))
        .respond_with(json_fixture("exports_page.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);

    let exports: Vec<_> = discogs
        .inventory_export()
        .list()
        .page(1)
        .page_size(100)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);

    let error = discogs
        .inventory_export()
        .list()
        .page(1)
        .page_size(500)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, DiscogsError::InvalidInput(ref refusal) if refusal.field == "per_page")
    );
}

#[tokio::test]
async fn one_export_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/export/599632"))
        .and(header("authorization", TOKEN_HEADER))
        .respond_with(json_fixture("export_success.json"))
        .expect(1)
        .mount(&server)
        .await;

    let export = client(&server)
        .inventory_export()
        .get(ExportId::new(599632))
        .await
        .unwrap();

    assert_eq!(
        export.url.as_deref(),
        Some("https://api.discogs.com/inventory/export/599632")
    );
    assert_eq!(
        export.finished_ts,
        Some(time::macros::datetime!(2018-09-27 12:59:02))
    );
}

#[tokio::test]
async fn wait_polls_a_pending_export_until_it_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/export/599632"))
        .respond_with(json_fixture("export_pending.json"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/export/599632"))
        .respond_with(json_fixture("export_success.json"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let polls = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = polls.clone();

    let export = client_with_clock(&server, &clock)
        .inventory_export()
        .on_progress(move |progress| {
            counter.store(progress.polls, std::sync::atomic::Ordering::SeqCst);
        })
        .wait(ExportId::new(599632))
        .await
        .unwrap();

    assert_eq!(export.status, JobStatus::Success);
    assert_eq!(polls.load(std::sync::atomic::Ordering::SeqCst), 3);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(2), Duration::from_secs(4)]
    );
    // Export polls are not conditional: the spec documents If-Modified-Since for uploads only.
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| !r.headers.contains_key("if-modified-since"))
    );
}

fn download_mock(body: &str) -> Mock {
    Mock::given(method("GET"))
        .and(path("/inventory/export/599632/download"))
        .and(header("authorization", TOKEN_HEADER))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "text/csv"))
        .expect(1)
}

#[tokio::test]
async fn the_download_comes_as_text() {
    let server = MockServer::start().await;
    download_mock(&fixture("export.csv")).mount(&server).await;

    let text = client(&server)
        .inventory_export()
        .download_text(ExportId::new(599632))
        .await
        .unwrap();

    assert_eq!(text, fixture("export.csv"));
    assert_eq!(parse_export_csv(&text).unwrap().len(), 2);
}

#[tokio::test]
async fn the_download_parses_into_typed_rows() {
    let server = MockServer::start().await;
    download_mock(&fixture("export.csv")).mount(&server).await;

    let rows: Vec<_> = client(&server)
        .inventory_export()
        .download_rows(ExportId::new(599632))
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(rows.len(), 2);
    let first = &rows[0];
    assert_eq!(first.listing_id, 172723812);
    assert_eq!(first.release_id, Some(5610049));
    assert_eq!(first.format.as_deref(), Some("LP, Album"));
    assert_eq!(first.price, Some(Decimal::new(12000, 2)));
    assert_eq!(
        first.comments.as_deref(),
        Some("Plays perfectly, \"mint\" sleeve")
    );
    assert_eq!(first.media_condition, Some(MediaCondition::NearMint));
    assert_eq!(first.sleeve_condition, Some(SleeveCondition::VeryGoodPlus));
    assert_eq!(first.accept_offer, Some(true));
    assert_eq!(first.weight, Some(230));
    assert_eq!(first.flat_shipping, None);
    assert_eq!(first.location.as_deref(), Some("Shelf A"));
    let second = &rows[1];
    assert_eq!(second.format.as_deref(), Some("7\", Single"));
    assert_eq!(second.price, Some(Decimal::new(143191391, 7)));
    assert_eq!(
        second.comments.as_deref(),
        Some("Two lines:\nside B has a light scuff")
    );
    assert_eq!(second.sleeve_condition, Some(SleeveCondition::Generic));
    assert_eq!(second.accept_offer, Some(false));
    assert_eq!(second.weight, None);
    assert_eq!(second.flat_shipping, Some(Decimal::new(500, 2)));
}

#[tokio::test]
async fn a_bad_row_in_the_download_is_a_typed_error_and_later_rows_still_come() {
    let server = MockServer::start().await;
    download_mock("listing_id,price,accept_offer\n1,2.00,Y\n2,two,N\n3,4.00,maybe\n4,1,N\n")
        .mount(&server)
        .await;

    let results: Vec<_> = client(&server)
        .inventory_export()
        .download_rows(ExportId::new(599632))
        .await
        .unwrap()
        .collect()
        .await;

    assert_eq!(results.len(), 4);
    assert_eq!(results[0].as_ref().unwrap().listing_id, 1);
    for (index, needle) in [(1, "line 3: price"), (2, "line 4: accept_offer")] {
        match &results[index] {
            Err(DiscogsError::Engine(client_core::Error::Decode {
                reason, request, ..
            })) => {
                assert!(reason.contains(needle), "{reason}");
                assert_eq!(request.path, "/inventory/export/599632/download");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
    assert_eq!(results[3].as_ref().unwrap().listing_id, 4);
}

#[tokio::test]
async fn a_missing_export_download_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/export/7/download"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"message": "Export not found."}"#, "application/json"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let exports = discogs.inventory_export();

    let error = exports.download_rows(ExportId::new(7)).await.err().unwrap();
    assert_eq!(error.kind(), Some(DiscogsErrorKind::NotFound), "{error:?}");
    let error = exports.download_text(ExportId::new(7)).await.unwrap_err();
    assert_eq!(error.message(), Some("Export not found."));
}

#[tokio::test]
async fn a_download_that_keeps_coming_is_not_cut_by_the_attempt_timeout() {
    use discogs_client::ConfigureEngine;
    use std::time::Duration;
    let csv = fixture("export.csv");
    let url = test_support::trickling_server(
        "text/csv; charset=utf-8",
        csv.clone(),
        8,
        Duration::from_millis(80),
    )
    .await;
    let started = std::time::Instant::now();
    let rows: Vec<_> = discogs_client::DiscogsClient::builder()
        .base_url(url)
        .user_agent("DiscogsClientTests/1.0")
        .token("t")
        .timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(250))
        .build()
        .unwrap()
        .inventory_export()
        .download_rows(ExportId::new(599632))
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(
        started.elapsed() > Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}
