//! What the Discogs fake keeps: releases, listings, orders and their messages, upload and export
//! jobs. These are the sandbox's own types (not the client's) so tests can seed and inspect state.

use rust_decimal::Decimal;

/// Media grades, in the exact spelling Discogs requires.
pub const MEDIA_CONDITIONS: [&str; 8] = [
    "Mint (M)",
    "Near Mint (NM or M-)",
    "Very Good Plus (VG+)",
    "Very Good (VG)",
    "Good Plus (G+)",
    "Good (G)",
    "Fair (F)",
    "Poor (P)",
];

/// Sleeve grades: the media grades plus three sleeve-only values.
pub const SLEEVE_CONDITIONS: [&str; 11] = {
    let [mint, near_mint, vg_plus, vg, good_plus, good, fair, poor] = MEDIA_CONDITIONS;
    [
        mint,
        near_mint,
        vg_plus,
        vg,
        good_plus,
        good,
        fair,
        poor,
        "Generic",
        "Not Graded",
        "No Cover",
    ]
};

/// Currencies the marketplace prices in, in the order the documentation lists them.
pub const CURRENCIES: [&str; 12] = [
    "USD", "GBP", "EUR", "CAD", "AUD", "JPY", "CHF", "MXN", "BRL", "NZD", "SEK", "ZAR",
];

/// Discogs' `curr_id` of a currency: its place in [`CURRENCIES`], counted from 1. The
/// documentation shows `USD` as 1 and a live answer `GBP` as 2 (field notes §1.8); the rest
/// follow the documented order, which is an inference.
pub fn currency_id(currency: &str) -> Option<usize> {
    CURRENCIES
        .iter()
        .position(|known| *known == currency)
        .map(|index| index + 1)
}

/// The decimals a currency has: 0 for `JPY`, 2 for the other [`CURRENCIES`] (ISO 4217).
pub fn currency_decimals(currency: &str) -> u32 {
    if currency == "JPY" { 0 } else { 2 }
}

/// How a listing without a shipping price shows `shipping_price` and
/// `original_shipping_price`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiscogsMissingShipping {
    /// `"shipping_price": {}` and `"original_shipping_price": {}`: what live inventory pages send
    /// (field notes §1.8). The default.
    #[default]
    EmptyObject,
    /// Both keys with `null`.
    Null,
    /// Both keys left out.
    Absent,
}

/// Order statuses a seller may set.
pub const SETTABLE_ORDER_STATUSES: [&str; 11] = [
    "New Order",
    "Buyer Contacted",
    "Invoice Sent",
    "Payment Pending",
    "Payment Received",
    "In Progress",
    "Shipped",
    "Refund Sent",
    "Cancelled (Non-Paying Buyer)",
    "Cancelled (Item Unavailable)",
    "Cancelled (Per Buyer's Request)",
];

/// Every order status the order list accepts as a filter: the settable ones, the ones only
/// Discogs sets, and `All`, in the order Discogs lists them.
#[rustfmt::skip]
pub(crate) const ORDER_STATUS_FILTERS: [&str; 16] = {
    let [
        new, contacted, invoiced, pending, received, in_progress, shipped, refunded,
        non_paying, unavailable, per_request,
    ] = SETTABLE_ORDER_STATUSES;
    [
        "All", new, contacted, invoiced, pending, received, in_progress, shipped, "Merged",
        "Order Changed", refunded, "Cancelled", non_paying, unavailable, per_request,
        "Cancelled (Refund Received)",
    ]
};

/// Carriers accepted in an order's tracking object.
pub(crate) const CARRIERS: [&str; 9] = [
    "UPS",
    "USPS",
    "DHL",
    "Deutsche Post",
    "La Poste",
    "Royal Mail",
    "PostNL",
    "DHL Germany",
    "Other",
];

/// A release in the fake's catalogue. Listings refer to releases by id; a listing for an id the
/// catalogue lacks gets a placeholder release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscogsRelease {
    /// The Discogs release id.
    pub id: u64,
    /// Artist name as printed in descriptions.
    pub artist: String,
    /// Release title.
    pub title: String,
    /// Label name.
    pub label: String,
    /// Catalogue number(s).
    pub catalog_number: String,
    /// Format summary, e.g. `LP, Album`.
    pub format: String,
    /// Year of release (0 when unknown).
    pub year: u16,
}

