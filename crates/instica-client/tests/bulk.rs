//! Bulk operations: bodies, splitting and merging, retry rules, refusals, settings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client, json_answer};
use instica_client::prelude::*;
use instica_client::{
    BulkFieldUpdate, ConditionCode, DeleteMode, InsticaError, ItemStatus, ItemUid, PlatformSlug,
    PriceChange, Publish,
};
use inventory_model::{Currency, Decimal, Money};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn uids(n: usize) -> Vec<ItemUid> {
    (1..=n)
        .map(|i| ItemUid::new(format!("inv_{i:03}")))
        .collect()
}

fn usd(text: &str) -> Money {
    Money::new(text.parse::<Decimal>().unwrap(), Currency::Usd)
}

/// Answers a bulk request by reporting every item it carried as updated.
fn echo(request: &Request) -> ResponseTemplate {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let items = body["items"].as_array().unwrap().clone();
    ResponseTemplate::new(200).set_body_json(json!({
        "success_count": items.len(),
        "failure_count": 0,
        "total_count": items.len(),
        "errors": [],
        "updated_uids": items,
    }))
}

#[tokio::test]
async fn a_percentage_change_sends_mode_and_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .and(header("authorization", BEARER))
        .and(body_json(json!({
            "items": ["inv_001", "inv_002", "inv_003"],
            "value": "10",
            "mode": "percentage"
        })))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let report = client(&server)
        .bulk()
        .price(&uids(3), &PriceChange::Percentage(Decimal::new(10, 0)))
        .await
        .unwrap();
    assert_eq!(report.success_count, 3);
    assert_eq!(report.total_count, 3);
    assert_eq!(report.updated_uids, uids(3));
    assert!(report.is_complete_success());
    assert_eq!(report.batches, 1);
}

#[tokio::test]
async fn set_increase_and_decrease_send_usd_strings() {
    let server = MockServer::start().await;
    for (mode, value) in [("set", "19.99"), ("increase", "2.50"), ("decrease", "1.00")] {
        Mock::given(method("POST"))
            .and(path("/inventory/bulk/price/"))
            .and(body_json(
                json!({"items": ["inv_001"], "value": value, "mode": mode}),
            ))
            .respond_with(json_answer("bulk_result.json", &server))
            .expect(1)
            .mount(&server)
            .await;
    }
    let bulk = client(&server).bulk();
    let items = uids(1);
    bulk.price(&items, &PriceChange::Set(usd("19.99")))
        .await
        .unwrap();
    bulk.price(&items, &PriceChange::Increase(usd("2.5")))
        .await
        .unwrap();
    bulk.price(&items, &PriceChange::Decrease(usd("1")))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_250_item_update_is_split_into_three_requests_and_merged() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .and(header("authorization", BEARER))
        .respond_with(echo)
        .expect(3)
        .mount(&server)
        .await;

    let items = uids(250);
    let report = client(&server)
        .bulk()
        .price(&items, &PriceChange::Set(usd("12.00")))
        .await
        .unwrap();

    assert_eq!(report.batches, 3);
    assert_eq!(report.success_count, 250);
    assert_eq!(report.total_count, 250);
    assert_eq!(report.updated_uids, items);
    let requests = server.received_requests().await.unwrap();
    let mut sizes: Vec<usize> = requests
        .iter()
        .map(|request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            assert_eq!(body["value"], json!("12.00"));
            assert_eq!(body["mode"], json!("set"));
            body["items"].as_array().unwrap().len()
        })
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [50, 100, 100]);
}

