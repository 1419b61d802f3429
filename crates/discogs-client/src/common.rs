//! Wire pieces shared by several endpoints: prices, users, pagination and query rules.

use client_core::page::next_link;
use client_core::{HttpEngine, NextPage, Page, Request, Response};
use inventory_model::serde_decimal::exact;
use inventory_model::{Currency, Decimal, Money};
use serde::{Deserialize, Serialize};

use crate::error::DiscogsError;
use client_core::open_enum;

/// The most items Discogs returns on one page.
pub const MAX_PER_PAGE: u32 = 100;

/// The currencies Discogs accepts for `curr_abbr` and the fee calculator.
pub const MARKETPLACE_CURRENCIES: [Currency; 12] = [
    Currency::Usd,
    Currency::Gbp,
    Currency::Eur,
    Currency::Cad,
    Currency::Aud,
    Currency::Jpy,
    Currency::Chf,
    Currency::Mxn,
    Currency::Brl,
    Currency::Nzd,
    Currency::Sek,
    Currency::Zar,
];

/// Refuses a currency Discogs does not accept, naming the field.
pub(crate) fn check_currency(field: &str, currency: Currency) -> Result<(), DiscogsError> {
    if MARKETPLACE_CURRENCIES.contains(&currency) {
        Ok(())
    } else {
        Err(DiscogsError::invalid(
            field,
            format!(
                "`{currency}` is not a Discogs marketplace currency (one of USD, GBP, EUR, CAD, \
                 AUD, JPY, CHF, MXN, BRL, NZD, SEK, ZAR)"
            ),
        ))
    }
}

/// Refuses page numbers below 1 and page sizes outside 1..=100.
pub(crate) fn check_paging(page: Option<u64>, per_page: Option<u32>) -> Result<(), DiscogsError> {
    if page == Some(0) {
        return Err(DiscogsError::invalid("page", "pages are numbered from 1"));
    }
    if let Some(per_page) = per_page
        && (per_page == 0 || per_page > MAX_PER_PAGE)
    {
        return Err(DiscogsError::invalid(
            "per_page",
            format!("must be between 1 and {MAX_PER_PAGE}"),
        ));
    }
    Ok(())
}

/// Refuses a sort or filter value this crate does not know (`(is_known, spelling)`).
pub(crate) fn check_known(field: &str, value: Option<(bool, &str)>) -> Result<(), DiscogsError> {
    match value {
        Some((false, spelling)) => Err(DiscogsError::invalid(
            field,
            format!("`{spelling}` is not a value Discogs documents"),
        )),
        _ => Ok(()),
    }
}

/// A stream that yields one refusal and ends: what a stream of a refused request is.
pub(crate) fn refused_stream<T: Send + 'static>(
    error: DiscogsError,
) -> futures::stream::BoxStream<'static, Result<T, DiscogsError>> {
    use futures::StreamExt;
    futures::stream::once(futures::future::ready(Err(error))).boxed()
}

/// Refuses a price that is zero or negative.
pub(crate) fn check_price(field: &str, price: Decimal) -> Result<(), DiscogsError> {
    if price > Decimal::ZERO {
        Ok(())
    } else {
        Err(DiscogsError::invalid(
            field,
            format!("must be greater than zero, got {price}"),
        ))
    }
}

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

/// `#[serde(with = "crate::common::price")]` (decoding only): a Discogs price object as
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

/// Like [`price`], for a field that may be missing or `null`.
pub(crate) mod price_option {
    use super::*;

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Money>, D::Error> {
        let wire = Option::<PriceWire>::deserialize(deserializer)?;
        Ok(wire.map(|wire| Money::new(wire.value, wire.currency)))
    }
}

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
    /// Links to neighbouring pages (`next`, `last`, …), when Discogs includes them.
    #[serde(default)]
    pub urls: PageUrls,
}

