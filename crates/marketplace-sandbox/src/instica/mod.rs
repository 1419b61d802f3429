//! A fake of Instica's inventory API (`/api/v1/…`, every path ending in a slash).
//!
//! Point a client at [`Sandbox::base_url`], which ends in `/api/v1` as the client's base URL
//! does; a request outside `/api/v1/` is told, in its 404, which base URL to use. Authenticate
//! with `Authorization: Bearer <INSTICA_TOKEN>` or `X-API-Key: <DEFAULT_API_KEY>`. Lists are
//! paginated as `{count, next, previous, results}` with full `next` URLs.
//!
//! ```
//! # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
//! use marketplace_sandbox::instica::InsticaSandbox;
//!
//! let instica = InsticaSandbox::start_with_demo_data().await?;
//! assert!(instica.base_url().ends_with("/api/v1")); // the client's base URL
//! assert!(instica.items().len() > 100);
//! assert!(instica.item("inv_d4e5f6").is_some());
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```

mod assets;
mod builder;
mod bulk;
mod errors;
mod fixtures;
mod handle;
mod items;
mod model;
mod platforms;
mod reports;
mod state;

use http::{Method, StatusCode};
use serde_json::{Map, Value, json};
use wiremock::Request;

pub(crate) use errors::FieldErrors;
use errors::not_a_dictionary;
pub use model::{
    ASSET_MIME_TYPES, BULK_STATUSES, INSTICA_CONDITIONS, InsticaAsset, InsticaAuditEntry,
    InsticaItem, InsticaPlatform, InsticaPlatformListing, InsticaProduct, STATUSES,
};
use state::State;

use crate::sandbox::{Fake, Sandbox, SandboxBuilder};
use crate::support::http::{
    Reply, json, path_segments, query_number, query_pairs, request_header, url_with_query,
};
use crate::support::multipart::{self, MultipartError, Part};
use crate::support::server::Service;
use crate::support::store::Store;

/// Bearer token every sandbox accepts.
pub const INSTICA_TOKEN: &str = "sandbox-instica-token";
/// `X-API-Key` value every sandbox accepts.
pub const DEFAULT_API_KEY: &str = "sandbox-instica-api-key";
/// Most items one bulk request may name.
pub const MAX_BULK_ITEMS: usize = 100;

/// Where the API lives on the fake's origin; [`Sandbox::base_url`] ends with it.
const BASE_PATH: &str = "/api/v1";
const DEFAULT_PAGE_SIZE: usize = 10;
const MAX_PAGE_SIZE: usize = 100;
/// The fake's rate window, when a limit was configured.
const WINDOW: usize = 0;

/// A running Instica fake: the shared [`Sandbox`] handle, with the readers and seeders of
/// items, products, assets, listings and audit logs. Its [`Sandbox::base_url`] ends in
/// `/api/v1`, as the Instica client's base URL does.
pub type InsticaSandbox = Sandbox<InsticaFake>;

/// Configures an [`InsticaSandbox`] before it starts. Its `demo_data()` loads the demo data: 150
/// record-shop items (including `inv_d4e5f6`, the documented Abbey Road), their products, a few
/// eBay listings, and the eBay, Discogs (connected) and Etsy (not connected) platforms.
pub type InsticaSandboxBuilder = SandboxBuilder<InsticaFake>;

/// What `page_size` above the maximum of 100 does. Instica documents the maximum but not what
/// happens above it (field notes §4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InsticaPageSizeOverflow {
    /// Serve 100 per page, as DRF's `PageNumberPagination` with `max_page_size` does. The
    /// default.
    #[default]
    Clamp,
    /// Refuse with 400 `{"page_size": ["Ensure this value is less than or equal to 100."]}`.
    Refuse,
}

/// Settings a route handler reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Behaviour {
    pub(crate) photos_per_item_limit: usize,
    pub(crate) page_size_overflow: InsticaPageSizeOverflow,
    /// A multi-file upload with a bad file is refused whole with a DRF list error.
    pub(crate) strict_asset_batches: bool,
    /// Lists of nested objects report only their failing elements, keyed by index.
    pub(crate) keyed_list_errors: bool,
    /// `X-API-Key` is accepted.
    pub(crate) api_key_auth: bool,
}

/// What a route handler gets.
pub(crate) struct Call<'a> {
    pub(crate) request: &'a Request,
    pub(crate) base: &'a str,
    pub(crate) behaviour: Behaviour,
}

impl Call<'_> {
    /// The JSON object body, or a 400 `{"detail": …}`.
    pub(crate) fn json_object(&self) -> Result<Map<String, Value>, Reply> {
        if self.request.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Map::new());
        }
        match serde_json::from_slice::<Value>(&self.request.body) {
            Ok(Value::Object(object)) => Ok(object),
            Ok(other) => Err(not_a_dictionary(&other).into_reply()),
            Err(error) => Err(detail(400, &format!("JSON parse error - {error}"))),
        }
    }

    /// The parts of a multipart body, or the 415 (not multipart) or 400 (unreadable) answer.
    pub(crate) fn multipart(&self) -> Result<Vec<Part>, Reply> {
        let content_type = request_header(self.request, "content-type");
        multipart::parse(content_type, &self.request.body).map_err(|error| match error {
            MultipartError::NotMultipart => detail(
                415,
                &format!(
                    "Unsupported media type \"{}\" in request.",
                    content_type.unwrap_or_default()
                ),
            ),
            MultipartError::Malformed => detail(
                400,
                "Multipart form parse error - the body could not be read.",
            ),
        })
    }
}

/// `{"detail": …}`
pub(crate) fn detail(status: u16, text: &str) -> Reply {
    json(status, &json!({ "detail": text }))
}

pub(crate) fn not_found() -> Reply {
    detail(404, "Not found.")
}

/// A `{count, next, previous, results}` page with full URLs, rendering only the page's results.
pub(crate) fn paginate<T>(
    call: &Call<'_>,
    results: Vec<T>,
    render: impl FnMut(T) -> Value,
) -> Reply {
    let pairs = query_pairs(call.request);
    let number = |key: &str| query_number(&pairs, key);
    let page_size = match number("page_size") {
        Some(Some(size))
            if size > MAX_PAGE_SIZE
                && call.behaviour.page_size_overflow == InsticaPageSizeOverflow::Refuse =>
        {
            let mut errors = FieldErrors::default();
            errors.add(
                "page_size",
                format!("Ensure this value is less than or equal to {MAX_PAGE_SIZE}."),
            );
            return errors.into_reply();
        }
        Some(Some(size)) if size > 0 => size.min(MAX_PAGE_SIZE),
        _ => DEFAULT_PAGE_SIZE,
    };
    let count = results.len();
    let pages = count.div_ceil(page_size).max(1);
    let page = match number("page") {
        None => 1,
        Some(Some(page)) if page >= 1 && page <= pages => page,
        Some(_) => return detail(404, "Invalid page."),
    };
    let kept: Vec<(String, String)> = pairs
        .iter()
        .filter(|(name, _)| name != "page")
        .cloned()
        .collect();
    let page_url = |target: usize| {
        let mut query = kept.clone();
        if target > 1 {
            query.push(("page".to_string(), target.to_string()));
        }
        Value::String(url_with_query(call.base, call.request.url.path(), &query))
    };
    let next = if page < pages {
        page_url(page + 1)
    } else {
        Value::Null
    };
    let previous = if page > 1 {
        page_url(page - 1)
    } else {
        Value::Null
    };
    let results: Vec<Value> = results
        .into_iter()
        .skip((page - 1) * page_size)
        .take(page_size)
        .map(render)
        .collect();
    json(
        200,
        &json!({ "count": count, "next": next, "previous": previous, "results": results }),
    )
}

/// The 404 for a path outside the API: it names the host and the base path, so a client whose
/// base URL lacks `/api/v1` learns what to use.
fn outside_base_path(origin: &str) -> Reply {
    let host = origin.trim_start_matches("http://");
    detail(
        404,
        &format!(
            "Not found. The Instica sandbox on {host} serves its API under {BASE_PATH}/: use {origin}{BASE_PATH} as the client's base URL."
        ),
    )
}

/// The Instica fake behind an [`InsticaSandbox`]: the credentials it accepts, the photo limit,
/// its state and its optional rate window. Reached only through the handle.
pub struct InsticaFake {
    tokens: Vec<String>,
    api_keys: Vec<String>,
    behaviour: Behaviour,
    store: Store<State>,
}

impl InsticaFake {
    fn authenticate(&self, request: &Request) -> Result<(), Reply> {
        if let Some(authorization) = request_header(request, "authorization") {
            let token = authorization
                .strip_prefix("Bearer ")
                .or_else(|| authorization.strip_prefix("Token "))
                .map(str::trim);
            return match token {
                Some(token) if self.tokens.iter().any(|known| known == token) => Ok(()),
                _ => Err(detail(401, "Invalid token.")),
            };
        }
        if let Some(key) =
            request_header(request, "x-api-key").filter(|_| self.behaviour.api_key_auth)
        {
            return if self.api_keys.iter().any(|known| known == key.trim()) {
                Ok(())
            } else {
                Err(detail(401, "Invalid API key."))
            };
        }
        Err(detail(401, "Authentication credentials were not provided."))
    }

    fn route(&self, request: &Request, base: &str) -> Reply {
        let segments = path_segments(request);
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        // Export files stand in for CDN downloads: no credentials, no trailing slash.
        if let ["media", "exports", file] = segments.as_slice() {
            return reports::export_file(&self.store.state(), file);
        }
        let rest: Vec<&str> = match segments.as_slice() {
            ["api", "v1", rest @ .., ""] => rest.to_vec(),
            ["api", "v1", ..] => return not_found(),
            _ => return outside_base_path(base),
        };
        if let Err(reply) = self.authenticate(request) {
            return reply;
        }
        let call = Call {
            request,
            base,
            behaviour: self.behaviour,
        };
        let mut state = self.store.state();
        state.settle();
        let state = &mut *state;
        let method = &request.method;
        match (method, rest.as_slice()) {
            (&Method::GET, ["inventory"]) => items::list(&call, state),
            (&Method::POST, ["inventory"]) => items::create(&call, state),
            // `settings` is the path clients use; `config`, the fake's earlier name, still answers.
            (&Method::GET, ["inventory", "bulk", "settings" | "config"]) => bulk::settings(),
            (&Method::POST, ["inventory", "bulk", operation]) => bulk::run(&call, state, operation),
            (&Method::GET, ["inventory", "analytics", "summary"]) => reports::summary(state),
            (&Method::GET, ["inventory", "analytics", "trends"]) => reports::trends(&call, state),
            (&Method::GET, ["inventory", "export", "csv"]) => reports::export_csv_now(state),
            (&Method::POST, ["inventory", "import", "csv"]) => reports::import_csv(&call, state),
            (&Method::GET, ["inventory", "types"]) => reports::item_types(&call, None),
            (&Method::GET, ["inventory", "types", "search"]) => {
                reports::item_types(&call, Some(None))
            }
            (&Method::GET, ["inventory", "types", "platform", slug, "search"]) => {
                if state.platform(slug).is_none() {
                    return not_found();
                }
                reports::item_types(&call, Some(Some(slug)))
            }
            (&Method::GET, ["inventory", "choices", kind]) => reports::choices(kind),
            (&Method::GET, ["inventory", uid]) => items::show(&call, state, uid),
            (&Method::PATCH, ["inventory", uid]) => items::update(&call, state, uid),
            (&Method::DELETE, ["inventory", uid]) => items::delete(state, uid),
            (&Method::GET, ["inventory", uid, "assets"]) => assets::list(&call, state, uid),
            (&Method::POST, ["inventory", uid, "assets"]) => {
                assets::upload(&call, state, uid, false)
            }
            (&Method::POST, ["inventory", uid, "assets", "batch"]) => {
                assets::upload(&call, state, uid, true)
            }
            (&Method::DELETE, ["inventory", uid, "assets", asset]) => {
                assets::delete(state, uid, asset)
            }
            (&Method::GET, ["inventory", uid, "listings"]) => {
                platforms::listings(&call, state, uid)
            }
            (&Method::GET, ["inventory", uid, "platforms"]) => {
                platforms::platforms(&call, state, uid)
            }
            (&Method::POST, ["inventory", uid, "platforms", "bulk", action]) => {
                platforms::bulk_for_item(&call, state, uid, action)
            }
            (&Method::GET, ["inventory", uid, "platforms", slug]) => {
                platforms::platform_detail(&call, state, uid, slug)
            }
            (&Method::POST, ["inventory", uid, "platforms", slug, action]) => {
                platforms::single(&call, state, uid, slug, action)
            }
            (&Method::POST, ["inventory", uid, "platform", _slug, action, "all"]) => {
                platforms::all_connected(&call, state, uid, action)
            }
            (&Method::GET, ["inventory", uid, "audit-logs"]) => {
                reports::audit_logs(&call, state, uid)
            }
            (&Method::GET, ["exports"]) => reports::list_exports(&call, state),
            (&Method::POST, ["exports", "inventory", "csv"]) => {
                reports::create_export(&call, state)
            }
            (&Method::GET, ["exports", uid]) => reports::show_export(&call, state, uid),
            _ => not_found(),
        }
    }
}

impl Service for InsticaFake {
    type State = State;
    type Settings = builder::Settings;
    const NAME: &'static str = "InsticaSandbox";
    const BASE_PATH: &'static str = BASE_PATH;

    fn build(settings: builder::Settings, demo_data: bool) -> Self {
        builder::build(settings, demo_data)
    }

    fn store(&self) -> &Store<State> {
        &self.store
    }

    fn handle(&self, request: &Request, origin: &str) -> Reply {
        if let Some(wait) = self.store.refusal(WINDOW) {
            return detail(
                429,
                &format!("Request was throttled. Expected available in {wait} seconds."),
            )
            .with_header("retry-after", &wait.to_string());
        }
        self.route(request, origin)
    }

    fn injected_failure(&self, _request: &Request, status: StatusCode) -> Reply {
        detail(
            status.as_u16(),
            status.canonical_reason().unwrap_or("Server error."),
        )
    }
}

impl Fake for InsticaFake {}
