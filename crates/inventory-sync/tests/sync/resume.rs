//! A run that dies mid-way (a panic in a push, an apply future dropped while a push hangs),
//! resumed from the journal file: confirmed batches are not sent again, the interrupted one
//! is, and the final state equals the plan.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Arc;

use futures::FutureExt;
use inventory_model::{Quantity, ReadScope};
use inventory_sync::{
    ApplyOptions, BatchState, ChannelSet, DesiredItem, DesiredState, HistoryQuery, ItemState,
    Journal, PlanOptions, RunStatus, apply, plan, resume,
};

use crate::fake::{Fake, sku, usd};

/// 250 SKUs that all differ on both channels.
fn setup() -> (DesiredState, Fake, Fake) {
    let alpha = Fake::new("alpha", ReadScope::WholeChannel);
    let beta = Fake::new("beta", ReadScope::AskedOnly);
    let mut desired = DesiredState::new();
    for index in 0..250 {
        let sku = sku(&format!("R-{index:03}"));
        alpha.seed(&sku, 0, Some(usd(100)));
        beta.seed(&sku, 9, None);
        desired
            .push(DesiredItem::new(sku).with_quantity(Quantity::new(index % 5 + 1)))
            .unwrap();
    }
    (desired, alpha, beta)
}

fn set_of(alpha: &Arc<Fake>, beta: &Arc<Fake>) -> ChannelSet {
    let mut channels = ChannelSet::new();
    channels.add(alpha.clone()).unwrap();
    channels.add(beta.clone()).unwrap();
    for name in ["alpha", "beta"] {
        channels
            .set_batch_size(name, NonZeroUsize::new(50).unwrap())
            .unwrap();
    }
    channels
}

fn assert_final_state(desired: &DesiredState, fakes: [&Fake; 2]) {
    for item in desired.items() {
        for fake in fakes {
            assert_eq!(fake.quantity(&item.sku), item.quantity, "{}", item.sku);
        }
    }
}

/// How many times each SKU was pushed to a fake.
fn sends(fake: &Fake) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for push in fake.shared.pushes.lock().unwrap().iter() {
        for item in push {
            *counts.entry(item.clone()).or_default() += 1;
        }
    }
    counts
}

