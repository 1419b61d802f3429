//! Setting and reading one Newegg item's stock per warehouse country, in XML and in JSON.
//!
//! Both clients talk to the same item: the XML client (Newegg's default format) sets the US
//! and Australian warehouses, the JSON client sets Canada, and each reads the result back, one
//! naming the warehouses it wants, the other asking for every warehouse. The last line reads
//! the fake's own state, to show both formats changed the same stock.
//!
//! Runs offline against the Newegg sandbox: `cargo run -p examples --example newegg_warehouses`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;

use examples::offline::OfflineMarketplaces;
use inventory_model::Country;
use newegg_client::{InventoryQuery, ItemInventoryUpdate, WarehouseStock};

const PART: &str = "A006BSP3";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let markets = OfflineMarketplaces::start().await?;
    let (xml, json) = (&markets.newegg_xml, &markets.newegg_json);
    println!("seller {}: item {PART}", xml.seller_id());

    let before = json.inventory(InventoryQuery::seller_part(PART)).await?;
    println!(
        "before ({:?}): {}",
        json.format(),
        warehouses(&before.warehouses)
    );

    let update = ItemInventoryUpdate::seller_part(PART)
        .warehouse(Country::USA, 95)
        .warehouse(Country::AUS, 5);
    let set = xml.update_inventory(update).await?;
    println!(
        "set by {:?}: {} (item number {})",
        xml.format(),
        warehouses(&set.warehouses),
        set.item_number.as_deref().unwrap_or("?")
    );

    let set = json
        .update_inventory(ItemInventoryUpdate::seller_part(PART).warehouse(Country::CAN, 20))
        .await?;
    println!(
        "set by {:?}: {}",
        json.format(),
        warehouses(&set.warehouses)
    );

    // Named warehouses come back in the order asked, with 0 where nothing is stocked.
    let named = InventoryQuery::seller_part(PART)
        .warehouse(Country::AUS)
        .warehouse(Country::USA);
    let read = xml.inventory(named).await?;
    println!(
        "read by {:?}, two warehouses: {}",
        xml.format(),
        warehouses(&read.warehouses)
    );

    let read = json.inventory(InventoryQuery::seller_part(PART)).await?;
    println!(
        "read by {:?}, every warehouse: {}",
        json.format(),
        warehouses(&read.warehouses)
    );
    let units: u32 = read.warehouses.iter().map(|stock| stock.available).sum();
    println!(
        "{units} units in all; Canada alone: {:?}",
        read.available_in(Country::CAN)
    );

    let item = markets
        .newegg_sandbox
        .item(PART)
        .ok_or("the sandbox lost the item")?;
    println!("the sandbox holds {:?}", item.inventory);
    Ok(())
}

fn warehouses(stock: &[WarehouseStock]) -> String {
    let entries: Vec<String> = stock
        .iter()
        .map(|entry| format!("{} {}", entry.warehouse, entry.available))
        .collect();
    entries.join(", ")
}
