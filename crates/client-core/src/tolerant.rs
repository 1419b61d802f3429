//! Reading lists tolerantly: one malformed item fails alone, naming itself and the field at
//! fault, and never takes the page with it.
//!
//! A vendor page is decoded in one pass into its typed items; only when that fails is it read
//! again, item by item, to find which items do not fit. A well-formed page (nearly all of
//! them) therefore costs what it would cost without this safety.
//!
//! The field at fault is found from where the JSON reader stopped, not by tracking the path
//! while decoding: a tracking deserializer would compile every item type a second time in
//! each client, which made the clients' release builds a quarter slower.
//!
//! ```
//! use client_core::tolerant::decode_list;
//! use serde::Deserialize;
//! use serde_json::value::RawValue;
//!
//! #[derive(Debug, Deserialize)]
//! struct Listing { id: u64, price: String }
//!
//! #[derive(Deserialize)]
//! struct PageBody<T> { total: u64, listings: Vec<T> }
//!
//! impl<T> PageBody<T> {
//!     fn split(self) -> (Vec<T>, u64) { (self.listings, self.total) }
//! }
//!
//! let text = r#"{"total": 3, "listings": [{"id": 1, "price": "9.99"}, {"id": 2, "price": 7}, {"id": 3, "price": "1.50"}]}"#;
//! # let summary = client_core::RequestSummary { method: client_core::Method::GET, route: "/x", path: "/x".into() };
//! let (items, failed, total) = decode_list::<Listing, PageBody<Listing>, PageBody<Box<RawValue>>, _>(
//!     text, &summary, "id", PageBody::split, PageBody::split,
//! )?;
//! assert_eq!(total, 3);
//! assert_eq!(items.iter().map(|l| l.id).collect::<Vec<_>>(), [1, 3]);
//! assert_eq!(failed[0].index, 1);
//! assert_eq!(failed[0].id.as_deref(), Some("2"));
//! assert_eq!(failed[0].field.as_deref(), Some("price"));
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::error::{ItemError, RequestSummary};

/// Decodes `text` as the envelope `L` with typed items, split into its items and the rest of
/// the envelope (pagination and the like) by `split`. When one or more items do not fit, the
/// envelope is read again as `R`, the same envelope holding raw items, and each item is
/// decoded on its own: the items that fit are returned in order, each one that does not
/// becomes an [`ItemError`] naming its position, its `id_key` value and the path of the field
/// at fault.
///
/// # Errors
///
/// The envelope itself does not decode (not JSON, no list where the list belongs): the error
/// of the first, typed reading.
pub fn decode_list<T, L, R, Rest>(
    text: &str,
    request: &RequestSummary,
    id_key: &str,
    split: impl FnOnce(L) -> (Vec<T>, Rest),
    split_raw: impl FnOnce(R) -> (Vec<Box<RawValue>>, Rest),
) -> Result<(Vec<T>, Vec<ItemError>, Rest), serde_json::Error>
where
    T: DeserializeOwned,
    L: DeserializeOwned,
    R: DeserializeOwned,
{
    match serde_json::from_str::<L>(text) {
        Ok(list) => {
            let (items, rest) = split(list);
            Ok((items, Vec::new(), rest))
        }
        Err(whole) => {
            let raw: R = serde_json::from_str(text).map_err(|_| whole)?;
            let (raw_items, rest) = split_raw(raw);
            let (items, failed) = decode_each(&raw_items, request, id_key);
            Ok((items, failed, rest))
        }
    }
}

/// Decodes raw items one by one (see [`decode_list`]).
pub fn decode_each<T: DeserializeOwned>(
    raw: &[Box<RawValue>],
    request: &RequestSummary,
    id_key: &str,
) -> (Vec<T>, Vec<ItemError>) {
    let mut items = Vec::with_capacity(raw.len());
    let mut failed = Vec::new();
    for (index, item) in raw.iter().enumerate() {
        match serde_json::from_str::<T>(item.get()) {
            Ok(value) => items.push(value),
            Err(error) => failed.push(item_error(request, index, item.get(), id_key, &error)),
        }
    }
    (items, failed)
}

/// The error of the item at `index`, whose text is `item`: its identifier and the path of the
/// field the reader was in when it failed. Kept out of the generic [`decode_each`] so that it
/// is compiled once.
fn item_error(
    request: &RequestSummary,
    index: usize,
    item: &str,
    id_key: &str,
    error: &serde_json::Error,
) -> ItemError {
    let path = path_at(item, consumed_bytes(item, error));
    ItemError {
        request: request.clone(),
        index,
        id: id_of(item, id_key),
        field: (path != ".").then_some(path),
        reason: error.to_string(),
    }
}

