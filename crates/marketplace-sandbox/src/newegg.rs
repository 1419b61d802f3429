//! A fake of Newegg Marketplace's international item inventory API.
//!
//! `POST /marketplace/contentmgmt/item/international/inventory?sellerid=…` sets the available
//! quantity of one item per warehouse; `PUT` on the same URL reads it back. Bodies are XML or
//! JSON (chosen by `Content-Type`, or by sniffing the body), and answers use the format the
//! `Accept` header asks for, falling back to the request's format.
//!
//! ```
//! # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
//! use marketplace_sandbox::newegg::NeweggSandbox;
//!
//! let newegg = NeweggSandbox::start_with_demo_data().await?;
//! assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(107));
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Instant, SystemTime};

use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::Request;

use crate::support::http::{
    Reply, integer_from_json, json, raw, request_header, text_from_json, xml_escape,
};
use crate::support::rate_limit::{RateDecision, SlidingWindow};
use crate::support::server::{SandboxServer, Service};
use crate::{FaultSwitches, RateLimit, RequestLog, SandboxError};

/// The seller id every sandbox knows.
pub const DEFAULT_SELLER_ID: &str = "A006";
/// The `Authorization` header value accepted for [`DEFAULT_SELLER_ID`].
pub const DEFAULT_AUTHORIZATION: &str = "720ddc067f4d115bd544aff46bc75634";
/// The `SecretKey` header value accepted for [`DEFAULT_SELLER_ID`].
pub const DEFAULT_SECRET_KEY: &str = "21EC2020-3AEA-1069-A2DD-08002B30309D";

const INVENTORY_PATH: &str = "/marketplace/contentmgmt/item/international/inventory";
const AUTH_FAILED: &str = "Gateway: Seller Auth failed.";
const MAX_QUANTITY: i64 = 999_999;

/// Item conditions by their numeric code (only used to tell UPC items apart).
pub const CONDITIONS: [(u8, &str); 6] = [
    (1, "New"),
    (2, "Refurbished"),
    (3, "Used - Like New"),
    (4, "Used - Very Good"),
    (5, "Used - Good"),
    (6, "Used - Acceptable"),
];

/// One item the fake knows, with its stock per warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeweggItem {
    /// The seller who owns the item.
    pub seller_id: String,
    /// Newegg's item number (`Type` 0).
    pub item_number: String,
    /// The seller's part number (`Type` 1).
    pub seller_part_number: String,
    /// The UPC (`Type` 2), if any.
    pub upc: Option<String>,
    /// Condition code 1–6 (1 = New).
    pub condition: u8,
    /// Available quantity per warehouse country (ISO 3166 alpha-3).
    pub inventory: BTreeMap<String, u32>,
    /// For an approved promotion: the lowest quantity the seller may set.
    pub promotion_minimum: Option<u32>,
}

impl NeweggItem {
    /// A New item of [`DEFAULT_SELLER_ID`] with no stock recorded.
    pub fn new(item_number: impl Into<String>, seller_part_number: impl Into<String>) -> Self {
        Self {
            seller_id: DEFAULT_SELLER_ID.to_string(),
            item_number: item_number.into(),
            seller_part_number: seller_part_number.into(),
            upc: None,
            condition: 1,
            inventory: BTreeMap::new(),
            promotion_minimum: None,
        }
    }

    /// Sets the stock of one warehouse.
    pub fn with_stock(mut self, warehouse: &str, quantity: u32) -> Self {
        self.inventory.insert(warehouse.to_string(), quantity);
        self
    }
}

#[derive(Clone)]
struct SellerAccount {
    seller_id: String,
    authorization: String,
    secret_key: String,
    warehouses: BTreeSet<String>,
}

#[derive(Debug, Clone, Default)]
struct State {
    items: Vec<NeweggItem>,
}

struct NeweggService {
    sellers: Vec<SellerAccount>,
    state: Mutex<State>,
    initial: State,
    window: Mutex<SlidingWindow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xml,
    Json,
}

/// A Newegg error: a code and a message.
struct Failure {
    code: &'static str,
    message: String,
}

