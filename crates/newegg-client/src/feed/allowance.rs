//! The hourly record allowance of inventory feeds, counted in records, not requests.
//!
//! Newegg processes at most 100,000 inventory-feed records an hour per seller
//! ([`FEED_RECORDS_PER_HOUR`](super::FEED_RECORDS_PER_HOUR)); a record is one `Item` of a feed
//! (on Newegg.com one item in one warehouse country, elsewhere one item). The client books
//! each feed's records when it submits it, for an hour, and refuses a feed the rest of the hour
//! cannot take before sending it. When Newegg reports its own count (`X-RecordCount-Limit`,
//! `X-RecordCount-Remaining`, `X-RecordCount-ResetTime` on a submit answer, read like every
//! reset header) that count rules until its reset, less the records submitted since; when it
//! answers DF012, nothing is submitted until the time it names.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use client_core::clock::Clock;
use client_core::header::{HeaderMap, HeaderValue};
use client_core::pacing::BudgetReport;
use client_core::rate_limit::RateLimitHeaders;

use super::RECORD_WINDOW;
use super::id::RequestId;
use crate::error::NeweggError;
use crate::error_body::ErrorCode;

/// The headers through which Newegg reports the record allowance.
pub(crate) fn record_count_headers() -> RateLimitHeaders {
    RateLimitHeaders {
        limit: Some("x-recordcount-limit"),
        remaining: "x-recordcount-remaining",
        used: None,
        reset: Some("x-recordcount-resettime"),
        period: RECORD_WINDOW,
    }
}

/// What the client knows about the hourly record allowance
/// ([`NeweggClient::record_allowance`](crate::NeweggClient::record_allowance)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordAllowanceStatus {
    /// Records allowed per hour (the default, or what Newegg last reported).
    pub limit: u32,
    /// Records a feed may still carry now, by the client's count and Newegg's last report.
    pub remaining: u32,
    /// What Newegg last reported remaining (`X-RecordCount-Remaining`), while its window runs.
    pub reported_remaining: Option<u32>,
    /// How long until the records counted now stop counting, if any are.
    pub resets_in: Option<Duration>,
}

#[derive(Debug, Clone, Copy)]
struct Booking {
    at: Instant,
    records: u32,
    token: u64,
}

/// Newegg's own count, valid until its window resets.
#[derive(Debug, Clone, Copy)]
struct Reported {
    remaining: u32,
    until: Instant,
    /// Bookings after this token were made after the report and count against it.
    after_token: u64,
}

#[derive(Debug)]
struct State {
    limit: u32,
    bookings: VecDeque<Booking>,
    reported: Option<Reported>,
    next_token: u64,
}

impl State {
    fn forget(&mut self, now: Instant) {
        while self
            .bookings
            .front()
            .is_some_and(|booking| booking.at + RECORD_WINDOW <= now)
        {
            self.bookings.pop_front();
        }
        if self.reported.is_some_and(|reported| reported.until <= now) {
            self.reported = None;
        }
    }

    fn booked(&self) -> u32 {
        self.bookings
            .iter()
            .fold(0u32, |sum, booking| sum.saturating_add(booking.records))
    }

    /// Records a feed may carry now.
    fn room(&self) -> u32 {
        let own = self.limit.saturating_sub(self.booked());
        match self.reported {
            Some(reported) => {
                let since = self
                    .bookings
                    .iter()
                    .filter(|booking| booking.token > reported.after_token)
                    .fold(0u32, |sum, booking| sum.saturating_add(booking.records));
                own.min(reported.remaining.saturating_sub(since))
            }
            None => own,
        }
    }

    /// When `records` fit, or `None` when they never will (more than the whole allowance).
    fn fits_at(&self, records: u32, now: Instant) -> Option<Instant> {
        if records > self.limit {
            return None;
        }
        let mut at = now;
        if let Some(reported) = self.reported
            && reported.remaining < records.saturating_add(self.booked_since(reported))
        {
            at = reported.until;
        }
        let mut own = self.limit.saturating_sub(self.booked());
        for booking in &self.bookings {
            if own >= records {
                break;
            }
            own = own.saturating_add(booking.records);
            at = at.max(booking.at + RECORD_WINDOW);
        }
        Some(at)
    }

    fn booked_since(&self, reported: Reported) -> u32 {
        self.bookings
            .iter()
            .filter(|booking| booking.token > reported.after_token)
            .fold(0u32, |sum, booking| sum.saturating_add(booking.records))
    }
}

/// The records a submitted feed holds against the allowance.
#[derive(Debug)]
#[must_use]
pub(crate) struct Reservation {
    token: u64,
}

/// The hourly record allowance, shared by every clone of a client.
#[derive(Debug, Clone)]
pub(crate) struct RecordAllowance {
    state: Arc<Mutex<State>>,
    clock: Arc<dyn Clock>,
}

