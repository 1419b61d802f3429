//! Item inventory: set and read one item's available quantity per warehouse country, and
//! read its platform-wide stock.
//!
//! The update and the read per warehouse country share one URL on the US platform; an update
//! is a `POST`, a read a `PUT`. The platform-wide read is `POST contentmgmt/item/inventory`.

use client_core::{Request, Route};
use inventory_model::Country;

use crate::client::NeweggClient;
use crate::condition::Condition;
use crate::error::NeweggError;
use crate::fulfillment::{
    FulfillmentOption, ItemStock, NeweggWarehouse, newegg_warehouses, quantity, unknown_shape,
};
use crate::region::Region;
use crate::wire::{
    ContentQueryCriteria, InventoryIn, InventoryListOut, InventoryOut, InventoryResultIn,
    ItemInventoryInfo, ItemOut, WarehouseListOut,
};

/// The largest `AvailableQuantity` Newegg accepts (its error `CT023` otherwise).
pub const MAX_AVAILABLE_QUANTITY: u32 = 999_999;

/// The longest UPC-family code: a GTIN-14.
const MAX_UPC_DIGITS: usize = 14;

const INVENTORY_ROUTE: &str = "/marketplace/contentmgmt/item/international/inventory";

/// The root element of an update answer in XML.
pub(crate) const UPDATE_ROOTS: &[&str] = &["UpdateInventoryResult"];

/// The root element of a read answer in XML, per warehouse country or platform-wide.
pub(crate) const READ_ROOTS: &[&str] = &["InventoryResult"];

/// The platform-wide read, under each platform's base path ([`Region::base_path`]).
fn item_inventory_route(region: Region) -> &'static str {
    match region {
        Region::Usa => "/marketplace/contentmgmt/item/inventory",
        Region::Business => "/marketplace/b2b/contentmgmt/item/inventory",
        Region::Canada => "/marketplace/can/contentmgmt/item/inventory",
    }
}

/// Which item a request is about (Newegg's `Type` and `Value`).
///
/// ```
/// use newegg_client::{Condition, ItemId};
///
/// let by_part = ItemId::SellerPart("A006BSP3".into());
/// let by_upc = ItemId::Upc { upc: "012345678905".into(), condition: Condition::UsedGood };
/// assert_ne!(by_part, by_upc);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemId {
    /// Newegg's item number, such as `9SIA00607Y6476` (`Type` 0).
    NeweggItem(String),
    /// The seller's part number, the seller's SKU (`Type` 1).
    SellerPart(String),
    /// A UPC and the condition of the listing meant (`Type` 2). Newegg reads a condition only
    /// with a UPC, because one product may be listed in several conditions.
    Upc {
        /// The UPC (or EAN/GTIN), digits only.
        upc: String,
        /// The listing's condition.
        condition: Condition,
    },
}

impl ItemId {
    /// Checks the identifier against Newegg's rules and returns what is sent.
    fn to_wire(&self) -> Result<ItemOut<'_>, NeweggError> {
        match self {
            Self::NeweggItem(number) => {
                if number.is_empty() || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(NeweggError::invalid(
                        "item.newegg_item_number",
                        format!("`{number}` must be non-empty ASCII letters and digits"),
                    ));
                }
                Ok(ItemOut {
                    id_type: "0",
                    value: number,
                    condition: None,
                })
            }
            Self::SellerPart(part) => {
                check_text("item.seller_part_number", part)?;
                Ok(ItemOut {
                    id_type: "1",
                    value: part,
                    condition: None,
                })
            }
            Self::Upc { upc, condition } => {
                if upc.is_empty()
                    || upc.len() > MAX_UPC_DIGITS
                    || !upc.chars().all(|c| c.is_ascii_digit())
                {
                    return Err(NeweggError::invalid(
                        "item.upc",
                        format!("`{upc}` must be 1 to {MAX_UPC_DIGITS} digits"),
                    ));
                }
                let code = condition.wire_code().ok_or_else(|| {
                    NeweggError::invalid(
                        "item.condition",
                        format!("`{}` is not one of Newegg's codes 1 to 6", condition.code()),
                    )
                })?;
                Ok(ItemOut {
                    id_type: "2",
                    value: upc,
                    condition: Some(code),
                })
            }
        }
    }
}

