//! Instica: one full page of the item list (`GET /api/v1/inventory/?page_size=100`), the
//! largest page the API serves, shaped like the API document's example.
//!
//! The list is what the SDK's read side walks (`InsticaChannel`'s `InventoryReader::read`
//! streams it at 100 items a page), so a full page is the answer a sync decodes most. Each
//! item has the fields of the document's example, its `assets` as the document's asset
//! example, and a `manual_sku` (a field of the response schema the example leaves out, and the
//! one the channel knows items by).
//!
//! Instica documents no rate-limit headers and the SDK reads none unless told to, so the
//! server sends the content type alone: `application/json`, as Django REST framework writes
//! it (that Instica runs on it is an inference, field notes §4).

use instica_client::prelude::*;
use instica_client::{InsticaClient, Item, RateLimitPolicy};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::checksum::Checksum;
use crate::server::Fixture;
use crate::{RawClient, Scenario};

/// Items on the page: Instica's largest `page_size`.
const ITEMS: usize = 100;
/// Every item of the inventory, across all pages.
const COUNT: u64 = 1_560;
const API_KEY: &str = "decode-floor-api-key";
const USER_AGENT: &str = "decode-floor/0.1 +https://example.invalid/decode-floor";

/// The page the server answers `GET /api/v1/inventory/` with.
pub fn fixture() -> Fixture {
    let items: Vec<String> = (0..ITEMS).map(item).collect();
    let body = format!(
        r#"{{
"count": {COUNT},
"next": "https://app.instica.com/api/v1/inventory/?page=2&page_size=100",
"previous": null,
"results": [
{}
]
}}"#,
        items.join(",\n")
    );
    Fixture {
        path_prefix: "/api/v1/inventory/",
        content_type: "application/json",
        headers: Vec::new(),
        body,
    }
}

/// The document's example item in turn, each with its own ids, prices, grades, status and
/// photos.
#[allow(clippy::indexing_slicing)] // every index is taken modulo its array's length
fn item(index: usize) -> String {
    // (title, artist, catalog number)
    const RECORDS: [(&str, &str, &str); 5] = [
        ("Abbey Road", "The Beatles", "PCS 7088"),
        ("Let It Be", "The Beatles", "PCS 7096"),
        ("Blue", "Joni Mitchell", "K 44128"),
        ("Kind of Blue", "Miles Davis", "CL 1355"),
        ("Rumours", "Fleetwood Mac", "K 56344"),
    ];
    // (item, shipping, total, expected): the total is the item and shipping added up.
    const PRICES: [(&str, &str, &str, &str); 5] = [
        ("29.99", "5.00", "34.99", "\"35.00\""),
        ("44.50", "4.50", "49.00", "\"50.00\""),
        ("18.00", "5.00", "23.00", "null"),
        ("120.00", "0.00", "120.00", "\"150.00\""),
        ("9.95", "3.50", "13.45", "\"12.00\""),
    ];
    // (code, display), as the condition choices label them.
    const GRADES: [(&str, &str); 5] = [
        ("vg_plus", "VG+"),
        ("nm", "Near Mint (NM)"),
        ("vg", "VG"),
        ("mint", "Mint (M)"),
        ("good_plus", "G+"),
    ];
    const STATUSES: [(&str, &str); 4] = [
        ("ready-to-sell", "Ready to Sell"),
        ("listed", "Listed"),
        ("ready-to-sell", "Ready to Sell"),
        ("draft", "Draft"),
    ];
    let uid = format!("inv_{:06x}", 0x00d4_e5f6 + index);
    let (title, artist, catalog) = RECORDS[index % RECORDS.len()];
    let (item_price, shipping, total, expected) = PRICES[index % PRICES.len()];
    let (grade, grade_display) = GRADES[index % GRADES.len()];
    let (sleeve, sleeve_display) = GRADES[(index + 2) % GRADES.len()];
    let (status, status_display) = STATUSES[index % STATUSES.len()];
    let listed = status == "listed";
    let name = if index.is_multiple_of(7) {
        format!("\"{title} LP - {grade_display} (first pressing)\"")
    } else {
        "null".to_owned()
    };
    let (days_listed, listed_at) = if listed {
        (
            format!("{}.{}", index % 9, index % 10),
            format!("\"2025-02-{:02}T09:15:00Z\"", 1 + index % 28),
        )
    } else {
        ("0".to_owned(), "null".to_owned())
    };
    let assets: Vec<String> = (0..1 + index % 3)
        .map(|photo| asset(index, photo))
        .collect();
    format!(
        r#"{{
"uid": "{uid}",
"title": "{title} - {grade_display}",
"name": {name},
"product": {{
"uid": "prod_{product:06x}",
"title": "{title}",
"type": "physical",
"artist": {{
"uid": "art_{artist_uid:04x}",
"name": "{artist}"
}},
"catalog_number": "{catalog}"
}},
"organization": {{
"uid": "org_abc",
"display_name": "My Store",
"slug": "my-store",
"default_barcode_type": "code128"
}},
"condition_item": "{grade}",
"condition_item_display": "{grade_display}",
"condition_container": "{sleeve}",
"condition_container_display": "{sleeve_display}",
"status": "{status}",
"status_display": "{status_display}",
"price_total_usd": "{total}",
"price_item_usd": "{item_price}",
"price_shipping_usd": "{shipping}",
"price_expected_usd": {expected},
"manual_sku": "LP-{sku:05}",
"assets": [{assets}],
"days_in_inventory": {days}.{tenths},
"days_listed": {days_listed},
"listed_at": {listed_at},
"is_deletable": {deletable},
"created": "2025-01-{created:02}T10:30:00Z",
"updated": "2025-02-{updated:02}T14:22:00Z"
}}"#,
        product = 0x00a1_b2c3 + index % RECORDS.len(),
        artist_uid = 0x1a2b + index % RECORDS.len(),
        sku = 4_200 + index,
        assets = assets.join(", "),
        days = 3 + index % 40,
        tenths = index % 10,
        deletable = !listed,
        created = 1 + index % 28,
        updated = 1 + (index + 9) % 28,
    )
}

