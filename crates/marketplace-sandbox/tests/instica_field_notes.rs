//! The Instica fake against the facts of the field notes (§4): `X-API-Key` beside Bearer,
//! Django REST framework's error shapes, and `page_size` above 100.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use marketplace_sandbox::RateLimit;
use marketplace_sandbox::instica::{
    ASSET_MIME_TYPES, DEFAULT_API_KEY, INSTICA_TOKEN, InsticaPageSizeOverflow, InsticaSandbox,
};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn post(instica: &InsticaSandbox, path: &str) -> reqwest::RequestBuilder {
    http()
        .post(format!("{}{path}", instica.base_url()))
        .header("X-API-Key", DEFAULT_API_KEY)
}

#[tokio::test]
async fn an_api_key_authenticates_beside_a_bearer_token() {
    // field notes §4: `X-API-Key: <key>` (recommended for scripts and integrations) and
    // `Authorization: Bearer <token>`.
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let url = format!("{}/inventory/inv_d4e5f6/", instica.base_url());
    let (status, by_key) = send(http().get(&url).header("X-API-Key", DEFAULT_API_KEY)).await;
    assert_eq!(status, 200);
    let (status, by_token) = send(http().get(&url).bearer_auth(INSTICA_TOKEN)).await;
    assert_eq!(status, 200);
    assert_eq!(by_key["uid"], by_token["uid"]);
    let (status, wrong) = send(http().get(&url).header("X-API-Key", "nope")).await;
    assert_eq!(status, 401);
    assert_eq!(wrong, json!({ "detail": "Invalid API key." }));
    let logged = instica.request_log().entries();
    assert_eq!(logged[0].header("x-api-key"), Some("***"));

    // With the key switched off only Bearer counts.
    let bearer_only = InsticaSandbox::builder()
        .demo_data()
        .api_key_auth(false)
        .start()
        .await
        .unwrap();
    let url = format!("{}/inventory/inv_d4e5f6/", bearer_only.base_url());
    let (status, body) = send(http().get(&url).header("X-API-Key", DEFAULT_API_KEY)).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({ "detail": "Authentication credentials were not provided." })
    );
    let (status, _) = send(http().get(&url).bearer_auth(INSTICA_TOKEN)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn field_and_non_field_errors_have_drf_shapes() {
    // field notes §4: `{"field": ["message", …]}`, `{"non_field_errors": ["…"]}`.
    let instica = InsticaSandbox::start().await.unwrap();
    let (status, fields) = send(
        post(&instica, "/inventory/")
            .json(&json!({ "name": "Blue Train", "condition_item": "shiny" })),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        fields,
        json!({ "condition_item": ["\"shiny\" is not a valid choice."] })
    );
    let (status, list_body) =
        send(post(&instica, "/inventory/").json(&json!([{ "name": "Blue Train" }]))).await;
    assert_eq!(status, 400);
    assert_eq!(
        list_body,
        json!({ "non_field_errors": ["Invalid data. Expected a dictionary, but got list."] })
    );
    let (_, text_body) = send(post(&instica, "/inventory/bulk/status/").json(&json!("x"))).await;
    assert_eq!(
        text_body,
        json!({ "non_field_errors": ["Invalid data. Expected a dictionary, but got str."] })
    );
}

#[tokio::test]
async fn nested_objects_nest_their_errors() {
    // field notes §4: `{"product": {"title": ["This field is required."]}}`.
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let (status, missing) = send(post(&instica, "/inventory/").json(
        &json!({ "name": "Blue Train LP", "product_title": "Blue Train", "product_metadata": { "label": "Blue Note" } }),
    ))
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        missing,
        json!({ "product_metadata": { "external_id": ["This field is required."] } })
    );
    let (_, not_object) = send(
        post(&instica, "/inventory/")
            .json(&json!({ "name": "Blue Train LP", "product_title": "Blue Train", "product_metadata": "BN-1577" })),
    )
    .await;
    assert_eq!(
        not_object,
        json!({ "product_metadata": { "non_field_errors": ["Invalid data. Expected a dictionary, but got str."] } })
    );
    let (status, created) = send(post(&instica, "/inventory/").json(
        &json!({ "name": "Blue Train LP", "product_title": "Blue Train", "product_metadata": { "external_id": "BN-1577" } }),
    ))
    .await;
    assert_eq!(status, 201, "{created}");

    let (status, updates) = send(post(&instica, "/inventory/bulk/fields/").json(
        &json!({ "items": ["inv_d4e5f6"], "updates": { "price_total_usd": "1.999", "condition_item": "shiny" } }),
    ))
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        updates,
        json!({ "updates": {
            "price_total_usd": ["Ensure that there are no more than 2 decimal places."],
            "condition_item": ["\"shiny\" is not a valid choice."]
        } })
    );
}

