//! Channels that refuse, reject, fail as a whole or do not show what they accepted: the plan,
//! the report, the journal and the status say so.

use std::sync::Arc;

use inventory_model::{Currency, Decimal, Money, Quantity, ReadScope, UpdateKind};
use inventory_sync::{
    ApplyOptions, ChannelSet, DesiredItem, DesiredState, HistoryQuery, ItemState, Journal,
    PlanError, PlanOptions, RunStatus, apply, plan,
};

use crate::fake::{Fake, sku, usd};

fn desired(count: usize) -> DesiredState {
    let mut desired = DesiredState::new();
    for index in 0..count {
        let item = DesiredItem::new(sku(&format!("F-{index}")))
            .with_quantity(Quantity::new(3))
            .with_price(usd(2_000));
        desired.push(item).unwrap();
    }
    desired
}

fn seeded(name: &str, count: usize) -> Fake {
    let fake = Fake::new(name, ReadScope::WholeChannel);
    for index in 0..count {
        fake.seed(&sku(&format!("F-{index}")), 1, Some(usd(1_000)));
    }
    fake
}

#[tokio::test]
async fn rejections_and_a_channel_that_fails_as_a_whole_are_reported_and_journaled() {
    // picky: at most 2 items (its rules), rejects F-1 (the service), and holds F-2 only in
    // name: it accepts changes to it and keeps showing the old values.
    let mut picky = seeded("picky", 4);
    picky.rules.max_quantity = Some(2);
    picky.behaviour.reject.insert(sku("F-1"));
    picky.behaviour.ignore.insert(sku("F-2"));
    let mut down = seeded("down", 4);
    down.behaviour.fail_pushes = true;
    let (picky, down) = (Arc::new(picky), Arc::new(down));
    let mut channels = ChannelSet::new();
    channels.add(picky.clone()).unwrap();
    channels.add(down.clone()).unwrap();

    let plan = plan(&desired(4), &channels, PlanOptions::default())
        .await
        .unwrap();
    let on_picky = plan.channel("picky").unwrap();
    assert_eq!(
        on_picky.refused().count(),
        4,
        "every stock of 3 breaks `at most 2`"
    );
    let refusal = on_picky.refused().next().unwrap().refused.clone().unwrap();
    assert_eq!(refusal.reason, "at most 2 items, not 3");
    assert_eq!(refusal.code.as_deref(), Some("quantity_range"));
    assert_eq!(on_picky.sendable().count(), 4, "the prices go");
    assert!(plan.to_string().contains("refused: at most 2 items, not 3"));

    let journal = Journal::in_memory().unwrap();
    let report = apply(&plan, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.status, RunStatus::Failed, "{report}");
    assert_eq!(report.exit_code(), 2);

    let picky_report = report.channel("picky").unwrap();
    assert_eq!(picky_report.status(), RunStatus::Partial);
    let counts = picky_report.summary;
    assert_eq!(
        (
            counts.changed,
            counts.refused,
            counts.failed,
            counts.unverified
        ),
        (2, 5, 0, 1)
    );
    let rejected = picky_report
        .refused
        .iter()
        .find(|item| item.sku == sku("F-1") && item.kind == UpdateKind::Price)
        .unwrap();
    assert_eq!(rejected.outcome.code(), Some("E42"));
    assert_eq!(picky_report.mismatches.len(), 1);
    assert_eq!(picky_report.mismatches[0].sku, sku("F-2"));

    let down_report = report.channel("down").unwrap();
    assert_eq!(down_report.status(), RunStatus::Failed);
    assert_eq!(down_report.summary.failed, 8);
    assert!(
        down_report.error.as_deref().unwrap().contains("HTTP 503"),
        "{:?}",
        down_report.error
    );
    assert_eq!(
        down.push_count(),
        1,
        "a channel stops at its first failed push"
    );
    let text = report.to_string();
    assert!(
        text.contains("down: failed: channel `down`: the push failed as a whole: HTTP 503"),
        "{text}"
    );
    assert!(
        text.contains("picky: F-2 price shows $10.00, the plan set $20.00"),
        "{text}"
    );

    // The journal says the same.
    let history = journal
        .history(&HistoryQuery::new().channel("picky"))
        .unwrap();
    let state_of = |sku: &str, kind: &str| {
        history
            .iter()
            .find(|entry| entry.sku == sku && entry.kind == kind)
            .map(|entry| (entry.state, entry.reason.clone(), entry.code.clone()))
            .unwrap()
    };
    assert_eq!(
        state_of("F-0", "stock"),
        (
            ItemState::Refused,
            Some("at most 2 items, not 3".into()),
            Some("quantity_range".into())
        )
    );
    assert_eq!(state_of("F-1", "price").0, ItemState::Rejected);
    assert_eq!(state_of("F-1", "price").2.as_deref(), Some("E42"));
    assert_eq!(state_of("F-0", "price").0, ItemState::Accepted);
    let down_history = journal
        .history(&HistoryQuery::new().channel("down"))
        .unwrap();
    assert!(
        down_history
            .iter()
            .all(|entry| entry.state == ItemState::Failed)
    );
    assert!(
        down_history[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("HTTP 503")
    );
    assert_eq!(journal.runs().unwrap()[0].status, Some(RunStatus::Failed));
    let connection_rows = journal.batch_log(report.run).unwrap();
    let down_batch = connection_rows
        .iter()
        .find(|batch| batch.channel == "down")
        .unwrap();
    assert_eq!(down_batch.state, "failed");
}

#[tokio::test]
async fn a_channel_that_cannot_be_read_gets_no_updates_and_fails_the_run() {
    let mut blind = seeded("blind", 2);
    blind.behaviour.fail_reads = true;
    let mut channels = ChannelSet::new();
    channels.add(Arc::new(blind)).unwrap();
    channels.add(Arc::new(seeded("fine", 2))).unwrap();
    let plan = plan(&desired(2), &channels, PlanOptions::default())
        .await
        .unwrap();
    let blind_plan = plan.channel("blind").unwrap();
    assert!(blind_plan.changes.is_empty());
    assert!(
        blind_plan
            .read_error
            .as_deref()
            .unwrap()
            .contains("the read failed as a whole: HTTP 500")
    );
    assert_eq!(plan.channel("fine").unwrap().changes.len(), 4);
    let journal = Journal::in_memory().unwrap();
    let report = apply(&plan, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.exit_code(), 2);
    assert_eq!(report.channel("fine").unwrap().status(), RunStatus::Applied);
}

#[tokio::test]
async fn unknown_channels_and_skus_that_match_nothing_are_not_dropped() {
    let mut channels = ChannelSet::new();
    channels.add(Arc::new(seeded("shop", 1))).unwrap();
    let mut wanted = desired(1);
    wanted
        .push(DesiredItem::new(sku("NOWHERE")).with_quantity(Quantity::new(1)))
        .unwrap();
    let plan = plan(&wanted, &channels, PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(plan.unmatched, [sku("NOWHERE")]);
    assert_eq!(plan.channel("shop").unwrap().missing[0].sku, sku("NOWHERE"));
    assert!(plan.to_string().contains("SKUs no channel holds: NOWHERE"));

    let file = "sku,quantity,channels\nF-0,1,shop\nF-0,2,amazon\n";
    let wanted = DesiredState::from_csv(file.as_bytes(), "stock.csv").unwrap();
    let error = inventory_sync::plan(&wanted, &channels, PlanOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(error, PlanError::UnknownChannels { .. }));
    assert_eq!(
        error.to_string(),
        "the desired state names unknown channels: `amazon` (stock.csv:3) (known: shop)"
    );
}

#[tokio::test]
async fn missing_and_unlisted_items_are_touched_only_when_asked() {
    let shop = Arc::new(seeded("shop", 2));
    shop.seed(&sku("GONE"), 4, None);
    let mut channels = ChannelSet::new();
    channels.add(shop.clone()).unwrap();
    let mut wanted = desired(2);
    wanted
        .push(DesiredItem::new(sku("NEW")).with_quantity(Quantity::new(1)))
        .unwrap();
    let cautious = plan(&wanted, &channels, PlanOptions::default())
        .await
        .unwrap();
    let on_shop = cautious.channel("shop").unwrap();
    assert_eq!(on_shop.changes.len(), 4);
    assert_eq!(on_shop.unlisted[0].sku, sku("GONE"));
    assert_eq!(on_shop.missing[0].sku, sku("NEW"));

    let options = PlanOptions::default()
        .zero_unlisted(true)
        .push_missing(true);
    let bold = plan(&wanted, &channels, options).await.unwrap();
    let on_shop = bold.channel("shop").unwrap();
    assert_eq!(on_shop.changes.len(), 6);
    let journal = Journal::in_memory().unwrap();
    let report = apply(&bold, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(shop.quantity(&sku("GONE")), Some(Quantity::ZERO));
    // The fake has no item NEW, so it rejects the update: refused, exit code 1.
    assert_eq!(report.status, RunStatus::Partial, "{report}");
    assert_eq!(
        report.channel("shop").unwrap().refused[0].outcome.code(),
        Some("not_found")
    );
}

#[tokio::test]
async fn prices_the_channel_cannot_take_are_refused_before_sending() {
    let mut shop = seeded("shop", 1);
    shop.rules.currency = Some(Currency::Usd);
    let shop = Arc::new(shop);
    let mut channels = ChannelSet::new();
    channels.add(shop.clone()).unwrap();
    let mut wanted = DesiredState::new();
    let too_precise = Money::new(Decimal::new(12_345, 3), Currency::Usd);
    wanted
        .push(
            DesiredItem::new(sku("F-0"))
                .with_price(too_precise)
                .on_channel("shop"),
        )
        .unwrap();
    let plan = plan(&wanted, &channels, PlanOptions::default())
        .await
        .unwrap();
    let change = &plan.channel("shop").unwrap().changes[0];
    let reason = &change.refused.as_ref().unwrap().reason;
    assert!(
        reason.contains("more precise than USD allows (2 decimal places)"),
        "{reason}"
    );
    let journal = Journal::in_memory().unwrap();
    let report = apply(&plan, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.exit_code(), 1);
    assert_eq!(shop.push_count(), 0, "nothing was sent");
}
