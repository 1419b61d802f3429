//! The read answers Newegg's own SDK records (field notes §2.4): `InventoryAllocation` with a
//! fulfillment option per entry, in JSON and XML; the flat platform-wide answer of
//! `contentmgmt/item/inventory`; and answers of a shape the client does not know, which are
//! errors keeping the body, never zero warehouses.
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
    ClientError, Condition, Format, FulfillmentOption, InventoryQuery, ItemId, ItemInventory,
    ItemStock, NeweggError, NeweggWarehouse, Region, WarehouseStock,
};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

/// The three entries of the SDK's recorded JSON answer (field notes §2.4): the USA twice,
/// once shipped by the seller and once by Newegg with its per-warehouse breakdown.
fn sdk_entries() -> Vec<WarehouseStock> {
    vec![
        WarehouseStock::new(Country::USA, 107).fulfilled_by(FulfillmentOption::Seller),
        WarehouseStock::new(Country::USA, 40)
            .fulfilled_by(FulfillmentOption::Newegg)
            .with_newegg_warehouses(vec![
                NeweggWarehouse::new("07", 3),
                NeweggWarehouse::new("12", 37),
            ]),
        WarehouseStock::new(Country::AUS, 0).fulfilled_by(FulfillmentOption::Seller),
    ]
}

fn assert_sdk_answer(result: &ItemInventory) {
    assert_eq!(result.seller_id.as_deref(), Some("A006"));
    assert_eq!(result.item_number.as_deref(), Some("9SIA0060884598"));
    assert_eq!(
        result.seller_part_number.as_deref(),
        Some("A006testitem201201021459")
    );
    assert_eq!(result.warehouses, sdk_entries());
    // The seller's stock and Newegg's are never added up: 107 is the seller's, 40 Newegg's.
    assert_eq!(result.available_in(Country::USA), Some(107));
    assert_eq!(result.newegg_available_in(Country::USA), Some(40));
    assert_eq!(result.stock_in(Country::USA).count(), 2);
    assert_eq!(result.available_in(Country::AUS), Some(0));
    assert_eq!(result.newegg_available_in(Country::AUS), None);
    assert_eq!(result.available_in(Country::CAN), None);
    let sbn = result.stock_in(Country::USA).nth(1).unwrap();
    assert!(!sbn.is_sellers_own());
    assert_eq!(
        sbn.newegg_warehouses
            .iter()
            .map(|w| w.quantity)
            .sum::<u32>(),
        40
    );
}

// field notes §2.4: GetItemInternationalInventoryResponse.json.
#[tokio::test]
async fn the_sdk_json_answer_keeps_each_fulfillment_option() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Json)
        .and(body_string(
            r#"{"Type":"0","Value":"9SIA0068KA0333","WarehouseList":{"WarehouseLocation":["USA"]}}"#,
        ))
        .respond_with(fixtures().answer(200, "inventory_allocation.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let query = InventoryQuery::newegg_item("9SIA0068KA0333").warehouse(Country::USA);
    let result = client(&server, Format::Json)
        .inventory(query)
        .await
        .unwrap();
    assert_sdk_answer(&result);
}

// field notes §2.4: GetItemInternationalInventoryResponse.xml (the notes' sample with its
// elided header filled in from the same mock).
#[tokio::test]
async fn the_sdk_xml_answer_is_read() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Xml)
        .respond_with(fixtures().answer(200, "inventory_allocation.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server, Format::Xml)
        .inventory(InventoryQuery::seller_part("meredith-20181229-1345"))
        .await
        .unwrap();
    assert_eq!(result.item_number.as_deref(), Some("9SIA0068KA0333"));
    assert_eq!(
        result.warehouses,
        vec![WarehouseStock::new(Country::USA, 100).fulfilled_by(FulfillmentOption::Seller)]
    );
    assert_eq!(result.available_in(Country::USA), Some(100));
}

// field notes §2.4: the JSON answer rendered in XML reads the same.
#[tokio::test]
async fn the_xml_rendering_of_the_two_options_reads_like_the_json() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Xml)
        .respond_with(fixtures().answer(200, "inventory_allocation_sbn.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server, Format::Xml)
        .inventory(InventoryQuery::seller_part("A006testitem201201021459"))
        .await
        .unwrap();
    assert_sdk_answer(&result);
}

// field notes §2.4: the same location twice, once per option; a country only Newegg ships
// from has no seller's stock.
#[tokio::test]
async fn a_country_only_newegg_ships_from_has_no_sellers_stock() {
    let server = MockServer::start().await;
    let body = r#"{"SellerID":"A006","InventoryAllocation":{"Inventory":
        {"WarehouseLocation":"USA","FulfillmentOption":"1","AvailableQuantity":"40",
         "WarehouseAllocation":{"Warehouse":{"WarehouseCode":"07","Quantity":40}}}}}"#;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let result = client(&server, Format::Json)
        .inventory(InventoryQuery::seller_part("A006BSP3"))
        .await
        .unwrap();
    assert_eq!(result.available_in(Country::USA), None);
    assert_eq!(result.newegg_available_in(Country::USA), Some(40));
    assert_eq!(
        result.warehouses[0].newegg_warehouses,
        vec![NeweggWarehouse::new("07", 40)]
    );
}

