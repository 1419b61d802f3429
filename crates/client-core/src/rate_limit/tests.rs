use super::*;
use crate::clock::ManualClock;
use proptest::prelude::*;
use reqwest::header::HeaderValue;

const HOUR: Duration = Duration::from_secs(3_600);
const MINUTE: Duration = Duration::from_secs(60);

fn limiter(policy: RateLimitPolicy) -> (MovingWindowLimiter, ManualClock) {
    let clock = ManualClock::new();
    (
        MovingWindowLimiter::new(&policy, Arc::new(clock.clone())),
        clock,
    )
}

fn acquire(limiter: &MovingWindowLimiter) -> Result<Permit, PacingError> {
    futures::executor::block_on(limiter.acquire(HOUR))
}

fn report(
    limit: Option<u32>,
    remaining: u32,
    reset: Option<u64>,
    window: Duration,
) -> BudgetReport {
    BudgetReport {
        limit,
        used: None,
        remaining: Some(remaining),
        reset: reset.map(Duration::from_secs),
        window,
    }
}

#[test]
fn a_full_window_waits_for_its_oldest_request_and_the_margin() {
    let (limiter, clock) = limiter(RateLimitPolicy::per_window(2, MINUTE));
    acquire(&limiter).unwrap();
    clock.advance(Duration::from_secs(10));
    acquire(&limiter).unwrap();
    acquire(&limiter).unwrap();
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(50) + send_margin(MINUTE)]
    );
    assert_eq!(send_margin(MINUTE), Duration::from_millis(1_500));
    assert_eq!(
        send_margin(Duration::from_secs(2)),
        Duration::from_millis(50)
    );
}

#[test]
fn a_slot_past_the_deadline_is_refused_at_once_and_books_nothing() {
    let (limiter, clock) = limiter(RateLimitPolicy::per_window(1, MINUTE));
    acquire(&limiter).unwrap();
    let refused = futures::executor::block_on(limiter.acquire(Duration::from_secs(30)));
    assert_eq!(
        refused,
        Err(PacingError::PastDeadline {
            wait: MINUTE + send_margin(MINUTE)
        })
    );
    assert!(clock.sleeps().is_empty(), "a refusal does not wait");
    // The refused call took no slot: the next one gets the very slot it would have had.
    acquire(&limiter).unwrap();
    assert_eq!(clock.sleeps(), vec![MINUTE + send_margin(MINUTE)]);
}

#[test]
fn a_pause_holds_every_clone_and_an_endless_one_fails_calls_at_once() {
    let (limiter, clock) = limiter(RateLimitPolicy::unlimited());
    let clone = limiter.clone();
    limiter.penalize(Duration::from_secs(3));
    acquire(&clone).unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);
    limiter.penalize(Duration::from_secs(999_999));
    let refused = futures::executor::block_on(clone.acquire(Duration::from_secs(120)));
    assert_eq!(refused, Err(PacingError::PastDeadline { wait: MAX_PAUSE }));
    assert_eq!(clock.sleeps().len(), 1, "no second wait");
}

#[test]
fn server_count_is_booked_and_zero_remaining_pauses_until_reset() {
    let (limiter, clock) = limiter(RateLimitPolicy::per_window(60, MINUTE));
    limiter.observe(&report(Some(25), 0, Some(7), MINUTE));
    assert_eq!(
        limiter.status(),
        RateLimitStatus {
            limit: Some(25),
            used: None,
            remaining: Some(0)
        }
    );
    acquire(&limiter).unwrap();
    // The 25 requests the server counted age out when its window resets, in 7 s.
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7)]);
}

#[test]
fn an_hourly_window_reported_empty_reopens_at_the_servers_reset() {
    let (limiter, clock) = limiter(RateLimitPolicy::per_window(10_000, HOUR));
    acquire(&limiter).unwrap();
    limiter.observe(&report(Some(10_000), 0, Some(30), HOUR));
    acquire(&limiter).unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
}

#[test]
fn a_settled_booking_counts_a_window_from_its_answer() {
    let (limiter, clock) = limiter(RateLimitPolicy::per_window(1, Duration::from_secs(2)));
    let permit = acquire(&limiter).unwrap();
    // The answer took a whole second: the server may have counted the request that late.
    clock.advance(Duration::from_secs(1));
    limiter.settle(permit);
    acquire(&limiter).unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
}

