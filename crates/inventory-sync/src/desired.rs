//! The desired state: what the seller wants each channel to show.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use inventory_model::{Country, Money, Quantity, Sku};

use crate::error::DesiredStateError;

/// Where a desired item came from: a file and a line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// The file, as it was named to the reader.
    pub file: String,
    /// The line, from 1.
    pub line: u64,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One SKU as the seller wants it: its stock (in one warehouse, or in none in particular), its
/// price, or both, on every channel or on the channels named.
///
/// ```
/// use inventory_model::{Country, Currency, Decimal, Money, Quantity, Sku};
/// use inventory_sync::DesiredItem;
///
/// let item = DesiredItem::new(Sku::new("LP-1")?)
///     .with_quantity(Quantity::new(3))
///     .with_price(Money::new(Decimal::new(2150, 2), Currency::Usd))
///     .in_warehouse(Country::USA)
///     .on_channel("discogs");
/// assert!(item.is_for("discogs") && !item.is_for("newegg"));
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DesiredItem {
    /// The seller's SKU.
    pub sku: Sku,
    /// The warehouse the quantity is for; `None` for a channel's single stock figure.
    pub warehouse: Option<Country>,
    /// How many items the channels should offer.
    pub quantity: Option<Quantity>,
    /// The price of one item.
    pub price: Option<Money>,
    /// The channels this is for, by name; empty for every channel.
    pub channels: Vec<String>,
    /// The file and line it was read from.
    pub source: Option<Source>,
}

impl DesiredItem {
    /// A SKU with no quantity and no price yet, for every channel.
    #[must_use]
    pub fn new(sku: Sku) -> Self {
        Self {
            sku,
            warehouse: None,
            quantity: None,
            price: None,
            channels: Vec::new(),
            source: None,
        }
    }

    /// Sets the quantity.
    #[must_use]
    pub fn with_quantity(mut self, quantity: Quantity) -> Self {
        self.quantity = Some(quantity);
        self
    }

    /// Sets the price.
    #[must_use]
    pub fn with_price(mut self, price: Money) -> Self {
        self.price = Some(price);
        self
    }

    /// Sets the warehouse the quantity is for.
    #[must_use]
    pub fn in_warehouse(mut self, country: Country) -> Self {
        self.warehouse = Some(country);
        self
    }

    /// Limits the item to the channel called `name` (call again for more channels).
    #[must_use]
    pub fn on_channel(mut self, name: impl Into<String>) -> Self {
        self.channels.push(name.into());
        self
    }

    /// Records where the item was read from.
    #[must_use]
    pub fn from_source(mut self, source: Source) -> Self {
        self.source = Some(source);
        self
    }

    /// Whether the item is for the channel called `name`.
    #[must_use]
    pub fn is_for(&self, name: &str) -> bool {
        self.channels.is_empty() || self.channels.iter().any(|channel| channel == name)
    }

    fn error(&self, field: &str, reason: impl Into<String>) -> DesiredStateError {
        let (file, line) = match &self.source {
            Some(source) => (Some(source.file.as_str()), Some(source.line)),
            None => (None, None),
        };
        DesiredStateError::new(reason)
            .in_field(field)
            .at(file, line)
    }

    fn place(&self) -> String {
        match &self.source {
            Some(source) => source.to_string(),
            None => "an earlier item".to_owned(),
        }
    }
}

/// The channel level an item is given at: `None` for every channel, else one channel.
type Level = Option<String>;

