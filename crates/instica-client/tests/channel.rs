//! The stock-channel trait over the bulk price endpoint.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client};
use instica_client::CHANNEL_NAME;
use instica_client::prelude::*;
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, Sku, StockUpdate,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn price(uid: &str, amount: &str, currency: Currency) -> InventoryUpdate {
    PriceUpdate::new(
        Sku::new(uid).unwrap(),
        Money::new(amount.parse::<Decimal>().unwrap(), currency),
    )
    .into()
}

#[tokio::test]
async fn prices_are_grouped_into_bulk_sets_and_stock_is_unsupported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .and(header("authorization", BEARER))
        .and(body_json(
            json!({"items": ["inv_1", "inv_3"], "value": "20.00", "mode": "set"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success_count": 1, "failure_count": 1, "total_count": 2,
            "errors": [{"uid": "inv_3", "error": "Item is sold."}],
            "updated_uids": ["inv_1"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .and(body_json(
            json!({"items": ["inv_2"], "value": "9.50", "mode": "set"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success_count": 1, "failure_count": 0, "total_count": 1,
            "errors": [], "updated_uids": ["inv_2"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server).channel();
    let channel: &dyn StockChannel = &channel;
    assert_eq!(channel.channel_name(), CHANNEL_NAME);
    let updates = [
        price("inv_1", "20", Currency::Usd),
        price("inv_2", "9.5", Currency::Usd),
        StockUpdate::new(Sku::new("inv_4").unwrap(), Quantity::new(1)).into(),
        price("inv_3", "20.00", Currency::Usd),
        price("inv_5", "20", Currency::Eur),
    ];
    let report = channel.push(&updates).await.unwrap();
    let outcomes = report.outcomes();
    assert_eq!(outcomes.len(), 5);
    assert!(outcomes[0].is_accepted());
    assert!(outcomes[1].is_accepted());
    assert_eq!(
        outcomes[2].outcome.reason(),
        Some("instica does not support stock updates")
    );
    assert_eq!(outcomes[3].outcome.reason(), Some("Item is sold."));
    assert!(
        outcomes[4]
            .outcome
            .reason()
            .unwrap()
            .contains("must be in USD")
    );
    assert_eq!(report.accepted_count(), 2);
}

#[tokio::test]
async fn a_push_that_fails_as_a_whole_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "detail": "Authentication credentials were not provided."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .channel()
        .push(&[price("inv_1", "5", Currency::Usd)])
        .await
        .unwrap_err();
    assert_eq!(error.channel(), "instica");
    let source = error
        .get_ref()
        .downcast_ref::<instica_client::InsticaError>()
        .unwrap();
    assert_eq!(source.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn channel_supersedes_duplicates_and_splits_one_price_into_bulk_batches() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .respond_with(|request: &wiremock::Request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            assert_eq!(body["value"], json!("7.00"));
            assert_eq!(body["mode"], json!("set"));
            let items = body["items"].as_array().unwrap().clone();
            ResponseTemplate::new(200).set_body_json(json!({
                "success_count": items.len(), "failure_count": 0, "total_count": items.len(),
                "errors": [], "updated_uids": items
            }))
        })
        .expect(3)
        .mount(&server)
        .await;

    // 250 items at one price, and a first update of inv_0 that the last one replaces.
    let mut updates = vec![price("inv_0", "99", Currency::Usd)];
    updates.extend((0..250).map(|n| price(&format!("inv_{n}"), "7", Currency::Usd)));
    let report = client(&server).channel().push(&updates).await.unwrap();

    assert_eq!(report.len(), 251);
    assert_eq!(report.accepted_count(), 250);
    let first = &report.outcomes()[0];
    assert_eq!(first.sku.as_str(), "inv_0");
    assert_eq!(first.outcome.code(), Some("superseded"));
    let requests = server.received_requests().await.unwrap();
    let mut sizes: Vec<usize> = requests
        .iter()
        .map(|request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            body["items"].as_array().unwrap().len()
        })
        .collect();
    // The batches travel concurrently, so the server may see them in any order.
    sizes.sort_unstable();
    assert_eq!(sizes, [50, 100, 100]);
}
