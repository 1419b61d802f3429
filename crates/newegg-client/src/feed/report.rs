//! GetFeedResult: the processing report of a finished feed, and what became of each record.
//!
//! Newegg lists only the records that failed: one `Result` per record with errors, naming it
//! by `SellerPartNumber` (and, for inventory feeds, `CountryCode`); a record without an entry
//! was applied. [`ProcessingReport::outcomes`] matches the entries back to the feed's records.

use std::collections::HashMap;

use client_core::{Request, Response, Route};
use inventory_model::Country;
use serde_json::Value;

use super::document::{self, count, list, member, member_of, text, text_of};
use super::id::RequestId;
use super::items::{FeedItem, InventoryFeed};
use super::{Endpoint, route};
use crate::client::NeweggClient;
use crate::error::NeweggError;
use crate::region::Region;

/// The root of the processing report.
const ENVELOPE: &str = "NeweggEnvelope";

/// A finished feed's processing report (`ProcessingReport`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProcessingReport {
    /// The feed it reports on.
    pub request_id: RequestId,
    /// The name Newegg gave the submitted document (`OriginalMessageName`, such as
    /// `APIAutoFile.xml`, for JSON feeds too).
    pub original_message_name: Option<String>,
    /// What the feed carried (`OriginalMessageType`, such as `Inventory`).
    pub original_message_type: Option<String>,
    /// When Newegg processed it (`ProcessedStamp`), as written; its format differs between
    /// sources (`8/12/2010 9:32:33 PM`, `2020/05/02 01:20:00`).
    pub processed_stamp: Option<String>,
    /// Records processed (`ProcessedCount`).
    pub processed: Option<u32>,
    /// Records applied (`SuccessCount`).
    pub succeeded: Option<u32>,
    /// Records with errors (`WithErrorCount`).
    pub with_error: Option<u32>,
    /// One entry per record with errors, in Newegg's order.
    pub errors: Vec<ReportEntry>,
}

/// One record Newegg reports with errors (a `Result`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportEntry {
    /// The record's `SellerPartNumber` (`AdditionalInfo`).
    pub seller_part_number: Option<String>,
    /// The record's country (`CountryCode`, or `WareHouseLocation` in the .NET SDK's model),
    /// as written.
    pub country: Option<String>,
    /// The record's `NeweggItemNumber`, when given.
    pub newegg_item_number: Option<String>,
    /// Newegg's descriptions (`ErrorList/ErrorDescription`), such as
    /// `CEI0001:Can't find this item in the system, please create it first`.
    pub descriptions: Vec<String>,
}

impl ReportEntry {
    /// Newegg's code, from the first description that starts with one (`CEI0001` of
    /// `CEI0001:Can't find…`).
    pub fn code(&self) -> Option<&str> {
        self.descriptions
            .iter()
            .find_map(|description| split_code(description).0)
    }

    /// Newegg's descriptions without their codes, joined by `; `.
    pub fn reason(&self) -> String {
        if self.descriptions.is_empty() {
            return "Newegg reported the record with errors and gave no description".to_owned();
        }
        self.descriptions
            .iter()
            .map(|description| split_code(description).1)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// `CODE:message` → (`Some(CODE)`, `message`): a code is 2 to 16 ASCII letters and digits
/// with at least one digit, before the first colon.
fn split_code(description: &str) -> (Option<&str>, &str) {
    if let Some((code, rest)) = description.split_once(':') {
        let code = code.trim();
        if (2..=16).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_alphanumeric())
            && code.chars().any(|c| c.is_ascii_digit())
        {
            return (Some(code), rest.trim());
        }
    }
    (None, description.trim())
}

/// What became of one record of a feed, by its processing report.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FeedItemOutcome {
    /// Applied: the report lists no error for it.
    Accepted,
    /// Not applied: the report lists it with errors.
    Rejected {
        /// Newegg's code, when its description starts with one.
        code: Option<String>,
        /// Newegg's descriptions, without their codes.
        reason: String,
    },
    /// The report does not account for every record (its counts say more records failed than
    /// it lists, or fewer were processed than sent, or an entry names no part number), so a
    /// record it does not list cannot be called applied.
    Unconfirmed {
        /// What the report lacks.
        reason: String,
    },
}

