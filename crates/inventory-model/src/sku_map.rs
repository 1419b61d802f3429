//! The override table between a seller's SKUs and one channel's items.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::{ModelError, Sku};

/// Overrides of how a seller's [`Sku`]s map to one channel's items, for sellers whose catalog
/// differs from what the channel's items say.
///
/// Each client maps a SKU to its item by a documented field by default (Discogs
/// `external_id`, Instica `manual_sku`, Newegg seller part number, bulk-insert `sku`: see the
/// [`read` module](crate::read)); an entry of this table wins over that field in both
/// directions, for pushes and reads alike. The mapping is one to one: one SKU is one item, and
/// [`insert`](SkuMap::insert) refuses an item already mapped to another SKU.
///
/// Serde writes a JSON object from SKU to item ID (`{"LP-1":"150000001"}`), in SKU order, and
/// reads it back through [`insert`](SkuMap::insert).
///
/// ```
/// use inventory_model::{Sku, SkuMap};
///
/// let mut map = SkuMap::new();
/// map.insert(Sku::new("LP-0042")?, "150000001")?;
/// assert_eq!(map.item_for(&Sku::new("LP-0042")?), Some("150000001"));
/// assert!(map.insert(Sku::new("LP-0043")?, "150000001").is_err()); // one item, one SKU
///
/// // The item's own field (here a listing's `external_id`) counts where the table is silent,
/// // and not where the table maps that SKU to another item.
/// assert_eq!(map.sku_of("150000002", Some("LP-7")), Some(Sku::new("LP-7")?));
/// assert_eq!(map.sku_of("150000001", Some("LP-7")), Some(Sku::new("LP-0042")?));
/// assert_eq!(map.sku_of("150000003", Some("LP-0042")), None);
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SkuMap {
    by_sku: HashMap<Sku, String>,
    by_item: HashMap<String, Sku>,
}

impl SkuMap {
    /// An empty table: every item maps by its default field.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps `sku` to the channel's item `item_id`, replacing an earlier entry of `sku`.
    ///
    /// # Errors
    ///
    /// [`ModelError::Empty`] for an empty item ID, [`ModelError::Invalid`] (field `sku map`)
    /// when another SKU is already mapped to `item_id`.
    pub fn insert(&mut self, sku: Sku, item_id: impl Into<String>) -> Result<(), ModelError> {
        let item_id: String = item_id.into();
        if item_id.trim().is_empty() {
            return Err(ModelError::Empty {
                field: "sku map item ID",
            });
        }
        if let Some(other) = self.by_item.get(&item_id)
            && other != &sku
        {
            return Err(ModelError::Invalid {
                field: "sku map",
                value: format!("{sku} -> {item_id}"),
                expected: "a mapping to an item no other SKU is mapped to",
            });
        }
        if let Some(previous) = self.by_sku.insert(sku.clone(), item_id.clone()) {
            self.by_item.remove(&previous);
        }
        self.by_item.insert(item_id, sku);
        Ok(())
    }

    /// The item `sku` is mapped to, if the table names one.
    #[must_use]
    pub fn item_for(&self, sku: &Sku) -> Option<&str> {
        self.by_sku.get(sku).map(String::as_str)
    }

    /// The SKU the table maps `item_id` to, if any.
    #[must_use]
    pub fn sku_for(&self, item_id: &str) -> Option<&Sku> {
        self.by_item.get(item_id)
    }

    /// The item a push of `sku` goes to: the table's entry, else `default` (the channel's own
    /// way of finding the item by its field).
    pub fn item_of(
        &self,
        sku: &Sku,
        default: impl FnOnce(&Sku) -> Option<String>,
    ) -> Option<String> {
        match self.item_for(sku) {
            Some(item) => Some(item.to_owned()),
            None => default(sku),
        }
    }

    /// The SKU of the item `item_id` whose default field says `field`: the table's entry, else
    /// the field read as a SKU, unless the table maps that SKU to another item (then the item
    /// has no SKU). `None` also for an empty or invalid field.
    #[must_use]
    pub fn sku_of(&self, item_id: &str, field: Option<&str>) -> Option<Sku> {
        if let Some(sku) = self.sku_for(item_id) {
            return Some(sku.clone());
        }
        let sku = Sku::new(field?).ok()?;
        match self.item_for(&sku) {
            Some(mapped) if mapped != item_id => None,
            _ => Some(sku),
        }
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.by_sku.len()
    }

    /// Whether the table has no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_sku.is_empty()
    }

    /// Every entry, SKU and item ID, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&Sku, &str)> {
        self.by_sku.iter().map(|(sku, item)| (sku, item.as_str()))
    }
}

impl Serialize for SkuMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sorted: BTreeMap<&str, &str> = self
            .by_sku
            .iter()
            .map(|(sku, item)| (sku.as_str(), item.as_str()))
            .collect();
        sorted.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SkuMap {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<Sku, String>::deserialize(deserializer)?;
        let mut map = SkuMap::new();
        for (sku, item) in entries {
            map.insert(sku, item).map_err(serde::de::Error::custom)?;
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sku(text: &str) -> Sku {
        Sku::new(text).unwrap()
    }

    #[test]
    fn remapping_a_sku_frees_its_old_item() {
        let mut map = SkuMap::new();
        map.insert(sku("A"), "1").unwrap();
        map.insert(sku("A"), "2").unwrap();
        assert_eq!(map.sku_for("1"), None);
        assert_eq!(map.sku_for("2"), Some(&sku("A")));
        map.insert(sku("B"), "1").unwrap();
        assert_eq!(map.len(), 2);
        assert!(map.insert(sku("C"), " ").is_err());
        assert_eq!(
            map.item_of(&sku("Z"), |s| Some(format!("by-{s}"))),
            Some("by-Z".into())
        );
        assert_eq!(map.item_of(&sku("A"), |_| None), Some("2".into()));
        assert_eq!(map.sku_of("9", Some("  ")), None);
        assert_eq!(map.sku_of("9", None), None);
    }

    #[test]
    fn serde_goes_through_insert() {
        let mut map = SkuMap::new();
        map.insert(sku("B"), "2").unwrap();
        map.insert(sku("A"), "1").unwrap();
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(json, r#"{"A":"1","B":"2"}"#);
        assert_eq!(serde_json::from_str::<SkuMap>(&json).unwrap(), map);
        let err = serde_json::from_str::<SkuMap>(r#"{"A":"1","B":"1"}"#).unwrap_err();
        assert!(err.to_string().contains("sku map"), "{err}");
    }
}
