//! Jobs Discogs works through in its own time (uploads and exports): their states, and waiting
//! for them to finish, written once for both kinds.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use client_core::header::{HeaderValue, IF_MODIFIED_SINCE};
use client_core::{HttpEngine, Method, Request, RequestSummary, Response, Route, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use time::PrimitiveDateTime;
use time::format_description::well_known::Iso8601;

use crate::error::DiscogsError;
use client_core::open_enum;

/// Declares the ID type of a kind of job: a number Discogs hands out in the `Location` of the
/// answer that created the job, under `$path`.
macro_rules! job_id {
    ($(#[$meta:meta])* $name:ident, $path:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(u64);

        impl $name {
            /// Wraps a number Discogs handed out.
            #[must_use]
            pub const fn new(id: u64) -> Self {
                Self(id)
            }

            /// The number.
            #[must_use]
            pub const fn get(self) -> u64 {
                self.0
            }

            /// Reads the ID out of a `Location` such as
            #[doc = concat!("`https://api.discogs.com", $path, "599632`.")]
            pub(crate) fn from_location(location: &str) -> Option<Self> {
                let without_query = location.split(['?', '#']).next().unwrap_or("");
                let (_, tail) = without_query.rsplit_once($path)?;
                let digits = tail.trim_end_matches('/');
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits.parse().ok().map(Self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                Self(id)
            }
        }
    };
}

pub(crate) use job_id;

open_enum! {
    /// Where an upload or export job is.
    pub enum JobStatus {
        /// Waiting to be processed.
        Queued => "queued",
        /// Waiting to be processed (the spelling some jobs use).
        Pending => "pending",
        /// Being processed.
        Processing => "processing",
        /// Finished; for an upload, read the [`UploadResults`] for what happened to the rows.
        Success => "success",
        /// Finished without doing the work.
        Failed => "failed",
    }
}

impl JobStatus {
    /// Whether the job has stopped (successfully or not).
    #[must_use]
    pub fn is_finished(&self) -> bool {
        matches!(self, JobStatus::Success | JobStatus::Failed)
    }
}

/// `created_ts` and `finished_ts` are local times without a zone, e.g. `2017-12-18T09:20:28`
/// (ISO 8601, read with time's own parser, which also takes a fraction of a second).
pub(crate) fn timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<PrimitiveDateTime>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => PrimitiveDateTime::parse(text, &Iso8601::PARSING)
            .map(Some)
            .map_err(|error| {
                serde::de::Error::custom(format!(
                    "timestamp `{text}` is not YYYY-MM-DDTHH:MM:SS: {error}"
                ))
            }),
    }
}

/// A job that can be fetched and waited for.
pub(crate) trait Job: DeserializeOwned + Send + 'static {
    /// The route of one job, with an `{id}` placeholder.
    const ROUTE: &'static str;
    /// Whether polls may ask `If-Modified-Since` (Discogs documents it for uploads only).
    const CONDITIONAL: bool;

    /// Where the job is.
    fn status(&self) -> &JobStatus;

    /// When the job ended, once Discogs says.
    fn finished_ts(&self) -> Option<PrimitiveDateTime>;

    /// Whether the job has stopped. A status this crate does not know counts as finished once
    /// Discogs gives a finishing time.
    fn is_finished(&self) -> bool {
        let status = self.status();
        status.is_finished() || (!status.is_known() && self.finished_ts().is_some())
    }
}

/// How one kind of handle waits for its jobs: the poll schedule and the progress callback.
pub(crate) struct JobWatch<T> {
    pub(crate) options: WaitOptions,
    pub(crate) progress: Option<ProgressCallback<T>>,
}

impl<T> Default for JobWatch<T> {
    fn default() -> Self {
        Self {
            options: WaitOptions::default(),
            progress: None,
        }
    }
}

impl<T> Clone for JobWatch<T> {
    fn clone(&self) -> Self {
        Self {
            options: self.options,
            progress: self.progress.clone(),
        }
    }
}

impl<T> fmt::Debug for JobWatch<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobWatch")
            .field("options", &self.options)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

impl<T: Job> JobWatch<T> {
    /// One job's current state.
    pub(crate) async fn get(&self, engine: &HttpEngine, id: u64) -> Result<T, DiscogsError> {
        let response = engine.execute(Request::get(job_route::<T>(id)?)).await?;
        Ok(response.json()?)
    }