impl ProcessingReport {
    /// What became of each record of `feed` (the feed this report is about, as submitted by
    /// a client of `region`), in the feed's order.
    ///
    /// An entry is matched by seller part number and country (`CountryCode`, compared with
    /// the record's warehouse, or on Business and Canada with the platform's country); an
    /// entry whose part number was sent but whose country matches none of that part's records,
    /// or that names no country, is taken to concern every record of the part (the safe
    /// reading: none of them is called applied). Part numbers are compared exactly, then
    /// without regard to case. Records without an entry are [`Accepted`](FeedItemOutcome::Accepted),
    /// unless the report does not account for every record
    /// ([`Unconfirmed`](FeedItemOutcome::Unconfirmed)).
    pub fn outcomes(&self, feed: &InventoryFeed, region: Region) -> Vec<FeedItemOutcome> {
        self.outcomes_of(feed.items(), region)
    }

    /// The entries that name a part number the feed did not carry.
    pub fn unmatched<'a>(&'a self, feed: &InventoryFeed) -> Vec<&'a ReportEntry> {
        let parts = part_index(feed.items());
        self.errors
            .iter()
            .filter(|entry| {
                entry
                    .seller_part_number
                    .as_deref()
                    .is_some_and(|part| find_part(&parts, part).is_none())
            })
            .collect()
    }

    pub(crate) fn outcomes_of(&self, items: &[FeedItem], region: Region) -> Vec<FeedItemOutcome> {
        let parts = part_index(items);
        let mut errors: Vec<Vec<&ReportEntry>> = vec![Vec::new(); items.len()];
        let mut unplaced = false;
        for entry in &self.errors {
            let Some(part) = entry.seller_part_number.as_deref() else {
                unplaced = true;
                continue;
            };
            let Some(members) = find_part(&parts, part) else {
                continue;
            };
            let country = entry
                .country
                .as_deref()
                .and_then(|code| Country::new(&code.to_ascii_uppercase()).ok());
            let of_country: Vec<usize> = members
                .iter()
                .copied()
                .filter(|at| {
                    country.is_some_and(|country| {
                        items
                            .get(*at)
                            .is_some_and(|item| item.country(region) == country)
                    })
                })
                .collect();
            let concerned = if of_country.is_empty() {
                members.as_slice()
            } else {
                of_country.as_slice()
            };
            for at in concerned {
                if let Some(slot) = errors.get_mut(*at) {
                    slot.push(entry);
                }
            }
        }
        let gap = self.gap(items.len(), unplaced);
        errors
            .into_iter()
            .map(|entries| match entries.as_slice() {
                [] => match &gap {
                    Some(reason) => FeedItemOutcome::Unconfirmed {
                        reason: reason.clone(),
                    },
                    None => FeedItemOutcome::Accepted,
                },
                [entry] => FeedItemOutcome::Rejected {
                    code: entry.code().map(str::to_owned),
                    reason: entry.reason(),
                },
                several => FeedItemOutcome::Rejected {
                    code: several
                        .iter()
                        .find_map(|entry| entry.code())
                        .map(str::to_owned),
                    reason: several
                        .iter()
                        .map(|entry| entry.reason())
                        .collect::<Vec<_>>()
                        .join("; "),
                },
            })
            .collect()
    }

    /// Why records the report does not list cannot be called applied, if they cannot.
    fn gap(&self, sent: usize, unplaced: bool) -> Option<String> {
        let id = &self.request_id;
        if unplaced {
            return Some(format!(
                "the processing report of feed {id} lists an error without a part number, so \
                 no record it does not list can be called applied"
            ));
        }
        if let Some(processed) = self.processed
            && usize::try_from(processed).is_ok_and(|processed| processed < sent)
        {
            return Some(format!(
                "the processing report of feed {id} counts {processed} records processed of \
                 the {sent} sent"
            ));
        }
        if let Some(with_error) = self.with_error
            && usize::try_from(with_error).is_ok_and(|count| count > self.errors.len())
        {
            return Some(format!(
                "the processing report of feed {id} counts {with_error} records with errors \
                 but lists {}",
                self.errors.len()
            ));
        }
        None
    }

    /// The report in an answer's tree, or why there is none.
    fn from_tree(request_id: RequestId, tree: &Value) -> Result<Self, String> {
        let report = member(tree, "Message")
            .and_then(|message| member(message, "ProcessingReport"))
            .ok_or(
                "the answer has no Message/ProcessingReport (Newegg may not have finished the \
                 feed): no record is reported applied",
            )?;
        let summary = member(report, "ProcessingSummary");
        let summary_count = |key: &str| match summary {
            Some(summary) => count(summary, key),
            None => Ok(None),
        };
        let errors = list(member(report, "Result"))
            .into_iter()
            .map(entry)
            .collect();
        Ok(Self {
            request_id,
            original_message_name: text_of(report, &["OriginalMessageName"]),
            original_message_type: text_of(report, &["OriginalMessageType"]),
            processed_stamp: text_of(report, &["ProcessedStamp"]),
            processed: summary_count("ProcessedCount")?,
            succeeded: summary_count("SuccessCount")?,
            with_error: summary_count("WithErrorCount")?,
            errors,
        })
    }
}

