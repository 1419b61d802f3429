//! The Inventory Upload (CSV) and Inventory Export API: thousands of listings changed with one
//! request each way, under Discogs' 60-requests-a-minute limit.
//!
//! You hand over typed rows ([`AddRow`], [`ChangeRow`], [`DeleteRow`]); every row is checked
//! before anything is sent, the CSV file is written for you (a header of lower-case field
//! names, only the columns the rows use, cells quoted where needed), and large inputs are split
//! into several files of at most [`DEFAULT_MAX_ROWS_PER_UPLOAD`] rows. Uploads and exports are
//! jobs that Discogs works through in its own time: [`InventoryUpload::wait`] and
//! [`InventoryExport::wait`] poll them with a growing gap until they finish.
//!
//! | method | path | function |
//! |---|---|---|
//! | POST | `/inventory/upload/add` | [`InventoryUpload::add`] |
//! | POST | `/inventory/upload/change` | [`InventoryUpload::change`] |
//! | POST | `/inventory/upload/delete` | [`InventoryUpload::delete`] |
//! | GET | `/inventory/upload` | [`InventoryUpload::recent`], [`InventoryUpload::recent_stream`] |
//! | GET | `/inventory/upload/{id}` | [`InventoryUpload::get`], [`InventoryUpload::wait`] |
//! | POST | `/inventory/export` | [`InventoryExport::request`] |
//! | GET | `/inventory/export` | [`InventoryExport::recent`], [`InventoryExport::recent_stream`] |
//! | GET | `/inventory/export/{id}` | [`InventoryExport::get`], [`InventoryExport::wait`] |
//! | GET | `/inventory/export/{id}/download` | [`InventoryExport::download_text`], [`InventoryExport::download_rows`] |
//!
//! # Example
//!
//! ```
//! use discogs_client::inventory_upload::{ChangeRow, JobStatus};
//! use discogs_client::{ConfigureEngine, DiscogsClient};
//! use rust_decimal::Decimal;
//! use wiremock::matchers::{method, path};
//! use wiremock::{Mock, MockServer, ResponseTemplate};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! // A stand-in for api.discogs.com.
//! let server = MockServer::start().await;
//! Mock::given(method("POST")).and(path("/inventory/upload/change"))
//!     .respond_with(ResponseTemplate::new(200)
//!         .insert_header("location", format!("{}/inventory/upload/599632", server.uri())))
//!     .mount(&server).await;
//! Mock::given(method("GET")).and(path("/inventory/upload/599632"))
//!     .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
//!         "status": "success", "type": "change", "id": 599632, "filename": "change.csv",
//!         "results": "CSV file contains 2 records.<p>Processed 2 records.",
//!         "created_ts": "2017-12-18T09:20:28", "finished_ts": "2017-12-18T09:20:29"
//!     })))
//!     .mount(&server).await;
//!
//! let discogs = DiscogsClient::builder()
//!     .base_url(server.uri())
//!     .user_agent("MyShop/1.0 +https://myshop.example")
//!     .token("my-token")
//!     .build()?;
//! let rows = vec![
//!     ChangeRow::new(172723812).price(Decimal::new(2499, 2)),
//!     ChangeRow::new(172723813).price(Decimal::new(1200, 2)),
//! ];
//! let uploads = discogs.inventory_upload().change(&rows).await?;
//! let done = discogs.inventory_upload().wait_all(&uploads).await?;
//! assert_eq!(done[0].status, JobStatus::Success);
//! assert_eq!(done[0].results.as_ref().and_then(|r| r.records_processed()), Some(2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

mod channel;
mod export;
mod job;
mod rows;

use std::fmt;
use std::sync::Arc;

use client_core::{FormPart, Page, Request, Route};
use futures::stream::BoxStream;

pub use channel::CsvStockChannel;
pub use export::{ExportRow, ExportRows, InventoryExport, parse_export_csv};
pub use job::{
    Export, ExportId, JobStatus, MAX_PER_PAGE, PageRequest, ProgressCallback, Upload, UploadId,
    UploadKind, UploadResults, WaitOptions, WaitProgress,
};
pub use rows::{AddRow, ChangeRow, DeleteRow};

