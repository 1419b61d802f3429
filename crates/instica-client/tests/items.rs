//! Items: list, stream, create, detail, update, delete, auth and error bodies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client, fixture, json_answer};
use futures::TryStreamExt;
use instica_client::prelude::*;
use instica_client::{
    ConditionCode, InsticaClient, InsticaError, InsticaErrorKind, ItemFields, ItemOrderField,
    ItemStatus, ProductUid,
};
use inventory_model::{Currency, Decimal, Grade, Money};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn usd(text: &str) -> Money {
    Money::new(text.parse::<Decimal>().unwrap(), Currency::Usd)
}

#[tokio::test]
async fn list_sends_filters_and_decodes_a_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(query_param("search", "abbey road"))
        .and(query_param("status", "ready-to-sell"))
        .and(query_param("ordering", "-created"))
        .and(query_param("page", "1"))
        .and(query_param("page_size", "25"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("item_list_page.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .items()
        .list()
        .search("abbey road")
        .status(ItemStatus::ReadyToSell)
        .ordering(ItemOrderField::Created.descending())
        .page(1)
        .page_size(25)
        .send()
        .await
        .unwrap();

    assert_eq!(page.total, Some(156));
    assert!(page.next.is_some());
    let item = &page.items[0];
    assert_eq!(item.uid.as_str(), "inv_d4e5f6");
    assert_eq!(item.condition_item, Some(ConditionCode::VeryGoodPlus));
    assert_eq!(
        Grade::try_from(item.condition_item.clone().unwrap()).unwrap(),
        Grade::VeryGoodPlus
    );
    assert_eq!(item.condition_container_display.as_deref(), Some("VG"));
    assert_eq!(item.status, Some(ItemStatus::ReadyToSell));
    assert_eq!(item.status_display.as_deref(), Some("Ready to Sell"));
    assert_eq!(item.price_total_usd, Some(usd("34.99")));
    assert_eq!(item.price_shipping_usd, Some(usd("5.00")));
    let product = item.product.as_ref().unwrap();
    assert_eq!(product.uid, ProductUid::new("prod_a1b2c3"));
    assert_eq!(
        product.artist.as_ref().unwrap().name.as_deref(),
        Some("The Beatles")
    );
    assert_eq!(item.assets[0].file_size, Some(2_847_392));
    assert_eq!(item.days_in_inventory, Some(14.2));
    assert_eq!(item.is_deletable, Some(true));
    assert_eq!(item.created.unwrap().year(), 2025);
}

#[tokio::test]
async fn several_statuses_are_repeated_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"count": 0, "next": null, "previous": null, "results": []})),
        )
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .items()
        .list()
        .status(ItemStatus::Draft)
        .status(ItemStatus::Listed)
        .send()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("status=draft&status=listed"));
}

#[tokio::test]
async fn a_stream_follows_next_across_three_pages() {
    let server = MockServer::start().await;
    let base = server.uri();
    let item = |uid: &str| json!({"uid": uid, "status": "listed", "price_total_usd": "10.00"});
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(query_param("page", "2"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 5, "next": format!("{base}/inventory/?page=3&page_size=2"),
            "previous": format!("{base}/inventory/?page_size=2"),
            "results": [item("inv_3"), item("inv_4")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(query_param("page", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 5, "next": null,
            "previous": format!("{base}/inventory/?page=2&page_size=2"),
            "results": [item("inv_5")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(query_param("page_size", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 5, "next": format!("{base}/inventory/?page=2&page_size=2"),
            "previous": null,
            "results": [item("inv_1"), item("inv_2")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let uids: Vec<String> = client(&server)
        .items()
        .list()
        .page_size(2)
        .stream()
        .map_ok(|item| item.uid.into_string())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(uids, ["inv_1", "inv_2", "inv_3", "inv_4", "inv_5"]);
}

#[tokio::test]
async fn a_page_size_over_100_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .items()
        .list()
        .page_size(101)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, InsticaError::InvalidInput(ref refusal) if refusal.field == "page_size")
    );
    let streamed: Result<Vec<_>, _> = client(&server)
        .items()
        .list()
        .page_size(0)
        .stream()
        .try_collect()
        .await;
    assert!(streamed.is_err());
}

#[tokio::test]
async fn create_linked_to_a_product_sends_decimal_strings() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/"))
        .and(header("authorization", BEARER))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "product_uid": "prod_a1b2c3",
            "condition_item": "vg_plus",
            "condition_container": "vg",
            "price_total_usd": "34.99",
            "price_shipping_usd": "5.00",
            "price_purchased_item": "12.00",
            "status": "ready-to-sell",
            "manual_description": "Original 1969 UK pressing."
        })))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(fixture("item_created.json", &server)),
        )
        .expect(1)
        .mount(&server)
        .await;

    let fields = ItemFields::new()
        .product_uid(ProductUid::new("prod_a1b2c3"))
        .condition_item(Grade::VeryGoodPlus)
        .condition_container(ConditionCode::VeryGood)
        .price_total(usd("34.99"))
        .price_shipping(usd("5"))
        .price_purchased_item(usd("12"))
        .status(ItemStatus::ReadyToSell)
        .manual_description("Original 1969 UK pressing.");
    let item = client(&server).items().create(&fields).await.unwrap();
    assert_eq!(item.uid.as_str(), "inv_new789");
    assert_eq!(item.price_total_usd, Some(usd("34.99")));
}

