//! The bulk-insert fake over HTTP: inserts, row errors, header checks and stock reads.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use marketplace_sandbox::bulk_insert::{BulkInsertSandbox, DEFAULT_ACCOUNT};
use serde_json::{Value, json};

fn post(sandbox: &BulkInsertSandbox, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .header("x-site-context", sandbox.site_context())
}

fn spec_rows() -> Value {
    json!([
        { "sku": "123456", "totalQuantity": 30003, "locationId": 104, "type": "Stock", "channelId": 12 },
        {
            "itemId": "1000000213", "totalQuantity": 10000, "locationId": 301, "type": "Transit",
            "channelId": 12, "transitOrderDate": "2020-05-05", "transitStockDate": "2020-05-05",
            "transitRef": "WO-20000"
        }
    ])
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
            { "sku": "123456", "totalQuantity": 5, "locationId": 104, "type": "Stock" },
            { "sku": "123456", "totalQuantity": 5, "locationId": 999, "type": "Stock" }
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
    assert_eq!(stock["items"][0]["inStock"], true);
    assert_eq!(stock["items"][0]["availableTotal"], 30003 + 12);
    assert_eq!(stock["items"][1]["inStock"], false);
    assert_eq!(stock["items"][1]["availableTotal"], 7);
    assert_eq!(stock["items"][2]["availableTotal"], 0);

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
