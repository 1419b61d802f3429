//! The read side of a channel: what it holds now, for a set of SKUs.
//!
//! A planner compares what a seller wants each channel to show with what the channel shows
//! now, and sends only the difference. [`InventoryReader`] is how it asks: each client crate
//! implements it with its cheapest read path (an export file, an item list, a multi-item stock
//! query), and answers with [`Holdings`].
//!
//! # Which item a SKU is
//!
//! A [`Sku`] is the seller's identifier; each channel knows its items by its own. Each client
//! maps the one to the other the same way in its push and its read, by a documented field of
//! the channel's item, and a [`SkuMap`](crate::SkuMap) of overrides wins over that field for
//! sellers whose catalog differs:
//!
//! | channel | the SKU is, by default | the channel's item ID ([`HeldItem::item_id`]) |
//! |---------|------------------------|-----------------------------------------------|
//! | Discogs | the listing's `external_id` (the seller's own free-text ID on the listing) | the listing ID |
//! | Newegg | the seller part number | the Newegg item number |
//! | bulk insert | the item's `sku` | the item ID |
//! | Instica | the item's `manual_sku` | the item UID (`inv_…`) |
//!
//! An item whose field is empty and that no override names has no SKU: a read reports it
//! neither as held nor as unasked, since no desired state can name it.
use std::collections::HashSet;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::{ChannelError, Country, Money, Quantity, Sku, StockChannel};

/// A channel that can also say what it holds now.
///
/// It extends [`StockChannel`], so one `Box<dyn InventoryReader>` (or `Arc`) reads, checks and
/// pushes: a read is of use to a sync only where the same channel takes the pushes. The trait
/// is object-safe.
///
/// ```
/// use inventory_model::{
///     async_trait, ChannelError, HeldItem, Holdings, InventoryReader, InventoryUpdate,
///     ItemOutcome, PushReport, Quantity, ReadScope, Sku, StockChannel,
/// };
///
/// /// A shop with one record on its shelf, which it can list whole.
/// struct Shelf;
///
/// #[async_trait]
/// impl StockChannel for Shelf {
///     fn channel_name(&self) -> &str {
///         "shelf"
///     }
///     async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
///         // Every update goes through; a real channel sends them here.
///         Ok(PushReport::new(updates.iter().map(ItemOutcome::accepted).collect()))
///     }
/// }
///
/// #[async_trait]
/// impl InventoryReader for Shelf {
///     async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
///         let sku = Sku::new("LP-1").map_err(|error| ChannelError::read("shelf", error))?;
///         let on_shelf = HeldItem::new(sku, "item-17", Quantity::new(2));
///         Ok(Holdings::sort(ReadScope::WholeChannel, skus, [on_shelf], []))
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let channel: Box<dyn InventoryReader> = Box::new(Shelf);
/// let holdings = channel.read(&[Sku::new("LP-2")?]).await?;
/// assert_eq!(holdings.missing(), [Sku::new("LP-2")?]);
/// assert_eq!(holdings.unasked().map(<[_]>::len), Some(1)); // LP-1, held but not asked
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
///
/// # Contract for implementors
///
/// * Use the cheapest read the channel offers for the whole set (one export, one list, a
///   multi-item query), not one request per SKU where the API can do better.
/// * Map SKUs to items exactly as `push` does (see the [module docs](crate::read)).
/// * Report an item that did not decode as an [`UnreadItem`] naming it, and fail as a whole
///   ([`ChannelError::read`]) only when nothing useful was read.
#[async_trait]
pub trait InventoryReader: StockChannel {
    /// What the channel holds now of `skus`: each held item's stock, price and item ID, the
    /// asked SKUs it does not hold and, when the read covers the whole channel, what it holds
    /// that was not asked.
    ///
    /// # Errors
    ///
    /// A [`ChannelError`] (made with [`ChannelError::read`]) when the read failed as a whole.
    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError>;

    /// Whether a push can find the items of all of `skus` without a read first.
    ///
    /// A channel whose pushes find items through what a read taught it (a listing's
    /// `external_id`, an item's `manual_sku`) answers `false` until it has read, unless
    /// overrides name every SKU. A sync pushing a plan made by another process (a resumed
    /// run, a saved plan) asks, and reads those SKUs first when the answer is `false`. The
    /// default, for channels that address items by the SKU itself: `true`.
    fn can_address(&self, skus: &[Sku]) -> bool {
        let _ = skus;
        true
    }
}

