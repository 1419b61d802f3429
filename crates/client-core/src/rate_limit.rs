//! Client-side pacing, so that a compliant server never has to answer 429.
//!
//! The limiter keeps, for each configured window (say 60 requests per 60 s), the instants at
//! which it let requests through. A request waits until every window has room, i.e. until
//! the oldest request of a full window is older than the window. This is the vendors'
//! "moving window" exactly, not an approximation of it.
//!
//! Servers that report what remains (`X-Discogs-Ratelimit-Remaining`, `X-RateLimit-Remaining`)
//! correct the limiter: when the server has counted more requests than we have (another
//! process shares the same account, say), the difference is booked until the server's window
//! resets; a new
//! limit is adopted; and a server that says nothing remains pauses everything until its reset
//! time, or for a whole window when it gives none. A 429 pauses all clones for the
//! `Retry-After` the server asked for.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderMap;

use crate::clock::Clock;

/// The longest the limiter stops every request after a 429, whatever the server asks.
pub const MAX_PAUSE: Duration = Duration::from_secs(3_600);

/// At most `limit` requests in any `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Requests allowed per period.
    pub limit: u32,
    /// The length of the moving window.
    pub period: Duration,
}

/// Names of the response headers through which a vendor reports its rate limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitHeaders {
    /// The header with the window's limit (e.g. `X-Discogs-Ratelimit`).
    pub limit: Option<&'static str>,
    /// The header with the requests left in the window.
    pub remaining: &'static str,
    /// The header with the requests used in the window, if the vendor sends it.
    pub used: Option<&'static str>,
    /// The header with the reset time: seconds from now, Unix seconds or an HTTP date.
    pub reset: Option<&'static str>,
    /// The window the headers speak of.
    pub period: Duration,
}

/// How fast a client may send.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimitPolicy {
    windows: Vec<Window>,
    headers: Option<RateLimitHeaders>,
}

impl RateLimitPolicy {
    /// No pacing at all (the server's 429s are still honoured).
    pub fn unlimited() -> Self {
        Self::default()
    }

    /// At most `limit` requests in any moving window of `period`.
    pub fn per_window(limit: u32, period: Duration) -> Self {
        Self::unlimited().and_window(limit, period)
    }

    /// Adds a further window (e.g. an hourly limit on top of a per-minute one).
    pub fn and_window(mut self, limit: u32, period: Duration) -> Self {
        self.windows.push(Window { limit, period });
        self
    }

    /// Learns from the vendor's rate-limit headers.
    pub fn learning_from(mut self, headers: RateLimitHeaders) -> Self {
        self.headers = Some(headers);
        self
    }

    /// The configured windows.
    pub fn windows(&self) -> &[Window] {
        &self.windows
    }
}

/// What the server last said about its rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimitStatus {
    /// The limit of the window.
    pub limit: Option<u32>,
    /// Requests used in the window.
    pub used: Option<u32>,
    /// Requests left in the window.
    pub remaining: Option<u32>,
}

/// The requests counted against one window, as the instants at which each stops counting,
/// kept in ascending order.
#[derive(Debug)]
struct WindowLog {
    window: Window,
    expiries: VecDeque<Instant>,
}

impl WindowLog {
    fn new(window: Window) -> Self {
        Self {
            window,
            expiries: VecDeque::new(),
        }
    }

    fn forget_expired(&mut self, now: Instant) {
        while self.expiries.front().is_some_and(|&expiry| expiry <= now) {
            self.expiries.pop_front();
        }
    }

    /// Counts a request until `expiry`, keeping the log in order.
    fn book(&mut self, expiry: Instant) {
        let position = self.expiries.partition_point(|&other| other <= expiry);
        self.expiries.insert(position, expiry);
    }

    /// How long until this window has room; zero when it has room now.
    fn wait(&self, now: Instant) -> Duration {
        let full = usize::try_from(self.window.limit).unwrap_or(usize::MAX);
        if self.expiries.len() < full {
            return Duration::ZERO;
        }
        // Room appears when all but `limit - 1` of the counted requests have expired.
        let index = self.expiries.len() - full;
        self.expiries
            .get(index)
            .map(|&expiry| expiry.saturating_duration_since(now))
            .unwrap_or(Duration::ZERO)
    }
}

#[derive(Debug)]
struct LimiterState {
    logs: Vec<WindowLog>,
    paused_until: Option<Instant>,
    status: RateLimitStatus,
}

/// The limiter a client and all its clones share.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    state: Arc<Mutex<LimiterState>>,
    headers: Option<RateLimitHeaders>,
    clock: Arc<dyn Clock>,
}