/// One photo of an item, as the document's asset example.
#[allow(clippy::indexing_slicing)] // every index is taken modulo its array's length
fn asset(index: usize, photo: usize) -> String {
    const FILES: [&str; 3] = ["front-cover.jpg", "back-cover.jpg", "label-side-a.jpg"];
    let uid = format!("ast_{:06x}", 0x00a7_b8c9 + index * 3 + photo);
    let file = FILES[photo % FILES.len()];
    format!(
        r#"{{
"uid": "{uid}",
"type": "photo",
"description": "",
"file_url": "https://cdn.instica.com/assets/{uid}/{file}",
"thumbnail_url": "https://cdn.instica.com/thumbnails/{uid}/{file}",
"file_size": {size},
"file_name": "{file}",
"is_identifying_asset": {identifying},
"listing_assets": [],
"created": "2025-01-15T10:30:00Z",
"updated": "2025-01-15T10:30:00Z"
}}"#,
        size = 2_847_392 + index * 1_031 + photo * 77,
        identifying = photo == 0,
    )
}

/// The SDK's item list, one full page.
pub fn sdk(base_url: &str) -> Result<Scenario, String> {
    let instica = InsticaClient::builder()
        .base_url(format!("{base_url}/api/v1"))
        .user_agent(USER_AGENT)
        .api_key(API_KEY)
        .rate_limit(RateLimitPolicy::unlimited())
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Box::new(move || {
        let instica = instica.clone();
        Box::pin(async move {
            let page = instica
                .items()
                .list()
                .page_size(100)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !page.failed.is_empty() || page.next.is_none() {
                return Err(format!("unexpected page: {} failed", page.failed.len()));
            }
            let mut sum = Checksum::default();
            sum.maybe_number(page.total);
            for item in &page.items {
                sdk_item_facts(&mut sum, item);
            }
            Ok(sum.number(page.items.len() as u64).value())
        })
    }))
}

