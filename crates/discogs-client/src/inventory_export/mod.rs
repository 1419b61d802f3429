//! The Inventory Export API: the whole inventory as one CSV file, requested, followed until it
//! is ready and read as typed rows while it downloads.
//!
//! | method | path | function |
//! |---|---|---|
//! | POST | `/inventory/export` | [`InventoryExport::request`] |
//! | GET | `/inventory/export` | [`InventoryExport::list`] ([`ExportsRequest`]) |
//! | GET | `/inventory/export/{id}` | [`InventoryExport::get`], [`InventoryExport::wait`] |
//! | GET | `/inventory/export/{id}/download` | [`InventoryExport::download_text`], [`InventoryExport::download_rows`] |

pub(crate) mod rows;

use std::collections::VecDeque;

use client_core::{PageQuery, Request, RequestSummary, Route, StatusCode};
use futures::stream::{self, BoxStream, StreamExt};
use serde::Deserialize;
use time::PrimitiveDateTime;

pub use crate::jobs::{JobStatus, ProgressCallback, WaitOptions, WaitProgress};
pub use rows::{ExportRow, parse_export_csv};

use crate::client::DiscogsClient;
use crate::error::DiscogsError;
use crate::jobs::{Job, JobWatch, id_from_location, job_id, job_wait_setters, timestamp};
use crate::paging::discogs_list;
use rows::{ExportParser, RecordSplitter};

job_id!(
    /// The ID of an inventory export, read from the `Location` Discogs answers with.
    ExportId,
    "/inventory/export/"
);

/// One inventory export as Discogs reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Export {
    /// The export's ID.
    pub id: ExportId,
    /// Where the job is.
    pub status: JobStatus,
    /// The name of the CSV file.
    #[serde(default)]
    pub filename: Option<String>,
    /// The export's own API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Where the CSV can be downloaded (use [`InventoryExport::download_text`] or
    /// [`InventoryExport::download_rows`], which send the credentials only to the API host).
    #[serde(default)]
    pub download_url: Option<String>,
    /// When the export was requested (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub created_ts: Option<PrimitiveDateTime>,
    /// When the export was ready (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub finished_ts: Option<PrimitiveDateTime>,
}

impl Job for Export {
    const ROUTE: &'static str = "/inventory/export/{id}";
    // Discogs documents `If-Modified-Since` for upload polls only.
    const CONDITIONAL: bool = false;

    fn status(&self) -> &JobStatus {
        &self.status
    }

    fn finished_ts(&self) -> Option<PrimitiveDateTime> {
        self.finished_ts
    }
}

impl DiscogsClient {
    /// The Inventory Export API.
    pub fn inventory_export(&self) -> InventoryExport<'_> {
        InventoryExport {
            client: self,
            watch: JobWatch::default(),
        }
    }
}

/// The Inventory Export API: get from [`DiscogsClient::inventory_export`].
///
/// An export is a job: [`request`](Self::request) starts it, [`wait`](Self::wait) follows it
/// until the file is ready, and [`download_rows`](Self::download_rows) reads the file as typed
/// rows while it arrives.
#[derive(Debug, Clone)]
pub struct InventoryExport<'a> {
    client: &'a DiscogsClient,
    watch: JobWatch<Export>,
}

/// Every row of an export, read while the file downloads.
pub type ExportRows = BoxStream<'static, Result<ExportRow, DiscogsError>>;

