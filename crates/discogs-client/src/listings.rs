//! Marketplace listings: view, create, edit and delete.
//!
//! ```
//! use discogs_client::{ListingDetails, ListingStatus, MediaCondition, SleeveCondition};
//! use inventory_model::Decimal;
//!
//! let details = ListingDetails::new(1, MediaCondition::NearMint, Decimal::new(1000, 2))
//!     .sleeve_condition(SleeveCondition::Generic)
//!     .status(ListingStatus::Draft)
//!     .comments("Plays through cleanly");
//! assert_eq!(details.release_id(), 1);
//! ```

use client_core::{Request, Route};
use inventory_model::serde_decimal::exact;
use inventory_model::{Currency, Decimal, Money};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::client::DiscogsClient;
use crate::condition::{MediaCondition, SleeveCondition};
use crate::error::DiscogsError;
use crate::listing_fields::{ListingFields, listing_field_setters};
use crate::rules::{check_currency, check_decimals, check_media, check_price, check_sleeve};
use crate::wire::{self, NumberOrAuto, OriginalPrice};
use client_core::open_enum;

open_enum! {
    /// The status of a listing.
    pub enum ListingStatus {
        /// `For Sale`: shown on the Marketplace.
        ForSale => "For Sale",
        /// `Draft`: not ready for public display.
        Draft => "Draft",
        /// `Expired`.
        Expired => "Expired",
        /// `Sold`.
        Sold => "Sold",
        /// `Deleted`.
        Deleted => "Deleted",
        /// `Suspended`.
        Suspended => "Suspended",
        /// `Violation`.
        Violation => "Violation",
    }
}

impl ListingStatus {
    /// Whether Discogs lets a listing in this status be edited (For Sale, Draft, Expired);
    /// others can only be deleted.
    #[must_use]
    pub fn is_editable(&self) -> bool {
        matches!(self, Self::ForSale | Self::Draft | Self::Expired)
    }

    /// Whether a created or edited listing may be given this status (For Sale or Draft).
    #[must_use]
    pub fn is_settable(&self) -> bool {
        matches!(self, Self::ForSale | Self::Draft)
    }
}

/// A listing on the Discogs Marketplace.
///
/// The fields `weight`, `format_quantity`, `external_id`, `location` and `quantity` are only
/// present when the client is authenticated as the listing's owner; `in_cart` only when it is
/// authenticated at all. Missing, `null` and (for the price objects) `{}` all decode as `None`,
/// as the live service sends them (field notes §1.8); a listing whose required `price`,
/// `condition`, `seller` or `release` does not fit fails alone in a page (see
/// [`Page::failed`](client_core::Page::failed)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Listing {
    /// The listing ID.
    pub id: u64,
    /// The status.
    pub status: ListingStatus,
    /// The price, in the currency asked for (or the viewer's).
    #[serde(with = "wire::price")]
    pub price: Money,
    /// The price as the seller set it.
    #[serde(default, deserialize_with = "wire::object_option")]
    pub original_price: Option<OriginalPrice>,
    /// The shipping price, when Discogs gives one (`None` for `{}`, which real inventory pages
    /// send when no shipping price applies).
    #[serde(default, with = "wire::price_option")]
    pub shipping_price: Option<Money>,
    /// The shipping price as the seller set it (`None` for `{}`, as for `shipping_price`).
    #[serde(default, deserialize_with = "wire::object_option")]
    pub original_shipping_price: Option<OriginalPrice>,
    /// Whether buyers may make offers.
    #[serde(default, deserialize_with = "wire::or_default")]
    pub allow_offers: bool,
    /// The condition of the record.
    pub condition: MediaCondition,
    /// The condition of the sleeve.
    #[serde(default)]
    pub sleeve_condition: Option<SleeveCondition>,
    /// When the listing was posted.
    #[serde(default, with = "wire::timestamp_option")]
    pub posted: Option<OffsetDateTime>,
    /// The country the item ships from.
    #[serde(default)]
    pub ships_from: Option<String>,
    /// The listing's web page.
    #[serde(default)]
    pub uri: Option<String>,
    /// The seller's remarks shown to buyers.
    #[serde(default, deserialize_with = "wire::or_default")]
    pub comments: String,
    /// The seller.
    pub seller: Seller,
    /// The release on offer.
    pub release: ListingRelease,
    /// The listing's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
    /// Whether the listing has audio.
    #[serde(default, deserialize_with = "wire::or_default")]
    pub audio: bool,
    /// Whether Discogs blocks shipping this item to the viewer (seen `true` on other sellers'
    /// inventories).
    #[serde(default, deserialize_with = "wire::or_default")]
    pub shipping_is_blocked: bool,
    /// Weight in grams, or `auto` (owner only).
    #[serde(default)]
    pub weight: Option<NumberOrAuto>,
    /// How many items the listing counts as for shipping, or `auto` (owner only).
    #[serde(default)]
    pub format_quantity: Option<NumberOrAuto>,
    /// The seller's private reference (owner only).
    #[serde(default)]
    pub external_id: Option<String>,
    /// Where the item is stored (owner only).
    #[serde(default)]
    pub location: Option<String>,
    /// How many items are on offer (owner only; always 1 for some sellers).
    #[serde(default)]
    pub quantity: Option<u32>,
    /// Whether the item is in the authenticated user's cart.
    #[serde(default)]
    pub in_cart: Option<bool>,
}