/// What the seller wants every channel to show: a list of [`DesiredItem`]s, checked as they are
/// added.
///
/// Read one from a file ([`DesiredState::from_path`], CSV or JSON) or build one in a program
/// with [`DesiredState::push`]. An item for one channel wins over an item for every channel of
/// the same SKU (and warehouse, for stock) on that channel; two items of the same SKU and
/// warehouse at the same level are refused, and so are two different prices of one SKU at one
/// level, each error naming both places.
///
/// ```
/// use inventory_model::{Quantity, Sku};
/// use inventory_sync::{DesiredItem, DesiredState};
///
/// let sku = Sku::new("LP-1")?;
/// let mut desired = DesiredState::new();
/// desired.push(DesiredItem::new(sku.clone()).with_quantity(Quantity::new(3)))?;
/// desired.push(DesiredItem::new(sku.clone()).with_quantity(Quantity::new(0)).on_channel("newegg"))?;
/// assert_eq!(desired.targets_for("newegg").get(&sku).unwrap().quantity(None), Some(Quantity::new(0)));
/// assert_eq!(desired.targets_for("discogs").get(&sku).unwrap().quantity(None), Some(Quantity::new(3)));
/// assert!(desired.push(DesiredItem::new(sku).with_quantity(Quantity::new(4))).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DesiredState {
    items: Vec<DesiredItem>,
    stock_at: HashMap<(Level, Sku, Option<Country>), usize>,
    price_at: HashMap<(Level, Sku), usize>,
}

impl PartialEq for DesiredState {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl DesiredState {
    /// An empty state.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an item.
    ///
    /// # Errors
    ///
    /// A [`DesiredStateError`] naming the item's file, line and field when it has neither a
    /// quantity nor a price, a negative price, an empty channel name, or clashes with an item
    /// already added.
    pub fn push(&mut self, mut item: DesiredItem) -> Result<(), DesiredStateError> {
        if item.quantity.is_none() && item.price.is_none() {
            return Err(item.error("quantity", "an item needs a quantity, a price or both"));
        }
        if let Some(price) = item.price
            && price.is_negative()
        {
            return Err(item.error("price", format!("{price} is negative")));
        }
        let mut channels = BTreeSet::new();
        for name in &item.channels {
            let name = name.trim();
            if name.is_empty() {
                return Err(item.error("channels", "a channel name is empty"));
            }
            channels.insert(name.to_owned());
        }
        item.channels = channels.into_iter().collect();
        let levels: Vec<Level> = if item.channels.is_empty() {
            vec![None]
        } else {
            item.channels.iter().cloned().map(Some).collect()
        };
        let index = self.items.len();
        for level in &levels {
            let on = level.as_deref().unwrap_or("every channel");
            if item.quantity.is_some() {
                let key = (level.clone(), item.sku.clone(), item.warehouse);
                if let Some(earlier) = self.stock_at.get(&key).and_then(|at| self.items.get(*at)) {
                    let warehouse = item
                        .warehouse
                        .map_or_else(String::new, |country| format!(" in {country}"));
                    return Err(item.error(
                        "sku",
                        format!(
                            "`{}`{warehouse} is already given a quantity for {on} at {}",
                            item.sku,
                            earlier.place()
                        ),
                    ));
                }
            }
            if let Some(price) = item.price {
                let key = (level.clone(), item.sku.clone());
                if let Some(earlier) = self.price_at.get(&key).and_then(|at| self.items.get(*at))
                    && earlier.price != Some(price)
                {
                    let was = earlier
                        .price
                        .map(|price| price.to_string())
                        .unwrap_or_default();
                    return Err(item.error(
                        "price",
                        format!(
                            "`{}` is priced {was} for {on} at {}, and {price} here",
                            item.sku,
                            earlier.place()
                        ),
                    ));
                }
            }
        }
        for level in levels {
            if item.quantity.is_some() {
                self.stock_at
                    .insert((level.clone(), item.sku.clone(), item.warehouse), index);
            }
            if item.price.is_some() {
                self.price_at
                    .entry((level, item.sku.clone()))
                    .or_insert(index);
            }
        }
        self.items.push(item);
        Ok(())
    }

    /// Every item, in the order added.
    #[must_use]
    pub fn items(&self) -> &[DesiredItem] {
        &self.items
    }

    /// The number of items.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the state has no items.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every channel name the items name, with the place each was first named.
    #[must_use]
    pub fn channel_names(&self) -> BTreeMap<&str, Option<&Source>> {
        let mut names = BTreeMap::new();
        for item in &self.items {
            for name in &item.channels {
                names.entry(name.as_str()).or_insert(item.source.as_ref());
            }
        }
        names
    }

