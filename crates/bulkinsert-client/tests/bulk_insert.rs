//! POST /inventory/bulk-insert, one request at a time: the exact request and every documented answer.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use bulkinsert_client::{
    BulkInsertClient, BulkInsertError, BulkInsertErrorKind, ChannelId, ClientError,
    ConfigureEngine, Date, ImportSource, ImportStatus, InvalidInput, InventoryRecord, ItemId,
    LocationId, Quantity, Sku, TransitDetails,
};
use client_core::clock::ManualClock;
use common::*;
use serde_json::json;
use time::macros::datetime;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn spec_records() -> Vec<InventoryRecord> {
    let day = Date::from_calendar_date(2020, time::Month::May, 5).unwrap();
    vec![
        InventoryRecord::stock(
            Sku::new("123456").unwrap(),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(30003),
        ),
        InventoryRecord::transit(
            ItemId::new(1_000_000_213).unwrap(),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(10000),
            TransitDetails::new(day, day, "WO-20000").unwrap(),
        ),
    ]
}

fn insert_mock() -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path("/inventory/bulk-insert"))
}

#[tokio::test]
async fn sends_the_spec_sample_and_decodes_the_import_job() {
    let server = MockServer::start().await;
    insert_mock()
        .and(header("content-type", "application/json"))
        .and(header("x-api-key", API_KEY))
        .and(body_json(fixtures().json("bulk_insert_request.json")))
        .respond_with(fixtures().json_answer(200, "import_job.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let job = client.bulk_insert(&spec_records()).await.unwrap();

    assert_eq!(job.id, "5fa087827899ae0007ce1ff0");
    assert_eq!(job.key_id.as_deref(), Some("api-1604355970096"));
    assert_eq!(job.source, Some(ImportSource::Api));
    assert_eq!(job.status, ImportStatus::Finished);
    assert!(job.is_finished());
    assert_eq!(job.messages.len(), 5);
    assert_eq!(job.messages[1], "2 row(s) found");
    assert_eq!(job.total_items, Some(1));
    assert_eq!(job.total_items_uploaded, Some(1));
    assert_eq!(job.total_rows, Some(2));
    assert_eq!(job.total_rows_errors, Some(0));
    assert_eq!(job.created_at, Some(datetime!(2020-11-02 22:26:10.175 UTC)));
    assert_eq!(job.updated_at, Some(datetime!(2020-11-02 22:26:10.448 UTC)));
    assert!(!job.has_row_errors());

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/inventory/bulk-insert");
    assert_eq!(request.url.query(), None);
    assert_common_headers(request);
    assert_eq!(
        test_support::body_json(request),
        fixtures().json("bulk_insert_request.json")
    );
}

#[tokio::test]
async fn the_date_in_x_site_context_is_taken_when_each_request_is_made() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(fixtures().json_answer(200, "import_job.json"))
        .expect(2)
        .mount(&server)
        .await;
    let (client, clock) = client(&server);
    client.bulk_insert(&spec_records()).await.unwrap();
    clock.advance(Duration::from_secs(3_600) + Duration::from_millis(5));
    client.bulk_insert(&spec_records()).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_site_context(&requests[0], FIXED_DATE);
    assert_site_context(&requests[1], "2020-08-28T03:35:27.792Z");
}

#[tokio::test]
async fn any_other_status_is_kept_and_counts_need_not_add_up() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "_id": "5fa0", "status": "IN_PROGRESS", "type": "csv",
            "totalItems": 5, "totalItemsUploaded": 9, "totalRows": 2, "totalRowsErrors": 1,
            "messages": ["Row 2: Cannot find \"Channel Id\" 77."]
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let job = client.bulk_insert(&spec_records()).await.unwrap();
    assert_eq!(job.status, ImportStatus::Unknown("IN_PROGRESS".into()));
    assert_eq!(job.source, Some(ImportSource::Unknown("csv".into())));
    assert!(!job.is_finished());
    assert_eq!(job.total_items_uploaded, Some(9));
    assert_eq!(job.created_at, None);
    let rows = job.row_errors();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].row(), 2);
    assert_eq!(rows[0].field(), Some("Channel Id"));
    assert_eq!(rows[0].value(), Some("77"));
    assert!(job.has_row_errors());
}

