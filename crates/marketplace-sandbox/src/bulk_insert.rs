//! A fake of the bulk-insert inventory API: stock and transit records per location.
//!
//! Every request must carry an `x-site-context` header holding JSON with `date`, `channel`,
//! `account` and `stage`; the account must be one the fake knows. When an API key is configured,
//! `x-api-key` must carry it.
//!
//! ```
//! # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
//! use marketplace_sandbox::bulk_insert::BulkInsertSandbox;
//!
//! let bulk = BulkInsertSandbox::start_with_demo_data().await?;
//! assert_eq!(bulk.stock_quantity("1000000213", 104), Some(30003));
//! assert!(bulk.site_context().contains("\"stage\":\"sandbox\""));
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use http::{Method, StatusCode};
use serde_json::{Value, json};
use wiremock::Request;

use crate::support::clock;
use crate::support::http::{
    Reply, integer_from_json, json, message, path_segments, query_value, request_header,
    text_from_json,
};
use crate::support::rate_limit::SlidingWindow;
use crate::support::server::{SandboxServer, Service};
use crate::{FaultSwitches, RateLimit, RequestLog, SandboxError};

/// The account id every sandbox knows (the one in the vendor's example).
pub const DEFAULT_ACCOUNT: &str = "5f493c9f30ec2a0007a94fc8";
/// The channel of the demo data.
pub const DEFAULT_CHANNEL: i64 = 12;

/// A stock location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The location id rows refer to.
    pub id: i64,
    /// A readable name.
    pub name: String,
}

impl Location {
    /// A location.
    pub fn new(id: i64, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }
}

/// Whether a record counts stock on hand or stock on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecordKind {
    /// Stock on hand.
    Stock,
    /// Stock on its way, with order and arrival dates.
    Transit,
}

impl RecordKind {
    /// The spelling in the API (`Stock`, `Transit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stock => "Stock",
            Self::Transit => "Transit",
        }
    }
}

/// The quantity of one item at one location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRecord {
    /// The item id.
    pub item_id: String,
    /// The item's SKU, when known.
    pub sku: Option<String>,
    /// Where it is.
    pub location_id: i64,
    /// Stock or transit.
    pub kind: RecordKind,
    /// The total quantity.
    pub quantity: i64,
    /// The sales channel.
    pub channel_id: Option<i64>,
    /// Transit only: when it was ordered (`YYYY-MM-DD`).
    pub transit_order_date: Option<String>,
    /// Transit only: when it is expected in stock (`YYYY-MM-DD`).
    pub transit_stock_date: Option<String>,
    /// Transit only: the shipment reference.
    pub transit_ref: Option<String>,
}

impl StockRecord {
    /// Stock on hand of an item at a location, in [`DEFAULT_CHANNEL`].
    pub fn stock(item_id: impl Into<String>, location_id: i64, quantity: i64) -> Self {
        Self {
            item_id: item_id.into(),
            sku: None,
            location_id,
            kind: RecordKind::Stock,
            quantity,
            channel_id: Some(DEFAULT_CHANNEL),
            transit_order_date: None,
            transit_stock_date: None,
            transit_ref: None,
        }
    }

    fn same_slot(&self, other: &Self) -> bool {
        self.item_id == other.item_id
            && self.location_id == other.location_id
            && self.kind == other.kind
            && self.transit_ref == other.transit_ref
    }
}

/// The summary of one accepted bulk insert.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportJob {
    /// The job's `_id`.
    pub id: String,
    /// Rows in the request.
    pub total_rows: usize,
    /// Distinct items in the request.
    pub total_items: usize,
}

#[derive(Debug, Clone, Default)]
struct State {
    locations: Vec<Location>,
    /// Known `(item id, sku)` pairs, so a row may name an item by either.
    catalogue: Vec<(String, Option<String>)>,
    records: Vec<StockRecord>,
    jobs: Vec<ImportJob>,
    next_item_number: u64,
    job_counter: u64,
}

impl State {
    fn resolve_item(&mut self, item_id: Option<&str>, sku: Option<&str>) -> String {
        if let Some(item_id) = item_id {
            match self.catalogue.iter_mut().find(|(id, _)| id == item_id) {
                Some(entry) => {
                    if entry.1.is_none() {
                        entry.1 = sku.map(str::to_string);
                    }
                }
                None => self
                    .catalogue
                    .push((item_id.to_string(), sku.map(str::to_string))),
            }
            return item_id.to_string();
        }
        let sku = sku.unwrap_or_default();
        if let Some((id, _)) = self
            .catalogue
            .iter()
            .find(|(_, known)| known.as_deref() == Some(sku))
        {
            return id.clone();
        }
        self.next_item_number = self.next_item_number.max(2_000_000_000) + 1;
        let id = self.next_item_number.to_string();
        self.catalogue.push((id.clone(), Some(sku.to_string())));
        id
    }

