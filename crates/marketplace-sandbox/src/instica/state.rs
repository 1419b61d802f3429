//! What the Instica fake holds while it runs, and the moves from "submitted" to done that happen
//! between requests.

use std::collections::BTreeMap;

use super::model::{
    ExportJob, InsticaAsset, InsticaAuditEntry, InsticaItem, InsticaPlatform,
    InsticaPlatformListing, InsticaProduct,
};
use crate::support::clock;

/// Everything the fake holds.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub(crate) products: BTreeMap<String, InsticaProduct>,
    /// Items in creation order.
    pub(crate) items: Vec<InsticaItem>,
    pub(crate) assets: Vec<InsticaAsset>,
    pub(crate) listings: Vec<InsticaPlatformListing>,
    pub(crate) platforms: Vec<InsticaPlatform>,
    pub(crate) audit: Vec<InsticaAuditEntry>,
    pub(crate) exports: Vec<ExportJob>,
    pub(crate) counter: u64,
}

impl State {
    /// A fresh identifier with a prefix, e.g. `inv_000123`.
    pub(crate) fn next_uid(&mut self, prefix: &str) -> String {
        loop {
            self.counter += 1;
            let uid = format!("{prefix}_{:06}", self.counter);
            let taken =
                self.items.iter().any(|item| item.uid == uid) || self.products.contains_key(&uid);
            if !taken {
                return uid;
            }
        }
    }

    pub(crate) fn item(&self, uid: &str) -> Option<&InsticaItem> {
        self.items
            .iter()
            .find(|item| item.uid == uid && !item.deleted)
    }

    pub(crate) fn item_mut(&mut self, uid: &str) -> Option<&mut InsticaItem> {
        self.items
            .iter_mut()
            .find(|item| item.uid == uid && !item.deleted)
    }

    pub(crate) fn platform(&self, slug: &str) -> Option<&InsticaPlatform> {
        self.platforms.iter().find(|platform| platform.slug == slug)
    }

    /// Whether an item has a listing that is live or on its way.
    pub(crate) fn has_active_listing(&self, uid: &str) -> bool {
        self.listings.iter().any(|listing| {
            listing.item_uid == uid
                && matches!(
                    listing.status.as_str(),
                    "in_progress" | "listed" | "draft" | "delisting"
                )
        })
    }

    pub(crate) fn is_deletable(&self, item: &InsticaItem) -> bool {
        item.status != "sold" && !self.has_active_listing(&item.uid)
    }

    pub(crate) fn insert_item(&mut self, mut item: InsticaItem) -> String {
        if item.uid.is_empty() {
            item.uid = self.next_uid("inv");
        }
        let uid = item.uid.clone();
        self.items.retain(|existing| existing.uid != uid);
        self.items.push(item);
        uid
    }

    pub(crate) fn audit(&mut self, mut entry: InsticaAuditEntry) {
        entry.uid = self.next_uid("log");
        self.audit.push(entry);
    }

    /// Moves work that was "submitted" on an earlier request to its outcome: listings in
    /// progress become listed (or drafts), delistings finish, export jobs complete.
    pub(crate) fn settle(&mut self) {
        let now = clock::now_unix();
        let mut listed_items = Vec::new();
        let mut delisted_items = Vec::new();
        for listing in &mut self.listings {
            match listing.status.as_str() {
                "in_progress" => {
                    if listing.is_draft {
                        listing.status = "draft".to_string();
                    } else {
                        listing.status = "listed".to_string();
                        listed_items.push(listing.item_uid.clone());
                    }
                }
                "delisting" => {
                    listing.status = "delisted".to_string();
                    delisted_items.push(listing.item_uid.clone());
                }
                _ => {}
            }
        }
        for uid in listed_items {
            if let Some(item) = self.item_mut(&uid) {
                item.status = "listed".to_string();
                item.listed_at.get_or_insert(now);
            }
        }
        for uid in delisted_items {
            let still_listed = self
                .listings
                .iter()
                .any(|listing| listing.item_uid == uid && listing.status == "listed");
            if let Some(item) = self.item_mut(&uid)
                && !still_listed
                && item.status == "listed"
            {
                item.status = "ready-to-sell".to_string();
            }
        }
        for job in &mut self.exports {
            if job.status == "processing" {
                job.status = "completed".to_string();
            }
        }
    }
}
