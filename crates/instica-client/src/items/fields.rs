//! The writable fields of an item, checked before they are sent.

use crate::codes::ItemStatus;
use crate::error::InsticaError;
use crate::field_set::{FieldSet, condition_setters, price_setters, text_setters};
use crate::ids::{ItemTypeUid, ProductUid};
use crate::money::PURCHASE_PRICE;

/// The writable fields of an item, for [`Items::create`](crate::Items::create) and
/// [`ItemHandle::update`](crate::ItemHandle::update).
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
    fields: FieldSet,
    product_metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ItemFields {
    /// No fields set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Links the item to an existing product.
    pub fn product_uid(mut self, product: ProductUid) -> Self {
        self.fields.set_text("product_uid", product.into_string());
        self
    }

    /// Whether the container condition was set by hand, which stops it mirroring the item's.
    pub fn condition_container_manually_set(mut self, manually_set: bool) -> Self {
        self.fields
            .set_flag("condition_container_manually_set", manually_set);
        self
    }

    /// Sets the status (the server's default for new items is `draft`).
    pub fn status(mut self, status: ItemStatus) -> Self {
        self.fields.set_text("status", status.as_str().to_owned());
        self
    }

    /// Sets the item type (write-only).
    pub fn inventory_item_type_uid(mut self, item_type: ItemTypeUid) -> Self {
        self.fields
            .set_text("inventory_item_type_uid", item_type.into_string());
        self
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

    condition_setters! {
        /// Sets the item's condition grade (a [`ConditionCode`](crate::ConditionCode) or a
        /// model [`Grade`](inventory_model::Grade)).
        condition_item => "condition_item",
        /// Sets the container's condition grade (by default it mirrors the item's).
        condition_container => "condition_container",
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
        self.fields.is_empty() && self.product_metadata.is_none()
    }

    /// Refuses a new item that could name no product: without a product UID the server
    /// creates one from the item's name.
    pub(crate) fn check_creatable(&self) -> Result<(), InsticaError> {
        let named = self
            .fields
            .text("name")
            .is_some_and(|name| !name.trim().is_empty());
        if self.fields.text("product_uid").is_none() && !named {
            return Err(InsticaError::invalid(
                "name",
                "is required when no product_uid is given",
            ));
        }
        Ok(())
    }

    /// Checks the fields and writes the JSON body.
    pub(crate) fn to_body(&self) -> Result<serde_json::Value, InsticaError> {
        let mut body = self.fields.to_json("", |field| {
            (field == "price_purchased_item").then_some(PURCHASE_PRICE)
        })?;
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
