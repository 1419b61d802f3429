//! The demo items.

use super::model::NeweggItem;
use super::{DEMO_MIXED_FULFILLMENT_PART, DEMO_SHIPPED_BY_NEWEGG_PART};

/// Item number, seller part number, stock in USA and in CAN (`None`: no Canadian stock kept),
/// of the plain demo items of the default seller.
#[rustfmt::skip]
const STOCKED: [(&str, &str, u32, Option<u32>); 6] = [
    ("9SIA00607Y6476", "A006BSP3", 107, Some(12)),
    ("9SIA0060AB1234", "A006-TT-USB", 24, Some(6)),
    ("9SIA0060AB1235", "A006-CART-VM95E", 58, Some(15)),
    ("9SIA0060AB1236", "A006-PREAMP-PP400", 9, Some(0)),
    ("9SIA0060AB1237", "A006-SPK-BOOK2", 31, None),
    ("9SIA0060AB1238", "A006-HP-STUDIO", 77, Some(20)),
];

/// The demo items: see [`NeweggSandboxBuilder`](super::NeweggSandboxBuilder).
pub(crate) fn demo_items() -> Vec<NeweggItem> {
    let stocked = |item_number: &str, part_number: &str, usa: u32, can: Option<u32>| {
        let item = NeweggItem::new(item_number, part_number).with_stock("USA", usa);
        match can {
            Some(quantity) => item.with_stock("CAN", quantity),
            None => item,
        }
    };
    let mut items: Vec<NeweggItem> = STOCKED
        .iter()
        .map(|&(item_number, part_number, usa, can)| stocked(item_number, part_number, usa, can))
        .collect();
    let mut new_upc = stocked("9SIA0060AB1239", "A006-DAC-MINI-N", 40, Some(8));
    new_upc.upc = Some("840006612345".to_string());
    let mut refurbished_upc = stocked("9SIA0060AB1240", "A006-DAC-MINI-R", 5, None);
    refurbished_upc.upc = Some("840006612345".to_string());
    refurbished_upc.condition = 2;
    let mut promotion = stocked("9SIA0060AB1241", "A006-CABLE-RCA", 500, Some(120));
    promotion.promotion_minimum = Some(100);
    // The item of Newegg's SDK recording (field notes §2.4): stock of both fulfillment options
    // in USA, none in AUS.
    let mixed = NeweggItem::new("9SIA0060884598", DEMO_MIXED_FULFILLMENT_PART)
        .with_stock("USA", 107)
        .with_stock("AUS", 0)
        .with_newegg_stock("USA", &[("07", 3), ("12", 37)]);
    let shipped_by_newegg = NeweggItem::new("9SIA0060AB1242", DEMO_SHIPPED_BY_NEWEGG_PART)
        .with_newegg_stock("USA", &[("07", 12), ("08", 6)])
        .shipped_by_newegg();
    let mut foreign = stocked("9SIA00B1230001", "B123-AMP-01", 3, None);
    foreign.seller_id = "B123".to_string();
    items.extend([
        new_upc,
        refurbished_upc,
        promotion,
        mixed,
        shipped_by_newegg,
        foreign,
    ]);
    items
}