    fn sku_of(&self, item_id: &str) -> Option<String> {
        self.catalogue
            .iter()
            .find(|(id, _)| id == item_id)
            .and_then(|(_, sku)| sku.clone())
    }
}

struct BulkService {
    accounts: BTreeSet<String>,
    api_key: Option<String>,
    state: Mutex<State>,
    initial: State,
    window: Option<Mutex<SlidingWindow>>,
}

/// A validated row, before it is applied.
struct Row {
    item_id: Option<String>,
    sku: Option<String>,
    record: StockRecord,
}

impl BulkService {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn check_headers(&self, request: &Request) -> Result<(), Reply> {
        if let Some(expected) = &self.api_key {
            match request_header(request, "x-api-key") {
                None => return Err(message(403, "Missing x-api-key")),
                Some(key) if key != expected => return Err(message(403, "Forbidden")),
                Some(_) => {}
            }
        }
        let Some(context) = request_header(request, "x-site-context") else {
            return Err(message(400, "Missing x-site-context header."));
        };
        let context: Value = serde_json::from_str(context).map_err(|_| {
            message(
                400,
                "Invalid x-site-context header: expected a JSON object.",
            )
        })?;
        for field in ["date", "channel", "account", "stage"] {
            if context.get(field).is_none_or(Value::is_null) {
                return Err(message(
                    400,
                    &format!("Invalid x-site-context header: \"{field}\" is required."),
                ));
            }
        }
        let account = context
            .get("account")
            .and_then(text_from_json)
            .unwrap_or_default();
        if !self.accounts.contains(&account) {
            // The vendor documents a bare 500 for an account it does not know.
            return Err(message(500, "Internal Server Error"));
        }
        Ok(())
    }

    fn route(&self, request: &Request) -> Reply {
        if let Err(reply) = self.check_headers(request) {
            return reply;
        }
        let segments = path_segments(request);
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match (&request.method, segments.as_slice()) {
            (&Method::POST, ["inventory", "bulk-insert"]) => self.bulk_insert(request),
            (&Method::POST, ["inventory"]) => self.stock_of_items(request),
            (&Method::GET, ["inventory", "location", location]) => {
                self.location_inventory(request, location)
            }
            _ => message(404, "Not Found"),
        }
    }

