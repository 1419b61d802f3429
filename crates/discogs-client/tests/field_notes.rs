//! What the live Discogs sends and does beyond its vendor page, each test built from a fact of
//! `shared/specs/field-notes.md` §1 (cited beside it): tolerant pages, the page-100 cap,
//! skipped upload rows, credentials refused at build, lower-case rate-limit headers, the
//! `curr_abbr` of the listing templates, and amounts that must fit their currency before they
//! leave.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use client_core::NextPage;
use client_core::clock::ManualClock;
use common::{USER_AGENT, builder_with_clock, client, json, marketplace};
use discogs_client::inventory_upload::{AddRow, ChangeRow, JobStatus, UploadId};
use discogs_client::prelude::*;
use discogs_client::{
    Credentials, DiscogsClient, DiscogsError, DiscogsErrorKind, Listing, ListingDetails,
    MediaCondition, MessageKind, OrderEdit,
};
use futures::StreamExt;
use inventory_model::{Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Sku};
use serde_json::json;
use test_support::exact_query;
use wiremock::matchers::{body_string, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn price_update(sku: &str, amount: &str, currency: Currency) -> InventoryUpdate {
    PriceUpdate::new(Sku::new(sku).unwrap(), Money::new(dec(amount), currency)).into()
}

/// The field and rule of a refusal made before sending.
fn refusal(error: DiscogsError) -> (String, String) {
    match error {
        DiscogsError::InvalidInput(refusal) | DiscogsError::Config(refusal) => {
            (refusal.field, refusal.rule)
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The CSV file of a multipart upload request (the body between the part's headers and its
/// closing boundary).
fn uploaded_csv(request: &Request) -> String {
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let (_, after_headers) = body.split_once("\r\n\r\n").unwrap();
    let (csv, _) = after_headers.split_once("\r\n--").unwrap();
    csv.to_owned()
}

fn accepted_upload(server: &MockServer, id: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).insert_header(
        "location",
        format!("{}/inventory/upload/{id}", server.uri()),
    )
}

fn finished_upload(id: u64, results: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "status": "success", "type": "change", "id": id, "filename": "upload.csv",
        "results": results,
        "created_ts": "2026-08-25T07:04:23", "finished_ts": "2026-08-25T07:04:24"
    }))
}

// ---------------------------------------------------------------------------------------------
// §1.8 Inventory page shapes: `{}` shipping objects, owner-only fields missing or null.

// field notes §1.8: `shipping_price` and `original_shipping_price` are `{}` when no shipping
// price applies; another seller's inventory lacks (or nulls) the owner-only fields and may
// block shipping; `urls` is `{}` on a single page (§1.2). Prices keep their precision.
#[tokio::test]
async fn an_inventory_page_with_empty_shipping_objects_decodes_every_listing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/someone_else/inventory"))
        .respond_with(json(200, "inventory_other_seller.json"))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .inventory("someone_else")
        .send()
        .await
        .unwrap();

    assert!(page.failed.is_empty(), "{:?}", page.failed);
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.next, None);
    let first = &page.items[0];
    assert_eq!(first.shipping_price, None);
    assert_eq!(first.original_shipping_price, None);
    assert!(first.shipping_is_blocked);
    let original = first.original_price.as_ref().unwrap();
    assert_eq!(original.currency, Currency::Gbp);
    assert_eq!(original.currency_id, Some(2));
    assert_eq!(original.formatted.as_deref(), Some("£1.21"));
    assert_eq!(original.value.to_string(), "1.21");
    assert_eq!(first.price.currency(), Currency::Gbp);
    for owner_only in [&first.weight, &first.format_quantity] {
        assert_eq!(owner_only, &None);
    }
    assert_eq!(
        (
            &first.external_id,
            &first.location,
            first.quantity,
            first.in_cart
        ),
        (&None, &None, None, None)
    );
    assert_eq!(
        first.seller.stats.as_ref().and_then(|s| s.total),
        Some(1532)
    );

    let second = &page.items[1];
    assert_eq!(second.price.amount().to_string(), "14.319139100000001");
    assert_eq!(
        second.original_price.as_ref().unwrap().value.to_string(),
        "14.319139100000001"
    );
    assert_eq!(second.shipping_price.unwrap().amount().to_string(), "2.5");
    assert_eq!(second.comments, "");
    assert!(!second.audio);
    assert_eq!(second.sleeve_condition, None);
    assert_eq!(second.seller.stats, None, "`stats: {{}}` is not given");
    assert_eq!(
        (second.weight.as_ref(), second.quantity, second.in_cart),
        (None, None, None)
    );

    let third = &page.items[2];
    assert_eq!(third.original_price, None);
    assert_eq!(third.shipping_price, None);
    assert_eq!(third.price.amount(), Decimal::new(3, 0));
}

