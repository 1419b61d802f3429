//! `instica-client` end to end against the stateful Instica fake of `marketplace-sandbox`.
//!
//! Every test checks what the fake holds afterwards (items, prices, assets), not only what the
//! client returned.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_core::clock::{ManualClock, NoJitter};
use futures::TryStreamExt;
use instica_client::prelude::*;
use instica_client::{
    AssetType, AssetUpload, ConditionCode, ExportStatus, InsticaClient, InsticaError,
    InsticaErrorKind, ItemFields, ItemOrderField, ItemStatus, ItemUid, PriceChange, WaitOptions,
};
use inventory_model::{Currency, Decimal, Grade, Money};
use marketplace_sandbox::instica::{DEFAULT_API_KEY, INSTICA_TOKEN, InsticaItem, InsticaSandbox};

fn client(sandbox: &InsticaSandbox) -> InsticaClient {
    InsticaClient::builder()
        .base_url(sandbox.base_url())
        .token(INSTICA_TOKEN)
        .clock(Arc::new(ManualClock::new()))
        .jitter(Arc::new(NoJitter))
        .build()
        .unwrap()
}

fn usd(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::Usd)
}

#[tokio::test]
async fn a_stream_follows_next_across_every_page() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);

    let first = client.items().list().page_size(40).send().await.unwrap();
    assert_eq!(first.items.len(), 40);
    assert!(first.next.is_some(), "a first page of 40 has a next page");

    let streamed: Vec<_> = client
        .items()
        .list()
        .page_size(40)
        .ordering(ItemOrderField::Created.ascending())
        .stream()
        .try_collect()
        .await
        .unwrap();

    // Every item the fake holds, each once, oldest first.
    let held = sandbox.items();
    assert_eq!(streamed.len(), held.len());
    assert!(held.len() > 120, "the demo data spans several pages");
    let streamed_uids: BTreeSet<&str> = streamed.iter().map(|item| item.uid.as_str()).collect();
    let held_uids: BTreeSet<&str> = held.iter().map(|item| item.uid.as_str()).collect();
    assert_eq!(streamed_uids, held_uids);
    assert!(
        streamed
            .windows(2)
            .all(|pair| pair[0].created <= pair[1].created),
        "the order asked for is kept across pages"
    );

    // One request per page, each following the `next` link.
    let pages = held.len().div_ceil(40);
    let list_calls = sandbox.request_log().count("GET", "/api/v1/inventory/");
    assert_eq!(list_calls, 1 + pages);

    // Prices decode exactly, as the fake holds them.
    for item in &streamed {
        let held = sandbox.item(item.uid.as_str()).unwrap();
        assert_eq!(
            item.price_total_usd.map(|price| price.amount()),
            held.price_total_usd,
            "{}",
            item.uid
        );
    }
}

