//! Configuring an Instica fake before it starts: credentials, the photo limit, an optional rate
//! limit and the data it starts with.

use super::fixtures;
use super::model::{InsticaItem, InsticaProduct};
use super::state::State;
use super::{DEFAULT_API_KEY, INSTICA_TOKEN, InsticaFake};
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
        photos_per_item_limit: settings.photos_per_item_limit,
        store: Store::new(state, settings.rate_limit),
    }
}
