//! Configuring a Discogs fake before it starts: accounts, consumer credentials, rate limits and
//! the data it starts with.

use rust_decimal::Decimal;

use super::model::{Account, DiscogsListing, DiscogsMissingShipping, DiscogsOrder, DiscogsRelease};
use super::state::State;
use super::{
    Config, DEFAULT_BUYER, DEFAULT_BUYER_TOKEN, DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET,
    DEFAULT_SELLER, DEMO_LARGE_SELLER, DEMO_LARGE_SELLER_LISTINGS, DEMO_LARGE_SELLER_TOKEN,
    DISCOGS_TOKEN, DiscogsFake, fixtures, large,
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
    /// Accounts whose inventory is generated: username, token, number of listings.
    large_accounts: Vec<(String, String, usize)>,
    page_cap: Option<usize>,
    missing_shipping: DiscogsMissingShipping,
    hidden_fields_as_null: bool,
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
            large_accounts: Vec::new(),
            page_cap: Some(100),
            missing_shipping: DiscogsMissingShipping::EmptyObject,
            hidden_fields_as_null: false,
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

    /// Adds another seller with a personal token and `listings` generated For Sale listings in
    /// GBP without a shipping price (so every one shows `"shipping_price": {}`), every third with
    /// `shipping_is_blocked: true`: the shape of a large live inventory read by a stranger (field
    /// notes §1.8). The demo data holds one such seller, [`DEMO_LARGE_SELLER`].
    pub fn account_with_listings(
        mut self,
        username: impl Into<String>,
        token: impl Into<String>,
        listings: usize,
    ) -> Self {
        self.settings
            .large_accounts
            .push((username.into(), token.into(), listings));
        self
    }

    /// The last page of another seller's inventory a caller may read (default `Some(100)`;
    /// `None` lifts the cap). Past it the answer is 403 `{"message": "Pagination above 100
    /// disabled for inventories besides your own"}` (the text stays the same whatever the cap),
    /// while `pagination.pages` keeps counting every page (field notes §1.2). A small cap lets a
    /// test reach the refusal in a few requests. The owner is never capped.
    pub fn inventory_page_cap(mut self, cap: Option<usize>) -> Self {
        self.settings.page_cap = cap;
        self
    }

    /// How a listing without a shipping price shows `shipping_price` and
    /// `original_shipping_price` (default [`DiscogsMissingShipping::EmptyObject`], `{}`, as live
    /// pages send).
    pub fn missing_shipping(mut self, rendering: DiscogsMissingShipping) -> Self {
        self.settings.missing_shipping = rendering;
        self
    }

    /// Sends the owner-only keys (`weight`, `format_quantity`, `external_id`, `location`,
    /// `quantity`) as `null` to strangers, and `in_cart` as `null` to anonymous callers, instead
    /// of leaving them out (the default). The field notes see them "missing/null" (§1.8).
    pub fn hidden_fields_as_null(mut self, as_null: bool) -> Self {
        self.settings.hidden_fields_as_null = as_null;
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
    let mut large_accounts = settings.large_accounts;
    if demo_data {
        large_accounts.insert(
            0,
            (
                DEMO_LARGE_SELLER.to_string(),
                DEMO_LARGE_SELLER_TOKEN.to_string(),
                DEMO_LARGE_SELLER_LISTINGS,
            ),
        );
    }
    for (username, token, _) in &large_accounts {
        accounts.push(Account {
            username: username.clone(),
            user_id: 5_052_808 + u64::try_from(accounts.len()).unwrap_or(0),
            token: token.clone(),
        });
    }
    let config = Config {
        accounts,
        consumer_key: settings.consumer_key,
        consumer_secret: settings.consumer_secret,
        fee_rate: Decimal::new(42, 3),
        page_cap: settings.page_cap,
        missing_shipping: settings.missing_shipping,
        hidden_fields_as_null: settings.hidden_fields_as_null,
    };
    let mut state = State::default();
    if demo_data {
        fixtures::load(&mut state, &config, &settings.seller.0);
    }
    for (username, _, count) in &large_accounts {
        large::load(&mut state, username, *count);
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
