//! A Discogs inventory as a [`StockChannel`](inventory_model::StockChannel), two ways:
//!
//! * [`DiscogsChannel`] ([`DiscogsClient::channel`](crate::DiscogsClient::channel)), the bulk
//!   path: a batch becomes one `change` upload per 5,000 price changes (and one `delete` upload
//!   for listings to remove), plus the polls that read each upload's result. Ten thousand price
//!   changes cost a handful of requests. It is also the
//!   [`InventoryReader`](inventory_model::InventoryReader): one inventory export says what the
//!   whole inventory holds.
//! * [`ListingEditChannel`]
//!   ([`DiscogsClient::listing_edit_channel`](crate::DiscogsClient::listing_edit_channel)): a
//!   read and an edit of the listing per update, two requests each. It reports on every item at
//!   once (an upload reports per file) and can put a listing off sale without deleting it.
//!
//! Both key updates by SKU through the same mapping ([`ListingMap`]: an override, else the
//! listing whose `external_id` the SKU is, as the last read showed, else a SKU of digits is the
//! listing ID), treat a listing as one copy, check updates by the same rules in `push` and
//! `check_update` (`checks`), and merge duplicate updates of an item the shared way
//! ([`PushPlan`](inventory_model::push::PushPlan): the last wins, the earlier is rejected as
//! `superseded`).

mod bulk;
mod checks;
mod listing_edit;
mod read;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use client_core::InvalidInput;
use inventory_model::{InventoryUpdate, Refusal, Sku, SkuMap};

pub use bulk::DiscogsChannel;
pub use listing_edit::ListingEditChannel;

/// The name both channels report in outcomes and errors.
pub const CHANNEL_NAME: &str = "discogs";

/// Which listing a SKU leads to, as [`ListingMap::resolve`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// This listing.
    Listing(u64),
    /// The SKU is the `external_id` of several listings, so it leads to none of them.
    Ambiguous(Vec<u64>),
    /// No listing.
    Unknown,
}

/// Which listing sells each SKU, the one way pushes, checks and reads find it:
///
/// 1. an override (`with_listing`, `with_sku_map`);
/// 2. else the listing whose `external_id` is the SKU, as the last inventory read showed it
///    (a listing an override names is the override's, whatever its `external_id` says). Of
///    several listings carrying the SKU, the one a push can change (For Sale, Draft, Expired)
///    is it, the sold and removed ones being history; with several such, the SKU leads to
///    none of them; with none, to the first;
/// 3. else a SKU of digits is the listing ID (the fallback of pushes before any read).
///
/// What reads learn is shared by the clones of a channel: they sell from the same inventory.
#[derive(Debug, Clone, Default)]
pub(crate) struct ListingMap {
    /// The overrides: SKU → listing.
    ids: HashMap<Sku, u64>,
    /// The overrides the other way: listing → the SKUs mapped to it.
    targets: HashMap<u64, Vec<Sku>>,
    /// From the last read: each `external_id` (as a SKU), the listings that carry it and
    /// whether each is current (a push can change it) rather than history.
    learned: Arc<RwLock<Learned>>,
    /// Whether a read has taught the map (an empty inventory teaches nothing, yet counts).
    has_read: Arc<AtomicBool>,
}

/// Each `external_id` a read showed (as a SKU), with the listings carrying it and whether each
/// is current, in the export's order.
type Learned = HashMap<Sku, Vec<(u64, bool)>>;

impl ListingMap {
    pub(crate) fn insert(&mut self, sku: Sku, listing_id: u64) {
        if let Some(previous) = self.ids.insert(sku.clone(), listing_id)
            && let Some(skus) = self.targets.get_mut(&previous)
        {
            skus.retain(|mapped| mapped != &sku);
        }
        self.targets.entry(listing_id).or_default().push(sku);
    }

    /// Adds every entry of `map`, whose item IDs must be listing IDs.
    pub(crate) fn extend(&mut self, map: &SkuMap) -> Result<(), InvalidInput> {
        let mut entries: Vec<(&Sku, &str)> = map.iter().collect();
        entries.sort_unstable();
        for (sku, item) in entries {
            let listing_id = listing_id(item).ok_or_else(|| {
                InvalidInput::new(
                    "sku_map",
                    format!("`{item}` (for SKU `{sku}`) is not a Discogs listing ID"),
                )
            })?;
            self.insert(sku.clone(), listing_id);
        }
        Ok(())
    }

    /// The SKUs an override maps to `listing_id`.
    pub(crate) fn overrides_of(&self, listing_id: u64) -> &[Sku] {
        self.targets.get(&listing_id).map_or(&[], Vec::as_slice)
    }

    /// Replaces what the last read showed: each listing's `external_id` (as a SKU), its ID and
    /// whether it is current, in the export's order.
    pub(crate) fn learn(&self, external_ids: impl IntoIterator<Item = (Sku, u64, bool)>) {
        let mut learned = Learned::new();
        for (sku, listing_id, current) in external_ids {
            learned.entry(sku).or_default().push((listing_id, current));
        }
        *self.learned.write().unwrap_or_else(PoisonError::into_inner) = learned;
        self.has_read.store(true, Ordering::Release);
    }