#[tokio::test]
async fn a_400_names_the_row_the_field_and_the_value() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(fixtures().json_answer(400, "location_not_found_400.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client.bulk_insert(&spec_records()).await.unwrap_err();

    let BulkInsertError::Api {
        kind: BulkInsertErrorKind::Rejected,
        row_errors,
        ..
    } = &error
    else {
        panic!("expected Rejected, got {error:?}");
    };
    assert_eq!(row_errors.len(), 1);
    assert_eq!(row_errors[0].row(), 1);
    assert_eq!(row_errors[0].field(), Some("Location Id"));
    assert_eq!(row_errors[0].value(), Some("999"));
    assert_eq!(row_errors[0].record_index(), Some(0));
    assert_eq!(
        error.message(),
        Some(r#"Inventory insert failed: Row 1: Cannot find "Location Id" 999."#)
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert!(!error.is_retryable());
    assert_eq!(error.row_errors(), row_errors.as_slice());
    assert!(
        error
            .to_string()
            .contains("Cannot find \"Location Id\" 999"),
        "{error}"
    );
}

#[tokio::test]
async fn a_403_is_unauthorized_and_the_key_never_prints() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(fixtures().json_answer(403, "missing_api_key_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client.bulk_insert(&spec_records()).await.unwrap_err();
    assert!(
        matches!(
            error,
            BulkInsertError::Api {
                kind: BulkInsertErrorKind::Unauthorized,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("Missing x-api-key"));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(403));
    assert!(!error.is_retryable());
    for text in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{client:?}"),
    ] {
        assert!(!text.contains(API_KEY), "{text}");
    }
}

#[tokio::test]
async fn no_api_key_header_without_a_key() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(fixtures().json_answer(403, "missing_api_key_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = BulkInsertClient::builder(server.uri(), site())
        .clock(std::sync::Arc::new(ManualClock::starting_at(fixed_time())))
        .build()
        .unwrap();
    let error = client.bulk_insert(&spec_records()).await.unwrap_err();
    assert!(matches!(
        error,
        BulkInsertError::Api {
            kind: BulkInsertErrorKind::Unauthorized,
            ..
        }
    ));
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("x-api-key").is_none());
    assert_site_context(&requests[0], FIXED_DATE);
}

#[tokio::test]
async fn a_500_is_an_unknown_account() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(fixtures().json_answer(500, "unknown_account_500.json"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_at(fixed_time());
    // The default policy does not retry a 500: the mock expects exactly one request.
    let client = builder(&server, &clock).build().unwrap();
    let error = client.bulk_insert(&spec_records()).await.unwrap_err();
    assert!(
        matches!(
            error,
            BulkInsertError::Api {
                kind: BulkInsertErrorKind::AccountRejected,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    assert_eq!(error.message(), Some("Internal Server Error"));
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("account"), "{error}");
}

#[tokio::test]
async fn a_503_is_retried_because_records_set_absolute_quantities() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "2"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    insert_mock()
        .respond_with(fixtures().json_answer(200, "import_job.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, clock) = client(&server);
    let job = client.bulk_insert(&spec_records()).await.unwrap();
    assert!(job.is_finished());
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn an_empty_list_is_refused_before_sending() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client.bulk_insert(&[]).await.unwrap_err();
    assert!(
        matches!(&error, BulkInsertError::InvalidInput(InvalidInput { field, .. }) if field == "records"),
        "{error:?}"
    );
}

#[tokio::test]
async fn invalid_records_from_json_are_refused_before_sending() {
    let server = MockServer::start().await;
    insert_mock()
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let input = r#"[
        {"sku":"123456","totalQuantity":1,"locationId":104,"type":"Stock","channelId":12},
        {"itemId":"1000000213","totalQuantity":5,"locationId":104,"type":"Transit","channelId":12,
         "transitOrderDate":"2020-05-05","transitRef":"WO-20000"}
    ]"#;
    let result = match InventoryRecord::list_from_json(input) {
        Ok(records) => client.bulk_insert(&records).await.map(|_| ()),
        Err(error) => Err(error),
    };
    let error = result.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid input: records[1].transitStockDate: is required for Transit records (YYYY-MM-DD)"
    );
}

#[tokio::test]
async fn builder_settings_are_checked() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_at(fixed_time());
    for (builder, field) in [
        (builder(&server, &clock).chunk_size(0), "chunk_size"),
        (
            builder(&server, &clock).max_concurrent_requests(0),
            "max_concurrent_requests",
        ),
        (builder(&server, &clock).api_key(" "), "api_key"),
        (
            BulkInsertClient::builder("http://inventory.example.com", site()),
            "base_url",
        ),
    ] {
        let error = builder.build().unwrap_err();
        assert!(error.to_string().contains(field), "{field}: {error}");
    }
}

/// Every status the service documents (and the ones every service may send), the kind it is
/// read as, and whether the same request may succeed later.
#[tokio::test]
async fn each_documented_status_has_its_kind() {
    use BulkInsertErrorKind::*;
    let cases = [
        (400, "location_not_found_400.json", Rejected, false, 1),
        (401, "missing_api_key_403.json", Unauthorized, false, 0),
        (403, "missing_api_key_403.json", Unauthorized, false, 0),
        (500, "unknown_account_500.json", AccountRejected, false, 0),
        (429, "unknown_account_500.json", RateLimited, true, 0),
        (503, "unknown_account_500.json", Server, true, 0),
        (422, "location_not_found_400.json", Other, false, 0),
    ];
    for (status, body, kind, retryable, rows) in cases {
        let server = MockServer::start().await;
        // No count: 429 and 503 are retried before the error comes back.
        insert_mock()
            .respond_with(fixtures().json_answer(status, body))
            .mount(&server)
            .await;
        let (client, _) = client(&server);
        let error = client.bulk_insert(&spec_records()).await.unwrap_err();
        match &error {
            BulkInsertError::Api { kind: found, .. } => assert_eq!(*found, kind, "{status}"),
            other => panic!("{status}: expected an API error, got {other:?}"),
        }
        assert_eq!(error.is_retryable(), retryable, "{status}");
        assert_eq!(error.row_errors().len(), rows, "{status}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    }
}

// field notes §3: the live page requires `reservedQuantity` (absent from the spec's sample)
// beside `sku`/`itemId`, `totalQuantity`, `locationId`, `type` and `channelId`; `itemId` is a
// number; quantities of 0 are sent (the page's `x >= 0` reading).
#[tokio::test]
async fn every_record_carries_the_fields_the_live_page_requires() {
    let server = MockServer::start().await;
    insert_mock()
        .and(body_json(json!([
            {"sku": "NEW-1", "totalQuantity": 0, "reservedQuantity": 0, "locationId": 104,
             "type": "Stock", "channelId": 12},
            {"sku": "HELD-1", "totalQuantity": 10, "reservedQuantity": 4, "locationId": 104,
             "type": "Stock", "channelId": 13},
            {"itemId": 1000000213, "totalQuantity": 0, "reservedQuantity": 0, "locationId": 104,
             "type": "Transit", "channelId": 12, "transitOrderDate": "2020-05-05",
             "transitStockDate": "2020-05-05", "transitRef": "WO-20000"}
        ])))
        .respond_with(fixtures().json_answer(200, "import_job.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let day = Date::from_calendar_date(2020, time::Month::May, 5).unwrap();
    let records = vec![
        InventoryRecord::stock(
            Sku::new("NEW-1").unwrap(),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(0),
        ),
        InventoryRecord::stock(
            Sku::new("HELD-1").unwrap(),
            LocationId::new(104),
            ChannelId::CANADA,
            Quantity::new(10),
        )
        .with_reserved_quantity(Quantity::new(4)),
        InventoryRecord::transit(
            ItemId::new(1_000_000_213).unwrap(),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(0),
            TransitDetails::new(day, day, "WO-20000").unwrap(),
        ),
    ];
    assert_eq!(records[0].reserved_quantity(), Quantity::new(0));
    assert_eq!(records[1].reserved_quantity(), Quantity::new(4));
    client.bulk_insert(&records).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let body = test_support::body_json(&requests[0]);
    for record in body.as_array().unwrap() {
        for field in [
            "totalQuantity",
            "reservedQuantity",
            "locationId",
            "type",
            "channelId",
        ] {
            assert!(record.get(field).is_some(), "{field} missing in {record}");
        }
        assert!(
            record.get("sku").is_some() || record["itemId"].is_u64(),
            "{record}"
        );
    }
}

// field notes §3: records read from JSON send `reservedQuantity` too: 0 when absent.
#[tokio::test]
async fn records_read_from_json_send_their_reservation_or_zero() {
    let server = MockServer::start().await;
    insert_mock()
        .and(body_json(json!([
            {"sku": "A", "totalQuantity": 3, "reservedQuantity": 0, "locationId": 104,
             "type": "Stock", "channelId": 12},
            {"itemId": 7, "totalQuantity": 3, "reservedQuantity": 2, "locationId": 104,
             "type": "Stock", "channelId": 12}
        ])))
        .respond_with(fixtures().json_answer(200, "import_job.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let records = InventoryRecord::list_from_json(
        r#"[{"sku":"A","totalQuantity":3,"locationId":104,"type":"Stock","channelId":12},
            {"itemId":"7","totalQuantity":3,"reservedQuantity":2,"locationId":104,"type":"Stock","channelId":12}]"#,
    )
    .unwrap();
    client.bulk_insert(&records).await.unwrap();
}
