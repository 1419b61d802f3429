//! Time, sleeping and jitter, injectable so that retry and rate-limit tests are exact.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use futures::future::BoxFuture;

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
    rng: Mutex<SplitMix64>,
}

impl RandomJitter {
    /// Jitter seeded from the operating system.
    pub fn from_entropy() -> Self {
        Self {
            rng: Mutex::new(SplitMix64::new(random_u64())),
        }
    }

    /// Jitter that draws the same sequence for the same seed.
    pub fn seeded(seed: u64) -> Self {
        Self {
            rng: Mutex::new(SplitMix64::new(seed)),
        }
    }
}

impl Jitter for RandomJitter {
    fn pick(&self, max: Duration) -> Duration {
        let max_nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        Duration::from_nanos(rng.below_or_equal(max_nanos))
    }
}

/// A 64-bit value that is different in every call and every process: the operating
/// system's randomness, as the standard library draws it for `HashMap` keys, stirred with a
/// counter. Good for backoff jitter, nonces and worker names, which must not repeat; **not**
/// for secrets (it is not a cryptographic generator).
///
/// ```
/// let (a, b) = (client_core::clock::random_u64(), client_core::clock::random_u64());
/// assert_ne!(a, b);
/// ```
pub fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher, RandomState};
    use std::sync::atomic::{AtomicU64, Ordering};

    // Each `RandomState` holds keys drawn from the OS once per thread and then stepped, so
    // two calls never hash alike; the counter separates calls that share a state anyway.
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    SplitMix64::new(hasher.finish()).next_u64()
}

/// Sebastiano Vigna's SplitMix64: a tiny generator whose outputs are uniform enough for
/// jitter, and that repeats exactly for a seed.
#[derive(Debug, Clone)]
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..=max`, without the bias of a plain modulo (Lemire's widening multiply,
    /// retried on the rare draw that would favour low values).
    fn below_or_equal(&mut self, max: u64) -> u64 {
        let Some(range) = max.checked_add(1) else {
            return self.next_u64();
        };
        let threshold = range.wrapping_neg() % range;
        loop {
            let wide = u128::from(self.next_u64()) * u128::from(range);
            // The low half decides acceptance; the high half is the value, below `range`.
            let low = wide as u64;
            if low >= threshold {
                return (wide >> 64) as u64;
            }
        }
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
    fn random_values_do_not_repeat() {
        let drawn: std::collections::HashSet<u64> = (0..10_000).map(|_| random_u64()).collect();
        assert_eq!(drawn.len(), 10_000);
    }

    #[test]
    fn draws_cover_the_range_and_its_ends() {
        let mut rng = SplitMix64::new(42);
        let mut seen = [0_u32; 4];
        for _ in 0..4_000 {
            let value = rng.below_or_equal(3);
            assert!(value <= 3);
            seen[usize::try_from(value).unwrap()] += 1;
        }
        // Uniform: each of the four values about 1,000 times.
        assert!(
            seen.iter().all(|count| (850..1_150).contains(count)),
            "{seen:?}"
        );
        assert_eq!(SplitMix64::new(1).below_or_equal(0), 0);
        let _ = SplitMix64::new(1).below_or_equal(u64::MAX);
    }

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
