//! The Instica fake over HTTP: paging, items, assets, listings, bulk operations, analytics,
//! CSV, reference data, audit logs and export jobs.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use marketplace_sandbox::instica::{
    DEFAULT_API_KEY, INSTICA_TOKEN, InsticaItem, InsticaSandbox, MAX_BULK_ITEMS,
};
use reqwest::multipart::{Form, Part};
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

async fn get_json(sandbox: &InsticaSandbox, path: &str) -> (u16, Value) {
    let response = http()
        .get(format!("{}{path}", sandbox.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post_json(sandbox: &InsticaSandbox, path: &str, body: Value) -> (u16, Value) {
    let response = http()
        .post(format!("{}{path}", sandbox.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn pagination_follows_next_until_every_item_is_seen() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let total = instica.items().len();
    let mut next = Some(format!(
        "{}/inventory/?page_size=40&ordering=created",
        instica.base_url()
    ));
    let mut uids = Vec::new();
    let mut previous_seen = false;
    while let Some(url) = next {
        let page: Value = http()
            .get(&url)
            .bearer_auth(INSTICA_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["count"], total);
        previous_seen |= page["previous"].is_string();
        for item in page["results"].as_array().unwrap() {
            uids.push(item["uid"].as_str().unwrap().to_string());
        }
        next = page["next"].as_str().map(str::to_string);
        if let Some(url) = &next {
            assert!(url.starts_with(instica.base_url()));
            assert!(url.contains("page_size=40"));
        }
    }
    assert!(previous_seen);
    assert_eq!(uids.len(), total);
    uids.dedup();
    assert_eq!(uids.len(), total);

    let (status, filtered) =
        get_json(&instica, "/inventory/?status=listed,sold&search=miles").await;
    assert_eq!(status, 200);
    for item in filtered["results"].as_array().unwrap() {
        assert!(["listed", "sold"].contains(&item["status"].as_str().unwrap()));
        assert!(item["title"].as_str().unwrap().starts_with("Kind Of Blue"));
    }
    let (status, invalid) = get_json(&instica, "/inventory/?status=lost").await;
    assert_eq!(status, 400);
    assert!(invalid["status"][0].as_str().unwrap().contains("lost"));
    let (status, out_of_range) = get_json(&instica, "/inventory/?page=999").await;
    assert_eq!(status, 404);
    assert_eq!(out_of_range["detail"], "Invalid page.");
}

#[tokio::test]
async fn items_are_created_read_updated_and_deleted() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let (status, created) = post_json(
        &instica,
        "/inventory/",
        json!({
            "product_uid": "prod_a1b2c3",
            "condition_item": "vg_plus",
            "condition_container": "vg",
            "price_total_usd": "34.99",
            "price_shipping_usd": "5.00",
            "price_purchased_item": "12.00",
            "status": "ready-to-sell",
            "manual_description": "Original 1969 UK pressing."
        }),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(created["title"], "Abbey Road - VG+");
    assert_eq!(created["status_display"], "Ready to Sell");
    assert_eq!(created["price_total_usd"], "34.99");
    assert_eq!(created["is_deletable"], true);
    let uid = created["uid"].as_str().unwrap().to_string();

    let (status, auto_product) = post_json(
        &instica,
        "/inventory/",
        json!({
            "product_title": "Abbey Road",
            "name": "Abbey Road LP - VG+",
            "product_catalog_number": "PCS 7088",
            "product_year": "1969",
            "condition_item": "VG+",
            "price_total_usd": "34.99",
            "inventory_item_type_uid": "type_vinyl"
        }),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(auto_product["title"], "Abbey Road LP - VG+");
    assert_eq!(auto_product["condition_item"], "vg_plus");
    assert_eq!(auto_product["condition_container"], "vg_plus");
    assert_eq!(auto_product["inventory_item_type"]["slug"], "vinyl");

    let (status, errors) = post_json(
        &instica,
        "/inventory/",
        json!({ "condition_item": "shiny", "price_purchased_item": "123456.00", "price_total_usd": "1.999" }),
    )
    .await;
    assert_eq!(status, 400);
    assert!(errors["name"].is_array());
    assert_eq!(
        errors["condition_item"][0],
        "\"shiny\" is not a valid choice."
    );
    assert_eq!(
        errors["price_purchased_item"][0],
        "Ensure that there are no more than 7 digits in total."
    );
    assert_eq!(
        errors["price_total_usd"][0],
        "Ensure that there are no more than 2 decimal places."
    );

    let patched: Value = http()
        .patch(format!("{}/inventory/{uid}/", instica.base_url()))
        .header("X-API-Key", DEFAULT_API_KEY)
        .json(&json!({ "price_total_usd": "39.99", "condition_item": "nm", "condition_comments": "Upgraded after re-inspection." }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(patched["price_total_usd"], "39.99");
    assert_eq!(patched["condition_item_display"], "Near Mint (NM)");
    assert_eq!(
        patched["condition_container"], "vg",
        "a manual container grade stays"
    );
    assert_eq!(patched["is_sold"], false);
    assert_eq!(patched["platform_listability"].as_array().unwrap().len(), 3);
    assert_eq!(
        instica.item(&uid).unwrap().price_total_usd,
        Some(Decimal::new(3999, 2))
    );

    let deleted = http()
        .delete(format!("{}/inventory/{uid}/", instica.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let (status, _) = get_json(&instica, &format!("/inventory/{uid}/")).await;
    assert_eq!(status, 404);
    assert!(instica.item(&uid).unwrap().deleted);
}

#[tokio::test]
async fn credentials_and_trailing_slashes_are_enforced() {
    let instica = InsticaSandbox::start().await.unwrap();
    let url = format!("{}/inventory/", instica.base_url());
    let none = http().get(&url).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(
        none.json::<Value>().await.unwrap()["detail"],
        "Authentication credentials were not provided."
    );
    let wrong = http().get(&url).bearer_auth("nope").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let key = http()
        .get(&url)
        .header("X-API-Key", DEFAULT_API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(key.status(), 200);
    let no_slash = http()
        .get(format!("{}/inventory", instica.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(no_slash.status(), 404);
}

#[tokio::test]
async fn a_bulk_price_change_over_more_than_100_items_needs_two_requests() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let priced: Vec<InsticaItem> = instica
        .items()
        .into_iter()
        .filter(|item| item.price_total_usd.is_some())
        .collect();
    assert!(priced.len() > MAX_BULK_ITEMS);
    let uids: Vec<String> = priced.iter().map(|item| item.uid.clone()).collect();

    let (status, refused) = post_json(
        &instica,
        "/inventory/bulk/price/",
        json!({ "items": uids, "value": "10", "mode": "percentage" }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        refused,
        json!({ "items": ["Ensure this field has no more than 100 elements."] })
    );
    assert_eq!(
        instica.item(&uids[0]).unwrap().price_total_usd,
        priced[0].price_total_usd
    );

    let mut updated = 0;
    for chunk in uids.chunks(MAX_BULK_ITEMS) {
        let (status, result) = post_json(
            &instica,
            "/inventory/bulk/price/",
            json!({ "items": chunk, "value": "10", "mode": "percentage" }),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(result["failure_count"], 0);
        assert_eq!(result["total_count"], chunk.len());
        updated += result["success_count"].as_u64().unwrap();
        assert_eq!(
            result["updated_uids"].as_array().unwrap().len(),
            chunk.len()
        );
    }
    assert_eq!(updated as usize, uids.len());
    let expected = (priced[0].price_total_usd.unwrap() * Decimal::new(110, 2)).round_dp(2);
    assert_eq!(
        instica.item(&uids[0]).unwrap().price_total_usd,
        Some(expected)
    );
    assert_eq!(
        instica.audit_logs(&uids[0]).last().unwrap().action,
        "price_update"
    );

    let (status, mixed) = post_json(
        &instica,
        "/inventory/bulk/price/",
        json!({ "items": [uids[0].clone(), "inv_missing"], "value": "20.00" }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(mixed["success_count"], 1);
    assert_eq!(mixed["failure_count"], 1);
    assert_eq!(
        mixed["errors"][0],
        json!({ "uid": "inv_missing", "error": "Not found." })
    );

    let (status, bad) = post_json(
        &instica,
        "/inventory/bulk/price/",
        json!({ "items": [], "value": "x", "mode": "double" }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        bad["items"][0],
        "Ensure this field has at least 1 elements."
    );
    assert_eq!(bad["value"][0], "A valid number is required.");
    assert_eq!(bad["mode"][0], "\"double\" is not a valid choice.");

    let (_, config) = get_json(&instica, "/inventory/bulk/config/").await;
    assert_eq!(config["max_items_per_batch"], 100);
}

#[tokio::test]
async fn bulk_settings_are_served_where_the_client_asks_and_under_the_old_name() {
    let instica = InsticaSandbox::start().await.unwrap();
    let (status, settings) = get_json(&instica, "/inventory/bulk/settings/").await;
    assert_eq!(status, 200);
    assert_eq!(
        settings,
        json!({
            "max_items_per_batch": MAX_BULK_ITEMS,
            "is_pro": true,
            "allowed_bulk_statuses": ["draft", "purchased", "received", "ready-to-sell", "cancelled"],
        })
    );

    let (status, config) = get_json(&instica, "/inventory/bulk/config/").await;
    assert_eq!(status, 200);
    assert_eq!(config, settings);

    let (status, missing_slash) = get_json(&instica, "/inventory/bulk/settings").await;
    assert_eq!(status, 404);
    assert_eq!(missing_slash, json!({ "detail": "Not found." }));
    assert_eq!(
        instica
            .request_log()
            .count("GET", "/api/v1/inventory/bulk/settings/"),
        1
    );
}

#[tokio::test]
async fn bulk_status_fields_delete_and_restore_report_per_item() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let items = instica.items();
    let ready: Vec<String> = items
        .iter()
        .filter(|item| item.status == "ready-to-sell")
        .take(3)
        .map(|item| item.uid.clone())
        .collect();
    let sold = items
        .iter()
        .find(|item| item.status == "sold")
        .unwrap()
        .uid
        .clone();
    let listed = items
        .iter()
        .find(|item| item.status == "listed")
        .unwrap()
        .uid
        .clone();

    let (_, status_change) = post_json(
        &instica,
        "/inventory/bulk/status/",
        json!({ "items": [ready[0].clone(), sold.clone(), listed.clone()], "status": "received" }),
    )
    .await;
    assert_eq!(status_change["success_count"], 1);
    assert_eq!(status_change["failure_count"], 2);
    assert_eq!(instica.item(&ready[0]).unwrap().status, "received");

    let (status, fields) = post_json(
        &instica,
        "/inventory/bulk/fields/",
        json!({ "items": ready.clone(), "updates": { "location": "Crate 7", "condition_item": "vg" } }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(fields["success_count"], 3);
    assert_eq!(
        instica.item(&ready[1]).unwrap().location.as_deref(),
        Some("Crate 7")
    );
    let (status, unsupported) = post_json(
        &instica,
        "/inventory/bulk/fields/",
        json!({ "items": ready.clone(), "updates": { "title": "x" } }),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        unsupported["updates"][0]
            .as_str()
            .unwrap()
            .starts_with("Unsupported field: title.")
    );

    let (_, deleted) = post_json(
        &instica,
        "/inventory/bulk/delete/",
        json!({ "items": [ready[1].clone(), listed.clone()] }),
    )
    .await;
    assert_eq!(deleted["success_count"], 1);
    assert!(instica.item(&ready[1]).unwrap().deleted);
    let (_, restored) = post_json(
        &instica,
        "/inventory/bulk/restore/",
        json!({ "items": [ready[1].clone(), ready[2].clone()], "target_status": "ready-to-sell" }),
    )
    .await;
    assert_eq!(restored["success_count"], 1);
    assert_eq!(restored["errors"][0]["error"], "Item is not deleted.");
    assert!(!instica.item(&ready[1]).unwrap().deleted);
}

#[tokio::test]
async fn listing_goes_in_progress_then_listed_and_a_missing_price_fails() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let (status, submitted) = post_json(
        &instica,
        "/inventory/inv_d4e5f6/platforms/ebay/list/",
        json!({ "is_draft": false }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(submitted["platform"], "ebay");
    assert_eq!(submitted["status"], "in_progress");
    assert_eq!(submitted["message"], "Listing submitted to eBay.");

    let (_, listings) = get_json(&instica, "/inventory/inv_d4e5f6/listings/").await;
    assert_eq!(listings[0]["status"], "listed");
    assert_eq!(listings[0]["listing_price_usd"], "34.99");
    assert_eq!(listings[0]["permissions"]["can_delist"], true);
    assert_eq!(instica.item("inv_d4e5f6").unwrap().status, "listed");

    let (status, again) = post_json(
        &instica,
        "/inventory/inv_d4e5f6/platforms/ebay/list/",
        json!({}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(again["detail"], "Item is already listed on eBay.");
    let (status, etsy) = post_json(
        &instica,
        "/inventory/inv_d4e5f6/platforms/etsy/list/",
        json!({}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(etsy["detail"], "Etsy is not connected.");

    let (_, delisted) = post_json(
        &instica,
        "/inventory/inv_d4e5f6/platform/ebay/delist/all/",
        json!({}),
    )
    .await;
    assert_eq!(
        delisted["results"][0]["message"],
        "Delisting submitted to eBay."
    );
    instica.settle();
    assert_eq!(instica.listings("inv_d4e5f6")[0].status, "delisted");
    assert_eq!(instica.item("inv_d4e5f6").unwrap().status, "ready-to-sell");

    let unpriced = instica.seed_item(InsticaItem::new("Test pressing, no price"));
    let (status, failed) = post_json(
        &instica,
        &format!("/inventory/{unpriced}/platforms/discogs/list/"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(failed["status"], "listing_failed");
    let (_, listings) = get_json(&instica, &format!("/inventory/{unpriced}/listings/")).await;
    assert_eq!(listings[0]["last_error_code"]["slug"], "price_not_set");

    let (_, logs) = get_json(&instica, "/inventory/inv_d4e5f6/audit-logs/").await;
    assert_eq!(logs["count"], 2);
    assert_eq!(logs["results"][0]["action"], "list");
    assert_eq!(logs["results"][0]["status_before"], "not_listed");
    assert_eq!(logs["results"][1]["action"], "delist");

    let (_, bulk_list) = post_json(
        &instica,
        "/inventory/bulk/list/",
        json!({ "items": ["inv_d4e5f6", unpriced], "platforms": ["ebay", "discogs"], "is_draft": true }),
    )
    .await;
    assert_eq!(bulk_list["success_count"], 1);
    assert_eq!(bulk_list["failure_count"], 1);
}

#[tokio::test]
async fn assets_accept_images_and_refuse_other_types() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let url = format!("{}/inventory/inv_d4e5f6/assets/", instica.base_url());
    let image = |name: &str, mime: &str| {
        Part::bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])
            .file_name(name.to_string())
            .mime_str(mime)
            .unwrap()
    };

    let single: Value = http()
        .post(&url)
        .bearer_auth(INSTICA_TOKEN)
        .multipart(
            Form::new()
                .part("file", image("photo.jpg", "image/jpeg"))
                .text("type", "photo")
                .text("is_identifying_asset", "true"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(single["file_name"], "photo.jpg");
    assert_eq!(single["file_size"], 7);
    assert_eq!(single["is_identifying_asset"], true);

    let refused = http()
        .post(&url)
        .bearer_auth(INSTICA_TOKEN)
        .multipart(
            Form::new()
                .part("file", image("invoice.pdf", "application/pdf"))
                .text("type", "photo"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let errors: Value = refused.json().await.unwrap();
    assert!(
        errors["file"][0]
            .as_str()
            .unwrap()
            .starts_with("Unsupported file type \"application/pdf\".")
    );

    let batch: Value = http()
        .post(format!("{url}batch/"))
        .bearer_auth(INSTICA_TOKEN)
        .multipart(
            Form::new()
                .part("files", image("back.png", "image/png"))
                .part("files", image("label.webp", "image/webp"))
                .part("files", image("notes.txt", "text/plain"))
                .text("type", "photo"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(batch["created_count"], 2);
    assert_eq!(batch["failed_count"], 1);
    assert_eq!(batch["errors"][0]["file_name"], "notes.txt");
    assert_eq!(instica.assets("inv_d4e5f6").len(), 3);

    let asset_uid = single["uid"].as_str().unwrap();
    let deleted = http()
        .delete(format!("{url}{asset_uid}/"))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(instica.assets("inv_d4e5f6").len(), 2);

    let json_body = http()
        .post(&url)
        .bearer_auth(INSTICA_TOKEN)
        .json(&json!({ "type": "photo" }))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 415);
}

#[tokio::test]
async fn export_jobs_complete_and_their_file_downloads() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let (status, job) = post_json(&instica, "/exports/inventory/csv/", json!({})).await;
    assert_eq!(status, 201);
    assert_eq!(job["status"], "pending");
    assert!(job["file_url"].is_null());
    let path = format!("/exports/{}/", job["uid"].as_str().unwrap());
    let (_, first) = get_json(&instica, &path).await;
    assert_eq!(first["status"], "pending");
    let (_, done) = get_json(&instica, &path).await;
    assert_eq!(done["status"], "completed");
    let csv = http()
        .get(done["file_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("uid,title,name,product_title"));
    assert_eq!(csv.lines().count(), instica.items().len() + 1);
    let (_, jobs) = get_json(&instica, "/exports/").await;
    assert_eq!(jobs["count"], 1);
}

#[tokio::test]
async fn csv_import_analytics_and_reference_data() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let before = instica.items().len();
    let csv = "uid,name,product_title,status,condition_item,price_total_usd\n\
               inv_d4e5f6,,,received,,29.99\n\
               ,Blue Train LP,Blue Train,draft,vg,24.00\n\
               ,,,,,\n\
               inv_nope,,,draft,,1.00\n";
    let imported: Value = http()
        .post(format!("{}/inventory/import/csv/", instica.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .multipart(Form::new().part(
            "file",
            Part::bytes(csv.as_bytes().to_vec()).file_name("inventory.csv"),
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(imported["created_count"], 1);
    assert_eq!(imported["updated_count"], 1);
    assert_eq!(imported["failed_count"], 2);
    assert_eq!(instica.items().len(), before + 1);
    assert_eq!(instica.item("inv_d4e5f6").unwrap().status, "received");

    let export = http()
        .get(format!("{}/inventory/export/csv/", instica.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(export.headers()["content-type"], "text/csv");
    assert!(export.text().await.unwrap().contains("Blue Train LP"));

    let (_, summary) = get_json(&instica, "/inventory/analytics/summary/").await;
    assert_eq!(summary["total_items"], before + 1);
    assert!(summary["sold_items"].as_u64().unwrap() > 0);
    assert!(summary["sold_revenue"].as_str().unwrap().contains('.'));
    let (_, trends) = get_json(&instica, "/inventory/analytics/trends/?days=7").await;
    assert_eq!(trends["range_days"], 7);
    assert_eq!(trends["purchases"][0]["count"], 1);

    let (_, conditions) = get_json(&instica, "/inventory/choices/conditions/").await;
    assert_eq!(conditions[2], json!({ "value": "vg_plus", "label": "VG+" }));
    let (_, types) = get_json(&instica, "/inventory/types/search/?q=vinyl").await;
    assert_eq!(types.as_array().unwrap().len(), 2);
    let (status, _) = get_json(&instica, "/inventory/types/platform/myspace/search/?q=cd").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_base_url_is_the_clients_and_a_request_beside_it_is_told_the_right_one() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    assert_eq!(instica.base_url(), format!("{}/api/v1", instica.origin()));
    let (status, page) = get_json(&instica, "/inventory/").await;
    assert_eq!(status, 200);
    assert!(page["count"].as_u64().unwrap() > 100);

    let response = http()
        .get(format!("{}/inventory/", instica.origin()))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    let detail = body["detail"].as_str().unwrap();
    let host = instica.origin().trim_start_matches("http://");
    assert!(detail.contains(host), "{detail}");
    assert!(detail.contains("/api/v1/"), "{detail}");
    assert!(detail.contains(instica.base_url()), "{detail}");

    // A path inside the base path that the API lacks is an ordinary 404.
    let (status, missing) = get_json(&instica, "/no-such-thing/").await;
    assert_eq!(status, 404);
    assert_eq!(missing["detail"], "Not found.");
}