#[tokio::test]
async fn a_panic_mid_apply_is_resumed_from_the_journal_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.sqlite");
    let (desired, mut alpha, beta) = setup();
    alpha.behaviour.panic_on_push = Some(3);
    let (alpha, beta) = (Arc::new(alpha), Arc::new(beta));
    let channels = set_of(&alpha, &beta);
    let plan = plan(&desired, &channels, PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(plan.sendable_count(), 500);

    let run = {
        let journal = Journal::open(&path).unwrap();
        let crashed = std::panic::AssertUnwindSafe(apply(
            &plan,
            &channels,
            &journal,
            ApplyOptions::default(),
            &|_| {},
        ))
        .catch_unwind()
        .await;
        assert!(crashed.is_err(), "the fake panicked mid-apply");
        let runs = journal.unfinished().unwrap();
        assert_eq!(runs.len(), 1);
        runs[0]
    }; // the journal is closed, as by a process that died

    let journal = Journal::open(&path).unwrap();
    assert_eq!(journal.unfinished().unwrap(), [run]);
    let alpha_batches = journal.batches(run, "alpha").unwrap();
    let states: Vec<BatchState> = alpha_batches.iter().map(|batch| batch.state).collect();
    use BatchState::{Confirmed, Pending, Sending};
    assert_eq!(states, [Confirmed, Confirmed, Sending, Pending, Pending]);
    let confirmed_before: Vec<String> = alpha_batches
        .iter()
        .take(2)
        .flat_map(|batch| batch.updates.iter().map(|u| format!("{}/stock", u.sku())))
        .collect();
    let interrupted: Vec<String> = alpha_batches[2]
        .updates
        .iter()
        .map(|u| format!("{}/stock", u.sku()))
        .collect();
    let beta_confirmed_before: Vec<u32> = journal
        .batches(run, "beta")
        .unwrap()
        .iter()
        .filter(|batch| batch.state == Confirmed)
        .map(|batch| batch.number)
        .collect();
    let in_flight = journal
        .history(&HistoryQuery::new().run(run).channel("alpha"))
        .unwrap();
    assert_eq!(
        in_flight
            .iter()
            .filter(|e| e.state == ItemState::Sending)
            .count(),
        50
    );
    assert_eq!(alpha.push_count(), 3);

    // A new process: the same accounts, channels that behave.
    let (alpha, beta) = (Arc::new(alpha.twin()), Arc::new(beta.twin()));
    let channels = set_of(&alpha, &beta);
    let report = resume(run, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(report.status, RunStatus::Applied, "{report}");
    let alpha_report = report.channel("alpha").unwrap();
    assert_eq!(alpha_report.batches.skipped, 2);
    assert_eq!(alpha_report.batches.resent, [3]);
    assert_eq!(alpha_report.batches.sent, 3);
    assert_eq!(alpha_report.summary.changed, 250);
    let beta_report = report.channel("beta").unwrap();
    assert_eq!(beta_report.batches.skipped, beta_confirmed_before.len());
    assert_eq!(beta_report.summary.changed, 250);
    assert!(
        report.to_string().contains("alpha: batch 3 had been sent"),
        "{report}"
    );

    // No confirmed batch was sent again; the interrupted one was sent twice in all.
    let alpha_sends = sends(&alpha);
    for item in &confirmed_before {
        assert_eq!(
            alpha_sends[item], 1,
            "{item} was confirmed before the crash"
        );
    }
    for item in &interrupted {
        assert_eq!(alpha_sends[item], 2, "{item} was in the interrupted batch");
    }
    assert_eq!(alpha.push_count(), 3 + 3);
    assert!(
        sends(&beta).values().all(|count| *count == 1),
        "beta never sent an item twice"
    );
    assert_final_state(&desired, [&alpha, &beta]);

    let batches = journal.batch_log(run).unwrap();
    let third = batches
        .iter()
        .find(|b| b.channel == "alpha" && b.batch == 3)
        .unwrap();
    assert_eq!((third.state.as_str(), third.attempts), ("confirmed", 2));
    assert!(journal.unfinished().unwrap().is_empty());
    let runs = journal.runs().unwrap();
    assert_eq!(runs[0].status, Some(RunStatus::Applied));
    let changed = journal
        .history(&HistoryQuery::new().run(run).changed_only())
        .unwrap();
    assert_eq!(changed.len(), 500);

    // Resuming a finished run sends nothing more.
    let again = resume(run, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_eq!(again.status, RunStatus::Applied);
    assert_eq!(alpha.push_count(), 6);
    assert_eq!(again.channel("alpha").unwrap().batches.skipped, 5);
}

#[tokio::test]
async fn an_apply_dropped_while_a_push_hangs_is_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.sqlite");
    let (desired, mut alpha, beta) = setup();
    alpha.behaviour.hang_on_push = Some(2);
    let hung = alpha.hung.clone();
    let (alpha, beta) = (Arc::new(alpha), Arc::new(beta));
    let channels = set_of(&alpha, &beta);
    let plan = plan(&desired, &channels, PlanOptions::default())
        .await
        .unwrap();
    let journal = Journal::open(&path).unwrap();
    let run = {
        let applying = apply(&plan, &channels, &journal, ApplyOptions::default(), &|_| {});
        tokio::select! {
            _ = applying => panic!("the apply cannot finish while a push hangs"),
            () = hung.notified() => {}
        }
        journal.unfinished().unwrap()[0]
    }; // the apply future is dropped here, mid-push
    drop(journal);

    let journal = Journal::open(&path).unwrap();
    let states: Vec<BatchState> = journal
        .batches(run, "alpha")
        .unwrap()
        .iter()
        .map(|batch| batch.state)
        .collect();
    assert_eq!(states[..2], [BatchState::Confirmed, BatchState::Sending]);
    let (alpha, beta) = (Arc::new(alpha.twin()), Arc::new(beta.twin()));
    let channels = set_of(&alpha, &beta);
    let steps = std::sync::Mutex::new(Vec::new());
    let progress = |step: &inventory_sync::Progress<'_>| {
        steps
            .lock()
            .unwrap()
            .push((step.channel.to_owned(), step.step, step.batch, step.done));
    };
    let report = resume(run, &channels, &journal, ApplyOptions::default(), &progress)
        .await
        .unwrap();
    assert_eq!(report.status, RunStatus::Applied, "{report}");
    assert_eq!(report.channel("alpha").unwrap().batches.resent, [2]);
    assert_eq!(alpha.push_count(), 2 + 4);
    assert_final_state(&desired, [&alpha, &beta]);
    let steps = steps.into_inner().unwrap();
    let alpha_steps: Vec<_> = steps.iter().filter(|step| step.0 == "alpha").collect();
    use inventory_sync::Step;
    assert_eq!(alpha_steps[0].1, Step::Skipped);
    assert_eq!(alpha_steps.last().unwrap().1, Step::Verified);
    assert_eq!(alpha_steps.last().unwrap().3, 250, "every update done");
}
