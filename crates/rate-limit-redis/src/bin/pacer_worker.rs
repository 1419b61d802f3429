//! A test helper, not a tool: one worker process of the multi-process tests. It builds a
//! client-core engine (paced through Redis, by its own in-process limiter, or not at all),
//! sends `--requests` GETs to `--url` as fast as its pacer lets it, one after another, and
//! prints one line of results:
//!
//! ```text
//! result tag=w0 ok=50 refused=0 deadline=0 unavailable=0 other=0 max_call_ms=812 elapsed_ms=9000 cpu_ns=123456789
//! ```
//!
//! Built only with the `test-worker` feature, which the crate's own tests switch on.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use client_core::rate_limit::RateLimitPolicy;
use client_core::{ConfigureEngine, EngineBuilder, Error, Request, RetryPolicy, Route, StatusCode};
use rate_limit_redis::{Fallback, RedisPacer, Scope};

type Failure = Box<dyn std::error::Error + Send + Sync>;

struct Args(HashMap<String, String>);

impl Args {
    fn parse() -> Result<Self, Failure> {
        let mut map = HashMap::new();
        let mut args = std::env::args().skip(1);
        while let Some(name) = args.next() {
            let name = name
                .strip_prefix("--")
                .ok_or_else(|| format!("expected --name, got `{name}`"))?
                .to_owned();
            let value = args
                .next()
                .ok_or_else(|| format!("--{name} needs a value"))?;
            map.insert(name, value);
        }
        Ok(Self(map))
    }

    fn text(&self, name: &str, default: &str) -> String {
        self.0
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    }

    fn number(&self, name: &str, default: u64) -> Result<u64, Failure> {
        match self.0.get(name) {
            Some(value) => Ok(value.parse().map_err(|_| format!("--{name}: `{value}`"))?),
            None => Ok(default),
        }
    }
}

/// CPU time of every thread of this process so far (the Tokio workers live to the end), in
/// nanoseconds, from `/proc/self/task/*/schedstat`; 0 where that is not readable.
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|text| text.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Failure> {
    let args = Args::parse()?;
    let url = args.text("url", "http://127.0.0.1:1");
    let requests = args.number("requests", 50)?;
    let limit = u32::try_from(args.number("limit", 20)?)?;
    let window = Duration::from_millis(args.number("window-ms", 2_000)?);
    let tag = args.text("tag", "worker");
    let policy = RateLimitPolicy::per_window(limit, window);

    let mut builder = EngineBuilder::new(url)
        .user_agent(format!("pacer-worker/{tag}"))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(u32::try_from(args.number("attempts", 1)?)?)
                .with_deadline(Duration::from_millis(args.number("deadline-ms", 60_000)?)),
        );
    builder = match args.text("pacer", "redis").as_str() {
        "redis" => {
            let fallback = match args.text("fallback", "share").as_str() {
                "fail" => Fallback::Fail,
                _ => Fallback::LocalShare {
                    workers: u32::try_from(args.number("workers", 4)?)?,
                },
            };
            let pacer = RedisPacer::builder(args.text("redis", "redis://127.0.0.1:6379"))
                .prefix(args.text("prefix", "pacer-worker"))
                .scope(Scope::named(&args.text("scope", "test")))
                .policy(policy)
                .fallback(fallback)
                .build()?;
            builder.pacer(Arc::new(pacer))
        }
        "local" => builder.rate_limit(policy),
        _ => builder.rate_limit(RateLimitPolicy::unlimited()),
    };
    let engine = builder.build()?;
    let route = Route::new("/ping").finish()?;

    if let Some(start_at) = args.0.get("start-at-ms") {
        let start_at = UNIX_EPOCH + Duration::from_millis(start_at.parse()?);
        if let Ok(wait) = start_at.duration_since(SystemTime::now()) {
            tokio::time::sleep(wait).await;
        }
    }

    let cpu_before = cpu_ns();
    let started = Instant::now();
    let (mut ok, mut refused, mut deadline, mut unavailable, mut other) = (0, 0, 0, 0, 0);
    let mut max_call = Duration::ZERO;
    for _ in 0..requests {
        let call = Instant::now();
        match engine.execute(Request::get(route.clone())).await {
            Ok(_) => ok += 1,
            Err(Error::Api(api)) if api.status == StatusCode::TOO_MANY_REQUESTS => refused += 1,
            Err(Error::Deadline { .. }) => deadline += 1,
            Err(Error::Pacing { .. }) => unavailable += 1,
            Err(_) => other += 1,
        }
        max_call = max_call.max(call.elapsed());
    }
    let elapsed = started.elapsed();
    let cpu = cpu_ns().saturating_sub(cpu_before);
    writeln!(
        std::io::stdout(),
        "result tag={tag} ok={ok} refused={refused} deadline={deadline} unavailable={unavailable} \
         other={other} max_call_ms={} elapsed_ms={} cpu_ns={cpu}",
        max_call.as_millis(),
        elapsed.as_millis()
    )?;
    Ok(())
}
