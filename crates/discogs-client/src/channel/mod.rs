//! A Discogs inventory as a [`StockChannel`](inventory_model::StockChannel), two ways:
//!
//! * [`DiscogsChannel`] ([`DiscogsClient::channel`](crate::DiscogsClient::channel)), the bulk
//!   path: a batch becomes one `change` upload per 5,000 price changes (and one `delete` upload
//!   for listings to remove), plus the polls that read each upload's result. Ten thousand price
//!   changes cost a handful of requests.
//! * [`ListingEditChannel`]
//!   ([`DiscogsClient::listing_edit_channel`](crate::DiscogsClient::listing_edit_channel)): a
//!   read and an edit of the listing per update, two requests each. It reports on every item at
//!   once (an upload reports per file) and can put a listing off sale without deleting it.
//!
//! Both key updates by SKU through the same mapping
//! ([`with_listing`](DiscogsChannel::with_listing), else a SKU of digits is the listing ID),
//! treat a listing as one copy, and merge duplicate updates of an item the shared way
//! ([`PushPlan`](inventory_model::push::PushPlan): the last wins, the earlier is rejected as
//! `superseded`).

mod bulk;
mod listing_edit;

use std::collections::HashMap;

use inventory_model::push::Decision;
use inventory_model::{InventoryUpdate, Sku, StockKind, StockUpdate};

pub use bulk::DiscogsChannel;
pub use listing_edit::ListingEditChannel;

/// The name both channels report in outcomes and errors.
pub const CHANNEL_NAME: &str = "discogs";

/// Which listing sells each SKU: the SKUs mapped with `with_listing`, else a SKU of digits read
/// as the listing ID.
#[derive(Debug, Clone, Default)]
pub(crate) struct ListingMap {
    ids: HashMap<Sku, u64>,
}

impl ListingMap {
    pub(crate) fn insert(&mut self, sku: Sku, listing_id: u64) {
        self.ids.insert(sku, listing_id);
    }

    /// The listing that sells `sku`, if any.
    pub(crate) fn get(&self, sku: &Sku) -> Option<u64> {
        self.ids.get(sku).copied().or_else(|| {
            let text = sku.as_str();
            if text.bytes().all(|byte| byte.is_ascii_digit()) {
                text.parse().ok().filter(|id| *id > 0)
            } else {
                None
            }
        })
    }

    /// The listing of `update`, or the rejection of an update whose SKU leads nowhere.
    pub(crate) fn listing_of<K>(&self, update: &InventoryUpdate) -> Result<u64, Decision<K>> {
        self.get(update.sku()).ok_or_else(|| {
            Decision::reject(format!(
                "no Discogs listing is known for SKU `{}`: it is not a Discogs listing ID and no \
                 listing is mapped to it (map one with `with_listing`)",
                update.sku()
            ))
        })
    }
}

/// `with_listing` and `listing_id_for`, for a channel that keeps its [`ListingMap`] in
/// `listings`.
macro_rules! listing_mapping {
    () => {
        /// Maps `sku` to the listing that sells it.
        #[must_use]
        pub fn with_listing(mut self, sku: ::inventory_model::Sku, listing_id: u64) -> Self {
            self.listings.insert(sku, listing_id);
            self
        }

        /// The listing that sells `sku`: the mapped one, else the SKU read as a listing ID.
        #[must_use]
        pub fn listing_id_for(&self, sku: &::inventory_model::Sku) -> Option<u64> {
            self.listings.get(sku)
        }
    };
}

use listing_mapping;

/// What a stock update asks of a listing, which is one copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StockAsk {
    /// Stock 0: the copy is gone.
    None,
    /// Stock 1: the copy is there.
    One,
}

/// Reads a stock update the way both channels do: only stock on hand, and at most one copy.
pub(crate) fn stock_ask<K>(stock: &StockUpdate, listing_id: u64) -> Result<StockAsk, Decision<K>> {
    if stock.kind != StockKind::OnHand {
        return Err(Decision::reject(
            "Discogs lists only stock on hand, not stock in transit",
        ));
    }
    match stock.quantity.get() {
        0 => Ok(StockAsk::None),
        1 => Ok(StockAsk::One),
        more => Err(Decision::reject(format!(
            "listing {listing_id} is one copy: Discogs documents no quantity for a listing, so a \
             stock of {more} cannot be set; list further copies as listings of their own"
        ))),
    }
}

/// The rejection of an update kind neither channel knows.
pub(crate) fn unsupported<K>() -> Decision<K> {
    Decision::reject(format!(
        "{CHANNEL_NAME} does not support this kind of update"
    ))
}
