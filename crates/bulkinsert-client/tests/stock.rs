//! POST /inventory: stock of several items on a channel.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use bulkinsert_client::{
    BulkInsertError, BulkInsertErrorKind, ChannelId, ClientError, ConfigureEngine, InvalidInput,
    ItemId, Quantity, RateLimitHeaders, RateLimitStatus, StockRequest,
};
use common::*;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn items() -> Vec<StockRequest> {
    vec![
        StockRequest::new(ItemId::new(1_000_000_003).unwrap(), Quantity::new(4)),
        StockRequest::new(ItemId::new(1_000_000_051).unwrap(), Quantity::new(529)),
    ]
}

fn stock_mock() -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path("/inventory"))
}

#[tokio::test]
async fn sends_the_query_and_decodes_each_item() {
    let server = MockServer::start().await;
    stock_mock()
        .and(header("content-type", "application/json"))
        .and(body_json(fixtures().json("stock_levels_request.json")))
        .respond_with(fixtures().json_answer(200, "stock_levels.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let stock = client.stock_levels(&items()).await.unwrap();

    assert_eq!(stock.items.len(), 2);
    let first = &stock.items[0];
    assert_eq!(first.item_id, Some("1000000003".into()));
    assert_eq!(first.quantity_requested, Some(4));
    assert_eq!(first.stock_date.as_deref(), Some("2020-11-02"));
    assert!(first.in_stock);
    assert_eq!(first.available_total, 9);
    assert_eq!(first.available_stock_quantity, Some(9));
    assert_eq!(first.from_stock.len(), 1);
    let source = &first.from_stock[0];
    assert_eq!(source.location_id, Some("5efcc26a5ee50d00079ca2ab".into()));
    assert_eq!(source.quantity_allocated, Some(9));
    assert_eq!(source.stock_request, Some(4));
    assert_eq!(source.channel_id, Some(ChannelId::US));
    let second = &stock.items[1];
    assert_eq!(second.item_id, Some("1000000051".into()));
    assert!(!second.in_stock);
    assert_eq!(second.available_total, 420);
    assert_eq!(second.from_stock[0].location_id, Some("104".into()));
    assert_eq!(second.from_transit.len(), 1);
    assert_eq!(second.from_transit[0]["transitRef"], "WO-20000");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/inventory");
    assert_eq!(requests[0].url.query(), None);
    assert_common_headers(&requests[0]);
    assert_eq!(
        test_support::body_json(&requests[0]),
        fixtures().json("stock_levels_request.json")
    );
}

#[tokio::test]
async fn another_channel_goes_in_the_body() {
    let server = MockServer::start().await;
    stock_mock()
        .and(body_json(json!({
            "items": [{"itemId": "1000000003", "quantity": 4}],
            "channelId": 13
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let stock = client
        .stock_levels_on(ChannelId::CANADA, &items()[..1])
        .await
        .unwrap();
    assert!(stock.items.is_empty() && stock.is_complete());
}

#[tokio::test]
async fn the_query_is_a_read_and_is_retried() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    stock_mock()
        .respond_with(fixtures().json_answer(200, "stock_levels.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, clock) = client(&server);
    let stock = client.stock_levels(&items()).await.unwrap();
    assert_eq!(stock.items.len(), 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(500)]);
}

#[tokio::test]
async fn documented_errors_are_typed() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(fixtures().json_answer(403, "missing_api_key_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client.stock_levels(&items()).await.unwrap_err();
    assert!(
        matches!(
            error,
            BulkInsertError::Api {
                kind: BulkInsertErrorKind::Unauthorized,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("Missing x-api-key"));
}

#[tokio::test]
async fn an_answer_of_the_wrong_shape_is_a_decode_error() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": []})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client.stock_levels(&items()).await.unwrap_err();
    assert!(
        matches!(
            &error,
            BulkInsertError::Engine(client_core::Error::Decode { .. })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_empty_query_is_refused_before_sending() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client.stock_levels(&[]).await.unwrap_err();
    assert!(
        matches!(&error, BulkInsertError::InvalidInput(InvalidInput { field, .. }) if field == "items"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_answer_wrapping_the_items_in_an_object_is_read_too() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [
            {"itemId": "1000000003", "quantity": 4, "inStock": true, "availableTotal": 9},
            {"itemId": 1000000051, "quantity": 529, "inStock": false, "availableTotal": 120}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let stock = client.stock_levels(&items()).await.unwrap();

    assert_eq!(stock.items.len(), 2);
    assert_eq!(stock.items[0].item_id, Some("1000000003".into()));
    assert!(stock.items[0].in_stock);
    assert_eq!(stock.items[0].available_total, 9);
    assert_eq!(stock.items[1].item_id, Some("1000000051".into()));
    assert!(!stock.items[1].in_stock);
    assert_eq!(stock.items[1].available_total, 120);
}

// field notes §3: the answer's shape (`itemId, quantityRequested, …, availableTotal`) read
// tolerantly: a malformed item fails alone, naming its `itemId` and the field, and the items
// before and after it are kept; `null` lists read as empty.
#[tokio::test]
async fn a_malformed_item_fails_alone_naming_its_item_id() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(fixtures().json_answer(200, "stock_levels_one_malformed.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let stock = client.stock_levels(&items()).await.unwrap();

    let ids: Vec<_> = stock
        .items
        .iter()
        .map(|item| item.item_id.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["1000000003", "1000000077"]);
    assert!(!stock.is_complete());
    assert_eq!(stock.failed.len(), 2);
    let bad_source = &stock.failed[0];
    assert_eq!(bad_source.index, 1);
    assert_eq!(bad_source.id.as_deref(), Some("1000000051"));
    assert_eq!(
        bad_source.field.as_deref(),
        Some("fromStock[0].quantityReserved")
    );
    assert_eq!(bad_source.request.path, "/inventory");
    let missing = &stock.failed[1];
    assert_eq!(missing.index, 3);
    assert_eq!(missing.id.as_deref(), Some("1000000099"));
    assert!(missing.reason.contains("inStock"), "{}", missing.reason);
    assert!(missing.to_string().contains("1000000099"), "{missing}");

    let nulls = stock.get(ItemId::new(1_000_000_077).unwrap()).unwrap();
    assert!(nulls.from_stock.is_empty() && nulls.from_transit.is_empty());
    assert_eq!(nulls.available_total, 1);
    assert!(stock.get(ItemId::new(1_000_000_051).unwrap()).is_none());
}

// field notes §3: the same tolerance when the items come wrapped in `items`.
#[tokio::test]
async fn a_malformed_item_of_a_wrapped_answer_fails_alone_too() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [
            {"itemId": "1000000003", "inStock": true, "availableTotal": 9},
            {"itemId": "1000000051", "inStock": "yes", "availableTotal": 1}
        ]})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let stock = client.stock_levels(&items()).await.unwrap();
    assert_eq!(stock.items.len(), 1);
    assert_eq!(stock.failed.len(), 1);
    assert_eq!(stock.failed[0].id.as_deref(), Some("1000000051"));
    assert_eq!(stock.failed[0].field.as_deref(), Some("inStock"));
}

// field notes §3: ids come as numbers or text; one that is neither (an object, `true`) fails
// its item alone, and the ids around it are read as written.
#[tokio::test]
async fn an_id_that_is_neither_text_nor_a_number_fails_its_item_alone() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"itemId": 1000000003, "inStock": true, "availableTotal": 9,
             "fromStock": [{"locationId": " 104 "}, {"locationId": "WH-7"}]},
            {"itemId": 1000000051, "inStock": true, "availableTotal": 1,
             "fromStock": [{"locationId": 104}, {"locationId": {"id": 105}}]},
            {"itemId": true, "inStock": true, "availableTotal": 2}
        ])))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let stock = client.stock_levels(&items()).await.unwrap();

    assert_eq!(stock.items.len(), 1);
    let sources = &stock.items[0].from_stock;
    let first = sources[0].location_id.as_ref().unwrap();
    assert_eq!(
        (first.as_number(), first.trimmed_number()),
        (None, Some(104))
    );
    assert_eq!(sources[1].location_id, Some("WH-7".into()));
    assert_eq!(stock.failed.len(), 2);
    assert_eq!(stock.failed[0].id.as_deref(), Some("1000000051"));
    // The reader hands an id over once it has read it, so the place named is the object
    // holding it, and the reason shows the value.
    assert_eq!(stock.failed[0].field.as_deref(), Some("fromStock[1]"));
    assert!(
        stock.failed[0]
            .reason
            .contains(r#"expected text or a number, found an object {"id":105}"#),
        "{}",
        stock.failed[0].reason
    );
    assert_eq!(stock.failed[1].index, 2);
    assert!(
        stock.failed[1]
            .reason
            .contains("expected text or a number, found true"),
        "{}",
        stock.failed[1].reason
    );
}

// field notes §3: the request body `{"items":[{"itemId":"…","quantity":N}],"channelId":12}`.
#[tokio::test]
async fn the_query_body_is_the_documented_one() {
    let server = MockServer::start().await;
    stock_mock()
        .and(body_json(json!({
            "items": [{"itemId": "1000000003", "quantity": 4}, {"itemId": "1000000051", "quantity": 529}],
            "channelId": 12
        })))
        .respond_with(fixtures().json_answer(200, "stock_levels.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let stock = client.stock_levels(&items()).await.unwrap();
    assert!(stock.is_complete());
    let second = stock.get(ItemId::new(1_000_000_051).unwrap()).unwrap();
    assert_eq!(second.quantity_requested, Some(529));
    assert_eq!(second.from_stock_quantity, Some(120));
    assert_eq!(second.from_transit_quantity, Some(300));
    assert_eq!(second.available_transit_quantity, Some(300));
    assert_eq!(second.from_stock[0].quantity_reserved, Some(2));
    assert_eq!(second.from_stock[0].stock_remaining, Some(0));
}

#[tokio::test]
async fn the_rate_limit_status_is_what_the_server_last_reported() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(
            fixtures()
                .json_answer(200, "stock_levels.json")
                .append_header("x-ratelimit-limit", "100")
                .append_header("x-ratelimit-remaining", "99"),
        )
        .mount(&server)
        .await;
    let clock = client_core::clock::ManualClock::starting_at(fixed_time());
    let headers = RateLimitHeaders {
        limit: Some("x-ratelimit-limit"),
        remaining: "x-ratelimit-remaining",
        used: None,
        reset: None,
        period: Duration::from_secs(60),
    };
    let client = builder(&server, &clock)
        .rate_limit_headers(headers)
        .build()
        .unwrap();
    assert_eq!(client.rate_limit_status(), RateLimitStatus::default());

    client.stock_levels(&items()).await.unwrap();

    let status = client.rate_limit_status();
    assert_eq!(status.limit, Some(100));
    assert_eq!(status.remaining, Some(99));
    assert_eq!(
        client.clone().rate_limit_status(),
        status,
        "clones share it"
    );

    // Without being told the header names, the client learns nothing from them: the API
    // documents none.
    let (plain, _) = common::client(&server);
    plain.stock_levels(&items()).await.unwrap();
    assert_eq!(plain.rate_limit_status(), RateLimitStatus::default());
}