#[tokio::test]
async fn an_item_is_created_patched_read_and_deleted() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);

    let created = client
        .items()
        .create(
            &ItemFields::new()
                .product_title("Kind of Blue")
                .name("Kind of Blue LP - VG+")
                .product_catalog_number("CS 8163")
                .product_year("1959")
                .condition_item(Grade::VeryGoodPlus)
                .manual_sku("LP-KOB-1959-02")
                .price_total(usd(4_250))
                .price_purchased_item(usd(1_800))
                .status(ItemStatus::ReadyToSell),
        )
        .await
        .unwrap();
    let uid = created.uid.clone();
    assert_eq!(created.name.as_deref(), Some("Kind of Blue LP - VG+"));
    assert_eq!(created.price_total_usd, Some(usd(4_250)));

    // The fake holds the item and created its product.
    let held = sandbox.item(uid.as_str()).unwrap();
    assert_eq!(held.price_total_usd, Some(Decimal::new(4_250, 2)));
    assert_eq!(held.price_purchased_item, Some(Decimal::new(1_800, 2)));
    assert_eq!(held.condition_item.as_deref(), Some("vg_plus"));
    assert_eq!(held.manual_sku.as_deref(), Some("LP-KOB-1959-02"));
    assert_eq!(held.status, "ready-to-sell");
    let product = sandbox
        .products()
        .into_iter()
        .find(|product| Some(&product.uid) == held.product_uid.as_ref())
        .unwrap();
    assert_eq!(product.title, "Kind of Blue");
    assert_eq!(product.catalog_number.as_deref(), Some("CS 8163"));

    // Patch two fields; the others stay.
    let patched = client
        .item(uid.clone())
        .update(
            &ItemFields::new()
                .price_total(usd(3_999))
                .condition_comments("Light spindle marks"),
        )
        .await
        .unwrap();
    assert_eq!(patched.price_total_usd, Some(usd(3_999)));
    let held = sandbox.item(uid.as_str()).unwrap();
    assert_eq!(held.price_total_usd, Some(Decimal::new(3_999, 2)));
    assert_eq!(held.condition_comments, "Light spindle marks");
    assert_eq!(held.manual_sku.as_deref(), Some("LP-KOB-1959-02"));

    let detail = client.item(uid.clone()).get().await.unwrap();
    assert_eq!(detail.price_total_usd, Some(usd(3_999)));
    assert_eq!(
        detail.condition_item,
        Some(ConditionCode::from(Grade::VeryGoodPlus))
    );
    assert_eq!(detail.is_sold, Some(false));
    assert!(!detail.platform_listability.is_empty());

    client.item(uid.clone()).delete().await.unwrap();
    assert!(sandbox.item(uid.as_str()).unwrap().deleted);
    assert!(sandbox.items().iter().all(|item| item.uid != uid.as_str()));
    let gone = client.item(uid).get().await.unwrap_err();
    assert!(
        matches!(
            gone,
            InsticaError::Api {
                kind: InsticaErrorKind::NotFound,
                ..
            }
        ),
        "{gone:?}"
    );
}

#[tokio::test]
async fn a_bulk_price_change_over_150_items_is_split_merged_and_applied() {
    let sandbox = InsticaSandbox::start().await.unwrap();
    let mut uids: Vec<ItemUid> = (0..150)
        .map(|n| {
            let mut item = InsticaItem::new(format!("Record {n:03}"));
            item.status = "ready-to-sell".to_string();
            item.price_total_usd = Some(Decimal::new(1_000 + n, 2));
            ItemUid::new(sandbox.seed_item(item))
        })
        .collect();
    // One uid the fake does not know: refused on its own, the rest go through.
    uids.insert(70, ItemUid::new("inv_not_here"));
    let client = client(&sandbox);

    let report = client
        .bulk()
        .price(&uids, &PriceChange::Percentage(Decimal::new(10, 0)))
        .await
        .unwrap();

    assert_eq!(report.batches, 2);
    assert_eq!(report.total_count, 151);
    assert_eq!(report.success_count, 150);
    assert_eq!(report.failure_count, 1);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        report.errors[0].uid.as_ref().map(ItemUid::as_str),
        Some("inv_not_here")
    );
    assert!(report.failed_batches.is_empty());
    assert_eq!(report.updated_uids.len(), 150);

    // Two requests (100 + 51), sent once each, and every price raised by exactly 10 %.
    assert_eq!(
        sandbox
            .request_log()
            .count("POST", "/api/v1/inventory/bulk/price/"),
        2
    );
    for (n, item) in sandbox.items().iter().enumerate() {
        let before = Decimal::new(1_000 + n as i64, 2);
        let expected = (before * Decimal::new(110, 2)).round_dp(2);
        assert_eq!(
            item.price_total_usd,
            Some(expected),
            "{}",
            item.name.as_deref().unwrap()
        );
    }
    assert_eq!(
        sandbox.items()[0].price_total_usd,
        Some(Decimal::new(1_100, 2))
    );
}

#[tokio::test]
async fn an_asset_upload_is_attached_to_the_item() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let uid = sandbox.items()[0].uid.clone();
    let photos_before = sandbox.assets(&uid).len();

    let jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    let asset = client
        .item(uid.clone())
        .assets()
        .upload(
            &AssetUpload::new(AssetType::Photo)
                .file("front-cover.jpg", "image/jpeg", jpeg.clone())
                .description("Front cover")
                .identifying(true),
        )
        .await
        .unwrap();
    assert_eq!(asset.file_name.as_deref(), Some("front-cover.jpg"));
    assert_eq!(asset.asset_type, AssetType::Photo);
    assert!(asset.is_identifying_asset);

    let held = sandbox.assets(&uid);
    assert_eq!(held.len(), photos_before + 1);
    let stored = held
        .iter()
        .find(|stored| stored.uid == asset.uid.as_str())
        .unwrap();
    assert_eq!(stored.file_name, "front-cover.jpg");
    assert_eq!(stored.mime_type, "image/jpeg");
    assert_eq!(stored.file_size, jpeg.len());
    assert_eq!(stored.description, "Front cover");
    assert_eq!(stored.kind, "photo");
    // A file upload is never sent twice.
    assert_eq!(
        sandbox
            .request_log()
            .count("POST", &format!("/api/v1/inventory/{uid}/assets/")),
        1
    );
}