#[tokio::test]
async fn create_with_a_new_product_sends_the_product_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/"))
        .and(body_json(json!({
            "product_title": "Abbey Road",
            "name": "Abbey Road LP - VG+",
            "product_catalog_number": "PCS 7088",
            "product_year": "1969",
            "condition_item": "vg_plus",
            "price_total_usd": "34.99",
            "inventory_item_type_uid": "type_vinyl",
            "product_metadata": {"external_id": "discogs:123"}
        })))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(fixture("item_created.json", &server)),
        )
        .expect(1)
        .mount(&server)
        .await;

    let mut metadata = serde_json::Map::new();
    metadata.insert("external_id".into(), "discogs:123".into());
    let fields = ItemFields::new()
        .product_title("Abbey Road")
        .name("Abbey Road LP - VG+")
        .product_catalog_number("PCS 7088")
        .product_year("1969")
        .condition_item(ConditionCode::VeryGoodPlus)
        .price_total(usd("34.99"))
        .inventory_item_type_uid("type_vinyl".into())
        .product_metadata(metadata);
    client(&server).items().create(&fields).await.unwrap();
}

#[tokio::test]
async fn create_refuses_bad_input_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let items = client(&server).items();

    let no_name = ItemFields::new().product_title("Abbey Road");
    let error = items.create(&no_name).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid input: name: is required when no product_uid is given"
    );

    let too_many_digits = ItemFields::new()
        .name("x")
        .price_purchased_item(usd("123456.00"));
    let error = items.create(&too_many_digits).await.unwrap_err();
    assert!(
        error.to_string().contains("price_purchased_item"),
        "{error}"
    );
    assert!(error.to_string().contains("7 digits"), "{error}");

    let three_decimals = ItemFields::new()
        .name("x")
        .price_purchased_item(usd("1.005"));
    assert!(items.create(&three_decimals).await.is_err());

    let euros = ItemFields::new()
        .name("x")
        .price_total(Money::new(Decimal::new(5, 0), Currency::Eur));
    let error = items.create(&euros).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("price_total_usd: must be in USD"),
        "{error}"
    );

    let metadata_without_id = ItemFields::new()
        .name("x")
        .product_metadata(serde_json::Map::new());
    let error = items.create(&metadata_without_id).await.unwrap_err();
    assert!(error.to_string().contains("external_id"), "{error}");
}

#[tokio::test]
async fn field_errors_are_kept_message_by_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "condition_item": ["\"mint_minus\" is not a valid choice."],
            "price_total_usd": ["A valid number is required.", "Must be positive."]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .items()
        .create(&ItemFields::new().name("x"))
        .await
        .unwrap_err();
    let fields = error.field_errors().expect("field errors");
    assert_eq!(fields["price_total_usd"].len(), 2);
    assert_eq!(
        fields["condition_item"],
        vec!["\"mint_minus\" is not a valid choice.".to_owned()]
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert!(error.message().unwrap().contains("Must be positive."));
}

