//! Marketplace listings of one item, and listing it on or taking it off platforms.

use client_core::{Page, Request};
use inventory_model::Money;
use serde::{Deserialize, Serialize};

use crate::codes::ListingStatus;
use crate::error::InsticaError;
use crate::ids::{ListingUid, PlatformSlug, PlatformUid};
use crate::item_handle::ItemHandle;
use crate::money::usd_option;
use client_core::lenient;

/// A marketplace platform (eBay, Discogs, …).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Platform {
    /// The platform's identifier.
    pub uid: PlatformUid,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its name, for people.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its slug, used in paths.
    pub slug: PlatformSlug,
    /// Its kind (`marketplace`, …).
    #[serde(default)]
    pub platform_type: Option<String>,
    /// Whether it sells digital goods.
    #[serde(default)]
    pub supports_digital: Option<bool>,
    /// Whether it can be connected through its API.
    #[serde(default)]
    pub supports_api_connection: Option<bool>,
    /// How it is connected (`oauth`, …).
    #[serde(default)]
    pub connection_type: Option<String>,
}

/// Whether an item can be listed on a platform, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PlatformListability {
    /// The platform.
    pub platform: Platform,
    /// Whether the item can be listed there.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub can_be_listed: Option<bool>,
    /// The code of what blocks it.
    #[serde(default)]
    pub blocking_code: Option<String>,
    /// What blocks it, for people.
    #[serde(default)]
    pub blocking_reason: Option<String>,
}

/// One marketplace listing of an item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Listing {
    /// The listing's identifier.
    pub uid: ListingUid,
    /// Its status.
    pub status: ListingStatus,
    /// Its status, for people.
    #[serde(default)]
    pub status_display: Option<String>,
    /// The platform.
    pub platform: Platform,
    /// The marketplace's own listing ID.
    #[serde(default)]
    pub listing_id: Option<String>,
    /// The listing price.
    #[serde(default, with = "usd_option")]
    pub listing_price_usd: Option<Money>,
    /// The listing's page on the marketplace (when listed).
    #[serde(default)]
    pub marketplace_url: Option<String>,
    /// The listing's description.
    #[serde(default)]
    pub marketplace_description: Option<String>,
    /// A generated title.
    #[serde(default)]
    pub ml_generated_title: Option<String>,
    /// A generated description.
    #[serde(default)]
    pub ml_generated_description: Option<String>,
    /// Platform-specific data (`None` when sent empty, `null` or not at all).
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub marketplace_details: Option<serde_json::Map<String, serde_json::Value>>,
    /// Whether the listing sold.
    #[serde(default)]
    pub is_sold: Option<bool>,
    /// What may be done with the listing now (`None` when sent as `{}` or `null`).
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub permissions: Option<ListingPermissions>,
    /// Why disabled actions are disabled.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub action_reasons: serde_json::Map<String, serde_json::Value>,
    /// The last error, when there was one (`{}` and `null` both mean none).
    #[serde(default, deserialize_with = "lenient::object_option")]
    pub last_error_code: Option<ListingErrorCode>,
}

/// What may be done with a listing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct ListingPermissions {
    /// It can be listed.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub can_list: bool,
    /// It can be delisted.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub can_delist: bool,
    /// Its price can be changed.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub can_update_price: bool,
    /// A failed listing can be retried.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub can_retry_listing: bool,
    /// A failed delisting can be retried.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub can_retry_delisting: bool,
}

/// The last error of a listing (for example `price_not_set`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ListingErrorCode {
    /// The error's identifier.
    #[serde(default)]
    pub uid: Option<String>,
    /// Its code.
    #[serde(default)]
    pub slug: Option<String>,
    /// Its message.
    #[serde(default)]
    pub message: Option<String>,
    /// A longer description.
    #[serde(default)]
    pub description: Option<String>,
}

/// The server's answer to a list or delist action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ListingAction {
    /// The platform acted on.
    #[serde(default)]
    pub platform: Option<PlatformSlug>,
    /// The listing concerned.
    #[serde(default)]
    pub listing_uid: Option<ListingUid>,
    /// The listing's status now (usually `in_progress`).
    #[serde(default)]
    pub status: Option<ListingStatus>,
    /// What the server said.
    #[serde(default)]
    pub message: Option<String>,
}

/// Whether a listing goes up as a draft on the marketplace or live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Publish {
    /// As a draft, for review on the marketplace (the server's default).
    #[default]
    Draft,
    /// Live, visible to buyers.
    Live,
}

impl Publish {
    fn is_draft(self) -> bool {
        matches!(self, Publish::Draft)
    }
}

#[derive(Serialize)]
struct ListBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    platforms: Option<&'a [PlatformSlug]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_draft: Option<bool>,
}

fn check_platforms(platforms: &[PlatformSlug]) -> Result<(), InsticaError> {
    if platforms.is_empty() {
        return Err(InsticaError::invalid(
            "platforms",
            "name at least one platform",
        ));
    }
    if let Some(empty) = platforms
        .iter()
        .position(|slug| slug.as_str().trim().is_empty())
    {
        return Err(InsticaError::invalid(
            format!("platforms[{empty}]"),
            "must not be empty",
        ));
    }
    Ok(())
}

impl ItemHandle {
    /// Every marketplace listing of the item (`GET /inventory/{uid}/listings/`, path
    /// assumed from its neighbours), in [`Page::items`]; a listing that does not decode is in
    /// [`Page::failed`], naming its index, `uid` and field, and the others still come.
    ///
    /// # Errors
    ///
    /// [`InsticaError::Api`] of kind [`NotFound`](crate::InsticaErrorKind::NotFound) for an unknown
    /// item; otherwise the request's errors.
    pub async fn listings(&self) -> Result<Page<Listing>, InsticaError> {
        let request = Request::get(self.route("/inventory/{uid}/listings/")?);
        self.client.list(request).await
    }

