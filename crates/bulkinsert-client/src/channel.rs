//! The model's [`StockChannel`] over bulk insert: stock levels become records at one location,
//! sent one request per chunk.

use std::collections::HashMap;

use client_core::ClientError;
use inventory_model::push::{Decision, PushPlan};
use inventory_model::{
    ChannelError, InventoryUpdate, Outcome, PushReport, Refusal, Sku, SkuMap, StockChannel,
    StockKind, StockUpdate,
};

use crate::bulk_insert::ChunkReport;
use crate::client::BulkInsertClient;
use crate::error::BulkInsertError;
use crate::ids::{ItemId, ItemRef, LocationId};
use crate::records::{InventoryRecord, TransitDetails};
use crate::site_context::ChannelId;

/// The name this channel gives itself in reports.
pub const CHANNEL_NAME: &str = "bulk-insert";

/// A [`StockChannel`] that writes stock levels as inventory records at one location
/// ([`BulkInsertClient::channel`]).
///
/// On-hand stock becomes a `Stock` record and in-transit stock a `Transit` record (which needs
/// the dates and reference set with [`transit_details`](Self::transit_details)). The update's
/// warehouse is not used: the location is this channel's, so two stock updates of one SKU and
/// stock kind are one item here whatever warehouse they name; as on every channel of this SDK,
/// the later one wins and the earlier is reported rejected with the code `superseded`. Prices
/// are refused item by item, since the inventory API does not hold them.
///
/// The records go out through [`bulk_insert_batch`](BulkInsertClient::bulk_insert_batch):
/// chunks of the client's chunk size, a few requests at a time. A row the service names is
/// rejected with the code `row_error`; the other records of a refused request are rejected as
/// not applied, with the status as their code. The push fails as a whole only when no request
/// got through and none named a row (the service was unreachable, refused the key, …).
///
/// Which item a SKU is: a record names the item by the seller's SKU (`sku`) unless an
/// override table ([`with_sku_map`](Self::with_sku_map)) maps the SKU to the service's item
/// ID, and then by that `itemId`. The read side needs the table: the stock query knows items
/// by `itemId` only (see the
/// [`InventoryReader` implementation](#impl-InventoryReader-for-BulkInsertChannel)).
///
/// [`check_update`](StockChannel::check_update) refuses, without a request, what `push`
/// refuses before sending: prices, in-transit stock without transit details, other stock
/// kinds.
///
/// ```
/// use bulkinsert_client::{BulkInsertClient, ChannelId, LocationId, SiteContext, Stage};
/// use inventory_model::StockChannel;
///
/// let site = SiteContext::new("5f493c9f30ec2a0007a94fc8", Stage::Sandbox, ChannelId::US)?;
/// let client = BulkInsertClient::builder("https://inventory.example.com/api-inventory", site)
///     .api_key("key")
///     .build()?;
/// let channel = client.channel(LocationId::new(104));
/// assert_eq!(channel.channel_name(), "bulk-insert");
/// # Ok::<(), bulkinsert_client::BulkInsertError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BulkInsertChannel {
    pub(crate) client: BulkInsertClient,
    pub(crate) location: LocationId,
    pub(crate) channel: ChannelId,
    transit: Option<TransitDetails>,
    /// The overrides: SKU → item ID, and back.
    pub(crate) items: HashMap<Sku, ItemId>,
    pub(crate) skus: HashMap<ItemId, Sku>,
}

