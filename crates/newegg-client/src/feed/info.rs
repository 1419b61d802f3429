//! The feeds a submit or a status answer lists (`ResponseInfo`), and where each one is.

use client_core::open_enum;
use serde_json::Value;

use super::FeedType;
use super::document::{is_success, list, member, text_of};
use super::id::RequestId;
use crate::error::NeweggError;

/// The root of every Datafeed API answer but the processing report.
pub(crate) const API_RESPONSE: &str = "NeweggAPIResponse";

open_enum! {
    /// Where a feed is (Newegg's `RequestStatus`): `SUBMITTED` when taken, then
    /// `IN_PROGRESS`, then `FINISHED` (read its [`ProcessingReport`](crate::ProcessingReport))
    /// or `CANCELLED`.
    pub enum FeedStatus {
        /// Taken, not yet processed.
        Submitted => "SUBMITTED",
        /// Being processed.
        InProgress => "IN_PROGRESS",
        /// Processed: the processing report says what became of each record.
        Finished => "FINISHED",
        /// Not processed. What cancels a feed is not documented.
        Cancelled => "CANCELLED",
    }
}

impl FeedStatus {
    /// Whether Newegg is done with the feed (`FINISHED` or `CANCELLED`). A status this crate
    /// does not know is not done: the wait goes on until its deadline.
    pub fn is_done(&self) -> bool {
        matches!(self, Self::Finished | Self::Cancelled)
    }
}

/// One feed as Newegg reports it (a `ResponseInfo`), in a submit or a status answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeedInfo {
    /// The feed's ID (`RequestId`).
    pub request_id: RequestId,
    /// What it carries (`RequestType`), when the answer says.
    pub feed_type: Option<FeedType>,
    /// Where it is (`RequestStatus`).
    pub status: FeedStatus,
    /// When Newegg took it (`RequestDate`), as written: a Pacific time such as
    /// `3/5/2019 17:11:49`, with or without zero padding.
    pub request_date: Option<String>,
}

/// Every `ResponseInfo` of a submit or status answer, after its `IsSuccess`.
///
/// `ResponseList` holds `ResponseInfo` elements in XML and is an array of them in JSON; a list
/// of one may be the bare entry.
pub(crate) fn response_infos(
    tree: &Value,
    response: &client_core::Response,
) -> Result<Vec<FeedInfo>, NeweggError> {
    if is_success(tree) == Some(false) {
        let memo = text_of(tree, &["Memo"]);
        return Err(NeweggError::from_api(Box::new(client_core::ApiError {
            request: response.request().clone(),
            status: response.status(),
            code: None,
            message: Some(match memo {
                Some(memo) => format!("Newegg answered IsSuccess false: {memo}"),
                None => "Newegg answered IsSuccess false".to_owned(),
            }),
            body: client_core::error::keep_body(response.bytes()),
            retry_after: None,
            after_unanswered_attempt: false,
        })));
    }
    let body = member(tree, "ResponseBody");
    let entries = list(body.and_then(|body| member(body, "ResponseList")));
    let mut infos = Vec::with_capacity(entries.len());
    for entry in entries {
        let inner = member(entry, "ResponseInfo");
        let entries = match inner {
            Some(inner) => list(Some(inner)),
            None => vec![entry],
        };
        for entry in entries {
            infos.push(
                info(entry).map_err(|reason| NeweggError::from(response.decode_error(reason)))?,
            );
        }
    }
    Ok(infos)
}

fn info(entry: &Value) -> Result<FeedInfo, String> {
    let id =
        text_of(entry, &["RequestId", "RequestID"]).ok_or("a ResponseInfo has no RequestId")?;
    let request_id =
        RequestId::new(id).map_err(|refusal| format!("RequestId: {}", refusal.rule))?;
    Ok(FeedInfo {
        request_id,
        feed_type: text_of(entry, &["RequestType"]).map(|text| FeedType::from_wire(&text)),
        status: FeedStatus::from_wire(&text_of(entry, &["RequestStatus"]).unwrap_or_default()),
        request_date: text_of(entry, &["RequestDate"]),
    })
}
