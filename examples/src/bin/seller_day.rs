//! A seller's day on four marketplaces, offline: the README's demo.
//!
//! It starts the sandbox fakes of Discogs, Newegg, the bulk-insert API and Instica, then does
//! what a record shop does on an ordinary day, through the same client calls a real program
//! makes, and ends with a short report of what each marketplace now holds.
//!
//! Run it with `cargo run -p examples --bin seller-day`.
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)] // a demo talks to its user on standard output

use std::error::Error;

use std::time::Duration;

use bulkinsert_client::{
    ChannelId, Date, InventoryRecord, LocationId, Quantity, Sku, TransitDetails,
};
use discogs_client::inventory_upload::{ChangeRow, WaitOptions};
use discogs_client::prelude::*;
use discogs_client::{
    Carrier, ListingDetails, ListingStatus, MediaCondition, OrderEdit, OrderStatus,
    SleeveCondition, Tracking,
};
use examples::offline::OfflineMarketplaces;
use futures::TryStreamExt;
use instica_client::PriceChange;
use inventory_model::{Country, Currency, Decimal, Money};
use inventory_model::{Grade, RoundingMode};
use marketplace_sandbox::discogs::DEFAULT_SELLER;
use newegg_client::{InventoryQuery, ItemInventoryUpdate};

type Outcome = Result<(), Box<dyn Error>>;

#[tokio::main]
async fn main() -> Outcome {
    println!("Starting the sandbox marketplaces (no network, no credentials)…");
    let markets = OfflineMarketplaces::start().await?;

    discogs_inventory(&markets).await?;
    discogs_repricing(&markets).await?;
    discogs_order(&markets).await?;
    newegg_stock(&markets).await?;
    bulk_insert_stock(&markets).await?;
    instica_repricing(&markets).await?;
    report(&markets);
    Ok(())
}

/// Reads the whole Discogs inventory as a stream, lists a new record and edits it.
async fn discogs_inventory(markets: &OfflineMarketplaces) -> Outcome {
    println!("\n== Discogs: inventory and listings");
    let discogs = &markets.discogs;
    let listings: Vec<_> = discogs
        .inventory(DEFAULT_SELLER)
        .status(ListingStatus::ForSale)
        .page_size(100)
        .stream()
        .try_collect()
        .await?;
    let value: Decimal = listings.iter().map(|listing| listing.price.amount()).sum();
    println!(
        "   {} listings for sale, {} in all",
        listings.len(),
        Money::new(value, Currency::Usd)
    );

    let release = listings
        .first()
        .map(|listing| listing.release.id)
        .ok_or("the seller has no listings")?;
    let new_listing = ListingDetails::new(
        release,
        MediaCondition::from(Grade::VeryGoodPlus),
        Decimal::new(2450, 2),
    )
    .sleeve_condition(SleeveCondition::from(Grade::VeryGood))
    .comments("Original 1983 pressing, light sleeve wear")
    .status(ListingStatus::Draft);
    let created = discogs.listings().create(&new_listing).await?;
    println!(
        "   listed release {release} as draft listing {}",
        created.listing_id
    );
    let for_sale = new_listing
        .status(ListingStatus::ForSale)
        .price(Decimal::new(2295, 2));
    discogs
        .listings()
        .edit(created.listing_id, &for_sale)
        .await?;
    let listing = discogs.listings().get(created.listing_id).await?;
    println!("   edited it: {} at {}", listing.status, listing.price);
    Ok(())
}

/// Raises the price of every listing for sale by 5 % as CSV uploads instead of one request
/// per listing, and waits for Discogs to apply them.
async fn discogs_repricing(markets: &OfflineMarketplaces) -> Outcome {
    println!("\n== Discogs: a price change by CSV upload");
    let discogs = &markets.discogs;
    let listings: Vec<_> = discogs
        .inventory(DEFAULT_SELLER)
        .status(ListingStatus::ForSale)
        .page_size(100)
        .stream()
        .try_collect()
        .await?;
    let rows: Vec<_> = listings
        .iter()
        .map(|listing| {
            let raised = listing.price.checked_mul(Decimal::new(105, 2))?;
            let raised = raised.round_to_minor_units(RoundingMode::HalfUp);
            Ok(ChangeRow::new(listing.id).price(raised.amount()))
        })
        .collect::<Result<_, inventory_model::ModelError>>()?;
    let upload = discogs
        .inventory_upload()
        .wait_options(WaitOptions::default().first_interval(Duration::from_millis(50)))
        .on_progress(|progress| {
            println!("   … job {} is {}", progress.job.id, progress.job.status)
        });
    let batch = upload.change(&rows).await?;
    let done = upload.wait_all(&batch).await?;
    if let Some(sample) = listings.first() {
        let now = discogs.listings().get(sample.id).await?;
        println!(
            "   listing {}: {} before, {} now",
            sample.id, sample.price, now.price
        );
    }
    for job in &done {
        let processed = job
            .results
            .as_ref()
            .and_then(|results| results.records_processed());
        println!(
            "   upload {}: {}, {} of {} rows processed",
            job.id,
            job.status,
            processed.unwrap_or(0),
            rows.len()
        );
    }
    Ok(())
}

