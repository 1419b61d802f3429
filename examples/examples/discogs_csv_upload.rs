//! Changing many Discogs listings with CSV uploads instead of one request per listing.
//!
//! A `change` upload raises the price of every listing for sale by one dollar (split into
//! files of at most 100 rows, each followed to the end with a progress callback), an `add`
//! upload lists two new records, and a `delete` upload removes them again. Polling starts
//! after 10 ms instead of Discogs' patient default, so the whole run takes well under a second.
//!
//! Runs offline against the Discogs sandbox: `cargo run -p examples --example discogs_csv_upload`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;
use std::time::Duration;

use discogs_client::inventory_upload::{AddRow, ChangeRow, DeleteRow, Upload, WaitOptions};
use discogs_client::prelude::*;
use discogs_client::{ListingStatus, MediaCondition, SleeveCondition};
use examples::offline::OfflineMarketplaces;
use futures::TryStreamExt;
use inventory_model::Decimal;
use marketplace_sandbox::discogs::DEFAULT_SELLER;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let markets = OfflineMarketplaces::start().await?;
    let discogs = &markets.discogs;
    let uploads = discogs
        .inventory_upload()
        .max_rows_per_upload(100)
        .wait_options(
            WaitOptions::default()
                .first_interval(Duration::from_millis(10))
                .max_interval(Duration::from_millis(40)),
        )
        .on_progress(|progress| {
            let job = progress.job;
            println!(
                "  … upload {} is {} (poll {})",
                job.id, job.status, progress.polls
            );
        });

    let for_sale: Vec<_> = discogs
        .inventory(DEFAULT_SELLER)
        .status(ListingStatus::ForSale)
        .page_size(100)
        .stream()
        .try_collect()
        .await?;
    let rows: Vec<_> = for_sale
        .iter()
        .map(|listing| ChangeRow::new(listing.id).price(listing.price.amount() + Decimal::ONE))
        .collect();
    println!("change: {} rows", rows.len());
    let batch = uploads.change(&rows).await?;
    println!("  sent as {} files", batch.len());
    report(&uploads.wait_all(&batch).await?);
    if let Some(sample) = for_sale.first() {
        let now = discogs.listings().get(sample.id).await?;
        println!("  listing {}: {} → {}", sample.id, sample.price, now.price);
    }

    let release = for_sale
        .first()
        .map(|l| l.release.id)
        .ok_or("no listings")?;
    let new_rows = [
        AddRow::new(release, Decimal::new(1899, 2), MediaCondition::NearMint)
            .sleeve_condition(SleeveCondition::VeryGoodPlus)
            .external_id("RESTOCK-1"),
        AddRow::new(release, Decimal::new(1499, 2), MediaCondition::VeryGood)
            .comments("Light surface marks, plays fine")
            .external_id("RESTOCK-2"),
    ];
    println!("add: {} rows", new_rows.len());
    report(&uploads.wait_all(&uploads.add(&new_rows).await?).await?);

    // The upload API does not say which listings it created; our external ids find them.
    let created: Vec<u64> = discogs
        .inventory(DEFAULT_SELLER)
        .page_size(100)
        .stream()
        .try_filter(|listing| {
            let ours = listing
                .external_id
                .as_deref()
                .is_some_and(|id| id.starts_with("RESTOCK-"));
            std::future::ready(ours)
        })
        .map_ok(|listing| listing.id)
        .try_collect()
        .await?;
    println!("  created listings {created:?}");

    let delete_rows: Vec<_> = created.iter().copied().map(DeleteRow::new).collect();
    println!("delete: {} rows", delete_rows.len());
    report(
        &uploads
            .wait_all(&uploads.delete(&delete_rows).await?)
            .await?,
    );
    let left = created
        .iter()
        .filter(|id| markets.discogs_sandbox.listing(**id).is_some());
    println!("  {} of them still on the marketplace", left.count());
    Ok(())
}

/// One line per finished upload, with the counts read from Discogs' result text.
fn report(finished: &[Upload]) {
    for upload in finished {
        let results = upload.results.as_ref();
        println!(
            "  upload {} {}: {} of {} records processed",
            upload.id,
            upload.status,
            results.and_then(|r| r.records_processed()).unwrap_or(0),
            results.and_then(|r| r.records_in_file()).unwrap_or(0),
        );
    }
}
