//! Newegg as a [`StockChannel`]: a small batch goes out one item per request, a large one as
//! inventory feeds.

mod via_feed;

use std::time::Duration;

use client_core::ClientError;
use inventory_model::push::{Decision, Group, PushPlan};
use inventory_model::{
    ChannelError, Country, InventoryUpdate, Outcome, PushReport, Sku, StockChannel, StockKind,
    async_trait,
};

use crate::client::{NeweggClient, RATE_LIMIT_WINDOW};
use crate::error::NeweggError;
use crate::feed::FeedWaitOptions;
use crate::inventory::{ItemInventoryUpdate, MAX_AVAILABLE_QUANTITY, check_text};
use crate::region::Region;

/// The name Newegg goes by in push reports.
pub const CHANNEL_NAME: &str = "newegg";

/// The warehouse country used on Newegg.com for a stock update that names none: its home
/// market. (On Newegg Business and Newegg Canada, whose feed names no warehouse, an update
/// naming none is for the platform's [`home_country`](Region::home_country).)
pub const DEFAULT_WAREHOUSE: Country = Country::USA;

/// The most direct requests a push makes: a batch that needs more (one per SKU) goes as an
/// inventory feed instead.
///
/// A direct update costs one request per SKU and is applied at once. A feed costs one
/// submission and one report read per 10,000 records, plus the status polls while Newegg
/// processes it (about ten over the first five minutes with the default
/// [`FeedWaitOptions`]), and is applied when Newegg gets to it. Above twenty SKUs the feed
/// costs fewer requests, and the saving grows with the batch: 10,000 stock changes are
/// 10,000 direct requests, or a feed's two requests and its polls.
pub const DEFAULT_FEED_THRESHOLD: usize = 20;

/// What a push does when Newegg's feed budget is spent: the hour's records (`DF012`, or the
/// client's own count), or the minute's ten submissions (429).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WhenThrottled {
    /// Waits for the time Newegg names (or the client's count gives), when it is at most
    /// `at_most` away in all, then submits again; otherwise reports as [`Report`](Self::Report)
    /// does. The default waits at most one minute: a full minute window is waited out, a spent
    /// hourly allowance is reported.
    Wait {
        /// The longest the push waits in all.
        at_most: Duration,
    },
    /// Sends nothing more: every update not yet submitted is reported rejected, with Newegg's
    /// code and message (`DF012`, `429`) or the client's (`record_allowance`), naming when to
    /// push again. Updates already submitted are reported as their feeds say.
    Report,
}

impl Default for WhenThrottled {
    fn default() -> Self {
        Self::Wait {
            at_most: RATE_LIMIT_WINDOW,
        }
    }
}

