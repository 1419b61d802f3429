//! Upload and export jobs: their IDs, states and results, and waiting for them to finish.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use client_core::header::{HeaderValue, IF_MODIFIED_SINCE};
use client_core::{HttpEngine, Method, NextPage, Page, Request, RequestSummary, Route, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use time::PrimitiveDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

use crate::common;
use crate::error::DiscogsError;
use client_core::open_enum;

macro_rules! job_id {
    ($(#[$meta:meta])* $name:ident, $path:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

job_id!(
    /// The ID of an inventory upload, read from the `Location` Discogs answers with.
    UploadId,
    "/inventory/upload/"
);

job_id!(
    /// The ID of an inventory export, read from the `Location` Discogs answers with.
    ExportId,
    "/inventory/export/"
);

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

open_enum! {
    /// Which kind of upload a job is.
    pub enum UploadKind {
        /// New listings.
        Add => "add",
        /// Changes to existing listings.
        Change => "change",
        /// Listings removed.
        Delete => "delete",
    }
}

/// `created_ts` and `finished_ts` are local times without a zone, e.g. `2017-12-18T09:20:28`.
const TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");

fn timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<PrimitiveDateTime>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => PrimitiveDateTime::parse(text, TIMESTAMP)
            .map(Some)
            .map_err(|error| {
                serde::de::Error::custom(format!(
                    "timestamp `{text}` is not YYYY-MM-DDTHH:MM:SS: {error}"
                ))
            }),
    }
}

/// What Discogs said about an upload's rows: the text as sent (an HTML fragment such as
/// `CSV file contains 1 records.<p>Processed 1 records.`) and the counts read from it.
///
/// ```
/// use discogs_client::inventory_upload::UploadResults;
///
/// let results = UploadResults::parse("CSV file contains 3 records.<p>Processed 2 records.");
/// assert_eq!(results.records_in_file(), Some(3));
/// assert_eq!(results.records_processed(), Some(2));
/// assert_eq!(results.records_not_processed(), Some(1));
/// assert_eq!(results.messages(), ["CSV file contains 3 records.", "Processed 2 records."]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UploadResults {
    raw: String,
    records_in_file: Option<u64>,
    records_processed: Option<u64>,
}

impl UploadResults {
    /// Reads the counts out of Discogs' text; counts it does not mention stay `None`.
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let mut records_in_file = None;
        let mut records_processed = None;
        for message in messages_of(&raw) {
            let lower = message.to_ascii_lowercase();
            if records_in_file.is_none() {
                records_in_file = count_after(&lower, "contains ");
            }
            if records_processed.is_none() && !lower.contains("unprocessed") {
                records_processed = count_after(&lower, "processed ");
            }
        }
        Self {
            raw,
            records_in_file,
            records_processed,
        }
    }

    /// The text exactly as Discogs sent it.
    #[must_use]
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The sentences of the text, with the HTML tags between them removed.
    #[must_use]
    pub fn messages(&self) -> Vec<String> {
        messages_of(&self.raw)
    }

    /// How many records the file held (`CSV file contains N records`).
    #[must_use]
    pub fn records_in_file(&self) -> Option<u64> {
        self.records_in_file
    }

    /// How many records Discogs processed (`Processed N records`).
    #[must_use]
    pub fn records_processed(&self) -> Option<u64> {
        self.records_processed
    }

    /// Records in the file that were not processed, when both counts are known.
    #[must_use]
    pub fn records_not_processed(&self) -> Option<u64> {
        Some(
            self.records_in_file?
                .saturating_sub(self.records_processed?),
        )
    }
}

impl fmt::Display for UploadResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.messages().join(" "))
    }
}

impl<'de> Deserialize<'de> for UploadResults {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(UploadResults::parse)
    }
}

