//! Reference data: item types and the choices for conditions, statuses, carriers and assets.

use client_core::Request;
use serde::Deserialize;

use crate::client::{InsticaClient, route};
use crate::codes::{AssetType, Choice, ConditionCode, ItemStatus};
use crate::error::InsticaError;
use crate::ids::{ItemTypeUid, PlatformSlug};

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

fn check_query(q: &str) -> Result<(), InsticaError> {
    if q.trim().is_empty() {
        return Err(InsticaError::invalid(
            "q",
            "the search text must not be empty",
        ));
    }
    Ok(())
}

impl Reference {
    /// Every item type (`GET /inventory/types/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn item_types(&self) -> Result<Vec<ItemType>, InsticaError> {
        let request = Request::get(route("/inventory/types/", &[])?);
        self.client.list(request).await
    }

    /// Item types matching `q` (`GET /inventory/types/search/?q=`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for empty search text.
    pub async fn search_item_types(&self, q: &str) -> Result<Vec<ItemType>, InsticaError> {
        check_query(q)?;
        let request = Request::get(route("/inventory/types/search/", &[])?).query("q", q);
        self.client.list(request).await
    }

    /// A platform's own item types matching `q`
    /// (`GET /inventory/types/platform/{slug}/search/?q=`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for empty search text.
    pub async fn search_platform_item_types(
        &self,
        platform: &PlatformSlug,
        q: &str,
    ) -> Result<Vec<ItemType>, InsticaError> {
        check_query(q)?;
        let route = route(
            "/inventory/types/platform/{slug}/search/",
            &[("slug", platform.as_str())],
        )?;
        self.client.list(Request::get(route).query("q", q)).await
    }

    /// The condition grades (`GET /inventory/choices/conditions/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn conditions(&self) -> Result<Vec<Choice<ConditionCode>>, InsticaError> {
        let request = Request::get(route("/inventory/choices/conditions/", &[])?);
        self.client.list(request).await
    }

    /// The item statuses (`GET /inventory/choices/statuses/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn statuses(&self) -> Result<Vec<Choice<ItemStatus>>, InsticaError> {
        let request = Request::get(route("/inventory/choices/statuses/", &[])?);
        self.client.list(request).await
    }

    /// The shipment carriers (`GET /inventory/choices/shipment-carriers/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn shipment_carriers(&self) -> Result<Vec<Choice<String>>, InsticaError> {
        let request = Request::get(route("/inventory/choices/shipment-carriers/", &[])?);
        self.client.list(request).await
    }

    /// The asset types (`GET /inventory/choices/asset-types/`).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn asset_types(&self) -> Result<Vec<Choice<AssetType>>, InsticaError> {
        let request = Request::get(route("/inventory/choices/asset-types/", &[])?);
        self.client.list(request).await
    }
}
