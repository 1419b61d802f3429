//! The model's [`StockChannel`] over bulk insert: stock levels become records at one location,
//! sent one request per chunk.

use inventory_model::{
    ChannelError, InventoryUpdate, ItemOutcome, PushReport, StockChannel, StockKind, StockUpdate,
};

use crate::bulk_insert::ChunkReport;
use crate::client::BulkInsertClient;
use crate::records::{InventoryRecord, ItemRef, LocationId, TransitDetails};
use crate::site_context::ChannelId;

/// The name this channel gives itself in reports.
pub const CHANNEL_NAME: &str = "bulk-insert";

/// A [`StockChannel`] that writes stock levels as inventory records at one location.
///
/// On-hand stock becomes a `Stock` record and in-transit stock a `Transit` record (which needs
/// the dates and reference set with [`transit_details`](Self::transit_details)). The update's
/// warehouse is not used: the location is this channel's. Prices are refused item by item,
/// since the inventory API does not hold them.
///
/// ```
/// use bulkinsert_client::{BulkInsertClient, ChannelId, LocationId, SiteContext, Stage};
/// use inventory_model::StockChannel;
///
/// let site = SiteContext::new("5f493c9f30ec2a0007a94fc8", Stage::Sandbox, ChannelId::US)?;
/// let client = BulkInsertClient::builder("https://inventory.example.com/api-inventory", site)
///     .api_key("key")
///     .build()?;
/// let channel = client.stock_channel(LocationId::new(104));
/// assert_eq!(channel.channel_name(), "bulk-insert");
/// # Ok::<(), bulkinsert_client::BulkInsertError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BulkInsertChannel {
    client: BulkInsertClient,
    location: LocationId,
    channel: ChannelId,
    transit: Option<TransitDetails>,
}

impl BulkInsertClient {
    /// A [`StockChannel`] writing to `location` on the client's sales channel.
    #[must_use]
    pub fn stock_channel(&self, location: LocationId) -> BulkInsertChannel {
        BulkInsertChannel {
            client: self.clone(),
            location,
            channel: self.site_context().channel(),
            transit: None,
        }
    }
}

impl BulkInsertChannel {
    /// Writes the records for another sales channel than the client's.
    #[must_use]
    pub fn on_channel(mut self, channel: ChannelId) -> Self {
        self.channel = channel;
        self
    }

    /// The dates and reference given to in-transit stock; without them in-transit updates
    /// are refused item by item.
    #[must_use]
    pub fn transit_details(mut self, details: TransitDetails) -> Self {
        self.transit = Some(details);
        self
    }

    /// The record for a stock update, or why there is none.
    fn record_for(&self, update: &StockUpdate) -> Result<InventoryRecord, String> {
        let item = ItemRef::Sku(update.sku.clone());
        match update.kind {
            StockKind::OnHand => Ok(InventoryRecord::stock(
                item,
                self.location,
                self.channel,
                update.quantity,
            )),
            StockKind::InTransit => match &self.transit {
                Some(details) => Ok(InventoryRecord::transit(
                    item,
                    self.location,
                    self.channel,
                    update.quantity,
                    details.clone(),
                )),
                None => Err(format!(
                    "{CHANNEL_NAME} needs transit dates and a reference for in-transit stock; \
                     set them with BulkInsertChannel::transit_details"
                )),
            },
            other => Err(format!("{CHANNEL_NAME} does not support {other} stock")),
        }
    }
}

#[async_trait::async_trait]
impl StockChannel for BulkInsertChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut outcomes: Vec<Option<ItemOutcome>> = vec![None; updates.len()];
        let mut records = Vec::new();
        // For each record, the position of the update it came from.
        let mut origins = Vec::new();
        for (position, update) in updates.iter().enumerate() {
            let refusal = match update {
                InventoryUpdate::Stock(stock) => match self.record_for(stock) {
                    Ok(record) => {
                        records.push(record);
                        origins.push(position);
                        continue;
                    }
                    Err(reason) => ItemOutcome::rejected(update, reason, None),
                },
                _ => ItemOutcome::unsupported(update, CHANNEL_NAME),
            };
            if let Some(slot) = outcomes.get_mut(position) {
                *slot = Some(refusal);
            }
        }
        if !records.is_empty() {
            let report = self
                .client
                .bulk_insert_batch(&records)
                .send()
                .await
                .map_err(|error| ChannelError::new(CHANNEL_NAME, error))?;
            let chunks = report.into_chunks();
            if failed_as_a_whole(&chunks) {
                let first_error = chunks.into_iter().find_map(|chunk| chunk.outcome.err());
                return Err(match first_error {
                    Some(error) => ChannelError::new(CHANNEL_NAME, error),
                    None => ChannelError::new(CHANNEL_NAME, "every request of the push failed"),
                });
            }
            for chunk in chunks {
                for (record, outcome) in chunk_outcomes(&chunk) {
                    let Some(&position) = origins.get(record) else {
                        continue;
                    };
                    if let (Some(slot), Some(update)) =
                        (outcomes.get_mut(position), updates.get(position))
                    {
                        *slot = Some(match outcome {
                            Ok(()) => ItemOutcome::accepted(update),
                            Err((reason, code)) => ItemOutcome::rejected(update, reason, code),
                        });
                    }
                }
            }
        }
        Ok(updates
            .iter()
            .zip(outcomes)
            .map(|(update, outcome)| {
                outcome.unwrap_or_else(|| {
                    ItemOutcome::rejected(update, "no answer was recorded for this update", None)
                })
            })
            .collect())
    }
}

/// Whether no request got through and none named a row: then nothing is known per item (the
/// service was unreachable, refused the key, …) and the push fails as a whole.
fn failed_as_a_whole(chunks: &[ChunkReport]) -> bool {
    !chunks.is_empty()
        && chunks.iter().all(|chunk| {
            chunk
                .error()
                .is_some_and(|error| error.row_errors().is_empty())
        })
}

type RecordOutcome = Result<(), (String, Option<String>)>;

/// The outcome of each record of a chunk, by its position in the batch.
fn chunk_outcomes(chunk: &ChunkReport) -> Vec<(usize, RecordOutcome)> {
    let failed = chunk.failed_rows();
    let named = |record: usize| {
        failed
            .iter()
            .find(|row| row.record == Some(record))
            .map(|row| row.error.to_string())
    };
    let all_named = failed.iter().all(|row| row.record.is_some());
    chunk
        .records
        .clone()
        .map(|record| {
            let outcome = if let Some(reason) = named(record) {
                Err((reason, Some("row_error".to_owned())))
            } else {
                match &chunk.outcome {
                    Ok(job) if !job.has_row_errors() || (all_named && !failed.is_empty()) => Ok(()),
                    // The job counted failed rows without saying which: pushes are safe to
                    // repeat, so report these as not applied rather than guess.
                    Ok(_) => Err((
                        "the import job reported failed rows without naming them".to_owned(),
                        Some("unattributed_row_errors".to_owned()),
                    )),
                    Err(error) => Err((
                        format!("not applied: the request carrying it failed: {error}"),
                        error.status().map(|status| status.as_u16().to_string()),
                    )),
                }
            };
            (record, outcome)
        })
        .collect()
}
