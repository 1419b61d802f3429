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
/// `CSV file contains 1 records.<p>Processed 1 records.`) and the counts read from it.
///
/// ```
/// use discogs_client::inventory_upload::UploadResults;
///
/// let results = UploadResults::parse("CSV file contains 3 records.<p>Processed 2 records.");
/// assert_eq!(results.records_in_file(), Some(3));
/// assert_eq!(results.records_processed(), Some(2));
/// assert_eq!(results.records_not_processed(), Some(1));
/// assert_eq!(results.messages(), ["CSV file contains 3 records.", "Processed 2 records."]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UploadResults {
    raw: String,
    records_in_file: Option<u64>,
    records_processed: Option<u64>,
}

impl UploadResults {
    /// Reads the counts out of Discogs' text; counts it does not mention stay `None`.
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let mut records_in_file = None;
        let mut records_processed = None;
        for message in messages_of(&raw) {
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
        }
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
