//! The model's stock-channel trait, over Instica's bulk price endpoint, and which item each
//! SKU is.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use client_core::ClientError;
use inventory_model::push::{Decision, PushPlan};
use inventory_model::{
    ChannelError, InventoryUpdate, Money, Outcome, PushReport, Refusal, Sku, SkuMap, StockChannel,
    async_trait,
};

use crate::bulk::{BulkReport, PriceChange};
use crate::client::InsticaClient;
use crate::ids::ItemUid;

/// The name this channel reports itself by.
pub const CHANNEL_NAME: &str = "instica";

/// Pushes prices to Instica and reads what the inventory holds: `client.channel()`.
///
/// * **Which item a SKU is**, the same way for pushes, checks and reads: the item an override
///   names ([`with_sku_map`](Self::with_sku_map), SKU → item UID); else the item whose
///   `manual_sku` is the SKU, as the last [read](#impl-InventoryReader-for-InsticaChannel) of
///   this channel (or a clone) showed it; else the SKU is read as the item's UID (`inv_…`),
///   Instica items being single units addressed by UID. Of several items with one
///   `manual_sku`, the one still in stock (not sold or cancelled) is the SKU's, the others
///   being history; with several such the SKU leads to none of them and its updates are
///   rejected (code `ambiguous_sku`).
/// * Price updates are grouped by amount and sent as bulk price `set` requests (an absolute
///   write of `price_total_usd`, safe to push twice), split by 100 like every bulk call:
///   pushing 10,000 price changes to one amount costs 100 requests, not 10,000.
/// * Of several updates to one item in a batch the last wins; the earlier are rejected with
///   the code `superseded`.
/// * Stock updates are rejected as unsupported: an Instica item is one unit with a status, and
///   no bulk endpoint takes a quantity.
/// * A price that is not in USD, has more decimals than USD's two (`12.345`), or breaks the
///   10-digit limit is rejected without being sent, that update alone; the others go.
/// * [`check_update`](StockChannel::check_update) refuses, without a request, exactly what
///   `push` rejects before sending.
///
/// ```
/// use instica_client::InsticaClient;
/// use instica_client::prelude::*;
/// use inventory_model::{Sku, SkuMap};
///
/// let client = InsticaClient::builder().api_key("my-api-key").build()?;
/// let mut overrides = SkuMap::new();
/// overrides.insert(Sku::new("LP-0042")?, "inv_d4e5f6")?;
/// let channel = client.channel().with_sku_map(&overrides);
/// assert_eq!(channel.channel_name(), "instica");
/// assert_eq!(channel.uid_for(&Sku::new("LP-0042")?).unwrap().as_str(), "inv_d4e5f6");
/// assert_eq!(channel.uid_for(&Sku::new("inv_a1")?).unwrap().as_str(), "inv_a1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct InsticaChannel {
    pub(crate) client: InsticaClient,
    pub(crate) items: UidMap,
}

impl InsticaClient {
    /// The client as an [`inventory_model::StockChannel`], pushing prices through bulk price
    /// `set`, the cheapest path the API has, and as an
    /// [`inventory_model::InventoryReader`] reading the item list.
    pub fn channel(&self) -> InsticaChannel {
        InsticaChannel {
            client: self.clone(),
            items: UidMap::default(),
        }
    }
}

/// Which item a SKU leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// This item.
    Item(ItemUid),
    /// Several items in stock carry the SKU as their `manual_sku`.
    Ambiguous(Vec<ItemUid>),
}

/// Which item sells each SKU (see [`InsticaChannel`] for the order).
#[derive(Debug, Clone, Default)]
pub(crate) struct UidMap {
    /// The overrides: SKU → item, and back.
    ids: HashMap<Sku, ItemUid>,
    skus: HashMap<ItemUid, Sku>,
    /// From the last read: each `manual_sku` (as a SKU), the items that carry it and whether
    /// each is still in stock, in the list's order. Shared by clones.
    learned: Arc<RwLock<Learned>>,
    /// Whether a read has taught the map (an empty inventory teaches nothing, yet counts).
    has_read: Arc<AtomicBool>,
}

/// Each `manual_sku` a read showed (as a SKU), with the items carrying it and whether each is
/// still in stock, in the list's order.
type Learned = HashMap<Sku, Vec<(ItemUid, bool)>>;

impl UidMap {
    /// Adds an override, replacing an earlier one of the SKU or of the item.
    fn insert(&mut self, sku: Sku, uid: ItemUid) {
        if let Some(previous) = self.ids.insert(sku.clone(), uid.clone()) {
            self.skus.remove(&previous);
        }
        if let Some(other) = self.skus.insert(uid, sku.clone())
            && other != sku
        {
            self.ids.remove(&other);
        }
    }

    /// The SKU an override maps to `uid`.
    pub(crate) fn override_of(&self, uid: &ItemUid) -> Option<&Sku> {
        self.skus.get(uid)
    }

