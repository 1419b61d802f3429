//! The handle of one item: its own module because the item, asset, listing and audit-log
//! endpoints all hang off it, and none of them may import another to reach it.

use client_core::Route;

use crate::client::{InsticaClient, route};
use crate::error::InsticaError;
use crate::ids::ItemUid;

/// One inventory item: `client.item(uid)`.
#[derive(Debug, Clone)]
pub struct ItemHandle {
    pub(crate) client: InsticaClient,
    pub(crate) uid: ItemUid,
}

impl InsticaClient {
    /// One inventory item: detail, update, delete, and its assets, listings and logs.
    pub fn item(&self, uid: impl Into<ItemUid>) -> ItemHandle {
        ItemHandle {
            client: self.clone(),
            uid: uid.into(),
        }
    }
}

impl ItemHandle {
    /// The item's identifier.
    pub fn uid(&self) -> &ItemUid {
        &self.uid
    }

    /// A route under the item, its UID filled in (and percent-encoded) as `{uid}`.
    pub(crate) fn route(&self, template: &'static str) -> Result<Route, InsticaError> {
        self.route_with(template, &[])
    }

    /// A route under the item with more placeholders than `{uid}`.
    pub(crate) fn route_with(
        &self,
        template: &'static str,
        more: &[(&str, &str)],
    ) -> Result<Route, InsticaError> {
        let mut values = vec![("uid", self.uid.as_str())];
        values.extend_from_slice(more);
        route(template, &values)
    }
}