#[tokio::test]
async fn a_list_of_plain_values_reports_its_bad_elements_by_index() {
    // DRF's `ListField` keys element errors by index; a non-list is refused by type.
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let (status, elements) = send(post(&instica, "/inventory/bulk/status/").json(
        &json!({ "items": ["inv_d4e5f6", { "uid": "inv_x" }, null, "  "], "status": "received" }),
    ))
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        elements,
        json!({ "items": {
            "1": ["Not a valid string."],
            "2": ["This field may not be null."],
            "3": ["This field may not be blank."]
        } })
    );
    let (status, dict) = send(
        post(&instica, "/inventory/bulk/status/")
            .json(&json!({ "items": { "uid": "inv_d4e5f6" }, "status": "received" })),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        dict,
        json!({ "items": ["Expected a list of items but got type \"dict\"."] })
    );
    assert_eq!(instica.item("inv_d4e5f6").unwrap().status, "ready-to-sell");
}

fn image(name: &str, mime: &str) -> Part {
    Part::bytes(b"\x89PNG...".to_vec())
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap()
}

fn batch_form() -> Form {
    Form::new()
        .part("files", image("front.png", "image/png"))
        .part("files", image("notes.txt", "text/plain"))
        .text("type", "photo")
}

#[tokio::test]
async fn a_strict_asset_batch_reports_each_file_with_empty_objects_for_the_good_ones() {
    // field notes §4: a list of nested objects gives one entry per element, `{}` for valid
    // elements: `{"assets": [{}, {"file": ["…"]}]}`.
    let instica = InsticaSandbox::builder()
        .demo_data()
        .strict_asset_batches(true)
        .start()
        .await
        .unwrap();
    let before = instica.assets("inv_d4e5f6").len();
    let unsupported = format!(
        "Unsupported file type \"text/plain\". Supported types: {}.",
        ASSET_MIME_TYPES.join(", ")
    );
    for path in [
        "/inventory/inv_d4e5f6/assets/batch/",
        "/inventory/inv_d4e5f6/assets/",
    ] {
        let (status, body) = send(post(&instica, path).multipart(batch_form())).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body, json!({ "assets": [{}, { "file": [unsupported] }] }));
    }
    assert_eq!(instica.assets("inv_d4e5f6").len(), before);

    let keyed = InsticaSandbox::builder()
        .demo_data()
        .strict_asset_batches(true)
        .keyed_list_errors(true)
        .start()
        .await
        .unwrap();
    let (status, body) =
        send(post(&keyed, "/inventory/inv_d4e5f6/assets/batch/").multipart(batch_form())).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({ "assets": { "1": { "file": [unsupported] } } })
    );

    // By default the documented multi-file answer stores the good file and counts the other.
    let lenient = InsticaSandbox::start_with_demo_data().await.unwrap();
    let (status, body) =
        send(post(&lenient, "/inventory/inv_d4e5f6/assets/batch/").multipart(batch_form())).await;
    assert_eq!(status, 201);
    assert_eq!(body["created_count"], 1);
    assert_eq!(body["failed_count"], 1);
}

#[tokio::test]
async fn refusals_without_a_field_are_detail_objects() {
    // field notes §4: auth, permission, 404 and throttle errors are `{"detail": "…"}`.
    let instica = InsticaSandbox::builder()
        .demo_data()
        .rate_limit(RateLimit::per_minute(2))
        .start()
        .await
        .unwrap();
    let base = instica.base_url();
    let (status, none) = send(http().get(format!("{base}/inventory/"))).await;
    assert_eq!(status, 401);
    assert_eq!(
        none,
        json!({ "detail": "Authentication credentials were not provided." })
    );
    let (status, missing) = send(
        http()
            .get(format!("{base}/inventory/inv_nope/"))
            .bearer_auth(INSTICA_TOKEN),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(missing, json!({ "detail": "Not found." }));
    let throttled = http()
        .get(format!("{base}/inventory/"))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(throttled.status(), 429);
    let wait = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        throttled.json::<Value>().await.unwrap(),
        json!({ "detail": format!("Request was throttled. Expected available in {wait} seconds.") })
    );
}

#[tokio::test]
async fn page_size_above_100_is_clamped_or_refused() {
    // field notes §4: `page_size` max 100; above it clamp or 400 is unverified. Clamping is the
    // default (DRF's `max_page_size`), refusing a switch.
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let (status, page) = send(
        http()
            .get(format!("{}/inventory/?page_size=500", instica.base_url()))
            .bearer_auth(INSTICA_TOKEN),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(page["results"].as_array().unwrap().len(), 100);
    assert_eq!(page["count"], 150);
    assert!(
        page["next"]
            .as_str()
            .unwrap()
            .ends_with("/inventory/?page_size=500&page=2")
    );

    let strict = InsticaSandbox::builder()
        .demo_data()
        .page_size_overflow(InsticaPageSizeOverflow::Refuse)
        .start()
        .await
        .unwrap();
    let url = |size: usize| format!("{}/inventory/?page_size={size}", strict.base_url());
    let (status, refused) = send(http().get(url(101)).bearer_auth(INSTICA_TOKEN)).await;
    assert_eq!(status, 400);
    assert_eq!(
        refused,
        json!({ "page_size": ["Ensure this value is less than or equal to 100."] })
    );
    let (status, full) = send(http().get(url(100)).bearer_auth(INSTICA_TOKEN)).await;
    assert_eq!(status, 200);
    assert_eq!(full["results"].as_array().unwrap().len(), 100);
}
