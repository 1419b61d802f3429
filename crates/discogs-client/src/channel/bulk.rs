//! The bulk channel: a batch of updates as CSV uploads, reported from the finished jobs.

use std::collections::{HashMap, HashSet};

use inventory_model::push::{Decision, Group, PushPlan};
use inventory_model::{
    ChannelError, Currency, Decimal, InventoryUpdate, Outcome, PushReport, StockChannel,
    async_trait,
};

use super::{CHANNEL_NAME, ListingMap, StockAsk, listing_mapping, stock_ask, unsupported};
use crate::client::DiscogsClient;
use crate::inventory_upload::{
    ChangeRow, DEFAULT_MAX_ROWS_PER_UPLOAD, DeleteRow, InventoryUpload, JobStatus, Upload,
    UploadBatch, UploadKind, WaitOptions,
};

/// A Discogs inventory as a [`StockChannel`] on the cheapest path Discogs offers: the whole
/// batch as CSV uploads; get it with [`DiscogsClient::channel`].
///
/// * Updates are keyed by SKU; each SKU must lead to a listing, mapped with
///   [`with_listing`](Self::with_listing) or because the SKU *is* the listing ID (all digits).
///   Updates whose SKU leads nowhere are rejected.
/// * A price update becomes a `change` row setting `price`; one upload carries up to
///   [`max_rows_per_upload`](Self::max_rows_per_upload) rows. Discogs prices are in the
///   currency of the seller's marketplace settings; tell the channel that currency with
///   [`currency`](Self::currency) and prices in any other currency are rejected rather than
///   relabelled. A price of zero or less is rejected.
/// * A Discogs listing is one copy and the upload format has no quantity column, so a stock
///   update of 1 needs no request and is accepted; more than 1 is rejected (list each copy
///   with an [`AddRow`](crate::inventory_upload::AddRow)). Stock 0 deletes the listing with a
///   `delete` upload only when
///   [`delete_listings_at_zero_stock`](Self::delete_listings_at_zero_stock) is on, since a
///   deleted listing cannot be brought back; otherwise it is rejected (the
///   [`ListingEditChannel`](super::ListingEditChannel) can take a listing off sale instead).
///   Stock in transit is rejected: Discogs lists only what can ship. A price update for a
///   listing the same batch deletes is rejected.
/// * When a batch names an item twice for the same kind of update, the later update wins and
///   the earlier one is rejected as superseded.
/// * Discogs reports counts per upload, not per row: when it processed every row of a file,
///   each of that file's updates is accepted; when it processed fewer, or the job failed,
///   each of them is rejected with Discogs' text, since which rows failed is not reported.
/// * A failed upload or poll (credentials, network, rate limit) fails the whole push.
///
/// ```
/// use discogs_client::{ConfigureEngine, DiscogsClient};
/// use inventory_model::{Currency, Sku, StockChannel};
///
/// let client = DiscogsClient::builder().user_agent("MyShop/1.0").token("t").build()?;
/// let channel = client
///     .channel()
///     .currency(Currency::Usd)
///     .with_listing(Sku::new("LP-0042")?, 172723812);
/// assert_eq!(channel.channel_name(), "discogs");
/// assert_eq!(channel.listing_id_for(&Sku::new("LP-0042")?), Some(172723812));
/// assert_eq!(channel.listing_id_for(&Sku::new("150899904")?), Some(150899904));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DiscogsChannel {
    client: DiscogsClient,
    listings: ListingMap,
    currency: Option<Currency>,
    delete_at_zero: bool,
    max_rows: usize,
    wait: WaitOptions,
}

impl DiscogsClient {
    /// This account as a [`StockChannel`] on the bulk path: a batch costs one `change` upload
    /// per [`DEFAULT_MAX_ROWS_PER_UPLOAD`] price changes (and a `delete` upload when enabled),
    /// plus the polls of each upload. See [`DiscogsChannel`].
    #[must_use]
    pub fn channel(&self) -> DiscogsChannel {
        DiscogsChannel {
            client: self.clone(),
            listings: ListingMap::default(),
            currency: None,
            delete_at_zero: false,
            max_rows: DEFAULT_MAX_ROWS_PER_UPLOAD,
            wait: WaitOptions::default(),
        }
    }
}

impl DiscogsChannel {
    listing_mapping!();

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

    /// The most rows per upload file (see [`InventoryUpload::max_rows_per_upload`]).
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

    /// Which upload an update goes into, if any.
    fn decide(&self, update: &InventoryUpdate) -> Decision<UploadKind> {
        let listing_id = match self.listings.listing_of(update) {
            Ok(listing_id) => listing_id,
            Err(rejected) => return rejected,
        };
        match update {
            InventoryUpdate::Price(price) => {
                let (amount, currency) = (price.price.amount(), price.price.currency());
                match self.currency {
                    Some(wanted) if wanted != currency => Decision::reject(format!(
                        "the price is in {} but the Discogs account sells in {}",
                        currency.code(),
                        wanted.code()
                    )),
                    _ if amount <= Decimal::ZERO => {
                        Decision::reject(format!("price must be greater than zero, got {amount}"))
                    }
                    _ => Decision::Send(UploadKind::Change),
                }
            }
            InventoryUpdate::Stock(stock) => match stock_ask(stock, listing_id) {
                Ok(StockAsk::One) => Decision::Accept,
                Ok(StockAsk::None) if self.delete_at_zero => Decision::Send(UploadKind::Delete),
                Ok(StockAsk::None) => Decision::reject(
                    "stock 0 would delete the Discogs listing; enable \
                     delete_listings_at_zero_stock to allow it",
                ),
                Err(rejected) => rejected,
            },
            _ => unsupported(),
        }
    }