/// How many bytes of `text` the reader had consumed when it failed, from the line and column
/// it reports (its column counts the bytes consumed on that line).
fn consumed_bytes(text: &str, error: &serde_json::Error) -> usize {
    let line_start = match error.line() {
        0 | 1 => 0,
        line => text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(newline, _)| newline + 1),
    };
    line_start.saturating_add(error.column()).min(text.len())
}

/// The path of the value the reader was in after consuming `consumed` bytes of the JSON
/// `text`, written as `price.value`, `images[2].uri`, or `.` for the whole item.
///
/// The reader reports an error once it has consumed the value at fault, just before it when
/// the value's first byte already tells it is of the wrong kind, or, when an object lacks a
/// field, after its closing brace (so that object is the place, not its last key). Inside an
/// array the element being read is always part of the path, as it is for a reader that
/// tracks the path while decoding.
fn path_at(text: &str, consumed: usize) -> String {
    let bytes = text.as_bytes();
    let end = consumed.min(bytes.len());
    let mut open: Vec<Container> = Vec::new();
    let mut at = 0;
    while at < end {
        let byte = bytes.get(at).copied().unwrap_or(b' ');
        match byte {
            b'"' => {
                let close = string_end(bytes, at);
                if let Some(Container::Object { key, state }) = open.last_mut()
                    && *state == KeyState::ExpectingKey
                {
                    let raw = text.get(at..close).unwrap_or("");
                    *key = serde_json::from_str::<String>(raw).ok();
                    *state = KeyState::AfterKey;
                }
                at = close;
                continue;
            }
            b'{' => {
                open.push(Container::Object {
                    key: None,
                    state: KeyState::ExpectingKey,
                });
            }
            b'[' => {
                open.push(Container::Array { index: 0 });
            }
            b'}' | b']' => {
                open.pop();
            }
            b':' => {
                if let Some(Container::Object { state, .. }) = open.last_mut() {
                    *state = KeyState::InValue;
                }
            }
            b',' => match open.last_mut() {
                Some(Container::Object { key, state }) => {
                    *key = None;
                    *state = KeyState::ExpectingKey;
                }
                Some(Container::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for container in &open {
        match container {
            Container::Object {
                key: Some(key),
                state: KeyState::InValue,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Container::Array { index } => {
                path.push_str(&format!("[{index}]"));
            }
            _ => break,
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

/// A container the path scan is inside.
enum Container {
    Object {
        key: Option<String>,
        state: KeyState,
    },
    Array {
        index: usize,
    },
}

/// Where the path scan is within an object's members.
#[derive(PartialEq)]
enum KeyState {
    ExpectingKey,
    AfterKey,
    InValue,
}

/// The index just past the string that opens at `start` (or the end of `bytes`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The item's identifier as text, when its object has one under `key`.
fn id_of(item: &str, key: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Fields(std::collections::HashMap<String, serde_json::Value>);
    let Fields(fields) = serde_json::from_str(item).ok()?;
    match fields.get(key)? {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::{consumed_bytes, path_at};

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u64,
        price: Price,
        #[serde(default)]
        images: Vec<Image>,
        tags: Option<Vec<String>>,
        #[serde(default, deserialize_with = "crate::lenient::object_option")]
        shipping: Option<Price>,
        #[serde(rename = "odd \"key\"", default)]
        odd: Option<u8>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Price {
        value: String,
        currency: Currency,
    }

    #[derive(Debug, Deserialize)]
    enum Currency {
        #[serde(rename = "USD")]
        Usd,
        #[serde(rename = "EUR")]
        Eur,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Image {
        uri: String,
        width: u32,
    }

    /// The path the locator finds, and the one a path-tracking deserializer reports.
    fn both_paths(text: &str) -> (String, String) {
        let plain = serde_json::from_str::<Item>(text).expect_err("the item is broken");
        let located = path_at(text, consumed_bytes(text, &plain));
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let tracked = serde_path_to_error::deserialize::<_, Item>(&mut deserializer)
            .expect_err("the item is broken");
        (located, tracked.path().to_string())
    }

    fn valid() -> Value {
        json!({
            "id": 7,
            "price": {"value": "9.99", "currency": "USD"},
            "images": [{"uri": "a", "width": 1}, {"uri": "b", "width": 2}],
            "tags": ["x", "y"],
            "shipping": {"value": "1.00", "currency": "EUR"},
        })
    }

    #[test]
    fn the_reference_decodes_the_valid_item() {
        // Every case below breaks this item, so it must decode whole first.
        serde_json::from_value::<Item>(valid()).unwrap();
    }

    #[test]
    fn names_the_field_the_reader_stopped_in() {
        let cases: [(&str, Value); 11] = [
            ("id", json!({"id": "seven"})),
            (
                "price.value",
                json!({"price": {"value": 9.99, "currency": "USD"}}),
            ),
            (
                "price.currency",
                json!({"price": {"value": "1", "currency": "GBP"}}),
            ),
            ("price", json!({"price": {"value": "1"}})),
            (
                "images[1].width",
                json!({"images": [{"uri": "a", "width": 1}, {"uri": "b", "width": -2}]}),
            ),
            ("images[0]", json!({"images": [{"width": 1}]})),
            (
                "images[2]",
                json!({"images": [{"uri": "a", "width": 1}, {"uri": "b", "width": 2}, 5]}),
            ),
            ("tags[1]", json!({"tags": ["x", 3]})),
            (
                "shipping.currency",
                json!({"shipping": {"value": "1", "currency": 1}}),
            ),
            ("odd \"key\"", json!({"odd \"key\"": 300})),
            ("images", json!({"images": {"uri": "a"}})),
        ];
        for (expected, change) in cases {
            let mut item = valid();
            for (key, value) in change.as_object().unwrap() {
                item[key] = value.clone();
            }
            for text in [
                item.to_string(),
                serde_json::to_string_pretty(&item).unwrap(),
            ] {
                let (located, tracked) = both_paths(&text);
                assert_eq!(
                    tracked, expected,
                    "the reference disagrees with the case: {text}"
                );
                assert_eq!(located, expected, "{text}");
            }
        }
    }

    #[test]
    fn a_missing_top_level_field_is_the_item_itself() {
        let mut item = valid();
        item.as_object_mut().unwrap().remove("id");
        assert_eq!(
            both_paths(&item.to_string()),
            (".".to_owned(), ".".to_owned())
        );
        assert_eq!(
            path_at("[1, 2", 99),
            "[1]",
            "a position past the end is the end"
        );
    }

    /// Places in the valid item, as JSON pointers, with a value of the wrong kind for each
    /// (`None`: the field is removed).
    fn breakable_leaves() -> Vec<(&'static str, Option<Value>)> {
        let removed = [
            ("/price/currency", None),
            ("/images/1/uri", None),
            ("/shipping/value", None),
        ];
        let wrong = [
            ("/id", json!(-1)),
            ("/id", json!(null)),
            ("/price/value", json!([1])),
            ("/price/currency", json!("XXX")),
            ("/images/0/uri", json!(false)),
            ("/images/1/width", json!("wide")),
            ("/images/1", json!({"uri": "b"})),
            ("/tags/0", json!({"a": 1})),
            ("/shipping/value", json!(1.5)),
            ("/shipping", json!("none")),
        ];
        wrong
            .into_iter()
            .map(|(pointer, value)| (pointer, Some(value)))
            .chain(removed)
            .collect()
    }

    proptest! {
        /// Whatever the layout (compact, pretty, spaces, escaped keys and text), the locator
        /// names the same field as a deserializer that tracks the path while reading.
        #[test]
        fn agrees_with_a_path_tracking_reader(
            leaf in 0..13usize,
            pretty: bool,
            extra_images in 0..4usize,
            text in "[a-z\"\\\\{}\\[\\],: ]{0,8}",
        ) {
            let mut item = valid();
            for n in 0..extra_images {
                item["images"].as_array_mut().unwrap().push(json!({"uri": text.clone(), "width": n}));
            }
            item["tags"].as_array_mut().unwrap().push(json!(text));
            let (pointer, wrong) = breakable_leaves().swap_remove(leaf);
            match wrong {
                Some(wrong) => *item.pointer_mut(pointer).unwrap() = wrong,
                None => {
                    let (parent, field) = pointer.rsplit_once('/').unwrap();
                    item.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(field);
                }
            }
            let text = if pretty { serde_json::to_string_pretty(&item).unwrap() } else { item.to_string() };
            let (located, tracked) = both_paths(&text);
            prop_assert_eq!(located, tracked, "{}", text);
        }
    }
}
