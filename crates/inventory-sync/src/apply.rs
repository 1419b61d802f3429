//! Applying a plan: each channel's batches pushed through its `StockChannel`, channels
//! concurrently, every step in the journal; resuming an interrupted run from the journal.

use std::collections::HashSet;
use std::sync::Arc;

use futures::future::join_all;
use inventory_model::{InventoryReader, InventoryUpdate, ItemOutcome, Outcome, Sku};
use serde::{Deserialize, Serialize};

use crate::channels::{ChannelSet, describe};
use crate::error::{JournalError, SyncError};
use crate::journal::{BatchState, Journal, JournalBatch};
use crate::plan::{ChannelPlan, Plan};
use crate::report::{BatchCounts, ChannelReport, ChannelSummary, RunReport};
use crate::run::RunId;
use crate::verify::{ChannelVerification, verify_updates};

/// How [`apply`] and [`resume`] run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApplyOptions {
    /// Re-read each channel after its pushes and report every item that differs from the
    /// plan (default `true`).
    pub verify: bool,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self { verify: true }
    }
}

impl ApplyOptions {
    /// Sets [`verify`](ApplyOptions::verify).
    #[must_use]
    pub fn verify(mut self, yes: bool) -> Self {
        self.verify = yes;
        self
    }
}

/// What a progress callback is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// A batch is about to be pushed.
    Sending,
    /// A batch was pushed and its outcomes recorded.
    Confirmed,
    /// A batch confirmed by an earlier run was skipped.
    Skipped,
    /// A batch's push failed as a whole; the channel's later batches are not sent.
    Failed,
    /// The channel is read before its first push, to find the items of SKUs it cannot
    /// address yet ([`InventoryReader::can_address`]): a plan made by another process.
    Reading,
    /// The channel is being re-read.
    Verifying,
    /// The channel was re-read.
    Verified,
}

/// One step of one channel, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress<'a> {
    /// The channel.
    pub channel: &'a str,
    /// What happened.
    pub step: Step,
    /// The batch's number, from 1 (0 for verification steps).
    pub batch: u32,
    /// How many batches the channel has.
    pub batches: u32,
    /// How many of the channel's updates are done (confirmed, skipped or failed).
    pub done: usize,
    /// How many updates the channel has.
    pub total: usize,
}

