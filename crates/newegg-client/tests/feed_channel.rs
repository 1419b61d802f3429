//! The channel on its cheapest path: direct updates up to the threshold, inventory feeds above
//! it, the same per-item report either way, and a spent feed budget waited out or reported.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use client_core::clock::ManualClock;
use common::*;
use inventory_model::{
    Country, Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, Sku, StockChannel,
    StockUpdate,
};
use newegg_client::{
    DEFAULT_FEED_THRESHOLD, FeedWaitOptions, Format, NeweggClient, Region, WhenThrottled,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FEED_ID: &str = "23COGPPOGWE5Z";

fn stock(sku: &str, quantity: u32, warehouse: Option<Country>) -> InventoryUpdate {
    let update = StockUpdate::new(Sku::new(sku).unwrap(), Quantity::new(quantity));
    match warehouse {
        Some(country) => update.in_warehouse(country).into(),
        None => update.into(),
    }
}

fn many(count: usize) -> Vec<InventoryUpdate> {
    (0..count)
        .map(|n| stock(&format!("LP-{n}"), 5, Some(Country::USA)))
        .collect()
}

fn finished() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        format!(
            r#"{{"IsSuccess":true,"OperationType":"GetFeedStatusResponse","SellerID":"A006","ResponseBody":{{"ResponseList":[{{"RequestId":"{FEED_ID}","RequestType":"INVENTORY_DATA","RequestDate":"3/5/2019 17:11:49","RequestStatus":"FINISHED"}}]}}}}"#
        ),
        "application/json",
    )
}

fn report(processed: usize, results: serde_json::Value) -> ResponseTemplate {
    let failed = results.as_array().map_or(1, Vec::len);
    ResponseTemplate::new(200).set_body_json(json!({ "NeweggEnvelope": {
        "Header": { "DocumentVersion": "1.0" }, "MessageType": "ProcessingReport",
        "Message": { "ProcessingReport": {
            "OriginalMessageName": "APIAutoFile.xml", "OriginalMessageType": "Inventory",
            "StatusCode": "ProcessReport",
            "ProcessingSummary": {
                "ProcessedCount": processed.to_string(),
                "SuccessCount": (processed - failed).to_string(),
                "WithErrorCount": failed.to_string() },
            "Result": results } } } }))
}

/// Mounts a submit answering `FEED_ID`, a status answering FINISHED and `result` as the report.
async fn feed_service(server: &MockServer, base: &str, result: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(format!("{base}/datafeedmgmt/feeds/submitfeed")))
        .respond_with(fixtures().answer(200, "feed/submit_answer.xml", "application/xml"))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("{base}/datafeedmgmt/feeds/status")))
        .respond_with(finished())
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/datafeedmgmt/feeds/result/{FEED_ID}")))
        .respond_with(result)
        .expect(1)
        .mount(server)
        .await;
}

fn json_client(server: &MockServer, clock: &ManualClock) -> NeweggClient {
    builder(server, clock).format(Format::Json).build().unwrap()
}