impl DiscogsRelease {
    /// A release with only the essentials; the other fields are empty.
    pub fn new(id: u64, artist: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            id,
            artist: artist.into(),
            title: title.into(),
            label: String::new(),
            catalog_number: String::new(),
            format: "LP".to_string(),
            year: 0,
        }
    }

    /// `Artist - Title (Format)`, as listings describe their release.
    pub fn description(&self) -> String {
        format!("{} - {} ({})", self.artist, self.title, self.format)
    }

    pub(crate) fn placeholder(id: u64) -> Self {
        Self::new(id, "Unknown Artist", format!("Release {id}"))
    }
}

/// The status of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DiscogsListingStatus {
    /// Visible on the marketplace.
    ForSale,
    /// Not ready for display.
    Draft,
    /// No longer shown; can be relisted by editing.
    Expired,
    /// Bought; cannot be edited.
    Sold,
    /// Suspended by the marketplace.
    Suspended,
    /// Removed for breaking the rules.
    Violation,
}

impl DiscogsListingStatus {
    /// The spelling Discogs uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ForSale => "For Sale",
            Self::Draft => "Draft",
            Self::Expired => "Expired",
            Self::Sold => "Sold",
            Self::Suspended => "Suspended",
            Self::Violation => "Violation",
        }
    }

    /// Reads the Discogs spelling, ignoring case.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::ForSale,
            Self::Draft,
            Self::Expired,
            Self::Sold,
            Self::Suspended,
            Self::Violation,
        ]
        .into_iter()
        .find(|status| status.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether the listing can still be edited (For Sale, Draft or Expired).
    pub fn is_editable(self) -> bool {
        matches!(self, Self::ForSale | Self::Draft | Self::Expired)
    }
}

/// A marketplace listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscogsListing {
    /// Listing id; 0 in a seed means "assign the next free id".
    pub id: u64,
    /// Username of the seller.
    pub seller: String,
    /// The release being sold.
    pub release_id: u64,
    /// Current status.
    pub status: DiscogsListingStatus,
    /// Price in `currency`.
    pub price: Decimal,
    /// ISO currency code.
    pub currency: String,
    /// Media grade.
    pub condition: String,
    /// Sleeve grade.
    pub sleeve_condition: Option<String>,
    /// Remarks shown to buyers.
    pub comments: String,
    /// Whether buyers may make offers.
    pub allow_offers: bool,
    /// The seller's private reference.
    pub external_id: Option<String>,
    /// The seller's private storage location.
    pub location: Option<String>,
    /// Weight in grams.
    pub weight: Option<u32>,
    /// How many items the listing counts as for shipping.
    pub format_quantity: Option<u32>,
    /// Copies available (owner-only field).
    pub quantity: u32,
    /// When the listing was posted (Unix seconds).
    pub posted: i64,
    /// Country the item ships from.
    pub ships_from: String,
    /// The shipping price in `currency`; `None` (the default) renders as `{}` (see
    /// [`DiscogsMissingShipping`]).
    pub shipping_price: Option<Decimal>,
    /// Whether the seller does not ship to the caller (`shipping_is_blocked`).
    pub shipping_is_blocked: bool,
}

impl DiscogsListing {
    /// A For Sale listing in USD, graded Very Good Plus, with an id assigned when seeded.
    pub fn new(seller: impl Into<String>, release_id: u64, price: Decimal) -> Self {
        Self {
            id: 0,
            seller: seller.into(),
            release_id,
            status: DiscogsListingStatus::ForSale,
            price,
            currency: "USD".to_string(),
            condition: "Very Good Plus (VG+)".to_string(),
            sleeve_condition: Some("Very Good Plus (VG+)".to_string()),
            comments: String::new(),
            allow_offers: false,
            external_id: None,
            location: None,
            weight: None,
            format_quantity: None,
            quantity: 1,
            posted: 0,
            ships_from: "United States".to_string(),
            shipping_price: None,
            shipping_is_blocked: false,
        }
    }
}

/// One item of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscogsOrderItem {
    /// The listing that was bought.
    pub listing_id: u64,
    /// Its release.
    pub release_id: u64,
    /// Price paid.
    pub price: Decimal,
    /// Media grade.
    pub media_condition: String,
    /// Sleeve grade.
    pub sleeve_condition: String,
}

