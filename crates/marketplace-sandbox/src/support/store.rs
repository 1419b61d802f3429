//! What every fake holds besides its settings: the live state, the state it started with (so a
//! reset can return to it) and its rate-limit windows (so a reset can empty them).

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use super::clock::whole_seconds_up;
use super::rate_limit::{RateDecision, RateLimit, SlidingWindow};

/// A fake's state and rate windows. A window is named by its index in the list the fake gave
/// [`Store::new`]; a fake that enforces no limit gives none.
#[derive(Debug)]
pub struct Store<S> {
    state: Mutex<S>,
    initial: S,
    windows: Mutex<Vec<SlidingWindow>>,
}

impl<S: Clone> Store<S> {
    /// Starts from `state`, which is also what [`Store::reset`] returns to.
    pub(crate) fn new(state: S, limits: impl IntoIterator<Item = RateLimit>) -> Self {
        Self {
            initial: state.clone(),
            state: Mutex::new(state),
            windows: Mutex::new(limits.into_iter().map(SlidingWindow::new).collect()),
        }
    }

    /// The live state. A route that panicked while holding it does not poison the fake.
    pub(crate) fn state(&self) -> MutexGuard<'_, S> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn windows(&self) -> MutexGuard<'_, Vec<SlidingWindow>> {
        self.windows.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts one request against window `index`; `None` when the fake has no such window (no
    /// limit is enforced).
    pub(crate) fn admit(&self, index: usize) -> Option<RateDecision> {
        self.windows()
            .get_mut(index)
            .map(|window| window.try_acquire(Instant::now()))
    }

    /// Window `index` as it stands, without counting a request.
    pub(crate) fn peek(&self, index: usize) -> Option<RateDecision> {
        self.windows()
            .get_mut(index)
            .map(|window| window.peek(Instant::now()))
    }

    /// Counts one request against window `index` and, when the window refuses it, the whole
    /// seconds (at least one) until it admits again: what `Retry-After` says. Rounded up, so a
    /// client that waits that long is admitted (rounding down would announce a retry that is
    /// refused again).
    pub(crate) fn refusal(&self, index: usize) -> Option<u64> {
        self.admit(index)
            .filter(|decision| !decision.allowed)
            .map(|decision| whole_seconds_up(decision.resets_in).max(1))
    }

    /// Gives window `index` a new budget and empties it.
    pub(crate) fn set_limit(&self, index: usize, limit: RateLimit) {
        if let Some(window) = self.windows().get_mut(index) {
            window.set_limit(limit);
            window.reset();
        }
    }

    /// Back to the state the fake started with, every window empty.
    pub(crate) fn reset(&self) {
        *self.state() = self.initial.clone();
        for window in self.windows().iter_mut() {
            window.reset();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_restores_the_state_and_empties_every_window() {
        let store = Store::new(
            vec![1],
            [RateLimit::per_minute(1), RateLimit::per_minute(1)],
        );
        store.state().push(2);
        assert!(store.admit(0).is_some_and(|decision| decision.allowed));
        assert!(store.admit(1).is_some_and(|decision| decision.allowed));
        assert!(store.admit(0).is_some_and(|decision| !decision.allowed));
        assert!(store.admit(2).is_none());
        store.reset();
        assert_eq!(*store.state(), vec![1]);
        assert!(store.admit(0).is_some_and(|decision| decision.allowed));
        assert!(store.admit(1).is_some_and(|decision| decision.allowed));
    }
}
