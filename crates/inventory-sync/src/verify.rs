//! Verifying a sync: re-read what was changed and report every item that differs from the
//! plan.

use futures::future::join_all;
use inventory_model::{Country, Holdings, InventoryReader, InventoryUpdate, Sku, UpdateKind};
use serde::{Deserialize, Serialize};

use crate::channels::{ChannelSet, describe};
use crate::error::SyncError;
use crate::matching::{HeldIndex, price_of, stock_position};
use crate::plan::{Plan, Value};

/// An item whose state on a channel, read back after the sync, differs from the plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mismatch {
    /// The SKU.
    pub sku: Sku,
    /// Whether the stock or the price differs.
    pub kind: UpdateKind,
    /// The warehouse, for stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<Country>,
    /// What the plan set.
    pub expected: Value,
    /// What the channel shows; `None` when it shows nothing (the item is gone, has no price,
    /// or did not decode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<Value>,
}

/// What re-reading one channel found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChannelVerification {
    /// The channel's name.
    pub channel: String,
    /// Why the channel could not be re-read, so nothing of it is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How many updates were checked.
    pub checked: usize,
    /// The items that differ from the plan.
    pub mismatches: Vec<Mismatch>,
}

impl ChannelVerification {
    /// How many updates are not known to hold: the mismatches, or every checked update when
    /// the channel could not be re-read.
    #[must_use]
    pub fn unverified(&self) -> usize {
        if self.error.is_some() {
            self.checked
        } else {
            self.mismatches.len()
        }
    }
}

/// Re-reads every channel of `plan` for its sendable changes (concurrently, one read each) and
/// reports what differs. [`apply`](crate::apply()) does this for the updates the channels
/// accepted; call this to check a plan applied earlier, or by someone else.
///
/// # Errors
///
/// [`SyncError::MissingChannel`] when the plan has changes for a channel not in the set.
pub async fn verify(
    plan: &Plan,
    channels: &ChannelSet,
) -> Result<Vec<ChannelVerification>, SyncError> {
    let mut work = Vec::new();
    for channel_plan in &plan.channels {
        let updates: Vec<InventoryUpdate> = channel_plan
            .sendable()
            .map(|change| change.update.clone())
            .collect();
        if updates.is_empty() {
            continue;
        }
        let channel = channels
            .get(&channel_plan.channel)
            .ok_or_else(|| SyncError::MissingChannel(channel_plan.channel.clone()))?;
        work.push((channel, updates));
    }
    Ok(join_all(
        work.iter()
            .map(|(channel, updates)| verify_updates(channel.as_ref(), updates)),
    )
    .await)
}

/// Re-reads `channel` for `updates` and compares.
pub(crate) async fn verify_updates(
    channel: &dyn InventoryReader,
    updates: &[InventoryUpdate],
) -> ChannelVerification {
    let mut skus: Vec<Sku> = updates.iter().map(|update| update.sku().clone()).collect();
    skus.sort();
    skus.dedup();
    let (error, mismatches) = match channel.read(&skus).await {
        Ok(holdings) => (None, compare(updates, &holdings)),
        Err(error) => (Some(describe(&error)), Vec::new()),
    };
    ChannelVerification {
        channel: channel.channel_name().to_owned(),
        error,
        checked: updates.len(),
        mismatches,
    }
}

/// The updates whose value `holdings` does not show.
fn compare(updates: &[InventoryUpdate], holdings: &Holdings) -> Vec<Mismatch> {
    let index = HeldIndex::new(holdings.held());
    let mut mismatches = Vec::new();
    for update in updates {
        let items = index.of(update.sku());
        let warehouse = update.as_stock().and_then(|stock| stock.warehouse);
        let found = match update.kind() {
            UpdateKind::Stock => stock_position(items, warehouse)
                .and_then(|at| items.get(at))
                .map(|item| Value::Quantity(item.quantity)),
            _ => price_of(items).map(Value::Price),
        };
        let Some(expected) = Value::of(update) else {
            continue;
        };
        if found != Some(expected) {
            mismatches.push(Mismatch {
                sku: update.sku().clone(),
                kind: update.kind(),
                warehouse,
                expected,
                found,
            });
        }
    }
    mismatches
}
