use discogs_client::prelude::*;
use discogs_client::{DiscogsClient, ListingStatus};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let discogs = DiscogsClient::builder()
        .user_agent("MyShop/1.0 +https://myshop.example")
        .token(std::env::var("DISCOGS_TOKEN")?)
        .build()?;
    let mut listings = discogs.inventory("rappcats").status(ListingStatus::ForSale).stream();
    while let Some(listing) = listings.try_next().await? {
        println!("{} {}", listing.release.description.unwrap_or_default(), listing.price);
    }
    Ok(())
}
