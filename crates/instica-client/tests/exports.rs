//! Export jobs: list, create, get, and waiting on the injected clock.
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
use common::{BEARER, client, client_with_clock, json_answer};
use instica_client::prelude::*;
use instica_client::{ExportStatus, ExportUid, InsticaError, WaitOptions};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn job(status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "uid": "exp_abc", "status": status, "file_url": null,
        "created_at": "2025-03-01T09:00:00Z"
    }))
}

#[tokio::test]
async fn list_create_and_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/exports/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 2, "next": null, "previous": null,
            "results": [
                {"uid": "exp_abc", "status": "completed", "file_url": "https://cdn.instica.com/exports/exp_abc.csv", "created_at": "2025-03-01T09:00:00Z"},
                {"uid": "exp_def", "status": "processing", "file_url": null, "created_at": "2025-03-02T09:00:00Z"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/exports/inventory/csv/"))
        .and(header("authorization", BEARER))
        .and(body_string(""))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "uid": "exp_new", "status": "pending", "file_url": null,
            "created_at": "2025-03-03T09:00:00Z"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/exports/exp_abc/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("export_completed.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let exports = client(&server).exports();
    let jobs = exports.list().send().await.unwrap();
    assert_eq!(jobs.total, Some(2));
    assert_eq!(jobs.items[1].status, ExportStatus::Processing);
    let created = exports.create_inventory_csv().await.unwrap();
    assert_eq!(created.uid.as_str(), "exp_new");
    assert_eq!(created.status, ExportStatus::Pending);
    let done = exports.get(&ExportUid::new("exp_abc")).await.unwrap();
    assert_eq!(done.status, ExportStatus::Completed);
    assert_eq!(
        done.file_url.as_deref(),
        Some("https://cdn.instica.com/exports/exp_abc.csv")
    );
}

#[tokio::test]
async fn a_503_on_export_creation_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/exports/inventory/csv/"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    assert!(
        client(&server)
            .exports()
            .create_inventory_csv()
            .await
            .is_err()
    );
}

#[tokio::test]
async fn wait_polls_with_backoff_until_completed() {
    let server = MockServer::start().await;
    for status in ["pending", "processing", "processing"] {
        Mock::given(method("GET"))
            .and(path("/exports/exp_abc/"))
            .respond_with(job(status))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/exports/exp_abc/"))
        .respond_with(json_answer("export_completed.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let clock = ManualClock::new();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let options = WaitOptions::default()
        .initial_interval(Duration::from_secs(2))
        .max_interval(Duration::from_secs(5))
        .on_progress(move |job| recorder.lock().unwrap().push(job.status.clone()));
    let done = client_with_clock(&server, clock.clone())
        .exports()
        .wait(&ExportUid::new("exp_abc"), options)
        .await
        .unwrap();

    assert_eq!(
        done.file_url.as_str(),
        "https://cdn.instica.com/exports/exp_abc.csv"
    );
    assert_eq!(done.job.status, ExportStatus::Completed);
    assert_eq!(clock.sleeps(), [2, 4, 5].map(Duration::from_secs).to_vec());
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ExportStatus::Pending,
            ExportStatus::Processing,
            ExportStatus::Processing,
            ExportStatus::Completed
        ]
    );
}

#[tokio::test]
async fn wait_reports_a_failed_job() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/exports/exp_abc/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uid": "exp_abc", "status": "failed", "file_url": null,
            "error": "Export worker crashed."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .exports()
        .wait(&ExportUid::new("exp_abc"), WaitOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(error, InsticaError::ExportFailed { .. }));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "export exp_abc ended with status `failed`: Export worker crashed."
    );
}

#[tokio::test]
async fn wait_gives_up_at_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/exports/exp_abc/"))
        .respond_with(job("processing"))
        .mount(&server)
        .await;

    let clock = ManualClock::new();
    let options = WaitOptions::default()
        .initial_interval(Duration::from_secs(10))
        .max_interval(Duration::from_secs(20))
        .timeout(Duration::from_secs(45));
    let error = client_with_clock(&server, clock.clone())
        .exports()
        .wait(&ExportUid::new("exp_abc"), options)
        .await
        .unwrap_err();
    // The job is still running: waiting again may yet see its file.
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    match error {
        InsticaError::ExportTimedOut {
            last_status,
            waited,
            ..
        } => {
            assert_eq!(last_status, ExportStatus::Processing);
            assert_eq!(waited, Duration::from_secs(45));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        clock.sleeps(),
        [10, 20, 15].map(Duration::from_secs).to_vec()
    );
}

#[tokio::test]
async fn a_completed_job_without_a_file_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/exports/exp_abc/"))
        .respond_with(job("completed"))
        .mount(&server)
        .await;

    let error = client(&server)
        .exports()
        .wait(&ExportUid::new("exp_abc"), WaitOptions::default())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("without a file URL"), "{error}");
}