/// Answers that are none of the shapes the client knows: each a decode error keeping the
/// body, never an item with zero warehouses.
#[tokio::test]
async fn an_answer_of_an_unknown_shape_is_a_decode_error_keeping_the_body() {
    let flat = fixture_text("item_stock_can.json");
    let cases: [(&str, &str, Format, &str); 6] = [
        (
            r#"{"SellerID":"A006","ItemNumber":"9SIA-NOLIST"}"#,
            "application/json",
            Format::Json,
            "InventoryAllocation",
        ),
        (
            r#"{"SellerID":"A006","InventoryAllocation":{"Stock":[{"WarehouseLocation":"USA","AvailableQuantity":"1"}]}}"#,
            "application/json",
            Format::Json,
            "Stock",
        ),
        (
            "<InventoryResult><SellerID>A006</SellerID><Stock><Inventory>\
             <WarehouseLocation>USA</WarehouseLocation><AvailableQuantity>1</AvailableQuantity>\
             </Inventory></Stock></InventoryResult>",
            "application/xml",
            Format::Xml,
            "InventoryList",
        ),
        (
            "<InventoryResult><SellerID>A006</SellerID><InventoryAllocation><Item>\
             <WarehouseLocation>USA</WarehouseLocation></Item></InventoryAllocation>\
             </InventoryResult>",
            "application/xml",
            Format::Xml,
            "Item",
        ),
        (
            r#"{"SellerID":"A006","InventoryAllocation":{"Inventory":[
                {"WarehouseLocation":"USA","FulfillmentOption":"0","AvailableQuantity":"1"},
                {"WarehouseLocation":"USA","FulfillmentOption":"0","AvailableQuantity":"2"}]}}"#,
            "application/json",
            Format::Json,
            "twice",
        ),
        (&flat, "application/json", Format::Json, "platform-wide"),
    ];
    for (body, content_type, format, said) in cases {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), content_type))
            .mount(&server)
            .await;
        let error = client(&server, format)
            .inventory(InventoryQuery::seller_part("A006BSP3"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                &error,
                NeweggError::Engine(client_core::Error::Decode { .. })
            ),
            "{body}: {error:?}"
        );
        assert!(error.to_string().contains(said), "{body}: {error}");
        assert_eq!(error.raw_body(), Some(body), "{body}");
    }
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixtures().bytes(name)).unwrap()
}