/// The seller of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Seller {
    /// The seller's user ID.
    #[serde(default)]
    pub id: Option<u64>,
    /// The seller's username.
    pub username: String,
    /// The seller's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
    /// The seller's profile address.
    #[serde(default)]
    pub url: Option<String>,
    /// The seller's avatar image.
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// The seller's shipping terms.
    #[serde(default)]
    pub shipping: Option<String>,
    /// The payment methods the seller accepts.
    #[serde(default)]
    pub payment: Option<String>,
    /// The seller's ratings.
    #[serde(default, deserialize_with = "wire::object_option")]
    pub stats: Option<SellerStats>,
}

/// A seller's ratings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SellerStats {
    /// The rating in percent, as Discogs writes it (`"100"`).
    #[serde(default)]
    pub rating: Option<String>,
    /// The star rating.
    #[serde(default, with = "inventory_model::serde_decimal::exact_option")]
    pub stars: Option<Decimal>,
    /// The number of ratings.
    #[serde(default)]
    pub total: Option<u64>,
}

/// The release a listing offers, as summarised in the listing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ListingRelease {
    /// The release ID.
    pub id: u64,
    /// Artist, title and format in one line.
    #[serde(default)]
    pub description: Option<String>,
    /// The catalog number(s).
    #[serde(default)]
    pub catalog_number: Option<String>,
    /// The year of release.
    #[serde(default)]
    pub year: Option<i32>,
    /// The artist.
    #[serde(default)]
    pub artist: Option<String>,
    /// The title.
    #[serde(default)]
    pub title: Option<String>,
    /// The format.
    #[serde(default)]
    pub format: Option<String>,
    /// A thumbnail image.
    #[serde(default)]
    pub thumbnail: Option<String>,
    /// The release's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
}

/// What Discogs answers when a listing is created.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CreatedListing {
    /// The new listing's ID.
    pub listing_id: u64,
    /// The new listing's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
}

/// Everything a new or edited listing says. Discogs requires the release, condition, price and
/// status on every edit too, so an edit sends a complete description (the values are absolute).
///
/// The price is in the seller's currency; Discogs takes a bare number. Say which currency that
/// is with [`currency`](Self::currency) and the price is refused before sending when it has
/// more decimals than the currency allows (JPY 1200.5, USD 12.345); without it, at most 2
/// decimals are sent (the most any Discogs marketplace currency allows), since the seller's
/// currency is not known here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListingDetails {
    release_id: u64,
    condition: MediaCondition,
    #[serde(with = "exact")]
    price: Decimal,
    /// Not sent: Discogs reads the price in the seller's currency.
    #[serde(skip)]
    currency: Option<Currency>,
    status: ListingStatus,
    #[serde(flatten)]
    fields: ListingFields<NumberOrAuto>,
}

