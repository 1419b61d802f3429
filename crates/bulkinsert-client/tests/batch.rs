//! Large batches: split into chunks, sent with bounded concurrency, reported chunk by chunk.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bulkinsert_client::{
    BulkInsertError, BulkInsertErrorKind, ChannelId, DEFAULT_CHUNK_SIZE, InvalidInput,
    InventoryRecord, LocationId, Quantity, Sku,
};
use common::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A fake of the endpoint that counts records and answers like the service: a 400 naming the
/// first record at the unknown location 999, an import job otherwise.
#[derive(Clone, Default)]
struct CountingService {
    requests: Arc<AtomicUsize>,
    records: Arc<AtomicUsize>,
}

impl Respond for CountingService {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let rows: Vec<Value> = serde_json::from_slice(&request.body).unwrap();
        self.requests.fetch_add(1, Ordering::SeqCst);
        self.records.fetch_add(rows.len(), Ordering::SeqCst);
        if let Some(bad) = rows.iter().position(|row| row["locationId"] == 999) {
            return ResponseTemplate::new(400).set_body_json(json!({
                "message": format!(
                    "Inventory insert failed: Row {}: Cannot find \"Location Id\" 999.",
                    bad + 1
                )
            }));
        }
        ResponseTemplate::new(200).set_body_json(json!({
            "_id": "job", "status": "FINISHED", "type": "api",
            "totalRows": rows.len(), "totalRowsErrors": 0, "messages": []
        }))
    }
}

fn records(count: usize) -> Vec<InventoryRecord> {
    (0..count)
        .map(|n| {
            InventoryRecord::stock(
                Sku::new(format!("SKU-{n:05}")).unwrap(),
                LocationId::new(104),
                ChannelId::US,
                Quantity::new(u32::try_from(n % 50).unwrap()),
            )
        })
        .collect()
}

async fn mount(server: &MockServer, service: &CountingService) {
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .respond_with(service.clone())
        .mount(server)
        .await;
}

#[tokio::test]
async fn twenty_five_thousand_records_go_in_chunks_of_a_thousand() {
    let server = MockServer::start().await;
    let service = CountingService::default();
    mount(&server, &service).await;
    let (client, _) = client(&server);
    let batch = records(25_000);

    let report = client.bulk_insert_batch(&batch).send().await.unwrap();

    assert_eq!(DEFAULT_CHUNK_SIZE, 1_000);
    assert_eq!(service.requests.load(Ordering::SeqCst), 25);
    assert_eq!(service.records.load(Ordering::SeqCst), 25_000);
    assert_eq!(report.record_count(), 25_000);
    assert_eq!(report.chunks().len(), 25);
    for (index, chunk) in report.chunks().iter().enumerate() {
        assert_eq!(chunk.index, index);
        assert_eq!(chunk.records, index * 1_000..(index + 1) * 1_000);
        assert_eq!(chunk.job().unwrap().total_rows, Some(1_000));
    }
    assert!(report.is_complete());
    assert!(report.failed_rows().is_empty());
    assert_eq!(report.failed_chunks().count(), 0);

    // Every request is complete on its own: headers and a body of its own records.
    for request in server.received_requests().await.unwrap() {
        assert_common_headers(&request);
        let rows: Vec<Value> = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(rows.len(), 1_000);
        let first: usize = rows[0]["sku"].as_str().unwrap()[4..].parse().unwrap();
        assert_eq!(first % 1_000, 0);
    }
}

#[tokio::test]
async fn a_last_short_chunk_and_one_request_at_a_time_keep_order() {
    let server = MockServer::start().await;
    let service = CountingService::default();
    mount(&server, &service).await;
    let (client, _) = client(&server);
    let batch = records(7);

    let report = client
        .bulk_insert_batch(&batch)
        .chunk_size(3)
        .max_concurrent_requests(1)
        .send()
        .await
        .unwrap();

    let ranges: Vec<_> = report
        .chunks()
        .iter()
        .map(|chunk| chunk.records.clone())
        .collect();
    assert_eq!(ranges, vec![0..3, 3..6, 6..7]);
    // With one request in flight, the chunks reach the server in order.
    let firsts: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            let rows: Vec<Value> = serde_json::from_slice(&request.body).unwrap();
            rows[0]["sku"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(firsts, ["SKU-00000", "SKU-00003", "SKU-00006"]);
}

#[tokio::test]
async fn a_refused_row_is_placed_in_the_callers_batch() {
    let server = MockServer::start().await;
    let service = CountingService::default();
    mount(&server, &service).await;
    let (client, _) = client(&server);
    let mut batch = records(2_500);
    batch[2_042] = InventoryRecord::stock(
        Sku::new("LOST").unwrap(),
        LocationId::new(999),
        ChannelId::US,
        Quantity::new(1),
    );

    let report = client.bulk_insert_batch(&batch).send().await.unwrap();

    assert_eq!(report.chunks().len(), 3);
    assert!(!report.is_complete());
    let failed: Vec<_> = report.failed_chunks().collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].index, 2);
    assert_eq!(failed[0].records, 2_000..2_500);
    assert!(matches!(
        failed[0].error(),
        Some(BulkInsertError::Api {
            kind: BulkInsertErrorKind::Rejected,
            ..
        })
    ));
    let rows = report.failed_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].chunk, 2);
    assert_eq!(rows[0].error.row(), 43);
    assert_eq!(rows[0].record, Some(2_042));
    assert_eq!(rows[0].error.field(), Some("Location Id"));
    assert_eq!(rows[0].error.value(), Some("999"));
    assert!(report.chunks()[0].job().is_some() && report.chunks()[1].job().is_some());
}

#[tokio::test]
async fn rows_named_in_a_job_log_are_placed_too_and_stray_rows_are_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "_id": "job", "status": "FINISHED", "totalRows": 2, "totalRowsErrors": 2,
            "messages": ["Row 2: Cannot find \"Location Id\" 5.", "Row 9: out of range"]
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let batch = records(4);
    let report = client
        .bulk_insert_batch(&batch)
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    let rows = report.failed_rows();
    let placed: Vec<_> = rows.iter().map(|row| (row.chunk, row.record)).collect();
    assert_eq!(placed, [(0, Some(1)), (0, None), (1, Some(3)), (1, None)]);
    assert!(!report.is_complete());
}

#[tokio::test]
async fn bad_batch_settings_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let batch = records(3);
    for (result, field) in [
        (
            client.bulk_insert_batch(&batch).chunk_size(0).send().await,
            "chunk_size",
        ),
        (
            client
                .bulk_insert_batch(&batch)
                .max_concurrent_requests(0)
                .send()
                .await,
            "max_concurrent_requests",
        ),
        (client.bulk_insert_batch(&[]).send().await, "records"),
    ] {
        let error = result.unwrap_err();
        assert!(
            matches!(&error, BulkInsertError::InvalidInput(InvalidInput { field: named, .. }) if named == field),
            "{error:?}"
        );
    }
}
