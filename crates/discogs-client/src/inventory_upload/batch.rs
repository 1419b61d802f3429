//! What an upload call made: the uploads of a batch, and the error of a batch that stopped
//! part-way.

use std::fmt;

use client_core::ClientError;

use super::upload::{UploadId, UploadKind};
use crate::error::DiscogsError;

/// The uploads one call made: one per file the rows were split into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadBatch {
    pub(super) kind: UploadKind,
    pub(super) parts: Vec<UploadPart>,
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

impl UploadPart {
    /// The position in the caller's input of the row Discogs numbers `file_row` in this file
    /// (as in [`SkippedRow::row`](crate::inventory_upload::SkippedRow::row): the header is row
    /// 1, the first data row row 2); `None` when the file has no such row.
    ///
    /// ```
    /// # use discogs_client::inventory_upload::UploadBatch;
    /// # fn show(batch: &UploadBatch, results: &discogs_client::inventory_upload::UploadResults) {
    /// let part = &batch.parts()[0];
    /// for skipped in results.skipped_rows() {
    ///     if let Some(input) = part.input_row_of(skipped.row) {
    ///         eprintln!("row {input} of my input was skipped: {}", skipped.reason);
    ///     }
    /// }
    /// # }
    /// ```
    #[must_use]
    pub fn input_row_of(&self, file_row: u64) -> Option<usize> {
        let index = usize::try_from(file_row.checked_sub(2)?).ok()?;
        self.rows.get(index).copied()
    }
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
/// When a row was refused, nothing was sent and [`uploaded`](Self::uploaded) is empty; it is
/// empty too when the first file's answer was lost, which [`nothing_sent`](Self::nothing_sent)
/// tells apart. When a
/// later file of a split batch failed, the earlier ones are already being processed; for an
/// `add` batch, do not send those rows again. `?` turns it into the [`DiscogsError`] alone.
#[derive(Debug)]
pub struct BatchError {
    pub(super) uploaded: UploadBatch,
    pub(super) planned: usize,
    pub(super) error: DiscogsError,
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

    /// Whether Discogs took none of the rows: no file was taken, and the one that failed was
    /// refused before sending, never reached Discogs, or was refused by it
    /// ([`Outcome::NotApplied`](client_core::Outcome::NotApplied)).
    ///
    /// `false` also when no upload is listed but the failed file's answer was lost (a timeout,
    /// a cut answer, a 500): Discogs may be processing that file, and an `add` sent again
    /// would list its rows twice.
    #[must_use]
    pub fn nothing_sent(&self) -> bool {
        self.uploaded.is_empty() && self.error.outcome() == client_core::Outcome::NotApplied
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