impl ListingDetails {
    /// A listing of `release_id` in `condition` at `price` (seller's currency), For Sale.
    #[must_use]
    pub fn new(release_id: u64, condition: impl Into<MediaCondition>, price: Decimal) -> Self {
        Self {
            release_id,
            condition: condition.into(),
            price,
            currency: None,
            status: ListingStatus::ForSale,
            fields: ListingFields::default(),
        }
    }

    /// The details of an existing listing, ready to change and send back as an edit, priced
    /// as the seller set it (`original_price` and its currency, else `price`).
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] when the listing's status is not For Sale, Draft or
    /// Expired: Discogs only lets those be edited (a Sold listing must be listed anew).
    pub fn from_listing(listing: &Listing) -> Result<Self, DiscogsError> {
        if !listing.status.is_editable() {
            return Err(DiscogsError::invalid(
                "status",
                format!(
                    "listing {} is `{}`; only For Sale, Draft and Expired listings can be edited",
                    listing.id, listing.status
                ),
            ));
        }
        let price = listing
            .original_price
            .as_ref()
            .map_or(listing.price, OriginalPrice::money);
        Ok(Self {
            release_id: listing.release.id,
            condition: listing.condition.clone(),
            price: price.amount(),
            currency: Some(price.currency()),
            // An Expired listing is put back on sale by editing it.
            status: if listing.status == ListingStatus::Draft {
                ListingStatus::Draft
            } else {
                ListingStatus::ForSale
            },
            fields: ListingFields {
                sleeve_condition: listing.sleeve_condition.clone(),
                comments: Some(listing.comments.clone()),
                offers: Some(listing.allow_offers),
                external_id: listing.external_id.clone(),
                location: listing.location.clone(),
                weight: listing.weight.clone(),
                format_quantity: listing.format_quantity.clone(),
            },
        })
    }

    /// The release on offer.
    #[must_use]
    pub fn release_id(&self) -> u64 {
        self.release_id
    }

    /// The price in the seller's currency.
    #[must_use]
    pub fn price_value(&self) -> Decimal {
        self.price
    }

    /// The currency the price is in, when said ([`currency`](Self::currency)).
    #[must_use]
    pub fn currency_value(&self) -> Option<Currency> {
        self.currency
    }

    /// The status the listing will have.
    #[must_use]
    pub fn status_value(&self) -> &ListingStatus {
        &self.status
    }

    /// The optional fields as set so far.
    #[must_use]
    pub fn fields(&self) -> &ListingFields<NumberOrAuto> {
        &self.fields
    }

    /// Sets the condition of the record.
    #[must_use]
    pub fn condition(mut self, condition: impl Into<MediaCondition>) -> Self {
        self.condition = condition.into();
        self
    }

    /// Sets the price, in the seller's currency.
    #[must_use]
    pub fn price(mut self, price: Decimal) -> Self {
        self.price = price;
        self
    }

    /// Says which currency the price is in: the seller's currency (Discogs takes a bare
    /// number, so this is not sent). The price is then checked against the currency's minor
    /// units before sending; the currency must be a Discogs marketplace currency.
    #[must_use]
    pub fn currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// Sets the status: For Sale (the default) or Draft.
    #[must_use]
    pub fn status(mut self, status: ListingStatus) -> Self {
        self.status = status;
        self
    }

    listing_field_setters!(offers: allow_offers, count: impl Into<NumberOrAuto>);

    /// Refuses what Discogs documents it will refuse, and a price more precise than its
    /// currency (or, the currency unknown, than 2 decimals).
    pub(crate) fn check(&self) -> Result<(), DiscogsError> {
        check_media("condition", &self.condition)?;
        check_sleeve("sleeve_condition", self.fields.sleeve())?;
        check_price("price", self.price)?;
        if let Some(currency) = self.currency {
            check_currency("currency", currency)?;
        }
        check_decimals("price", self.price, self.currency)?;
        if !self.status.is_settable() {
            return Err(DiscogsError::invalid(
                "status",
                format!(
                    "a new or edited listing must be For Sale or Draft, not `{}`",
                    self.status
                ),
            ));
        }
        for (field, value) in [
            ("weight", &self.fields.weight),
            ("format_quantity", &self.fields.format_quantity),
        ] {
            match value {
                Some(NumberOrAuto::Number(number)) if number.is_sign_negative() => {
                    return Err(DiscogsError::invalid(field, "must not be negative"));
                }
                Some(NumberOrAuto::Unknown(text)) => {
                    return Err(DiscogsError::invalid(
                        field,
                        format!("must be a number or `auto`, not `{text}`"),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The listings endpoints; get it with [`DiscogsClient::listings`].
#[derive(Debug, Clone, Copy)]
pub struct Listings<'a> {
    client: &'a DiscogsClient,
}

fn listing_route(listing_id: u64) -> Result<Route, DiscogsError> {
    Ok(Route::new("/marketplace/listings/{listing_id}")
        .with("listing_id", &listing_id.to_string())?
        .finish()?)
}

impl DiscogsClient {
    /// The listings endpoints.
    #[must_use]
    pub fn listings(&self) -> Listings<'_> {
        Listings { client: self }
    }
}

impl Listings<'_> {
    /// `GET /marketplace/listings/{listing_id}`: one listing, priced in the viewer's currency.
    ///
    /// # Errors
    ///
    /// [`NotFound`](crate::DiscogsErrorKind::NotFound) when there is no such listing; see
    /// [`DiscogsError`].
    pub async fn get(&self, listing_id: u64) -> Result<Listing, DiscogsError> {
        let request = Request::get(listing_route(listing_id)?);
        Ok(self.client.engine.execute(request).await?.json()?)
    }

    /// `GET /marketplace/listings/{listing_id}?curr_abbr=…`: one listing priced in `currency`.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) when `currency` is not one Discogs
    /// accepts; [`NotFound`](crate::DiscogsErrorKind::NotFound) when there is no such listing.
    pub async fn get_in_currency(
        &self,
        listing_id: u64,
        currency: Currency,
    ) -> Result<Listing, DiscogsError> {
        check_currency("curr_abbr", currency)?;
        let request = Request::get(listing_route(listing_id)?).query("curr_abbr", currency);
        Ok(self.client.engine.execute(request).await?.json()?)
    }

    /// `POST /marketplace/listings/{listing_id}`: replaces a listing's details (204 No
    /// Content). Only For Sale, Draft and Expired listings can be edited; use
    /// [`ListingDetails::from_listing`] to start from the current values.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for an unknown condition, a price that is
    /// not positive or has more decimals than its currency allows (see
    /// [`ListingDetails::currency`]), or a status other than For Sale or Draft;
    /// [`Forbidden`](crate::DiscogsErrorKind::Forbidden) when the listing is someone else's;
    /// [`NotFound`](crate::DiscogsErrorKind::NotFound).
    pub async fn edit(
        &self,
        listing_id: u64,
        details: &ListingDetails,
    ) -> Result<(), DiscogsError> {
        details.check()?;
        self.send_edit(Request::post(listing_route(listing_id)?), details)
            .await
    }

    /// `POST /marketplace/listings/{listing_id}?curr_abbr=…`: [`edit`](Self::edit) with the
    /// `curr_abbr` parameter that Discogs' URI template for the edit shows
    /// (`/marketplace/listings/{listing_id}{?curr_abbr}`) without describing it. What it changes
    /// on an edit is unverified; the price is checked against `currency`'s minor units as well
    /// as against the details' own [`currency`](ListingDetails::currency), so it fits whichever
    /// Discogs reads it in.
    ///
    /// # Errors
    ///
    /// As for [`edit`](Self::edit); [`DiscogsError::InvalidInput`] (nothing sent) when
    /// `currency` is not a Discogs marketplace currency (`curr_abbr`) or the price has more
    /// decimals than it allows (`price`).
    pub async fn edit_in_currency(
        &self,
        listing_id: u64,
        details: &ListingDetails,
        currency: Currency,
    ) -> Result<(), DiscogsError> {
        details.check()?;
        check_currency("curr_abbr", currency)?;
        check_decimals("price", details.price, Some(currency))?;
        let request = Request::post(listing_route(listing_id)?).query("curr_abbr", currency);
        self.send_edit(request, details).await
    }

    async fn send_edit(
        &self,
        request: Request,
        details: &ListingDetails,
    ) -> Result<(), DiscogsError> {
        // An edit sends every value in full (absolute, not relative), so sending it twice
        // leaves the listing as sending it once: safe to retry.
        let request = request.json(details)?.idempotent();
        self.client.engine.execute(request).await?;
        Ok(())
    }

    /// `DELETE /marketplace/listings/{listing_id}`: removes a listing for good (204).
    ///
    /// # Errors
    ///
    /// [`NotFound`](crate::DiscogsErrorKind::NotFound) when there is no such listing (also when
    /// a retried delete finds it already gone); [`Forbidden`](crate::DiscogsErrorKind::Forbidden)
    /// when it is someone else's.
    pub async fn delete(&self, listing_id: u64) -> Result<(), DiscogsError> {
        let request = Request::delete(listing_route(listing_id)?);
        self.client.engine.execute(request).await?;
        Ok(())
    }

    /// `DELETE /marketplace/listings/{listing_id}?curr_abbr=…`: [`delete`](Self::delete) with
    /// the `curr_abbr` parameter Discogs' URI template for the delete shows
    /// (`/marketplace/listings/{listing_id}{?curr_abbr}`); the page says nothing of what it
    /// changes, and the listing is removed either way.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) when `currency` is not a Discogs
    /// marketplace currency; otherwise as for [`delete`](Self::delete).
    pub async fn delete_in_currency(
        &self,
        listing_id: u64,
        currency: Currency,
    ) -> Result<(), DiscogsError> {
        check_currency("curr_abbr", currency)?;
        let request = Request::delete(listing_route(listing_id)?).query("curr_abbr", currency);
        self.client.engine.execute(request).await?;
        Ok(())
    }

    /// `POST /marketplace/listings`: lists an item in the authenticated user's inventory (201).
    ///
    /// Never retried once Discogs may have seen it: a second attempt could list the record
    /// twice.
    ///
    /// # Errors
    ///
    /// As for [`Listings::edit`]; [`Forbidden`](crate::DiscogsErrorKind::Forbidden) when the
    /// user may not sell.
    pub async fn create(&self, details: &ListingDetails) -> Result<CreatedListing, DiscogsError> {
        details.check()?;
        let route = Route::new("/marketplace/listings").finish()?;
        let request = Request::post(route).json(details)?.non_idempotent();
        Ok(self.client.engine.execute(request).await?.json()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert!(ListingStatus::Expired.is_editable());
        assert!(!ListingStatus::Sold.is_editable());
        assert!(!ListingStatus::Expired.is_settable());
        assert_eq!(
            ListingStatus::from_wire("On Hold"),
            ListingStatus::Unknown("On Hold".into())
        );
        assert_eq!(ListingStatus::KNOWN.len(), 7);
    }

    #[test]
    fn details_serialize_exact_numbers_and_spellings() {
        let details = ListingDetails::new(1, MediaCondition::VeryGoodPlus, Decimal::new(1050, 2))
            .sleeve_condition(SleeveCondition::NotGraded)
            .weight(NumberOrAuto::Auto)
            .format_quantity(2u32);
        let json = serde_json::to_string(&details).unwrap();
        assert_eq!(
            json,
            r#"{"release_id":1,"condition":"Very Good Plus (VG+)","price":10.50,"status":"For Sale","sleeve_condition":"Not Graded","weight":"auto","format_quantity":2}"#
        );
    }
}