    fn bulk_insert(&self, request: &Request) -> Reply {
        let body: Value = match serde_json::from_slice(&request.body) {
            Ok(body) => body,
            Err(_) => return message(400, "Inventory insert failed: the body is not valid JSON."),
        };
        let rows = match body {
            Value::Array(rows) => rows,
            Value::Object(ref object) => match object.get("items") {
                Some(Value::Array(rows)) => rows.clone(),
                _ => vec![body.clone()],
            },
            _ => Vec::new(),
        };
        if rows.is_empty() {
            return message(400, "Inventory insert failed: no rows found.");
        }
        let mut state = self.state();
        let mut parsed = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            match parse_row(&state, row) {
                Ok(row) => parsed.push(row),
                Err(reason) => {
                    return message(
                        400,
                        &format!("Inventory insert failed: Row {}: {reason}", index + 1),
                    );
                }
            }
        }
        let mut items = BTreeSet::new();
        for row in parsed {
            let item_id = state.resolve_item(row.item_id.as_deref(), row.sku.as_deref());
            items.insert(item_id.clone());
            let mut record = row.record;
            record.sku = state.sku_of(&item_id);
            record.item_id = item_id;
            match state
                .records
                .iter_mut()
                .find(|existing| existing.same_slot(&record))
            {
                Some(existing) => *existing = record,
                None => state.records.push(record),
            }
        }
        let now = clock::now_unix();
        let millis = clock::now_unix_millis();
        state.job_counter += 1;
        let id = format!("{:08x}{:016x}", now, state.job_counter);
        let total_rows = rows.len();
        let total_items = items.len();
        state.jobs.push(ImportJob {
            id: id.clone(),
            total_rows,
            total_items,
        });
        let started = clock::javascript_date(now);
        json(
            200,
            &json!({
                "_id": id,
                "messages": [
                    format!("Import Inventory job started: {started}"),
                    format!("{total_rows} row(s) found"),
                    format!("{total_items} Inventory Item(s) found"),
                    format!("Successfully saved {total_items} items "),
                    format!("Successfully finished API Inventory Bulk Upload: {started}"),
                ],
                "keyId": format!("api-{millis}"),
                "type": "api",
                "status": "FINISHED",
                "totalItems": total_items,
                "totalItemsUploaded": total_items,
                "totalRows": total_rows,
                "totalRowsErrors": 0,
                "createdAt": clock::rfc3339_millis_z(millis),
                "updatedAt": clock::rfc3339_millis_z(millis),
                "__v": 0,
            }),
        )
    }

    fn stock_of_items(&self, request: &Request) -> Reply {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let Some(items) = body.get("items").and_then(Value::as_array) else {
            return message(400, "\"items\" is required and must be an array.");
        };
        let channel = body.get("channelId").and_then(integer_from_json);
        let state = self.state();
        let mut answers = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let Some(item_id) = item.get("itemId").and_then(text_from_json) else {
                return message(400, &format!("Row {}: \"itemId\" is required.", index + 1));
            };
            let wanted = item
                .get("quantity")
                .and_then(integer_from_json)
                .unwrap_or(1);
            let available: i64 = state
                .records
                .iter()
                .filter(|record| record.item_id == item_id && record.kind == RecordKind::Stock)
                .filter(|record| {
                    channel.is_none() || record.channel_id.is_none() || record.channel_id == channel
                })
                .map(|record| record.quantity)
                .sum();
            answers.push(json!({
                "itemId": item_id,
                "quantity": wanted,
                "inStock": available >= wanted && available > 0,
                "availableTotal": available,
            }));
        }
        json(200, &json!({ "items": answers }))
    }

    fn location_inventory(&self, request: &Request, location: &str) -> Reply {
        let state = self.state();
        let Some(location_id) = location
            .parse::<i64>()
            .ok()
            .filter(|id| state.locations.iter().any(|known| known.id == *id))
        else {
            return message(404, &format!("Cannot find \"Location Id\" {location}."));
        };
        let number = |key: &str, default: usize| {
            query_value(request, key)
                .and_then(|text| text.trim().parse::<usize>().ok())
                .unwrap_or(default)
        };
        let offset = number("offset", 0);
        let limit = number("limit", 50).clamp(1, 500);
        let records: Vec<&StockRecord> = state
            .records
            .iter()
            .filter(|record| record.location_id == location_id)
            .collect();
        let inventories: Vec<Value> = records
            .iter()
            .skip(offset)
            .take(limit)
            .map(|record| {
                json!({
                    "itemId": record.item_id,
                    "sku": record.sku,
                    "locationId": record.location_id,
                    "type": record.kind.as_str(),
                    "totalQuantity": record.quantity,
                    "channelId": record.channel_id,
                    "transitOrderDate": record.transit_order_date,
                    "transitStockDate": record.transit_stock_date,
                    "transitRef": record.transit_ref,
                })
            })
            .collect();
        json(
            200,
            &json!({
                "query": { "limit": limit, "offset": offset, "count": records.len() },
                "inventories": inventories,
            }),
        )
    }
}

