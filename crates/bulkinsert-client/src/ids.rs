//! How records name things: the item (by the seller's SKU or the service's item id) and the
//! location.

use std::fmt;
use std::num::NonZeroU64;

use inventory_model::Sku;
use serde::{Deserialize, Serialize};

use crate::error::BulkInsertError;

/// The service's numeric id of an item (`itemId`), at least 1.
///
/// Its own serialization is text, the way the stock query's body writes it
/// (`{"items":[{"itemId":"…","quantity":N}]}`, field notes §3); a bulk-insert record writes it
/// as the number the live page types it as. It is read from text or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(NonZeroU64);

impl ItemId {
    /// Checks that `id` is at least 1.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for the field `itemId` when `id` is 0.
    pub fn new(id: u64) -> Result<ItemId, BulkInsertError> {
        NonZeroU64::new(id)
            .map(ItemId)
            .ok_or_else(|| BulkInsertError::invalid("itemId", "must be at least 1"))
    }

    /// The id.
    #[must_use]
    pub fn get(self) -> u64 {
        self.0.get()
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for ItemId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A location id (`locationId`), such as a warehouse or a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LocationId(u64);

impl LocationId {
    /// The location with this id.
    #[must_use]
    pub const fn new(id: u64) -> LocationId {
        LocationId(id)
    }

    /// The id.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for LocationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which item a record is about: by the seller's SKU or by the service's item id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemRef {
    /// The seller's SKU (`sku`).
    Sku(Sku),
    /// The service's item id (`itemId`).
    ItemId(ItemId),
}

impl From<Sku> for ItemRef {
    fn from(sku: Sku) -> Self {
        ItemRef::Sku(sku)
    }
}

impl From<ItemId> for ItemRef {
    fn from(id: ItemId) -> Self {
        ItemRef::ItemId(id)
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemRef::Sku(sku) => write!(f, "sku {sku}"),
            ItemRef::ItemId(id) => write!(f, "item {id}"),
        }
    }
}
