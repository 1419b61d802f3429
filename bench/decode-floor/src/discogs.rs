//! Discogs: one 50-listing inventory page shaped like the API document's example, with its
//! `Link` and `X-Discogs-Ratelimit*` headers.

use discogs_client::prelude::*;
use discogs_client::{DiscogsClient, Listing, RateLimitPolicy};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::checksum::Checksum;
use crate::server::Fixture;
use crate::{RawClient, Scenario};

/// Listings on the page.
const LISTINGS: usize = 50;
const USER_AGENT: &str = "decode-floor/0.1 +https://example.invalid/decode-floor";
const TOKEN: &str = "decode-floor-token";

/// The page the server answers `GET /users/{username}/inventory` with.
pub fn fixture() -> Fixture {
    let listings: Vec<String> = (0..LISTINGS).map(listing).collect();
    let body = format!(
        r#"{{"pagination": {{"per_page": 50, "items": 900, "page": 1, "urls": {{"last": "https://api.discogs.com/users/rappcats/inventory?per_page=50&page=18", "next": "https://api.discogs.com/users/rappcats/inventory?per_page=50&page=2"}}, "pages": 18}}, "listings": [{}]}}"#,
        listings.join(", ")
    );
    Fixture {
        path_prefix: "/users/",
        content_type: "application/json",
        headers: vec![
            (
                "Link",
                "<https://api.discogs.com/users/rappcats/inventory?per_page=50&page=18>; rel=\"last\", <https://api.discogs.com/users/rappcats/inventory?per_page=50&page=2>; rel=\"next\"".to_owned(),
            ),
            // The live headers, with a budget no run exhausts: the SDK reads and learns from
            // them as it does in production, but never waits.
            ("X-Discogs-Ratelimit", "1000000".to_owned()),
            ("X-Discogs-Ratelimit-Used", "1".to_owned()),
            ("X-Discogs-Ratelimit-Remaining", "999999".to_owned()),
        ],
        body,
    }
}

/// The document's example listings in turn, each with its own id and price (one of them a
/// price no `f64` holds).
#[allow(clippy::indexing_slicing)] // every index is taken modulo its array's length
fn listing(index: usize) -> String {
    const PRICES: [&str; 5] = ["149.99", "49.99", "14.319139100000001", "39.99", "7.5"];
    const CONDITIONS: [(&str, &str); 4] = [
        ("Near Mint (NM or M-)", "Near Mint (NM or M-)"),
        ("Very Good Plus (VG+)", "Very Good Plus (VG+)"),
        ("Mint (M)", "Generic"),
        ("Very Good (VG)", "Not Graded"),
    ];
    let id = 150_899_904 + index as u64 * 7;
    let price = PRICES[index % PRICES.len()];
    let (condition, sleeve) = CONDITIONS[index % CONDITIONS.len()];
    let release = 2_992_668 + index as u64;
    format!(
        r#"{{
      "status": "For Sale",
      "price": {{"currency": "USD", "value": {price}}},
      "allow_offers": {offers},
      "sleeve_condition": "{sleeve}",
      "id": {id},
      "condition": "{condition}",
      "posted": "2014-07-01T10:20:17-07:00",
      "ships_from": "United States",
      "uri": "https://www.discogs.com/sell/item/{id}",
      "comments": "Includes promotional booklet from original purchase!",
      "seller": {{"username": "rappcats", "resource_url": "https://api.discogs.com/users/rappcats", "id": 2098225}},
      "release": {{
        "catalog_number": "509990292346, TMR092",
        "resource_url": "https://api.discogs.com/releases/{release}",
        "year": 2011,
        "id": {release},
        "description": "Danger Mouse & Daniele Luppi - Rome (LP, Ora + LP, Whi + Album, Ltd, Tip)",
        "artist": "Danger Mouse & Daniele Luppi",
        "title": "Rome",
        "format": "(LP, Ora + LP, Whi + Album, Ltd, Tip)",
        "thumbnail": "https://api-img.discogs.com/CFEw018vfc3LvUQDFtsvkh9FTyA=/fit-in/322x320/filters:strip_icc():format(jpeg):mode_rgb():quality(40)/discogs-images/R-{release}-1310811542.jpeg.jpg"
      }},
      "resource_url": "https://api.discogs.com/marketplace/listings/{id}",
      "audio": false
    }}"#,
        offers = index.is_multiple_of(2),
    )
}

/// The SDK's inventory page call.
pub fn sdk(base_url: &str) -> Result<Scenario, String> {
    let discogs = DiscogsClient::builder()
        .base_url(base_url)
        .user_agent(USER_AGENT)
        .token(TOKEN)
        .rate_limit(RateLimitPolicy::unlimited())
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Box::new(move || {
        let discogs = discogs.clone();
        Box::pin(async move {
            let page = discogs
                .inventory("rappcats")
                .page_size(50)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !page.failed.is_empty() || page.next.is_none() {
                return Err(format!("unexpected page: {} failed", page.failed.len()));
            }
            let mut sum = Checksum::default();
            for listing in &page.items {
                sdk_listing_facts(&mut sum, listing);
            }
            Ok(sum.number(page.items.len() as u64).value())
        })
    }))
}