/// Works the newest order from New Order to Shipped, with shipping and tracking.
async fn discogs_order(markets: &OfflineMarketplaces) -> Outcome {
    println!("\n== Discogs: an order from New Order to Shipped");
    let orders = markets.discogs.orders();
    let order = orders
        .list()
        .status(OrderStatus::NewOrder)
        .send()
        .await?
        .items
        .into_iter()
        .next()
        .ok_or("no new order in the sandbox")?;
    println!("   order {} ({})", order.id, order.status);
    // Setting the shipping sends the invoice, so Discogs moves the order to Invoice Sent.
    let invoiced = orders
        .edit(&order.id, &OrderEdit::new().shipping(Decimal::new(500, 2)))
        .await?;
    println!("   shipping set: {}", invoiced.status);
    let paid = orders
        .edit(
            &order.id,
            &OrderEdit::new().status(OrderStatus::PaymentReceived),
        )
        .await?;
    println!("   payment received: {}", paid.status);
    let tracked =
        OrderEdit::new().tracking(Tracking::new("1Z999AA10123456784").carrier(Carrier::Ups));
    orders.edit(&order.id, &tracked).await?;
    let shipped = orders
        .edit(&order.id, &OrderEdit::new().status(OrderStatus::Shipped))
        .await?;
    println!("   shipped with UPS tracking: {}", shipped.status);
    Ok(())
}

/// Sets stock per warehouse on Newegg, once in XML and once in JSON, and reads it back.
async fn newegg_stock(markets: &OfflineMarketplaces) -> Outcome {
    println!("\n== Newegg: stock per warehouse");
    let part = "A006BSP3";
    let before = markets
        .newegg_xml
        .inventory(InventoryQuery::seller_part(part))
        .await?;
    println!("   {part} before: {}", warehouses(&before.warehouses));

    let xml = markets
        .newegg_xml
        .update_inventory(ItemInventoryUpdate::seller_part(part).warehouse(Country::USA, 95))
        .await?;
    println!("   set by XML:  {}", warehouses(&xml.warehouses));
    let json = markets
        .newegg_json
        .update_inventory(ItemInventoryUpdate::seller_part(part).warehouse(Country::CAN, 20))
        .await?;
    println!("   set by JSON: {}", warehouses(&json.warehouses));

    let after = markets
        .newegg_json
        .inventory(InventoryQuery::seller_part(part))
        .await?;
    println!("   {part} after:  {}", warehouses(&after.warehouses));
    Ok(())
}

fn warehouses(stock: &[newegg_client::WarehouseStock]) -> String {
    stock
        .iter()
        .map(|entry| format!("{} {}", entry.warehouse, entry.available))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Puts stock on hand and stock in transit into the bulk-insert API in one request, then
/// reads the location back.
async fn bulk_insert_stock(markets: &OfflineMarketplaces) -> Outcome {
    println!("\n== Bulk insert: stock on hand and in transit");
    let warehouse = LocationId::new(104);
    let arriving = LocationId::new(301);
    let transit = TransitDetails::new(
        Date::from_calendar_date(2026, time::Month::November, 20)?,
        Date::from_calendar_date(2026, time::Month::December, 4)?,
        "PO-2026-1187",
    )?;
    let records = vec![
        InventoryRecord::stock(
            Sku::new("LP-BLUE-MONDAY")?,
            warehouse,
            ChannelId::US,
            Quantity::new(12),
        ),
        InventoryRecord::stock(
            Sku::new("LP-TEMPTATION")?,
            warehouse,
            ChannelId::US,
            Quantity::new(7),
        ),
        InventoryRecord::transit(
            Sku::new("LP-BLUE-MONDAY")?,
            arriving,
            ChannelId::US,
            Quantity::new(40),
            transit,
        ),
    ];
    let job = markets.bulk.bulk_insert(&records).await?;
    println!(
        "   import job {}: status {:?}, {} rows",
        job.id,
        job.status,
        records.len()
    );
    let at_warehouse: Vec<_> = markets
        .bulk
        .location_inventory(warehouse)
        .stream()
        .try_collect()
        .await?;
    println!(
        "   location {} now holds {} records",
        warehouse.get(),
        at_warehouse.len()
    );
    Ok(())
}

/// Raises the price of every Instica item that is ready to sell, in one bulk call that the
/// client splits into batches of at most 100.
async fn instica_repricing(markets: &OfflineMarketplaces) -> Outcome {
    println!("\n== Instica: bulk price change");
    let items: Vec<_> = markets
        .instica
        .items()
        .list()
        .page_size(100)
        .stream()
        .try_collect()
        .await?;
    let uids: Vec<_> = items.iter().map(|item| item.uid.clone()).collect();
    let raise = Money::new(Decimal::new(200, 2), Currency::Usd);
    let report = markets
        .instica
        .bulk()
        .price(&uids, &PriceChange::Increase(raise))
        .await?;
    println!(
        "   {} items, raised by {raise}: {} changed, {} failed, in {} requests",
        uids.len(),
        report.success_count,
        report.failure_count,
        report.batches
    );
    Ok(())
}

/// What each marketplace holds at the end of the day, read from the fakes themselves.
fn report(markets: &OfflineMarketplaces) {
    println!("\n== End of day");
    let discogs = markets.discogs_sandbox.listings(DEFAULT_SELLER);
    println!(
        "   Discogs:     {} listings, {} orders",
        discogs.len(),
        markets.discogs_sandbox.orders().len()
    );
    let newegg = markets.newegg_sandbox.items();
    let units: u32 = newegg.iter().flat_map(|item| item.inventory.values()).sum();
    println!(
        "   Newegg:      {} items, {units} units across warehouses",
        newegg.len()
    );
    let records = markets.bulk_sandbox.records();
    let units: i64 = records.iter().map(|record| record.quantity).sum();
    println!(
        "   Bulk insert: {} records, {units} units (on hand and in transit)",
        records.len()
    );
    let items = markets.instica_sandbox.items();
    let total: Decimal = items.iter().filter_map(|item| item.price_total_usd).sum();
    println!(
        "   Instica:     {} items, listed at {} in total",
        items.len(),
        Money::new(total, Currency::Usd)
    );
}
