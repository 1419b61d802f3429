//! The pacer: the acquire loop, the shared cooldown, and the fallback while Redis is away.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use client_core::clock::Clock;
use client_core::rate_limit::{MAX_PAUSE, MovingWindowLimiter};
use client_core::{BudgetReport, Pacer, PacingError, Permit, RateLimitStatus};
use futures::future::BoxFuture;
use redis::RedisError;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::scope::{Keys, Scope};
use crate::scripts::{self, Acquired, WindowArgs};

/// Marks a permit booked through Redis (the fallback limiter's tokens never reach it).
const REDIS_TOKEN: u64 = 1 << 63;

/// What the pacer does while Redis cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fallback {
    /// Paces this process alone, with client-core's
    /// [`MovingWindowLimiter`](client_core::rate_limit::MovingWindowLimiter), at `limit / workers` of every window (at least one request
    /// per window). When every worker sharing the budget does the same and `workers` is at
    /// least the number running, together they stay within the limit.
    LocalShare {
        /// How many workers share the budget.
        workers: u32,
    },
    /// Refuses every request with
    /// [`PacingError::Unavailable`](client_core::PacingError::Unavailable) (the engine's
    /// [`client_core::Error::Pacing`]) until Redis answers again.
    Fail,
}

/// A [`Pacer`] that shares one vendor budget between every worker (thread, process or
/// machine) that builds one with the same prefix and [`Scope`].
///
/// Cheap to clone; clones are one worker. See the [crate documentation](crate) for the
/// design, the keys and what happens while Redis is away.
#[derive(Clone)]
pub struct RedisPacer {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for RedisPacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The Redis address may carry a password: it is left out.
        f.debug_struct("RedisPacer")
            .field("scope", &self.inner.scope)
            .field("keys", &self.inner.keys)
            .field("fallback", &self.inner.fallback)
            .field("worker", &self.inner.worker)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct WindowSpec {
    pub(crate) period: Duration,
    pub(crate) limit: u32,
    pub(crate) span: Duration,
}

pub(crate) struct Inner {
    pub(crate) client: redis::Client,
    pub(crate) connection: Mutex<Option<ConnectionManager>>,
    pub(crate) scope: Scope,
    pub(crate) keys: Keys,
    pub(crate) windows: Vec<WindowSpec>,
    pub(crate) max_remembered: usize,
    pub(crate) fallback: Fallback,
    pub(crate) local: Option<MovingWindowLimiter>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) redis_timeout: Duration,
    pub(crate) retry_interval: Duration,
    pub(crate) worker: String,
    pub(crate) state: Mutex<State>,
}

/// One of this worker's recent bookings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recent {
    pub(crate) token: u64,
    pub(crate) at: Instant,
}

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) next_token: u64,
    /// This worker's bookings of the last longest window, oldest first.
    pub(crate) recent: VecDeque<Recent>,
    /// This process's own pause, in force before Redis has heard of it.
    pub(crate) paused_until: Option<Instant>,
    pub(crate) status: RateLimitStatus,
    /// The limits in force: the policy's, lowered by what the server reports.
    pub(crate) limits: Vec<u32>,
    pub(crate) outage: Option<Outage>,
}

#[derive(Debug)]
pub(crate) struct Outage {
    since: Instant,
    next_try: Instant,
    reason: String,
}

/// Why going through Redis did not give an answer.
enum Failure {
    /// The call's deadline came first.
    Deadline,
    /// Redis failed or took longer than the Redis timeout.
    Redis(String),
}

enum Answer {
    Booked(Permit),
    Wait(Duration),
}

impl RedisPacer {
    /// The Redis keys of this pacer's budget.
    pub fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    /// The budget this pacer shares.
    pub fn scope(&self) -> &Scope {
        &self.inner.scope
    }

    /// What the pacer does while Redis is unreachable.
    pub fn fallback(&self) -> Fallback {
        self.inner.fallback
    }

    /// Whether the last attempt to reach Redis failed, so that acquires follow the fallback
    /// until a retry succeeds.
    pub fn redis_unreachable(&self) -> bool {
        self.inner.lock().outage.is_some()
    }