fn sdk_item_facts(sum: &mut Checksum, item: &Item) {
    sum.text(item.uid.as_str())
        .maybe_text(item.title.as_deref())
        .maybe_text(item.name.as_deref());
    match &item.product {
        Some(product) => {
            sum.bytes(&[1])
                .text(product.uid.as_str())
                .maybe_text(product.title.as_deref())
                .maybe_text(product.product_type.as_deref())
                .maybe_text(product.artist.as_ref().map(|artist| artist.uid.as_str()))
                .maybe_text(product.artist.as_ref().and_then(|a| a.name.as_deref()))
                .maybe_text(product.catalog_number.as_deref());
        }
        None => {
            sum.bytes(&[0]);
        }
    }
    match &item.organization {
        Some(organization) => {
            sum.bytes(&[1])
                .text(organization.uid.as_str())
                .maybe_text(organization.display_name.as_deref())
                .maybe_text(organization.slug.as_deref())
                .maybe_text(organization.default_barcode_type.as_deref());
        }
        None => {
            sum.bytes(&[0]);
        }
    }
    sum.maybe_text(item.condition_item.as_ref().map(|code| code.as_str()))
        .maybe_text(item.condition_item_display.as_deref())
        .maybe_text(item.condition_container.as_ref().map(|code| code.as_str()))
        .maybe_text(item.condition_container_display.as_deref())
        .maybe_text(item.status.as_ref().map(|status| status.as_str()))
        .maybe_text(item.status_display.as_deref())
        .maybe_decimal(item.price_total_usd.as_ref().map(|price| price.amount()))
        .maybe_decimal(item.price_item_usd.as_ref().map(|price| price.amount()))
        .maybe_decimal(item.price_shipping_usd.as_ref().map(|price| price.amount()))
        .maybe_decimal(item.price_expected_usd.as_ref().map(|price| price.amount()))
        .maybe_text(item.manual_sku.as_deref());
    for asset in &item.assets {
        sum.text(asset.uid.as_str())
            .text(asset.asset_type.as_str())
            .maybe_number(asset.file_size)
            .maybe_text(asset.file_name.as_deref())
            .number(u64::from(asset.is_identifying_asset));
    }
    sum.number(item.assets.len() as u64)
        .maybe_number(item.days_in_inventory.map(f64::to_bits))
        .maybe_number(item.days_listed.map(f64::to_bits))
        .maybe_number(item.listed_at.map(|at| at.year() as u64))
        .maybe_number(item.is_deletable.map(u64::from))
        .maybe_number(item.created.map(|at| at.year() as u64))
        .maybe_number(item.updated.map(|at| at.year() as u64));
}

/// The floor: what a hand-written client of this one endpoint would do.
pub fn raw(base_url: &str) -> Result<Scenario, String> {
    let raw = RawClient::new()?;
    let url = format!("{base_url}/api/v1/inventory/?page_size=100");
    Ok(Box::new(move || {
        let raw = raw.clone();
        let url = url.clone();
        Box::pin(async move {
            let text = raw
                .get_text(&url, &[("User-Agent", USER_AGENT), ("X-API-Key", API_KEY)])
                .await?;
            let page: RawPage = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            if page.next.is_none() {
                return Err("unexpected page: no next".to_owned());
            }
            let mut sum = Checksum::default();
            sum.maybe_number(page.count);
            for item in &page.results {
                raw_item_facts(&mut sum, item);
            }
            Ok(sum.number(page.results.len() as u64).value())
        })
    }))
}

/// The year of an RFC 3339 timestamp, read from its text as a hand-written client would.
fn year(timestamp: Option<&str>) -> Option<u64> {
    timestamp.and_then(|text| text.get(..4)?.parse().ok())
}