/// What a channel holds of one SKU now, in one warehouse where it keeps stock per warehouse.
///
/// A channel with stock per warehouse reports one `HeldItem` per warehouse of the SKU, each
/// with the SKU's price.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HeldItem {
    /// The seller's SKU, as the channel maps it (see the [module docs](crate::read)).
    pub sku: Sku,
    /// The channel's own identifier of the item (a listing ID, an item UID, a record ID).
    pub item_id: String,
    /// How many items the channel offers (on hand).
    pub quantity: Quantity,
    /// The price of one item, when the channel has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    /// The warehouse's country, where the channel keeps stock per warehouse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<Country>,
}

impl HeldItem {
    /// `quantity` items of `sku`, known to the channel as `item_id`, with no price and no
    /// warehouse.
    #[must_use]
    pub fn new(sku: Sku, item_id: impl Into<String>, quantity: Quantity) -> Self {
        Self {
            sku,
            item_id: item_id.into(),
            quantity,
            price: None,
            warehouse: None,
        }
    }

    /// Sets the price.
    #[must_use]
    pub fn with_price(mut self, price: Money) -> Self {
        self.price = Some(price);
        self
    }

    /// Sets the warehouse's country.
    #[must_use]
    pub fn in_warehouse(mut self, country: Country) -> Self {
        self.warehouse = Some(country);
        self
    }
}

/// An item the channel holds but whose data did not decode, so its state is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnreadItem {
    /// Which item, in the channel's words (its ID, or the row of an export).
    pub item: String,
    /// Its SKU, when that much was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<Sku>,
    /// What was wrong with it.
    pub reason: String,
}

impl UnreadItem {
    /// The item `item` could not be read, for `reason`.
    #[must_use]
    pub fn new(item: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            item: item.into(),
            sku: None,
            reason: reason.into(),
        }
    }

    /// Sets the SKU, when it was read.
    #[must_use]
    pub fn with_sku(mut self, sku: Sku) -> Self {
        self.sku = Some(sku);
        self
    }
}

/// How much of a channel a read covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReadScope {
    /// Only the asked SKUs: the channel cannot list everything it holds (a per-item query).
    AskedOnly,
    /// Everything the channel holds (an export, a complete list), so what it holds that was not
    /// asked is known too.
    WholeChannel,
}

/// What a read found: the asked SKUs the channel holds, those it does not, the items that did
/// not decode and, when the read covers the whole channel, what it holds that was not asked.
///
/// Build it with [`Holdings::sort`], which sorts what the channel found against what was
/// asked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Holdings {
    scope: Option<ReadScope>,
    held: Vec<HeldItem>,
    missing: Vec<Sku>,
    unasked: Vec<HeldItem>,
    unreadable: Vec<UnreadItem>,
}

impl Holdings {
    /// Sorts what a channel `found` against the `asked` SKUs.
    ///
    /// * An item of an asked SKU is held; an asked SKU of which nothing was found (and no
    ///   unreadable item names it) is missing, in the order asked, each once.
    /// * An item of a SKU not asked is unasked when `scope` is
    ///   [`WholeChannel`](ReadScope::WholeChannel); an [`AskedOnly`](ReadScope::AskedOnly) read
    ///   says nothing reliable about the rest of the channel, so such items are left out.
    ///
    /// ```
    /// use inventory_model::{HeldItem, Holdings, Quantity, ReadScope, Sku, UnreadItem};
    ///
    /// let sku = |text| Sku::new(text).unwrap();
    /// let asked = [sku("A"), sku("B"), sku("C")];
    /// let found = [
    ///     HeldItem::new(sku("A"), "1", Quantity::new(3)),
    ///     HeldItem::new(sku("Z"), "9", Quantity::new(1)),
    /// ];
    /// let broken = UnreadItem::new("row 7", "price `12,5` is not a number").with_sku(sku("C"));
    /// let holdings = Holdings::sort(ReadScope::WholeChannel, &asked, found, [broken]);
    /// assert_eq!(holdings.held().len(), 1);
    /// assert_eq!(holdings.missing(), [sku("B")]);
    /// assert_eq!(holdings.unasked().unwrap()[0].sku, sku("Z"));
    /// assert_eq!(holdings.unreadable()[0].item, "row 7");
    /// ```
    #[must_use]
    pub fn sort(
        scope: ReadScope,
        asked: &[Sku],
        found: impl IntoIterator<Item = HeldItem>,
        unreadable: impl IntoIterator<Item = UnreadItem>,
    ) -> Self {
        let asked_set: HashSet<&Sku> = asked.iter().collect();
        let mut seen: HashSet<Sku> = HashSet::new();
        let mut held = Vec::new();
        let mut unasked = Vec::new();
        for item in found {
            if asked_set.contains(&item.sku) {
                seen.insert(item.sku.clone());
                held.push(item);
            } else if scope == ReadScope::WholeChannel {
                unasked.push(item);
            }
        }
        let unreadable: Vec<UnreadItem> = unreadable.into_iter().collect();
        seen.extend(unreadable.iter().filter_map(|item| item.sku.clone()));
        let mut missing = Vec::new();
        for sku in asked {
            if seen.insert(sku.clone()) {
                missing.push(sku.clone());
            }
        }
        Self {
            scope: Some(scope),
            held,
            missing,
            unasked,
            unreadable,
        }
    }

