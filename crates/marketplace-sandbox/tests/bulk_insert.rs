//! The bulk-insert fake over HTTP: inserts, row errors, header checks and stock reads.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use marketplace_sandbox::bulk_insert::{
    BulkInsertSandbox, DEFAULT_ACCOUNT, GATEWAY_PATH, generic_inventory_id,
};
use serde_json::{Value, json};

fn post(sandbox: &BulkInsertSandbox, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .header("x-site-context", sandbox.site_context())
}

/// The two sample rows of bulk-insert.md, repaired to valid JSON, as the spec page gives them:
/// without `reservedQuantity`.
fn spec_sample_rows() -> Value {
    json!([
        { "sku": "123456", "totalQuantity": 30003, "locationId": 104, "type": "Stock", "channelId": 12 },
        {
            "itemId": "1000000213", "totalQuantity": 10000, "locationId": 301, "type": "Transit",
            "channelId": 12, "transitOrderDate": "2020-05-05", "transitStockDate": "2020-05-05",
            "transitRef": "WO-20000"
        }
    ])
}

/// The spec's sample rows with the `reservedQuantity` the live page requires (field notes §3).
fn spec_rows() -> Value {
    let mut rows = spec_sample_rows();
    for row in rows.as_array_mut().unwrap() {
        row["reservedQuantity"] = json!(0);
    }
    rows
}

