//! Faults drawn at random for a share of requests, from a seed, so a soak test meets every kind
//! of failure in an order it can reproduce.

use std::time::Duration;

use http::StatusCode;

/// How [`FaultSwitches::inject_randomly`](crate::FaultSwitches::inject_randomly) picks faults:
/// each request, with probability `per_thousand / 1000`, gets one fault chosen evenly among
/// four kinds.
///
/// | kind | when | what the client sees |
/// |---|---|---|
/// | server error | before the fake's state is touched | a 5xx from [`RandomFaults::server_errors`] (500, 502, 503, 504 by default), with the vendor's error body |
/// | rate limited | before the fake's state is touched | a 429 with the vendor's body and `Retry-After: <whole seconds>` ([`RandomFaults::retry_after`]) |
/// | delayed | **after** the fake applied the request | the answer held back by [`RandomFaults::delay`]; set it past the client's attempt timeout and the client times out although the work was done |
/// | cut | **after** the fake applied the request | the head and half of the body, then the connection closes (an answer without a body cannot be cut and gets no fault) |
///
/// The draws come from a small seeded generator (SplitMix64), so the same seed gives the same
/// sequence of decisions; which request meets which decision depends on the order requests
/// arrive in.
///
/// ```
/// use std::time::Duration;
/// use marketplace_sandbox::RandomFaults;
///
/// let faults = RandomFaults::new(100, 7) // one request in ten, seed 7
///     .retry_after(Duration::from_secs(1))
///     .delay(Duration::from_millis(400))
///     .server_errors([500, 503]);
/// assert_eq!(faults.per_thousand(), 100);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomFaults {
    per_thousand: u32,
    seed: u64,
    server_errors: Vec<StatusCode>,
    retry_after: Duration,
    delay: Duration,
}

impl RandomFaults {
    /// Faults for `per_thousand` requests in 1,000 (100 is 10%; more than 1,000 counts as
    /// 1,000), drawn from `seed`. A 429 asks for 1 s and a delay lasts 2 s until set otherwise.
    pub fn new(per_thousand: u32, seed: u64) -> Self {
        Self {
            per_thousand: per_thousand.min(1000),
            seed,
            server_errors: [500, 502, 503, 504]
                .into_iter()
                .filter_map(|code| StatusCode::from_u16(code).ok())
                .collect(),
            retry_after: Duration::from_secs(1),
            delay: Duration::from_secs(2),
        }
    }

    /// The `Retry-After` of an injected 429, sent in whole seconds (0 is allowed).
    pub fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = wait;
        self
    }

    /// How long a delayed answer is held back after the fake applied its request.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The statuses a server-error fault picks from, evenly. Codes that are not 5xx are left
    /// out; with none left, 500 is used.
    pub fn server_errors(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.server_errors = statuses
            .into_iter()
            .filter(|code| (500..=599).contains(code))
            .filter_map(|code| StatusCode::from_u16(code).ok())
            .collect();
        self
    }

    /// Faulted requests per 1,000.
    pub fn per_thousand(&self) -> u32 {
        self.per_thousand
    }
}

/// How many faults of each kind the switches have injected, random and counted ones alike,
/// since the fake started or was last [cleared](crate::FaultSwitches::clear).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InjectedFaults {
    /// 5xx answers sent instead of the fake's.
    pub server_errors: u64,
    /// 429 answers sent instead of the fake's.
    pub rate_limited: u64,
    /// Answers held back after the fake applied the request (random faults only; the global
    /// [`delay_responses`](crate::FaultSwitches::delay_responses) is not counted).
    pub delayed: u64,
    /// Answers whose body was cut mid-way after the fake applied the request.
    pub cut: u64,
}

impl InjectedFaults {
    /// Every fault counted.
    pub fn total(&self) -> u64 {
        self.server_errors + self.rate_limited + self.delayed + self.cut
    }
}

