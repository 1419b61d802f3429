//! The Inventory Upload (CSV) API against a mock Discogs: exact requests, multipart bodies,
//! CSV bytes, documented errors, refusals before sending, splitting and job polling.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_core::clock::ManualClock;
use common::{AUTHORIZATION as TOKEN_HEADER, USER_AGENT, client, client_with_clock};
use discogs_client::inventory_upload::{
    AddRow, BatchError, ChangeRow, DeleteRow, JobStatus, UploadId, UploadKind, WaitOptions,
};
use discogs_client::prelude::*;
use discogs_client::{DiscogsError, DiscogsErrorKind, MediaCondition, SleeveCondition};
use futures::TryStreamExt;
use inventory_model::{
    Currency, Grade, InventoryUpdate, Money, PriceUpdate, Quantity, Sku, SleeveGrade, StockUpdate,
};
use rust_decimal::Decimal;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn fixture(name: &str) -> String {
    common::upload().text(name)
}

fn json_fixture(name: &str) -> ResponseTemplate {
    common::upload().json_answer(200, name)
}

fn accepted(server: &MockServer, id: u64) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "application/json")
        .insert_header(
            "location",
            format!("{}/inventory/upload/{id}", server.uri()),
        )
}

/// One file field of a multipart body.
#[derive(Debug)]
struct FilePart {
    disposition: String,
    content_type: String,
    body: String,
}

fn file_parts(request: &Request) -> Vec<FilePart> {
    let content_type = request.headers["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .unwrap()
        .trim_matches('"');
    let body = String::from_utf8(request.body.clone()).unwrap();
    let delimiter = format!("--{boundary}");
    body.split(&delimiter)
        .filter(|part| !part.trim().is_empty() && part.trim() != "--")
        .map(|part| {
            let part = part.strip_prefix("\r\n").unwrap();
            let (head, content) = part.split_once("\r\n\r\n").unwrap();
            let header_value = |name: &str| {
                head.lines()
                    .find_map(|line| {
                        let (key, value) = line.split_once(':')?;
                        key.eq_ignore_ascii_case(name)
                            .then(|| value.trim().to_owned())
                    })
                    .unwrap_or_default()
            };
            FilePart {
                disposition: header_value("content-disposition"),
                content_type: header_value("content-type"),
                body: content.strip_suffix("\r\n").unwrap().to_owned(),
            }
        })
        .collect()
}

/// The single `upload` file of a request, checked for field name, file name and type.
fn upload_file(request: &Request, file_name: &str) -> String {
    let parts = file_parts(request);
    assert_eq!(parts.len(), 1, "{parts:?}");
    let part = &parts[0];
    assert_eq!(
        part.disposition,
        format!(r#"form-data; name="upload"; filename="{file_name}""#)
    );
    assert_eq!(part.content_type, "text/csv");
    part.body.clone()
}

fn upload_mock(kind: &str) -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(format!("/inventory/upload/{kind}")))
        .and(header("authorization", TOKEN_HEADER))
        .and(header("user-agent", USER_AGENT))
}

#[tokio::test]
async fn add_sends_one_multipart_csv_and_reads_the_upload_id() {
    let server = MockServer::start().await;
    upload_mock("add")
        .respond_with(accepted(&server, 599632))
        .expect(1)
        .mount(&server)
        .await;
    let rows = vec![
        AddRow::new(123, Decimal::new(150, 2), MediaCondition::Mint)
            .comments("Comments about this release for sale"),
        AddRow::new(456, Decimal::new(250, 2), Grade::NearMint).comments("More comments"),
        AddRow::new(7890, Decimal::new(350, 2), MediaCondition::Good).comments("Signed vinyl copy"),
    ];

    let batch = client(&server).inventory_upload().add(&rows).await.unwrap();

    assert_eq!(batch.kind(), &UploadKind::Add);
    assert_eq!(batch.ids().collect::<Vec<_>>(), [UploadId::new(599632)]);
    assert_eq!(batch.parts()[0].rows, [0, 1, 2]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        upload_file(&requests[0], "add.csv"),
        "release_id,price,media_condition,comments\n\
         123,1.50,Mint (M),Comments about this release for sale\n\
         456,2.50,Near Mint (NM or M-),More comments\n\
         7890,3.50,Good (G),Signed vinyl copy\n"
    );
}

