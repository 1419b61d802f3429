//! SubmitFeed (feed specification §2–§5, §7): the exact documents of each platform in XML and
//! JSON, the submit answer, DF012 and the record allowance, the feed's own pacing, and the
//! refusal of `Overwrite`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::{Duration, UNIX_EPOCH};

use client_core::clock::ManualClock;
use common::*;
use inventory_model::Country;
use newegg_client::{
    ClientError, ErrorCode, FeedItem, FeedStatus, FeedType, Format, InventoryFeed,
    ItemInventoryUpdate, MAX_FEED_RECORDS, NeweggError, NeweggErrorKind, RawFeed, Region,
};
use test_support::JsonBody;
use wiremock::matchers::{body_string, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// 2016-12-16 10:35:00 Pacific standard time: half an hour before DF012's "submit your feed
/// again after 2016-12-16 11:05:00".
const BEFORE_DF012_TIME: u64 = 1_481_913_300;

const US_XML: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?><NeweggEnvelope><Header>\
    <DocumentVersion>2.0</DocumentVersion></Header><MessageType>Inventory</MessageType>\
    <Message><Inventory><Item><SellerPartNumber>a006-test-001</SellerPartNumber>\
    <NeweggItemNumber>9SIAWE50008504</NeweggItemNumber><WarehouseLocation>USA</WarehouseLocation>\
    <FulfillmentOption>Seller</FulfillmentOption><Inventory>200</Inventory></Item></Inventory>\
    </Message></NeweggEnvelope>";

fn us_feed() -> InventoryFeed {
    InventoryFeed::new().with(
        FeedItem::in_warehouse("a006-test-001", Country::USA, 200).newegg_item("9SIAWE50008504"),
    )
}

fn submitted() -> ResponseTemplate {
    fixtures().answer(200, "feed/submit_answer.xml", "application/xml")
}

#[tokio::test]
async fn the_us_feed_is_inventory_data_2_0_with_warehouses_in_xml() {
    let server = MockServer::start().await;
    feed_request(
        "POST",
        SUBMIT_PATH,
        &[("sellerid", SELLER_ID), ("requesttype", "INVENTORY_DATA")],
        Format::Xml,
        true,
    )
    .and(body_string(US_XML))
    .respond_with(submitted())
    .expect(1)
    .mount(&server)
    .await;
    let newegg = client(&server, Format::Xml);
    let info = newegg.submit_inventory_feed(&us_feed()).await.unwrap();
    // The answer of §5, from the Java SDK's recording.
    assert_eq!(info.request_id.as_str(), "23COGPPOGWE5Z");
    assert_eq!(info.feed_type, Some(FeedType::InventoryData));
    assert_eq!(info.status, FeedStatus::Submitted);
    assert_eq!(info.request_date.as_deref(), Some("03/05/2019 17:11:49"));
    for request in server.received_requests().await.unwrap() {
        assert_eq!(request.url.path(), request.url.path().to_ascii_lowercase());
    }
}

#[tokio::test]
async fn the_us_feed_in_json_is_wrapped_with_an_item_array_and_text_quantities() {
    let server = MockServer::start().await;
    feed_request(
        "POST",
        SUBMIT_PATH,
        &[("sellerid", SELLER_ID), ("requesttype", "INVENTORY_DATA")],
        Format::Json,
        true,
    )
    .and(JsonBody::text(
        r#"{ "NeweggEnvelope": {
            "Header": { "DocumentVersion": "2.0" }, "MessageType": "Inventory",
            "Message": { "Inventory": { "Item": [
              { "SellerPartNumber": "a006-test-001", "NeweggItemNumber": "9SIAWE50008504",
                "WarehouseLocation": "USA", "FulfillmentOption": "Seller", "Inventory": "200" } ] } } } }"#,
    ))
    .respond_with(fixtures().answer(200, "feed/submit_answer.json", "application/json"))
    .expect(1)
    .mount(&server)
    .await;
    let info = client(&server, Format::Json)
        .submit_inventory_feed(&us_feed())
        .await
        .unwrap();
    // The .NET SDK's JSON mock: no root wrapper, `ResponseList` an array, a byte-order mark.
    assert_eq!(info.request_id.as_str(), "2PQCX3CMQ82MK");
    assert_eq!(info.feed_type, Some(FeedType::ItemData));
    assert_eq!(info.request_date.as_deref(), Some("2/22/2012 17:24:35"));
}