    /// The platforms and whether the item can be listed on each
    /// (`GET /inventory/{uid}/platforms/`), in [`Page::items`]; an entry that does not decode
    /// is in [`Page::failed`].
    ///
    /// # Errors
    ///
    /// [`InsticaError::Api`] of kind [`NotFound`](crate::InsticaErrorKind::NotFound) for an unknown
    /// item; otherwise the request's errors.
    pub async fn platforms(&self) -> Result<Page<PlatformListability>, InsticaError> {
        let request = Request::get(self.route("/inventory/{uid}/platforms/")?);
        self.client.list(request).await
    }

    /// The item on one platform: detail, list, delist.
    pub fn platform(&self, slug: impl Into<PlatformSlug>) -> ItemPlatform {
        ItemPlatform {
            item: self.clone(),
            slug: slug.into(),
        }
    }

    /// Lists the item on several platforms at once (`POST
    /// /inventory/{uid}/platforms/bulk/list/`).
    ///
    /// Never re-sent once the server may have seen it: a repeat could list twice.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for an empty platform list.
    pub async fn list_on(
        &self,
        platforms: &[PlatformSlug],
        publish: Publish,
    ) -> Result<Vec<ListingAction>, InsticaError> {
        check_platforms(platforms)?;
        let body = ListBody {
            platforms: Some(platforms),
            is_draft: Some(publish.is_draft()),
        };
        let request =
            Request::post(self.route("/inventory/{uid}/platforms/bulk/list/")?).json(&body)?;
        self.client.one_or_many(request).await
    }

    /// Takes the item off several platforms at once (`POST
    /// /inventory/{uid}/platforms/bulk/delist/`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for an empty platform list.
    pub async fn delist_from(
        &self,
        platforms: &[PlatformSlug],
    ) -> Result<Vec<ListingAction>, InsticaError> {
        check_platforms(platforms)?;
        let body = ListBody {
            platforms: Some(platforms),
            is_draft: None,
        };
        let request =
            Request::post(self.route("/inventory/{uid}/platforms/bulk/delist/")?).json(&body)?;
        self.client.one_or_many(request).await
    }
}

/// One item on one platform: `client.item(uid).platform("ebay")`.
#[derive(Debug, Clone)]
pub struct ItemPlatform {
    item: ItemHandle,
    slug: PlatformSlug,
}

impl ItemPlatform {
    fn route(&self, template: &'static str) -> Result<client_core::Route, InsticaError> {
        self.item
            .route_with(template, &[("slug", self.slug.as_str())])
    }

    /// Whether the item can be listed on this platform
    /// (`GET /inventory/{uid}/platforms/{slug}/`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::Api`] of kind [`NotFound`](crate::InsticaErrorKind::NotFound) for an unknown
    /// item or platform.
    pub async fn get(&self) -> Result<PlatformListability, InsticaError> {
        let request = Request::get(self.route("/inventory/{uid}/platforms/{slug}/")?);
        self.item.client.json(request).await
    }

    /// Lists the item on this platform (`POST /inventory/{uid}/platforms/{slug}/list/`).
    /// The server checks the price first: without one the listing fails with
    /// `price_not_set`.
    ///
    /// Never re-sent once the server may have seen it: a repeat could list twice.
    ///
    /// # Errors
    ///
    /// The server's refusals as [`InsticaError::Api`] of kind
    /// [`Rejected`](crate::InsticaErrorKind::Rejected).
    pub async fn list(&self, publish: Publish) -> Result<ListingAction, InsticaError> {
        let body = ListBody {
            platforms: None,
            is_draft: Some(publish.is_draft()),
        };
        let request =
            Request::post(self.route("/inventory/{uid}/platforms/{slug}/list/")?).json(&body)?;
        self.item.client.json(request).await
    }

    /// Takes the item off this platform (`POST /inventory/{uid}/platforms/{slug}/delist/`).
    ///
    /// # Errors
    ///
    /// The server's refusals as [`InsticaError::Api`] of kind
    /// [`Rejected`](crate::InsticaErrorKind::Rejected).
    pub async fn delist(&self) -> Result<ListingAction, InsticaError> {
        let request = Request::post(self.route("/inventory/{uid}/platforms/{slug}/delist/")?);
        self.item.client.json(request).await
    }

    /// Lists the item on all connected platforms (`POST /inventory/{uid}/platform/{slug}/list/all/`,
    /// with the singular `platform` the API documents).
    ///
    /// # Errors
    ///
    /// The server's refusals as [`InsticaError::Api`] of kind
    /// [`Rejected`](crate::InsticaErrorKind::Rejected).
    pub async fn list_all(&self, publish: Publish) -> Result<Vec<ListingAction>, InsticaError> {
        let body = ListBody {
            platforms: None,
            is_draft: Some(publish.is_draft()),
        };
        let request =
            Request::post(self.route("/inventory/{uid}/platform/{slug}/list/all/")?).json(&body)?;
        self.item.client.one_or_many(request).await
    }

    /// Takes the item off all platforms (`POST /inventory/{uid}/platform/{slug}/delist/all/`).
    ///
    /// # Errors
    ///
    /// The server's refusals as [`InsticaError::Api`] of kind
    /// [`Rejected`](crate::InsticaErrorKind::Rejected).
    pub async fn delist_all(&self) -> Result<Vec<ListingAction>, InsticaError> {
        let request = Request::post(self.route("/inventory/{uid}/platform/{slug}/delist/all/")?);
        self.item.client.one_or_many(request).await
    }
}
