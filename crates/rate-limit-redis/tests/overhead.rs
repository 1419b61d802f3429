//! What pacing through Redis costs, printed (run with `-- --nocapture`): the latency of one
//! acquire on loopback, and the CPU a worker process spends per request with the Redis
//! pacer against client-core's in-process limiter. Limits are huge, so nothing waits.
//!
//! The figures are measurements, not assertions (this machine is shared); only gross
//! regressions fail the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

mod common;

use std::time::{Duration, Instant};

use client_core::Pacer;
use client_core::rate_limit::RateLimitPolicy;
use common::StrictServer;
use rate_limit_redis::{RedisPacer, Scope};

const ACQUIRES: usize = 2_000;
const REQUESTS: u64 = 2_000;

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_acquire_through_redis_on_loopback() {
    let _serial = SERIAL.lock().await;
    let url = common::redis_url();
    let prefix = common::unique_prefix("overhead");
    let pacer = RedisPacer::builder(url.as_str())
        .prefix(&prefix)
        .scope(Scope::named("acquire"))
        .policy(RateLimitPolicy::per_window(
            1_000_000_000,
            Duration::from_secs(60),
        ))
        .expected_workers(1)
        .build()
        .unwrap();
    // The first acquire connects and loads the script.
    let permit = pacer.acquire(Duration::from_secs(5)).await.unwrap();
    pacer.settle(permit);
    let mut took = Vec::with_capacity(ACQUIRES);
    for _ in 0..ACQUIRES {
        let started = Instant::now();
        let permit = pacer.acquire(Duration::from_secs(5)).await.unwrap();
        took.push(started.elapsed());
        pacer.settle(permit);
    }
    assert!(!pacer.redis_unreachable());
    took.sort_unstable();
    let median = percentile(&took, 0.5);
    let p99 = percentile(&took, 0.99);
    println!(
        "acquire through Redis on loopback, {ACQUIRES} acquires (each settled): median {:.0} µs, \
         p99 {:.0} µs, max {:.0} µs",
        median.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6,
        took[took.len() - 1].as_secs_f64() * 1e6
    );
    // Let the last settles land before cleaning up.
    tokio::time::sleep(Duration::from_millis(100)).await;
    common::clean(&url, &prefix);
    assert!(median < Duration::from_millis(20), "median {median:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpu_per_request_with_the_redis_pacer_and_the_in_process_one() {
    let _serial = SERIAL.lock().await;
    let prefix = common::unique_prefix("overhead-cpu");
    let server = StrictServer::start(usize::MAX, Duration::from_secs(1), None).await;
    let mut figures = Vec::new();
    for pacer in ["local", "redis"] {
        let args: Vec<String> = [
            "--url",
            &server.server.uri(),
            "--requests",
            &REQUESTS.to_string(),
            "--limit",
            "1000000000",
            "--window-ms",
            "60000",
            "--pacer",
            pacer,
            "--redis",
            &common::redis_url(),
            "--prefix",
            &prefix,
            "--workers",
            "1",
        ]
        .map(str::to_owned)
        .to_vec();
        let result = common::run_workers(1, &args).await.remove(0);
        assert_eq!(result.number("ok"), REQUESTS, "{result:?}");
        let cpu = result.number("cpu_ns") as f64 / REQUESTS as f64 / 1_000.0;
        let wall = result.number("elapsed_ms") as f64 * 1_000.0 / REQUESTS as f64;
        println!(
            "{pacer:>5} pacer: {REQUESTS} requests to a loopback server, {cpu:.0} µs CPU and \
             {wall:.0} µs wall per request (worker process, all threads)"
        );
        figures.push(cpu);
    }
    println!(
        "the Redis pacer costs {:.0} µs CPU more per request ({:.2}×)",
        figures[1] - figures[0],
        figures[1] / figures[0]
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    common::clean(&common::redis_url(), &prefix);
}
