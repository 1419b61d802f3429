//! The acquire script's rule, driven directly against Redis with injected times: for random
//! arrivals (and random settles), no moving window of W ever admits more than L, and every
//! refusal names the exact wait until room.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use redis::Script;

/// One window of the test: limit, and how long a booking counts (µs).
#[derive(Debug, Clone, Copy)]
struct Window {
    limit: usize,
    span: u64,
}

#[derive(Debug, Clone)]
struct Case {
    windows: Vec<Window>,
    /// Gap before each arrival (µs), and, for some, how long after its grant it settles.
    arrivals: Vec<(u64, Option<u64>)>,
}

fn cases() -> impl Strategy<Value = Case> {
    (1usize..6, 1_000u64..50_000, proptest::bool::ANY).prop_flat_map(|(limit, span, two)| {
        let windows = if two {
            vec![
                Window { limit, span },
                Window {
                    limit: limit * 2 + 1,
                    span: span * 3,
                },
            ]
        } else {
            vec![Window { limit, span }]
        };
        let gap = span * 2 / limit as u64;
        let arrivals =
            proptest::collection::vec((0..=gap, proptest::option::of(0..span / 2)), 1..80);
        arrivals.prop_map(move |arrivals| Case {
            windows: windows.clone(),
            arrivals,
        })
    })
}

struct Scripts {
    acquire: Script,
    settle: Script,
    import: Script,
}

fn scripts() -> Scripts {
    Scripts {
        acquire: Script::new(include_str!("../src/lua/acquire.lua")),
        settle: Script::new(include_str!("../src/lua/settle.lua")),
        import: Script::new(include_str!("../src/lua/import.lua")),
    }
}

/// Runs one case against Redis and checks every answer against a model of the rule.
fn run(case: &Case, connection: &mut redis::Connection, prefix: &str, scripts: &Scripts) {
    let cooldown = format!("{prefix}:cooldown");
    let workers = format!("{prefix}:workers");
    let window_keys: Vec<String> = (0..case.windows.len())
        .map(|i| format!("{prefix}:window:{i}"))
        .collect();
    // Far from zero, and not a time this Redis has seen.
    let mut now: u64 = 1_000_000_000_000_000;

    let mut import = scripts.import.prepare_invoke();
    import.key(&workers);
    for key in &window_keys {
        import.key(key);
    }
    import.arg(now).arg("w");
    for window in &case.windows {
        import.arg(window.span);
    }
    let _: i64 = import.invoke(connection).unwrap();

    // The model: for each grant, its grant time and its score in each window.
    let mut grants: Vec<(u64, Vec<u64>)> = Vec::new();
    // Settles to come: (time, grant index).
    let mut settles: Vec<(u64, usize)> = Vec::new();
    for (n, &(gap, settle_after)) in case.arrivals.iter().enumerate() {
        now += gap;
        settles.sort_unstable();
        while settles.first().is_some_and(|&(at, _)| at <= now) {
            let (at, index) = settles.remove(0);
            let mut settle = scripts.settle.prepare_invoke();
            for key in &window_keys {
                settle.key(key);
            }
            settle.arg(at).arg(format!("b{index}"));
            for window in &case.windows {
                settle.arg(window.span);
            }
            let _: i64 = settle.invoke(connection).unwrap();
            // A settle moves a booking that still counts to its time, never back.
            for (score, window) in grants[index].1.iter_mut().zip(&case.windows) {
                if *score < at && *score + window.span > at {
                    *score = at;
                }
            }
        }

        // What the rule says: room unless some window already counts `limit` bookings.
        let mut expected_wait = 0u64;
        for (w, window) in case.windows.iter().enumerate() {
            let mut counting: Vec<u64> = grants
                .iter()
                .map(|(_, scores)| scores[w])
                .filter(|&score| score + window.span > now)
                .collect();
            counting.sort_unstable();
            if counting.len() >= window.limit {
                let oldest = counting[counting.len() - window.limit];
                expected_wait = expected_wait.max(oldest + window.span - now);
            }
        }

        let id = format!("b{}", grants.len());
        let mut acquire = scripts.acquire.prepare_invoke();
        acquire.key(&cooldown).key(&workers);
        for key in &window_keys {
            acquire.key(key);
        }
        acquire.arg(now).arg(&id).arg("w");
        for window in &case.windows {
            acquire.arg(window.limit).arg(window.span);
        }
        let (kind, wait, booked): (i64, u64, String) = acquire.invoke(connection).unwrap();
        if expected_wait == 0 {
            assert_eq!(
                (kind, booked.as_str()),
                (1, id.as_str()),
                "arrival {n} at {now}: room, yet refused"
            );
            grants.push((now, vec![now; case.windows.len()]));
            if let Some(after) = settle_after {
                settles.push((now + after, grants.len() - 1));
            }
        } else {
            assert_eq!(
                (kind, wait),
                (0, expected_wait),
                "arrival {n} at {now}: the script's wait is not the rule's"
            );
        }
    }
    assert!(!grants.is_empty(), "the first arrival always finds room");

    // Safety, as the vendor sees it: a request may reach the server anywhere between its
    // grant and its settle, so at no instant may more than `limit` of the intervals
    // [grant, score + span) overlap; in particular no window of W admits more than L.
    for (w, window) in case.windows.iter().enumerate() {
        let mut events: Vec<(u64, i64)> = Vec::new();
        for (granted, scores) in &grants {
            events.push((*granted, 1));
            events.push((scores[w] + window.span, -1));
        }
        // Ends before starts at the same instant: a booking no longer counts at its end.
        events.sort_unstable();
        let mut open = 0i64;
        for (at, delta) in events {
            open += delta;
            assert!(
                open <= window.limit as i64,
                "{open} requests counted at {at} in a window admitting {}",
                window.limit
            );
        }
        let times: Vec<u64> = grants.iter().map(|(granted, _)| *granted).collect();
        for (i, first) in times.iter().enumerate() {
            let within = times[i..]
                .iter()
                .take_while(|&&later| later < first + window.span)
                .count();
            assert!(within <= window.limit, "{within} grants within one window");
        }
    }
}

