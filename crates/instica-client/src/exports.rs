//! Asynchronous export jobs: create one, poll it until its file is ready.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use client_core::poll::PollSchedule;
use client_core::{Request, Url};
use serde::Deserialize;
use time::OffsetDateTime;

pub use crate::export_status::ExportStatus;

use crate::client::{InsticaClient, route};
use crate::dates;
use crate::error::InsticaError;
use crate::ids::ExportUid;
use crate::paging::{ListEndpoint, ListRequest};

/// An asynchronous export job.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ExportJob {
    /// The job's identifier.
    pub uid: ExportUid,
    /// Where it is.
    pub status: ExportStatus,
    /// Where the file can be downloaded, once completed.
    #[serde(default)]
    pub file_url: Option<String>,
    /// When it was created.
    #[serde(default, with = "dates::datetime_option")]
    pub created_at: Option<OffsetDateTime>,
    /// Why it failed, when the server says (not in the API documentation; read if present).
    #[serde(default)]
    pub error: Option<String>,
}

/// A finished export and its file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CompletedExport {
    /// The job as last seen.
    pub job: ExportJob,
    /// Where the file can be downloaded.
    pub file_url: Url,
}

type ProgressCallback = Arc<dyn Fn(&ExportJob) + Send + Sync>;

/// How [`Exports::wait`] polls: the first pause, how far pauses grow (they double), how long
/// to wait in all, and a callback that sees the job after every poll.
///
/// ```
/// use std::time::Duration;
/// use instica_client::WaitOptions;
///
/// let options = WaitOptions::default()
///     .initial_interval(Duration::from_secs(2))
///     .timeout(Duration::from_secs(600))
///     .on_progress(|job| eprintln!("export {} is {}", job.uid, job.status));
/// # let _ = options;
/// ```
#[derive(Clone)]
pub struct WaitOptions {
    initial_interval: Duration,
    max_interval: Duration,
    timeout: Duration,
    on_progress: Option<ProgressCallback>,
}

impl Default for WaitOptions {
    /// First pause 1 s, doubling up to 30 s, giving up after 15 minutes.
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(15 * 60),
            on_progress: None,
        }
    }
}

impl fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitOptions")
            .field("initial_interval", &self.initial_interval)
            .field("max_interval", &self.max_interval)
            .field("timeout", &self.timeout)
            .field("on_progress", &self.on_progress.is_some())
            .finish()
    }
}

impl WaitOptions {
    /// The pause after the first poll.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest pause between polls.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How long to wait in all before giving up.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Called with the job after every poll.
    pub fn on_progress(mut self, callback: impl Fn(&ExportJob) + Send + Sync + 'static) -> Self {
        self.on_progress = Some(Arc::new(callback));
        self
    }
}

/// Export jobs: `client.exports()`.
#[derive(Debug, Clone)]
pub struct Exports {
    client: InsticaClient,
}

impl InsticaClient {
    /// Asynchronous export jobs.
    pub fn exports(&self) -> Exports {
        Exports {
            client: self.clone(),
        }
    }
}

/// The account's export jobs (`GET /exports/`); finish with
/// [`send`](client_core::Paged::send) for one page or [`stream`](client_core::Paged::stream)
/// for every job.
pub type ListExports = ListRequest<ExportQuery>;

/// What [`ListExports`] asks for: every job (the API documents no filters).
#[derive(Debug, Clone, Default)]
pub struct ExportQuery {}

impl ListEndpoint for ExportQuery {
    type Item = ExportJob;

    fn request(&self) -> Result<Request, InsticaError> {
        Ok(Request::get(route("/exports/", &[])?))
    }
}

impl Exports {
    /// The account's export jobs (`GET /exports/`), a page at a time or as a stream.
    pub fn list(&self) -> ListExports {
        ListRequest::new(&self.client.engine, ExportQuery::default())
    }

    /// Starts an inventory CSV export (`POST /exports/inventory/csv/`); follow it with
    /// [`wait`](Exports::wait).
    ///
    /// Never re-sent once the server may have seen it: a repeat would start a second job.
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn create_inventory_csv(&self) -> Result<ExportJob, InsticaError> {
        let request = Request::post(route("/exports/inventory/csv/", &[])?);
        self.client.json(request).await
    }

    /// One job's status and, once completed, its file (`GET /exports/{uid}/`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::Api`] of kind [`NotFound`](crate::InsticaErrorKind::NotFound) for an
    /// unknown job; otherwise the request's errors.
    pub async fn get(&self, export: &ExportUid) -> Result<ExportJob, InsticaError> {
        let request = Request::get(route("/exports/{uid}/", &[("uid", export.as_str())])?);
        self.client.json(request).await
    }

    /// Polls a job until it is `completed` and returns its file URL.
    ///
    /// Pauses use the client's clock, starting at the options' first interval and doubling up
    /// to their maximum. A status this crate does not know counts as still running.
    ///
    /// # Errors
    ///
    /// [`InsticaError::ExportFailed`] when the job fails (or completes without a usable file
    /// URL), [`InsticaError::ExportTimedOut`] when the timeout passes first, and the errors of
    /// each poll.
    pub async fn wait(
        &self,
        export: &ExportUid,
        options: WaitOptions,
    ) -> Result<CompletedExport, InsticaError> {
        let clock = self.client.engine.clock().clone();
        let started = clock.now();
        let schedule = PollSchedule::new(
            options.initial_interval,
            options.max_interval,
            options.timeout,
        );
        let mut polls = 0u32;
        loop {
            polls += 1;
            let job = self.get(export).await?;
            if let Some(callback) = &options.on_progress {
                callback(&job);
            }
            match job.status {
                ExportStatus::Completed => return completed(job),
                ExportStatus::Failed => {
                    return Err(InsticaError::ExportFailed {
                        export: job.uid,
                        status: job.status,
                        detail: job.error,
                    });
                }
                _ => {}
            }
            let waited = clock.now().saturating_duration_since(started);
            let Some(pause) = schedule.pause_after(polls, waited) else {
                return Err(InsticaError::ExportTimedOut {
                    export: job.uid,
                    last_status: job.status,
                    waited,
                });
            };
            clock.sleep(pause).await;
        }
    }
}

pub(crate) fn completed(job: ExportJob) -> Result<CompletedExport, InsticaError> {
    let parsed = job.file_url.as_deref().map(Url::parse);
    match parsed {
        Some(Ok(file_url)) => Ok(CompletedExport { job, file_url }),
        Some(Err(error)) => Err(InsticaError::ExportFailed {
            detail: Some(format!("completed, but its file URL is not a URL: {error}")),
            export: job.uid,
            status: job.status,
        }),
        None => Err(InsticaError::ExportFailed {
            detail: Some("completed without a file URL".to_owned()),
            export: job.uid,
            status: job.status,
        }),
    }
}
