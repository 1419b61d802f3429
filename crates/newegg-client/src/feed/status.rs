//! GetFeedStatus: where Newegg's processing of submitted feeds stands, and waiting for them to
//! finish with progress reported.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use client_core::poll::PollSchedule;
use client_core::{Method, Request, RequestSummary, Response, Route};
use serde::Serialize;

use super::id::RequestId;
use super::info::{API_RESPONSE, FeedInfo, response_infos};
use super::{Endpoint, MAX_STATUS_IDS, document, route};
use crate::client::{Format, NeweggClient};
use crate::error::NeweggError;

/// Where a wait stands, handed to the progress callback after every poll.
#[derive(Debug)]
#[non_exhaustive]
pub struct FeedProgress<'a> {
    /// Every feed waited for, in the order asked, as last reported (a feed Newegg has not
    /// listed yet is missing).
    pub feeds: &'a [FeedInfo],
    /// How many status polls have been made, this one included.
    pub polls: u32,
    /// Time since the wait began (on the client's clock).
    pub elapsed: Duration,
}

impl FeedProgress<'_> {
    /// How many of the feeds Newegg is done with.
    pub fn done(&self) -> usize {
        self.feeds
            .iter()
            .filter(|feed| feed.status.is_done())
            .count()
    }
}

/// A progress callback.
pub type ProgressCallback = Arc<dyn Fn(&FeedProgress<'_>) + Send + Sync>;

/// How patiently feeds are waited for ([`NeweggClient::wait_for_feeds`]).
///
/// Polls start `first_interval` apart and the gap doubles up to `max_interval`
/// ([`PollSchedule`]); the last poll falls on `deadline`. Newegg recommends no interval. Every
/// poll is one status request for up to 100 feeds, paced by the feed reads' budget (10,000 an
/// hour).
///
/// ```
/// use std::time::Duration;
/// use newegg_client::FeedWaitOptions;
///
/// let options = FeedWaitOptions::default()
///     .deadline(Duration::from_secs(600))
///     .on_progress(|progress| eprintln!("{} of {} done", progress.done(), progress.feeds.len()));
/// assert_eq!(options.first_interval, Duration::from_secs(5));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct FeedWaitOptions {
    /// The gap before the second poll.
    pub first_interval: Duration,
    /// The largest gap between polls.
    pub max_interval: Duration,
    /// How long to wait in all before giving up.
    pub deadline: Duration,
    /// Called after every poll.
    pub progress: Option<ProgressCallback>,
}

impl Default for FeedWaitOptions {
    /// Polls 5 s apart at first, at most a minute apart, for up to 30 minutes.
    fn default() -> Self {
        Self {
            first_interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
            deadline: Duration::from_secs(30 * 60),
            progress: None,
        }
    }
}

impl fmt::Debug for FeedWaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FeedWaitOptions")
            .field("first_interval", &self.first_interval)
            .field("max_interval", &self.max_interval)
            .field("deadline", &self.deadline)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

impl FeedWaitOptions {
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

    /// Calls `callback` after every poll.
    #[must_use]
    pub fn on_progress(
        mut self,
        callback: impl Fn(&FeedProgress<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(Arc::new(callback));
        self
    }

    fn schedule(&self) -> PollSchedule {
        PollSchedule::new(self.first_interval, self.max_interval, self.deadline)
    }
}

/// The status query: by request ID, which makes Newegg ignore every other criterion.
#[derive(Debug, Serialize)]
struct StatusRequest<'a> {
    #[serde(rename = "OperationType")]
    operation_type: &'static str,
    #[serde(rename = "RequestBody")]
    request_body: StatusBody<'a>,
}

#[derive(Debug, Serialize)]
struct StatusBody<'a> {
    #[serde(rename = "GetRequestStatus")]
    get_request_status: GetRequestStatus<'a>,
}

#[derive(Debug, Serialize)]
struct GetRequestStatus<'a> {
    #[serde(rename = "RequestIDList")]
    request_id_list: RequestIdList<'a>,
    #[serde(rename = "MaxCount")]
    max_count: String,
    #[serde(rename = "RequestStatus")]
    request_status: &'static str,
}

#[derive(Debug, Serialize)]
struct RequestIdList<'a> {
    #[serde(rename = "RequestID")]
    request_id: Vec<&'a str>,
}