#[tokio::test]
async fn per_item_errors_and_a_failed_batch_are_merged_into_the_report() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/status/"))
        .respond_with(|request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            let items = body["items"].as_array().unwrap();
            if items[0] == json!("inv_101") {
                // The second batch is refused as a whole.
                return ResponseTemplate::new(400).set_body_json(json!({"detail": "Batch refused."}));
            }
            ResponseTemplate::new(200).set_body_json(json!({
                "success_count": items.len() - 1,
                "failure_count": 1,
                "total_count": items.len(),
                "errors": [{"uid": "inv_002", "error": "Item is sold."}],
                "updated_uids": items.iter().filter(|uid| **uid != json!("inv_002")).collect::<Vec<_>>(),
            }))
        })
        .expect(2)
        .mount(&server)
        .await;

    let report = client(&server)
        .bulk()
        .status(&uids(150), &ItemStatus::ReadyToSell)
        .await
        .unwrap();
    assert_eq!(report.success_count, 99);
    assert_eq!(report.failure_count, 1);
    assert_eq!(report.errors[0].uid.as_ref().unwrap().as_str(), "inv_002");
    assert_eq!(report.errors[0].message.as_deref(), Some("Item is sold."));
    assert_eq!(report.failed_batches.len(), 1);
    assert_eq!(report.failed_batches[0].items.len(), 50);
    assert_eq!(
        report.failed_batches[0].error.message(),
        Some("Batch refused.")
    );
    assert!(!report.is_complete_success());
}

#[tokio::test]
async fn a_503_on_a_relative_price_change_is_sent_exactly_once() {
    for change in [
        PriceChange::Increase(usd("1.00")),
        PriceChange::Decrease(usd("1.00")),
        PriceChange::Percentage(Decimal::new(-5, 0)),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/inventory/bulk/price/"))
            .respond_with(ResponseTemplate::new(503))
            .expect(1)
            .mount(&server)
            .await;

        let error = client(&server)
            .bulk()
            .price(&uids(3), &change)
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{change:?}");
    }
}

#[tokio::test]
async fn a_503_on_an_absolute_price_set_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let report = client(&server)
        .bulk()
        .price(&uids(3), &PriceChange::Set(usd("9.99")))
        .await
        .unwrap();
    assert_eq!(report.success_count, 3);
}

#[tokio::test]
async fn bad_bulk_input_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let bulk = client(&server).bulk();
    let items = uids(2);

    let too_big = PriceChange::Set(usd("123456789.00"));
    let error = bulk.price(&items, &too_big).await.unwrap_err();
    assert!(error.to_string().contains("more than 10 digits"), "{error}");
    let three_decimals = PriceChange::Increase(usd("0.001"));
    assert!(bulk.price(&items, &three_decimals).await.is_err());
    let negative = PriceChange::Set(usd("-1"));
    assert!(bulk.price(&items, &negative).await.is_err());
    let euros = PriceChange::Set(Money::new(Decimal::ONE, Currency::Eur));
    assert!(bulk.price(&items, &euros).await.is_err());
    let error = bulk
        .price(&[], &PriceChange::Set(usd("1")))
        .await
        .unwrap_err();
    assert!(matches!(error, InsticaError::InvalidInput(ref refusal) if refusal.field == "items"));

    let error = bulk.status(&items, &ItemStatus::Sold).await.unwrap_err();
    assert!(
        error.to_string().contains("cannot be set in bulk"),
        "{error}"
    );
    assert!(
        bulk.update_fields(&items, &BulkFieldUpdate::new())
            .await
            .is_err()
    );
    assert!(
        bulk.restore(&items, Some(&ItemStatus::Listed))
            .await
            .is_err()
    );
    assert!(bulk.list(&items, &[], Publish::Live).await.is_err());
    assert!(bulk.delist(&items, Some(&[])).await.is_err());
}

#[tokio::test]
async fn status_change_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/status/"))
        .and(header("authorization", BEARER))
        .and(body_json(
            json!({"items": ["inv_001", "inv_002"], "status": "ready-to-sell"}),
        ))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .bulk()
        .status(&uids(2), &ItemStatus::ReadyToSell)
        .await
        .unwrap();
}

