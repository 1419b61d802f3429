//! Reading a desired state from a CSV or JSON file, with errors that name the file, the line
//! and the field.

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use inventory_model::{Country, Currency, Decimal, Money, Quantity, Sku};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::desired::{DesiredItem, DesiredState, Source};
use crate::error::DesiredStateError;

/// The columns of a CSV desired state, which are also the fields of a JSON one.
pub const COLUMNS: [&str; 6] = [
    "sku",
    "warehouse",
    "quantity",
    "price",
    "currency",
    "channels",
];

/// One item as a JSON file writes it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonItem {
    sku: Sku,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    warehouse: Option<Country>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quantity: Option<Quantity>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "inventory_model::serde_decimal::exact_option"
    )]
    price: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    currency: Option<Currency>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    channels: Vec<String>,
}

impl DesiredState {
    /// Reads a desired state from a `.csv` or `.json` file (by its extension).
    ///
    /// # Errors
    ///
    /// A [`DesiredStateError`] naming the file, and the line and field where one is at fault.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, DesiredStateError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let io = |error: std::io::Error| {
            DesiredStateError::new(format!("cannot be read: {error}")).at(Some(&name), None)
        };
        match path.extension().and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("csv") => {
                Self::from_csv(std::fs::File::open(path).map_err(io)?, &name)
            }
            Some(ext) if ext.eq_ignore_ascii_case("json") => {
                Self::from_json(&std::fs::read_to_string(path).map_err(io)?, &name)
            }
            _ => Err(
                DesiredStateError::new("is neither a .csv nor a .json file".to_owned())
                    .at(Some(&name), None),
            ),
        }
    }

    /// Reads a CSV desired state; `file` names it in errors.
    ///
    /// The header names the columns, in any order: `sku` (required), `warehouse` (ISO 3166
    /// alpha-3), `quantity`, `price`, `currency` (required with a price) and `channels`
    /// (names separated by `|`; empty for every channel). Values are trimmed; an empty value
    /// is absent; lines starting with `#` are comments.
    ///
    /// ```
    /// use inventory_sync::DesiredState;
    ///
    /// let file = "sku,quantity,price,currency,channels\n\
    ///             LP-1,3,21.50,USD,\n\
    ///             LP-2,x,,,discogs\n";
    /// let err = DesiredState::from_csv(file.as_bytes(), "stock.csv").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "stock.csv:3: quantity: `x` is not a whole number from 0 to 4294967295"
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// A [`DesiredStateError`] naming the file, line and column of the first value at fault.
    pub fn from_csv(reader: impl Read, file: &str) -> Result<Self, DesiredStateError> {
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(reader);
        let csv_error = |error: csv::Error| {
            let line = error.position().map(csv::Position::line);
            let reason = match error.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("the row has {len} fields, the header {expected_len}"),
                csv::ErrorKind::Utf8 { err, .. } => format!("not UTF-8 text: {err}"),
                _ => error.to_string(),
            };
            DesiredStateError::new(reason).at(Some(file), line)
        };
        let headers = csv.headers().map_err(csv_error)?.clone();
        let mut at = [None; COLUMNS.len()];
        for (index, header) in headers.iter().enumerate() {
            let header_error = |reason: String| {
                DesiredStateError::new(reason)
                    .in_field(header)
                    .at(Some(file), Some(1))
            };
            let column = COLUMNS
                .iter()
                .position(|column| column.eq_ignore_ascii_case(header))
                .ok_or_else(|| {
                    header_error(format!(
                        "unknown column; the columns are {}",
                        COLUMNS.join(", ")
                    ))
                })?;
            match at.get_mut(column) {
                Some(slot @ None) => *slot = Some(index),
                _ => return Err(header_error("the column is named twice".to_owned())),
            }
        }
        if at[0].is_none() {
            return Err(
                DesiredStateError::new("the header has no `sku` column").at(Some(file), Some(1))
            );
        }
        let mut desired = DesiredState::new();
        for record in csv.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, csv::Position::line);
            let value = |column: usize| {
                at.get(column)
                    .copied()
                    .flatten()
                    .and_then(|index| record.get(index))
                    .filter(|value| !value.is_empty())
            };
            let field = |column: usize, reason: String| {
                DesiredStateError::new(reason)
                    .in_field(COLUMNS.get(column).copied().unwrap_or_default())
                    .at(Some(file), Some(line))
            };
            let sku = Sku::new(value(0).unwrap_or_default()).map_err(|e| field(0, model(e)))?;
            let row = JsonItem {
                sku,
                warehouse: parse(value(1)).map_err(|e| field(1, e))?,
                quantity: parse(value(2)).map_err(|e| field(2, e))?,
                price: value(3)
                    .map(|text| decimal(text).ok_or_else(|| field(3, not_decimal(text))))
                    .transpose()?,
                currency: parse(value(4)).map_err(|e| field(4, e))?,
                channels: value(5)
                    .unwrap_or_default()
                    .split('|')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
                    .collect(),
            };
            let source = Source {
                file: file.to_owned(),
                line,
            };
            desired.push(item_of(row, source)?)?;
        }
        Ok(desired)
    }

    /// Reads a JSON desired state, an array of objects with the fields of the CSV columns
    /// (`price` a decimal string or number, read exactly; `channels` an array of names); `file`
    /// names it in errors.
    ///
    /// ```
    /// use inventory_sync::DesiredState;
    ///
    /// let file = r#"[
    ///   {"sku": "LP-1", "quantity": 3, "price": "21.50", "currency": "USD"},
    ///   {"sku": "LP-2", "quantity": -1}
    /// ]"#;
    /// let err = DesiredState::from_json(file, "stock.json").unwrap_err();
    /// assert_eq!(err.line, Some(3));
    /// assert_eq!(err.field.as_deref(), Some("quantity"));
    /// ```
    ///
    /// # Errors
    ///
    /// A [`DesiredStateError`] naming the file, line and field of the first value at fault.
    pub fn from_json(text: &str, file: &str) -> Result<Self, DesiredStateError> {
        let items: Vec<&RawValue> =
            serde_json::from_str(text).map_err(|error| json_error(&error, file, 0, None))?;
        let mut desired = DesiredState::new();
        for raw in items {
            let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            let before = text.get(..offset).unwrap_or_default();
            let start = u64::try_from(before.matches('\n').count()).unwrap_or(u64::MAX);
            let mut deserializer = serde_json::Deserializer::from_str(raw.get());
            let item: JsonItem =
                serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
                    let path = error.path().to_string();
                    let field = (path != ".").then_some(path);
                    json_error(error.inner(), file, start, field)
                })?;
            let source = Source {
                file: file.to_owned(),
                line: start + 1,
            };
            desired.push(item_of(item, source)?)?;
        }
        Ok(desired)
    }

    /// The state as the JSON that [`from_json`](DesiredState::from_json) reads.
    #[must_use]
    pub fn to_json(&self) -> String {
        let items: Vec<JsonItem> = self
            .items()
            .iter()
            .map(|item| JsonItem {
                sku: item.sku.clone(),
                warehouse: item.warehouse,
                quantity: item.quantity,
                price: item.price.map(|price| price.amount()),
                currency: item.price.map(|price| price.currency()),
                channels: item.channels.clone(),
            })
            .collect();
        serde_json::to_string_pretty(&items).unwrap_or_default()
    }
}