fn entry(result: &Value) -> ReportEntry {
    let info = member(result, "AdditionalInfo");
    let field = |keys: &[&str]| info.and_then(|info| text_of(info, keys));
    let mut descriptions = Vec::new();
    for key in ["ErrorList", "Error"] {
        for list_entry in list(member(result, key)) {
            descriptions.extend(descriptions_in(list_entry));
        }
    }
    ReportEntry {
        seller_part_number: field(&["SellerPartNumber"]),
        country: field(&["CountryCode", "WareHouseLocation", "WarehouseLocation"]),
        newegg_item_number: field(&["NeweggItemNumber"]),
        descriptions,
    }
}

/// `ErrorDescription` texts, one string or many, or the list entry's own text.
fn descriptions_in(value: &Value) -> Vec<String> {
    match member_of(value, &["ErrorDescription"]) {
        Some(descriptions) => list(Some(descriptions))
            .into_iter()
            .filter_map(text)
            .collect(),
        None => text(value).into_iter().collect(),
    }
}

/// The positions of each part number's records.
fn part_index(items: &[FeedItem]) -> HashMap<&str, Vec<usize>> {
    let mut parts: HashMap<&str, Vec<usize>> = HashMap::with_capacity(items.len());
    for (at, item) in items.iter().enumerate() {
        parts.entry(item.seller_part_number()).or_default().push(at);
    }
    parts
}

fn find_part<'a>(parts: &'a HashMap<&str, Vec<usize>>, part: &str) -> Option<&'a Vec<usize>> {
    parts.get(part).or_else(|| {
        parts
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(part))
            .map(|(_, members)| members)
    })
}

impl NeweggClient {
    /// Reads a feed's processing report (`GET {platform}/datafeedmgmt/feeds/result/{id}`),
    /// once its status is `FINISHED`.
    ///
    /// # Errors
    ///
    /// [`NeweggError::Api`] when Newegg refuses; [`NeweggError::Engine`] with a decode error
    /// keeping the body for an answer without a `ProcessingReport` (what Newegg answers before
    /// the feed is finished is not documented; such an answer is never read as "every record
    /// applied").
    pub async fn feed_result(&self, id: &RequestId) -> Result<ProcessingReport, NeweggError> {
        let route = Route::new(route(self.region, Endpoint::Result))
            .with("request_id", id.as_str())?
            .finish()?;
        let request = Request::get(route).query("sellerid", &self.seller_id);
        let response = self
            .feeds
            .read
            .execute(request)
            .await
            .map_err(NeweggError::from)
            .map_err(|error| self.feeds.records.read_refusal(error, 0))?;
        read_report(id, &response)
    }
}