/// One fault drawn for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RandomFault {
    ServerError(StatusCode),
    RateLimited(Duration),
    Delayed(Duration),
    Cut,
}

/// The seeded draws of a [`RandomFaults`] setting.
#[derive(Debug)]
pub(crate) struct FaultDraws {
    settings: RandomFaults,
    generator: SplitMix64,
}

impl FaultDraws {
    pub(crate) fn new(settings: RandomFaults) -> Self {
        Self {
            generator: SplitMix64(settings.seed),
            settings,
        }
    }

    /// The fault for the next request, if it gets one.
    pub(crate) fn draw(&mut self) -> Option<RandomFault> {
        if self.generator.below(1000) >= u64::from(self.settings.per_thousand) {
            return None;
        }
        Some(match self.generator.below(4) {
            0 => {
                let statuses = &self.settings.server_errors;
                let pick = usize::try_from(self.generator.below(statuses.len() as u64))
                    .unwrap_or_default();
                RandomFault::ServerError(
                    statuses
                        .get(pick)
                        .copied()
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                )
            }
            1 => RandomFault::RateLimited(self.settings.retry_after),
            2 => RandomFault::Delayed(self.settings.delay),
            _ => RandomFault::Cut,
        })
    }
}

/// SplitMix64 (Steele, Lea and Flood): a few lines, statistically fine for picking faults, and
/// the same sequence on every platform for a seed.
#[derive(Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A draw in `0..bound` (0 when `bound` is 0); the modulo bias is far below what a fault
    /// mix can notice for the small bounds used here.
    fn below(&mut self, bound: u64) -> u64 {
        self.next().checked_rem(bound).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(settings: RandomFaults, requests: usize) -> [usize; 5] {
        let mut draws = FaultDraws::new(settings);
        let mut counts = [0; 5];
        for _ in 0..requests {
            let slot = match draws.draw() {
                None => 0,
                Some(RandomFault::ServerError(_)) => 1,
                Some(RandomFault::RateLimited(_)) => 2,
                Some(RandomFault::Delayed(_)) => 3,
                Some(RandomFault::Cut) => 4,
            };
            counts[slot] += 1;
        }
        counts
    }

    #[test]
    fn a_tenth_of_requests_get_a_fault_spread_evenly_over_the_four_kinds() {
        let counts = tally(RandomFaults::new(100, 42), 100_000);
        let faulted: usize = counts[1..].iter().sum();
        assert!((9_500..=10_500).contains(&faulted), "{counts:?}");
        for kind in &counts[1..] {
            assert!((2_200..=2_800).contains(kind), "{counts:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_decisions_and_another_seed_others() {
        let run = |seed| {
            let mut draws = FaultDraws::new(RandomFaults::new(300, seed));
            (0..200).map(|_| draws.draw()).collect::<Vec<_>>()
        };
        assert_eq!(run(9), run(9));
        assert_ne!(run(9), run(10));
    }

    #[test]
    fn rates_are_bounded_and_server_errors_are_only_5xx() {
        assert_eq!(tally(RandomFaults::new(0, 1), 10_000)[0], 10_000);
        assert_eq!(tally(RandomFaults::new(5_000, 1), 10_000)[0], 0);
        let mut draws = FaultDraws::new(RandomFaults::new(1000, 3).server_errors([404, 502]));
        let statuses: std::collections::BTreeSet<u16> = (0..1_000)
            .filter_map(|_| match draws.draw() {
                Some(RandomFault::ServerError(status)) => Some(status.as_u16()),
                _ => None,
            })
            .collect();
        assert_eq!(statuses, [502].into());
        // With no 5xx left the fault still answers, with a 500.
        let mut draws = FaultDraws::new(RandomFaults::new(1000, 3).server_errors([200]));
        let any = (0..100).find_map(|_| match draws.draw() {
            Some(RandomFault::ServerError(status)) => Some(status.as_u16()),
            _ => None,
        });
        assert_eq!(any, Some(500));
    }
}
