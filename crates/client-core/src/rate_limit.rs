//! The in-process pacer: an exact moving window, so that a compliant server never has to
//! answer 429.
//!
//! For each configured window (say 60 requests per 60 s) the limiter keeps a booking per
//! request: from the instant it was granted to the instant it stops counting. A request is
//! granted the earliest instant at which every window has room, which is the vendors' "moving
//! window" exactly, not an approximation of it.
//!
//! Three rules keep the server's count and ours in step when sends are late (a loaded CPU, a
//! slow connection): a booking stops counting a [`send_margin`] after its window (so a request
//! that reaches the server a little after it was granted is still counted by us while the
//! server counts it); a request that wakes later than its slot is re-booked from the instant
//! it really leaves; and when its answer arrives, the booking runs at least a full window from
//! then ([`Pacer::settle`]), since the server cannot have counted it any later.
//!
//! Calls tell the limiter how long they may wait: a slot (or a pause after a 429) further away
//! than that is refused at once and books nothing.
//!
//! Reports from the server correct the limiter: when the server has counted more requests
//! than we have (another process on the same account, say), the difference is booked until
//! the server's window resets; a new limit is adopted; and a server that says nothing remains
//! pauses everything until its reset time, or for a whole window when it gives none.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use futures::future::BoxFuture;
use reqwest::header::HeaderMap;

use crate::clock::Clock;
pub use crate::pacing::RateLimitStatus;
use crate::pacing::{BudgetReport, Pacer, PacingError, Permit};
use crate::reset_time::parse_reset;

/// The longest the limiter stops every request after a 429, whatever the server asks.
pub const MAX_PAUSE: Duration = Duration::from_secs(3_600);

/// How long after its window a booking keeps counting: a fortieth of the window, at least
/// 25 ms and at most 1.5 s (50 ms for a 2-second window, 1.5 s for Discogs' minute). It
/// costs 2.5% of the throughput and absorbs the delay between the instant a request is let
/// go and its arrival at the server (a descheduled thread, a slow write); once the answer is
/// in, [`Pacer::settle`] takes over.
pub fn send_margin(period: Duration) -> Duration {
    (period / 40).clamp(Duration::from_millis(25), Duration::from_millis(1_500))
}

/// At most `limit` requests in any `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Requests allowed per period.
    pub limit: u32,
    /// The length of the moving window.
    pub period: Duration,
}

/// Names of the response headers through which a vendor reports its rate limit; the engine
/// reads them into a [`BudgetReport`] for whatever [`Pacer`] it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitHeaders {
    /// The header with the window's limit (e.g. `X-Discogs-Ratelimit`).
    pub limit: Option<&'static str>,
    /// The header with the requests left in the window.
    pub remaining: &'static str,
    /// The header with the requests used in the window, if the vendor sends it.
    pub used: Option<&'static str>,
    /// The header with the reset time: seconds from now, a Unix time, an HTTP date, an ISO
    /// 8601 time, or a Pacific local time (see [`RateLimitHeaders::read`]).
    pub reset: Option<&'static str>,
    /// The window the headers speak of.
    pub period: Duration,
}

impl RateLimitHeaders {
    /// Reads an answer's headers; `None` when they carry none of the figures. A reset that
    /// cannot be read is left out (the pacer then assumes a whole window).
    pub fn read(&self, headers: &HeaderMap, now: SystemTime) -> Option<BudgetReport> {
        let text = |name: Option<&str>| {
            name.and_then(|name| headers.get(name))
                .and_then(|value| value.to_str().ok())
        };
        let number =
            |name: Option<&str>| text(name).and_then(|text| text.trim().parse::<u32>().ok());
        let report = BudgetReport {
            limit: number(self.limit),
            used: number(self.used),
            remaining: number(Some(self.remaining)),
            reset: text(self.reset).and_then(|text| parse_reset(text, now)),
            window: self.period,
        };
        (!report.is_empty()).then_some(report)
    }
}

/// How fast a client may send.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimitPolicy {
    windows: Vec<Window>,
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

    /// The configured windows.
    pub fn windows(&self) -> &[Window] {
        &self.windows
    }
}

/// One request counted against a window.
#[derive(Debug, Clone, Copy)]
struct Booking {
    granted: Instant,
    expiry: Instant,
    token: u64,
}