use crate::DiscogsClient;
use crate::error::DiscogsError;
use job::{fetch_page, wait_for};
use rows::{UploadRow, check_rows, plan_parts, write_csv};

/// How many rows one upload file carries unless [`InventoryUpload::max_rows_per_upload`] says
/// otherwise. Discogs documents no limit; 5,000 rows keeps a file of typical rows at a few
/// hundred kilobytes and a failed file cheap to resend.
pub const DEFAULT_MAX_ROWS_PER_UPLOAD: usize = 5_000;

impl DiscogsClient {
    /// The Inventory Upload (CSV) API.
    pub fn inventory_upload(&self) -> InventoryUpload<'_> {
        InventoryUpload {
            client: self,
            max_rows: DEFAULT_MAX_ROWS_PER_UPLOAD,
            wait: WaitOptions::default(),
            progress: None,
        }
    }

    /// The Inventory Export API.
    pub fn inventory_export(&self) -> InventoryExport<'_> {
        InventoryExport::new(self)
    }
}

/// The Inventory Upload API: get from [`DiscogsClient::inventory_upload`].
///
/// Settings (file size, polling) are chained before the call:
/// `discogs.inventory_upload().max_rows_per_upload(1_000).add(&rows)`.
#[derive(Clone)]
pub struct InventoryUpload<'a> {
    client: &'a DiscogsClient,
    max_rows: usize,
    wait: WaitOptions,
    progress: Option<ProgressCallback<Upload>>,
}

impl fmt::Debug for InventoryUpload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InventoryUpload")
            .field("max_rows", &self.max_rows)
            .field("wait", &self.wait)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish_non_exhaustive()
    }
}

