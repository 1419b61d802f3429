//! Configuring a Newegg fake before it starts: sellers, items and the rate limit.

use super::model::{NeweggItem, NeweggReadShape, NeweggResetTime, SellerAccount, State};
use super::{
    Behaviour, DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggFake, fixtures,
};
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
    bom: bool,
    reset_time: NeweggResetTime,
    read_shape: NeweggReadShape,
    gateway_auth_text: bool,
    feed_rate_limit: RateLimit,
    record_allowance: usize,
    feed_polls_to_finish: u32,
    df012_status: u16,
}

/// The feed pages' hourly record allowance.
pub(crate) const RECORDS_PER_HOUR: usize = 100_000;

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
            bom: true,
            reset_time: NeweggResetTime::PacificUs,
            read_shape: NeweggReadShape::InventoryAllocation,
            gateway_auth_text: false,
            feed_rate_limit: RateLimit::per_minute(10),
            record_allowance: RECORDS_PER_HOUR,
            feed_polls_to_finish: 2,
            df012_status: 429,
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

    /// Whether a UTF-8 byte order mark (`EF BB BF`) leads every XML and JSON answer body
    /// (default `true`: live answers may start with one, field notes §2.1).
    pub fn bom(mut self, bom: bool) -> Self {
        self.settings.bom = bom;
        self
    }

    /// How `X-RateLimit-ResetTime` writes the reset (default
    /// [`NeweggResetTime::PacificUs`], `8/25/2026 7:04:23 AM`; the format is undocumented, field
    /// notes §2.3).
    pub fn reset_time_format(mut self, format: NeweggResetTime) -> Self {
        self.settings.reset_time = format;
        self
    }

    /// The shape of the answer to an inventory read (default
    /// [`NeweggReadShape::InventoryAllocation`], as Newegg's SDK records it, field notes §2.4).
    pub fn read_shape(mut self, shape: NeweggReadShape) -> Self {
        self.settings.read_shape = shape;
        self
    }

    /// Answers every authentication failure with 401 and the plain text `Gateway: Seller Auth
    /// failed.` (a third party's observation, field notes §2.2) instead of the documented
    /// `InvalidConsumerKey` / `InvalidToken` / `AccessDenied` errors (the default).
    pub fn gateway_auth_text(mut self, gateway_text: bool) -> Self {
        self.settings.gateway_auth_text = gateway_text;
        self
    }
}

impl SandboxBuilder<NeweggFake> {
    /// Sets the budget of feed submissions (default 10 per minute, the feed pages' limit).
    pub fn feed_rate_limit(mut self, limit: RateLimit) -> Self {
        self.settings.feed_rate_limit = limit;
        self
    }

    /// Sets the hourly allowance of feed records per seller (default 100,000); a feed past it
    /// is refused with DF012.
    pub fn record_allowance(mut self, records_per_hour: usize) -> Self {
        self.settings.record_allowance = records_per_hour;
        self
    }

    /// How many status reads naming a feed it takes to finish it (default 2: the first says
    /// `IN_PROGRESS`, the second `FINISHED`; 1 finishes it at the first read). Values below 1
    /// count as 1.
    pub fn feed_polls_to_finish(mut self, polls: u32) -> Self {
        self.settings.feed_polls_to_finish = polls.max(1);
        self
    }

    /// The HTTP status a DF012 refusal travels with (default 429; Newegg does not say, feed
    /// specification §7).
    pub fn df012_status(mut self, status: u16) -> Self {
        self.settings.df012_status = status;
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
    state.record_allowance = settings.record_allowance;
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
        behaviour: Behaviour {
            bom: settings.bom,
            reset_time: settings.reset_time,
            read_shape: settings.read_shape,
            gateway_auth_text: settings.gateway_auth_text,
            feed_polls_to_finish: settings.feed_polls_to_finish,
            df012_status: settings.df012_status,
        },
        store: Store::new(
            state,
            [
                settings.rate_limit,
                settings.feed_rate_limit,
                RateLimit::per_hour(10_000),
                RateLimit::per_hour(10_000),
            ],
        ),
    }
}