fn parse_row(state: &State, row: &Value) -> Result<Row, String> {
    if !row.is_object() {
        return Err("expected an object.".to_string());
    }
    let text = |key: &str| {
        row.get(key)
            .and_then(text_from_json)
            .filter(|value| !value.trim().is_empty())
    };
    let item_id = text("itemId");
    let sku = text("sku");
    if item_id.is_none() && sku.is_none() {
        return Err("\"sku\" or \"itemId\" is required.".to_string());
    }
    let quantity = row
        .get("totalQuantity")
        .and_then(integer_from_json)
        .filter(|quantity| *quantity >= 0)
        .ok_or("\"totalQuantity\" must be a non-negative integer.")?;
    let location_text = text("locationId").ok_or("\"locationId\" is required.")?;
    let location_id = location_text
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| state.locations.iter().any(|location| location.id == *id))
        .ok_or_else(|| format!("Cannot find \"Location Id\" {location_text}."))?;
    let kind = match text("type").as_deref() {
        Some("Stock") | None => RecordKind::Stock,
        Some("Transit") => RecordKind::Transit,
        Some(other) => {
            return Err(format!(
                "\"type\" must be Stock or Transit, not \"{other}\"."
            ));
        }
    };
    let channel_id = match row.get("channelId").filter(|value| !value.is_null()) {
        None => None,
        Some(value) => Some(integer_from_json(value).ok_or("\"channelId\" must be a number.")?),
    };
    let date = |key: &str| -> Result<Option<String>, String> {
        match text(key) {
            None => Ok(None),
            Some(value) if clock::parse_datetime(&value).is_some() => Ok(Some(value)),
            Some(value) => Err(format!("\"{key}\" must be a date, not \"{value}\".")),
        }
    };
    let (transit_order_date, transit_stock_date, transit_ref) = if kind == RecordKind::Transit {
        (
            date("transitOrderDate")?,
            date("transitStockDate")?,
            text("transitRef"),
        )
    } else {
        (None, None, None)
    };
    Ok(Row {
        item_id: item_id.clone(),
        sku: sku.clone(),
        record: StockRecord {
            item_id: item_id.unwrap_or_default(),
            sku,
            location_id,
            kind,
            quantity,
            channel_id,
            transit_order_date,
            transit_stock_date,
            transit_ref,
        },
    })
}

impl Service for BulkService {
    fn handle(&self, request: &Request, _base_url: &str) -> Reply {
        if let Some(window) = &self.window {
            let decision = window
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .try_acquire(Instant::now());
            if !decision.allowed {
                return message(429, "Too Many Requests").with_header(
                    "retry-after",
                    &decision.resets_in.as_secs().max(1).to_string(),
                );
            }
        }
        self.route(request)
    }

    fn injected_failure(&self, _request: &Request, status: StatusCode) -> Reply {
        message(
            status.as_u16(),
            status.canonical_reason().unwrap_or("Internal Server Error"),
        )
    }
}

/// Configures a [`BulkInsertSandbox`] before it starts.
#[derive(Debug, Clone)]
pub struct BulkInsertSandboxBuilder {
    accounts: Vec<String>,
    api_key: Option<String>,
    locations: Vec<Location>,
    records: Vec<StockRecord>,
    rate_limit: Option<RateLimit>,
    demo_data: bool,
}

impl Default for BulkInsertSandboxBuilder {
    fn default() -> Self {
        Self {
            accounts: vec![DEFAULT_ACCOUNT.to_string()],
            api_key: None,
            locations: Vec::new(),
            records: Vec::new(),
            rate_limit: None,
            demo_data: false,
        }
    }
}

impl BulkInsertSandboxBuilder {
    /// Adds an account id the `x-site-context` may name ([`DEFAULT_ACCOUNT`] is always known).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.accounts.push(account.into());
        self
    }

    /// Requires this value in the `x-api-key` header (no key is required by default).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Adds a location.
    pub fn location(mut self, location: Location) -> Self {
        self.locations.push(location);
        self
    }

    /// Adds a stock or transit record.
    pub fn record(mut self, record: StockRecord) -> Self {
        self.records.push(record);
        self
    }

    /// Refuses requests past this budget with 429 (the vendor documents no limit, so none is
    /// enforced by default).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Loads the demo data: locations 104 (main warehouse), 105 (shop floor) and 301 (inbound
    /// transit), and stock for a handful of items, including item `1000000213` with SKU
    /// `123456` from the vendor's example.
    pub fn demo_data(mut self) -> Self {
        self.demo_data = true;
        self
    }

    /// Starts the fake on a loopback port.
    pub async fn start(self) -> Result<BulkInsertSandbox, SandboxError> {
        let mut state = State::default();
        if self.demo_data {
            load_demo(&mut state);
        }
        state.locations.extend(self.locations);
        for record in self.records {
            state.resolve_item(Some(&record.item_id), record.sku.as_deref());
            state.records.push(record);
        }
        let service = Arc::new(BulkService {
            accounts: self.accounts.into_iter().collect(),
            api_key: self.api_key,
            initial: state.clone(),
            state: Mutex::new(state),
            window: self
                .rate_limit
                .map(|limit| Mutex::new(SlidingWindow::new(limit))),
        });
        let server = SandboxServer::start(Arc::clone(&service)).await?;
        Ok(BulkInsertSandbox { server, service })
    }
}