#[tokio::test]
async fn a_batch_above_the_threshold_goes_as_one_feed_and_reports_each_update() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Json)
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    feed_service(
        &server,
        "/marketplace",
        report(
            23,
            json!([
                { "AdditionalInfo": { "SellerPartNumber": "LP-3", "CountryCode": "USA" },
                  "ErrorList": { "ErrorDescription": "CEI0001:Can't find this item in the system, please create it first" } },
                { "AdditionalInfo": { "SellerPartNumber": "LP-5", "CountryCode": "AUS" },
                  "ErrorList": { "ErrorDescription": ["CT073:The specified warehouse location has not been setup yet."] } }
            ]),
        ),
    )
    .await;
    let mut batch = many(DEFAULT_FEED_THRESHOLD + 1);
    batch.push(stock("LP-5", 0, Some(Country::AUS)));
    batch.push(stock("LP-9", 7, None)); // no warehouse: the USA, superseding LP-9's first
    batch.push(
        PriceUpdate::new(
            Sku::new("LP-1").unwrap(),
            Money::new(Decimal::new(1999, 2), Currency::Usd),
        )
        .into(),
    );
    let clock = ManualClock::new();
    let report = json_client(&server, &clock)
        .channel()
        .push(&batch)
        .await
        .unwrap();
    assert_eq!(report.len(), batch.len());
    let outcome = |at: usize| &report.outcomes()[at].outcome;
    assert_eq!(outcome(3).code(), Some("CEI0001"));
    assert_eq!(
        outcome(3).reason(),
        Some("Can't find this item in the system, please create it first")
    );
    assert!(outcome(5).is_accepted(), "LP-5 in the USA was applied");
    assert_eq!(outcome(21).code(), Some("CT073"));
    assert_eq!(outcome(9).code(), Some("superseded"));
    assert!(outcome(22).is_accepted());
    assert!(outcome(23).is_rejected()); // the price
    assert_eq!(report.accepted_count(), 20);

    // The feed carried one record per SKU and warehouse: 21 + LP-5 in AUS.
    let sent = server.received_requests().await.unwrap();
    let submit = sent
        .iter()
        .find(|request| request.url.path() == SUBMIT_PATH)
        .unwrap();
    let body = test_support::body_json(submit);
    let items = body["NeweggEnvelope"]["Message"]["Inventory"]["Item"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), 22);
    // Grouped by SKU in batch order: LP-5 in AUS follows LP-5 in the USA.
    assert_eq!(items[6]["WarehouseLocation"], "AUS");
    // LP-9's first update was superseded: its group comes where its last update stands.
    assert_eq!(
        items[21],
        json!({ "SellerPartNumber": "LP-9", "WarehouseLocation": "USA",
                "FulfillmentOption": "Seller", "Inventory": "7" })
    );
    assert_eq!(sent.len(), 3, "one submit, one status poll, one report");
}

#[tokio::test]
async fn a_batch_at_the_threshold_goes_direct() {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Xml)
        .respond_with(fixtures().answer(200, "update_result.xml", "application/xml"))
        .expect(u64::try_from(DEFAULT_FEED_THRESHOLD).unwrap())
        .mount(&server)
        .await;
    Mock::given(path(SUBMIT_PATH))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Xml);
    assert!(!newegg.channel().uses_feeds(DEFAULT_FEED_THRESHOLD));
    assert!(newegg.channel().uses_feeds(DEFAULT_FEED_THRESHOLD + 1));
    assert!(newegg.channel().feed_threshold(0).uses_feeds(1));
    let report = newegg
        .channel()
        .push(&many(DEFAULT_FEED_THRESHOLD))
        .await
        .unwrap();
    assert!(report.all_accepted());
}

#[tokio::test]
async fn canada_always_sends_a_feed_of_its_own_country() {
    let server = MockServer::start().await;
    feed_service(
        &server,
        "/marketplace/can",
        report(
            2,
            json!({ "AdditionalInfo": { "SellerPartNumber": "B", "CountryCode": "CAN" },
                    "ErrorList": { "ErrorDescription": "CT022:This item is Shipping by newegg. Can NOT update inventory" } }),
        ),
    )
    .await;
    let newegg = builder(&server, &ManualClock::new())
        .region(Region::Canada)
        .format(Format::Json)
        .build()
        .unwrap();
    let batch = [
        stock("A", 1, None),
        stock("B", 2, Some(Country::CAN)),
        stock("C", 3, Some(Country::USA)),
    ];
    let report = newegg.channel().push(&batch).await.unwrap();
    assert!(report.outcomes()[0].outcome.is_accepted());
    assert_eq!(report.outcomes()[1].outcome.code(), Some("CT022"));
    assert_eq!(
        report.outcomes()[1].outcome.reason(),
        Some("This item is Shipping by newegg. Can NOT update inventory")
    );
    let refused = &report.outcomes()[2].outcome;
    assert!(
        refused
            .reason()
            .unwrap()
            .contains("sets CAN stock only, not USA"),
        "{refused:?}"
    );
    let sent = server.received_requests().await.unwrap();
    let body = test_support::body_json(&sent[0]);
    assert_eq!(
        body["NeweggEnvelope"]["Message"]["Inventory"]["Item"],
        json!([{ "SellerPartNumber": "A", "Inventory": "1" }, { "SellerPartNumber": "B", "Inventory": "2" }])
    );
}