/// A progress callback; `&|_| {}` for none. It is called from the task that applies, between
/// pushes, so it should be quick.
pub type OnProgress<'a> = &'a (dyn Fn(&Progress<'_>) + Send + Sync);

/// Applies `plan`: records it in `journal` as a new run, then pushes each channel's sendable
/// updates in batches (the channel's batch size from `channels`), all channels concurrently
/// and each channel's batches one after another, under the channel's own pacing.
///
/// Each batch is journaled `sending` before its push and `confirmed` with its outcomes after;
/// a push that fails as a whole marks its batch `failed` and stops that channel (its later
/// batches stay `pending`; [`resume`] sends them). Then each channel is re-read and compared
/// with the plan, unless [`ApplyOptions::verify`] is off.
///
/// # Errors
///
/// [`SyncError::MissingChannel`] (before anything is sent) when the plan has updates for a
/// channel not in the set, [`SyncError::Journal`] when the journal fails (resume once it
/// works). Items refused and channels that failed are in the report, not errors.
pub async fn apply(
    plan: &Plan,
    channels: &ChannelSet,
    journal: &Journal,
    options: ApplyOptions,
    progress: OnProgress<'_>,
) -> Result<RunReport, SyncError> {
    check_channels(plan, channels)?;
    let run = journal.record_plan(plan, |name| channels.batch_size(name).get())?;
    execute(run, plan, channels, journal, options, progress).await
}

/// Resumes `run` from the journal: batches already confirmed are not sent again, the rest are
/// (a batch an interrupted run left `sending` is sent again, which is safe as pushes set
/// absolute values, and the report's [`BatchCounts::resent`] says so); then the channels are
/// verified as [`apply`] does. Resuming a run that finished sends only what it left unsent.
///
/// # Errors
///
/// As [`apply`]; [`SyncError::Journal`] with [`JournalError::UnknownRun`] for a run the
/// journal does not have.
pub async fn resume(
    run: RunId,
    channels: &ChannelSet,
    journal: &Journal,
    options: ApplyOptions,
    progress: OnProgress<'_>,
) -> Result<RunReport, SyncError> {
    let plan = journal.plan(run)?;
    check_channels(&plan, channels)?;
    journal.reopen(run)?;
    execute(run, &plan, channels, journal, options, progress).await
}

fn check_channels(plan: &Plan, channels: &ChannelSet) -> Result<(), SyncError> {
    for channel in &plan.channels {
        if channel.sendable().next().is_some() && channels.get(&channel.channel).is_none() {
            return Err(SyncError::MissingChannel(channel.channel.clone()));
        }
    }
    Ok(())
}

async fn execute(
    run: RunId,
    plan: &Plan,
    channels: &ChannelSet,
    journal: &Journal,
    options: ApplyOptions,
    progress: OnProgress<'_>,
) -> Result<RunReport, SyncError> {
    let runs = join_all(plan.channels.iter().map(|channel_plan| {
        run_channel(
            run,
            channel_plan,
            channels.get(&channel_plan.channel),
            journal,
            options,
            progress,
        )
    }))
    .await;
    let mut reports = Vec::new();
    for (channel_plan, pushed) in plan.channels.iter().zip(runs) {
        reports.push(report(channel_plan, pushed?));
    }
    let report = RunReport::new(run, reports, plan.unmatched.clone());
    journal.finish(&report)?;
    Ok(report)
}

/// What pushing one channel's batches did.
#[derive(Default)]
struct Pushed {
    accepted: Vec<InventoryUpdate>,
    rejected: Vec<ItemOutcome>,
    failed: Vec<InventoryUpdate>,
    error: Option<String>,
    batches: BatchCounts,
    verification: Option<ChannelVerification>,
}

async fn run_channel(
    run: RunId,
    plan: &ChannelPlan,
    channel: Option<&Arc<dyn InventoryReader>>,
    journal: &Journal,
    options: ApplyOptions,
    progress: OnProgress<'_>,
) -> Result<Pushed, JournalError> {
    let batches = journal.batches(run, &plan.channel)?;
    let mut pushed = Pushed::default();
    let Some(channel) = channel else {
        return Ok(pushed);
    };
    let count = u32::try_from(batches.len()).unwrap_or(u32::MAX);
    let total = batches.iter().map(|batch| batch.updates.len()).sum();
    let mut done = 0;
    let tell = |step, batch, done| {
        progress(&Progress {
            channel: &plan.channel,
            step,
            batch,
            batches: count,
            done,
            total,
        });
    };
    if let Some(skus) = skus_to_learn(channel.as_ref(), &batches) {
        tell(Step::Reading, 0, done);
        if let Err(error) = channel.read(&skus).await {
            // The batches stay pending in the journal: a later resume tries them again.
            pushed.error = Some(format!(
                "reading to find the items to push: {}",
                describe(&error)
            ));
        }
    }
    for batch in batches {
        let size = batch.updates.len();
        if batch.state == BatchState::Confirmed {
            sort_confirmed(&batch, &mut pushed);
            pushed.batches.skipped += 1;
            done += size;
            tell(Step::Skipped, batch.number, done);
            continue;
        }
        if pushed.error.is_some() {
            pushed.failed.extend(batch.updates);
            continue;
        }
        if batch.state == BatchState::Sending {
            pushed.batches.resent.push(batch.number);
        }
        journal.mark_sending(run, &plan.channel, batch.number)?;
        tell(Step::Sending, batch.number, done);
        let answer = channel.push(&batch.updates).await;
        done += size;
        match answer {
            Ok(report) if report.len() == size => {
                journal.confirm(run, &plan.channel, batch.number, report.outcomes())?;
                pushed.batches.sent += 1;
                for (update, outcome) in batch.updates.into_iter().zip(report.into_outcomes()) {
                    if outcome.is_accepted() {
                        pushed.accepted.push(update);
                    } else {
                        pushed.rejected.push(outcome);
                    }
                }
                tell(Step::Confirmed, batch.number, done);
            }
            answer => {
                let error = match answer {
                    Ok(report) => format!(
                        "channel `{}` answered {} outcomes for a batch of {size} updates",
                        plan.channel,
                        report.len()
                    ),
                    Err(error) => describe(&error),
                };
                journal.fail(run, &plan.channel, batch.number, &error)?;
                pushed.batches.sent += 1;
                pushed.failed.extend(batch.updates);
                pushed.error = Some(error);
                tell(Step::Failed, batch.number, done);
            }
        }
    }
    if options.verify && !pushed.accepted.is_empty() {
        tell(Step::Verifying, 0, done);
        pushed.verification = Some(verify_updates(channel.as_ref(), &pushed.accepted).await);
        tell(Step::Verified, 0, done);
    }
    Ok(pushed)
}

/// The SKUs of the batches still to send, when the channel cannot address them yet: it finds
/// items through what a read taught it, and this process has not read it (a resumed run, a
/// saved plan). Reading them first makes the pushes reach the items the plan was made
/// against.
fn skus_to_learn(channel: &dyn InventoryReader, batches: &[JournalBatch]) -> Option<Vec<Sku>> {
    let mut seen = HashSet::new();
    let skus: Vec<Sku> = batches
        .iter()
        .filter(|batch| batch.state != BatchState::Confirmed)
        .flat_map(|batch| batch.updates.iter().map(|update| update.sku().clone()))
        .filter(|sku| seen.insert(sku.clone()))
        .collect();
    (!skus.is_empty() && !channel.can_address(&skus)).then_some(skus)
}

/// Sorts the recorded outcomes of a batch an earlier run confirmed.
fn sort_confirmed(batch: &JournalBatch, pushed: &mut Pushed) {
    for (update, outcome) in batch.updates.iter().zip(&batch.outcomes) {
        match outcome {
            Some(Outcome::Accepted) => pushed.accepted.push(update.clone()),
            Some(Outcome::Rejected { reason, code }) => pushed
                .rejected
                .push(ItemOutcome::rejected(update, reason.clone(), code.clone())),
            // A confirmed batch has every outcome; an unknown one is not claimed as applied.
            _ => pushed.failed.push(update.clone()),
        }
    }
}

fn report(plan: &ChannelPlan, pushed: Pushed) -> ChannelReport {
    let mut refused: Vec<ItemOutcome> = plan
        .refused()
        .filter_map(|change| {
            let refusal = change.refused.clone()?;
            Some(ItemOutcome::refused(&change.update, refusal))
        })
        .collect();
    refused.extend(pushed.rejected);
    let verified = pushed
        .verification
        .as_ref()
        .is_some_and(|verification| verification.error.is_none());
    let (unverified, mismatches, verify_error) = match pushed.verification {
        Some(verification) => (
            verification.unverified(),
            verification.mismatches,
            verification.error,
        ),
        None => (0, Vec::new(), None),
    };
    let summary = ChannelSummary {
        changed: pushed.accepted.len().saturating_sub(unverified),
        unchanged: plan.unchanged,
        refused: refused.len(),
        failed: pushed.failed.len() + plan.unreadable.len(),
        unverified,
    };
    let error = plan
        .read_error
        .clone()
        .or(pushed.error)
        .or(verify_error.map(|error| format!("re-reading to verify: {error}")));
    ChannelReport {
        channel: plan.channel.clone(),
        summary,
        error,
        refused,
        failed: pushed.failed,
        mismatches,
        batches: pushed.batches,
        verified,
    }
}
