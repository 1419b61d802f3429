//! The model's stock-channel trait, over Instica's bulk price endpoint.

use client_core::ClientError;
use inventory_model::push::{Decision, PushPlan};
use inventory_model::{
    ChannelError, InventoryUpdate, ItemOutcome, Money, Outcome, PushReport, StockChannel,
    async_trait,
};

use crate::bulk::{BulkReport, PriceChange};
use crate::client::InsticaClient;
use crate::ids::ItemUid;

/// The name this channel reports itself by.
pub const CHANNEL_NAME: &str = "instica";

/// Pushes prices to Instica: `client.channel()`.
///
/// * Each update's SKU is read as the item's UID (`inv_…`): Instica items are single units
///   addressed by UID.
/// * Price updates are grouped by amount and sent as bulk price `set` requests (an absolute
///   write, safe to push twice), split by 100 like every bulk call: pushing 10,000 price
///   changes to one amount costs 100 requests, not 10,000.
/// * Of several updates to one item in a batch the last wins; the earlier are rejected with
///   the code `superseded`.
/// * Stock updates are rejected as unsupported: an Instica item is one unit with a status, and
///   no bulk endpoint takes a quantity.
/// * A price that is not in USD or breaks the 10-digit, 2-decimal limit is rejected without
///   being sent.
///
/// ```
/// use instica_client::InsticaClient;
/// use instica_client::prelude::*;
///
/// let client = InsticaClient::builder().token("my-token").build()?;
/// let channel = client.channel();
/// assert_eq!(channel.channel_name(), "instica");
/// # Ok::<(), instica_client::InsticaError>(())
/// ```
#[derive(Debug, Clone)]
pub struct InsticaChannel {
    client: InsticaClient,
}

impl InsticaClient {
    /// The client as an [`inventory_model::StockChannel`], pushing prices through bulk price
    /// `set`, the cheapest path the API has.
    pub fn channel(&self) -> InsticaChannel {
        InsticaChannel {
            client: self.clone(),
        }
    }
}

impl InsticaChannel {
    /// Whether Instica takes the update, and with which other updates it travels.
    fn decide(update: &InventoryUpdate) -> Decision<Money> {
        let Some(price) = update.as_price() else {
            // The model words "not supported" once, for every channel.
            let unsupported = ItemOutcome::unsupported(update, CHANNEL_NAME).outcome;
            return Decision::Reject {
                reason: unsupported.reason().unwrap_or_default().to_owned(),
                code: unsupported.code().map(str::to_owned),
            };
        };
        match PriceChange::Set(price.price).checked_value() {
            Ok(()) => Decision::Send(price.price),
            Err(error) => Decision::reject(error.to_string()),
        }
    }
}

#[async_trait]
impl StockChannel for InsticaChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut plan = PushPlan::new(updates, Self::decide);
        for group in plan.take_groups() {
            let uids: Vec<ItemUid> = plan
                .members(&group)
                .map(|update| ItemUid::new(update.sku().as_str()))
                .collect();
            let report = self
                .client
                .bulk()
                .price(&uids, &PriceChange::Set(group.key))
                .await
                .map_err(|error| ChannelError::new(CHANNEL_NAME, error))?;
            for (index, uid) in group.members.iter().zip(&uids) {
                plan.record(*index, outcome_of(uid, &report));
            }
        }
        Ok(plan.finish())
    }
}

/// What the bulk report says of one item.
fn outcome_of(uid: &ItemUid, report: &BulkReport) -> Outcome {
    if let Some(batch) = report
        .failed_batches
        .iter()
        .find(|batch| batch.items.contains(uid))
    {
        return Outcome::Rejected {
            reason: batch.error.to_string(),
            code: batch
                .error
                .status()
                .map(|status| status.as_u16().to_string()),
        };
    }
    if let Some(error) = report
        .errors
        .iter()
        .find(|error| error.uid.as_ref() == Some(uid))
    {
        return Outcome::Rejected {
            reason: error
                .message
                .clone()
                .unwrap_or_else(|| error.raw.to_string()),
            code: None,
        };
    }
    // A server that lists no updated UIDs and no errors for this item counts it as changed
    // only when it reported no failures at all.
    if report.updated_uids.contains(uid)
        || (report.updated_uids.is_empty() && report.failure_count == 0)
    {
        Outcome::Accepted
    } else {
        Outcome::Rejected {
            reason: "Instica did not report the item as updated".to_owned(),
            code: None,
        }
    }
}
