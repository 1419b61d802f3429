//! A fake of Instica's inventory API (`/api/v1/…`, every path ending in a slash).
//!
//! Authenticate with `Authorization: Bearer <DEFAULT_TOKEN>` or `X-API-Key: <DEFAULT_API_KEY>`.
//! Lists are paginated as `{count, next, previous, results}` with full `next` URLs.
//!
//! ```
//! # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
//! use marketplace_sandbox::instica::InsticaSandbox;
//!
//! let instica = InsticaSandbox::start_with_demo_data().await?;
//! assert!(instica.items().len() > 100);
//! assert!(instica.item("inv_d4e5f6").is_some());
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```

mod assets;
mod bulk;
mod fixtures;
mod items;
mod model;
mod platforms;
mod reports;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use http::{Method, StatusCode};
use serde_json::{Map, Value, json};
use wiremock::Request;

use model::ExportJob;
pub use model::{
    Asset, AuditEntry, BULK_STATUSES, CONDITIONS, InsticaItem, Platform, PlatformListing, Product,
    STATUSES, SUPPORTED_MIME_TYPES,
};

use crate::support::http::{
    Reply, json, path_segments, query_pairs, request_header, url_with_query,
};
use crate::support::rate_limit::SlidingWindow;
use crate::support::server::{SandboxServer, Service};
use crate::{FaultSwitches, RateLimit, RequestLog, SandboxError};

/// Bearer token every sandbox accepts.
pub const DEFAULT_TOKEN: &str = "sandbox-instica-token";
/// `X-API-Key` value every sandbox accepts.
pub const DEFAULT_API_KEY: &str = "sandbox-instica-api-key";
/// Most items one bulk request may name.
pub const MAX_BULK_ITEMS: usize = 100;

const DEFAULT_PAGE_SIZE: usize = 10;
const MAX_PAGE_SIZE: usize = 100;

/// Everything the fake holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub(crate) products: BTreeMap<String, Product>,
    /// Items in creation order.
    pub(crate) items: Vec<InsticaItem>,
    pub(crate) assets: Vec<Asset>,
    pub(crate) listings: Vec<PlatformListing>,
    pub(crate) platforms: Vec<Platform>,
    pub(crate) audit: Vec<AuditEntry>,
    pub(crate) exports: Vec<ExportJob>,
    counter: u64,
}

impl State {
    /// A fresh identifier with a prefix, e.g. `inv_000123`.
    pub(crate) fn next_uid(&mut self, prefix: &str) -> String {
        loop {
            self.counter += 1;
            let uid = format!("{prefix}_{:06}", self.counter);
            let taken =
                self.items.iter().any(|item| item.uid == uid) || self.products.contains_key(&uid);
            if !taken {
                return uid;
            }
        }
    }

    pub(crate) fn item(&self, uid: &str) -> Option<&InsticaItem> {
        self.items
            .iter()
            .find(|item| item.uid == uid && !item.deleted)
    }

    pub(crate) fn item_mut(&mut self, uid: &str) -> Option<&mut InsticaItem> {
        self.items
            .iter_mut()
            .find(|item| item.uid == uid && !item.deleted)
    }

    pub(crate) fn platform(&self, slug: &str) -> Option<&Platform> {
        self.platforms.iter().find(|platform| platform.slug == slug)
    }

    /// Whether an item has a listing that is live or on its way.
    pub(crate) fn has_active_listing(&self, uid: &str) -> bool {
        self.listings.iter().any(|listing| {
            listing.item_uid == uid
                && matches!(
                    listing.status.as_str(),
                    "in_progress" | "listed" | "draft" | "delisting"
                )
        })
    }

    pub(crate) fn is_deletable(&self, item: &InsticaItem) -> bool {
        item.status != "sold" && !self.has_active_listing(&item.uid)
    }

    fn insert_item(&mut self, mut item: InsticaItem) -> String {
        if item.uid.is_empty() {
            item.uid = self.next_uid("inv");
        }
        let uid = item.uid.clone();
        self.items.retain(|existing| existing.uid != uid);
        self.items.push(item);
        uid
    }

    pub(crate) fn audit(&mut self, mut entry: AuditEntry) {
        entry.uid = self.next_uid("log");
        self.audit.push(entry);
    }

    /// Moves work that was "submitted" on an earlier request to its outcome: listings in
    /// progress become listed (or drafts), delistings finish, export jobs complete.
    fn settle(&mut self) {
        let now = crate::support::clock::now_unix();
        let mut listed_items = Vec::new();
        let mut delisted_items = Vec::new();
        for listing in &mut self.listings {
            match listing.status.as_str() {
                "in_progress" => {
                    if listing.is_draft {
                        listing.status = "draft".to_string();
                    } else {
                        listing.status = "listed".to_string();
                        listed_items.push(listing.item_uid.clone());
                    }
                }
                "delisting" => {
                    listing.status = "delisted".to_string();
                    delisted_items.push(listing.item_uid.clone());
                }
                _ => {}
            }
        }
        for uid in listed_items {
            if let Some(item) = self.item_mut(&uid) {
                item.status = "listed".to_string();
                item.listed_at.get_or_insert(now);
            }
        }
        for uid in delisted_items {
            let still_listed = self
                .listings
                .iter()
                .any(|listing| listing.item_uid == uid && listing.status == "listed");
            if let Some(item) = self.item_mut(&uid)
                && !still_listed
                && item.status == "listed"
            {
                item.status = "ready-to-sell".to_string();
            }
        }
        for job in &mut self.exports {
            if job.status == "processing" {
                job.status = "completed".to_string();
            }
        }
    }
}

/// What a route handler gets.
pub(crate) struct Call<'a> {
    pub(crate) request: &'a Request,
    pub(crate) base: &'a str,
    pub(crate) photos_per_item_limit: usize,
}

impl Call<'_> {
    /// The JSON object body, or a 400 `{"detail": …}`.
    pub(crate) fn json_object(&self) -> Result<Map<String, Value>, Reply> {
        if self.request.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Map::new());
        }
        match serde_json::from_slice::<Value>(&self.request.body) {
            Ok(Value::Object(object)) => Ok(object),
            Ok(_) => Err(detail(400, "Expected a JSON object.")),
            Err(error) => Err(detail(400, &format!("JSON parse error - {error}"))),
        }
    }
}

/// `{"detail": …}`
pub(crate) fn detail(status: u16, text: &str) -> Reply {
    json(status, &json!({ "detail": text }))
}

pub(crate) fn not_found() -> Reply {
    detail(404, "Not found.")
}

/// Field errors collected while validating a body: `{"field": ["message"]}`.
#[derive(Debug, Default)]
pub(crate) struct FieldErrors(Map<String, Value>);

impl FieldErrors {
    pub(crate) fn add(&mut self, field: &str, text: impl Into<String>) {
        let entry = self
            .0
            .entry(field.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(Value::String(text.into()));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    pub(crate) fn into_reply(self) -> Reply {
        json(400, &Value::Object(self.0))
    }
}

/// A `{count, next, previous, results}` page with full URLs.
pub(crate) fn paginate(call: &Call<'_>, results: Vec<Value>) -> Reply {
    let pairs = query_pairs(call.request);
    let number = |key: &str| {
        pairs
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.trim().parse::<usize>().ok())
    };
    let page_size = match number("page_size") {
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
        .collect();
    json(
        200,
        &json!({ "count": count, "next": next, "previous": previous, "results": results }),
    )
}

struct InsticaService {
    tokens: Vec<String>,
    api_keys: Vec<String>,
    photos_per_item_limit: usize,
    state: Mutex<State>,
    initial: State,
    window: Option<Mutex<SlidingWindow>>,
}

impl InsticaService {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

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
        if let Some(key) = request_header(request, "x-api-key") {
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
            return reports::export_file(&self.state(), file);
        }
        let rest: Vec<&str> = match segments.as_slice() {
            ["api", "v1", rest @ .., ""] => rest.to_vec(),
            _ => return not_found(),
        };
        if let Err(reply) = self.authenticate(request) {
            return reply;
        }
        let call = Call {
            request,
            base,
            photos_per_item_limit: self.photos_per_item_limit,
        };
        let mut state = self.state();
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

impl Service for InsticaService {
    fn handle(&self, request: &Request, base_url: &str) -> Reply {
        if let Some(window) = &self.window {
            let decision = window
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .try_acquire(Instant::now());
            if !decision.allowed {
                let wait = decision.resets_in.as_secs().max(1);
                return detail(
                    429,
                    &format!("Request was throttled. Expected available in {wait} seconds."),
                )
                .with_header("retry-after", &wait.to_string());
            }
        }
        self.route(request, base_url)
    }

    fn injected_failure(&self, _request: &Request, status: StatusCode) -> Reply {
        detail(
            status.as_u16(),
            status.canonical_reason().unwrap_or("Server error."),
        )
    }
}

/// Configures an [`InsticaSandbox`] before it starts.
#[derive(Debug, Clone)]
pub struct InsticaSandboxBuilder {
    tokens: Vec<String>,
    api_keys: Vec<String>,
    photos_per_item_limit: usize,
    rate_limit: Option<RateLimit>,
    demo_data: bool,
    products: Vec<Product>,
    items: Vec<InsticaItem>,
}

impl Default for InsticaSandboxBuilder {
    fn default() -> Self {
        Self {
            tokens: vec![DEFAULT_TOKEN.to_string()],
            api_keys: vec![DEFAULT_API_KEY.to_string()],
            photos_per_item_limit: 24,
            rate_limit: None,
            demo_data: false,
            products: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl InsticaSandboxBuilder {
    /// Accepts another bearer token.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.tokens.push(token.into());
        self
    }

    /// Accepts another `X-API-Key`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_keys.push(key.into());
        self
    }

    /// Sets the subscription's photos-per-item limit (default 24).
    pub fn photos_per_item_limit(mut self, limit: usize) -> Self {
        self.photos_per_item_limit = limit;
        self
    }

    /// Refuses requests past this budget with 429 (none by default: the documentation names
    /// no limit).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Loads the demo data: 150 record-shop items (including `inv_d4e5f6`, the documented
    /// Abbey Road), their products, a few eBay listings, and the eBay, Discogs (connected) and
    /// Etsy (not connected) platforms.
    pub fn demo_data(mut self) -> Self {
        self.demo_data = true;
        self
    }

    /// Adds a product.
    pub fn product(mut self, product: Product) -> Self {
        self.products.push(product);
        self
    }

    /// Adds an item (an empty uid gets one assigned).
    pub fn item(mut self, item: InsticaItem) -> Self {
        self.items.push(item);
        self
    }

    /// Starts the fake on a loopback port.
    pub async fn start(self) -> Result<InsticaSandbox, SandboxError> {
        let mut state = State {
            platforms: fixtures::platforms(),
            ..State::default()
        };
        if self.demo_data {
            fixtures::load(&mut state);
        }
        for product in self.products {
            state.products.insert(product.uid.clone(), product);
        }
        for item in self.items {
            state.insert_item(item);
        }
        let service = Arc::new(InsticaService {
            tokens: self.tokens,
            api_keys: self.api_keys,
            photos_per_item_limit: self.photos_per_item_limit,
            initial: state.clone(),
            state: Mutex::new(state),
            window: self
                .rate_limit
                .map(|limit| Mutex::new(SlidingWindow::new(limit))),
        });
        let server = SandboxServer::start(Arc::clone(&service)).await?;
        Ok(InsticaSandbox { server, service })
    }
}

/// A running Instica fake. Dropping it stops the server.
pub struct InsticaSandbox {
    server: SandboxServer,
    service: Arc<InsticaService>,
}

impl std::fmt::Debug for InsticaSandbox {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("InsticaSandbox")
            .field("base_url", &self.server.base_url())
            .finish_non_exhaustive()
    }
}

impl InsticaSandbox {
    /// Starts an empty fake (platforms only).
    pub async fn start() -> Result<Self, SandboxError> {
        Self::builder().start().await
    }

    /// Starts a fake loaded with the demo data (see [`InsticaSandboxBuilder::demo_data`]).
    pub async fn start_with_demo_data() -> Result<Self, SandboxError> {
        Self::builder().demo_data().start().await
    }

    /// Configures a fake before starting it.
    pub fn builder() -> InsticaSandboxBuilder {
        InsticaSandboxBuilder::default()
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash (paths start with `/api/v1/`).
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    /// The fault switches.
    pub fn faults(&self) -> &FaultSwitches {
        self.server.faults()
    }

    /// Every request received so far.
    pub fn request_log(&self) -> &RequestLog {
        self.server.log()
    }

    /// Returns to the state the fake started with, and clears the log, faults and rate window.
    pub fn reset(&self) {
        *self.service.state() = self.service.initial.clone();
        if let Some(window) = &self.service.window {
            window
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .reset();
        }
        self.server.faults().clear();
        self.server.log().clear();
    }

    /// Every item that is not deleted, in creation order.
    pub fn items(&self) -> Vec<InsticaItem> {
        self.service
            .state()
            .items
            .iter()
            .filter(|item| !item.deleted)
            .cloned()
            .collect()
    }

    /// One item, deleted or not.
    pub fn item(&self, uid: &str) -> Option<InsticaItem> {
        self.service
            .state()
            .items
            .iter()
            .find(|item| item.uid == uid)
            .cloned()
    }

    /// The products.
    pub fn products(&self) -> Vec<Product> {
        self.service.state().products.values().cloned().collect()
    }

    /// The assets of an item.
    pub fn assets(&self, item_uid: &str) -> Vec<Asset> {
        self.service
            .state()
            .assets
            .iter()
            .filter(|asset| asset.item_uid == item_uid)
            .cloned()
            .collect()
    }

    /// The platform listings of an item.
    pub fn listings(&self, item_uid: &str) -> Vec<PlatformListing> {
        self.service
            .state()
            .listings
            .iter()
            .filter(|listing| listing.item_uid == item_uid)
            .cloned()
            .collect()
    }

    /// The audit log of an item, oldest first.
    pub fn audit_logs(&self, item_uid: &str) -> Vec<AuditEntry> {
        self.service
            .state()
            .audit
            .iter()
            .filter(|entry| entry.item_uid == item_uid)
            .cloned()
            .collect()
    }

    /// Adds a product.
    pub fn seed_product(&self, product: Product) {
        self.service
            .state()
            .products
            .insert(product.uid.clone(), product);
    }

    /// Adds an item and returns its uid (an empty uid gets one assigned).
    pub fn seed_item(&self, item: InsticaItem) -> String {
        self.service.state().insert_item(item)
    }

    /// Completes submitted listings, delistings and export jobs now instead of on the next
    /// request.
    pub fn settle(&self) {
        self.service.state().settle();
    }
}
