//! Configuring a bulk-insert fake before it starts: accounts, API key, locations, records and an
//! optional rate limit.

use super::model::{Location, State, StockRecord};
use super::{BulkInsertFake, DEFAULT_ACCOUNT, fixtures};
use crate::RateLimit;
use crate::sandbox::SandboxBuilder;
use crate::support::store::Store;

/// What a [`BulkInsertSandbox`](super::BulkInsertSandbox) is configured with before it starts; its
/// [`SandboxBuilder`] holds it.
#[derive(Debug, Clone)]
pub struct Settings {
    accounts: Vec<String>,
    api_key: Option<String>,
    locations: Vec<Location>,
    records: Vec<StockRecord>,
    rate_limit: Option<RateLimit>,
    require_reserved_quantity: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            accounts: vec![DEFAULT_ACCOUNT.to_string()],
            api_key: None,
            locations: Vec::new(),
            records: Vec::new(),
            rate_limit: None,
            require_reserved_quantity: true,
        }
    }
}

impl SandboxBuilder<BulkInsertFake> {
    /// Adds an account id the `x-site-context` may name ([`DEFAULT_ACCOUNT`] is always known).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.settings.accounts.push(account.into());
        self
    }

    /// Requires this value in the `x-api-key` header (no key is required by default).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.settings.api_key = Some(key.into());
        self
    }

    /// Adds a location.
    pub fn location(mut self, location: Location) -> Self {
        self.settings.locations.push(location);
        self
    }

    /// Adds a stock or transit record.
    pub fn record(mut self, record: StockRecord) -> Self {
        self.settings.records.push(record);
        self
    }

    /// Whether a bulk-insert row without `reservedQuantity` fails the request with 400
    /// `Inventory insert failed: Row N: "reservedQuantity" is required.` (default `true`: the
    /// live page marks it required, field notes §3; `false` reads a missing one as 0).
    pub fn require_reserved_quantity(mut self, required: bool) -> Self {
        self.settings.require_reserved_quantity = required;
        self
    }

    /// Refuses requests past this budget with 429 (the vendor documents no limit, so none is
    /// enforced by default).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.settings.rate_limit = Some(limit);
        self
    }
}

/// The fake these settings describe, its demo data loaded first when `demo_data` is set.
pub(super) fn build(settings: Settings, demo_data: bool) -> BulkInsertFake {
    let mut state = State::default();
    if demo_data {
        fixtures::load(&mut state);
    }
    state.locations.extend(settings.locations);
    for record in settings.records {
        state.resolve_item(Some(&record.item_id), record.sku.as_deref());
        state.records.push(record);
    }
    BulkInsertFake {
        accounts: settings.accounts.into_iter().collect(),
        api_key: settings.api_key,
        require_reserved_quantity: settings.require_reserved_quantity,
        store: Store::new(state, settings.rate_limit),
    }
}
