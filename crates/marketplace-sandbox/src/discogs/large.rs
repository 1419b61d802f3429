//! A large inventory of another seller, generated: the shape a stranger reads from a big live
//! inventory (field notes §1.2, §1.8) without a fixture file holding thousands of rows.

use rust_decimal::Decimal;

use super::model::{DiscogsListing, DiscogsRelease, MEDIA_CONDITIONS};
use super::state::State;

/// Releases the generated listings sell: the first is the one a live inventory test recorded
/// (field notes §1.8 cite it), the others are well-known singles.
#[rustfmt::skip]
const RELEASES: [(u64, &str, &str, &str, &str, &str, u16); 4] = [
    (1_525_534, "Frank Black", "Men In Black", "Epic, Dragnet", "662786 7, 01-662786-04", "7\", Single", 1996),
    (1_525_600, "Pixies", "Here Comes Your Man", "4AD", "AD 904", "7\", Single", 1989),
    (1_525_601, "The Breeders", "Cannonball", "4AD", "AD 3005", "7\", Single", 1993),
    (1_525_602, "Throwing Muses", "Counting Backwards", "4AD", "AD 1003", "7\", Single", 1991),
];

/// One hour: how far apart the generated listings were posted.
const SPACING: i64 = 3_600;
/// When the newest generated listing was posted: 2023-03-27T07:33:02Z.
const NEWEST: i64 = 1_679_902_382;

/// Adds `count` For Sale listings of `username`: GBP prices from £1.21 up, no shipping price
/// (`{}` on the wire), every third with `shipping_is_blocked`, shipped from the United Kingdom.
pub(crate) fn load(state: &mut State, username: &str, count: usize) {
    for (id, artist, title, label, catno, format, year) in RELEASES {
        state.releases.entry(id).or_insert_with(|| DiscogsRelease {
            id,
            artist: artist.to_string(),
            title: title.to_string(),
            label: label.to_string(),
            catalog_number: catno.to_string(),
            format: format.to_string(),
            year,
        });
    }
    for index in 0..count {
        let Some(&(release_id, ..)) = RELEASES.get(index % RELEASES.len()) else {
            continue;
        };
        let step = i64::try_from(index % 50).unwrap_or(0);
        let mut listing =
            DiscogsListing::new(username, release_id, Decimal::new(121 + step * 50, 2));
        listing.currency = "GBP".to_string();
        listing.condition = MEDIA_CONDITIONS
            .get(index % 4)
            .copied()
            .unwrap_or("Very Good Plus (VG+)")
            .to_string();
        listing.sleeve_condition = Some("Fair (F)".to_string());
        listing.ships_from = "United Kingdom".to_string();
        listing.shipping_is_blocked = index % 3 == 0;
        listing.weight = Some(60);
        listing.format_quantity = Some(1);
        listing.posted = NEWEST - i64::try_from(index).unwrap_or(0) * SPACING;
        state.insert_listing(listing);
    }
}
