//! Records read from JSON in the service's format ([`InventoryRecord::list_from_json`] and
//! `Deserialize`): every field checked as the typed constructors check it, and a refusal
//! names the record and the field.

use client_core::timestamp::parse_date;
use inventory_model::{Quantity, Sku};
use serde::Deserialize;
use serde_json::Value;

use crate::error::BulkInsertError;
use crate::ids::{ItemId, ItemRef, LocationId};
use crate::records::{InventoryRecord, RecordType, TransitDetails};
use crate::site_context::ChannelId;

impl InventoryRecord {
    /// Reads records from a JSON array in the service's format, checking each one.
    ///
    /// ```
    /// use bulkinsert_client::InventoryRecord;
    ///
    /// let records = InventoryRecord::list_from_json(
    ///     r#"[{"sku":"123456","totalQuantity":3,"locationId":104,"type":"Stock","channelId":12}]"#,
    /// )?;
    /// assert_eq!(records.len(), 1);
    ///
    /// let error = InventoryRecord::list_from_json(
    ///     r#"[{"sku":"A","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12},
    ///         {"sku":"B","totalQuantity":-4,"locationId":1,"type":"Stock","channelId":12}]"#,
    /// )
    /// .unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "invalid input: records[1].totalQuantity: must be a whole number from 0 to 4294967295"
    /// );
    /// # Ok::<(), bulkinsert_client::BulkInsertError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] naming the record and the field (`records[1].sku`),
    /// or `records` when the text is not a JSON array of objects.
    pub fn list_from_json(text: &str) -> Result<Vec<InventoryRecord>, BulkInsertError> {
        let raw: Vec<RawRecord> = serde_json::from_str(text).map_err(|error| {
            BulkInsertError::invalid(
                "records",
                format!("must be a JSON array of inventory records: {error}"),
            )
        })?;
        raw.into_iter()
            .enumerate()
            .map(|(index, record)| record.check(&format!("records[{index}].")))
            .collect()
    }
}

impl<'de> Deserialize<'de> for InventoryRecord {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawRecord::deserialize(deserializer)?
            .check("")
            .map_err(serde::de::Error::custom)
    }
}

/// A record as found in JSON, before its checks.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawRecord {
    #[serde(default)]
    sku: Option<Value>,
    #[serde(default)]
    item_id: Option<Value>,
    #[serde(default)]
    total_quantity: Option<Value>,
    #[serde(default)]
    reserved_quantity: Option<Value>,
    #[serde(default)]
    location_id: Option<Value>,
    #[serde(default, rename = "type")]
    record_type: Option<Value>,
    #[serde(default)]
    channel_id: Option<Value>,
    #[serde(default)]
    transit_order_date: Option<Value>,
    #[serde(default)]
    transit_stock_date: Option<Value>,
    #[serde(default)]
    transit_ref: Option<Value>,
}

