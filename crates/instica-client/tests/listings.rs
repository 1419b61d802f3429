//! Listings and platforms of one item: list, delist, per platform, everywhere, several.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client, fixture, json_answer};
use instica_client::{ListingStatus, PlatformSlug, Publish};
use inventory_model::ListingState;
use serde_json::json;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn listings_decode_status_permissions_and_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_d4e5f6/listings/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("listings.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server).item("inv_d4e5f6").listings().await.unwrap();
    assert!(page.failed.is_empty(), "{:?}", page.failed);
    let listings = page.items;
    assert_eq!(listings.len(), 2);
    let ebay = &listings[0];
    assert_eq!(ebay.status, ListingStatus::Listed);
    assert_eq!(ebay.status.listing_state(), Some(ListingState::ForSale));
    assert_eq!(
        ebay.listing_price_usd.unwrap().amount().to_string(),
        "34.99"
    );
    assert!(ebay.permissions.unwrap().can_delist);
    let discogs = &listings[1];
    assert_eq!(discogs.status, ListingStatus::ListingFailed);
    assert_eq!(
        discogs.last_error_code.as_ref().unwrap().slug.as_deref(),
        Some("price_not_set")
    );
    assert_eq!(discogs.action_reasons["can_delist"], json!("Not listed."));
}

#[tokio::test]
async fn platforms_and_platform_detail() {
    let server = MockServer::start().await;
    let listability = fixture("platform_listability.json", &server);
    Mock::given(method("GET"))
        .and(path("/inventory/inv_d4e5f6/platforms/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([listability])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_d4e5f6/platforms/ebay/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("platform_listability.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server).item("inv_d4e5f6");
    let platforms = item.platforms().await.unwrap().items;
    assert_eq!(platforms[0].platform.uid.as_str(), "plat_ebay");
    let ebay = item.platform("ebay").get().await.unwrap();
    assert_eq!(ebay.can_be_listed, Some(true));
    assert_eq!(ebay.platform.supports_api_connection, Some(true));
}

#[tokio::test]
async fn list_on_one_platform_sends_is_draft() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platforms/ebay/list/"))
        .and(header("authorization", BEARER))
        .and(body_json(json!({"is_draft": false})))
        .respond_with(json_answer("listing_action.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platforms/discogs/list/"))
        .and(body_json(json!({"is_draft": true})))
        .respond_with(json_answer("listing_action.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server).item("inv_d4e5f6");
    let action = item.platform("ebay").list(Publish::Live).await.unwrap();
    assert_eq!(action.status, Some(ListingStatus::InProgress));
    assert_eq!(action.listing_uid.unwrap().as_str(), "lst_abc123");
    assert_eq!(
        action.message.as_deref(),
        Some("Listing submitted to eBay.")
    );
    item.platform("discogs")
        .list(Publish::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_503_on_listing_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platforms/ebay/list/"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .item("inv_d4e5f6")
        .platform("ebay")
        .list(Publish::Live)
        .await;
    assert!(result.is_err());
}

#[tokio::test]
async fn delist_from_one_platform() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platforms/ebay/delist/"))
        .and(header("authorization", BEARER))
        .and(body_string(""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "platform": "ebay", "listing_uid": "lst_abc123", "status": "in_progress",
            "message": "Delisting submitted to eBay."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let action = client(&server)
        .item("inv_d4e5f6")
        .platform("ebay")
        .delist()
        .await
        .unwrap();
    assert_eq!(action.platform.unwrap().as_str(), "ebay");
}

#[tokio::test]
async fn list_and_delist_everywhere_use_the_singular_platform_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platform/ebay/list/all/"))
        .and(header("authorization", BEARER))
        .and(body_json(json!({"is_draft": true})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"platform": "ebay", "listing_uid": "lst_1", "status": "in_progress", "message": "ok"},
            {"platform": "discogs", "listing_uid": "lst_2", "status": "in_progress", "message": "ok"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platform/ebay/delist/all/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("listing_action.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let platform = client(&server).item("inv_d4e5f6").platform("ebay");
    let listed = platform.list_all(Publish::Draft).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].platform.as_ref().unwrap().as_str(), "discogs");
    let delisted = platform.delist_all().await.unwrap();
    assert_eq!(delisted.len(), 1);
}

#[tokio::test]
async fn list_on_and_delist_from_several_platforms() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platforms/bulk/list/"))
        .and(header("authorization", BEARER))
        .and(body_json(
            json!({"platforms": ["ebay", "discogs"], "is_draft": false}),
        ))
        .respond_with(json_answer("listing_action.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/platforms/bulk/delist/"))
        .and(body_json(json!({"platforms": ["ebay"]})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server).item("inv_d4e5f6");
    let slugs = [PlatformSlug::new("ebay"), PlatformSlug::new("discogs")];
    let listed = item.list_on(&slugs, Publish::Live).await.unwrap();
    assert_eq!(listed.len(), 1);
    let delisted = item.delist_from(&slugs[..1]).await.unwrap();
    assert!(delisted.is_empty());
    assert!(item.list_on(&[], Publish::Live).await.is_err());
}
