//! The Datafeed API for inventory (feed specification §2–§7): submit a feed, read its status,
//! read its processing report, on each platform's base path.
//!
//! A feed is taken as `SUBMITTED` with a new request ID; every status read that names it moves
//! it one step (`IN_PROGRESS`, then `FINISHED` after the builder's `feed_polls_to_finish`
//! reads), and it is processed when it finishes. The hourly record allowance counts records
//! (`Item`s), not requests; a feed past it is refused with DF012.

use std::time::{Duration, Instant};

use wiremock::Request;

use super::NeweggFake;
use super::feed_apply::{self, Info, pacific_iso};
use super::feed_doc::{parse_feed, parse_status_query};
use super::model::{FeedJob, NeweggFeed, NeweggFeedStatus, NeweggPlatform, SellerAccount, State};
use super::reply::{Render, failure};
use super::request::request_format;
use crate::support::clock;
use crate::support::http::{Reply, query_value};

/// The most records one feed may carry.
pub(crate) const MAX_RECORDS: usize = 10_000;
/// The window the record allowance is counted in.
pub(crate) const RECORD_WINDOW: Duration = Duration::from_secs(3_600);
/// The most feeds a status answer lists (`MaxCount` is capped at 100).
const MAX_COUNT: usize = 100;

/// A Datafeed function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Submit,
    Status,
    Result(String),
}

/// The platform and function a path names, if it is a Datafeed path.
pub(crate) fn endpoint(path: &str) -> Option<(NeweggPlatform, Endpoint)> {
    for platform in [
        NeweggPlatform::Business,
        NeweggPlatform::Canada,
        NeweggPlatform::Usa,
    ] {
        let Some(rest) = path
            .strip_prefix(platform.base_path())
            .and_then(|rest| rest.strip_prefix("/datafeedmgmt/feeds/"))
        else {
            continue;
        };
        return match rest {
            "submitfeed" => Some((platform, Endpoint::Submit)),
            "status" => Some((platform, Endpoint::Status)),
            _ => rest
                .strip_prefix("result/")
                .filter(|id| !id.is_empty() && !id.contains('/'))
                .map(|id| (platform, Endpoint::Result(id.to_string()))),
        };
    }
    None
}

/// A 400 with the error list shape (the shape of the throttling page's DF012 sample).
fn refused(render: Render, code: &'static str, message: impl Into<String>) -> Reply {
    render.error_list(&failure(code, message), 400)
}

/// Records taken in the last hour for `seller`, after forgetting older ones.
fn records_used(state: &mut State, seller: &str, now: Instant) -> usize {
    let log = state.record_log.entry(seller.to_string()).or_default();
    while log
        .front()
        .is_some_and(|(at, _)| now.saturating_duration_since(*at) >= RECORD_WINDOW)
    {
        log.pop_front();
    }
    log.iter().map(|(_, records)| records).sum()
}

/// How long until `records` more fit for `seller` (the oldest bookings leaving the window).
fn room_in(state: &State, seller: &str, records: usize, now: Instant) -> Duration {
    let Some(log) = state.record_log.get(seller) else {
        return Duration::ZERO;
    };
    let mut used: usize = log.iter().map(|(_, records)| records).sum();
    for (at, booked) in log {
        if used + records <= state.record_allowance {
            break;
        }
        used -= booked;
        if used + records <= state.record_allowance {
            return RECORD_WINDOW.saturating_sub(now.saturating_duration_since(*at));
        }
    }
    RECORD_WINDOW
}

/// A request ID like Newegg's: 13 upper-case letters and digits.
fn request_id(number: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut value = number.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 36u64.pow(12);
    let mut text = vec![b'0'; 12];
    for slot in text.iter_mut().rev() {
        *slot = DIGITS
            .get(usize::try_from(value % 36).unwrap_or(0))
            .copied()
            .unwrap_or(b'0');
        value /= 36;
    }
    format!("2{}", String::from_utf8_lossy(&text))
}

fn is_yes(value: Option<&str>) -> bool {
    value.is_some_and(|value| matches!(value.trim().to_ascii_lowercase().as_str(), "yes" | "true"))
}

