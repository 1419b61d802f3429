//! Making a plan: read each channel, compare with the desired state, check each difference
//! against the channel's rules.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use futures::future::join_all;
use inventory_model::{
    ChannelError, Country, HeldItem, Holdings, InventoryUpdate, PriceUpdate, Quantity, Sku,
    StockChannel, StockUpdate,
};

use crate::channels::{ChannelSet, describe};
use crate::desired::{DesiredState, Target};
use crate::error::PlanError;
use crate::matching::{HeldIndex, price_of, stock_position};
use crate::plan::{Cause, Change, ChannelPlan, MissingItem, Plan, PlanOptions, Value};

/// Plans a sync: reads every channel of the set (concurrently, each once, for the SKUs the
/// desired state wants on it) and compares.
///
/// Only what differs becomes an update, and each update is checked against its channel's
/// rules ([`check_update`](StockChannel::check_update)) before anything is sent: a refused
/// update stays in the plan as refused, with the reason. A channel whose read fails as a whole
/// gets a plan with its [`read_error`](ChannelPlan::read_error) and no updates.
///
/// # Errors
///
/// [`PlanError::UnknownChannels`] when the desired state names channels the set does not have.
pub async fn plan(
    desired: &DesiredState,
    channels: &ChannelSet,
    options: PlanOptions,
) -> Result<Plan, PlanError> {
    let known = channels.names();
    let unknown: Vec<String> = desired
        .channel_names()
        .into_iter()
        .filter(|(name, _)| !known.contains(name))
        .map(|(name, source)| match source {
            Some(source) => format!("`{name}` ({source})"),
            None => format!("`{name}`"),
        })
        .collect();
    if !unknown.is_empty() {
        return Err(PlanError::UnknownChannels {
            names: unknown,
            known: known.iter().map(|name| (*name).to_owned()).collect(),
        });
    }
    let plans = join_all(channels.iter().map(|channel| async move {
        let targets = desired.targets_for(channel.channel_name());
        let skus: Vec<Sku> = targets.keys().cloned().collect();
        let read = channel.read(&skus).await;
        let wanted: BTreeSet<Sku> = targets.keys().cloned().collect();
        (
            plan_channel(channel.as_ref(), &targets, read, options),
            wanted,
        )
    }))
    .await;
    let mut wanted_somewhere = BTreeSet::new();
    let mut matched = HashSet::new();
    for (plan, wanted) in &plans {
        if plan.read_error.is_some() {
            continue;
        }
        let missing: HashSet<&Sku> = plan
            .missing
            .iter()
            .filter(|item| !item.held_elsewhere)
            .map(|item| &item.sku)
            .collect();
        for sku in wanted {
            if !missing.contains(sku) {
                matched.insert(sku.clone());
            }
            wanted_somewhere.insert(sku.clone());
        }
    }
    let unmatched = wanted_somewhere
        .into_iter()
        .filter(|sku| !matched.contains(sku))
        .collect();
    Ok(Plan {
        options,
        channels: plans.into_iter().map(|(plan, _)| plan).collect(),
        unmatched,
    })
}

