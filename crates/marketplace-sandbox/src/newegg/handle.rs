//! The Newegg fake's own readers and seeders on the shared handle.

use super::datafeed;
use super::model::{NeweggFeed, NeweggFeedStatus, NeweggItem, NeweggPlatform};
use super::{INVENTORY_PATH, NeweggFake, SUBMIT_WINDOW, WINDOW};
use crate::RateLimit;
use crate::sandbox::Sandbox;
use crate::support::http::url_with_query;

impl Sandbox<NeweggFake> {
    /// The full inventory URL for a seller, as the client should call it.
    pub fn inventory_url(&self, seller_id: &str) -> String {
        url_with_query(
            self.base_url(),
            INVENTORY_PATH,
            &[("sellerid".to_string(), seller_id.to_string())],
        )
    }

    /// Changes the rate limit of the running fake and empties its window.
    pub fn set_rate_limit(&self, limit: RateLimit) {
        self.fake().store.set_limit(WINDOW, limit);
    }

    /// Every item.
    pub fn items(&self) -> Vec<NeweggItem> {
        self.state().items.clone()
    }

    /// The item with this seller part number.
    pub fn item(&self, seller_part_number: &str) -> Option<NeweggItem> {
        self.state()
            .items
            .iter()
            .find(|item| item.seller_part_number == seller_part_number)
            .cloned()
    }

    /// The available quantity of an item (by seller part number) in one warehouse.
    pub fn item_quantity(&self, seller_part_number: &str, warehouse: &str) -> Option<u32> {
        self.item(seller_part_number)
            .and_then(|item| item.inventory.get(warehouse).copied())
    }

    /// Adds an item.
    pub fn seed_item(&self, item: NeweggItem) {
        self.state().items.push(item);
    }

    /// Deactivates (or, with `false`, reactivates) a seller's API services: its requests are
    /// refused with `AccessDenied` (field notes §2.2). A reset reactivates every seller.
    pub fn set_seller_deactivated(&self, seller_id: &str, deactivated: bool) {
        let mut state = self.state();
        if deactivated {
            state.deactivated.insert(seller_id.to_string());
        } else {
            state.deactivated.remove(seller_id);
        }
    }

    /// The full URL of a Datafeed function on `platform` (`submitfeed`, `status`, or
    /// `result/{RequestId}`), with `sellerid`.
    pub fn datafeed_url(
        &self,
        platform: NeweggPlatform,
        function: &str,
        seller_id: &str,
    ) -> String {
        url_with_query(
            self.base_url(),
            &format!("{}/datafeedmgmt/feeds/{function}", platform.base_path()),
            &[("sellerid".to_string(), seller_id.to_string())],
        )
    }

    /// Changes the budget of feed submissions of the running fake and empties its window.
    pub fn set_feed_rate_limit(&self, limit: RateLimit) {
        self.fake().store.set_limit(SUBMIT_WINDOW, limit);
    }

    /// Changes the hourly record allowance of the running fake (a reset returns to the
    /// builder's).
    pub fn set_record_allowance(&self, records_per_hour: usize) {
        self.state().record_allowance = records_per_hour;
    }

    /// Records the seller's feeds were allowed in the last hour.
    pub fn records_used(&self, seller_id: &str) -> usize {
        self.state()
            .record_log
            .get(seller_id)
            .map(|log| {
                log.iter()
                    .filter(|(at, _)| at.elapsed() < datafeed::RECORD_WINDOW)
                    .map(|(_, records)| records)
                    .sum()
            })
            .unwrap_or(0)
    }

    /// Every feed taken, oldest first.
    pub fn feeds(&self) -> Vec<NeweggFeed> {
        self.state()
            .feeds
            .iter()
            .map(|job| job.feed.clone())
            .collect()
    }

    /// The feed with this request ID.
    pub fn feed(&self, request_id: &str) -> Option<NeweggFeed> {
        self.state()
            .feeds
            .iter()
            .find(|job| job.feed.request_id == request_id)
            .map(|job| job.feed.clone())
    }

    /// Processes every feed not yet finished or cancelled, as if its status had been read to
    /// the end.
    pub fn finish_feeds(&self) {
        let fake = self.fake();
        let mut state = self.state();
        let pending: Vec<(usize, String)> = state
            .feeds
            .iter()
            .enumerate()
            .filter(|(_, job)| {
                matches!(
                    job.feed.status,
                    NeweggFeedStatus::Submitted | NeweggFeedStatus::InProgress
                )
            })
            .map(|(at, job)| (at, job.feed.seller_id.clone()))
            .collect();
        for (at, seller_id) in pending {
            if let Some(seller) = fake
                .sellers
                .iter()
                .find(|seller| seller.seller_id == seller_id)
            {
                datafeed::finish(&mut state, at, seller);
            }
        }
    }

    /// Cancels a feed not yet finished: its status becomes `CANCELLED` and its records are
    /// never applied. Returns whether there was such a feed.
    pub fn cancel_feed(&self, request_id: &str) -> bool {
        let mut state = self.state();
        match state.feeds.iter_mut().find(|job| {
            job.feed.request_id == request_id
                && matches!(
                    job.feed.status,
                    NeweggFeedStatus::Submitted | NeweggFeedStatus::InProgress
                )
        }) {
            Some(job) => {
                job.feed.status = NeweggFeedStatus::Cancelled;
                true
            }
            None => false,
        }
    }

    /// Whether the item is active: an `Overwrite=Yes` feed deactivates every item it does not
    /// list, and a deactivated item ignores inventory updates until an `ActivationMark` of
    /// `True` re-activates it. `false` for an unknown item.
    pub fn item_active(&self, seller_id: &str, seller_part_number: &str) -> bool {
        let state = self.state();
        state.items.iter().any(|item| {
            item.seller_id == seller_id && item.seller_part_number == seller_part_number
        }) && !state
            .inactive
            .contains(&(seller_id.to_string(), seller_part_number.to_string()))
    }
}