static CASE: AtomicU64 = AtomicU64::new(0);

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_moving_window_ever_admits_more_than_its_limit(case in cases()) {
        let url = common::redis_url();
        let prefix = format!(
            "{}:{}",
            common::unique_prefix("script-rule"),
            CASE.fetch_add(1, Ordering::Relaxed)
        );
        let client = redis::Client::open(url.as_str()).unwrap();
        let mut connection = client.get_connection().expect("Redis answers at REDIS_URL");
        let scripts = scripts();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(&case, &mut connection, &prefix, &scripts)
        }));
        common::clean(&url, &prefix);
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}

#[test]
fn a_cooldown_keeps_the_later_end_and_holds_every_acquire() {
    let url = common::redis_url();
    let prefix = common::unique_prefix("cooldown-script");
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut connection = client.get_connection().unwrap();
    let cooldown = Script::new(include_str!("../src/lua/cooldown.lua"));
    let acquire = Script::new(include_str!("../src/lua/acquire.lua"));
    let key = format!("{prefix}:cooldown");
    let workers = format!("{prefix}:workers");
    let now: u64 = 2_000_000_000_000_000;
    let left: i64 = cooldown
        .key(&key)
        .arg(now)
        .arg(3_000_000u64)
        .invoke(&mut connection)
        .unwrap();
    assert_eq!(left, 3_000_000);
    // A shorter pause asked for later keeps the longer one.
    let left: i64 = cooldown
        .key(&key)
        .arg(now + 1_000_000)
        .arg(500_000u64)
        .invoke(&mut connection)
        .unwrap();
    assert_eq!(left, 2_000_000);
    let _: i64 = redis::cmd("SADD")
        .arg(&workers)
        .arg("w")
        .query(&mut connection)
        .unwrap();
    let (kind, wait, _): (i64, u64, String) = acquire
        .key(&key)
        .key(&workers)
        .arg(now + 2_000_000)
        .arg("b0")
        .arg("w")
        .invoke(&mut connection)
        .unwrap();
    assert_eq!((kind, wait), (0, 1_000_000));
    // The key expires with the pause (PX), so nothing is left behind.
    let ttl: i64 = redis::cmd("PTTL").arg(&key).query(&mut connection).unwrap();
    assert!(ttl > 0 && ttl <= 3_000, "PTTL {ttl}");
    common::clean(&url, &prefix);
}
