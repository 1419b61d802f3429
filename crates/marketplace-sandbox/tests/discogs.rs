//! The Discogs fake over HTTP: listings, inventory paging, orders, uploads, exports, pricing,
//! authentication and the rate limit.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Duration;

use marketplace_sandbox::RateLimit;
use marketplace_sandbox::discogs::{
    DEFAULT_BUYER_TOKEN, DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, DEFAULT_SELLER,
    DISCOGS_TOKEN, DiscogsListing, DiscogsListingStatus, DiscogsSandbox,
};
use reqwest::multipart::{Form, Part};
use rust_decimal::Decimal;
use serde_json::{Value, json};

const SELLER_AUTH: &str = "Discogs token=sandbox-discogs-token";

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The `rel="next"` target of a Link header.
fn next_link(response: &reqwest::Response) -> Option<String> {
    let link = response.headers().get("link")?.to_str().ok()?;
    link.split(", ").find_map(|part| {
        let (url, rel) = part.split_once("; ")?;
        (rel == "rel=\"next\"").then(|| url.trim_matches(['<', '>']).to_string())
    })
}

#[tokio::test]
async fn a_listing_is_created_read_edited_and_deleted() {
    let discogs = DiscogsSandbox::start().await.unwrap();
    let base = discogs.base_url();
    let http = client();

    let created = http
        .post(format!("{base}/marketplace/listings"))
        .header("Authorization", SELLER_AUTH)
        .json(&json!({
            "release_id": 1,
            "condition": "Mint (M)",
            "sleeve_condition": "Generic",
            "price": 10.00,
            "status": "Draft",
            "location": "Shelf B-2",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    let id = body["listing_id"].as_u64().unwrap();
    assert_eq!(
        body["resource_url"],
        format!("{base}/marketplace/listings/{id}")
    );
    let stored = discogs.listing(id).unwrap();
    assert_eq!(stored.status, DiscogsListingStatus::Draft);
    assert_eq!(stored.location.as_deref(), Some("Shelf B-2"));

    // A draft is invisible to strangers but complete for its owner.
    let anonymous = http
        .get(format!("{base}/marketplace/listings/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 404);
    let owner: Value = http
        .get(format!("{base}/marketplace/listings/{id}"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(owner["status"], "Draft");
    assert_eq!(owner["price"]["value"].to_string(), "10");
    assert_eq!(owner["location"], "Shelf B-2");
    assert_eq!(owner["seller"]["username"], DEFAULT_SELLER);

    let edited = http
        .post(format!("{base}/marketplace/listings/{id}"))
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "release_id": 1, "condition": "Mint (M)", "price": 12.5, "status": "For Sale" }))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 204);
    let stored = discogs.listing(id).unwrap();
    assert_eq!(stored.price, decimal("12.5"));
    assert_eq!(stored.status, DiscogsListingStatus::ForSale);

    let bad_condition = http
        .post(format!("{base}/marketplace/listings/{id}"))
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "condition": "Mint" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_condition.status(), 422);
    let message: Value = bad_condition.json().await.unwrap();
    assert!(
        message["message"]
            .as_str()
            .unwrap()
            .starts_with("Invalid condition: expected one of Mint (M), Near Mint (NM or M-)")
    );

    let deleted = http
        .delete(format!("{base}/marketplace/listings/{id}"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert!(discogs.listing(id).is_none());
    let gone = http
        .get(format!("{base}/marketplace/listings/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    let body: Value = gone.json().await.unwrap();
    assert_eq!(body["message"], "The request resource was not found.");
}

#[tokio::test]
async fn sold_listings_cannot_be_edited_and_strangers_cannot_touch_listings() {
    let discogs = DiscogsSandbox::start().await.unwrap();
    let mut sold = DiscogsListing::new(DEFAULT_SELLER, 1, decimal("20"));
    sold.status = DiscogsListingStatus::Sold;
    let id = discogs.seed_listing(sold);
    let http = client();
    let url = format!("{}/marketplace/listings/{id}", discogs.base_url());

    let edit = http
        .post(&url)
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "price": 25 }))
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 422);
    let body: Value = edit.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("cannot be modified")
    );

    let by_buyer = http
        .delete(&url)
        .header(
            "Authorization",
            format!("Discogs token={DEFAULT_BUYER_TOKEN}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(by_buyer.status(), 403);
    let body: Value = by_buyer.json().await.unwrap();
    assert_eq!(
        body["message"],
        "You don't have permission to access this resource."
    );

    let anonymous = http
        .post(format!("{}/marketplace/listings", discogs.base_url()))
        .json(&json!({ "release_id": 1, "condition": "Mint (M)", "price": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().contains_key("www-authenticate"));
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(
        body["message"],
        "You must authenticate to access this resource."
    );
}

#[tokio::test]
async fn the_inventory_pages_follow_link_headers_to_the_end() {
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let http = client();
    let for_sale = discogs
        .listings(DEFAULT_SELLER)
        .iter()
        .filter(|listing| listing.status == DiscogsListingStatus::ForSale)
        .count();
    assert!(for_sale > 250);

    let mut url = Some(format!(
        "{}/users/{DEFAULT_SELLER}/inventory?per_page=50&sort=price&sort_order=asc",
        discogs.base_url()
    ));
    let mut seen = Vec::new();
    let mut pages = 0;
    while let Some(next) = url {
        let response = http.get(&next).send().await.unwrap();
        assert_eq!(response.status(), 200);
        url = next_link(&response);
        let body: Value = response.json().await.unwrap();
        pages += 1;
        assert_eq!(body["pagination"]["page"], pages);
        assert_eq!(body["pagination"]["items"], for_sale);
        assert_eq!(
            body["pagination"]["urls"]["next"]
                .as_str()
                .map(str::to_string),
            url
        );
        for listing in body["listings"].as_array().unwrap() {
            assert_eq!(listing["status"], "For Sale");
            // Strangers do not see the owner's private fields.
            assert!(listing.get("location").is_none());
            seen.push(decimal(&listing["price"]["value"].to_string()));
        }
    }
    assert_eq!(pages, for_sale.div_ceil(50));
    assert_eq!(seen.len(), for_sale);
    assert!(seen.windows(2).all(|pair| pair[0] <= pair[1]));

    // The owner sees every status and the private fields.
    let owner: Value = http
        .get(format!(
            "{}/users/{DEFAULT_SELLER}/inventory?status=Draft",
            discogs.base_url()
        ))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let drafts = owner["listings"].as_array().unwrap();
    assert!(!drafts.is_empty());
    assert!(drafts.iter().all(|listing| listing["status"] == "Draft"));
    assert!(drafts[0]["location"].is_string());
    assert_eq!(drafts[0]["in_cart"], false);

    let invalid = http
        .get(format!(
            "{}/users/{DEFAULT_SELLER}/inventory?status=Lost",
            discogs.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);
    let body: Value = invalid.json().await.unwrap();
    assert_eq!(
        body["message"],
        "Invalid status: expected one of All, Deleted, Draft, Expired, For Sale, Sold, Suspended, Violation."
    );

    let unknown = http
        .get(format!("{}/users/nobody/inventory", discogs.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn an_order_is_walked_from_new_to_shipped() {
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let http = client();
    let order = discogs
        .orders()
        .into_iter()
        .find(|order| order.status == "New Order")
        .unwrap();
    let url = format!("{}/marketplace/orders/{}", discogs.base_url(), order.id);

    let listed: Value = http
        .get(format!(
            "{}/marketplace/orders?status=New%20Order",
            discogs.base_url()
        ))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["pagination"]["items"], 1);
    assert_eq!(listed["orders"][0]["id"], order.id.as_str());

    let both = http
        .post(&url)
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "status": "Payment Received", "shipping": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), 422);

    let shipping: Value = http
        .post(&url)
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "shipping": 5.00 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shipping["status"], "Invoice Sent");
    assert_eq!(shipping["shipping"]["value"].to_string(), "5");
    assert_eq!(
        decimal(&shipping["total"]["value"].to_string()),
        order.total() + Decimal::from(5)
    );
    assert_eq!(shipping["next_status"].as_array().unwrap().len(), 11);

    let paid = http
        .post(&url)
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "status": "Payment Received" }))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 200);

    let no_number = http
        .post(&url)
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "tracking": { "carrier": "UPS" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(no_number.status(), 400);
    let body: Value = no_number.json().await.unwrap();
    assert_eq!(body["message"], "Tracking number is required.");

    let buyer_tracking = http
        .post(&url)
        .header(
            "Authorization",
            format!("Discogs token={DEFAULT_BUYER_TOKEN}"),
        )
        .json(&json!({ "tracking": { "number": "1Z999", "carrier": "UPS" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(buyer_tracking.status(), 403);
    let body: Value = buyer_tracking.json().await.unwrap();
    assert_eq!(
        body["message"],
        "Only the seller can set tracking information."
    );

    let tracked: Value = http
        .post(&url)
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "tracking": { "number": "1Z999999999999999", "carrier": "UPS" } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        tracked["tracking"]["url"],
        "https://www.ups.com/track?tracknum=1Z999999999999999"
    );

    let message = http
        .post(format!("{url}/messages"))
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "status": "Shipped", "message": "Your order is on its way!" }))
        .send()
        .await
        .unwrap();
    assert_eq!(message.status(), 201);
    let body: Value = message.json().await.unwrap();
    assert_eq!(
        body["message"],
        "Seller changed status from Payment Received to Shipped\n\nYour order is on its way!"
    );
    assert!(
        body["subject"]
            .as_str()
            .unwrap()
            .starts_with("Discogs Order #")
    );

    let shipped = discogs.order(&order.id).unwrap();
    assert_eq!(shipped.status, "Shipped");
    assert_eq!(shipped.tracking.unwrap().carrier.as_deref(), Some("UPS"));

    let backwards = http
        .post(&url)
        .header("Authorization", SELLER_AUTH)
        .json(&json!({ "status": "New Order" }))
        .send()
        .await
        .unwrap();
    assert_eq!(backwards.status(), 422);
    let body: Value = backwards.json().await.unwrap();
    assert_eq!(
        body["message"],
        "Invalid status: expected one of Shipped, Refund Sent."
    );

    let log: Value = http
        .get(format!("{url}/messages?per_page=2"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["messages"][0]["type"], "message");
    assert!(log["pagination"]["pages"].as_u64().unwrap() >= 3);

    let anonymous = http.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn upload(http: &reqwest::Client, base: &str, kind: &str, csv: &str) -> reqwest::Response {
    let form = Form::new().part(
        "upload",
        Part::bytes(csv.as_bytes().to_vec())
            .file_name(format!("{kind}.csv"))
            .mime_str("text/csv")
            .unwrap(),
    );
    http.post(format!("{base}/inventory/upload/{kind}"))
        .header("Authorization", SELLER_AUTH)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_csv_upload_moves_through_its_states_and_is_applied() {
    let discogs = DiscogsSandbox::start().await.unwrap();
    let keep = discogs.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 1, decimal("10")));
    let remove = discogs.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 2, decimal("11")));
    let http = client();
    let base = discogs.base_url();

    let added = upload(
        &http,
        base,
        "add",
        "release_id,price,media_condition,comments\n123,1.50,Mint (M),Comments about this release for sale\n456,2.50,Near Mint (NM or M-),More comments\n7890,3.50,Shiny,Signed vinyl copy\n",
    )
    .await;
    assert_eq!(added.status(), 200);
    let location = added.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("{base}/inventory/upload/")));

    let mut statuses = Vec::new();
    let mut last = Value::Null;
    for _ in 0..3 {
        last = http
            .get(&location)
            .header("Authorization", SELLER_AUTH)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        statuses.push(last["status"].as_str().unwrap().to_string());
    }
    assert_eq!(statuses, ["processing", "success", "success"]);
    assert_eq!(last["type"], "add");
    assert_eq!(last["filename"], "add.csv");
    // field notes §1.7: a skipped row is named by its line (the header is row 1) between the
    // record count and the processed count, and the job still succeeds.
    assert_eq!(
        last["results"],
        "CSV file contains 3 records.<p>Skipped row 4 because ERROR: Shiny is an invalid media_condition<p>Processed 2 records."
    );
    assert_eq!(discogs.listings(DEFAULT_SELLER).len(), 4);

    let change = format!("listing_id,price,media_condition\n{keep},14.99,Very Good (VG)\n");
    let changed = upload(&http, base, "change", &change).await;
    let delete = format!("listing_id\n{remove}\n");
    let deleted = upload(&http, base, "delete", &delete).await;
    assert_eq!(changed.status(), 200);
    assert_eq!(deleted.status(), 200);
    // Nothing applies until the jobs run.
    assert_eq!(discogs.listing(keep).unwrap().price, decimal("10"));
    discogs.finish_jobs();
    let kept = discogs.listing(keep).unwrap();
    assert_eq!(kept.price, decimal("14.99"));
    assert_eq!(kept.condition, "Very Good (VG)");
    assert!(discogs.listing(remove).is_none());

    let recent: Value = http
        .get(format!("{base}/inventory/upload"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(recent["pagination"]["items"], 3);
    assert_eq!(recent["items"][0]["type"], "delete");
    assert_eq!(discogs.uploads(DEFAULT_SELLER).len(), 3);

    // Finished jobs answer 304 to a conditional poll.
    let since = httpdate_now();
    let unchanged = http
        .get(&location)
        .header("Authorization", SELLER_AUTH)
        .header("If-Modified-Since", since)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), 304);

    let not_multipart = http
        .post(format!("{base}/inventory/upload/add"))
        .header("Authorization", SELLER_AUTH)
        .body("release_id,price\n1,2\n")
        .send()
        .await
        .unwrap();
    assert_eq!(not_multipart.status(), 415);

    let bad_header = upload(
        &http,
        base,
        "add",
        "Release_ID,price,media_condition\n1,2,Mint (M)\n",
    )
    .await;
    assert_eq!(bad_header.status(), 422);
}