    /// What the channel called `name` should show, SKU by SKU, with items for that channel
    /// winning over items for every channel.
    #[must_use]
    pub fn targets_for(&self, name: &str) -> BTreeMap<Sku, Target> {
        let mut targets: BTreeMap<Sku, Target> = BTreeMap::new();
        let general = self.items.iter().filter(|item| item.channels.is_empty());
        let specific = self
            .items
            .iter()
            .filter(|item| !item.channels.is_empty() && item.is_for(name));
        for item in general.chain(specific) {
            let target = targets.entry(item.sku.clone()).or_default();
            if let Some(quantity) = item.quantity {
                target.stock.insert(item.warehouse, quantity);
            }
            if let Some(price) = item.price {
                target.price = Some(price);
            }
        }
        targets
    }
}

/// What one channel should show of one SKU: a quantity per warehouse (`None` for the channel's
/// single stock figure) and a price.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    stock: BTreeMap<Option<Country>, Quantity>,
    price: Option<Money>,
}

impl Target {
    /// The quantity wanted in `warehouse`.
    #[must_use]
    pub fn quantity(&self, warehouse: Option<Country>) -> Option<Quantity> {
        self.stock.get(&warehouse).copied()
    }

    /// Every quantity wanted, by warehouse.
    pub fn stock(&self) -> impl Iterator<Item = (Option<Country>, Quantity)> + '_ {
        self.stock
            .iter()
            .map(|(warehouse, quantity)| (*warehouse, *quantity))
    }

    /// The price wanted.
    #[must_use]
    pub fn price(&self) -> Option<Money> {
        self.price
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use inventory_model::{Currency, Decimal};

    fn sku(text: &str) -> Sku {
        Sku::new(text).unwrap()
    }

    fn usd(cents: i64) -> Money {
        Money::new(Decimal::new(cents, 2), Currency::Usd)
    }

    #[test]
    fn a_channel_item_wins_over_the_general_one() {
        let mut desired = DesiredState::new();
        desired
            .push(
                DesiredItem::new(sku("A"))
                    .with_quantity(Quantity::new(2))
                    .with_price(usd(100)),
            )
            .unwrap();
        desired
            .push(
                DesiredItem::new(sku("A"))
                    .with_price(usd(120))
                    .on_channel("x"),
            )
            .unwrap();
        let on_x = desired.targets_for("x");
        assert_eq!(on_x[&sku("A")].price(), Some(usd(120)));
        assert_eq!(on_x[&sku("A")].quantity(None), Some(Quantity::new(2)));
        assert_eq!(desired.targets_for("y")[&sku("A")].price(), Some(usd(100)));
        assert_eq!(
            desired.channel_names().keys().copied().collect::<Vec<_>>(),
            ["x"]
        );
    }

    #[test]
    fn clashes_name_both_places() {
        let at = |line| Source {
            file: "s.csv".into(),
            line,
        };
        let mut desired = DesiredState::new();
        desired
            .push(
                DesiredItem::new(sku("A"))
                    .with_price(usd(100))
                    .from_source(at(2)),
            )
            .unwrap();
        desired
            .push(
                DesiredItem::new(sku("A"))
                    .with_price(usd(100))
                    .in_warehouse(Country::USA),
            )
            .unwrap();
        let err = desired
            .push(
                DesiredItem::new(sku("A"))
                    .with_price(usd(101))
                    .from_source(at(4)),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.csv:4: price: `A` is priced $1.00 for every channel at s.csv:2, and $1.01 here"
        );
        let none = desired.push(DesiredItem::new(sku("B"))).unwrap_err();
        assert_eq!(none.field.as_deref(), Some("quantity"));
        let blank = DesiredItem::new(sku("B"))
            .with_quantity(Quantity::ZERO)
            .on_channel(" ");
        assert_eq!(
            desired.push(blank).unwrap_err().field.as_deref(),
            Some("channels")
        );
        let negative = DesiredItem::new(sku("B")).with_price(usd(-1));
        assert!(desired.push(negative).is_err());
    }
}
