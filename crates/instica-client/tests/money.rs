//! Money on the way out: every amount sent fits USD's two decimals (issue 14 point 2,
//! `Money::check_minor_units`), refused before sending with an error naming the field, the
//! currency and its minor units; amounts read keep any precision.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::client;
use instica_client::prelude::*;
use instica_client::{BulkFieldUpdate, InsticaError, ItemFields, ItemUid, PriceChange};
use inventory_model::{Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Sku};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn usd(text: &str) -> Money {
    Money::new(text.parse::<Decimal>().unwrap(), Currency::Usd)
}

/// A server that must see no request at all.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// Asserts a refusal of `field` for an amount too precise for USD.
fn assert_too_precise(error: &InsticaError, field: &str, amount: &str) {
    match error {
        InsticaError::InvalidInput(refusal) => {
            assert_eq!(refusal.field, field, "{error}");
            assert_eq!(
                refusal.rule,
                format!(
                    "USD {amount} is more precise than USD allows (2 decimal places); round it first (Money::round_to_minor_units)"
                )
            );
        }
        other => panic!("expected a refusal of {field}, got {other:?}"),
    }
}

type PriceSetter = fn(ItemFields, Money) -> ItemFields;

/// Every price an item can be written with, by its wire name.
const ITEM_PRICES: [(&str, PriceSetter); 7] = [
    ("price_total_usd", ItemFields::price_total),
    ("price_item_usd", ItemFields::price_item),
    ("price_shipping_usd", ItemFields::price_shipping),
    ("price_expected_usd", ItemFields::price_expected),
    ("price_purchased_item", ItemFields::price_purchased_item),
    (
        "price_for_purchases_shipping",
        ItemFields::price_for_purchases_shipping,
    ),
    ("listing_current_price", ItemFields::listing_current_price),
];

#[tokio::test]
async fn every_item_price_more_precise_than_usd_is_refused_before_sending() {
    let server = silent_server().await;
    let client = client(&server);
    for (field, set) in ITEM_PRICES {
        let fields = set(ItemFields::new().name("Abbey Road LP"), usd("12.345"));
        let error = client.items().create(&fields).await.unwrap_err();
        assert_too_precise(&error, field, "12.345");
        let error = client.item("inv_1").update(&fields).await.unwrap_err();
        assert_too_precise(&error, field, "12.345");
    }
}

// Trailing zeros are not decimals: `12.3400` fits USD and is sent as `12.34`.
#[tokio::test]
async fn trailing_zeros_are_not_decimals() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/"))
        .and(body_json(json!({"name": "x", "price_total_usd": "12.34"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"uid": "inv_new"})))
        .expect(1)
        .mount(&server)
        .await;
    let fields = ItemFields::new().name("x").price_total(usd("12.3400"));
    client(&server).items().create(&fields).await.unwrap();
}

#[tokio::test]
async fn bulk_prices_more_precise_than_usd_are_refused_before_sending() {
    let server = silent_server().await;
    let bulk = client(&server).bulk();
    let items: Vec<ItemUid> = vec!["inv_1".into()];
    for change in [
        PriceChange::Set(usd("12.345")),
        PriceChange::Increase(usd("12.345")),
        PriceChange::Decrease(usd("12.345")),
    ] {
        let error = bulk.price(&items, &change).await.unwrap_err();
        assert_too_precise(&error, "value", "12.345");
    }
    // A percentage is not an amount of money; its own limit (2 decimals) still holds.
    let error = bulk
        .price(&items, &PriceChange::Percentage("10.125".parse().unwrap()))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, InsticaError::InvalidInput(refusal) if refusal.field == "value"),
        "{error:?}"
    );

    let update = BulkFieldUpdate::new().price_total(usd("0.001"));
    let error = bulk.update_fields(&items, &update).await.unwrap_err();
    assert_too_precise(&error, "updates.price_total_usd", "0.001");
    let update = BulkFieldUpdate::new().price_shipping(usd("4.995"));
    let error = bulk.update_fields(&items, &update).await.unwrap_err();
    assert_too_precise(&error, "updates.price_shipping_usd", "4.995");
}

fn price(uid: &str, amount: &str, currency: Currency) -> InventoryUpdate {
    PriceUpdate::new(
        Sku::new(uid).unwrap(),
        Money::new(amount.parse::<Decimal>().unwrap(), currency),
    )
    .into()
}

#[tokio::test]
async fn the_channel_rejects_a_too_precise_price_per_item_and_sends_the_rest() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .and(body_json(
            json!({"items": ["inv_2"], "value": "12.34", "mode": "set"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success_count": 1, "failure_count": 0, "total_count": 1,
            "errors": [], "updated_uids": ["inv_2"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let report = client(&server)
        .channel()
        .push(&[
            price("inv_1", "12.345", Currency::Usd),
            price("inv_2", "12.34", Currency::Usd),
            price("inv_3", "1200.5", Currency::Jpy),
        ])
        .await
        .unwrap();
    let outcomes = report.outcomes();
    assert_eq!(
        outcomes[0].outcome.reason(),
        Some(
            "invalid input: value: USD 12.345 is more precise than USD allows (2 decimal places); round it first (Money::round_to_minor_units)"
        )
    );
    assert!(outcomes[1].is_accepted());
    assert!(
        outcomes[2]
            .outcome
            .reason()
            .unwrap()
            .contains("must be in USD"),
        "{:?}",
        outcomes[2]
    );
    assert_eq!(report.accepted_count(), 1);
}

#[tokio::test]
async fn amounts_read_keep_their_precision() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_1/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"uid": "inv_1", "price_expected_usd": 14.319139100000001, "listing_current_price": "34.999"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let item = client(&server).item("inv_1").get().await.unwrap();
    assert_eq!(
        item.price_expected_usd.unwrap().amount().to_string(),
        "14.319139100000001"
    );
    assert_eq!(
        item.listing_current_price.unwrap().amount().to_string(),
        "34.999"
    );
}
