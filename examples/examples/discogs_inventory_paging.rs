//! Reading a Discogs inventory one page at a time, then as one stream of every listing.
//!
//! The first request asks for page 2 at 25 listings a page and prints the paging facts Discogs
//! sends back (this page, how many pages, how many listings). The stream then follows the pages
//! by itself, filtered to listings for sale and sorted by price, highest first.
//!
//! Runs offline against the Discogs sandbox:
//! `cargo run -p examples --example discogs_inventory_paging`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;

use discogs_client::prelude::*;
use discogs_client::{DiscogsClient, InventorySort, ListingStatus, SortOrder};
use examples::offline::USER_AGENT;
use futures::TryStreamExt;
use inventory_model::{Currency, Decimal, Money};
use marketplace_sandbox::discogs::{DEFAULT_SELLER, DISCOGS_TOKEN, DiscogsSandbox};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let sandbox = DiscogsSandbox::start_with_demo_data().await?;
    let discogs = DiscogsClient::builder()
        .base_url(sandbox.base_url())
        .user_agent(USER_AGENT)
        .token(DISCOGS_TOKEN)
        .build()?;

    // One page: the caller chooses which and how large (Discogs allows at most 100 a page).
    let page = discogs
        .inventory(DEFAULT_SELLER)
        .all_statuses()
        .page(2)
        .page_size(25)
        .send()
        .await?;
    println!(
        "page {} of {}: {} listings here, {} in the whole inventory",
        page.page.map_or("?".to_owned(), |n| n.to_string()),
        page.pages.map_or("?".to_owned(), |n| n.to_string()),
        page.items.len(),
        page.total.map_or("?".to_owned(), |n| n.to_string()),
    );
    if let Some(first) = page.items.first() {
        println!(
            "  first on the page: listing {} ({}) at {}",
            first.id, first.status, first.price
        );
    }

    // Every listing for sale, most expensive first; the stream fetches page after page.
    let mut for_sale = discogs
        .inventory(DEFAULT_SELLER)
        .status(ListingStatus::ForSale)
        .sort(InventorySort::Price, SortOrder::Descending)
        .page_size(100)
        .stream();
    let mut count = 0_usize;
    let mut value = Decimal::ZERO;
    while let Some(listing) = for_sale.try_next().await? {
        if count < 3 {
            let title = listing.release.description.as_deref().unwrap_or("untitled");
            println!("  #{} {title}: {}", count + 1, listing.price);
        }
        count += 1;
        value += listing.price.amount();
    }
    println!(
        "streamed {count} listings for sale, worth {} together",
        Money::new(value, Currency::Usd)
    );

    let requests = sandbox
        .request_log()
        .count("GET", &format!("/users/{DEFAULT_SELLER}/inventory"));
    println!("the sandbox answered {requests} inventory requests in all");
    Ok(())
}