/// Text identifiers must be sent exactly as Newegg stores them: no surrounding blanks, no
/// control characters.
pub(crate) fn check_text(field: &str, value: &str) -> Result<(), NeweggError> {
    if value.trim().is_empty() {
        return Err(NeweggError::invalid(field, "must not be empty"));
    }
    if value.trim() != value {
        return Err(NeweggError::invalid(
            field,
            format!("`{value}` must not start or end with blanks"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(NeweggError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// The constructors every request about one item has: by [`ItemId`], by seller part number,
/// by Newegg item number, or by UPC and condition. Written once for the update and the read,
/// which differ only in what they say about the warehouses.
macro_rules! item_constructors {
    ($new_doc:literal, $what:literal) => {
        #[doc = $new_doc]
        pub fn new(item: ItemId) -> Self {
            Self {
                item,
                warehouses: Vec::new(),
            }
        }

        #[doc = concat!($what, " the item with this seller part number.")]
        pub fn seller_part(part_number: impl Into<String>) -> Self {
            Self::new(ItemId::SellerPart(part_number.into()))
        }

        #[doc = concat!($what, " the item with this Newegg item number.")]
        pub fn newegg_item(item_number: impl Into<String>) -> Self {
            Self::new(ItemId::NeweggItem(item_number.into()))
        }

        #[doc = concat!($what, " the listing of this UPC in this condition.")]
        pub fn upc(upc: impl Into<String>, condition: impl Into<Condition>) -> Self {
            Self::new(ItemId::Upc {
                upc: upc.into(),
                condition: condition.into(),
            })
        }

        /// The item.
        pub fn item(&self) -> &ItemId {
            &self.item
        }
    };
}

/// The quantity available in one warehouse country, and who ships it.
///
/// An update's answer and the vendor page's read answer say nothing of who ships
/// (`fulfillment` is `None`: the seller's own stock, the quantity the update set). The read
/// answer Newegg's own SDK records (field notes §2.4) lists a country once per fulfillment
/// option: the seller's stock (`FulfillmentOption` 0) and, for items Shipped by Newegg, the
/// stock in Newegg's warehouses there (`1`, with its breakdown in `newegg_warehouses`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct WarehouseStock {
    /// The warehouse's country (Newegg's `WarehouseLocation`).
    pub warehouse: Country,
    /// How many items are available there (Newegg's `AvailableQuantity`).
    pub available: u32,
    /// Who ships this stock (`FulfillmentOption`), when the answer says.
    pub fulfillment: Option<FulfillmentOption>,
    /// Newegg's per-warehouse breakdown of this stock (`WarehouseAllocation`), in Newegg's
    /// order; empty when the answer has none.
    pub newegg_warehouses: Vec<NeweggWarehouse>,
}

impl WarehouseStock {
    /// `available` items in the warehouse in `warehouse`, with no fulfillment option given.
    pub fn new(warehouse: Country, available: u32) -> Self {
        Self {
            warehouse,
            available,
            fulfillment: None,
            newegg_warehouses: Vec::new(),
        }
    }

    /// The same stock, shipped as `option` says.
    #[must_use]
    pub fn fulfilled_by(mut self, option: FulfillmentOption) -> Self {
        self.fulfillment = Some(option);
        self
    }

    /// The same stock, with Newegg's per-warehouse breakdown.
    #[must_use]
    pub fn with_newegg_warehouses(mut self, warehouses: Vec<NeweggWarehouse>) -> Self {
        self.newegg_warehouses = warehouses;
        self
    }

    /// Whether this is the seller's own stock: fulfilled by the seller, or with no option given
    /// (update answers and the vendor page's read answer, which know no other kind).
    pub fn is_sellers_own(&self) -> bool {
        matches!(self.fulfillment, None | Some(FulfillmentOption::Seller))
    }
}

/// Sets one item's available quantity in one or more warehouse countries
/// ([`NeweggClient::update_inventory`]).
///
/// Quantities are absolute ("there are now 107"), so sending the same update twice is
/// harmless; the client retries it after a 429 or a 5xx.
///
/// ```
/// use inventory_model::Country;
/// use newegg_client::ItemInventoryUpdate;
///
/// let update = ItemInventoryUpdate::seller_part("A006BSP3")
///     .warehouse(Country::USA, 107)
///     .warehouse(Country::AUS, 0);
/// assert_eq!(update.warehouses().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInventoryUpdate {
    item: ItemId,
    warehouses: Vec<WarehouseStock>,
}

impl ItemInventoryUpdate {
    item_constructors!(
        "An update for the item `item`, with no warehouse yet.",
        "An update for"
    );

    /// Sets the quantity available in the warehouse in `country` (0 to 999,999).
    pub fn warehouse(mut self, country: Country, available: u32) -> Self {
        self.warehouses
            .push(WarehouseStock::new(country, available));
        self
    }

    /// The quantities to set, in the order given.
    pub fn warehouses(&self) -> &[WarehouseStock] {
        &self.warehouses
    }

    /// Checks every rule and builds the body.
    fn to_wire(&self) -> Result<ItemInventoryInfo<'_>, NeweggError> {
        let item = self.item.to_wire()?;
        if self.warehouses.is_empty() {
            return Err(NeweggError::invalid(
                "warehouses",
                "must name at least one warehouse country",
            ));
        }
        let mut inventory = Vec::with_capacity(self.warehouses.len());
        for (index, stock) in self.warehouses.iter().enumerate() {
            if stock.available > MAX_AVAILABLE_QUANTITY {
                return Err(NeweggError::invalid(
                    format!("warehouses[{index}].available_quantity"),
                    format!(
                        "must be from 0 to {MAX_AVAILABLE_QUANTITY}, got {}",
                        stock.available
                    ),
                ));
            }
            if self
                .warehouses
                .iter()
                .take(index)
                .any(|earlier| earlier.warehouse == stock.warehouse)
            {
                return Err(NeweggError::invalid(
                    format!("warehouses[{index}].warehouse_location"),
                    format!("`{}` is listed more than once", stock.warehouse),
                ));
            }
            inventory.push(InventoryOut {
                warehouse_location: stock.warehouse.as_str(),
                available_quantity: stock.available.to_string(),
            });
        }
        Ok(ItemInventoryInfo {
            item,
            inventory_list: InventoryListOut { inventory },
        })
    }
}

/// Reads one item's available quantities ([`NeweggClient::inventory`]), in every warehouse
/// country or in those named.
///
/// ```
/// use inventory_model::Country;
/// use newegg_client::InventoryQuery;
///
/// let every_warehouse = InventoryQuery::seller_part("A006BSP3");
/// let two = InventoryQuery::seller_part("A006BSP3").warehouse(Country::USA).warehouse(Country::AUS);
/// assert_eq!(two.warehouses(), [Country::USA, Country::AUS]);
/// # let _ = every_warehouse;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryQuery {
    item: ItemId,
    warehouses: Vec<Country>,
}

impl InventoryQuery {
    item_constructors!(
        "A read of the item `item` in every warehouse country.",
        "A read of"
    );

    /// Limits the read to the warehouse in `country` (repeat for several; none means all).
    pub fn warehouse(mut self, country: Country) -> Self {
        if !self.warehouses.contains(&country) {
            self.warehouses.push(country);
        }
        self
    }

    /// The warehouse countries to read; empty means all.
    pub fn warehouses(&self) -> &[Country] {
        &self.warehouses
    }

    fn to_wire(&self) -> Result<ContentQueryCriteria<'_>, NeweggError> {
        let item = self.item.to_wire()?;
        let warehouse_list = (!self.warehouses.is_empty()).then(|| WarehouseListOut {
            warehouse_location: self.warehouses.iter().map(Country::as_str).collect(),
        });
        Ok(ContentQueryCriteria {
            item,
            warehouse_list,
        })
    }
}

/// One item's available quantities, as Newegg reports them after an update or a read.
///
/// A read may list a country twice, once per fulfillment option (field notes §2.4); the
/// quantities are never added up here: [`available_in`](Self::available_in) is the seller's
/// own stock, [`newegg_available_in`](Self::newegg_available_in) the stock Newegg ships, and
/// [`stock_in`](Self::stock_in) every entry of a country.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemInventory {
    /// The seller ID (`SellerID`).
    pub seller_id: Option<String>,
    /// Newegg's item number (`ItemNumber`).
    pub item_number: Option<String>,
    /// The seller's part number (`SellerPartNumber`).
    pub seller_part_number: Option<String>,
    /// The quantity in each warehouse country and fulfillment option, in Newegg's order.
    pub warehouses: Vec<WarehouseStock>,
}

