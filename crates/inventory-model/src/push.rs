//! The skeleton every [`StockChannel`](crate::StockChannel) push shares: decide each update,
//! group what is sent together, record each item's outcome, report in input order.

use std::collections::HashMap;
use std::hash::Hash;

use crate::{
    Country, InventoryUpdate, ItemOutcome, Outcome, PushReport, Refusal, Sku, StockKind, UpdateKind,
};

/// What a channel decides about one update before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision<K> {
    /// Done without a request (already as asked, say).
    Accept,
    /// Refused by the channel's own rules.
    Reject {
        /// Why, naming the rule.
        reason: String,
        /// The channel's code for the refusal, if it has one.
        code: Option<String>,
    },
    /// Sent in the group with this key (updates with equal keys travel together).
    Send(K),
}

impl<K> Decision<K> {
    /// A refusal without a code.
    pub fn reject(reason: impl Into<String>) -> Self {
        Self::Reject {
            reason: reason.into(),
            code: None,
        }
    }
}

impl<K> From<Refusal> for Decision<K> {
    /// The refusal of a channel's [`check_update`](crate::StockChannel::check_update), so that
    /// `decide` can start with `if let Err(refusal) = channel.check_update(update)`.
    fn from(refusal: Refusal) -> Self {
        Self::Reject {
            reason: refusal.reason,
            code: refusal.code,
        }
    }
}

/// Updates sent together, by their position in the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<K> {
    /// The key the channel grouped them by.
    pub key: K,
    /// Positions of the group's updates in the batch, in batch order.
    pub members: Vec<usize>,
}

/// The item an update changes: two updates of the same item in one batch cannot both apply,
/// so the later one wins.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ItemKey {
    sku: Sku,
    kind: UpdateKind,
    warehouse: Option<Country>,
    stock_kind: Option<StockKind>,
}

impl ItemKey {
    fn of(update: &InventoryUpdate) -> Self {
        let stock = update.as_stock();
        Self {
            sku: update.sku().clone(),
            kind: update.kind(),
            warehouse: stock.and_then(|stock| stock.warehouse),
            stock_kind: stock.map(|stock| stock.kind),
        }
    }
}

/// One push as a channel works through it.
///
/// [`PushPlan::new`] first rejects every update that a later update of the same item (same
/// SKU, kind of update, warehouse and stock kind) supersedes, then asks the channel to decide
/// each remaining one. The channel sends each [`Group`], [`record`](PushPlan::record)s what
/// became of its members, and [`finish`](PushPlan::finish)es with one outcome per update in
/// input order; an update nobody recorded is reported as rejected, never dropped.
///
/// ```
/// use inventory_model::push::{Decision, PushPlan};
/// use inventory_model::{InventoryUpdate, Outcome, Quantity, Sku, StockUpdate};
///
/// let stock = |sku: &str, n| -> InventoryUpdate {
///     StockUpdate::new(Sku::new(sku).unwrap(), Quantity::new(n)).into()
/// };
/// let batch = [stock("A", 1), stock("B", 0), stock("A", 2)];
/// let mut plan = PushPlan::new(&batch, |update| match update.as_stock() {
///     Some(stock) if stock.quantity.is_zero() => Decision::reject("zero is not allowed here"),
///     _ => Decision::Send("one request"),
/// });
/// for group in plan.take_groups() {
///     assert_eq!(group.members, vec![2]); // the first "A" is superseded by the last
///     for member in group.members {
///         plan.record(member, Outcome::Accepted);
///     }
/// }
/// let report = plan.finish();
/// assert_eq!(report.accepted_count(), 1);
/// assert_eq!(
///     report.outcomes()[0].outcome.reason(),
///     Some("superseded by update 3 of the same item in this batch")
/// );
/// ```
#[derive(Debug)]
pub struct PushPlan<'a, K> {
    updates: &'a [InventoryUpdate],
    outcomes: Vec<Option<Outcome>>,
    groups: Vec<Group<K>>,
}

impl<'a, K: Eq + Hash + Clone> PushPlan<'a, K> {
    /// Plans a push of `updates`: supersedes duplicates, then `decide`s the rest.
    pub fn new(
        updates: &'a [InventoryUpdate],
        mut decide: impl FnMut(&InventoryUpdate) -> Decision<K>,
    ) -> Self {
        let mut outcomes: Vec<Option<Outcome>> = vec![None; updates.len()];
        let mut last_of_item: HashMap<ItemKey, usize> = HashMap::new();
        for (index, update) in updates.iter().enumerate() {
            if let Some(earlier) = last_of_item.insert(ItemKey::of(update), index)
                && let Some(slot) = outcomes.get_mut(earlier)
            {
                *slot = Some(Outcome::Rejected {
                    reason: format!(
                        "superseded by update {} of the same item in this batch",
                        index + 1
                    ),
                    code: Some("superseded".into()),
                });
            }
        }
        let mut groups: Vec<Group<K>> = Vec::new();
        // Where each key's group is, so that 10,000 distinct keys cost 10,000 lookups.
        let mut group_of: HashMap<K, usize> = HashMap::new();
        for (index, update) in updates.iter().enumerate() {
            let Some(slot) = outcomes.get_mut(index) else {
                continue;
            };
            if slot.is_some() {
                continue;
            }
            match decide(update) {
                Decision::Accept => *slot = Some(Outcome::Accepted),
                Decision::Reject { reason, code } => {
                    *slot = Some(Outcome::Rejected { reason, code })
                }
                Decision::Send(key) => {
                    match group_of.get(&key).and_then(|at| groups.get_mut(*at)) {
                        Some(group) => group.members.push(index),
                        None => {
                            group_of.insert(key.clone(), groups.len());
                            groups.push(Group {
                                key,
                                members: vec![index],
                            });
                        }
                    }
                }
            }
        }
        Self {
            updates,
            outcomes,
            groups,
        }
    }