#[tokio::test]
async fn an_export_job_is_waited_for_until_completed() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);

    let job = client.exports().create_inventory_csv().await.unwrap();
    assert_eq!(job.status, ExportStatus::Pending);
    assert_eq!(job.file_url, None);

    let seen = Arc::new(Mutex::new(Vec::new()));
    let progress = Arc::clone(&seen);
    let done = client
        .exports()
        .wait(
            &job.uid,
            WaitOptions::default()
                .initial_interval(Duration::from_millis(10))
                .timeout(Duration::from_secs(60))
                .on_progress(move |job| progress.lock().unwrap().push(job.status.clone())),
        )
        .await
        .unwrap();

    assert_eq!(done.job.uid, job.uid);
    assert_eq!(done.job.status, ExportStatus::Completed);
    // The first poll starts the job, a later one finds it completed.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.first(), Some(&ExportStatus::Pending));
    assert_eq!(seen.last(), Some(&ExportStatus::Completed));
    assert!(
        done.file_url
            .as_str()
            .starts_with(&format!("{}/media/exports/", sandbox.origin())),
        "{}",
        done.file_url
    );

    // The file is there, holding the fake's items.
    let exports = client.exports().list().send().await.unwrap();
    assert!(
        exports
            .items
            .iter()
            .any(|listed| listed.uid == job.uid && listed.status == ExportStatus::Completed)
    );
    let csv = download_without_credentials(done.file_url.as_str()).await;
    let first_uid = &sandbox.items()[0].uid;
    assert!(csv.contains(first_uid.as_str()), "{csv}");
}

/// Downloads the export file over a plain TCP connection (the file URL needs no credentials),
/// so the test needs no HTTP client of its own.
async fn download_without_credentials(url: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    answer
}

#[tokio::test]
async fn field_errors_from_the_fake_surface_typed_and_nothing_is_stored() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let count_before = sandbox.items().len();

    let error = client
        .items()
        .create(
            &ItemFields::new()
                .name("Mystery record")
                .condition_item(ConditionCode::from("mint_minus_minus")),
        )
        .await
        .unwrap_err();
    let InsticaError::Api {
        kind: InsticaErrorKind::Rejected,
        field_errors,
        ..
    } = &error
    else {
        panic!("expected field errors, got {error:?}");
    };
    assert_eq!(
        field_errors.get("condition_item"),
        Some(&vec![
            "\"mint_minus_minus\" is not a valid choice.".to_string()
        ])
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert_eq!(sandbox.items().len(), count_before);

    // A bulk call with an invalid status is refused as a whole, with the field named.
    let uids: Vec<ItemUid> = sandbox
        .items()
        .iter()
        .take(3)
        .map(|item| ItemUid::new(item.uid.clone()))
        .collect();
    let statuses_before: Vec<String> = sandbox
        .items()
        .iter()
        .take(3)
        .map(|item| item.status.clone())
        .collect();
    let error = client
        .bulk()
        .status(&uids, &ItemStatus::from("on-the-moon"))
        .await
        .unwrap_err();
    let field_errors = error.field_errors().unwrap();
    assert!(
        field_errors
            .get("status")
            .is_some_and(|messages| messages[0].contains("on-the-moon")),
        "{field_errors:?}"
    );
    let statuses_after: Vec<String> = sandbox
        .items()
        .iter()
        .take(3)
        .map(|item| item.status.clone())
        .collect();
    assert_eq!(statuses_after, statuses_before);
}

// ---------------------------------------------------------------------------------------------
// What the live service does beyond its inventory page (issue 14, field notes §4)
// ---------------------------------------------------------------------------------------------

