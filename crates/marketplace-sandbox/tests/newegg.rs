//! The Newegg fake over HTTP: XML and JSON updates and reads, error codes, auth, rate limit.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use marketplace_sandbox::RateLimit;
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggSandbox,
};
use serde_json::{Value, json};

/// A JSON answer's body: it starts with a UTF-8 byte order mark (field notes §2.1), then JSON.
async fn json_body(response: reqwest::Response) -> Value {
    let bytes = response.bytes().await.unwrap();
    // A Newegg answer starts with a byte order mark.
    let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap();
    serde_json::from_slice(json).unwrap()
}

fn signed(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
        .header("Authorization", DEFAULT_AUTHORIZATION)
        .header("SecretKey", DEFAULT_SECRET_KEY)
}

fn xml_update(kind: &str, value: &str, entries: &[(&str, &str)]) -> String {
    let inventory: String = entries
        .iter()
        .map(|(warehouse, quantity)| {
            format!("<Inventory><WarehouseLocation>{warehouse}</WarehouseLocation><AvailableQuantity>{quantity}</AvailableQuantity></Inventory>")
        })
        .collect();
    format!(
        "<ItemInventoryInfo><Type>{kind}</Type><Value>{value}</Value><InventoryList>{inventory}</InventoryList></ItemInventoryInfo>"
    )
}

