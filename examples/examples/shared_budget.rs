//! Two worker programs sharing one Discogs budget through Redis.
//!
//! The program starts the Discogs sandbox with a small budget (8 requests in any 2 seconds,
//! answering 429 beyond it), then starts itself twice more as worker processes. Each worker
//! builds its own client and its own `RedisPacer` (its own connection to Redis), and asks the
//! fee calculator 16 times as fast as the pacer lets it. Redis books both workers' requests in
//! one moving window, so together they stay inside the budget: the sandbox answers no 429, and
//! the program prints each worker's share of what was sent.
//!
//! It needs a Redis on `REDIS_URL` (default `redis://127.0.0.1:6379`):
//! `cargo run -p examples --example shared_budget`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use discogs_client::prelude::*;
use discogs_client::{DiscogsClient, RateLimitPolicy};
use examples::offline::USER_AGENT;
use inventory_model::Decimal;
use marketplace_sandbox::RateLimit;
use marketplace_sandbox::discogs::{DISCOGS_TOKEN, DiscogsSandbox};
use rate_limit_redis::{RedisPacer, Scope};

const BUDGET: u32 = 8;
const WINDOW: Duration = Duration::from_secs(2);
const REQUESTS_PER_WORKER: u32 = 16;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("worker") => {
            let (Some(base_url), Some(name), Some(prefix)) =
                (args.get(2), args.get(3), args.get(4))
            else {
                return Err("usage: shared_budget worker BASE_URL NAME PREFIX".into());
            };
            worker(base_url, name, prefix).await
        }
        _ => lead().await,
    }
}

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// Starts the sandbox and two workers, and reports what the sandbox saw.
async fn lead() -> Result<(), Box<dyn Error>> {
    let sandbox = DiscogsSandbox::start().await?;
    let budget = RateLimit::new(BUDGET, WINDOW);
    sandbox.set_rate_limits(budget, budget);
    // A prefix of this run's own, so that runs never share a window.
    let prefix = format!("shared-budget-example-{}", std::process::id());
    println!(
        "Discogs sandbox at {}: {BUDGET} requests in any {} s; two workers, {REQUESTS_PER_WORKER} requests each",
        sandbox.base_url(),
        WINDOW.as_secs()
    );
    let me = std::env::current_exe()?;
    let started = Instant::now();
    let children: Vec<_> = ["worker-a", "worker-b"]
        .iter()
        .map(|name| {
            std::process::Command::new(&me)
                .args(["worker", sandbox.base_url(), name, &prefix])
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
        })
        .collect::<Result<_, _>>()?;
    let reports = tokio::task::spawn_blocking(move || {
        children
            .into_iter()
            .map(|child| child.wait_with_output())
            .collect::<Vec<_>>()
    })
    .await?;
    let elapsed = started.elapsed().as_secs_f64();
    let sent = sandbox.request_log().len();
    let refused = sandbox.request_log().count_status(429);
    for report in reports {
        let report = report?;
        if !report.status.success() {
            return Err("a worker failed (is Redis running at REDIS_URL?)".into());
        }
        let line = String::from_utf8_lossy(&report.stdout);
        let (name, count) = line.trim().split_once(' ').ok_or("a worker said nothing")?;
        let count: usize = count.parse()?;
        println!(
            "  {name}: {count} requests, {:.0}% of all sent",
            100.0 * count as f64 / sent.max(1) as f64
        );
    }
    // What the budget allows over the run: every window it spanned, the last one included.
    let allowed = f64::from(BUDGET) * (elapsed / WINDOW.as_secs_f64()).ceil();
    println!(
        "The sandbox saw {sent} requests in {elapsed:.1} s ({:.0}% of the {allowed:.0} the budget allows in that time) and answered {refused} with 429",
        100.0 * sent as f64 / allowed
    );
    Ok(())
}

/// One worker: its own client, its own connection to Redis, the shared window.
async fn worker(base_url: &str, name: &str, prefix: &str) -> Result<(), Box<dyn Error>> {
    let pacer = RedisPacer::builder(redis_url().as_str())
        .prefix(prefix)
        .scope(Scope::discogs_token(&DISCOGS_TOKEN.into()))
        .policy(RateLimitPolicy::per_window(BUDGET, WINDOW))
        .expected_workers(2)
        .build()?;
    let discogs = DiscogsClient::builder()
        .base_url(base_url)
        .user_agent(USER_AGENT)
        .token(DISCOGS_TOKEN)
        .pacer(Arc::new(pacer))
        // The sandbox reports its short window in Discogs' headers, which speak of a minute.
        .learn_from_rate_limit_headers(false)
        .build()?;
    for n in 0..REQUESTS_PER_WORKER {
        discogs.fee(Decimal::new(1_000 + i64::from(n), 2)).await?;
    }
    // One line for the lead to read: who, and how many requests it sent.
    println!("{name} {REQUESTS_PER_WORKER}");
    Ok(())
}
