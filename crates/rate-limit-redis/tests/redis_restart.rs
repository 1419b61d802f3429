//! Redis goes away and comes back: a private `redis-server` on a free port is killed (SIGKILL)
//! while an engine sends through the pacer, then restarted, empty, on the same port. No call
//! panics or outlives its deadline; while Redis is away the configured fallback applies (a
//! share of the limit paced locally, or a typed refusal), with one warning per outage; and
//! once Redis answers, pacing goes through it again, starting with this worker's recent
//! bookings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use client_core::rate_limit::RateLimitPolicy;
use client_core::{ConfigureEngine, EngineBuilder, Error, HttpEngine, Request, RetryPolicy, Route};
use common::{PrivateRedis, StrictServer};
use rate_limit_redis::{Fallback, RedisPacer, Scope};

const LIMIT: u32 = 20;
const WINDOW: Duration = Duration::from_secs(2);
const WORKERS: u32 = 4;
const DEADLINE: Duration = Duration::from_millis(1_500);
/// What a call may take beyond its deadline (scheduling on a loaded machine).
const SLACK: Duration = Duration::from_millis(250);

/// Everything the pacers log, for counting warnings.
fn logs() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&logs);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || Sink(Arc::clone(&sink)))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    })
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lines_with(scope: &str, text: &str) -> usize {
    let logs = String::from_utf8_lossy(&logs().lock().unwrap()).into_owned();
    logs.lines()
        .filter(|line| line.contains(scope) && line.contains(text))
        .count()
}

/// How the calls of one phase ended.
#[derive(Debug, Default)]
struct Phase {
    ok: usize,
    deadline: usize,
    unavailable: usize,
    other: Vec<String>,
    longest: Duration,
}

/// Sends one call after another (20 ms apart) for `length`, or until `stop` holds.
async fn phase(engine: &HttpEngine, length: Duration, stop: impl Fn() -> bool) -> Phase {
    let route = Route::new("/ping").finish().unwrap();
    let started = Instant::now();
    let mut phase = Phase::default();
    while started.elapsed() < length && !stop() {
        let call = Instant::now();
        match engine.execute(Request::get(route.clone())).await {
            Ok(_) => phase.ok += 1,
            Err(Error::Deadline { .. }) => phase.deadline += 1,
            Err(Error::Pacing { .. }) => phase.unavailable += 1,
            Err(other) => phase.other.push(other.to_string()),
        }
        phase.longest = phase.longest.max(call.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    phase
}

fn zcard(url: &str, key: &str) -> Result<usize, redis::RedisError> {
    let client = redis::Client::open(url)?;
    let mut connection = client.get_connection()?;
    redis::cmd("ZCARD").arg(key).query(&mut connection)
}

fn members(url: &str, key: &str) -> Vec<String> {
    let client = redis::Client::open(url).unwrap();
    let mut connection = client.get_connection().unwrap();
    redis::cmd("ZRANGE")
        .arg(key)
        .arg(0)
        .arg(-1)
        .query(&mut connection)
        .unwrap()
}

async fn goes_away_and_comes_back(fallback: Fallback, scope: &str) {
    let _ = logs();
    let mut redis = PrivateRedis::start(common::free_port());
    let server = StrictServer::start(LIMIT as usize, WINDOW, None).await;
    let pacer = RedisPacer::builder(redis.url())
        .prefix("restart")
        .scope(Scope::named(scope))
        .policy(RateLimitPolicy::per_window(LIMIT, WINDOW))
        .fallback(fallback)
        .redis_timeout(Duration::from_millis(200))
        .retry_interval(Duration::from_millis(200))
        .build()
        .unwrap();
    let window = pacer.keys().window(WINDOW).unwrap().to_owned();
    let engine = EngineBuilder::new(server.server.uri())
        .pacer(Arc::new(pacer.clone()))
        .retry_policy(RetryPolicy::never().with_deadline(DEADLINE))
        .build()
        .unwrap();

    // Through Redis.
    let route = Route::new("/ping").finish().unwrap();
    for _ in 0..10 {
        engine.execute(Request::get(route.clone())).await.unwrap();
    }
    assert_eq!(zcard(&redis.url(), &window).unwrap(), 10);
    // Let those bookings age out, so the fallback's share starts empty.
    tokio::time::sleep(WINDOW + Duration::from_millis(100)).await;

    redis.kill();
    let sent_before = server.arrivals().len();
    // Short enough that no call of this phase reaches the end of the first fallback
    // booking's window (0.5 s + the 1.5 s deadline < 2.05 s): the share is all it gets.
    let away = phase(&engine, Duration::from_millis(500), || false).await;
    let sent_while_away = server.arrivals().len() - sent_before;
    assert!(pacer.redis_unreachable());

    redis.restart();
    assert_eq!(
        zcard(&redis.url(), &window).unwrap(),
        0,
        "a new, empty Redis"
    );
    // Past the retry interval, so the next call tries Redis before anything else.
    tokio::time::sleep(Duration::from_millis(250)).await;
    let url = redis.url();
    let back = phase(&engine, Duration::from_secs(5), || {
        zcard(&url, &window).is_ok_and(|booked| booked > 0)
    })
    .await;
    let booked = members(&url, &window);
    println!(
        "{fallback:?}: while away {away:?} ({sent_while_away} reached the server); \
         back after {} calls, restarted Redis holds {booked:?}",
        back.ok + back.deadline + back.unavailable
    );

    for phase in [&away, &back] {
        assert!(phase.other.is_empty(), "{:?}", phase.other);
        assert!(
            phase.longest <= DEADLINE + SLACK,
            "a call took {:?}",
            phase.longest
        );
    }
    match fallback {
        Fallback::LocalShare { workers } => {
            let share = (LIMIT / workers) as usize;
            assert_eq!(away.ok, share, "the local share, no more: {away:?}");
            assert_eq!(sent_while_away, share);
            assert_eq!(away.unavailable, 0);
            // The fallback's bookings were handed to the new Redis before the next one
            // was made there, so the shared budget counts what the vendor counts.
            let imported = booked.iter().filter(|id| id.contains(":local:")).count();
            assert_eq!(imported, share, "{booked:?}");
        }
        Fallback::Fail => {
            assert_eq!(away.ok, 0);
            assert_eq!(sent_while_away, 0, "nothing sent unpaced");
            assert!(away.unavailable > 0);
            assert!(
                away.longest < Duration::from_millis(200) + SLACK,
                "refusals come fast: {:?}",
                away.longest
            );
        }
        _ => unreachable!(),
    }
    assert!(back.ok > 0, "pacing resumed: {back:?}");
    assert!(!pacer.redis_unreachable());
    assert!(
        booked.iter().any(|id| !id.contains(":local:")),
        "a booking through the restarted Redis: {booked:?}"
    );
    assert_eq!(
        lines_with(scope, "Redis is unreachable"),
        1,
        "one warning per outage"
    );
    assert_eq!(lines_with(scope, "Redis answers again"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_local_share_the_worker_keeps_its_share_while_redis_is_away() {
    goes_away_and_comes_back(Fallback::LocalShare { workers: WORKERS }, "restart-share").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_fail_every_call_is_refused_while_redis_is_away() {
    goes_away_and_comes_back(Fallback::Fail, "restart-fail").await;
}
