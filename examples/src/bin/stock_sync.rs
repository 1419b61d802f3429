//! stock-sync: pushes a file of stock levels and prices to every configured marketplace.
//!
//! ```text
//! cargo run -p examples --bin stock-sync                      # offline, against the sandbox
//! cargo run -p examples --bin stock-sync -- my-stock.csv      # another file
//! cargo run -p examples --bin stock-sync -- --apply my.csv    # live: really send
//! ```
//!
//! Every marketplace is reached through the model's `StockChannel` trait, so this program does
//! not know which one it is talking to. Without credentials in the environment it starts the
//! sandbox fakes and applies the file there. With credentials it talks to the real services,
//! and then it only shows what it would send unless `--apply` is given.
//!
//! | marketplace | environment | SKU means |
//! |---|---|---|
//! | Discogs | `DISCOGS_TOKEN` (and `DISCOGS_USER_AGENT`) | the listing ID |
//! | Newegg | `NEWEGG_SELLER_ID`, `NEWEGG_API_KEY`, `NEWEGG_SECRET_KEY` | the seller part number |
//! | bulk insert | `BULKINSERT_BASE_URL`, `BULKINSERT_ACCOUNT`, `BULKINSERT_LOCATION`, optional `BULKINSERT_API_KEY` | the SKU |
//! | Instica | `INSTICA_TOKEN` | the item UID |
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)] // a command-line tool reports on standard output

use std::env;
use std::error::Error;
use std::fs::File;
use std::path::PathBuf;
use std::time::Duration;

use bulkinsert_client::{BulkInsertClient, ChannelId, LocationId, SiteContext, Stage};
use discogs_client::DiscogsClient;
use discogs_client::inventory_upload::WaitOptions;
use discogs_client::prelude::*;
use examples::offline::{OfflineMarketplaces, USER_AGENT};
use examples::stock_file::PlannedUpdate;
use examples::stock_file::read_updates;
use indicatif::{ProgressBar, ProgressStyle};
use instica_client::InsticaClient;
use inventory_model::{InventoryUpdate, PushReport};
use newegg_client::NeweggClient;

/// How many updates go to a channel per push, so the progress bar moves on long files.
const UPDATES_PER_PUSH: usize = 25;

/// The sample file shipped with the examples.
const SAMPLE_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/stock.csv");

struct Arguments {
    apply: bool,
    file: PathBuf,
}