impl NeweggFake {
    /// `POST {base}/datafeedmgmt/feeds/submitfeed?sellerid=…&requesttype=…`.
    pub(super) fn submit_feed(
        &self,
        request: &Request,
        seller: &SellerAccount,
        platform: NeweggPlatform,
        render: Render,
    ) -> Reply {
        let Some(request_type) = query_value(request, "requesttype") else {
            return refused(render, "CE003", "The 'requesttype' parameter is required.");
        };
        if request_type != platform.inventory_feed() {
            let message =
                if request_type == "INVENTORY_DATA" || request_type == "INVENTORY_AND_PRICE_DATA" {
                    format!(
                        "{request_type} is not offered on {}: send {}.",
                        platform.base_path(),
                        platform.inventory_feed()
                    )
                } else {
                    format!(
                        "The sandbox takes inventory feeds only (INVENTORY_DATA on /marketplace/, \
                     INVENTORY_AND_PRICE_DATA on /marketplace/b2b/ and /marketplace/can/), not \
                     '{request_type}'."
                    )
                };
            return refused(render, "CE003", message);
        }
        let body = String::from_utf8_lossy(&request.body);
        let document = match parse_feed(request_format(request), &body) {
            Ok(document) => document,
            Err(failure) => return render.error_list(&failure, 400),
        };
        if document.message_type.as_deref().map(str::trim) != Some("Inventory") {
            return refused(
                render,
                "CE003",
                "The 'MessageType' element must be 'Inventory'.",
            );
        }
        let records = document.records.len();
        if records == 0 {
            return refused(render, "CE003", "The feed holds no Item.");
        }
        if records > MAX_RECORDS {
            return refused(
                render,
                "CE003",
                format!("A feed holds at most {MAX_RECORDS} records (Item), this one {records}."),
            );
        }
        let now = Instant::now();
        let mut state = self.store.state();
        let used = records_used(&mut state, &seller.seller_id, now);
        state.next_feed += 1;
        let id = request_id(state.next_feed);
        if used + records > state.record_allowance {
            let wait = room_in(&state, &seller.seller_id, records, now);
            let after = clock::now_unix() + i64::try_from(wait.as_secs()).unwrap_or(0);
            let message = format!(
                "Your feed with request ID: {id} exceeded the hourly allowance and cannot be processed. Please submit your feed again after {}.",
                pacific_iso(after)
            );
            let reply = render.error_list(&failure("DF012", message), self.behaviour.df012_status);
            return self.record_headers(reply, &state, &seller.seller_id, now);
        }
        let overwrite = platform != NeweggPlatform::Usa
            && (is_yes(document.overwrite.as_deref())
                || document
                    .records
                    .iter()
                    .any(|record| is_yes(record.overwrite.as_deref())));
        let job = FeedJob {
            feed: NeweggFeed {
                request_id: id,
                seller_id: seller.seller_id.clone(),
                platform,
                request_type,
                status: NeweggFeedStatus::Submitted,
                records,
                overwrite,
                failures: Vec::new(),
            },
            records: document.records,
            status_reads: 0,
            submitted_unix: clock::now_unix(),
            processed_unix: None,
        };
        state
            .record_log
            .entry(seller.seller_id.clone())
            .or_default()
            .push_back((now, records));
        let reply = feed_apply::api_response(
            render,
            "SubmitFeedResponse",
            &seller.seller_id,
            &[Info::of(&job)],
        );
        state.feeds.push(job);
        self.record_headers(reply, &state, &seller.seller_id, now)
    }

    /// `X-RecordCount-Limit`, `-Remaining` and `-ResetTime` (the reset when the oldest record
    /// of the hour stops counting), the reset written like `X-RateLimit-ResetTime`.
    fn record_headers(&self, reply: Reply, state: &State, seller: &str, now: Instant) -> Reply {
        let log = state.record_log.get(seller);
        let used: usize = log
            .map(|log| log.iter().map(|(_, records)| records).sum())
            .unwrap_or(0);
        let resets_in = log
            .and_then(|log| log.front())
            .map_or(RECORD_WINDOW, |(at, _)| {
                RECORD_WINDOW.saturating_sub(now.saturating_duration_since(*at))
            });
        reply
            .with_header("x-recordcount-limit", &state.record_allowance.to_string())
            .with_header(
                "x-recordcount-remaining",
                &state.record_allowance.saturating_sub(used).to_string(),
            )
            .with_header(
                "x-recordcount-resettime",
                &super::reset_text(resets_in, self.behaviour.reset_time),
            )
    }

