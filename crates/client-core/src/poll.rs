//! When to ask again about a job the server works through in its own time (an upload, an
//! export): pauses that double from a first gap up to a cap, within an overall deadline.

use std::time::Duration;

/// The pauses between polls of a job.
///
/// ```
/// use std::time::Duration;
/// use client_core::poll::PollSchedule;
///
/// let schedule = PollSchedule::new(
///     Duration::from_secs(2),
///     Duration::from_secs(5),
///     Duration::from_secs(10),
/// );
/// let secs = |n| Some(Duration::from_secs(n));
/// assert_eq!(schedule.pause_after(1, Duration::ZERO), secs(2));
/// assert_eq!(schedule.pause_after(2, Duration::from_secs(2)), secs(4));
/// assert_eq!(schedule.pause_after(3, Duration::from_secs(6)), secs(4)); // 4 s are left
/// assert_eq!(schedule.pause_after(4, Duration::from_secs(10)), None); // the deadline
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollSchedule {
    first: Duration,
    max: Duration,
    deadline: Duration,
}

impl PollSchedule {
    /// Pauses start at `first` and double up to `max`; polling stops at `deadline` after the
    /// first poll.
    pub fn new(first: Duration, max: Duration, deadline: Duration) -> Self {
        Self {
            first,
            max,
            deadline,
        }
    }

    /// The pause before the next poll, after `polls` polls (counted from 1) and `elapsed`
    /// since the first. The last pause is cut so that the last poll falls on the deadline;
    /// `None` once the deadline is reached.
    pub fn pause_after(&self, polls: u32, elapsed: Duration) -> Option<Duration> {
        let left = self
            .deadline
            .checked_sub(elapsed)
            .filter(|left| !left.is_zero())?;
        let doublings = polls.saturating_sub(1).min(31);
        let gap = self
            .first
            .saturating_mul(1u32 << doublings)
            .min(self.max.max(self.first));
        Some(gap.min(left))
    }
}
