//! Errors a program meets, matched on their typed variants instead of status codes or text.
//!
//! Shown here: a Discogs 422 and 404 (one `Api` variant, told apart by its `kind`), input
//! refused before anything is sent (`InvalidInput`, naming the field and the rule), a Newegg
//! error code, the same `ClientError` accessors on every client's error, and
//! the sandbox's fault switches: a 503 on a read is retried and the read succeeds, while a 503
//! on a POST that creates a listing is not retried, since the first one may have created it.
//!
//! Runs offline against the sandbox: `cargo run -p examples --example handling_errors`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;

use discogs_client::prelude::*;
use discogs_client::{
    DiscogsError, DiscogsErrorKind, ListingDetails, ListingStatus, MediaCondition,
};
use examples::offline::OfflineMarketplaces;
use inventory_model::{Country, Decimal};
use marketplace_sandbox::discogs::DEFAULT_SELLER;
use newegg_client::{ErrorCode, ItemInventoryUpdate, NeweggError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let markets = OfflineMarketplaces::start().await?;
    let (discogs, sandbox) = (&markets.discogs, &markets.discogs_sandbox);

    // A status Discogs does not know: the client sends it as given and Discogs refuses it.
    let bogus = ListingStatus::from("Bargain Bin");
    match discogs.inventory(DEFAULT_SELLER).status(bogus).send().await {
        Err(
            error @ DiscogsError::Api {
                kind: DiscogsErrorKind::Validation,
                ..
            },
        ) => println!(
            "422 Validation: {}",
            error.message().unwrap_or("no message")
        ),
        other => return Err(format!("expected a 422, got {other:?}").into()),
    }

    match discogs.listings().get(999_999_999).await {
        Err(DiscogsError::Api {
            kind: DiscogsErrorKind::NotFound,
            error,
        }) => {
            let message = error.message.as_deref().unwrap_or("no message");
            println!("{} NotFound: {message}", error.status.as_u16());
        }
        other => return Err(format!("expected a 404, got {other:?}").into()),
    }

    let logged = sandbox.request_log().len();
    match discogs
        .inventory(DEFAULT_SELLER)
        .page_size(500)
        .send()
        .await
    {
        Err(DiscogsError::InvalidInput(refusal)) => println!(
            "InvalidInput, field `{}`: {} ({} requests sent)",
            refusal.field,
            refusal.rule,
            sandbox.request_log().len() - logged
        ),
        other => return Err(format!("expected a refusal, got {other:?}").into()),
    }

    let unknown_part = ItemInventoryUpdate::seller_part("NO-SUCH-PART").warehouse(Country::USA, 4);
    match markets.newegg_json.update_inventory(unknown_part).await {
        Err(error @ NeweggError::Api { .. }) => {
            let code = error.code().ok_or("Newegg sent no code")?;
            let meaning = match code {
                ErrorCode::InvalidSellerPartNumber => "no item has this seller part number",
                ErrorCode::WarehouseNotSetUp => "the warehouse is not set up",
                _ => "another refusal",
            };
            println!("Newegg {}: {meaning} ({error})", code.as_str());
            // The accessors every client's error shares, here on Newegg's as on Discogs' above.
            println!(
                "  status {}, retryable: {}, Newegg's message: {}",
                error.status().map_or(0, |status| status.as_u16()),
                error.is_retryable(),
                error.message().unwrap_or("none")
            );
        }
        other => return Err(format!("expected a Newegg error, got {other:?}").into()),
    }

    // A read that meets a 503 once is sent again and succeeds.
    let listing = sandbox
        .listings(DEFAULT_SELLER)
        .first()
        .map(|l| l.id)
        .ok_or("no listings")?;
    let path = format!("/marketplace/listings/{listing}");
    sandbox.faults().fail_next(1, 503);
    let read = discogs.listings().get(listing).await?;
    println!(
        "GET after a 503: {} at {}, in {} requests",
        read.status,
        read.price,
        sandbox.request_log().count("GET", &path)
    );

    // Creating a listing is never sent twice: the 503 comes back to the caller.
    sandbox.faults().fail_next(1, 503);
    let before = sandbox.listings(DEFAULT_SELLER).len();
    let details = ListingDetails::new(read.release.id, MediaCondition::Mint, Decimal::new(3000, 2));
    match discogs.listings().create(&details).await {
        Err(error) if error.is_retryable() => println!(
            "POST after a 503: {} returned, in {} request; listings {before} → {}",
            error.status().map_or(0, |status| status.as_u16()),
            sandbox.request_log().count("POST", "/marketplace/listings"),
            sandbox.listings(DEFAULT_SELLER).len()
        ),
        other => return Err(format!("expected a 503, got {other:?}").into()),
    }
    Ok(())
}
