//! Ids in the service's answers (`itemId`, `locationId`), which it writes as numbers in one
//! answer and as text in another (field notes §3).
//!
//! They are read without allocating when they are whole numbers, which is what the service
//! writes almost always: a stock read decodes two or three of them per item, a thousand items
//! per request. serde_json, built with `arbitrary_precision` for exact money, would otherwise
//! copy every number read as "text or a number" into a `String` before handing it over. So the
//! id asks serde_json for the value's raw text (the `raw_value` feature's own path), which is a
//! slice of the body, and reads the digits from it.

use std::fmt;

use serde::de::{self, DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use inventory_model::serde_text::{
    JSON_RAW_VALUE_TOKEN, JsonMapKey, JsonMapKeySeed, deserialize_str_with, json_string_text,
};

/// An id the service gave in an answer: a whole number, or text when it wrote something else.
///
/// Two ids are equal when they are written alike: the text `"104"` and the number `104` are
/// the same id, `"0104"` is another. [`as_number`](ServiceId::as_number) reads it as a number,
/// [`Display`](fmt::Display) writes it as the service did (a number's digits, or the text).
///
/// ```
/// use bulkinsert_client::ServiceId;
///
/// let id: ServiceId = serde_json::from_str("1000000213").unwrap();
/// assert_eq!(id.as_number(), Some(1_000_000_213));
/// assert_eq!(id, serde_json::from_str::<ServiceId>(r#""1000000213""#).unwrap());
/// assert_eq!(id, "1000000213");
///
/// let text: ServiceId = serde_json::from_str(r#""WH-7""#).unwrap();
/// assert_eq!(text.as_number(), None);
/// assert_eq!(text.to_string(), "WH-7");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ServiceId(Written);

/// How the id reads: the canonical digits of a `u64` are always kept as the number, so that
/// the derived equality and hash are those of the written text.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Written {
    Number(u64),
    Text(Box<str>),
}

impl ServiceId {
    /// The id `number`.
    #[must_use]
    pub fn from_number(number: u64) -> ServiceId {
        ServiceId(Written::Number(number))
    }

    /// The id written as `text`; text that is a whole number's digits is that number.
    #[must_use]
    pub fn from_text(text: &str) -> ServiceId {
        match canonical_number(text) {
            Some(number) => ServiceId::from_number(number),
            None => ServiceId(Written::Text(text.into())),
        }
    }

    /// The id as a number, when it is a whole number's digits (`104`, or `"104"` as text).
    #[must_use]
    pub fn as_number(&self) -> Option<u64> {
        match self.0 {
            Written::Number(number) => Some(number),
            Written::Text(_) => None,
        }
    }

    /// The id's text, when it is not a whole number (`"WH-7"`, `"0104"`, ` 104 `, `-3`, `1.5`).
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match &self.0 {
            Written::Number(_) => None,
            Written::Text(text) => Some(text),
        }
    }

    /// The id as a number once blanks around it are taken off: what the service means by an
    /// id it wrote as `" 104 "`.
    #[must_use]
    pub fn trimmed_number(&self) -> Option<u64> {
        match &self.0 {
            Written::Number(number) => Some(*number),
            Written::Text(text) => canonical_number(text.trim()),
        }
    }
}

/// `text` as a `u64`, when it is exactly the digits `u64`'s `Display` would write (no sign, no
/// leading zero, no blanks).
fn canonical_number(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let canonical = match bytes {
        [] => false,
        [b'0'] => true,
        [b'0', ..] => false,
        _ => bytes.iter().all(u8::is_ascii_digit),
    };
    if canonical { text.parse().ok() } else { None }
}

impl From<u64> for ServiceId {
    fn from(number: u64) -> ServiceId {
        ServiceId::from_number(number)
    }
}

impl From<&str> for ServiceId {
    fn from(text: &str) -> ServiceId {
        ServiceId::from_text(text)
    }
}

impl PartialEq<str> for ServiceId {
    fn eq(&self, text: &str) -> bool {
        match &self.0 {
            Written::Number(number) => canonical_number(text) == Some(*number),
            Written::Text(own) => **own == *text,
        }
    }
}

impl PartialEq<&str> for ServiceId {
    fn eq(&self, text: &&str) -> bool {
        *self == **text
    }
}

impl PartialEq<u64> for ServiceId {
    fn eq(&self, number: &u64) -> bool {
        self.as_number() == Some(*number)
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Written::Number(number) => fmt::Display::fmt(number, f),
            Written::Text(text) => f.write_str(text),
        }
    }
}

