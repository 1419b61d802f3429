//! What the Newegg fake keeps: items with their stock per warehouse, and the sellers it accepts.

use std::collections::{BTreeMap, BTreeSet};

use super::DEFAULT_SELLER_ID;

/// Item conditions by their numeric code (only used to tell UPC items apart).
pub const NEWEGG_CONDITIONS: [(u8, &str); 6] = [
    (1, "New"),
    (2, "Refurbished"),
    (3, "Used - Like New"),
    (4, "Used - Very Good"),
    (5, "Used - Good"),
    (6, "Used - Acceptable"),
];

/// One item the fake knows, with its stock per warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeweggItem {
    /// The seller who owns the item.
    pub seller_id: String,
    /// Newegg's item number (`Type` 0).
    pub item_number: String,
    /// The seller's part number (`Type` 1).
    pub seller_part_number: String,
    /// The UPC (`Type` 2), if any.
    pub upc: Option<String>,
    /// Condition code 1–6 (1 = New).
    pub condition: u8,
    /// Available quantity per warehouse country (ISO 3166 alpha-3).
    pub inventory: BTreeMap<String, u32>,
    /// For an approved promotion: the lowest quantity the seller may set.
    pub promotion_minimum: Option<u32>,
}

impl NeweggItem {
    /// A New item of [`DEFAULT_SELLER_ID`] with no stock recorded.
    pub fn new(item_number: impl Into<String>, seller_part_number: impl Into<String>) -> Self {
        Self {
            seller_id: DEFAULT_SELLER_ID.to_string(),
            item_number: item_number.into(),
            seller_part_number: seller_part_number.into(),
            upc: None,
            condition: 1,
            inventory: BTreeMap::new(),
            promotion_minimum: None,
        }
    }

    /// Sets the stock of one warehouse.
    pub fn with_stock(mut self, warehouse: &str, quantity: u32) -> Self {
        self.inventory.insert(warehouse.to_string(), quantity);
        self
    }
}

/// A seller the fake accepts, with its credentials and the warehouses it has set up.
#[derive(Clone)]
pub(crate) struct SellerAccount {
    pub(crate) seller_id: String,
    pub(crate) authorization: String,
    pub(crate) secret_key: String,
    pub(crate) warehouses: BTreeSet<String>,
}

/// Everything the fake holds.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub(crate) items: Vec<NeweggItem>,
}
