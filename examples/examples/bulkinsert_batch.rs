//! A bulk insert of a few thousand stock records, split into chunks sent a few at a time, with
//! the batch report saying what became of each chunk; then one record of stock in transit.
//!
//! One record names a location that does not exist, so its chunk is refused as a whole (the
//! service saves nothing of a refused request) and the report places the bad row in our list.
//! The example sends that chunk again without it.
//!
//! Runs offline against the bulk-insert sandbox: `cargo run -p examples --example bulkinsert_batch`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;

use bulkinsert_client::{
    ChannelId, Date, InventoryRecord, LocationId, Quantity, RecordType, Sku, TransitDetails,
};
use examples::offline::OfflineMarketplaces;
use futures::TryStreamExt;

const RECORDS: usize = 3_000;
const BAD_RECORD: usize = 1_234;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let markets = OfflineMarketplaces::start().await?;
    let bulk = &markets.bulk;

    // Odd records go to the shop floor (105), even ones to the main warehouse (104).
    let records = (0..RECORDS)
        .map(|n| {
            let location = match n {
                BAD_RECORD => 999,
                _ => 104 + u64::from(n % 2 == 1),
            };
            let sku = Sku::new(format!("LP-{n:05}"))?;
            let quantity = Quantity::new(u32::try_from(n % 25)?);
            Ok(InventoryRecord::stock(
                sku,
                LocationId::new(location),
                ChannelId::US,
                quantity,
            ))
        })
        .collect::<Result<Vec<_>, Box<dyn Error>>>()?;

    let report = bulk
        .bulk_insert_batch(&records)
        .chunk_size(500)
        .max_concurrent_requests(3)
        .send()
        .await?;
    println!(
        "{} records in {} chunks",
        report.record_count(),
        report.chunks().len()
    );
    for chunk in report.chunks() {
        let outcome = match &chunk.outcome {
            Ok(job) => format!("job {} {}", job.id, job.status),
            Err(error) => format!("refused: {error}"),
        };
        println!("  chunk {} ({:?}): {outcome}", chunk.index, chunk.records);
    }
    println!("complete: {}", report.is_complete());

    for failed in report.failed_rows() {
        let position = failed
            .record
            .ok_or("the service named a row outside the chunk")?;
        println!("  record {position} failed: {}", failed.error);
        let chunk = report.chunks().get(failed.chunk).ok_or("no such chunk")?;
        let retry: Vec<_> = (chunk.records.clone())
            .filter(|&index| index != position)
            .filter_map(|index| records.get(index).cloned())
            .collect();
        let job = bulk.bulk_insert(&retry).await?;
        println!(
            "  sent chunk {} again without it: {} rows, job {}",
            failed.chunk,
            retry.len(),
            job.status
        );
    }
    let held = markets.bulk_sandbox.records().len();
    println!("the sandbox now holds {held} records");

    let transit = TransitDetails::new(
        Date::from_calendar_date(2026, time::Month::March, 2)?,
        Date::from_calendar_date(2026, time::Month::March, 16)?,
        "PO-2026-0311",
    )?;
    let arriving = LocationId::new(301);
    let record = InventoryRecord::transit(
        Sku::new("LP-00042")?,
        arriving,
        ChannelId::US,
        Quantity::new(60),
        transit,
    );
    let job = bulk.bulk_insert(&[record]).await?;
    println!("transit record: job {} {}", job.id, job.status);
    let inbound: Vec<_> = bulk
        .location_inventory(arriving)
        .stream()
        .try_collect()
        .await?;
    for row in inbound
        .iter()
        .filter(|row| row.record_type == Some(RecordType::Transit))
    {
        println!(
            "  in transit to {}: {} × {} (ref {}, due {})",
            arriving.get(),
            row.total_quantity.unwrap_or(0),
            row.sku
                .clone()
                .or_else(|| row.item_id.as_ref().map(ToString::to_string))
                .unwrap_or_else(|| "?".to_owned()),
            row.transit_ref.as_deref().unwrap_or("-"),
            row.transit_stock_date.as_deref().unwrap_or("-"),
        );
    }
    Ok(())
}
