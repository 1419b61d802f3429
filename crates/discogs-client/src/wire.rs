//! Wire pieces several endpoints share: prices, users, the `pagination` object, `number or
//! "auto"`, sort directions and timestamps, each decoded exactly as Discogs writes it.
//!
//! Read tolerantly: an optional object Discogs sends as `{}` or `null` is "not given"
//! ([`object_option`]; real inventory pages carry `"shipping_price": {}`, field notes §1.8),
//! and an optional scalar or list sent as `null` is its default ([`or_default`]).

use inventory_model::serde_decimal::exact;
use inventory_model::{Currency, Decimal, Money};
use serde::{Deserialize, Serialize};

use client_core::open_enum;

open_enum! {
    /// The direction of a sort.
    pub enum SortOrder {
        /// Smallest, oldest or A first.
        Ascending => "asc",
        /// Largest, newest or Z first.
        Descending => "desc",
    }
}

/// An amount as Discogs writes it: `{"currency": "USD", "value": 149.99}`.
#[derive(Deserialize)]
struct PriceWire {
    currency: Currency,
    #[serde(with = "exact")]
    value: Decimal,
}

/// `#[serde(with = "crate::wire::price")]` (decoding only): a Discogs price object as
/// [`Money`], exactly.
pub(crate) mod price {
    use super::*;

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Money, D::Error> {
        let wire = PriceWire::deserialize(deserializer)?;
        Ok(Money::new(wire.value, wire.currency))
    }
}

/// Like [`price`], for a field that may be missing, `null` or `{}` (field notes §1.8: real
/// inventory pages send `"shipping_price": {}` when no shipping price applies).
pub(crate) mod price_option {
    use super::*;

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Money>, D::Error> {
        let wire = object_option::<D, PriceWire>(deserializer)?;
        Ok(wire.map(|wire| Money::new(wire.value, wire.currency)))
    }
}

// Optional objects that come as `{}` (`shipping_price` on live inventory pages, field notes
// §1.8) and lists that come as `null` read through client-core's lenient helpers; the wire
// types name them as `crate::wire::…`.
pub(crate) use client_core::lenient::{object_option, or_default};

/// An optional ISO 8601 timestamp with offset (`2014-07-01T10:20:17-07:00`), read by
/// client-core without copying it.
pub(crate) use client_core::timestamp::rfc3339_option as timestamp_option;

/// A price as the seller entered it, with Discogs' own currency number and display text
/// (`original_price`, `original_shipping_price`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct OriginalPrice {
    /// The currency code (`curr_abbr`).
    #[serde(rename = "curr_abbr")]
    pub currency: Currency,
    /// Discogs' internal currency number (`curr_id`).
    #[serde(rename = "curr_id", default)]
    pub currency_id: Option<u32>,
    /// The amount formatted for display, such as `$120.00`.
    #[serde(default)]
    pub formatted: Option<String>,
    /// The amount, exactly.
    #[serde(with = "exact")]
    pub value: Decimal,
}

impl OriginalPrice {
    /// The amount as [`Money`].
    #[must_use]
    pub fn money(&self) -> Money {
        Money::new(self.value, self.currency)
    }
}

/// A Discogs user as other resources refer to them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct UserRef {
    /// The user's numeric ID, when given.
    #[serde(default)]
    pub id: Option<u64>,
    /// The username.
    pub username: String,
    /// The user's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
    /// The user's avatar image.
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// The `pagination` object of a paginated answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Pagination {
    /// This page's number, from 1.
    pub page: u64,
    /// The number of pages.
    pub pages: u64,
    /// The page size asked for.
    pub per_page: u64,
    /// The number of items across all pages.
    pub items: u64,
    /// Links to neighbouring pages (`next`, `last`, …), when Discogs includes them (`{}` on a
    /// single page).
    #[serde(default, deserialize_with = "or_default")]
    pub urls: PageUrls,
}

/// The links inside [`Pagination`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PageUrls {
    /// The first page.
    pub first: Option<String>,
    /// The previous page.
    pub prev: Option<String>,
    /// The next page.
    pub next: Option<String>,
    /// The last page.
    pub last: Option<String>,
}

/// `number or "auto"`: the form of a listing's `weight` and `format_quantity`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberOrAuto {
    /// A number (grams for `weight`, items for `format_quantity`).
    Number(Decimal),
    /// `auto`: Discogs estimates the value.
    Auto,
    /// A string other than `auto`, kept as sent.
    Unknown(String),
}

