//! GetFeedStatus (feed specification §6.1): the exact query in XML and JSON, the answers, and
//! waiting for feeds with progress reported.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_core::clock::ManualClock;
use common::*;
use newegg_client::{
    FeedStatus, FeedType, FeedWaitOptions, Format, MAX_STATUS_IDS, NeweggError, NeweggErrorKind,
    Region, RequestId,
};
use test_support::JsonBody;
use wiremock::matchers::{body_string, body_string_contains, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ids(texts: &[&str]) -> Vec<RequestId> {
    texts
        .iter()
        .map(|text| RequestId::new(*text).unwrap())
        .collect()
}

fn status_answer(entries: &[(&str, &str)]) -> ResponseTemplate {
    let list: Vec<String> = entries
        .iter()
        .map(|(id, status)| {
            format!(
                r#"{{"RequestId":"{id}","RequestType":"INVENTORY_DATA","RequestDate":"3/5/2019 17:11:49","RequestStatus":"{status}"}}"#
            )
        })
        .collect();
    ResponseTemplate::new(200).set_body_raw(
        format!(
            r#"{{"IsSuccess":true,"OperationType":"GetFeedStatusResponse","SellerID":"A006","ResponseBody":{{"ResponseList":[{}]}}}}"#,
            list.join(",")
        ),
        "application/json",
    )
}

#[tokio::test]
async fn the_xml_query_is_the_spec_example_and_its_answer_lists_each_feed() {
    let server = MockServer::start().await;
    feed_request("PUT", STATUS_PATH, &[("sellerid", SELLER_ID)], Format::Xml, true)
        .and(body_string(
            "<NeweggAPIRequest><OperationType>GetFeedStatusRequest</OperationType>\
             <RequestBody><GetRequestStatus><RequestIDList><RequestID>215Y2P8KRIADO</RequestID>\
             <RequestID>28M78BB6CZ715</RequestID></RequestIDList><MaxCount>100</MaxCount>\
             <RequestStatus>ALL</RequestStatus></GetRequestStatus></RequestBody></NeweggAPIRequest>",
        ))
        .respond_with(fixtures().answer(200, "feed/status_answer.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let feeds = client(&server, Format::Xml)
        .feed_status(&ids(&["215Y2P8KRIADO", "28M78BB6CZ715"]))
        .await
        .unwrap();
    assert_eq!(feeds.len(), 2);
    assert_eq!(feeds[0].request_id.as_str(), "215Y2P8KRIADO");
    assert_eq!(feeds[0].status, FeedStatus::Finished);
    assert!(feeds[0].status.is_done());
    assert_eq!(feeds[1].status, FeedStatus::InProgress);
    assert!(!feeds[1].status.is_done());
    assert_eq!(feeds[1].feed_type, Some(FeedType::InventoryData));
}

#[tokio::test]
async fn the_json_query_is_bare_and_its_answer_is_the_sdk_mock() {
    let server = MockServer::start().await;
    feed_request(
        "PUT",
        "/marketplace/b2b/datafeedmgmt/feeds/status",
        &[("sellerid", SELLER_ID)],
        Format::Json,
        true,
    )
    .and(JsonBody::text(
        r#"{ "OperationType": "GetFeedStatusRequest",
             "RequestBody": { "GetRequestStatus": {
               "RequestIDList": { "RequestID": ["2PQCX3SPZ3QBF"] },
               "MaxCount": "100", "RequestStatus": "ALL" } } }"#,
    ))
    .respond_with(fixtures().answer(200, "feed/status_answer.json", "application/json"))
    .expect(1)
    .mount(&server)
    .await;
    let newegg = builder(&server, &ManualClock::new())
        .region(Region::Business)
        .format(Format::Json)
        .build()
        .unwrap();
    let feeds = newegg.feed_status(&ids(&["2PQCX3SPZ3QBF"])).await.unwrap();
    assert_eq!(feeds[0].status, FeedStatus::Finished);
    assert_eq!(feeds[0].feed_type, Some(FeedType::ItemData));
    assert_eq!(feeds[0].request_date.as_deref(), Some("2/22/2012 17:25:10"));
}

#[tokio::test]
async fn a_query_names_one_to_a_hundred_feeds() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(status_answer(&[]))
        .expect(0)
        .mount(&server)
        .await;
    let newegg = client(&server, Format::Json);
    let many: Vec<RequestId> = (0..=MAX_STATUS_IDS)
        .map(|n| RequestId::new(format!("F{n}")).unwrap())
        .collect();
    for query in [&many[..], &[]] {
        match newegg.feed_status(query).await {
            Err(NeweggError::InvalidInput(refusal)) => assert_eq!(refusal.field, "request_ids"),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn waiting_polls_the_feeds_not_done_and_reports_progress() {
    let server = MockServer::start().await;
    // First poll: one finished, one in progress; second: only the unfinished one is asked.
    Mock::given(method("PUT"))
        .and(body_string_contains("\"RequestID\":[\"AAA\",\"BBB\"]"))
        .respond_with(status_answer(&[
            ("AAA", "FINISHED"),
            ("BBB", "IN_PROGRESS"),
        ]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(body_string_contains("\"RequestID\":[\"BBB\"]"))
        .respond_with(status_answer(&[("BBB", "CANCELLED")]))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let newegg = builder(&server, &clock)
        .format(Format::Json)
        .build()
        .unwrap();
    let seen: Arc<Mutex<Vec<(u32, usize, usize)>>> = Arc::default();
    let record = Arc::clone(&seen);
    let options = FeedWaitOptions::default().on_progress(move |progress| {
        record
            .lock()
            .unwrap()
            .push((progress.polls, progress.feeds.len(), progress.done()));
    });
    let feeds = newegg
        .wait_for_feeds(&ids(&["AAA", "BBB"]), &options)
        .await
        .unwrap();
    assert_eq!(feeds[0].status, FeedStatus::Finished);
    assert_eq!(feeds[1].status, FeedStatus::Cancelled);
    assert_eq!(*seen.lock().unwrap(), [(1, 2, 1), (2, 2, 2)]);
    // The default schedule waits 5 s before the second poll.
    assert_eq!(clock.sleeps(), [Duration::from_secs(5)]);
}

#[tokio::test]
async fn waiting_ends_at_the_deadline_with_the_polls_made() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(status_answer(&[("AAA", "SUBMITTED")]))
        .expect(4)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let newegg = builder(&server, &clock)
        .format(Format::Json)
        .build()
        .unwrap();
    let options = FeedWaitOptions::default()
        .first_interval(Duration::from_secs(5))
        .max_interval(Duration::from_secs(10))
        .deadline(Duration::from_secs(20));
    match newegg.wait_for_feeds(&ids(&["AAA"]), &options).await {
        Err(NeweggError::Engine(client_core::Error::Deadline {
            deadline, attempts, ..
        })) => {
            assert_eq!(deadline, Duration::from_secs(20));
            assert_eq!(attempts, 4);
        }
        other => panic!("expected the deadline, got {other:?}"),
    }
    // Polls at 0, 5, 15 and 20 s: the last pause is cut to the deadline.
    assert_eq!(
        clock.sleeps(),
        [
            Duration::from_secs(5),
            Duration::from_secs(10),
            Duration::from_secs(5)
        ]
    );
}

#[tokio::test]
async fn an_unknown_request_id_is_newegg_s_refusal() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"[{"Code":"DF006","Message":"Invalid RequestID."}]"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let error = client(&server, Format::Json)
        .feed_status(&ids(&["NOSUCH"]))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(NeweggErrorKind::Rejected));
    assert_eq!(error.code().map(|code| code.as_str()), Some("DF006"));
}
