//! Inventory upload endpoints: CSV add/change/delete jobs.
//!
//! A job is `queued` when created, `processing` after the first poll of
//! `GET /inventory/upload/{id}`, and `success` after the second, when its rows are applied. Rows
//! that cannot be applied are skipped and named in the job's `results` text, and the job still
//! succeeds; an empty file is accepted and its job `failed` (field notes §1.7).

use serde_json::{Value, json};

use super::model::{
    DiscogsListing, DiscogsListingStatus, DiscogsUpload, DiscogsUploadKind, MEDIA_CONDITIONS,
    SLEEVE_CONDITIONS, UploadJob,
};
use super::pagination::page_reply;
use super::state::State;
use super::{Call, not_found};
use crate::support::clock;
use crate::support::http::{Reply, empty, json, message, or_return, parse_decimal, request_header};
use crate::support::multipart::{self, MultipartError};

/// `POST /inventory/upload/{add|change|delete}`
pub(crate) fn create(call: &Call<'_>, state: &mut State, kind: &str) -> Reply {
    let kind = match kind {
        "add" => DiscogsUploadKind::Add,
        "change" => DiscogsUploadKind::Change,
        "delete" => DiscogsUploadKind::Delete,
        _ => return not_found(),
    };
    let username = or_return!(call.require_user()).to_string();
    let parts = match multipart::parse(
        request_header(call.request, "content-type"),
        &call.request.body,
    ) {
        Ok(parts) => parts,
        Err(MultipartError::NotMultipart) => {
            return message(
                415,
                "Unsupported Media Type: send the CSV as multipart/form-data in a field named upload.",
            );
        }
        Err(MultipartError::Malformed) => {
            return message(422, "The multipart body could not be read.");
        }
    };
    let Some(file) = parts.iter().find(|part| part.name == "upload") else {
        return message(422, "Missing required field: upload.");
    };
    // An empty file is accepted and fails later, when the job runs (field notes §1.7).
    let empty_file = file.data.iter().all(u8::is_ascii_whitespace);
    let rows = if empty_file {
        Vec::new()
    } else {
        match read_csv(&file.data, kind) {
            Ok(rows) => rows,
            Err(text) => return message(422, &text),
        }
    };
    let now = clock::now_unix();
    let id = state.allocate_job_id();
    state.uploads.insert(
        id,
        UploadJob {
            view: DiscogsUpload {
                id,
                username,
                kind,
                status: "queued".to_string(),
                filename: file
                    .filename
                    .clone()
                    .unwrap_or_else(|| format!("{}.csv", kind.as_str())),
                results: None,
                rows: rows.len(),
            },
            csv_rows: rows,
            created: now,
            finished: None,
            changed: now,
            empty_file,
        },
    );
    empty(200)
        .with_header("location", &format!("{}/inventory/upload/{id}", call.base))
        .with_header("content-type", "application/json")
}

/// Reads the CSV: a lower-case header, then rows as (column, value) pairs.
fn read_csv(data: &[u8], kind: DiscogsUploadKind) -> Result<Vec<Vec<(String, String)>>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(data);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|error| format!("The CSV file could not be read: {error}."))?
        .iter()
        .map(str::to_string)
        .collect();
    if let Some(upper) = headers
        .iter()
        .find(|name| name.chars().any(char::is_uppercase))
    {
        return Err(format!(
            "Invalid CSV header: field names must be lower case, found \"{upper}\"."
        ));
    }
    let required: &[&str] = match kind {
        DiscogsUploadKind::Add => &["release_id", "price", "media_condition"],
        DiscogsUploadKind::Change => &[],
        DiscogsUploadKind::Delete => &["listing_id"],
    };
    if let Some(missing) = required
        .iter()
        .find(|column| !headers.iter().any(|name| name == *column))
    {
        return Err(format!(
            "Invalid CSV header: the required column {missing} is missing."
        ));
    }
    if kind == DiscogsUploadKind::Change
        && !headers
            .iter()
            .any(|name| name == "listing_id" || name == "release_id")
    {
        return Err(
            "Invalid CSV header: a change needs a listing_id (or release_id) column.".to_string(),
        );
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| format!("The CSV file could not be read: {error}."))?;
        rows.push(
            headers
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect(),
        );
    }
    Ok(rows)
}