fn failure(code: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

/// The fields of an update or a read request, whichever format it came in.
#[derive(Debug, Default)]
struct Query {
    kind: String,
    value: String,
    condition: Option<String>,
    /// The warehouses a read is limited to, in the order asked and without repeats; empty
    /// means every warehouse.
    warehouses: Vec<String>,
    inventory: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
struct XmlQuery {
    #[serde(rename = "Type")]
    kind: String,
    #[serde(rename = "Value")]
    value: String,
    #[serde(rename = "Condition", default)]
    condition: Option<String>,
    #[serde(rename = "WarehouseLocation", default)]
    warehouse: Option<String>,
    #[serde(rename = "WarehouseList", default)]
    warehouse_list: Option<XmlWarehouseList>,
    #[serde(rename = "InventoryList", default)]
    inventory_list: Option<XmlInventoryList>,
}

#[derive(Debug, Deserialize)]
struct XmlWarehouseList {
    #[serde(rename = "WarehouseLocation", default)]
    warehouses: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct XmlInventoryList {
    #[serde(rename = "Inventory", default)]
    inventory: Vec<XmlInventory>,
}

#[derive(Debug, Deserialize)]
struct XmlInventory {
    #[serde(rename = "WarehouseLocation")]
    warehouse: String,
    #[serde(rename = "AvailableQuantity")]
    quantity: String,
}

impl NeweggService {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn route(&self, request: &Request) -> Reply {
        if request.url.path() != INVENTORY_PATH {
            return raw(404, "Not Found", "text/plain");
        }
        let Some(seller) = self.authenticate(request) else {
            return raw(401, AUTH_FAILED, "text/plain");
        };
        let request_format = request_format(request);
        let answer_format = answer_format(request).unwrap_or(request_format);
        let body = String::from_utf8_lossy(&request.body);
        let query = match parse_query(request_format, &body, request.method == Method::PUT) {
            Ok(query) => query,
            Err(failure) => return error_reply(answer_format, &failure),
        };
        let outcome = match request.method {
            Method::POST => self.update(seller, &query),
            Method::PUT => self.read(seller, &query),
            _ => return raw(405, "Method Not Allowed", "text/plain"),
        };
        match outcome {
            Ok(result) => result_reply(answer_format, &result),
            Err(failure) => error_reply(answer_format, &failure),
        }
    }

    fn authenticate(&self, request: &Request) -> Option<&SellerAccount> {
        let seller_id = crate::support::http::query_value(request, "sellerid")?;
        let authorization = request_header(request, "authorization")?;
        let secret_key = request_header(request, "secretkey")?;
        self.sellers.iter().find(|seller| {
            seller.seller_id == seller_id
                && seller.authorization == authorization
                && seller.secret_key == secret_key
        })
    }

    fn update(&self, seller: &SellerAccount, query: &Query) -> Result<InventoryAnswer, Failure> {
        let mut state = self.state();
        let index = find_item(&state.items, seller, query)?;
        let item = state.items.get(index).ok_or_else(|| {
            failure(
                "CT014",
                "SellerItemNumber or SellerPartNumber does not exist",
            )
        })?;
        let mut changes = Vec::new();
        for (warehouse, quantity) in &query.inventory {
            let quantity = parse_int("AvailableQuantity", quantity)?;
            if !(0..=MAX_QUANTITY).contains(&quantity) {
                return Err(failure(
                    "CT023",
                    "Inventory value must be between 0 and 999999",
                ));
            }
            let quantity = u32::try_from(quantity).unwrap_or(0);
            if let Some(minimum) = item.promotion_minimum
                && quantity < minimum
            {
                return Err(failure(
                    "CT025",
                    format!(
                        "This item is an approved promotion and its minimum inventory cannot be lower than {minimum}"
                    ),
                ));
            }
            changes.push((warehouse.trim().to_string(), quantity));
        }
        let missing: Vec<&str> = changes
            .iter()
            .map(|(warehouse, _)| warehouse.as_str())
            .filter(|warehouse| !seller.warehouses.contains(*warehouse))
            .collect();
        if !missing.is_empty() {
            return Err(warehouse_not_set_up(&item.seller_part_number, &missing));
        }
        let item = state.items.get_mut(index).ok_or_else(|| {
            failure(
                "CT014",
                "SellerItemNumber or SellerPartNumber does not exist",
            )
        })?;
        for (warehouse, quantity) in &changes {
            item.inventory.insert(warehouse.clone(), *quantity);
        }
        Ok(InventoryAnswer {
            root: "UpdateInventoryResult",
            seller_id: seller.seller_id.clone(),
            item_number: item.item_number.clone(),
            seller_part_number: item.seller_part_number.clone(),
            inventory: changes,
        })
    }

    fn read(&self, seller: &SellerAccount, query: &Query) -> Result<InventoryAnswer, Failure> {
        let state = self.state();
        let index = find_item(&state.items, seller, query)?;
        let item = state.items.get(index).ok_or_else(|| {
            failure(
                "CT014",
                "SellerItemNumber or SellerPartNumber does not exist",
            )
        })?;
        let inventory = if query.warehouses.is_empty() {
            item.inventory
                .iter()
                .map(|(warehouse, quantity)| (warehouse.clone(), *quantity))
                .collect()
        } else {
            let missing: Vec<&str> = query
                .warehouses
                .iter()
                .map(String::as_str)
                .filter(|warehouse| !seller.warehouses.contains(*warehouse))
                .collect();
            if !missing.is_empty() {
                return Err(warehouse_not_set_up(&item.seller_part_number, &missing));
            }
            query
                .warehouses
                .iter()
                .map(|warehouse| {
                    (
                        warehouse.clone(),
                        item.inventory.get(warehouse).copied().unwrap_or(0),
                    )
                })
                .collect()
        };
        Ok(InventoryAnswer {
            root: "InventoryResult",
            seller_id: seller.seller_id.clone(),
            item_number: item.item_number.clone(),
            seller_part_number: item.seller_part_number.clone(),
            inventory,
        })
    }
}

fn warehouse_not_set_up(seller_part_number: &str, countries: &[&str]) -> Failure {
    failure(
        "CT073",
        format!(
            "The request for item: {seller_part_number} has been processed with error.Country: [{}] Failed reason: The specified warehouse location has not been setup yet. Please set up your warehouse(s) then submit your request again.",
            countries.join(",")
        ),
    )
}

fn parse_int(element: &str, text: &str) -> Result<i64, Failure> {
    text.trim().parse::<i64>().map_err(|_| {
        failure(
            "CE003",
            format!(
                "The '{element}' element is invalid - The value '{text}' is invalid according to its datatype 'Int' - The string '{text}' is not a valid Int32 value."
            ),
        )
    })
}

fn find_item(
    items: &[NeweggItem],
    seller: &SellerAccount,
    query: &Query,
) -> Result<usize, Failure> {
    let kind = parse_int("Type", &query.kind)?;
    let value = query.value.trim();
    let position = match kind {
        0 => items
            .iter()
            .position(|item| item.item_number.eq_ignore_ascii_case(value))
            .ok_or_else(|| failure("CT001", "Invalid ItemNumber"))?,
        1 => items
            .iter()
            .position(|item| item.seller_part_number == value)
            .ok_or_else(|| failure("CT002", "Invalid SellerPartNumber"))?,
        2 => {
            let condition = match &query.condition {
                None => 1,
                Some(text) => parse_int("Condition", text)?,
            };
            if !items.iter().any(|item| item.upc.as_deref() == Some(value)) {
                return Err(failure("CT003", "Invalid UPCCode"));
            }
            items
                .iter()
                .position(|item| {
                    item.upc.as_deref() == Some(value) && i64::from(item.condition) == condition
                })
                .ok_or_else(|| {
                    failure("CT010", "Cannot find item with specified item condition.")
                })?
        }
        _ => {
            return Err(failure(
                "CT005",
                "Invalid Action Type. We only support: 0 – NE Item#, 1 – Seller Parts#, 2 – UPC Code",
            ));
        }
    };
    match items.get(position) {
        Some(item) if item.seller_id != seller.seller_id => {
            Err(failure("CT015", "Item does not belong to this seller"))
        }
        Some(_) => Ok(position),
        None => Err(failure(
            "CT014",
            "SellerItemNumber or SellerPartNumber does not exist",
        )),
    }
}

fn request_format(request: &Request) -> Format {
    let content_type = request_header(request, "content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.contains("json") {
        return Format::Json;
    }
    if content_type.contains("xml") {
        return Format::Xml;
    }
    let first = request
        .body
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .copied();
    if first == Some(b'{') {
        Format::Json
    } else {
        Format::Xml
    }
}

fn answer_format(request: &Request) -> Option<Format> {
    let accept = request_header(request, "accept")?.to_ascii_lowercase();
    if accept.contains("json") {
        Some(Format::Json)
    } else if accept.contains("xml") {
        Some(Format::Xml)
    } else {
        None
    }
}

fn parse_query(format: Format, body: &str, is_read: bool) -> Result<Query, Failure> {
    let root = if is_read {
        "ContentQueryCriteria"
    } else {
        "ItemInventoryInfo"
    };
    match format {
        Format::Xml => {
            let trimmed = body.trim_start();
            let without_declaration = match trimmed.strip_prefix("<?xml") {
                Some(rest) => rest
                    .split_once("?>")
                    .map_or("", |(_, rest)| rest)
                    .trim_start(),
                None => trimmed,
            };
            if !without_declaration.starts_with(&format!("<{root}")) {
                return Err(failure(
                    "CE003",
                    format!("The request body must be an XML document with root element '{root}'."),
                ));
            }
            let parsed: XmlQuery = quick_xml::de::from_str(body).map_err(|error| {
                failure("CE003", format!("The request body is not valid: {error}"))
            })?;
            let listed = parsed
                .warehouse_list
                .map(|list| list.warehouses)
                .unwrap_or_default();
            Ok(Query {
                kind: parsed.kind,
                value: parsed.value,
                condition: parsed.condition,
                warehouses: requested_warehouses(parsed.warehouse, listed),
                inventory: parsed
                    .inventory_list
                    .map(|list| {
                        list.inventory
                            .into_iter()
                            .map(|entry| (entry.warehouse, entry.quantity))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        }
        Format::Json => {
            let value: Value = serde_json::from_str(body).map_err(|error| {
                failure(
                    "CE003",
                    format!("The request body is not valid JSON: {error}"),
                )
            })?;
            // Accept the body bare (as documented) or wrapped in its root name.
            let value = value.get(root).cloned().unwrap_or(value);
            let text = |key: &str| value.get(key).and_then(text_from_json);
            let kind =
                text("Type").ok_or_else(|| failure("CE003", "The 'Type' element is required."))?;
            let item_value = text("Value")
                .ok_or_else(|| failure("CE003", "The 'Value' element is required."))?;
            let entries = match value
                .get("InventoryList")
                .and_then(|list| list.get("Inventory"))
            {
                Some(Value::Array(entries)) => entries.clone(),
                Some(single @ Value::Object(_)) => vec![single.clone()],
                _ => Vec::new(),
            };
            let mut inventory = Vec::new();
            for entry in entries {
                let warehouse = entry.get("WarehouseLocation").and_then(text_from_json);
                let quantity = entry.get("AvailableQuantity").map(|quantity| {
                    integer_from_json(quantity)
                        .map(|number| number.to_string())
                        .or_else(|| text_from_json(quantity))
                        .unwrap_or_default()
                });
                match (warehouse, quantity) {
                    (Some(warehouse), Some(quantity)) => inventory.push((warehouse, quantity)),
                    _ => {
                        return Err(failure(
                            "CE003",
                            "Each Inventory needs WarehouseLocation and AvailableQuantity.",
                        ));
                    }
                }
            }
            let listed = match value.get("WarehouseList") {
                None | Some(Value::Null) => Vec::new(),
                Some(list) => json_warehouse_list(list)?,
            };
            Ok(Query {
                kind,
                value: item_value,
                condition: text("Condition"),
                warehouses: requested_warehouses(text("WarehouseLocation"), listed),
                inventory,
            })
        }
    }
    .and_then(|query| {
        if !is_read && query.inventory.is_empty() {
            Err(failure(
                "CE003",
                "The 'InventoryList' element must hold at least one Inventory.",
            ))
        } else {
            Ok(query)
        }
    })
}

/// Joins the older single top-level `WarehouseLocation` and the `WarehouseList` entries into
/// one list, trimmed, in the order given and without repeats.
fn requested_warehouses(single: Option<String>, listed: Vec<String>) -> Vec<String> {
    let mut warehouses: Vec<String> = Vec::new();
    for warehouse in single.into_iter().chain(listed) {
        let warehouse = warehouse.trim();
        if !warehouses.iter().any(|seen| seen == warehouse) {
            warehouses.push(warehouse.to_string());
        }
    }
    warehouses
}

/// Reads a JSON `WarehouseList`. Newegg's JSON turns a repeated element into an array and may
/// send a list of one as the bare value, so `{"WarehouseLocation": ["USA", "CAN"]}`,
/// `{"WarehouseLocation": "USA"}` and (looser still) `["USA", "CAN"]` or
/// `[{"WarehouseLocation": "USA"}]` are all read.
fn json_warehouse_list(list: &Value) -> Result<Vec<String>, Failure> {
    let not_a_list = || {
        failure(
            "CE003",
            "The 'WarehouseList' element must hold WarehouseLocation country codes.",
        )
    };
    let entries: Vec<&Value> = match list {
        Value::Object(fields) => match fields.get("WarehouseLocation") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(entries)) => entries.iter().collect(),
            Some(single) => vec![single],
        },
        Value::Array(entries) => entries.iter().collect(),
        _ => return Err(not_a_list()),
    };
    entries
        .into_iter()
        .map(|entry| {
            let entry = match entry {
                Value::Object(fields) => fields.get("WarehouseLocation").unwrap_or(entry),
                other => other,
            };
            text_from_json(entry).ok_or_else(not_a_list)
        })
        .collect()
}

struct InventoryAnswer {
    root: &'static str,
    seller_id: String,
    item_number: String,
    seller_part_number: String,
    inventory: Vec<(String, u32)>,
}

fn result_reply(format: Format, answer: &InventoryAnswer) -> Reply {
    match format {
        Format::Json => {
            let inventory: Vec<Value> = answer
                .inventory
                .iter()
                .map(|(warehouse, quantity)| {
                    json!({ "WarehouseLocation": warehouse, "AvailableQuantity": quantity.to_string() })
                })
                .collect();
            json(
                200,
                &json!({
                    "SellerID": answer.seller_id,
                    "ItemNumber": answer.item_number,
                    "SellerPartNumber": answer.seller_part_number,
                    "InventoryList": { "Inventory": inventory },
                }),
            )
        }
        Format::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            xml.push_str(&format!("<{}>\n", answer.root));
            xml.push_str(&format!(
                "    <SellerID>{}</SellerID>\n",
                xml_escape(&answer.seller_id)
            ));
            xml.push_str(&format!(
                "    <ItemNumber>{}</ItemNumber>\n",
                xml_escape(&answer.item_number)
            ));
            xml.push_str(&format!(
                "    <SellerPartNumber>{}</SellerPartNumber>\n",
                xml_escape(&answer.seller_part_number)
            ));
            xml.push_str("    <InventoryList>\n");
            for (warehouse, quantity) in &answer.inventory {
                xml.push_str(&format!(
                    "        <Inventory>\n            <WarehouseLocation>{}</WarehouseLocation>\n            <AvailableQuantity>{quantity}</AvailableQuantity>\n        </Inventory>\n",
                    xml_escape(warehouse)
                ));
            }
            xml.push_str("    </InventoryList>\n");
            xml.push_str(&format!("</{}>", answer.root));
            raw(200, xml, "application/xml")
        }
    }
}

fn error_reply(format: Format, failure: &Failure) -> Reply {
    error_reply_with_status(format, failure, 400)
}

fn error_reply_with_status(format: Format, failure: &Failure, status: u16) -> Reply {
    match format {
        Format::Json => json(
            status,
            &json!({ "Code": failure.code, "Message": failure.message }),
        ),
        Format::Xml => raw(
            status,
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Errors>\n    <Error>\n        <Code>{}</Code>\n        <Message>{}</Message>\n    </Error>\n</Errors>",
                xml_escape(failure.code),
                xml_escape(&failure.message)
            ),
            "application/xml",
        ),
    }
}

fn with_rate_headers(reply: Reply, decision: &RateDecision, window: std::time::Duration) -> Reply {
    let resets_in = if decision.used == 0 {
        window
    } else {
        decision.resets_in
    };
    let reset_at = httpdate::fmt_http_date(SystemTime::now() + resets_in);
    reply
        .with_header("x-ratelimit-limit", &decision.limit.to_string())
        .with_header("x-ratelimit-remaining", &decision.remaining.to_string())
        .with_header("x-ratelimit-resettime", &reset_at)
}

impl Service for NeweggService {
    fn handle(&self, request: &Request, _base_url: &str) -> Reply {
        let (decision, window) = {
            let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
            (window.try_acquire(Instant::now()), window.limit().window)
        };
        let reply = if decision.allowed {
            self.route(request)
        } else {
            let format = answer_format(request).unwrap_or_else(|| request_format(request));
            error_reply_with_status(
                format,
                &failure(
                    "429",
                    "Too many requests: the rate limit was exceeded. Retry after X-RateLimit-ResetTime.",
                ),
                429,
            )
        };
        with_rate_headers(reply, &decision, window)
    }

    fn injected_failure(&self, request: &Request, status: StatusCode) -> Reply {
        if status == StatusCode::UNAUTHORIZED {
            return raw(401, AUTH_FAILED, "text/plain");
        }
        let format = answer_format(request).unwrap_or_else(|| request_format(request));
        let reason = status.canonical_reason().unwrap_or("Server error");
        error_reply_with_status(
            format,
            &failure("SE001", format!("{} {reason}", status.as_u16())),
            status.as_u16(),
        )
    }
}

/// Configures a [`NeweggSandbox`] before it starts.
#[derive(Debug, Clone)]
pub struct NeweggSandboxBuilder {
    sellers: Vec<(String, String, String, Vec<String>)>,
    items: Vec<NeweggItem>,
    rate_limit: RateLimit,
    demo_data: bool,
}

impl Default for NeweggSandboxBuilder {
    fn default() -> Self {
        Self {
            sellers: vec![(
                DEFAULT_SELLER_ID.to_string(),
                DEFAULT_AUTHORIZATION.to_string(),
                DEFAULT_SECRET_KEY.to_string(),
                vec!["USA".to_string(), "CAN".to_string(), "AUS".to_string()],
            )],
            items: Vec::new(),
            rate_limit: RateLimit::per_hour(10_000),
            demo_data: false,
        }
    }
}

impl NeweggSandboxBuilder {
    /// Adds a seller with its credentials and the warehouses it has set up. A seller with the
    /// id of an existing one replaces it (the default [`DEFAULT_SELLER_ID`] has USA, CAN, AUS).
    pub fn seller(
        mut self,
        seller_id: impl Into<String>,
        authorization: impl Into<String>,
        secret_key: impl Into<String>,
        warehouses: &[&str],
    ) -> Self {
        let seller_id = seller_id.into();
        self.sellers.retain(|(id, _, _, _)| *id != seller_id);
        self.sellers.push((
            seller_id,
            authorization.into(),
            secret_key.into(),
            warehouses.iter().map(|code| (*code).to_string()).collect(),
        ));
        self
    }

    /// Adds an item.
    pub fn item(mut self, item: NeweggItem) -> Self {
        self.items.push(item);
        self
    }

    /// Sets the moving-window budget (default 10,000 per hour).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Loads the demo items: eight products of [`DEFAULT_SELLER_ID`] stocked in USA and CAN,
    /// one UPC sold in two conditions, one promotion item, and one item of another seller.
    pub fn demo_data(mut self) -> Self {
        self.demo_data = true;
        self
    }

    /// Starts the fake on a loopback port.
    pub async fn start(self) -> Result<NeweggSandbox, SandboxError> {
        let mut state = State::default();
        if self.demo_data {
            state.items = demo_items();
        }
        state.items.extend(self.items);
        let service = Arc::new(NeweggService {
            sellers: self
                .sellers
                .into_iter()
                .map(
                    |(seller_id, authorization, secret_key, warehouses)| SellerAccount {
                        seller_id,
                        authorization,
                        secret_key,
                        warehouses: warehouses.into_iter().collect(),
                    },
                )
                .collect(),
            initial: state.clone(),
            state: Mutex::new(state),
            window: Mutex::new(SlidingWindow::new(self.rate_limit)),
        });
        let server = SandboxServer::start(Arc::clone(&service)).await?;
        Ok(NeweggSandbox { server, service })
    }
}

fn demo_items() -> Vec<NeweggItem> {
    let mut items = vec![
        NeweggItem::new("9SIA00607Y6476", "A006BSP3")
            .with_stock("USA", 107)
            .with_stock("CAN", 12),
        NeweggItem::new("9SIA0060AB1234", "A006-TT-USB")
            .with_stock("USA", 24)
            .with_stock("CAN", 6),
        NeweggItem::new("9SIA0060AB1235", "A006-CART-VM95E")
            .with_stock("USA", 58)
            .with_stock("CAN", 15),
        NeweggItem::new("9SIA0060AB1236", "A006-PREAMP-PP400")
            .with_stock("USA", 9)
            .with_stock("CAN", 0),
        NeweggItem::new("9SIA0060AB1237", "A006-SPK-BOOK2").with_stock("USA", 31),
        NeweggItem::new("9SIA0060AB1238", "A006-HP-STUDIO")
            .with_stock("USA", 77)
            .with_stock("CAN", 20),
    ];
    let mut new_upc = NeweggItem::new("9SIA0060AB1239", "A006-DAC-MINI-N")
        .with_stock("USA", 40)
        .with_stock("CAN", 8);
    new_upc.upc = Some("840006612345".to_string());
    let mut refurbished_upc =
        NeweggItem::new("9SIA0060AB1240", "A006-DAC-MINI-R").with_stock("USA", 5);
    refurbished_upc.upc = Some("840006612345".to_string());
    refurbished_upc.condition = 2;
    let mut promotion = NeweggItem::new("9SIA0060AB1241", "A006-CABLE-RCA")
        .with_stock("USA", 500)
        .with_stock("CAN", 120);
    promotion.promotion_minimum = Some(100);
    let mut foreign = NeweggItem::new("9SIA00B1230001", "B123-AMP-01").with_stock("USA", 3);
    foreign.seller_id = "B123".to_string();
    items.extend([new_upc, refurbished_upc, promotion, foreign]);
    items
}

/// A running Newegg fake. Dropping it stops the server.
pub struct NeweggSandbox {
    server: SandboxServer,
    service: Arc<NeweggService>,
}

impl std::fmt::Debug for NeweggSandbox {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("NeweggSandbox")
            .field("base_url", &self.server.base_url())
            .finish_non_exhaustive()
    }
}

impl NeweggSandbox {
    /// Starts a fake with the default seller and no items.
    pub async fn start() -> Result<Self, SandboxError> {
        Self::builder().start().await
    }

    /// Starts a fake loaded with the demo items (see [`NeweggSandboxBuilder::demo_data`]).
    pub async fn start_with_demo_data() -> Result<Self, SandboxError> {
        Self::builder().demo_data().start().await
    }

    /// Configures a fake before starting it.
    pub fn builder() -> NeweggSandboxBuilder {
        NeweggSandboxBuilder::default()
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    /// The full inventory URL for a seller, as the client should call it.
    pub fn inventory_url(&self, seller_id: &str) -> String {
        crate::support::http::url_with_query(
            self.base_url(),
            INVENTORY_PATH,
            &[("sellerid".to_string(), seller_id.to_string())],
        )
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
        self.service
            .window
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .reset();
        self.server.faults().clear();
        self.server.log().clear();
    }

    /// Changes the rate limit of the running fake and empties its window.
    pub fn set_rate_limit(&self, limit: RateLimit) {
        let mut window = self
            .service
            .window
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        window.set_limit(limit);
        window.reset();
    }

    /// Every item.
    pub fn items(&self) -> Vec<NeweggItem> {
        self.service.state().items.clone()
    }

    /// The item with this seller part number.
    pub fn item(&self, seller_part_number: &str) -> Option<NeweggItem> {
        self.service
            .state()
            .items
            .iter()
            .find(|item| item.seller_part_number == seller_part_number)
            .cloned()
    }

    /// The available quantity of an item (by seller part number) in one warehouse.
    pub fn item_quantity(&self, seller_part_number: &str, warehouse: &str) -> Option<u32> {
        self.item(seller_part_number)
            .and_then(|item| item.inventory.get(warehouse).copied())
    }

    /// Adds an item.
    pub fn seed_item(&self, item: NeweggItem) {
        self.service.state().items.push(item);
    }
}
