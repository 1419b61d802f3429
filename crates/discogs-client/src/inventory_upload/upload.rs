//! One upload as Discogs reports it: its ID, kind, state and what happened to its rows.

use std::fmt;

use serde::{Deserialize, Deserializer};
use time::PrimitiveDateTime;

use crate::jobs::{Job, JobStatus, job_id, timestamp};
use client_core::open_enum;

job_id!(
    /// The ID of an inventory upload, read from the `Location` Discogs answers with.
    UploadId,
    "/inventory/upload/"
);

open_enum! {
    /// Which kind of upload a job is.
    pub enum UploadKind {
        /// New listings.
        Add => "add",
        /// Changes to existing listings.
        Change => "change",
        /// Listings removed.
        Delete => "delete",
    }
}

/// What Discogs said about an upload's rows: the text as sent (an HTML fragment such as
/// `CSV file contains 1 records.<p>Processed 1 records.`), the counts read from it and the
/// rows it skipped.
///
/// An upload whose `status` is `success` may still have skipped rows: Discogs reports them
/// inline (`Skipped row 2 because ERROR: 999999999 is an invalid listing_id`, field notes
/// §1.7), so read [`skipped_rows`](Self::skipped_rows) before taking a success for every row.
///
/// ```
/// use discogs_client::inventory_upload::UploadResults;
///
/// let results = UploadResults::parse("CSV file contains 3 records.<p>Processed 2 records.");
/// assert_eq!(results.records_in_file(), Some(3));
/// assert_eq!(results.records_processed(), Some(2));
/// assert_eq!(results.records_not_processed(), Some(1));
/// assert_eq!(results.messages(), ["CSV file contains 3 records.", "Processed 2 records."]);
///
/// let skipped = UploadResults::parse(
///     "CSV file contains 2 records.<p>Skipped row 3 because ERROR: -1 is an invalid \
///      listing_id<p>Processed 1 records.",
/// );
/// assert_eq!(skipped.skipped_rows()[0].row, 3);
/// assert_eq!(skipped.skipped_rows()[0].record_index(), Some(1)); // the second data row
/// assert_eq!(skipped.skipped_rows()[0].reason, "ERROR: -1 is an invalid listing_id");
/// assert!(!skipped.all_rows_processed());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UploadResults {
    raw: String,
    records_in_file: Option<u64>,
    records_processed: Option<u64>,
    skipped: Vec<SkippedRow>,
}

/// A row Discogs skipped, as its results say: `Skipped row N because REASON`.
///
/// Discogs numbers the rows of the file it received with the header as row 1, so the first
/// data row is row 2 (inferred from a one-row file reported as "row 2", field notes §1.7).
/// [`UploadPart::input_row_of`](crate::inventory_upload::UploadPart::input_row_of) maps it
/// back to the row the caller passed in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SkippedRow {
    /// The row as Discogs numbers it (the header is row 1).
    pub row: u64,
    /// Discogs' reason, as sent (`ERROR: 999999999 is an invalid listing_id`).
    pub reason: String,
}

impl SkippedRow {
    /// The row's position among the file's data rows, from 0 (row 2 is 0); `None` for rows
    /// 0 and 1, which hold no data.
    #[must_use]
    pub fn record_index(&self) -> Option<usize> {
        usize::try_from(self.row.checked_sub(2)?).ok()
    }
}

/// Reads `Skipped row N because REASON` (case aside); `None` for any other sentence.
fn skipped_row(message: &str) -> Option<SkippedRow> {
    const PREFIX: &str = "skipped row ";
    let head = message.get(..PREFIX.len())?;
    if !head.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let rest = message.get(PREFIX.len()..)?;
    let digits: String = rest
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || *ch == ',')
        .filter(char::is_ascii_digit)
        .collect();
    let row = digits.parse().ok()?;
    let after = rest.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == ',');
    let after = after.trim_start();
    let reason = match after.get(..8) {
        Some(word) if word.eq_ignore_ascii_case("because ") => after.get(8..).unwrap_or(""),
        _ => after.trim_start_matches([':', '-', ' ']),
    };
    Some(SkippedRow {
        row,
        reason: reason.trim().to_owned(),
    })
}