/// Moves one job a step forward; the step into `success` applies the rows.
fn advance_upload(state: &mut State, id: u64) {
    let now = clock::now_unix();
    let Some(job) = state.uploads.get_mut(&id) else {
        return;
    };
    match job.view.status.as_str() {
        "queued" => {
            job.view.status = "processing".to_string();
            job.changed = now;
        }
        "processing" if job.empty_file => {
            // What the live service answers for an empty upload: failed, and never finished.
            job.view.status = "failed".to_string();
            job.view.results = Some(FILE_GONE.to_string());
            job.changed = now;
        }
        "processing" => {
            let job = job.clone();
            let results = apply_upload(state, &job);
            if let Some(stored) = state.uploads.get_mut(&id) {
                stored.view.status = "success".to_string();
                stored.view.results = Some(results);
                stored.finished = Some(now);
                stored.changed = now;
            }
        }
        _ => {}
    }
}

/// `results` of an empty upload (field notes §1.7).
const FILE_GONE: &str = "ERROR: Uploaded file no longer exists.";

/// Applies every row and writes `results` as the live service does (field notes §1.7): a row
/// that cannot be applied is skipped and named by its line in the file (the header is row 1, so
/// the first data row is row 2), between the record count and the processed count, all joined by
/// `<p>`; the job still succeeds.
fn apply_upload(state: &mut State, job: &UploadJob) -> String {
    let total = job.csv_rows.len();
    let mut lines = vec![format!("CSV file contains {total} records.")];
    for (index, row) in job.csv_rows.iter().enumerate() {
        if let Err(reason) = apply_row(state, &job.view.username, job.view.kind, row) {
            lines.push(format!("Skipped row {} because ERROR: {reason}", index + 2));
        }
    }
    let processed = total + 1 - lines.len();
    lines.push(format!("Processed {processed} records."));
    lines.join("<p>")
}

/// `<value> is an invalid <column>`: the live wording for a listing id (field notes §1.7), used
/// for every column.
fn invalid(value: &str, column: &str) -> String {
    format!("{value} is an invalid {column}")
}

fn column<'a>(row: &'a [(String, String)], name: &str) -> Option<&'a str> {
    row.iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.is_empty())
}

/// A whole number in a column, or the skip reason naming the value as given.
fn number_column(row: &[(String, String)], name: &str) -> Result<u64, String> {
    let text = column(row, name).unwrap_or_default();
    text.parse::<u64>().map_err(|_| invalid(text, name))
}

fn apply_row(
    state: &mut State,
    username: &str,
    kind: DiscogsUploadKind,
    row: &[(String, String)],
) -> Result<(), String> {
    match kind {
        DiscogsUploadKind::Add => {
            let release_id = number_column(row, "release_id")?;
            let price_text = column(row, "price").unwrap_or_default();
            let price = parse_decimal(price_text)
                .filter(|price| !price.is_sign_negative())
                .ok_or_else(|| invalid(price_text, "price"))?;
            let condition = column(row, "media_condition").unwrap_or_default();
            if !MEDIA_CONDITIONS.contains(&condition) {
                return Err(invalid(condition, "media_condition"));
            }
            let mut listing = DiscogsListing::new(username, release_id, price);
            listing.condition = condition.to_string();
            listing.sleeve_condition = None;
            listing.posted = clock::now_unix();
            apply_optional_columns(&mut listing, row)?;
            listing.id = state.allocate_listing_id();
            state.listings.insert(listing.id, listing);
            Ok(())
        }
        DiscogsUploadKind::Change => {
            let id = find_listing_for_change(state, username, row)?;
            let mut listing = state
                .listings
                .get(&id)
                .cloned()
                .ok_or_else(|| invalid(&id.to_string(), "listing_id"))?;
            if !listing.status.is_editable() {
                return Err(format!(
                    "listing {id} is {} and cannot be changed",
                    listing.status.as_str()
                ));
            }
            if let Some(price) = column(row, "price") {
                listing.price = parse_decimal(price)
                    .filter(|price| !price.is_sign_negative())
                    .ok_or_else(|| invalid(price, "price"))?;
            }
            if let Some(condition) = column(row, "media_condition") {
                if !MEDIA_CONDITIONS.contains(&condition) {
                    return Err(invalid(condition, "media_condition"));
                }
                listing.condition = condition.to_string();
            }
            apply_optional_columns(&mut listing, row)?;
            listing.status = DiscogsListingStatus::ForSale;
            state.listings.insert(id, listing);
            Ok(())
        }
        DiscogsUploadKind::Delete => {
            let id = own_listing(state, username, row)?;
            state.listings.remove(&id);
            Ok(())
        }
    }
}