impl ItemInventory {
    /// The seller's own stock in `country`: the entry fulfilled by the seller
    /// (`FulfillmentOption` 0) or naming no option, which is the quantity
    /// [`NeweggClient::update_inventory`] sets. `None` when Newegg reported no such entry,
    /// including for a country where only Newegg ships (see
    /// [`newegg_available_in`](Self::newegg_available_in)).
    pub fn available_in(&self, country: Country) -> Option<u32> {
        self.stock_in(country)
            .find(|stock| stock.is_sellers_own())
            .map(|stock| stock.available)
    }

    /// The stock Newegg ships from its own warehouses in `country` (`FulfillmentOption` 1),
    /// if Newegg reported it; its breakdown is in that entry's
    /// [`newegg_warehouses`](WarehouseStock::newegg_warehouses).
    pub fn newegg_available_in(&self, country: Country) -> Option<u32> {
        self.stock_in(country)
            .find(|stock| stock.fulfillment == Some(FulfillmentOption::Newegg))
            .map(|stock| stock.available)
    }

    /// Every entry Newegg reported for `country`, one per fulfillment option, in its order.
    pub fn stock_in(&self, country: Country) -> impl Iterator<Item = &WarehouseStock> {
        self.warehouses
            .iter()
            .filter(move |stock| stock.warehouse == country)
    }