    /// Polls the job until it is finished, as [`WaitOptions`] says.
    pub(crate) async fn wait(&self, engine: &HttpEngine, id: u64) -> Result<T, DiscogsError> {
        wait_for(
            engine,
            job_route::<T>(id)?,
            self.options,
            self.progress.as_ref(),
        )
        .await
    }
}

fn job_route<T: Job>(id: u64) -> Result<Route, DiscogsError> {
    Ok(Route::new(T::ROUTE).with("id", &id.to_string())?.finish()?)
}

/// The ID of the job an answer created, read from its `Location` header by `parse`; `what`
/// names the kind of job in the error when there is none.
pub(crate) fn id_from_location<I>(
    response: &Response,
    what: &str,
    parse: impl Fn(&str) -> Option<I>,
) -> Result<I, DiscogsError> {
    let location = response.header("location").ok_or_else(|| {
        response.decode_error(format!(
            "the answer has no Location header naming the {what}"
        ))
    })?;
    parse(location).ok_or_else(|| {
        DiscogsError::from(
            response.decode_error(format!("Location `{location}` does not name an {what}")),
        )
    })
}

/// The `wait_options` and `on_progress` setters of a handle that keeps a
/// [`JobWatch`] of `$job` in `watch`.
macro_rules! job_wait_setters {
    ($job:ty) => {
        /// Sets how [`wait`](Self::wait) polls.
        #[must_use]
        pub fn wait_options(mut self, options: $crate::jobs::WaitOptions) -> Self {
            self.watch.options = options;
            self
        }

        /// Calls `callback` after every poll of [`wait`](Self::wait).
        #[must_use]
        pub fn on_progress(
            mut self,
            callback: impl Fn(&$crate::jobs::WaitProgress<'_, $job>) + Send + Sync + 'static,
        ) -> Self {
            self.watch.progress = Some(::std::sync::Arc::new(callback));
            self
        }
    };
}

pub(crate) use job_wait_setters;

/// Where a wait stands, handed to the progress callback after every poll.
#[derive(Debug)]
#[non_exhaustive]
pub struct WaitProgress<'a, T> {
    /// The job as last reported.
    pub job: &'a T,
    /// How many polls have been made, this one included.
    pub polls: u32,
    /// Time since the wait began (on the client's clock).
    pub elapsed: Duration,
    /// Whether this poll brought news (`false` when Discogs answered 304 Not Modified).
    pub changed: bool,
}

/// A progress callback.
pub type ProgressCallback<T> = Arc<dyn Fn(&WaitProgress<'_, T>) + Send + Sync>;

/// How patiently a job is waited for.
///
/// Polls start `first_interval` apart and the gap doubles up to `max_interval`; the last poll
/// falls on `deadline`, after which the wait gives up. Every poll goes through the client's
/// rate limiter, so polling shares the 60-a-minute budget with everything else the client does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// The gap before the second poll.
    pub first_interval: Duration,
    /// The largest gap between polls.
    pub max_interval: Duration,
    /// How long to wait in all before giving up.
    pub deadline: Duration,
}