/// Matches the platform-wide read on `route`, with the credentials and the format's headers.
fn item_stock_request(route: &str, format: Format) -> MockBuilder {
    let media = match format {
        Format::Xml => "application/xml",
        _ => "application/json",
    };
    Mock::given(method("POST"))
        .and(path(route))
        .and(test_support::exact_query(&[("sellerid", SELLER_ID)]))
        .and(header("authorization", API_KEY))
        .and(header("secretkey", SECRET_KEY))
        .and(header("content-type", media))
        .and(header("accept", media))
}

// field notes §2.4: B2B/CAN `POST contentmgmt/item/inventory`, Mocks/Item/CAN/
// GetItemInventoryResponse.json: `AvailableQuantity` a JSON number, the rest text.
#[tokio::test]
async fn the_flat_canada_answer_reads_as_item_stock() {
    let server = MockServer::start().await;
    item_stock_request("/marketplace/can/contentmgmt/item/inventory", Format::Json)
        .and(body_string(
            r#"{"Type":"1","Value":"A006testitem201201021459"}"#,
        ))
        .respond_with(fixtures().answer(200, "item_stock_can.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let newegg = builder(&server, &ManualClock::new())
        .region(Region::Canada)
        .format(Format::Json)
        .build()
        .unwrap();
    let stock: ItemStock = newegg
        .item_stock(ItemId::SellerPart("A006testitem201201021459".into()))
        .await
        .unwrap();
    assert_eq!(stock.seller_id.as_deref(), Some("A006"));
    assert_eq!(stock.item_number.as_deref(), Some("9SIA0060884598"));
    assert_eq!(stock.fulfillment, FulfillmentOption::Newegg);
    assert_eq!(stock.active, Some(false));
    assert_eq!(stock.available, 71);
    assert_eq!(
        stock.newegg_warehouses,
        vec![
            NeweggWarehouse::new("35", 3),
            NeweggWarehouse::new("36", 37)
        ]
    );
}

// field notes §2.4: the XML sample with warehouse `SBS`, on Newegg Business.
#[tokio::test]
async fn the_flat_xml_answer_reads_on_business() {
    let server = MockServer::start().await;
    item_stock_request("/marketplace/b2b/contentmgmt/item/inventory", Format::Xml)
        .and(body_string(
            "<ContentQueryCriteria><Type>2</Type><Value>012345678905</Value>\
             <Condition>3</Condition></ContentQueryCriteria>",
        ))
        .respond_with(fixtures().answer(200, "item_stock.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let newegg = builder(&server, &ManualClock::new())
        .region(Region::Business)
        .build()
        .unwrap();
    let item = ItemId::Upc {
        upc: "012345678905".into(),
        condition: Condition::from(ItemCondition::UsedLikeNew),
    };
    let stock = newegg.item_stock(item).await.unwrap();
    assert_eq!(stock.seller_part_number.as_deref(), Some("MYSTUFF029384"));
    assert_eq!(stock.fulfillment, FulfillmentOption::Seller);
    assert_eq!(stock.active, Some(false));
    assert_eq!(stock.available, 12);
    assert_eq!(
        stock.newegg_warehouses,
        vec![NeweggWarehouse::new("SBS", 12)]
    );
}

// field notes §2.4: the flat read is not the per-country one; each refuses the other's shape.
#[tokio::test]
async fn the_flat_read_refuses_an_answer_per_country_and_bad_items_before_sending() {
    let server = MockServer::start().await;
    item_stock_request("/marketplace/contentmgmt/item/inventory", Format::Xml)
        .respond_with(fixtures().answer(200, "inventory_allocation.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Xml);
    let error = newegg
        .item_stock(ItemId::SellerPart("A006BSP3".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            NeweggError::Engine(client_core::Error::Decode { .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("platform-wide"), "{error}");
    assert!(error.raw_body().unwrap().contains("InventoryAllocation"));

    let refused = newegg
        .item_stock(ItemId::SellerPart(" A006".into()))
        .await
        .unwrap_err();
    assert_eq!(
        refused.invalid_input().map(|r| r.field.as_str()),
        Some("item.seller_part_number")
    );
}