impl Serialize for NumberOrAuto {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(value) => exact::serialize(value, serializer),
            Self::Auto => serializer.serialize_str("auto"),
            Self::Unknown(other) => serializer.serialize_str(other),
        }
    }
}

impl<'de> Deserialize<'de> for NumberOrAuto {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberOrAutoVisitor)
    }
}

/// Reads the value as it comes, without an intermediate `serde_json::Value`: text is `auto`,
/// a quoted number or kept as sent; a number is read exactly from its own digits.
struct NumberOrAutoVisitor;

impl<'de> serde::de::Visitor<'de> for NumberOrAutoVisitor {
    type Value = NumberOrAuto;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a number or \"auto\"")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<NumberOrAuto, E> {
        if text.eq_ignore_ascii_case("auto") {
            return Ok(NumberOrAuto::Auto);
        }
        Ok(match text.trim().parse::<Decimal>() {
            Ok(number) => NumberOrAuto::Number(number),
            Err(_) => NumberOrAuto::Unknown(text.to_owned()),
        })
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<NumberOrAuto, E> {
        Ok(NumberOrAuto::Number(Decimal::from(value)))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<NumberOrAuto, E> {
        Ok(NumberOrAuto::Number(Decimal::from(value)))
    }

    // serde_json (`arbitrary_precision`) hands a number over as a one-entry map of its text.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<NumberOrAuto, A::Error> {
        exact::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(NumberOrAuto::Number)
    }
}

impl From<Decimal> for NumberOrAuto {
    fn from(value: Decimal) -> Self {
        Self::Number(value)
    }
}

impl From<u32> for NumberOrAuto {
    fn from(value: u32) -> Self {
        Self::Number(Decimal::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_decode_exactly() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(with = "price")]
            price: Money,
        }
        let holder: Holder =
            serde_json::from_str(r#"{"price": {"currency": "USD", "value": 14.319139100000001}}"#)
                .unwrap();
        assert_eq!(holder.price.amount().to_string(), "14.319139100000001");
        assert_eq!(holder.price.currency(), Currency::Usd);
    }

    #[test]
    fn empty_and_null_objects_are_not_given_and_errors_keep_their_path() {
        // field notes §1.8: `"shipping_price": {}` when no shipping price applies.
        #[derive(Debug, Deserialize)]
        struct Holder {
            #[serde(default, with = "price_option")]
            shipping_price: Option<Money>,
            #[serde(default, deserialize_with = "object_option")]
            original: Option<OriginalPrice>,
            #[serde(default, deserialize_with = "or_default")]
            comments: String,
        }
        for text in [
            r#"{"shipping_price": {}, "original": {}, "comments": null}"#,
            r#"{"shipping_price": null, "original": null}"#,
            "{}",
        ] {
            let holder: Holder = serde_json::from_str(text).unwrap();
            assert_eq!(holder.shipping_price, None, "{text}");
            assert_eq!(holder.original, None, "{text}");
            assert_eq!(holder.comments, "", "{text}");
        }
        let given: Holder = serde_json::from_str(
            r#"{"shipping_price": {"value": 2.50, "currency": "USD"},
                "original": {"value": 2.5, "curr_id": 1, "curr_abbr": "USD"}}"#,
        )
        .unwrap();
        assert_eq!(given.shipping_price.unwrap().amount().to_string(), "2.50");
        assert_eq!(given.original.unwrap().currency_id, Some(1));

        let broken = r#"{"shipping_price": {"currency": "USD", "value": "free"}}"#;
        let mut deserializer = serde_json::Deserializer::from_str(broken);
        let error = serde_path_to_error::deserialize::<_, Holder>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "shipping_price.value");
        let half = r#"{"shipping_price": {"currency": "USD"}}"#;
        assert!(serde_json::from_str::<Holder>(half).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"shipping_price": "2.50"}"#).is_err());
    }

    #[test]
    fn number_or_auto() {
        let auto: NumberOrAuto = serde_json::from_str(r#""auto""#).unwrap();
        assert_eq!(auto, NumberOrAuto::Auto);
        let grams: NumberOrAuto = serde_json::from_str("230.5").unwrap();
        assert_eq!(grams, NumberOrAuto::Number(Decimal::new(2305, 1)));
        assert_eq!(serde_json::to_string(&grams).unwrap(), "230.5");
        assert_eq!(
            serde_json::to_string(&NumberOrAuto::Auto).unwrap(),
            r#""auto""#
        );
    }
}