fn sdk_listing_facts(sum: &mut Checksum, listing: &Listing) {
    sum.number(listing.id)
        .text(listing.status.as_str())
        .decimal(listing.price.amount())
        .text(listing.price.currency().code())
        .number(u64::from(listing.allow_offers))
        .text(listing.condition.as_str())
        .maybe_text(listing.sleeve_condition.as_ref().map(|c| c.as_str()))
        .number(listing.posted.map_or(0, |posted| posted.year() as u64))
        .maybe_text(listing.ships_from.as_deref())
        .maybe_text(listing.uri.as_deref())
        .text(&listing.comments)
        .text(&listing.seller.username)
        .number(listing.seller.id.unwrap_or(0))
        .number(listing.release.id)
        .maybe_text(listing.release.title.as_deref())
        .maybe_text(listing.release.catalog_number.as_deref())
        .number(listing.release.year.map_or(0, |year| year as u64))
        .maybe_text(listing.resource_url.as_deref());
}

/// The floor: what a hand-written client of this one endpoint would do.
pub fn raw(base_url: &str) -> Result<Scenario, String> {
    let raw = RawClient::new()?;
    let url = format!("{base_url}/users/rappcats/inventory?per_page=50");
    let authorization = format!("Discogs token={TOKEN}");
    Ok(Box::new(move || {
        let raw = raw.clone();
        let url = url.clone();
        let authorization = authorization.clone();
        Box::pin(async move {
            let text = raw
                .get_text(
                    &url,
                    &[
                        ("User-Agent", USER_AGENT),
                        ("Authorization", &authorization),
                    ],
                )
                .await?;
            let page: RawPage = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            let mut sum = Checksum::default();
            for listing in &page.listings {
                raw_listing_facts(&mut sum, listing);
            }
            Ok(sum.number(page.listings.len() as u64).value())
        })
    }))
}

fn raw_listing_facts(sum: &mut Checksum, listing: &RawListing) {
    sum.number(listing.id)
        .text(&listing.status)
        .decimal(listing.price.value)
        .text(&listing.price.currency)
        .number(u64::from(listing.allow_offers))
        .text(&listing.condition)
        .maybe_text(listing.sleeve_condition.as_deref())
        .number(
            listing
                .posted
                .as_deref()
                .and_then(|posted| posted.get(..4)?.parse().ok())
                .unwrap_or(0),
        )
        .maybe_text(listing.ships_from.as_deref())
        .maybe_text(listing.uri.as_deref())
        .text(&listing.comments)
        .text(&listing.seller.username)
        .number(listing.seller.id.unwrap_or(0))
        .number(listing.release.id)
        .maybe_text(listing.release.title.as_deref())
        .maybe_text(listing.release.catalog_number.as_deref())
        .number(listing.release.year.map_or(0, |year| year as u64))
        .maybe_text(listing.resource_url.as_deref());
}

// The floor's types: the SDK's fields, each in the plainest exact type (text as `String`,
// prices as `Decimal` from the number's own digits).

#[derive(Deserialize)]
struct RawPage {
    #[allow(dead_code)]
    pagination: RawPagination,
    listings: Vec<RawListing>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawPagination {
    page: u64,
    pages: u64,
    per_page: u64,
    items: u64,
    #[serde(default)]
    urls: RawUrls,
}

#[derive(Deserialize, Default)]
#[allow(dead_code)]
struct RawUrls {
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    last: Option<String>,
}

#[derive(Deserialize)]
struct RawPrice {
    currency: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    value: Decimal,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawOriginalPrice {
    curr_abbr: String,
    curr_id: Option<u32>,
    formatted: Option<String>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    value: Decimal,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawListing {
    id: u64,
    status: String,
    price: RawPrice,
    original_price: Option<RawOriginalPrice>,
    shipping_price: Option<RawPrice>,
    original_shipping_price: Option<RawOriginalPrice>,
    #[serde(default)]
    allow_offers: bool,
    condition: String,
    sleeve_condition: Option<String>,
    posted: Option<String>,
    ships_from: Option<String>,
    uri: Option<String>,
    #[serde(default)]
    comments: String,
    seller: RawSeller,
    release: RawRelease,
    resource_url: Option<String>,
    #[serde(default)]
    audio: bool,
    #[serde(default)]
    shipping_is_blocked: bool,
    weight: Option<serde_json::Value>,
    format_quantity: Option<serde_json::Value>,
    external_id: Option<String>,
    location: Option<String>,
    quantity: Option<u32>,
    in_cart: Option<bool>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawSeller {
    id: Option<u64>,
    username: String,
    resource_url: Option<String>,
    url: Option<String>,
    avatar_url: Option<String>,
    shipping: Option<String>,
    payment: Option<String>,
    stats: Option<RawSellerStats>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawSellerStats {
    rating: Option<String>,
    #[serde(default, with = "rust_decimal::serde::arbitrary_precision_option")]
    stars: Option<Decimal>,
    total: Option<u64>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawRelease {
    id: u64,
    description: Option<String>,
    catalog_number: Option<String>,
    year: Option<i32>,
    artist: Option<String>,
    title: Option<String>,
    format: Option<String>,
    thumbnail: Option<String>,
    resource_url: Option<String>,
}
