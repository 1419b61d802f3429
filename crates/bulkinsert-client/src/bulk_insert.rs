//! `POST /inventory/bulk-insert`: add or update many inventory records, in one request or in
//! a batch split into chunks sent side by side.

use std::ops::Range;

use client_core::{Request, Route};
use futures::stream::{self, StreamExt};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::client::{BulkInsertClient, check_batch_settings};
use crate::error::BulkInsertError;
use crate::records::InventoryRecord;
use crate::row_error::RowError;
use client_core::open_enum;

const BULK_INSERT: &str = "/inventory/bulk-insert";

open_enum! {
    /// Where an import job stands (`status`).
    pub enum ImportStatus {
        /// The job ran to its end (`FINISHED`); it may still report row errors.
        Finished => "FINISHED",
    }
}

open_enum! {
    /// How an import job was started (`type`).
    pub enum ImportSource {
        /// Through the API (`api`).
        Api => "api",
    }
}

/// The import job the service ran for one bulk-insert request (its 200 answer).
///
/// The counts are reported as the service gives them; they need not add up (a job may count
/// rows and items differently), so check [`total_rows_errors`](Self::total_rows_errors) and
/// [`row_errors`](Self::row_errors) rather than comparing totals.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImportJob {
    /// The job's id (`_id`).
    #[serde(rename = "_id")]
    pub id: String,
    /// The job's key, such as `api-1604355970096`.
    #[serde(default)]
    pub key_id: Option<String>,
    /// How the job was started.
    #[serde(default, rename = "type")]
    pub source: Option<ImportSource>,
    /// Where the job stands.
    pub status: ImportStatus,
    /// The job's log, in the service's words.
    #[serde(default)]
    pub messages: Vec<String>,
    /// Distinct items found in the request.
    #[serde(default)]
    pub total_items: Option<u64>,
    /// Items saved.
    #[serde(default)]
    pub total_items_uploaded: Option<u64>,
    /// Rows (records) found in the request.
    #[serde(default)]
    pub total_rows: Option<u64>,
    /// Rows that failed.
    #[serde(default)]
    pub total_rows_errors: Option<u64>,
    /// When the job was created.
    #[serde(default, with = "client_core::timestamp::rfc3339_option")]
    pub created_at: Option<OffsetDateTime>,
    /// When the job last changed.
    #[serde(default, with = "client_core::timestamp::rfc3339_option")]
    pub updated_at: Option<OffsetDateTime>,
}

impl ImportJob {
    /// Whether the job ran to its end.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.status == ImportStatus::Finished
    }

    /// Whether the job reports failed rows, by its count or by a row named in its log.
    #[must_use]
    pub fn has_row_errors(&self) -> bool {
        self.total_rows_errors.is_some_and(|count| count > 0) || !self.row_errors().is_empty()
    }

    /// The rows the job's log names as failed.
    #[must_use]
    pub fn row_errors(&self) -> Vec<RowError> {
        self.messages
            .iter()
            .flat_map(|message| RowError::parse_all(message))
            .collect()
    }
}

impl BulkInsertClient {
    /// Adds or updates `records` in one request and returns the import job.
    ///
    /// The request is repeated after a 429, 502, 503 or 504 or a timeout: every record sets
    /// absolute quantities, so a second delivery leaves the same inventory as the first.
    /// Batches larger than a few thousand records are better sent with
    /// [`bulk_insert_batch`](Self::bulk_insert_batch).
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for an empty list (nothing is sent);
    /// [`BulkInsertError::Api`] of kind
    /// [`Rejected`](crate::BulkInsertErrorKind::Rejected) with the rows the service names (400),
    /// [`Unauthorized`](crate::BulkInsertErrorKind::Unauthorized) (403, such as
    /// `Missing x-api-key`) or
    /// [`AccountRejected`](crate::BulkInsertErrorKind::AccountRejected) (500, an account the
    /// service does not know); [`BulkInsertError::Engine`] for the rest.
    pub async fn bulk_insert(
        &self,
        records: &[InventoryRecord],
    ) -> Result<ImportJob, BulkInsertError> {
        if records.is_empty() {
            return Err(BulkInsertError::invalid(
                "records",
                "must hold at least one record",
            ));
        }
        // Safe to repeat: the endpoint adds or updates each record to the absolute quantities
        // given ("add or update"), it never adds to what is there. A delivery the client could
        // not confirm and sends again therefore leaves the same stock. The only extra effect is
        // a second import-job entry in the service's log, which changes no inventory.
        let request = Request::post(Route::new(BULK_INSERT).finish()?)
            .json(records)?
            .idempotent();
        let request = self.with_site_context(request)?;
        Ok(self.engine.execute(request).await?.json()?)
    }

    /// Adds or updates any number of records, split into requests of
    /// [`chunk_size`](BatchInsert::chunk_size) records sent at most
    /// [`max_concurrent_requests`](BatchInsert::max_concurrent_requests) at a time.
    ///
    /// Finish with [`BatchInsert::send`]; the report says, chunk by chunk, which records each
    /// request carried and what became of it.
    pub fn bulk_insert_batch<'a>(&'a self, records: &'a [InventoryRecord]) -> BatchInsert<'a> {
        BatchInsert {
            client: self,
            records,
            chunk_size: self.chunk_size,
            max_concurrent_requests: self.max_concurrent_requests,
        }
    }
}

