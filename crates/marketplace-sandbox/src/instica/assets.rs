//! Asset (photo) endpoints: upload one or many images, list and delete them.

use serde_json::{Value, json};

use super::model::{ASSET_MIME_TYPES, ASSET_TYPES, InsticaAsset};
use super::{Call, FieldErrors, State, detail, not_found};
use crate::support::clock;
use crate::support::http::{Reply, empty, json, or_return};
use crate::support::multipart::Part;

const MAX_FILES_PER_REQUEST: usize = 10;

pub(crate) fn asset_json(call: &Call<'_>, asset: &InsticaAsset) -> Value {
    json!({
        "uid": asset.uid,
        "type": asset.kind,
        "description": asset.description,
        "file_url": format!("{}/media/assets/{}/{}", call.base, asset.uid, crate::support::http::encode_segment(&asset.file_name)),
        "thumbnail_url": format!("{}/media/assets/{}/thumbnail.jpg", call.base, asset.uid),
        "file_size": asset.file_size,
        "file_name": asset.file_name,
        "is_identifying_asset": asset.is_identifying_asset,
        "listing_assets": [],
        "created": clock::rfc3339_z(asset.created),
        "updated": clock::rfc3339_z(asset.created),
    })
}

/// `GET /api/v1/inventory/{uid}/assets/`
pub(crate) fn list(call: &Call<'_>, state: &State, uid: &str) -> Reply {
    if state.item(uid).is_none() {
        return not_found();
    }
    let assets: Vec<Value> = state
        .assets
        .iter()
        .filter(|asset| asset.item_uid == uid)
        .map(|asset| asset_json(call, asset))
        .collect();
    json(200, &Value::Array(assets))
}

/// `DELETE /api/v1/inventory/{uid}/assets/{asset_uid}/`
pub(crate) fn delete(state: &mut State, uid: &str, asset_uid: &str) -> Reply {
    if state.item(uid).is_none() {
        return not_found();
    }
    let before = state.assets.len();
    state
        .assets
        .retain(|asset| !(asset.item_uid == uid && asset.uid == asset_uid));
    if state.assets.len() == before {
        return not_found();
    }
    empty(204)
}

/// The media type of an uploaded file: its part header, else a guess from the extension.
fn mime_of(part: &Part) -> String {
    if let Some(declared) = part
        .content_type
        .as_deref()
        .filter(|declared| !declared.eq_ignore_ascii_case("application/octet-stream"))
    {
        return declared.to_ascii_lowercase();
    }
    let name = part
        .filename
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let extension = name.rsplit('.').next().unwrap_or_default();
    match extension {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "heif" => "image/heif",
        "gif" => "image/gif",
        _ => "application/octet-stream",
    }
    .to_string()
}

fn check_file(part: &Part) -> Result<String, String> {
    let mime = mime_of(part);
    if ASSET_MIME_TYPES.contains(&mime.as_str()) {
        Ok(mime)
    } else {
        Err(format!(
            "Unsupported file type \"{mime}\". Supported types: {}.",
            ASSET_MIME_TYPES.join(", ")
        ))
    }
}

/// `POST /api/v1/inventory/{uid}/assets/` (one `file` or several `files`) and
/// `POST …/assets/batch/` (always several).
pub(crate) fn upload(call: &Call<'_>, state: &mut State, uid: &str, batch: bool) -> Reply {
    if state.item(uid).is_none() {
        return not_found();
    }
    let parts = or_return!(call.multipart());
    let field = |name: &str| parts.iter().find(|part| part.name == name).map(Part::text);
    let single: Vec<&Part> = parts.iter().filter(|part| part.name == "file").collect();
    let several: Vec<&Part> = parts
        .iter()
        .filter(|part| part.name == "files" || (batch && part.name == "file"))
        .collect();
    let multi_mode = batch || !several.is_empty();
    let files = if multi_mode { several } else { single };

    let mut errors = FieldErrors::default();
    let kind = field("type").map(|kind| kind.trim().to_string());
    match &kind {
        None => errors.add("type", "This field is required."),
        Some(kind) if !ASSET_TYPES.iter().any(|(code, _)| code == kind) => {
            errors.add("type", format!("\"{kind}\" is not a valid choice."));
        }
        Some(_) => {}
    }
    let file_field = if multi_mode { "files" } else { "file" };
    if files.is_empty() {
        errors.add(file_field, "No file was submitted.");
    }
    if files.len() > MAX_FILES_PER_REQUEST {
        errors.add(
            file_field,
            format!("Ensure this field has no more than {MAX_FILES_PER_REQUEST} elements."),
        );
    }
    if !multi_mode && let Some(Err(text)) = files.first().map(|part| check_file(part)) {
        errors.add("file", text);
    }
    if multi_mode && call.behaviour.strict_asset_batches {
        // DRF validates a list of nested objects whole: one entry per file, `{}` for the good
        // ones (field notes §4).
        let per_file = files
            .iter()
            .map(|part| {
                let mut element = FieldErrors::default();
                if let Err(text) = check_file(part) {
                    element.add("file", text);
                }
                element
            })
            .collect();
        errors.nest_list("assets", per_file, call.behaviour.keyed_list_errors);
    }
    if !errors.is_empty() {
        return errors.into_reply();
    }
    let existing = state
        .assets
        .iter()
        .filter(|asset| asset.item_uid == uid)
        .count();
    if existing + files.len() > call.behaviour.photos_per_item_limit {
        return detail(
            400,
            &format!(
                "Photo limit reached: your subscription allows {} photos per item.",
                call.behaviour.photos_per_item_limit
            ),
        );
    }
    let description = field("description").unwrap_or_default();
    let identifying = field("is_identifying_asset")
        .is_some_and(|flag| matches!(flag.trim(), "true" | "True" | "1" | "on"));
    let kind = kind.unwrap_or_default();
    let now = clock::now_unix();
    let mut created = Vec::new();
    let mut failures = Vec::new();
    for part in files {
        let file_name = part
            .filename
            .clone()
            .unwrap_or_else(|| "upload".to_string());
        match check_file(part) {
            Ok(mime_type) => {
                let asset = InsticaAsset {
                    uid: state.next_uid("ast"),
                    item_uid: uid.to_string(),
                    kind: kind.clone(),
                    description: description.clone(),
                    file_name,
                    mime_type,
                    file_size: part.data.len(),
                    is_identifying_asset: identifying && created.is_empty(),
                    created: now,
                };
                if asset.is_identifying_asset {
                    for other in state
                        .assets
                        .iter_mut()
                        .filter(|other| other.item_uid == uid)
                    {
                        other.is_identifying_asset = false;
                    }
                }
                created.push(asset_json(call, &asset));
                state.assets.push(asset);
            }
            Err(text) => {
                failures.push(json!({ "file_name": file_name, "errors": { "file": [text] } }))
            }
        }
    }
    if !multi_mode {
        return match created.into_iter().next() {
            Some(asset) => json(201, &asset),
            None => detail(400, "No file was stored."),
        };
    }
    let created_count = created.len();
    let failed_count = failures.len();
    json(
        if created_count > 0 { 201 } else { 400 },
        &json!({
            "created": created,
            "errors": failures,
            "created_count": created_count,
            "failed_count": failed_count,
            "associated_inventory_items_count": usize::from(created_count > 0),
        }),
    )
}
