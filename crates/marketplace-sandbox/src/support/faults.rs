//! Switches a test flips to make a fake misbehave on purpose.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http::StatusCode;

use super::random_faults::{FaultDraws, InjectedFaults, RandomFault, RandomFaults};

/// Fault switches shared by every fake: fail requests, slow answers down, or cut bodies short.
///
/// Cloning gives another handle on the same switches. Failures and cuts are counted down one per
/// request; the delay stays until [`FaultSwitches::clear`] or
/// [`FaultSwitches::clear_delay`]. [`FaultSwitches::inject_randomly`] adds seeded faults of every
/// kind to a share of requests, for soak tests; the counted switches go first when both are set.
///
/// ```
/// # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
/// use std::time::Duration;
/// let sandbox = marketplace_sandbox::newegg::NeweggSandbox::start().await?;
/// sandbox.faults().fail_next(2, 503);
/// sandbox.faults().fail_next_with_retry_after(1, 429, Duration::from_secs(3));
/// sandbox.faults().delay_responses(Duration::from_millis(20));
/// sandbox.faults().cut_next_bodies(1);
/// sandbox.faults().clear();
///
/// // One request in ten meets a 5xx, a 429, a late answer or a cut body, from seed 7.
/// sandbox.faults().inject_randomly(
///     marketplace_sandbox::RandomFaults::new(100, 7)
///         .retry_after(Duration::ZERO)
///         .delay(Duration::from_millis(400)),
/// );
/// assert_eq!(sandbox.faults().injected().total(), 0);
/// # Ok(()) }
/// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
/// ```
#[derive(Debug, Clone, Default)]
pub struct FaultSwitches {
    state: Arc<Mutex<FaultState>>,
}

#[derive(Debug, Default)]
struct FaultState {
    failures: std::collections::VecDeque<InjectedFailure>,
    delay: Option<Duration>,
    cuts_remaining: usize,
    random: Option<FaultDraws>,
    injected: InjectedFaults,
}

/// One request the fake will refuse instead of answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InjectedFailure {
    /// The HTTP status of the refusal.
    pub(crate) status: StatusCode,
    /// The `Retry-After` header to send, if any.
    pub(crate) retry_after: Option<Duration>,
}

impl FaultSwitches {
    fn lock(&self) -> MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers the next `count` requests with `status` (and the vendor's error body for it)
    /// without touching the fake's state. A status outside 100–999 is sent as 500.
    pub fn fail_next(&self, count: usize, status: u16) {
        self.push_failures(count, status, None);
    }

    /// Like [`FaultSwitches::fail_next`], and adds `Retry-After: <whole seconds>` to each refusal.
    pub fn fail_next_with_retry_after(&self, count: usize, status: u16, retry_after: Duration) {
        self.push_failures(count, status, Some(retry_after));
    }

    fn push_failures(&self, count: usize, status: u16, retry_after: Option<Duration>) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut state = self.lock();
        for _ in 0..count {
            state.failures.push_back(InjectedFailure {
                status,
                retry_after,
            });
        }
    }

    /// Holds every answer back by `delay` before it is sent, until cleared.
    pub fn delay_responses(&self, delay: Duration) {
        self.lock().delay = Some(delay);
    }

    /// Stops delaying answers.
    pub fn clear_delay(&self) {
        self.lock().delay = None;
    }

    /// Sends only the first half of the body of the next `count` answers and then closes the
    /// connection, so the client sees a body that ends early.
    pub fn cut_next_bodies(&self, count: usize) {
        let mut state = self.lock();
        state.cuts_remaining = state.cuts_remaining.saturating_add(count);
    }

    /// From now on, each request gets a fault drawn from `faults` (see [`RandomFaults`]): a
    /// 5xx or a 429 before the fake's state is touched, a late answer or a cut body after it.
    /// Replaces an earlier random setting; the counted switches keep working and go first.
    pub fn inject_randomly(&self, faults: RandomFaults) {
        self.lock().random = Some(FaultDraws::new(faults));
    }

    /// Stops the random faults (the counted switches and the counts stay).
    pub fn stop_random_faults(&self) {
        self.lock().random = None;
    }

    /// How many faults of each kind were injected so far.
    pub fn injected(&self) -> InjectedFaults {
        self.lock().injected
    }

    /// How many injected failures are still waiting.
    pub fn pending_failures(&self) -> usize {
        self.lock().failures.len()
    }

    /// Turns every switch off.
    pub fn clear(&self) {
        *self.lock() = FaultState::default();
    }

    pub(crate) fn take_failure(&self) -> Option<InjectedFailure> {
        let mut state = self.lock();
        let failure = state.failures.pop_front()?;
        count_failure(&mut state.injected, failure.status);
        Some(failure)
    }

    /// The random fault for this request, if it gets one. A failure is counted here; a delay
    /// and a cut are counted by the responder once it has applied them
    /// ([`FaultSwitches::count_delay`], [`FaultSwitches::count_cut`]).
    pub(crate) fn draw_random(&self) -> Option<RandomFault> {
        let mut state = self.lock();
        let fault = state.random.as_mut()?.draw()?;
        match fault {
            RandomFault::ServerError(status) => count_failure(&mut state.injected, status),
            RandomFault::RateLimited(_) => state.injected.rate_limited += 1,
            RandomFault::Delayed(_) | RandomFault::Cut => {}
        }
        Some(fault)
    }

    pub(crate) fn count_delay(&self) {
        self.lock().injected.delayed += 1;
    }

    pub(crate) fn count_cut(&self) {
        self.lock().injected.cut += 1;
    }

    pub(crate) fn delay(&self) -> Option<Duration> {
        self.lock().delay
    }

    pub(crate) fn take_cut(&self) -> bool {
        let mut state = self.lock();
        if state.cuts_remaining > 0 {
            state.cuts_remaining -= 1;
            state.injected.cut += 1;
            true
        } else {
            false
        }
    }
}

fn count_failure(counts: &mut InjectedFaults, status: StatusCode) {
    if status == StatusCode::TOO_MANY_REQUESTS {
        counts.rate_limited += 1;
    } else if status.is_server_error() {
        counts.server_errors += 1;
    }
}
