//! End to end against the sandbox's Newegg fake (written from the feed specification, not from
//! this client): 10,000 stock changes with a few bad items pushed through `channel()` go as one
//! inventory feed, and only the bad items come back rejected, with Newegg's reason.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use client_core::clock::ManualClock;
use inventory_model::{
    Country, InventoryUpdate, PushReport, Quantity, Sku, StockChannel, StockUpdate,
};
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggItem, NeweggSandbox,
};
use newegg_client::{ConfigureEngine, FeedWaitOptions, NeweggChannel, NeweggClient};

const CHANGES: usize = 10_000;
const STATUS_PATH: &str = "/marketplace/datafeedmgmt/feeds/status";

/// The part numbers the fake does not know, the one sent to a warehouse the seller has not
/// set up, and the one Newegg ships: the bad items of the batch.
const UNKNOWN: [&str; 2] = ["GHOST-0001", "GHOST-0002"];
const NO_WAREHOUSE: &str = "SKU-09996";
const SHIPPED_BY_NEWEGG: &str = "SKU-SBN";

fn part(n: usize) -> String {
    format!("SKU-{n:05}")
}

/// A fake holding the seller's 9,997 items (stock 1 in the USA) and one item Newegg ships.
async fn sandbox() -> NeweggSandbox {
    let mut builder = NeweggSandbox::builder();
    for n in 0..9_997 {
        builder =
            builder.item(NeweggItem::new(format!("9SIA{n:010}"), part(n)).with_stock("USA", 1));
    }
    builder = builder.item(
        NeweggItem::new("9SIA0000SBN001", SHIPPED_BY_NEWEGG)
            .with_newegg_stock("USA", &[("07", 3)])
            .shipped_by_newegg(),
    );
    builder.start().await.unwrap()
}

/// 10,000 changes: 9,996 good ones (`SKU-00000` … `SKU-09995`, quantity n % 500, in the USA
/// or naming no warehouse), then the bad ones.
fn changes() -> Vec<InventoryUpdate> {
    let stock = |sku: &str, quantity: u32, warehouse: Option<Country>| -> InventoryUpdate {
        let update = StockUpdate::new(Sku::new(sku).unwrap(), Quantity::new(quantity));
        match warehouse {
            Some(country) => update.in_warehouse(country).into(),
            None => update.into(),
        }
    };
    let mut batch: Vec<InventoryUpdate> = (0..9_996)
        .map(|n| {
            let warehouse = (n % 2 == 0).then_some(Country::USA);
            stock(&part(n), u32::try_from(n % 500).unwrap(), warehouse)
        })
        .collect();
    for unknown in UNKNOWN {
        batch.push(stock(unknown, 5, Some(Country::USA)));
    }
    batch.push(stock(NO_WAREHOUSE, 5, Some(Country::MEX)));
    batch.push(stock(SHIPPED_BY_NEWEGG, 5, None));
    assert_eq!(batch.len(), CHANGES);
    batch
}

fn client(newegg: &NeweggSandbox, clock: &ManualClock) -> NeweggClient {
    let builder = NeweggClient::builder()
        .base_url(newegg.base_url())
        .seller_id(DEFAULT_SELLER_ID)
        .credentials(DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY);
    test_support::deterministic(builder, clock).build().unwrap()
}

/// Requests the fake received, status polls apart: (others, status polls).
fn requests(newegg: &NeweggSandbox) -> (usize, usize) {
    let log = newegg.request_log().entries();
    let polls = log.iter().filter(|entry| entry.path == STATUS_PATH).count();
    (log.len() - polls, polls)
}

fn bad(report: &PushReport) -> Vec<(&str, Option<&str>, Option<&str>)> {
    report
        .rejected()
        .map(|rejected| {
            (
                rejected.sku.as_str(),
                rejected.outcome.code(),
                rejected.outcome.reason(),
            )
        })
        .collect()
}