fn arguments() -> Result<Arguments, String> {
    let mut apply = false;
    let mut file = None;
    for argument in env::args().skip(1) {
        match argument.as_str() {
            "--apply" => apply = true,
            "--help" | "-h" => return Err("usage: stock-sync [--apply] [STOCK.csv]".into()),
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            other => file = Some(PathBuf::from(other)),
        }
    }
    Ok(Arguments {
        apply,
        file: file.unwrap_or_else(|| PathBuf::from(SAMPLE_FILE)),
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let arguments = arguments()?;
    let updates = read_updates(File::open(&arguments.file)?)?;
    println!(
        "{} updates read from {}",
        updates.len(),
        arguments.file.display()
    );

    let live = live_channels()?;
    if live.is_empty() {
        println!("No credentials in the environment: using the sandbox marketplaces.");
        let markets = OfflineMarketplaces::start().await?;
        let channels: Vec<Box<dyn StockChannel>> =
            vec![
                // The sandbox finishes an upload in a few polls; no need for Discogs' 2 s gaps.
                Box::new(markets.discogs.channel().wait_options(
                    WaitOptions::default().first_interval(Duration::from_millis(20)),
                )),
                Box::new(markets.newegg_xml.channel()),
                Box::new(markets.bulk.channel(LocationId::new(104))),
                Box::new(markets.instica.channel()),
            ];
        sync(&channels, &updates).await;
        return Ok(());
    }
    if !arguments.apply {
        println!("Dry run: nothing is sent. Run again with --apply to send these updates.");
        for channel in &live {
            let name = channel.channel_name();
            println!("\n{name}: would push");
            for planned in updates.iter().filter(|planned| planned.is_for(name)) {
                println!("   {}", describe(&planned.update));
            }
        }
        return Ok(());
    }
    sync(&live, &updates).await;
    Ok(())
}

/// Pushes every update to every channel and prints a report per channel.
async fn sync(channels: &[Box<dyn StockChannel>], planned: &[PlannedUpdate]) {
    for channel in channels {
        let name = channel.channel_name();
        let updates: Vec<InventoryUpdate> = planned
            .iter()
            .filter(|planned| planned.is_for(name))
            .map(|planned| planned.update.clone())
            .collect();
        let bar = ProgressBar::new(updates.len() as u64).with_message(name.to_owned());
        if let Ok(style) = ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len}") {
            bar.set_style(style);
        }
        let mut outcomes = Vec::with_capacity(updates.len());
        let mut failure = None;
        for chunk in updates.chunks(UPDATES_PER_PUSH) {
            match channel.push(chunk).await {
                Ok(part) => outcomes.extend(part.into_outcomes()),
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
            bar.inc(chunk.len() as u64);
        }
        bar.finish_and_clear();
        print_report(name, &PushReport::new(outcomes), failure.as_ref());
    }
}

fn print_report(name: &str, report: &PushReport, failure: Option<&inventory_model::ChannelError>) {
    println!(
        "\n{name}: {} accepted, {} rejected",
        report.accepted_count(),
        report.rejected_count()
    );
    for outcome in report.rejected() {
        let code = outcome
            .outcome
            .code()
            .map(|code| format!(" [{code}]"))
            .unwrap_or_default();
        println!(
            "   rejected {} {}: {}{code}",
            outcome.kind,
            outcome.sku,
            outcome.outcome.reason().unwrap_or("no reason given")
        );
    }
    if let Some(error) = failure {
        let cause = error
            .source()
            .map(|cause| format!(": {cause}"))
            .unwrap_or_default();
        println!("   stopped: {error}{cause}");
    }
}

fn describe(update: &InventoryUpdate) -> String {
    match update {
        InventoryUpdate::Stock(stock) => match &stock.warehouse {
            Some(warehouse) => format!("stock {} in {warehouse}: {}", stock.sku, stock.quantity),
            None => format!("stock {}: {}", stock.sku, stock.quantity),
        },
        InventoryUpdate::Price(price) => format!("price {}: {}", price.sku, price.price),
        other => format!("{other:?}"),
    }
}

/// The channels whose credentials are in the environment.
fn live_channels() -> Result<Vec<Box<dyn StockChannel>>, Box<dyn Error>> {
    let var = |name: &str| env::var(name).ok().filter(|value| !value.trim().is_empty());
    let mut channels: Vec<Box<dyn StockChannel>> = Vec::new();
    if let Some(token) = var("DISCOGS_TOKEN") {
        let discogs = DiscogsClient::builder()
            .user_agent(var("DISCOGS_USER_AGENT").unwrap_or_else(|| USER_AGENT.to_owned()))
            .token(token)
            .build()?;
        channels.push(Box::new(discogs.channel()));
    }
    if let (Some(seller), Some(key), Some(secret)) = (
        var("NEWEGG_SELLER_ID"),
        var("NEWEGG_API_KEY"),
        var("NEWEGG_SECRET_KEY"),
    ) {
        let newegg = NeweggClient::builder()
            .seller_id(seller)
            .credentials(key, secret)
            .build()?;
        channels.push(Box::new(newegg.channel()));
    }
    if let (Some(base_url), Some(account), Some(location)) = (
        var("BULKINSERT_BASE_URL"),
        var("BULKINSERT_ACCOUNT"),
        var("BULKINSERT_LOCATION"),
    ) {
        let site = SiteContext::new(account, Stage::Production, ChannelId::US)?;
        let mut builder = BulkInsertClient::builder(base_url, site);
        if let Some(key) = var("BULKINSERT_API_KEY") {
            builder = builder.api_key(key);
        }
        let location = LocationId::new(location.parse()?);
        channels.push(Box::new(builder.build()?.channel(location)));
    }
    if let Some(token) = var("INSTICA_TOKEN") {
        let instica = InsticaClient::builder().token(token).build()?;
        channels.push(Box::new(instica.channel()));
    }
    Ok(channels)
}