/// The `listing_id` of a row when it names a listing of `username`; otherwise the live skip
/// reason `<id> is an invalid listing_id` (field notes §1.7: `999999999`, `-1`).
fn own_listing(state: &State, username: &str, row: &[(String, String)]) -> Result<u64, String> {
    let text = column(row, "listing_id").unwrap_or_default();
    text.parse::<u64>()
        .ok()
        .filter(|id| {
            state
                .listings
                .get(id)
                .is_some_and(|listing| listing.seller.eq_ignore_ascii_case(username))
        })
        .ok_or_else(|| invalid(text, "listing_id"))
}

/// A change row names its listing by `listing_id`; without one, a `release_id` that matches
/// exactly one of the seller's listings is used.
fn find_listing_for_change(
    state: &State,
    username: &str,
    row: &[(String, String)],
) -> Result<u64, String> {
    if column(row, "listing_id").is_some() {
        return own_listing(state, username, row);
    }
    let release_id = number_column(row, "release_id")?;
    let matches: Vec<u64> = state
        .listings
        .values()
        .filter(|listing| listing.seller.eq_ignore_ascii_case(username))
        .filter(|listing| listing.release_id == release_id)
        .map(|listing| listing.id)
        .collect();
    match matches.as_slice() {
        [only] => Ok(*only),
        [] => Err(invalid(&release_id.to_string(), "release_id")),
        _ => Err(format!(
            "release {release_id} has several listings; add a listing_id column"
        )),
    }
}

fn apply_optional_columns(
    listing: &mut DiscogsListing,
    row: &[(String, String)],
) -> Result<(), String> {
    if let Some(sleeve) = column(row, "sleeve_condition") {
        if !SLEEVE_CONDITIONS.contains(&sleeve) {
            return Err(invalid(sleeve, "sleeve_condition"));
        }
        listing.sleeve_condition = Some(sleeve.to_string());
    }
    if let Some(comments) = column(row, "comments") {
        listing.comments = comments.to_string();
    }
    if let Some(accept) = column(row, "accept_offer") {
        listing.allow_offers = match accept {
            "Y" => true,
            "N" => false,
            other => return Err(invalid(other, "accept_offer")),
        };
    }
    if let Some(location) = column(row, "location") {
        listing.location = Some(location.to_string());
    }
    if let Some(external_id) = column(row, "external_id") {
        listing.external_id = Some(external_id.to_string());
    }
    if column(row, "weight").is_some() {
        listing.weight = Some(number_column(row, "weight").and_then(|weight| {
            u32::try_from(weight).map_err(|_| invalid(&weight.to_string(), "weight"))
        })?);
    }
    if column(row, "format_quantity").is_some() {
        listing.format_quantity =
            Some(number_column(row, "format_quantity").and_then(|quantity| {
                u32::try_from(quantity)
                    .map_err(|_| invalid(&quantity.to_string(), "format_quantity"))
            })?);
    }
    Ok(())
}

fn upload_json(job: &UploadJob) -> Value {
    json!({
        "status": job.view.status,
        "results": job.view.results,
        "created_ts": clock::naive_datetime(job.created),
        "finished_ts": job.finished.map(clock::naive_datetime),
        "filename": job.view.filename,
        "type": job.view.kind.as_str(),
        "id": job.view.id,
    })
}

/// `GET /inventory/upload`
pub(crate) fn list(call: &Call<'_>, state: &State) -> Reply {
    let username = or_return!(call.require_user());
    let jobs: Vec<&UploadJob> = state
        .uploads
        .values()
        .rev()
        .filter(|job| job.view.username.eq_ignore_ascii_case(username))
        .collect();
    page_reply(call, jobs, "items", |job| upload_json(job))
}

/// `GET /inventory/upload/{id}`; each poll moves an unfinished job one step on.
pub(crate) fn show(call: &Call<'_>, state: &mut State, id: &str) -> Reply {
    let username = or_return!(call.require_user()).to_string();
    let Some(id) = id.parse::<u64>().ok() else {
        return not_found();
    };
    match state.uploads.get(&id) {
        Some(job) if job.view.username.eq_ignore_ascii_case(&username) => {}
        _ => return not_found(),
    }
    advance_upload(state, id);
    let Some(job) = state.uploads.get(&id) else {
        return not_found();
    };
    let since = request_header(call.request, "if-modified-since")
        .and_then(|text| httpdate::parse_http_date(text).ok());
    if let Some(since) = since
        && clock::system_time(job.changed) <= since
    {
        return empty(304);
    }
    json(200, &upload_json(job))
}

/// Moves every unfinished upload one step on, as one poll of each would.
pub(crate) fn advance_all(state: &mut State) {
    let ids: Vec<u64> = state.uploads.keys().copied().collect();
    for id in ids {
        advance_upload(state, id);
    }
}