/// A desired item from the fields of a row or JSON object.
fn item_of(row: JsonItem, source: Source) -> Result<DesiredItem, DesiredStateError> {
    let at = |column: &str, reason: &str| {
        DesiredStateError::new(reason)
            .in_field(column)
            .at(Some(&source.file), Some(source.line))
    };
    let price = match (row.price, row.currency) {
        (Some(amount), Some(currency)) => Some(Money::new(amount, currency)),
        (Some(_), None) => return Err(at("currency", "a price needs its currency")),
        (None, Some(_)) => return Err(at("currency", "a currency is given without a price")),
        (None, None) => None,
    };
    let mut item = DesiredItem::new(row.sku).from_source(source);
    item.warehouse = row.warehouse;
    item.quantity = row.quantity;
    item.price = price;
    item.channels = row.channels;
    Ok(item)
}

fn parse<T: FromStr<Err = inventory_model::ModelError>>(
    text: Option<&str>,
) -> Result<Option<T>, String> {
    text.map(|text| text.parse().map_err(model)).transpose()
}

/// A model error without its leading field name (the error names the column itself).
fn model(error: inventory_model::ModelError) -> String {
    let text = error.to_string();
    match text.split_once(": ") {
        Some((_, rest)) => rest.to_owned(),
        None => text,
    }
}

/// A plain decimal (`21.50`, `-3`), never a float or an exponent.
fn decimal(text: &str) -> Option<Decimal> {
    let plain = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    Decimal::from_str(text).ok()
}

fn not_decimal(text: &str) -> String {
    format!("`{text}` is not a decimal number such as 21.50")
}

/// A serde_json error as a desired-state error, its line counted from the file's start.
fn json_error(
    error: &serde_json::Error,
    file: &str,
    start: u64,
    field: Option<String>,
) -> DesiredStateError {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let reason = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
    let line = u64::try_from(error.line()).ok().filter(|line| *line > 0);
    let mut err = DesiredStateError::new(reason).at(Some(file), line.map(|line| start + line));
    err.field = field;
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_only() {
        assert_eq!(decimal("21.50"), Some(Decimal::new(2150, 2)));
        assert_eq!(decimal("-3"), Some(Decimal::new(-3, 0)));
        for bad in ["1e3", "1,5", ".5", "5.", "", "abc", "1.2.3"] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
    }
}