async fn post_xml(newegg: &NeweggSandbox, body: String) -> reqwest::Response {
    signed(reqwest::Client::new().post(newegg.inventory_url(DEFAULT_SELLER_ID)))
        .header("Content-Type", "application/xml")
        .header("Accept", "application/xml")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn post_json(newegg: &NeweggSandbox, body: Value) -> reqwest::Response {
    signed(reqwest::Client::new().post(newegg.inventory_url(DEFAULT_SELLER_ID)))
        .header("Accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_xml_update_sets_each_warehouse_and_answers_in_xml() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let response = post_xml(
        &newegg,
        xml_update("1", "A006BSP3", &[("USA", "107"), ("AUS", "0")]),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/xml");
    let body = response.text().await.unwrap();
    // A byte order mark leads the body (field notes §2.1); reqwest keeps it unless it is built
    // with its `charset` feature, which this workspace leaves off.
    let body = body.strip_prefix('\u{feff}').unwrap_or(&body);
    assert!(
        body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<UpdateInventoryResult>")
    );
    assert!(body.contains("<SellerID>A006</SellerID>"));
    assert!(body.contains("<ItemNumber>9SIA00607Y6476</ItemNumber>"));
    assert!(body.contains("<WarehouseLocation>AUS</WarehouseLocation>\n            <AvailableQuantity>0</AvailableQuantity>"));
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(107));
    assert_eq!(newegg.item_quantity("A006BSP3", "AUS"), Some(0));
    assert_eq!(newegg.item_quantity("A006BSP3", "CAN"), Some(12));
}

#[tokio::test]
async fn a_json_update_by_item_number_answers_in_json() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let response = post_json(
        &newegg,
        json!({
            "Type": "0",
            "Value": "9SIA0060AB1234",
            "InventoryList": { "Inventory": [
                { "WarehouseLocation": "USA", "AvailableQuantity": "30" },
                { "WarehouseLocation": "CAN", "AvailableQuantity": 4 }
            ] }
        }),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body = json_body(response).await;
    assert_eq!(
        body,
        json!({
            "SellerID": "A006",
            "ItemNumber": "9SIA0060AB1234",
            "SellerPartNumber": "A006-TT-USB",
            "InventoryList": { "Inventory": [
                { "WarehouseLocation": "USA", "AvailableQuantity": "30" },
                { "WarehouseLocation": "CAN", "AvailableQuantity": "4" }
            ] }
        })
    );
    assert_eq!(newegg.item_quantity("A006-TT-USB", "CAN"), Some(4));
}

#[tokio::test]
async fn a_put_reads_the_inventory_back_in_both_formats() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let http = reqwest::Client::new();
    let xml = signed(http.put(newegg.inventory_url(DEFAULT_SELLER_ID)))
        .header("Content-Type", "application/xml")
        .body("<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value></ContentQueryCriteria>")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(xml.contains("<InventoryResult>"));
    assert!(xml.contains("<WarehouseLocation>CAN</WarehouseLocation>\n            <FulfillmentOption>0</FulfillmentOption>\n            <AvailableQuantity>12</AvailableQuantity>"));

    let one = json_body(
        signed(http.put(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .json(&json!({ "Type": 2, "Value": "840006612345", "Condition": "2", "WarehouseLocation": "USA" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(one["SellerPartNumber"], "A006-DAC-MINI-R");
    assert_eq!(
        one["InventoryAllocation"]["Inventory"],
        json!([{ "WarehouseLocation": "USA", "FulfillmentOption": "0", "AvailableQuantity": "5" }])
    );
}

async fn put_xml(newegg: &NeweggSandbox, body: &str) -> (u16, String) {
    let response = signed(reqwest::Client::new().put(newegg.inventory_url(DEFAULT_SELLER_ID)))
        .header("Content-Type", "application/xml")
        .header("Accept", "application/xml")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn put_json(newegg: &NeweggSandbox, body: Value) -> (u16, Value) {
    let response = signed(reqwest::Client::new().put(newegg.inventory_url(DEFAULT_SELLER_ID)))
        .header("Accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), json_body(response).await)
}

/// The `<WarehouseLocation>` of each `<Inventory>` in an XML answer, in order.
fn xml_warehouses(body: &str) -> Vec<&str> {
    body.split("<Inventory>")
        .skip(1)
        .map(|entry| {
            let start = entry.find("<WarehouseLocation>").unwrap() + "<WarehouseLocation>".len();
            let end = entry.find("</WarehouseLocation>").unwrap();
            &entry[start..end]
        })
        .collect()
}

#[tokio::test]
async fn an_xml_read_honours_the_warehouse_list() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();

    // The shape the client sends: one `WarehouseLocation` per country inside `WarehouseList`.
    let (status, body) = put_xml(
        &newegg,
        "<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value><WarehouseList><WarehouseLocation>CAN</WarehouseLocation><WarehouseLocation>AUS</WarehouseLocation></WarehouseList></ContentQueryCriteria>",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(xml_warehouses(&body), ["CAN", "AUS"]);
    assert!(body.contains("<WarehouseLocation>CAN</WarehouseLocation>\n            <FulfillmentOption>0</FulfillmentOption>\n            <AvailableQuantity>12</AvailableQuantity>"));
    assert!(body.contains("<WarehouseLocation>AUS</WarehouseLocation>\n            <FulfillmentOption>0</FulfillmentOption>\n            <AvailableQuantity>0</AvailableQuantity>"));

    let (status, one) = put_xml(
        &newegg,
        "<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value><WarehouseList><WarehouseLocation>USA</WarehouseLocation></WarehouseList></ContentQueryCriteria>",
    )
    .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(xml_warehouses(&one), ["USA"]);

    // The older single top-level element still narrows the read.
    let (status, old_form) = put_xml(
        &newegg,
        "<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value><WarehouseLocation>CAN</WarehouseLocation></ContentQueryCriteria>",
    )
    .await;
    assert_eq!(status, 200, "{old_form}");
    assert_eq!(xml_warehouses(&old_form), ["CAN"]);

    // An empty list reads every warehouse with a recorded quantity.
    let (status, every) = put_xml(
        &newegg,
        "<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value><WarehouseList/></ContentQueryCriteria>",
    )
    .await;
    assert_eq!(status, 200, "{every}");
    assert_eq!(xml_warehouses(&every), ["CAN", "USA"]);

    let (status, refused) = put_xml(
        &newegg,
        "<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value><WarehouseList><WarehouseLocation>USA</WarehouseLocation><WarehouseLocation>GBR</WarehouseLocation></WarehouseList></ContentQueryCriteria>",
    )
    .await;
    assert_eq!(status, 400);
    assert!(refused.contains("<Code>CT073</Code>"), "{refused}");
    assert!(refused.contains("Country: [GBR]"), "{refused}");
}

#[tokio::test]
async fn a_json_read_honours_the_warehouse_list() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();

    // The shape the client sends: `WarehouseLocation` is always an array.
    let (status, two) = put_json(
        &newegg,
        json!({ "Type": "1", "Value": "A006BSP3", "WarehouseList": { "WarehouseLocation": ["USA", "AUS"] } }),
    )
    .await;
    assert_eq!(status, 200, "{two}");
    assert_eq!(
        two["InventoryAllocation"]["Inventory"],
        json!([
            { "WarehouseLocation": "USA", "FulfillmentOption": "0", "AvailableQuantity": "107" },
            { "WarehouseLocation": "AUS", "FulfillmentOption": "0", "AvailableQuantity": "0" }
        ])
    );

    // A list of one may come as the bare value, and the body may be wrapped in its root name.
    let (status, one) = put_json(
        &newegg,
        json!({ "ContentQueryCriteria": { "Type": 1, "Value": "A006BSP3", "WarehouseList": { "WarehouseLocation": "CAN" } } }),
    )
    .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(
        one["InventoryAllocation"]["Inventory"],
        json!([{ "WarehouseLocation": "CAN", "FulfillmentOption": "0", "AvailableQuantity": "12" }])
    );

    let (status, refused) = put_json(
        &newegg,
        json!({ "Type": "1", "Value": "A006BSP3", "WarehouseList": { "WarehouseLocation": ["DEU", "CAN", "GBR"] } }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(refused["Code"], "CT073");
    assert!(
        refused["Message"]
            .as_str()
            .unwrap()
            .contains("Country: [DEU,GBR]"),
        "{refused}"
    );

    let (status, malformed) = put_json(
        &newegg,
        json!({ "Type": "1", "Value": "A006BSP3", "WarehouseList": 7 }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(malformed["Code"], "CE003");
}

#[tokio::test]
async fn documented_error_codes_come_back_in_the_requested_format() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();

    let unknown_part = json_body(
        post_json(
            &newegg,
            json!({ "Type": "1", "Value": "NOPE", "InventoryList": { "Inventory": [{ "WarehouseLocation": "USA", "AvailableQuantity": "1" }] } }),
        )
        .await,
    )
    .await;
    assert_eq!(
        unknown_part,
        json!({ "Code": "CT002", "Message": "Invalid SellerPartNumber" })
    );

    let bad_type = post_xml(&newegg, xml_update("a", "A006BSP3", &[("USA", "1")])).await;
    assert_eq!(bad_type.status(), 400);
    let body = bad_type.text().await.unwrap();
    assert!(body.contains("<Errors>\n    <Error>\n        <Code>CE003</Code>"));
    assert!(body.contains(
        "<Message>The 'Type' element is invalid - The value 'a' is invalid according to its datatype 'Int' - The string 'a' is not a valid Int32 value.</Message>"
    ));

    let cases = [
        (xml_update("5", "A006BSP3", &[("USA", "1")]), "CT005"),
        (xml_update("0", "9SIA000", &[("USA", "1")]), "CT001"),
        (xml_update("2", "000000000000", &[("USA", "1")]), "CT003"),
        (xml_update("1", "A006BSP3", &[("USA", "1000000")]), "CT023"),
        (xml_update("1", "B123-AMP-01", &[("USA", "1")]), "CT015"),
        (xml_update("1", "A006-CABLE-RCA", &[("USA", "10")]), "CT025"),
        (
            xml_update("1", "A006BSP3", &[("USA", "5"), ("GBR", "1"), ("DEU", "2")]),
            "CT073",
        ),
    ];
    for (body, code) in cases {
        let response = post_xml(&newegg, body).await;
        assert_eq!(response.status(), 400, "{code}");
        let text = response.text().await.unwrap();
        assert!(
            text.contains(&format!("<Code>{code}</Code>")),
            "{code}: {text}"
        );
        if code == "CT073" {
            assert!(text.contains("Country: [GBR,DEU]"));
        }
    }
    // A refused request changes nothing.
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(107));

    let condition = json_body(
        post_json(
            &newegg,
            json!({ "Type": "2", "Value": "840006612345", "Condition": "3", "InventoryList": { "Inventory": [{ "WarehouseLocation": "USA", "AvailableQuantity": "1" }] } }),
        )
        .await,
    )
    .await;
    assert_eq!(condition["Code"], "CT010");
}

#[tokio::test]
async fn wrong_credentials_get_the_documented_codes_or_the_gateway_text() {
    // field notes §2.2: `InvalidToken` for a wrong secret key, `AccessDenied` for a seller the
    // keys may not act for, as XML `<Errors>`.
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let http = reqwest::Client::new();
    let wrong_secret = http
        .post(newegg.inventory_url(DEFAULT_SELLER_ID))
        .header("Authorization", DEFAULT_AUTHORIZATION)
        .header("SecretKey", "wrong")
        .body(xml_update("1", "A006BSP3", &[("USA", "1")]))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_secret.status(), 401);
    let body = wrong_secret.text().await.unwrap();
    assert!(
        body.contains("<Errors>\n    <Error>\n        <Code>InvalidToken</Code>"),
        "{body}"
    );

    let other_seller = signed(http.post(newegg.inventory_url("B123")))
        .body(xml_update("1", "A006BSP3", &[("USA", "1")]))
        .send()
        .await
        .unwrap();
    assert_eq!(other_seller.status(), 403);
    assert!(
        other_seller
            .text()
            .await
            .unwrap()
            .contains("<Code>AccessDenied</Code>")
    );

    let upper_case = signed(http.post(format!(
        "{}/marketplace/contentmgmt/item/International/inventory?sellerid=A006",
        newegg.base_url()
    )))
    .send()
    .await
    .unwrap();
    assert_eq!(upper_case.status(), 404);
    let entry = newegg.request_log().entries().remove(0);
    assert_eq!(entry.header("secretkey"), Some("***"));

    // The plain-text gateway answer a third party saw, behind its switch.
    let gateway = NeweggSandbox::builder()
        .demo_data()
        .gateway_auth_text(true)
        .start()
        .await
        .unwrap();
    for seller_id in [DEFAULT_SELLER_ID, "B123"] {
        let refused = http
            .post(gateway.inventory_url(seller_id))
            .header("Authorization", DEFAULT_AUTHORIZATION)
            .header("SecretKey", "wrong")
            .body(xml_update("1", "A006BSP3", &[("USA", "1")]))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
        assert_eq!(
            refused.text().await.unwrap(),
            "Gateway: Seller Auth failed."
        );
    }
}

#[tokio::test]
async fn the_rate_limit_headers_count_down_to_a_429() {
    let newegg = NeweggSandbox::builder()
        .demo_data()
        .rate_limit(RateLimit::per_hour(2))
        .start()
        .await
        .unwrap();
    let first = post_xml(&newegg, xml_update("1", "A006BSP3", &[("USA", "3")])).await;
    assert_eq!(first.headers()["x-ratelimit-limit"], "2");
    assert_eq!(first.headers()["x-ratelimit-remaining"], "1");
    // A Pacific `M/D/YYYY H:MM:SS AM` time by default (see newegg_field_notes.rs).
    let reset = first.headers()["x-ratelimit-resettime"].to_str().unwrap();
    assert!(reset.ends_with(" AM") || reset.ends_with(" PM"), "{reset}");
    post_xml(&newegg, xml_update("1", "A006BSP3", &[("USA", "4")])).await;
    let refused = post_xml(&newegg, xml_update("1", "A006BSP3", &[("USA", "5")])).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["x-ratelimit-remaining"], "0");
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(4));

    newegg.set_rate_limit(RateLimit::per_hour(100));
    let allowed = post_xml(&newegg, xml_update("1", "A006BSP3", &[("USA", "6")])).await;
    assert_eq!(allowed.status(), 200);
}
