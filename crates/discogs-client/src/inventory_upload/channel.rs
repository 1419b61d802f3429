//! The stock channel that pushes updates as CSV uploads: a batch of N updates costs one
//! `change` upload (and one `delete` upload), not N requests.

use std::collections::HashMap;

use inventory_model::{
    ChannelError, Currency, InventoryUpdate, ItemOutcome, PushReport, StockChannel, StockKind,
    async_trait,
};

use super::job::{JobStatus, Upload, WaitOptions};
use super::rows::{ChangeRow, DeleteRow};
use super::{DEFAULT_MAX_ROWS_PER_UPLOAD, UploadBatch};
use crate::DiscogsClient;
use crate::error::DiscogsError;

/// The name reported in [`ChannelError`]s and reports.
const CHANNEL_NAME: &str = "discogs";

/// A [`StockChannel`] for Discogs that sends a whole batch as CSV uploads and reports each
/// item from the finished jobs.
///
/// * The SKU of each update is the Discogs listing ID (a number); other SKUs are rejected.
/// * A price update becomes a `change` row setting `price`. Discogs prices are in the
///   currency of the seller's marketplace settings; tell the channel that currency with
///   [`currency`](Self::currency) and prices in any other currency are rejected rather than
///   relabelled.
/// * A Discogs listing is one copy and the upload format has no quantity column, so a stock
///   update of 1 needs no request and is accepted; more than 1 is rejected (list each copy
///   with an [`AddRow`](super::AddRow)). Stock 0 deletes the listing with a `delete` upload
///   only when [`delete_listings_at_zero_stock`](Self::delete_listings_at_zero_stock) is on,
///   since a deleted listing cannot be brought back; otherwise it is rejected. Stock in
///   transit is rejected: Discogs lists only what can ship.
/// * When a batch names a listing twice for the same kind of update, the later update wins
///   and the earlier one is rejected as superseded.
/// * Discogs reports counts per upload, not per row: when it processed every row of a file,
///   each of that file's updates is accepted; when it processed fewer, or the job failed,
///   each of them is rejected with Discogs' text, since which rows failed is not reported.
///
/// ```
/// use discogs_client::inventory_upload::CsvStockChannel;
/// use discogs_client::{ConfigureEngine, DiscogsClient};
/// use inventory_model::{Currency, StockChannel};
///
/// let client = DiscogsClient::builder().user_agent("MyShop/1.0").token("t").build()?;
/// let channel = CsvStockChannel::new(client).currency(Currency::Usd);
/// assert_eq!(channel.channel_name(), "discogs");
/// # Ok::<(), discogs_client::DiscogsError>(())
/// ```
#[derive(Debug, Clone)]
pub struct CsvStockChannel {
    client: DiscogsClient,
    currency: Option<Currency>,
    delete_at_zero: bool,
    max_rows: usize,
    wait: WaitOptions,
}

impl CsvStockChannel {
    /// A channel over `client`'s account.
    pub fn new(client: DiscogsClient) -> Self {
        Self {
            client,
            currency: None,
            delete_at_zero: false,
            max_rows: DEFAULT_MAX_ROWS_PER_UPLOAD,
            wait: WaitOptions::default(),
        }
    }

    /// The currency of the seller's Discogs marketplace settings; price updates in any other
    /// currency are rejected.
    #[must_use]
    pub fn currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// Whether a stock update of 0 deletes the listing (off by default).
    #[must_use]
    pub fn delete_listings_at_zero_stock(mut self, delete: bool) -> Self {
        self.delete_at_zero = delete;
        self
    }

    /// The most rows per upload file (see
    /// [`InventoryUpload::max_rows_per_upload`](super::InventoryUpload::max_rows_per_upload)).
    #[must_use]
    pub fn max_rows_per_upload(mut self, rows: usize) -> Self {
        self.max_rows = rows.max(1);
        self
    }

    /// How the finished jobs are waited for.
    #[must_use]
    pub fn wait_options(mut self, options: WaitOptions) -> Self {
        self.wait = options;
        self
    }

