//! `POST /marketplace/contentmgmt/item/international/inventory`: exact requests in both
//! formats, decoded answers, refusals before sending, retries and rate limits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use client_core::clock::ManualClock;
use common::*;
use inventory_model::{Country, ItemCondition};
use newegg_client::{
    ClientError, Condition, Format, InvalidInput, ItemId, ItemInventory, ItemInventoryUpdate,
    NeweggError, Region, WarehouseStock,
};
use wiremock::matchers::{body_string, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPEC_XML_BODY: &str = "<ItemInventoryInfo><Type>1</Type><Value>A006BSP3</Value>\
<InventoryList><Inventory><WarehouseLocation>USA</WarehouseLocation>\
<AvailableQuantity>107</AvailableQuantity></Inventory><Inventory>\
<WarehouseLocation>AUS</WarehouseLocation><AvailableQuantity>0</AvailableQuantity>\
</Inventory></InventoryList></ItemInventoryInfo>";

const SPEC_JSON_BODY: &str = r#"{"Type":"1","Value":"A006BSP3","InventoryList":{"Inventory":[{"WarehouseLocation":"USA","AvailableQuantity":"107"},{"WarehouseLocation":"AUS","AvailableQuantity":"0"}]}}"#;

fn spec_update() -> ItemInventoryUpdate {
    ItemInventoryUpdate::seller_part("A006BSP3")
        .warehouse(Country::USA, 107)
        .warehouse(Country::AUS, 0)
}

fn assert_spec_result(result: &ItemInventory, warehouses: &[(Country, u32)]) {
    assert_eq!(result.seller_id.as_deref(), Some("A006"));
    assert_eq!(result.item_number.as_deref(), Some("9SIA00607Y6476"));
    assert_eq!(result.seller_part_number.as_deref(), Some("A006BSP3"));
    let expected: Vec<_> = warehouses
        .iter()
        .map(|&(country, available)| WarehouseStock::new(country, available))
        .collect();
    assert_eq!(result.warehouses, expected);
}

#[tokio::test]
async fn xml_update_sends_the_spec_request_and_decodes_the_spec_answer() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Xml)
        .and(body_string(SPEC_XML_BODY))
        .respond_with(fixtures().answer(200, "update_result.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server, Format::Xml)
        .update_inventory(spec_update())
        .await
        .unwrap();

    assert_spec_result(&result, &[(Country::USA, 107), (Country::AUS, 0)]);
    assert_eq!(result.available_in(Country::AUS), Some(0));
    assert_eq!(result.available_in(Country::DEU), None);
    assert_url_shape(&server).await;
}

#[tokio::test]
async fn json_update_sends_the_spec_request_and_decodes_the_spec_answer() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Json)
        .and(body_string(SPEC_JSON_BODY))
        .respond_with(fixtures().answer(200, "update_result.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server, Format::Json)
        .update_inventory(spec_update())
        .await
        .unwrap();

    assert_spec_result(&result, &[(Country::USA, 107), (Country::AUS, 0)]);
    assert_url_shape(&server).await;
}

#[tokio::test]
async fn both_formats_give_the_same_result() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Xml)
        .respond_with(fixtures().answer(200, "update_result.xml", "application/xml"))
        .mount(&server)
        .await;
    inventory_request("POST", Format::Json)
        .respond_with(fixtures().answer(200, "update_result.json", "application/json"))
        .mount(&server)
        .await;
    let from_xml = client(&server, Format::Xml)
        .update_inventory(spec_update())
        .await
        .unwrap();
    let from_json = client(&server, Format::Json)
        .update_inventory(spec_update())
        .await
        .unwrap();
    assert_eq!(from_xml, from_json);
}

