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

mod builder;
mod fixtures;
mod handle;
mod inventory;
mod model;
mod reply;
mod request;

use std::time::SystemTime;

use http::{Method, StatusCode};
use wiremock::Request;

pub use model::{NEWEGG_CONDITIONS, NeweggItem};
use model::{SellerAccount, State};
use reply::{error_reply, error_reply_with_status, failure, result_reply};
use request::{answer_format, parse_query, request_format};

use crate::sandbox::{Fake, Sandbox, SandboxBuilder};
use crate::support::http::{Reply, query_value, raw, request_header};
use crate::support::rate_limit::RateDecision;
use crate::support::server::Service;
use crate::support::store::Store;

/// The seller id every sandbox knows.
pub const DEFAULT_SELLER_ID: &str = "A006";
/// The `Authorization` header value accepted for [`DEFAULT_SELLER_ID`].
pub const DEFAULT_AUTHORIZATION: &str = "720ddc067f4d115bd544aff46bc75634";
/// The `SecretKey` header value accepted for [`DEFAULT_SELLER_ID`].
pub const DEFAULT_SECRET_KEY: &str = "21EC2020-3AEA-1069-A2DD-08002B30309D";

const INVENTORY_PATH: &str = "/marketplace/contentmgmt/item/international/inventory";
const AUTH_FAILED: &str = "Gateway: Seller Auth failed.";
/// The fake's one rate window.
const WINDOW: usize = 0;

/// A running Newegg fake: the shared [`Sandbox`] handle, with the readers and seeders of items
/// and their stock.
pub type NeweggSandbox = Sandbox<NeweggFake>;

/// Configures a [`NeweggSandbox`] before it starts. Its `demo_data()` loads the demo items: eight
/// products of [`DEFAULT_SELLER_ID`] stocked in USA and CAN, one UPC sold in two conditions, one
/// promotion item, and one item of another seller.
pub type NeweggSandboxBuilder = SandboxBuilder<NeweggFake>;

/// The Newegg fake behind a [`NeweggSandbox`]: its sellers, its items and its rate window.
/// Reached only through the handle.
pub struct NeweggFake {
    sellers: Vec<SellerAccount>,
    store: Store<State>,
}

impl NeweggFake {
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
            Method::POST => inventory::update(&mut self.store.state().items, seller, &query),
            Method::PUT => inventory::read(&self.store.state().items, seller, &query),
            _ => return raw(405, "Method Not Allowed", "text/plain"),
        };
        match outcome {
            Ok(result) => result_reply(answer_format, &result),
            Err(failure) => error_reply(answer_format, &failure),
        }
    }

    fn authenticate(&self, request: &Request) -> Option<&SellerAccount> {
        let seller_id = query_value(request, "sellerid")?;
        let authorization = request_header(request, "authorization")?;
        let secret_key = request_header(request, "secretkey")?;
        self.sellers.iter().find(|seller| {
            seller.seller_id == seller_id
                && seller.authorization == authorization
                && seller.secret_key == secret_key
        })
    }
}

/// Newegg's rate headers; the reset time is a date, a full window ahead when the window is
/// empty.
fn with_rate_headers(reply: Reply, decision: &RateDecision) -> Reply {
    let resets_in = if decision.used == 0 {
        decision.window
    } else {
        decision.resets_in
    };
    let reset_at = httpdate::fmt_http_date(SystemTime::now() + resets_in);
    reply
        .with_header("x-ratelimit-limit", &decision.limit.to_string())
        .with_header("x-ratelimit-remaining", &decision.remaining.to_string())
        .with_header("x-ratelimit-resettime", &reset_at)
}

impl Service for NeweggFake {
    type State = State;
    type Settings = builder::Settings;
    const NAME: &'static str = "NeweggSandbox";

    fn build(settings: builder::Settings, demo_data: bool) -> Self {
        builder::build(settings, demo_data)
    }

    fn store(&self) -> &Store<State> {
        &self.store
    }

    fn handle(&self, request: &Request, _origin: &str) -> Reply {
        let Some(decision) = self.store.admit(WINDOW) else {
            return self.route(request);
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
        with_rate_headers(reply, &decision)
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

impl Fake for NeweggFake {}