    /// This worker's name in the booking ids (random, fresh for every pacer built).
    pub fn worker_id(&self) -> &str {
        &self.inner.worker
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Every update leaves the state consistent, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn booking_id(&self, token: u64) -> String {
        if token & REDIS_TOKEN != 0 {
            format!("{}:{}", self.worker, token & !REDIS_TOKEN)
        } else {
            format!("{}:local:{token}", self.worker)
        }
    }

    /// The connection manager, made on first use (it needs the Tokio runtime). It connects
    /// lazily and reconnects by itself after an I/O error.
    fn connection(&self) -> Result<ConnectionManager, RedisError> {
        let mut slot = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(connection) = slot.as_ref() {
            return Ok(connection.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.redis_timeout))
            .set_response_timeout(Some(self.redis_timeout))
            // One try per reconnection: the pacer decides when to try again.
            .set_number_of_retries(0);
        let connection = ConnectionManager::new_lazy_with_config(self.client.clone(), config)?;
        *slot = Some(connection.clone());
        Ok(connection)
    }

    fn window_args(&self, limits: &[u32]) -> Vec<WindowArgs> {
        self.windows
            .iter()
            .zip(limits)
            .map(|(window, &limit)| WindowArgs {
                limit,
                span: window.span,
            })
            .collect()
    }

    fn remember(&self, state: &mut State, token: u64, at: Instant) {
        let longest = self
            .windows
            .iter()
            .map(|w| w.span)
            .max()
            .unwrap_or_default();
        while state
            .recent
            .front()
            .is_some_and(|recent| at.saturating_duration_since(recent.at) >= longest)
            || state.recent.len() >= self.max_remembered.max(1)
        {
            state.recent.pop_front();
        }
        if self.max_remembered > 0 {
            state.recent.push_back(Recent { token, at });
        }
    }

    /// Whether this acquire should go through Redis: always while it answers, and once a
    /// retry interval while it does not.
    fn should_try_redis(&self, now: Instant) -> bool {
        let mut state = self.lock();
        match state.outage.as_mut() {
            None => true,
            Some(outage) if now >= outage.next_try => {
                outage.next_try = now + self.retry_interval;
                true
            }
            Some(_) => false,
        }
    }

    fn redis_answered(&self) {
        let mut state = self.lock();
        if let Some(outage) = state.outage.take() {
            tracing::info!(
                scope = %self.scope,
                down_ms = self.clock.now().saturating_duration_since(outage.since).as_millis() as u64,
                "Redis answers again: pacing through the shared budget"
            );
        }
    }

    fn redis_failed(&self, reason: String) {
        let now = self.clock.now();
        let mut state = self.lock();
        match state.outage.as_mut() {
            Some(outage) => {
                outage.next_try = now + self.retry_interval;
                outage.reason = reason;
            }
            None => {
                tracing::warn!(
                    scope = %self.scope,
                    fallback = ?self.fallback,
                    %reason,
                    "Redis is unreachable: pacing follows the fallback until it answers again"
                );
                self.seed_fallback(&state, now);
                state.outage = Some(Outage {
                    since: now,
                    next_try: now + self.retry_interval,
                    reason,
                });
            }
        }
    }

    /// Tells the fallback limiter what this worker sent through Redis lately, so that its
    /// share starts from what the vendor has already counted of this worker.
    fn seed_fallback(&self, state: &State, now: Instant) {
        let Some(local) = &self.local else {
            return;
        };
        for window in &self.windows {
            let counting: Vec<Instant> = state
                .recent
                .iter()
                .filter(|recent| {
                    recent.token & REDIS_TOKEN != 0
                        && now.saturating_duration_since(recent.at) < window.span
                })
                .map(|recent| recent.at)
                .collect();
            let Some(newest) = counting.last() else {
                continue;
            };
            local.observe(&BudgetReport {
                limit: None,
                used: Some(u32::try_from(counting.len()).unwrap_or(u32::MAX)),
                remaining: None,
                reset: Some(
                    window
                        .span
                        .saturating_sub(now.saturating_duration_since(*newest)),
                ),
                window: window.period,
            });
        }
    }

    fn local_pause(&self, now: Instant) -> Option<Duration> {
        let state = self.lock();
        state
            .paused_until
            .map(|until| until.saturating_duration_since(now))
            .filter(|wait| !wait.is_zero())
    }

    /// One acquire through Redis: book, or learn how long to wait. Imports this worker's
    /// recent bookings first when Redis asks for them.
    async fn through_redis(&self, left: Duration) -> Result<Answer, Failure> {
        let mut connection = self
            .connection()
            .map_err(|error| Failure::Redis(describe(&error)))?;
        let limit = self.redis_timeout.min(left);
        let work = async {
            let mut retried_connection = false;
            let mut imported = false;
            let token = {
                let mut state = self.lock();
                let token = state.next_token | REDIS_TOKEN;
                state.next_token = (state.next_token + 1) & !REDIS_TOKEN;
                token
            };
            let booking = self.booking_id(token);
            loop {
                let windows = self.window_args(&self.lock().limits);
                let answer = scripts::acquire(
                    &mut connection,
                    &self.keys,
                    &windows,
                    &self.worker,
                    &booking,
                )
                .await;
                match answer {
                    Ok(Acquired::Booked) => {
                        let now = self.clock.now();
                        let mut state = self.lock();
                        self.remember(&mut state, token, now);
                        return Ok(Answer::Booked(Permit::new(now, token)));
                    }
                    Ok(Acquired::Wait(wait)) => return Ok(Answer::Wait(wait)),
                    Ok(Acquired::ImportFirst) if !imported => {
                        imported = true;
                        let now = self.clock.now();
                        let recent: Vec<(String, Duration)> = self
                            .lock()
                            .recent
                            .iter()
                            .map(|recent| {
                                (
                                    self.booking_id(recent.token),
                                    now.saturating_duration_since(recent.at),
                                )
                            })
                            .collect();
                        if !recent.is_empty() {
                            tracing::debug!(
                                bookings = recent.len(),
                                "handing Redis this worker's recent bookings"
                            );
                        }
                        scripts::import(
                            &mut connection,
                            &self.keys,
                            &windows,
                            &self.worker,
                            &recent,
                        )
                        .await?;
                    }
                    Ok(Acquired::ImportFirst) => {
                        return Err(RedisError::from((
                            redis::ErrorKind::Client,
                            "Redis forgot this worker's bookings twice in a row",
                        )));
                    }
                    // The manager has begun reconnecting: one more try uses the new
                    // connection (a Redis that restarted answers it).
                    Err(error) if !retried_connection && error.is_unrecoverable_error() => {
                        retried_connection = true;
                    }
                    Err(error) => return Err(error),
                }
            }
        };
        match tokio::time::timeout(limit, work).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(error)) => Err(Failure::Redis(describe(&error))),
            Err(_) if limit < self.redis_timeout => Err(Failure::Deadline),
            Err(_) => Err(Failure::Redis(format!(
                "no answer within {:?}",
                self.redis_timeout
            ))),
        }
    }

    async fn through_fallback(&self, deadline: Instant) -> Result<Permit, PacingError> {
        match &self.local {
            None => {
                let reason = self.lock().outage.as_ref().map_or_else(
                    || "Redis is unreachable".to_owned(),
                    |outage| format!("Redis is unreachable: {}", outage.reason),
                );
                Err(PacingError::Unavailable { reason })
            }
            Some(local) => {
                let left = deadline.saturating_duration_since(self.clock.now());
                let permit = local.acquire(left).await?;
                let mut state = self.lock();
                self.remember(
                    &mut state,
                    permit.token() & !REDIS_TOKEN,
                    permit.granted_at(),
                );
                Ok(permit)
            }
        }
    }

    async fn acquire_within(&self, within: Duration) -> Result<Permit, PacingError> {
        let start = self.clock.now();
        let deadline = start.checked_add(within).unwrap_or(start + MAX_PAUSE);
        loop {
            let now = self.clock.now();
            let left = deadline.saturating_duration_since(now);
            let wait = if let Some(wait) = self.local_pause(now) {
                wait
            } else if self.should_try_redis(now) {
                match self.through_redis(left).await {
                    Ok(answer) => {
                        self.redis_answered();
                        match answer {
                            Answer::Booked(permit) => return Ok(permit),
                            Answer::Wait(wait) => wait,
                        }
                    }
                    Err(Failure::Deadline) => {
                        return Err(PacingError::PastDeadline { wait: left });
                    }
                    Err(Failure::Redis(reason)) => {
                        self.redis_failed(reason);
                        return self.through_fallback(deadline).await;
                    }
                }
            } else {
                return self.through_fallback(deadline).await;
            };
            let left = deadline.saturating_duration_since(self.clock.now());
            if wait >= left {
                return Err(PacingError::PastDeadline { wait });
            }
            tracing::debug!(
                wait_ms = wait.as_millis() as u64,
                "shared budget: pacing request"
            );
            self.clock.sleep(wait).await;
        }
    }

    /// Pauses every worker on the budget: this one at once, the others once Redis has it.
    fn cool_down(&self, wait: Duration) {
        let wait = wait.min(MAX_PAUSE);
        if wait.is_zero() {
            return;
        }
        let now = self.clock.now();
        let until = now + wait;
        let redis_up = {
            let mut state = self.lock();
            state.paused_until = Some(state.paused_until.map_or(until, |old| old.max(until)));
            state.outage.is_none()
        };
        if let Some(local) = &self.local {
            local.penalize(wait);
        }
        if redis_up {
            self.spawn_redis("cooldown", move |mut connection, keys| async move {
                scripts::cooldown(&mut connection, &keys, wait).await
            });
        }
    }

    /// Runs a Redis call that the sync parts of the [`Pacer`] trait cannot wait for.
    fn spawn_redis<F, Fut>(&self, what: &'static str, call: F)
    where
        F: FnOnce(ConnectionManager, Keys) -> Fut + Send + 'static,
        Fut: Future<Output = redis::RedisResult<()>> + Send + 'static,
    {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::debug!(what, "no Tokio runtime: Redis is not told");
            return;
        };
        let Ok(connection) = self.connection() else {
            return;
        };
        let keys = self.keys.clone();
        let timeout = self.redis_timeout;
        runtime.spawn(async move {
            match tokio::time::timeout(timeout, call(connection, keys)).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    tracing::debug!(what, error = %describe(&error), "Redis call failed")
                }
                Err(_) => tracing::debug!(what, "Redis call timed out"),
            }
        });
    }
}

