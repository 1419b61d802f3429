//! The demo catalogue: well-known records, 300 listings of them, and a few orders.

use rust_decimal::Decimal;

use super::model::{
    DiscogsListing, DiscogsListingStatus, DiscogsOrder, DiscogsOrderItem, DiscogsOrderMessage,
    DiscogsRelease, MEDIA_CONDITIONS,
};
use super::{Config, DEFAULT_BUYER, State};

/// Release id, artist, title, label, catalogue number, format, year, typical VG+ price in cents.
type ReleaseRow = (
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u16,
    i64,
);

const RELEASES: &[ReleaseRow] = &[
    (
        1,
        "Persuader, The",
        "Stockholm",
        "Svek",
        "SK032",
        "2x12\"",
        1999,
        4200,
    ),
    (
        2_992_668,
        "Danger Mouse & Daniele Luppi",
        "Rome",
        "Parlophone",
        "509990292346, TMR092",
        "LP, Ora + LP, Whi + Album, Ltd, Tip",
        2011,
        14_999,
    ),
    (
        1_900_152,
        "Various",
        "Stones Throw X Serato",
        "Stones Throw Records",
        "STH 2222",
        "2x12\", Ltd, Cle",
        2009,
        4999,
    ),
    (
        1_842_118,
        "Last Electro-Acoustic Space Jazz & Percussion Ensemble, The",
        "Summer Suite",
        "Stones Throw Records",
        "STH 2172",
        "CD, MiniAlbum, Ltd",
        2009,
        3999,
    ),
    (
        2_791_275,
        "Metal Fingers",
        "Presents Special Herbs The Box Set Vol. 0-9",
        "Nature Sounds",
        "NSD-120",
        "Box, Comp, Ltd + 10xLP + 7\"",
        2011,
        22_999,
    ),
    (
        5_610_049,
        "LCD Soundsystem",
        "The Long Goodbye: LCD Soundsystem Live At Madison Square Garden",
        "DFA",
        "541125-1, 1-541125 (K1)",
        "5xLP + Box",
        2014,
        12_000,
    ),
    (
        100_001,
        "Madvillain",
        "Madvillainy",
        "Stones Throw Records",
        "STH2065",
        "2xLP, Album",
        2004,
        3500,
    ),
    (
        100_002,
        "J Dilla",
        "Donuts",
        "Stones Throw Records",
        "STH2126",
        "2xLP, Album",
        2006,
        3800,
    ),
    (
        100_003,
        "Miles Davis",
        "Kind Of Blue",
        "Columbia",
        "CL 1355",
        "LP, Album, Mono",
        1959,
        6500,
    ),
    (
        100_004,
        "John Coltrane",
        "A Love Supreme",
        "Impulse!",
        "A-77",
        "LP, Album",
        1965,
        5500,
    ),
    (
        100_005,
        "The Beatles",
        "Abbey Road",
        "Apple Records",
        "PCS 7088",
        "LP, Album",
        1969,
        4999,
    ),
    (
        100_006,
        "Pink Floyd",
        "The Dark Side Of The Moon",
        "Harvest",
        "SHVL 804",
        "LP, Album",
        1973,
        4500,
    ),
    (
        100_007,
        "Fleetwood Mac",
        "Rumours",
        "Warner Bros. Records",
        "BSK 3010",
        "LP, Album",
        1977,
        2500,
    ),
    (
        100_008,
        "Kraftwerk",
        "Trans-Europa Express",
        "Kling Klang",
        "1C 064-82 306",
        "LP, Album",
        1977,
        3000,
    ),
    (
        100_009,
        "Daft Punk",
        "Homework",
        "Virgin",
        "V 2821",
        "2xLP, Album",
        1997,
        4000,
    ),
    (
        100_010,
        "Aphex Twin",
        "Selected Ambient Works 85-92",
        "Apollo",
        "AMB 3922",
        "2xLP, Album",
        1992,
        5200,
    ),
    (
        100_011,
        "Portishead",
        "Dummy",
        "Go! Beat",
        "828 553-1",
        "LP, Album",
        1994,
        6000,
    ),
    (
        100_012,
        "Massive Attack",
        "Blue Lines",
        "Wild Bunch Records",
        "WBRLP 1",
        "LP, Album",
        1991,
        4500,
    ),
    (
        100_013,
        "A Tribe Called Quest",
        "The Low End Theory",
        "Jive",
        "1418-1-J",
        "LP, Album",
        1991,
        5000,
    ),
    (
        100_014,
        "Nas",
        "Illmatic",
        "Columbia",
        "C 57684",
        "LP, Album",
        1994,
        5500,
    ),
    (
        100_015,
        "DJ Shadow",
        "Endtroducing.....",
        "Mo Wax",
        "MW059",
        "2xLP, Album",
        1996,
        4800,
    ),
    (
        100_016,
        "Joy Division",
        "Unknown Pleasures",
        "Factory",
        "FACT 10",
        "LP, Album",
        1979,
        7000,
    ),
    (
        100_017,
        "Talking Heads",
        "Remain In Light",
        "Sire",
        "SRK 6095",
        "LP, Album",
        1980,
        2800,
    ),
    (
        100_018,
        "Herbie Hancock",
        "Head Hunters",
        "Columbia",
        "KC 32731",
        "LP, Album",
        1973,
        3200,
    ),
    (
        100_019,
        "Stevie Wonder",
        "Songs In The Key Of Life",
        "Tamla",
        "T13-340C2",
        "2xLP + 7\", EP",
        1976,
        3600,
    ),
    (
        100_020,
        "Marvin Gaye",
        "What's Going On",
        "Tamla",
        "TS 310",
        "LP, Album",
        1971,
        3300,
    ),
    (
        100_021,
        "Radiohead",
        "OK Computer",
        "Parlophone",
        "NODATA 02",
        "2xLP, Album",
        1997,
        6200,
    ),
    (
        100_022,
        "Boards Of Canada",
        "Music Has The Right To Children",
        "Warp Records",
        "WARPLP55",
        "2xLP, Album",
        1998,
        5800,
    ),
    (
        100_023,
        "Burial",
        "Untrue",
        "Hyperdub",
        "HDBLP002",
        "2xLP, Album",
        2007,
        4400,
    ),
    (
        100_024,
        "Sade",
        "Diamond Life",
        "Epic",
        "EPC 26044",
        "LP, Album",
        1984,
        1800,
    ),
    (
        100_025,
        "Bob Marley & The Wailers",
        "Exodus",
        "Island Records",
        "ILPS 9498",
        "LP, Album",
        1977,
        2600,
    ),
    (
        100_026,
        "Nirvana",
        "Nevermind",
        "DGC",
        "DGC-24425",
        "LP, Album",
        1991,
        4200,
    ),
    (
        100_027,
        "Prince And The Revolution",
        "Purple Rain",
        "Warner Bros. Records",
        "1-25110",
        "LP, Album",
        1984,
        2400,
    ),
    (
        100_028,
        "Björk",
        "Homogenic",
        "One Little Indian",
        "TPLP71",
        "LP, Album",
        1997,
        5400,
    ),
    (
        100_029,
        "Can",
        "Tago Mago",
        "United Artists Records",
        "UAS 29 211 X",
        "2xLP, Album",
        1971,
        7500,
    ),
    (
        100_030,
        "Fela Kuti",
        "Zombie",
        "Coconut",
        "PMLP 1000",
        "LP, Album",
        1977,
        6800,
    ),
];

