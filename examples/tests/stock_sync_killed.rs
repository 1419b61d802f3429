//! `stock-sync apply` killed with SIGKILL in the middle of its pushes, then `stock-sync
//! resume`: the final state equals the plan, and the fakes' request logs show that no batch
//! the journal had confirmed was sent again.
//!
//! The fakes run in this test's process and the command line in a child process, pointed at
//! them through the environment, so killing the child loses nothing but the child.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout
)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use inventory_model::Decimal;
use inventory_sync::{BatchState, Journal};
use marketplace_sandbox::RequestLog;
use marketplace_sandbox::bulk_insert::{BulkInsertSandbox, DEFAULT_ACCOUNT, Location, StockRecord};
use marketplace_sandbox::discogs::{DiscogsListing, DiscogsRelease, DiscogsSandbox};

const SKUS: usize = 240;
const BATCH: usize = 20;
const SELLER: &str = "killed-seller";
const TOKEN: &str = "killed-seller-token";
const RELEASE: u64 = 1_000_001;
const LOCATION: i64 = 104;
/// The write that carries one batch, on each fake.
const DISCOGS_UPLOAD: &str = "/inventory/upload/change";
const BULK_INSERT: &str = "/inventory/bulk-insert";

fn sku(index: usize) -> String {
    format!("K-{index:04}")
}

fn item_id(index: usize) -> String {
    format!("{}", 3_000_000_000_u64 + index as u64)
}

/// The wanted price and stock of SKU `index`; the fakes start with other values for all.
fn wanted(index: usize) -> (i64, i64) {
    (
        1_500 + i64::try_from(index % 10).unwrap(),
        5 + i64::try_from(index % 3).unwrap(),
    )
}

async fn fakes() -> (DiscogsSandbox, BulkInsertSandbox) {
    let mut discogs = DiscogsSandbox::builder()
        .seller(SELLER, TOKEN)
        .release(DiscogsRelease::new(RELEASE, "Broadcast", "Tender Buttons"));
    let mut bulk = BulkInsertSandbox::builder().location(Location::new(LOCATION, "Main"));
    for index in 0..SKUS {
        let mut listing = DiscogsListing::new(SELLER, RELEASE, Decimal::new(999, 2));
        listing.external_id = Some(sku(index));
        discogs = discogs.listing(listing);
        let mut record = StockRecord::stock(item_id(index), LOCATION, 1);
        record.sku = Some(sku(index));
        bulk = bulk.record(record);
    }
    (discogs.start().await.unwrap(), bulk.start().await.unwrap())
}

fn write_inputs(dir: &Path) {
    let mut desired = String::from("sku,warehouse,quantity,price,currency,channels\n");
    let mut map = String::from("sku,item_id\n");
    for index in 0..SKUS {
        let (cents, quantity) = wanted(index);
        let price = Decimal::new(cents, 2);
        writeln!(desired, "{},,,{price},USD,discogs", sku(index)).unwrap();
        writeln!(desired, "{},,{quantity},,,bulk-insert", sku(index)).unwrap();
        writeln!(map, "{},{}", sku(index), item_id(index)).unwrap();
    }
    std::fs::write(dir.join("desired.csv"), desired).unwrap();
    std::fs::write(dir.join("map.csv"), map).unwrap();
}

fn stock_sync(dir: &Path, discogs: &DiscogsSandbox, bulk: &BulkInsertSandbox) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stock-sync"));
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("STOCK_SYNC_JOURNAL", dir.join("journal.sqlite"))
        .env("STOCK_SYNC_POLL_MS", "5")
        .env("STOCK_SYNC_REQUESTS_PER_MINUTE", "100000")
        .env("DISCOGS_TOKEN", TOKEN)
        .env("DISCOGS_BASE_URL", discogs.base_url())
        .env("BULKINSERT_BASE_URL", bulk.base_url())
        .env("BULKINSERT_ACCOUNT", DEFAULT_ACCOUNT)
        .env("BULKINSERT_STAGE", "sandbox")
        .env("BULKINSERT_LOCATION", LOCATION.to_string())
        .env("BULKINSERT_SKU_MAP", dir.join("map.csv"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn writes(log: &RequestLog, path: &str) -> usize {
    log.count("POST", path)
}

/// Batches the journal holds per state, over both channels.
fn confirmed_batches(journal: &Path) -> usize {
    let journal = Journal::open(journal).unwrap();
    let run = journal.runs().unwrap().first().unwrap().run;
    ["discogs", "bulk-insert"]
        .iter()
        .map(|channel| {
            journal
                .batches(run, channel)
                .unwrap()
                .iter()
                .filter(|batch| batch.state == BatchState::Confirmed)
                .count()
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_mid_apply_is_resumed_without_resending_confirmed_batches() {
    let (discogs, bulk) = fakes().await;
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    let batches_per_channel = SKUS / BATCH;

    // Slow answers, so that the kill lands between the first and the last batch.
    discogs.faults().delay_responses(Duration::from_millis(60));
    bulk.faults().delay_responses(Duration::from_millis(60));
    let mut child = stock_sync(dir.path(), &discogs, &bulk)
        .args(["apply", "desired.csv", "--yes", "--batch-size"])
        .arg(BATCH.to_string())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let sent =
            writes(discogs.request_log(), DISCOGS_UPLOAD) + writes(bulk.request_log(), BULK_INSERT);
        if sent >= 6 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the child sent {sent} batches in a minute"
        );
        assert!(child.try_wait().unwrap().is_none(), "the child ended early");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no flush, no goodbye
    let status = child.wait().unwrap();
    assert!(!status.success());
    // Let the fakes finish what was in flight when the child died.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let sent_before = (
        writes(discogs.request_log(), DISCOGS_UPLOAD),
        writes(bulk.request_log(), BULK_INSERT),
    );
    let confirmed = confirmed_batches(&dir.path().join("journal.sqlite"));
    assert!(
        sent_before.0 < batches_per_channel || sent_before.1 < batches_per_channel,
        "the kill came too late to test anything: {sent_before:?}"
    );
    assert!(confirmed >= 1, "nothing was confirmed before the kill");
    assert!(confirmed <= sent_before.0 + sent_before.1);

    discogs.faults().clear_delay();
    bulk.faults().clear_delay();
    let output = stock_sync(dir.path(), &discogs, &bulk)
        .args(["resume"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("resume:\n{stdout}{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");

    // Every batch the journal had not confirmed is sent once more; a confirmed one never.
    let sent_after = (
        writes(discogs.request_log(), DISCOGS_UPLOAD),
        writes(bulk.request_log(), BULK_INSERT),
    );
    let resent = sent_after.0 + sent_after.1 - sent_before.0 - sent_before.1;
    assert_eq!(
        resent,
        2 * batches_per_channel - confirmed,
        "before {sent_before:?}, after {sent_after:?}, {confirmed} confirmed"
    );

    // The final state is the plan's.
    let listings = discogs.listings(SELLER);
    for index in 0..SKUS {
        let (cents, quantity) = wanted(index);
        let listing = listings
            .iter()
            .find(|listing| listing.external_id.as_deref() == Some(sku(index).as_str()))
            .unwrap();
        assert_eq!(listing.price, Decimal::new(cents, 2), "{}", sku(index));
        assert_eq!(
            bulk.stock_quantity(&item_id(index), LOCATION),
            Some(quantity),
            "{}",
            sku(index)
        );
    }
    println!(
        "killed after {} of {} batches were confirmed; resume sent {resent}",
        confirmed,
        2 * batches_per_channel
    );
}
