//! The Discogs fake's own readers and seeders on the shared handle.

use super::model::{DiscogsListing, DiscogsOrder, DiscogsRelease, DiscogsUpload};
use super::{ANONYMOUS, AUTHENTICATED, DiscogsFake, export, upload};
use crate::RateLimit;
use crate::sandbox::Sandbox;

impl Sandbox<DiscogsFake> {
    /// Changes the rate-limit budgets of the running fake and empties both windows.
    pub fn set_rate_limits(&self, authenticated: RateLimit, anonymous: RateLimit) {
        let store = &self.fake().store;
        store.set_limit(AUTHENTICATED, authenticated);
        store.set_limit(ANONYMOUS, anonymous);
    }

    /// Every listing of a seller, whatever its status, ordered by id.
    pub fn listings(&self, username: &str) -> Vec<DiscogsListing> {
        self.state()
            .listings
            .values()
            .filter(|listing| listing.seller.eq_ignore_ascii_case(username))
            .cloned()
            .collect()
    }

    /// One listing.
    pub fn listing(&self, id: u64) -> Option<DiscogsListing> {
        self.state().listings.get(&id).cloned()
    }

    /// Every order, ordered by id.
    pub fn orders(&self) -> Vec<DiscogsOrder> {
        self.state().orders.values().cloned().collect()
    }

    /// One order.
    pub fn order(&self, id: &str) -> Option<DiscogsOrder> {
        self.state().orders.get(id).cloned()
    }

    /// The upload jobs of a user, oldest first.
    pub fn uploads(&self, username: &str) -> Vec<DiscogsUpload> {
        self.state()
            .uploads
            .values()
            .filter(|job| job.view.username.eq_ignore_ascii_case(username))
            .map(|job| job.view.clone())
            .collect()
    }

    /// Adds a release to the catalogue.
    pub fn seed_release(&self, release: DiscogsRelease) {
        self.state().releases.insert(release.id, release);
    }

    /// Adds a listing and returns its id (an id of 0 gets the next free id).
    pub fn seed_listing(&self, listing: DiscogsListing) -> u64 {
        self.state().insert_listing(listing)
    }

    /// Adds an order and returns its id (an empty id gets the next free id).
    pub fn seed_order(&self, order: DiscogsOrder) -> String {
        self.state().insert_order(&self.fake().config, order)
    }

    /// Finishes every queued or processing upload and export at once, applying upload rows.
    pub fn finish_jobs(&self) {
        let mut state = self.state();
        // Two steps take a job from queued through processing to success; uploads go first so
        // an export made now holds what they changed.
        for _ in 0..2 {
            upload::advance_all(&mut state);
            export::advance_all(&mut state);
        }
    }
}