/// The price suggestions Discogs documents for release 1, kept digit for digit so clients can
/// test exact decimal decoding.
const RELEASE_1_SUGGESTIONS: [(&str, &str); 8] = [
    ("Very Good (VG)", "6.7827501"),
    ("Good Plus (G+)", "3.7681945000000003"),
    ("Near Mint (NM or M-)", "12.8118613"),
    ("Good (G)", "2.2609167"),
    ("Very Good Plus (VG+)", "9.7973057"),
    ("Mint (M)", "14.319139100000001"),
    ("Fair (F)", "1.5072778000000002"),
    ("Poor (P)", "0.7536389000000001"),
];

/// Relative worth of each media grade against Very Good Plus, in percent.
const GRADE_PERCENT: [i64; 8] = [150, 125, 100, 80, 60, 45, 30, 15];

const COMMENTS: [&str; 5] = [
    "Original inner sleeve.",
    "Light surface marks, plays through clean.",
    "Includes insert.",
    "Corner ding on sleeve.",
    "",
];

/// A fixed start time so the demo data is the same on every run: 2024-01-01T00:00:00Z.
const DEMO_EPOCH: i64 = 1_704_067_200;

pub(crate) fn load(state: &mut State, config: &Config, seller: &str) {
    for (id, artist, title, label, catno, format, year, _) in RELEASES {
        state.releases.insert(
            *id,
            DiscogsRelease {
                id: *id,
                artist: (*artist).to_string(),
                title: (*title).to_string(),
                label: (*label).to_string(),
                catalog_number: (*catno).to_string(),
                format: (*format).to_string(),
                year: *year,
            },
        );
    }
    state.suggestions.insert(
        1,
        RELEASE_1_SUGGESTIONS
            .iter()
            .filter_map(|(grade, value)| {
                value
                    .parse::<Decimal>()
                    .ok()
                    .map(|value| (grade.to_string(), value))
            })
            .collect(),
    );

    let mut listing_ids = Vec::new();
    for index in 0..300_usize {
        let Some(&(release_id, _, _, _, _, _, _, base_cents)) =
            RELEASES.get(index % RELEASES.len())
        else {
            continue;
        };
        let grade = (index / RELEASES.len() + index) % MEDIA_CONDITIONS.len();
        let percent = GRADE_PERCENT.get(grade).copied().unwrap_or(100);
        let cents = base_cents * percent / 100 + i64::try_from(index % 7).unwrap_or(0) * 50;
        // Prices end in .99 or .49 like a record shop's.
        let cents = (cents / 100) * 100 + if index % 2 == 0 { 99 } else { 49 };
        let mut listing = DiscogsListing::new(seller, release_id, Decimal::new(cents, 2));
        let media = MEDIA_CONDITIONS
            .get(grade)
            .copied()
            .unwrap_or("Very Good Plus (VG+)");
        listing.condition = media.to_string();
        listing.sleeve_condition = Some(
            MEDIA_CONDITIONS
                .get((grade + 1).min(MEDIA_CONDITIONS.len() - 1))
                .copied()
                .unwrap_or("Generic")
                .to_string(),
        );
        listing.comments = COMMENTS
            .get(index % COMMENTS.len())
            .copied()
            .unwrap_or_default()
            .to_string();
        listing.allow_offers = index % 3 == 0;
        listing.external_id = Some(format!("SKU-{index:05}"));
        listing.location = Some(format!(
            "Shelf {}-{}",
            (b'A' + (index % 6) as u8) as char,
            index % 20 + 1
        ));
        listing.weight = Some(230);
        listing.format_quantity = Some(1);
        listing.posted = DEMO_EPOCH + i64::try_from(index).unwrap_or(0) * 3_600;
        // Every fifth listing has no shipping price and so shows `"shipping_price": {}`, as
        // live inventory pages do (field notes §1.8).
        listing.shipping_price = match index % 5 {
            0 => None,
            _ if index % 2 == 1 => Some(Decimal::new(450, 2)),
            _ => Some(Decimal::new(600, 2)),
        };
        listing.status = match index {
            i if i % 41 == 40 => DiscogsListingStatus::Expired,
            i if i % 29 == 28 => DiscogsListingStatus::Draft,
            _ => DiscogsListingStatus::ForSale,
        };
        listing_ids.push(state.insert_listing(listing));
    }

    // Four orders in different states, each for one or two of the listings above (now Sold).
    let order_plans: [(&[usize], &str, i64); 4] = [
        (&[3], "New Order", 0),
        (&[10, 11], "Payment Received", 5_00),
        (&[50], "Shipped", 4_00),
        (&[77], "Cancelled (Per Buyer's Request)", 0),
    ];
    for (number, (indices, status, shipping_cents)) in order_plans.iter().enumerate() {
        let mut items = Vec::new();
        for index in indices.iter() {
            let Some(listing) = listing_ids
                .get(*index)
                .and_then(|id| state.listings.get_mut(id))
            else {
                continue;
            };
            listing.status = DiscogsListingStatus::Sold;
            items.push(DiscogsOrderItem {
                listing_id: listing.id,
                release_id: listing.release_id,
                price: listing.price,
                media_condition: listing.condition.clone(),
                sleeve_condition: listing.sleeve_condition.clone().unwrap_or_default(),
            });
        }
        let created = DEMO_EPOCH + 86_400 * 30 + i64::try_from(number).unwrap_or(0) * 86_400;
        let mut order = DiscogsOrder::new(seller, DEFAULT_BUYER, items);
        order.status = (*status).to_string();
        order.created = created;
        order.last_activity = created + 3_600;
        order.shipping = Decimal::new(*shipping_cents, 2);
        order.shipping_address = "Asdf Exampleton\n234 NE Asdf St.\nAsdf Town, Oregon, 14423\nUnited States\n\nPhone: 555-555-2733".to_string();
        order.additional_instructions = "please use sturdy packaging.".to_string();
        order.messages.push(DiscogsOrderMessage {
            kind: "status".to_string(),
            message: format!("{DEFAULT_BUYER} created the order."),
            subject: String::new(),
            from: DEFAULT_BUYER.to_string(),
            timestamp: created,
            status_id: Some(1),
            shipping_change: None,
        });
        if *status != "New Order" {
            order.messages.push(DiscogsOrderMessage {
                kind: "status".to_string(),
                message: format!("Seller changed status from New Order to {status}"),
                subject: String::new(),
                from: seller.to_string(),
                timestamp: created + 3_600,
                status_id: None,
                shipping_change: None,
            });
        }
        state.insert_order(config, order);
    }
}