fn key_client(sandbox: &InsticaSandbox, key: &str) -> InsticaClient {
    InsticaClient::builder()
        .base_url(sandbox.base_url())
        .api_key(key)
        .clock(Arc::new(ManualClock::new()))
        .jitter(Arc::new(NoJitter))
        .build()
        .unwrap()
}

// field notes §4: two auth methods, `X-API-Key: <key>` ("recommended for scripts, extensions,
// and server-to-server integrations") and `Authorization: Bearer <token>`. A client built with
// `api_key` authenticates by the key alone; the fake's log shows the header, masked.
#[tokio::test]
async fn an_api_key_authenticates_and_travels_as_x_api_key() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let keyed = key_client(&sandbox, DEFAULT_API_KEY);

    let page = keyed.items().list().page_size(5).send().await.unwrap();
    assert_eq!(page.items.len(), 5);
    let uid = sandbox.items()[0].uid.clone();
    let detail = keyed.item(ItemUid::new(uid.clone())).get().await.unwrap();
    assert_eq!(detail.uid.as_str(), uid);

    let log = sandbox.request_log().entries();
    assert_eq!(log.len(), 2);
    for entry in &log {
        assert_eq!(entry.status, 200, "{entry:?}");
        assert_eq!(entry.header("x-api-key"), Some("***"), "masked: {entry:?}");
        assert_eq!(
            entry.header("authorization"),
            None,
            "no Bearer beside the key"
        );
    }

    // A wrong key is refused as unauthenticated, and so is the right one where the fake accepts
    // only Bearer: the key, not anything else, is what authenticated above.
    let error = key_client(&sandbox, "not-the-sandbox-key")
        .items()
        .list()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            InsticaError::Api {
                kind: InsticaErrorKind::Unauthorized,
                ..
            }
        ),
        "{error:?}"
    );
    let bearer_only = InsticaSandbox::builder()
        .demo_data()
        .api_key_auth(false)
        .start()
        .await
        .unwrap();
    let error = key_client(&bearer_only, DEFAULT_API_KEY)
        .items()
        .list()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    client(&bearer_only).items().list().send().await.unwrap();
}

/// A relay between a client and a fake, one request per connection, that hands every JSON
/// request body to `rewrite` on the way. It lets a test send the fake a body the typed client
/// refuses to build, and read the fake's answer with the client. Returns the relay's base URL
/// (`http://127.0.0.1:<port>` followed by the fake's base path).
async fn start_relay(sandbox: &InsticaSandbox, rewrite: fn(&mut serde_json::Value)) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let target = sandbox
        .origin()
        .strip_prefix("http://")
        .unwrap()
        .to_string();
    let base_path = sandbox
        .base_url()
        .strip_prefix(sandbox.origin())
        .unwrap()
        .to_string();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let target = target.clone();
            tokio::spawn(async move {
                let mut received = Vec::new();
                let mut buffer = [0u8; 8192];
                let head_end = loop {
                    let read = inbound.read(&mut buffer).await.unwrap();
                    if read == 0 {
                        return;
                    }
                    received.extend_from_slice(&buffer[..read]);
                    if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                        break at;
                    }
                };
                let head = String::from_utf8(received[..head_end].to_vec()).unwrap();
                let length = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                let mut body = received[head_end + 4..].to_vec();
                while body.len() < length {
                    let read = inbound.read(&mut buffer).await.unwrap();
                    body.extend_from_slice(&buffer[..read]);
                }
                if let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&body) {
                    rewrite(&mut json);
                    body = serde_json::to_vec(&json).unwrap();
                }
                let mut head: Vec<String> = head
                    .lines()
                    .filter(|line| {
                        let name = line.split(':').next().unwrap_or_default();
                        !name.eq_ignore_ascii_case("content-length")
                            && !name.eq_ignore_ascii_case("connection")
                    })
                    .map(str::to_string)
                    .collect();
                head.push(format!("Content-Length: {}", body.len()));
                head.push("Connection: close".to_string());
                let mut request = format!("{}\r\n\r\n", head.join("\r\n")).into_bytes();
                request.extend_from_slice(&body);
                let mut outbound = tokio::net::TcpStream::connect(&target).await.unwrap();
                outbound.write_all(&request).await.unwrap();
                let mut answer = Vec::new();
                outbound.read_to_end(&mut answer).await.unwrap();
                inbound.write_all(&answer).await.unwrap();
                inbound.shutdown().await.ok();
            });
        }
    });
    format!("http://{address}{base_path}")
}

