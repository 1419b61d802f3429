//! The bulk channel: a batch of updates as CSV uploads, reported from the finished jobs.

use std::collections::{HashMap, HashSet};

use inventory_model::push::{Decision, Group, PushPlan};
use inventory_model::{
    ChannelError, Currency, Decimal, InventoryUpdate, Outcome, PushReport, Refusal, StockChannel,
    async_trait,
};

use super::checks::{StockAsk, position_in, price_decimals, stock_ask, unsupported};
use super::{CHANNEL_NAME, ListingMap, listing_mapping};
use crate::client::DiscogsClient;
use crate::inventory_upload::{
    ChangeRow, DEFAULT_MAX_ROWS_PER_UPLOAD, DeleteRow, InventoryUpload, JobStatus, Upload,
    UploadBatch, UploadKind, UploadPart, WaitOptions,
};

/// A Discogs inventory as a [`StockChannel`] on the cheapest path Discogs offers: the whole
/// batch as CSV uploads; get it with [`DiscogsClient::channel`].
///
/// * Updates are keyed by SKU; each SKU must lead to a listing: one mapped with
///   [`with_listing`](Self::with_listing) or [`with_sku_map`](Self::with_sku_map), else the
///   listing whose `external_id` the SKU is, as the last
///   [`read`](#impl-InventoryReader-for-DiscogsChannel) of this channel (or a clone) showed,
///   else the SKU *is* the listing ID (all digits).
///   Updates whose SKU leads nowhere, or to several listings (code `ambiguous_sku`), are
///   rejected. A channel that has not read knows no `external_id`: read first (a sync plans
///   by reading) or map the SKUs.
/// * A price update becomes a `change` row setting `price`; one upload carries up to
///   [`max_rows_per_upload`](Self::max_rows_per_upload) rows. Discogs prices are in the
///   currency of the seller's marketplace settings; tell the channel that currency with
///   [`currency`](Self::currency) and prices in any other currency are rejected rather than
///   relabelled. A price of zero or less is rejected, and so is one with more decimals than its
///   currency allows (USD 12.345, JPY 1200.5; code `too_precise`): round it first
///   (`Money::round_to_minor_units`). Without a configured currency a price must also have at
///   most 2 decimals, the most any Discogs marketplace currency allows, since the account's
///   currency is then unknown.
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
/// * A finished upload reports counts and the rows it skipped: an upload whose status is
///   `success` may still skip rows (`Skipped row 2 because ERROR: … is an invalid
///   listing_id`), and each skipped row's update is rejected with Discogs' reason (code
///   `skipped_row`); the file's other rows are accepted. When Discogs processed fewer rows
///   than the file held and did not name them all, which of the others failed is unknown, so
///   each of them is rejected with Discogs' text (code `partially_processed`); a failed job
///   rejects every row (code `failed`).
/// * A failed upload or poll (credentials, network, rate limit) fails the whole push.
/// * [`check_update`](StockChannel::check_update) applies the same rules without a request,
///   so a planner sees each refusal before anything is sent.
/// * It reads what the inventory holds ([`InventoryReader`](inventory_model::InventoryReader))
///   through one inventory export: see the
///   [implementation's docs](#impl-InventoryReader-for-DiscogsChannel).
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
    pub(super) client: DiscogsClient,
    pub(super) listings: ListingMap,
    pub(super) currency: Option<Currency>,
    delete_at_zero: bool,
    max_rows: usize,
    pub(super) wait: WaitOptions,
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
    /// currency are rejected. Without it, a price is taken to be in the account's currency and
    /// may have no more decimals than its own currency allows and at most 2 (the most any
    /// Discogs marketplace currency allows), since the account's currency is unknown.
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

    /// Which upload an update goes into, if any; `updates` is the batch, for naming the
    /// position of a refused price.
    fn decide(
        &self,
        updates: &[InventoryUpdate],
        update: &InventoryUpdate,
    ) -> Decision<UploadKind> {
        let checked = self
            .listings
            .listing_of(update)
            .and_then(|listing_id| self.rules(update, listing_id, || position_in(updates, update)));
        match checked {
            Ok(Some(kind)) => Decision::Send(kind),
            Ok(None) => Decision::Accept,
            Err(refusal) => refusal.into(),
        }
    }

    /// The rules `push` and `check_update` share, for an update of the listing `listing_id`:
    /// the upload it goes into, `None` when it needs no request, or why it is refused. `field`
    /// names the price in a refusal of its decimals.
    fn rules(
        &self,
        update: &InventoryUpdate,
        listing_id: u64,
        field: impl FnOnce() -> String,
    ) -> Result<Option<UploadKind>, Refusal> {
        match update {
            InventoryUpdate::Price(price) => {
                let (amount, currency) = (price.price.amount(), price.price.currency());
                match self.currency {
                    Some(wanted) if wanted != currency => Err(Refusal::new(format!(
                        "the price is in {} but the Discogs account sells in {}",
                        currency.code(),
                        wanted.code()
                    ))),
                    _ if amount <= Decimal::ZERO => Err(Refusal::new(format!(
                        "price must be greater than zero, got {amount}"
                    ))),
                    // No more decimals than the price's own currency allows, and, when the
                    // account's currency is unknown, than any marketplace currency allows.
                    configured => price_decimals(&price.price, configured.is_none(), field)
                        .map(|()| Some(UploadKind::Change)),
                }
            }
            InventoryUpdate::Stock(stock) => match stock_ask(stock, listing_id)? {
                StockAsk::One => Ok(None),
                StockAsk::None if self.delete_at_zero => Ok(Some(UploadKind::Delete)),
                StockAsk::None => Err(Refusal::new(
                    "stock 0 would delete the Discogs listing; enable \
                     delete_listings_at_zero_stock to allow it",
                )),
            },
            _ => Err(unsupported()),
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
            let update_of_row =
                |input_row: usize| rows.get(input_row).map(|(update, _, _)| *update);
            for (update, outcome) in verdicts(&finished, part, update_of_row) {
                plan.record(update, outcome);
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

/// What a finished upload says about each row of `part`, as (update, outcome) pairs;
/// `update_of_row` names the update an input row of the upload carries.
///
/// A `success` may still have skipped rows (field notes §1.7): each named row that maps to a
/// row of this file is rejected with Discogs' reason. The others are accepted, unless
/// Discogs processed fewer rows than the file held and named fewer than it left out: then
/// which of them failed is unknown, and each is rejected as `partially_processed`.
fn verdicts(
    upload: &Upload,
    part: &UploadPart,
    update_of_row: impl Fn(usize) -> Option<usize>,
) -> Vec<(usize, Outcome)> {
    let text = upload
        .results
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let others = match &upload.status {
        JobStatus::Success => Outcome::Accepted,
        JobStatus::Failed => rejected(
            format!("upload {} failed: {text}", upload.id),
            Some("failed"),
        ),
        other => rejected(
            format!("upload {} ended in status `{other}`: {text}", upload.id),
            None,
        ),
    };
    let mut skipped: HashMap<usize, Outcome> = HashMap::new();
    if let (JobStatus::Success, Some(results)) = (&upload.status, upload.results.as_ref()) {
        for row in results.skipped_rows() {
            if let Some(input) = part.input_row_of(row.row) {
                skipped.entry(input).or_insert_with(|| {
                    rejected(
                        format!(
                            "Discogs skipped row {} of upload {}: {}",
                            row.row, upload.id, row.reason
                        ),
                        Some("skipped_row"),
                    )
                });
            }
        }
        let unnamed = results
            .records_not_processed()
            .unwrap_or(0)
            .saturating_sub(u64::try_from(skipped.len()).unwrap_or(u64::MAX));
        if unnamed > 0 {
            let reason = format!(
                "Discogs processed only some rows of upload {} and does not say which: {text}",
                upload.id
            );
            let unknown = rejected(reason, Some("partially_processed"));
            return outcomes_of(part, &update_of_row, &skipped, &unknown);
        }
    }
    outcomes_of(part, &update_of_row, &skipped, &others)
}

/// The outcome of each row of `part`: its skipped-row rejection, else `other`.
fn outcomes_of(
    part: &UploadPart,
    update_of_row: &impl Fn(usize) -> Option<usize>,
    skipped: &HashMap<usize, Outcome>,
    other: &Outcome,
) -> Vec<(usize, Outcome)> {
    part.rows
        .iter()
        .filter_map(|input| {
            let update = update_of_row(*input)?;
            let outcome = skipped.get(input).unwrap_or(other).clone();
            Some((update, outcome))
        })
        .collect()
}

#[async_trait]
impl StockChannel for DiscogsChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    /// The rules `push` applies before sending: the SKU must lead to a listing (see
    /// [`DiscogsChannel`]), a price must be in the account's currency, above zero and fit its
    /// decimals, a stock must be 0 (with deleting allowed) or 1 and on hand.
    fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
        let listing_id = self.listings.listing_of(update)?;
        self.rules(update, listing_id, || "price".to_owned())
            .map(drop)
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut plan = PushPlan::new(updates, |update| self.decide(updates, update));
        let mut groups = plan.take_groups();
        // Changes first, then deletes; a price change for a listing the batch deletes is moot.
        groups.sort_by_key(|group| group.key == UploadKind::Delete);
        let deleted: HashSet<u64> = groups
            .iter()
            .filter(|group| group.key == UploadKind::Delete)
            .flat_map(|group| plan.members(group))
            .filter_map(|update| self.listings.get(update.sku()))
            .collect();
        let mut uploads = self
            .client
            .inventory_upload()
            .max_rows_per_upload(self.max_rows)
            .wait_options(self.wait);
        if let Some(currency) = self.currency {
            uploads = uploads.currency(currency);
        }
        for group in &groups {
            self.send_group(&uploads, &mut plan, group, &deleted)
                .await?;
        }
        Ok(plan.finish())
    }
}
