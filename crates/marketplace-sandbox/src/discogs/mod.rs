//! A fake of the Discogs marketplace and inventory upload APIs.
//!
//! Start it, point a client at [`DiscogsSandbox::base_url`], and authenticate with
//! `Authorization: Discogs token=<DEFAULT_TOKEN>` (see the crate README for every accepted form).
//!
//! ```
//! # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
//! use marketplace_sandbox::discogs::{DiscogsSandbox, Listing, DEFAULT_SELLER};
//! use rust_decimal::Decimal;
//!
//! let discogs = DiscogsSandbox::start().await?;
//! let id = discogs.seed_listing(Listing::new(DEFAULT_SELLER, 1, Decimal::new(4200, 2)));
//! assert_eq!(discogs.listing(id).map(|listing| listing.price), Some(Decimal::new(4200, 2)));
//! assert_eq!(discogs.listings(DEFAULT_SELLER).len(), 1);
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```

mod fixtures;
mod listings;
mod model;
mod orders;
mod pagination;
mod pricing;
mod upload;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use http::{Method, StatusCode};
use rust_decimal::Decimal;
use wiremock::Request;

use model::{Account, ExportJob, UploadJob};
pub use model::{
    CURRENCIES, Listing, ListingStatus, MEDIA_CONDITIONS, Order, OrderItem, OrderMessage, Release,
    SETTABLE_ORDER_STATUSES, SLEEVE_CONDITIONS, Tracking, Upload, UploadKind,
};

use crate::support::http::{Reply, message, path_segments, query_value, request_header};
use crate::support::rate_limit::SlidingWindow;
use crate::support::server::{SandboxServer, Service};
use crate::{FaultSwitches, RateLimit, RequestLog, SandboxError};

/// Username of the seller account every sandbox has.
pub const DEFAULT_SELLER: &str = "rappcats";
/// Personal access token of [`DEFAULT_SELLER`].
pub const DEFAULT_TOKEN: &str = "sandbox-discogs-token";
/// Username of the buyer account every sandbox has.
pub const DEFAULT_BUYER: &str = "example_buyer";
/// Personal access token of [`DEFAULT_BUYER`].
pub const DEFAULT_BUYER_TOKEN: &str = "sandbox-discogs-buyer-token";
/// Consumer key accepted in `Discogs key=…, secret=…` and OAuth headers.
pub const DEFAULT_CONSUMER_KEY: &str = "sandbox-consumer-key";
/// Consumer secret accepted with [`DEFAULT_CONSUMER_KEY`].
pub const DEFAULT_CONSUMER_SECRET: &str = "sandbox-consumer-secret";

const NOT_FOUND: &str = "The request resource was not found.";
const MUST_AUTHENTICATE: &str = "You must authenticate to access this resource.";
const NO_PERMISSION: &str = "You don't have permission to access this resource.";
const TOO_QUICKLY: &str = "You are making requests too quickly.";

/// Settings fixed when the sandbox starts.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) accounts: Vec<Account>,
    consumer_key: String,
    consumer_secret: String,
    pub(crate) fee_rate: Decimal,
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

/// Everything the fake holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub(crate) releases: BTreeMap<u64, Release>,
    pub(crate) listings: BTreeMap<u64, Listing>,
    pub(crate) orders: BTreeMap<String, Order>,
    pub(crate) uploads: BTreeMap<u64, UploadJob>,
    pub(crate) exports: BTreeMap<u64, ExportJob>,
    pub(crate) suggestions: BTreeMap<u64, Vec<(String, Decimal)>>,
    next_listing_id: u64,
    next_job_id: u64,
    next_order_number: BTreeMap<String, u64>,
}

impl State {
    pub(crate) fn release(&self, id: u64) -> Release {
        self.releases
            .get(&id)
            .cloned()
            .unwrap_or_else(|| Release::placeholder(id))
    }

    pub(crate) fn allocate_listing_id(&mut self) -> u64 {
        let floor = self.listings.keys().next_back().map_or(0, |last| last + 1);
        let id = self.next_listing_id.max(floor).max(150_000_001);
        self.next_listing_id = id + 1;
        id
    }

    pub(crate) fn allocate_job_id(&mut self) -> u64 {
        let id = self.next_job_id.max(599_632);
        self.next_job_id = id + 1;
        id
    }

    fn insert_listing(&mut self, mut listing: Listing) -> u64 {
        if listing.id == 0 {
            listing.id = self.allocate_listing_id();
        }
        let id = listing.id;
        self.listings.insert(id, listing);
        id
    }

    fn insert_order(&mut self, config: &Config, mut order: Order) -> String {
        if order.id.is_empty() {
            let seller_id = config
                .account(&order.seller)
                .map_or(1, |seller| seller.user_id);
            let counter = self
                .next_order_number
                .entry(order.seller.clone())
                .or_insert(0);
            loop {
                *counter += 1;
                let candidate = format!("{seller_id}-{counter}");
                if !self.orders.contains_key(&candidate) {
                    order.id = candidate;
                    break;
                }
            }
        }
        let id = order.id.clone();
        self.orders.insert(id.clone(), order);
        id
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
            "resource_url": format!("{}/users/{}", self.base, crate::support::http::encode_segment(username)),
        })
    }
}

pub(crate) fn not_found() -> Reply {
    message(404, NOT_FOUND)
}

pub(crate) fn forbidden() -> Reply {
    message(403, NO_PERMISSION)
}

struct Windows {
    authenticated: SlidingWindow,
    anonymous: SlidingWindow,
}

pub(crate) struct DiscogsService {
    config: Config,
    state: Mutex<State>,
    initial: State,
    windows: Mutex<Windows>,
}

impl DiscogsService {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn windows(&self) -> MutexGuard<'_, Windows> {
        self.windows.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the credentials. `Err` means credentials were sent but are not valid.
    fn identify(&self, request: &Request) -> Result<Caller, ()> {
        if let Some(authorization) = request_header(request, "authorization") {
            let authorization = authorization.trim();
            if let Some(parameters) = strip_scheme(authorization, "Discogs") {
                let parameters = auth_parameters(parameters);
                if let Some(token) = parameters.get("token") {
                    return self
                        .config
                        .account_by_token(token)
                        .map(|account| Caller::User(account.username.clone()))
                        .ok_or(());
                }
                return match (parameters.get("key"), parameters.get("secret")) {
                    (Some(key), Some(secret))
                        if *key == self.config.consumer_key
                            && *secret == self.config.consumer_secret =>
                    {
                        Ok(Caller::Application)
                    }
                    _ => Err(()),
                };
            }
            if let Some(parameters) = strip_scheme(authorization, "OAuth") {
                // Signatures are not checked: the right consumer key is enough.
                let parameters = auth_parameters(parameters);
                if parameters.get("oauth_consumer_key").map(String::as_str)
                    != Some(self.config.consumer_key.as_str())
                {
                    return Err(());
                }
                let account = parameters
                    .get("oauth_token")
                    .and_then(|token| self.config.account_by_token(token))
                    .or_else(|| self.config.seller());
                return account
                    .map(|account| Caller::User(account.username.clone()))
                    .ok_or(());
            }
            return Err(());
        }
        if let Some(token) = query_value(request, "token") {
            return self
                .config
                .account_by_token(&token)
                .map(|account| Caller::User(account.username.clone()))
                .ok_or(());
        }
        match (query_value(request, "key"), query_value(request, "secret")) {
            (Some(key), Some(secret))
                if key == self.config.consumer_key && secret == self.config.consumer_secret =>
            {
                Ok(Caller::Application)
            }
            (Some(_), _) | (_, Some(_)) => Err(()),
            _ => Ok(Caller::Anonymous),
        }
    }

    fn route(&self, call: &Call<'_>) -> Reply {
        let segments = path_segments(call.request);
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let method = &call.request.method;
        let mut state = self.state();
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
            (&Method::POST, ["inventory", "export"]) => upload::create_export(call, state),
            (&Method::GET, ["inventory", "export"]) => upload::list_exports(call, state),
            (&Method::GET, ["inventory", "export", id]) => upload::show_export(call, state, id),
            (&Method::GET, ["inventory", "export", id, "download"]) => {
                upload::download_export(call, state, id)
            }
            _ => not_found(),
        }
    }
}

fn strip_scheme<'a>(header: &'a str, scheme: &str) -> Option<&'a str> {
    let (first, rest) = header.split_once(char::is_whitespace)?;
    first.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// `token=abc` or `key=a, secret=b` or OAuth's `name="value", …`.
fn auth_parameters(text: &str) -> BTreeMap<String, String> {
    text.split(',')
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(key, value)| {
            let value = value.trim().trim_matches('"');
            let value = percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned();
            (key.trim().to_string(), value)
        })
        .collect()
}

impl Service for DiscogsService {
    fn handle(&self, request: &Request, base_url: &str) -> Reply {
        let identity = self.identify(request);
        let authenticated = matches!(identity, Ok(Caller::User(_) | Caller::Application));
        let decision = {
            let mut windows = self.windows();
            let window = if authenticated {
                &mut windows.authenticated
            } else {
                &mut windows.anonymous
            };
            window.try_acquire(Instant::now())
        };
        let reply = if !decision.allowed {
            message(429, TOO_QUICKLY)
        } else {
            match identity {
                Err(()) => message(401, MUST_AUTHENTICATE),
                Ok(caller) => self.route(&Call {
                    request,
                    base: base_url,
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
        reply
            .with_header("x-discogs-ratelimit", &decision.limit.to_string())
            .with_header("x-discogs-ratelimit-used", &decision.used.to_string())
            .with_header(
                "x-discogs-ratelimit-remaining",
                &decision.remaining.to_string(),
            )
    }

    fn injected_failure(&self, _request: &Request, status: StatusCode) -> Reply {
        let text = match status.as_u16() {
            429 => TOO_QUICKLY,
            401 => MUST_AUTHENTICATE,
            403 => NO_PERMISSION,
            404 => NOT_FOUND,
            _ => status.canonical_reason().unwrap_or("Something went wrong."),
        };
        message(status.as_u16(), text)
    }
}

/// Configures a [`DiscogsSandbox`] before it starts.
#[derive(Debug, Clone)]
pub struct DiscogsSandboxBuilder {
    seller: (String, String),
    extra_accounts: Vec<(String, String)>,
    consumer_key: String,
    consumer_secret: String,
    authenticated_limit: RateLimit,
    anonymous_limit: RateLimit,
    demo_data: bool,
    releases: Vec<Release>,
    listings: Vec<Listing>,
    orders: Vec<Order>,
}

impl Default for DiscogsSandboxBuilder {
    fn default() -> Self {
        Self {
            seller: (DEFAULT_SELLER.to_string(), DEFAULT_TOKEN.to_string()),
            extra_accounts: vec![(DEFAULT_BUYER.to_string(), DEFAULT_BUYER_TOKEN.to_string())],
            consumer_key: DEFAULT_CONSUMER_KEY.to_string(),
            consumer_secret: DEFAULT_CONSUMER_SECRET.to_string(),
            authenticated_limit: RateLimit::per_minute(60),
            anonymous_limit: RateLimit::per_minute(25),
            demo_data: false,
            releases: Vec::new(),
            listings: Vec::new(),
            orders: Vec::new(),
        }
    }
}

impl DiscogsSandboxBuilder {
    /// Renames the seller account and sets its personal token (default [`DEFAULT_SELLER`] /
    /// [`DEFAULT_TOKEN`]).
    pub fn seller(mut self, username: impl Into<String>, token: impl Into<String>) -> Self {
        self.seller = (username.into(), token.into());
        self
    }

    /// Adds another user with a personal token (the sandbox already has [`DEFAULT_BUYER`]).
    pub fn account(mut self, username: impl Into<String>, token: impl Into<String>) -> Self {
        self.extra_accounts.push((username.into(), token.into()));
        self
    }

    /// Sets the consumer key and secret accepted for application and OAuth authentication.
    pub fn consumer(mut self, key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.consumer_key = key.into();
        self.consumer_secret = secret.into();
        self
    }

    /// Sets the moving-window budgets (default 60 per minute authenticated, 25 anonymous).
    pub fn rate_limits(mut self, authenticated: RateLimit, anonymous: RateLimit) -> Self {
        self.authenticated_limit = authenticated;
        self.anonymous_limit = anonymous;
        self
    }

    /// Loads the demo catalogue: a seller with 300 listings of well-known records and a few
    /// orders from [`DEFAULT_BUYER`] in different states.
    pub fn demo_data(mut self) -> Self {
        self.demo_data = true;
        self
    }

    /// Adds a release to the catalogue.
    pub fn release(mut self, release: Release) -> Self {
        self.releases.push(release);
        self
    }

    /// Adds a listing (id 0 gets the next free id).
    pub fn listing(mut self, listing: Listing) -> Self {
        self.listings.push(listing);
        self
    }

    /// Adds an order (an empty id gets the next free id).
    pub fn order(mut self, order: Order) -> Self {
        self.orders.push(order);
        self
    }

    /// Starts the fake on a loopback port.
    pub async fn start(self) -> Result<DiscogsSandbox, SandboxError> {
        let mut accounts = vec![Account {
            username: self.seller.0.clone(),
            user_id: 2_098_225,
            token: self.seller.1,
        }];
        for (index, (username, token)) in self.extra_accounts.into_iter().enumerate() {
            accounts.push(Account {
                username,
                user_id: 2 + u64::try_from(index).unwrap_or(0),
                token,
            });
        }
        let config = Config {
            accounts,
            consumer_key: self.consumer_key,
            consumer_secret: self.consumer_secret,
            fee_rate: Decimal::new(42, 3),
        };
        let mut state = State::default();
        if self.demo_data {
            fixtures::load(&mut state, &config, &self.seller.0);
        }
        for release in self.releases {
            state.releases.insert(release.id, release);
        }
        for listing in self.listings {
            state.insert_listing(listing);
        }
        for order in self.orders {
            state.insert_order(&config, order);
        }
        let service = Arc::new(DiscogsService {
            config,
            initial: state.clone(),
            state: Mutex::new(state),
            windows: Mutex::new(Windows {
                authenticated: SlidingWindow::new(self.authenticated_limit),
                anonymous: SlidingWindow::new(self.anonymous_limit),
            }),
        });
        let server = SandboxServer::start(Arc::clone(&service)).await?;
        Ok(DiscogsSandbox { server, service })
    }
}

/// A running Discogs fake. Dropping it stops the server.
pub struct DiscogsSandbox {
    server: SandboxServer,
    service: Arc<DiscogsService>,
}

impl std::fmt::Debug for DiscogsSandbox {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("DiscogsSandbox")
            .field("base_url", &self.server.base_url())
            .finish_non_exhaustive()
    }
}

impl DiscogsSandbox {
    /// Starts an empty fake with the default accounts and rate limits.
    pub async fn start() -> Result<Self, SandboxError> {
        Self::builder().start().await
    }

    /// Starts a fake loaded with the demo catalogue (see [`DiscogsSandboxBuilder::demo_data`]).
    pub async fn start_with_demo_data() -> Result<Self, SandboxError> {
        Self::builder().demo_data().start().await
    }

    /// Configures a fake before starting it.
    pub fn builder() -> DiscogsSandboxBuilder {
        DiscogsSandboxBuilder::default()
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash: the client's base URL.
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

    /// Returns to the state the fake started with, and clears the log, faults and rate windows.
    pub fn reset(&self) {
        *self.service.state() = self.service.initial.clone();
        let mut windows = self.service.windows();
        windows.authenticated.reset();
        windows.anonymous.reset();
        drop(windows);
        self.server.faults().clear();
        self.server.log().clear();
    }

    /// Changes the rate-limit budgets of the running fake and empties both windows.
    pub fn set_rate_limits(&self, authenticated: RateLimit, anonymous: RateLimit) {
        let mut windows = self.service.windows();
        windows.authenticated.set_limit(authenticated);
        windows.authenticated.reset();
        windows.anonymous.set_limit(anonymous);
        windows.anonymous.reset();
    }

    /// Every listing of a seller, whatever its status, ordered by id.
    pub fn listings(&self, username: &str) -> Vec<Listing> {
        self.service
            .state()
            .listings
            .values()
            .filter(|listing| listing.seller.eq_ignore_ascii_case(username))
            .cloned()
            .collect()
    }

    /// One listing.
    pub fn listing(&self, id: u64) -> Option<Listing> {
        self.service.state().listings.get(&id).cloned()
    }

    /// Every order, ordered by id.
    pub fn orders(&self) -> Vec<Order> {
        self.service.state().orders.values().cloned().collect()
    }

    /// One order.
    pub fn order(&self, id: &str) -> Option<Order> {
        self.service.state().orders.get(id).cloned()
    }

    /// The upload jobs of a user, oldest first.
    pub fn uploads(&self, username: &str) -> Vec<Upload> {
        self.service
            .state()
            .uploads
            .values()
            .filter(|job| job.view.username.eq_ignore_ascii_case(username))
            .map(|job| job.view.clone())
            .collect()
    }

    /// Adds a release to the catalogue.
    pub fn seed_release(&self, release: Release) {
        self.service.state().releases.insert(release.id, release);
    }

    /// Adds a listing and returns its id (an id of 0 gets the next free id).
    pub fn seed_listing(&self, listing: Listing) -> u64 {
        self.service.state().insert_listing(listing)
    }

    /// Adds an order and returns its id (an empty id gets the next free id).
    pub fn seed_order(&self, order: Order) -> String {
        self.service
            .state()
            .insert_order(&self.service.config, order)
    }

    /// Finishes every queued or processing upload and export at once, applying upload rows.
    pub fn finish_jobs(&self) {
        upload::finish_all(&mut self.service.state());
    }
}