/// Pushes stock levels the cheapest way ([`NeweggClient::channel`]): a batch of at most
/// [`DEFAULT_FEED_THRESHOLD`] SKUs (or the [`feed_threshold`](Self::feed_threshold) set) through
/// the international inventory update, one request per SKU; a larger one as inventory feeds of
/// up to 10,000 records each, submitted, waited for and read back.
///
/// The direct update sets one item per call, every warehouse country of the SKU in the batch in
/// that one request, paced by the client's rate limiter (10,000 an hour by default). A feed
/// carries a record per SKU and warehouse country; feed submissions, status polls and the
/// hour's records have budgets of their own (see [`NeweggClient::submit_inventory_feed`]). On
/// Newegg Business and Newegg Canada, which have no direct update, every batch goes as a feed.
/// Items are identified by seller part number, which is the seller's SKU; a stock update
/// without a warehouse goes to [`DEFAULT_WAREHOUSE`] (on Business and Canada, to the platform's
/// country).
///
/// The report per item is the same either way: accepted, or rejected with Newegg's code and
/// message where Newegg gives them (the direct update's error code and message; a feed's
/// processing report's description, such as `CEI0001` and "Can't find this item in the system,
/// please create it first"). A record a feed's report does not account for is rejected with the
/// code `unconfirmed`, never called applied; the records of a feed Newegg cancelled are
/// rejected with the code `feed_cancelled`.
///
/// Two updates of the same SKU's stock in the same warehouse country cannot both apply: as on
/// every channel of this SDK, the later one wins and the earlier one is reported rejected with
/// the code `superseded` (an update naming no warehouse counts as one for
/// [`DEFAULT_WAREHOUSE`]).
///
/// Refused per item, without failing the push:
/// * price updates (this API sets quantities only);
/// * in-transit stock (Newegg counts only available stock);
/// * quantities above 999,999, and part numbers a feed cannot carry (more than 40 characters,
///   surrounding blanks, control characters);
/// * on Business and Canada, stock for another country than the platform's;
/// * whatever Newegg refuses for the item (its code, such as `CT014`, is kept in the report);
/// * when the feed budget is spent, what [`WhenThrottled`] says.
///
/// The push fails as a whole ([`ChannelError`], wrapping a [`NeweggError`]) when Newegg
/// cannot be reached, refuses the credentials, keeps answering 429 or 5xx, answers something
/// unreadable, or does not finish a feed within the [`feed_wait`](Self::feed_wait) deadline.
/// Updates set absolute values, so such a push can simply be repeated.
///
/// ```no_run
/// # async fn run(newegg: newegg_client::NeweggClient) -> Result<(), Box<dyn std::error::Error>> {
/// use inventory_model::{Country, Quantity, Sku, StockChannel, StockUpdate};
///
/// let batch = [StockUpdate::new(Sku::new("A006BSP3")?, Quantity::new(107))
///     .in_warehouse(Country::USA)
///     .into()];
/// let report = newegg.channel().push(&batch).await?;
/// for rejected in report.rejected() {
///     eprintln!("{}: {:?}", rejected.sku, rejected.outcome.reason());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct NeweggChannel {
    pub(crate) client: NeweggClient,
    feed_threshold: usize,
    when_throttled: WhenThrottled,
    feed_wait: FeedWaitOptions,
}

impl NeweggClient {
    /// This client as a [`StockChannel`] on the cheapest path: direct updates for a small
    /// batch, inventory feeds above [`DEFAULT_FEED_THRESHOLD`] SKUs (see [`NeweggChannel`]).
    #[must_use]
    pub fn channel(&self) -> NeweggChannel {
        NeweggChannel {
            client: self.clone(),
            feed_threshold: DEFAULT_FEED_THRESHOLD,
            when_throttled: WhenThrottled::default(),
            feed_wait: FeedWaitOptions::default(),
        }
    }
}

impl NeweggChannel {
    /// Sends a batch as direct updates when it needs at most `skus` requests (one per SKU),
    /// as feeds otherwise: `0` always sends feeds, `usize::MAX` never does (on Newegg.com;
    /// Business and Canada always send feeds).
    #[must_use]
    pub fn feed_threshold(mut self, skus: usize) -> Self {
        self.feed_threshold = skus;
        self
    }

    /// Sets what a push does when the feed budget is spent (default: wait at most a minute).
    #[must_use]
    pub fn when_throttled(mut self, policy: WhenThrottled) -> Self {
        self.when_throttled = policy;
        self
    }

    /// Sets how feeds are waited for, and the progress callback called after every status
    /// poll (default [`FeedWaitOptions::default`]).
    #[must_use]
    pub fn feed_wait(mut self, options: FeedWaitOptions) -> Self {
        self.feed_wait = options;
        self
    }

    /// Whether a batch needing `skus` direct requests goes as feeds.
    pub fn uses_feeds(&self, skus: usize) -> bool {
        self.client.region() != Region::Usa || skus > self.feed_threshold
    }
}

#[async_trait]
impl StockChannel for NeweggChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let region = self.client.region();
        // Naming the default warehouse before planning lets the shared rule see that "no
        // warehouse" and the default country are the same item here.
        let updates: Vec<InventoryUpdate> = updates
            .iter()
            .map(|update| in_default_warehouse(update, region))
            .collect();
        let mut plan = PushPlan::new(&updates, |update| decide(update, region));
        let groups = plan.take_groups();
        if self.uses_feeds(groups.len()) {
            via_feed::push(self, &mut plan, groups).await?;
        } else {
            self.push_direct(&mut plan, groups).await?;
        }
        Ok(plan.finish())
    }
}

