//! What the Instica fake keeps: products, inventory items, assets, platform listings, audit
//! entries and export jobs.

use rust_decimal::Decimal;

/// Condition grade codes and their labels.
pub const INSTICA_CONDITIONS: [(&str, &str); 8] = [
    ("mint", "Mint (M)"),
    ("nm", "Near Mint (NM)"),
    ("vg_plus", "VG+"),
    ("vg", "VG"),
    ("good_plus", "G+"),
    ("good", "Good (G)"),
    ("fair", "Fair (F)"),
    ("poor", "Poor (P)"),
];

/// Item status codes and their labels.
pub const STATUSES: [(&str, &str); 7] = [
    ("draft", "Draft"),
    ("purchased", "Purchased"),
    ("received", "Received"),
    ("ready-to-sell", "Ready to Sell"),
    ("listed", "Listed"),
    ("sold", "Sold"),
    ("cancelled", "Cancelled"),
];

/// Statuses the bulk status change may set.
pub const BULK_STATUSES: [&str; 5] = [
    "draft",
    "purchased",
    "received",
    "ready-to-sell",
    "cancelled",
];

/// Image types an asset upload accepts.
pub const ASSET_MIME_TYPES: [&str; 6] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "image/heif",
    "image/gif",
];

/// Asset type codes and labels.
pub(crate) const ASSET_TYPES: [(&str, &str); 3] = [
    ("photo", "Photo"),
    ("scan", "Scan"),
    ("document", "Document"),
];

/// Shipment carriers and labels.
pub(crate) const CARRIERS: [(&str, &str); 5] = [
    ("usps", "USPS"),
    ("ups", "UPS"),
    ("fedex", "FedEx"),
    ("dhl", "DHL"),
    ("royal_mail", "Royal Mail"),
];

/// Item types: uid, name, slug.
pub(crate) const ITEM_TYPES: [(&str, &str, &str); 6] = [
    ("type_vinyl", "Vinyl", "vinyl"),
    ("type_cd", "CD", "cd"),
    ("type_cassette", "Cassette", "cassette"),
    ("type_vinyl_single", "Vinyl Single (7\")", "vinyl-single"),
    ("type_turntable", "Turntable", "turntable"),
    ("type_audio_gear", "Audio Equipment", "audio-equipment"),
];

/// The label of a condition code.
pub(crate) fn condition_label(code: &str) -> Option<&'static str> {
    INSTICA_CONDITIONS
        .iter()
        .find(|(value, _)| *value == code)
        .map(|(_, label)| *label)
}

/// The label of a status code.
pub(crate) fn status_label(code: &str) -> &'static str {
    STATUSES
        .iter()
        .find(|(value, _)| *value == code)
        .map_or("Unknown", |(_, label)| *label)
}

/// Reads a condition given as a code, a label or a common abbreviation.
pub(crate) fn normalize_condition(text: &str) -> Option<&'static str> {
    let wanted = text.trim().to_ascii_lowercase();
    let alias = match wanted.as_str() {
        "m" => "mint",
        "near mint" | "nm or m-" | "m-" => "nm",
        "vg+" | "very good plus" => "vg_plus",
        "very good" => "vg",
        "g+" | "good plus" => "good_plus",
        "g" => "good",
        "f" => "fair",
        "p" => "poor",
        other => other,
    };
    INSTICA_CONDITIONS
        .iter()
        .find(|(code, label)| *code == alias || label.eq_ignore_ascii_case(&wanted))
        .map(|(code, _)| *code)
}

/// A marketplace the fake can list on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsticaPlatform {
    /// `ebay`, `discogs`, …
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Whether the account has connected it (listing needs a connection).
    pub connected: bool,
}

/// A product (the catalogue entry items belong to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsticaProduct {
    /// Identifier.
    pub uid: String,
    /// Title.
    pub title: String,
    /// Artist name, for music.
    pub artist: Option<String>,
    /// Catalogue number.
    pub catalog_number: Option<String>,
    /// Release year.
    pub year: Option<String>,
    /// UPC.
    pub upc: Option<String>,
    /// SKU.
    pub sku: Option<String>,
}

impl InsticaProduct {
    /// A product with a title only.
    pub fn new(uid: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            uid: uid.into(),
            title: title.into(),
            artist: None,
            catalog_number: None,
            year: None,
            upc: None,
            sku: None,
        }
    }
}