    /// `PUT {base}/datafeedmgmt/feeds/status?sellerid=…`: by request ID (each read moves the
    /// feed a step), or else by type and status, newest first.
    pub(super) fn feed_status(
        &self,
        request: &Request,
        seller: &SellerAccount,
        platform: NeweggPlatform,
        render: Render,
    ) -> Reply {
        let body = String::from_utf8_lossy(&request.body);
        let query = match parse_status_query(request_format(request), &body) {
            Ok(query) => query,
            Err(failure) => return render.error_list(&failure, 400),
        };
        if query.operation_type.as_deref().map(str::trim) != Some("GetFeedStatusRequest") {
            return refused(
                render,
                "CE003",
                "The 'OperationType' element must be 'GetFeedStatusRequest'.",
            );
        }
        let mut guard = self.store.state();
        let state = &mut *guard;
        let mine =
            |job: &FeedJob| job.feed.seller_id == seller.seller_id && job.feed.platform == platform;
        let mut listed: Vec<usize> = Vec::new();
        if query.ids.is_empty() {
            let max = query
                .max_count
                .as_deref()
                .and_then(|count| count.trim().parse::<usize>().ok())
                .unwrap_or(MAX_COUNT)
                .min(MAX_COUNT);
            let wanted = query
                .status
                .as_deref()
                .map(str::trim)
                .filter(|status| !status.eq_ignore_ascii_case("ALL"));
            for (at, job) in state.feeds.iter().enumerate().rev() {
                let type_fits = query.types.is_empty()
                    || query
                        .types
                        .iter()
                        .any(|kind| kind.trim() == job.feed.request_type);
                let status_fits = wanted
                    .is_none_or(|status| status.eq_ignore_ascii_case(job.feed.status.as_str()));
                if mine(job) && type_fits && status_fits && listed.len() < max {
                    listed.push(at);
                }
            }
        } else {
            for id in &query.ids {
                if let Some(at) = state
                    .feeds
                    .iter()
                    .position(|job| mine(job) && job.feed.request_id == id.trim())
                    && !listed.contains(&at)
                {
                    self.advance(state, at, seller);
                    listed.push(at);
                }
            }
            if listed.is_empty() {
                // A third party's reading of DF006 (feed specification §6.1, unverified).
                return refused(render, "DF006", "Invalid RequestID.");
            }
        }
        let infos: Vec<Info<'_>> = listed
            .iter()
            .filter_map(|at| state.feeds.get(*at))
            .map(Info::of)
            .collect();
        feed_apply::api_response(render, "GetFeedStatusResponse", &seller.seller_id, &infos)
    }

    /// Moves the feed at `at` a step; it is processed when it becomes `FINISHED`.
    fn advance(&self, state: &mut State, at: usize, seller: &SellerAccount) {
        let Some(job) = state.feeds.get_mut(at) else {
            return;
        };
        if matches!(
            job.feed.status,
            NeweggFeedStatus::Finished | NeweggFeedStatus::Cancelled
        ) {
            return;
        }
        job.status_reads += 1;
        if job.status_reads < self.behaviour.feed_polls_to_finish {
            job.feed.status = NeweggFeedStatus::InProgress;
            return;
        }
        finish(state, at, seller);
    }

    /// `GET {base}/datafeedmgmt/feeds/result/{RequestId}?sellerid=…`.
    pub(super) fn feed_result(
        &self,
        seller: &SellerAccount,
        platform: NeweggPlatform,
        id: &str,
        render: Render,
    ) -> Reply {
        let state = self.store.state();
        let Some(job) = state.feeds.iter().find(|job| {
            job.feed.request_id == id
                && job.feed.seller_id == seller.seller_id
                && job.feed.platform == platform
        }) else {
            return refused(render, "DF006", "Invalid RequestID.");
        };
        if job.feed.status != NeweggFeedStatus::Finished {
            return feed_apply::unfinished(render);
        }
        feed_apply::report(render, job)
    }
}

/// Processes the feed at `at` now and marks it `FINISHED`.
pub(crate) fn finish(state: &mut State, at: usize, seller: &SellerAccount) {
    let Some(mut job) = state.feeds.get(at).cloned() else {
        return;
    };
    feed_apply::process(&mut job, &mut state.items, &mut state.inactive, seller);
    job.feed.status = NeweggFeedStatus::Finished;
    job.processed_unix = Some(clock::now_unix());
    if let Some(slot) = state.feeds.get_mut(at) {
        *slot = job;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datafeed_paths_name_their_platform() {
        assert_eq!(
            endpoint("/marketplace/datafeedmgmt/feeds/submitfeed"),
            Some((NeweggPlatform::Usa, Endpoint::Submit))
        );
        assert_eq!(
            endpoint("/marketplace/can/datafeedmgmt/feeds/status"),
            Some((NeweggPlatform::Canada, Endpoint::Status))
        );
        assert_eq!(
            endpoint("/marketplace/b2b/datafeedmgmt/feeds/result/23COGPPOGWE5Z"),
            Some((
                NeweggPlatform::Business,
                Endpoint::Result("23COGPPOGWE5Z".into())
            ))
        );
        assert_eq!(endpoint("/marketplace/datafeedmgmt/feeds/SubmitFeed"), None);
        assert_eq!(endpoint("/marketplace/datafeedmgmt/feeds/result/"), None);
    }

    #[test]
    fn request_ids_look_like_newegg_s() {
        let first = request_id(1);
        assert_eq!(first.len(), 13);
        assert!(
            first
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert_ne!(first, request_id(2));
    }
}