// field notes §1.8 (a decoder must accept `{}`; a listing whose required price does not fit
// fails alone, naming itself and the field, and the listings around it still come).
#[tokio::test]
async fn one_malformed_listing_fails_alone_and_the_others_still_come() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .respond_with(json(200, "inventory_malformed_price.json"))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server).inventory("rappcats").send().await.unwrap();

    let ids: Vec<u64> = page.items.iter().map(|listing| listing.id).collect();
    assert_eq!(ids, [501, 503]);
    assert_eq!(page.failed.len(), 1);
    let failed = &page.failed[0];
    assert_eq!(failed.index, 1);
    assert_eq!(failed.id.as_deref(), Some("502"));
    assert_eq!(failed.field.as_deref(), Some("price.value"));
    assert_eq!(failed.request.path, "/users/rappcats/inventory");
    assert_eq!(page.pages, Some(2));
    assert_eq!(page.total, Some(4));
    assert_eq!(page.next, Some(NextPage::Number(2)));
}

// field notes §1.8: a stream yields the malformed listing as an error in its place and goes on
// to the next page.
#[tokio::test]
async fn a_stream_yields_a_malformed_listing_as_an_error_in_its_place_and_goes_on() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(exact_query(&[]))
        .respond_with(json(200, "inventory_malformed_price.json"))
        .expect(1)
        .mount(&server)
        .await;
    let mut second = marketplace().json("inventory_malformed_price.json");
    second["pagination"]["page"] = json!(2);
    second["listings"] = json!([second["listings"][0].clone()]);
    second["listings"][0]["id"] = json!(504);
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(exact_query(&[("page", "2")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .expect(1)
        .mount(&server)
        .await;

    let results: Vec<Result<Listing, DiscogsError>> = client(&server)
        .inventory("rappcats")
        .stream()
        .collect()
        .await;

    assert_eq!(results.len(), 4, "{results:?}");
    let id = |at: usize| results[at].as_ref().map(|listing| listing.id).ok();
    assert_eq!([id(0), id(2), id(3)], [Some(501), Some(503), Some(504)]);
    match &results[1] {
        Err(DiscogsError::Engine(client_core::Error::Item(item))) => {
            assert_eq!(item.index, 1);
            assert_eq!(item.id.as_deref(), Some("502"));
            assert_eq!(item.field.as_deref(), Some("price.value"));
        }
        other => panic!("expected the failed listing, got {other:?}"),
    }
}

// field notes §1.8 applied to every list: orders with `{}` objects decode, a malformed order
// fails alone naming its path; message entries with `{}` references decode.
#[tokio::test]
async fn orders_and_messages_read_empty_objects_as_not_given_and_fail_alone() {
    let server = MockServer::start().await;
    let mut body = marketplace().json("orders.json");
    let template = body["orders"][0].clone();
    let mut sparse = template.clone();
    sparse["shipping"] = json!({});
    sparse["tracking"] = json!({});
    sparse["fee"] = json!({});
    sparse["next_status"] = json!(null);
    let mut broken = template.clone();
    broken["id"] = json!("1-2");
    broken["items"][0]["price"]["value"] = json!("lots");
    let mut last = template;
    last["id"] = json!("1-3");
    body["orders"] = json!([sparse, broken, last]);
    Mock::given(method("GET"))
        .and(path("/marketplace/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/1-1/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 3, "urls": {}},
            "messages": [
                {"type": "message", "message": "Hello", "subject": "Hi", "from": {},
                 "order": {}, "timestamp": "2026-08-25T07:04:22-07:00"},
                {"type": "status", "status_id": 2, "actor": {}, "message": "Status changed"},
                {"type": "refund_sent", "refund": {}, "message": "Refund sent"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);

    let page = discogs.orders().list().send().await.unwrap();
    let ids: Vec<&str> = page.items.iter().map(|order| order.id.as_str()).collect();
    assert_eq!(ids, ["1-1", "1-3"]);
    let sparse = &page.items[0];
    assert_eq!(
        (&sparse.shipping, &sparse.tracking, sparse.fee),
        (&None, &None, None)
    );
    assert!(sparse.next_status.is_empty());
    assert_eq!(page.failed.len(), 1);
    assert_eq!(page.failed[0].index, 1);
    assert_eq!(page.failed[0].id.as_deref(), Some("1-2"));
    assert_eq!(
        page.failed[0].field.as_deref(),
        Some("items[0].price.value")
    );

    let messages = discogs.orders().messages("1-1").send().await.unwrap();
    assert!(messages.failed.is_empty(), "{:?}", messages.failed);
    assert_eq!(messages.items.len(), 3);
    assert_eq!(messages.items[0].order, None);
    assert!(matches!(
        &messages.items[0].kind,
        MessageKind::Message { from: None }
    ));
    assert!(matches!(
        &messages.items[1].kind,
        MessageKind::Status {
            status_id: Some(2),
            actor: None
        }
    ));
    assert!(matches!(
        &messages.items[2].kind,
        MessageKind::RefundSent { refund: None }
    ));
}

// The upload and export lists share the one page reader: one bad entry fails alone.
#[tokio::test]
async fn a_malformed_upload_in_the_list_fails_alone() {
    let server = MockServer::start().await;
    let upload = |id: u64, created: &str| {
        json!({"status": "success", "type": "change", "id": id, "filename": "upload.csv",
               "results": "CSV file contains 1 records.<p>Processed 1 records.",
               "created_ts": created, "finished_ts": null})
    };
    Mock::given(method("GET"))
        .and(path("/inventory/upload"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 3, "urls": {}},
            "items": [
                upload(1, "2026-08-25T07:04:23"),
                upload(2, "yesterday"),
                upload(3, "2026-08-25T07:05:00")
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .inventory_upload()
        .list()
        .send()
        .await
        .unwrap();

    let ids: Vec<u64> = page.items.iter().map(|upload| upload.id.get()).collect();
    assert_eq!(ids, [1, 3]);
    assert_eq!(page.failed[0].id.as_deref(), Some("2"));
    assert_eq!(page.failed[0].field.as_deref(), Some("created_ts"));
}

// ---------------------------------------------------------------------------------------------
// §1.2 Pagination: the 403 past page 100 of another seller's inventory.

const PAGINATION_LIMIT: &str = "Pagination above 100 disabled for inventories besides your own";

// field notes §1.2: another seller's inventory past page 100 answers 403 with this message,
// while `pagination.pages` still reports the full count (433).
#[tokio::test]
async fn past_page_100_of_another_sellers_inventory_is_a_pagination_limit_ending_the_stream() {
    let server = MockServer::start().await;
    let mut page_100 = marketplace().json("inventory.json");
    page_100["pagination"] = json!({
        "page": 100, "pages": 433, "per_page": 50, "items": 21650,
        "urls": {"next": format!("{}/users/someone_else/inventory?page=101&per_page=50", server.uri())}
    });
    Mock::given(method("GET"))
        .and(path("/users/someone_else/inventory"))
        .and(query_param("page", "101"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(
            format!(r#"{{"message": "{PAGINATION_LIMIT}"}}"#),
            "application/json",
        ))
        // Never retried: the stream meets it once.
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/someone_else/inventory"))
        .and(exact_query(&[("page", "100"), ("per_page", "50")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_100))
        .expect(2)
        .mount(&server)
        .await;
    let discogs = client(&server);

    let page = discogs
        .inventory("someone_else")
        .page(100)
        .page_size(50)
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.pages,
        Some(433),
        "the full count, which cannot be reached"
    );
    assert_eq!(page.total, Some(21650));

    let results: Vec<Result<Listing, DiscogsError>> = discogs
        .inventory("someone_else")
        .page(100)
        .page_size(50)
        .stream()
        .collect()
        .await;
    assert_eq!(
        results.len(),
        5,
        "four listings, then the error: {results:?}"
    );
    assert!(results[..4].iter().all(Result::is_ok));
    let error = results[4].as_ref().unwrap_err();
    assert!(
        matches!(
            error,
            DiscogsError::Api {
                kind: DiscogsErrorKind::PaginationLimit,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.kind(), Some(DiscogsErrorKind::PaginationLimit));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(403));
    assert_eq!(error.message(), Some(PAGINATION_LIMIT));
    assert!(!error.is_retryable());
}

// ---------------------------------------------------------------------------------------------
// §1.7 Inventory upload results: `status: success` with skipped rows.

// field notes §1.7 (GetInventoryUploadTests): `Skipped row 3 because …` with status success.
#[tokio::test]
async fn a_successful_upload_names_the_rows_it_skipped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/7"))
        .respond_with(finished_upload(
            7,
            "CSV file contains 2 records.<p>Skipped row 3 because ERROR: -1 is an invalid \
             listing_id<p>Processed 1 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/8"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "failed", "type": "change", "id": 8, "filename": "upload.csv",
            "results": "ERROR: Uploaded file no longer exists.",
            "created_ts": "2026-08-25T07:04:23", "finished_ts": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let uploads = client(&server);

    let upload = uploads
        .inventory_upload()
        .get(UploadId::new(7))
        .await
        .unwrap();
    assert_eq!(upload.status, JobStatus::Success);
    let results = upload.results.unwrap();
    let skipped = results.skipped_rows();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].row, 3);
    assert_eq!(skipped[0].record_index(), Some(1));
    assert_eq!(skipped[0].reason, "ERROR: -1 is an invalid listing_id");
    assert_eq!(results.records_not_processed(), Some(1));
    assert!(!results.all_rows_processed());
    assert!(results.raw().contains("Skipped row 3 because"));

    // field notes §1.7: an empty file fails with `finished_ts: null`.
    let failed = uploads
        .inventory_upload()
        .get(UploadId::new(8))
        .await
        .unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert_eq!(failed.finished_ts, None);
    assert!(failed.results.unwrap().skipped_rows().is_empty());
}

// field notes §1.7: row 2 is the first data row (the header is row 1); each skipped row's
// update is rejected with Discogs' reason, the file's other rows accepted, across the files
// of a split batch.
#[tokio::test]
async fn the_stock_channel_rejects_each_skipped_row_with_discogs_reason() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/upload/change"))
        .respond_with(accepted_upload(&server, 61))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/upload/change"))
        .respond_with(accepted_upload(&server, 62))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/61"))
        .respond_with(finished_upload(
            61,
            "CSV file contains 2 records.<p>Skipped row 3 because ERROR: 999999999 is an \
             invalid listing_id<p>Processed 1 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/62"))
        .respond_with(finished_upload(
            62,
            "CSV file contains 1 records.<p>Skipped row 2 because ERROR: 888888888 is an \
             invalid listing_id<p>Processed 0 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let channel = client(&server)
        .channel()
        .currency(Currency::Usd)
        .max_rows_per_upload(2);

    let report = channel
        .push(&[
            price_update("11", "1.00", Currency::Usd),
            price_update("999999999", "2.00", Currency::Usd),
            price_update("888888888", "3.00", Currency::Usd),
        ])
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        uploaded_csv(&requests[0]),
        "listing_id,price\n11,1.00\n999999999,2.00\n"
    );
    let outcomes = report.outcomes();
    assert!(outcomes[0].is_accepted(), "{outcomes:?}");
    assert_eq!(outcomes[1].outcome.code(), Some("skipped_row"));
    assert_eq!(
        outcomes[1].outcome.reason(),
        Some("Discogs skipped row 3 of upload 61: ERROR: 999999999 is an invalid listing_id")
    );
    assert_eq!(outcomes[2].outcome.code(), Some("skipped_row"));
    assert!(
        outcomes[2]
            .outcome
            .reason()
            .unwrap()
            .contains("row 2 of upload 62: ERROR: 888888888 is an invalid listing_id")
    );
}

// When Discogs processed fewer rows than the file held and did not name them all, which of the
// unnamed rows failed is unknown: they stay rejected (`partially_processed`).
#[tokio::test]
async fn rows_left_out_without_being_named_stay_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/upload/change"))
        .respond_with(accepted_upload(&server, 63))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/63"))
        .respond_with(finished_upload(
            63,
            "CSV file contains 3 records.<p>Skipped row 2 because ERROR: 21 is an invalid \
             listing_id<p>Processed 1 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let report = client(&server)
        .channel()
        .push(&[
            price_update("21", "1.00", Currency::Usd),
            price_update("22", "2.00", Currency::Usd),
            price_update("23", "3.00", Currency::Usd),
        ])
        .await
        .unwrap();

    let codes: Vec<Option<&str>> = report.outcomes().iter().map(|o| o.outcome.code()).collect();
    assert_eq!(
        codes,
        [
            Some("skipped_row"),
            Some("partially_processed"),
            Some("partially_processed")
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// §1.3 Authorization header forms: what no `Authorization: Discogs token=…` could carry.

// field notes §1.3: the token travels as `Discogs token=<token>`, key and secret as
// `Discogs key=<key>, secret=<secret>`; a value with whitespace or a line break (a token pasted
// with its newline) cannot be sent, so the builder refuses it, naming the setting.
#[test]
fn tokens_and_consumer_keys_no_header_could_carry_are_refused_at_build() {
    let build = |credentials: Credentials| {
        DiscogsClient::builder()
            .user_agent(USER_AGENT)
            .credentials(credentials)
            .build()
    };
    for bad in [
        "",
        "   ",
        "\n",
        "abc def",
        "abc\n",
        "abc\r\n",
        "\tabc",
        "tökén",
        "ab\u{7f}c",
    ] {
        let error = DiscogsClient::builder()
            .user_agent(USER_AGENT)
            .token(bad)
            .build()
            .unwrap_err();
        let shown = error.to_string();
        let (field, _) = refusal(error);
        assert_eq!(field, "token", "{bad:?}");
        assert!(
            bad.trim().is_empty() || !shown.contains(bad.trim()),
            "the refusal must not show the token: {shown}"
        );
        let (field, _) = refusal(
            build(Credentials::Consumer {
                key: bad.into(),
                secret: "secret".into(),
            })
            .unwrap_err(),
        );
        assert_eq!(field, "consumer_key", "{bad:?}");
        let (field, _) = refusal(
            DiscogsClient::builder()
                .user_agent(USER_AGENT)
                .consumer_key("key", bad)
                .build()
                .unwrap_err(),
        );
        assert_eq!(field, "consumer_secret", "{bad:?}");
    }
    let (_, rule) = refusal(
        DiscogsClient::builder()
            .user_agent(USER_AGENT)
            .token("abc\n")
            .build()
            .unwrap_err(),
    );
    assert!(rule.contains("line break"), "{rule}");
    assert!(build(Credentials::Token("AbC-123_x.y~z".into())).is_ok());
    assert!(
        DiscogsClient::builder()
            .user_agent(USER_AGENT)
            .consumer_key("ck", "cs")
            .build()
            .is_ok()
    );
}

// ---------------------------------------------------------------------------------------------
// §1.1 Rate limiting: lower-case header names, and headers on error answers.

// field notes §1.1: the live service sends `x-discogs-ratelimit-*` in lower case; a window
// with nothing left pauses the next call until it resets (60 s).
#[tokio::test]
async fn lower_case_rate_limit_headers_pause_the_next_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/1"))
        .respond_with(
            json(200, "release_stats.json")
                .insert_header("x-discogs-ratelimit", "60")
                .insert_header("x-discogs-ratelimit-used", "60")
                .insert_header("x-discogs-ratelimit-remaining", "0"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let discogs = common::client_with_clock(&server, &clock);

    discogs.release_stats(1, None).await.unwrap();
    let status = discogs.rate_limit_status();
    assert_eq!(
        (status.limit, status.used, status.remaining),
        (Some(60), Some(60), Some(0))
    );
    let before = clock.elapsed();
    discogs.release_stats(1, None).await.unwrap();
    let waited = clock.elapsed().saturating_sub(before);
    assert!(waited >= Duration::from_secs(60), "{waited:?}");
}

// field notes §1.1: an anonymous call was answered 403 with `x-discogs-ratelimit: 25`,
// `-remaining: 25`, `-used: 0`; the headers arrive on error answers too and are learnt from.
#[tokio::test]
async fn rate_limit_headers_on_an_error_answer_are_learnt_from() {
    let server = MockServer::start().await;
    // field notes §1.5: the 403 for another user's private data.
    let forbidden = ResponseTemplate::new(403).set_body_raw(
        r#"{"message":"You are not allowed to view this resource. Please authenticate as the owner to view this content."}"#,
        "application/json",
    );
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/1-1"))
        .respond_with(
            forbidden
                .clone()
                .insert_header("x-discogs-ratelimit", "25")
                .insert_header("x-discogs-ratelimit-remaining", "25")
                .insert_header("x-discogs-ratelimit-used", "0"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/1-1"))
        .respond_with(
            forbidden
                .insert_header("x-discogs-ratelimit", "25")
                .insert_header("x-discogs-ratelimit-remaining", "0")
                .insert_header("x-discogs-ratelimit-used", "25"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let discogs = builder_with_clock(&server, &clock).build().unwrap();

    let error = discogs.orders().get("1-1").await.unwrap_err();
    assert_eq!(error.kind(), Some(DiscogsErrorKind::Forbidden));
    let status = discogs.rate_limit_status();
    assert_eq!(
        (status.limit, status.remaining, status.used),
        (Some(25), Some(25), Some(0))
    );

    discogs.orders().get("1-1").await.unwrap_err();
    assert_eq!(discogs.rate_limit_status().remaining, Some(0));
    let before = clock.elapsed();
    discogs.orders().get("1-1").await.unwrap_err();
    let waited = clock.elapsed().saturating_sub(before);
    assert!(
        waited >= Duration::from_secs(60),
        "a 403 saying nothing is left pauses the next call: {waited:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// discogs-marketplace.md: the edit and delete templates `/marketplace/listings/{listing_id}{?curr_abbr}`.

#[tokio::test]
async fn edit_and_delete_in_a_currency_send_curr_abbr_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/172723812"))
        .and(exact_query(&[("curr_abbr", "EUR")]))
        .and(body_string(
            r#"{"release_id":1,"condition":"Mint (M)","price":10.50,"status":"For Sale"}"#,
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/marketplace/listings/172723812"))
        .and(exact_query(&[("curr_abbr", "EUR")]))
        .and(body_string(""))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let details = ListingDetails::new(1, MediaCondition::Mint, dec("10.50"));

    discogs
        .listings()
        .edit_in_currency(172723812, &details, Currency::Eur)
        .await
        .unwrap();
    discogs
        .listings()
        .delete_in_currency(172723812, Currency::Eur)
        .await
        .unwrap();

    let (field, _) = refusal(
        discogs
            .listings()
            .delete_in_currency(1, Currency::Pln)
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "curr_abbr");
    let yen = ListingDetails::new(1, MediaCondition::Mint, dec("1200.5"));
    let (field, rule) = refusal(
        discogs
            .listings()
            .edit_in_currency(1, &yen, Currency::Jpy)
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "price");
    assert!(
        rule.contains("JPY 1200.5") && rule.contains("0 decimal places"),
        "{rule}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Money fits its currency on the way out (issue point 2; the amounts read keep any precision,
// as `14.319139100000001` above).

#[tokio::test]
async fn amounts_more_precise_than_their_currency_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let discogs = client(&server);

    // A listing's price is a bare number in the seller's currency: unknown, at most 2 decimals.
    let (field, rule) = refusal(
        discogs
            .listings()
            .create(&ListingDetails::new(1, MediaCondition::Mint, dec("12.345")))
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "price");
    assert!(
        rule.contains("3 decimal places") && rule.contains("more than 2"),
        "{rule}"
    );
    // Named, its own minor units.
    let yen = ListingDetails::new(1, MediaCondition::Mint, dec("1200.5")).currency(Currency::Jpy);
    let (field, rule) = refusal(discogs.listings().edit(1, &yen).await.unwrap_err());
    assert_eq!(field, "price");
    assert!(
        rule.contains("JPY 1200.5") && rule.contains("0 decimal places"),
        "{rule}"
    );

    // The fee calculator: US dollars, or the currency named.
    let (field, rule) = refusal(discogs.fee(dec("12.345")).await.unwrap_err());
    assert_eq!(field, "price");
    assert!(
        rule.contains("USD 12.345") && rule.contains("2 decimal places"),
        "{rule}"
    );
    let (field, rule) = refusal(
        discogs
            .fee_in(dec("1200.5"), Currency::Jpy)
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "price");
    assert!(
        rule.contains("JPY") && rule.contains("0 decimal places"),
        "{rule}"
    );

    // CSV rows name their row: without the seller's currency at most 2 decimals, with it its
    // own minor units.
    let changes = [
        ChangeRow::new(1).price(dec("12.34")),
        ChangeRow::new(2).price(dec("12.345")),
    ];
    let error = discogs
        .inventory_upload()
        .change(&changes)
        .await
        .unwrap_err();
    assert!(error.nothing_sent());
    let (field, rule) = refusal(error.into_error());
    assert_eq!(field, "price of row 2");
    assert!(rule.contains("3 decimal places"), "{rule}");
    let adds = [
        AddRow::new(1, dec("1200"), MediaCondition::Mint),
        AddRow::new(2, dec("1200.5"), MediaCondition::Mint),
    ];
    let error = discogs
        .inventory_upload()
        .currency(Currency::Jpy)
        .add(&adds)
        .await
        .unwrap_err();
    let (field, rule) = refusal(error.into_error());
    assert_eq!(field, "price of row 2");
    assert!(
        rule.contains("JPY 1200.5") && rule.contains("0 decimal places"),
        "{rule}"
    );

    // An order's shipping amount, in the order's currency.
    let (field, _) = refusal(
        discogs
            .orders()
            .edit("1-1", &OrderEdit::new().shipping(dec("5.555")))
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "shipping");
    let (field, rule) = refusal(
        discogs
            .orders()
            .edit(
                "1-1",
                &OrderEdit::new()
                    .shipping(dec("500.5"))
                    .currency(Currency::Jpy),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "shipping");
    assert!(rule.contains("JPY 500.5"), "{rule}");
}

#[tokio::test]
async fn both_channels_reject_a_too_precise_price_per_item() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/upload/change"))
        .respond_with(accepted_upload(&server, 70))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/70"))
        .respond_with(finished_upload(
            70,
            "CSV file contains 1 records.<p>Processed 1 records.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);

    let report = discogs
        .channel()
        .currency(Currency::Usd)
        .push(&[
            price_update("1", "12.345", Currency::Usd),
            price_update("2", "12.34", Currency::Usd),
        ])
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(uploaded_csv(&requests[0]), "listing_id,price\n2,12.34\n");
    let outcomes = report.outcomes();
    assert_eq!(outcomes[0].outcome.code(), Some("too_precise"));
    let reason = outcomes[0].outcome.reason().unwrap();
    assert!(
        reason.starts_with("price of update 1: USD 12.345") && reason.contains("2 decimal places"),
        "{reason}"
    );
    assert!(outcomes[1].is_accepted());

    // No currency configured: the price's own currency still rules (JPY: no decimals), and no
    // more than 2 decimals whatever it is (BHD allows 3, Discogs sells in no such currency).
    let unconfigured = discogs
        .channel()
        .push(&[
            price_update("3", "1200.5", Currency::Jpy),
            price_update("4", "1.234", Currency::Bhd),
        ])
        .await
        .unwrap();
    let codes: Vec<Option<&str>> = unconfigured
        .outcomes()
        .iter()
        .map(|o| o.outcome.code())
        .collect();
    assert_eq!(codes, [Some("too_precise"), Some("too_precise")]);
    assert!(
        unconfigured.outcomes()[0]
            .outcome
            .reason()
            .unwrap()
            .contains("JPY 1200.5")
    );
    assert!(
        unconfigured.outcomes()[1]
            .outcome
            .reason()
            .unwrap()
            .starts_with("price of update 2: 1.234 has 3 decimal places")
    );

    // The listing-edit channel refuses it before reading the listing.
    let edits = discogs
        .listing_edit_channel()
        .push(&[price_update("5", "9.999", Currency::Usd)])
        .await
        .unwrap();
    assert_eq!(edits.outcomes()[0].outcome.code(), Some("too_precise"));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "one upload and its poll, nothing else"
    );
}
