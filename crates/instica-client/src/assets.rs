//! Assets: photos attached to an item, uploaded as multipart forms.

use client_core::{FormPart, Request};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::client::InsticaClient;
use crate::codes::AssetType;
use crate::dates;
use crate::error::InsticaError;
use crate::ids::AssetUid;
use crate::item_handle::ItemHandle;
use client_core::lenient;

/// The image types Instica accepts; anything else is refused before sending.
pub const SUPPORTED_MIME_TYPES: [&str; 6] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "image/heif",
    "image/gif",
];

/// The most files one upload request may carry.
pub const MAX_FILES_PER_UPLOAD: usize = 10;

/// An image or file attached to an item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Asset {
    /// The asset's identifier.
    pub uid: AssetUid,
    /// Its kind (`photo`, …).
    #[serde(rename = "type")]
    pub asset_type: AssetType,
    /// Its description (often empty).
    #[serde(default)]
    pub description: Option<String>,
    /// Where the file can be downloaded.
    #[serde(default)]
    pub file_url: Option<String>,
    /// Where a thumbnail can be downloaded.
    #[serde(default)]
    pub thumbnail_url: Option<String>,
    /// The file's size in bytes.
    #[serde(default)]
    pub file_size: Option<u64>,
    /// The file's name.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Whether this is the item's identifying (primary) asset.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub is_identifying_asset: bool,
    /// The marketplace listings that use this asset, as the server describes them.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub listing_assets: Vec<serde_json::Value>,
    /// When it was uploaded.
    #[serde(default, with = "dates::datetime_option")]
    pub created: Option<OffsetDateTime>,
    /// When it was last changed.
    #[serde(default, with = "dates::datetime_option")]
    pub updated: Option<OffsetDateTime>,
}

/// The answer to a batch upload.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct BatchUploadReport {
    /// The assets created.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub created: Vec<Asset>,
    /// The files that failed, as the server describes them.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub errors: Vec<serde_json::Value>,
    /// How many assets were created.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub created_count: u64,
    /// How many files failed.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub failed_count: u64,
    /// How many items the new assets were attached to.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub associated_inventory_items_count: u64,
}

/// One file to upload.
#[derive(Clone, PartialEq, Eq)]
struct UploadFile {
    file_name: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadFile")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// Files and fields of an asset upload.
///
/// ```
/// use instica_client::{AssetType, AssetUpload};
///
/// let upload = AssetUpload::new(AssetType::Photo)
///     .file("front.jpg", "image/jpeg", vec![0xFF, 0xD8, 0xFF])
///     .description("Front cover")
///     .identifying(true);
/// # let _ = upload;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetUpload {
    asset_type: AssetType,
    description: Option<String>,
    is_identifying_asset: Option<bool>,
    files: Vec<UploadFile>,
}

impl AssetUpload {
    /// An upload of assets of this type (from the asset type choices).
    pub fn new(asset_type: AssetType) -> Self {
        Self {
            asset_type,
            description: None,
            is_identifying_asset: None,
            files: Vec::new(),
        }
    }

    /// Adds a file with its MIME type (one of [`SUPPORTED_MIME_TYPES`]).
    pub fn file(
        mut self,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Self {
        self.files.push(UploadFile {
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes,
        });
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Marks the asset as the item's identifying (primary) asset.
    pub fn identifying(mut self, identifying: bool) -> Self {
        self.is_identifying_asset = Some(identifying);
        self
    }

    /// Checks the files and builds the form, the files under `file_field`.
    fn form(&self, file_field: &str) -> Result<Vec<FormPart>, InsticaError> {
        if self.files.is_empty() {
            return Err(InsticaError::invalid("files", "add at least one file"));
        }
        if self.files.len() > MAX_FILES_PER_UPLOAD {
            return Err(InsticaError::invalid(
                "files",
                format!(
                    "at most {MAX_FILES_PER_UPLOAD} files per request, got {}",
                    self.files.len()
                ),
            ));
        }
        let mut parts = Vec::with_capacity(self.files.len() + 3);
        for file in &self.files {
            let mime = file
                .content_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if !SUPPORTED_MIME_TYPES.contains(&mime.as_str()) {
                return Err(InsticaError::invalid(
                    format!("{file_field} `{}`", file.file_name),
                    format!(
                        "content type `{}` is not accepted; use one of {}",
                        file.content_type,
                        SUPPORTED_MIME_TYPES.join(", ")
                    ),
                ));
            }
            if file.bytes.is_empty() {
                return Err(InsticaError::invalid(
                    format!("{file_field} `{}`", file.file_name),
                    "must not be empty",
                ));
            }
            parts.push(FormPart::file(
                file_field,
                file.file_name.clone(),
                mime,
                file.bytes.clone(),
            ));
        }
        parts.push(FormPart::text("type", self.asset_type.as_str()));
        if let Some(description) = &self.description {
            parts.push(FormPart::text("description", description.clone()));
        }
        if let Some(identifying) = self.is_identifying_asset {
            parts.push(FormPart::text(
                "is_identifying_asset",
                identifying.to_string(),
            ));
        }
        Ok(parts)
    }
}

/// The assets of one item: `client.item(uid).assets()`.
#[derive(Debug, Clone)]
pub struct Assets {
    item: ItemHandle,
}

impl ItemHandle {
    /// The item's assets (photos).
    pub fn assets(&self) -> Assets {
        Assets { item: self.clone() }
    }
}

impl Assets {
    fn client(&self) -> &InsticaClient {
        &self.item.client
    }

    /// Uploads one file (`POST /inventory/{uid}/assets/`, form field `file`).
    ///
    /// Never re-sent once the server may have seen it: a repeat could attach the photo twice.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending unless the upload has exactly one
    /// non-empty file of a supported type; the server's refusals (such as the plan's photo
    /// limit) as [`InsticaError::Api`] of kind
    /// [`Rejected`](crate::InsticaErrorKind::Rejected).
    pub async fn upload(&self, upload: &AssetUpload) -> Result<Asset, InsticaError> {
        if upload.files.len() > 1 {
            return Err(InsticaError::invalid(
                "file",
                "a single upload takes one file; use `upload_batch` for several",
            ));
        }
        let form = upload.form("file")?;
        let request = Request::post(self.item.route("/inventory/{uid}/assets/")?).multipart(form);
        self.client().json(request).await
    }

    /// Uploads 1 to 10 files in one request (`POST /inventory/{uid}/assets/batch/`, form
    /// field `files`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no files, more than 10, an empty file
    /// or an unsupported type.
    pub async fn upload_batch(
        &self,
        upload: &AssetUpload,
    ) -> Result<BatchUploadReport, InsticaError> {
        let form = upload.form("files")?;
        let request =
            Request::post(self.item.route("/inventory/{uid}/assets/batch/")?).multipart(form);
        self.client().json(request).await
    }

    /// Deletes one asset (`DELETE /inventory/{uid}/assets/{asset_uid}/`).
    ///
    /// # Errors
    ///
    /// [`InsticaError::Api`] of kind [`NotFound`](crate::InsticaErrorKind::NotFound) for an unknown
    /// asset; otherwise the request's errors.
    pub async fn delete(&self, asset: &AssetUid) -> Result<(), InsticaError> {
        let route = self.item.route_with(
            "/inventory/{uid}/assets/{asset_uid}/",
            &[("asset_uid", asset.as_str())],
        )?;
        self.client().send(Request::delete(route)).await.map(drop)
    }
}
