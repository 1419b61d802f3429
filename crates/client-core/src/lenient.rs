//! Field helpers for reading answers tolerantly: `{}`, `null` and absence of an optional
//! object all mean "not given", and `null` where a list or a map belongs means an empty one.
//!
//! Live APIs write an empty object where no value applies (Discogs does it for its shipping
//! prices), and Django REST framework serializers (Instica) write `null` for an absent nested
//! serializer; a decoder that only knew absence would fail a whole page over one such item.
//! Both helpers decode on the answer's own deserializer, so a nested field that truly does
//! not fit is still reported with its full path (`product.uid`).
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Price {
//!     value: String,
//! }
//!
//! #[derive(Deserialize)]
//! struct Listing {
//!     #[serde(default, deserialize_with = "client_core::lenient::object_option")]
//!     shipping_price: Option<Price>,
//!     #[serde(default, deserialize_with = "client_core::lenient::or_default")]
//!     images: Vec<String>,
//! }
//!
//! let listing: Listing = serde_json::from_str(r#"{"shipping_price": {}, "images": null}"#)?;
//! assert!(listing.shipping_price.is_none());
//! assert!(listing.images.is_empty());
//! let listing: Listing = serde_json::from_str(r#"{"shipping_price": {"value": "4.50"}}"#)?;
//! assert_eq!(listing.shipping_price.map(|price| price.value).as_deref(), Some("4.50"));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `#[serde(default, deserialize_with = "client_core::lenient::object_option")]` for an
/// optional nested object: absent (with `default`), `null` and `{}` are `None`; any other
/// object is decoded as `T` in full, errors keeping their path inside it.
///
/// # Errors
///
/// A value that is neither an object nor `null`, or an object that does not decode as `T`.
pub fn object_option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

/// `#[serde(default, deserialize_with = "client_core::lenient::or_default")]` for a list, map,
/// text or count that may come as `null`: `null` (and absence, with `default`) is the
/// type's default.
///
/// # Errors
///
/// A value other than `null` that does not decode as `T`.
pub fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object, `{}` or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        // The first key tells an empty object from a real one; it is then handed back to
        // `T` as if it had never been read, so `T` decodes from the same map.
        let Some(first) = map.next_key::<String>()? else {
            return Ok(None);
        };
        let replay = Replay {
            first: Some(first),
            map,
        };
        T::deserialize(MapAccessDeserializer::new(replay)).map(Some)
    }
}

/// A map whose first key was already read: yields it again, then the rest of the map.
struct Replay<M> {
    first: Option<String>,
    map: M,
}

impl<'de, M: MapAccess<'de>> MapAccess<'de> for Replay<M> {
    type Error = M::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.first.take() {
            Some(first) => {
                let key: StringDeserializer<M::Error> = first.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Summary {
        uid: String,
        #[serde(default)]
        title: Option<String>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "object_option")]
        product: Option<Summary>,
        #[serde(default, deserialize_with = "or_default")]
        assets: Vec<u32>,
    }

    /// Decodes one item the way a page's items are decoded when one does not fit.
    fn read(text: &str) -> Result<Holder, String> {
        let raw = vec![serde_json::value::RawValue::from_string(text.to_owned()).unwrap()];
        let request = crate::RequestSummary {
            method: crate::Method::GET,
            route: "/x/",
            path: "/x/".to_owned(),
        };
        let (mut items, failed) = crate::tolerant::decode_each::<Holder>(&raw, &request, "uid");
        match failed.first() {
            None => Ok(items.remove(0)),
            Some(error) => Err(format!(
                "{} at {}",
                error.reason,
                error.field.as_deref().unwrap_or(".")
            )),
        }
    }

    #[test]
    fn empty_null_and_absent_objects_are_not_given() {
        for text in [
            r#"{"product": {}}"#,
            r#"{"product": null}"#,
            r#"{}"#,
            r#"{"product": { }, "assets": null}"#,
        ] {
            assert_eq!(
                read(text).unwrap(),
                Holder {
                    product: None,
                    assets: Vec::new()
                },
                "{text}"
            );
        }
    }

    #[test]
    fn a_real_object_is_decoded_whatever_its_first_key() {
        let holder =
            read(r#"{"product": {"title": "Abbey Road", "uid": "prod_1"}, "assets": [1]}"#)
                .unwrap();
        assert_eq!(
            holder.product,
            Some(Summary {
                uid: "prod_1".into(),
                title: Some("Abbey Road".into())
            })
        );
        assert_eq!(holder.assets, [1]);
        let value: Holder =
            serde_json::from_value(serde_json::json!({"product": {"uid": "p"}})).unwrap();
        assert_eq!(value.product.unwrap().uid, "p");
    }

    #[test]
    fn what_does_not_fit_keeps_its_path() {
        let error = read(r#"{"product": {"title": "x", "uid": 7}}"#).unwrap_err();
        assert!(error.ends_with("at product.uid"), "{error}");
        let error = read(r#"{"product": {"title": "x"}}"#).unwrap_err();
        assert!(error.contains("missing field `uid`"), "{error}");
        assert!(error.ends_with("at product"), "{error}");
        let error = read(r#"{"product": "prod_1"}"#).unwrap_err();
        assert!(error.contains("an object, `{}` or null"), "{error}");
    }
}
