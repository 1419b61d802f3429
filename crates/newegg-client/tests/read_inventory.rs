//! `PUT /marketplace/contentmgmt/item/international/inventory` (a read): exact requests in
//! both formats, decoded answers, refusals and retries.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use client_core::clock::ManualClock;
use common::*;
use inventory_model::{Country, ItemCondition};
use newegg_client::{
    Condition, Format, InvalidInput, InventoryQuery, NeweggError, Region, WarehouseStock,
};
use wiremock::matchers::{body_string, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn assert_read_result(result: &newegg_client::ItemInventory) {
    assert_eq!(result.seller_id.as_deref(), Some("A006"));
    assert_eq!(result.item_number.as_deref(), Some("9SIA0060000001"));
    assert_eq!(
        result.seller_part_number.as_deref(),
        Some("A006testitem201201021459")
    );
    assert_eq!(
        result.warehouses,
        vec![
            WarehouseStock::new(Country::USA, 250),
            WarehouseStock::new(Country::AUS, 12)
        ]
    );
}

#[tokio::test]
async fn xml_read_of_named_warehouses() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Xml)
        .and(body_string(
            "<ContentQueryCriteria><Type>1</Type><Value>A006testitem201201021459</Value>\
             <WarehouseList><WarehouseLocation>USA</WarehouseLocation>\
             <WarehouseLocation>AUS</WarehouseLocation></WarehouseList></ContentQueryCriteria>",
        ))
        .respond_with(fixtures().answer(200, "inventory_result.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;

    let query = InventoryQuery::seller_part("A006testitem201201021459")
        .warehouse(Country::USA)
        .warehouse(Country::AUS)
        .warehouse(Country::USA);
    let result = client(&server, Format::Xml).inventory(query).await.unwrap();

    assert_read_result(&result);
    assert_url_shape(&server).await;
}

#[tokio::test]
async fn json_read_of_every_warehouse() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Json)
        .and(body_string(
            r#"{"Type":"1","Value":"A006testitem201201021459"}"#,
        ))
        .respond_with(fixtures().answer(200, "inventory_result.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let query = InventoryQuery::seller_part("A006testitem201201021459");
    let result = client(&server, Format::Json)
        .inventory(query)
        .await
        .unwrap();

    assert_read_result(&result);
    assert_url_shape(&server).await;
}

#[tokio::test]
async fn json_read_by_upc_and_newegg_item() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Json)
        .and(body_string(
            r#"{"Type":"2","Value":"012345678905","Condition":"2","WarehouseList":{"WarehouseLocation":["CAN"]}}"#,
        ))
        .respond_with(fixtures().answer(200, "inventory_result.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    inventory_request("PUT", Format::Json)
        .and(body_string(r#"{"Type":"0","Value":"9SIA0060000001"}"#))
        .respond_with(fixtures().answer(200, "inventory_result.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Json);

    let by_upc =
        InventoryQuery::upc("012345678905", ItemCondition::Refurbished).warehouse(Country::CAN);
    assert_read_result(&newegg.inventory(by_upc).await.unwrap());
    let by_item = InventoryQuery::newegg_item("9SIA0060000001");
    assert_read_result(&newegg.inventory(by_item).await.unwrap());
}

#[tokio::test]
async fn an_empty_inventory_list_reads_as_no_warehouses() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"<InventoryResult><SellerID>A006</SellerID><ItemNumber/><InventoryList/></InventoryResult>"
                .to_vec(),
            "application/xml",
        ))
        .mount(&server)
        .await;
    let result = client(&server, Format::Xml)
        .inventory(InventoryQuery::seller_part("A006BSP3"))
        .await
        .unwrap();
    assert_eq!(result.seller_id.as_deref(), Some("A006"));
    assert_eq!(result.item_number, None);
    assert!(result.warehouses.is_empty());
}

#[tokio::test]
async fn a_read_answered_with_an_update_document_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(fixtures().answer(200, "update_result.xml", "application/xml"))
        .mount(&server)
        .await;
    let error = client(&server, Format::Xml)
        .inventory(InventoryQuery::seller_part("A006BSP3"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("InventoryResult"), "{error}");
}

#[tokio::test]
async fn invalid_reads_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Xml);
    let cases = [
        (InventoryQuery::seller_part(""), "item.seller_part_number"),
        (
            InventoryQuery::newegg_item("9SIA 006"),
            "item.newegg_item_number",
        ),
        (InventoryQuery::upc("UPC", Condition::New), "item.upc"),
        (
            InventoryQuery::upc("012345678905", Condition::Unknown("0".into())),
            "item.condition",
        ),
    ];
    for (query, field) in cases {
        match newegg.inventory(query).await {
            Err(NeweggError::InvalidInput(InvalidInput { field: found, .. })) => {
                assert_eq!(found, field)
            }
            other => panic!("expected a refusal of {field}, got {other:?}"),
        }
    }
    let canada = builder(&server, &ManualClock::new())
        .region(Region::Canada)
        .build()
        .unwrap();
    let error = canada
        .inventory(InventoryQuery::seller_part("A006BSP3"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, NeweggError::UnsupportedRegion { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_read_is_retried_after_a_503() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Xml)
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    inventory_request("PUT", Format::Xml)
        .respond_with(fixtures().answer(200, "inventory_result.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let newegg = builder(&server, &clock).build().unwrap();
    let result = newegg
        .inventory(InventoryQuery::seller_part("A006testitem201201021459"))
        .await
        .unwrap();
    assert_read_result(&result);
    assert_eq!(clock.sleeps().len(), 1);
}
