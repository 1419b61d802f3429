//! A fake of Newegg Marketplace's international item inventory API and of its Datafeed API
//! for inventory.
//!
//! `POST /marketplace/contentmgmt/item/international/inventory?sellerid=…` sets the available
//! quantity of one item per warehouse; `PUT` on the same URL reads it back. Inventory feeds go
//! to `POST {base}/datafeedmgmt/feeds/submitfeed`, their status to `PUT …/feeds/status` and
//! their processing report to `GET …/feeds/result/{RequestId}`, under each platform's base
//! path (`/marketplace`, `/marketplace/b2b`, `/marketplace/can`). Bodies are XML or JSON
//! (chosen by `Content-Type`, or by sniffing the body), and answers use the format the `Accept`
//! header asks for, falling back to the request's format.
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

mod auth;
mod builder;
mod datafeed;
mod feed_apply;
mod feed_doc;
mod fixtures;
mod handle;
mod inventory;
mod model;
mod reply;
mod request;

use std::time::{Duration, SystemTime};

use http::{Method, StatusCode};
use wiremock::Request;

use datafeed::Endpoint;
pub use model::{
    NEWEGG_CONDITIONS, NeweggFeed, NeweggFeedFailure, NeweggFeedStatus, NeweggItem, NeweggPlatform,
    NeweggReadShape, NeweggResetTime,
};
use model::{SellerAccount, State};
use reply::{Render, failure};
use request::{answer_format, parse_query, request_format};

use crate::sandbox::{Fake, Sandbox, SandboxBuilder};
use crate::support::clock::{self, whole_seconds_up};
use crate::support::http::{Reply, raw};
use crate::support::rate_limit::RateDecision;
use crate::support::server::Service;
use crate::support::store::Store;

/// The seller id every sandbox knows.
pub const DEFAULT_SELLER_ID: &str = "A006";
/// The `Authorization` header value accepted for [`DEFAULT_SELLER_ID`].
pub const DEFAULT_AUTHORIZATION: &str = "720ddc067f4d115bd544aff46bc75634";
/// The `SecretKey` header value accepted for [`DEFAULT_SELLER_ID`].
pub const DEFAULT_SECRET_KEY: &str = "21EC2020-3AEA-1069-A2DD-08002B30309D";
/// A demo item Newegg ships (fulfillment option 1) from two of its warehouses: writing its
/// inventory is refused with `CT022`.
pub const DEMO_SHIPPED_BY_NEWEGG_PART: &str = "A006-SBN-DOCK";
/// The demo item of Newegg's SDK recording (field notes §2.4): USA 107 shipped by the seller,
/// USA 40 shipped by Newegg (warehouse `07`: 3, `12`: 37), AUS 0, so a read lists USA twice.
pub const DEMO_MIXED_FULFILLMENT_PART: &str = "A006testitem201201021459";

const INVENTORY_PATH: &str = "/marketplace/contentmgmt/item/international/inventory";
/// The plain-text 401 a third party saw (field notes §2.2, unverified); sent only when the
/// builder's `gateway_auth_text(true)` asks for it.
const AUTH_FAILED: &str = "Gateway: Seller Auth failed.";
/// The rate window of the item inventory functions.
const WINDOW: usize = 0;
/// The rate window of feed submissions (10 a minute, per the feed pages).
const SUBMIT_WINDOW: usize = 1;
/// The rate window of feed status reads (10,000 an hour).
const STATUS_WINDOW: usize = 2;
/// The rate window of feed result reads (10,000 an hour).
const RESULT_WINDOW: usize = 3;

/// A running Newegg fake: the shared [`Sandbox`] handle, with the readers and seeders of items
/// and their stock.
pub type NeweggSandbox = Sandbox<NeweggFake>;

/// Configures a [`NeweggSandbox`] before it starts. Its `demo_data()` loads the demo items: six
/// products of [`DEFAULT_SELLER_ID`] stocked in USA and CAN, one UPC sold in two conditions, one
/// promotion item, one item with stock of both fulfillment options
/// ([`DEMO_MIXED_FULFILLMENT_PART`]), one item shipped by Newegg
/// ([`DEMO_SHIPPED_BY_NEWEGG_PART`]) and one item of another seller.
pub type NeweggSandboxBuilder = SandboxBuilder<NeweggFake>;

/// Settings fixed when the fake starts: how it answers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Behaviour {
    /// A UTF-8 byte order mark leads every XML and JSON body (field notes §2.1).
    pub(crate) bom: bool,
    pub(crate) reset_time: NeweggResetTime,
    pub(crate) read_shape: NeweggReadShape,
    /// Authentication failures as the plain text `Gateway: Seller Auth failed.` instead of the
    /// documented codes.
    pub(crate) gateway_auth_text: bool,
    /// Status reads naming a feed until it is `FINISHED` (at least 1).
    pub(crate) feed_polls_to_finish: u32,
    /// The HTTP status DF012 travels with (undocumented).
    pub(crate) df012_status: u16,
}

/// The Newegg fake behind a [`NeweggSandbox`]: its sellers, its items and its rate window.
/// Reached only through the handle.
pub struct NeweggFake {
    sellers: Vec<SellerAccount>,
    behaviour: Behaviour,
    store: Store<State>,
}