#[tokio::test]
async fn awkward_text_is_quoted_and_every_optional_column_is_written() {
    let server = MockServer::start().await;
    upload_mock("add")
        .respond_with(accepted(&server, 1))
        .expect(1)
        .mount(&server)
        .await;
    let rows = [
        AddRow::new(5610049, Decimal::new(1200, 2), MediaCondition::VeryGoodPlus)
            .sleeve_condition(SleeveGrade::NoCover)
            .comments("Plays well, light \"surface\" noise\nSide B: one tick")
            .accept_offer(true)
            .location("Shelf A, box 3")
            .external_id("SKU-7")
            .weight(230)
            .format_quantity(2),
        AddRow::new(
            5610050,
            Decimal::from_scientific("1.5e1").unwrap(),
            MediaCondition::Poor,
        )
        .sleeve_condition(SleeveCondition::NotGraded)
        .comments(" leading and trailing spaces ")
        .accept_offer(false),
    ];

    client(&server).inventory_upload().add(rows).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        upload_file(&requests[0], "add.csv"),
        "release_id,price,media_condition,sleeve_condition,comments,accept_offer,location,external_id,weight,format_quantity\n\
         5610049,12.00,Very Good Plus (VG+),No Cover,\"Plays well, light \"\"surface\"\" noise\nSide B: one tick\",Y,\"Shelf A, box 3\",SKU-7,230,2\n\
         5610050,15,Poor (P),Not Graded, leading and trailing spaces ,N,,,,\n"
    );
}

#[tokio::test]
async fn change_sends_only_the_changed_columns_and_groups_rows_by_them() {
    let server = MockServer::start().await;
    upload_mock("change")
        .respond_with(accepted(&server, 11))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    upload_mock("change")
        .respond_with(accepted(&server, 12))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let rows = [
        ChangeRow::new(172723812).price(Decimal::new(2499, 2)),
        ChangeRow::new(172723813).comments("Now with \"insert\""),
        ChangeRow::new(172723814).price(Decimal::new(1000, 2)),
    ];

    let batch = client(&server)
        .inventory_upload()
        .change(rows)
        .await
        .unwrap();

    assert_eq!(
        batch.ids().collect::<Vec<_>>(),
        [UploadId::new(11), UploadId::new(12)]
    );
    assert_eq!(batch.parts()[0].rows, [0, 2]);
    assert_eq!(batch.parts()[1].rows, [1]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        upload_file(&requests[0], "change-part-1-of-2.csv"),
        "listing_id,price\n172723812,24.99\n172723814,10.00\n"
    );
    assert_eq!(
        upload_file(&requests[1], "change-part-2-of-2.csv"),
        "listing_id,comments\n172723813,\"Now with \"\"insert\"\"\"\n"
    );
}

#[tokio::test]
async fn delete_sends_listing_ids_only() {
    let server = MockServer::start().await;
    upload_mock("delete")
        .respond_with(accepted(&server, 31))
        .expect(1)
        .mount(&server)
        .await;
    let rows: Vec<DeleteRow> = [12345678, 98765432, 31415926]
        .into_iter()
        .map(DeleteRow::new)
        .collect();

    let batch = client(&server)
        .inventory_upload()
        .delete(&rows)
        .await
        .unwrap();

    assert_eq!(batch.ids().next(), Some(UploadId::new(31)));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        upload_file(&requests[0], "delete.csv"),
        "listing_id\n12345678\n98765432\n31415926\n"
    );
}

