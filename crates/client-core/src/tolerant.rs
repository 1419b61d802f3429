//! Reading lists tolerantly: one malformed item fails alone, naming itself and the field at
//! fault, and never takes the page with it.
//!
//! A vendor page is decoded in one pass into its typed items; only when that fails is it read
//! again, item by item, to find which items do not fit. A well-formed page (nearly all of
//! them) therefore costs what it would cost without this safety.
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
        let mut deserializer = serde_json::Deserializer::from_str(item.get());
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(value) => items.push(value),
            Err(error) => {
                let path = error.path().to_string();
                failed.push(ItemError {
                    request: request.clone(),
                    index,
                    id: id_of(item.get(), id_key),
                    field: (path != ".").then_some(path),
                    reason: error.into_inner().to_string(),
                });
            }
        }
    }
    (items, failed)
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