impl UploadResults {
    /// Reads the counts and the skipped rows out of Discogs' text; counts it does not mention
    /// stay `None`.
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let mut records_in_file = None;
        let mut records_processed = None;
        let mut skipped = Vec::new();
        for message in messages_of(&raw) {
            if let Some(row) = skipped_row(&message) {
                // A reason is Discogs' free text: never read counts out of it.
                skipped.push(row);
                continue;
            }
            let lower = message.to_ascii_lowercase();
            if records_in_file.is_none() {
                records_in_file = count_after(&lower, "contains ");
            }
            if records_processed.is_none() && !lower.contains("unprocessed") {
                records_processed = count_after(&lower, "processed ");
            }
        }
        Self {
            raw,
            records_in_file,
            records_processed,
            skipped,
        }
    }

    /// Every row Discogs said it skipped, in the order it said so, each with its reason.
    /// Empty when it named none (which does not prove every row was processed: compare
    /// [`records_not_processed`](Self::records_not_processed)).
    #[must_use]
    pub fn skipped_rows(&self) -> &[SkippedRow] {
        &self.skipped
    }

    /// Whether Discogs processed every record of the file: both counts given and equal, and
    /// no row skipped.
    #[must_use]
    pub fn all_rows_processed(&self) -> bool {
        self.skipped.is_empty() && self.records_not_processed() == Some(0)
    }

    /// The text exactly as Discogs sent it.
    #[must_use]
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The sentences of the text, with the HTML tags between them removed.
    #[must_use]
    pub fn messages(&self) -> Vec<String> {
        messages_of(&self.raw)
    }

    /// How many records the file held (`CSV file contains N records`).
    #[must_use]
    pub fn records_in_file(&self) -> Option<u64> {
        self.records_in_file
    }

    /// How many records Discogs processed (`Processed N records`).
    #[must_use]
    pub fn records_processed(&self) -> Option<u64> {
        self.records_processed
    }

    /// Records in the file that were not processed, when both counts are known.
    #[must_use]
    pub fn records_not_processed(&self) -> Option<u64> {
        Some(
            self.records_in_file?
                .saturating_sub(self.records_processed?),
        )
    }
}

impl fmt::Display for UploadResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.messages().join(" "))
    }
}

impl<'de> Deserialize<'de> for UploadResults {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(UploadResults::parse)
    }
}

/// Splits on HTML tags (`<p>`, `<br>`, …) and drops empty pieces.
fn messages_of(raw: &str) -> Vec<String> {
    let mut messages = Vec::new();
    let mut current = String::new();
    let mut in_tag = false;
    for ch in raw.chars() {
        match ch {
            '<' => {
                in_tag = true;
                messages.push(std::mem::take(&mut current));
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => current.push(ch),
        }
    }
    messages.push(current);
    messages
        .into_iter()
        .map(|message| message.trim().to_owned())
        .filter(|message| !message.is_empty())
        .collect()
}

/// The number right after `prefix` (where `prefix` starts a word), allowing `1,000`.
fn count_after(text: &str, prefix: &str) -> Option<u64> {
    let mut search_from = 0;
    while let Some(found) = text.get(search_from..)?.find(prefix) {
        let start = search_from + found;
        let starts_word = text
            .get(..start)
            .and_then(|before| before.chars().next_back())
            .is_none_or(|ch| !ch.is_alphanumeric());
        let after = text.get(start + prefix.len()..)?;
        let digits: String = after
            .chars()
            .take_while(|ch| ch.is_ascii_digit() || *ch == ',')
            .filter(char::is_ascii_digit)
            .collect();
        if starts_word && !digits.is_empty() {
            return digits.parse().ok();
        }
        search_from = start + prefix.len();
    }
    None
}

/// One inventory upload as Discogs reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Upload {
    /// The upload's ID.
    pub id: UploadId,
    /// Where the job is.
    pub status: JobStatus,
    /// Add, change or delete.
    #[serde(rename = "type")]
    pub kind: UploadKind,
    /// The name the file was uploaded under.
    #[serde(default)]
    pub filename: Option<String>,
    /// What happened to the rows, once Discogs says.
    #[serde(default)]
    pub results: Option<UploadResults>,
    /// When the upload arrived (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub created_ts: Option<PrimitiveDateTime>,
    /// When processing ended (Discogs' local time; no zone is given).
    #[serde(default, deserialize_with = "timestamp")]
    pub finished_ts: Option<PrimitiveDateTime>,
}

