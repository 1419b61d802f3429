//! The Instica fake's own readers and seeders on the shared handle.

use super::InsticaFake;
use super::model::{
    InsticaAsset, InsticaAuditEntry, InsticaItem, InsticaPlatformListing, InsticaProduct,
};
use crate::sandbox::Sandbox;

impl Sandbox<InsticaFake> {
    /// Every item that is not deleted, in creation order.
    pub fn items(&self) -> Vec<InsticaItem> {
        self.state()
            .items
            .iter()
            .filter(|item| !item.deleted)
            .cloned()
            .collect()
    }

    /// One item, deleted or not.
    pub fn item(&self, uid: &str) -> Option<InsticaItem> {
        self.state()
            .items
            .iter()
            .find(|item| item.uid == uid)
            .cloned()
    }

    /// The products.
    pub fn products(&self) -> Vec<InsticaProduct> {
        self.state().products.values().cloned().collect()
    }

    /// The assets of an item.
    pub fn assets(&self, item_uid: &str) -> Vec<InsticaAsset> {
        self.state()
            .assets
            .iter()
            .filter(|asset| asset.item_uid == item_uid)
            .cloned()
            .collect()
    }

    /// The platform listings of an item.
    pub fn listings(&self, item_uid: &str) -> Vec<InsticaPlatformListing> {
        self.state()
            .listings
            .iter()
            .filter(|listing| listing.item_uid == item_uid)
            .cloned()
            .collect()
    }

    /// The audit log of an item, oldest first.
    pub fn audit_logs(&self, item_uid: &str) -> Vec<InsticaAuditEntry> {
        self.state()
            .audit
            .iter()
            .filter(|entry| entry.item_uid == item_uid)
            .cloned()
            .collect()
    }

    /// Adds a product.
    pub fn seed_product(&self, product: InsticaProduct) {
        self.state().products.insert(product.uid.clone(), product);
    }

    /// Adds an item and returns its uid (an empty uid gets one assigned).
    pub fn seed_item(&self, item: InsticaItem) -> String {
        self.state().insert_item(item)
    }

    /// Completes submitted listings, delistings and export jobs now instead of on the next
    /// request.
    pub fn settle(&self) {
        self.state().settle();
    }
}
