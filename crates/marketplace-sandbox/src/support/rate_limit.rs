//! A moving-window request budget, shared by the fakes that enforce a vendor's rate limit.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How many requests a fake accepts within a moving window before it answers 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests accepted per window.
    pub requests: u32,
    /// The length of the moving window.
    pub window: Duration,
}

impl RateLimit {
    /// `requests` per `window`.
    pub const fn new(requests: u32, window: Duration) -> Self {
        Self { requests, window }
    }

    /// `requests` per moving minute.
    pub const fn per_minute(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(60))
    }

    /// `requests` per moving hour.
    pub const fn per_hour(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(3600))
    }
}

/// The outcome of asking the window for one more request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateDecision {
    pub(crate) allowed: bool,
    pub(crate) limit: u32,
    pub(crate) used: u32,
    pub(crate) remaining: u32,
    /// How long until the oldest counted request leaves the window.
    pub(crate) resets_in: Duration,
    /// The length of the window.
    pub(crate) window: Duration,
}

/// Remembers when each accepted request arrived, and forgets it once it is older than the
/// window: the budget refills gradually, like Discogs' moving minute.
#[derive(Debug, Clone)]
pub(crate) struct SlidingWindow {
    limit: RateLimit,
    accepted: VecDeque<Instant>,
}

impl SlidingWindow {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            accepted: VecDeque::new(),
        }
    }

    pub(crate) fn set_limit(&mut self, limit: RateLimit) {
        self.limit = limit;
    }

    pub(crate) fn reset(&mut self) {
        self.accepted.clear();
    }

    pub(crate) fn try_acquire(&mut self, now: Instant) -> RateDecision {
        self.forget_old(now);
        let used_before = u32::try_from(self.accepted.len()).unwrap_or(u32::MAX);
        let allowed = used_before < self.limit.requests;
        if allowed {
            self.accepted.push_back(now);
        }
        self.decision(now, allowed)
    }

    /// The window as it stands, without counting a request: what the headers of an answer
    /// that is not counted (an injected failure) report.
    pub(crate) fn peek(&mut self, now: Instant) -> RateDecision {
        self.forget_old(now);
        let used = u32::try_from(self.accepted.len()).unwrap_or(u32::MAX);
        self.decision(now, used < self.limit.requests)
    }

    fn forget_old(&mut self, now: Instant) {
        while let Some(oldest) = self.accepted.front() {
            if now.saturating_duration_since(*oldest) >= self.limit.window {
                self.accepted.pop_front();
            } else {
                break;
            }
        }
    }

    fn decision(&self, now: Instant, allowed: bool) -> RateDecision {
        let used = u32::try_from(self.accepted.len()).unwrap_or(u32::MAX);
        let resets_in = self
            .accepted
            .front()
            .map(|oldest| {
                self.limit
                    .window
                    .saturating_sub(now.saturating_duration_since(*oldest))
            })
            .unwrap_or(Duration::ZERO);
        RateDecision {
            allowed,
            limit: self.limit.requests,
            used,
            remaining: self.limit.requests.saturating_sub(used),
            resets_in,
            window: self.limit.window,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_budget_and_refills_as_the_window_moves() {
        let mut window = SlidingWindow::new(RateLimit::new(2, Duration::from_secs(10)));
        let start = Instant::now();
        assert!(window.try_acquire(start).allowed);
        let second = window.try_acquire(start + Duration::from_secs(5));
        assert!(second.allowed);
        assert_eq!(second.remaining, 0);
        let refused = window.try_acquire(start + Duration::from_secs(6));
        assert!(!refused.allowed);
        assert_eq!(refused.used, 2);
        assert_eq!(refused.resets_in, Duration::from_secs(4));
        assert!(window.try_acquire(start + Duration::from_secs(10)).allowed);
    }
}