impl InventoryExport<'_> {
    job_wait_setters!(Export);

    /// `POST /inventory/export`: asks Discogs to export the whole inventory.
    ///
    /// Not repeated after a failure the server may have seen: each request starts another
    /// export job. A 409 ([`Conflict`](crate::DiscogsErrorKind::Conflict)) usually means one
    /// is already running.
    pub async fn request(&self) -> Result<ExportId, DiscogsError> {
        let route = Route::new("/inventory/export").finish()?;
        let response = self.client.engine.execute(Request::post(route)).await?;
        id_from_location(&response, "export", ExportId::from_location)
    }

    /// `GET /inventory/export`: the recent exports, newest first; finish with
    /// [`Paged::send`](client_core::Paged::send) (one page) or
    /// [`Paged::stream`](client_core::Paged::stream) (every export).
    pub fn list(&self) -> ExportsRequest {
        ExportsRequest {
            client: self.client.clone(),
            paging: PageQuery::default(),
        }
    }

    /// `GET /inventory/export/{id}`: one export's state.
    pub async fn get(&self, id: ExportId) -> Result<Export, DiscogsError> {
        self.watch.get(&self.client.engine, id.get()).await
    }

    /// Polls `GET /inventory/export/{id}` until the export is finished (see
    /// [`WaitOptions`]) and returns its final state, which may be a failure.
    ///
    /// When the deadline passes first, the error is [`DiscogsError::Engine`] holding a
    /// `client_core::Error::Deadline`.
    pub async fn wait(&self, id: ExportId) -> Result<Export, DiscogsError> {
        self.watch.wait(&self.client.engine, id.get()).await
    }

    /// `GET /inventory/export/{id}/download`: the whole CSV file as text.
    pub async fn download_text(&self, id: ExportId) -> Result<String, DiscogsError> {
        let request = Request::get(download_route(id)?);
        let response = self.client.engine.execute(request).await?;
        Ok(response.text()?.to_owned())
    }

    /// `GET /inventory/export/{id}/download`: the CSV file as typed rows, parsed while it
    /// downloads, so memory holds a network chunk and its rows rather than the whole file. A
    /// row that does not fit is a decode error naming its line; the rows after it still come.
    pub async fn download_rows(&self, id: ExportId) -> Result<ExportRows, DiscogsError> {
        let route = download_route(id)?;
        let request = RequestSummary {
            method: client_core::Method::GET,
            route: route.template(),
            path: route.path().to_owned(),
        };
        let response = self
            .client
            .engine
            .execute_streaming(Request::get(route))
            .await?;
        let state = DownloadState {
            status: response.status(),
            response: Some(response),
            request,
            records: RecordSplitter::default(),
            parser: ExportParser::default(),
            ready: VecDeque::new(),
        };
        Ok(stream::unfold(state, |mut state| async move {
            loop {
                if let Some(row) = state.ready.pop_front() {
                    let row = row.map_err(|reason| state.bad_row(reason));
                    return Some((row, state));
                }
                let response = state.response.as_mut()?;
                let block = match response.chunk().await {
                    Ok(Some(bytes)) => state.records.push(&bytes),
                    Ok(None) => {
                        state.response = None;
                        state.records.finish()
                    }
                    Err(error) => {
                        state.response = None;
                        return Some((Err(error.into()), state));
                    }
                };
                state.parser.parse_block(&block, &mut state.ready);
            }
        })
        .boxed())
    }
}

fn download_route(id: ExportId) -> Result<Route, DiscogsError> {
    Ok(Route::new("/inventory/export/{id}/download")
        .with("id", &id.to_string())?
        .finish()?)
}

/// A download being read: the answer, the record it is in the middle of, the rows ready.
struct DownloadState<R> {
    response: Option<R>,
    request: RequestSummary,
    status: StatusCode,
    records: RecordSplitter,
    parser: ExportParser,
    ready: VecDeque<Result<ExportRow, String>>,
}

impl<R> DownloadState<R> {
    /// A row that did not fit, as the decode error of this download.
    fn bad_row(&self, reason: String) -> DiscogsError {
        client_core::Error::Decode {
            request: self.request.clone(),
            status: self.status,
            reason,
            body: String::new(),
        }
        .into()
    }
}

/// The list of recent exports; get it with [`InventoryExport::list`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct ExportsRequest {
    client: DiscogsClient,
    paging: PageQuery,
}

discogs_list!(ExportsRequest => Export, route: "/inventory/export");
