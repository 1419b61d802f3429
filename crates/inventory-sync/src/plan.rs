//! A plan as a value: what would change on each channel, what was refused, and what was found
//! but left alone.

use std::fmt;

use inventory_model::{
    Country, HeldItem, InventoryUpdate, Money, Quantity, ReadScope, Refusal, Sku, UnreadItem,
};
use serde::{Deserialize, Serialize};

/// What a plan may do beyond correcting what differs. Both default to `false`: SKUs missing
/// from a channel and items the desired state does not name are reported, never touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanOptions {
    /// Push the desired values for SKUs a channel does not hold too (for channels whose push
    /// creates or finds items the read did not show).
    #[serde(default)]
    pub push_missing: bool,
    /// Set to zero the stock the desired state does not name: items a channel holds that it
    /// does not name (known from reads that cover the whole channel only; an asked-only read
    /// cannot know them), and warehouses of a named SKU that no quantity is wanted in. So
    /// nothing the seller no longer has stays on sale.
    #[serde(default)]
    pub zero_unlisted: bool,
}

impl PlanOptions {
    /// Sets [`push_missing`](PlanOptions::push_missing).
    #[must_use]
    pub fn push_missing(mut self, yes: bool) -> Self {
        self.push_missing = yes;
        self
    }

    /// Sets [`zero_unlisted`](PlanOptions::zero_unlisted).
    #[must_use]
    pub fn zero_unlisted(mut self, yes: bool) -> Self {
        self.zero_unlisted = yes;
        self
    }
}

/// A stock level or a price, as read or as wanted.
///
/// Serde writes `{"quantity":3}` or `{"price":{"amount":"21.50","currency":"USD"}}`; `Display`
/// writes `3` or `$21.50`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Value {
    /// A stock level.
    Quantity(Quantity),
    /// A price.
    Price(Money),
}

impl Value {
    /// The value an update sets.
    #[must_use]
    pub fn of(update: &InventoryUpdate) -> Option<Value> {
        if let Some(stock) = update.as_stock() {
            Some(Value::Quantity(stock.quantity))
        } else {
            update.as_price().map(|price| Value::Price(price.price))
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Quantity(quantity) => write!(f, "{quantity}"),
            Value::Price(price) => write!(f, "{price}"),
        }
    }
}

/// Why a plan holds a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cause {
    /// The channel shows something else.
    Differs,
    /// The channel does not hold the SKU, and [`PlanOptions::push_missing`] was asked.
    Missing,
    /// The desired state does not name the item, and [`PlanOptions::zero_unlisted`] was asked.
    Unlisted,
}

/// One update a plan holds for one channel, with what the channel showed before and whether
/// the channel's own rules refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Change {
    /// The update to push.
    pub update: InventoryUpdate,
    /// The channel's ID of the item, when the read showed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// What the channel showed, when it showed anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// Why the plan holds it.
    pub cause: Cause,
    /// The channel's rules refuse it
    /// ([`check_update`](inventory_model::StockChannel::check_update)), so it is not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
}

impl Change {
    /// The value the update sets.
    #[must_use]
    pub fn after(&self) -> Option<Value> {
        Value::of(&self.update)
    }

    /// Whether the change is sent (the channel's rules do not refuse it).
    #[must_use]
    pub fn is_sendable(&self) -> bool {
        self.refused.is_none()
    }

    /// The warehouse of a stock change.
    #[must_use]
    pub fn warehouse(&self) -> Option<Country> {
        self.update.as_stock().and_then(|stock| stock.warehouse)
    }
}

/// A SKU (in a warehouse, for stock) the desired state names but the channel does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MissingItem {
    /// The SKU.
    pub sku: Sku,
    /// The warehouse a quantity was wanted in, when one was named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<Country>,
    /// Whether the channel holds the SKU, only not where the quantity was wanted (in other
    /// warehouses; or in several, for a quantity that names none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub held_elsewhere: bool,
}

/// The plan of one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChannelPlan {
    /// The channel's name.
    pub channel: String,
    /// Why the channel could not be read, so nothing is planned for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_error: Option<String>,
    /// How much of the channel the read covered (`None` when it failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ReadScope>,
    /// The updates, sendable and refused, in SKU order.
    pub changes: Vec<Change>,
    /// How many wanted values the channel already shows.
    pub unchanged: usize,
    /// What the desired state names that the channel does not hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<MissingItem>,
    /// What the channel holds that the desired state does not name (for stock: items, or
    /// warehouses of a named SKU that no quantity was wanted in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unlisted: Vec<HeldItem>,
    /// Items of wanted SKUs whose data did not decode, so their state is unknown and nothing is
    /// planned for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<UnreadItem>,
}

impl ChannelPlan {
    /// An empty plan for `channel`.
    #[must_use]
    pub fn new(channel: impl Into<String>) -> Self {
        Self {
            channel: channel.into(),
            read_error: None,
            scope: None,
            changes: Vec::new(),
            unchanged: 0,
            missing: Vec::new(),
            unlisted: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    /// The changes that are sent.
    pub fn sendable(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|change| change.is_sendable())
    }

    /// The changes the channel's rules refuse.
    pub fn refused(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|change| !change.is_sendable())
    }
}

/// What a sync would do: per channel, the updates to send (only what differs), the updates
/// the channel's rules refuse, and what was found but is left alone.
///
/// It is a value: print it ([`Display`](fmt::Display) writes a fixed-width table), keep it as
/// JSON ([`to_json`](Plan::to_json), [`from_json`](Plan::from_json)) and apply it later
/// ([`apply`](crate::apply())).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The options it was made with.
    pub options: PlanOptions,
    /// One plan per channel, in the channel set's order.
    pub channels: Vec<ChannelPlan>,
    /// Wanted SKUs that no channel that was read holds: they match nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<Sku>,
}

impl Plan {
    /// The plan of the channel called `name`.
    #[must_use]
    pub fn channel(&self, name: &str) -> Option<&ChannelPlan> {
        self.channels.iter().find(|plan| plan.channel == name)
    }

    /// How many updates are sent, over every channel.
    #[must_use]
    pub fn sendable_count(&self) -> usize {
        self.channels
            .iter()
            .map(|plan| plan.sendable().count())
            .sum()
    }

    /// How many updates the channels' rules refuse.
    #[must_use]
    pub fn refused_count(&self) -> usize {
        self.channels
            .iter()
            .map(|plan| plan.refused().count())
            .sum()
    }

    /// Whether nothing would be sent.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sendable_count() == 0
    }

    /// The plan as pretty-printed JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A plan written by [`to_json`](Plan::to_json).
    ///
    /// # Errors
    ///
    /// The JSON error, naming the line and column.
    pub fn from_json(text: &str) -> Result<Plan, serde_json::Error> {
        serde_json::from_str(text)
    }
}
