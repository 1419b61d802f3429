//! GET /inventory/generic/{inventoryId}: one item's inventory at every location (field
//! notes §3).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use bulkinsert_client::{
    BulkInsertError, BulkInsertErrorKind, ChannelId, ClientError, GenericInventory, InvalidInput,
};
use common::*;
use time::macros::datetime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// field notes §3: `{itemId, sku, title, inlocations[{location{…, locationId}, inStock,
// channel[{channelId, quantityReserved, allocation{mou, unit}}], inTransit[…]}], _id,
// createdAt, updatedAt}`. The page elides the location's other fields (`…`); the fixture's
// `name` and `type` stand for them and are kept as written.
#[tokio::test]
async fn reads_the_documented_shape() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/generic/5fa087827899ae0007ce1ff1"))
        .respond_with(fixtures().json_answer(200, "generic_inventory.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let inventory: GenericInventory = client
        .generic_inventory("5fa087827899ae0007ce1ff1")
        .await
        .unwrap();

    assert_eq!(inventory.id.as_deref(), Some("5fa087827899ae0007ce1ff1"));
    assert_eq!(inventory.item_id, Some("1000000213".into()));
    assert_eq!(inventory.sku.as_deref(), Some("123456"));
    assert_eq!(
        inventory.title.as_deref(),
        Some("Blue Note 1500 series, 180 g")
    );
    assert_eq!(
        inventory.created_at,
        Some(datetime!(2020-11-02 22:26:10.175 UTC))
    );
    assert_eq!(
        inventory.updated_at,
        Some(datetime!(2020-11-02 22:26:10.448 UTC))
    );
    assert_eq!(inventory.locations.len(), 3);

    let main = inventory.at("104").unwrap();
    let location = main.location.as_ref().unwrap();
    assert_eq!(location.other["name"], "Main warehouse");
    assert_eq!(main.in_stock, Some(30003));
    assert_eq!(main.channels.len(), 2);
    assert_eq!(main.channels[0].channel_id, Some(ChannelId::US));
    assert_eq!(main.channels[0].quantity_reserved, Some(3));
    let allocation = main.channels[0].allocation.as_ref().unwrap();
    assert_eq!(allocation.mou.as_deref(), Some("EA"));
    assert_eq!(allocation.unit.as_deref(), Some("2"));
    // `{}` is "not given".
    assert_eq!(main.channels[1].channel_id, Some(ChannelId::CANADA));
    assert_eq!(main.channels[1].allocation, None);
    assert_eq!(main.in_transit[0]["transitRef"], "WO-20000");

    // A number written as text, a `null` list, an empty location object.
    let second = inventory.at("5efcc26a5ee50d00079ca2ab").unwrap();
    assert_eq!(second.in_stock, Some(9));
    assert!(second.channels.is_empty());
    assert_eq!(inventory.locations[2].location, None);
    assert_eq!(inventory.locations[2].in_stock, Some(0));
    assert!(inventory.locations[2].in_transit.is_empty());

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
    assert_common_headers(&requests[0]);
}

// The id is one path segment whatever it holds: `/`, `?`, `#`, spaces and `..` cannot change
// the route.
#[tokio::test]
async fn the_inventory_id_is_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(fixtures().json_answer(200, "generic_inventory.json"))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    client
        .generic_inventory("../location/104?x=1#y z")
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.path(),
        "/inventory/generic/..%2Flocation%2F104%3Fx%3D1%23y%20z"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn an_empty_or_dot_id_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    for id in ["", ".", ".."] {
        let error = client.generic_inventory(id).await.unwrap_err();
        assert!(
            matches!(&error, BulkInsertError::InvalidInput(InvalidInput { field, .. }) if field == "inventoryId"),
            "{id:?}: {error:?}"
        );
    }
}

#[tokio::test]
async fn errors_and_other_shapes_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/generic/missing"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "Not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/generic/empty"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"inlocations":[]}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/generic/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client.generic_inventory("missing").await.unwrap_err();
    assert!(
        matches!(
            &error,
            BulkInsertError::Api {
                kind: BulkInsertErrorKind::Other,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.message(), Some("Not found"));

    let error = client.generic_inventory("list").await.unwrap_err();
    assert!(
        matches!(
            &error,
            BulkInsertError::Engine(client_core::Error::Decode { .. })
        ),
        "{error:?}"
    );
    assert_eq!(error.raw_body(), Some("[]"));

    let error = client.generic_inventory("empty").await.unwrap_err();
    assert!(
        error.to_string().contains("no _id, itemId or sku"),
        "{error}"
    );
    assert_eq!(error.raw_body(), Some(r#"{"inlocations":[]}"#));
}