impl fmt::Debug for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Written::Number(number) => fmt::Debug::fmt(number, f),
            Written::Text(text) => fmt::Debug::fmt(text, f),
        }
    }
}

/// Written back the way it was read: a number as a JSON number, text as a string.
impl Serialize for ServiceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Written::Number(number) => serializer.serialize_u64(*number),
            Written::Text(text) => serializer.serialize_str(text),
        }
    }
}

/// Read from a number or from text; anything else (`null` included, which `Option` reads
/// around it) is refused.
impl<'de> Deserialize<'de> for ServiceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ServiceId, D::Error> {
        // serde_json answers this name with the raw text; other formats see an ordinary
        // newtype and hand over the value itself (`visit_newtype_struct`).
        deserializer.deserialize_newtype_struct(JSON_RAW_VALUE_TOKEN, IdVisitor)
    }
}

/// Reads an id from whichever form the deserializer hands over.
struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = ServiceId;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("text or a number")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<ServiceId, D::Error> {
        deserializer.deserialize_any(IdVisitor)
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<ServiceId, E> {
        Ok(ServiceId::from_number(number))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<ServiceId, E> {
        Ok(match u64::try_from(number) {
            Ok(number) => ServiceId::from_number(number),
            Err(_) => ServiceId(Written::Text(number.to_string().into())),
        })
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ServiceId, E> {
        Ok(ServiceId::from_text(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ServiceId, A::Error> {
        match map.next_key_seed(JsonMapKeySeed)? {
            Some(JsonMapKey::RawValue) => map.next_value_seed(RawJson),
            // What serde buffers for `#[serde(flatten)]` holds a number this way.
            Some(JsonMapKey::Number) => {
                let text: String = map.next_value()?;
                Ok(ServiceId::from_text(&text))
            }
            Some(JsonMapKey::Member) | None => Err(A::Error::custom(
                "expected text or a number, found an object",
            )),
        }
    }
}

/// Reads an id from one JSON value's raw text (borrowed from the body, or owned).
struct RawJson;

impl<'de> DeserializeSeed<'de> for RawJson {
    type Value = ServiceId;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ServiceId, D::Error> {
        deserialize_str_with(deserializer, |raw| {
            id_from_raw_json(raw).map_err(D::Error::custom)
        })
    }
}

/// The id one JSON value's text `raw` writes: digits are a number, a string is its text, and
/// any other number (negative, fractional, past `u64`) is kept as the text it was written with.
fn id_from_raw_json(raw: &str) -> Result<ServiceId, String> {
    match raw.as_bytes().first() {
        Some(b'"') => json_string_text(raw)
            .map(|text| ServiceId::from_text(&text))
            .ok_or_else(|| format!("expected text or a number, found {}", shown(raw))),
        Some(b'-' | b'0'..=b'9') => Ok(ServiceId::from_text(raw)),
        // The reader has consumed the value by now, so the place an item's error names is the
        // object holding the id; the value itself, shortened, says which one it was.
        Some(b'{') => Err(format!(
            "expected text or a number, found an object {}",
            shown(raw)
        )),
        Some(b'[') => Err(format!(
            "expected text or a number, found a list {}",
            shown(raw)
        )),
        _ => Err(format!("expected text or a number, found {}", shown(raw))),
    }
}

/// The first 40 characters of `raw`, and `…` when there is more.
fn shown(raw: &str) -> String {
    match raw.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", raw.get(..cut).unwrap_or(raw)),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The raw path is only cheaper if serde_json really takes it: with a borrowed body it
    /// hands over the raw text under this name, which `RawValue` relies on too.
    #[test]
    fn serde_json_still_hands_over_raw_text_under_the_token() {
        let raw: &serde_json::value::RawValue = serde_json::from_str(" 104 ").unwrap();
        assert_eq!(raw.get(), "104");
        struct Sees;
        impl<'de> Visitor<'de> for Sees {
            type Value = (String, String);
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the raw map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let key: String = map.next_key()?.unwrap_or_default();
                let value: String = map.next_value()?;
                Ok((key, value))
            }
        }
        let mut deserializer = serde_json::Deserializer::from_str(r#""a\"b""#);
        let seen = de::Deserializer::deserialize_newtype_struct(
            &mut deserializer,
            JSON_RAW_VALUE_TOKEN,
            Sees,
        )
        .unwrap();
        assert_eq!(
            seen,
            (JSON_RAW_VALUE_TOKEN.to_owned(), r#""a\"b""#.to_owned())
        );
    }

    #[test]
    fn numbers_and_their_digits_as_text_are_one_id() {
        let from = |json: &str| serde_json::from_str::<ServiceId>(json).unwrap();
        assert_eq!(from("104"), from(r#""104""#));
        assert_eq!(from("104").as_number(), Some(104));
        assert_eq!(from("0").as_number(), Some(0));
        assert_eq!(from("18446744073709551615").as_number(), Some(u64::MAX));
        assert_ne!(from("104"), from(r#""0104""#));
        assert_eq!(from(r#""0104""#).as_text(), Some("0104"));
        assert_eq!(from(r#"" 104 ""#).as_number(), None);
        assert_eq!(from(r#"" 104 ""#).trimmed_number(), Some(104));
        assert_eq!(from(r#""WH-7""#).trimmed_number(), None);
    }

    #[test]
    fn other_numbers_keep_the_text_they_were_written_with() {
        let from = |json: &str| serde_json::from_str::<ServiceId>(json).unwrap();
        for written in ["-3", "1.50", "1e3", "18446744073709551616"] {
            let id = from(written);
            assert_eq!(id.as_text(), Some(written), "{written}");
            assert_eq!(id.to_string(), written);
        }
    }

    #[test]
    fn escaped_text_is_unescaped() {
        let id: ServiceId = serde_json::from_str(r#""WH\u002d7\"""#).unwrap();
        assert_eq!(id.as_text(), Some("WH-7\""));
        let number: ServiceId = serde_json::from_str(r#""\u0031\u0030""#).unwrap();
        assert_eq!(number.as_number(), Some(10));
    }

    #[test]
    fn what_is_neither_text_nor_a_number_is_refused_by_name() {
        for (json, found) in [
            (r#"{"a":1}"#, r#"an object {"a":1}"#),
            ("[1]", "a list [1]"),
            ("true", "true"),
            ("null", "null"),
        ] {
            let error = serde_json::from_str::<ServiceId>(json)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(&format!("expected text or a number, found {found}")),
                "{json}: {error}"
            );
        }
    }

    /// Every way serde_json can be asked gives the same id: a borrowed body, bytes, a reader
    /// (raw text owned), and a `Value` (the number under its own key, or the raw text).
    #[test]
    fn every_json_input_reads_alike() {
        for json in ["104", r#""104""#, r#""WH-7""#, "-3", "1.50", r#""a\\b""#] {
            let expected = serde_json::from_str::<ServiceId>(json).unwrap();
            let from_slice: ServiceId = serde_json::from_slice(json.as_bytes()).unwrap();
            let from_reader: ServiceId = serde_json::from_reader(json.as_bytes()).unwrap();
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let from_value: ServiceId = serde_json::from_value(value.clone()).unwrap();
            let from_value_ref = ServiceId::deserialize(&value).unwrap();
            for (how, got) in [
                ("slice", from_slice),
                ("reader", from_reader),
                ("value", from_value),
                ("value ref", from_value_ref),
            ] {
                assert_eq!(got, expected, "{json} from {how}");
            }
        }
    }

    #[test]
    fn it_is_written_back_as_it_was_read() {
        for json in ["104", r#""WH-7""#, r#""0104""#, r#""-3""#] {
            let id: ServiceId = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&id).unwrap(), json);
        }
        assert_eq!(
            serde_json::to_string(&ServiceId::from_text("104")).unwrap(),
            "104"
        );
    }

    #[test]
    fn a_long_value_is_shortened_in_the_error() {
        let json = format!("[{}]", ["1"; 30].join(","));
        let error = serde_json::from_str::<ServiceId>(&json)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("found a list [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1…"),
            "{error}"
        );
    }

    proptest! {
        /// Equality is the written text's: against the text each id displays as, and against
        /// ids made from that text.
        #[test]
        fn equality_is_that_of_the_written_text(text in "[0-9]{0,22}|[ 0-9A-Z-]{1,8}", number: u64) {
            let id = ServiceId::from_text(&text);
            prop_assert_eq!(id.to_string(), text.clone());
            prop_assert!(id == text.as_str());
            let of_number = ServiceId::from_number(number);
            prop_assert_eq!(of_number == id, number.to_string() == text);
            prop_assert_eq!(of_number == text.as_str(), number.to_string() == text);
            prop_assert_eq!(ServiceId::from_text(&number.to_string()), of_number);
        }
    }
}
