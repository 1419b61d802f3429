//! CSV export (streamed) and import of the whole inventory.

use bytes::Bytes;
use client_core::{FormPart, Request, RequestSummary};
use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use serde::Deserialize;

use crate::client::{InsticaClient, route};
use crate::error::InsticaError;

const EXPORT_ROUTE: &str = "/inventory/export/csv/";

/// The server's answer to a CSV import. The API documents no shape for it, so the body is kept
/// as sent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
#[non_exhaustive]
pub struct CsvImportReport {
    /// The answer exactly as sent.
    pub body: serde_json::Value,
}

/// CSV export and import: `client.csv()`.
#[derive(Debug, Clone)]
pub struct Csv {
    client: InsticaClient,
}

impl InsticaClient {
    /// CSV export and import.
    pub fn csv(&self) -> Csv {
        Csv {
            client: self.clone(),
        }
    }
}

impl Csv {
    /// Downloads the inventory as CSV (`GET /inventory/export/csv/`), as a stream of chunks
    /// so a large inventory is never held in memory at once.
    ///
    /// A connection that breaks mid-download, or a silence longer than the client's idle
    /// timeout, ends the stream with an error (never a short file); the download is not
    /// resumed. A large file that keeps arriving is never cut for taking long.
    ///
    /// # Errors
    ///
    /// The request's errors before the first byte; afterwards, errors in the stream.
    pub async fn export(
        &self,
    ) -> Result<BoxStream<'static, Result<Bytes, InsticaError>>, InsticaError> {
        let route = route(EXPORT_ROUTE, &[])?;
        let response = self
            .client
            .engine
            .execute_streaming(Request::get(route))
            .await?;
        Ok(response.into_stream().map_err(InsticaError::from).boxed())
    }

    /// Downloads the whole CSV export into a string (see [`export`](Csv::export) to stream it).
    ///
    /// # Errors
    ///
    /// The request's errors, and a decode error ([`InsticaError::Engine`]) when the file is
    /// not UTF-8.
    pub async fn export_to_string(&self) -> Result<String, InsticaError> {
        let chunks: Vec<Bytes> = self.export().await?.try_collect().await?;
        export_text(chunks.concat())
    }

    /// Uploads a CSV file and imports it (`POST /inventory/import/csv/`, multipart field
    /// `file`).
    ///
    /// Never re-sent once the server may have seen it: a repeat could import every row twice.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for an empty file; the server's refusals
    /// as [`InsticaError::Api`] of kind [`Rejected`](crate::InsticaErrorKind::Rejected).
    pub async fn import(
        &self,
        file_name: impl Into<String>,
        csv: impl Into<Vec<u8>>,
    ) -> Result<CsvImportReport, InsticaError> {
        let csv = csv.into();
        if csv.iter().all(u8::is_ascii_whitespace) {
            return Err(InsticaError::invalid("file", "the CSV file is empty"));
        }
        let request = Request::post(route("/inventory/import/csv/", &[])?)
            .multipart(vec![FormPart::file("file", file_name, "text/csv", csv)]);
        self.client.json(request).await
    }
}

/// The text of a whole CSV export: UTF-8, without the byte-order mark a spreadsheet-minded
/// server may put first.
pub(crate) fn export_text(bytes: Vec<u8>) -> Result<String, InsticaError> {
    let text = String::from_utf8(bytes).map_err(|error| {
        InsticaError::Engine(client_core::Error::Decode {
            request: RequestSummary {
                method: client_core::Method::GET,
                route: EXPORT_ROUTE,
                path: EXPORT_ROUTE.to_owned(),
            },
            status: client_core::StatusCode::OK,
            reason: format!("the CSV export is not UTF-8: {error}"),
            body: String::new(),
        })
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}
