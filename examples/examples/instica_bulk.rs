//! Instica in bulk: every item as one stream, a percentage price change over more than 100
//! items, and an export job followed until its file is ready.
//!
//! Instica takes at most 100 items a request, so the client splits the price change into
//! batches and merges the answers into one report. A percentage is a relative change: sending
//! it twice would apply it twice, so the client never re-sends it. To show that, the sandbox
//! answers one batch with a 503: that batch is reported as failed and the request log shows it
//! was sent once.
//!
//! Runs offline against the Instica sandbox: `cargo run -p examples --example instica_bulk`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;
use std::time::Duration;

use examples::offline::OfflineMarketplaces;
use futures::TryStreamExt;
use instica_client::prelude::*;
use instica_client::{ItemOrderField, ItemStatus, PriceChange, WaitOptions};
use inventory_model::Decimal;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let markets = OfflineMarketplaces::start().await?;
    let instica = &markets.instica;

    let items: Vec<_> = instica
        .items()
        .list()
        .ordering(ItemOrderField::PriceTotalUsd.descending())
        .page_size(50)
        .stream()
        .try_collect()
        .await?;
    println!("{} items streamed, priciest first:", items.len());
    for item in items.iter().take(3) {
        let title = item
            .title
            .as_deref()
            .or(item.name.as_deref())
            .unwrap_or("untitled");
        let price = item
            .price_total_usd
            .map_or("no price".to_owned(), |p| p.to_string());
        println!("  {} {title}: {price}", item.uid);
    }

    // Sold items cannot be repriced and items without a price have nothing to raise.
    let uids: Vec<_> = items
        .iter()
        .filter(|item| item.status != Some(ItemStatus::Sold) && item.price_total_usd.is_some())
        .map(|item| item.uid.clone())
        .collect();
    let raise = PriceChange::Percentage(Decimal::new(5, 0));
    println!(
        "raising {} prices by 5 % (mode {:?}, absolute: {})",
        uids.len(),
        raise.mode(),
        raise.is_absolute()
    );
    markets.instica_sandbox.faults().fail_next(1, 503);
    let report = instica.bulk().price(&uids, &raise).await?;
    println!(
        "  {} requests: {} changed, {} refused item by item, {} batch(es) failed whole",
        report.batches,
        report.success_count,
        report.failure_count,
        report.failed_batches.len()
    );
    for failed in &report.failed_batches {
        println!("  {} items unchanged: {}", failed.items.len(), failed.error);
    }
    let sent = markets
        .instica_sandbox
        .request_log()
        .count("POST", "/api/v1/inventory/bulk/price/");
    println!("  the sandbox saw {sent} price requests: the failed batch was not sent again");

    let job = instica.exports().create_inventory_csv().await?;
    println!("export {} created: {}", job.uid, job.status);
    let polling = WaitOptions::default()
        .initial_interval(Duration::from_millis(20))
        .on_progress(|job| println!("  … export {} is {}", job.uid, job.status));
    let done = instica.exports().wait(&job.uid, polling).await?;
    println!(
        "export {} is {}: {}",
        done.job.uid, done.job.status, done.file_url
    );
    Ok(())
}