/// The requests counted against one window, ordered by when they stop counting.
#[derive(Debug)]
struct WindowLog {
    window: Window,
    bookings: VecDeque<Booking>,
}

impl WindowLog {
    fn new(window: Window) -> Self {
        Self {
            window,
            bookings: VecDeque::new(),
        }
    }

    fn limit(&self) -> usize {
        usize::try_from(self.window.limit).unwrap_or(usize::MAX)
    }

    fn forget_expired(&mut self, now: Instant) {
        while self
            .bookings
            .front()
            .is_some_and(|booking| booking.expiry <= now)
        {
            self.bookings.pop_front();
        }
    }

    fn book(&mut self, booking: Booking) {
        let position = self
            .bookings
            .partition_point(|other| other.expiry <= booking.expiry);
        self.bookings.insert(position, booking);
    }

    fn take(&mut self, token: u64) -> Option<Booking> {
        // Searched from the back: tokens are unique, and the booking of a request just
        // answered is among the last to expire, so a busy window is not walked whole.
        let position = self
            .bookings
            .iter()
            .rposition(|booking| booking.token == token)?;
        self.bookings.remove(position)
    }

    /// The earliest instant a new request fits: room appears when all but `limit - 1` of the
    /// counted requests (granted or reserved) have stopped counting.
    fn room_at(&self, now: Instant) -> Instant {
        let full = self.limit();
        if self.bookings.len() < full {
            return now;
        }
        self.bookings
            .get(self.bookings.len() - full)
            .map_or(now, |booking| booking.expiry.max(now))
    }

    /// Whether a request may leave at `at`, counting every other booking that covers `at`;
    /// if not, the instant it may.
    fn room_for(&self, token: u64, at: Instant) -> Instant {
        let covering: Vec<Instant> = self
            .bookings
            .iter()
            .filter(|booking| {
                booking.token != token && booking.granted <= at && booking.expiry > at
            })
            .map(|booking| booking.expiry)
            .collect();
        let full = self.limit();
        if covering.len() < full {
            return at;
        }
        // `covering` is in expiry order: room appears when enough of them stop counting.
        covering.get(covering.len() - full).copied().unwrap_or(at)
    }
}

#[derive(Debug)]
struct LimiterState {
    logs: Vec<WindowLog>,
    paused_until: Option<Instant>,
    status: RateLimitStatus,
    next_token: u64,
}

impl LimiterState {
    fn paused_until(&self, now: Instant) -> Instant {
        self.paused_until.map_or(now, |until| until.max(now))
    }

    fn book_all(&mut self, token: u64, at: Instant) {
        for log in &mut self.logs {
            let period = log.window.period;
            log.book(Booking {
                granted: at,
                expiry: at + period + send_margin(period),
                token,
            });
        }
    }

    fn cancel(&mut self, token: u64) {
        for log in &mut self.logs {
            log.take(token);
        }
    }
}

/// The in-process moving-window [`Pacer`] a client and all its clones share.
#[derive(Debug, Clone)]
pub struct MovingWindowLimiter {
    state: Arc<Mutex<LimiterState>>,
    clock: Arc<dyn Clock>,
}

impl MovingWindowLimiter {
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
                next_token: 0,
            })),
            clock,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        // Every update leaves the state consistent, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reserves the earliest slot, or refuses when it lies at or past `deadline`: the token,
    /// the slot, and the instant the reservation was made.
    fn reserve(&self, deadline: Instant) -> Result<(u64, Instant, Instant), PacingError> {
        let mut state = self.lock();
        let now = self.clock.now();
        let mut at = state.paused_until(now);
        for log in &mut state.logs {
            log.forget_expired(now);
            at = at.max(log.room_at(now));
        }
        if at >= deadline {
            return Err(PacingError::PastDeadline {
                wait: at.saturating_duration_since(now),
            });
        }
        let token = state.next_token;
        state.next_token = state.next_token.wrapping_add(1);
        state.book_all(token, at);
        Ok((token, at, now))
    }

    /// At wake-up: confirms the slot from the instant the request really leaves, or says
    /// when it may leave instead (a pause or a settled booking arrived meanwhile).
    fn confirm(&self, token: u64, deadline: Instant) -> Result<Option<Instant>, PacingError> {
        let mut state = self.lock();
        let now = self.clock.now();
        let mut at = state.paused_until(now);
        for log in &mut state.logs {
            log.forget_expired(now);
            at = at.max(log.room_for(token, now));
        }
        if at >= deadline {
            state.cancel(token);
            return Err(PacingError::PastDeadline {
                wait: at.saturating_duration_since(now),
            });
        }
        state.cancel(token);
        state.book_all(token, at);
        Ok((at > now).then_some(at))
    }

    async fn acquire_within(&self, within: Duration) -> Result<Permit, PacingError> {
        let start = self.clock.now();
        let deadline = start.checked_add(within).unwrap_or(start + MAX_PAUSE);
        let (token, mut at, booked_at) = self.reserve(deadline)?;
        if at <= booked_at {
            // There was room at once, and nothing has been awaited since the booking was
            // made from that instant: confirming it again would change nothing.
            return Ok(Permit::new(booked_at, token));
        }
        loop {
            let wait = at.saturating_duration_since(self.clock.now());
            if !wait.is_zero() {
                tracing::debug!(
                    wait_ms = wait.as_millis() as u64,
                    "rate limiter pacing request"
                );
                self.clock.sleep(wait).await;
            }
            match self.confirm(token, deadline)? {
                None => return Ok(Permit::new(self.clock.now(), token)),
                Some(later) => at = later,
            }
        }
    }
}