impl NeweggClient {
    /// Reads the status of up to 100 feeds (`PUT {platform}/datafeedmgmt/feeds/status`), in
    /// one request. Newegg lists the feeds it knows; one it does not know is left out.
    ///
    /// # Errors
    ///
    /// [`NeweggError::InvalidInput`] for no ID or more than 100 (nothing sent);
    /// [`NeweggError::Api`] when Newegg refuses; [`NeweggError::Engine`] for an answer that is
    /// not a status list.
    pub async fn feed_status(&self, ids: &[RequestId]) -> Result<Vec<FeedInfo>, NeweggError> {
        if ids.is_empty() || ids.len() > MAX_STATUS_IDS {
            return Err(NeweggError::invalid(
                "request_ids",
                format!(
                    "a status query names 1 to {MAX_STATUS_IDS} feeds, got {}",
                    ids.len()
                ),
            ));
        }
        let query = StatusRequest {
            operation_type: "GetFeedStatusRequest",
            request_body: StatusBody {
                get_request_status: GetRequestStatus {
                    request_id_list: RequestIdList {
                        request_id: ids.iter().map(RequestId::as_str).collect(),
                    },
                    max_count: MAX_STATUS_IDS.to_string(),
                    request_status: "ALL",
                },
            },
        };
        let body = match self.format {
            Format::Xml => quick_xml::se::to_string_with_root("NeweggAPIRequest", &query)
                .map(String::into_bytes)
                .map_err(|error| {
                    NeweggError::invalid("body", format!("cannot be written as XML: {error}"))
                })?,
            Format::Json => serde_json::to_vec(&query).map_err(|error| {
                NeweggError::invalid("body", format!("cannot be written as JSON: {error}"))
            })?,
        };
        let route = Route::new(route(self.region, Endpoint::Status)).finish()?;
        // A read (Newegg reads status with a PUT): safe to repeat.
        let request = Request::put(route)
            .query("sellerid", &self.seller_id)
            .body(self.format.media_type(), body)
            .idempotent();
        let response = self
            .feeds
            .read
            .execute(request)
            .await
            .map_err(NeweggError::from)
            .map_err(|error| self.feeds.records.read_refusal(error, 0))?;
        read_status_answer(&response)
    }

    /// Polls the status of `ids` until Newegg is done with every one (`FINISHED` or
    /// `CANCELLED`) or the deadline of `options` passes, calling its progress callback after
    /// every poll. Each poll is one status request per 100 feeds not yet done.
    ///
    /// Returns the feeds in the order of `ids`.
    ///
    /// # Errors
    ///
    /// As [`feed_status`](Self::feed_status), and [`NeweggError::Engine`] with
    /// `client_core::Error::Deadline` when the deadline passes first.
    pub async fn wait_for_feeds(
        &self,
        ids: &[RequestId],
        options: &FeedWaitOptions,
    ) -> Result<Vec<FeedInfo>, NeweggError> {
        let clock = self.feeds.read.clock().clone();
        let started = clock.now();
        let mut known: HashMap<RequestId, FeedInfo> = HashMap::with_capacity(ids.len());
        let mut polls = 0u32;
        loop {
            polls += 1;
            let pending: Vec<RequestId> = ids
                .iter()
                .filter(|id| !known.get(*id).is_some_and(|info| info.status.is_done()))
                .cloned()
                .collect();
            for chunk in pending.chunks(MAX_STATUS_IDS) {
                for info in self.feed_status(chunk).await? {
                    if chunk.contains(&info.request_id) {
                        known.insert(info.request_id.clone(), info);
                    }
                }
            }
            let feeds: Vec<FeedInfo> = ids.iter().filter_map(|id| known.get(id).cloned()).collect();
            let elapsed = clock.now().saturating_duration_since(started);
            if let Some(callback) = &options.progress {
                callback(&FeedProgress {
                    feeds: &feeds,
                    polls,
                    elapsed,
                });
            }
            if feeds.len() == ids.len() && feeds.iter().all(|feed| feed.status.is_done()) {
                return Ok(feeds);
            }
            let Some(pause) = options.schedule().pause_after(polls, elapsed) else {
                let route = route(self.region, Endpoint::Status);
                return Err(NeweggError::Engine(client_core::Error::Deadline {
                    request: RequestSummary {
                        method: Method::PUT,
                        route,
                        path: route.to_owned(),
                    },
                    deadline: options.deadline,
                    attempts: polls,
                }));
            };
            clock.sleep(pause).await;
        }
    }
}

/// The feeds a 2xx status answer lists, or why it is refused.
pub(crate) fn read_status_answer(response: &Response) -> Result<Vec<FeedInfo>, NeweggError> {
    let tree = document::read(response, &[API_RESPONSE])?;
    response_infos(&tree, response)
}
