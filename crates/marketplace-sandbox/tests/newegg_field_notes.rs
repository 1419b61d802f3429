//! The Newegg fake against the live facts of the field notes (§2): the byte order mark, the
//! rate headers with `X-RateLimit-ResetTime`, the read answer Newegg's SDK records, the
//! authentication codes and CT022.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::{SystemTime, UNIX_EPOCH};

use marketplace_sandbox::RateLimit;
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, DEMO_MIXED_FULFILLMENT_PART,
    DEMO_SHIPPED_BY_NEWEGG_PART, NeweggReadShape, NeweggResetTime, NeweggSandbox,
};
use serde_json::{Value, json};

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn signed(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
        .header("Authorization", DEFAULT_AUTHORIZATION)
        .header("SecretKey", DEFAULT_SECRET_KEY)
}

/// Status, whether the body started with a byte order mark, and the body after it.
async fn answer(request: reqwest::RequestBuilder) -> (u16, bool, String) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    let (bom, rest) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, &bytes[..]),
    };
    (status, bom, String::from_utf8(rest.to_vec()).unwrap())
}

async fn read_json(newegg: &NeweggSandbox, body: Value) -> (u16, Value) {
    let (status, bom, text) = answer(
        signed(reqwest::Client::new().put(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .header("Accept", "application/json")
            .json(&body),
    )
    .await;
    assert!(bom);
    (status, serde_json::from_str(&text).unwrap())
}

fn now() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// Reads `M/D/YYYY H:MM:SS AM` as seconds since the epoch of that wall-clock time.
fn parse_us_time(text: &str) -> i64 {
    let (date, rest) = text.split_once(' ').unwrap();
    let (clock, meridiem) = rest.split_once(' ').unwrap();
    assert!(date.split('/').all(|part| !part.starts_with('0')), "{text}");
    let date: Vec<i64> = date.split('/').map(|part| part.parse().unwrap()).collect();
    let parts: Vec<&str> = clock.split(':').collect();
    // Minutes and seconds have two digits; month, day and hour none to spare.
    assert!(parts[1].len() == 2 && parts[2].len() == 2, "{text}");
    assert!(!parts[0].starts_with('0'), "{text}");
    let clock: Vec<i64> = parts.iter().map(|part| part.parse().unwrap()).collect();
    assert!(meridiem == "AM" || meridiem == "PM", "{text}");
    assert!((1..=12).contains(&clock[0]), "{text}");
    let hour = clock[0] % 12 + if meridiem == "PM" { 12 } else { 0 };
    let (year, month, day) = (date[2], date[0], date[1]);
    // Days from civil (Howard Hinnant).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hour * 3600 + clock[1] * 60 + clock[2]
}

#[tokio::test]
async fn answers_start_with_a_byte_order_mark_unless_switched_off() {
    // field notes §2.1: answers may start with a UTF-8 BOM.
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let http = reqwest::Client::new();
    let (status, bom, xml) = answer(
        signed(http.put(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .header("Content-Type", "application/xml")
            .body("<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value></ContentQueryCriteria>"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(bom);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    let (status, bom, error) = answer(
        signed(http.put(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .json(&json!({ "Type": "1", "Value": "NOPE" })),
    )
    .await;
    assert_eq!(status, 400);
    assert!(bom);
    assert_eq!(
        serde_json::from_str::<Value>(&error).unwrap(),
        json!({ "Code": "CT002", "Message": "Invalid SellerPartNumber" })
    );

    let plain = NeweggSandbox::builder()
        .demo_data()
        .bom(false)
        .start()
        .await
        .unwrap();
    let (status, bom, body) = answer(
        signed(http.put(plain.inventory_url(DEFAULT_SELLER_ID)))
            .json(&json!({ "Type": "1", "Value": "A006BSP3" })),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!bom);
    assert!(body.starts_with('{'));
}

#[tokio::test]
async fn a_read_lists_each_fulfillment_option_as_newegg_s_sdk_records() {
    // field notes §2.4: `InventoryAllocation.Inventory[]`, one entry per warehouse and
    // fulfillment option, numbers as strings, the same warehouse twice.
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let (status, body) = read_json(
        &newegg,
        json!({ "Type": "1", "Value": DEMO_MIXED_FULFILLMENT_PART, "WarehouseList": { "WarehouseLocation": ["USA", "AUS"] } }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"SellerID": "A006", "ItemNumber": "9SIA0060884598", "SellerPartNumber": "A006testitem201201021459",
         "InventoryAllocation": {"Inventory": [
           {"WarehouseLocation": "USA", "FulfillmentOption": "0", "AvailableQuantity": "107"},
           {"WarehouseLocation": "USA", "FulfillmentOption": "1", "AvailableQuantity": "40",
            "WarehouseAllocation": {"Warehouse": [{"WarehouseCode": "07", "Quantity": "3"}, {"WarehouseCode": "12", "Quantity": "37"}]}},
           {"WarehouseLocation": "AUS", "FulfillmentOption": "0", "AvailableQuantity": "0"}]}})
    );

    // The same read as the SDK's example request, by Newegg item number.
    let (_, by_number) = read_json(
        &newegg,
        json!({ "Type": "0", "Value": "9SIA0060884598", "WarehouseList": { "WarehouseLocation": ["USA"] } }),
    )
    .await;
    assert_eq!(
        by_number["InventoryAllocation"]["Inventory"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // An item Newegg ships has only Newegg's entry where it holds stock.
    let (_, shipped) = read_json(
        &newegg,
        json!({ "Type": "1", "Value": DEMO_SHIPPED_BY_NEWEGG_PART, "WarehouseList": { "WarehouseLocation": ["USA", "CAN"] } }),
    )
    .await;
    assert_eq!(
        shipped["InventoryAllocation"]["Inventory"],
        json!([
            {"WarehouseLocation": "USA", "FulfillmentOption": "1", "AvailableQuantity": "18",
             "WarehouseAllocation": {"Warehouse": [{"WarehouseCode": "07", "Quantity": "12"}, {"WarehouseCode": "08", "Quantity": "6"}]}},
            {"WarehouseLocation": "CAN", "FulfillmentOption": "0", "AvailableQuantity": "0"}
        ])
    );
}

#[tokio::test]
async fn the_xml_read_has_the_same_shape() {
    // field notes §2.4: `<InventoryResult>…<InventoryAllocation><Inventory><WarehouseLocation>
    // <FulfillmentOption><AvailableQuantity>…`.
    let newegg = NeweggSandbox::builder()
        .demo_data()
        .bom(false)
        .start()
        .await
        .unwrap();
    let (status, bom, xml) = answer(
        signed(reqwest::Client::new().put(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .header("Content-Type", "application/xml")
            .body(format!("<ContentQueryCriteria><Type>1</Type><Value>{DEMO_MIXED_FULFILLMENT_PART}</Value><WarehouseList><WarehouseLocation>USA</WarehouseLocation></WarehouseList></ContentQueryCriteria>")),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!bom);
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<InventoryResult>
    <SellerID>A006</SellerID>
    <ItemNumber>9SIA0060884598</ItemNumber>
    <SellerPartNumber>A006testitem201201021459</SellerPartNumber>
    <InventoryAllocation>
        <Inventory>
            <WarehouseLocation>USA</WarehouseLocation>
            <FulfillmentOption>0</FulfillmentOption>
            <AvailableQuantity>107</AvailableQuantity>
        </Inventory>
        <Inventory>
            <WarehouseLocation>USA</WarehouseLocation>
            <FulfillmentOption>1</FulfillmentOption>
            <AvailableQuantity>40</AvailableQuantity>
            <WarehouseAllocation>
                <Warehouse>
                    <WarehouseCode>07</WarehouseCode>
                    <Quantity>3</Quantity>
                </Warehouse>
                <Warehouse>
                    <WarehouseCode>12</WarehouseCode>
                    <Quantity>37</Quantity>
                </Warehouse>
            </WarehouseAllocation>
        </Inventory>
    </InventoryAllocation>
</InventoryResult>"
    );
}

#[tokio::test]
async fn the_read_shape_switch_answers_an_inventory_list() {
    let newegg = NeweggSandbox::builder()
        .demo_data()
        .read_shape(NeweggReadShape::InventoryList)
        .start()
        .await
        .unwrap();
    let (_, body) = read_json(
        &newegg,
        json!({ "Type": "1", "Value": DEMO_MIXED_FULFILLMENT_PART, "WarehouseList": { "WarehouseLocation": ["USA"] } }),
    )
    .await;
    assert!(body.get("InventoryAllocation").is_none());
    assert_eq!(
        body["InventoryList"]["Inventory"],
        json!([{ "WarehouseLocation": "USA", "AvailableQuantity": "147" }])
    );
}

#[tokio::test]
async fn authentication_failures_carry_the_documented_codes() {
    // field notes §2.2: `InvalidConsumerKey`, `InvalidToken`, `AccessDenied`; JSON is an array
    // of `{Code, Message}`, XML `<Errors><Error><Code/><Message/></Error></Errors>`.
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let http = reqwest::Client::new();
    let url = newegg.inventory_url(DEFAULT_SELLER_ID);
    let body = json!({ "Type": "1", "Value": "A006BSP3" });
    let no_seller_url = url.replace("?sellerid=A006", "");
    let cases = [
        (
            http.put(&url).header("SecretKey", DEFAULT_SECRET_KEY),
            401,
            "InvalidConsumerKey",
            "The provided consumer key is malformed or otherwise invalid.",
        ),
        (
            http.put(&url)
                .header("Authorization", "not-a-key")
                .header("SecretKey", DEFAULT_SECRET_KEY),
            401,
            "InvalidConsumerKey",
            "The provided consumer key is malformed or otherwise invalid.",
        ),
        (
            signed(http.put(&no_seller_url)),
            401,
            "InvalidToken",
            "SellerID is null.",
        ),
        (
            http.put(&url)
                .header("Authorization", DEFAULT_AUTHORIZATION),
            401,
            "InvalidToken",
            "Secret Key is null.",
        ),
        (
            http.put(&url)
                .header("Authorization", DEFAULT_AUTHORIZATION)
                .header("SecretKey", "21EC2020-0000"),
            401,
            "InvalidToken",
            "Invalid Secret Key.",
        ),
        (
            signed(http.put(newegg.inventory_url("B123"))),
            403,
            "AccessDenied",
            "The seller ID is invalid or you have no authorization from this seller.",
        ),
    ];
    for (request, status, code, message) in cases {
        let (got, bom, text) =
            answer(request.header("Accept", "application/json").json(&body)).await;
        assert_eq!(got, status, "{code}: {text}");
        assert!(bom);
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json!([{ "Code": code, "Message": message }])
        );
    }

    newegg.set_seller_deactivated(DEFAULT_SELLER_ID, true);
    let (status, _, xml) = answer(
        signed(http.put(&url))
            .header("Content-Type", "application/xml")
            .body("<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value></ContentQueryCriteria>"),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Errors>\n    <Error>\n        <Code>AccessDenied</Code>\n        <Message>API services for this seller have been deactivated.</Message>\n    </Error>\n</Errors>"
    );
    newegg.set_seller_deactivated(DEFAULT_SELLER_ID, false);
    let (status, _, _) = answer(signed(http.put(&url)).json(&body)).await;
    assert_eq!(status, 200);

    // An injected 401 is an `InvalidToken` too.
    newegg.faults().fail_next(1, 401);
    let (status, _, text) = answer(signed(http.put(&url)).json(&body)).await;
    assert_eq!(status, 401);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!([{ "Code": "InvalidToken", "Message": "Invalid Secret Key." }])
    );
}

#[tokio::test]
async fn an_item_shipped_by_newegg_refuses_inventory_writes_with_ct022() {
    // field notes §2.5: CT022 "This item is Shipping by newegg. Can NOT update inventory".
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let before = newegg.item(DEMO_SHIPPED_BY_NEWEGG_PART).unwrap();
    assert!(before.shipped_by_newegg);
    let http = reqwest::Client::new();
    let (status, _, text) = answer(
        signed(http.post(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .header("Accept", "application/json")
            .json(&json!({ "Type": "1", "Value": DEMO_SHIPPED_BY_NEWEGG_PART, "InventoryList": { "Inventory": [
                { "WarehouseLocation": "USA", "AvailableQuantity": "5" }
            ] } })),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({ "Code": "CT022", "Message": "This item is Shipping by newegg. Can NOT update inventory" })
    );
    let (status, _, xml) = answer(
        signed(http.post(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .header("Content-Type", "application/xml")
            .body(format!("<ItemInventoryInfo><Type>1</Type><Value>{DEMO_SHIPPED_BY_NEWEGG_PART}</Value><InventoryList><Inventory><WarehouseLocation>USA</WarehouseLocation><AvailableQuantity>5</AvailableQuantity></Inventory></InventoryList></ItemInventoryInfo>")),
    )
    .await;
    assert_eq!(status, 400);
    assert!(xml.contains("<Code>CT022</Code>"), "{xml}");
    assert_eq!(newegg.item(DEMO_SHIPPED_BY_NEWEGG_PART).unwrap(), before);
    // The mixed item is not shipped by Newegg: its own stock can be written.
    let (status, _, _) = answer(
        signed(http.post(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .json(&json!({ "Type": "1", "Value": DEMO_MIXED_FULFILLMENT_PART, "InventoryList": { "Inventory": [
                { "WarehouseLocation": "USA", "AvailableQuantity": "100" }
            ] } })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        newegg.item_quantity(DEMO_MIXED_FULFILLMENT_PART, "USA"),
        Some(100)
    );
}

#[tokio::test]
async fn the_rate_headers_name_the_reset_time_in_pacific_time() {
    // field notes §2.3: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-ResetTime`
    // (format undocumented: the fake writes Pacific `M/D/YYYY H:MM:SS AM`, §2.1), 429 beyond.
    let newegg = NeweggSandbox::builder()
        .demo_data()
        .rate_limit(RateLimit::per_minute(2))
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let read = || {
        signed(http.put(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .header("Accept", "application/json")
            .json(&json!({ "Type": "1", "Value": "A006BSP3" }))
    };
    let first = read().send().await.unwrap();
    let sent = now();
    assert_eq!(first.headers()["x-ratelimit-limit"], "2");
    assert_eq!(first.headers()["x-ratelimit-remaining"], "1");
    let reset = first.headers()["x-ratelimit-resettime"]
        .to_str()
        .unwrap()
        .to_string();
    let offset = parse_us_time(&reset) - (sent + 60);
    assert!(
        (-8 * 3600 - 3..=-8 * 3600 + 3).contains(&offset)
            || (-7 * 3600 - 3..=-7 * 3600 + 3).contains(&offset),
        "{reset} is not Pacific time of {sent} + 60 s ({offset})"
    );
    read().send().await.unwrap();
    let refused = read().send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["x-ratelimit-remaining"], "0");
    assert!(refused.headers().contains_key("x-ratelimit-resettime"));
    let bytes = refused.bytes().await.unwrap();
    let text = String::from_utf8(bytes.strip_prefix(BOM).unwrap().to_vec()).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!([{ "Code": "429", "Message": "Too many request." }])
    );

    for (format, check) in [
        (
            NeweggResetTime::HttpDate,
            (|value: &str, _: i64| value.ends_with(" GMT")) as fn(&str, i64) -> bool,
        ),
        (NeweggResetTime::UnixSeconds, |value, sent| {
            (value.parse::<i64>().unwrap() - (sent + 60)).abs() <= 3
        }),
        (NeweggResetTime::Seconds, |value, _| {
            (57..=60).contains(&value.parse::<i64>().unwrap())
        }),
    ] {
        let newegg = NeweggSandbox::builder()
            .demo_data()
            .rate_limit(RateLimit::per_minute(5))
            .reset_time_format(format)
            .start()
            .await
            .unwrap();
        let response = signed(http.put(newegg.inventory_url(DEFAULT_SELLER_ID)))
            .json(&json!({ "Type": "1", "Value": "A006BSP3" }))
            .send()
            .await
            .unwrap();
        let value = response.headers()["x-ratelimit-resettime"]
            .to_str()
            .unwrap();
        assert!(check(value, now()), "{format:?}: {value}");
    }
}
