//! Configuring an Instica fake before it starts: credentials, the photo limit, an optional rate
//! limit and the data it starts with.

use super::fixtures;
use super::model::{InsticaItem, InsticaProduct};
use super::state::State;
use super::{Behaviour, DEFAULT_API_KEY, INSTICA_TOKEN, InsticaFake, InsticaPageSizeOverflow};
use crate::RateLimit;
use crate::sandbox::SandboxBuilder;
use crate::support::store::Store;

/// What a [`InsticaSandbox`](super::InsticaSandbox) is configured with before it starts; its
/// [`SandboxBuilder`] holds it.
#[derive(Debug, Clone)]
pub struct Settings {
    tokens: Vec<String>,
    api_keys: Vec<String>,
    photos_per_item_limit: usize,
    rate_limit: Option<RateLimit>,
    products: Vec<InsticaProduct>,
    items: Vec<InsticaItem>,
    page_size_overflow: InsticaPageSizeOverflow,
    strict_asset_batches: bool,
    keyed_list_errors: bool,
    api_key_auth: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tokens: vec![INSTICA_TOKEN.to_string()],
            api_keys: vec![DEFAULT_API_KEY.to_string()],
            photos_per_item_limit: 24,
            rate_limit: None,
            products: Vec::new(),
            items: Vec::new(),
            page_size_overflow: InsticaPageSizeOverflow::Clamp,
            strict_asset_batches: false,
            keyed_list_errors: false,
            api_key_auth: true,
        }
    }
}

impl SandboxBuilder<InsticaFake> {
    /// Accepts another bearer token.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.settings.tokens.push(token.into());
        self
    }

    /// Accepts another `X-API-Key`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.settings.api_keys.push(key.into());
        self
    }

    /// Sets the subscription's photos-per-item limit (default 24).
    pub fn photos_per_item_limit(mut self, limit: usize) -> Self {
        self.settings.photos_per_item_limit = limit;
        self
    }

    /// Refuses requests past this budget with 429 (none by default: the documentation names
    /// no limit).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.settings.rate_limit = Some(limit);
        self
    }

    /// What `page_size` above 100 does (default [`InsticaPageSizeOverflow::Clamp`]: 100 per
    /// page; the live behaviour is unverified, field notes §4).
    pub fn page_size_overflow(mut self, overflow: InsticaPageSizeOverflow) -> Self {
        self.settings.page_size_overflow = overflow;
        self
    }

    /// Refuses a multi-file asset upload (`files`, or `…/assets/batch/`) holding a file it cannot
    /// store with 400 and a DRF list error, one entry per file with `{}` for the good ones —
    /// `{"assets": [{}, {"file": ["Unsupported file type …"]}]}` — storing nothing. Off by
    /// default: the documented multi-file answer stores the good files and counts the others in
    /// `failed_count`.
    pub fn strict_asset_batches(mut self, strict: bool) -> Self {
        self.settings.strict_asset_batches = strict;
        self
    }

    /// Writes errors of lists of nested objects keyed by element index, only the failing
    /// elements (`{"assets": {"1": {"file": ["…"]}}}`, the form DRF pull request #9837
    /// proposes), instead of DRF's one entry per element (the default). Field notes §4: clients
    /// should accept both.
    pub fn keyed_list_errors(mut self, keyed: bool) -> Self {
        self.settings.keyed_list_errors = keyed;
        self
    }

    /// Whether `X-API-Key` authenticates (default `true`, as Instica recommends for scripts and
    /// integrations, field notes §4); `false` leaves only `Authorization: Bearer`, as the
    /// inventory page shows, and a request with only a key is unauthenticated.
    pub fn api_key_auth(mut self, accepted: bool) -> Self {
        self.settings.api_key_auth = accepted;
        self
    }

    /// Adds a product.
    pub fn product(mut self, product: InsticaProduct) -> Self {
        self.settings.products.push(product);
        self
    }

    /// Adds an item (an empty uid gets one assigned).
    pub fn item(mut self, item: InsticaItem) -> Self {
        self.settings.items.push(item);
        self
    }
}

/// The fake these settings describe, its demo data loaded first when `demo_data` is set.
pub(super) fn build(settings: Settings, demo_data: bool) -> InsticaFake {
    let mut state = State {
        platforms: fixtures::platforms(),
        ..State::default()
    };
    if demo_data {
        fixtures::load(&mut state);
    }
    for product in settings.products {
        state.products.insert(product.uid.clone(), product);
    }
    for item in settings.items {
        state.insert_item(item);
    }
    InsticaFake {
        tokens: settings.tokens,
        api_keys: settings.api_keys,
        behaviour: Behaviour {
            photos_per_item_limit: settings.photos_per_item_limit,
            page_size_overflow: settings.page_size_overflow,
            strict_asset_batches: settings.strict_asset_batches,
            keyed_list_errors: settings.keyed_list_errors,
            api_key_auth: settings.api_key_auth,
        },
        store: Store::new(state, settings.rate_limit),
    }
}
