//! The four fakes' public names are distinct from each other, so a test may glob-import every
//! fake at once. Naming an item two glob imports both bring is a compile error ("ambiguous"), so
//! each name used below proves it is unique. The names that also stood in the client crates
//! (`Listing`, `Order`, `Upload`, `Asset`, `Platform`, `RecordKind`, `ImportJob`, …) carry the
//! vendor's prefix for the same reason.

use marketplace_sandbox::bulk_insert::*;
use marketplace_sandbox::discogs::*;
use marketplace_sandbox::instica::*;
use marketplace_sandbox::newegg::*;
use rust_decimal::Decimal;

#[test]
fn every_fake_can_be_glob_imported_beside_the_others() {
    assert_eq!(DISCOGS_TOKEN, "sandbox-discogs-token");
    assert_eq!(INSTICA_TOKEN, "sandbox-instica-token");
    assert_eq!(NEWEGG_CONDITIONS.first(), Some(&(1, "New")));
    assert_eq!(INSTICA_CONDITIONS.first(), Some(&("mint", "Mint (M)")));
    assert!(ASSET_MIME_TYPES.contains(&"image/jpeg"));

    let listing = DiscogsListing::new(DEFAULT_SELLER, 1, Decimal::TEN);
    assert_eq!(listing.status, DiscogsListingStatus::ForSale);
    let release = DiscogsRelease::new(1, "The Persuader", "Stockholm");
    assert_eq!(release.description(), "The Persuader - Stockholm (LP)");
    let item = DiscogsOrderItem {
        listing_id: 1,
        release_id: release.id,
        price: Decimal::TEN,
        media_condition: MEDIA_CONDITIONS[0].to_string(),
        sleeve_condition: SLEEVE_CONDITIONS[10].to_string(),
    };
    let order = DiscogsOrder::new(DEFAULT_SELLER, DEFAULT_BUYER, vec![item]);
    assert_eq!(order.total(), Decimal::TEN);
    let _: Option<DiscogsTracking> = order.tracking;
    let _: Vec<DiscogsOrderMessage> = order.messages;
    assert_eq!(DiscogsUploadKind::Change.as_str(), "change");
    let _: fn(&DiscogsSandbox, &str) -> Vec<DiscogsUpload> = DiscogsSandbox::uploads;

    assert_eq!(StockRecordKind::Transit.as_str(), "Transit");
    let _: fn(&BulkInsertSandbox) -> Vec<BulkInsertJob> = BulkInsertSandbox::import_jobs;

    assert_eq!(InsticaProduct::new("prod_1", "Blue").title, "Blue");
    let _: fn(&InsticaSandbox, &str) -> Vec<InsticaAsset> = InsticaSandbox::assets;
    let _: fn(&InsticaSandbox, &str) -> Vec<InsticaPlatformListing> = InsticaSandbox::listings;
    let _: fn(&InsticaSandbox, &str) -> Vec<InsticaAuditEntry> = InsticaSandbox::audit_logs;
    let platform = InsticaPlatform {
        slug: "ebay".to_string(),
        name: "eBay".to_string(),
        connected: true,
    };
    assert!(platform.connected);
    let _ = NeweggItem::new("9SIA0060ZZ0001", "A006-NEW");

    // The names the field-notes facts added are unique too.
    assert_eq!(DEMO_LARGE_SELLER, "360vinyl");
    assert!(!DEMO_LARGE_SELLER_TOKEN.is_empty());
    assert_eq!(DEMO_LARGE_SELLER_LISTINGS.div_ceil(50), 433);
    assert_ne!(DEMO_LISTING_WITHOUT_SHIPPING, DEMO_LISTING_WITH_SHIPPING);
    assert_eq!(
        DiscogsMissingShipping::default(),
        DiscogsMissingShipping::EmptyObject
    );
    assert_eq!((currency_id("GBP"), currency_decimals("JPY")), (Some(2), 0));
    assert_eq!(
        NeweggReadShape::default(),
        NeweggReadShape::InventoryAllocation
    );
    assert_eq!(NeweggResetTime::default(), NeweggResetTime::PacificUs);
    assert_ne!(DEMO_SHIPPED_BY_NEWEGG_PART, DEMO_MIXED_FULFILLMENT_PART);
    assert_eq!(GATEWAY_PATH, "/api-inventory");
    assert_eq!(generic_inventory_id("1").len(), 24);
    assert_eq!(
        InsticaPageSizeOverflow::default(),
        InsticaPageSizeOverflow::Clamp
    );
    assert_eq!(DEFAULT_API_KEY, "sandbox-instica-api-key");
}
