//! Reference data: item types and the choices for conditions, statuses, carriers and assets.

use client_core::{Page, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::{InsticaClient, route};
use crate::codes::{AssetType, Choice, ConditionCode, ItemStatus};
use crate::error::InsticaError;
use crate::ids::{ItemTypeUid, PlatformSlug};
use crate::paging::{ListEndpoint, ListRequest};

/// An inventory item type (vinyl, CD, cassette, …).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ItemType {
    /// The type's identifier.
    pub uid: ItemTypeUid,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its slug.
    #[serde(default)]
    pub slug: Option<String>,
}

/// Reference data: `client.reference()`.
///
/// The whole lists (item types, the `choices/` endpoints) come as a [`Page`] with no way
/// forward: [`Page::items`] holds the entries, and an entry that does not decode is in
/// [`Page::failed`] (naming its index and field) instead of failing the others.
#[derive(Debug, Clone)]
pub struct Reference {
    client: InsticaClient,
}

impl InsticaClient {
    /// Reference data for forms: item types and choices.
    pub fn reference(&self) -> Reference {
        Reference {
            client: self.clone(),
        }
    }
}

/// Item types matching a search (`GET /inventory/types/search/?q=`, or a platform's own
/// types: `GET /inventory/types/platform/{slug}/search/?q=`); finish with
/// [`send`](client_core::Paged::send) for one page or [`stream`](client_core::Paged::stream)
/// for every match.
pub type SearchItemTypes = ListRequest<ItemTypeQuery>;

/// What [`SearchItemTypes`] asks for: the search text and, for a platform's own types, the
/// platform.
#[derive(Debug, Clone)]
pub struct ItemTypeQuery {
    q: String,
    platform: Option<PlatformSlug>,
}

impl ListEndpoint for ItemTypeQuery {
    type Item = ItemType;

    fn request(&self) -> Result<Request, InsticaError> {
        let route = match &self.platform {
            None => route("/inventory/types/search/", &[])?,
            Some(platform) => route(
                "/inventory/types/platform/{slug}/search/",
                &[("slug", platform.as_str())],
            )?,
        };
        Ok(Request::get(route).query("q", &self.q))
    }

    /// Empty search text would match nothing useful, or everything.
    fn check(&self) -> Result<(), InsticaError> {
        if self.q.trim().is_empty() {
            return Err(InsticaError::invalid(
                "q",
                "the search text must not be empty",
            ));
        }
        Ok(())
    }
}

impl Reference {
    /// Every item type (`GET /inventory/types/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn item_types(&self) -> Result<Page<ItemType>, InsticaError> {
        self.whole_list("/inventory/types/").await
    }

    /// Item types matching `q` (`GET /inventory/types/search/?q=`). Empty search text is
    /// refused before sending.
    pub fn search_item_types(&self, q: impl Into<String>) -> SearchItemTypes {
        self.search(q.into(), None)
    }

    /// A platform's own item types matching `q`
    /// (`GET /inventory/types/platform/{slug}/search/?q=`). Empty search text is refused
    /// before sending.
    pub fn search_platform_item_types(
        &self,
        platform: &PlatformSlug,
        q: impl Into<String>,
    ) -> SearchItemTypes {
        self.search(q.into(), Some(platform.clone()))
    }

    /// The condition grades (`GET /inventory/choices/conditions/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn conditions(&self) -> Result<Page<Choice<ConditionCode>>, InsticaError> {
        self.whole_list("/inventory/choices/conditions/").await
    }

    /// The item statuses (`GET /inventory/choices/statuses/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn statuses(&self) -> Result<Page<Choice<ItemStatus>>, InsticaError> {
        self.whole_list("/inventory/choices/statuses/").await
    }

    /// The shipment carriers (`GET /inventory/choices/shipment-carriers/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn shipment_carriers(&self) -> Result<Page<Choice<String>>, InsticaError> {
        self.whole_list("/inventory/choices/shipment-carriers/")
            .await
    }

    /// The asset types (`GET /inventory/choices/asset-types/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn asset_types(&self) -> Result<Page<Choice<AssetType>>, InsticaError> {
        self.whole_list("/inventory/choices/asset-types/").await
    }

    fn search(&self, q: String, platform: Option<PlatformSlug>) -> SearchItemTypes {
        ListRequest::new(&self.client.engine, ItemTypeQuery { q, platform })
    }

    /// A list the API sends whole (the documented answers are bare lists, without paging).
    async fn whole_list<T: DeserializeOwned>(
        &self,
        template: &'static str,
    ) -> Result<Page<T>, InsticaError> {
        self.client.list(Request::get(route(template, &[])?)).await
    }
}
