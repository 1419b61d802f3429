//! Reference data: item types, searches and choices.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client, json_answer};
use futures::TryStreamExt;
use instica_client::prelude::*;
use instica_client::{AssetType, ConditionCode, InsticaError, ItemStatus, ItemType, PlatformSlug};
use inventory_model::Grade;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn types() -> serde_json::Value {
    json!([
        {"uid": "type_vinyl", "name": "Vinyl", "slug": "vinyl"},
        {"uid": "type_cd", "name": "CD", "slug": "cd"}
    ])
}

#[tokio::test]
async fn item_types_and_searches() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/types/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(types()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/types/search/"))
        .and(query_param("q", "vinyl"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 1, "next": null, "previous": null,
            "results": [{"uid": "type_vinyl", "name": "Vinyl", "slug": "vinyl"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/types/platform/discogs/search/"))
        .and(query_param("q", "vinyl lp"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(types()))
        .expect(1)
        .mount(&server)
        .await;

    let reference = client(&server).reference();
    let all = reference.item_types().await.unwrap().items;
    assert_eq!(all[1].uid.as_str(), "type_cd");
    let found = reference.search_item_types("vinyl").send().await.unwrap();
    assert_eq!(found.total, Some(1));
    assert_eq!(found.items[0].name.as_deref(), Some("Vinyl"));
    let platform: Vec<ItemType> = reference
        .search_platform_item_types(&PlatformSlug::new("discogs"), "vinyl lp")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(platform.len(), 2);
    let error = reference.search_item_types(" ").send().await.unwrap_err();
    assert!(matches!(error, InsticaError::InvalidInput(ref refusal) if refusal.field == "q"));
}

#[tokio::test]
async fn choices() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/choices/conditions/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("conditions.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/choices/statuses/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"value": "draft", "label": "Draft"},
            {"value": "ready-to-sell", "label": "Ready to Sell"},
            {"value": "on-hold", "label": "On Hold"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/choices/shipment-carriers/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"value": "usps", "label": "USPS"}, {"value": "ups", "label": "UPS"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/choices/asset-types/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"value": "photo", "label": "Photo"}, {"value": "document", "label": "Document"}
        ])))
        .expect(1)
        .mount(&server)
        .await;

    let reference = client(&server).reference();
    let conditions = reference.conditions().await.unwrap().items;
    assert_eq!(conditions.len(), 8);
    assert_eq!(conditions[2].value, ConditionCode::VeryGoodPlus);
    assert_eq!(conditions[2].label, "VG+");
    let grades: Vec<Grade> = conditions
        .iter()
        .map(|choice| Grade::try_from(&choice.value).unwrap())
        .collect();
    assert_eq!(grades, Grade::ALL);

    let statuses = reference.statuses().await.unwrap().items;
    assert_eq!(statuses[1].value, ItemStatus::ReadyToSell);
    assert_eq!(statuses[2].value, ItemStatus::Unknown("on-hold".into()));

    let carriers = reference.shipment_carriers().await.unwrap().items;
    assert_eq!(carriers[0].value, "usps");

    let asset_types = reference.asset_types().await.unwrap().items;
    assert_eq!(asset_types[0].value, AssetType::Photo);
    assert_eq!(asset_types[1].value.as_str(), "document");
}
