//! Reading a stock file: one CSV row per SKU and warehouse, with a quantity, a price or both.
//!
//! ```text
//! sku,warehouse,quantity,price,currency,channels
//! A006BSP3,USA,80,,,newegg
//! 150000001,,2,21.50,USD,discogs
//! LP-0042,,3,,,
//! ```
//!
//! `warehouse` (ISO 3166 alpha-3), `quantity`, `price`, `currency` and `channels` may be left
//! empty; a row with a quantity becomes a [`StockUpdate`], a row with a price a
//! [`PriceUpdate`] (in `currency`, US dollars when empty). `channels` names the marketplaces
//! the row is for, separated by `|` (`discogs|instica`), as their channels name themselves;
//! empty means every marketplace. Sellers rarely use one SKU everywhere, so most rows name
//! the one marketplace whose identifier they carry.

use std::io::Read;

use inventory_model::{
    Country, Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, Sku, StockUpdate,
};
use serde::Deserialize;

/// A row of the stock file that breaks a rule, named by its line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StockFileError {
    /// The file is not valid CSV with the expected columns.
    #[error("the stock file is not valid CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A value breaks its rule.
    #[error("line {line}: {reason}")]
    Row {
        /// The line in the file (the header is line 1).
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Debug, Deserialize)]
struct Row {
    sku: String,
    #[serde(default)]
    warehouse: Option<String>,
    #[serde(default)]
    quantity: Option<u32>,
    #[serde(default)]
    price: Option<Decimal>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    channels: Option<String>,
}

/// One update and the marketplaces it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedUpdate {
    /// The update.
    pub update: InventoryUpdate,
    /// The channel names it goes to; empty for every channel.
    pub channels: Vec<String>,
}

impl PlannedUpdate {
    /// Whether the update goes to the channel called `name`.
    pub fn is_for(&self, name: &str) -> bool {
        self.channels.is_empty() || self.channels.iter().any(|channel| channel == name)
    }
}

/// Reads every row of a stock file into updates, in file order.
///
/// ```
/// use examples::stock_file::read_updates;
///
/// let file = "sku,warehouse,quantity,price,currency,channels\n\
///             A006BSP3,USA,80,,,newegg\n\
///             LP-1,,,21.50,EUR,\n";
/// let updates = read_updates(file.as_bytes())?;
/// assert_eq!(updates.len(), 2);
/// assert!(updates[0].is_for("newegg") && !updates[0].is_for("discogs"));
/// let price = updates[1].update.as_price().map(|p| p.price.to_string());
/// assert_eq!(price.as_deref(), Some("€21.50"));
/// # Ok::<(), examples::stock_file::StockFileError>(())
/// ```
///
/// # Errors
///
/// [`StockFileError`] naming the line of the first row that breaks a rule.
pub fn read_updates(reader: impl Read) -> Result<Vec<PlannedUpdate>, StockFileError> {
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv.headers()?.clone();
    let mut updates = Vec::new();
    for record in csv.records() {
        let record = record?;
        let line = record.position().map_or(0, csv::Position::line);
        let row: Row = record.deserialize(Some(&headers))?;
        let invalid = |reason: String| StockFileError::Row { line, reason };
        let sku = Sku::new(&row.sku).map_err(|error| invalid(error.to_string()))?;
        let channels: Vec<String> = row
            .channels
            .as_deref()
            .unwrap_or_default()
            .split('|')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect();
        let planned = |update: InventoryUpdate| PlannedUpdate {
            update,
            channels: channels.clone(),
        };
        if row.quantity.is_none() && row.price.is_none() {
            return Err(invalid("a row needs a quantity, a price or both".into()));
        }
        if let Some(quantity) = row.quantity {
            let mut update = StockUpdate::new(sku.clone(), Quantity::new(quantity));
            if let Some(warehouse) = row.warehouse.as_deref().filter(|w| !w.is_empty()) {
                let country =
                    Country::new(warehouse).map_err(|error| invalid(error.to_string()))?;
                update = update.in_warehouse(country);
            }
            updates.push(planned(update.into()));
        }
        if let Some(price) = row.price {
            let currency = match row.currency.as_deref().filter(|c| !c.is_empty()) {
                Some(code) => code
                    .parse::<Currency>()
                    .map_err(|error| invalid(error.to_string()))?,
                None => Currency::Usd,
            };
            updates.push(planned(
                PriceUpdate::new(sku, Money::new(price, currency)).into(),
            ));
        }
    }
    Ok(updates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_can_carry_stock_and_price() {
        let file =
            "sku,warehouse,quantity,price,currency,channels\nX,CAN,3,9.99,CAD,newegg|instica\n";
        let updates = read_updates(file.as_bytes()).unwrap();
        assert_eq!(updates.len(), 2);
        let stock = updates[0].update.as_stock().unwrap();
        assert_eq!(stock.warehouse, Some(Country::CAN));
        assert_eq!(stock.quantity, Quantity::new(3));
        let price = updates[1].update.as_price().unwrap().price;
        assert_eq!(price, Money::new(Decimal::new(999, 2), Currency::Cad));
        assert_eq!(updates[1].channels, ["newegg", "instica"]);
        assert!(updates[1].is_for("instica") && !updates[1].is_for("discogs"));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let error = read_updates(
            "sku,warehouse,quantity,price,currency\nX,USA,1,,\nY,XXA,1,,\n".as_bytes(),
        )
        .unwrap_err();
        assert!(error.to_string().starts_with("line 3:"), "{error}");
        let error =
            read_updates("sku,warehouse,quantity,price,currency\nX,,,,\n".as_bytes()).unwrap_err();
        assert!(
            error.to_string().contains("quantity, a price or both"),
            "{error}"
        );
        assert!(read_updates("sku,quantity\nX,-1\n".as_bytes()).is_err());
    }

    #[test]
    fn the_sample_file_reads() {
        let file = include_str!("../data/stock.csv");
        let updates = read_updates(file.as_bytes()).unwrap();
        assert_eq!(updates.len(), 11);
        assert!(updates.iter().all(|planned| planned.channels.len() == 1));
    }
}
