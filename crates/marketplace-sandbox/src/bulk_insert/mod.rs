//! A fake of the bulk-insert inventory API: stock and transit records per location.
//!
//! Every request must carry an `x-site-context` header holding a JSON object whose `account` is a
//! 24-character id the fake knows (`channel`, `stage` and `date` are optional). When an API key
//! is configured, `x-api-key` must carry it. The API answers at the root of
//! [`Sandbox::base_url`] and under `/api-inventory` ([`BulkInsertSandbox::gateway_url`]), as on
//! the live gateway.
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

mod builder;
mod fixtures;
mod generic;
mod handle;
mod insert;
mod model;
mod stock;

use std::collections::BTreeSet;

use http::{Method, StatusCode};
use serde_json::Value;
use wiremock::Request;

pub use generic::generic_inventory_id;
use model::State;
pub use model::{BulkInsertJob, Location, StockRecord, StockRecordKind};

use crate::sandbox::{Fake, Sandbox, SandboxBuilder};
use crate::support::http::{Reply, message, path_segments, request_header};
use crate::support::server::Service;
use crate::support::store::Store;

/// The account id every sandbox knows (the one in the vendor's example).
pub const DEFAULT_ACCOUNT: &str = "5f493c9f30ec2a0007a94fc8";
/// The channel of the demo data.
pub const DEFAULT_CHANNEL: i64 = 12;

/// The path the live gateway serves the API under: [`BulkInsertSandbox::gateway_url`] ends
/// with it.
pub const GATEWAY_PATH: &str = "/api-inventory";

/// The fake's rate window, when a limit was configured.
const WINDOW: usize = 0;
/// The length of an account id (field notes §3: "the 24-character id from Copilot").
const ACCOUNT_LENGTH: usize = 24;

/// A running bulk-insert fake: the shared [`Sandbox`] handle, with the readers and seeders of
/// locations, stock and transit records and import jobs.
pub type BulkInsertSandbox = Sandbox<BulkInsertFake>;

/// Configures a [`BulkInsertSandbox`] before it starts. Its `demo_data()` loads the demo data:
/// locations 104 (main warehouse), 105 (shop floor) and 301 (inbound transit), and stock for a
/// handful of items, including item `1000000213` with SKU `123456` from the vendor's example.
pub type BulkInsertSandboxBuilder = SandboxBuilder<BulkInsertFake>;

/// The bulk-insert fake behind a [`BulkInsertSandbox`]: the accounts and API key it accepts, its
/// state and its optional rate window. Reached only through the handle.
pub struct BulkInsertFake {
    accounts: BTreeSet<String>,
    api_key: Option<String>,
    require_reserved_quantity: bool,
    store: Store<State>,
}

impl BulkInsertFake {
    /// The checks every request passes first: the API key (when one is configured) and an
    /// `x-site-context` holding a JSON object whose `account` is a known 24-character id. The
    /// header is JSON serialized into the value, and only `account` is mandatory (`channel`,
    /// `stage`, `date` narrow the scope); the spec page's sample, which lacks a quote, is not
    /// JSON and is refused (field notes §3).
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
        let Ok(Value::Object(context)) = serde_json::from_str::<Value>(context) else {
            return Err(message(
                400,
                "Invalid x-site-context header: expected a JSON object.",
            ));
        };
        let account = match context.get("account") {
            Some(Value::String(account)) if account.chars().count() == ACCOUNT_LENGTH => account,
            Some(Value::String(_)) => {
                return Err(message(
                    400,
                    "Invalid x-site-context header: \"account\" must be the 24-character account id.",
                ));
            }
            None | Some(Value::Null) => {
                return Err(message(
                    400,
                    "Invalid x-site-context header: \"account\" is required.",
                ));
            }
            Some(_) => {
                return Err(message(
                    400,
                    "Invalid x-site-context header: \"account\" must be a string.",
                ));
            }
        };
        if !self.accounts.contains(account) {
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
        // The live gateway puts the API under `/api-inventory`; the fake serves it there and at
        // the root, where `base_url()` points.
        let segments = match segments.as_slice() {
            ["api-inventory", rest @ ..] => rest,
            all => all,
        };
        match (&request.method, segments) {
            (&Method::POST, ["inventory", "bulk-insert"]) => insert::bulk_insert(
                &mut self.store.state(),
                request,
                self.require_reserved_quantity,
            ),
            (&Method::POST, ["inventory"]) => stock::stock_of_items(&self.store.state(), request),
            (&Method::GET, ["inventory", "location", location]) => {
                stock::location_inventory(&self.store.state(), request, location)
            }
            (&Method::GET, ["inventory", "generic", inventory_id]) => {
                generic::generic_inventory(&self.store.state(), inventory_id)
            }
            _ => message(404, "Not Found"),
        }
    }
}

impl Service for BulkInsertFake {
    type State = State;
    type Settings = builder::Settings;
    const NAME: &'static str = "BulkInsertSandbox";

    fn build(settings: builder::Settings, demo_data: bool) -> Self {
        builder::build(settings, demo_data)
    }

    fn store(&self) -> &Store<State> {
        &self.store
    }

    fn handle(&self, request: &Request, _origin: &str) -> Reply {
        if let Some(wait) = self.store.refusal(WINDOW) {
            return message(429, "Too Many Requests").with_header("retry-after", &wait.to_string());
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

impl Fake for BulkInsertFake {}
