//! Audit logs: the trail of listing actions on one item.

use client_core::{Request, open_enum};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::codes::ListingStatus;
use crate::dates;
use crate::error::InsticaError;
use crate::ids::{AuditLogUid, ItemUid, ListingUid, OrganizationUid, PlatformSlug, UserUid};
use crate::item_handle::ItemHandle;
use crate::paging::{ListEndpoint, ListRequest};
use client_core::lenient;

open_enum! {
    /// Where an audited action came from.
    pub enum AuditSource {
        /// The API.
        Api => "api",
        /// The web app.
        Web => "web",
        /// The system itself.
        System => "system",
        /// The browser extension.
        Extension => "extension",
    }
}

/// One entry of an item's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AuditLogEntry {
    /// The entry's identifier.
    pub uid: AuditLogUid,
    /// The action (`list`, `delist`, `price_update`, …).
    pub action: String,
    /// Where it came from.
    #[serde(default)]
    pub source: Option<AuditSource>,
    /// Who did it.
    #[serde(default)]
    pub actor_uid: Option<UserUid>,
    /// The organization.
    #[serde(default)]
    pub organization_uid: Option<OrganizationUid>,
    /// The listing concerned.
    #[serde(default)]
    pub listing_uid: Option<ListingUid>,
    /// The item concerned.
    #[serde(default)]
    pub inventory_item_uid: Option<ItemUid>,
    /// The item's title at the time.
    #[serde(default)]
    pub inventory_item_title: Option<String>,
    /// The platform concerned.
    #[serde(default)]
    pub platform_slug: Option<PlatformSlug>,
    /// The listing's status before.
    #[serde(default)]
    pub status_before: Option<ListingStatus>,
    /// The listing's status after.
    #[serde(default)]
    pub status_after: Option<ListingStatus>,
    /// What happened, for people.
    #[serde(default)]
    pub message: Option<String>,
    /// More data (prices, errors, …), as sent.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// The request's correlation ID.
    #[serde(default)]
    pub request_id: Option<String>,
    /// The client's IP address.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// The client's user agent.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// The severity (`info`, …).
    #[serde(default)]
    pub severity: Option<String>,
    /// When it happened.
    #[serde(default, with = "dates::datetime_option")]
    pub created: Option<OffsetDateTime>,
}

/// An item's audit trail (`GET /inventory/{uid}/audit-logs/`); finish with
/// [`send`](client_core::Paged::send) for one page or [`stream`](client_core::Paged::stream)
/// for every entry.
pub type ListAuditLogs = ListRequest<AuditLogQuery>;

/// What [`ListAuditLogs`] asks for: the trail of one item.
#[derive(Debug, Clone)]
pub struct AuditLogQuery {
    item: ItemHandle,
}

impl ListEndpoint for AuditLogQuery {
    type Item = AuditLogEntry;

    fn request(&self) -> Result<Request, InsticaError> {
        Ok(Request::get(
            self.item.route("/inventory/{uid}/audit-logs/")?,
        ))
    }
}

impl ItemHandle {
    /// The item's audit trail, oldest first. The server may page it or send it whole as a
    /// bare list; both are read, so a stream ends after the bare list.
    ///
    /// An unknown item is an [`InsticaError::Api`] of kind
    /// [`NotFound`](crate::InsticaErrorKind::NotFound).
    pub fn audit_logs(&self) -> ListAuditLogs {
        ListRequest::new(&self.client.engine, AuditLogQuery { item: self.clone() })
    }
}