/// Splits on HTML tags (`<p>`, `<br>`, …) and drops empty pieces.
fn messages_of(raw: &str) -> Vec<String> {
    let mut messages = Vec::new();
    let mut current = String::new();
    let mut in_tag = false;
    for ch in raw.chars() {
        match ch {
            '<' => {
                in_tag = true;
                messages.push(std::mem::take(&mut current));
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => current.push(ch),
        }
    }
    messages.push(current);
    messages
        .into_iter()
        .map(|message| message.trim().to_owned())
        .filter(|message| !message.is_empty())
        .collect()
}

/// The number right after `prefix` (where `prefix` starts a word), allowing `1,000`.
fn count_after(text: &str, prefix: &str) -> Option<u64> {
    let mut search_from = 0;
    while let Some(found) = text.get(search_from..)?.find(prefix) {
        let start = search_from + found;
        let starts_word = text
            .get(..start)
            .and_then(|before| before.chars().next_back())
            .is_none_or(|ch| !ch.is_alphanumeric());
        let after = text.get(start + prefix.len()..)?;
        let digits: String = after
            .chars()
            .take_while(|ch| ch.is_ascii_digit() || *ch == ',')
            .filter(char::is_ascii_digit)
            .collect();
        if starts_word && !digits.is_empty() {
            return digits.parse().ok();
        }
        search_from = start + prefix.len();
    }
    None
}

/// One inventory upload as Discogs reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Upload {
    /// The upload's ID.
    pub id: UploadId,
    /// Where the job is.
    pub status: JobStatus,
    /// Add, change or delete.
    #[serde(rename = "type")]
    pub kind: UploadKind,
    /// The name the file was uploaded under.
    #[serde(default)]
    pub filename: Option<String>,
    /// What happened to the rows, once Discogs says.
    #[serde(default)]
    pub results: Option<UploadResults>,
    /// When the upload arrived (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub created_ts: Option<PrimitiveDateTime>,
    /// When processing ended (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub finished_ts: Option<PrimitiveDateTime>,
}

/// One inventory export as Discogs reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Export {
    /// The export's ID.
    pub id: ExportId,
    /// Where the job is.
    pub status: JobStatus,
    /// The name of the CSV file.
    #[serde(default)]
    pub filename: Option<String>,
    /// The export's own API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Where the CSV can be downloaded (use [`InventoryExport::download_text`] or
    /// [`InventoryExport::download_rows`], which send the credentials only to the API host).
    ///
    /// [`InventoryExport::download_text`]: super::InventoryExport::download_text
    /// [`InventoryExport::download_rows`]: super::InventoryExport::download_rows
    #[serde(default)]
    pub download_url: Option<String>,
    /// When the export was requested (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub created_ts: Option<PrimitiveDateTime>,
    /// When the export was ready (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub finished_ts: Option<PrimitiveDateTime>,
}

/// A job that can be waited for.
pub(crate) trait Job: DeserializeOwned + Send + 'static {
    /// Whether the job has stopped. A status this crate does not know counts as finished
    /// once Discogs gives a finishing time.
    fn is_finished(&self) -> bool;
}

impl Job for Upload {
    fn is_finished(&self) -> bool {
        self.status.is_finished() || (!self.status.is_known() && self.finished_ts.is_some())
    }
}

