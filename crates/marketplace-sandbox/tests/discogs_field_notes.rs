//! The Discogs fake against the live facts of the field notes (§1): `{}` shipping prices, other
//! sellers' inventories (status filter ignored, owner fields hidden, the page-100 cap), empty
//! `urls`, skipped upload rows, lower-case rate headers on every answer, the export's exact CSV
//! and fees in whole yen.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use marketplace_sandbox::RateLimit;
use marketplace_sandbox::discogs::{
    DEFAULT_SELLER, DEMO_LARGE_SELLER, DEMO_LARGE_SELLER_LISTINGS, DEMO_LARGE_SELLER_TOKEN,
    DEMO_LISTING_WITH_SHIPPING, DEMO_LISTING_WITHOUT_SHIPPING, DISCOGS_TOKEN, DiscogsListing,
    DiscogsListingStatus, DiscogsMissingShipping, DiscogsRelease, DiscogsSandbox,
};
use reqwest::multipart::{Form, Part};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const OWNER_KEYS: [&str; 5] = [
    "weight",
    "format_quantity",
    "external_id",
    "location",
    "quantity",
];

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

fn seller(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request.header("Authorization", format!("Discogs token={DISCOGS_TOKEN}"))
}

async fn get_json(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// The listing with this id in an inventory page.
fn listing_in(page: &Value, id: u64) -> &Value {
    page["listings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|listing| listing["id"] == id)
        .unwrap()
}

#[tokio::test]
async fn listings_without_a_shipping_price_carry_empty_shipping_objects() {
    // field notes §1.8: `shipping_price` and `original_shipping_price` are `{}` (not absent,
    // not null) when no shipping price applies; set, they are `{value, currency}` and
    // `{curr_abbr, curr_id, formatted, value}`.
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let url = format!(
        "{}/users/{DEFAULT_SELLER}/inventory?sort=listed&sort_order=asc&per_page=5",
        discogs.base_url()
    );
    let text = http().get(&url).send().await.unwrap().text().await.unwrap();
    assert!(text.contains(r#""shipping_price":{}"#), "{text}");
    assert!(text.contains(r#""original_shipping_price":{}"#), "{text}");
    let page: Value = serde_json::from_str(&text).unwrap();
    let without = listing_in(&page, DEMO_LISTING_WITHOUT_SHIPPING);
    assert_eq!(without["shipping_price"], json!({}));
    assert_eq!(without["original_shipping_price"], json!({}));
    let with = listing_in(&page, DEMO_LISTING_WITH_SHIPPING);
    assert_eq!(
        with["shipping_price"],
        json!({ "currency": "USD", "value": 4.5 })
    );
    assert_eq!(
        with["original_shipping_price"],
        json!({ "curr_abbr": "USD", "curr_id": 1, "formatted": "$4.50", "value": 4.5 })
    );
    // Live inventory pages carry `original_price` too.
    assert_eq!(with["original_price"]["curr_abbr"], "USD");
    assert_eq!(with["original_price"]["curr_id"], 1);

    // Every default page of 50 holds such listings.
    let (_, first_page) = get_json(http().get(format!(
        "{}/users/{DEFAULT_SELLER}/inventory",
        discogs.base_url()
    )))
    .await;
    let empty = first_page["listings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|listing| listing["shipping_price"] == json!({}))
        .count();
    assert!(empty >= 5, "{empty}");

    // The single listing and a seeded listing without a shipping price render the same way.
    let seeded = discogs.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 1, Decimal::TEN));
    for id in [DEMO_LISTING_WITHOUT_SHIPPING, seeded] {
        let (status, listing) =
            get_json(http().get(format!("{}/marketplace/listings/{id}", discogs.base_url()))).await;
        assert_eq!(status, 200);
        assert_eq!(listing["shipping_price"], json!({}));
        assert_eq!(listing["original_shipping_price"], json!({}));
    }
    assert!(discogs.listing(seeded).unwrap().shipping_price.is_none());
}

#[tokio::test]
async fn the_missing_shipping_switch_sends_null_or_nothing() {
    for (rendering, expected) in [
        (DiscogsMissingShipping::Null, Some(Value::Null)),
        (DiscogsMissingShipping::Absent, None),
    ] {
        let discogs = DiscogsSandbox::builder()
            .missing_shipping(rendering)
            .start()
            .await
            .unwrap();
        let id = discogs.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 1, Decimal::TEN));
        let (_, listing) =
            get_json(http().get(format!("{}/marketplace/listings/{id}", discogs.base_url()))).await;
        assert_eq!(listing.get("shipping_price").cloned(), expected);
        assert_eq!(listing.get("original_shipping_price").cloned(), expected);
    }
}

#[tokio::test]
async fn another_sellers_inventory_is_for_sale_only_and_hides_the_owners_fields() {
    // field notes §1.8: for another seller's inventory the owner-only fields are missing, the
    // `status` filter is ignored (only For Sale), `shipping_is_blocked` may be true; live values
    // `GBP`, `2`, `£1.21`, `1.21`.
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let url = format!(
        "{}/users/{DEMO_LARGE_SELLER}/inventory?status=Draft&sort=price&sort_order=asc",
        discogs.base_url()
    );
    let (status, page) = get_json(http().get(&url)).await;
    assert_eq!(status, 200);
    assert_eq!(page["pagination"]["items"], DEMO_LARGE_SELLER_LISTINGS);
    let listings = page["listings"].as_array().unwrap();
    assert_eq!(listings.len(), 50);
    for listing in listings {
        assert_eq!(listing["status"], "For Sale");
        for key in OWNER_KEYS.iter().chain(&["in_cart"]) {
            assert!(listing.get(*key).is_none(), "{key} in {listing}");
        }
        assert_eq!(listing["shipping_price"], json!({}));
        assert_eq!(listing["original_shipping_price"], json!({}));
    }
    let cheapest = &listings[0];
    assert_eq!(
        cheapest["price"],
        json!({ "currency": "GBP", "value": 1.21 })
    );
    assert_eq!(
        cheapest["original_price"],
        json!({ "curr_abbr": "GBP", "curr_id": 2, "formatted": "£1.21", "value": 1.21 })
    );
    assert!(
        listings
            .iter()
            .any(|listing| listing["shipping_is_blocked"] == true)
    );

    // The same for the demo seller's own drafts asked for by a signed-in stranger.
    let (_, stranger) = get_json(
        http()
            .get(format!(
                "{}/users/{DEFAULT_SELLER}/inventory?status=Draft",
                discogs.base_url()
            ))
            .header(
                "Authorization",
                format!("Discogs token={DEMO_LARGE_SELLER_TOKEN}"),
            ),
    )
    .await;
    let listings = stranger["listings"].as_array().unwrap();
    assert!(!listings.is_empty());
    assert!(
        listings
            .iter()
            .all(|listing| listing["status"] == "For Sale")
    );
    assert!(listings.iter().all(|listing| listing["in_cart"] == false));
    assert!(
        listings
            .iter()
            .all(|listing| listing.get("weight").is_none())
    );

    // The owner sees the filter applied and the private fields.
    let (_, owner) = get_json(seller(http().get(format!(
        "{}/users/{DEFAULT_SELLER}/inventory?status=Draft",
        discogs.base_url()
    ))))
    .await;
    let drafts = owner["listings"].as_array().unwrap();
    assert!(drafts.iter().all(|listing| listing["status"] == "Draft"));
    for key in OWNER_KEYS {
        assert!(drafts[0].get(key).is_some(), "{key}");
    }
}

#[tokio::test]
async fn the_hidden_fields_switch_sends_them_as_null() {
    let discogs = DiscogsSandbox::builder()
        .account_with_listings("stiffbegger", "stiff-token", 3)
        .hidden_fields_as_null(true)
        .start()
        .await
        .unwrap();
    let (_, page) = get_json(http().get(format!(
        "{}/users/stiffbegger/inventory",
        discogs.base_url()
    )))
    .await;
    let listing = &page["listings"][0];
    for key in OWNER_KEYS.iter().chain(&["in_cart"]) {
        assert_eq!(listing.get(*key), Some(&Value::Null), "{key}");
    }
    let (_, owner) = get_json(
        http()
            .get(format!(
                "{}/users/stiffbegger/inventory",
                discogs.base_url()
            ))
            .header("Authorization", "Discogs token=stiff-token"),
    )
    .await;
    assert_eq!(owner["listings"][0]["quantity"], 1);
    assert_eq!(owner["listings"][0]["in_cart"], false);
}

#[tokio::test]
async fn pages_past_100_of_another_sellers_inventory_are_refused() {
    // field notes §1.2: another seller's inventory past page 100 is HTTP 403 `{"message":
    // "Pagination above 100 disabled for inventories besides your own"}`, while
    // `pagination.pages` still reports the full count (e.g. 433).
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let page_url = |page: usize| {
        format!(
            "{}/users/{DEMO_LARGE_SELLER}/inventory?page={page}",
            discogs.base_url()
        )
    };
    let (status, hundredth) = get_json(http().get(page_url(100))).await;
    assert_eq!(status, 200);
    assert_eq!(hundredth["pagination"]["pages"], 433);
    assert_eq!(hundredth["pagination"]["page"], 100);
    assert!(
        hundredth["pagination"]["urls"]["next"]
            .as_str()
            .unwrap()
            .ends_with("page=101")
    );

    let refused = http().get(page_url(101)).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused.headers().contains_key("x-discogs-ratelimit"));
    assert_eq!(
        refused.text().await.unwrap(),
        r#"{"message":"Pagination above 100 disabled for inventories besides your own"}"#
    );
    // Signed in as someone else it is the same; the owner reads every page.
    let (status, _) = get_json(seller(http().get(page_url(433)))).await;
    assert_eq!(status, 403);
    let (status, last) = get_json(http().get(page_url(433)).header(
        "Authorization",
        format!("Discogs token={DEMO_LARGE_SELLER_TOKEN}"),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(last["listings"].as_array().unwrap().len(), 40);
    assert_eq!(discogs.request_log().count_status(403), 2);
}

#[tokio::test]
async fn the_page_cap_is_a_switch() {
    let capped = DiscogsSandbox::builder()
        .account_with_listings("bigshop", "bigshop-token", 30)
        .inventory_page_cap(Some(2))
        .start()
        .await
        .unwrap();
    let url = |page: usize| {
        format!(
            "{}/users/bigshop/inventory?per_page=10&page={page}",
            capped.base_url()
        )
    };
    let (status, second) = get_json(http().get(url(2))).await;
    assert_eq!(status, 200);
    assert_eq!(second["pagination"]["pages"], 3);
    let (status, body) = get_json(http().get(url(3))).await;
    assert_eq!(status, 403);
    assert_eq!(
        body["message"],
        "Pagination above 100 disabled for inventories besides your own"
    );

    let uncapped = DiscogsSandbox::builder()
        .account_with_listings("bigshop", "bigshop-token", 30)
        .inventory_page_cap(None)
        .start()
        .await
        .unwrap();
    let (status, beyond) = get_json(http().get(format!(
        "{}/users/bigshop/inventory?per_page=1&page=30",
        uncapped.base_url()
    )))
    .await;
    assert_eq!(status, 200);
    assert_eq!(beyond["listings"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_single_page_has_empty_urls() {
    // field notes §1.2: `urls` is `{}` when there is one page.
    let discogs = DiscogsSandbox::start().await.unwrap();
    discogs.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 1, Decimal::TEN));
    let response = http()
        .get(format!(
            "{}/users/{DEFAULT_SELLER}/inventory",
            discogs.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("link").is_none());
    let text = response.text().await.unwrap();
    assert!(text.contains(r#""urls":{}"#), "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        body["pagination"],
        json!({ "per_page": 50, "items": 1, "page": 1, "urls": {}, "pages": 1 })
    );
}

async fn upload(discogs: &DiscogsSandbox, kind: &str, csv: &str) -> String {
    let form = Form::new().part(
        "upload",
        Part::bytes(csv.as_bytes().to_vec())
            .file_name("upload.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let response = seller(http().post(format!("{}/inventory/upload/{kind}", discogs.base_url())))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.headers()["location"].to_str().unwrap().to_string()
}

/// Polls an upload until it has left `queued` and `processing` (two polls).
async fn finished(location: &str) -> Value {
    let mut job = Value::Null;
    for _ in 0..2 {
        job = get_json(seller(http().get(location))).await.1;
    }
    assert!(
        !matches!(job["status"].as_str(), Some("queued" | "processing")),
        "{job}"
    );
    job
}

#[tokio::test]
async fn upload_results_name_each_skipped_row_and_stay_success() {
    // field notes §1.7: `Skipped row N because ERROR: <id> is an invalid listing_id`, row 2 the
    // first data row, joined by `<p>`; `status` stays "success".
    let discogs = DiscogsSandbox::start().await.unwrap();
    let keep = discogs.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 1, Decimal::TEN));

    let unknown = upload(&discogs, "change", "listing_id,price\n999999999,12.00\n").await;
    let job = finished(&unknown).await;
    assert_eq!(job["status"], "success");
    assert_eq!(
        job["results"],
        "CSV file contains 1 records.<p>Skipped row 2 because ERROR: 999999999 is an invalid listing_id<p>Processed 0 records."
    );
    assert!(job["finished_ts"].is_string());

    let mixed = upload(
        &discogs,
        "change",
        &format!("listing_id,price\n{keep},12.50\n-1,3.00\n"),
    )
    .await;
    let job = finished(&mixed).await;
    assert_eq!(job["status"], "success");
    assert_eq!(
        job["results"],
        "CSV file contains 2 records.<p>Skipped row 3 because ERROR: -1 is an invalid listing_id<p>Processed 1 records."
    );
    assert_eq!(discogs.listing(keep).unwrap().price, Decimal::new(1250, 2));

    // A listing of another seller is as invalid as an unknown one, for a delete too.
    let foreign = discogs.seed_listing(DiscogsListing::new("example_buyer", 1, Decimal::TEN));
    let delete = upload(
        &discogs,
        "delete",
        &format!("listing_id\n{foreign}\nabc\n{keep}\n"),
    )
    .await;
    let job = finished(&delete).await;
    assert_eq!(
        job["results"],
        format!(
            "CSV file contains 3 records.<p>Skipped row 2 because ERROR: {foreign} is an invalid listing_id<p>Skipped row 3 because ERROR: abc is an invalid listing_id<p>Processed 1 records."
        )
    );
    assert!(discogs.listing(keep).is_none());
    assert!(discogs.listing(foreign).is_some());
}

#[tokio::test]
async fn an_empty_upload_is_accepted_then_fails() {
    // field notes §1.7: an empty file is accepted (an id is returned), then `status: "failed"`,
    // `results: "ERROR: Uploaded file no longer exists."`, `finished_ts: null`.
    let discogs = DiscogsSandbox::start().await.unwrap();
    let location = upload(&discogs, "change", "").await;
    let job = finished(&location).await;
    assert_eq!(job["status"], "failed");
    assert_eq!(job["results"], "ERROR: Uploaded file no longer exists.");
    assert_eq!(job["finished_ts"], Value::Null);
    assert_eq!(job["type"], "change");
    assert_eq!(job["filename"], "upload.csv");
    assert_eq!(discogs.uploads(DEFAULT_SELLER)[0].status, "failed");
}

/// The head of a raw HTTP/1.1 answer, as the bytes arrived.
async fn raw_head(discogs: &DiscogsSandbox, request: &str) -> String {
    let address = discogs.origin().trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    text.split("\r\n\r\n").next().unwrap().to_string()
}

#[tokio::test]
async fn rate_headers_arrive_in_lower_case_on_every_answer() {
    // field notes §1.1: `x-discogs-ratelimit`, `-used`, `-remaining` in lower case, on error
    // answers too.
    let discogs = DiscogsSandbox::builder()
        .rate_limits(RateLimit::per_minute(60), RateLimit::per_minute(3))
        .start()
        .await
        .unwrap();
    let get = |path: &str, extra: &str| {
        format!(
            "GET {path} HTTP/1.1\r\nHost: api.discogs.com\r\nUser-Agent: sandbox-test\r\n{extra}Connection: close\r\n\r\n"
        )
    };
    let ok = raw_head(&discogs, &get("/marketplace/fee/10", "")).await;
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let not_found = raw_head(&discogs, &get("/nowhere", "")).await;
    assert!(not_found.starts_with("HTTP/1.1 404"), "{not_found}");
    let unauthorized = raw_head(
        &discogs,
        &get(
            "/marketplace/fee/10",
            "Authorization: Discogs token=nope\r\n",
        ),
    )
    .await;
    assert!(unauthorized.starts_with("HTTP/1.1 401"), "{unauthorized}");
    discogs.faults().fail_next(1, 503);
    let injected = raw_head(&discogs, &get("/marketplace/fee/10", "")).await;
    assert!(injected.starts_with("HTTP/1.1 503"), "{injected}");
    let throttled = raw_head(&discogs, &get("/marketplace/fee/10", "")).await;
    assert!(throttled.starts_with("HTTP/1.1 429"), "{throttled}");
    for head in [&ok, &not_found, &unauthorized, &injected, &throttled] {
        for name in [
            "x-discogs-ratelimit: ",
            "x-discogs-ratelimit-used: ",
            "x-discogs-ratelimit-remaining: ",
        ] {
            assert!(head.contains(&format!("\r\n{name}")), "{name} in {head}");
        }
    }
    assert!(ok.contains("\r\nx-discogs-ratelimit: 3\r\n"), "{ok}");
    // The injected failure reports the window without counting itself: the anonymous window
    // (wrong credentials count there too) was spent by the 200, the 404 and the 401.
    assert!(
        injected.contains("\r\nx-discogs-ratelimit-remaining: 0\r\n"),
        "{injected}"
    );
    assert!(
        throttled.contains("\r\nx-discogs-ratelimit-remaining: 0\r\n"),
        "{throttled}"
    );
}

#[tokio::test]
async fn the_export_csv_is_the_live_format() {
    // field notes §1.6: the exact header, CRLF line ends, `format` quoted when it holds commas,
    // `price` with one place at least, `listed` as `YYYY-MM-DD HH:MM:SS`, full condition names,
    // `Y`/`N`, integers for weight and quantities, empty fields empty.
    let discogs = DiscogsSandbox::start().await.unwrap();
    let mut release = DiscogsRelease::new(5_134_861, "Some Artist", "Some Title");
    release.label = "Some Label".to_string();
    release.catalog_number = "CAT 001".to_string();
    release.format = "CD, Album, Promo".to_string();
    discogs.seed_release(release);
    let mut listing = DiscogsListing::new(DEFAULT_SELLER, 5_134_861, Decimal::from(100));
    listing.status = DiscogsListingStatus::Draft;
    listing.condition = "Near Mint (NM or M-)".to_string();
    listing.sleeve_condition = Some("Near Mint (NM or M-)".to_string());
    listing.weight = Some(100);
    listing.format_quantity = Some(1);
    listing.posted = 1_787_641_462; // 2026-08-25T07:04:22Z
    let id = discogs.seed_listing(listing);

    let created = seller(http().post(format!("{}/inventory/export", discogs.base_url())))
        .send()
        .await
        .unwrap();
    let location = created.headers()["location"].to_str().unwrap().to_string();
    discogs.finish_jobs();
    let (_, job) = get_json(seller(http().get(&location))).await;
    assert_eq!(job["status"], "success");
    let filename = job["filename"].as_str().unwrap().to_string();
    let stamp = filename
        .strip_prefix("rappcats-inventory-")
        .and_then(|rest| rest.strip_suffix(".csv"))
        .unwrap();
    assert_eq!(stamp.len(), "YYYYMMDD-HHMM".len(), "{filename}");
    assert!(stamp.chars().enumerate().all(|(index, c)| if index == 8 {
        c == '-'
    } else {
        c.is_ascii_digit()
    }));

    let download = seller(http().get(job["download_url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        download.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        download.headers()["content-disposition"].to_str().unwrap(),
        format!("attachment; filename={filename}")
    );
    assert_eq!(
        download.text().await.unwrap(),
        format!(
            "listing_id,artist,title,label,catno,format,release_id,status,price,listed,comments,media_condition,sleeve_condition,accept_offer,external_id,weight,format_quantity,location,quantity\r\n\
             {id},Some Artist,Some Title,Some Label,CAT 001,\"CD, Album, Promo\",5134861,Draft,100.0,2026-08-25 07:04:22,,Near Mint (NM or M-),Near Mint (NM or M-),N,,100,1,,1\r\n"
        )
    );

    // The header is there even with no listings.
    let empty = DiscogsSandbox::start().await.unwrap();
    let created = seller(http().post(format!("{}/inventory/export", empty.base_url())))
        .send()
        .await
        .unwrap();
    let location = created.headers()["location"].to_str().unwrap().to_string();
    empty.finish_jobs();
    let csv = seller(http().get(format!("{location}/download")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv,
        "listing_id,artist,title,label,catno,format,release_id,status,price,listed,comments,media_condition,sleeve_condition,accept_offer,external_id,weight,format_quantity,location,quantity\r\n"
    );
}

#[tokio::test]
async fn the_fee_has_the_decimals_of_its_currency() {
    // A JPY fee has no decimals (issue 14, point 2); 4.2 % as documented (`10.00` → `0.42`),
    // halves rounded away from zero (the mode is not documented).
    let discogs = DiscogsSandbox::start().await.unwrap();
    let fee = |path: &str| {
        let url = format!("{}/marketplace/fee/{path}", discogs.base_url());
        async move { http().get(url).send().await.unwrap().text().await.unwrap() }
    };
    assert_eq!(fee("10.00").await, r#"{"currency":"USD","value":0.42}"#);
    assert_eq!(fee("1000/JPY").await, r#"{"currency":"JPY","value":42}"#);
    assert_eq!(fee("1010/JPY").await, r#"{"currency":"JPY","value":42}"#);
    assert_eq!(fee("1012/JPY").await, r#"{"currency":"JPY","value":43}"#);
    assert_eq!(fee("2.50/EUR").await, r#"{"currency":"EUR","value":0.11}"#);
}