    /// Replaces what the last read showed: each item's `manual_sku` (as a SKU), its UID and
    /// whether it is still in stock.
    pub(crate) fn learn(&self, manual_skus: impl IntoIterator<Item = (Sku, ItemUid, bool)>) {
        let mut learned = Learned::new();
        for (sku, uid, in_stock) in manual_skus {
            learned.entry(sku).or_default().push((uid, in_stock));
        }
        *self.learned.write().unwrap_or_else(PoisonError::into_inner) = learned;
        self.has_read.store(true, Ordering::Release);
    }

    /// Whether pushes can find the items of all of `skus`: after a read, or when overrides
    /// name every one.
    pub(crate) fn can_address(&self, skus: &[Sku]) -> bool {
        self.has_read.load(Ordering::Acquire) || skus.iter().all(|sku| self.ids.contains_key(sku))
    }

    /// The item `sku` leads to.
    pub(crate) fn resolve(&self, sku: &Sku) -> Resolution {
        if let Some(uid) = self.ids.get(sku) {
            return Resolution::Item(uid.clone());
        }
        let learned = self.learned.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(items) = learned.get(sku) {
            let free: Vec<&(ItemUid, bool)> = items
                .iter()
                .filter(|(uid, _)| !self.skus.contains_key(uid))
                .collect();
            let in_stock: Vec<ItemUid> = free
                .iter()
                .filter(|(_, in_stock)| *in_stock)
                .map(|(uid, _)| uid.clone())
                .collect();
            match (in_stock.as_slice(), free.first()) {
                ([one], _) => return Resolution::Item(one.clone()),
                ([], Some((first, _))) => return Resolution::Item(first.clone()),
                ([], None) => {}
                _ => return Resolution::Ambiguous(in_stock),
            }
        }
        Resolution::Item(ItemUid::new(sku.as_str()))
    }

    /// The item of `sku`, or why it has none.
    pub(crate) fn uid_of(&self, sku: &Sku) -> Result<ItemUid, Refusal> {
        match self.resolve(sku) {
            Resolution::Item(uid) => Ok(uid),
            Resolution::Ambiguous(uids) => Err(ambiguous(sku, &uids)),
        }
    }
}

/// Why a SKU on several items in stock leads to none of them.
pub(crate) fn ambiguous(sku: &Sku, uids: &[ItemUid]) -> Refusal {
    let uids: Vec<&str> = uids.iter().map(ItemUid::as_str).collect();
    Refusal::with_code(
        format!(
            "SKU `{sku}` is the manual_sku of several Instica items in stock ({}): a SKU must \
             lead to one item, so give each its own manual_sku or map the SKU with \
             `with_sku_map`",
            uids.join(", ")
        ),
        "ambiguous_sku",
    )
}

impl InsticaChannel {
    /// Maps SKUs to item UIDs (`{"LP-0042": "inv_d4e5f6"}`), for pushes and reads alike; an
    /// entry wins over the item whose `manual_sku` the SKU is, and replaces an earlier entry
    /// of its SKU or its item.
    #[must_use]
    pub fn with_sku_map(mut self, map: &SkuMap) -> Self {
        let mut entries: Vec<(&Sku, &str)> = map.iter().collect();
        entries.sort_unstable();
        for (sku, uid) in entries {
            self.items.insert(sku.clone(), ItemUid::new(uid));
        }
        self
    }

    /// The item `sku` leads to (see [`InsticaChannel`]); `None` when several items in stock
    /// carry it.
    #[must_use]
    pub fn uid_for(&self, sku: &Sku) -> Option<ItemUid> {
        self.items.uid_of(sku).ok()
    }

    /// The rules `push` and `check_update` share: the update's item and price, or why
    /// Instica does not take it.
    fn rules(&self, update: &InventoryUpdate) -> Result<(ItemUid, Money), Refusal> {
        let Some(price) = update.as_price() else {
            // The model words "not supported" once, for every channel.
            return Err(Refusal::unsupported(update, CHANNEL_NAME));
        };
        PriceChange::Set(price.price)
            .checked_value()
            .map_err(|error| Refusal::new(error.to_string()))?;
        let uid = self.items.uid_of(update.sku())?;
        Ok((uid, price.price))
    }
}

#[async_trait]
impl StockChannel for InsticaChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
        self.rules(update).map(drop)
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut plan = PushPlan::new(updates, |update| match self.rules(update) {
            Ok((_, price)) => Decision::Send(price),
            Err(refusal) => refusal.into(),
        });
        for group in plan.take_groups() {
            // Every member was decided with its item; the lookup is the same.
            let members: Vec<(usize, ItemUid)> = group
                .members
                .iter()
                .filter_map(|&index| {
                    let uid = self.items.uid_of(plan.update(index)?.sku()).ok()?;
                    Some((index, uid))
                })
                .collect();
            let uids: Vec<ItemUid> = members.iter().map(|(_, uid)| uid.clone()).collect();
            let report = self
                .client
                .bulk()
                .price(&uids, &PriceChange::Set(group.key))
                .await
                .map_err(|error| ChannelError::new(CHANNEL_NAME, error))?;
            for (index, uid) in &members {
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
