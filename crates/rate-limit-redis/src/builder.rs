//! The settings of a pacer: its Redis, its budget, its fallback.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_core::RateLimitStatus;
use client_core::clock::{Clock, SystemClock};
use client_core::rate_limit::{MovingWindowLimiter, RateLimitPolicy, send_margin};
use redis::{IntoConnectionInfo, RedisError};

use crate::pacer::{Fallback, Inner, RedisPacer, State, WindowSpec};
use crate::scope::{Keys, Scope};

/// The longest one call to Redis may take by default before the pacer counts Redis as
/// unreachable (see [`RedisPacerBuilder::redis_timeout`]).
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(250);

/// How often, by default, the pacer tries Redis again while it is unreachable (see
/// [`RedisPacerBuilder::retry_interval`]).
pub const DEFAULT_RETRY_INTERVAL: Duration = Duration::from_millis(500);

/// The key prefix used unless the caller chooses one.
pub const DEFAULT_PREFIX: &str = "pacer";

/// The most recent bookings a worker remembers, to hand a Redis that lost them.
const MAX_REMEMBERED: usize = 10_000;

/// Why [`RedisPacerBuilder::build`] refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The Redis address could not be read.
    #[error("the Redis address is not valid: {0}")]
    Address(#[source] RedisError),
    /// A setting that has no safe default was left out.
    #[error("`{setting}` must be set: {why}")]
    Missing {
        /// The builder method to call.
        setting: &'static str,
        /// Why it has no default.
        why: &'static str,
    },
    /// A setting has a value the pacer cannot work with.
    #[error("`{setting}` is not valid: {reason}")]
    Invalid {
        /// The builder method.
        setting: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// Settings for a [`RedisPacer`]; see [`RedisPacer::builder`].
#[derive(Debug)]
pub struct RedisPacerBuilder {
    client: Result<redis::Client, RedisError>,
    prefix: String,
    scope: Option<Scope>,
    policy: Option<RateLimitPolicy>,
    fallback: Option<Fallback>,
    expected_workers: Option<u32>,
    redis_timeout: Duration,
    retry_interval: Duration,
}

impl RedisPacerBuilder {
    pub(crate) fn new(client: Result<redis::Client, RedisError>) -> Self {
        Self {
            client,
            prefix: DEFAULT_PREFIX.to_owned(),
            scope: None,
            policy: None,
            fallback: None,
            expected_workers: None,
            redis_timeout: DEFAULT_REDIS_TIMEOUT,
            retry_interval: DEFAULT_RETRY_INTERVAL,
        }
    }

    /// The first part of every key (default [`DEFAULT_PREFIX`]); pick one per application
    /// or environment. It must not contain `{` or `}`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Whose budget this is (required): every pacer with the same prefix and scope shares it.
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = Some(scope);
        self
    }

    /// The vendor's limits (required): every window is enforced across all workers. An
    /// [`RateLimitPolicy::unlimited`] policy shares only the cooldowns.
    pub fn policy(mut self, policy: RateLimitPolicy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// How many workers are expected to share the budget; the default fallback paces each
    /// at `limit / workers` while Redis is away. Required unless [`Self::fallback`] is set.
    pub fn expected_workers(mut self, workers: u32) -> Self {
        self.expected_workers = Some(workers);
        self
    }

    /// What to do while Redis is unreachable (default:
    /// [`Fallback::LocalShare`] with the [expected workers](Self::expected_workers)).
    pub fn fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = Some(fallback);
        self
    }

    /// The longest one call to Redis (connecting included) may take before Redis counts as
    /// unreachable for this acquire (default [`DEFAULT_REDIS_TIMEOUT`]). An acquire never
    /// waits for Redis past the call's own deadline either.
    pub fn redis_timeout(mut self, timeout: Duration) -> Self {
        self.redis_timeout = timeout;
        self
    }

    /// While Redis is unreachable, how often an acquire tries it again (default
    /// [`DEFAULT_RETRY_INTERVAL`]); the acquires in between follow the fallback at once.
    pub fn retry_interval(mut self, interval: Duration) -> Self {
        self.retry_interval = interval;
        self
    }

    /// Checks the settings. Connects to nothing: the first acquire does, and a Redis that
    /// is down at start is handled like one that goes down later.
    pub fn build(self) -> Result<RedisPacer, BuildError> {
        let client = self.client.map_err(BuildError::Address)?;
        if self.prefix.is_empty() || self.prefix.contains(['{', '}']) {
            return Err(BuildError::Invalid {
                setting: "prefix",
                reason: format!(
                    "`{}` must be non-empty and hold no `{{` or `}}` (they delimit the hash tag)",
                    self.prefix
                ),
            });
        }
        let scope = self.scope.ok_or(BuildError::Missing {
            setting: "scope",
            why: "it names whose budget is shared (Scope::discogs_token, Scope::newegg, …)",
        })?;
        let policy = self.policy.ok_or(BuildError::Missing {
            setting: "policy",
            why: "the vendor's limits are what the workers share",
        })?;
        let mut periods = Vec::new();
        for window in policy.windows() {
            if window.limit == 0 || window.period.is_zero() {
                return Err(BuildError::Invalid {
                    setting: "policy",
                    reason: format!("{window:?} admits nothing"),
                });
            }
            if periods.contains(&window.period) {
                return Err(BuildError::Invalid {
                    setting: "policy",
                    reason: format!("two windows of {:?}", window.period),
                });
            }
            periods.push(window.period);
        }
        let fallback = match (self.fallback, self.expected_workers) {
            (Some(fallback), _) => fallback,
            (None, Some(workers)) => Fallback::LocalShare { workers },
            (None, None) => {
                return Err(BuildError::Missing {
                    setting: "expected_workers",
                    why: "while Redis is away each worker paces at limit / workers; \
                          or choose a fallback",
                });
            }
        };
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let local = match fallback {
            Fallback::LocalShare { workers: 0 } => {
                return Err(BuildError::Invalid {
                    setting: "fallback",
                    reason: "a share of the limit needs at least one worker".to_owned(),
                });
            }
            Fallback::LocalShare { workers } => {
                let mut share = RateLimitPolicy::unlimited();
                for window in policy.windows() {
                    share = share.and_window((window.limit / workers).max(1), window.period);
                }
                Some(MovingWindowLimiter::new(&share, Arc::clone(&clock)))
            }
            Fallback::Fail => None,
        };
        let windows: Vec<WindowSpec> = policy
            .windows()
            .iter()
            .map(|window| WindowSpec {
                period: window.period,
                limit: window.limit,
                span: window.period + send_margin(window.period),
            })
            .collect();
        let max_remembered = windows
            .iter()
            .map(|window| usize::try_from(window.limit).unwrap_or(usize::MAX))
            .max()
            .unwrap_or(0)
            .min(MAX_REMEMBERED);
        Ok(RedisPacer {
            inner: Arc::new(Inner {
                client,
                connection: Mutex::new(None),
                keys: Keys::new(&self.prefix, &scope, &periods),
                scope,
                state: Mutex::new(State {
                    next_token: 0,
                    recent: VecDeque::new(),
                    paused_until: None,
                    status: RateLimitStatus::default(),
                    limits: windows.iter().map(|window| window.limit).collect(),
                    outage: None,
                }),
                windows,
                max_remembered,
                fallback,
                local,
                clock,
                redis_timeout: self.redis_timeout,
                retry_interval: self.retry_interval,
                worker: format!("{:016x}", client_core::clock::random_u64()),
            }),
        })
    }
}

impl RedisPacer {
    /// Starts the settings of a pacer on the Redis at `address`
    /// (`redis://[:password@]host:port[/db]`). TLS (`rediss://`) would need a TLS feature of
    /// the `redis` crate, which this crate does not enable; such an address fails `build()`.
    pub fn builder(address: impl IntoConnectionInfo) -> RedisPacerBuilder {
        RedisPacerBuilder::new(redis::Client::open(address))
    }

    /// Starts the settings of a pacer on a Redis client the caller built.
    pub fn builder_with_client(client: redis::Client) -> RedisPacerBuilder {
        RedisPacerBuilder::new(Ok(client))
    }
}
