//! The shared fault switches and request log, exercised through real HTTP clients.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::{Duration, Instant};

use marketplace_sandbox::instica::{INSTICA_TOKEN, InsticaSandbox};
use serde_json::Value;

fn get(sandbox: &InsticaSandbox, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .get(format!("{}{path}", sandbox.base_url()))
        .bearer_auth(INSTICA_TOKEN)
}

#[tokio::test]
async fn failures_are_injected_for_the_next_requests_only() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    instica.faults().fail_next(1, 503);
    instica
        .faults()
        .fail_next_with_retry_after(1, 429, Duration::from_secs(7));
    assert_eq!(instica.faults().pending_failures(), 2);

    let first = get(&instica, "/inventory/").send().await.unwrap();
    assert_eq!(first.status(), 503);
    assert_eq!(
        first.json::<Value>().await.unwrap()["detail"],
        "Service Unavailable"
    );
    let second = get(&instica, "/inventory/").send().await.unwrap();
    assert_eq!(second.status(), 429);
    assert_eq!(second.headers()["retry-after"], "7");
    let third = get(&instica, "/inventory/").send().await.unwrap();
    assert_eq!(third.status(), 200);

    let log = instica.request_log();
    assert_eq!(log.count("GET", "/api/v1/inventory/"), 3);
    assert_eq!(log.count_status(503), 1);
    assert_eq!(log.entries()[0].header("authorization"), Some("Bearer ***"));
}

#[tokio::test]
async fn answers_can_be_delayed() {
    let instica = InsticaSandbox::start().await.unwrap();
    instica.faults().delay_responses(Duration::from_millis(300));
    let started = Instant::now();
    let response = get(&instica, "/inventory/").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    let timed_out = reqwest::Client::builder()
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap()
        .get(format!("{}/inventory/", instica.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await;
    assert!(timed_out.unwrap_err().is_timeout());

    instica.faults().clear_delay();
    let started = Instant::now();
    get(&instica, "/inventory/").send().await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn a_cut_body_reaches_the_client_as_an_error_and_the_next_one_is_whole() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/inventory/?page_size=100", instica.base_url());

    // Warm the pooled connection, then cut the next answer short.
    let whole: Value = http
        .get(&url)
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(whole["results"].as_array().unwrap().len(), 100);

    instica.faults().cut_next_bodies(1);
    let response = http
        .get(&url)
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let declared: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 1000);
    let error = response.bytes().await.unwrap_err();
    assert!(error.is_body() || error.is_decode(), "{error:?}");

    let again: Value = http
        .get(&url)
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["count"], whole["count"]);
}

#[tokio::test]
async fn reset_restores_the_starting_state_and_clears_switches() {
    let instica = InsticaSandbox::start_with_demo_data().await.unwrap();
    let before = instica.items().len();
    let deleted = reqwest::Client::new()
        .delete(format!("{}/inventory/inv_d4e5f6/", instica.base_url()))
        .bearer_auth(INSTICA_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(instica.items().len(), before - 1);
    instica.faults().fail_next(5, 500);

    instica.reset();
    assert_eq!(instica.items().len(), before);
    assert!(instica.request_log().is_empty());
    assert_eq!(instica.faults().pending_failures(), 0);
    let response = get(&instica, "/inventory/inv_d4e5f6/")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