fn load_demo(state: &mut State) {
    state.locations = vec![
        Location::new(104, "Main warehouse"),
        Location::new(105, "Shop floor"),
        Location::new(301, "Inbound transit"),
    ];
    let items: [(&str, &str, i64, i64); 6] = [
        ("1000000213", "123456", 30_003, 12),
        ("1000000214", "LP-KOB-1959", 14, 2),
        ("1000000215", "LP-ALS-1965", 9, 1),
        ("1000000216", "CD-OKC-1997", 42, 6),
        ("1000000217", "TT-USB-01", 7, 0),
        ("1000000218", "CART-VM95E", 25, 4),
    ];
    for (item_id, sku, main, shop) in items {
        state
            .catalogue
            .push((item_id.to_string(), Some(sku.to_string())));
        let mut record = StockRecord::stock(item_id, 104, main);
        record.sku = Some(sku.to_string());
        state.records.push(record.clone());
        if shop > 0 {
            record.location_id = 105;
            record.quantity = shop;
            state.records.push(record);
        }
    }
    state.records.push(StockRecord {
        item_id: "1000000214".to_string(),
        sku: Some("LP-KOB-1959".to_string()),
        location_id: 301,
        kind: RecordKind::Transit,
        quantity: 20,
        channel_id: Some(DEFAULT_CHANNEL),
        transit_order_date: Some("2024-05-05".to_string()),
        transit_stock_date: Some("2024-05-20".to_string()),
        transit_ref: Some("WO-20000".to_string()),
    });
}

/// A running bulk-insert fake. Dropping it stops the server.
pub struct BulkInsertSandbox {
    server: SandboxServer,
    service: Arc<BulkService>,
}

impl std::fmt::Debug for BulkInsertSandbox {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("BulkInsertSandbox")
            .field("base_url", &self.server.base_url())
            .finish_non_exhaustive()
    }
}

impl BulkInsertSandbox {
    /// Starts a fake that knows [`DEFAULT_ACCOUNT`] and nothing else.
    pub async fn start() -> Result<Self, SandboxError> {
        Self::builder().start().await
    }

    /// Starts a fake loaded with the demo data (see [`BulkInsertSandboxBuilder::demo_data`]).
    pub async fn start_with_demo_data() -> Result<Self, SandboxError> {
        Self::builder().demo_data().start().await
    }

    /// Configures a fake before starting it.
    pub fn builder() -> BulkInsertSandboxBuilder {
        BulkInsertSandboxBuilder::default()
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash: the `{base}` of the API's paths.
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    /// A valid `x-site-context` value for [`DEFAULT_ACCOUNT`] and [`DEFAULT_CHANNEL`].
    pub fn site_context(&self) -> String {
        json!({
            "date": clock::rfc3339_millis_z(clock::now_unix_millis()),
            "channel": DEFAULT_CHANNEL,
            "account": DEFAULT_ACCOUNT,
            "stage": "sandbox",
        })
        .to_string()
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

    /// Every location.
    pub fn locations(&self) -> Vec<Location> {
        self.service.state().locations.clone()
    }

    /// Every stock and transit record.
    pub fn records(&self) -> Vec<StockRecord> {
        self.service.state().records.clone()
    }

    /// The stock on hand of an item at a location.
    pub fn stock_quantity(&self, item_id: &str, location_id: i64) -> Option<i64> {
        self.service
            .state()
            .records
            .iter()
            .find(|record| {
                record.item_id == item_id
                    && record.location_id == location_id
                    && record.kind == RecordKind::Stock
            })
            .map(|record| record.quantity)
    }

    /// The transit records of an item.
    pub fn transit_records(&self, item_id: &str) -> Vec<StockRecord> {
        self.service
            .state()
            .records
            .iter()
            .filter(|record| record.item_id == item_id && record.kind == RecordKind::Transit)
            .cloned()
            .collect()
    }

    /// The accepted bulk inserts, oldest first.
    pub fn import_jobs(&self) -> Vec<ImportJob> {
        self.service.state().jobs.clone()
    }

    /// Adds a location.
    pub fn seed_location(&self, location: Location) {
        self.service.state().locations.push(location);
    }

    /// Adds a record (replacing one for the same item, location, kind and transit reference).
    pub fn seed_record(&self, record: StockRecord) {
        let mut state = self.service.state();
        state.resolve_item(Some(&record.item_id), record.sku.as_deref());
        match state
            .records
            .iter_mut()
            .find(|existing| existing.same_slot(&record))
        {
            Some(existing) => *existing = record,
            None => state.records.push(record),
        }
    }
}