impl RawRecord {
    fn check(self, prefix: &str) -> Result<InventoryRecord, BulkInsertError> {
        let refuse =
            |field: &str, rule: &str| BulkInsertError::invalid(format!("{prefix}{field}"), rule);
        let item = match (present(self.sku), present(self.item_id)) {
            (Some(_), Some(_)) => {
                return Err(refuse("sku", "give either sku or itemId, not both"));
            }
            (None, None) => return Err(refuse("sku", "a record needs a sku or an itemId")),
            (Some(Value::String(sku)), None) => {
                ItemRef::Sku(Sku::new(&sku).map_err(|error| refuse("sku", &error.to_string()))?)
            }
            (Some(_), None) => return Err(refuse("sku", "must be text")),
            (None, Some(id)) => {
                let id = match &id {
                    Value::String(text) => text.trim().parse::<u64>().ok(),
                    Value::Number(number) => number.as_u64(),
                    _ => None,
                }
                .and_then(|id| ItemId::new(id).ok())
                .ok_or_else(|| refuse("itemId", "must be a whole number of at least 1"))?;
                ItemRef::ItemId(id)
            }
        };
        let quantity = |field: &str, value: Value| {
            value
                .as_u64()
                .and_then(|count| u32::try_from(count).ok())
                .map(Quantity::new)
                .ok_or_else(|| refuse(field, "must be a whole number from 0 to 4294967295"))
        };
        let total_quantity = quantity(
            "totalQuantity",
            present(self.total_quantity).ok_or_else(|| refuse("totalQuantity", "is required"))?,
        )?;
        let reserved_quantity = present(self.reserved_quantity)
            .map(|value| quantity("reservedQuantity", value))
            .transpose()?;
        let location = present(self.location_id)
            .and_then(|value| value.as_u64())
            .map(LocationId::new)
            .ok_or_else(|| refuse("locationId", "is required and must be a whole number"))?;
        let channel = present(self.channel_id)
            .and_then(|value| value.as_u64())
            .and_then(|id| u32::try_from(id).ok())
            .map(ChannelId::new)
            .ok_or_else(|| refuse("channelId", "is required and must be a whole number"))?;
        let record_type = match present(self.record_type) {
            Some(Value::String(text)) => RecordType::from(text.as_str()),
            _ => return Err(refuse("type", "is required: Stock or Transit")),
        };
        let record = match record_type {
            RecordType::Stock => InventoryRecord::stock(item, location, channel, total_quantity),
            RecordType::Transit => {
                let date = |field: &str, value: Option<Value>| match present(value) {
                    Some(Value::String(text)) => parse_date(&text)
                        .ok_or_else(|| refuse(field, "must be a date written YYYY-MM-DD")),
                    _ => Err(refuse(
                        field,
                        "is required for Transit records (YYYY-MM-DD)",
                    )),
                };
                let order_date = date("transitOrderDate", self.transit_order_date)?;
                let stock_date = date("transitStockDate", self.transit_stock_date)?;
                let reference = match present(self.transit_ref) {
                    Some(Value::String(text)) => text,
                    _ => return Err(refuse("transitRef", "is required for Transit records")),
                };
                let details = TransitDetails::new(order_date, stock_date, reference)
                    .map_err(|_| refuse("transitRef", "must be non-empty text"))?;
                InventoryRecord::transit(item, location, channel, total_quantity, details)
            }
            _ => return Err(refuse("type", "must be Stock or Transit")),
        };
        // Absent means no reservation, which is what a record without one sends.
        Ok(match reserved_quantity {
            Some(reserved) => record.with_reserved_quantity(reserved),
            None => record,
        })
    }
}

/// JSON `null` counts as absent.
fn present(value: Option<Value>) -> Option<Value> {
    value.filter(|value| !value.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_rule_names_its_field() {
        let cases = [
            (
                json!({"totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "sku",
            ),
            (
                json!({"sku":" ","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "sku",
            ),
            (
                json!({"sku":"A","itemId":"1","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "sku",
            ),
            (
                json!({"itemId":"0","totalQuantity":1,"locationId":1,"type":"Stock","channelId":12}),
                "itemId",
            ),
            (
                json!({"sku":"A","totalQuantity":1.5,"locationId":1,"type":"Stock","channelId":12}),
                "totalQuantity",
            ),
            (
                json!({"sku":"A","locationId":1,"type":"Stock","channelId":12}),
                "totalQuantity",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"reservedQuantity":-1,"locationId":1,"type":"Stock","channelId":12}),
                "reservedQuantity",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"type":"Stock","channelId":12}),
                "locationId",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Stock"}),
                "channelId",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Shelf","channelId":12}),
                "type",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Transit","channelId":12,"transitStockDate":"2020-05-05","transitRef":"R"}),
                "transitOrderDate",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Transit","channelId":12,"transitOrderDate":"2020-05-05","transitStockDate":"05/05/2020","transitRef":"R"}),
                "transitStockDate",
            ),
            (
                json!({"sku":"A","totalQuantity":1,"locationId":1,"type":"Transit","channelId":12,"transitOrderDate":"2020-05-05","transitStockDate":"2020-05-05","transitRef":""}),
                "transitRef",
            ),
        ];
        for (record, field) in cases {
            let text = json!([record]).to_string();
            let error = InventoryRecord::list_from_json(&text).unwrap_err();
            match &error {
                BulkInsertError::InvalidInput(refusal) => {
                    assert_eq!(refusal.field, format!("records[0].{field}"), "{text}");
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let unknown = InventoryRecord::list_from_json(r#"[{"sku":"A","qty":1}]"#).unwrap_err();
        assert!(unknown.to_string().contains("records"), "{unknown}");
    }
}
