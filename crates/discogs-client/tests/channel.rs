//! The listing-edit StockChannel (two requests an update) against a mock Discogs; the bulk
//! channel, `DiscogsClient::channel()`, is tested with the uploads in `inventory_upload.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{client, fixture_json, json};
use discogs_client::CHANNEL_NAME;
use discogs_client::prelude::*;
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, PushReport, Quantity, Sku, StockUpdate,
};
use serde_json::json;
use test_support::JsonBody;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn price_and_stock_updates_become_listing_edits() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/172723812"))
        .respond_with(json(200, "listing_owner.json"))
        .expect(3)
        .mount(&server)
        .await;
    let base = json!({
        "release_id": 5610049,
        "condition": "Mint (M)",
        "sleeve_condition": "Mint (M)",
        "comments": "Brand new... Still sealed!",
        "allow_offers": false,
        "external_id": "LP-0042",
        "location": "Shelf B3",
        "weight": 230,
        "format_quantity": "auto"
    });
    let with = |extra: serde_json::Value| {
        let mut body = base.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/172723812"))
        .and(JsonBody::text(
            &with(json!({"status": "For Sale"}))
                .to_string()
                .replace("}", ", \"price\": 99.50}"),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/172723812"))
        .and(JsonBody::text(
            &with(json!({"status": "Draft"}))
                .to_string()
                .replace("}", ", \"price\": 120.0}"),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/172723812"))
        .and(JsonBody::text(
            &with(json!({"status": "For Sale"}))
                .to_string()
                .replace("}", ", \"price\": 120.0}"),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let sku = Sku::new("LP-0042").unwrap();
    let channel = client(&server)
        .listing_edit_channel()
        .with_listing(sku.clone(), 172723812);
    assert_eq!(channel.channel_name(), CHANNEL_NAME);
    let updates: Vec<InventoryUpdate> = vec![
        PriceUpdate::new(
            sku.clone(),
            Money::new(Decimal::new(9950, 2), Currency::Usd),
        )
        .into(),
        StockUpdate::new(sku.clone(), Quantity::ZERO).into(),
        StockUpdate::new(sku.clone(), Quantity::new(1)).into(),
        StockUpdate::new(sku.clone(), Quantity::new(3)).into(),
    ];
    // One push per update: within one push the later stock updates of the SKU would
    // supersede the earlier ones (see `duplicate_updates_of_an_item_are_superseded`).
    let mut outcomes = Vec::new();
    for update in &updates {
        let pushed = channel.push(std::slice::from_ref(update)).await.unwrap();
        outcomes.extend(pushed.into_outcomes());
    }
    let report = PushReport::new(outcomes);
    assert_eq!(report.len(), 4);
    assert_eq!(report.accepted_count(), 3, "{report:?}");
    let refused: Vec<_> = report.rejected().collect();
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0]
            .outcome
            .reason()
            .is_some_and(|reason| reason.contains("one copy")),
        "{refused:?}"
    );
}

#[tokio::test]
async fn item_problems_are_rejections_and_credential_problems_fail_the_push() {
    let server = MockServer::start().await;
    let mut sold = fixture_json("listing.json");
    sold["status"] = json!("Sold");
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sold))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/2"))
        .respond_with(json(404, "error_404.json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/3"))
        .respond_with(json(200, "listing.json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/4"))
        .respond_with(json(401, "error_401.json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let channel = client(&server).listing_edit_channel();
    let stock = |sku: &str| -> InventoryUpdate {
        StockUpdate::new(Sku::new(sku).unwrap(), Quantity::new(1)).into()
    };
    let report = channel
        .push(&[
            stock("1"),
            stock("2"),
            PriceUpdate::new(
                Sku::new("3").unwrap(),
                Money::new(Decimal::new(10, 0), Currency::Eur),
            )
            .into(),
            stock("not-a-listing"),
        ])
        .await
        .unwrap();
    assert_eq!(report.rejected_count(), 4);
    let outcomes = report.outcomes();
    assert!(
        outcomes[0]
            .outcome
            .reason()
            .unwrap()
            .contains("only For Sale")
    );
    assert_eq!(outcomes[1].outcome.code(), Some("404"));
    assert!(
        outcomes[2]
            .outcome
            .reason()
            .unwrap()
            .contains("seller's currency USD")
    );
    assert!(
        outcomes[3]
            .outcome
            .reason()
            .unwrap()
            .contains("with_listing")
    );

    let failed = channel.push(&[stock("4")]).await.unwrap_err();
    assert_eq!(failed.channel(), CHANNEL_NAME);
}

#[tokio::test]
async fn duplicate_updates_of_an_item_are_superseded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/172723812"))
        .respond_with(json(200, "listing_owner.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/172723812"))
        .and(|request: &wiremock::Request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            let price: serde_json::Value = serde_json::from_str("99.50").unwrap();
            body["status"] == json!("For Sale") && body["price"] == price
        })
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let sku = Sku::new("172723812").unwrap();
    let updates: Vec<InventoryUpdate> = vec![
        StockUpdate::new(sku.clone(), Quantity::ZERO).into(),
        PriceUpdate::new(
            sku.clone(),
            Money::new(Decimal::new(1000, 2), Currency::Usd),
        )
        .into(),
        StockUpdate::new(sku.clone(), Quantity::new(3)).into(),
        PriceUpdate::new(
            sku.clone(),
            Money::new(Decimal::new(9950, 2), Currency::Usd),
        )
        .into(),
    ];

    let report = client(&server)
        .listing_edit_channel()
        .push(&updates)
        .await
        .unwrap();

    let codes: Vec<Option<&str>> = report.outcomes().iter().map(|o| o.outcome.code()).collect();
    assert_eq!(codes, [Some("superseded"), Some("superseded"), None, None]);
    assert!(
        report.outcomes()[2]
            .outcome
            .reason()
            .is_some_and(|reason| reason.contains("one copy"))
    );
    assert!(report.outcomes()[3].is_accepted());
}
