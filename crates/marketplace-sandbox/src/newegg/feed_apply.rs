//! Processing a feed when it finishes, and the Datafeed API's answers: the submit and status
//! answers (`NeweggAPIResponse`) and the processing report (`NeweggEnvelope`).
//!
//! A finished feed applies every record it can and lists the others in its report, one
//! `Result` each, by `SellerPartNumber` and `CountryCode` (feed specification §6.2); a record
//! without an entry was applied.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Value, json};

use super::model::{FeedJob, FeedRecord, NeweggFeedFailure, NeweggItem, SellerAccount};
use super::reply::{Format, Render};
use crate::support::clock;
use crate::support::http::{Reply, xml_escape};

/// The most a warehouse may hold.
const MAX_QUANTITY: i64 = 999_999;

/// The live description of an unknown part number (the Newegg.ca report the specification
/// quotes).
const UNKNOWN_ITEM: &str = "CEI0001:Can't find this item in the system, please create it first";

/// Applies a feed's records to `items` and records its failures in the job.
pub(crate) fn process(
    job: &mut FeedJob,
    items: &mut [NeweggItem],
    inactive: &mut BTreeSet<(String, String)>,
    seller: &SellerAccount,
) {
    let by_warehouse = job.feed.request_type == "INVENTORY_DATA";
    let home = job.feed.platform.home_country();
    // The seller's items by part number, so that a feed of 10,000 records is one pass.
    let mut index: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (at, item) in items.iter().enumerate() {
        if item.seller_id == seller.seller_id {
            index.entry(item.seller_part_number.clone()).or_insert(at);
        }
    }
    let mut failures = Vec::new();
    for record in &job.records {
        let country = if by_warehouse {
            record
                .warehouse
                .as_deref()
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        } else {
            home.to_string()
        };
        let item = record
            .seller_part_number
            .as_deref()
            .and_then(|part| index.get(part.trim()))
            .and_then(|at| items.get_mut(*at));
        if let Err(description) = apply(record, &country, by_warehouse, item, inactive, seller) {
            failures.push(NeweggFeedFailure {
                seller_part_number: record
                    .seller_part_number
                    .clone()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                country,
                description,
            });
        }
    }
    if job.feed.overwrite && !by_warehouse {
        // `Overwrite=Yes` deactivates every item of the seller the feed does not list
        // (the Inventory And Price Feed page).
        let listed: BTreeSet<&str> = job
            .records
            .iter()
            .filter_map(|record| record.seller_part_number.as_deref().map(str::trim))
            .collect();
        for item in items
            .iter()
            .filter(|item| item.seller_id == seller.seller_id)
        {
            if !listed.contains(item.seller_part_number.as_str()) {
                inactive.insert((seller.seller_id.clone(), item.seller_part_number.clone()));
            }
        }
    }
    job.feed.failures = failures;
}

/// One record, or the description of why it failed.
fn apply(
    record: &FeedRecord,
    country: &str,
    by_warehouse: bool,
    item: Option<&mut NeweggItem>,
    inactive: &mut BTreeSet<(String, String)>,
    seller: &SellerAccount,
) -> Result<(), String> {
    if record
        .seller_part_number
        .as_deref()
        .is_none_or(|part| part.trim().is_empty())
    {
        return Err("CE003:SellerPartNumber is required.".to_string());
    }
    let item = item.ok_or_else(|| UNKNOWN_ITEM.to_string())?;
    if let Some(number) = record.newegg_item_number.as_deref().map(str::trim)
        && !number.is_empty()
        && !number.eq_ignore_ascii_case(&item.item_number)
    {
        return Err(UNKNOWN_ITEM.to_string());
    }
    if by_warehouse {
        if country.is_empty() {
            return Err("CE003:WarehouseLocation is required.".to_string());
        }
        if !seller.warehouses.contains(country) {
            return Err(format!(
                "CT073:The specified warehouse location has not been setup yet. Country: [{country}]. Please set up your warehouse(s) then submit your request again."
            ));
        }
    }
    let quantity = record
        .inventory
        .as_deref()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .filter(|quantity| (0..=MAX_QUANTITY).contains(quantity))
        .and_then(|quantity| u32::try_from(quantity).ok())
        .ok_or_else(|| "CT023:Inventory value must be between 0 and 999999".to_string())?;
    if item.shipped_by_newegg {
        return Err("CT022:This item is Shipping by newegg. Can NOT update inventory".to_string());
    }
    if let Some(minimum) = item.promotion_minimum
        && quantity < minimum
    {
        return Err(format!(
            "CT025:This item is an approved promotion and its minimum inventory cannot be lower than {minimum}"
        ));
    }
    let key = (seller.seller_id.clone(), item.seller_part_number.clone());
    if record
        .activation_mark
        .as_deref()
        .is_some_and(|mark| mark.trim().eq_ignore_ascii_case("true"))
    {
        inactive.remove(&key);
    }
    if inactive.contains(&key) {
        // A deactivated item ignores inventory updates until it is re-activated.
        return Ok(());
    }
    item.inventory.insert(country.to_string(), quantity);
    Ok(())
}