/// Shipment tracking set on an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscogsTracking {
    /// The carrier's tracking number.
    pub number: String,
    /// The carrier, one of the accepted names.
    pub carrier: Option<String>,
    /// A tracking URL derived from the carrier.
    pub url: Option<String>,
}

/// One entry of an order's message log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscogsOrderMessage {
    /// `message`, `status`, `shipping`, `refund_sent` or `refund_received`.
    pub kind: String,
    /// The message text.
    pub message: String,
    /// The subject line (often empty).
    pub subject: String,
    /// Who wrote it or caused it.
    pub from: String,
    /// When (Unix seconds).
    pub timestamp: i64,
    /// The numeric status for `status` entries.
    pub status_id: Option<u8>,
    /// Old and new shipping amounts for `shipping` entries.
    pub shipping_change: Option<(Decimal, Decimal)>,
}

/// A marketplace order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscogsOrder {
    /// `{seller id}-{n}`; empty in a seed means "assign the next id".
    pub id: String,
    /// Seller username.
    pub seller: String,
    /// Buyer username.
    pub buyer: String,
    /// Current status, in Discogs' spelling.
    pub status: String,
    /// When it was created (Unix seconds).
    pub created: i64,
    /// Last change (Unix seconds).
    pub last_activity: i64,
    /// What was bought.
    pub items: Vec<DiscogsOrderItem>,
    /// Shipping charged.
    pub shipping: Decimal,
    /// Shipping method name.
    pub shipping_method: String,
    /// Currency of every amount.
    pub currency: String,
    /// Where to ship.
    pub shipping_address: String,
    /// The buyer's notes.
    pub additional_instructions: String,
    /// Whether the seller archived it.
    pub archived: bool,
    /// Tracking, once set.
    pub tracking: Option<DiscogsTracking>,
    /// The message log, oldest first.
    pub messages: Vec<DiscogsOrderMessage>,
}

impl DiscogsOrder {
    /// A New Order in USD with no shipping charged yet; the id is assigned when seeded.
    pub fn new(
        seller: impl Into<String>,
        buyer: impl Into<String>,
        items: Vec<DiscogsOrderItem>,
    ) -> Self {
        Self {
            id: String::new(),
            seller: seller.into(),
            buyer: buyer.into(),
            status: "New Order".to_string(),
            created: 0,
            last_activity: 0,
            items,
            shipping: Decimal::ZERO,
            shipping_method: "Standard".to_string(),
            currency: "USD".to_string(),
            shipping_address: String::new(),
            additional_instructions: String::new(),
            archived: false,
            tracking: None,
            messages: Vec::new(),
        }
    }

    /// Sum of the item prices plus shipping.
    pub fn total(&self) -> Decimal {
        self.items.iter().map(|item| item.price).sum::<Decimal>() + self.shipping
    }
}

/// What kind of CSV an upload carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiscogsUploadKind {
    /// New listings.
    Add,
    /// Changes to existing listings.
    Change,
    /// Listings to delete.
    Delete,
}

impl DiscogsUploadKind {
    /// The spelling in the upload API (`add`, `change`, `delete`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Change => "change",
            Self::Delete => "delete",
        }
    }
}

/// An inventory upload job as a test sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiscogsUpload {
    /// Job id (the last segment of the `Location` URL).
    pub id: u64,
    /// Owner of the job.
    pub username: String,
    /// What the CSV did.
    pub kind: DiscogsUploadKind,
    /// `queued`, `processing`, then `success` (also when rows were skipped) or `failed` (an
    /// empty file).
    pub status: String,
    /// The uploaded file's name.
    pub filename: String,
    /// The result text once processed.
    pub results: Option<String>,
    /// Data rows in the CSV.
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UploadJob {
    pub(crate) view: DiscogsUpload,
    pub(crate) csv_rows: Vec<Vec<(String, String)>>,
    pub(crate) created: i64,
    pub(crate) finished: Option<i64>,
    pub(crate) changed: i64,
    /// The uploaded file was empty: the job fails when it is processed.
    pub(crate) empty_file: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExportJob {
    pub(crate) id: u64,
    pub(crate) username: String,
    pub(crate) status: String,
    pub(crate) created: i64,
    pub(crate) finished: Option<i64>,
    pub(crate) csv: Option<String>,
}

/// A user the fake knows, with the personal token that authenticates as them.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Account {
    pub(crate) username: String,
    pub(crate) user_id: u64,
    pub(crate) token: String,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Account")
            .field("username", &self.username)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}
