//! Inventory items: list, create, detail, update, delete.
//!
//! | module | holds |
//! |---|---|
//! | `item` | the item as the server describes it, and the summaries nested in it |
//! | `fields` | [`ItemFields`], the writable fields, checked before sending |
//! | `list` | [`ListItems`], the list request with its filters and sort order |
//!
//! The item's own endpoints (detail, update, delete) are here; [`ItemHandle`] itself lives
//! apart, since the asset, listing and audit-log endpoints hang off it too.

mod fields;
mod item;
mod list;

use client_core::Request;

pub use self::fields::ItemFields;
pub use self::item::{
    ArtistSummary, Item, OrganizationSummary, PricingModel, ProductSummary, UserSummary,
};
pub use self::list::{ItemOrderField, ItemOrdering, ItemQuery, ListItems};
pub use crate::item_handle::ItemHandle;
pub use crate::paging::MAX_PAGE_SIZE;

use crate::client::{InsticaClient, route};
use crate::error::InsticaError;
use crate::paging::ListRequest;

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
}

impl Items {
    /// Starts a list request (`GET /inventory/`); finish it with
    /// [`send`](client_core::Paged::send) for one page or
    /// [`stream`](client_core::Paged::stream) for every item.
    pub fn list(&self) -> ListItems {
        ListRequest::new(&self.client.engine, ItemQuery::default())
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
    /// set, or a field breaks its rule; the server's refusals as [`InsticaError::Api`] of
    /// kind [`Rejected`](crate::InsticaErrorKind::Rejected), with their field errors.
    pub async fn create(&self, fields: &ItemFields) -> Result<Item, InsticaError> {
        fields.check_creatable()?;
        let body = fields.to_body()?;
        // POST stays non-idempotent: creating twice would make two items.
        let request = Request::post(route("/inventory/", &[])?).json(&body)?;
        self.client.json(request).await
    }
}

impl ItemHandle {
    /// The item in full (`GET /inventory/{uid}/`), with `is_sold` and `platform_listability`.
    ///
    /// # Errors
    ///
    /// [`InsticaError::Api`] of kind [`NotFound`](crate::InsticaErrorKind::NotFound) for an
    /// unknown UID; otherwise the request's errors.
    pub async fn get(&self) -> Result<Item, InsticaError> {
        let request = Request::get(self.route("/inventory/{uid}/")?);
        self.client.json(request).await
    }

    /// Changes the fields that are set (`PATCH /inventory/{uid}/`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending when no field is set or one breaks its
    /// rule; the server's refusals as [`InsticaError::Api`] of kind
    /// [`Rejected`](crate::InsticaErrorKind::Rejected).
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
    /// [`InsticaError::Api`] of kind [`Rejected`](crate::InsticaErrorKind::Rejected) (400)
    /// when the item has active listings or orders (check [`Item::is_deletable`] first).
    pub async fn delete(&self) -> Result<(), InsticaError> {
        let request = Request::delete(self.route("/inventory/{uid}/")?);
        self.client.send(request).await.map(drop)
    }
}