// field notes §4: DRF reports a list by its elements, so the client must keep which element
// failed; the element of a list of plain values (DRF's `ListField`) is keyed by its index,
// `{"items": {"1": ["Not a valid string."]}}`, read as `items[1]`.
//
// The typed client never builds such a body (every uid it sends is a non-empty string, and it
// refuses the files the fake's `strict_asset_batches(true)` would refuse before sending), so a
// relay turns the second uid of a real bulk request into an object on the way, as a caller's
// misshapen element would arrive; the answer read is the fake's own.
#[tokio::test]
async fn a_drf_list_error_keeps_the_element_that_failed() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let relay = start_relay(&sandbox, |body| {
        if let Some(items) = body.get_mut("items").and_then(|items| items.as_array_mut()) {
            let uid = items[1].clone();
            items[1] = serde_json::json!({ "uid": uid });
        }
    })
    .await;
    let client = InsticaClient::builder()
        .base_url(relay.as_str())
        .token(INSTICA_TOKEN)
        .clock(Arc::new(ManualClock::new()))
        .jitter(Arc::new(NoJitter))
        .build()
        .unwrap();
    let held = sandbox.items();
    let uids: Vec<ItemUid> = held
        .iter()
        .take(3)
        .map(|item| ItemUid::new(item.uid.clone()))
        .collect();

    let error = client
        .bulk()
        .status(&uids, &ItemStatus::Draft)
        .await
        .unwrap_err();

    let InsticaError::Api {
        kind: InsticaErrorKind::Rejected,
        field_errors,
        ..
    } = &error
    else {
        panic!("expected the fake's field errors, got {error:?}");
    };
    assert_eq!(
        field_errors.get("items[1]"),
        Some(&vec!["Not a valid string.".to_string()]),
        "{field_errors:?}"
    );
    assert_eq!(
        field_errors.len(),
        1,
        "only the element that failed: {field_errors:?}"
    );
    assert_eq!(error.field_errors(), Some(field_errors));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    // Refused whole: no status changed.
    let after = sandbox.items();
    for (before, after) in held.iter().zip(&after).take(3) {
        assert_eq!(before.status, after.status, "{}", before.uid);
    }
    assert_eq!(
        sandbox
            .request_log()
            .count("POST", "/api/v1/inventory/bulk/status/"),
        1
    );
}

// Issue 14 point 1 (every optional nested object decodes from `{}`, `null` or absence; field
// notes §1.8 found `{}` live): the fake's listing pages carry `"marketplace_details": {}` and
// `"action_reasons": {}` on every listing, and `"last_error_code": null` on listed ones.
#[tokio::test]
async fn a_listings_page_with_empty_optional_objects_decodes() {
    let sandbox = InsticaSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let listed: Vec<InsticaItem> = sandbox
        .items()
        .into_iter()
        .filter(|item| !sandbox.listings(&item.uid).is_empty())
        .take(3)
        .collect();
    assert!(!listed.is_empty(), "the demo data has eBay listings");

    for item in &listed {
        let page = client
            .item(ItemUid::new(item.uid.clone()))
            .listings()
            .await
            .unwrap();

        assert!(page.failed.is_empty(), "{}: {:?}", item.uid, page.failed);
        let held = sandbox.listings(&item.uid);
        assert_eq!(page.items.len(), held.len());
        for (read, held) in page.items.iter().zip(&held) {
            assert_eq!(read.uid.as_str(), held.uid);
            assert_eq!(read.status.as_str(), held.status);
            assert_eq!(read.platform.slug.as_str(), held.platform);
            assert_eq!(read.listing_id, held.listing_id);
            assert_eq!(
                read.listing_price_usd.map(|price| price.amount()),
                held.price
            );
            // `{}` is "not given" for an optional object, an empty map for a map.
            assert_eq!(read.marketplace_details, None, "{}", read.uid);
            assert!(read.action_reasons.is_empty(), "{}", read.uid);
            assert_eq!(read.last_error_code, None);
            let permissions = read.permissions.as_ref().unwrap();
            assert!(permissions.can_delist && permissions.can_update_price);
        }
    }
}