impl RateLimiter {
    /// A limiter following `policy`, reading time from `clock`.
    pub fn new(policy: &RateLimitPolicy, clock: Arc<dyn Clock>) -> Self {
        let logs = policy
            .windows
            .iter()
            .map(|&window| WindowLog::new(window))
            .collect();
        Self {
            state: Arc::new(Mutex::new(LimiterState {
                logs,
                paused_until: None,
                status: RateLimitStatus::default(),
            })),
            headers: policy.headers.clone(),
            clock,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        // Every update leaves the state consistent, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until a request may be sent, and books it.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut state = self.lock();
                let now = self.clock.now();
                let paused = state
                    .paused_until
                    .map(|until| until.saturating_duration_since(now))
                    .unwrap_or(Duration::ZERO);
                let mut wait = paused;
                for log in &mut state.logs {
                    log.forget_expired(now);
                    wait = wait.max(log.wait(now));
                }
                if wait.is_zero() {
                    state.paused_until = None;
                    for log in &mut state.logs {
                        let period = log.window.period;
                        log.book(now + period);
                    }
                    return;
                }
                wait
            };
            tracing::debug!(
                wait_ms = wait.as_millis() as u64,
                "rate limiter pacing request"
            );
            self.clock.sleep(wait).await;
        }
    }

    /// Stops every request for `duration` (after a 429).
    ///
    /// The pause is capped at [`MAX_PAUSE`]: a server asking for days is answered by callers
    /// failing their deadlines, not by a client frozen for days.
    pub fn pause_for(&self, duration: Duration) {
        let now = self.clock.now();
        let until = now.checked_add(duration.min(MAX_PAUSE)).unwrap_or(now);
        let mut state = self.lock();
        state.paused_until = Some(state.paused_until.map_or(until, |old| old.max(until)));
    }

    /// What the server last reported.
    pub fn status(&self) -> RateLimitStatus {
        self.lock().status
    }

    /// Learns from an answer's headers.
    pub fn observe(&self, headers: &HeaderMap) {
        let Some(names) = &self.headers else {
            return;
        };
        let number = |name: Option<&str>| {
            name.and_then(|name| headers.get(name))
                .and_then(|value| value.to_str().ok())
                .and_then(|text| text.trim().parse::<u32>().ok())
        };
        let limit = number(names.limit);
        let used = number(names.used);
        let remaining = number(Some(names.remaining));
        if limit.is_none() && used.is_none() && remaining.is_none() {
            return;
        }
        let now = self.clock.now();
        let reset_in = names
            .reset
            .and_then(|name| headers.get(name))
            .and_then(|value| value.to_str().ok())
            .and_then(|text| parse_reset(text, self.clock.wall_time()));

        let mut state = self.lock();
        state.status = RateLimitStatus {
            limit,
            used,
            remaining,
        };
        let log = match state
            .logs
            .iter()
            .position(|log| log.window.period == names.period)
        {
            Some(index) => state.logs.get_mut(index),
            None => match limit {
                Some(limit) => {
                    state.logs.push(WindowLog::new(Window {
                        limit,
                        period: names.period,
                    }));
                    state.logs.last_mut()
                }
                None => None,
            },
        };
        let Some(log) = log else {
            return;
        };
        if let Some(limit) = limit {
            log.window.limit = limit;
        }
        log.forget_expired(now);
        let server_used =
            used.or_else(|| remaining.map(|remaining| log.window.limit.saturating_sub(remaining)));
        if let Some(server_used) = server_used {
            let server_used = usize::try_from(server_used).unwrap_or(usize::MAX);
            let full = usize::try_from(log.window.limit).unwrap_or(usize::MAX);
            // Requests the server counted and we did not (another process on the same
            // account, say) stop counting when the server's window resets, or a whole window
            // from now when it does not say.
            let expiry = now + reset_in.unwrap_or(names.period).min(names.period);
            while log.expiries.len() < server_used.min(full) {
                log.book(expiry);
            }
        }
        if remaining == Some(0) {
            // The server's window cannot reset later than one window from now.
            let until = now + reset_in.unwrap_or(names.period).min(names.period);
            state.paused_until = Some(state.paused_until.map_or(until, |old| old.max(until)));
        }
    }
}