impl InventoryUpload<'_> {
    /// Sets the most rows one file carries (at least 1; 0 counts as 1). Larger inputs become
    /// several uploads. The default is [`DEFAULT_MAX_ROWS_PER_UPLOAD`].
    #[must_use]
    pub fn max_rows_per_upload(mut self, rows: usize) -> Self {
        self.max_rows = rows.max(1);
        self
    }

    /// Sets how [`wait`](Self::wait) polls.
    #[must_use]
    pub fn wait_options(mut self, options: WaitOptions) -> Self {
        self.wait = options;
        self
    }

    /// Calls `callback` after every poll of [`wait`](Self::wait) and
    /// [`wait_all`](Self::wait_all).
    #[must_use]
    pub fn on_progress(
        mut self,
        callback: impl Fn(&WaitProgress<'_, Upload>) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(Arc::new(callback));
        self
    }

    /// `POST /inventory/upload/add`: creates the listings, which go on sale at once.
    ///
    /// Every row is checked first; a refused row names its 1-based number and field and
    /// nothing is sent. An add upload creates listings, so it is never sent twice: if the
    /// connection breaks after the file went out, the error says so and the caller decides
    /// (look at [`recent`](Self::recent) before sending again, or the records are listed twice).
    pub async fn add(&self, rows: impl AsRef<[AddRow]>) -> Result<UploadBatch, BatchError> {
        self.upload(UploadKind::Add, rows.as_ref()).await
    }

    /// `POST /inventory/upload/change`: sets new values on existing listings.
    ///
    /// Rows that change different fields go in different files (a blank cell is never sent
    /// for a field a row does not change). A change upload sets absolute values, so the engine
    /// may resend it after a transient failure: applying it twice leaves the same inventory.
    pub async fn change(&self, rows: impl AsRef<[ChangeRow]>) -> Result<UploadBatch, BatchError> {
        self.upload(UploadKind::Change, rows.as_ref()).await
    }

    /// `POST /inventory/upload/delete`: removes listings.
    ///
    /// The engine may resend a delete upload after a transient failure: deleting a listing
    /// twice leaves the same inventory (the second job may report the listings as missing).
    pub async fn delete(&self, rows: impl AsRef<[DeleteRow]>) -> Result<UploadBatch, BatchError> {
        self.upload(UploadKind::Delete, rows.as_ref()).await
    }

    /// `GET /inventory/upload`: one page of recent uploads.
    pub async fn recent(&self, page: PageRequest) -> Result<Page<Upload>, DiscogsError> {
        fetch_page(&self.client.engine, "/inventory/upload", page, None).await
    }

    /// `GET /inventory/upload`, page after page: every recent upload.
    pub fn recent_stream(&self) -> BoxStream<'static, Result<Upload, DiscogsError>> {
        let client = self.client.clone();
        let first = PageRequest::new(1, MAX_PER_PAGE);
        client_core::page::items(
            move |next| {
                let client = client.clone();
                async move { fetch_page(&client.engine, "/inventory/upload", first, next).await }
            },
            client_core::StreamOptions::default(),
        )
    }

    /// `GET /inventory/upload/{id}`: one upload's state.
    pub async fn get(&self, id: UploadId) -> Result<Upload, DiscogsError> {
        let response = self
            .client
            .engine
            .execute(Request::get(upload_route(id)?))
            .await?;
        Ok(response.json()?)
    }

    /// Polls `GET /inventory/upload/{id}` until the upload is finished and returns its final
    /// state, which may be a failure: read [`Upload::status`] and [`Upload::results`].
    ///
    /// Polls after the first send `If-Modified-Since`; a `304 Not Modified` keeps the last
    /// state. The gap between polls grows as [`WaitOptions`] says, measured on the client's
    /// clock. When the deadline passes first, the error is [`DiscogsError::Http`] holding a
    /// `client_core::Error::Deadline`; the upload goes on at Discogs and
    /// [`get`](Self::get) reads it later.
    pub async fn wait(&self, id: UploadId) -> Result<Upload, DiscogsError> {
        wait_for(
            &self.client.engine,
            upload_route(id)?,
            true,
            self.wait,
            self.progress.as_ref(),
        )
        .await
    }

    /// Waits for every upload of a batch, one after the other, and returns their final states
    /// in the batch's order.
    pub async fn wait_all(&self, batch: &UploadBatch) -> Result<Vec<Upload>, DiscogsError> {
        let mut finished = Vec::with_capacity(batch.len());
        for part in batch {
            finished.push(self.wait(part.id).await?);
        }
        Ok(finished)
    }

    async fn upload<R: UploadRow>(
        &self,
        kind: UploadKind,
        rows: &[R],
    ) -> Result<UploadBatch, BatchError> {
        let mut batch = UploadBatch {
            kind: kind.clone(),
            parts: Vec::new(),
        };
        let stop = |batch: UploadBatch, planned: usize, error: DiscogsError| BatchError {
            uploaded: batch,
            planned,
            error,
        };
        if let Err(error) = check_rows(rows) {
            return Err(stop(batch, 0, error));
        }
        let plan = plan_parts(rows, self.max_rows);
        let planned = plan.len();
        for (index, part) in plan.into_iter().enumerate() {
            let file_name = if planned == 1 {
                format!("{kind}.csv")
            } else {
                format!("{kind}-part-{}-of-{planned}.csv", index + 1)
            };
            // Only this part's file is in memory at a time.
            let sent = match write_csv(rows, &part) {
                Ok(bytes) => self.send_file(&kind, &file_name, bytes).await,
                Err(error) => Err(error),
            };
            match sent {
                Ok(id) => batch.parts.push(UploadPart {
                    id,
                    file_name,
                    rows: part.rows,
                }),
                Err(error) => return Err(stop(batch, planned, error)),
            }
        }
        Ok(batch)
    }

    async fn send_file(
        &self,
        kind: &UploadKind,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<UploadId, DiscogsError> {
        let template = match kind {
            UploadKind::Change => "/inventory/upload/change",
            UploadKind::Delete => "/inventory/upload/delete",
            _ => "/inventory/upload/add",
        };
        let file = FormPart::file("upload", file_name, "text/csv", bytes);
        let mut request = Request::post(Route::new(template).finish()?).multipart(vec![file]);
        if !matches!(kind, UploadKind::Add) {
            // Change rows set absolute values and deleting twice deletes once: safe to resend.
            // Add stays non-idempotent (the POST default): a resent add lists records twice.
            request = request.idempotent();
        }
        let response = self.client.engine.execute(request).await?;
        let location = response.header("location").ok_or_else(|| {
            response.decode_error("the answer has no Location header naming the upload")
        })?;
        UploadId::from_location(location).ok_or_else(|| {
            DiscogsError::from(
                response.decode_error(format!("Location `{location}` does not name an upload")),
            )
        })
    }
}

