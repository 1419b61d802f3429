//! Reading a Newegg request: its body format, the format it wants back, and the query it
//! carries (XML or JSON, with the looser spellings Newegg accepts).

use serde::Deserialize;
use serde_json::Value;
use wiremock::Request;

use super::reply::{Failure, Format, failure};
use crate::support::http::{integer_from_json, request_header, text_from_json};

/// The fields of an update or a read request, whichever format it came in.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pub(crate) kind: String,
    pub(crate) value: String,
    pub(crate) condition: Option<String>,
    /// The warehouses a read is limited to, in the order asked and without repeats; empty
    /// means every warehouse.
    pub(crate) warehouses: Vec<String>,
    pub(crate) inventory: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
struct XmlQuery {
    #[serde(rename = "Type")]
    kind: String,
    #[serde(rename = "Value")]
    value: String,
    #[serde(rename = "Condition", default)]
    condition: Option<String>,
    #[serde(rename = "WarehouseLocation", default)]
    warehouse: Option<String>,
    #[serde(rename = "WarehouseList", default)]
    warehouse_list: Option<XmlWarehouseList>,
    #[serde(rename = "InventoryList", default)]
    inventory_list: Option<XmlInventoryList>,
}

#[derive(Debug, Deserialize)]
struct XmlWarehouseList {
    #[serde(rename = "WarehouseLocation", default)]
    warehouses: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct XmlInventoryList {
    #[serde(rename = "Inventory", default)]
    inventory: Vec<XmlInventory>,
}

#[derive(Debug, Deserialize)]
struct XmlInventory {
    #[serde(rename = "WarehouseLocation")]
    warehouse: String,
    #[serde(rename = "AvailableQuantity")]
    quantity: String,
}

/// The format of the request body: from `Content-Type`, else sniffed from the body.
pub(crate) fn request_format(request: &Request) -> Format {
    let content_type = request_header(request, "content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.contains("json") {
        return Format::Json;
    }
    if content_type.contains("xml") {
        return Format::Xml;
    }
    let first = request
        .body
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .copied();
    if first == Some(b'{') {
        Format::Json
    } else {
        Format::Xml
    }
}

/// The format the `Accept` header asks for, if it names one.
pub(crate) fn answer_format(request: &Request) -> Option<Format> {
    let accept = request_header(request, "accept")?.to_ascii_lowercase();
    if accept.contains("json") {
        Some(Format::Json)
    } else if accept.contains("xml") {
        Some(Format::Xml)
    } else {
        None
    }
}

/// Reads an update (`ItemInventoryInfo`) or read (`ContentQueryCriteria`) body.
pub(crate) fn parse_query(format: Format, body: &str, is_read: bool) -> Result<Query, Failure> {
    let root = if is_read {
        "ContentQueryCriteria"
    } else {
        "ItemInventoryInfo"
    };
    match format {
        Format::Xml => {
            let trimmed = body.trim_start();
            let without_declaration = match trimmed.strip_prefix("<?xml") {
                Some(rest) => rest
                    .split_once("?>")
                    .map_or("", |(_, rest)| rest)
                    .trim_start(),
                None => trimmed,
            };
            if !without_declaration.starts_with(&format!("<{root}")) {
                return Err(failure(
                    "CE003",
                    format!("The request body must be an XML document with root element '{root}'."),
                ));
            }
            let parsed: XmlQuery = quick_xml::de::from_str(body).map_err(|error| {
                failure("CE003", format!("The request body is not valid: {error}"))
            })?;
            let listed = parsed
                .warehouse_list
                .map(|list| list.warehouses)
                .unwrap_or_default();
            Ok(Query {
                kind: parsed.kind,
                value: parsed.value,
                condition: parsed.condition,
                warehouses: requested_warehouses(parsed.warehouse, listed),
                inventory: parsed
                    .inventory_list
                    .map(|list| {
                        list.inventory
                            .into_iter()
                            .map(|entry| (entry.warehouse, entry.quantity))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        }
        Format::Json => {
            let value: Value = serde_json::from_str(body).map_err(|error| {
                failure(
                    "CE003",
                    format!("The request body is not valid JSON: {error}"),
                )
            })?;
            // Accept the body bare (as documented) or wrapped in its root name.
            let value = value.get(root).cloned().unwrap_or(value);
            let text = |key: &str| value.get(key).and_then(text_from_json);
            let kind =
                text("Type").ok_or_else(|| failure("CE003", "The 'Type' element is required."))?;
            let item_value = text("Value")
                .ok_or_else(|| failure("CE003", "The 'Value' element is required."))?;
            let entries = match value
                .get("InventoryList")
                .and_then(|list| list.get("Inventory"))
            {
                Some(Value::Array(entries)) => entries.clone(),
                Some(single @ Value::Object(_)) => vec![single.clone()],
                _ => Vec::new(),
            };
            let mut inventory = Vec::new();
            for entry in entries {
                let warehouse = entry.get("WarehouseLocation").and_then(text_from_json);
                let quantity = entry.get("AvailableQuantity").map(|quantity| {
                    integer_from_json(quantity)
                        .map(|number| number.to_string())
                        .or_else(|| text_from_json(quantity))
                        .unwrap_or_default()
                });
                match (warehouse, quantity) {
                    (Some(warehouse), Some(quantity)) => inventory.push((warehouse, quantity)),
                    _ => {
                        return Err(failure(
                            "CE003",
                            "Each Inventory needs WarehouseLocation and AvailableQuantity.",
                        ));
                    }
                }
            }
            let listed = match value.get("WarehouseList") {
                None | Some(Value::Null) => Vec::new(),
                Some(list) => json_warehouse_list(list)?,
            };
            Ok(Query {
                kind,
                value: item_value,
                condition: text("Condition"),
                warehouses: requested_warehouses(text("WarehouseLocation"), listed),
                inventory,
            })
        }
    }
    .and_then(|query| {
        if !is_read && query.inventory.is_empty() {
            Err(failure(
                "CE003",
                "The 'InventoryList' element must hold at least one Inventory.",
            ))
        } else {
            Ok(query)
        }
    })
}

/// Joins the older single top-level `WarehouseLocation` and the `WarehouseList` entries into
/// one list, trimmed, in the order given and without repeats.
fn requested_warehouses(single: Option<String>, listed: Vec<String>) -> Vec<String> {
    let mut warehouses: Vec<String> = Vec::new();
    for warehouse in single.into_iter().chain(listed) {
        let warehouse = warehouse.trim();
        if !warehouses.iter().any(|seen| seen == warehouse) {
            warehouses.push(warehouse.to_string());
        }
    }
    warehouses
}

/// Reads a JSON `WarehouseList`. Newegg's JSON turns a repeated element into an array and may
/// send a list of one as the bare value, so `{"WarehouseLocation": ["USA", "CAN"]}`,
/// `{"WarehouseLocation": "USA"}` and (looser still) `["USA", "CAN"]` or
/// `[{"WarehouseLocation": "USA"}]` are all read.
fn json_warehouse_list(list: &Value) -> Result<Vec<String>, Failure> {
    let not_a_list = || {
        failure(
            "CE003",
            "The 'WarehouseList' element must hold WarehouseLocation country codes.",
        )
    };
    let entries: Vec<&Value> = match list {
        Value::Object(fields) => match fields.get("WarehouseLocation") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(entries)) => entries.iter().collect(),
            Some(single) => vec![single],
        },
        Value::Array(entries) => entries.iter().collect(),
        _ => return Err(not_a_list()),
    };
    entries
        .into_iter()
        .map(|entry| {
            let entry = match entry {
                Value::Object(fields) => fields.get("WarehouseLocation").unwrap_or(entry),
                other => other,
            };
            text_from_json(entry).ok_or_else(not_a_list)
        })
        .collect()
}