#[tokio::test]
async fn canada_and_business_send_inventory_and_price_data_1_0_with_inventory_fields_only() {
    for (region, base) in [
        (Region::Canada, "/marketplace/can"),
        (Region::Business, "/marketplace/b2b"),
    ] {
        let server = MockServer::start().await;
        feed_request(
            "POST",
            &format!("{base}/datafeedmgmt/feeds/submitfeed"),
            &[
                ("sellerid", SELLER_ID),
                ("requesttype", "INVENTORY_AND_PRICE_DATA"),
            ],
            Format::Xml,
            true,
        )
        .and(body_string(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><NeweggEnvelope><Header>\
             <DocumentVersion>1.0</DocumentVersion></Header><MessageType>Inventory</MessageType>\
             <Message><Inventory><Item><SellerPartNumber>JACKETEST0921001004</SellerPartNumber>\
             <Inventory>159</Inventory></Item></Inventory></Message></NeweggEnvelope>",
        ))
        .respond_with(submitted())
        .expect(1)
        .mount(&server)
        .await;
        let newegg = builder(&server, &ManualClock::new())
            .region(region)
            .build()
            .unwrap();
        let feed = InventoryFeed::new().with(FeedItem::on_platform("JACKETEST0921001004", 159));
        newegg.submit_inventory_feed(&feed).await.unwrap();
        // The typed feed cannot say Overwrite at all.
        let sent = server.received_requests().await.unwrap();
        assert!(!String::from_utf8_lossy(&sent[0].body).contains("Overwrite"));
    }
    let server = MockServer::start().await;
    feed_request(
        "POST",
        "/marketplace/can/datafeedmgmt/feeds/submitfeed",
        &[("sellerid", SELLER_ID), ("requesttype", "INVENTORY_AND_PRICE_DATA")],
        Format::Json,
        true,
    )
    .and(JsonBody::text(
        r#"{"NeweggEnvelope":{"Header":{"DocumentVersion":"1.0"},"MessageType":"Inventory",
            "Message":{"Inventory":{"Item":[{"SellerPartNumber":"JACKETEST0921001004","Inventory":"159"}]}}}}"#,
    ))
    .respond_with(submitted())
    .expect(1)
    .mount(&server)
    .await;
    let newegg = builder(&server, &ManualClock::new())
        .region(Region::Canada)
        .format(Format::Json)
        .build()
        .unwrap();
    let feed = InventoryFeed::new().with(FeedItem::in_warehouse(
        "JACKETEST0921001004",
        Country::CAN,
        159,
    ));
    newegg.submit_inventory_feed(&feed).await.unwrap();
}

#[tokio::test]
async fn broken_rules_and_oversized_feeds_send_nothing_and_split_does() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(submitted())
        .expect(0)
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Xml);
    let big: InventoryFeed = (0..=MAX_FEED_RECORDS)
        .map(|n| FeedItem::in_warehouse(format!("P{n}"), Country::USA, 1))
        .collect();
    for (feed, field) in [
        (big.clone(), "items"),
        (InventoryFeed::new(), "items"),
        (
            InventoryFeed::new().with(FeedItem::on_platform("A", 1)),
            "items[0].warehouse_location",
        ),
        (
            InventoryFeed::new().with(FeedItem::in_warehouse("A", Country::USA, 1_000_000)),
            "items[0].inventory",
        ),
    ] {
        match newegg.submit_inventory_feed(&feed).await {
            Err(NeweggError::InvalidInput(refusal)) => assert_eq!(refusal.field, field),
            other => panic!("expected a refusal of {field}, got {other:?}"),
        }
    }
    let feeds = big.split();
    assert_eq!(
        feeds.iter().map(InventoryFeed::len).collect::<Vec<_>>(),
        [MAX_FEED_RECORDS, 1]
    );
}