impl Pacer for MovingWindowLimiter {
    fn acquire(&self, within: Duration) -> BoxFuture<'_, Result<Permit, PacingError>> {
        Box::pin(self.acquire_within(within))
    }

    fn settle(&self, permit: Permit) {
        let now = self.clock.now();
        let mut state = self.lock();
        for log in &mut state.logs {
            if let Some(mut booking) = log.take(permit.token()) {
                booking.expiry = booking.expiry.max(now + log.window.period);
                log.book(booking);
            }
        }
    }

    /// The pause is capped at [`MAX_PAUSE`]: a server asking for days is answered by callers
    /// failing their deadlines at once, not by a client frozen for days.
    fn penalize(&self, wait: Duration) {
        let now = self.clock.now();
        let until = now.checked_add(wait.min(MAX_PAUSE)).unwrap_or(now);
        let mut state = self.lock();
        state.paused_until = Some(state.paused_until.map_or(until, |old| old.max(until)));
    }

    fn status(&self) -> RateLimitStatus {
        self.lock().status
    }

    fn observe(&self, report: &BudgetReport) {
        if report.is_empty() {
            return;
        }
        let now = self.clock.now();
        let mut state = self.lock();
        state.status = RateLimitStatus {
            limit: report.limit,
            used: report.used,
            remaining: report.remaining,
        };
        let index = match state
            .logs
            .iter()
            .position(|log| log.window.period == report.window)
        {
            Some(index) => index,
            None => match report.limit {
                Some(limit) => {
                    state.logs.push(WindowLog::new(Window {
                        limit,
                        period: report.window,
                    }));
                    state.logs.len() - 1
                }
                None => return,
            },
        };
        // The server's window cannot reset later than one window from now.
        let reset_at = now + report.reset.unwrap_or(report.window).min(report.window);
        let mut token = state.next_token;
        let Some(log) = state.logs.get_mut(index) else {
            return;
        };
        if let Some(limit) = report.limit {
            log.window.limit = limit;
        }
        log.forget_expired(now);
        let server_used = report.used.or_else(|| {
            report
                .remaining
                .map(|remaining| log.window.limit.saturating_sub(remaining))
        });
        if let Some(server_used) = server_used {
            let server_used = usize::try_from(server_used).unwrap_or(usize::MAX);
            let counted_by_server = server_used.min(log.limit());
            // Counted only as far as the server's figure: beyond it nothing is booked, and a
            // busy window is not walked whole for every answer.
            let counted_now = log
                .bookings
                .iter()
                .filter(|booking| booking.granted <= now)
                .take(counted_by_server)
                .count();
            // Requests the server counted and we did not (another process on the same
            // account, say) stop counting when the server's window resets.
            for _ in counted_now..counted_by_server {
                log.book(Booking {
                    granted: now,
                    expiry: reset_at,
                    token,
                });
                token = token.wrapping_add(1);
            }
        }
        state.next_token = token;
        if report.remaining == Some(0) {
            state.paused_until = Some(state.paused_until.map_or(reset_at, |old| old.max(reset_at)));
        }
    }
}

#[cfg(test)]
mod tests;