/// Reads a reset header: a small number is seconds from now, a large one a Unix time, and
/// anything else an HTTP date.
fn parse_reset(text: &str, now: SystemTime) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        // Unix times are past 10⁹; no vendor asks for a wait of 30 years.
        return if seconds > 1_000_000_000 {
            SystemTime::UNIX_EPOCH
                .checked_add(Duration::from_secs(seconds))?
                .duration_since(now)
                .ok()
        } else {
            Some(Duration::from_secs(seconds))
        };
    }
    httpdate::parse_http_date(text)
        .ok()
        .and_then(|at| at.duration_since(now).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use proptest::prelude::*;
    use reqwest::header::HeaderValue;

    fn limiter(policy: RateLimitPolicy) -> (RateLimiter, ManualClock) {
        let clock = ManualClock::new();
        (RateLimiter::new(&policy, Arc::new(clock.clone())), clock)
    }

    #[tokio::test]
    async fn a_full_window_waits_for_its_oldest_request() {
        let (limiter, clock) = limiter(RateLimitPolicy::per_window(2, Duration::from_secs(60)));
        limiter.acquire().await;
        clock.advance(Duration::from_secs(10));
        limiter.acquire().await;
        limiter.acquire().await;
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(50)]);
    }

    #[tokio::test]
    async fn server_count_is_booked_and_zero_remaining_pauses_until_reset() {
        let clock = ManualClock::new();
        let policy = RateLimitPolicy::per_window(60, Duration::from_secs(60)).learning_from(
            RateLimitHeaders {
                limit: Some("x-limit"),
                remaining: "x-remaining",
                used: None,
                reset: Some("x-reset"),
                period: Duration::from_secs(60),
            },
        );
        let limiter = RateLimiter::new(&policy, Arc::new(clock.clone()));
        let mut headers = HeaderMap::new();
        headers.insert("x-limit", HeaderValue::from_static("25"));
        headers.insert("x-remaining", HeaderValue::from_static("0"));
        headers.insert("x-reset", HeaderValue::from_static("7"));
        limiter.observe(&headers);
        assert_eq!(
            limiter.status(),
            RateLimitStatus {
                limit: Some(25),
                used: None,
                remaining: Some(0)
            }
        );
        limiter.acquire().await;
        // The 25 requests the server counted age out when its window resets, in 7 s.
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(7)]);
        assert_eq!(limiter.status().limit, Some(25));
    }

    #[tokio::test]
    async fn an_hourly_window_reported_empty_reopens_at_the_servers_reset() {
        let clock = ManualClock::new();
        let hour = Duration::from_secs(3_600);
        let policy = RateLimitPolicy::per_window(10_000, hour).learning_from(RateLimitHeaders {
            limit: Some("x-limit"),
            remaining: "x-remaining",
            used: None,
            reset: Some("x-reset"),
            period: hour,
        });
        let limiter = RateLimiter::new(&policy, Arc::new(clock.clone()));
        limiter.acquire().await;
        let mut headers = HeaderMap::new();
        headers.insert("x-limit", HeaderValue::from_static("10000"));
        headers.insert("x-remaining", HeaderValue::from_static("0"));
        headers.insert("x-reset", HeaderValue::from_static("30"));
        limiter.observe(&headers);
        limiter.acquire().await;
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
    }

    #[tokio::test]
    async fn a_pause_holds_every_clone() {
        let (limiter, clock) = limiter(RateLimitPolicy::unlimited());
        let clone = limiter.clone();
        limiter.pause_for(Duration::from_secs(3));
        clone.acquire().await;
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);
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

    proptest! {
        #[test]
        fn any_reset_header_is_read_without_panicking(text in "\\PC{0,40}", seconds in any::<u64>()) {
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
            let _ = parse_reset(&text, now);
            let _ = parse_reset(&seconds.to_string(), now);
        }

        #[test]
        fn any_pause_or_reset_is_bounded(seconds in any::<u64>(), remaining in 0u32..3) {
            let (limiter, clock) = limiter(
                RateLimitPolicy::per_window(5, Duration::from_secs(60)).learning_from(RateLimitHeaders {
                    limit: None,
                    remaining: "x-remaining",
                    used: None,
                    reset: Some("x-reset"),
                    period: Duration::from_secs(60),
                }),
            );
            limiter.pause_for(Duration::from_secs(seconds));
            let mut headers = HeaderMap::new();
            headers.insert("x-remaining", HeaderValue::from(remaining));
            headers.insert("x-reset", HeaderValue::from(seconds));
            limiter.observe(&headers);
            futures::executor::block_on(limiter.acquire());
            prop_assert!(clock.elapsed() <= MAX_PAUSE.max(Duration::from_secs(60)));
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
                    limiter.acquire().await;
                    granted.push(clock.elapsed());
                }
            });
            for (i, start) in granted.iter().enumerate() {
                let in_window = granted[i..].iter().take_while(|t| **t < *start + period).count();
                prop_assert!(in_window <= limit as usize, "{in_window} > {limit}");
            }
        }
    }
}