#[tokio::test]
async fn df012_is_a_typed_error_carrying_the_time_newegg_names_in_any_status() {
    // The status DF012 travels with is unverified (§7): 429, 400, or an error document in 200.
    for (status, fixture, media) in [
        (429, "feed/df012.xml", "application/xml"),
        (400, "feed/df012.json", "application/json"),
        (200, "feed/df012.xml", "application/xml"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(fixtures().answer(status, fixture, media))
            .expect(1)
            .mount(&server)
            .await;
        let clock = ManualClock::starting_at(UNIX_EPOCH + Duration::from_secs(BEFORE_DF012_TIME));
        let newegg = builder(&server, &clock).build().unwrap();
        let error = newegg.submit_inventory_feed(&us_feed()).await.unwrap_err();
        let NeweggError::RecordAllowanceSpent {
            records,
            retry_at,
            wait,
            request_id,
            answer,
            ..
        } = &error
        else {
            panic!("{status}: expected DF012 as RecordAllowanceSpent, got {error:?}");
        };
        assert_eq!(*records, 1);
        // 11:05:00 Pacific standard time is 19:05:00 UTC, 30 minutes on.
        assert_eq!(
            *retry_at,
            Some(UNIX_EPOCH + Duration::from_secs(BEFORE_DF012_TIME + 1_800))
        );
        assert_eq!(*wait, Some(Duration::from_secs(1_800)));
        assert_eq!(request_id.as_ref().unwrap().as_str(), "2291326430");
        assert_eq!(answer.as_ref().unwrap().status.as_u16(), status);
        assert_eq!(error.code(), Some(&ErrorCode::HourlyAllowanceExceeded));
        assert_eq!(error.kind(), Some(NeweggErrorKind::RateLimited));
        assert_eq!(error.vendor_code(), Some("DF012"));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(1_800)));
        assert!(error.is_retryable());
        assert!(!error.concerns_item());
        assert!(
            error
                .message()
                .unwrap()
                .starts_with("Your feed with request ID: 2291326430")
        );
        // Until then the client submits nothing: the next feed is refused before sending
        // (the mock expects one request).
        clock.advance(Duration::from_secs(600));
        match newegg.submit_inventory_feed(&us_feed()).await {
            Err(NeweggError::RecordAllowanceSpent {
                answer: None, wait, ..
            }) => {
                assert_eq!(wait, Some(Duration::from_secs(1_200)));
            }
            other => panic!("expected a refusal before sending, got {other:?}"),
        }
        assert_eq!(newegg.record_allowance().remaining, 0);
    }
}

#[tokio::test]
async fn the_record_count_headers_rule_the_hour_and_the_client_counts_records_not_requests() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            submitted()
                .insert_header("X-RecordCount-Limit", "100000")
                .insert_header("X-RecordCount-Remaining", "3")
                .insert_header("X-RecordCount-ResetTime", "120"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let newegg = builder(&server, &clock).build().unwrap();
    newegg.submit_inventory_feed(&us_feed()).await.unwrap();
    let status = newegg.record_allowance();
    assert_eq!(
        (status.limit, status.remaining, status.reported_remaining),
        (100_000, 3, Some(3))
    );
    let four: InventoryFeed = ["A", "B", "C", "D"]
        .into_iter()
        .map(|part| FeedItem::in_warehouse(part, Country::USA, 1))
        .collect();
    match newegg.submit_inventory_feed(&four).await {
        Err(NeweggError::RecordAllowanceSpent {
            records: 4,
            remaining: Some(3),
            wait,
            answer: None,
            ..
        }) => {
            assert_eq!(wait, Some(Duration::from_secs(120)));
        }
        other => panic!("expected the client's own refusal, got {other:?}"),
    }
    let three = InventoryFeed::new()
        .with(FeedItem::in_warehouse("A", Country::USA, 1))
        .with(FeedItem::in_warehouse("A", Country::CAN, 1))
        .with(FeedItem::in_warehouse("B", Country::USA, 1));
    newegg.submit_inventory_feed(&three).await.unwrap();

    // Without Newegg's figures the client's own count of 100,000 an hour (or the one set) rules.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(submitted())
        .expect(1)
        .mount(&server)
        .await;
    let newegg = builder(&server, &clock)
        .feed_record_allowance(4)
        .build()
        .unwrap();
    newegg.submit_inventory_feed(&three).await.unwrap();
    assert!(matches!(
        newegg.submit_inventory_feed(&three).await,
        Err(NeweggError::RecordAllowanceSpent {
            remaining: Some(1),
            ..
        })
    ));
    clock.advance(Duration::from_secs(3_600));
    assert_eq!(newegg.record_allowance().remaining, 4);
}

