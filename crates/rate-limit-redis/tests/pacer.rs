//! The pacer against a real Redis, several pacers in one process standing for several
//! workers: one budget, refusals that book nothing, shared cooldowns, settles, the keys, and
//! the fallback when Redis is not there at all.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::{Duration, Instant};

use client_core::rate_limit::RateLimitPolicy;
use client_core::{BudgetReport, Pacer, PacingError, Secret};
use rate_limit_redis::{BuildError, Fallback, RedisPacer, Scope};

fn pacer(url: &str, prefix: &str, policy: RateLimitPolicy) -> RedisPacer {
    RedisPacer::builder(url)
        .prefix(prefix)
        .scope(Scope::named("pacer-test"))
        .policy(policy)
        .expected_workers(2)
        .build()
        .unwrap()
}

fn query<T: redis::FromRedisValue>(url: &str, command: &mut redis::Cmd) -> T {
    let client = redis::Client::open(url).unwrap();
    let mut connection = client.get_connection().unwrap();
    command.query(&mut connection).unwrap()
}

/// Polls until `check` holds (the pacer tells Redis of cooldowns and settles in the
/// background), for at most a second.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < Duration::from_secs(1), "never: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn two_workers_share_one_window_and_a_refusal_books_nothing() {
    let url = common::redis_url();
    let prefix = common::unique_prefix("share");
    let policy = RateLimitPolicy::per_window(5, Duration::from_secs(10));
    let one = pacer(&url, &prefix, policy.clone());
    let two = pacer(&url, &prefix, policy);
    for _ in 0..3 {
        one.acquire(Duration::from_secs(1)).await.unwrap();
    }
    for _ in 0..2 {
        two.acquire(Duration::from_secs(1)).await.unwrap();
    }
    let started = Instant::now();
    let refused = two.acquire(Duration::from_secs(1)).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "refused at once"
    );
    match refused {
        PacingError::PastDeadline { wait } => {
            assert!(wait > Duration::from_secs(9), "{wait:?}");
            assert!(wait <= Duration::from_secs(10) + Duration::from_millis(250));
        }
        other => panic!("{other:?}"),
    }
    let window = one
        .keys()
        .window(Duration::from_secs(10))
        .unwrap()
        .to_owned();
    let booked: i64 = query(&url, redis::cmd("ZCARD").arg(&window));
    assert_eq!(booked, 5, "the refused acquire booked nothing");
    // Every key expires a little after its window once nobody books.
    let ttl: i64 = query(&url, redis::cmd("PTTL").arg(&window));
    assert!(ttl > 9_000 && ttl <= 11_250, "PTTL {ttl}");
    assert!(
        window.starts_with(&format!("{prefix}:{{custom:pacer-test}}:window:10000ms")),
        "{window}"
    );
    common::clean(&url, &prefix);
}

#[tokio::test]
async fn a_penalty_seen_by_one_worker_holds_the_other() {
    let url = common::redis_url();
    let prefix = common::unique_prefix("penalty");
    let policy = RateLimitPolicy::per_window(1_000, Duration::from_secs(1));
    let one = pacer(&url, &prefix, policy.clone());
    let two = pacer(&url, &prefix, policy);
    one.acquire(Duration::from_secs(1)).await.unwrap();
    two.acquire(Duration::from_secs(1)).await.unwrap();
    one.penalize(Duration::from_millis(600));
    let cooldown = one.keys().cooldown().to_owned();
    eventually("the cooldown reaches Redis", || {
        query::<i64>(&url, redis::cmd("EXISTS").arg(&cooldown)) == 1
    })
    .await;
    // Too short a deadline: refused at once, nothing booked.
    match two.acquire(Duration::from_millis(100)).await {
        Err(PacingError::PastDeadline { wait }) => {
            assert!(wait > Duration::from_millis(300), "{wait:?}");
        }
        other => panic!("{other:?}"),
    }
    let started = Instant::now();
    two.acquire(Duration::from_secs(2)).await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(350) && waited < Duration::from_millis(900),
        "waited {waited:?}"
    );
    common::clean(&url, &prefix);
}

#[tokio::test]
async fn a_report_of_nothing_left_pauses_everyone_until_its_reset() {
    let url = common::redis_url();
    let prefix = common::unique_prefix("report");
    let policy = RateLimitPolicy::per_window(60, Duration::from_secs(60));
    let one = pacer(&url, &prefix, policy.clone());
    let two = pacer(&url, &prefix, policy);
    one.acquire(Duration::from_secs(1)).await.unwrap();
    one.observe(&BudgetReport {
        limit: Some(60),
        used: Some(60),
        remaining: Some(0),
        reset: Some(Duration::from_secs(2)),
        window: Duration::from_secs(60),
    });
    assert_eq!(one.status().remaining, Some(0));
    assert_eq!(
        two.status().remaining,
        None,
        "status is what this worker saw"
    );
    let cooldown = one.keys().cooldown().to_owned();
    eventually("the cooldown reaches Redis", || {
        query::<i64>(&url, redis::cmd("EXISTS").arg(&cooldown)) == 1
    })
    .await;
    let ttl: i64 = query(&url, redis::cmd("PTTL").arg(&cooldown));
    assert!(ttl > 1_500 && ttl <= 2_000, "PTTL {ttl}");
    match two.acquire(Duration::from_secs(1)).await {
        Err(PacingError::PastDeadline { wait }) => {
            assert!(wait > Duration::from_millis(1_500), "{wait:?}");
        }
        other => panic!("{other:?}"),
    }
    // A reset further away than the window is capped at the window.
    two.observe(&BudgetReport {
        limit: None,
        used: None,
        remaining: Some(0),
        reset: Some(Duration::from_secs(86_400)),
        window: Duration::from_secs(60),
    });
    eventually("the longer cooldown reaches Redis", || {
        query::<i64>(&url, redis::cmd("PTTL").arg(&cooldown)) > 2_000
    })
    .await;
    let ttl: i64 = query(&url, redis::cmd("PTTL").arg(&cooldown));
    assert!(ttl <= 60_000, "PTTL {ttl}");
    common::clean(&url, &prefix);
}

