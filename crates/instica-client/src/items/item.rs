//! The item as the server describes it, with the summaries nested in it.

use inventory_model::Money;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::assets::Asset;
use crate::codes::{ConditionCode, ItemStatus};
use crate::dates;
use crate::ids::ItemUid;
use crate::ids::{ArtistUid, OrganizationUid, ProductUid, UserUid};
use crate::listings::PlatformListability;
use crate::money::usd_option;
use crate::reference::ItemType;
use client_core::lenient;

/// An inventory item: one sellable unit.
///
/// The list endpoint and the detail endpoint answer with this same shape; the detail adds
/// [`is_sold`](Item::is_sold) and [`platform_listability`](Item::platform_listability).
/// Money fields are exact USD amounts; `*_display` fields are kept as the server wrote them.
/// A nested object sent as `{}` or `null` (or not at all) is `None`, and a list sent as `null`
/// is empty: an item is never refused for either.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Item {
    /// The item's identifier.
    pub uid: ItemUid,
    /// The computed display title.
    #[serde(default)]
    pub title: Option<String>,
    /// The manual name, which overrides the computed title.
    #[serde(default)]
    pub name: Option<String>,
    /// The owning user.
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub user: Option<UserSummary>,
    /// The owning organization.
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub organization: Option<OrganizationSummary>,
    /// The product the item belongs to.
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub product: Option<ProductSummary>,
    /// The item's type.
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub inventory_item_type: Option<ItemType>,
    /// The item's condition grade.
    #[serde(default)]
    pub condition_item: Option<ConditionCode>,
    /// The item's condition, for people.
    #[serde(default)]
    pub condition_item_display: Option<String>,
    /// The container's (sleeve's) condition grade.
    #[serde(default)]
    pub condition_container: Option<ConditionCode>,
    /// The container's condition, for people.
    #[serde(default)]
    pub condition_container_display: Option<String>,
    /// Free-text condition notes.
    #[serde(default)]
    pub condition_comments: Option<String>,
    /// Seller-facing condition notes.
    #[serde(default)]
    pub condition_seller_description: Option<String>,
    /// The grade tier code.
    #[serde(default)]
    pub grade_tier_code: Option<String>,
    /// The grade tier, for people.
    #[serde(default)]
    pub grade_tier_label: Option<String>,
    /// The item's status.
    #[serde(default)]
    pub status: Option<ItemStatus>,
    /// The status, for people.
    #[serde(default)]
    pub status_display: Option<String>,
    /// The total listing price.
    #[serde(default, with = "usd_option")]
    pub price_total_usd: Option<Money>,
    /// The item-only price.
    #[serde(default, with = "usd_option")]
    pub price_item_usd: Option<Money>,
    /// The shipping price.
    #[serde(default, with = "usd_option")]
    pub price_shipping_usd: Option<Money>,
    /// The expected (target) price.
    #[serde(default, with = "usd_option")]
    pub price_expected_usd: Option<Money>,
    /// The cost basis.
    #[serde(default, with = "usd_option")]
    pub price_purchased_item: Option<Money>,
    /// The shipping paid when buying it.
    #[serde(default, with = "usd_option")]
    pub price_for_purchases_shipping: Option<Money>,
    /// The current marketplace listing price.
    #[serde(default, with = "usd_option")]
    pub listing_current_price: Option<Money>,
    /// The default pricing model.
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub default_pricing_model: Option<PricingModel>,
    /// The custom description.
    #[serde(default)]
    pub manual_description: Option<String>,
    /// The custom SKU.
    #[serde(default)]
    pub manual_sku: Option<String>,
    /// The best SKU the server could resolve.
    #[serde(default)]
    pub resolved_sku: Option<String>,
    /// Where [`resolved_sku`](Item::resolved_sku) came from.
    #[serde(default)]
    pub resolved_sku_source: Option<String>,
    /// Attached images and files.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub assets: Vec<Asset>,
    /// Days since receipt, purchase or creation (not money, so a float).
    #[serde(default)]
    pub days_in_inventory: Option<f64>,
    /// Days since first listed.
    #[serde(default)]
    pub days_listed: Option<f64>,
    /// When the item was first listed.
    #[serde(default, with = "dates::datetime_option")]
    pub listed_at: Option<OffsetDateTime>,
    /// Whether the item can be deleted (no active listings or orders).
    #[serde(default)]
    pub is_deletable: Option<bool>,
    /// When the item was created.
    #[serde(default, with = "dates::datetime_option")]
    pub created: Option<OffsetDateTime>,
    /// When the item was last changed.
    #[serde(default, with = "dates::datetime_option")]
    pub updated: Option<OffsetDateTime>,
    // The fields only the detail endpoint sends, after those of the documented schema.
    /// Whether the item has been sold (detail only).
    #[serde(default)]
    pub is_sold: Option<bool>,
    /// Per-platform listing eligibility with blocking reasons (detail only; empty in lists).
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub platform_listability: Vec<PlatformListability>,
}

/// The product an item belongs to, as summarised in items.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ProductSummary {
    /// The product's identifier.
    pub uid: ProductUid,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// Its kind (`physical`, …).
    #[serde(default, rename = "type")]
    pub product_type: Option<String>,
    /// The artist.
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub artist: Option<ArtistSummary>,
    /// The catalog number.
    #[serde(default)]
    pub catalog_number: Option<String>,
}

/// An artist, as summarised in products.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ArtistSummary {
    /// The artist's identifier.
    pub uid: ArtistUid,
    /// The artist's name.
    #[serde(default)]
    pub name: Option<String>,
}

/// The organization owning an item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OrganizationSummary {
    /// The organization's identifier.
    pub uid: OrganizationUid,
    /// Its name, for people.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its slug.
    #[serde(default)]
    pub slug: Option<String>,
    /// The barcode type it prints by default (`code128`, …).
    #[serde(default)]
    pub default_barcode_type: Option<String>,
}

/// The user owning an item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct UserSummary {
    /// The user's identifier.
    pub uid: UserUid,
    /// The username.
    #[serde(default)]
    pub username: Option<String>,
    /// The e-mail address.
    #[serde(default)]
    pub email: Option<String>,
}

/// An item's default pricing model.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PricingModel {
    /// The model's identifier.
    pub uid: String,
    /// Its type code.
    #[serde(default, rename = "type")]
    pub model_type: Option<String>,
    /// Its type, for people.
    #[serde(default)]
    pub type_display: Option<String>,
}
