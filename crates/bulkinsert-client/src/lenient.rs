//! Serde helpers for server fields whose JSON type the service does not keep to (values that
//! are sometimes numbers, sometimes text, lists that are sometimes `null`). Ids have a type of
//! their own, [`ServiceId`](crate::ServiceId).

use std::fmt;

use serde::de::{self, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// Reads text or a number as text; `null` or absent as `None`. A number keeps the digits it
/// was written with (serde_json's arbitrary precision hands over its text).
pub(crate) fn text_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<TextOrNumberField>::deserialize(deserializer)?.map(|TextOrNumberField(text)| text))
}

/// Reads a list, with `null` read as an empty one (absence is `#[serde(default)]`'s part).
pub(crate) fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads an optional object, with `null`, absence and `{}` all read as "not given".
pub(crate) use client_core::lenient::object_option as empty_as_none;

/// Reads a whole number written as a number or as text; `null` or absent as `None`.
pub(crate) fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<IntegerField>::deserialize(deserializer)?.map(|IntegerField(number)| number))
}

/// Text or a number read by [`TextOrNumber`], so serde's own `Option` reads `null` around it.
struct TextOrNumberField(String);

impl<'de> Deserialize<'de> for TextOrNumberField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(TextOrNumber)
            .map(TextOrNumberField)
    }
}

/// A whole number read by [`Integer`], likewise.
struct IntegerField(i64);

impl<'de> Deserialize<'de> for IntegerField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Integer).map(IntegerField)
    }
}

/// A number's text, or the refusal of an object where text or a number belongs.
fn number_text<'de, A: MapAccess<'de>>(mut map: A) -> Result<String, A::Error> {
    inventory_model::serde_text::json_number_text(&mut map)?
        .ok_or_else(|| A::Error::custom("expected text or a number, found an object"))
}

/// Text as it is, a number as the text it was written with.
struct TextOrNumber;

impl<'de> Visitor<'de> for TextOrNumber {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("text or a number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        number_text(map)
    }
}

/// A whole number, or text holding one (surrounding blanks ignored).
struct Integer;

impl<'de> Visitor<'de> for Integer {
    type Value = i64;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a whole number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
        text.trim()
            .parse()
            .map_err(|_| E::custom(format!("expected a whole number, found \"{text}\"")))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<i64, E> {
        i64::try_from(number)
            .map_err(|_| E::custom(format!("expected a whole number, found {number}")))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<i64, E> {
        Ok(number)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<i64, A::Error> {
        let text = number_text(map)?;
        text.parse()
            .map_err(|_| A::Error::custom(format!("expected a whole number, found {text}")))
    }
}
