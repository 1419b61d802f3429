//! The Newegg fake's own readers and seeders on the shared handle.

use super::model::NeweggItem;
use super::{INVENTORY_PATH, NeweggFake, WINDOW};
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
}