/// The processing report of feed `id` in a 2xx result answer, or why there is none.
pub(crate) fn read_report(
    id: &RequestId,
    response: &Response,
) -> Result<ProcessingReport, NeweggError> {
    let tree = document::read(response, &[ENVELOPE])?;
    ProcessingReport::from_tree(id.clone(), &tree)
        .map_err(|reason| response.decode_error(reason).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(errors: Vec<ReportEntry>, processed: u32, with_error: u32) -> ProcessingReport {
        ProcessingReport {
            request_id: RequestId::new("X1").unwrap(),
            original_message_name: None,
            original_message_type: None,
            processed_stamp: None,
            processed: Some(processed),
            succeeded: Some(processed - with_error),
            with_error: Some(with_error),
            errors,
        }
    }

    fn failed(part: &str, country: Option<&str>, description: &str) -> ReportEntry {
        ReportEntry {
            seller_part_number: Some(part.into()),
            country: country.map(str::to_owned),
            newegg_item_number: None,
            descriptions: vec![description.into()],
        }
    }

    #[test]
    fn codes_come_off_the_description() {
        assert_eq!(
            split_code("CEI0001:Can't find this item in the system, please create it first"),
            (
                Some("CEI0001"),
                "Can't find this item in the system, please create it first"
            )
        );
        assert_eq!(
            split_code("Error(s). Item not created."),
            (None, "Error(s). Item not created.")
        );
        assert_eq!(split_code("Note: see below"), (None, "Note: see below"));
    }

    #[test]
    fn entries_match_by_part_and_country_and_the_rest_is_accepted() {
        let feed = InventoryFeed::new()
            .with(FeedItem::in_warehouse("A", Country::USA, 1))
            .with(FeedItem::in_warehouse("A", Country::CAN, 1))
            .with(FeedItem::in_warehouse("b", Country::USA, 1))
            .with(FeedItem::in_warehouse("C", Country::USA, 1));
        let report = report(
            vec![
                failed("A", Some("can"), "CT073:warehouse"),
                failed("B", None, "CEI0001:unknown"),
                failed("Z", Some("USA"), "CEI0001:not ours"),
            ],
            4,
            3,
        );
        let outcomes = report.outcomes(&feed, Region::Usa);
        assert_eq!(outcomes[0], FeedItemOutcome::Accepted);
        assert_eq!(
            outcomes[1],
            FeedItemOutcome::Rejected {
                code: Some("CT073".into()),
                reason: "warehouse".into()
            }
        );
        assert!(
            matches!(&outcomes[2], FeedItemOutcome::Rejected { code: Some(code), .. } if code == "CEI0001")
        );
        assert_eq!(outcomes[3], FeedItemOutcome::Accepted);
        assert_eq!(report.unmatched(&feed).len(), 1);
    }

    #[test]
    fn a_report_that_does_not_add_up_confirms_nothing_it_does_not_list() {
        let feed = InventoryFeed::new()
            .with(FeedItem::on_platform("A", 1))
            .with(FeedItem::on_platform("B", 1));
        let short = report(vec![failed("A", Some("CAN"), "x")], 2, 2);
        let outcomes = short.outcomes(&feed, Region::Canada);
        assert!(matches!(outcomes[0], FeedItemOutcome::Rejected { .. }));
        assert!(matches!(outcomes[1], FeedItemOutcome::Unconfirmed { .. }));
        let unprocessed = report(Vec::new(), 1, 0);
        assert!(matches!(
            unprocessed.outcomes(&feed, Region::Canada)[1],
            FeedItemOutcome::Unconfirmed { .. }
        ));
    }

    #[test]
    fn the_report_reads_in_every_spelling() {
        let tree = json!({"Header": {"DocumentVersion": "1.0"}, "MessageType": "ProcessingReport",
            "Message": {"ProcessingReport": {
                "OriginalMessageName": "Ventmere_APIAutoFile.xml", "OriginalMessageType": "Inventory",
                "ProcessedStamp": "2020/05/02 01:20:00", "StatusCode": "ProcessReport",
                "ProcessingSummary": {"ProcessedCount": "2", "SuccessCount": 1, "WithErrorCount": "1"},
                "Result": {"AdditionalInfo": {"CountryCode": "CAN", "SellerPartNumber": "edifier-r1280t-fba"},
                           "ErrorList": {"ErrorDescription": "CEI0001:Can't find this item in the system, please create it first"}}}}});
        let report = ProcessingReport::from_tree(RequestId::new("X1").unwrap(), &tree).unwrap();
        assert_eq!(report.processed, Some(2));
        assert_eq!(report.succeeded, Some(1));
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].country.as_deref(), Some("CAN"));
        assert_eq!(report.errors[0].code(), Some("CEI0001"));
        let none =
            ProcessingReport::from_tree(RequestId::new("X1").unwrap(), &json!({"Header": {}}));
        assert!(none.unwrap_err().contains("ProcessingReport"));
        let two = json!({"Message": {"ProcessingReport": {"Result": [
            {"AdditionalInfo": {"SellerPartNumber": "A"}, "Error": [{"ErrorDescription": ["a", "b"]}]},
            {"AdditionalInfo": {"SellerPartNumber": "B"}, "ErrorList": {"ErrorDescription": ["c"]}}]}}});
        let report = ProcessingReport::from_tree(RequestId::new("X1").unwrap(), &two).unwrap();
        assert_eq!(report.errors[0].descriptions, ["a", "b"]);
        assert_eq!(report.errors[1].reason(), "c");
    }
}
