//! What the Discogs fake holds while it runs, and the id counters its routes draw from.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Config;
use super::model::{DiscogsListing, DiscogsOrder, DiscogsRelease, ExportJob, UploadJob};

/// Everything the fake holds.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub(crate) releases: BTreeMap<u64, DiscogsRelease>,
    pub(crate) listings: BTreeMap<u64, DiscogsListing>,
    pub(crate) orders: BTreeMap<String, DiscogsOrder>,
    pub(crate) uploads: BTreeMap<u64, UploadJob>,
    pub(crate) exports: BTreeMap<u64, ExportJob>,
    pub(crate) suggestions: BTreeMap<u64, Vec<(String, Decimal)>>,
    next_listing_id: u64,
    next_job_id: u64,
    next_order_number: BTreeMap<String, u64>,
}

impl State {
    pub(crate) fn release(&self, id: u64) -> DiscogsRelease {
        self.releases
            .get(&id)
            .cloned()
            .unwrap_or_else(|| DiscogsRelease::placeholder(id))
    }

    pub(crate) fn allocate_listing_id(&mut self) -> u64 {
        let floor = self.listings.keys().next_back().map_or(0, |last| last + 1);
        let id = self.next_listing_id.max(floor).max(150_000_001);
        self.next_listing_id = id + 1;
        id
    }

    pub(crate) fn allocate_job_id(&mut self) -> u64 {
        let id = self.next_job_id.max(599_632);
        self.next_job_id = id + 1;
        id
    }

    pub(crate) fn insert_listing(&mut self, mut listing: DiscogsListing) -> u64 {
        if listing.id == 0 {
            listing.id = self.allocate_listing_id();
        }
        let id = listing.id;
        self.listings.insert(id, listing);
        id
    }

    pub(crate) fn insert_order(&mut self, config: &Config, mut order: DiscogsOrder) -> String {
        if order.id.is_empty() {
            let seller_id = config
                .account(&order.seller)
                .map_or(1, |seller| seller.user_id);
            let counter = self
                .next_order_number
                .entry(order.seller.clone())
                .or_insert(0);
            loop {
                *counter += 1;
                let candidate = format!("{seller_id}-{counter}");
                if !self.orders.contains_key(&candidate) {
                    order.id = candidate;
                    break;
                }
            }
        }
        let id = order.id.clone();
        self.orders.insert(id.clone(), order);
        id
    }
}
