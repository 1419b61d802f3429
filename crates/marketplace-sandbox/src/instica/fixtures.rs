//! The demo data: platforms, record products, 150 inventory items and a few live listings.

use rust_decimal::Decimal;

use super::State;
use super::model::{InsticaItem, InsticaPlatform, InsticaPlatformListing, InsticaProduct};

/// A fixed start time so the demo data is the same on every run: 2025-01-01T00:00:00Z.
const DEMO_EPOCH: i64 = 1_735_689_600;

pub(crate) fn platforms() -> Vec<InsticaPlatform> {
    [
        ("ebay", "eBay", true),
        ("discogs", "Discogs", true),
        ("etsy", "Etsy", false),
    ]
    .into_iter()
    .map(|(slug, name, connected)| InsticaPlatform {
        slug: slug.to_string(),
        name: name.to_string(),
        connected,
    })
    .collect()
}

/// Title, artist, catalogue number, year, typical VG+ price in cents.
#[rustfmt::skip]
const PRODUCTS: [(&str, &str, &str, &str, i64); 20] = [
    ("Kind Of Blue", "Miles Davis", "CL 1355", "1959", 6500),
    ("A Love Supreme", "John Coltrane", "A-77", "1965", 5500),
    ("The Dark Side Of The Moon", "Pink Floyd", "SHVL 804", "1973", 4500),
    ("Rumours", "Fleetwood Mac", "BSK 3010", "1977", 2500),
    ("Blue", "Joni Mitchell", "MS 2038", "1971", 3000),
    ("Pet Sounds", "The Beach Boys", "T 2458", "1966", 4000),
    ("Horses", "Patti Smith", "AL 4066", "1975", 3500),
    ("Remain In Light", "Talking Heads", "SRK 6095", "1980", 2800),
    ("Unknown Pleasures", "Joy Division", "FACT 10", "1979", 7000),
    ("Blue Lines", "Massive Attack", "WBRLP 1", "1991", 4500),
    ("Dummy", "Portishead", "828 553-1", "1994", 6000),
    ("Illmatic", "Nas", "C 57684", "1994", 5500),
    ("Homework", "Daft Punk", "V 2821", "1997", 4000),
    ("OK Computer", "Radiohead", "NODATA 02", "1997", 6200),
    ("Head Hunters", "Herbie Hancock", "KC 32731", "1973", 3200),
    ("What's Going On", "Marvin Gaye", "TS 310", "1971", 3300),
    ("Exodus", "Bob Marley & The Wailers", "ILPS 9498", "1977", 2600),
    ("Purple Rain", "Prince And The Revolution", "1-25110", "1984", 2400),
    ("Tago Mago", "Can", "UAS 29 211 X", "1971", 7500),
    ("Zombie", "Fela Kuti", "PMLP 1000", "1977", 6800),
];

const GRADES: [(&str, i64); 5] = [
    ("nm", 130),
    ("vg_plus", 100),
    ("vg", 75),
    ("good_plus", 50),
    ("mint", 160),
];

pub(crate) fn load(state: &mut State) {
    // The documented example item, kept with its documented identifiers.
    let mut abbey_road = InsticaProduct::new("prod_a1b2c3", "Abbey Road");
    abbey_road.artist = Some("The Beatles".to_string());
    abbey_road.catalog_number = Some("PCS 7088".to_string());
    abbey_road.year = Some("1969".to_string());
    state.products.insert(abbey_road.uid.clone(), abbey_road);
    let mut item = InsticaItem::new(String::new());
    item.uid = "inv_d4e5f6".to_string();
    item.name = None;
    item.product_uid = Some("prod_a1b2c3".to_string());
    item.item_type_uid = Some("type_vinyl".to_string());
    item.condition_item = Some("vg_plus".to_string());
    item.condition_container = Some("vg".to_string());
    item.condition_container_manually_set = true;
    item.status = "ready-to-sell".to_string();
    item.price_total_usd = Some(Decimal::new(3499, 2));
    item.price_item_usd = Some(Decimal::new(2999, 2));
    item.price_shipping_usd = Some(Decimal::new(500, 2));
    item.price_expected_usd = Some(Decimal::new(3500, 2));
    item.price_purchased_item = Some(Decimal::new(1200, 2));
    item.manual_description = "Original 1969 UK pressing.".to_string();
    item.created = DEMO_EPOCH + 14 * 86_400;
    item.updated = DEMO_EPOCH + 40 * 86_400;
    state.items.push(item);

    for (index, (title, artist, catalog, year, _)) in PRODUCTS.iter().enumerate() {
        let mut product = InsticaProduct::new(format!("prod_demo{:02}", index + 1), *title);
        product.artist = Some((*artist).to_string());
        product.catalog_number = Some((*catalog).to_string());
        product.year = Some((*year).to_string());
        state.products.insert(product.uid.clone(), product);
    }

    for index in 0..149_usize {
        let product_index = index % PRODUCTS.len();
        let Some(&(_, _, _, _, base_cents)) = PRODUCTS.get(product_index) else {
            continue;
        };
        let Some(&(grade, percent)) = GRADES.get((index / PRODUCTS.len()) % GRADES.len()) else {
            continue;
        };
        let mut item = InsticaItem::new(String::new());
        item.uid = state.next_uid("inv");
        item.name = None;
        item.product_uid = Some(format!("prod_demo{:02}", product_index + 1));
        item.item_type_uid = Some("type_vinyl".to_string());
        item.condition_item = Some(grade.to_string());
        item.condition_container = Some(grade.to_string());
        let cents = (base_cents * percent / 100 / 100) * 100 + 99;
        item.price_item_usd = Some(Decimal::new(cents, 2));
        item.price_shipping_usd = Some(Decimal::new(500, 2));
        item.price_total_usd = Some(Decimal::new(cents + 500, 2));
        item.price_purchased_item = Some(Decimal::new(cents * 2 / 5 / 100 * 100, 2));
        item.manual_sku = Some(format!("IN-{:04}", index + 1));
        item.created = DEMO_EPOCH + i64::try_from(index).unwrap_or(0) * 7_200;
        item.updated = item.created + 86_400;
        item.status = match index % 10 {
            0 => "draft",
            1 => "received",
            7 => "listed",
            9 => "sold",
            _ => "ready-to-sell",
        }
        .to_string();
        if index % 13 == 12 {
            // A few items without a price, to show listing validation.
            item.status = "draft".to_string();
            item.price_total_usd = None;
            item.price_item_usd = None;
        }
        if item.status == "listed" {
            item.listed_at = Some(item.created + 2 * 86_400);
            let listing = InsticaPlatformListing {
                uid: state.next_uid("lst"),
                item_uid: item.uid.clone(),
                platform: "ebay".to_string(),
                status: "listed".to_string(),
                listing_id: Some(format!("{}", 394_800_000 + index)),
                price: item.price_total_usd,
                is_draft: false,
                last_error: None,
            };
            state.listings.push(listing);
        }
        state.items.push(item);
    }
}