fn raw_item_facts(sum: &mut Checksum, item: &RawItem) {
    sum.text(&item.uid)
        .maybe_text(item.title.as_deref())
        .maybe_text(item.name.as_deref());
    match &item.product {
        Some(product) => {
            sum.bytes(&[1])
                .text(&product.uid)
                .maybe_text(product.title.as_deref())
                .maybe_text(product.product_type.as_deref())
                .maybe_text(product.artist.as_ref().map(|artist| artist.uid.as_str()))
                .maybe_text(product.artist.as_ref().and_then(|a| a.name.as_deref()))
                .maybe_text(product.catalog_number.as_deref());
        }
        None => {
            sum.bytes(&[0]);
        }
    }
    match &item.organization {
        Some(organization) => {
            sum.bytes(&[1])
                .text(&organization.uid)
                .maybe_text(organization.display_name.as_deref())
                .maybe_text(organization.slug.as_deref())
                .maybe_text(organization.default_barcode_type.as_deref());
        }
        None => {
            sum.bytes(&[0]);
        }
    }
    sum.maybe_text(item.condition_item.as_deref())
        .maybe_text(item.condition_item_display.as_deref())
        .maybe_text(item.condition_container.as_deref())
        .maybe_text(item.condition_container_display.as_deref())
        .maybe_text(item.status.as_deref())
        .maybe_text(item.status_display.as_deref())
        .maybe_decimal(item.price_total_usd)
        .maybe_decimal(item.price_item_usd)
        .maybe_decimal(item.price_shipping_usd)
        .maybe_decimal(item.price_expected_usd)
        .maybe_text(item.manual_sku.as_deref());
    for asset in &item.assets {
        sum.text(&asset.uid)
            .text(&asset.asset_type)
            .maybe_number(asset.file_size)
            .maybe_text(asset.file_name.as_deref())
            .number(u64::from(asset.is_identifying_asset));
    }
    sum.number(item.assets.len() as u64)
        .maybe_number(item.days_in_inventory.map(f64::to_bits))
        .maybe_number(item.days_listed.map(f64::to_bits))
        .maybe_number(year(item.listed_at.as_deref()))
        .maybe_number(item.is_deletable.map(u64::from))
        .maybe_number(year(item.created.as_deref()))
        .maybe_number(year(item.updated.as_deref()));
}

// The floor's types: the SDK's fields, each in the plainest exact type (text as `String`,
// money as `Decimal` from the quoted number's own digits).

#[derive(Deserialize)]
struct RawPage {
    count: Option<u64>,
    next: Option<String>,
    results: Vec<RawItem>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawItem {
    uid: String,
    title: Option<String>,
    name: Option<String>,
    user: Option<RawUser>,
    organization: Option<RawOrganization>,
    product: Option<RawProduct>,
    inventory_item_type: Option<RawItemType>,
    condition_item: Option<String>,
    condition_item_display: Option<String>,
    condition_container: Option<String>,
    condition_container_display: Option<String>,
    condition_comments: Option<String>,
    condition_seller_description: Option<String>,
    grade_tier_code: Option<String>,
    grade_tier_label: Option<String>,
    status: Option<String>,
    status_display: Option<String>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    price_total_usd: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    price_item_usd: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    price_shipping_usd: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    price_expected_usd: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    price_purchased_item: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    price_for_purchases_shipping: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    listing_current_price: Option<Decimal>,
    default_pricing_model: Option<RawPricingModel>,
    manual_description: Option<String>,
    manual_sku: Option<String>,
    resolved_sku: Option<String>,
    resolved_sku_source: Option<String>,
    #[serde(default)]
    assets: Vec<RawAsset>,
    days_in_inventory: Option<f64>,
    days_listed: Option<f64>,
    listed_at: Option<String>,
    is_deletable: Option<bool>,
    created: Option<String>,
    updated: Option<String>,
    is_sold: Option<bool>,
    // Sent by the detail endpoint only, never in a list; kept as the SDK keeps the field.
    #[serde(default)]
    platform_listability: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawUser {
    uid: String,
    username: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize)]
struct RawOrganization {
    uid: String,
    display_name: Option<String>,
    slug: Option<String>,
    default_barcode_type: Option<String>,
}

#[derive(Deserialize)]
struct RawProduct {
    uid: String,
    title: Option<String>,
    #[serde(rename = "type")]
    product_type: Option<String>,
    artist: Option<RawArtist>,
    catalog_number: Option<String>,
}

#[derive(Deserialize)]
struct RawArtist {
    uid: String,
    name: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawItemType {
    uid: String,
    name: Option<String>,
    slug: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawPricingModel {
    uid: String,
    #[serde(rename = "type")]
    model_type: Option<String>,
    type_display: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawAsset {
    uid: String,
    #[serde(rename = "type")]
    asset_type: String,
    description: Option<String>,
    file_url: Option<String>,
    thumbnail_url: Option<String>,
    file_size: Option<u64>,
    file_name: Option<String>,
    #[serde(default)]
    is_identifying_asset: bool,
    #[serde(default)]
    listing_assets: Vec<serde_json::Value>,
    created: Option<String>,
    updated: Option<String>,
}