#[tokio::test]
async fn ten_thousand_changes_go_as_one_feed_and_only_the_bad_items_are_rejected() {
    let newegg = sandbox().await;
    let clock = ManualClock::new();
    let polls = Arc::new(AtomicU32::new(0));
    let seen = Arc::clone(&polls);
    let channel =
        client(&newegg, &clock)
            .channel()
            .feed_wait(FeedWaitOptions::default().on_progress(move |progress| {
                seen.store(progress.polls, Ordering::SeqCst);
            }));
    let batch = changes();
    let report = channel.push(&batch).await.unwrap();
    assert_eq!(report.len(), CHANGES);

    // Newegg's own words for the bad items, as the fake's processing report gave them.
    let feeds = newegg.feeds();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].records, CHANGES);
    let mut expected: Vec<(&str, Option<&str>, Option<&str>)> = feeds[0]
        .failures
        .iter()
        .map(|failure| {
            let (code, reason) = failure.description.split_once(':').unwrap();
            (
                failure.seller_part_number.as_str(),
                Some(code),
                Some(reason),
            )
        })
        .collect();
    let mut rejected = bad(&report);
    expected.sort();
    rejected.sort();
    assert_eq!(rejected, expected);
    let codes: Vec<(&str, Option<&str>)> = rejected
        .iter()
        .map(|(sku, code, _)| (*sku, *code))
        .collect();
    assert_eq!(
        codes,
        [
            ("GHOST-0001", Some("CEI0001")),
            ("GHOST-0002", Some("CEI0001")),
            (NO_WAREHOUSE, Some("CT073")),
            (SHIPPED_BY_NEWEGG, Some("CT022")),
        ]
    );
    assert_eq!(
        rejected[0].2,
        Some("Can't find this item in the system, please create it first")
    );
    assert_eq!(report.accepted_count(), CHANGES - 4);
    assert_eq!(newegg.item_quantity(&part(42), "USA"), Some(42));
    assert_eq!(newegg.item_quantity(&part(9_995), "USA"), Some(495));
    assert_eq!(newegg.item_quantity(NO_WAREHOUSE, "USA"), Some(1));

    // One submission and one report besides the status polls.
    let (others, status_polls) = requests(&newegg);
    eprintln!(
        "feed path, {CHANGES} changes: {others} requests besides {status_polls} status polls"
    );
    assert!(others <= 5, "{others} requests besides status polls");
    assert_eq!(others, 2);
    assert_eq!(status_polls, 2);
    assert_eq!(polls.load(Ordering::SeqCst), 2);
    assert_eq!(newegg.records_used(DEFAULT_SELLER_ID), CHANGES);
}

#[tokio::test]
async fn the_report_per_item_is_the_same_on_both_paths() {
    let batch: Vec<InventoryUpdate> = [
        StockUpdate::new(Sku::new(part(1)).unwrap(), Quantity::new(9)).into(),
        StockUpdate::new(Sku::new(UNKNOWN[0]).unwrap(), Quantity::new(9)).into(),
        StockUpdate::new(Sku::new(NO_WAREHOUSE).unwrap(), Quantity::new(9))
            .in_warehouse(Country::MEX)
            .into(),
        StockUpdate::new(Sku::new(SHIPPED_BY_NEWEGG).unwrap(), Quantity::new(9)).into(),
        StockUpdate::new(Sku::new(part(2)).unwrap(), Quantity::new(1_000_000)).into(),
    ]
    .into();
    let newegg = sandbox().await;
    let newegg_client = client(&newegg, &ManualClock::new());
    let direct: NeweggChannel = newegg_client.channel();
    let by_feed = newegg_client.channel().feed_threshold(0);
    let one = direct.push(&batch).await.unwrap();
    assert_eq!(
        requests(&newegg),
        (4, 0),
        "one request per SKU the client does not refuse"
    );
    let other = by_feed.push(&batch).await.unwrap();
    assert_eq!(newegg.feeds().len(), 1);
    for (a, b) in one.outcomes().iter().zip(other.outcomes()) {
        assert_eq!(a.sku, b.sku);
        assert_eq!(
            a.outcome.is_accepted(),
            b.outcome.is_accepted(),
            "{a:?} / {b:?}"
        );
    }
    // Where Newegg uses one code on both paths, the code is the same.
    for at in [2, 3] {
        assert_eq!(
            one.outcomes()[at].outcome.code(),
            other.outcomes()[at].outcome.code()
        );
    }
    assert_eq!(other.outcomes()[3].outcome.code(), Some("CT022"));
    assert_eq!(
        one.outcomes()[3].outcome.reason(),
        other.outcomes()[3].outcome.reason()
    );
    // The client's own refusal is the same words on both paths.
    assert_eq!(one.outcomes()[4].outcome, other.outcomes()[4].outcome);
}

/// The direct path's cost for the same batch, for the record: one request per SKU. Slow (ten
/// thousand requests), so run on demand: `cargo test -p newegg-client --test sandbox_feed --
/// --ignored`.
#[tokio::test]
#[ignore = "sends 10,000 requests; run with --ignored to measure the direct path"]
async fn ten_thousand_changes_cost_ten_thousand_direct_requests() {
    let newegg = sandbox().await;
    let channel = client(&newegg, &ManualClock::new())
        .channel()
        .feed_threshold(usize::MAX);
    let report = channel.push(&changes()).await.unwrap();
    assert_eq!(report.rejected_count(), 4);
    let (others, status_polls) = requests(&newegg);
    eprintln!("direct path, {CHANGES} changes: {others} requests, {status_polls} status polls");
    assert_eq!((others, status_polls), (CHANGES, 0));
}
