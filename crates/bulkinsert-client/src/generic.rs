//! `GET /inventory/generic/{inventoryId}`: one item's inventory at every location, with its
//! reservations and allocations per sales channel.
//!
//! The live page names the fields without an example of every one (field notes §3), so the
//! answer is read tolerantly: every field is optional, `null` and `{}` mean "not given", lists
//! that are `null` read as empty, and numbers written as text are read too.

use client_core::{Request, Response, Route};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::client::BulkInsertClient;
use crate::error::BulkInsertError;
use crate::service_id::ServiceId;
use crate::site_context::ChannelId;

const GENERIC: &str = "/inventory/generic/{inventoryId}";

/// One item's inventory across locations (the answer of
/// [`BulkInsertClient::generic_inventory`]): `{itemId, sku, title, inlocations[…], _id,
/// createdAt, updatedAt}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GenericInventory {
    /// The inventory's id (`_id`).
    #[serde(default, rename = "_id")]
    pub id: Option<String>,
    /// The service's item id, as the service wrote it (a number or text).
    #[serde(default)]
    pub item_id: Option<ServiceId>,
    /// The seller's SKU.
    #[serde(default)]
    pub sku: Option<String>,
    /// The item's title.
    #[serde(default)]
    pub title: Option<String>,
    /// The item at each location (`inlocations`), in the service's order.
    #[serde(
        default,
        rename = "inlocations",
        deserialize_with = "crate::lenient::null_as_empty"
    )]
    pub locations: Vec<GenericLocation>,
    /// When the inventory was created.
    #[serde(default, with = "client_core::timestamp::rfc3339_option")]
    pub created_at: Option<OffsetDateTime>,
    /// When it last changed.
    #[serde(default, with = "client_core::timestamp::rfc3339_option")]
    pub updated_at: Option<OffsetDateTime>,
}

impl GenericInventory {
    /// The entry for the location with id `location_id` (compared as written: `"104"` is
    /// the location the service wrote as `104`), if there is one.
    #[must_use]
    pub fn at(&self, location_id: &str) -> Option<&GenericLocation> {
        self.locations.iter().find(|entry| {
            entry
                .location
                .as_ref()
                .and_then(|location| location.location_id.as_ref())
                .is_some_and(|id| *id == location_id)
        })
    }
}

/// The item at one location (an entry of `inlocations`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GenericLocation {
    /// The location (`location`); `None` when not given.
    #[serde(default, deserialize_with = "crate::lenient::empty_as_none")]
    pub location: Option<LocationDetails>,
    /// The stock there (`inStock`).
    #[serde(default, deserialize_with = "crate::lenient::integer")]
    pub in_stock: Option<i64>,
    /// Reservations and allocations per sales channel (`channel`).
    #[serde(
        default,
        rename = "channel",
        deserialize_with = "crate::lenient::null_as_empty"
    )]
    pub channels: Vec<ChannelStock>,
    /// The stock on its way there (`inTransit`), as the service writes it (the page does not
    /// give its entries' shape).
    #[serde(default, deserialize_with = "crate::lenient::null_as_empty")]
    pub in_transit: Vec<serde_json::Value>,
}

/// A location as the generic read describes it: its id, and whatever else the service says
/// of it, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LocationDetails {
    /// The location's id, as the service wrote it (a number or text).
    #[serde(default)]
    pub location_id: Option<ServiceId>,
    /// Every other field of the location, as written.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// The item's reservations and allocation on one sales channel at one location.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChannelStock {
    /// The sales channel (`channelId`).
    #[serde(default)]
    pub channel_id: Option<ChannelId>,
    /// Reserved on this channel (`quantityReserved`).
    #[serde(default, deserialize_with = "crate::lenient::integer")]
    pub quantity_reserved: Option<i64>,
    /// The allocation (`allocation`); `None` when not given.
    #[serde(default, deserialize_with = "crate::lenient::empty_as_none")]
    pub allocation: Option<Allocation>,
}

/// An allocation (`allocation{mou, unit}`). The page names the two fields without their
/// types, so both are kept as text, whether written as text or as numbers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Allocation {
    /// `mou`, as written.
    #[serde(default, deserialize_with = "crate::lenient::text_or_number")]
    pub mou: Option<String>,
    /// `unit`, as written.
    #[serde(default, deserialize_with = "crate::lenient::text_or_number")]
    pub unit: Option<String>,
}

impl BulkInsertClient {
    /// One item's inventory at every location (`GET /inventory/generic/{inventoryId}`, field
    /// notes §3). The id is percent-encoded as one path segment, so no character of it can
    /// change the route.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] naming `inventoryId` when it is empty, `.` or `..`
    /// (nothing is sent); the documented errors of [`bulk_insert`](Self::bulk_insert); and
    /// [`BulkInsertError::Engine`] for the rest, such as an answer that is not an inventory
    /// (not an object, or an object with none of `_id`, `itemId` and `sku`).
    pub async fn generic_inventory(
        &self,
        inventory_id: &str,
    ) -> Result<GenericInventory, BulkInsertError> {
        let route = Route::new(GENERIC)
            .with("inventoryId", inventory_id)?
            .finish()?;
        let request = self.with_site_context(Request::get(route))?;
        let response = self.engine.execute(request).await?;
        decode_generic_inventory(&response)
    }
}

/// The inventory in a 2xx answer to `GET /inventory/generic/{inventoryId}`.
pub(crate) fn decode_generic_inventory(
    response: &Response,
) -> Result<GenericInventory, BulkInsertError> {
    // An object, read field by field; an array or a scalar is no inventory (serde would
    // otherwise read `[]` as an inventory with every field absent).
    let object: serde_json::Map<String, serde_json::Value> = response.json()?;
    if !["_id", "itemId", "sku"]
        .iter()
        .any(|key| object.contains_key(*key))
    {
        return Err(response
            .decode_error("expected an inventory: the answer has no _id, itemId or sku")
            .into());
    }
    serde_json::from_value(serde_json::Value::Object(object)).map_err(|error| {
        response
            .decode_error(format!("JSON does not match the documented shape: {error}"))
            .into()
    })
}