#[tokio::test]
async fn a_bulk_insert_saves_stock_and_transit_and_reports_the_job() {
    let bulk = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    bulk.seed_record(marketplace_sandbox::bulk_insert::StockRecord::stock(
        "1000000213",
        104,
        1,
    ));
    let response = post(&bulk, "/inventory/bulk-insert")
        .json(&spec_rows())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let job: Value = response.json().await.unwrap();
    assert_eq!(job["status"], "FINISHED");
    assert_eq!(job["type"], "api");
    assert_eq!(job["totalRows"], 2);
    assert_eq!(
        job["totalItems"], 1,
        "the SKU and the item id name the same item"
    );
    assert_eq!(job["totalItemsUploaded"], 1);
    assert_eq!(job["totalRowsErrors"], 0);
    assert_eq!(job["__v"], 0);
    assert_eq!(job["_id"].as_str().unwrap().len(), 24);
    assert!(job["keyId"].as_str().unwrap().starts_with("api-"));
    let messages: Vec<&str> = job["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|message| message.as_str().unwrap())
        .collect();
    assert!(messages[0].starts_with("Import Inventory job started: "));
    assert!(messages[0].ends_with("GMT+0000 (Coordinated Universal Time)"));
    assert_eq!(
        &messages[1..4],
        [
            "2 row(s) found",
            "1 Inventory Item(s) found",
            "Successfully saved 1 items "
        ]
    );

    assert_eq!(bulk.stock_quantity("1000000213", 104), Some(30003));
    let transit = bulk.transit_records("1000000213");
    assert_eq!(transit.len(), 1);
    assert_eq!(transit[0].transit_ref.as_deref(), Some("WO-20000"));
    assert_eq!(bulk.import_jobs().len(), 1);
}

#[tokio::test]
async fn an_unknown_location_fails_the_whole_insert_with_its_row() {
    let bulk = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let response = post(&bulk, "/inventory/bulk-insert")
        .json(&json!([
            { "sku": "123456", "totalQuantity": 5, "reservedQuantity": 0, "locationId": 104, "type": "Stock" },
            { "sku": "123456", "totalQuantity": 5, "reservedQuantity": 0, "locationId": 999, "type": "Stock" }
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["message"],
        "Inventory insert failed: Row 2: Cannot find \"Location Id\" 999."
    );
    assert_eq!(bulk.stock_quantity("1000000213", 104), Some(30003));

    let negative: Value = post(&bulk, "/inventory/bulk-insert")
        .json(&json!([{ "sku": "X", "totalQuantity": -1, "locationId": 104 }]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        negative["message"],
        "Inventory insert failed: Row 1: \"totalQuantity\" must be a non-negative integer."
    );
}

#[tokio::test]
async fn site_context_and_api_key_are_checked() {
    let bulk = BulkInsertSandbox::builder()
        .demo_data()
        .api_key("secret-key")
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/inventory/bulk-insert", bulk.base_url());

    let no_key = http.post(&url).json(&spec_rows()).send().await.unwrap();
    assert_eq!(no_key.status(), 403);
    assert_eq!(
        no_key.json::<Value>().await.unwrap(),
        json!({ "message": "Missing x-api-key" })
    );

    let no_context = http
        .post(&url)
        .header("x-api-key", "secret-key")
        .json(&spec_rows())
        .send()
        .await
        .unwrap();
    assert_eq!(no_context.status(), 400);

    let unknown_account = http
        .post(&url)
        .header("x-api-key", "secret-key")
        .header(
            "x-site-context",
            json!({ "date": "2020-08-28T02:35:27.787Z", "channel": 12, "account": "000000000000000000000000", "stage": "sandbox" }).to_string(),
        )
        .json(&spec_rows())
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_account.status(), 500);

    let accepted = http
        .post(&url)
        .header("x-api-key", "secret-key")
        .header(
            "x-site-context",
            json!({ "date": "2020-08-28T02:35:27.787Z", "channel": 12, "account": DEFAULT_ACCOUNT, "stage": "sandbox" }).to_string(),
        )
        .json(&spec_rows())
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
    assert_eq!(bulk.request_log().entries()[0].header("x-api-key"), None);
    assert_eq!(
        bulk.request_log().entries()[1].header("x-api-key"),
        Some("***")
    );
}

#[tokio::test]
async fn stock_is_read_per_item_and_per_location() {
    let bulk = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let stock: Value = post(&bulk, "/inventory")
        .json(&json!({ "items": [
            { "itemId": "1000000213", "quantity": 2 },
            { "itemId": "1000000217", "quantity": 10 },
            { "itemId": "unknown", "quantity": 1 }
        ], "channelId": 12 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // field notes §3: the answer is an array, one entry per item asked for.
    assert_eq!(stock.as_array().unwrap().len(), 3);
    assert_eq!(stock[0]["inStock"], true);
    assert_eq!(stock[0]["availableTotal"], 30003 + 12);
    assert_eq!(stock[1]["inStock"], false);
    assert_eq!(stock[1]["availableTotal"], 7);
    assert_eq!(stock[2]["availableTotal"], 0);

    let page: Value = reqwest::Client::new()
        .get(format!(
            "{}/inventory/location/104?offset=2&limit=3",
            bulk.base_url()
        ))
        .header("x-site-context", bulk.site_context())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["query"],
        json!({ "limit": 3, "offset": 2, "count": 6 })
    );
    assert_eq!(page["inventories"][0]["reservedQuantity"], 0);
    assert_eq!(page["inventories"].as_array().unwrap().len(), 3);
    assert_eq!(page["inventories"][0]["locationId"], 104);

    let missing = reqwest::Client::new()
        .get(format!("{}/inventory/location/777", bulk.base_url()))
        .header("x-site-context", bulk.site_context())
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_row_without_reserved_quantity_fails_the_insert_naming_its_row() {
    // field notes §3: `reservedQuantity` is required on the live page, absent from the spec.
    let bulk = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let sample = post(&bulk, "/inventory/bulk-insert")
        .json(&spec_sample_rows())
        .send()
        .await
        .unwrap();
    assert_eq!(sample.status(), 400);
    assert_eq!(
        sample.json::<Value>().await.unwrap(),
        json!({ "message": "Inventory insert failed: Row 1: \"reservedQuantity\" is required." })
    );
    let mut second_only = spec_rows();
    second_only[1]
        .as_object_mut()
        .unwrap()
        .remove("reservedQuantity");
    let second: Value = post(&bulk, "/inventory/bulk-insert")
        .json(&second_only)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        second["message"],
        "Inventory insert failed: Row 2: \"reservedQuantity\" is required."
    );
    let negative: Value = post(&bulk, "/inventory/bulk-insert")
        .json(
            &json!([{ "sku": "X", "totalQuantity": 1, "reservedQuantity": -1, "locationId": 104 }]),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        negative["message"],
        "Inventory insert failed: Row 1: \"reservedQuantity\" must be a non-negative integer."
    );
    assert!(bulk.import_jobs().is_empty());

    let reserved = post(&bulk, "/inventory/bulk-insert")
        .json(&json!([{ "sku": "123456", "totalQuantity": 50, "reservedQuantity": 8, "locationId": 105 }]))
        .send()
        .await
        .unwrap();
    assert_eq!(reserved.status(), 200);
    let record = bulk
        .records()
        .into_iter()
        .find(|record| record.item_id == "1000000213" && record.location_id == 105)
        .unwrap();
    assert_eq!((record.quantity, record.reserved_quantity), (50, 8));

    // The switch reads a missing one as 0.
    let lenient = BulkInsertSandbox::builder()
        .demo_data()
        .require_reserved_quantity(false)
        .start()
        .await
        .unwrap();
    let accepted = post(&lenient, "/inventory/bulk-insert")
        .json(&spec_sample_rows())
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
}

#[tokio::test]
async fn the_site_context_is_json_with_a_24_character_account() {
    // field notes §3: the header holds a JSON object; only `account`, the 24-character id, is
    // mandatory. The spec's sample lacks a quote and is not JSON.
    let bulk = BulkInsertSandbox::builder()
        .demo_data()
        .account("1234abcd5678efgh9ijklmno")
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/inventory/location/104", bulk.base_url());
    let with_context = |context: &str| http.get(&url).header("x-site-context", context).send();

    let spec_sample = r#"{ "date": "2020-08-28T02:35:27.787Z", "channel": 12, "account": 5f493c9f30ec2a0007a94fc8", "stage": "sandbox" }"#;
    let refused = with_context(spec_sample).await.unwrap();
    assert_eq!(refused.status(), 400);
    assert_eq!(
        refused.json::<Value>().await.unwrap(),
        json!({ "message": "Invalid x-site-context header: expected a JSON object." })
    );
    let cases = [
        (
            r#"["5f493c9f30ec2a0007a94fc8"]"#,
            "Invalid x-site-context header: expected a JSON object.",
        ),
        (
            r#"{"channel": 12}"#,
            "Invalid x-site-context header: \"account\" is required.",
        ),
        (
            r#"{"account": "5f493c9f30ec2a0007a94fc"}"#,
            "Invalid x-site-context header: \"account\" must be the 24-character account id.",
        ),
        (
            r#"{"account": 5}"#,
            "Invalid x-site-context header: \"account\" must be a string.",
        ),
    ];
    for (context, text) in cases {
        let response = with_context(context).await.unwrap();
        assert_eq!(response.status(), 400, "{context}");
        assert_eq!(response.json::<Value>().await.unwrap()["message"], text);
    }

    let account_only = with_context(&json!({ "account": DEFAULT_ACCOUNT }).to_string())
        .await
        .unwrap();
    assert_eq!(account_only.status(), 200);
    // The vendor's example account is 24 characters but not hex: its shape is accepted.
    let vendor_example = json!({
        "date": "2023-01-01T00:00:00.000Z", "channel": 12,
        "account": "1234abcd5678efgh9ijklmno", "stage": "production"
    });
    let vendor = with_context(&vendor_example.to_string()).await.unwrap();
    assert_eq!(vendor.status(), 200);
    let unknown = with_context(&json!({ "account": "000000000000000000000000" }).to_string())
        .await
        .unwrap();
    assert_eq!(unknown.status(), 500);
}

#[tokio::test]
async fn the_multi_item_read_answers_in_the_field_notes_shape() {
    // field notes §3: `POST /api-inventory/inventory` answers an array of
    // `{itemId, quantityRequested, stockDate, inStock, fromStockQuantity, fromStock[…],
    // fromTransitQuantity, fromTransit[], availableStockQuantity, availableTransitQuantity,
    // availableTotal}`.
    let bulk = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let mut answer: Value = reqwest::Client::new()
        .post(format!("{}/inventory", bulk.gateway_url()))
        .header("x-site-context", bulk.site_context())
        .json(&json!({ "items": [
            { "itemId": "1000000213", "quantity": 2 },
            { "itemId": "1000000214", "quantity": 20 },
            { "itemId": "1000000216", "quantity": 45 },
            { "itemId": "unknown", "quantity": 1 }
        ], "channelId": 12 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let now = answer[0]["stockDate"].take();
    assert!(now.as_str().unwrap().ends_with('Z'), "{now}");
    let in_stock_date = answer[2]["stockDate"].take();
    assert!(in_stock_date.is_string());
    assert_eq!(
        answer,
        json!([
            {
                "itemId": 1000000213, "quantityRequested": 2, "stockDate": null, "inStock": true,
                "fromStockQuantity": 2,
                "fromStock": [{
                    "locationId": 104, "quantityReserved": 0, "quantityAllocated": 30003,
                    "stockRemaining": 30003, "stockRequest": 2, "channelId": 12
                }],
                "fromTransitQuantity": 0, "fromTransit": [],
                "availableStockQuantity": 30015, "availableTransitQuantity": 0,
                "availableTotal": 30015
            },
            {
                "itemId": 1000000214, "quantityRequested": 20,
                "stockDate": "2024-05-20T00:00:00.000Z", "inStock": false,
                "fromStockQuantity": 16,
                "fromStock": [
                    {
                        "locationId": 104, "quantityReserved": 0, "quantityAllocated": 14,
                        "stockRemaining": 14, "stockRequest": 14, "channelId": 12
                    },
                    {
                        "locationId": 105, "quantityReserved": 0, "quantityAllocated": 2,
                        "stockRemaining": 2, "stockRequest": 2, "channelId": 12
                    }
                ],
                "fromTransitQuantity": 4,
                "fromTransit": [{
                    "locationId": 301, "quantityReserved": 0, "quantityAllocated": 20,
                    "stockRemaining": 20, "stockRequest": 4, "channelId": 12,
                    "transitRef": "WO-20000", "stockDate": "2024-05-20T00:00:00.000Z"
                }],
                "availableStockQuantity": 16, "availableTransitQuantity": 20,
                "availableTotal": 36
            },
            {
                "itemId": 1000000216, "quantityRequested": 45, "stockDate": null, "inStock": true,
                "fromStockQuantity": 45,
                "fromStock": [
                    {
                        "locationId": 104, "quantityReserved": 2, "quantityAllocated": 42,
                        "stockRemaining": 40, "stockRequest": 40, "channelId": 12
                    },
                    {
                        "locationId": 105, "quantityReserved": 0, "quantityAllocated": 6,
                        "stockRemaining": 6, "stockRequest": 5, "channelId": 12
                    }
                ],
                "fromTransitQuantity": 0, "fromTransit": [],
                "availableStockQuantity": 46, "availableTransitQuantity": 0,
                "availableTotal": 46
            },
            {
                "itemId": "unknown", "quantityRequested": 1, "stockDate": null, "inStock": false,
                "fromStockQuantity": 0, "fromStock": [], "fromTransitQuantity": 0,
                "fromTransit": [], "availableStockQuantity": 0, "availableTransitQuantity": 0,
                "availableTotal": 0
            }
        ])
    );
}

#[tokio::test]
async fn the_generic_inventory_read_answers_in_its_shape() {
    // field notes §3: `GET /api-inventory/inventory/generic/{inventoryId}` →
    // `{itemId, sku, title, inlocations[{location{…, locationId}, inStock,
    // channel[{channelId, quantityReserved, allocation{mou, unit}}], inTransit[…]}], _id,
    // createdAt, updatedAt}`.
    let bulk = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let id = bulk.generic_inventory_id("1000000214");
    assert_eq!(id, generic_inventory_id("1000000214"));
    assert_eq!(id.len(), 24);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    let http = reqwest::Client::new();
    let url = format!("{}/inventory/generic/{id}", bulk.gateway_url());
    assert!(url.contains(&format!("{GATEWAY_PATH}/inventory/generic/")));
    let body: Value = http
        .get(&url)
        .header("x-site-context", bulk.site_context())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["itemId"], 1000000214);
    assert_eq!(body["sku"], "LP-KOB-1959");
    assert_eq!(body["title"], "Kind Of Blue (LP)");
    assert_eq!(body["_id"], id.as_str());
    assert_eq!(body["createdAt"], "2020-12-31T02:09:53.914Z");
    assert_eq!(body["updatedAt"], "2020-12-31T02:09:53.914Z");
    let locations = body["inlocations"].as_array().unwrap();
    assert_eq!(locations.len(), 3);
    let main = &locations[0];
    assert_eq!(main["location"]["locationId"], 104);
    assert_eq!(main["location"]["name"], "Main warehouse");
    assert_eq!(main["inStock"], 14);
    assert_eq!(main["channel"].as_array().unwrap().len(), 1);
    assert_eq!(main["channel"][0]["channelId"], 12);
    assert_eq!(main["channel"][0]["quantityReserved"], 0);
    assert_eq!(
        main["channel"][0]["allocation"],
        json!({ "mou": "ABSOLUTE", "unit": 14 })
    );
    assert_eq!(main["inTransit"], json!([]));
    let transit = &locations[2];
    assert_eq!(transit["location"]["locationId"], 301);
    assert_eq!(transit["inStock"], 0);
    assert_eq!(transit["inTransit"][0]["inTransitRef"], "WO-20000");
    assert_eq!(transit["inTransit"][0]["orderQuantity"], 20);
    assert_eq!(transit["inTransit"][0]["quantityReserved"], 0);
    assert_eq!(
        transit["inTransit"][0]["orderDate"],
        "2024-05-05T00:00:00.000Z"
    );
    assert_eq!(
        transit["inTransit"][0]["stockDate"],
        "2024-05-20T00:00:00.000Z"
    );

    let missing = http
        .get(format!(
            "{}/inventory/generic/000000000000000000000000",
            bulk.base_url()
        ))
        .header("x-site-context", bulk.site_context())
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_gateway_path_serves_the_same_routes() {
    // field notes §3: the live URL is `…/api-inventory/inventory/bulk-insert`.
    let bulk = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    assert_eq!(
        bulk.gateway_url(),
        format!("{}{GATEWAY_PATH}", bulk.origin())
    );
    let response = reqwest::Client::new()
        .post(format!("{}/inventory/bulk-insert", bulk.gateway_url()))
        .header("x-site-context", bulk.site_context())
        .json(&spec_rows())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        bulk.request_log()
            .count("POST", "/api-inventory/inventory/bulk-insert"),
        1
    );
    assert_eq!(bulk.stock_quantity("1000000213", 104), Some(30003));
}