impl Job for Upload {
    const ROUTE: &'static str = "/inventory/upload/{id}";
    const CONDITIONAL: bool = true;

    fn status(&self) -> &JobStatus {
        &self.status
    }

    fn finished_ts(&self) -> Option<PrimitiveDateTime> {
        self.finished_ts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_text_and_read_the_counts() {
        let results = UploadResults::parse("CSV file contains 1 records.<p>Processed 1 records.");
        assert_eq!(results.records_in_file(), Some(1));
        assert_eq!(results.records_processed(), Some(1));
        assert_eq!(results.records_not_processed(), Some(0));
        assert_eq!(
            results.raw(),
            "CSV file contains 1 records.<p>Processed 1 records."
        );
        assert_eq!(
            results.to_string(),
            "CSV file contains 1 records. Processed 1 records."
        );

        let big =
            UploadResults::parse("CSV file contains 10,000 records.<br/>Processed 9,998 records.");
        assert_eq!(big.records_in_file(), Some(10_000));
        assert_eq!(big.records_not_processed(), Some(2));

        let odd = UploadResults::parse("Something went wrong.");
        assert_eq!(odd.records_in_file(), None);
        assert_eq!(odd.records_not_processed(), None);
        assert_eq!(odd.messages(), ["Something went wrong."]);
    }

    #[test]
    fn skipped_rows_are_read_with_their_reasons() {
        // field notes §1.7, both recorded texts.
        let none = UploadResults::parse(
            "CSV file contains 1 records.<p>Skipped row 2 because ERROR: 999999999 is an \
             invalid listing_id<p>Processed 0 records.",
        );
        assert_eq!(
            none.skipped_rows(),
            [SkippedRow {
                row: 2,
                reason: "ERROR: 999999999 is an invalid listing_id".into()
            }]
        );
        assert_eq!(none.skipped_rows()[0].record_index(), Some(0));
        assert_eq!(none.records_in_file(), Some(1));
        assert_eq!(none.records_processed(), Some(0));
        let one = UploadResults::parse(
            "CSV file contains 2 records.<p>Skipped row 3 because ERROR: -1 is an invalid \
             listing_id<p>Processed 1 records.",
        );
        assert_eq!(one.skipped_rows()[0].row, 3);
        assert_eq!(one.records_not_processed(), Some(1));
        assert!(!one.all_rows_processed());

        let many = UploadResults::parse(
            "CSV file contains 1,002 records.<p>skipped row 2 because bad price<br>Skipped \
             row 1,003: ERROR: contains 7 records?<p>Processed 1,000 records.",
        );
        let rows: Vec<(u64, &str)> = many
            .skipped_rows()
            .iter()
            .map(|row| (row.row, row.reason.as_str()))
            .collect();
        assert_eq!(
            rows,
            [(2, "bad price"), (1003, "ERROR: contains 7 records?")]
        );
        assert_eq!(many.records_in_file(), Some(1002));
        assert_eq!(many.records_processed(), Some(1000));
        assert_eq!(
            SkippedRow {
                row: 1,
                reason: String::new()
            }
            .record_index(),
            None
        );
        assert!(
            UploadResults::parse("CSV file contains 1 records.<p>Processed 1 records.")
                .all_rows_processed()
        );
    }

    #[test]
    fn timestamps_have_no_zone() {
        let upload: Upload = serde_json::from_str(
            r#"{"status":"success","results":null,"created_ts":"2017-12-18T09:20:28",
                "finished_ts":null,"filename":"add.csv","type":"change","id":119615}"#,
        )
        .unwrap();
        assert_eq!(
            upload.created_ts,
            Some(time::macros::datetime!(2017-12-18 09:20:28))
        );
        assert_eq!(upload.finished_ts, None);
        assert!(upload.is_finished());
    }

    #[test]
    fn unknown_states_finish_when_a_finishing_time_is_given() {
        let running: Upload =
            serde_json::from_str(r#"{"status":"validating","type":"add","id":1}"#).unwrap();
        assert_eq!(running.status, JobStatus::Unknown("validating".into()));
        assert!(!running.is_finished());
        let done: Upload = serde_json::from_str(
            r#"{"status":"partial","type":"add","id":1,"finished_ts":"2017-12-18T09:20:29"}"#,
        )
        .unwrap();
        assert!(done.is_finished());
    }
}