#[tokio::test]
async fn every_row_rule_is_refused_before_sending() {
    let server = MockServer::start().await;
    for kind in ["add", "change", "delete"] {
        Mock::given(method("POST"))
            .and(path(format!("/inventory/upload/{kind}")))
            .respond_with(ResponseTemplate::new(200))
            .expect(0)
            .mount(&server)
            .await;
    }
    let discogs = client(&server);
    let uploads = discogs.inventory_upload();
    let good = || AddRow::new(1, Decimal::ONE, MediaCondition::Mint);
    let refused = |result: Result<_, BatchError>| {
        let error = result.unwrap_err();
        assert!(error.nothing_sent());
        match error.into_error() {
            DiscogsError::InvalidInput(refusal) => (refusal.field, refusal.rule),
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    };

    let cases_add: Vec<(Vec<AddRow>, &str, &str)> = vec![
        (vec![], "rows", "at least one row"),
        (
            vec![good(), AddRow::new(0, Decimal::ONE, MediaCondition::Mint)],
            "release_id of row 2",
            "Discogs ID",
        ),
        (
            vec![AddRow::new(1, Decimal::ZERO, MediaCondition::Mint)],
            "price of row 1",
            "greater than zero",
        ),
        (
            vec![
                good(),
                good(),
                AddRow::new(1, Decimal::new(-5, 0), MediaCondition::Mint),
            ],
            "price of row 3",
            "greater than zero",
        ),
        (
            vec![AddRow::new(
                1,
                Decimal::ONE,
                MediaCondition::from_wire("Mint"),
            )],
            "media_condition of row 1",
            "`Mint` is not one of Discogs' eight media conditions",
        ),
        (
            vec![good().sleeve_condition(SleeveCondition::from_wire("Torn"))],
            "sleeve_condition of row 1",
            "`Torn`",
        ),
        (
            vec![good().comments("bad\0byte")],
            "comments of row 1",
            "NUL",
        ),
        (vec![good().location("\0")], "location of row 1", "NUL"),
        (
            vec![good().external_id("x\0")],
            "external_id of row 1",
            "NUL",
        ),
    ];
    for (rows, field, rule) in cases_add {
        let (got_field, got_rule) = refused(uploads.add(&rows).await);
        assert_eq!(got_field, field);
        assert!(got_rule.contains(rule), "{got_rule}");
    }

    let cases_change: Vec<(Vec<ChangeRow>, &str, &str)> = vec![
        (
            vec![ChangeRow::new(0).price(Decimal::ONE)],
            "listing_id of row 1",
            "Discogs ID",
        ),
        (
            vec![ChangeRow::new(5)],
            "listing_id of row 1",
            "changes nothing",
        ),
        (
            vec![ChangeRow::new(5).release_id(0)],
            "release_id of row 1",
            "Discogs ID",
        ),
        (
            vec![ChangeRow::new(5).price(Decimal::ZERO)],
            "price of row 1",
            "greater than zero",
        ),
        (
            vec![ChangeRow::new(5).media_condition(MediaCondition::from_wire("VG+"))],
            "media_condition of row 1",
            "`VG+`",
        ),
        (
            vec![
                ChangeRow::new(5).price(Decimal::ONE),
                ChangeRow::new(6).price(Decimal::ONE),
                ChangeRow::new(5).comments("again"),
            ],
            "listing_id of row 3",
            "already named in row 1",
        ),
    ];
    for (rows, field, rule) in cases_change {
        let (got_field, got_rule) = refused(uploads.change(&rows).await);
        assert_eq!(got_field, field);
        assert!(got_rule.contains(rule), "{got_rule}");
    }

    let (field, rule) = refused(uploads.delete([DeleteRow::new(0)]).await);
    assert_eq!(field, "listing_id of row 1");
    assert!(rule.contains("Discogs ID"));
    let (field, rule) = refused(uploads.delete([DeleteRow::new(9), DeleteRow::new(9)]).await);
    assert_eq!(field, "listing_id of row 2");
    assert!(rule.contains("already named in row 1"));
}

#[tokio::test]
async fn documented_errors_become_distinct_variants_with_the_message() {
    for (status, file) in [
        (401, "error_401.json"),
        (409, "error_409.json"),
        (415, "error_415.json"),
        (422, "error_422.json"),
    ] {
        let server = MockServer::start().await;
        upload_mock("add")
            .respond_with(
                ResponseTemplate::new(status).set_body_raw(fixture(file), "application/json"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .inventory_upload()
            .add([AddRow::new(1, Decimal::ONE, MediaCondition::Mint)])
            .await
            .unwrap_err();
        assert!(error.nothing_sent());
        let error = DiscogsError::from(error);
        let expected: serde_json::Value = serde_json::from_str(&fixture(file)).unwrap();
        assert_eq!(error.message(), expected["message"].as_str(), "{status}");
        let expected_kind = match status {
            401 => DiscogsErrorKind::Unauthorized,
            409 => DiscogsErrorKind::Conflict,
            415 => DiscogsErrorKind::UnsupportedMediaType,
            _ => DiscogsErrorKind::Validation,
        };
        let kind_ok = matches!(&error, DiscogsError::Api { kind, .. } if *kind == expected_kind);
        assert!(kind_ok, "{status}: {error:?}");
    }
}

#[tokio::test]
async fn an_add_is_never_resent_but_a_change_is() {
    let server = MockServer::start().await;
    upload_mock("add")
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    upload_mock("change")
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    upload_mock("change")
        .respond_with(accepted(&server, 77))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);

    let error = discogs
        .inventory_upload()
        .add([AddRow::new(1, Decimal::ONE, MediaCondition::Mint)])
        .await
        .unwrap_err();
    assert_eq!(error.error().status().map(|s| s.as_u16()), Some(503));

    let batch = discogs
        .inventory_upload()
        .change([ChangeRow::new(1).price(Decimal::ONE)])
        .await
        .unwrap();
    assert_eq!(batch.ids().next(), Some(UploadId::new(77)));
}

#[tokio::test]
async fn an_answer_without_a_usable_location_is_a_decode_error() {
    for location in [
        None,
        Some("https://api.discogs.com/inventory/upload/not-a-number"),
    ] {
        let server = MockServer::start().await;
        let mut response = ResponseTemplate::new(200);
        if let Some(location) = location {
            response = response.insert_header("location", location);
        }
        upload_mock("delete")
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .inventory_upload()
            .delete([DeleteRow::new(1)])
            .await
            .unwrap_err()
            .into_error();
        match error {
            DiscogsError::Engine(client_core::Error::Decode { reason, .. }) => {
                assert!(reason.contains("Location"), "{reason}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn ten_thousand_rows_are_split_into_files_and_uploaded() {
    let server = MockServer::start().await;
    upload_mock("add")
        .respond_with(accepted(&server, 1001))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    upload_mock("add")
        .respond_with(accepted(&server, 1002))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let rows: Vec<AddRow> = (1..=10_000u64)
        .map(|n| {
            AddRow::new(
                n,
                Decimal::new(i64::try_from(n).unwrap(), 2),
                MediaCondition::VeryGood,
            )
            .external_id(format!("SKU-{n}"))
        })
        .collect();

    let batch = client(&server).inventory_upload().add(&rows).await.unwrap();

    assert_eq!(
        batch.ids().collect::<Vec<_>>(),
        [UploadId::new(1001), UploadId::new(1002)]
    );
    assert_eq!(batch.parts()[1].rows.first(), Some(&5_000));
    let requests = server.received_requests().await.unwrap();
    for (index, request) in requests.iter().enumerate() {
        let csv = upload_file(request, &format!("add-part-{}-of-2.csv", index + 1));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 5_001);
        assert_eq!(lines[0], "release_id,price,media_condition,external_id");
        let first = index * 5_000 + 1;
        assert_eq!(
            lines[1],
            format!(
                "{first},{},Very Good (VG),SKU-{first}",
                Decimal::new(first as i64, 2)
            )
        );
    }
}

#[tokio::test]
async fn a_failed_file_reports_the_files_already_accepted() {
    let server = MockServer::start().await;
    upload_mock("add")
        .respond_with(accepted(&server, 2001))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    upload_mock("add")
        .respond_with(ResponseTemplate::new(502))
        .expect(1)
        .mount(&server)
        .await;
    let rows: Vec<AddRow> = (1..=5u64)
        .map(|n| AddRow::new(n, Decimal::ONE, MediaCondition::Mint))
        .collect();

    let error = client(&server)
        .inventory_upload()
        .max_rows_per_upload(3)
        .add(&rows)
        .await
        .unwrap_err();

    assert!(!error.nothing_sent());
    assert_eq!(error.planned_files(), 2);
    assert_eq!(
        error.uploaded().ids().collect::<Vec<_>>(),
        [UploadId::new(2001)]
    );
    assert_eq!(error.uploaded().parts()[0].rows, [0, 1, 2]);
    assert!(
        error
            .to_string()
            .starts_with("1 of 2 upload files were accepted (uploads 2001)")
    );
}

#[tokio::test]
async fn recent_uploads_come_a_page_at_a_time() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload"))
        .and(query_param("page", "1"))
        .and(query_param("per_page", "50"))
        .and(header("authorization", TOKEN_HEADER))
        .respond_with(json_fixture("uploads_page.json"))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .inventory_upload()
        .list()
        .page(1)
        .page_size(50)
        .send()
        .await
        .unwrap();

    assert_eq!(page.page, Some(1));
    assert_eq!(page.pages, Some(1));
    assert_eq!(page.total, Some(1));
    assert_eq!(page.next, None);
    let upload = &page.items[0];
    assert_eq!(upload.id, UploadId::new(119615));
    assert_eq!(upload.kind, UploadKind::Change);
    assert_eq!(upload.status, JobStatus::Success);
    assert_eq!(upload.filename.as_deref(), Some("add.csv"));
}

#[tokio::test]
async fn recent_uploads_stream_across_pages_and_bad_pages_are_refused() {
    let server = MockServer::start().await;
    let page = |n: u64, id: u64| {
        serde_json::json!({
            "items": [{"status": "success", "type": "add", "id": id}],
            "pagination": {"per_page": 100, "items": 2, "page": n, "urls": {}, "pages": 2}
        })
    };
    for (n, id) in [(1, 10), (2, 20)] {
        Mock::given(method("GET"))
            .and(path("/inventory/upload"))
            .and(query_param("page", n.to_string()))
            .and(query_param("per_page", "100"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(n, id)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let discogs = client(&server);

    let ids: Vec<u64> = discogs
        .inventory_upload()
        .list()
        .page(1)
        .page_size(100)
        .stream()
        .map_ok(|upload| upload.id.get())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [10, 20]);

    for (page, per_page) in [(0, 10), (1, 0), (1, 101)] {
        let error = discogs
            .inventory_upload()
            .list()
            .page(page)
            .page_size(per_page)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, DiscogsError::InvalidInput(_)), "{error:?}");
    }
}

#[tokio::test]
async fn one_upload_decodes_with_counts_and_zoneless_times() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/119615"))
        .and(header("authorization", TOKEN_HEADER))
        .respond_with(json_fixture("upload_success.json"))
        .expect(1)
        .mount(&server)
        .await;

    let upload = client(&server)
        .inventory_upload()
        .get(UploadId::new(119615))
        .await
        .unwrap();

    let results = upload.results.unwrap();
    assert_eq!(
        results.raw(),
        "CSV file contains 1 records.<p>Processed 1 records."
    );
    assert_eq!(results.records_in_file(), Some(1));
    assert_eq!(results.records_processed(), Some(1));
    assert_eq!(
        upload.created_ts,
        Some(time::macros::datetime!(2017-12-18 09:20:28))
    );
    assert_eq!(
        upload.finished_ts,
        Some(time::macros::datetime!(2017-12-18 09:20:29))
    );
}

#[tokio::test]
async fn a_missing_upload_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/5"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"message": "Upload not found."}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .inventory_upload()
        .get(UploadId::new(5))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(DiscogsErrorKind::NotFound), "{error:?}");
    assert_eq!(error.message(), Some("Upload not found."));
}

/// Matches the whole `If-Modified-Since` value (wiremock's `header` splits values at commas,
/// and HTTP dates contain one).
fn modified_since(expected: &'static str) -> impl Fn(&Request) -> bool + Send + Sync {
    move |request: &Request| {
        request
            .headers
            .get("if-modified-since")
            .is_some_and(|value| value == expected)
    }
}

#[tokio::test]
async fn wait_polls_queued_then_processing_then_success_with_if_modified_since() {
    let server = MockServer::start().await;
    let since = "Mon, 18 Dec 2017 09:20:28 GMT";
    let later = "Mon, 18 Dec 2017 09:20:35 GMT";
    let poll = || Mock::given(method("GET")).and(path("/inventory/upload/599632"));
    poll()
        .respond_with(json_fixture("upload_queued.json").insert_header("last-modified", since))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    poll()
        .and(modified_since(since))
        .respond_with(ResponseTemplate::new(304))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    poll()
        .and(modified_since(since))
        .respond_with(json_fixture("upload_processing.json").insert_header("last-modified", later))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    poll()
        .and(modified_since(later))
        .respond_with(json_fixture("upload_finished.json"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();

    let upload = client_with_clock(&server, &clock)
        .inventory_upload()
        .on_progress(move |progress| {
            log.lock().unwrap().push((
                progress.job.status.clone(),
                progress.polls,
                progress.changed,
            ));
        })
        .wait(UploadId::new(599632))
        .await
        .unwrap();

    assert_eq!(upload.status, JobStatus::Success);
    assert_eq!(upload.results.unwrap().records_processed(), Some(3));
    assert_eq!(
        clock.sleeps(),
        [
            Duration::from_secs(2),
            Duration::from_secs(4),
            Duration::from_secs(8)
        ]
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (JobStatus::Queued, 1, true),
            (JobStatus::Queued, 2, false),
            (JobStatus::Processing, 3, true),
            (JobStatus::Success, 4, true),
        ]
    );
    let requests = server.received_requests().await.unwrap();
    assert!(!requests[0].headers.contains_key("if-modified-since"));
}

#[tokio::test]
async fn wait_gives_up_at_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/599632"))
        .respond_with(json_fixture("upload_queued.json"))
        .expect(3)
        .mount(&server)
        .await;
    let clock = ManualClock::new();

    let error = client_with_clock(&server, &clock)
        .inventory_upload()
        .wait_options(
            WaitOptions::default()
                .first_interval(Duration::from_secs(2))
                .deadline(Duration::from_secs(5)),
        )
        .wait(UploadId::new(599632))
        .await
        .unwrap_err();

    match error {
        DiscogsError::Engine(client_core::Error::Deadline {
            request,
            deadline,
            attempts,
        }) => {
            assert_eq!(request.path, "/inventory/upload/599632");
            assert_eq!(deadline, Duration::from_secs(5));
            assert_eq!(attempts, 3);
        }
        other => panic!("expected a deadline error, got {other:?}"),
    }
    // Polls at 0 s, 2 s and, the 4 s gap cut to what is left, on the 5 s deadline.
    assert_eq!(clock.sleeps(), [2, 3].map(Duration::from_secs));
}

fn finished_upload(id: u64, results: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "status": "success", "type": "change", "id": id, "filename": "change.csv",
        "results": results,
        "created_ts": "2017-12-18T09:20:28", "finished_ts": "2017-12-18T09:20:29"
    }))
}