/// A Redis error in words, without the address (which may hold a password).
fn describe(error: &RedisError) -> String {
    error.to_string()
}

impl Pacer for RedisPacer {
    fn acquire(&self, within: Duration) -> BoxFuture<'_, Result<Permit, PacingError>> {
        Box::pin(self.inner.acquire_within(within))
    }

    /// Moves the booking to the Redis server's now (it never moves back): the vendor has
    /// counted the request by the time its answer arrives, so the booking then counts a
    /// full window from a moment no earlier than the vendor's own.
    fn settle(&self, permit: Permit) {
        let inner = &self.inner;
        let token = permit.token();
        {
            let now = inner.clock.now();
            let mut state = inner.lock();
            if let Some(recent) = state.recent.iter_mut().rev().find(|r| r.token == token) {
                recent.at = recent.at.max(now);
            }
        }
        if token & REDIS_TOKEN == 0 {
            if let Some(local) = &inner.local {
                local.settle(permit);
            }
            return;
        }
        if inner.lock().outage.is_some() {
            return;
        }
        let booking = inner.booking_id(token);
        let windows = inner.window_args(&inner.lock().limits);
        inner.spawn_redis("settle", move |mut connection, keys| async move {
            scripts::settle(&mut connection, &keys, &windows, &booking).await
        });
    }

    /// Keeps the report for [`Pacer::status`]; adopts a reported limit lower than the
    /// policy's for the window it speaks of; and when nothing remains, pauses every worker
    /// until the reported reset (at most one window; a whole window when none is given).
    fn observe(&self, report: &BudgetReport) {
        if report.is_empty() {
            return;
        }
        let inner = &self.inner;
        {
            let mut state = inner.lock();
            state.status = RateLimitStatus {
                limit: report.limit,
                used: report.used,
                remaining: report.remaining,
            };
            if let Some(reported) = report.limit.filter(|limit| *limit > 0) {
                for (window, limit) in inner.windows.iter().zip(state.limits.iter_mut()) {
                    if window.period == report.window {
                        *limit = window.limit.min(reported);
                    }
                }
            }
        }
        if report.remaining == Some(0) {
            inner.cool_down(report.reset.unwrap_or(report.window).min(report.window));
        }
    }

    /// Pauses every worker on the budget for `wait` (at most
    /// [`MAX_PAUSE`](client_core::rate_limit::MAX_PAUSE)), keeping a longer pause already set.
    fn penalize(&self, wait: Duration) {
        self.inner.cool_down(wait);
    }

    /// What the server last reported to this worker.
    fn status(&self) -> RateLimitStatus {
        self.inner.lock().status
    }
}
