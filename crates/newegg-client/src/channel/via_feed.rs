//! The feed path of a push: the batch as inventory feeds of up to 10,000 records, submitted
//! within the feed budget, waited for in one poll loop, and read back record by record.

use std::time::Duration;

use client_core::ClientError;
use inventory_model::push::{Group, PushPlan};
use inventory_model::{ChannelError, InventoryUpdate, Outcome, Sku};

use super::{CHANNEL_NAME, DEFAULT_WAREHOUSE, NeweggChannel, WhenThrottled, rejection};
use crate::client::RATE_LIMIT_WINDOW;
use crate::error::{NeweggError, NeweggErrorKind};
use crate::feed::{FeedItem, FeedItemOutcome, FeedStatus, InventoryFeed, RequestId, split_keyed};
use crate::region::Region;

/// The most submissions of one feed a throttled push makes before it reports.
const MAX_SUBMISSIONS: u32 = 5;

/// One feed of the push: its records, each with the batch position of its update.
struct Chunk {
    members: Vec<usize>,
    feed: InventoryFeed,
}

/// What became of a submission.
enum Submitted {
    Taken(RequestId),
    /// Not sent (the budget is spent and the policy says report): the outcome for its records.
    Reported(Outcome),
}

/// Sends the planned groups as feeds and records each update's outcome.
pub(super) async fn push(
    channel: &NeweggChannel,
    plan: &mut PushPlan<'_, Sku>,
    groups: Vec<Group<Sku>>,
) -> Result<(), ChannelError> {
    let region = channel.client.region();
    let mut records: Vec<(usize, FeedItem)> = Vec::new();
    for group in &groups {
        for &member in &group.members {
            let Some(stock) = plan.update(member).and_then(InventoryUpdate::as_stock) else {
                continue;
            };
            let part = stock.sku.as_str();
            let quantity = stock.quantity.get();
            let item = match region {
                Region::Usa => FeedItem::in_warehouse(
                    part,
                    stock.warehouse.unwrap_or(DEFAULT_WAREHOUSE),
                    quantity,
                ),
                _ => FeedItem::on_platform(part, quantity),
            };
            records.push((member, item));
        }
    }
    let chunks: Vec<Chunk> = split_keyed(records, |(_, item)| item.seller_part_number().to_owned())
        .into_iter()
        .map(|records| {
            let (members, items): (Vec<usize>, Vec<FeedItem>) = records.into_iter().unzip();
            Chunk {
                members,
                feed: items.into_iter().collect(),
            }
        })
        .collect();
    let mut taken: Vec<(RequestId, Chunk)> = Vec::new();
    let mut reported: Option<Outcome> = None;
    for chunk in chunks {
        if let Some(outcome) = &reported {
            record(plan, &chunk.members, outcome);
            continue;
        }
        match submit(channel, &chunk.feed).await {
            Ok(Submitted::Taken(id)) => taken.push((id, chunk)),
            Ok(Submitted::Reported(outcome)) => {
                record(plan, &chunk.members, &outcome);
                reported = Some(outcome);
            }
            // Newegg refused the feed as a document (its records share the one refusal).
            Err(error) if error.concerns_item() => {
                record(plan, &chunk.members, &rejection(&error));
            }
            Err(error) => return Err(ChannelError::new(CHANNEL_NAME, error)),
        }
    }
    if taken.is_empty() {
        return Ok(());
    }
    let ids: Vec<RequestId> = taken.iter().map(|(id, _)| id.clone()).collect();
    let feeds = channel
        .client
        .wait_for_feeds(&ids, &channel.feed_wait)
        .await
        .map_err(|error| ChannelError::new(CHANNEL_NAME, error))?;
    for ((id, chunk), info) in taken.iter().zip(feeds) {
        if info.status == FeedStatus::Cancelled {
            let outcome = Outcome::Rejected {
                reason: format!("Newegg cancelled feed {id}: its records were not applied"),
                code: Some("feed_cancelled".into()),
            };
            record(plan, &chunk.members, &outcome);
            continue;
        }
        let report = channel
            .client
            .feed_result(id)
            .await
            .map_err(|error| ChannelError::new(CHANNEL_NAME, error))?;
        let outcomes = report.outcomes_of(chunk.feed.items(), region);
        for (member, outcome) in chunk.members.iter().zip(outcomes) {
            plan.record(*member, outcome_of(outcome));
        }
    }
    Ok(())
}

fn record(plan: &mut PushPlan<'_, Sku>, members: &[usize], outcome: &Outcome) {
    for member in members {
        plan.record(*member, outcome.clone());
    }
}

fn outcome_of(outcome: FeedItemOutcome) -> Outcome {
    match outcome {
        FeedItemOutcome::Accepted => Outcome::Accepted,
        FeedItemOutcome::Rejected { code, reason } => Outcome::Rejected { reason, code },
        FeedItemOutcome::Unconfirmed { reason } => Outcome::Rejected {
            reason,
            code: Some("unconfirmed".into()),
        },
    }
}

/// Submits `feed`, waiting out a spent budget as the channel's [`WhenThrottled`] allows.
async fn submit(channel: &NeweggChannel, feed: &InventoryFeed) -> Result<Submitted, NeweggError> {
    let clock = channel.client.feeds.submit.clock().clone();
    let mut waited = Duration::ZERO;
    let mut submissions = 0u32;
    loop {
        submissions += 1;
        let error = match channel.client.submit_inventory_feed(feed).await {
            Ok(info) => return Ok(Submitted::Taken(info.request_id)),
            Err(error) => error,
        };
        let Some(wait) = throttle_wait(&error) else {
            return Err(error);
        };
        match (channel.when_throttled, wait) {
            (WhenThrottled::Wait { at_most }, Some(wait))
                if waited + wait <= at_most && submissions < MAX_SUBMISSIONS =>
            {
                clock.sleep(wait).await;
                waited += wait;
            }
            _ => return Ok(Submitted::Reported(throttled(&error))),
        }
    }
}

/// For an error that says the feed budget is spent, how long until it has room (`None` inside
/// when nobody knows); `None` for any other error.
fn throttle_wait(error: &NeweggError) -> Option<Option<Duration>> {
    match error {
        NeweggError::RecordAllowanceSpent { wait, .. } => Some(*wait),
        _ if error.kind() == Some(NeweggErrorKind::RateLimited) => {
            // The minute's submissions are spent: Newegg's `Retry-After`, else the window.
            Some(Some(error.retry_after().unwrap_or(RATE_LIMIT_WINDOW)))
        }
        _ => None,
    }
}

/// The outcome of records not sent because the budget is spent.
fn throttled(error: &NeweggError) -> Outcome {
    match error {
        NeweggError::RecordAllowanceSpent { answer: None, .. } => Outcome::Rejected {
            reason: format!("not sent: {error}"),
            code: Some("record_allowance".into()),
        },
        _ => {
            let mut outcome = rejection(error);
            if let Outcome::Rejected { code, .. } = &mut outcome
                && code.is_none()
            {
                *code = Some("rate_limited".into());
            }
            outcome
        }
    }
}