#[tokio::test]
async fn a_503_on_create_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .items()
        .create(&ItemFields::new().name("x"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn detail_decodes_is_sold_and_listability() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_d4e5f6/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("item_detail.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server).item("inv_d4e5f6").get().await.unwrap();
    assert_eq!(item.is_sold, Some(false));
    let ebay = &item.platform_listability[0];
    assert_eq!(ebay.platform.slug.as_str(), "ebay");
    assert_eq!(ebay.can_be_listed, Some(true));
    assert_eq!(ebay.platform.connection_type.as_deref(), Some("oauth"));
    assert_eq!(
        item.price_for_purchases_shipping
            .unwrap()
            .amount()
            .to_string(),
        "14.319139100000001"
    );
    assert_eq!(item.listing_current_price, None);
    assert_eq!(item.inventory_item_type.unwrap().uid.as_str(), "type_vinyl");
    assert_eq!(
        item.default_pricing_model.unwrap().model_type.as_deref(),
        Some("fixed")
    );
}

#[tokio::test]
async fn caller_uids_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv%2F..%2Fadmin/"))
        .respond_with(json_answer("item_detail.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).item("inv/../admin").get().await.unwrap();
    assert!(client(&server).item("").get().await.is_err());
}

#[tokio::test]
async fn an_unknown_item_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_missing/"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"detail": "Not found."})))
        .mount(&server)
        .await;

    let error = client(&server).item("inv_missing").get().await.unwrap_err();
    assert!(matches!(
        error,
        InsticaError::Api {
            kind: InsticaErrorKind::NotFound,
            ..
        }
    ));
    assert_eq!(error.message(), Some("Not found."));
}

#[tokio::test]
async fn update_patches_only_the_given_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/inventory/inv_d4e5f6/"))
        .and(header("authorization", BEARER))
        .and(body_json(json!({
            "price_total_usd": "39.99",
            "condition_item": "nm",
            "condition_comments": "Upgraded after re-inspection."
        })))
        .respond_with(json_answer("item_detail.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let fields = ItemFields::new()
        .price_total(usd("39.99"))
        .condition_item(Grade::NearMint)
        .condition_comments("Upgraded after re-inspection.");
    let item = client(&server)
        .item("inv_d4e5f6")
        .update(&fields)
        .await
        .unwrap();
    assert_eq!(item.uid.as_str(), "inv_d4e5f6");

    let error = client(&server)
        .item("inv_d4e5f6")
        .update(&ItemFields::new())
        .await
        .unwrap_err();
    assert!(matches!(error, InsticaError::InvalidInput(_)));
}

#[tokio::test]
async fn delete_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/inventory/inv_d4e5f6/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).item("inv_d4e5f6").delete().await.unwrap();
}

#[tokio::test]
async fn delete_refused_for_active_listings_keeps_the_detail() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/inventory/inv_d4e5f6/"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "detail": "Item has active listings or orders and cannot be deleted."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .item("inv_d4e5f6")
        .delete()
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        InsticaError::Api {
            kind: InsticaErrorKind::Rejected,
            ..
        }
    ));
    assert_eq!(
        error.message(),
        Some("Item has active listings or orders and cannot be deleted.")
    );
    assert!(error.field_errors().unwrap().is_empty());
    assert!(error.to_string().contains("cannot be deleted"));
}

#[tokio::test]
async fn an_api_key_goes_in_x_api_key_and_never_prints() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_1/"))
        .and(header("x-api-key", "key-5678"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "detail": "Invalid API key."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = InsticaClient::builder()
        .base_url(server.uri())
        .api_key("key-5678")
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains("key-5678"));
    let error = client.item("inv_1").get().await.unwrap_err();
    assert!(matches!(
        error,
        InsticaError::Api {
            kind: InsticaErrorKind::Unauthorized,
            ..
        }
    ));
    assert!(!format!("{error:?} {error}").contains("key-5678"));
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn a_client_without_credentials_is_refused() {
    let error = InsticaClient::builder().build().unwrap_err();
    assert!(error.to_string().contains("credentials"), "{error}");
    assert!(InsticaClient::builder().token("").build().is_err());
}

#[tokio::test]
async fn a_body_that_is_not_instica_json_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_1/"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .mount(&server)
        .await;

    let client = InsticaClient::builder()
        .base_url(server.uri())
        .token("t")
        .retry_policy(instica_client::RetryPolicy::never())
        .build()
        .unwrap();
    let error = client.item("inv_1").get().await.unwrap_err();
    assert_eq!(error.raw_body(), Some("<html>Bad gateway</html>"));
    assert_eq!(error.message(), None);
}

#[tokio::test]
async fn the_rate_limit_status_is_what_the_server_last_reported() {
    use instica_client::{RateLimitHeaders, RateLimitStatus};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .respond_with(
            json_answer("item_list_page.json", &server)
                .append_header("x-ratelimit-limit", "120")
                .append_header("x-ratelimit-remaining", "119")
                .append_header("x-ratelimit-used", "1"),
        )
        .mount(&server)
        .await;
    let headers = RateLimitHeaders {
        limit: Some("x-ratelimit-limit"),
        remaining: "x-ratelimit-remaining",
        used: Some("x-ratelimit-used"),
        reset: None,
        period: std::time::Duration::from_secs(60),
    };
    let instica = test_support::against(
        InsticaClient::builder().token(common::TOKEN),
        &server,
        &client_core::clock::ManualClock::new(),
    )
    .rate_limit_headers(headers)
    .build()
    .unwrap();
    assert_eq!(instica.rate_limit_status(), RateLimitStatus::default());

    instica.items().list().send().await.unwrap();

    let status = instica.rate_limit_status();
    assert_eq!(
        (status.limit, status.used, status.remaining),
        (Some(120), Some(1), Some(119))
    );
    assert_eq!(
        instica.clone().rate_limit_status(),
        status,
        "clones share it"
    );

    // Without being told the header names, the client learns nothing from them: Instica
    // documents none.
    let plain = client(&server);
    plain.items().list().send().await.unwrap();
    assert_eq!(plain.rate_limit_status(), RateLimitStatus::default());
}
