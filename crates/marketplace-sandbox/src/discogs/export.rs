//! Inventory export endpoints: a job that makes a CSV of the seller's listings, polled until it
//! is done, then downloaded.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::model::ExportJob;
use super::pagination::page_reply;
use super::state::State;
use super::{Call, not_found};
use crate::support::clock;
use crate::support::http::{Reply, empty, json, message, or_return, raw};

/// `POST /inventory/export`
pub(crate) fn create(call: &Call<'_>, state: &mut State) -> Reply {
    let username = or_return!(call.require_user()).to_string();
    let id = state.allocate_job_id();
    state.exports.insert(
        id,
        ExportJob {
            id,
            username,
            status: "queued".to_string(),
            created: clock::now_unix(),
            finished: None,
            csv: None,
        },
    );
    empty(200)
        .with_header("location", &format!("{}/inventory/export/{id}", call.base))
        .with_header("content-type", "application/json")
}

fn advance_export(state: &mut State, id: u64) {
    let Some(job) = state.exports.get(&id) else {
        return;
    };
    match job.status.as_str() {
        "queued" => {
            if let Some(job) = state.exports.get_mut(&id) {
                job.status = "processing".to_string();
            }
        }
        "processing" => {
            let csv = export_csv(state, &job.username);
            if let Some(job) = state.exports.get_mut(&id) {
                job.status = "success".to_string();
                job.finished = Some(clock::now_unix());
                job.csv = Some(csv);
            }
        }
        _ => {}
    }
}

/// The export's columns, exactly as the live file has them (field notes §1.6).
const COLUMNS: [&str; 19] = [
    "listing_id",
    "artist",
    "title",
    "label",
    "catno",
    "format",
    "release_id",
    "status",
    "price",
    "listed",
    "comments",
    "media_condition",
    "sleeve_condition",
    "accept_offer",
    "external_id",
    "weight",
    "format_quantity",
    "location",
    "quantity",
];

/// A price as the export writes it: a decimal with at least one place (`100.0`, `12.5`,
/// `12.99`) and no currency.
fn export_price(price: Decimal) -> String {
    let price = price.normalize();
    if price.scale() == 0 {
        format!("{price}.0")
    } else {
        price.to_string()
    }
}

/// The seller's listings as the live export writes them (field notes §1.6): the header even
/// when there are no listings, lines ending in CRLF, fields quoted only when they hold a comma,
/// quote or line break, empty fields empty.
fn export_csv(state: &State, username: &str) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(COLUMNS);
    for listing in state
        .listings
        .values()
        .filter(|listing| listing.seller.eq_ignore_ascii_case(username))
    {
        let release = state.release(listing.release_id);
        let optional =
            |value: Option<u32>| value.map(|value| value.to_string()).unwrap_or_default();
        let _ = writer.write_record([
            listing.id.to_string(),
            release.artist,
            release.title,
            release.label,
            release.catalog_number,
            release.format,
            listing.release_id.to_string(),
            listing.status.as_str().to_string(),
            export_price(listing.price),
            clock::spaced_datetime(listing.posted),
            listing.comments.clone(),
            listing.condition.clone(),
            listing.sleeve_condition.clone().unwrap_or_default(),
            if listing.allow_offers { "Y" } else { "N" }.to_string(),
            listing.external_id.clone().unwrap_or_default(),
            optional(listing.weight),
            optional(listing.format_quantity),
            listing.location.clone().unwrap_or_default(),
            listing.quantity.to_string(),
        ]);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// `<username>-inventory-YYYYMMDD-HHMM.csv`, as live exports are named (field notes §1.6).
fn file_name(job: &ExportJob) -> String {
    format!(
        "{}-inventory-{}.csv",
        job.username,
        clock::compact_stamp(job.created)
    )
}

fn export_json(call: &Call<'_>, job: &ExportJob) -> Value {
    json!({
        "status": job.status,
        "created_ts": clock::naive_datetime(job.created),
        "url": format!("{}/inventory/export/{}", call.base, job.id),
        "finished_ts": job.finished.map(clock::naive_datetime),
        "download_url": format!("{}/inventory/export/{}/download", call.base, job.id),
        "filename": file_name(job),
        "id": job.id,
    })
}

fn owned_export<'a>(call: &Call<'_>, state: &'a State, id: &str) -> Result<&'a ExportJob, Reply> {
    let username = call.require_user()?;
    id.parse::<u64>()
        .ok()
        .and_then(|id| state.exports.get(&id))
        .filter(|job| job.username.eq_ignore_ascii_case(username))
        .ok_or_else(not_found)
}

/// `GET /inventory/export`
pub(crate) fn list(call: &Call<'_>, state: &State) -> Reply {
    let username = or_return!(call.require_user());
    let jobs: Vec<&ExportJob> = state
        .exports
        .values()
        .rev()
        .filter(|job| job.username.eq_ignore_ascii_case(username))
        .collect();
    page_reply(call, jobs, "items", |job| export_json(call, job))
}

/// `GET /inventory/export/{id}`; each poll moves an unfinished export one step on.
pub(crate) fn show(call: &Call<'_>, state: &mut State, id: &str) -> Reply {
    let export_id = or_return!(owned_export(call, state, id)).id;
    advance_export(state, export_id);
    match state.exports.get(&export_id) {
        Some(job) => json(200, &export_json(call, job)),
        None => not_found(),
    }
}

/// `GET /inventory/export/{id}/download`
pub(crate) fn download(call: &Call<'_>, state: &State, id: &str) -> Reply {
    let job = or_return!(owned_export(call, state, id));
    match &job.csv {
        Some(csv) => raw(200, csv.clone().into_bytes(), "text/csv; charset=utf-8").with_header(
            "content-disposition",
            &format!("attachment; filename={}", file_name(job)),
        ),
        None => message(409, "The export is not finished yet."),
    }
}

/// Moves every unfinished export one step on, as one poll of each would.
pub(crate) fn advance_all(state: &mut State) {
    let ids: Vec<u64> = state.exports.keys().copied().collect();
    for id in ids {
        advance_export(state, id);
    }
}