    fn failed(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ChannelError {
        ChannelError::new(CHANNEL_NAME, error)
    }

    /// Waits for every file of `batch` and records the outcome of each update it carried.
    async fn record(
        &self,
        batch: &UploadBatch,
        owners: &[usize],
        updates: &[InventoryUpdate],
        outcomes: &mut [Option<ItemOutcome>],
    ) -> Result<(), ChannelError> {
        let handle = self.client.inventory_upload().wait_options(self.wait);
        for part in batch {
            let finished = handle.wait(part.id).await.map_err(Self::failed)?;
            let verdict = verdict(&finished);
            for row in &part.rows {
                let Some(owner) = owners.get(*row).copied() else {
                    continue;
                };
                let (Some(update), Some(slot)) = (updates.get(owner), outcomes.get_mut(owner))
                else {
                    continue;
                };
                *slot = Some(match &verdict {
                    Ok(()) => ItemOutcome::accepted(update),
                    Err((reason, code)) => ItemOutcome::rejected(update, reason, code.clone()),
                });
            }
        }
        Ok(())
    }
}

/// What a finished upload says about every row it carried.
fn verdict(upload: &Upload) -> Result<(), (String, Option<String>)> {
    let text = upload
        .results
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    match &upload.status {
        JobStatus::Success => match upload.results.as_ref() {
            Some(results) if results.records_not_processed().unwrap_or(0) > 0 => Err((
                format!(
                    "Discogs processed only some rows of upload {} and does not say which: {text}",
                    upload.id
                ),
                Some("partially_processed".into()),
            )),
            _ => Ok(()),
        },
        JobStatus::Failed => Err((
            format!("upload {} failed: {text}", upload.id),
            Some("failed".into()),
        )),
        other => Err((
            format!("upload {} ended in status `{other}`: {text}", upload.id),
            None,
        )),
    }
}

fn set(outcomes: &mut [Option<ItemOutcome>], index: usize, outcome: Option<ItemOutcome>) {
    if let Some(slot) = outcomes.get_mut(index) {
        *slot = outcome;
    }
}

fn listing_id_of(update: &InventoryUpdate) -> Option<u64> {
    update
        .sku()
        .as_str()
        .parse::<u64>()
        .ok()
        .filter(|id| *id > 0)
}

#[async_trait]
impl StockChannel for CsvStockChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut outcomes: Vec<Option<ItemOutcome>> = vec![None; updates.len()];
        let reject = |update: &InventoryUpdate, reason: String| {
            Some(ItemOutcome::rejected(update, reason, None))
        };
        // The last update of each kind for a listing wins.
        let mut last_price: HashMap<u64, usize> = HashMap::new();
        let mut last_stock: HashMap<u64, usize> = HashMap::new();
        for (index, update) in updates.iter().enumerate() {
            let Some(listing_id) = listing_id_of(update) else {
                set(
                    &mut outcomes,
                    index,
                    reject(
                        update,
                        format!(
                            "SKU `{}` is not a Discogs listing ID (CSV uploads name listings by their number)",
                            update.sku()
                        ),
                    ),
                );
                continue;
            };
            let winners = match update {
                InventoryUpdate::Price(_) => &mut last_price,
                _ => &mut last_stock,
            };
            if let Some(earlier) = winners.insert(listing_id, index)
                && let Some(earlier_update) = updates.get(earlier)
            {
                let reason = format!(
                    "superseded by update {} of the same listing in this batch",
                    index + 1
                );
                set(&mut outcomes, earlier, reject(earlier_update, reason));
            }
        }

        let mut deleted: HashMap<u64, usize> = HashMap::new();
        let (mut deletes, mut delete_owners) = (Vec::new(), Vec::new());
        let mut stock_winners: Vec<(u64, usize)> = last_stock.into_iter().collect();
        stock_winners.sort_by_key(|(_, index)| *index);
        for (listing_id, index) in stock_winners {
            let Some(update @ InventoryUpdate::Stock(stock)) = updates.get(index) else {
                continue;
            };
            let outcome = if stock.kind != StockKind::OnHand {
                reject(update, "Discogs lists only stock on hand".into())
            } else {
                match stock.quantity.get() {
                    1 => Some(ItemOutcome::accepted(update)),
                    0 if self.delete_at_zero => {
                        deleted.insert(listing_id, index);
                        deletes.push(DeleteRow::new(listing_id));
                        delete_owners.push(index);
                        None
                    }
                    0 => reject(
                        update,
                        "stock 0 would delete the Discogs listing; enable delete_listings_at_zero_stock to allow it".into(),
                    ),
                    more => reject(
                        update,
                        format!("a Discogs listing is one copy and cannot hold {more}; list each copy separately"),
                    ),
                }
            };
            set(&mut outcomes, index, outcome);
        }

        let (mut changes, mut change_owners) = (Vec::new(), Vec::new());
        let mut price_winners: Vec<(u64, usize)> = last_price.into_iter().collect();
        price_winners.sort_by_key(|(_, index)| *index);
        for (listing_id, index) in price_winners {
            let Some(update @ InventoryUpdate::Price(price)) = updates.get(index) else {
                continue;
            };
            let amount = price.price.amount();
            let currency = price.price.currency();
            let outcome = if deleted.contains_key(&listing_id) {
                reject(
                    update,
                    "the listing is deleted by a stock update in this batch".into(),
                )
            } else if self.currency.is_some_and(|wanted| wanted != currency) {
                reject(
                    update,
                    format!(
                        "the price is in {} but the Discogs account sells in {}",
                        currency.code(),
                        self.currency
                            .map(|c| c.code().to_owned())
                            .unwrap_or_default()
                    ),
                )
            } else if amount <= rust_decimal::Decimal::ZERO {
                reject(
                    update,
                    format!("price must be greater than zero, got {amount}"),
                )
            } else {
                changes.push(ChangeRow::new(listing_id).price(amount));
                change_owners.push(index);
                None
            };
            set(&mut outcomes, index, outcome);
        }

        let uploads = self
            .client
            .inventory_upload()
            .max_rows_per_upload(self.max_rows);
        if !changes.is_empty() {
            let batch = uploads.change(&changes).await.map_err(Self::failed)?;
            self.record(&batch, &change_owners, updates, &mut outcomes)
                .await?;
        }
        if !deletes.is_empty() {
            let batch = uploads.delete(&deletes).await.map_err(Self::failed)?;
            self.record(&batch, &delete_owners, updates, &mut outcomes)
                .await?;
        }

        updates
            .iter()
            .zip(outcomes)
            .map(|(update, outcome)| {
                outcome.ok_or_else(|| {
                    Self::failed(DiscogsError::InvalidInput {
                        field: format!("update for SKU {}", update.sku()),
                        rule: "no upload reported on it".into(),
                    })
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(PushReport::new)
    }
}
