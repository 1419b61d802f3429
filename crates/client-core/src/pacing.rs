//! The pacing seam: what the engine asks of whatever paces its requests.
//!
//! The engine acquires a slot before every attempt, telling the pacer how long the call may
//! still wait; it reports what the server said about its budget in a neutral
//! [`BudgetReport`] (the engine reads the vendor's header names, so a pacer never needs to
//! know them); it penalizes after a 429 or a `Retry-After`; and it settles each permit when
//! the answer arrives. The in-process [`MovingWindowLimiter`](crate::rate_limit::MovingWindowLimiter)
//! is the default; `rate-limit-redis` shares one budget between processes.

use std::fmt;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;

/// Permission to send one request, handed out by [`Pacer::acquire`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permit {
    granted_at: Instant,
    token: u64,
}

impl Permit {
    /// A permit granted at `granted_at`; `token` is the pacer's own name for the booking
    /// (what it needs to find it again in [`Pacer::settle`]).
    pub fn new(granted_at: Instant, token: u64) -> Self {
        Self { granted_at, token }
    }

    /// When the slot was granted.
    pub fn granted_at(&self) -> Instant {
        self.granted_at
    }

    /// The pacer's name for the booking.
    pub fn token(&self) -> u64 {
        self.token
    }
}

/// Why a pacer did not grant a slot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PacingError {
    /// The slot would come later than the call may wait; nothing was booked.
    #[error("the next slot is {wait:?} away, past the call's deadline")]
    PastDeadline {
        /// How long the call would have had to wait.
        wait: Duration,
    },
    /// The pacer cannot decide (its shared store is unreachable, say) and is configured to
    /// fail rather than guess.
    #[error("pacing unavailable: {reason}")]
    Unavailable {
        /// What went wrong.
        reason: String,
    },
}

/// What a server said about its rate limit, in no vendor's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BudgetReport {
    /// Requests allowed per window.
    pub limit: Option<u32>,
    /// Requests the server has counted in the current window.
    pub used: Option<u32>,
    /// Requests left in the current window.
    pub remaining: Option<u32>,
    /// How long until the server's window resets, when it said.
    pub reset: Option<Duration>,
    /// The window the report speaks of (from the vendor's documentation).
    pub window: Duration,
}

impl BudgetReport {
    /// Whether the report carries any figure at all.
    pub fn is_empty(&self) -> bool {
        self.limit.is_none() && self.used.is_none() && self.remaining.is_none()
    }
}

/// What a pacer knows about the budget: the server's last report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimitStatus {
    /// The limit of the window.
    pub limit: Option<u32>,
    /// Requests used in the window.
    pub used: Option<u32>,
    /// Requests left in the window.
    pub remaining: Option<u32>,
}

/// Paces the requests of one engine (and of every clone of it, and, for shared pacers, of
/// every process that shares the budget).
///
/// The trait is object-safe; the engine holds an `Arc<dyn Pacer>`
/// ([`ConfigureEngine::pacer`](crate::ConfigureEngine::pacer)).
pub trait Pacer: Send + Sync + fmt::Debug {
    /// Waits for a slot and books it. When the slot would come later than `within` from now
    /// (a full window, or a pause after a 429, longer than the call may still wait), refuses
    /// at once with [`PacingError::PastDeadline`] and books nothing, so calls that cannot be
    /// served do not take slots from calls that can.
    fn acquire(&self, within: Duration) -> BoxFuture<'_, Result<Permit, PacingError>>;

    /// The answer to the request sent under `permit` has arrived (so the server has counted
    /// it); a pacer may move the booking to now to stay clear of a late send.
    fn settle(&self, permit: Permit) {
        let _ = permit;
    }

    /// Learns from what the server reported about its budget.
    fn observe(&self, report: &BudgetReport);

    /// Stops every request sharing the budget for `wait` (after a 429 or a `Retry-After`).
    fn penalize(&self, wait: Duration);

    /// What the server last reported.
    fn status(&self) -> RateLimitStatus;
}