impl NeweggChannel {
    /// One international inventory update per SKU, every warehouse country of it in one request.
    async fn push_direct(
        &self,
        plan: &mut PushPlan<'_, Sku>,
        groups: Vec<Group<Sku>>,
    ) -> Result<(), ChannelError> {
        for group in groups {
            let mut update = ItemInventoryUpdate::seller_part(group.key.as_str());
            for stock in plan.members(&group).filter_map(InventoryUpdate::as_stock) {
                let warehouse = stock.warehouse.unwrap_or(DEFAULT_WAREHOUSE);
                update = update.warehouse(warehouse, stock.quantity.get());
            }
            match self.client.update_inventory(update).await {
                Ok(_) => plan.record_group(&group, &Outcome::Accepted),
                Err(error) if error.concerns_item() => {
                    plan.record_group(&group, &rejection(&error));
                }
                Err(error) => return Err(ChannelError::new(CHANNEL_NAME, error)),
            }
        }
        Ok(())
    }
}

/// The country of a stock update that names none: [`DEFAULT_WAREHOUSE`] on Newegg.com, the
/// platform's country elsewhere.
fn default_warehouse(region: Region) -> Country {
    match region {
        Region::Usa => DEFAULT_WAREHOUSE,
        other => other.home_country(),
    }
}

/// The update with its warehouse named, where a stock update names none.
fn in_default_warehouse(update: &InventoryUpdate, region: Region) -> InventoryUpdate {
    match update.as_stock() {
        Some(stock) if stock.warehouse.is_none() => {
            stock.clone().in_warehouse(default_warehouse(region)).into()
        }
        _ => update.clone(),
    }
}

/// Refuses what Newegg's inventory functions cannot take; sends the rest grouped by SKU.
fn decide(update: &InventoryUpdate, region: Region) -> Decision<Sku> {
    let stock = match update {
        InventoryUpdate::Stock(stock) => stock,
        InventoryUpdate::Price(_) => {
            return Decision::reject(
                "newegg does not support price updates: its inventory function sets \
                 available quantities only",
            );
        }
        other => {
            return Decision::reject(format!(
                "{CHANNEL_NAME} does not support {} updates",
                other.kind().as_str()
            ));
        }
    };
    if stock.kind != StockKind::OnHand {
        return Decision::reject(format!(
            "newegg counts only available stock, not {} stock",
            stock.kind.label()
        ));
    }
    let available = stock.quantity.get();
    if available > MAX_AVAILABLE_QUANTITY {
        return Decision::reject(format!(
            "available_quantity: must be from 0 to {MAX_AVAILABLE_QUANTITY}, got {available}"
        ));
    }
    if let Err(refusal) = feed_part_number(stock.sku.as_str()) {
        return Decision::reject(refusal);
    }
    if region != Region::Usa
        && let Some(warehouse) = stock.warehouse
        && warehouse != region.home_country()
    {
        return Decision::reject(format!(
            "the inventory feed of {region} names no warehouse and sets {} stock only, not \
             {warehouse}",
            region.home_country()
        ));
    }
    Decision::Send(stock.sku.clone())
}

/// A SKU a feed can carry as `SellerPartNumber` (the direct update takes the same).
fn feed_part_number(sku: &str) -> Result<(), String> {
    check_text("seller_part_number", sku).map_err(|error| match error {
        NeweggError::InvalidInput(refusal) => refusal.to_string(),
        other => other.to_string(),
    })?;
    let chars = sku.chars().count();
    if chars > crate::feed::MAX_PART_NUMBER_CHARS {
        return Err(format!(
            "seller_part_number: must be at most {} characters, got {chars}",
            crate::feed::MAX_PART_NUMBER_CHARS
        ));
    }
    Ok(())
}

/// The outcome recorded for the items of a request Newegg (or a rule) refused: Newegg's
/// message and code where it gave them.
pub(crate) fn rejection(error: &NeweggError) -> Outcome {
    let reason = match (error.message(), error.invalid_input()) {
        (Some(message), _) => message.to_owned(),
        (None, Some(refusal)) => refusal.to_string(),
        (None, None) => error.to_string(),
    };
    Outcome::Rejected {
        reason,
        code: error.vendor_code().map(str::to_owned),
    }
}
