//! The changes a program pushes to its sales channels.

use serde::{Deserialize, Serialize};

use crate::text::labelled_enum;
use crate::{Country, Money, Quantity, Sku, StockKind};

/// Sets how many items of a SKU are available.
///
/// The quantity is absolute ("there are now 3"), not a delta, so pushing the same update twice
/// is harmless. The warehouse is optional: channels with a single stock figure ignore it.
///
/// ```
/// use inventory_model::{Country, Quantity, Sku, StockKind, StockUpdate};
///
/// let update = StockUpdate::new(Sku::new("LP-0042")?, Quantity::new(3))
///     .in_warehouse(Country::USA)
///     .with_kind(StockKind::InTransit);
/// assert_eq!(update.warehouse, Some(Country::USA));
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StockUpdate {
    /// The item.
    pub sku: Sku,
    /// How many items there are.
    pub quantity: Quantity,
    /// The warehouse's country, where the channel keeps stock per warehouse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<Country>,
    /// Whether the items are on hand or in transit.
    #[serde(default)]
    pub kind: StockKind,
}

impl StockUpdate {
    /// On-hand stock of `quantity` items, in no particular warehouse.
    #[must_use]
    pub fn new(sku: Sku, quantity: Quantity) -> Self {
        Self {
            sku,
            quantity,
            warehouse: None,
            kind: StockKind::OnHand,
        }
    }

    /// Sets the warehouse's country.
    #[must_use]
    pub fn in_warehouse(mut self, country: Country) -> Self {
        self.warehouse = Some(country);
        self
    }

    /// Sets whether the stock is on hand or in transit.
    #[must_use]
    pub fn with_kind(mut self, kind: StockKind) -> Self {
        self.kind = kind;
        self
    }
}

/// Sets the price of a SKU.
///
/// Channels send the amount as given; round it first with
/// [`Money::round_to_minor_units`] if it may have more decimals than the currency uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PriceUpdate {
    /// The item.
    pub sku: Sku,
    /// The new price of one item.
    pub price: Money,
}

impl PriceUpdate {
    /// A new price for `sku`.
    #[must_use]
    pub fn new(sku: Sku, price: Money) -> Self {
        Self { sku, price }
    }
}

/// One change to push to a channel: a stock level or a price.
///
/// Serde writes an internally tagged object: `{"type":"stock","sku":"LP-1","quantity":3,…}` or
/// `{"type":"price","sku":"LP-1","price":{"amount":"9.99","currency":"USD"}}`.
///
/// ```
/// use inventory_model::{Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, Sku,
///     StockUpdate, UpdateKind};
///
/// let sku = Sku::new("LP-0042")?;
/// let batch: Vec<InventoryUpdate> = vec![
///     StockUpdate::new(sku.clone(), Quantity::new(3)).into(),
///     PriceUpdate::new(sku, Money::new(Decimal::new(2450, 2), Currency::Usd)).into(),
/// ];
/// assert_eq!(batch[1].kind(), UpdateKind::Price);
/// assert_eq!(batch[1].sku().as_str(), "LP-0042");
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum InventoryUpdate {
    /// A stock level.
    Stock(StockUpdate),
    /// A price.
    Price(PriceUpdate),
}

impl InventoryUpdate {
    /// The item the update is about.
    #[must_use]
    pub fn sku(&self) -> &Sku {
        match self {
            InventoryUpdate::Stock(update) => &update.sku,
            InventoryUpdate::Price(update) => &update.sku,
        }
    }

    /// Which kind of update this is.
    #[must_use]
    pub fn kind(&self) -> UpdateKind {
        match self {
            InventoryUpdate::Stock(_) => UpdateKind::Stock,
            InventoryUpdate::Price(_) => UpdateKind::Price,
        }
    }

    /// The stock update, if this is one.
    #[must_use]
    pub fn as_stock(&self) -> Option<&StockUpdate> {
        match self {
            InventoryUpdate::Stock(update) => Some(update),
            InventoryUpdate::Price(_) => None,
        }
    }

