//! The feed functions' own budgets.
//!
//! Newegg limits each function on its own (field notes §2.3): feed submissions 10 a minute,
//! the status and result reads 10,000 an hour each, the item inventory functions 10,000 an
//! hour. The engine paces per client, so the feed functions get engines of their own, built
//! from the same settings (base URL, credentials, timeouts, retries, clock) with their own
//! pacer: a submission never waits behind inventory updates, the `X-RateLimit-*` headers of a
//! submit answer (the submit function's window) never pause the inventory updates, and status
//! polls never spend the submissions' ten a minute. Beside them, the hourly record allowance
//! is counted in records ([`RecordAllowance`]).

use std::sync::Arc;
use std::time::Duration;

use client_core::rate_limit::RateLimitPolicy;
use client_core::{ConfigureEngine, EngineBuilder, HttpEngine, Pacer};

use super::allowance::RecordAllowance;
use super::{FEED_READS_PER_HOUR, FEED_RECORDS_PER_HOUR, FEED_SUBMITS_PER_MINUTE};

/// How feed submissions are paced, when the caller chose.
#[derive(Debug, Clone)]
pub(crate) enum SubmitPacing {
    /// An in-process moving window.
    Policy(RateLimitPolicy),
    /// The caller's pacer (shared between processes, say).
    Pacer(Arc<dyn Pacer>),
}

/// The feed settings a client builder collects.
#[derive(Debug, Clone)]
pub(crate) struct FeedSettings {
    /// `None`: [`default_feed_rate_limit`].
    pub(crate) submit_pacing: Option<SubmitPacing>,
    /// Records per hour.
    pub(crate) record_allowance: u32,
}

impl Default for FeedSettings {
    fn default() -> Self {
        Self {
            submit_pacing: None,
            record_allowance: FEED_RECORDS_PER_HOUR,
        }
    }
}

/// How fast a client submits feeds unless told otherwise: 10 in any minute, Newegg's limit
/// for each inventory feed type. Both inventory feed types share it (a client submits one of
/// them on its platform).
pub fn default_feed_rate_limit() -> RateLimitPolicy {
    RateLimitPolicy::per_window(FEED_SUBMITS_PER_MINUTE, Duration::from_secs(60))
}

/// How fast a client reads feed status and results: 10,000 in any hour (the limit of each
/// function; the two share one budget here, which is never more than Newegg allows).
fn feed_read_rate_limit() -> RateLimitPolicy {
    RateLimitPolicy::per_window(FEED_READS_PER_HOUR, Duration::from_secs(60 * 60))
}

/// The engines and the record count of the Datafeed functions.
#[derive(Debug, Clone)]
pub(crate) struct FeedEngines {
    /// `submitfeed`, paced by the submit budget.
    pub(crate) submit: HttpEngine,
    /// `status` and `result`, paced by the read budget.
    pub(crate) read: HttpEngine,
    /// The hourly record allowance.
    pub(crate) records: RecordAllowance,
}

impl FeedEngines {
    /// Engines like the one `engine` builds, each with its feed budget.
    pub(crate) fn build(
        engine: &EngineBuilder,
        settings: &FeedSettings,
    ) -> Result<Self, client_core::Error> {
        let submit = match &settings.submit_pacing {
            None => engine.clone().rate_limit(default_feed_rate_limit()),
            Some(SubmitPacing::Policy(policy)) => engine.clone().rate_limit(policy.clone()),
            Some(SubmitPacing::Pacer(pacer)) => engine.clone().pacer(Arc::clone(pacer)),
        }
        .build()?;
        let read = engine.clone().rate_limit(feed_read_rate_limit()).build()?;
        let records = RecordAllowance::new(settings.record_allowance, submit.clock().clone());
        Ok(Self {
            submit,
            read,
            records,
        })
    }
}
