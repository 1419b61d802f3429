//! Reading a text field without copying it.
//!
//! Serde's `Deserialize` for `String` and for `Cow<str>` both allocate (serde's `Cow` impl
//! always returns an owned string), although serde_json can lend the text straight from the
//! answer. A status, a currency or a condition is read, looked up and thrown away: copying it
//! first is the largest avoidable cost of decoding a typical vendor page.
//! [`deserialize_str_with`] hands the text to a parser as `&str`, borrowed where the
//! deserializer can lend it (a JSON string without escapes) and from its scratch buffer
//! otherwise, so nothing is allocated unless the parser keeps the text.
//!
//! ```
//! use serde::Deserialize;
//!
//! struct Shouting(bool);
//!
//! impl<'de> Deserialize<'de> for Shouting {
//!     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         inventory_model::serde_text::deserialize_str_with(deserializer, |text| {
//!             Ok::<_, std::convert::Infallible>(Shouting(text.chars().all(|c| !c.is_lowercase())))
//!         })
//!     }
//! }
//!
//! assert!(serde_json::from_str::<Shouting>(r#""NO COPY""#)?.0);
//! assert!(serde_json::from_str::<Shouting>("17").is_err());
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt::{self, Display};
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};

/// Deserializes a string and returns what `parse` makes of it; an error of `parse` becomes
/// the deserializer's error (`custom`), a value that is not a string an `invalid type` error.
///
/// # Errors
///
/// The value is not a string, or `parse` refuses it.
pub fn deserialize_str_with<'de, D, T, E, F>(deserializer: D, parse: F) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    F: FnOnce(&str) -> Result<T, E>,
    E: Display,
{
    deserializer.deserialize_str(StrVisitor(parse, PhantomData))
}

struct StrVisitor<F, T>(F, PhantomData<fn() -> T>);

impl<'de, F, T, E> Visitor<'de> for StrVisitor<F, T>
where
    F: FnOnce(&str) -> Result<T, E>,
    E: Display,
{
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    // `visit_borrowed_str` and `visit_string` forward here by default: one path for all.
    fn visit_str<Er: de::Error>(self, text: &str) -> Result<T, Er> {
        (self.0)(text).map_err(Er::custom)
    }
}

/// The key under which serde_json (with `arbitrary_precision`) hands a number's text to a
/// visitor's `visit_map`.
const JSON_NUMBER_KEY: &str = "$serde_json::private::Number";

/// The newtype name for which serde_json (with `raw_value`, as this workspace builds it) hands
/// a visitor's `visit_map` the value's raw JSON text, under this same key, instead of the value:
/// what `serde_json::value::RawValue` asks for. A reader that asks for it sees a number's
/// digits and a string's quotes as the document wrote them, without serde_json allocating;
/// other formats see an ordinary newtype (`visit_newtype_struct`).
pub const JSON_RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// What the first key of a map handed to a visitor's `visit_map` says it is: serde_json's raw
/// text (asked for with [`JSON_RAW_VALUE_TOKEN`]), serde_json's number text
/// (`arbitrary_precision`), or a real object's member. Either text is then the map's value,
/// read with [`deserialize_str_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonMapKey {
    /// The value is one JSON value's raw text.
    RawValue,
    /// The value is a number's digits as the document wrote them.
    Number,
    /// The map is an object (or another format's map).
    Member,
}

/// Reads a map's first key as a [`JsonMapKey`]: `map.next_key_seed(JsonMapKeySeed)`.
#[derive(Debug, Clone, Copy)]
pub struct JsonMapKeySeed;

impl<'de> de::DeserializeSeed<'de> for JsonMapKeySeed {
    type Value = JsonMapKey;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<JsonMapKey, D::Error> {
        deserialize_str_with(deserializer, |key| {
            Ok::<_, std::convert::Infallible>(match key {
                JSON_RAW_VALUE_TOKEN => JsonMapKey::RawValue,
                JSON_NUMBER_KEY => JsonMapKey::Number,
                _ => JsonMapKey::Member,
            })
        })
    }
}

/// The text of the JSON string `raw` (quotes included, as serde_json's raw text gives it):
/// borrowed when it has no escapes, unescaped otherwise; `None` when `raw` is not a string.
///
/// ```
/// use inventory_model::serde_text::json_string_text;
///
/// assert_eq!(json_string_text(r#""WH-7""#).as_deref(), Some("WH-7"));
/// assert_eq!(json_string_text(r#""a\"b""#).as_deref(), Some("a\"b"));
/// assert_eq!(json_string_text("104"), None);
/// ```
#[must_use]
pub fn json_string_text(raw: &str) -> Option<std::borrow::Cow<'_, str>> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(raw)
            .ok()
            .map(std::borrow::Cow::Owned)
    } else {
        Some(std::borrow::Cow::Borrowed(inner))
    }
}

/// In a visitor's `visit_map`: the text of a JSON number as serde_json (built with
/// `arbitrary_precision`, as this workspace builds it) hands it over, digits exactly as the
/// document wrote them; `None` when the map is a real object (its first key is then read).
///
/// ```
/// use serde::de::{MapAccess, Visitor};
///
/// struct Digits;
///
/// impl<'de> Visitor<'de> for Digits {
///     type Value = String;
///     fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("a number")
///     }
///     fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
///         inventory_model::serde_text::json_number_text(&mut map)?
///             .ok_or_else(|| serde::de::Error::custom("an object is not a number"))
///     }
/// }
///
/// let mut json = serde_json::Deserializer::from_str("14.319139100000001");
/// let text = serde::Deserializer::deserialize_any(&mut json, Digits)?;
/// assert_eq!(text, "14.319139100000001");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
///
/// Those of the map.
pub fn json_number_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    if map.next_key_seed(JsonMapKeySeed)? == Some(JsonMapKey::Number) {
        map.next_value().map(Some)
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn length(json: &str) -> Result<usize, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        deserialize_str_with(&mut deserializer, |text| Ok::<_, String>(text.len()))
    }

    #[test]
    fn borrowed_and_escaped_strings_both_arrive() {
        assert_eq!(length(r#""plain""#).unwrap(), 5);
        assert_eq!(length(r#""tab\tand \u00e9""#).unwrap(), 10);
        assert!(
            length("null")
                .unwrap_err()
                .to_string()
                .contains("expected a string")
        );
    }

    #[test]
    fn the_parsers_error_is_the_deserializers() {
        let mut deserializer = serde_json::Deserializer::from_str(r#""x""#);
        let error =
            deserialize_str_with(&mut deserializer, |_| Err::<(), _>("no x here")).unwrap_err();
        assert!(error.to_string().contains("no x here"), "{error}");
    }
}