impl NeweggFake {
    /// How an answer to this request is written.
    fn render(&self, request: &Request) -> Render {
        Render {
            format: answer_format(request).unwrap_or_else(|| request_format(request)),
            bom: self.behaviour.bom,
        }
    }

    fn route(&self, request: &Request) -> Reply {
        let feed = datafeed::endpoint(request.url.path());
        if request.url.path() != INVENTORY_PATH && feed.is_none() {
            return raw(404, "Not Found", "text/plain");
        }
        let render = self.render(request);
        let seller = {
            let state = self.store.state();
            match auth::authenticate(&self.sellers, &state.deactivated, request) {
                Ok(seller) => seller,
                Err(refusal) => return self.auth_failure(render, &refusal),
            }
        };
        if let Some((platform, endpoint)) = feed {
            return match (&request.method, endpoint) {
                (&Method::POST, Endpoint::Submit) => {
                    self.submit_feed(request, seller, platform, render)
                }
                (&Method::PUT, Endpoint::Status) => {
                    self.feed_status(request, seller, platform, render)
                }
                (&Method::GET, Endpoint::Result(id)) => {
                    self.feed_result(seller, platform, &id, render)
                }
                _ => raw(405, "Method Not Allowed", "text/plain"),
            };
        }
        let request_format = request_format(request);
        let body = String::from_utf8_lossy(&request.body);
        let query = match parse_query(request_format, &body, request.method == Method::PUT) {
            Ok(query) => query,
            Err(failure) => return render.error(&failure),
        };
        let outcome = match request.method {
            Method::POST => inventory::update(&mut self.store.state().items, seller, &query),
            Method::PUT => inventory::read(
                &self.store.state().items,
                seller,
                &query,
                self.behaviour.read_shape,
            ),
            _ => return raw(405, "Method Not Allowed", "text/plain"),
        };
        match outcome {
            Ok(result) => render.result(&result),
            Err(failure) => render.error(&failure),
        }
    }

    /// An authentication refusal: the documented code in the error-list shape, or the gateway
    /// text when the builder asked for it.
    fn auth_failure(&self, render: Render, refusal: &auth::Refusal) -> Reply {
        if self.behaviour.gateway_auth_text {
            return raw(401, AUTH_FAILED, "text/plain");
        }
        render.error_list(&failure(refusal.code, refusal.message), refusal.status)
    }
}

/// A reset `resets_in` from now, written in the configured form.
fn reset_text(resets_in: Duration, format: NeweggResetTime) -> String {
    // Every form carries whole seconds: round the instant up, never down, so a client that
    // waits until the announced time finds the window free (truncating would announce a
    // reset up to two seconds early).
    let reset_instant = SystemTime::now() + resets_in;
    let reset_at_secs = whole_seconds_up(
        reset_instant
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default(),
    );
    let reset_at = i64::try_from(reset_at_secs).unwrap_or(i64::MAX);
    match format {
        NeweggResetTime::HttpDate => {
            httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(reset_at_secs))
        }
        NeweggResetTime::UnixSeconds => reset_at.to_string(),
        NeweggResetTime::Seconds => whole_seconds_up(resets_in).to_string(),
        _ => clock::pacific_us(reset_at),
    }
}

/// The rate window a path counts against: each Datafeed function has its own (field notes
/// §2.3: per seller and per function), everything else the item inventory functions'.
fn window_of(path: &str) -> usize {
    match datafeed::endpoint(path) {
        Some((_, Endpoint::Submit)) => SUBMIT_WINDOW,
        Some((_, Endpoint::Status)) => STATUS_WINDOW,
        Some((_, Endpoint::Result(_))) => RESULT_WINDOW,
        None => WINDOW,
    }
}

/// Newegg's rate headers (field notes §2.3): the reset time in the configured form, a full
/// window ahead when the window is empty.
fn with_rate_headers(reply: Reply, decision: &RateDecision, format: NeweggResetTime) -> Reply {
    let resets_in = if decision.used == 0 {
        decision.window
    } else {
        decision.resets_in
    };
    let reset = reset_text(resets_in, format);
    reply
        .with_header("x-ratelimit-limit", &decision.limit.to_string())
        .with_header("x-ratelimit-remaining", &decision.remaining.to_string())
        .with_header("x-ratelimit-resettime", &reset)
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
        let Some(decision) = self.store.admit(window_of(request.url.path())) else {
            return self.route(request);
        };
        let reply = if decision.allowed {
            self.route(request)
        } else {
            // The throttling page's shape is an error list; its body sample is cut, so the text
            // is a third party's (field notes §2.3, unverified).
            self.render(request)
                .error_list(&failure("429", "Too many request."), 429)
        };
        with_rate_headers(reply, &decision, self.behaviour.reset_time)
    }

    fn injected_failure(&self, request: &Request, status: StatusCode) -> Reply {
        let render = self.render(request);
        if status == StatusCode::UNAUTHORIZED {
            return self.auth_failure(render, &auth::Refusal::invalid_secret_key());
        }
        let reason = status.canonical_reason().unwrap_or("Server error");
        let failure = failure("SE001", format!("{} {reason}", status.as_u16()));
        if status == StatusCode::TOO_MANY_REQUESTS {
            return render.error_list(&failure, 429);
        }
        render.error_with_status(&failure, status.as_u16())
    }
}

impl Fake for NeweggFake {}
