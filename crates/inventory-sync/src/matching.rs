//! Which item a channel read shows for a wanted stock level or price: the one rule the planner
//! and the verifier share.

use std::collections::HashMap;

use inventory_model::{Country, HeldItem, Money, Sku};

/// The held items of a read, by SKU.
pub(crate) struct HeldIndex<'a> {
    by_sku: HashMap<&'a Sku, Vec<&'a HeldItem>>,
}

impl<'a> HeldIndex<'a> {
    pub(crate) fn new(items: &'a [HeldItem]) -> Self {
        let mut by_sku: HashMap<&'a Sku, Vec<&'a HeldItem>> = HashMap::new();
        for item in items {
            by_sku.entry(&item.sku).or_default().push(item);
        }
        Self { by_sku }
    }

    /// The items of `sku` (one per warehouse where the channel keeps stock per warehouse).
    pub(crate) fn of(&self, sku: &Sku) -> &[&'a HeldItem] {
        self.by_sku.get(sku).map_or(&[], Vec::as_slice)
    }
}

/// The position among `items` (all of one SKU) of the item a stock level for `warehouse` is
/// compared with: the item of that warehouse; else, when the SKU has a single item and one
/// side names no warehouse, that item (a channel with one stock figure, or a wanted level for
/// the SKU's only warehouse). A level without a warehouse for a SKU held in several
/// warehouses matches none.
pub(crate) fn stock_position(items: &[&HeldItem], warehouse: Option<Country>) -> Option<usize> {
    items
        .iter()
        .position(|item| item.warehouse == warehouse)
        .or_else(|| match items {
            [only] if warehouse.is_none() || only.warehouse.is_none() => Some(0),
            _ => None,
        })
}

/// The price a channel shows for a SKU: the first of its items that has one.
pub(crate) fn price_of(items: &[&HeldItem]) -> Option<Money> {
    items.iter().find_map(|item| item.price)
}
