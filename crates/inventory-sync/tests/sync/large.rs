//! 10,000 wanted SKUs of which 1% differ on each channel: the plan holds exactly those
//! changes, and the channels see batches, not one request per item.

use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Instant;

use inventory_model::{Quantity, ReadScope, Sku};
use inventory_sync::{
    ApplyOptions, Cause, ChannelSet, DesiredItem, DesiredState, Journal, PlanOptions, RunStatus,
    apply, plan,
};

use crate::fake::{Fake, sku, usd};

const SKUS: usize = 10_000;

fn wanted(index: usize) -> (Sku, u32, i64) {
    let quantity = u32::try_from(index % 7).unwrap();
    let cents = 1_000 + i64::try_from(index).unwrap();
    (sku(&format!("SKU-{index:05}")), quantity, cents)
}

#[tokio::test]
async fn ten_thousand_skus_one_percent_differ() {
    let mut desired = DesiredState::new();
    for index in 0..SKUS {
        let (sku, quantity, cents) = wanted(index);
        desired
            .push(
                DesiredItem::new(sku)
                    .with_quantity(Quantity::new(quantity))
                    .with_price(usd(cents)),
            )
            .unwrap();
    }
    // alpha lists its whole inventory; beta answers only for what it is asked.
    let alpha = Arc::new(Fake::new("alpha", ReadScope::WholeChannel));
    let beta = Arc::new(Fake::new("beta", ReadScope::AskedOnly));
    let mut expected_alpha = BTreeSet::new();
    let mut expected_beta = BTreeSet::new();
    for index in 0..SKUS {
        let (sku, quantity, cents) = wanted(index);
        // alpha: every 100th SKU differs, stock for the even hundreds, price for the odd.
        let (mut q, mut c) = (quantity, cents);
        if index % 100 == 0 {
            if index % 200 == 0 {
                q += 1;
                expected_alpha.insert(format!("{sku}/stock"));
            } else {
                c += 1;
                expected_alpha.insert(format!("{sku}/price"));
            }
        }
        alpha.seed(&sku, q, Some(usd(c)));
        // beta: another 1%, both stock and price for every 200th SKU (offset 37).
        let (mut q, mut c) = (quantity, cents);
        if index % 200 == 37 {
            q += 2;
            c -= 1;
            expected_beta.insert(format!("{sku}/stock"));
            expected_beta.insert(format!("{sku}/price"));
        }
        beta.seed(&sku, q, Some(usd(c)));
    }
    // alpha holds three items nobody wants.
    for extra in ["OLD-1", "OLD-2", "OLD-3"] {
        alpha.seed(&sku(extra), 1, None);
    }
    let mut channels = ChannelSet::new();
    channels.add(alpha.clone()).unwrap();
    channels.add(beta.clone()).unwrap();
    channels
        .set_batch_size("alpha", NonZeroUsize::new(25).unwrap())
        .unwrap();

    let started = Instant::now();
    let plan = plan(&desired, &channels, PlanOptions::default())
        .await
        .unwrap();
    let plan_time = started.elapsed();

    for (name, expected) in [("alpha", &expected_alpha), ("beta", &expected_beta)] {
        let channel = plan.channel(name).unwrap();
        let changes: BTreeSet<String> = channel
            .changes
            .iter()
            .map(|change| format!("{}/{}", change.update.sku(), change.update.kind().as_str()))
            .collect();
        assert_eq!(
            changes.len(),
            channel.changes.len(),
            "{name}: one change per item"
        );
        assert_eq!(&changes, expected, "{name}");
        assert_eq!(channel.changes.len(), 100);
        assert!(
            channel
                .changes
                .iter()
                .all(|change| change.cause == Cause::Differs)
        );
        assert!(
            channel
                .changes
                .iter()
                .all(|change| change.refused.is_none())
        );
        assert!(channel.changes.iter().all(|change| change.before.is_some()));
        assert_eq!(channel.unchanged, 2 * SKUS - 100, "{name}");
        assert!(channel.missing.is_empty());
    }
    let unlisted: Vec<&str> = plan
        .channel("alpha")
        .unwrap()
        .unlisted
        .iter()
        .map(|item| item.sku.as_str())
        .collect();
    assert_eq!(unlisted, ["OLD-1", "OLD-2", "OLD-3"]);
    assert!(
        plan.channel("beta").unwrap().unlisted.is_empty(),
        "an asked-only read cannot know"
    );
    assert!(plan.unmatched.is_empty());
    assert_eq!(
        (alpha.read_count(), beta.read_count()),
        (1, 1),
        "one read per channel"
    );
    assert_eq!(
        (alpha.push_count(), beta.push_count()),
        (0, 0),
        "planning sends nothing"
    );

    // The plan survives JSON, and its table has a row per change.
    assert_eq!(
        inventory_sync::Plan::from_json(&plan.to_json()).unwrap(),
        plan
    );
    assert_eq!(
        plan.to_string()
            .lines()
            .filter(|line| line.ends_with("  send"))
            .count(),
        200
    );

    let journal = Journal::in_memory().unwrap();
    let started = Instant::now();
    let report = apply(&plan, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    let apply_time = started.elapsed();
    assert_eq!(report.status, RunStatus::Applied, "{report}");
    for name in ["alpha", "beta"] {
        let channel = report.channel(name).unwrap();
        assert_eq!(channel.summary.changed, 100);
        assert_eq!(channel.summary.unverified, 0);
        assert!(channel.verified);
    }
    // 100 updates in batches of 25 and of 100 (the default); one more read each to verify.
    assert_eq!((alpha.push_count(), alpha.pushed_updates()), (4, 100));
    assert_eq!((beta.push_count(), beta.pushed_updates()), (1, 100));
    assert_eq!((alpha.read_count(), beta.read_count()), (2, 2));
    for index in 0..SKUS {
        let (sku, quantity, cents) = wanted(index);
        for fake in [&alpha, &beta] {
            assert_eq!(fake.quantity(&sku), Some(Quantity::new(quantity)));
            assert_eq!(fake.price(&sku), Some(usd(cents)));
        }
    }
    println!(
        "10,000 SKUs x 2 channels: plan {plan_time:?}, apply + verify {apply_time:?}; \
         alpha {} pushes / {} reads, beta {} pushes / {} reads, against {} requests at one per \
         changed item",
        alpha.push_count(),
        alpha.read_count(),
        beta.push_count(),
        beta.read_count(),
        alpha.pushed_updates() + beta.pushed_updates(),
    );
}
