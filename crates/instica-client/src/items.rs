//! Inventory items: list, create, detail, update, delete.

use client_core::{Page, Request};
use futures::stream::BoxStream;
use inventory_model::Money;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::assets::Asset;
use crate::client::{InsticaClient, dates, route};
use crate::codes::{ConditionCode, ItemStatus};
use crate::error::InsticaError;
use crate::ids::{ArtistUid, ItemTypeUid, ItemUid, OrganizationUid, ProductUid, UserUid};
use crate::listings::PlatformListability;
use crate::money::{self, PURCHASE_PRICE, usd_option};
use crate::reference::ItemType;

/// The largest page the list endpoint serves.
pub const MAX_PAGE_SIZE: u32 = 100;

/// An inventory item: one sellable unit.
///
/// The list endpoint and the detail endpoint answer with this same shape; the detail adds
/// [`is_sold`](Item::is_sold) and [`platform_listability`](Item::platform_listability).
/// Money fields are exact USD amounts; `*_display` fields are kept as the server wrote them.
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
    #[serde(default)]
    pub user: Option<UserSummary>,
    /// The owning organization.
    #[serde(default)]
    pub organization: Option<OrganizationSummary>,
    /// The product the item belongs to.
    #[serde(default)]
    pub product: Option<ProductSummary>,
    /// The item's type.
    #[serde(default)]
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
    #[serde(default)]
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
    #[serde(default)]
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
    /// Whether the item has been sold (detail only).
    #[serde(default)]
    pub is_sold: Option<bool>,
    /// Per-platform listing eligibility with blocking reasons (detail only; empty in lists).
    #[serde(default)]
    pub platform_listability: Vec<PlatformListability>,
    /// When the item was created.
    #[serde(default, with = "dates::datetime_option")]
    pub created: Option<OffsetDateTime>,
    /// When the item was last changed.
    #[serde(default, with = "dates::datetime_option")]
    pub updated: Option<OffsetDateTime>,
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
    #[serde(default)]
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

