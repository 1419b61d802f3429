//! Time, sleeping and jitter, injectable so that retry and rate-limit tests are exact.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use futures::future::BoxFuture;
use rand::{Rng, SeedableRng, rngs::StdRng};

/// A source of time and of sleeping.
///
/// The engine never calls `Instant::now` or `tokio::time::sleep` directly; it asks its clock.
/// Production code uses [`SystemClock`]; tests use [`ManualClock`], whose sleeps return at once
/// and advance its time, so a test of a 30-second backoff runs in microseconds and can assert
/// the exact sleeps.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current monotonic instant.
    fn now(&self) -> Instant;
    /// The current wall-clock time (for `Retry-After` dates and request timestamps).
    fn wall_time(&self) -> SystemTime;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The real clock: `std::time` and `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn wall_time(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock for tests: time stands still until something sleeps or [`ManualClock::advance`]
/// is called, and every sleep is recorded.
///
/// ```
/// use std::time::Duration;
/// use client_core::clock::{Clock, ManualClock};
///
/// # tokio_test_block_on(async {
/// let clock = ManualClock::new();
/// let start = clock.now();
/// clock.sleep(Duration::from_secs(30)).await;
/// assert_eq!(clock.now() - start, Duration::from_secs(30));
/// assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     futures::executor::block_on(f)
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<ManualState>>,
}

#[derive(Debug)]
struct ManualState {
    start: Instant,
    wall_start: SystemTime,
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock that starts now, with the wall time of now.
    pub fn new() -> Self {
        Self::starting_at(SystemTime::now())
    }

    /// A clock whose wall time starts at `wall_start` (handy for fixed timestamps in tests).
    pub fn starting_at(wall_start: SystemTime) -> Self {
        Self {
            inner: Arc::new(Mutex::new(ManualState {
                start: Instant::now(),
                wall_start,
                elapsed: Duration::ZERO,
                sleeps: Vec::new(),
            })),
        }
    }

    /// Moves time forward without recording a sleep.
    pub fn advance(&self, by: Duration) {
        self.with_state(|state| state.elapsed += by);
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.with_state(|state| state.sleeps.clone())
    }

    /// Time passed since the clock was made.
    pub fn elapsed(&self) -> Duration {
        self.with_state(|state| state.elapsed)
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut ManualState) -> T) -> T {
        // A panic while holding this lock cannot leave the state half-written, so a poisoned
        // lock is safe to keep using.
        let mut state = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut state)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.with_state(|state| state.start + state.elapsed)
    }

    fn wall_time(&self) -> SystemTime {
        self.with_state(|state| state.wall_start + state.elapsed)
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.with_state(|state| {
            state.elapsed += duration;
            state.sleeps.push(duration);
        });
        Box::pin(futures::future::ready(()))
    }
}

/// Picks the random part of a backoff.
pub trait Jitter: Send + Sync + fmt::Debug {
    /// A duration drawn uniformly from `0..=max`.
    fn pick(&self, max: Duration) -> Duration;
}

/// Jitter from a random generator; seed it for repeatable tests.
#[derive(Debug)]
pub struct RandomJitter {
    rng: Mutex<StdRng>,
}

impl RandomJitter {
    /// Jitter seeded from the operating system.
    pub fn from_entropy() -> Self {
        Self {
            rng: Mutex::new(StdRng::from_os_rng()),
        }
    }

    /// Jitter that draws the same sequence for the same seed.
    pub fn seeded(seed: u64) -> Self {
        Self {
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }
}

impl Jitter for RandomJitter {
    fn pick(&self, max: Duration) -> Duration {
        let max_nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        Duration::from_nanos(rng.random_range(0..=max_nanos))
    }
}

/// Jitter that always picks the full backoff: no randomness, for tests that assert the
/// exponential schedule itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoJitter;

impl Jitter for NoJitter {
    fn pick(&self, max: Duration) -> Duration {
        max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_jitter_repeats_and_stays_in_range() {
        let a = RandomJitter::seeded(7);
        let b = RandomJitter::seeded(7);
        for _ in 0..100 {
            let max = Duration::from_millis(800);
            let x = a.pick(max);
            assert_eq!(x, b.pick(max));
            assert!(x <= max);
        }
    }

    #[tokio::test]
    async fn manual_clock_records_sleeps_and_moves_wall_time() {
        let clock = ManualClock::starting_at(SystemTime::UNIX_EPOCH);
        clock.sleep(Duration::from_secs(2)).await;
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
        assert_eq!(
            clock.wall_time(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(3)
        );
    }
}
