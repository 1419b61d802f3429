//! The Inventory Upload (CSV) API: thousands of listings added, changed or deleted with one
//! request, under Discogs' 60-requests-a-minute limit. Its counterpart, reading the whole
//! inventory as one file, is [`crate::inventory_export`].
//!
//! You hand over typed rows ([`AddRow`], [`ChangeRow`], [`DeleteRow`]); every row is checked
//! before anything is sent, the CSV file is written for you (a header of lower-case field
//! names, only the columns the rows use, cells quoted where needed), and large inputs are split
//! into several files of at most [`DEFAULT_MAX_ROWS_PER_UPLOAD`] rows. Uploads are jobs that
//! Discogs works through in its own time: [`InventoryUpload::wait`] polls one with a growing
//! gap until it finishes.
//!
//! | method | path | function |
//! |---|---|---|
//! | POST | `/inventory/upload/add` | [`InventoryUpload::add`] |
//! | POST | `/inventory/upload/change` | [`InventoryUpload::change`] |
//! | POST | `/inventory/upload/delete` | [`InventoryUpload::delete`] |
//! | GET | `/inventory/upload` | [`InventoryUpload::list`] ([`UploadsRequest`]) |
//! | GET | `/inventory/upload/{id}` | [`InventoryUpload::get`], [`InventoryUpload::wait`] |
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

mod batch;
mod rows;
mod upload;

use client_core::{FormPart, PageQuery, Request, Route};
use inventory_model::Currency;

pub use crate::jobs::{JobStatus, ProgressCallback, WaitOptions, WaitProgress};
pub use batch::{BatchError, UploadBatch, UploadPart};
pub use rows::{AddRow, ChangeRow, DeleteRow};
pub use upload::{SkippedRow, Upload, UploadId, UploadKind, UploadResults};

use crate::client::DiscogsClient;
use crate::error::DiscogsError;
use crate::jobs::{JobWatch, id_from_location, job_wait_setters};
use crate::paging::discogs_list;
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
            currency: None,
            watch: JobWatch::default(),
        }
    }
}

/// The Inventory Upload API: get from [`DiscogsClient::inventory_upload`].
///
/// Settings (file size, the seller's currency, polling) are chained before the call:
/// `discogs.inventory_upload().currency(Currency::Jpy).max_rows_per_upload(1_000).add(&rows)`.
///
/// A finished upload whose status is `success` may still have skipped rows: read
/// [`UploadResults::skipped_rows`] and map them back with [`UploadPart::input_row_of`].
#[derive(Debug, Clone)]
pub struct InventoryUpload<'a> {
    client: &'a DiscogsClient,
    max_rows: usize,
    currency: Option<Currency>,
    watch: JobWatch<Upload>,
}

impl InventoryUpload<'_> {
    /// Sets the most rows one file carries (at least 1; 0 counts as 1). Larger inputs become
    /// several uploads. The default is [`DEFAULT_MAX_ROWS_PER_UPLOAD`].
    #[must_use]
    pub fn max_rows_per_upload(mut self, rows: usize) -> Self {
        self.max_rows = rows.max(1);
        self
    }

    /// The currency of the seller's marketplace settings, which the rows' prices are in:
    /// each price is refused before sending when it has more decimals than the currency allows
    /// (JPY `1200.5`). Without it a price may have at most 2 decimals, the most any Discogs
    /// marketplace currency allows, since the seller's currency is not known.
    #[must_use]
    pub fn currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    job_wait_setters!(Upload);

    /// `POST /inventory/upload/add`: creates the listings, which go on sale at once.
    ///
    /// Every row is checked first; a refused row names its 1-based number and field and
    /// nothing is sent (a price with more decimals than the seller's
    /// [`currency`](Self::currency) allows, or than 2 when it is not given, among them). An add upload creates listings, so it is never sent twice: if the
    /// connection breaks after the file went out, the error says so and the caller decides
    /// (look at [`list`](Self::list) before sending again, or the records are listed twice).
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

    /// `GET /inventory/upload`: the recent uploads, newest first; finish with
    /// [`Paged::send`](client_core::Paged::send) (one page) or
    /// [`Paged::stream`](client_core::Paged::stream) (every upload).
    pub fn list(&self) -> UploadsRequest {
        UploadsRequest {
            client: self.client.clone(),
            paging: PageQuery::default(),
        }
    }

    /// `GET /inventory/upload/{id}`: one upload's state.
    pub async fn get(&self, id: UploadId) -> Result<Upload, DiscogsError> {
        self.watch.get(&self.client.engine, id.get()).await
    }

    /// Polls `GET /inventory/upload/{id}` until the upload is finished and returns its final
    /// state, which may be a failure: read [`Upload::status`] and [`Upload::results`].
    ///
    /// Polls after the first send `If-Modified-Since`; a `304 Not Modified` keeps the last
    /// state. The gap between polls grows as [`WaitOptions`] says, measured on the client's
    /// clock. When the deadline passes first, the error is [`DiscogsError::Engine`] holding a
    /// `client_core::Error::Deadline`; the upload goes on at Discogs and
    /// [`get`](Self::get) reads it later.
    pub async fn wait(&self, id: UploadId) -> Result<Upload, DiscogsError> {
        self.watch.wait(&self.client.engine, id.get()).await
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
        if let Err(error) = check_rows(rows, self.currency) {
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
        id_from_location(&response, "upload", UploadId::from_location)
    }
}

/// The list of recent uploads; get it with [`InventoryUpload::list`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct UploadsRequest {
    client: DiscogsClient,
    paging: PageQuery,
}

discogs_list!(UploadsRequest => Upload, route: "/inventory/upload");
