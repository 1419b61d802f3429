//! SubmitFeed: an inventory feed goes to Newegg, which answers with the feed's request ID.

use client_core::{Request, Response, Route};
use serde_json::Value;

use super::document;
use super::info::{API_RESPONSE, FeedInfo, response_infos};
use super::items::InventoryFeed;
use super::raw::RawFeed;
use super::{Endpoint, FeedType, route};
use crate::client::NeweggClient;
use crate::error::NeweggError;

impl NeweggClient {
    /// Submits an inventory feed (`POST {platform}/datafeedmgmt/feeds/submitfeed`): on
    /// Newegg.com as `INVENTORY_DATA`, elsewhere as `INVENTORY_AND_PRICE_DATA` with inventory
    /// fields only, in the client's format. Newegg answers with the feed's
    /// [`RequestId`](crate::RequestId) and status `SUBMITTED`; follow it with
    /// [`wait_for_feeds`](Self::wait_for_feeds) and [`feed_result`](Self::feed_result).
    ///
    /// Before anything is sent, the feed is checked ([`InventoryFeed`]: at most 10,000 records,
    /// one per item and country, quantities from 0 to 999,999, part numbers of at most 40
    /// characters) and its records are counted against the hourly allowance. Submissions are
    /// paced by their own budget (10 a minute, [`default_feed_rate_limit`](crate::default_feed_rate_limit)).
    /// A submission is never sent twice: once Newegg may have seen it, a failure comes back as
    /// it is (a resent feed would spend its records again).
    ///
    /// # Errors
    ///
    /// * [`NeweggError::InvalidInput`] when the feed breaks a rule (nothing sent);
    /// * [`NeweggError::RecordAllowanceSpent`] when the hour's records cannot take the feed,
    ///   by the client's count (nothing sent) or by Newegg's `DF012`, with the time to submit
    ///   again after;
    /// * [`NeweggError::Api`] for Newegg's other refusals (a 429 of kind `RateLimited` once the
    ///   minute's ten submissions are spent elsewhere);
    /// * [`NeweggError::Engine`] for everything else.
    pub async fn submit_inventory_feed(
        &self,
        feed: &InventoryFeed,
    ) -> Result<FeedInfo, NeweggError> {
        let body = feed.body(self.region, self.format)?;
        self.submit_feed(
            FeedType::for_inventory(self.region),
            self.format.media_type(),
            body,
            feed.len(),
        )
        .await
    }

    /// Submits a feed the caller wrote ([`RawFeed`]), after the same record count and the
    /// checks a raw document allows: its type must be the platform's inventory feed, it must
    /// be well-formed XML or JSON with 1 to 10,000 `Item`s, and it must not set `Overwrite` to
    /// anything but `No` (or `False`): `Yes` would deactivate every item the feed does not
    /// list.
    ///
    /// # Errors
    ///
    /// As [`submit_inventory_feed`](Self::submit_inventory_feed); an `Overwrite` that is not
    /// `No` is an [`NeweggError::InvalidInput`] naming `overwrite`.
    pub async fn submit_raw_feed(&self, feed: &RawFeed) -> Result<FeedInfo, NeweggError> {
        let records = feed.check(self.region)?;
        self.submit_feed(
            feed.feed_type().clone(),
            feed.format().media_type(),
            feed.text().as_bytes().to_vec(),
            records,
        )
        .await
    }

    async fn submit_feed(
        &self,
        feed_type: FeedType,
        media_type: &'static str,
        body: Vec<u8>,
        records: usize,
    ) -> Result<FeedInfo, NeweggError> {
        let records = u32::try_from(records).unwrap_or(u32::MAX);
        let route = Route::new(route(self.region, Endpoint::Submit)).finish()?;
        // POST stays non-idempotent: a feed Newegg may have seen is never sent again.
        let request = Request::post(route)
            .query("sellerid", &self.seller_id)
            .query("requesttype", feed_type.as_str())
            .body(media_type, body);
        let reservation = self.feeds.records.reserve(records)?;
        let answered = match self.feeds.submit.execute(request).await {
            Ok(response) => {
                self.feeds.records.observe(response.headers());
                read_submit_answer(&response)
            }
            Err(error) => Err(NeweggError::from(error)),
        };
        answered.map_err(|error| {
            let error = self.feeds.records.read_refusal(error, records);
            if refused_whole(&error) {
                self.feeds.records.cancel(reservation);
            }
            error
        })
    }
}

/// Whether Newegg refused the feed as a whole, so its records were not spent: a 4xx (429
/// included), or an error document in a 2xx answer.
fn refused_whole(error: &NeweggError) -> bool {
    match error {
        NeweggError::Api { error, .. } => !error.status.is_server_error(),
        NeweggError::RecordAllowanceSpent { .. } => true,
        _ => false,
    }
}

/// The feed a 2xx submit answer names, or why it is refused.
pub(crate) fn read_submit_answer(response: &Response) -> Result<FeedInfo, NeweggError> {
    document::read(response, &[API_RESPONSE]).and_then(|tree| first_info(&tree, response))
}

/// The first `ResponseInfo` of a submit answer.
fn first_info(tree: &Value, response: &client_core::Response) -> Result<FeedInfo, NeweggError> {
    response_infos(tree, response)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            response
                .decode_error("the submit answer names no feed (no ResponseInfo with a RequestId)")
                .into()
        })
}
