//! The model's stock-channel trait, over Instica's bulk price endpoint.

use inventory_model::{
    ChannelError, InventoryUpdate, ItemOutcome, Money, PushReport, StockChannel, async_trait,
};

use crate::bulk::{BulkReport, PriceChange};
use crate::client::InsticaClient;
use crate::ids::ItemUid;

/// The name this channel reports itself by.
pub const CHANNEL_NAME: &str = "instica";

/// Pushes prices to Instica.
///
/// * Each update's SKU is read as the item's UID (`inv_…`): Instica items are single units
///   addressed by UID.
/// * Price updates are grouped by amount and sent as bulk price `set` requests (an absolute
///   write, safe to push twice), split by 100 like every bulk call.
/// * Stock updates are rejected as unsupported: an Instica item is one unit with a status, and
///   no bulk endpoint takes a quantity.
/// * A price that is not in USD or breaks the 10-digit, 2-decimal limit is rejected without
///   being sent.
#[async_trait]
impl StockChannel for InsticaClient {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut outcomes: Vec<Option<ItemOutcome>> = vec![None; updates.len()];
        let mut groups: Vec<(Money, Vec<usize>)> = Vec::new();
        for (index, update) in updates.iter().enumerate() {
            let outcome = match update {
                InventoryUpdate::Price(price) => {
                    match PriceChange::Set(price.price).checked_value() {
                        Ok(()) => {
                            match groups.iter_mut().find(|(amount, _)| *amount == price.price) {
                                Some((_, members)) => members.push(index),
                                None => groups.push((price.price, vec![index])),
                            }
                            None
                        }
                        Err(error) => Some(ItemOutcome::rejected(update, error.to_string(), None)),
                    }
                }
                _ => Some(ItemOutcome::unsupported(update, CHANNEL_NAME)),
            };
            if let Some(slot) = outcomes.get_mut(index) {
                *slot = outcome;
            }
        }
        for (amount, members) in groups {
            let uids: Vec<ItemUid> = members
                .iter()
                .filter_map(|index| updates.get(*index))
                .map(|update| ItemUid::new(update.sku().as_str()))
                .collect();
            let report = self
                .bulk()
                .price(&uids, &PriceChange::Set(amount))
                .await
                .map_err(|error| ChannelError::new(CHANNEL_NAME, error))?;
            for index in members {
                let (Some(update), Some(slot)) = (updates.get(index), outcomes.get_mut(index))
                else {
                    continue;
                };
                *slot = Some(outcome_of(update, &report));
            }
        }
        Ok(outcomes
            .into_iter()
            .zip(updates)
            .map(|(outcome, update)| {
                outcome.unwrap_or_else(|| {
                    ItemOutcome::rejected(update, "the update was not processed", None)
                })
            })
            .collect())
    }
}

fn outcome_of(update: &InventoryUpdate, report: &BulkReport) -> ItemOutcome {
    let uid = update.sku().as_str();
    if let Some(batch) = report
        .failed_batches
        .iter()
        .find(|batch| batch.items.iter().any(|item| item.as_str() == uid))
    {
        let code = batch
            .error
            .status()
            .map(|status| status.as_u16().to_string());
        return ItemOutcome::rejected(update, batch.error.to_string(), code);
    }
    if let Some(error) = report
        .errors
        .iter()
        .find(|error| error.uid.as_ref().is_some_and(|item| item.as_str() == uid))
    {
        let reason = error
            .message
            .clone()
            .unwrap_or_else(|| error.raw.to_string());
        return ItemOutcome::rejected(update, reason, None);
    }
    let updated = report.updated_uids.iter().any(|item| item.as_str() == uid);
    // A server that lists no updated UIDs and no errors for this item counts it as changed
    // only when it reported no failures at all.
    if updated || (report.updated_uids.is_empty() && report.failure_count == 0) {
        ItemOutcome::accepted(update)
    } else {
        ItemOutcome::rejected(update, "Instica did not report the item as updated", None)
    }
}