impl RecordAllowance {
    pub(crate) fn new(limit: u32, clock: Arc<dyn Clock>) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                limit,
                bookings: VecDeque::new(),
                reported: None,
                next_token: 1,
            })),
            clock,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update leaves the state consistent, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Books `records` now, or refuses (nothing sent) with
    /// [`NeweggError::RecordAllowanceSpent`] naming when they fit.
    pub(crate) fn reserve(&self, records: u32) -> Result<Reservation, NeweggError> {
        let now = self.clock.now();
        let mut state = self.lock();
        state.forget(now);
        let room = state.room();
        if records > room {
            let fits_at = state.fits_at(records, now);
            let limit = state.limit;
            drop(state);
            let wait = fits_at.map(|at| at.saturating_duration_since(now));
            return Err(NeweggError::RecordAllowanceSpent {
                records,
                remaining: Some(room),
                retry_at: wait.map(|wait| self.clock.wall_time() + wait),
                wait,
                request_id: None,
                reason: format!(
                    "the hourly allowance of {limit} feed records has {room} left and the feed \
                     holds {records}"
                ),
                answer: None,
            });
        }
        let token = state.next_token;
        state.next_token += 1;
        state.bookings.push_back(Booking {
            at: now,
            records,
            token,
        });
        Ok(Reservation { token })
    }

    /// Gives back the records of a feed Newegg refused as a whole.
    pub(crate) fn cancel(&self, reservation: Reservation) {
        self.lock()
            .bookings
            .retain(|booking| booking.token != reservation.token);
    }

    /// Learns Newegg's count from a submit answer's `X-RecordCount-*` headers.
    pub(crate) fn observe(&self, headers: &HeaderMap) {
        let Some(report) = record_count_headers().read(headers, self.clock.wall_time()) else {
            return;
        };
        self.learn(&report);
    }

    fn learn(&self, report: &BudgetReport) {
        let now = self.clock.now();
        let mut state = self.lock();
        if let Some(limit) = report.limit.filter(|limit| *limit > 0) {
            state.limit = limit;
        }
        if let Some(remaining) = report.remaining {
            // A reset that cannot be read, or one further than a window, counts as a whole
            // window (never sooner than Newegg could mean).
            let reset = report.reset.unwrap_or(RECORD_WINDOW).min(RECORD_WINDOW);
            state.reported = Some(Reported {
                remaining,
                until: now + reset,
                after_token: state.next_token - 1,
            });
        }
    }

    /// Newegg said the allowance is spent (DF012) until `wait` from now.
    pub(crate) fn spent_for(&self, wait: Duration) {
        let now = self.clock.now();
        let mut state = self.lock();
        state.reported = Some(Reported {
            remaining: 0,
            until: now + wait.min(RECORD_WINDOW),
            after_token: state.next_token - 1,
        });
    }

    pub(crate) fn status(&self) -> RecordAllowanceStatus {
        let now = self.clock.now();
        let mut state = self.lock();
        state.forget(now);
        RecordAllowanceStatus {
            limit: state.limit,
            remaining: state.room(),
            reported_remaining: state.reported.map(|reported| {
                reported
                    .remaining
                    .saturating_sub(state.booked_since(reported))
            }),
            resets_in: state
                .bookings
                .front()
                .map(|booking| (booking.at + RECORD_WINDOW).saturating_duration_since(now)),
        }
    }

    /// Turns Newegg's DF012 answer to a feed of `records` into
    /// [`NeweggError::RecordAllowanceSpent`] carrying the time it names, and stops submissions
    /// until then; other errors pass unchanged.
    pub(crate) fn read_refusal(&self, error: NeweggError, records: u32) -> NeweggError {
        let NeweggError::Api {
            error: answer,
            errors,
            code,
            ..
        } = &error
        else {
            return error;
        };
        let df012 = errors
            .iter()
            .find(|entry| entry.code == Some(ErrorCode::HourlyAllowanceExceeded))
            .map(|entry| entry.message.clone())
            .or_else(|| {
                (code.as_ref() == Some(&ErrorCode::HourlyAllowanceExceeded))
                    .then(|| answer.message.clone().unwrap_or_default())
            });
        let Some(message) = df012 else {
            return error;
        };
        let now = self.clock.wall_time();
        let wait = retry_time(&message).and_then(|text| pacific_wait(text, now));
        if let Some(wait) = wait {
            self.spent_for(wait);
        } else {
            // No readable time: the allowance is an hour's, so an hour is never too soon.
            self.spent_for(RECORD_WINDOW);
        }
        let NeweggError::Api { error: answer, .. } = error else {
            return error;
        };
        let mut answer = answer;
        answer.retry_after = wait.or(answer.retry_after);
        NeweggError::RecordAllowanceSpent {
            records,
            remaining: Some(0),
            retry_at: wait.map(|wait| now + wait),
            wait,
            request_id: requested_id(&message),
            reason: message,
            answer: Some(answer),
        }
    }
}

