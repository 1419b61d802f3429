//! Serde helpers for server fields whose JSON type the service does not keep to (ids that are
//! sometimes numbers, sometimes text).

use serde::{Deserialize, Deserializer, de::Error as _};
use serde_json::Value;

/// Reads text or a number as text; `null` or absent as `None`.
pub(crate) fn text_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    // Going through `Value` keeps numbers exact with serde_json's arbitrary precision.
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(D::Error::custom(format!(
            "expected text or a number, found {other}"
        ))),
    }
}