    /// Whether pushes can find the items of all of `skus`: after a read, or when overrides
    /// name every one.
    pub(crate) fn can_address(&self, skus: &[Sku]) -> bool {
        self.has_read.load(Ordering::Acquire) || skus.iter().all(|sku| self.ids.contains_key(sku))
    }

    /// The listing `sku` leads to (see the type's docs for the order).
    pub(crate) fn resolve(&self, sku: &Sku) -> Resolution {
        if let Some(listing_id) = self.ids.get(sku) {
            return Resolution::Listing(*listing_id);
        }
        let learned = self.learned.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(listings) = learned.get(sku) {
            let free: Vec<(u64, bool)> = listings
                .iter()
                .copied()
                .filter(|(listing_id, _)| !self.targets.contains_key(listing_id))
                .collect();
            let current: Vec<u64> = free
                .iter()
                .filter(|(_, current)| *current)
                .map(|(listing_id, _)| *listing_id)
                .collect();
            match (current.as_slice(), free.first()) {
                ([one], _) | ([], Some((one, _))) => return Resolution::Listing(*one),
                ([], None) => {}
                _ => return Resolution::Ambiguous(current),
            }
        }
        sku.as_str()
            .bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| listing_id(sku.as_str()))
            .flatten()
            .map_or(Resolution::Unknown, Resolution::Listing)
    }

    /// The listing that sells `sku`, if one does.
    pub(crate) fn get(&self, sku: &Sku) -> Option<u64> {
        match self.resolve(sku) {
            Resolution::Listing(listing_id) => Some(listing_id),
            Resolution::Ambiguous(_) | Resolution::Unknown => None,
        }
    }

    /// The listing of `update`, or the refusal of an update whose SKU leads nowhere.
    pub(crate) fn listing_of(&self, update: &InventoryUpdate) -> Result<u64, Refusal> {
        let sku = update.sku();
        match self.resolve(sku) {
            Resolution::Listing(listing_id) => Ok(listing_id),
            Resolution::Ambiguous(listings) => Err(ambiguous(sku, &listings)),
            Resolution::Unknown => Err(Refusal::new(format!(
                "no Discogs listing is known for SKU `{sku}`: it is not a Discogs listing ID, no \
                 listing is mapped to it (map one with `with_listing` or `with_sku_map`) and no \
                 listing of the last inventory read has it as its external_id"
            ))),
        }
    }
}

/// A listing ID written as text: digits, above zero.
fn listing_id(text: &str) -> Option<u64> {
    text.parse().ok().filter(|id| *id > 0)
}

/// Why a SKU on several current listings leads to none of them.
pub(crate) fn ambiguous(sku: &Sku, listings: &[u64]) -> Refusal {
    let ids: Vec<String> = listings.iter().map(u64::to_string).collect();
    Refusal::with_code(
        format!(
            "SKU `{sku}` is the external_id of several current Discogs listings ({}): a SKU must \
             lead to one listing, so give each copy its own external_id or map the SKU with \
             `with_listing`",
            ids.join(", ")
        ),
        "ambiguous_sku",
    )
}

/// `with_listing`, `with_sku_map` and `listing_id_for`, for a channel that keeps its
/// [`ListingMap`] in `listings`.
macro_rules! listing_mapping {
    () => {
        /// Maps `sku` to the listing that sells it, for pushes and reads alike; it wins over
        /// the listing whose `external_id` the SKU is. Several SKUs may name one listing.
        #[must_use]
        pub fn with_listing(mut self, sku: ::inventory_model::Sku, listing_id: u64) -> Self {
            self.listings.insert(sku, listing_id);
            self
        }

        /// Adds every entry of an override table (SKU → listing ID, as text), as
        /// [`with_listing`](Self::with_listing) does one.
        ///
        /// # Errors
        ///
        /// [`DiscogsError::InvalidInput`](crate::DiscogsError::InvalidInput) (field `sku_map`)
        /// naming an entry whose item is not a listing ID (digits, above zero); the channel is
        /// not built.
        pub fn with_sku_map(
            mut self,
            map: &::inventory_model::SkuMap,
        ) -> Result<Self, crate::error::DiscogsError> {
            self.listings
                .extend(map)
                .map_err(crate::error::DiscogsError::InvalidInput)?;
            Ok(self)
        }

        /// The listing that sells `sku`: the mapped one, else the one whose `external_id` it
        /// is, as this channel's last read showed (only the bulk channel reads), else the SKU
        /// read as a listing ID.
        #[must_use]
        pub fn listing_id_for(&self, sku: &::inventory_model::Sku) -> Option<u64> {
            self.listings.get(sku)
        }
    };
}

use listing_mapping;