    /// The answer per warehouse country, in either list shape Newegg uses; any other document
    /// is refused rather than read as no warehouses.
    pub(crate) fn from_wire(result: InventoryResultIn) -> Result<Self, String> {
        let entries = match (result.inventory_list, result.inventory_allocation) {
            (Some(list), None) | (None, Some(list)) => list.entries,
            (Some(_), Some(_)) => {
                return Err("the answer has both InventoryList and InventoryAllocation".into());
            }
            (None, None) if result.fulfillment_option.is_some() => {
                return Err(
                    "expected quantities per warehouse country (InventoryList or \
                            InventoryAllocation), got the platform-wide answer of \
                            contentmgmt/item/inventory"
                        .into(),
                );
            }
            (None, None) => return Err(unknown_shape()),
        };
        let mut warehouses: Vec<WarehouseStock> = Vec::with_capacity(entries.len());
        for entry in entries {
            let stock = warehouse_from_wire(entry)?;
            if warehouses.iter().any(|earlier| {
                earlier.warehouse == stock.warehouse && earlier.fulfillment == stock.fulfillment
            }) {
                return Err(format!(
                    "{} is listed twice for the same fulfillment option",
                    stock.warehouse
                ));
            }
            warehouses.push(stock);
        }
        Ok(Self {
            seller_id: result.seller_id,
            item_number: result.item_number,
            seller_part_number: result.seller_part_number,
            warehouses,
        })
    }
}

fn warehouse_from_wire(entry: InventoryIn) -> Result<WarehouseStock, String> {
    let warehouse = Country::new(&entry.warehouse_location)
        .map_err(|error| format!("WarehouseLocation: {error}"))?;
    let available = quantity(
        format_args!("AvailableQuantity for {warehouse}"),
        &entry.available_quantity,
    )?;
    Ok(WarehouseStock {
        fulfillment: entry
            .fulfillment_option
            .as_deref()
            .map(FulfillmentOption::from_wire),
        newegg_warehouses: newegg_warehouses(entry.warehouse_allocation)?,
        ..WarehouseStock::new(warehouse, available)
    })
}

