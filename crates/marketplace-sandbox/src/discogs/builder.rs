//! Configuring a Discogs fake before it starts: accounts, consumer credentials, rate limits and
//! the data it starts with.

use rust_decimal::Decimal;

use super::fixtures;
use super::model::{Account, DiscogsListing, DiscogsOrder, DiscogsRelease};
use super::state::State;
use super::{
    Config, DEFAULT_BUYER, DEFAULT_BUYER_TOKEN, DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET,
    DEFAULT_SELLER, DISCOGS_TOKEN, DiscogsFake,
};
use crate::RateLimit;
use crate::sandbox::SandboxBuilder;
use crate::support::store::Store;

/// What a [`DiscogsSandbox`](super::DiscogsSandbox) is configured with before it starts; its
/// [`SandboxBuilder`] holds it.
#[derive(Debug, Clone)]
pub struct Settings {
    seller: (String, String),
    extra_accounts: Vec<(String, String)>,
    consumer_key: String,
    consumer_secret: String,
    authenticated_limit: RateLimit,
    anonymous_limit: RateLimit,
    releases: Vec<DiscogsRelease>,
    listings: Vec<DiscogsListing>,
    orders: Vec<DiscogsOrder>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            seller: (DEFAULT_SELLER.to_string(), DISCOGS_TOKEN.to_string()),
            extra_accounts: vec![(DEFAULT_BUYER.to_string(), DEFAULT_BUYER_TOKEN.to_string())],
            consumer_key: DEFAULT_CONSUMER_KEY.to_string(),
            consumer_secret: DEFAULT_CONSUMER_SECRET.to_string(),
            authenticated_limit: RateLimit::per_minute(60),
            anonymous_limit: RateLimit::per_minute(25),
            releases: Vec::new(),
            listings: Vec::new(),
            orders: Vec::new(),
        }
    }
}

impl SandboxBuilder<DiscogsFake> {
    /// Renames the seller account and sets its personal token (default [`DEFAULT_SELLER`] /
    /// [`DISCOGS_TOKEN`]).
    pub fn seller(mut self, username: impl Into<String>, token: impl Into<String>) -> Self {
        self.settings.seller = (username.into(), token.into());
        self
    }

    /// Adds another user with a personal token (the sandbox already has [`DEFAULT_BUYER`]).
    pub fn account(mut self, username: impl Into<String>, token: impl Into<String>) -> Self {
        self.settings
            .extra_accounts
            .push((username.into(), token.into()));
        self
    }

    /// Sets the consumer key and secret accepted for application and OAuth authentication.
    pub fn consumer(mut self, key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.settings.consumer_key = key.into();
        self.settings.consumer_secret = secret.into();
        self
    }

    /// Sets the moving-window budgets (default 60 per minute authenticated, 25 anonymous).
    pub fn rate_limits(mut self, authenticated: RateLimit, anonymous: RateLimit) -> Self {
        self.settings.authenticated_limit = authenticated;
        self.settings.anonymous_limit = anonymous;
        self
    }

    /// Adds a release to the catalogue.
    pub fn release(mut self, release: DiscogsRelease) -> Self {
        self.settings.releases.push(release);
        self
    }

    /// Adds a listing (id 0 gets the next free id).
    pub fn listing(mut self, listing: DiscogsListing) -> Self {
        self.settings.listings.push(listing);
        self
    }

    /// Adds an order (an empty id gets the next free id).
    pub fn order(mut self, order: DiscogsOrder) -> Self {
        self.settings.orders.push(order);
        self
    }
}

/// The fake these settings describe, its demo data loaded first when `demo_data` is set.
pub(super) fn build(settings: Settings, demo_data: bool) -> DiscogsFake {
    let mut accounts = vec![Account {
        username: settings.seller.0.clone(),
        user_id: 2_098_225,
        token: settings.seller.1,
    }];
    for (index, (username, token)) in settings.extra_accounts.into_iter().enumerate() {
        accounts.push(Account {
            username,
            user_id: 2 + u64::try_from(index).unwrap_or(0),
            token,
        });
    }
    let config = Config {
        accounts,
        consumer_key: settings.consumer_key,
        consumer_secret: settings.consumer_secret,
        fee_rate: Decimal::new(42, 3),
    };
    let mut state = State::default();
    if demo_data {
        fixtures::load(&mut state, &config, &settings.seller.0);
    }
    for release in settings.releases {
        state.releases.insert(release.id, release);
    }
    for listing in settings.listings {
        state.insert_listing(listing);
    }
    for order in settings.orders {
        state.insert_order(&config, order);
    }
    DiscogsFake {
        config,
        // In the order of the window indexes `AUTHENTICATED` and `ANONYMOUS`.
        store: Store::new(
            state,
            [settings.authenticated_limit, settings.anonymous_limit],
        ),
    }
}