    /// How much of the channel the read covers ([`AskedOnly`](ReadScope::AskedOnly) for an
    /// empty, default value).
    #[must_use]
    pub fn scope(&self) -> ReadScope {
        self.scope.unwrap_or(ReadScope::AskedOnly)
    }

    /// The items of asked SKUs, in the order the channel gave them (one per warehouse where
    /// the channel keeps stock per warehouse).
    #[must_use]
    pub fn held(&self) -> &[HeldItem] {
        &self.held
    }

    /// The items of one asked SKU.
    pub fn held_of<'a>(&'a self, sku: &'a Sku) -> impl Iterator<Item = &'a HeldItem> + 'a {
        self.held.iter().filter(move |item| &item.sku == sku)
    }

    /// The asked SKUs the channel does not hold, in the order asked.
    #[must_use]
    pub fn missing(&self) -> &[Sku] {
        &self.missing
    }

    /// What the channel holds that was not asked, when the read covers the whole channel;
    /// `None` when it covers only the asked SKUs, so the rest is unknown.
    #[must_use]
    pub fn unasked(&self) -> Option<&[HeldItem]> {
        match self.scope() {
            ReadScope::WholeChannel => Some(&self.unasked),
            ReadScope::AskedOnly => None,
        }
    }

    /// The items that did not decode, each naming itself and why.
    #[must_use]
    pub fn unreadable(&self) -> &[UnreadItem] {
        &self.unreadable
    }

    /// Every part, owned: held, missing, unasked (empty for an asked-only read), unreadable.
    #[must_use]
    pub fn into_parts(self) -> (Vec<HeldItem>, Vec<Sku>, Vec<HeldItem>, Vec<UnreadItem>) {
        (self.held, self.missing, self.unasked, self.unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, Decimal};

    fn sku(text: &str) -> Sku {
        Sku::new(text).unwrap()
    }

    #[test]
    fn asked_only_reads_leave_the_rest_unknown() {
        let asked = [sku("A"), sku("A"), sku("B")];
        let found = [
            HeldItem::new(sku("A"), "1", Quantity::new(2)).in_warehouse(Country::USA),
            HeldItem::new(sku("A"), "1", Quantity::new(5)).in_warehouse(Country::CAN),
            HeldItem::new(sku("X"), "7", Quantity::new(1)),
        ];
        let holdings = Holdings::sort(ReadScope::AskedOnly, &asked, found, []);
        assert_eq!(holdings.held().len(), 2);
        assert_eq!(holdings.held_of(&sku("A")).count(), 2);
        assert_eq!(holdings.missing(), [sku("B")]);
        assert_eq!(holdings.unasked(), None);
        assert_eq!(holdings.scope(), ReadScope::AskedOnly);
        assert_eq!(Holdings::default().scope(), ReadScope::AskedOnly);
    }

    #[test]
    fn serde_round_trip() {
        let item = HeldItem::new(sku("A"), "1", Quantity::new(2))
            .with_price(Money::new(Decimal::new(999, 2), Currency::Usd));
        let holdings = Holdings::sort(ReadScope::WholeChannel, &[sku("A")], [item], []);
        let json = serde_json::to_string(&holdings).unwrap();
        assert!(json.contains(r#""scope":"whole_channel""#), "{json}");
        let back: Holdings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, holdings);
    }

    #[test]
    fn readers_are_objects_that_cross_threads() {
        fn assert_send_sync<T: Send + Sync + ?Sized>() {}
        assert_send_sync::<dyn InventoryReader>();
        assert_send_sync::<Holdings>();
    }
}
