//! Several OS processes, one budget: four `pacer-worker` processes, each with its own engine
//! and its own Redis connection, against one loopback server that enforces 20 requests per
//! moving 2 s window. Through Redis the server refuses none; with each process's in-process
//! limiter alone it refuses many. And a 429 one process gets pauses all of them.
//!
//! The two tests run one after the other (each loads both cores for a while); run with
//! `-- --nocapture` to see the figures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

mod common;

use std::time::{Duration, Instant};

use common::{Arrival, StrictServer, WorkerResult};
use wiremock::ResponseTemplate;

const LIMIT: usize = 20;
const WINDOW: Duration = Duration::from_secs(2);
const PROCESSES: usize = 4;
const REQUESTS: usize = 50;

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What one run came to, as the server saw it.
#[derive(Debug)]
struct Figures {
    admitted: usize,
    refused: usize,
    span: Duration,
    /// Admitted requests a second over the run: the span of arrivals plus the last window.
    rate: f64,
}

impl Figures {
    fn of(arrivals: &[Arrival]) -> Self {
        let admitted: Vec<Instant> = arrivals
            .iter()
            .filter(|arrival| arrival.status == 200)
            .map(|arrival| arrival.at)
            .collect();
        let span = match (admitted.first(), admitted.last()) {
            (Some(first), Some(last)) => *last - *first,
            _ => Duration::ZERO,
        };
        Self {
            admitted: admitted.len(),
            refused: arrivals
                .iter()
                .filter(|arrival| arrival.status == 429)
                .count(),
            span,
            rate: admitted.len() as f64 / (span + WINDOW).as_secs_f64(),
        }
    }

    fn percent_of_limit(&self) -> f64 {
        100.0 * self.rate / (LIMIT as f64 / WINDOW.as_secs_f64())
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name}: {} admitted, {} × 429, in {:.2} s: {:.2}/s = {:.1}% of the limit",
            self.admitted,
            self.refused,
            self.span.as_secs_f64(),
            self.rate,
            self.percent_of_limit()
        )
    }
}

fn worker_args(server: &StrictServer, pacer: &str, prefix: &str) -> Vec<String> {
    [
        "--url",
        &server.server.uri(),
        "--requests",
        &REQUESTS.to_string(),
        "--limit",
        &LIMIT.to_string(),
        "--window-ms",
        &WINDOW.as_millis().to_string(),
        "--pacer",
        pacer,
        "--redis",
        &common::redis_url(),
        "--prefix",
        prefix,
        "--workers",
        &PROCESSES.to_string(),
    ]
    .map(str::to_owned)
    .to_vec()
}

fn total(results: &[WorkerResult], name: &str) -> u64 {
    results.iter().map(|result| result.number(name)).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_on_one_redis_budget_draw_no_429() {
    let _serial = SERIAL.lock().await;
    let prefix = common::unique_prefix("processes");

    let shared_server = StrictServer::start(LIMIT, WINDOW, None).await;
    let shared_results =
        common::run_workers(PROCESSES, &worker_args(&shared_server, "redis", &prefix)).await;
    let shared = Figures::of(&shared_server.arrivals());

    let local_server = StrictServer::start(LIMIT, WINDOW, None).await;
    let local_results =
        common::run_workers(PROCESSES, &worker_args(&local_server, "local", &prefix)).await;
    let local = Figures::of(&local_server.arrivals());

    println!("{}", shared.line("through Redis"));
    println!("{}", local.line("in-process limiters alone"));
    common::clean(&common::redis_url(), &prefix);

    assert_eq!(shared.refused, 0, "the server had to refuse: {shared:?}");
    assert_eq!(shared.admitted, PROCESSES * REQUESTS);
    assert_eq!(total(&shared_results, "ok"), (PROCESSES * REQUESTS) as u64);
    assert_eq!(total(&shared_results, "unavailable"), 0);
    assert!(
        shared.percent_of_limit() >= 95.0,
        "{:.1}% of the limit",
        shared.percent_of_limit()
    );
    // The server is not blind: without the shared budget it refuses.
    assert!(local.refused > 0, "{local:?}");
    assert_eq!(total(&local_results, "refused"), local.refused as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_one_process_gets_pauses_every_process() {
    let _serial = SERIAL.lock().await;
    let prefix = common::unique_prefix("cooldown");
    const REFUSED_AT: usize = 30;
    const GRACE: Duration = Duration::from_millis(100);
    let pause = Duration::from_secs(3);
    // The window is no constraint here; the 31st request is refused with Retry-After: 3.
    let server = StrictServer::start(
        10_000,
        WINDOW,
        Some(Box::new(|n| {
            (n == REFUSED_AT).then(|| {
                (
                    429,
                    ResponseTemplate::new(429).insert_header("retry-after", "3"),
                )
            })
        })),
    )
    .await;
    let mut args = worker_args(&server, "redis", &prefix);
    args.extend(
        ["--requests", "40", "--limit", "10000", "--attempts", "3"]
            .map(str::to_owned)
            .to_vec(),
    );
    let results = common::run_workers(PROCESSES, &args).await;
    common::clean(&common::redis_url(), &prefix);

    let arrivals = server.arrivals();
    let refusal = &arrivals[REFUSED_AT];
    assert_eq!(refusal.status, 429);
    let before: Vec<&str> = arrivals[..REFUSED_AT]
        .iter()
        .filter(|arrival| refusal.at - arrival.at < Duration::from_millis(200))
        .map(|arrival| arrival.worker.as_str())
        .collect();
    let mut active: Vec<&str> = before
        .iter()
        .copied()
        .filter(|worker| *worker != refusal.worker)
        .collect();
    active.sort_unstable();
    active.dedup();
    let in_flight: Vec<Duration> = arrivals[REFUSED_AT + 1..]
        .iter()
        .map(|arrival| arrival.at - refusal.at)
        .filter(|after| *after < GRACE)
        .collect();
    let during: Vec<&Arrival> = arrivals[REFUSED_AT + 1..]
        .iter()
        .filter(|arrival| {
            let after = arrival.at - refusal.at;
            after >= GRACE && after < pause
        })
        .collect();
    let resumed = arrivals
        .iter()
        .filter(|arrival| arrival.at - refusal.at >= pause)
        .count();
    println!(
        "429 to {} at request {REFUSED_AT}: {} other workers active just before, {} requests \
         already in flight (the last {:?} after the 429), {} during the pause, {resumed} after it",
        refusal.worker,
        active.len(),
        in_flight.len(),
        in_flight.iter().max().copied().unwrap_or_default(),
        during.len()
    );
    assert!(
        active.len() >= 2,
        "the other workers were sending before the 429: {before:?}"
    );
    assert!(
        during.is_empty(),
        "sent during the shared pause: {during:?}"
    );
    assert_eq!(
        arrivals.len(),
        PROCESSES * 40 + 1,
        "every request, one retried"
    );
    assert_eq!(total(&results, "ok"), (PROCESSES * 40) as u64);
    assert!(resumed > 0);
}