/// A batch of records to send in chunks; see [`BulkInsertClient::bulk_insert_batch`].
#[derive(Debug, Clone)]
#[must_use = "a batch does nothing until `.send().await`"]
pub struct BatchInsert<'a> {
    client: &'a BulkInsertClient,
    records: &'a [InventoryRecord],
    chunk_size: usize,
    max_concurrent_requests: usize,
}

impl BatchInsert<'_> {
    /// Records per request for this batch (the client's setting otherwise; at least 1).
    pub fn chunk_size(mut self, records: usize) -> Self {
        self.chunk_size = records;
        self
    }

    /// Requests in flight at once for this batch (the client's setting otherwise; at least 1).
    pub fn max_concurrent_requests(mut self, requests: usize) -> Self {
        self.max_concurrent_requests = requests;
        self
    }

    /// Sends every chunk and reports on each.
    ///
    /// A chunk that fails does not stop the others: its error is in its
    /// [`ChunkReport`]. Sending again the chunks that failed is safe, because records set
    /// absolute quantities.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] before anything is sent, for an empty batch or a chunk
    /// size or concurrency of 0.
    pub async fn send(self) -> Result<BatchReport, BulkInsertError> {
        if self.records.is_empty() {
            return Err(BulkInsertError::invalid(
                "records",
                "must hold at least one record",
            ));
        }
        check_batch_settings(self.chunk_size, self.max_concurrent_requests)?;
        let client = self.client;
        let chunk_size = self.chunk_size;
        // The futures are made up front (they do nothing until polled) so that the stream
        // holds no closure over borrowed chunks, which keeps the whole future `Send`.
        let requests: Vec<_> = self
            .records
            .chunks(chunk_size)
            .enumerate()
            .map(|(index, chunk)| {
                let start = index.saturating_mul(chunk_size);
                async move {
                    ChunkReport {
                        index,
                        records: start..start.saturating_add(chunk.len()),
                        outcome: client.bulk_insert(chunk).await,
                    }
                }
            })
            .collect();
        let mut chunks: Vec<ChunkReport> = stream::iter(requests)
            .buffer_unordered(self.max_concurrent_requests)
            .collect()
            .await;
        chunks.sort_by_key(|chunk| chunk.index);
        Ok(BatchReport {
            record_count: self.records.len(),
            chunks,
        })
    }
}

/// What became of every chunk of a batch, in chunk order.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchReport {
    record_count: usize,
    chunks: Vec<ChunkReport>,
}

impl BatchReport {
    /// Every chunk, in order.
    #[must_use]
    pub fn chunks(&self) -> &[ChunkReport] {
        &self.chunks
    }

    /// Every chunk, owned.
    #[must_use]
    pub fn into_chunks(self) -> Vec<ChunkReport> {
        self.chunks
    }

    /// How many records the batch held.
    #[must_use]
    pub fn record_count(&self) -> usize {
        self.record_count
    }

    /// The chunks whose request failed.
    pub fn failed_chunks(&self) -> impl Iterator<Item = &ChunkReport> {
        self.chunks.iter().filter(|chunk| chunk.outcome.is_err())
    }

    /// Every row the service named as failed, in any chunk, with the record's position in the
    /// batch.
    #[must_use]
    pub fn failed_rows(&self) -> Vec<FailedRow> {
        self.chunks
            .iter()
            .flat_map(ChunkReport::failed_rows)
            .collect()
    }

    /// Whether every request succeeded and no job reported a failed row.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.chunks.iter().all(|chunk| match &chunk.outcome {
            Ok(job) => !job.has_row_errors(),
            Err(_) => false,
        })
    }
}

/// One request of a batch: which records it carried and what came of it.
#[derive(Debug)]
#[non_exhaustive]
pub struct ChunkReport {
    /// The chunk's number, from 0.
    pub index: usize,
    /// The positions in the batch of the records it carried.
    pub records: Range<usize>,
    /// The import job, or why the request failed.
    pub outcome: Result<ImportJob, BulkInsertError>,
}

impl ChunkReport {
    /// The import job, when the request succeeded.
    #[must_use]
    pub fn job(&self) -> Option<&ImportJob> {
        self.outcome.as_ref().ok()
    }

    /// The error, when the request failed.
    #[must_use]
    pub fn error(&self) -> Option<&BulkInsertError> {
        self.outcome.as_ref().err()
    }

    /// The rows the service named as failed (in a 400 answer or in the job's log), each with
    /// the record's position in the batch.
    #[must_use]
    pub fn failed_rows(&self) -> Vec<FailedRow> {
        let row_errors = match &self.outcome {
            Ok(job) => job.row_errors(),
            Err(error) => error.row_errors().to_vec(),
        };
        row_errors
            .into_iter()
            .map(|error| FailedRow {
                chunk: self.index,
                record: self.position_of(&error),
                error,
            })
            .collect()
    }

    /// The batch position of the record a row error names, if it names one of this chunk.
    #[must_use]
    pub fn position_of(&self, error: &RowError) -> Option<usize> {
        error
            .record_index()
            .and_then(|index| self.records.start.checked_add(index))
            .filter(|position| self.records.contains(position))
    }
}

/// A row the service refused, placed in the caller's batch.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FailedRow {
    /// The chunk whose request carried it.
    pub chunk: usize,
    /// The record's position in the batch, when the row number falls inside the chunk.
    pub record: Option<usize>,
    /// What the service said.
    pub error: RowError,
}