    /// The rows of one upload and the update each row carries; an update for a listing the
    /// batch deletes, or for a listing an update of another SKU names again, is recorded here.
    fn rows_of(
        &self,
        plan: &mut PushPlan<'_, UploadKind>,
        group: &Group<UploadKind>,
        deleted: &HashSet<u64>,
    ) -> Vec<(usize, u64, Option<Decimal>)> {
        let mut rows: Vec<(usize, u64, Option<Decimal>)> = Vec::new();
        let mut row_of_listing: HashMap<u64, usize> = HashMap::new();
        for &index in &group.members {
            let Some(update) = plan.update(index) else {
                continue;
            };
            let Some(listing_id) = self.listings.get(update.sku()) else {
                continue;
            };
            if group.key == UploadKind::Change && deleted.contains(&listing_id) {
                plan.record(
                    index,
                    rejected(
                        "the listing is deleted by a stock update in this batch",
                        None,
                    ),
                );
                continue;
            }
            let row = (
                index,
                listing_id,
                update.as_price().map(|p| p.price.amount()),
            );
            match row_of_listing
                .get(&listing_id)
                .and_then(|at| rows.get_mut(*at))
            {
                Some(earlier) => {
                    let reason = format!(
                        "superseded by update {} of the same listing in this batch",
                        index + 1
                    );
                    plan.record(earlier.0, rejected(reason, Some("superseded")));
                    *earlier = row;
                }
                None => {
                    row_of_listing.insert(listing_id, rows.len());
                    rows.push(row);
                }
            }
        }
        rows
    }

    /// Sends one upload and records each row's outcome from the finished jobs.
    async fn send_group(
        &self,
        uploads: &InventoryUpload<'_>,
        plan: &mut PushPlan<'_, UploadKind>,
        group: &Group<UploadKind>,
        deleted: &HashSet<u64>,
    ) -> Result<(), ChannelError> {
        let rows = self.rows_of(plan, group, deleted);
        if rows.is_empty() {
            return Ok(());
        }
        let batch: UploadBatch = if group.key == UploadKind::Delete {
            let deletes: Vec<DeleteRow> = rows.iter().map(|row| DeleteRow::new(row.1)).collect();
            uploads.delete(&deletes).await
        } else {
            let changes: Vec<ChangeRow> = rows
                .iter()
                .map(|row| ChangeRow::new(row.1).price(row.2.unwrap_or_default()))
                .collect();
            uploads.change(&changes).await
        }
        .map_err(failed)?;
        for part in &batch {
            let finished = uploads.wait(part.id).await.map_err(failed)?;
            let outcome = verdict(&finished);
            for row in part.rows.iter().filter_map(|row| rows.get(*row)) {
                plan.record(row.0, outcome.clone());
            }
        }
        Ok(())
    }
}

fn failed(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ChannelError {
    ChannelError::new(CHANNEL_NAME, error)
}

fn rejected(reason: impl Into<String>, code: Option<&str>) -> Outcome {
    Outcome::Rejected {
        reason: reason.into(),
        code: code.map(str::to_owned),
    }
}

/// What a finished upload says about every row it carried.
fn verdict(upload: &Upload) -> Outcome {
    let text = upload
        .results
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    match &upload.status {
        JobStatus::Success => match upload.results.as_ref() {
            Some(results) if results.records_not_processed().unwrap_or(0) > 0 => rejected(
                format!(
                    "Discogs processed only some rows of upload {} and does not say which: {text}",
                    upload.id
                ),
                Some("partially_processed"),
            ),
            _ => Outcome::Accepted,
        },
        JobStatus::Failed => rejected(
            format!("upload {} failed: {text}", upload.id),
            Some("failed"),
        ),
        other => rejected(
            format!("upload {} ended in status `{other}`: {text}", upload.id),
            None,
        ),
    }
}

#[async_trait]
impl StockChannel for DiscogsChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut plan = PushPlan::new(updates, |update| self.decide(update));
        let mut groups = plan.take_groups();
        // Changes first, then deletes; a price change for a listing the batch deletes is moot.
        groups.sort_by_key(|group| group.key == UploadKind::Delete);
        let deleted: HashSet<u64> = groups
            .iter()
            .filter(|group| group.key == UploadKind::Delete)
            .flat_map(|group| plan.members(group))
            .filter_map(|update| self.listings.get(update.sku()))
            .collect();
        let uploads = self
            .client
            .inventory_upload()
            .max_rows_per_upload(self.max_rows)
            .wait_options(self.wait);
        for group in &groups {
            self.send_group(&uploads, &mut plan, group, &deleted)
                .await?;
        }
        Ok(plan.finish())
    }
}
