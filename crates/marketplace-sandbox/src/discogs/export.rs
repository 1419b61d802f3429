//! Inventory export endpoints: a job that makes a CSV of the seller's listings, polled until it
//! is done, then downloaded.

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

/// The seller's listings in the upload format's column names, plus the release details.
fn export_csv(state: &State, username: &str) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
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
    ]);
    for listing in state
        .listings
        .values()
        .filter(|listing| listing.seller.eq_ignore_ascii_case(username))
    {
        let release = state.release(listing.release_id);
        let _ = writer.write_record([
            listing.id.to_string(),
            release.artist,
            release.title,
            release.label,
            release.catalog_number,
            release.format,
            listing.release_id.to_string(),
            listing.status.as_str().to_string(),
            format!("{:.2}", listing.price),
            clock::naive_datetime(listing.posted),
            listing.comments.clone(),
            listing.condition.clone(),
            listing.sleeve_condition.clone().unwrap_or_default(),
            if listing.allow_offers { "Y" } else { "N" }.to_string(),
            listing.external_id.clone().unwrap_or_default(),
            listing
                .weight
                .map(|weight| weight.to_string())
                .unwrap_or_default(),
            listing
                .format_quantity
                .map(|quantity| quantity.to_string())
                .unwrap_or_default(),
            listing.location.clone().unwrap_or_default(),
        ]);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

fn export_json(call: &Call<'_>, job: &ExportJob) -> Value {
    json!({
        "status": job.status,
        "created_ts": clock::naive_datetime(job.created),
        "url": format!("{}/inventory/export/{}", call.base, job.id),
        "finished_ts": job.finished.map(clock::naive_datetime),
        "download_url": format!("{}/inventory/export/{}/download", call.base, job.id),
        "filename": format!("{}-inventory-{}-{}.csv", job.username, clock::date(job.created), job.id),
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
        Some(csv) => raw(200, csv.clone().into_bytes(), "text/csv").with_header(
            "content-disposition",
            &format!(
                "attachment; filename=\"{}-inventory-{}.csv\"",
                job.username, job.id
            ),
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