    /// The price update, if this is one.
    #[must_use]
    pub fn as_price(&self) -> Option<&PriceUpdate> {
        match self {
            InventoryUpdate::Price(update) => Some(update),
            InventoryUpdate::Stock(_) => None,
        }
    }
}

impl From<StockUpdate> for InventoryUpdate {
    fn from(update: StockUpdate) -> Self {
        InventoryUpdate::Stock(update)
    }
}

impl From<PriceUpdate> for InventoryUpdate {
    fn from(update: PriceUpdate) -> Self {
        InventoryUpdate::Price(update)
    }
}

labelled_enum! {
    /// The kind of an [`InventoryUpdate`], used in reports.
    ///
    /// `Display` writes `Stock` or `Price`; serde and [`as_str`](UpdateKind::as_str) use
    /// `stock` and `price`.
    pub enum UpdateKind {
        field: "update kind",
        expected: "an update kind (Stock or Price)",
        /// A stock level ([`StockUpdate`]).
        Stock => ("stock", "Stock"),
        /// A price ([`PriceUpdate`]).
        Price => ("price", "Price"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;
    use rust_decimal::Decimal;

    fn sku() -> Sku {
        Sku::new("LP-1").unwrap()
    }

    #[test]
    fn stock_update_defaults_and_builders() {
        let update = StockUpdate::new(sku(), Quantity::new(2));
        assert_eq!(update.warehouse, None);
        assert_eq!(update.kind, StockKind::OnHand);
        let update = update
            .in_warehouse(Country::DEU)
            .with_kind(StockKind::InTransit);
        assert_eq!(update.warehouse, Some(Country::DEU));
        assert_eq!(update.kind, StockKind::InTransit);
    }

    #[test]
    fn inventory_update_accessors() {
        let stock: InventoryUpdate = StockUpdate::new(sku(), Quantity::new(2)).into();
        let price: InventoryUpdate =
            PriceUpdate::new(sku(), Money::new(Decimal::ONE, Currency::Eur)).into();
        assert_eq!(stock.kind(), UpdateKind::Stock);
        assert_eq!(price.kind(), UpdateKind::Price);
        assert_eq!(stock.sku(), &sku());
        assert!(stock.as_stock().is_some() && stock.as_price().is_none());
        assert!(price.as_price().is_some() && price.as_stock().is_none());
    }

    #[test]
    fn serde_shapes() {
        let stock: InventoryUpdate = StockUpdate::new(sku(), Quantity::new(2))
            .in_warehouse(Country::USA)
            .into();
        assert_eq!(
            serde_json::to_string(&stock).unwrap(),
            r#"{"type":"stock","sku":"LP-1","quantity":2,"warehouse":"USA","kind":"on_hand"}"#
        );
        let price: InventoryUpdate =
            PriceUpdate::new(sku(), Money::new(Decimal::new(999, 2), Currency::Usd)).into();
        let json = serde_json::to_string(&price).unwrap();
        assert_eq!(
            json,
            r#"{"type":"price","sku":"LP-1","price":{"amount":"9.99","currency":"USD"}}"#
        );
        assert_eq!(
            serde_json::from_str::<InventoryUpdate>(&json).unwrap(),
            price
        );
        let minimal: InventoryUpdate =
            serde_json::from_str(r#"{"type":"stock","sku":"LP-1","quantity":0}"#).unwrap();
        assert_eq!(minimal, StockUpdate::new(sku(), Quantity::ZERO).into());
    }

    #[test]
    fn serde_refuses_invalid_parts() {
        for bad in [
            r#"{"type":"stock","sku":" ","quantity":1}"#,
            r#"{"type":"stock","sku":"A","quantity":-1}"#,
            r#"{"type":"stock","sku":"A","quantity":1,"warehouse":"XXA"}"#,
            r#"{"type":"price","sku":"A","price":{"amount":1,"currency":"USD"}}"#,
            r#"{"type":"delist","sku":"A"}"#,
        ] {
            assert!(
                serde_json::from_str::<InventoryUpdate>(bad).is_err(),
                "{bad}"
            );
        }
    }
}