/// The links inside [`Pagination`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PageUrls {
    /// The first page.
    #[serde(default)]
    pub first: Option<String>,
    /// The previous page.
    #[serde(default)]
    pub prev: Option<String>,
    /// The next page.
    #[serde(default)]
    pub next: Option<String>,
    /// The last page.
    #[serde(default)]
    pub last: Option<String>,
}

/// One page of any Discogs list: the `pagination` object beside the items, under whichever
/// key the endpoint uses (`listings`, `orders`, `messages`, or `items` for uploads and
/// exports).
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct PageBody<T> {
    #[serde(default)]
    pagination: Option<Pagination>,
    #[serde(
        default = "Vec::new",
        alias = "listings",
        alias = "orders",
        alias = "messages"
    )]
    items: Vec<T>,
}

/// Fetches one page of a Discogs list: the first one (`first_page`, or Discogs' default when
/// `None`), a later one by number, or the one a link of Discogs' points to. `request_for`
/// builds the request for a page number; `template` names the endpoint for a followed link.
pub(crate) async fn fetch_page<T: serde::de::DeserializeOwned>(
    engine: &HttpEngine,
    template: &'static str,
    next: Option<NextPage>,
    first_page: Option<u64>,
    request_for: impl FnOnce(Option<u64>) -> Result<Request, DiscogsError>,
) -> PageResult<T> {
    let request = match next {
        None => request_for(first_page)?,
        Some(NextPage::Number(number)) => request_for(Some(number))?,
        Some(NextPage::Url(url)) => Request::get_url(template, url),
        Some(other) => {
            return Err(DiscogsError::invalid(
                "page",
                format!("Discogs pages by number or link, not {other:?}"),
            ));
        }
    };
    let response = engine.execute(request).await?;
    let body: PageBody<T> = response.json()?;
    Ok(page_from(
        &response,
        engine.base_url(),
        body.pagination.as_ref(),
        body.items,
    ))
}

/// Builds a [`Page`] from Discogs' `pagination` object and `Link` header. The `Link` header's
/// `next` wins, then `pagination.urls.next`, then the page number after this one when
/// `pagination` says there are more pages.
fn page_from<T>(
    response: &Response,
    base: &url::Url,
    pagination: Option<&Pagination>,
    items: Vec<T>,
) -> Page<T> {
    let mut page = Page::of(items);
    page.next = next_link(response.headers(), base).map(NextPage::Url);
    if let Some(pagination) = pagination {
        page.next = page
            .next
            .or_else(|| {
                pagination
                    .urls
                    .next
                    .as_deref()
                    .and_then(|next| base.join(next).ok())
                    .map(NextPage::Url)
            })
            .or_else(|| {
                (pagination.page < pagination.pages).then(|| NextPage::Number(pagination.page + 1))
            });
        page.page = Some(pagination.page);
        page.pages = Some(pagination.pages);
        page.total = Some(pagination.items);
    }
    page
}

/// `#[serde(deserialize_with = …)]` helper: an optional ISO 8601 timestamp with offset.
pub(crate) mod timestamp_option {
    use time::OffsetDateTime;

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        time::serde::rfc3339::option::deserialize(deserializer)
    }
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
        let value = serde_json::Value::deserialize(deserializer)?;
        match value {
            serde_json::Value::String(text) if text.eq_ignore_ascii_case("auto") => Ok(Self::Auto),
            serde_json::Value::String(text) => match text.trim().parse::<Decimal>() {
                Ok(number) => Ok(Self::Number(number)),
                Err(_) => Ok(Self::Unknown(text)),
            },
            other => exact::deserialize(other)
                .map(Self::Number)
                .map_err(serde::de::Error::custom),
        }
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

/// Wraps a page fetch so that stream closures can own what they need.
pub(crate) type PageResult<T> = Result<Page<T>, DiscogsError>;

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

    #[test]
    fn paging_rules() {
        assert!(check_paging(Some(1), Some(100)).is_ok());
        assert!(check_paging(Some(0), None).is_err());
        assert!(check_paging(None, Some(101)).is_err());
        assert!(check_paging(None, Some(0)).is_err());
    }
}