fn usd(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::Usd)
}

#[tokio::test]
async fn the_stock_channel_pushes_a_batch_as_one_change_upload() {
    let server = MockServer::start().await;
    upload_mock("change")
        .respond_with(accepted(&server, 4242))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/4242"))
        .respond_with(finished_upload(
            4242,
            "CSV file contains 2 records.<p>Processed 2 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    upload_mock("delete")
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let sku = |text: &str| Sku::new(text).unwrap();
    let updates: Vec<InventoryUpdate> = vec![
        PriceUpdate::new(sku("172723812"), usd(2499)).into(),
        PriceUpdate::new(sku("LP-0042"), usd(100)).into(),
        StockUpdate::new(sku("172723813"), Quantity::new(1)).into(),
        PriceUpdate::new(sku("172723813"), usd(1850)).into(),
        StockUpdate::new(sku("172723814"), Quantity::new(3)).into(),
        PriceUpdate::new(sku("172723815"), Money::new(Decimal::ONE, Currency::Eur)).into(),
        StockUpdate::new(sku("172723816"), Quantity::ZERO).into(),
    ];
    let channel = client(&server).channel().currency(Currency::Usd);

    let report = channel.push(&updates).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        upload_file(&requests[0], "change.csv"),
        "listing_id,price\n172723812,24.99\n172723813,18.50\n"
    );
    let accepted: Vec<bool> = report.outcomes().iter().map(|o| o.is_accepted()).collect();
    assert_eq!(accepted, [true, false, true, true, false, false, false]);
    let reason = |i: usize| report.outcomes()[i].outcome.reason().unwrap().to_owned();
    assert!(reason(1).contains("not a Discogs listing ID"));
    assert!(reason(4).contains("one copy"));
    assert!(reason(5).contains("EUR"));
    assert!(reason(6).contains("delete_listings_at_zero_stock"));
}

#[tokio::test]
async fn the_stock_channel_deletes_at_zero_when_allowed_and_reports_partial_jobs() {
    let server = MockServer::start().await;
    upload_mock("change")
        .respond_with(accepted(&server, 51))
        .expect(1)
        .mount(&server)
        .await;
    upload_mock("delete")
        .respond_with(accepted(&server, 52))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/51"))
        .respond_with(finished_upload(
            51,
            "CSV file contains 2 records.<p>Processed 1 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/52"))
        .respond_with(finished_upload(
            52,
            "CSV file contains 1 records.<p>Processed 1 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let sku = |text: &str| Sku::new(text).unwrap();
    let updates: Vec<InventoryUpdate> = vec![
        PriceUpdate::new(sku("11"), usd(100)).into(),
        PriceUpdate::new(sku("12"), usd(200)).into(),
        StockUpdate::new(sku("13"), Quantity::ZERO).into(),
        PriceUpdate::new(sku("13"), usd(300)).into(),
        PriceUpdate::new(sku("11"), usd(150)).into(),
    ];
    let channel = client(&server)
        .channel()
        .delete_listings_at_zero_stock(true);

    let report = channel.push(&updates).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        upload_file(&requests[0], "change.csv"),
        "listing_id,price\n12,2.00\n11,1.50\n"
    );
    assert_eq!(upload_file(&requests[2], "delete.csv"), "listing_id\n13\n");
    let outcomes = report.outcomes();
    assert!(
        outcomes[0]
            .outcome
            .reason()
            .unwrap()
            .contains("superseded by update 5")
    );
    assert_eq!(outcomes[1].outcome.code(), Some("partially_processed"));
    assert_eq!(outcomes[4].outcome.code(), Some("partially_processed"));
    assert!(outcomes[2].is_accepted());
    assert!(outcomes[3].outcome.reason().unwrap().contains("deleted"));
}

#[tokio::test]
async fn the_stock_channel_fails_as_a_whole_when_the_upload_fails() {
    let server = MockServer::start().await;
    upload_mock("change")
        .respond_with(
            ResponseTemplate::new(401).set_body_raw(fixture("error_401.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let update: InventoryUpdate = PriceUpdate::new(Sku::new("1").unwrap(), usd(100)).into();
    let error = client(&server).channel().push(&[update]).await.unwrap_err();
    assert_eq!(error.channel(), "discogs");
    let inner = error.get_ref().downcast_ref::<BatchError>().unwrap();
    assert!(matches!(
        inner.error(),
        DiscogsError::Api {
            kind: DiscogsErrorKind::Unauthorized,
            ..
        }
    ));
}

#[tokio::test]
async fn channel_pushes_price_changes_as_one_change_upload_and_polls_it() {
    let server = MockServer::start().await;
    upload_mock("change")
        .respond_with(accepted(&server, 900))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/900"))
        .and(header("authorization", TOKEN_HEADER))
        .respond_with(finished_upload(
            900,
            "CSV file contains 3 records.<p>Processed 3 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let sku = |text: &str| Sku::new(text).unwrap();
    let channel = client(&server)
        .channel()
        .currency(Currency::Usd)
        .with_listing(sku("LP-0042"), 172723812)
        .with_listing(sku("LP-0043"), 172723813)
        .with_listing(sku("LP-0042-B"), 172723812);
    let updates: Vec<InventoryUpdate> = vec![
        PriceUpdate::new(sku("LP-0042"), usd(2499)).into(),
        PriceUpdate::new(sku("LP-0043"), usd(1850)).into(),
        PriceUpdate::new(sku("172723814"), usd(1000)).into(),
        // Another SKU of the first listing: the listing gets the later price.
        PriceUpdate::new(sku("LP-0042-B"), usd(2599)).into(),
    ];

    let report = channel.push(&updates).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "one upload and one poll");
    assert_eq!(
        upload_file(&requests[0], "change.csv"),
        "listing_id,price\n172723812,25.99\n172723813,18.50\n172723814,10.00\n"
    );
    assert_eq!(requests[1].method.as_str(), "GET");
    assert_eq!(requests[1].url.path(), "/inventory/upload/900");
    let codes: Vec<Option<&str>> = report.outcomes().iter().map(|o| o.outcome.code()).collect();
    assert_eq!(codes, [Some("superseded"), None, None, None]);
    assert_eq!(report.accepted_count(), 3);
    assert!(
        report.outcomes()[0]
            .outcome
            .reason()
            .is_some_and(|reason| reason.contains("superseded by update 4"))
    );
}

#[tokio::test]
async fn an_add_whose_answer_was_lost_is_not_reported_as_nothing_sent() {
    // A 500 may come after Discogs took the file; a 503 says it did not. Before, both said
    // "nothing sent", and a caller who believed it would have listed the rows twice.
    for (status, nothing_sent) in [(500u16, false), (503, true)] {
        let server = MockServer::start().await;
        upload_mock("add")
            .respond_with(ResponseTemplate::new(status))
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .inventory_upload()
            .add([AddRow::new(1, Decimal::ONE, MediaCondition::Mint)])
            .await
            .unwrap_err();
        assert!(error.uploaded().is_empty(), "{status}");
        assert_eq!(error.nothing_sent(), nothing_sent, "{status}");
    }
}
