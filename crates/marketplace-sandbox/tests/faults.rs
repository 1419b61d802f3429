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

#[tokio::test]
async fn random_faults_fail_before_the_state_and_delay_or_cut_after_it() {
    use marketplace_sandbox::RandomFaults;

    let instica = InsticaSandbox::start().await.unwrap();
    let before = instica.items().len();
    // Every request gets a fault, so every kind shows up in a few dozen.
    instica.faults().inject_randomly(
        RandomFaults::new(1000, 11)
            .retry_after(Duration::from_secs(2))
            .delay(Duration::from_millis(400))
            .server_errors([502]),
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let (mut server_errors, mut rate_limited, mut broken) = (0u64, 0u64, 0u64);
    for n in 0..60 {
        let sent = client
            .post(format!("{}/inventory/", instica.base_url()))
            .bearer_auth(INSTICA_TOKEN)
            .json(&serde_json::json!({ "name": format!("random fault {n}") }))
            .send()
            .await;
        match sent {
            Ok(response) if response.status() == 502 => server_errors += 1,
            Ok(response) if response.status() == 429 => {
                assert_eq!(response.headers()["retry-after"], "2");
                rate_limited += 1;
            }
            // A cut body fails while it is read, a delayed answer before its head arrives.
            Ok(response) => {
                assert!(response.bytes().await.is_err(), "an answer came whole");
                broken += 1;
            }
            Err(error) => {
                assert!(error.is_timeout(), "{error:?}");
                broken += 1;
            }
        }
    }
    let injected = instica.faults().injected();
    assert_eq!(injected.total(), 60);
    assert_eq!(injected.server_errors, server_errors);
    assert_eq!(injected.rate_limited, rate_limited);
    assert_eq!(injected.delayed + injected.cut, broken);
    assert!(
        injected.server_errors > 0
            && injected.rate_limited > 0
            && injected.delayed > 0
            && injected.cut > 0,
        "{injected:?}"
    );
    // The late and the cut answers were applied; the refused ones were not.
    assert_eq!(
        instica.items().len() - before,
        usize::try_from(broken).unwrap()
    );

    // Stopped, the fake answers whole again; the counts stay until cleared.
    instica.faults().stop_random_faults();
    let whole = get(&instica, "/inventory/").send().await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(instica.faults().injected(), injected);
    instica.faults().clear();
    assert_eq!(instica.faults().injected().total(), 0);
}

#[tokio::test]
async fn a_random_delay_holds_back_only_its_own_answer() {
    use marketplace_sandbox::RandomFaults;

    let instica = InsticaSandbox::start().await.unwrap();
    instica
        .faults()
        .inject_randomly(RandomFaults::new(250, 5).delay(Duration::from_millis(800)));
    let started = Instant::now();
    let answers = answer_times(&instica, 40).await;
    let delayed = instica.faults().injected().delayed;
    assert!(delayed > 0, "seed 5 delays some of 40 requests");
    let quick = answers
        .iter()
        .filter(|took| **took < Duration::from_millis(600))
        .count();
    let late = answers.len() - quick;
    assert_eq!(late, usize::try_from(delayed).unwrap(), "{answers:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Sends `count` reads at once and returns how long each took to be answered (whole or not).
async fn answer_times(instica: &InsticaSandbox, count: usize) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for _ in 0..count {
        let request = get(instica, "/inventory/");
        tasks.push(tokio::spawn(async move {
            let started = Instant::now();
            if let Ok(response) = request.send().await {
                let _ = response.bytes().await;
            }
            started.elapsed()
        }));
    }
    let mut took = Vec::new();
    for task in tasks {
        took.push(task.await.unwrap());
    }
    took
}
