//! When a failed request is tried again, and how long the engine waits first.
//!
//! The rules, in order:
//! 1. A connection that could not be made never reached the server, so any request may be
//!    sent again.
//! 2. Otherwise only a request marked [`Idempotency::Idempotent`] is repeated, and only after
//!    a transient failure: a status in [`RetryPolicy::retryable_statuses`] (429, 500, 502,
//!    503, 504 unless a vendor's documented meaning says otherwise), a timeout or a broken
//!    answer. A request that creates something is never sent twice once the server may have
//!    seen it.
//! 3. The wait before attempt `n + 1` is drawn uniformly from `0..=min(max_backoff,
//!    initial_backoff × 2ⁿ⁻¹)` ("full jitter"); a larger `Retry-After` from the server wins.
//! 4. Attempts stop at [`RetryPolicy::max_attempts`], at the overall deadline, or when the
//!    client's shared [`RetryBudget`] runs dry, so a failing service is not hammered by
//!    every caller at once.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The statuses retried by default.
pub const DEFAULT_RETRYABLE_STATUSES: [StatusCode; 5] = [
    StatusCode::TOO_MANY_REQUESTS,
    StatusCode::INTERNAL_SERVER_ERROR,
    StatusCode::BAD_GATEWAY,
    StatusCode::SERVICE_UNAVAILABLE,
    StatusCode::GATEWAY_TIMEOUT,
];

/// Whether sending a request twice has the same effect as sending it once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads, deletes and writes of absolute values: safe to repeat.
    Idempotent,
    /// Requests that create something (a listing, a message, an `add` upload): never
    /// repeated once the server may have seen them.
    NonIdempotent,
}

impl Idempotency {
    /// The usual answer for a method: POST and PATCH create or change relative to the
    /// current state, everything else is safe to repeat.
    pub fn for_method(method: &reqwest::Method) -> Self {
        if method == reqwest::Method::POST || method == reqwest::Method::PATCH {
            Self::NonIdempotent
        } else {
            Self::Idempotent
        }
    }
}

/// How many times and how patiently a request is retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    deadline: Duration,
    retryable_statuses: Vec<StatusCode>,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 500 ms capped at 30 s, and two minutes for the whole call.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            deadline: Duration::from_secs(120),
            retryable_statuses: DEFAULT_RETRYABLE_STATUSES.to_vec(),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the total number of attempts, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff before the second attempt; it doubles for each later one.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the largest backoff drawn (a server's `Retry-After` may still ask for more).
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets the time allowed for the whole call, every attempt and wait included.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Sets the statuses after which an idempotent request is retried (a vendor whose 500
    /// means "wrong account" leaves 500 out).
    pub fn with_retryable_statuses(
        mut self,
        statuses: impl IntoIterator<Item = StatusCode>,
    ) -> Self {
        self.retryable_statuses = statuses.into_iter().collect();
        self
    }

    /// The statuses after which an idempotent request is retried.
    pub fn retryable_statuses(&self) -> &[StatusCode] {
        &self.retryable_statuses
    }

    /// The total number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The time allowed for the whole call.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// The upper bound of the jittered wait after failed attempt number `attempt` (1-based).
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }
}

/// A token bucket shared by every clone of a client that limits retries, not first attempts.
///
/// Each retry withdraws [`RetryBudget::RETRY_COST`] tokens (a retry after a timeout costs
/// [`RetryBudget::TIMEOUT_RETRY_COST`]); each success returns one. When most calls fail, the
/// bucket empties and calls fail fast after their first attempt instead of tripling the load
/// on a service that is already down. With the default 500 tokens, 1,000 calls against a
/// service that always fails make at most 1,100 attempts.
#[derive(Debug)]
pub struct RetryBudget {
    capacity: u32,
    tokens: Mutex<u32>,
}

impl RetryBudget {
    /// Tokens a retry costs.
    pub const RETRY_COST: u32 = 5;
    /// Tokens a retry after a timeout costs (timeouts tie up the server longest).
    pub const TIMEOUT_RETRY_COST: u32 = 10;
    /// Tokens a success returns.
    pub const SUCCESS_REFUND: u32 = 1;
    /// The default capacity.
    pub const DEFAULT_CAPACITY: u32 = 500;

    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        Self {
            capacity,
            tokens: Mutex::new(capacity),
        }
    }

    /// Takes the tokens for one retry; `false` when the bucket cannot pay for it.
    pub fn try_withdraw(&self, after_timeout: bool) -> bool {
        let cost = if after_timeout {
            Self::TIMEOUT_RETRY_COST
        } else {
            Self::RETRY_COST
        };
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        if *tokens >= cost {
            *tokens -= cost;
            true
        } else {
            false
        }
    }

    /// Returns a token after a success.
    pub fn refund(&self) {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        *tokens = (*tokens + Self::SUCCESS_REFUND).min(self.capacity);
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

/// Reads `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_in_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("12"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(12)));
        let date = httpdate::fmt_http_date(now + Duration::from_secs(40));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(40)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("later"));
        assert_eq!(retry_after(&headers, now), None);
    }

    proptest::proptest! {
        #[test]
        fn any_retry_after_parses_without_panicking(text in "\\PC{0,80}") {
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
            if let Ok(value) = HeaderValue::from_str(&text) {
                let mut headers = HeaderMap::new();
                headers.insert(RETRY_AFTER, value);
                let _ = retry_after(&headers, now);
            }
        }
    }

    #[test]
    fn ceiling_doubles_and_is_capped() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(700));
        let ceilings: Vec<_> = (1..=5).map(|n| policy.backoff_ceiling(n)).collect();
        assert_eq!(
            ceilings,
            [100, 200, 400, 700, 700].map(Duration::from_millis)
        );
        assert_eq!(policy.backoff_ceiling(1_000), Duration::from_millis(700));
    }

    #[test]
    fn retryable_statuses_default_and_can_be_narrowed() {
        let policy = RetryPolicy::default();
        assert!(
            policy
                .retryable_statuses()
                .contains(&StatusCode::INTERNAL_SERVER_ERROR)
        );
        let policy = policy.with_retryable_statuses([StatusCode::SERVICE_UNAVAILABLE]);
        assert_eq!(
            policy.retryable_statuses(),
            [StatusCode::SERVICE_UNAVAILABLE]
        );
    }

    #[test]
    fn budget_runs_dry_and_refills_on_success() {
        let budget = RetryBudget::new(12);
        assert!(budget.try_withdraw(false));
        assert!(budget.try_withdraw(false));
        assert!(!budget.try_withdraw(false));
        assert_eq!(budget.available(), 2);
        for _ in 0..20 {
            budget.refund();
        }
        assert_eq!(budget.available(), 12);
        assert!(budget.try_withdraw(true));
        assert!(!budget.try_withdraw(true));
    }

    #[test]
    fn methods_have_the_usual_idempotency() {
        use reqwest::Method;
        assert_eq!(
            Idempotency::for_method(&Method::GET),
            Idempotency::Idempotent
        );
        assert_eq!(
            Idempotency::for_method(&Method::PUT),
            Idempotency::Idempotent
        );
        assert_eq!(
            Idempotency::for_method(&Method::DELETE),
            Idempotency::Idempotent
        );
        assert_eq!(
            Idempotency::for_method(&Method::POST),
            Idempotency::NonIdempotent
        );
    }
}