#[tokio::test]
async fn field_update_sends_only_allowed_keys() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/update/"))
        .and(header("authorization", BEARER))
        .and(body_json(json!({
            "items": ["inv_001"],
            "updates": {
                "condition_item": "nm",
                "condition_container": "vg_plus",
                "notes": "Re-checked",
                "location": "Shelf B3",
                "price_total_usd": "24.00",
                "price_shipping_usd": "4.50"
            }
        })))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let update = BulkFieldUpdate::new()
        .condition_item(ConditionCode::NearMint)
        .condition_container(ConditionCode::VeryGoodPlus)
        .notes("Re-checked")
        .location("Shelf B3")
        .price_total(usd("24"))
        .price_shipping(usd("4.5"));
    client(&server)
        .bulk()
        .update_fields(&uids(1), &update)
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_and_restore_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/delete/"))
        .and(body_json(
            json!({"items": ["inv_001"], "hard_delete": true}),
        ))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/delete/"))
        .and(body_json(
            json!({"items": ["inv_001"], "hard_delete": false}),
        ))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/restore/"))
        .and(body_json(
            json!({"items": ["inv_001"], "target_status": "received"}),
        ))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/restore/"))
        .and(body_json(json!({"items": ["inv_001"]})))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let bulk = client(&server).bulk();
    let items = uids(1);
    bulk.delete(&items, DeleteMode::Hard).await.unwrap();
    bulk.delete(&items, DeleteMode::default()).await.unwrap();
    bulk.restore(&items, Some(&ItemStatus::Received))
        .await
        .unwrap();
    bulk.restore(&items, None).await.unwrap();
}

#[tokio::test]
async fn list_and_delist_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/list/"))
        .and(header("authorization", BEARER))
        .and(body_json(json!({
            "items": ["inv_001", "inv_002"],
            "platforms": ["ebay", "discogs"],
            "is_draft": false
        })))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/delist/"))
        .and(body_json(json!({"items": ["inv_001", "inv_002"]})))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/delist/"))
        .and(body_json(
            json!({"items": ["inv_001", "inv_002"], "platforms": ["ebay"]}),
        ))
        .respond_with(json_answer("bulk_result.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let bulk = client(&server).bulk();
    let items = uids(2);
    let platforms = [PlatformSlug::new("ebay"), PlatformSlug::new("discogs")];
    bulk.list(&items, &platforms, Publish::Live).await.unwrap();
    bulk.delist(&items, None).await.unwrap();
    bulk.delist(&items, Some(&platforms[..1])).await.unwrap();
}

#[tokio::test]
async fn a_503_on_bulk_list_is_sent_exactly_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/list/"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .bulk()
        .list(&uids(2), &[PlatformSlug::new("ebay")], Publish::Draft)
        .await;
    assert!(result.is_err());
}

#[tokio::test]
async fn settings_are_decoded_and_set_the_batch_size() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/bulk/settings/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "max_items_per_batch": 40,
            "is_pro": false,
            "allowed_bulk_statuses": ["draft", "ready-to-sell"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/delete/"))
        .respond_with(echo)
        .expect(3)
        .mount(&server)
        .await;

    let client = client(&server);
    assert_eq!(client.bulk_batch_size(), 100);
    let settings = client.bulk().settings().await.unwrap();
    assert_eq!(settings.max_items_per_batch, 40);
    assert!(!settings.is_pro);
    assert_eq!(
        settings.allowed_bulk_statuses,
        [ItemStatus::Draft, ItemStatus::ReadyToSell]
    );
    assert_eq!(client.clone().bulk_batch_size(), 40);
    let report = client
        .bulk()
        .delete(&uids(100), DeleteMode::Soft)
        .await
        .unwrap();
    assert_eq!(report.batches, 3);
    assert_eq!(report.success_count, 100);
}

#[tokio::test]
async fn the_documented_settings_fixture_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/bulk/settings/"))
        .respond_with(json_answer("bulk_settings.json", &server))
        .mount(&server)
        .await;
    let settings = client(&server).bulk().settings().await.unwrap();
    assert!(settings.is_pro);
    assert_eq!(settings.allowed_bulk_statuses.len(), 5);
    assert_eq!(settings.allowed_bulk_statuses[4], ItemStatus::Cancelled);
}