impl Job for Export {
    fn is_finished(&self) -> bool {
        self.status.is_finished() || (!self.status.is_known() && self.finished_ts.is_some())
    }
}

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
/// falls on `deadline`, after which the wait gives up. Every poll goes through the client's rate limiter, so polling
/// shares the 60-a-minute budget with everything else the client does.
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
fn condition_for_next_poll(
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
/// With `conditional`, every poll after the first sends `If-Modified-Since` (see
/// [`condition_for_next_poll`]) and a 304 keeps the last state.
pub(crate) async fn wait_for<T: Job>(
    engine: &HttpEngine,
    route: Route,
    conditional: bool,
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
            .filter(|_| conditional && last.is_some())
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
            return Err(DiscogsError::Http(client_core::Error::Deadline {
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

/// The largest page Discogs serves.
pub const MAX_PER_PAGE: u32 = 100;

/// Which page of a job list to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageRequest {
    /// The page number, from 1.
    pub page: u64,
    /// Items per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: u32,
}

impl Default for PageRequest {
    /// The first page of 50, Discogs' default.
    fn default() -> Self {
        Self {
            page: 1,
            per_page: 50,
        }
    }
}

impl PageRequest {
    /// Page `page` of `per_page` items.
    #[must_use]
    pub fn new(page: u64, per_page: u32) -> Self {
        Self { page, per_page }
    }

    pub(crate) fn check(self) -> Result<Self, DiscogsError> {
        if self.page == 0 {
            return Err(DiscogsError::InvalidInput {
                field: "page".into(),
                rule: "pages are numbered from 1".into(),
            });
        }
        if self.per_page == 0 || self.per_page > MAX_PER_PAGE {
            return Err(DiscogsError::InvalidInput {
                field: "per_page".into(),
                rule: format!("must be from 1 to {MAX_PER_PAGE}"),
            });
        }
        Ok(self)
    }
}

/// Fetches one page of a job list (`next` as a page stream hands it over; `None` for the
/// page `page` names).
pub(crate) async fn fetch_page<T: DeserializeOwned>(
    engine: &HttpEngine,
    template: &'static str,
    page: PageRequest,
    next: Option<NextPage>,
) -> Result<Page<T>, DiscogsError> {
    let page = page.check()?;
    let request_for = |number: Option<u64>| -> Result<Request, DiscogsError> {
        Ok(Request::get(Route::new(template).finish()?)
            .query("page", number.unwrap_or(page.page).to_string())
            .query("per_page", page.per_page.to_string()))
    };
    common::fetch_page(engine, template, next, Some(page.page), request_for).await
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn results_keep_the_text_and_read_the_counts() {
        let results = UploadResults::parse("CSV file contains 1 records.<p>Processed 1 records.");
        assert_eq!(results.records_in_file(), Some(1));
        assert_eq!(results.records_processed(), Some(1));
        assert_eq!(results.records_not_processed(), Some(0));
        assert_eq!(
            results.raw(),
            "CSV file contains 1 records.<p>Processed 1 records."
        );
        assert_eq!(
            results.to_string(),
            "CSV file contains 1 records. Processed 1 records."
        );

        let big =
            UploadResults::parse("CSV file contains 10,000 records.<br/>Processed 9,998 records.");
        assert_eq!(big.records_in_file(), Some(10_000));
        assert_eq!(big.records_not_processed(), Some(2));

        let odd = UploadResults::parse("Something went wrong.");
        assert_eq!(odd.records_in_file(), None);
        assert_eq!(odd.records_not_processed(), None);
        assert_eq!(odd.messages(), ["Something went wrong."]);
    }

    #[test]
    fn timestamps_have_no_zone() {
        let upload: Upload = serde_json::from_str(
            r#"{"status":"success","results":null,"created_ts":"2017-12-18T09:20:28",
                "finished_ts":null,"filename":"add.csv","type":"change","id":119615}"#,
        )
        .unwrap();
        assert_eq!(
            upload.created_ts,
            Some(time::macros::datetime!(2017-12-18 09:20:28))
        );
        assert_eq!(upload.finished_ts, None);
        assert!(upload.is_finished());
    }

    #[test]
    fn unknown_states_finish_when_a_finishing_time_is_given() {
        let running: Upload =
            serde_json::from_str(r#"{"status":"validating","type":"add","id":1}"#).unwrap();
        assert_eq!(running.status, JobStatus::Unknown("validating".into()));
        assert!(!running.is_finished());
        let done: Upload = serde_json::from_str(
            r#"{"status":"partial","type":"add","id":1,"finished_ts":"2017-12-18T09:20:29"}"#,
        )
        .unwrap();
        assert!(done.is_finished());
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