#[tokio::test]
async fn feed_submissions_are_paced_ten_a_minute_apart_from_the_inventory_budget() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path(SUBMIT_PATH))
        .respond_with(
            submitted()
                .insert_header("X-RateLimit-Limit", "10")
                .insert_header("X-RateLimit-Remaining", "9"),
        )
        .mount(&server)
        .await;
    // The inventory function's window is reported spent: feeds do not wait for it.
    inventory_request("POST", Format::Xml)
        .respond_with(
            fixtures()
                .answer(200, "update_result.xml", "application/xml")
                .insert_header("X-RateLimit-Limit", "100")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-ResetTime", "60"),
        )
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let newegg = builder(&server, &clock).build().unwrap();
    newegg
        .update_inventory(ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, 1))
        .await
        .unwrap();
    for _ in 0..10 {
        newegg.submit_inventory_feed(&us_feed()).await.unwrap();
    }
    assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    assert_eq!(newegg.feed_rate_limit_status().remaining, Some(9));
    assert_eq!(newegg.rate_limit_status().remaining, Some(0));
    // The eleventh waits for the first to leave the minute window.
    newegg.submit_inventory_feed(&us_feed()).await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert!(
        sleeps[0] >= Duration::from_secs(60) && sleeps[0] <= Duration::from_secs(62),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn a_submission_is_never_sent_twice_and_a_429_is_rate_limited() {
    for status in [503, 429] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).set_body_raw(
                r#"[{"Code":"429","Message":"Too many request."}]"#,
                "application/json",
            ))
            .expect(1)
            .mount(&server)
            .await;
        let newegg = client(&server, Format::Json);
        let error = newegg.submit_inventory_feed(&us_feed()).await.unwrap_err();
        let kind = if status == 429 {
            NeweggErrorKind::RateLimited
        } else {
            NeweggErrorKind::Server
        };
        assert_eq!(error.kind(), Some(kind), "{error:?}");
        // A 429 gives the feed's records back; a 5xx keeps them counted (Newegg may have
        // taken the feed).
        let remaining = newegg.record_allowance().remaining;
        let expected = if status == 429 { 100_000 } else { 99_999 };
        assert_eq!(remaining, expected);
    }
}

#[tokio::test]
async fn an_answer_with_is_success_false_or_no_request_id_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"IsSuccess":false,"OperationType":"SubmitFeedResponse","SellerID":"A006","Memo":"Invalid feed"}"#,
            "application/json",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"IsSuccess":true,"ResponseBody":{"ResponseList":[]}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Json);
    let refused = newegg.submit_inventory_feed(&us_feed()).await.unwrap_err();
    assert_eq!(refused.kind(), Some(NeweggErrorKind::Rejected));
    assert_eq!(
        refused.message(),
        Some("Newegg answered IsSuccess false: Invalid feed")
    );
    let empty = newegg.submit_inventory_feed(&us_feed()).await.unwrap_err();
    assert!(
        matches!(
            empty,
            NeweggError::Engine(client_core::Error::Decode { .. })
        ),
        "{empty:?}"
    );
}

#[tokio::test]
async fn a_raw_feed_goes_as_written_unless_it_sets_overwrite() {
    let server = MockServer::start().await;
    let keep = "<NeweggEnvelope><Header><DocumentVersion>1.0</DocumentVersion></Header>\
        <MessageType>Inventory</MessageType><Overwrite>No</Overwrite><Message><Inventory><Item>\
        <SellerPartNumber>JACKETEST0921001004</SellerPartNumber><Inventory>159</Inventory>\
        </Item></Inventory></Message></NeweggEnvelope>";
    feed_request(
        "POST",
        "/marketplace/can/datafeedmgmt/feeds/submitfeed",
        &[
            ("sellerid", SELLER_ID),
            ("requesttype", "INVENTORY_AND_PRICE_DATA"),
        ],
        Format::Xml,
        true,
    )
    .and(body_string(keep))
    .respond_with(submitted())
    .expect(1)
    .mount(&server)
    .await;
    let newegg = builder(&server, &ManualClock::new())
        .region(Region::Canada)
        .build()
        .unwrap();
    newegg
        .submit_raw_feed(&RawFeed::xml(FeedType::InventoryAndPriceData, keep))
        .await
        .unwrap();
    for dangerous in [
        RawFeed::xml(
            FeedType::InventoryAndPriceData,
            keep.replace(">No<", ">Yes<"),
        ),
        RawFeed::json(
            FeedType::InventoryAndPriceData,
            r#"{"NeweggEnvelope":{"-Overwrite":"True","Message":{"Inventory":{"Item":[{"SellerPartNumber":"A"}]}}}}"#,
        ),
    ] {
        match newegg.submit_raw_feed(&dangerous).await {
            Err(NeweggError::InvalidInput(refusal)) => assert_eq!(refusal.field, "overwrite"),
            other => panic!("Overwrite=Yes must never leave, got {other:?}"),
        }
    }
    // The platform's feed type only.
    match newegg
        .submit_raw_feed(&RawFeed::xml(FeedType::InventoryData, keep))
        .await
    {
        Err(NeweggError::InvalidInput(refusal)) => assert_eq!(refusal.field, "requesttype"),
        other => panic!("{other:?}"),
    }
}
