//! The model's StockChannel over bulk insert.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use bulkinsert_client::{
    BulkInsertError, BulkInsertErrorKind, ChannelId, Date, LocationId, Quantity, Sku,
    TransitDetails,
};
use common::*;
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, StockChannel, StockKind, StockUpdate,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn stock(sku: &str, quantity: u32) -> StockUpdate {
    StockUpdate::new(Sku::new(sku).unwrap(), Quantity::new(quantity))
}

fn job() -> ResponseTemplate {
    fixtures().json_answer(200, "import_job.json")
}

#[tokio::test]
async fn stock_becomes_records_and_prices_are_refused_per_item() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .and(body_json(json!([
            {"sku": "LP-1", "totalQuantity": 3, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12},
            {"sku": "LP-3", "totalQuantity": 0, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12}
        ])))
        .respond_with(job())
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let channel = client.channel(LocationId::new(104));
    let updates: Vec<InventoryUpdate> = vec![
        stock("LP-1", 3).into(),
        PriceUpdate::new(
            Sku::new("LP-2").unwrap(),
            Money::new(Decimal::new(2450, 2), Currency::Usd),
        )
        .into(),
        stock("LP-3", 0)
            .in_warehouse(inventory_model::Country::USA)
            .into(),
        stock("LP-4", 5).with_kind(StockKind::InTransit).into(),
    ];

    let report = channel.push(&updates).await.unwrap();

    assert_eq!(channel.channel_name(), "bulk-insert");
    assert_eq!(report.len(), 4);
    let outcomes = report.outcomes();
    assert!(outcomes[0].is_accepted());
    assert_eq!(outcomes[1].sku.as_str(), "LP-2");
    assert_eq!(
        outcomes[1].outcome.reason(),
        Some("bulk-insert does not support price updates")
    );
    assert!(outcomes[2].is_accepted());
    assert!(
        outcomes[3]
            .outcome
            .reason()
            .unwrap()
            .contains("needs transit dates and a reference"),
        "{:?}",
        outcomes[3]
    );
    assert_common_headers(&server.received_requests().await.unwrap()[0]);
}

#[tokio::test]
async fn in_transit_stock_uses_the_configured_details_and_channel() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .and(body_json(json!([{
            "sku": "LP-4", "totalQuantity": 5, "reservedQuantity": 0, "locationId": 7, "type": "Transit",
            "channelId": 13, "transitOrderDate": "2020-05-05", "transitStockDate": "2020-06-01",
            "transitRef": "WO-20000"
        }])))
        .respond_with(job())
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let details = TransitDetails::new(
        Date::from_calendar_date(2020, time::Month::May, 5).unwrap(),
        Date::from_calendar_date(2020, time::Month::June, 1).unwrap(),
        "WO-20000",
    )
    .unwrap();
    let channel = client
        .channel(LocationId::new(7))
        .on_channel(ChannelId::CANADA)
        .transit_details(details);
    let report = channel
        .push(&[stock("LP-4", 5).with_kind(StockKind::InTransit).into()])
        .await
        .unwrap();
    assert!(report.all_accepted());
}

#[tokio::test]
async fn a_refused_row_is_rejected_and_its_request_mates_are_not_applied() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "message": "Inventory insert failed: Row 2: Cannot find \"Location Id\" 104."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let channel = client.channel(LocationId::new(104));
    let report = channel
        .push(&[stock("A", 1).into(), stock("B", 2).into()])
        .await
        .unwrap();
    let outcomes = report.outcomes();
    assert_eq!(
        outcomes[1].outcome.reason(),
        Some(r#"row 2: Cannot find "Location Id" 104."#)
    );
    assert_eq!(outcomes[1].outcome.code(), Some("row_error"));
    assert!(
        outcomes[0]
            .outcome
            .reason()
            .unwrap()
            .starts_with("not applied: the request carrying it failed"),
        "{:?}",
        outcomes[0]
    );
    assert_eq!(outcomes[0].outcome.code(), Some("400"));
}

#[tokio::test]
async fn one_request_per_chunk_and_a_failed_chunk_rejects_only_its_items() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .and(body_json(json!([
            {"sku": "C", "totalQuantity": 3, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12},
            {"sku": "D", "totalQuantity": 4, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12}
        ])))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"message": "busy"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .respond_with(job())
        .expect(2)
        .mount(&server)
        .await;
    let clock = client_core::clock::ManualClock::starting_at(fixed_time());
    let client = builder(&server, &clock).chunk_size(2).build().unwrap();
    let channel = client.channel(LocationId::new(104));
    let updates: Vec<InventoryUpdate> = ["A", "B", "C", "D", "E"]
        .iter()
        .zip(1..)
        .map(|(sku, quantity)| stock(sku, quantity).into())
        .collect();
    let report = channel.push(&updates).await.unwrap();
    let accepted: Vec<bool> = report
        .outcomes()
        .iter()
        .map(|item| item.is_accepted())
        .collect();
    assert_eq!(accepted, [true, true, false, false, true]);
    assert_eq!(report.outcomes()[2].outcome.code(), Some("422"));
}

#[tokio::test]
async fn a_push_that_fails_everywhere_fails_as_a_whole() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .respond_with(fixtures().json_answer(403, "missing_api_key_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client
        .channel(LocationId::new(104))
        .push(&[stock("A", 1).into()])
        .await
        .unwrap_err();
    assert_eq!(error.channel(), "bulk-insert");
    let inner = error.get_ref().downcast_ref::<BulkInsertError>().unwrap();
    assert!(
        matches!(
            inner,
            BulkInsertError::Api {
                kind: BulkInsertErrorKind::Unauthorized,
                ..
            }
        ),
        "{inner:?}"
    );
    assert!(!format!("{error:?}").contains(API_KEY));
}

#[tokio::test]
async fn a_push_without_stock_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(job())
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let price: InventoryUpdate = PriceUpdate::new(
        Sku::new("LP-2").unwrap(),
        Money::new(Decimal::ONE, Currency::Eur),
    )
    .into();
    let report = client
        .channel(LocationId::new(104))
        .push(&[price])
        .await
        .unwrap();
    assert_eq!(report.rejected_count(), 1);
    let empty = client
        .channel(LocationId::new(104))
        .push(&[])
        .await
        .unwrap();
    assert!(empty.is_empty());
}

#[tokio::test]
async fn a_later_update_of_the_same_item_supersedes_the_earlier_whatever_its_warehouse() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .and(body_json(json!([
            {"sku": "B", "totalQuantity": 2, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12},
            {"sku": "A", "totalQuantity": 3, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12}
        ])))
        .respond_with(job())
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let updates: Vec<InventoryUpdate> = vec![
        stock("A", 1)
            .in_warehouse(inventory_model::Country::USA)
            .into(),
        stock("B", 2).into(),
        stock("A", 3)
            .in_warehouse(inventory_model::Country::CAN)
            .into(),
    ];
    let report = client
        .channel(LocationId::new(104))
        .push(&updates)
        .await
        .unwrap();
    let outcomes = report.outcomes();
    assert_eq!(outcomes[0].outcome.code(), Some("superseded"));
    assert_eq!(
        outcomes[0].outcome.reason(),
        Some("superseded by update 3 of the same item in this batch")
    );
    assert!(outcomes[1].is_accepted() && outcomes[2].is_accepted());
}