impl Default for WaitOptions {
    /// Polls 2 s apart at first, at most 30 s apart, for up to 30 minutes.
    fn default() -> Self {
        Self {
            first_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(30),
            deadline: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// Sets the gap before the second poll.
    #[must_use]
    pub fn first_interval(mut self, interval: Duration) -> Self {
        self.first_interval = interval;
        self
    }

    /// Sets the largest gap between polls.
    #[must_use]
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// Sets how long to wait in all.
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    fn schedule(&self) -> client_core::poll::PollSchedule {
        client_core::poll::PollSchedule::new(self.first_interval, self.max_interval, self.deadline)
    }
}

/// `If-Modified-Since` wants an HTTP date: `Thu, 27 Sep 2018 09:20:28 GMT`.
pub(crate) fn http_date(at: SystemTime) -> String {
    httpdate::fmt_http_date(at)
}

/// The `If-Modified-Since` for the poll after an answer.
///
/// The server's own `Last-Modified` is exact. Without it, the answer's `Date` (or, lacking
/// that, the time the poll was sent) is moved back one second: HTTP dates count whole seconds,
/// so a job that changed later in the same second as the answer would otherwise look
/// unmodified forever, and the wait would never see it finish.
pub(crate) fn condition_for_next_poll(
    last_modified: Option<&str>,
    date: Option<&str>,
    sent_at: SystemTime,
) -> Option<String> {
    if let Some(last_modified) = last_modified {
        return Some(last_modified.to_owned());
    }
    let answered_at = date
        .and_then(|date| httpdate::parse_http_date(date).ok())
        .unwrap_or(sent_at);
    answered_at
        .checked_sub(Duration::from_secs(1))
        .map(http_date)
}

/// Polls `route` until the job finishes or the deadline passes.
///
/// For jobs whose polls may be conditional ([`Job::CONDITIONAL`]), every poll after the first
/// sends `If-Modified-Since` (see [`condition_for_next_poll`]) and a 304 keeps the last state.
async fn wait_for<T: Job>(
    engine: &HttpEngine,
    route: Route,
    options: WaitOptions,
    progress: Option<&ProgressCallback<T>>,
) -> Result<T, DiscogsError> {
    let clock = engine.clock().clone();
    let started = clock.now();
    let mut last: Option<T> = None;
    let mut modified_since: Option<String> = None;
    let mut polls = 0u32;
    loop {
        polls += 1;
        let mut request = Request::get(route.clone());
        if let Some(since) = modified_since
            .as_deref()
            .filter(|_| T::CONDITIONAL && last.is_some())
            .and_then(|since| HeaderValue::from_str(since).ok())
        {
            request = request.header(IF_MODIFIED_SINCE, since);
        }
        let sent_at = clock.wall_time();
        let response = engine.execute(request).await?;
        let changed = response.status() != StatusCode::NOT_MODIFIED;
        if changed {
            let job: T = response.json()?;
            modified_since = condition_for_next_poll(
                response.header("last-modified"),
                response.header("date"),
                sent_at,
            );
            last = Some(job);
        }
        let elapsed = clock.now().saturating_duration_since(started);
        if let Some(job) = last.take() {
            if let Some(callback) = progress {
                callback(&WaitProgress {
                    job: &job,
                    polls,
                    elapsed,
                    changed,
                });
            }
            if job.is_finished() {
                return Ok(job);
            }
            last = Some(job);
        }
        let Some(pause) = options.schedule().pause_after(polls, elapsed) else {
            return Err(DiscogsError::Engine(client_core::Error::Deadline {
                request: RequestSummary {
                    method: Method::GET,
                    route: route.template(),
                    path: route.path().to_owned(),
                },
                deadline: options.deadline,
                attempts: polls,
            }));
        };
        clock.sleep(pause).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory_export::ExportId;
    use crate::inventory_upload::UploadId;

    #[test]
    fn ids_come_out_of_locations() {
        assert_eq!(
            UploadId::from_location("https://api.discogs.com/inventory/upload/599632"),
            Some(UploadId::new(599632))
        );
        assert_eq!(
            UploadId::from_location("/inventory/upload/7/"),
            Some(UploadId::new(7))
        );
        assert_eq!(
            ExportId::from_location("https://api.discogs.com/inventory/export/5?x=1"),
            Some(ExportId::new(5))
        );
        for bad in [
            "https://api.discogs.com/inventory/upload/",
            "https://api.discogs.com/inventory/upload/abc",
            "https://api.discogs.com/inventory/export/1",
            "",
        ] {
            assert_eq!(UploadId::from_location(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_are_gmt() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_538_040_028);
        assert_eq!(http_date(at), "Thu, 27 Sep 2018 09:20:28 GMT");
    }

    #[test]
    fn the_next_poll_condition_never_hides_a_change_in_the_same_second() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_538_040_028);
        let date = "Thu, 27 Sep 2018 09:20:28 GMT";
        assert_eq!(
            condition_for_next_poll(Some("Thu, 27 Sep 2018 09:00:00 GMT"), Some(date), at)
                .as_deref(),
            Some("Thu, 27 Sep 2018 09:00:00 GMT"),
            "the server's Last-Modified is used as it is"
        );
        assert_eq!(
            condition_for_next_poll(None, Some(date), at + Duration::from_secs(99)).as_deref(),
            Some("Thu, 27 Sep 2018 09:20:27 GMT"),
            "the server's Date, one second back"
        );
        assert_eq!(
            condition_for_next_poll(None, None, at).as_deref(),
            Some("Thu, 27 Sep 2018 09:20:27 GMT"),
            "the time of sending, one second back"
        );
    }

    #[test]
    fn gaps_double_up_to_the_cap() {
        let schedule = WaitOptions::default().schedule();
        let gaps: Vec<u64> = (1..=6)
            .filter_map(|n| schedule.pause_after(n, Duration::ZERO))
            .map(|gap| gap.as_secs())
            .collect();
        assert_eq!(gaps, [2, 4, 8, 16, 30, 30]);
    }
}
