//! The inventory list request: filters, sort order, and the paging every list shares.

use std::borrow::Cow;

use client_core::{QueryValue, Request};

use crate::client::route;
use crate::codes::ItemStatus;
use crate::error::InsticaError;
use crate::items::item::Item;
use crate::paging::{ListEndpoint, ListRequest};

/// A list request over the inventory (`GET /inventory/`), with its optional filters; finish
/// it with [`send`](client_core::Paged::send) for one page or
/// [`stream`](client_core::Paged::stream) for every item.
pub type ListItems = ListRequest<ItemQuery>;

/// The filters of a [`ListItems`] request.
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    search: Option<String>,
    statuses: Vec<ItemStatus>,
    ordering: Option<ItemOrdering>,
}

impl ListEndpoint for ItemQuery {
    type Item = Item;

    fn request(&self) -> Result<Request, InsticaError> {
        let mut request =
            Request::get(route("/inventory/", &[])?).query_opt("search", self.search.as_ref());
        for status in &self.statuses {
            request = request.query("status", status);
        }
        Ok(request.query_opt("ordering", self.ordering.as_ref()))
    }
}

impl ListItems {
    /// Searches name, description, SKU, product title, artist and catalog number.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.endpoint.search = Some(text.into());
        self
    }

    /// Keeps items with this status; call again to allow several (sent as a repeated
    /// `status` parameter).
    pub fn status(mut self, status: ItemStatus) -> Self {
        self.endpoint.statuses.push(status);
        self
    }

    /// Sorts the items (the server's default is `-created`).
    pub fn ordering(mut self, ordering: ItemOrdering) -> Self {
        self.endpoint.ordering = Some(ordering);
        self
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

impl QueryValue for ItemOrdering {
    /// `created`, or `-created` for descending.
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_param())
    }
}