/// The time in DF012's "Please submit your feed again after 2016-12-16 11:05:00.".
fn retry_time(message: &str) -> Option<&str> {
    let lower = message.to_ascii_lowercase();
    let start = lower.rfind("after ")? + "after ".len();
    let rest = message.get(start..)?.trim();
    let rest = rest.trim_end_matches(['.', ' ']);
    // `YYYY-MM-DD HH:MM:SS` is 19 characters; anything after it is not part of the time.
    Some(rest.get(..19).unwrap_or(rest))
}

/// The request ID in DF012's "Your feed with request ID: 2291326430 exceeded …".
fn requested_id(message: &str) -> Option<RequestId> {
    let lower = message.to_ascii_lowercase();
    let start = lower.find("request id")? + "request id".len();
    let rest = message.get(start..)?.trim_start_matches([':', ' ']);
    let id: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    RequestId::new(id).ok()
}

/// How long from `now` until `text`, a Newegg date-time (Pacific time, as every date-time of
/// its API), read the way `client_core` reads every reset time.
fn pacific_wait(text: &str, now: SystemTime) -> Option<Duration> {
    let mut headers = HeaderMap::new();
    headers.insert("x-reset", HeaderValue::from_str(text).ok()?);
    headers.insert("x-remaining", HeaderValue::from_static("0"));
    let reader = RateLimitHeaders {
        limit: None,
        remaining: "x-remaining",
        used: None,
        reset: Some("x-reset"),
        period: RECORD_WINDOW,
    };
    reader.read(&headers, now)?.reset
}

#[cfg(test)]
mod tests {
    use super::*;
    use client_core::clock::ManualClock;

    /// 2016-12-16 10:35:00 Pacific standard time (18:35 UTC).
    const DF012_DAY: u64 = 1_481_913_300;

    fn allowance(limit: u32) -> (RecordAllowance, ManualClock) {
        let clock =
            ManualClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(DF012_DAY));
        (RecordAllowance::new(limit, Arc::new(clock.clone())), clock)
    }

    #[test]
    fn records_count_for_an_hour() {
        let (allowance, clock) = allowance(100_000);
        for _ in 0..10 {
            let _booked = allowance.reserve(10_000).unwrap();
            clock.advance(Duration::from_secs(60));
        }
        let Err(NeweggError::RecordAllowanceSpent {
            wait, remaining, ..
        }) = allowance.reserve(1)
        else {
            panic!("the eleventh feed must be refused");
        };
        assert_eq!(remaining, Some(0));
        // The first feed stops counting an hour after it was sent, 50 minutes from now.
        assert_eq!(wait, Some(Duration::from_secs(50 * 60)));
        clock.advance(Duration::from_secs(50 * 60));
        assert!(allowance.reserve(10_000).is_ok());
        assert!(allowance.reserve(1).is_err());
    }

    #[test]
    fn newegg_s_count_rules_until_its_reset() {
        let (allowance, clock) = allowance(100_000);
        let booked = allowance.reserve(3_000).unwrap();
        drop(booked);
        let mut headers = HeaderMap::new();
        headers.insert("x-recordcount-limit", HeaderValue::from_static("100000"));
        headers.insert("x-recordcount-remaining", HeaderValue::from_static("5000"));
        headers.insert("x-recordcount-resettime", HeaderValue::from_static("600"));
        allowance.observe(&headers);
        assert_eq!(allowance.status().remaining, 5_000);
        let _second = allowance.reserve(4_000).unwrap();
        assert_eq!(allowance.status().remaining, 1_000);
        let Err(NeweggError::RecordAllowanceSpent { wait, .. }) = allowance.reserve(2_000) else {
            panic!("Newegg said 1,000 remain");
        };
        assert_eq!(wait, Some(Duration::from_secs(600)));
        clock.advance(Duration::from_secs(600));
        assert_eq!(allowance.status().remaining, 93_000);
    }

    #[test]
    fn a_cancelled_feed_gives_its_records_back() {
        let (allowance, _clock) = allowance(10);
        let booked = allowance.reserve(10).unwrap();
        assert!(allowance.reserve(1).is_err());
        allowance.cancel(booked);
        assert!(allowance.reserve(10).is_ok());
        assert!(matches!(
            allowance.reserve(11),
            Err(NeweggError::RecordAllowanceSpent { wait: None, .. })
        ));
    }

    #[test]
    fn the_df012_message_names_the_time_and_the_feed() {
        let message = "Your feed with request ID: 2291326430 exceeded the hourly allowance and \
                       cannot be processed. Please submit your feed again after 2016-12-16 11:05:00.";
        assert_eq!(retry_time(message), Some("2016-12-16 11:05:00"));
        assert_eq!(requested_id(message).unwrap().as_str(), "2291326430");
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(DF012_DAY);
        assert_eq!(
            pacific_wait("2016-12-16 11:05:00", now),
            Some(Duration::from_secs(30 * 60))
        );
        assert_eq!(retry_time("no time here"), None);
    }
}
