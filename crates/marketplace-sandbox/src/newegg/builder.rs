//! Configuring a Newegg fake before it starts: sellers, items and the rate limit.

use super::model::{NeweggItem, SellerAccount, State};
use super::{DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggFake, fixtures};
use crate::RateLimit;
use crate::sandbox::SandboxBuilder;
use crate::support::store::Store;

/// What a [`NeweggSandbox`](super::NeweggSandbox) is configured with before it starts; its
/// [`SandboxBuilder`] holds it.
#[derive(Debug, Clone)]
pub struct Settings {
    sellers: Vec<(String, String, String, Vec<String>)>,
    items: Vec<NeweggItem>,
    rate_limit: RateLimit,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            sellers: vec![(
                DEFAULT_SELLER_ID.to_string(),
                DEFAULT_AUTHORIZATION.to_string(),
                DEFAULT_SECRET_KEY.to_string(),
                vec!["USA".to_string(), "CAN".to_string(), "AUS".to_string()],
            )],
            items: Vec::new(),
            rate_limit: RateLimit::per_hour(10_000),
        }
    }
}

impl SandboxBuilder<NeweggFake> {
    /// Adds a seller with its credentials and the warehouses it has set up. A seller with the
    /// id of an existing one replaces it (the default [`DEFAULT_SELLER_ID`] has USA, CAN, AUS).
    pub fn seller(
        mut self,
        seller_id: impl Into<String>,
        authorization: impl Into<String>,
        secret_key: impl Into<String>,
        warehouses: &[&str],
    ) -> Self {
        let seller_id = seller_id.into();
        self.settings
            .sellers
            .retain(|(id, _, _, _)| *id != seller_id);
        self.settings.sellers.push((
            seller_id,
            authorization.into(),
            secret_key.into(),
            warehouses.iter().map(|code| (*code).to_string()).collect(),
        ));
        self
    }

    /// Adds an item.
    pub fn item(mut self, item: NeweggItem) -> Self {
        self.settings.items.push(item);
        self
    }

    /// Sets the moving-window budget (default 10,000 per hour).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.settings.rate_limit = limit;
        self
    }
}

/// The fake these settings describe, its demo data loaded first when `demo_data` is set.
pub(super) fn build(settings: Settings, demo_data: bool) -> NeweggFake {
    let mut state = State::default();
    if demo_data {
        state.items = fixtures::demo_items();
    }
    state.items.extend(settings.items);
    NeweggFake {
        sellers: settings
            .sellers
            .into_iter()
            .map(
                |(seller_id, authorization, secret_key, warehouses)| SellerAccount {
                    seller_id,
                    authorization,
                    secret_key,
                    warehouses: warehouses.into_iter().collect(),
                },
            )
            .collect(),
        store: Store::new(state, [settings.rate_limit]),
    }
}