#[tokio::test]
async fn upc_updates_carry_the_condition_and_other_identifiers_do_not() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Xml)
        .and(body_string(
            "<ItemInventoryInfo><Type>2</Type><Value>012345678905</Value>\
             <Condition>4</Condition><InventoryList><Inventory>\
             <WarehouseLocation>USA</WarehouseLocation><AvailableQuantity>3</AvailableQuantity>\
             </Inventory></InventoryList></ItemInventoryInfo>",
        ))
        .respond_with(fixtures().answer(200, "update_result_bom.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    inventory_request("POST", Format::Json)
        .and(body_string(
            r#"{"Type":"0","Value":"9SIA00607Y6476","InventoryList":{"Inventory":[{"WarehouseLocation":"USA","AvailableQuantity":"999999"}]}}"#,
        ))
        .respond_with(fixtures().answer(200, "update_result_loose.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    // The model's condition converts to Newegg's code 4.
    let by_upc = ItemInventoryUpdate::upc("012345678905", ItemCondition::UsedVeryGood)
        .warehouse(Country::USA, 3);
    assert_eq!(
        by_upc.item(),
        &ItemId::Upc {
            upc: "012345678905".into(),
            condition: Condition::UsedVeryGood
        }
    );
    let result = client(&server, Format::Xml)
        .update_inventory(by_upc)
        .await
        .unwrap();
    assert_spec_result(&result, &[(Country::USA, 107)]);

    let by_item =
        ItemInventoryUpdate::newegg_item("9SIA00607Y6476").warehouse(Country::USA, 999_999);
    let result = client(&server, Format::Json)
        .update_inventory(by_item)
        .await
        .unwrap();
    assert_spec_result(&result, &[(Country::USA, 107)]);
}

#[tokio::test]
async fn loose_json_and_bom_prefixed_answers_are_read() {
    let server = MockServer::start().await;
    // Numbers as numbers, a single entry as a bare object, a byte-order mark, and an XML
    // answer to a JSON request: all read into the same result.
    Mock::given(method("POST"))
        .respond_with(fixtures().answer(200, "update_result_loose.json", "application/json"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(fixtures().answer(200, "update_result_bom.xml", "text/xml"))
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Json);
    for _ in 0..2 {
        let result = newegg.update_inventory(spec_update()).await.unwrap();
        assert_spec_result(&result, &[(Country::USA, 107)]);
    }
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Xml);

    let cases = [
        (
            ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, 1_000_000),
            "warehouses[0].available_quantity",
        ),
        (
            ItemInventoryUpdate::seller_part("A006BSP3")
                .warehouse(Country::USA, 1)
                .warehouse(Country::AUS, u32::MAX),
            "warehouses[1].available_quantity",
        ),
        (ItemInventoryUpdate::seller_part("A006BSP3"), "warehouses"),
        (
            ItemInventoryUpdate::seller_part("A006BSP3")
                .warehouse(Country::USA, 1)
                .warehouse(Country::USA, 2),
            "warehouses[1].warehouse_location",
        ),
        (
            ItemInventoryUpdate::seller_part("  ").warehouse(Country::USA, 1),
            "item.seller_part_number",
        ),
        (
            ItemInventoryUpdate::seller_part(" A006BSP3").warehouse(Country::USA, 1),
            "item.seller_part_number",
        ),
        (
            ItemInventoryUpdate::seller_part("A006\nBSP3").warehouse(Country::USA, 1),
            "item.seller_part_number",
        ),
        (
            ItemInventoryUpdate::newegg_item("9SIA/../x").warehouse(Country::USA, 1),
            "item.newegg_item_number",
        ),
        (
            ItemInventoryUpdate::upc("0123-4567", Condition::New).warehouse(Country::USA, 1),
            "item.upc",
        ),
        (
            ItemInventoryUpdate::upc("012345678901234", Condition::New).warehouse(Country::USA, 1),
            "item.upc",
        ),
        (
            ItemInventoryUpdate::upc("012345678905", Condition::from_code("7"))
                .warehouse(Country::USA, 1),
            "item.condition",
        ),
    ];
    for (update, field) in cases {
        match newegg.update_inventory(update).await {
            Err(NeweggError::InvalidInput(InvalidInput { field: found, rule })) => {
                assert_eq!(found, field, "{rule}");
                assert!(!rule.is_empty());
            }
            other => panic!("expected a refusal of {field}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn business_and_canada_platforms_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    for region in [Region::Business, Region::Canada] {
        let newegg = builder(&server, &ManualClock::new())
            .region(region)
            .build()
            .unwrap();
        let error = newegg.update_inventory(spec_update()).await.unwrap_err();
        assert!(
            matches!(error, NeweggError::UnsupportedRegion { region: found, .. } if found == region),
            "{error:?}"
        );
        assert!(error.to_string().contains("USA"), "{error}");
    }
}

#[tokio::test]
async fn a_429_is_waited_out_and_the_update_retried() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Xml)
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "7"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    inventory_request("POST", Format::Xml)
        .and(body_string(SPEC_XML_BODY))
        .respond_with(fixtures().answer(200, "update_result.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let newegg = builder(&server, &clock).build().unwrap();

    let result = newegg.update_inventory(spec_update()).await.unwrap();

    assert_eq!(result.available_in(Country::USA), Some(107));
    assert!(
        clock.sleeps().contains(&Duration::from_secs(7)),
        "{:?}",
        clock.sleeps()
    );
}

#[tokio::test]
async fn rate_limit_headers_pace_the_next_request() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Xml)
        .respond_with(
            fixtures()
                .answer(200, "update_result.xml", "application/xml")
                .insert_header("X-RateLimit-Limit", "10000")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-ResetTime", "30"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let newegg = builder(&server, &clock).build().unwrap();

    newegg.update_inventory(spec_update()).await.unwrap();
    let status = newegg.rate_limit_status();
    assert_eq!(status.limit, Some(10_000));
    assert_eq!(status.remaining, Some(0));
    assert!(clock.sleeps().is_empty());

    // Nothing remains: the next update waits exactly until Newegg's reset time.
    newegg.update_inventory(spec_update()).await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
}

#[tokio::test]
async fn an_unreadable_answer_is_a_decode_error_keeping_the_body() {
    let server = MockServer::start().await;
    let bad_country = String::from_utf8(fixtures().bytes("update_result.xml"))
        .unwrap()
        .replace("AUS", "XXA");
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(bad_country.into_bytes(), "application/xml"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"OK".to_vec(), "text/plain"))
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Xml);

    let error = newegg.update_inventory(spec_update()).await.unwrap_err();
    assert!(matches!(error, NeweggError::Engine(_)), "{error:?}");
    assert!(error.to_string().contains("XXA"), "{error}");
    assert!(error.raw_body().unwrap().contains("XXA"));

    // A 200 in a content type Newegg never sends is named for what it is.
    let error = newegg.update_inventory(spec_update()).await.unwrap_err();
    assert!(
        matches!(
            &error,
            NeweggError::Engine(client_core::Error::UnexpectedContentType(_))
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("expected xml or json, got text/plain"),
        "{error}"
    );
    assert_eq!(error.raw_body(), Some("OK"));
}