    /// The groups to send, in the order their first update appears; they are handed out once.
    pub fn take_groups(&mut self) -> Vec<Group<K>> {
        std::mem::take(&mut self.groups)
    }
}

impl<'a, K> PushPlan<'a, K> {
    /// The update at `index` of the batch.
    pub fn update(&self, index: usize) -> Option<&'a InventoryUpdate> {
        self.updates.get(index)
    }

    /// The updates of a group, in batch order.
    pub fn members<'g>(&self, group: &'g Group<K>) -> impl Iterator<Item = &'a InventoryUpdate> + 'g
    where
        'a: 'g,
    {
        let updates = self.updates;
        group
            .members
            .iter()
            .filter_map(move |index| updates.get(*index))
    }

    /// Records what became of the update at `index` (a later record replaces an earlier one).
    pub fn record(&mut self, index: usize, outcome: Outcome) {
        if let Some(slot) = self.outcomes.get_mut(index) {
            *slot = Some(outcome);
        }
    }

    /// Records the same outcome for every member of `group` (a group that failed as one).
    pub fn record_group(&mut self, group: &Group<K>, outcome: &Outcome) {
        for index in &group.members {
            self.record(*index, outcome.clone());
        }
    }

    /// One outcome per update, in input order.
    pub fn finish(self) -> PushReport {
        self.updates
            .iter()
            .zip(self.outcomes)
            .map(|(update, outcome)| match outcome {
                Some(Outcome::Accepted) => ItemOutcome::accepted(update),
                Some(Outcome::Rejected { reason, code }) => {
                    ItemOutcome::rejected(update, reason, code)
                }
                None => ItemOutcome::rejected(
                    update,
                    "the channel recorded no outcome for this update",
                    Some("not_recorded".into()),
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, Decimal, Money, PriceUpdate, Quantity, StockUpdate};

    fn stock(sku: &str, quantity: u32, warehouse: Option<Country>) -> InventoryUpdate {
        let update = StockUpdate::new(Sku::new(sku).unwrap(), Quantity::new(quantity));
        match warehouse {
            Some(country) => update.in_warehouse(country).into(),
            None => update.into(),
        }
    }

    fn price(sku: &str, cents: i64) -> InventoryUpdate {
        PriceUpdate::new(
            Sku::new(sku).unwrap(),
            Money::new(Decimal::new(cents, 2), Currency::Usd),
        )
        .into()
    }

    #[test]
    fn only_the_same_item_supersedes() {
        let batch = [
            stock("A", 1, Some(Country::USA)),
            stock("A", 2, Some(Country::CAN)),
            price("A", 100),
            stock("A", 3, Some(Country::USA)),
            price("A", 200),
        ];
        let mut plan = PushPlan::new(&batch, |_| Decision::Send(()));
        let groups = plan.take_groups();
        assert_eq!(
            groups,
            vec![Group {
                key: (),
                members: vec![1, 3, 4]
            }]
        );
        for index in &groups[0].members {
            plan.record(*index, Outcome::Accepted);
        }
        let report = plan.finish();
        let codes: Vec<Option<&str>> = report.outcomes().iter().map(|o| o.outcome.code()).collect();
        assert_eq!(
            codes,
            [Some("superseded"), None, Some("superseded"), None, None]
        );
    }

    #[test]
    fn groups_keep_batch_order_and_unrecorded_updates_are_reported() {
        let batch = [
            price("A", 100),
            price("B", 200),
            price("C", 100),
            stock("D", 1, None),
        ];
        let mut plan = PushPlan::new(&batch, |update| match update.as_price() {
            Some(price) => Decision::Send(price.price),
            None => Decision::Accept,
        });
        let groups = plan.take_groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].members, vec![0, 2]);
        let skus: Vec<&str> = plan.members(&groups[0]).map(|u| u.sku().as_str()).collect();
        assert_eq!(skus, ["A", "C"]);
        plan.record_group(&groups[0], &Outcome::Accepted);
        let report = plan.finish();
        assert_eq!(report.accepted_count(), 3);
        assert_eq!(report.outcomes()[1].outcome.code(), Some("not_recorded"));
    }
}