/// One feed in a submit or status answer (`ResponseInfo`).
pub(crate) struct Info<'a> {
    pub(crate) request_id: &'a str,
    pub(crate) request_type: &'a str,
    pub(crate) request_date: String,
    pub(crate) status: &'static str,
}

impl<'a> Info<'a> {
    pub(crate) fn of(job: &'a FeedJob) -> Self {
        Self {
            request_id: &job.feed.request_id,
            request_type: &job.feed.request_type,
            request_date: request_date(job.submitted_unix),
            status: job.feed.status.as_str(),
        }
    }
}

/// `RequestDate`: Pacific time, `M/D/YYYY H:MM:SS` on a 24-hour clock, as Newegg's SDK
/// records it (`2/22/2012 17:24:35`).
fn request_date(unix: i64) -> String {
    let (year, month, day, hour, minute, second) = pacific_parts(unix);
    format!("{month}/{day}/{year} {hour}:{minute:02}:{second:02}")
}

/// The DF012 time, `YYYY-MM-DD HH:MM:SS` Pacific (the throttling page's message).
pub(crate) fn pacific_iso(unix: i64) -> String {
    let (year, month, day, hour, minute, second) = pacific_parts(unix);
    format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
}

/// Pacific wall-clock parts of `unix`, read back from the `en-US` rendering the fake writes
/// its reset times in (which knows daylight saving time).
fn pacific_parts(unix: i64) -> (u32, u32, u32, u32, u32, u32) {
    let text = clock::pacific_us(unix);
    let mut fields = text.split([' ', '/', ':']);
    let mut next = || {
        fields
            .next()
            .and_then(|part| part.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let (month, day, year, hour, minute, second) = (next(), next(), next(), next(), next(), next());
    let afternoon = text.ends_with("PM");
    let hour = match (hour, afternoon) {
        (12, false) => 0,
        (12, true) => 12,
        (hour, true) => hour + 12,
        (hour, false) => hour,
    };
    (year, month, day, hour, minute, second)
}

/// A submit or status answer (`NeweggAPIResponse`).
pub(crate) fn api_response(
    render: Render,
    operation: &str,
    seller_id: &str,
    infos: &[Info<'_>],
) -> Reply {
    match render.format {
        Format::Json => {
            let list: Vec<Value> = infos
                .iter()
                .map(|info| {
                    json!({
                        "RequestId": info.request_id,
                        "RequestType": info.request_type,
                        "RequestDate": info.request_date,
                        "RequestStatus": info.status,
                    })
                })
                .collect();
            render.json(
                200,
                &json!({
                    "IsSuccess": true,
                    "OperationType": operation,
                    "SellerID": seller_id,
                    "ResponseBody": { "ResponseList": list },
                }),
            )
        }
        Format::Xml => {
            let mut xml =
                String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<NeweggAPIResponse>\n");
            xml.push_str(&format!(
                "    <IsSuccess>true</IsSuccess>\n    <OperationType>{}</OperationType>\n    <SellerID>{}</SellerID>\n    <ResponseBody>\n        <ResponseList>\n",
                xml_escape(operation),
                xml_escape(seller_id)
            ));
            for info in infos {
                xml.push_str(&format!(
                    "            <ResponseInfo>\n                <RequestId>{}</RequestId>\n                <RequestType>{}</RequestType>\n                <RequestDate>{}</RequestDate>\n                <RequestStatus>{}</RequestStatus>\n            </ResponseInfo>\n",
                    xml_escape(info.request_id),
                    xml_escape(info.request_type),
                    xml_escape(&info.request_date),
                    info.status
                ));
            }
            xml.push_str(
                "        </ResponseList>\n    </ResponseBody>\n    <Memo />\n</NeweggAPIResponse>",
            );
            render.body(200, xml, "application/xml")
        }
    }
}

/// The answer to a result read before the feed finished: the envelope without a
/// `ProcessingReport` (what a third-party client reads as "still processing"; Newegg does not
/// document this answer).
pub(crate) fn unfinished(render: Render) -> Reply {
    match render.format {
        Format::Json => render.json(
            200,
            &json!({ "NeweggEnvelope": {
                "Header": { "DocumentVersion": "1.0" },
                "MessageType": "ProcessingReport",
            }}),
        ),
        Format::Xml => render.body(
            200,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<NeweggEnvelope>\n    <Header>\n        <DocumentVersion>1.0</DocumentVersion>\n    </Header>\n    <MessageType>ProcessingReport</MessageType>\n</NeweggEnvelope>".to_string(),
            "application/xml",
        ),
    }
}

/// A finished feed's processing report. In JSON the counts are text, and a list of one
/// (`Result`, `ErrorDescription`) is the bare entry, as Newegg's JSON renders it.
pub(crate) fn report(render: Render, job: &FeedJob) -> Reply {
    let processed = job.records.len();
    let failed = job.feed.failures.len();
    let stamp = clock::pacific_us(job.processed_unix.unwrap_or(job.submitted_unix));
    match render.format {
        Format::Json => {
            let results: Vec<Value> = job
                .feed
                .failures
                .iter()
                .map(|failure| {
                    json!({
                        "AdditionalInfo": {
                            "SellerPartNumber": failure.seller_part_number,
                            "CountryCode": failure.country,
                        },
                        "ErrorList": { "ErrorDescription": failure.description },
                    })
                })
                .collect();
            let mut report = json!({
                "OriginalMessageName": "APIAutoFile.xml",
                "OriginalMessageType": "Inventory",
                "ProcessedStamp": stamp,
                "StatusCode": "ProcessReport",
                "ProcessingSummary": {
                    "ProcessedCount": processed.to_string(),
                    "SuccessCount": (processed - failed).to_string(),
                    "WithErrorCount": failed.to_string(),
                },
            });
            if let Some(fields) = report.as_object_mut() {
                match <[Value; 1]>::try_from(results) {
                    Ok([single]) => {
                        fields.insert("Result".into(), single);
                    }
                    Err(results) if !results.is_empty() => {
                        fields.insert("Result".into(), Value::Array(results));
                    }
                    Err(_) => {}
                }
            }
            render.json(
                200,
                &json!({ "NeweggEnvelope": {
                    "Header": { "DocumentVersion": "1.0" },
                    "MessageType": "ProcessingReport",
                    "Message": { "ProcessingReport": report },
                }}),
            )
        }
        Format::Xml => {
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<NeweggEnvelope>\n    <Header>\n        <DocumentVersion>1.0</DocumentVersion>\n    </Header>\n    <MessageType>ProcessingReport</MessageType>\n    <Message>\n        <ProcessingReport>\n            <OriginalMessageName>APIAutoFile.xml</OriginalMessageName>\n            <OriginalMessageType>Inventory</OriginalMessageType>\n",
            );
            xml.push_str(&format!(
                "            <ProcessedStamp>{}</ProcessedStamp>\n            <StatusCode>ProcessReport</StatusCode>\n            <ProcessingSummary>\n                <ProcessedCount>{processed}</ProcessedCount>\n                <SuccessCount>{}</SuccessCount>\n                <WithErrorCount>{failed}</WithErrorCount>\n            </ProcessingSummary>\n",
                xml_escape(&stamp),
                processed - failed
            ));
            for failure in &job.feed.failures {
                xml.push_str(&format!(
                    "            <Result>\n                <AdditionalInfo>\n                    <SellerPartNumber>{}</SellerPartNumber>\n                    <CountryCode>{}</CountryCode>\n                </AdditionalInfo>\n                <ErrorList>\n                    <ErrorDescription>{}</ErrorDescription>\n                </ErrorList>\n            </Result>\n",
                    xml_escape(&failure.seller_part_number),
                    xml_escape(&failure.country),
                    xml_escape(&failure.description)
                ));
            }
            xml.push_str("        </ProcessingReport>\n    </Message>\n</NeweggEnvelope>");
            render.body(200, xml, "application/xml")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pacific_times_in_newegg_s_two_spellings() {
        // 2016-12-16T19:05:00Z is 11:05:00 Pacific standard time.
        assert_eq!(pacific_iso(1_481_915_100), "2016-12-16 11:05:00");
        // 2019-03-06T01:11:49Z is 17:11:49 Pacific standard time on the 5th.
        assert_eq!(request_date(1_551_834_709), "3/5/2019 17:11:49");
        // 2026-07-01T07:30:00Z is 00:30 Pacific daylight time.
        assert_eq!(pacific_iso(1_782_891_000), "2026-07-01 00:30:00");
    }
}