fn upload_route(id: UploadId) -> Result<Route, DiscogsError> {
    Ok(Route::new("/inventory/upload/{id}")
        .with("id", &id.to_string())?
        .finish()?)
}

/// The uploads one call made: one per file the rows were split into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadBatch {
    kind: UploadKind,
    parts: Vec<UploadPart>,
}

/// One file of an [`UploadBatch`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadPart {
    /// The upload Discogs created for the file.
    pub id: UploadId,
    /// The file name it was sent under.
    pub file_name: String,
    /// Which input rows it carried, as 0-based positions in the slice passed in.
    pub rows: Vec<usize>,
}

impl UploadBatch {
    /// Add, change or delete.
    #[must_use]
    pub fn kind(&self) -> &UploadKind {
        &self.kind
    }

    /// Every file sent, in order.
    #[must_use]
    pub fn parts(&self) -> &[UploadPart] {
        &self.parts
    }

    /// The upload IDs, in order.
    pub fn ids(&self) -> impl Iterator<Item = UploadId> + '_ {
        self.parts.iter().map(|part| part.id)
    }

    /// How many uploads were made.
    #[must_use]
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether no upload was made.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

impl<'a> IntoIterator for &'a UploadBatch {
    type Item = &'a UploadPart;
    type IntoIter = std::slice::Iter<'a, UploadPart>;

    fn into_iter(self) -> Self::IntoIter {
        self.parts.iter()
    }
}

/// An upload call that stopped: the error, and the files Discogs had already accepted.
///
/// When a row was refused, nothing was sent and [`uploaded`](Self::uploaded) is empty. When a
/// later file of a split batch failed, the earlier ones are already being processed; for an
/// `add` batch, do not send those rows again. `?` turns it into the [`DiscogsError`] alone.
#[derive(Debug)]
pub struct BatchError {
    uploaded: UploadBatch,
    planned: usize,
    error: DiscogsError,
}

impl BatchError {
    /// The uploads made before the failure (empty when nothing was sent).
    #[must_use]
    pub fn uploaded(&self) -> &UploadBatch {
        &self.uploaded
    }

    /// How many files the rows were split into (0 when a row was refused).
    #[must_use]
    pub fn planned_files(&self) -> usize {
        self.planned
    }

    /// Whether nothing reached Discogs.
    #[must_use]
    pub fn nothing_sent(&self) -> bool {
        self.uploaded.is_empty()
    }

    /// The failure.
    #[must_use]
    pub fn error(&self) -> &DiscogsError {
        &self.error
    }

    /// The failure, owned.
    #[must_use]
    pub fn into_error(self) -> DiscogsError {
        self.error
    }

    /// The uploads made and the failure, owned.
    #[must_use]
    pub fn into_parts(self) -> (UploadBatch, DiscogsError) {
        (self.uploaded, self.error)
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.uploaded.is_empty() {
            write!(f, "{}", self.error)
        } else {
            let ids: Vec<String> = self.uploaded.ids().map(|id| id.to_string()).collect();
            write!(
                f,
                "{} of {} upload files were accepted (uploads {}) before: {}",
                self.uploaded.len(),
                self.planned,
                ids.join(", "),
                self.error
            )
        }
    }
}

impl std::error::Error for BatchError {
    // The message above already includes the error's own, so the chain continues below it.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl From<BatchError> for DiscogsError {
    fn from(error: BatchError) -> Self {
        error.error
    }
}