impl NeweggClient {
    /// Sets one item's available quantity in each warehouse country named
    /// (`POST …/contentmgmt/item/international/inventory`), and returns what Newegg now holds.
    ///
    /// # Errors
    ///
    /// * [`NeweggError::InvalidInput`], before sending, when the item identifier breaks
    ///   Newegg's rules, no warehouse is named, a country is named twice, or a quantity is
    ///   above [`MAX_AVAILABLE_QUANTITY`];
    /// * [`NeweggError::UnsupportedRegion`] on the Business and Canada platforms, which do
    ///   not offer this function;
    /// * [`NeweggError::Api`] with Newegg's [`ErrorCode`](crate::ErrorCode) when it refuses.
    pub async fn update_inventory(
        &self,
        update: ItemInventoryUpdate,
    ) -> Result<ItemInventory, NeweggError> {
        let route = self.inventory_route("update_inventory")?;
        let body = update.to_wire()?;
        // Setting an absolute quantity twice leaves the same state as setting it once, so
        // the update may be re-sent after a 429, a 5xx or a timeout.
        let request = Request::post(route)
            .query("sellerid", &self.seller_id)
            .idempotent();
        let request = self.with_body(request, &body)?;
        self.send(request, UPDATE_ROOTS, ItemInventory::from_wire)
            .await
    }

    /// Reads one item's available quantities (`PUT …/contentmgmt/item/international/inventory`;
    /// Newegg reads with a `PUT` here).
    ///
    /// Reads the vendor page's answer (`InventoryList`) and the one Newegg's own SDK records
    /// (`InventoryAllocation`, one entry per country and fulfillment option, field notes §2.4),
    /// in XML or JSON; see [`ItemInventory`] for how the seller's and Newegg's stock are kept
    /// apart.
    ///
    /// # Errors
    ///
    /// As [`NeweggClient::update_inventory`], without the quantity rules; and
    /// [`NeweggError::Engine`] with a decode error keeping the body for an answer in a shape
    /// this client does not know, never an empty list of warehouses.
    pub async fn inventory(&self, query: InventoryQuery) -> Result<ItemInventory, NeweggError> {
        let route = self.inventory_route("inventory")?;
        let body = query.to_wire()?;
        let request = Request::put(route).query("sellerid", &self.seller_id);
        let request = self.with_body(request, &body)?;
        self.send(request, READ_ROOTS, ItemInventory::from_wire)
            .await
    }

    /// Reads one item's stock on the client's platform, whoever ships it
    /// (`POST {platform}/contentmgmt/item/inventory`): the flat answer Newegg's own SDK records
    /// for Newegg Business and Newegg Canada (field notes §2.4). Offered on every platform;
    /// the SDK records this answer for the US platform too, which is unverified.
    ///
    /// The body is the item alone (`Type`, `Value`, and `Condition` for a UPC); no
    /// `version` parameter is sent.
    ///
    /// # Errors
    ///
    /// [`NeweggError::InvalidInput`] before sending when the item identifier breaks Newegg's
    /// rules; [`NeweggError::Api`] when Newegg refuses; [`NeweggError::Engine`] with a decode
    /// error keeping the body for any other answer, including one listed per warehouse country.
    pub async fn item_stock(&self, item: ItemId) -> Result<ItemStock, NeweggError> {
        let route = Route::new(item_inventory_route(self.region)).finish()?;
        let body = ContentQueryCriteria {
            item: item.to_wire()?,
            warehouse_list: None,
        };
        // A read: it changes nothing and may be repeated.
        let request = Request::post(route)
            .query("sellerid", &self.seller_id)
            .idempotent();
        let request = self.with_body(request, &body)?;
        self.send(request, READ_ROOTS, ItemStock::from_wire).await
    }

    /// The international inventory URL exists on the US platform only.
    fn inventory_route(&self, endpoint: &'static str) -> Result<Route, NeweggError> {
        if self.region != Region::Usa {
            return Err(NeweggError::UnsupportedRegion {
                region: self.region,
                endpoint,
            });
        }
        Ok(Route::new(INVENTORY_ROUTE).finish()?)
    }
}