/// The writable fields of an item, for [`Items::create`] and [`ItemHandle::update`].
///
/// Only the fields that were set are sent. Money must be in USD; `price_purchased_item` may
/// have at most 7 digits, 2 of them decimals. These are checked before anything is sent.
///
/// ```
/// use instica_client::{ConditionCode, ItemFields, ItemStatus, ProductUid};
/// use inventory_model::{Grade, Money};
///
/// let linked = ItemFields::new()
///     .product_uid(ProductUid::new("prod_a1b2c3"))
///     .condition_item(Grade::VeryGoodPlus)
///     .condition_container(ConditionCode::VeryGood)
///     .price_total("$34.99".parse::<Money>()?)
///     .status(ItemStatus::ReadyToSell);
///
/// let with_new_product = ItemFields::new()
///     .product_title("Abbey Road")
///     .name("Abbey Road LP - VG+")
///     .product_catalog_number("PCS 7088")
///     .product_year("1969");
/// # let _ = (linked, with_new_product);
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemFields {
    text: Vec<(&'static str, String)>,
    flags: Vec<(&'static str, bool)>,
    prices: Vec<(&'static str, Money)>,
    product_metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

macro_rules! text_setters {
    ($($(#[$meta:meta])* $method:ident => $field:literal,)+) => {
        $(
            $(#[$meta])*
            pub fn $method(self, value: impl Into<String>) -> Self {
                self.with_text($field, value.into())
            }
        )+
    };
}

macro_rules! price_setters {
    ($($(#[$meta:meta])* $method:ident => $field:literal,)+) => {
        $(
            $(#[$meta])*
            pub fn $method(mut self, price: Money) -> Self {
                self.prices.retain(|(name, _)| *name != $field);
                self.prices.push(($field, price));
                self
            }
        )+
    };
}

impl ItemFields {
    /// No fields set.
    pub fn new() -> Self {
        Self::default()
    }

    fn with_text(mut self, field: &'static str, value: String) -> Self {
        self.text.retain(|(name, _)| *name != field);
        self.text.push((field, value));
        self
    }

    fn text_value(&self, field: &str) -> Option<&str> {
        self.text
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.as_str())
    }

    /// Links the item to an existing product.
    pub fn product_uid(self, product: ProductUid) -> Self {
        self.with_text("product_uid", product.into_string())
    }

    /// Sets the item's condition grade (a [`ConditionCode`] or a model
    /// [`Grade`](inventory_model::Grade)).
    pub fn condition_item(self, condition: impl Into<ConditionCode>) -> Self {
        self.with_text("condition_item", condition.into().as_str().to_owned())
    }

    /// Sets the container's condition grade (by default it mirrors the item's).
    pub fn condition_container(self, condition: impl Into<ConditionCode>) -> Self {
        self.with_text("condition_container", condition.into().as_str().to_owned())
    }

    /// Whether the container condition was set by hand, which stops it mirroring the item's.
    pub fn condition_container_manually_set(mut self, manually_set: bool) -> Self {
        self.flags
            .retain(|(name, _)| *name != "condition_container_manually_set");
        self.flags
            .push(("condition_container_manually_set", manually_set));
        self
    }

    /// Sets the status (the server's default for new items is `draft`).
    pub fn status(self, status: ItemStatus) -> Self {
        self.with_text("status", status.as_str().to_owned())
    }

    /// Sets the item type (write-only).
    pub fn inventory_item_type_uid(self, item_type: ItemTypeUid) -> Self {
        self.with_text("inventory_item_type_uid", item_type.into_string())
    }

    /// Sets the metadata of an auto-created product; it must include an `external_id` key
    /// (write-only).
    pub fn product_metadata(
        mut self,
        metadata: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        self.product_metadata = Some(metadata);
        self
    }

    text_setters! {
        /// Auto-creates a product with this title (when no product UID is given).
        product_title => "product_title",
        /// Sets the manual name; required when no product UID is given.
        name => "name",
        /// Sets free-text condition notes.
        condition_comments => "condition_comments",
        /// Sets the custom description.
        manual_description => "manual_description",
        /// Sets the custom SKU.
        manual_sku => "manual_sku",
        /// Sets seller-facing condition notes.
        condition_seller_description => "condition_seller_description",
        /// Sets the catalog number of an auto-created product (write-only).
        product_catalog_number => "product_catalog_number",
        /// Sets the SKU of an auto-created product (write-only).
        product_sku => "product_sku",
        /// Sets the UPC of an auto-created product (write-only).
        product_upc => "product_upc",
        /// Sets the release year of an auto-created product, such as `1969` (write-only).
        product_year => "product_year",
    }

    price_setters! {
        /// Sets the total listing price (USD).
        price_total => "price_total_usd",
        /// Sets the item-only price (USD).
        price_item => "price_item_usd",
        /// Sets the shipping price (USD).
        price_shipping => "price_shipping_usd",
        /// Sets the expected (target) price (USD).
        price_expected => "price_expected_usd",
        /// Sets the cost basis (USD, at most 7 digits with 2 decimals).
        price_purchased_item => "price_purchased_item",
        /// Sets the shipping paid when buying (USD).
        price_for_purchases_shipping => "price_for_purchases_shipping",
        /// Sets the current marketplace listing price (USD).
        listing_current_price => "listing_current_price",
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
            && self.flags.is_empty()
            && self.prices.is_empty()
            && self.product_metadata.is_none()
    }

    /// Checks the fields and writes the JSON body.
    pub(crate) fn to_body(&self) -> Result<serde_json::Value, InsticaError> {
        let mut body = serde_json::Map::new();
        for (field, value) in &self.text {
            body.insert((*field).to_owned(), value.clone().into());
        }
        for (field, value) in &self.flags {
            body.insert((*field).to_owned(), (*value).into());
        }
        for (field, price) in &self.prices {
            let limit = (*field == "price_purchased_item").then_some(PURCHASE_PRICE);
            let text = money::usd_text(field, price, limit)?;
            body.insert((*field).to_owned(), text.into());
        }
        if let Some(metadata) = &self.product_metadata {
            if !metadata.contains_key("external_id") {
                return Err(InsticaError::invalid(
                    "product_metadata",
                    "must include an `external_id` key",
                ));
            }
            body.insert(
                "product_metadata".to_owned(),
                serde_json::Value::Object(metadata.clone()),
            );
        }
        Ok(serde_json::Value::Object(body))
    }
}

/// The sort order of an item list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemOrderField {
    /// Date created (the server's default, newest first).
    Created,
    /// Date last modified.
    Updated,
    /// Alphabetical by name.
    Name,
    /// Alphabetical by name (the server's alias of `name`).
    Title,
    /// By total price.
    PriceTotalUsd,
    /// By status code.
    Status,
    /// By condition grade.
    ConditionItem,
    /// By SKU.
    ManualSku,
    /// By age.
    DaysInInventory,
    /// A field this version of the crate does not know, sent as given.
    Other(String),
}

impl ItemOrderField {
    /// The field as the `ordering` parameter names it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Name => "name",
            Self::Title => "title",
            Self::PriceTotalUsd => "price_total_usd",
            Self::Status => "status",
            Self::ConditionItem => "condition_item",
            Self::ManualSku => "manual_sku",
            Self::DaysInInventory => "days_in_inventory",
            Self::Other(field) => field,
        }
    }

    /// Ascending order by this field.
    pub fn ascending(self) -> ItemOrdering {
        ItemOrdering {
            field: self,
            descending: false,
        }
    }

    /// Descending order by this field (`-field` on the wire).
    pub fn descending(self) -> ItemOrdering {
        ItemOrdering {
            field: self,
            descending: true,
        }
    }
}

/// A field and a direction to sort items by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemOrdering {
    /// The field.
    pub field: ItemOrderField,
    /// Whether the order is descending.
    pub descending: bool,
}

impl ItemOrdering {
    /// The `ordering` parameter's value, such as `-created`.
    pub fn to_param(&self) -> String {
        let sign = if self.descending { "-" } else { "" };
        format!("{sign}{}", self.field.as_str())
    }
}

/// The inventory collection: `client.items()`.
#[derive(Debug, Clone)]
pub struct Items {
    client: InsticaClient,
}

impl InsticaClient {
    /// The inventory collection: list and create items.
    pub fn items(&self) -> Items {
        Items {
            client: self.clone(),
        }
    }

    /// One inventory item: detail, update, delete, and its assets, listings and logs.
    pub fn item(&self, uid: impl Into<ItemUid>) -> ItemHandle {
        ItemHandle {
            client: self.clone(),
            uid: uid.into(),
        }
    }
}

impl Items {
    /// Starts a list request (`GET /inventory/`); finish it with
    /// [`send`](ListItems::send) for one page or [`stream`](ListItems::stream) for every item.
    pub fn list(&self) -> ListItems {
        ListItems {
            client: self.client.clone(),
            search: None,
            statuses: Vec::new(),
            ordering: None,
            page: None,
            page_size: None,
        }
    }

    /// Creates an item (`POST /inventory/`), linked to a product by
    /// [`product_uid`](ItemFields::product_uid) or auto-creating one from
    /// [`product_title`](ItemFields::product_title) and the `product_*` fields.
    ///
    /// Never re-sent once the server may have seen it: a repeat could create a duplicate.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending when neither a product UID nor a name is
    /// set, or a field breaks its rule; the server's refusals as [`InsticaError::Rejected`].
    pub async fn create(&self, fields: &ItemFields) -> Result<Item, InsticaError> {
        if fields.text_value("product_uid").is_none()
            && fields
                .text_value("name")
                .is_none_or(|name| name.trim().is_empty())
        {
            return Err(InsticaError::invalid(
                "name",
                "is required when no product_uid is given",
            ));
        }
        let body = fields.to_body()?;
        // POST stays non-idempotent: creating twice would make two items.
        let request = Request::post(route("/inventory/", &[])?).json(&body)?;
        self.client.json(request).await
    }
}

/// A list request over the inventory, with its optional filters.
#[derive(Debug, Clone)]
#[must_use = "a list request does nothing until `.send()` or `.stream()`"]
pub struct ListItems {
    client: InsticaClient,
    search: Option<String>,
    statuses: Vec<ItemStatus>,
    ordering: Option<ItemOrdering>,
    page: Option<u32>,
    page_size: Option<u32>,
}

impl ListItems {
    /// Searches name, description, SKU, product title, artist and catalog number.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Keeps items with this status; call again to allow several (sent as a repeated
    /// `status` parameter).
    pub fn status(mut self, status: ItemStatus) -> Self {
        self.statuses.push(status);
        self
    }

    /// Sorts the items (the server's default is `-created`).
    pub fn ordering(mut self, ordering: ItemOrdering) -> Self {
        self.ordering = Some(ordering);
        self
    }

    /// The page to fetch (1-based; default 1).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Items per page: 1 to [`MAX_PAGE_SIZE`] (the server's default is 10).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    fn request(&self) -> Result<Request, InsticaError> {
        if let Some(size) = self.page_size
            && !(1..=MAX_PAGE_SIZE).contains(&size)
        {
            return Err(InsticaError::invalid(
                "page_size",
                format!("must be between 1 and {MAX_PAGE_SIZE}, got {size}"),
            ));
        }
        if self.page == Some(0) {
            return Err(InsticaError::invalid("page", "pages are numbered from 1"));
        }
        let mut request =
            Request::get(route("/inventory/", &[])?).query_opt("search", self.search.clone());
        for status in &self.statuses {
            request = request.query("status", status.as_str());
        }
        Ok(request
            .query_opt(
                "ordering",
                self.ordering.as_ref().map(ItemOrdering::to_param),
            )
            .query_opt("page", self.page.map(|page| page.to_string()))
            .query_opt("page_size", self.page_size.map(|size| size.to_string())))
    }

    /// Fetches one page.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for a page size outside 1 to 100 or
    /// page 0; otherwise the request's errors.
    pub async fn send(self) -> Result<Page<Item>, InsticaError> {
        let request = self.request()?;
        let mut page = self.client.page(request).await?;
        page.page = Some(u64::from(self.page.unwrap_or(1)));
        Ok(page)
    }

    /// Every matching item, following each page's `next` link.
    pub fn stream(self) -> BoxStream<'static, Result<Item, InsticaError>> {
        self.client.stream(self.request(), "/inventory/")
    }
}

/// One inventory item: `client.item(uid)`.
#[derive(Debug, Clone)]
pub struct ItemHandle {
    pub(crate) client: InsticaClient,
    pub(crate) uid: ItemUid,
}

impl ItemHandle {
    /// The item's identifier.
    pub fn uid(&self) -> &ItemUid {
        &self.uid
    }

    pub(crate) fn route(&self, template: &'static str) -> Result<client_core::Route, InsticaError> {
        route(template, &[("uid", self.uid.as_str())])
    }

    /// The item in full (`GET /inventory/{uid}/`), with `is_sold` and `platform_listability`.
    ///
    /// # Errors
    ///
    /// [`InsticaError::NotFound`] for an unknown UID; otherwise the request's errors.
    pub async fn get(&self) -> Result<Item, InsticaError> {
        let request = Request::get(self.route("/inventory/{uid}/")?);
        self.client.json(request).await
    }

    /// Changes the fields that are set (`PATCH /inventory/{uid}/`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending when no field is set or one breaks its
    /// rule; the server's refusals as [`InsticaError::Rejected`].
    pub async fn update(&self, fields: &ItemFields) -> Result<Item, InsticaError> {
        if fields.is_empty() {
            return Err(InsticaError::invalid(
                "fields",
                "set at least one field to change",
            ));
        }
        let body = fields.to_body()?;
        // Every field carries an absolute value, so sending the same PATCH twice leaves the
        // item as sending it once does.
        let request = Request::patch(self.route("/inventory/{uid}/")?)
            .json(&body)?
            .idempotent();
        self.client.json(request).await
    }

    /// Soft-deletes the item (`DELETE /inventory/{uid}/`, answered 204). Bring it back with
    /// [`Bulk::restore`](crate::bulk::Bulk::restore).
    ///
    /// # Errors
    ///
    /// [`InsticaError::Rejected`] (400) when the item has active listings or orders (check
    /// [`Item::is_deletable`] first).
    pub async fn delete(&self) -> Result<(), InsticaError> {
        let request = Request::delete(self.route("/inventory/{uid}/")?);
        self.client.send(request).await.map(drop)
    }
}
