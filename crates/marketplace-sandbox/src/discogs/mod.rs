//! A fake of the Discogs marketplace and inventory upload APIs.
//!
//! Start it, point a client at [`Sandbox::base_url`](crate::Sandbox::base_url), and
//! authenticate with `Authorization: Discogs token=<DISCOGS_TOKEN>` (see the crate README for
//! every accepted form).
//!
//! ```
//! # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
//! use marketplace_sandbox::discogs::{DEFAULT_SELLER, DiscogsListing, DiscogsSandbox};
//! use rust_decimal::Decimal;
//!
//! let discogs = DiscogsSandbox::start().await?;
//! let id = discogs.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 1, Decimal::new(4200, 2)));
//! assert_eq!(discogs.listing(id).map(|listing| listing.price), Some(Decimal::new(4200, 2)));
//! assert_eq!(discogs.listings(DEFAULT_SELLER).len(), 1);
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```

mod auth;
mod builder;
mod export;
mod fixtures;
mod handle;
mod large;
mod listings;
mod model;
mod orders;
mod pagination;
mod pricing;
mod render;
mod state;
mod upload;

use http::{Method, StatusCode};
use rust_decimal::Decimal;
use wiremock::Request;

use model::Account;
pub use model::{
    CURRENCIES, DiscogsListing, DiscogsListingStatus, DiscogsMissingShipping, DiscogsOrder,
    DiscogsOrderItem, DiscogsOrderMessage, DiscogsRelease, DiscogsTracking, DiscogsUpload,
    DiscogsUploadKind, MEDIA_CONDITIONS, SETTABLE_ORDER_STATUSES, SLEEVE_CONDITIONS,
    currency_decimals, currency_id,
};
use state::State;

use crate::sandbox::{Fake, Sandbox, SandboxBuilder};
use crate::support::http::{Reply, encode_segment, message, path_segments};
use crate::support::rate_limit::RateDecision;
use crate::support::server::Service;
use crate::support::store::Store;

/// A running Discogs fake: the shared [`Sandbox`] handle, with the readers and seeders of
/// listings, orders, releases and upload jobs.
pub type DiscogsSandbox = Sandbox<DiscogsFake>;

/// Configures a [`DiscogsSandbox`] before it starts. Its `demo_data()` loads the demo catalogue: a
/// seller with 300 listings of well-known records (every fifth without a shipping price, so it
/// shows `"shipping_price": {}`), a few orders from [`DEFAULT_BUYER`] in different states, and
/// another seller, [`DEMO_LARGE_SELLER`], whose inventory of 433 pages a stranger may read only up
/// to page 100.
pub type DiscogsSandboxBuilder = SandboxBuilder<DiscogsFake>;

/// Username of the seller account every sandbox has.
pub const DEFAULT_SELLER: &str = "rappcats";
/// Personal access token of [`DEFAULT_SELLER`].
pub const DISCOGS_TOKEN: &str = "sandbox-discogs-token";
/// Username of the buyer account every sandbox has.
pub const DEFAULT_BUYER: &str = "example_buyer";
/// Personal access token of [`DEFAULT_BUYER`].
pub const DEFAULT_BUYER_TOKEN: &str = "sandbox-discogs-buyer-token";
/// The other seller of the demo data: a large inventory (every listing For Sale, in GBP, with
/// `"shipping_price": {}`) that strangers may read only up to page 100, while
/// `pagination.pages` reports all [`DEMO_LARGE_SELLER_LISTINGS`] (433 pages of 50).
pub const DEMO_LARGE_SELLER: &str = "360vinyl";
/// Personal access token of [`DEMO_LARGE_SELLER`] (its owner reads every page).
pub const DEMO_LARGE_SELLER_TOKEN: &str = "sandbox-discogs-360vinyl-token";
/// How many listings [`DEMO_LARGE_SELLER`] has: 433 pages at the default 50 per page, 217 at 100.
pub const DEMO_LARGE_SELLER_LISTINGS: usize = 21_640;
/// A For Sale demo listing of [`DEFAULT_SELLER`] without a shipping price: it shows
/// `"shipping_price": {}` and `"original_shipping_price": {}`. Every fifth demo listing of
/// [`DEFAULT_SELLER`] (ids `150000001`, `150000006`, …) has none, so every inventory page of 50
/// holds ten such listings.
pub const DEMO_LISTING_WITHOUT_SHIPPING: u64 = 150_000_001;
/// A For Sale demo listing of [`DEFAULT_SELLER`] with a shipping price (`USD 4.50`).
pub const DEMO_LISTING_WITH_SHIPPING: u64 = 150_000_002;
/// Consumer key accepted in `Discogs key=…, secret=…` and OAuth headers.
pub const DEFAULT_CONSUMER_KEY: &str = "sandbox-consumer-key";
/// Consumer secret accepted with [`DEFAULT_CONSUMER_KEY`].
pub const DEFAULT_CONSUMER_SECRET: &str = "sandbox-consumer-secret";

const NOT_FOUND: &str = "The request resource was not found.";
const MUST_AUTHENTICATE: &str = "You must authenticate to access this resource.";
const NO_PERMISSION: &str = "You don't have permission to access this resource.";
const TOO_QUICKLY: &str = "You are making requests too quickly.";
/// The refusal of a page past the cap of another seller's inventory (field notes §1.2).
pub(crate) const PAGE_CAP: &str = "Pagination above 100 disabled for inventories besides your own";

/// Settings fixed when the sandbox starts.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) accounts: Vec<Account>,
    consumer_key: String,
    consumer_secret: String,
    pub(crate) fee_rate: Decimal,
    /// Pages of another seller's inventory past this one are refused with 403.
    pub(crate) page_cap: Option<usize>,
    /// How a listing without a shipping price shows its shipping objects.
    pub(crate) missing_shipping: DiscogsMissingShipping,
    /// Strangers get the owner-only keys (and anonymous callers `in_cart`) as `null` instead of
    /// without them.
    pub(crate) hidden_fields_as_null: bool,
}

impl Config {
    pub(crate) fn account(&self, username: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|account| account.username.eq_ignore_ascii_case(username))
    }

    fn account_by_token(&self, token: &str) -> Option<&Account> {
        self.accounts.iter().find(|account| account.token == token)
    }

    fn seller(&self) -> Option<&Account> {
        self.accounts.first()
    }
}

/// Who is calling, as far as the credentials tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Caller {
    Anonymous,
    /// Consumer key and secret: an application, not a user.
    Application,
    User(String),
}

impl Caller {
    pub(crate) fn username(&self) -> Option<&str> {
        match self {
            Self::User(name) => Some(name),
            _ => None,
        }
    }

    pub(crate) fn is_user(&self, username: &str) -> bool {
        self.username()
            .is_some_and(|name| name.eq_ignore_ascii_case(username))
    }
}

/// What a route handler gets: the request, the sandbox address, the caller and the settings.
pub(crate) struct Call<'a> {
    pub(crate) request: &'a Request,
    pub(crate) base: &'a str,
    pub(crate) caller: Caller,
    pub(crate) config: &'a Config,
}

impl Call<'_> {
    /// The caller's username, or the 401 answer.
    pub(crate) fn require_user(&self) -> Result<&str, Reply> {
        self.caller
            .username()
            .ok_or_else(|| message(401, MUST_AUTHENTICATE))
    }

    pub(crate) fn user_json(&self, username: &str) -> serde_json::Value {
        let id = self
            .config
            .account(username)
            .map_or(0, |account| account.user_id);
        serde_json::json!({
            "id": id,
            "username": username,
            "resource_url": format!("{}/users/{}", self.base, encode_segment(username)),
        })
    }
}

pub(crate) fn not_found() -> Reply {
    message(404, NOT_FOUND)
}

pub(crate) fn forbidden() -> Reply {
    message(403, NO_PERMISSION)
}

/// The rate window of requests with valid credentials.
const AUTHENTICATED: usize = 0;
/// The rate window of requests without credentials.
const ANONYMOUS: usize = 1;

/// The Discogs fake behind a [`DiscogsSandbox`]: its accounts and settings, its state and its
/// two rate windows (authenticated and anonymous). Reached only through the handle.
pub struct DiscogsFake {
    config: Config,
    store: Store<State>,
}

impl DiscogsFake {
    fn route(&self, call: &Call<'_>) -> Reply {
        let segments = path_segments(call.request);
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let method = &call.request.method;
        let mut state = self.store.state();
        let state = &mut *state;
        match (method, segments.as_slice()) {
            (&Method::GET, ["users", username, "inventory"]) => {
                listings::inventory(call, state, username)
            }
            (&Method::POST, ["marketplace", "listings"]) => listings::create(call, state),
            (&Method::GET, ["marketplace", "listings", id]) => listings::show(call, state, id),
            (&Method::POST, ["marketplace", "listings", id]) => listings::edit(call, state, id),
            (&Method::DELETE, ["marketplace", "listings", id]) => listings::delete(call, state, id),
            (&Method::GET, ["marketplace", "orders"]) => orders::list(call, state),
            (&Method::GET, ["marketplace", "orders", id]) => orders::show(call, state, id),
            (&Method::POST, ["marketplace", "orders", id]) => orders::edit(call, state, id),
            (&Method::GET, ["marketplace", "orders", id, "messages"]) => {
                orders::messages(call, state, id)
            }
            (&Method::POST, ["marketplace", "orders", id, "messages"]) => {
                orders::add_message(call, state, id)
            }
            (&Method::GET, ["marketplace", "fee", price]) => pricing::fee(call, price, None),
            (&Method::GET, ["marketplace", "fee", price, currency]) => {
                pricing::fee(call, price, Some(currency))
            }
            (&Method::GET, ["marketplace", "price_suggestions", release]) => {
                pricing::suggestions(call, state, release)
            }
            (&Method::GET, ["marketplace", "stats", release]) => {
                pricing::stats(call, state, release)
            }
            (&Method::POST, ["inventory", "upload", kind]) => upload::create(call, state, kind),
            (&Method::GET, ["inventory", "upload"]) => upload::list(call, state),
            (&Method::GET, ["inventory", "upload", id]) => upload::show(call, state, id),
            (&Method::POST, ["inventory", "export"]) => export::create(call, state),
            (&Method::GET, ["inventory", "export"]) => export::list(call, state),
            (&Method::GET, ["inventory", "export", id]) => export::show(call, state, id),
            (&Method::GET, ["inventory", "export", id, "download"]) => {
                export::download(call, state, id)
            }
            _ => not_found(),
        }
    }
}

impl Service for DiscogsFake {
    type State = State;
    type Settings = builder::Settings;
    const NAME: &'static str = "DiscogsSandbox";

    fn build(settings: builder::Settings, demo_data: bool) -> Self {
        builder::build(settings, demo_data)
    }

    fn store(&self) -> &Store<State> {
        &self.store
    }

    fn handle(&self, request: &Request, origin: &str) -> Reply {
        let identity = auth::identify(&self.config, request);
        let authenticated = matches!(identity, Ok(Caller::User(_) | Caller::Application));
        let decision = self.store.admit(if authenticated {
            AUTHENTICATED
        } else {
            ANONYMOUS
        });
        let reply = if decision.is_some_and(|decision| !decision.allowed) {
            message(429, TOO_QUICKLY)
        } else {
            match identity {
                Err(()) => message(401, MUST_AUTHENTICATE),
                Ok(caller) => self.route(&Call {
                    request,
                    base: origin,
                    caller,
                    config: &self.config,
                }),
            }
        };
        let reply = if reply.status == 401 {
            reply.with_header(
                "www-authenticate",
                "OAuth realm=\"https://api.discogs.com\"",
            )
        } else {
            reply
        };
        with_rate_headers(reply, decision)
    }

    /// The vendor's error body, with the rate headers of the caller's window as it stands (the
    /// injected answer is not counted): Discogs sends them on error answers too (field notes
    /// §1.1).
    fn injected_failure(&self, request: &Request, status: StatusCode) -> Reply {
        let text = match status.as_u16() {
            429 => TOO_QUICKLY,
            401 => MUST_AUTHENTICATE,
            403 => NO_PERMISSION,
            404 => NOT_FOUND,
            _ => status.canonical_reason().unwrap_or("Something went wrong."),
        };
        let authenticated = matches!(
            auth::identify(&self.config, request),
            Ok(Caller::User(_) | Caller::Application)
        );
        let window = if authenticated {
            AUTHENTICATED
        } else {
            ANONYMOUS
        };
        with_rate_headers(message(status.as_u16(), text), self.store.peek(window))
    }
}

/// `x-discogs-ratelimit`, `-used` and `-remaining`, in lower case as the live service sends them
/// (field notes §1.1), on every answer.
fn with_rate_headers(reply: Reply, decision: Option<RateDecision>) -> Reply {
    match decision {
        Some(decision) => reply
            .with_header("x-discogs-ratelimit", &decision.limit.to_string())
            .with_header("x-discogs-ratelimit-used", &decision.used.to_string())
            .with_header(
                "x-discogs-ratelimit-remaining",
                &decision.remaining.to_string(),
            ),
        None => reply,
    }
}

impl Fake for DiscogsFake {}
