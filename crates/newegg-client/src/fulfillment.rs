//! Who ships an item's stock, and the platform-wide stock answer that says so.
//!
//! Newegg's own SDK records a read answer the vendor page does not show (field notes §2.4):
//! each quantity comes with a `FulfillmentOption` (shipped by the seller or by Newegg), and
//! stock held in Newegg's warehouses comes with a per-warehouse breakdown
//! (`WarehouseAllocation`). The types here keep both, so that a seller's own stock and
//! Newegg's are never added up behind the caller's back.

use std::fmt;

use client_core::open_enum;

use crate::wire::{InventoryResultIn, Repeated, WarehouseIn};

open_enum! {
    /// Who ships the stock of an inventory entry (Newegg's `FulfillmentOption`).
    ///
    /// ```
    /// use newegg_client::FulfillmentOption;
    ///
    /// assert_eq!(FulfillmentOption::from_wire("1"), FulfillmentOption::Newegg);
    /// assert_eq!(FulfillmentOption::Seller.as_str(), "0");
    /// assert!(!FulfillmentOption::from_wire("7").is_known());
    /// ```
    pub enum FulfillmentOption {
        /// `0`: shipped by the seller, from the seller's own warehouse (what
        /// [`NeweggClient::update_inventory`](crate::NeweggClient::update_inventory) sets).
        Seller => "0",
        /// `1`: shipped by Newegg from its own warehouses (Shipped by Newegg, SBN); Newegg
        /// counts this stock, and refuses inventory writes for such items (`CT022`).
        Newegg => "1",
        /// `2`: all fulfillment options together.
        All => "2",
    }
}

/// Stock held in one of Newegg's own warehouses, from a `WarehouseAllocation` breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct NeweggWarehouse {
    /// Newegg's code of the warehouse (`WarehouseCode`, such as `07` or `SBS`).
    pub code: String,
    /// How many items are there (`Quantity`).
    pub quantity: u32,
}

impl NeweggWarehouse {
    /// `quantity` items in Newegg's warehouse `code`.
    pub fn new(code: impl Into<String>, quantity: u32) -> Self {
        Self {
            code: code.into(),
            quantity,
        }
    }
}

/// One item's stock on a whole platform, as `contentmgmt/item/inventory` reports it
/// ([`NeweggClient::item_stock`](crate::NeweggClient::item_stock)): one quantity, no warehouse
/// country, with who ships it and whether the item is active.
///
/// This is the flat answer Newegg's own SDK records for Newegg Business and Newegg Canada
/// (field notes §2.4), where `AvailableQuantity` is a JSON number while the other values are
/// text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemStock {
    /// The seller ID (`SellerID`).
    pub seller_id: Option<String>,
    /// Newegg's item number (`ItemNumber`).
    pub item_number: Option<String>,
    /// The seller's part number (`SellerPartNumber`).
    pub seller_part_number: Option<String>,
    /// Who ships this stock (`FulfillmentOption`).
    pub fulfillment: FulfillmentOption,
    /// Whether the item is active (`Active` `1`), inactive (`0`), or not said.
    pub active: Option<bool>,
    /// How many items are available (`AvailableQuantity`).
    pub available: u32,
    /// Newegg's per-warehouse breakdown (`WarehouseAllocation`), in Newegg's order; empty when
    /// the answer has none. Its quantities are reported as given: Newegg's recorded answers do
    /// not always add up to `available`.
    pub newegg_warehouses: Vec<NeweggWarehouse>,
}

impl ItemStock {
    /// The flat answer, or why the document is not one.
    pub(crate) fn from_wire(result: InventoryResultIn) -> Result<Self, String> {
        if result.inventory_list.is_some() || result.inventory_allocation.is_some() {
            return Err("expected the platform-wide answer (FulfillmentOption and \
                        AvailableQuantity at the root), got one listed per warehouse country"
                .into());
        }
        let (Some(option), Some(available)) =
            (result.fulfillment_option, result.available_quantity)
        else {
            return Err(unknown_shape());
        };
        Ok(Self {
            seller_id: result.seller_id,
            item_number: result.item_number,
            seller_part_number: result.seller_part_number,
            fulfillment: FulfillmentOption::from_wire(&option),
            active: result.active.as_deref().map(active).transpose()?,
            available: quantity("AvailableQuantity", &available)?,
            newegg_warehouses: newegg_warehouses(result.warehouse_allocation)?,
        })
    }
}

/// Why a document that is none of the known inventory shapes is refused.
pub(crate) fn unknown_shape() -> String {
    "the answer is not an inventory shape this client knows: it has no InventoryList, no \
     InventoryAllocation and no FulfillmentOption with AvailableQuantity"
        .into()
}

/// A quantity Newegg wrote as text or as a number. `field` names it in the error; it is
/// written out only when the quantity is refused.
pub(crate) fn quantity(field: impl fmt::Display, text: &str) -> Result<u32, String> {
    text.parse::<u32>().map_err(|_| {
        format!(
            "{field} `{text}` is not a whole number from 0 to {}",
            u32::MAX
        )
    })
}

/// Newegg's per-warehouse breakdown, in its order.
pub(crate) fn newegg_warehouses(
    allocation: Option<Repeated<WarehouseIn>>,
) -> Result<Vec<NeweggWarehouse>, String> {
    allocation
        .map(|list| list.entries)
        .unwrap_or_default()
        .into_iter()
        .map(|warehouse| {
            if warehouse.warehouse_code.is_empty() {
                return Err("WarehouseAllocation: a Warehouse has no WarehouseCode".to_owned());
            }
            let quantity = quantity(
                format_args!("Quantity of warehouse {}", warehouse.warehouse_code),
                &warehouse.quantity,
            )?;
            Ok(NeweggWarehouse::new(warehouse.warehouse_code, quantity))
        })
        .collect()
}

/// Newegg's `Active` mark: `1` active, `0` inactive.
fn active(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(format!("Active `{text}` is neither 0 nor 1")),
    }
}