#[test]
fn headers_are_read_into_a_neutral_report() {
    let names = RateLimitHeaders {
        limit: Some("x-limit"),
        remaining: "x-remaining",
        used: Some("x-used"),
        reset: Some("x-reset"),
        period: MINUTE,
    };
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let mut headers = HeaderMap::new();
    assert_eq!(names.read(&headers, now), None);
    headers.insert("x-limit", HeaderValue::from_static("60"));
    headers.insert("x-used", HeaderValue::from_static("12"));
    headers.insert("x-remaining", HeaderValue::from_static(" 48 "));
    headers.insert("x-reset", HeaderValue::from_static("1700000045"));
    assert_eq!(
        names.read(&headers, now),
        Some(BudgetReport {
            limit: Some(60),
            used: Some(12),
            remaining: Some(48),
            reset: Some(Duration::from_secs(45)),
            window: MINUTE,
        })
    );
}

#[test]
fn reset_headers_in_every_form() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    assert_eq!(parse_reset("30", now), Some(Duration::from_secs(30)));
    assert_eq!(
        parse_reset("1700000045", now),
        Some(Duration::from_secs(45))
    );
    let date = httpdate::fmt_http_date(now + Duration::from_secs(90));
    assert_eq!(parse_reset(&date, now), Some(Duration::from_secs(90)));
    assert_eq!(parse_reset("soon", now), None);
}

/// A clock on tokio's time, so that many concurrent waiters sleep side by side (the manual
/// clock advances on every sleep, which suits one caller at a time only).
#[derive(Debug)]
struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn wall_time(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> futures::future::BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[tokio::test(start_paused = true)]
async fn under_a_thousand_concurrent_calls_the_ones_that_cannot_be_served_fail_fast() {
    let limiter = MovingWindowLimiter::new(
        &RateLimitPolicy::per_window(60, MINUTE),
        Arc::new(TokioClock),
    );
    let start = tokio::time::Instant::now();
    let calls = (0..1_000).map(|_| {
        let limiter = limiter.clone();
        tokio::spawn(async move {
            let result = limiter.acquire(Duration::from_secs(120)).await;
            (result.is_ok(), start.elapsed())
        })
    });
    let mut served = Vec::new();
    let mut refused = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        let (ok, at) = call.await.unwrap();
        if ok {
            served.push(at)
        } else {
            refused.push(at)
        }
    }
    // Slots at 0 s and 61.5 s (a minute plus the send margin) fit in 120 s; 123 s does not.
    assert_eq!(served.len(), 120);
    assert_eq!(refused.len(), 880);
    assert!(
        refused.iter().all(|at| at.is_zero()),
        "refusals come at once"
    );
    assert_eq!(served.iter().filter(|at| at.is_zero()).count(), 60);
    assert!(
        served
            .iter()
            .all(|at| at.is_zero() || *at == Duration::from_millis(61_500))
    );
}

proptest! {
    #[test]
    fn any_reset_header_is_read_without_panicking(text in "\\PC{0,40}", seconds in any::<u64>()) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let _ = parse_reset(&text, now);
        let _ = parse_reset(&seconds.to_string(), now);
    }

    #[test]
    fn any_pause_or_reset_is_bounded(seconds in any::<u64>(), remaining in 0u32..3) {
        let (limiter, clock) = limiter(RateLimitPolicy::per_window(5, MINUTE));
        limiter.penalize(Duration::from_secs(seconds));
        limiter.observe(&report(None, remaining, Some(seconds), MINUTE));
        let _ = futures::executor::block_on(limiter.acquire(Duration::from_secs(u64::MAX)));
        prop_assert!(clock.elapsed() <= MAX_PAUSE.max(MINUTE * 2));
    }

    #[test]
    fn no_window_ever_holds_more_than_its_limit(
        limit in 1u32..8,
        period_ms in 100u64..2_000,
        gaps in proptest::collection::vec(0u64..600, 1..80),
    ) {
        let period = Duration::from_millis(period_ms);
        let (limiter, clock) = limiter(RateLimitPolicy::per_window(limit, period));
        let mut granted = Vec::new();
        futures::executor::block_on(async {
            for gap in &gaps {
                clock.advance(Duration::from_millis(*gap));
                limiter.acquire(HOUR).await.unwrap();
                granted.push(clock.elapsed());
            }
        });
        for (i, start) in granted.iter().enumerate() {
            let in_window = granted[i..].iter().take_while(|t| **t < *start + period).count();
            prop_assert!(in_window <= limit as usize, "{in_window} > {limit}");
        }
    }
}