/// Plans one channel from a read already made: what `channel` should show (`targets`, from
/// [`DesiredState::targets_for`]) against what it holds.
///
/// For each wanted SKU: a quantity is compared with the item of its warehouse (or the SKU's
/// only item, when one side names no warehouse), a price with the SKU's price. A SKU the
/// channel does not hold is [`missing`](ChannelPlan::missing); what it holds that no target
/// names is [`unlisted`](ChannelPlan::unlisted); both are left alone unless the
/// [`PlanOptions`] ask otherwise.
#[must_use]
pub fn plan_channel(
    channel: &dyn StockChannel,
    targets: &BTreeMap<Sku, Target>,
    read: Result<Holdings, ChannelError>,
    options: PlanOptions,
) -> ChannelPlan {
    let mut plan = ChannelPlan::new(channel.channel_name());
    let holdings = match read {
        Ok(holdings) => holdings,
        Err(error) => {
            plan.read_error = Some(describe(&error));
            return plan;
        }
    };
    plan.scope = Some(holdings.scope());
    let mut add = Planner {
        channel,
        plan: &mut plan,
    };
    let index = HeldIndex::new(holdings.held());
    let unreadable: HashSet<&Sku> = holdings
        .unreadable()
        .iter()
        .filter_map(|item| item.sku.as_ref())
        .collect();
    for (sku, target) in targets {
        if unreadable.contains(sku) {
            continue;
        }
        let items = index.of(sku);
        if items.is_empty() {
            add.missing(sku, None, false);
            if options.push_missing {
                for (warehouse, quantity) in target.stock() {
                    add.change(stock(sku, quantity, warehouse), None, None, Cause::Missing);
                }
                if let Some(price) = target.price() {
                    let update = PriceUpdate::new(sku.clone(), price).into();
                    add.change(update, None, None, Cause::Missing);
                }
            }
            continue;
        }
        let mut compared = vec![false; items.len()];
        let mut wants_stock = false;
        for (warehouse, quantity) in target.stock() {
            wants_stock = true;
            let found = stock_position(items, warehouse).and_then(|at| Some((at, *items.get(at)?)));
            match found {
                Some((at, held)) => {
                    if let Some(seen) = compared.get_mut(at) {
                        *seen = true;
                    }
                    if held.quantity == quantity {
                        add.plan.unchanged += 1;
                    } else {
                        let update = stock(sku, quantity, warehouse.or(held.warehouse));
                        let before = Some(Value::Quantity(held.quantity));
                        add.change(update, Some(&held.item_id), before, Cause::Differs);
                    }
                }
                None => {
                    add.missing(sku, warehouse, true);
                    if options.push_missing {
                        let item_id = items.first().map(|item| item.item_id.as_str());
                        let update = stock(sku, quantity, warehouse);
                        add.change(update, item_id, None, Cause::Missing);
                    }
                }
            }
        }
        if wants_stock {
            for (held, _) in items.iter().zip(&compared).filter(|(_, seen)| !**seen) {
                add.unlisted(held, options);
            }
        }
        if let Some(price) = target.price() {
            let held = price_of(items);
            if held == Some(price) {
                add.plan.unchanged += 1;
            } else {
                let item_id = items.first().map(|item| item.item_id.as_str());
                let update = PriceUpdate::new(sku.clone(), price).into();
                add.change(update, item_id, held.map(Value::Price), Cause::Differs);
            }
        }
    }
    for held in holdings.unasked().unwrap_or_default() {
        add.unlisted(held, options);
    }
    plan.unreadable = holdings.unreadable().to_vec();
    plan
}

fn stock(sku: &Sku, quantity: Quantity, warehouse: Option<Country>) -> InventoryUpdate {
    let update = StockUpdate::new(sku.clone(), quantity);
    match warehouse {
        Some(country) => update.in_warehouse(country).into(),
        None => update.into(),
    }
}

/// Adds to one channel's plan, checking each change against the channel's rules.
struct Planner<'a> {
    channel: &'a dyn StockChannel,
    plan: &'a mut ChannelPlan,
}

impl Planner<'_> {
    fn change(
        &mut self,
        update: InventoryUpdate,
        item_id: Option<&str>,
        before: Option<Value>,
        cause: Cause,
    ) {
        let refused = self.channel.check_update(&update).err();
        self.plan.changes.push(Change {
            update,
            item_id: item_id.map(str::to_owned),
            before,
            cause,
            refused,
        });
    }

    fn missing(&mut self, sku: &Sku, warehouse: Option<Country>, held_elsewhere: bool) {
        self.plan.missing.push(MissingItem {
            sku: sku.clone(),
            warehouse,
            held_elsewhere,
        });
    }

    fn unlisted(&mut self, held: &HeldItem, options: PlanOptions) {
        self.plan.unlisted.push(held.clone());
        if options.zero_unlisted && !held.quantity.is_zero() {
            let update = stock(&held.sku, Quantity::ZERO, held.warehouse);
            let before = Some(Value::Quantity(held.quantity));
            self.change(update, Some(&held.item_id), before, Cause::Unlisted);
        }
    }
}