fn httpdate_now() -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(5))
}

#[tokio::test]
async fn an_export_is_polled_to_success_and_downloaded() {
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let http = client();
    let base = discogs.base_url();
    let created = http
        .post(format!("{base}/inventory/export"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let early = http
        .get(format!("{location}/download"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 409);
    let mut job = Value::Null;
    for _ in 0..2 {
        job = http
            .get(&location)
            .header("Authorization", SELLER_AUTH)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    }
    assert_eq!(job["status"], "success");
    let csv = http
        .get(job["download_url"].as_str().unwrap())
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("listing_id,artist,title"));
    assert_eq!(lines.count(), discogs.listings(DEFAULT_SELLER).len());
}

#[tokio::test]
async fn fees_suggestions_and_stats_keep_exact_decimals() {
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let http = client();
    let base = discogs.base_url();

    let fee = http
        .get(format!("{base}/marketplace/fee/10.00"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(fee, r#"{"currency":"USD","value":0.42}"#);
    let bad_currency = http
        .get(format!("{base}/marketplace/fee/10.00/XYZ"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_currency.status(), 422);

    let unauthenticated = http
        .get(format!("{base}/marketplace/price_suggestions/1"))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let suggestions = http
        .get(format!("{base}/marketplace/price_suggestions/1"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(suggestions.contains(r#""Mint (M)":{"currency":"USD","value":14.319139100000001}"#));
    let empty: Value = http
        .get(format!("{base}/marketplace/price_suggestions/999999999"))
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(empty, json!({}));

    let stats: Value = http
        .get(format!("{base}/marketplace/stats/1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(stats["num_for_sale"].as_u64().unwrap() > 0);
    assert_eq!(stats["blocked_from_sale"], false);
    let none: Value = http
        .get(format!("{base}/marketplace/stats/424242"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(none["lowest_price"].is_null());
}

#[tokio::test]
async fn every_credential_form_is_read_and_wrong_ones_are_refused() {
    let discogs = DiscogsSandbox::start_with_demo_data().await.unwrap();
    let http = client();
    let url = format!(
        "{}/users/{DEFAULT_SELLER}/inventory?status=Draft",
        discogs.base_url()
    );
    let listed_statuses = |body: &Value| -> Vec<String> {
        body["listings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|listing| listing["status"].as_str().unwrap().to_string())
            .collect()
    };
    let owner_sees_drafts = |body: &Value| {
        let statuses = listed_statuses(body);
        !statuses.is_empty() && statuses.iter().all(|status| status == "Draft")
    };

    let by_query: Value = http
        .get(format!("{url}&token={DISCOGS_TOKEN}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(owner_sees_drafts(&by_query));

    let oauth: Value = http
        .get(&url)
        .header(
            "Authorization",
            format!(
                "OAuth oauth_consumer_key=\"{DEFAULT_CONSUMER_KEY}\", oauth_token=\"{DISCOGS_TOKEN}\", oauth_signature=\"x%26y\""
            ),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(owner_sees_drafts(&oauth));

    // Consumer key and secret identify an application, not the seller.
    let application = http
        .get(&url)
        .header(
            "Authorization",
            format!("Discogs key={DEFAULT_CONSUMER_KEY}, secret={DEFAULT_CONSUMER_SECRET}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(application.headers()["x-discogs-ratelimit"], "60");
    let body: Value = application.json().await.unwrap();
    assert!(!owner_sees_drafts(&body));
    // A stranger's `status` filter is ignored: only For Sale listings (field notes §1.8).
    let statuses = listed_statuses(&body);
    assert!(!statuses.is_empty());
    assert!(statuses.iter().all(|status| status == "For Sale"));

    let wrong = http
        .get(&url)
        .header("Authorization", "Discogs token=nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let logged = discogs.request_log().entries();
    let last = logged.last().unwrap();
    assert_eq!(last.header("authorization"), Some("Discogs ***"));
    assert!(logged.iter().all(|entry| {
        !entry
            .query
            .clone()
            .unwrap_or_default()
            .contains(DISCOGS_TOKEN)
    }));
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_its_headers() {
    let discogs = DiscogsSandbox::builder()
        .rate_limits(RateLimit::per_minute(3), RateLimit::per_minute(2))
        .start()
        .await
        .unwrap();
    let http = client();
    let url = format!("{}/marketplace/fee/10", discogs.base_url());

    let first = http.get(&url).send().await.unwrap();
    assert_eq!(first.headers()["x-discogs-ratelimit"], "2");
    assert_eq!(first.headers()["x-discogs-ratelimit-used"], "1");
    assert_eq!(first.headers()["x-discogs-ratelimit-remaining"], "1");
    http.get(&url).send().await.unwrap();
    let refused = http.get(&url).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["x-discogs-ratelimit-remaining"], "0");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["message"], "You are making requests too quickly.");

    // The authenticated budget is separate and larger.
    for expected_remaining in ["2", "1", "0"] {
        let response = http
            .get(&url)
            .header("Authorization", SELLER_AUTH)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["x-discogs-ratelimit-remaining"],
            expected_remaining
        );
    }
    let refused = http
        .get(&url)
        .header("Authorization", SELLER_AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(discogs.request_log().count_status(429), 2);

    discogs.reset();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
}