impl BulkInsertClient {
    /// A [`StockChannel`] writing to `location` on the client's sales channel.
    #[must_use]
    pub fn channel(&self, location: LocationId) -> BulkInsertChannel {
        BulkInsertChannel {
            client: self.clone(),
            location,
            channel: self.site_context().channel(),
            transit: None,
            items: HashMap::new(),
            skus: HashMap::new(),
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

    /// Maps SKUs to the service's item IDs (`{"LP-1": "1000000003"}`), for pushes and reads
    /// alike: a record of a mapped SKU names the item by `itemId`, and a read asks for it. An
    /// entry replaces an earlier entry of its SKU.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] (field `sku_map`) naming an entry whose item is not an
    /// item ID (a whole number of at least 1); the channel is not built.
    pub fn with_sku_map(mut self, map: &SkuMap) -> Result<Self, BulkInsertError> {
        let mut entries: Vec<(&Sku, &str)> = map.iter().collect();
        entries.sort_unstable();
        for (sku, item) in entries {
            let item_id = item
                .parse::<u64>()
                .ok()
                .and_then(|id| ItemId::new(id).ok())
                .ok_or_else(|| {
                    BulkInsertError::invalid(
                        "sku_map",
                        format!("`{item}` (for SKU `{sku}`) is not an item ID (1 or more)"),
                    )
                })?;
            if let Some(previous) = self.items.insert(sku.clone(), item_id) {
                self.skus.remove(&previous);
            }
            if let Some(other) = self.skus.insert(item_id, sku.clone())
                && &other != sku
            {
                self.items.remove(&other);
            }
        }
        Ok(self)
    }

    /// The item ID `sku` is mapped to, if any.
    #[must_use]
    pub fn item_id_for(&self, sku: &Sku) -> Option<ItemId> {
        self.items.get(sku).copied()
    }

    /// The record for an update, or why there is none: the rules `push` and `check_update`
    /// share.
    fn record_for(&self, update: &InventoryUpdate) -> Result<InventoryRecord, Refusal> {
        let Some(stock) = update.as_stock() else {
            return Err(Refusal::unsupported(update, CHANNEL_NAME));
        };
        let item = match self.items.get(&stock.sku) {
            Some(id) => ItemRef::ItemId(*id),
            None => ItemRef::Sku(stock.sku.clone()),
        };
        match stock.kind {
            StockKind::OnHand => Ok(InventoryRecord::stock(
                item,
                self.location,
                self.channel,
                stock.quantity,
            )),
            StockKind::InTransit => match &self.transit {
                Some(details) => Ok(InventoryRecord::transit(
                    item,
                    self.location,
                    self.channel,
                    stock.quantity,
                    details.clone(),
                )),
                None => Err(Refusal::new(format!(
                    "{CHANNEL_NAME} needs transit dates and a reference for in-transit stock; \
                     set them with BulkInsertChannel::transit_details"
                ))),
            },
            other => Err(Refusal::new(format!(
                "{CHANNEL_NAME} does not support {other} stock"
            ))),
        }
    }
}

#[async_trait::async_trait]
impl StockChannel for BulkInsertChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
        self.record_for(update).map(drop)
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let updates: Vec<InventoryUpdate> = updates.iter().map(without_warehouse).collect();
        let mut plan = PushPlan::new(&updates, |update| match self.record_for(update) {
            Ok(_) => Decision::Send(()),
            Err(refusal) => refusal.into(),
        });
        for group in plan.take_groups() {
            // Each record beside the batch position of the update it came from.
            let (members, records): (Vec<usize>, Vec<InventoryRecord>) = group
                .members
                .iter()
                .filter_map(|&index| {
                    let record = self.record_for(plan.update(index)?).ok()?;
                    Some((index, record))
                })
                .unzip();
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
            for chunk in &chunks {
                for (record, outcome) in chunk_outcomes(chunk) {
                    if let Some(&index) = members.get(record) {
                        plan.record(index, outcome);
                    }
                }
            }
        }
        Ok(plan.finish())
    }
}

/// The update as this channel tells items apart: without the warehouse, which it does not use.
fn without_warehouse(update: &InventoryUpdate) -> InventoryUpdate {
    match update.as_stock() {
        Some(stock) if stock.warehouse.is_some() => {
            let mut stock: StockUpdate = stock.clone();
            stock.warehouse = None;
            stock.into()
        }
        _ => update.clone(),
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

/// The outcome of each record of a chunk, by its position in the batch.
fn chunk_outcomes(chunk: &ChunkReport) -> Vec<(usize, Outcome)> {
    let failed = chunk.failed_rows();
    let named = |record: usize| {
        failed
            .iter()
            .find(|row| row.record == Some(record))
            .map(|row| row.error.to_string())
    };
    let all_named = failed.iter().all(|row| row.record.is_some());
    let rejected = |reason: String, code: Option<String>| Outcome::Rejected { reason, code };
    chunk
        .records
        .clone()
        .map(|record| {
            let outcome = if let Some(reason) = named(record) {
                rejected(reason, Some("row_error".to_owned()))
            } else {
                match &chunk.outcome {
                    Ok(job) if !job.has_row_errors() || (all_named && !failed.is_empty()) => {
                        Outcome::Accepted
                    }
                    // The job counted failed rows without saying which: pushes are safe to
                    // repeat, so report these as not applied rather than guess.
                    Ok(_) => rejected(
                        "the import job reported failed rows without naming them".to_owned(),
                        Some("unattributed_row_errors".to_owned()),
                    ),
                    Err(error) => rejected(
                        format!("not applied: the request carrying it failed: {error}"),
                        error.status().map(|status| status.as_u16().to_string()),
                    ),
                }
            };
            (record, outcome)
        })
        .collect()
}
