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
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, Sku, StockChannel,
    StockUpdate,
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

    let client = client(&server);
    let channel: &dyn StockChannel = &client;
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
