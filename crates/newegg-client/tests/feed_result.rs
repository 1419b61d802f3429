//! GetFeedResult (feed specification §6.2): the processing reports of Newegg's SDKs and of a
//! live inventory feed, what they say about each record, and an answer without a report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use client_core::clock::ManualClock;
use common::*;
use inventory_model::Country;
use newegg_client::{
    ClientError, FeedItem, FeedItemOutcome, Format, InventoryFeed, NeweggError, Region, RequestId,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id() -> RequestId {
    RequestId::new("23COGPPOGWE5Z").unwrap()
}

#[tokio::test]
async fn the_sdk_report_lists_the_records_with_errors() {
    let server = MockServer::start().await;
    feed_request(
        "GET",
        &result_path("23COGPPOGWE5Z"),
        &[("sellerid", SELLER_ID)],
        Format::Xml,
        false,
    )
    .respond_with(fixtures().answer(200, "feed/report_net.xml", "application/xml"))
    .expect(1)
    .mount(&server)
    .await;
    let report = client(&server, Format::Xml)
        .feed_result(&id())
        .await
        .unwrap();
    assert_eq!(report.request_id, id());
    assert_eq!(
        report.original_message_name.as_deref(),
        Some("APIAutoFile.xml")
    );
    assert_eq!(
        report.processed_stamp.as_deref(),
        Some("8/12/2010 9:32:33 PM")
    );
    assert_eq!(
        (report.processed, report.succeeded, report.with_error),
        (Some(3), Some(1), Some(2))
    );
    assert_eq!(report.errors.len(), 2);
    assert_eq!(
        report.errors[0].seller_part_number.as_deref(),
        Some("sellerparttest001")
    );
    assert_eq!(report.errors[0].code(), None);
    assert_eq!(report.errors[0].reason(), "Error(s). Item not created.");
    assert_eq!(report.errors[1].descriptions.len(), 2);
    assert_eq!(report.errors[1].code(), Some("CT006"));
    assert_eq!(
        report.errors[1].reason(),
        "Error(s). Item not created.; Invalid MSRP"
    );
}

#[tokio::test]
async fn records_without_an_entry_were_applied_and_cdata_values_read_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(fixtures().answer(200, "feed/report_java.xml", "application/xml"))
        .mount(&server)
        .await;
    let report = client(&server, Format::Xml)
        .feed_result(&id())
        .await
        .unwrap();
    assert_eq!(report.original_message_type.as_deref(), Some("Inventory"));
    let feed: InventoryFeed = ["a006-test-001", "a006-test-002", "a006-test-003"]
        .into_iter()
        .map(|part| FeedItem::in_warehouse(part, Country::USA, 1))
        .collect();
    assert_eq!(
        report.outcomes(&feed, Region::Usa),
        [
            FeedItemOutcome::Accepted,
            FeedItemOutcome::Rejected {
                code: None,
                reason: "Item Created with Image error(s).".into()
            },
            FeedItemOutcome::Accepted,
        ]
    );
}

#[tokio::test]
async fn the_live_canada_report_matches_by_part_number_and_country() {
    let server = MockServer::start().await;
    feed_request(
        "GET",
        "/marketplace/can/datafeedmgmt/feeds/result/23COGPPOGWE5Z",
        &[("sellerid", SELLER_ID)],
        Format::Json,
        false,
    )
    .respond_with(fixtures().answer(200, "feed/report_ventmere.json", "application/json"))
    .expect(1)
    .mount(&server)
    .await;
    let newegg = builder(&server, &ManualClock::new())
        .region(Region::Canada)
        .format(Format::Json)
        .build()
        .unwrap();
    let report = newegg.feed_result(&id()).await.unwrap();
    assert_eq!(
        report.processed_stamp.as_deref(),
        Some("2020/05/02 01:20:00")
    );
    let feed = InventoryFeed::new()
        .with(FeedItem::on_platform("A006BSP3", 4))
        .with(FeedItem::on_platform("edifier-r1280t-fba", 0));
    assert_eq!(
        report.outcomes(&feed, Region::Canada),
        [
            FeedItemOutcome::Accepted,
            FeedItemOutcome::Rejected {
                code: Some("CEI0001".into()),
                reason: "Can't find this item in the system, please create it first".into()
            },
        ]
    );
    assert!(report.unmatched(&feed).is_empty());
}

#[tokio::test]
async fn an_answer_without_a_report_is_never_every_record_applied() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(fixtures().answer(200, "feed/report_pending.json", "application/json"))
        .mount(&server)
        .await;
    let error = client(&server, Format::Json)
        .feed_result(&id())
        .await
        .unwrap_err();
    match &error {
        NeweggError::Engine(client_core::Error::Decode { reason, body, .. }) => {
            assert!(reason.contains("ProcessingReport"), "{reason}");
            assert!(body.contains("NeweggEnvelope"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(error.raw_body().is_some());
}

#[tokio::test]
async fn a_refusal_of_the_result_is_newegg_s_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            "<Errors><Error><Code>DF006</Code><Message>Invalid RequestID.</Message></Error></Errors>",
            "application/xml",
        ))
        .mount(&server)
        .await;
    let error = client(&server, Format::Xml)
        .feed_result(&id())
        .await
        .unwrap_err();
    assert_eq!(error.vendor_code(), Some("DF006"));
    assert_eq!(error.message(), Some("Invalid RequestID."));
}
