//! Property: applying a plan twice leaves every channel as applying it once, and so does
//! syncing the same desired state a second time.

use std::collections::BTreeMap;
use std::sync::Arc;

use inventory_model::{Currency, Decimal, Money, Quantity, ReadScope, Sku};
use inventory_sync::{
    ApplyOptions, ChannelSet, DesiredItem, DesiredState, Journal, Plan, PlanOptions, apply, plan,
};
use proptest::prelude::*;

use crate::fake::{Fake, FakeItem, sku};

#[derive(Debug, Clone)]
struct SkuCase {
    /// What each of the two channels holds: quantity and price in cents, or nothing.
    held: [Option<(u32, Option<i64>)>; 2],
    wanted_quantity: Option<u32>,
    /// Cents, and whether in euros (the channels take dollars only).
    wanted_price: Option<(i64, bool)>,
    /// The service rejects this SKU.
    rejected: bool,
}

fn sku_case() -> impl Strategy<Value = SkuCase> {
    let held = prop::option::weighted(0.8, (0..6_u32, prop::option::of(100..104_i64)));
    (
        [held.clone(), held],
        prop::option::of(0..7_u32),
        prop::option::of((100..104_i64, prop::bool::weighted(0.1))),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(held, wanted_quantity, wanted_price, rejected)| SkuCase {
            held,
            wanted_quantity,
            wanted_price,
            rejected,
        })
}

fn name(index: usize) -> Sku {
    sku(&format!("P-{index}"))
}

fn world(cases: &[SkuCase]) -> (Arc<Fake>, Arc<Fake>, ChannelSet) {
    let fakes = [
        Fake::new("whole", ReadScope::WholeChannel),
        Fake::new("asked", ReadScope::AskedOnly),
    ];
    let [mut whole, mut asked] = fakes;
    for fake in [&mut whole, &mut asked] {
        fake.rules.max_quantity = Some(5);
        fake.rules.currency = Some(Currency::Usd);
    }
    for (index, case) in cases.iter().enumerate() {
        for (fake, held) in [&whole, &asked].into_iter().zip(&case.held) {
            if let Some((quantity, cents)) = held {
                let price = cents.map(|cents| Money::new(Decimal::new(cents, 2), Currency::Usd));
                fake.seed(&name(index), *quantity, price);
            }
        }
        if case.rejected {
            whole.behaviour.reject.insert(name(index));
            asked.behaviour.reject.insert(name(index));
        }
    }
    let (whole, asked) = (Arc::new(whole), Arc::new(asked));
    let mut channels = ChannelSet::new();
    channels.add(whole.clone()).unwrap();
    channels.add(asked.clone()).unwrap();
    for name in ["whole", "asked"] {
        channels
            .set_batch_size(name, std::num::NonZeroUsize::new(3).unwrap())
            .unwrap();
    }
    (whole, asked, channels)
}

fn desired(cases: &[SkuCase]) -> DesiredState {
    let mut desired = DesiredState::new();
    for (index, case) in cases.iter().enumerate() {
        let mut item = DesiredItem::new(name(index));
        if let Some(quantity) = case.wanted_quantity {
            item = item.with_quantity(Quantity::new(quantity));
        }
        if let Some((cents, euros)) = case.wanted_price {
            let currency = if euros { Currency::Eur } else { Currency::Usd };
            item = item.with_price(Money::new(Decimal::new(cents, 2), currency));
        }
        if item.quantity.is_some() || item.price.is_some() {
            desired.push(item).unwrap();
        }
    }
    desired
}

type State = [BTreeMap<Sku, FakeItem>; 2];

async fn apply_times(plan: &Plan, channels: &ChannelSet, times: usize) {
    let journal = Journal::in_memory().unwrap();
    for _ in 0..times {
        apply(plan, channels, &journal, ApplyOptions::default(), &|_| {})
            .await
            .unwrap();
    }
}

fn run(cases: &[SkuCase], options: PlanOptions) -> (State, State, State) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let wanted = desired(cases);
        let (whole, asked, channels) = world(cases);
        let the_plan = plan(&wanted, &channels, options).await.unwrap();
        apply_times(&the_plan, &channels, 1).await;
        let once = [whole.snapshot(), asked.snapshot()];
        // A second sync of the same desired state, planned against what the first left.
        let second = plan(&wanted, &channels, options).await.unwrap();
        apply_times(&second, &channels, 1).await;
        let synced_twice = [whole.snapshot(), asked.snapshot()];

        let (whole, asked, channels) = world(cases);
        let the_plan_again = plan(&wanted, &channels, options).await.unwrap();
        assert_eq!(the_plan_again, the_plan, "planning is deterministic");
        apply_times(&the_plan_again, &channels, 2).await;
        let applied_twice = [whole.snapshot(), asked.snapshot()];
        (once, applied_twice, synced_twice)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn applying_a_plan_twice_is_applying_it_once(
        cases in prop::collection::vec(sku_case(), 1..10),
        push_missing in any::<bool>(),
        zero_unlisted in any::<bool>(),
    ) {
        let options = PlanOptions::default().push_missing(push_missing).zero_unlisted(zero_unlisted);
        let (once, applied_twice, synced_twice) = run(&cases, options);
        prop_assert_eq!(&applied_twice, &once);
        prop_assert_eq!(&synced_twice, &once);
    }
}