#[tokio::test]
async fn a_spent_allowance_is_reported_per_update_when_the_channel_is_told_to() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fixtures().answer(429, "feed/df012.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let newegg = json_client(&server, &ManualClock::new());
    let channel = newegg.channel().when_throttled(WhenThrottled::Report);
    let report = channel.push(&many(30)).await.unwrap();
    assert_eq!(report.rejected_count(), 30);
    for outcome in report.outcomes() {
        assert_eq!(outcome.outcome.code(), Some("DF012"));
        assert!(
            outcome
                .outcome
                .reason()
                .unwrap()
                .contains("Please submit your feed again after 2016-12-16 11:05:00")
        );
    }

    // More records than the hour allows are never sent, whatever the policy.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let newegg = builder(&server, &ManualClock::new())
        .feed_record_allowance(5)
        .build()
        .unwrap();
    let report = newegg.channel().push(&many(30)).await.unwrap();
    assert_eq!(report.rejected_count(), 30);
    assert_eq!(
        report.outcomes()[0].outcome.code(),
        Some("record_allowance")
    );
}

#[tokio::test]
async fn a_short_wait_named_by_df012_is_waited_out_then_the_feed_goes_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fixtures().answer(429, "feed/df012.xml", "application/xml"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    feed_service(&server, "/marketplace", report(30, json!([]))).await;
    // 2016-12-16 11:04:30 Pacific: DF012 names 11:05:00, 30 s on.
    let clock = ManualClock::starting_at(UNIX_EPOCH + Duration::from_secs(1_481_915_070));
    let newegg = json_client(&server, &clock);
    let report = newegg.channel().push(&many(30)).await.unwrap();
    assert!(report.all_accepted(), "{:?}", report.rejected().next());
    assert_eq!(clock.sleeps()[0], Duration::from_secs(30));

    // A wait longer than the policy allows is reported instead.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fixtures().answer(429, "feed/df012.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_at(UNIX_EPOCH + Duration::from_secs(1_481_915_070));
    let channel = json_client(&server, &clock)
        .channel()
        .when_throttled(WhenThrottled::Wait {
            at_most: Duration::from_secs(10),
        });
    let report = channel.push(&many(30)).await.unwrap();
    assert_eq!(report.outcomes()[0].outcome.code(), Some("DF012"));
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_report_that_does_not_account_for_every_record_confirms_none_it_omits() {
    let server = MockServer::start().await;
    // 30 sent, 29 processed.
    feed_service(&server, "/marketplace", report(29, json!([]))).await;
    let report = json_client(&server, &ManualClock::new())
        .channel()
        .push(&many(30))
        .await
        .unwrap();
    assert_eq!(report.rejected_count(), 30);
    assert_eq!(report.outcomes()[0].outcome.code(), Some("unconfirmed"));
}

#[tokio::test]
async fn a_cancelled_feed_rejects_its_records_and_progress_is_reported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fixtures().answer(200, "feed/submit_answer.xml", "application/xml"))
        .mount(&server)
        .await;
    let status = |value: &str| {
        ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"IsSuccess":true,"ResponseBody":{{"ResponseList":[{{"RequestId":"{FEED_ID}","RequestStatus":"{value}"}}]}}}}"#),
            "application/json",
        )
    };
    Mock::given(method("PUT"))
        .respond_with(status("IN_PROGRESS"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(status("CANCELLED"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let polls: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&polls);
    let channel = json_client(&server, &ManualClock::new())
        .channel()
        .feed_wait(FeedWaitOptions::default().on_progress(move |progress| {
            seen.lock()
                .unwrap()
                .push(progress.feeds[0].status.as_str().to_owned());
        }));
    let report = channel.push(&many(30)).await.unwrap();
    assert_eq!(*polls.lock().unwrap(), ["IN_PROGRESS", "CANCELLED"]);
    assert_eq!(report.outcomes()[0].outcome.code(), Some("feed_cancelled"));
    assert_eq!(report.rejected_count(), 30);
}