#[tokio::test]
async fn a_settle_moves_the_booking_to_the_servers_now() {
    let url = common::redis_url();
    let prefix = common::unique_prefix("settle");
    let one = pacer(
        &url,
        &prefix,
        RateLimitPolicy::per_window(10, Duration::from_secs(5))
            .and_window(100, Duration::from_secs(60)),
    );
    let permit = one.acquire(Duration::from_secs(1)).await.unwrap();
    let windows: Vec<String> = one.keys().windows().map(str::to_owned).collect();
    assert_eq!(windows.len(), 2);
    let member = format!("{}:0", one.worker_id());
    let score = |key: &str| -> f64 {
        query::<Option<f64>>(&url, redis::cmd("ZSCORE").arg(key).arg(&member))
            .expect("the booking is there")
    };
    let booked: Vec<f64> = windows.iter().map(|key| score(key)).collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    one.settle(permit);
    eventually("the settle reaches Redis", || {
        windows
            .iter()
            .zip(&booked)
            .all(|(key, before)| score(key) >= before + 40_000.0)
    })
    .await;
    common::clean(&url, &prefix);
}

#[tokio::test]
async fn scopes_keep_budgets_apart() {
    let url = common::redis_url();
    let prefix = common::unique_prefix("scopes");
    let policy = RateLimitPolicy::per_window(1, Duration::from_secs(10));
    let build = |scope: Scope| {
        RedisPacer::builder(url.as_str())
            .prefix(&prefix)
            .scope(scope)
            .policy(policy.clone())
            .expected_workers(1)
            .build()
            .unwrap()
    };
    let token = Secret::new("a-discogs-token");
    let discogs = build(Scope::discogs_token(&token));
    let seller = build(Scope::newegg("A006", "inventory"));
    let other_function = build(Scope::newegg("A006", "price"));
    for pacer in [&discogs, &seller, &other_function] {
        pacer.acquire(Duration::from_secs(1)).await.unwrap();
    }
    let same_token = build(Scope::discogs_token(&Secret::new("a-discogs-token")));
    assert!(same_token.acquire(Duration::from_secs(1)).await.is_err());
    let keys = common::keys_under(&url, &prefix);
    assert!(
        keys.iter().all(|key| !key.contains("a-discogs-token")),
        "{keys:?}"
    );
    assert!(
        keys.contains(&format!(
            "{prefix}:{{newegg:seller:A006:function:inventory}}:window:10000ms"
        )),
        "{keys:?}"
    );
    common::clean(&url, &prefix);
}

#[tokio::test]
async fn without_redis_the_fallback_decides_and_no_call_waits_for_it() {
    // Nothing listens on this port.
    let url = format!("redis://127.0.0.1:{}", common::free_port());
    let policy = RateLimitPolicy::per_window(8, Duration::from_secs(60));
    let failing = RedisPacer::builder(url.as_str())
        .scope(Scope::named("nowhere"))
        .policy(policy.clone())
        .fallback(Fallback::Fail)
        .build()
        .unwrap();
    let started = Instant::now();
    match failing.acquire(Duration::from_secs(5)).await {
        Err(PacingError::Unavailable { reason }) => assert!(!reason.is_empty()),
        other => panic!("{other:?}"),
    }
    assert!(failing.redis_unreachable());
    assert!(started.elapsed() < Duration::from_millis(300));

    let sharing = RedisPacer::builder(url.as_str())
        .scope(Scope::named("nowhere"))
        .policy(policy)
        .expected_workers(4)
        .build()
        .unwrap();
    assert_eq!(sharing.fallback(), Fallback::LocalShare { workers: 4 });
    // 8 a minute shared by 4: this worker gets 2.
    for _ in 0..2 {
        sharing.acquire(Duration::from_secs(1)).await.unwrap();
    }
    match sharing.acquire(Duration::from_secs(1)).await {
        Err(PacingError::PastDeadline { wait }) => assert!(wait > Duration::from_secs(50)),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn settings_without_a_safe_default_must_be_given() {
    let policy = RateLimitPolicy::per_window(60, Duration::from_secs(60));
    let missing = |builder: rate_limit_redis::RedisPacerBuilder| match builder.build() {
        Err(BuildError::Missing { setting, .. }) => setting,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        missing(RedisPacer::builder("redis://127.0.0.1").policy(policy.clone())),
        "scope"
    );
    assert_eq!(
        missing(RedisPacer::builder("redis://127.0.0.1").scope(Scope::named("x"))),
        "policy"
    );
    assert_eq!(
        missing(
            RedisPacer::builder("redis://127.0.0.1")
                .scope(Scope::named("x"))
                .policy(policy.clone())
        ),
        "expected_workers"
    );
    assert!(matches!(
        RedisPacer::builder("redis://127.0.0.1")
            .prefix("a{b}")
            .scope(Scope::named("x"))
            .policy(policy.clone())
            .expected_workers(2)
            .build(),
        Err(BuildError::Invalid {
            setting: "prefix",
            ..
        })
    ));
    assert!(matches!(
        RedisPacer::builder("not a url").build(),
        Err(BuildError::Address(_))
    ));
    let pacer = RedisPacer::builder("redis://:hunter2@127.0.0.1")
        .scope(Scope::named("x"))
        .policy(policy)
        .expected_workers(2)
        .build()
        .unwrap();
    assert!(!format!("{pacer:?}").contains("hunter2"));
}