/// An inventory item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsticaItem {
    /// Identifier; empty in a seed means "assign one".
    pub uid: String,
    /// Manual name (overrides the computed title).
    pub name: Option<String>,
    /// The product it belongs to.
    pub product_uid: Option<String>,
    /// Item type uid.
    pub item_type_uid: Option<String>,
    /// Item condition code.
    pub condition_item: Option<String>,
    /// Container (sleeve, case) condition code.
    pub condition_container: Option<String>,
    /// Whether the container condition was set by hand (else it mirrors the item's).
    pub condition_container_manually_set: bool,
    /// Free-text condition notes.
    pub condition_comments: String,
    /// Seller-facing condition notes.
    pub condition_seller_description: String,
    /// Status code.
    pub status: String,
    /// Total listing price.
    pub price_total_usd: Option<Decimal>,
    /// Item-only price.
    pub price_item_usd: Option<Decimal>,
    /// Shipping price.
    pub price_shipping_usd: Option<Decimal>,
    /// Expected price.
    pub price_expected_usd: Option<Decimal>,
    /// Cost basis.
    pub price_purchased_item: Option<Decimal>,
    /// Purchase shipping cost.
    pub price_for_purchases_shipping: Option<Decimal>,
    /// Current marketplace price.
    pub listing_current_price: Option<Decimal>,
    /// Custom description.
    pub manual_description: String,
    /// Custom SKU.
    pub manual_sku: Option<String>,
    /// Internal notes (bulk field update).
    pub notes: Option<String>,
    /// Storage location (bulk field update).
    pub location: Option<String>,
    /// Soft-deleted.
    pub deleted: bool,
    /// Created (Unix seconds).
    pub created: i64,
    /// Last modified (Unix seconds).
    pub updated: i64,
    /// First listed (Unix seconds).
    pub listed_at: Option<i64>,
}

impl InsticaItem {
    /// A draft item with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            uid: String::new(),
            name: Some(name.into()),
            product_uid: None,
            item_type_uid: None,
            condition_item: None,
            condition_container: None,
            condition_container_manually_set: false,
            condition_comments: String::new(),
            condition_seller_description: String::new(),
            status: "draft".to_string(),
            price_total_usd: None,
            price_item_usd: None,
            price_shipping_usd: None,
            price_expected_usd: None,
            price_purchased_item: None,
            price_for_purchases_shipping: None,
            listing_current_price: None,
            manual_description: String::new(),
            manual_sku: None,
            notes: None,
            location: None,
            deleted: false,
            created: 0,
            updated: 0,
            listed_at: None,
        }
    }
}

/// A photo or file attached to an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsticaAsset {
    /// Identifier.
    pub uid: String,
    /// The item it belongs to.
    pub item_uid: String,
    /// Asset type code.
    pub kind: String,
    /// Description.
    pub description: String,
    /// Uploaded file name.
    pub file_name: String,
    /// Media type.
    pub mime_type: String,
    /// Size in bytes.
    pub file_size: usize,
    /// Whether it is the identifying (primary) asset.
    pub is_identifying_asset: bool,
    /// Created (Unix seconds).
    pub created: i64,
}

/// One item's listing on one platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsticaPlatformListing {
    /// Identifier.
    pub uid: String,
    /// The item.
    pub item_uid: String,
    /// Platform slug.
    pub platform: String,
    /// `in_progress`, `listed`, `draft`, `delisting`, `delisted`, `listing_failed`.
    pub status: String,
    /// The marketplace's own listing id, once listed.
    pub listing_id: Option<String>,
    /// Price it is listed at.
    pub price: Option<Decimal>,
    /// Whether it was listed as a draft.
    pub is_draft: bool,
    /// The slug of the last error, e.g. `price_not_set`.
    pub last_error: Option<String>,
}

/// An audit-log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsticaAuditEntry {
    /// Identifier.
    pub uid: String,
    /// The item.
    pub item_uid: String,
    /// `list`, `delist`, `price_update`, `status_change`, `list_failed`.
    pub action: String,
    /// The platform concerned, if any.
    pub platform: Option<String>,
    /// Listing status before.
    pub status_before: Option<String>,
    /// Listing status after.
    pub status_after: Option<String>,
    /// Readable description.
    pub message: String,
    /// `info` or `error`.
    pub severity: String,
    /// Extra data.
    pub metadata: serde_json::Value,
    /// When (Unix seconds).
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExportJob {
    pub(crate) uid: String,
    pub(crate) status: String,
    pub(crate) created: i64,
    pub(crate) csv: Option<String>,
}

pub(crate) fn listing_status_label(status: &str) -> &'static str {
    match status {
        "in_progress" => "In Progress",
        "listed" => "Listed",
        "draft" => "Draft",
        "delisting" => "Delisting",
        "delisted" => "Delisted",
        "listing_failed" => "Listing Failed",
        _ => "Not Listed",
    }
}
