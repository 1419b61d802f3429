//! The typed inventory feed: items, the rules they are checked against before sending, and
//! the two documents they become (`INVENTORY_DATA` for Newegg.com, `INVENTORY_AND_PRICE_DATA`
//! for Newegg Business and Newegg Canada), in XML or JSON.

use std::collections::{HashMap, HashSet};

use inventory_model::Country;
use serde::Serialize;

use super::{FeedType, MAX_FEED_RECORDS};
use crate::client::Format;
use crate::error::NeweggError;
use crate::inventory::{MAX_AVAILABLE_QUANTITY, check_text};
use crate::region::Region;

/// The longest `SellerPartNumber` the feed takes: 40 characters, spaces included.
pub(crate) const MAX_PART_NUMBER_CHARS: usize = 40;

/// One record of an inventory feed: a quantity for one seller part number, in one warehouse
/// country (Newegg.com) or on the platform (Newegg Business, Newegg Canada).
///
/// ```
/// use inventory_model::Country;
/// use newegg_client::FeedItem;
///
/// let us = FeedItem::in_warehouse("A006BSP3", Country::USA, 107);
/// let canada = FeedItem::on_platform("A006BSP3", 12).newegg_item("9SIA00607Y6476");
/// assert_eq!(us.warehouse(), Some(Country::USA));
/// assert_eq!(canada.warehouse(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedItem {
    seller_part_number: String,
    newegg_item_number: Option<String>,
    warehouse: Option<Country>,
    quantity: u32,
}

impl FeedItem {
    /// `quantity` items of `seller_part_number` in the seller's warehouse in `warehouse`
    /// (Newegg.com's `INVENTORY_DATA`, where `WarehouseLocation` is required).
    pub fn in_warehouse(
        seller_part_number: impl Into<String>,
        warehouse: Country,
        quantity: u32,
    ) -> Self {
        Self {
            seller_part_number: seller_part_number.into(),
            newegg_item_number: None,
            warehouse: Some(warehouse),
            quantity,
        }
    }

    /// `quantity` items of `seller_part_number` on the client's platform (the
    /// `INVENTORY_AND_PRICE_DATA` of Newegg Business and Newegg Canada, which names no
    /// warehouse).
    pub fn on_platform(seller_part_number: impl Into<String>, quantity: u32) -> Self {
        Self {
            seller_part_number: seller_part_number.into(),
            newegg_item_number: None,
            warehouse: None,
            quantity,
        }
    }

    /// Names Newegg's item number too (`NeweggItemNumber`, optional).
    #[must_use]
    pub fn newegg_item(mut self, item_number: impl Into<String>) -> Self {
        self.newegg_item_number = Some(item_number.into());
        self
    }

    /// The seller part number (the seller's SKU).
    pub fn seller_part_number(&self) -> &str {
        &self.seller_part_number
    }

    /// Newegg's item number, if named.
    pub fn newegg_item_number(&self) -> Option<&str> {
        self.newegg_item_number.as_deref()
    }

    /// The warehouse country, if named.
    pub fn warehouse(&self) -> Option<Country> {
        self.warehouse
    }

    /// The quantity (Newegg's `Inventory`).
    pub fn quantity(&self) -> u32 {
        self.quantity
    }

    /// The country this record's quantity is for on `region`: its warehouse, or on a platform
    /// whose feed names none, the platform's [`home_country`](Region::home_country). Processing
    /// reports name it (`CountryCode`), and outcomes are matched on it.
    pub fn country(&self, region: Region) -> Country {
        self.warehouse.unwrap_or(region.home_country())
    }
}

/// An inventory feed: at most [`MAX_FEED_RECORDS`] [`FeedItem`]s, sent as one document
/// ([`NeweggClient::submit_inventory_feed`](crate::NeweggClient::submit_inventory_feed)).
///
/// It has no way to say `Overwrite`: Newegg's `Overwrite=Yes` deactivates every item the feed
/// does not list, and no call of this client sends it.
///
/// ```
/// use inventory_model::Country;
/// use newegg_client::{FeedItem, InventoryFeed};
///
/// let feed = InventoryFeed::new()
///     .with(FeedItem::in_warehouse("A006BSP3", Country::USA, 107))
///     .with(FeedItem::in_warehouse("A006BSP3", Country::AUS, 0));
/// assert_eq!(feed.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InventoryFeed {
    items: Vec<FeedItem>,
}

impl InventoryFeed {
    /// An empty feed.
    pub fn new() -> Self {
        Self::default()
    }

    /// The feed with `item` added.
    #[must_use]
    pub fn with(mut self, item: FeedItem) -> Self {
        self.items.push(item);
        self
    }

    /// Adds `item`.
    pub fn push(&mut self, item: FeedItem) {
        self.items.push(item);
    }

    /// The records, in the order they are sent.
    pub fn items(&self) -> &[FeedItem] {
        &self.items
    }

    /// How many records the feed holds (what the hourly allowance counts).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the feed holds no record.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Splits the feed into feeds of at most [`MAX_FEED_RECORDS`] records, keeping the
    /// records of one seller part number in one feed and the order otherwise.
    pub fn split(self) -> Vec<InventoryFeed> {
        split_keyed(self.items, |item| item.seller_part_number.clone())
            .into_iter()
            .map(|items| Self { items })
            .collect()
    }

    /// Checks every rule Newegg documents for the feed of `region`; nothing is sent when one
    /// is broken.
    pub(crate) fn check(&self, region: Region) -> Result<(), NeweggError> {
        if self.items.is_empty() {
            return Err(NeweggError::invalid(
                "items",
                "a feed needs at least one item",
            ));
        }
        if self.items.len() > MAX_FEED_RECORDS {
            return Err(NeweggError::invalid(
                "items",
                format!(
                    "a feed carries at most {MAX_FEED_RECORDS} records, got {} (split it with \
                     `InventoryFeed::split`)",
                    self.items.len()
                ),
            ));
        }
        let mut seen: HashSet<(&str, Country)> = HashSet::with_capacity(self.items.len());
        for (index, item) in self.items.iter().enumerate() {
            check_item(index, item, region)?;
            if !seen.insert((&item.seller_part_number, item.country(region))) {
                return Err(NeweggError::invalid(
                    format!("items[{index}]"),
                    format!(
                        "`{}` in {} is listed more than once (one record per item and \
                         warehouse country)",
                        item.seller_part_number,
                        item.country(region)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The document for `region` in `format`, after [`check`](Self::check).
    pub(crate) fn body(&self, region: Region, format: Format) -> Result<Vec<u8>, NeweggError> {
        self.check(region)?;
        match FeedType::for_inventory(region) {
            FeedType::InventoryData => {
                let items = self.items.iter().map(WarehouseItemOut::of).collect();
                write(&Envelope::new("2.0", items), format)
            }
            _ => {
                let items = self.items.iter().map(PlatformItemOut::of).collect();
                write(&Envelope::new("1.0", items), format)
            }
        }
    }
}

impl FromIterator<FeedItem> for InventoryFeed {
    fn from_iter<I: IntoIterator<Item = FeedItem>>(items: I) -> Self {
        Self {
            items: items.into_iter().collect(),
        }
    }
}

fn check_item(index: usize, item: &FeedItem, region: Region) -> Result<(), NeweggError> {
    let field = |name: &str| format!("items[{index}].{name}");
    check_text(&field("seller_part_number"), &item.seller_part_number)?;
    let chars = item.seller_part_number.chars().count();
    if chars > MAX_PART_NUMBER_CHARS {
        return Err(NeweggError::invalid(
            field("seller_part_number"),
            format!("must be at most {MAX_PART_NUMBER_CHARS} characters, got {chars}"),
        ));
    }
    if let Some(number) = &item.newegg_item_number
        && (number.is_empty() || !number.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return Err(NeweggError::invalid(
            field("newegg_item_number"),
            format!("`{number}` must be non-empty ASCII letters and digits"),
        ));
    }
    if item.quantity > MAX_AVAILABLE_QUANTITY {
        return Err(NeweggError::invalid(
            field("inventory"),
            format!(
                "must be from 0 to {MAX_AVAILABLE_QUANTITY}, got {}",
                item.quantity
            ),
        ));
    }
    match (region, item.warehouse) {
        (Region::Usa, None) => Err(NeweggError::invalid(
            field("warehouse_location"),
            "Newegg.com's inventory feed needs a warehouse country for every item \
             (`FeedItem::in_warehouse`)",
        )),
        (Region::Usa, Some(_)) => Ok(()),
        (_, Some(country)) if country != region.home_country() => Err(NeweggError::invalid(
            field("warehouse_location"),
            format!(
                "the inventory feed of {region} names no warehouse and sets {} stock only, \
                     not {country}",
                region.home_country()
            ),
        )),
        _ => Ok(()),
    }
}

/// Splits `items` into runs of at most [`MAX_FEED_RECORDS`], the items of one key kept in one
/// run (in the order their key first appears).
pub(crate) fn split_keyed<T, K: std::hash::Hash + Eq>(
    items: Vec<T>,
    key: impl Fn(&T) -> K,
) -> Vec<Vec<T>> {
    let mut groups: Vec<Vec<T>> = Vec::new();
    let mut group_of: HashMap<K, usize> = HashMap::new();
    for item in items {
        let at = *group_of.entry(key(&item)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(at) {
            group.push(item);
        }
    }
    let mut feeds: Vec<Vec<T>> = Vec::new();
    for group in groups {
        match feeds.last_mut() {
            Some(feed) if feed.len() + group.len() <= MAX_FEED_RECORDS => feed.extend(group),
            _ => feeds.push(group),
        }
    }
    feeds
}

/// The feed document. It has no `Overwrite` member, on purpose: the type cannot say it.
#[derive(Debug, Serialize)]
struct Envelope<T> {
    #[serde(rename = "Header")]
    header: Header,
    #[serde(rename = "MessageType")]
    message_type: &'static str,
    #[serde(rename = "Message")]
    message: MessageOut<T>,
}

impl<T> Envelope<T> {
    fn new(version: &'static str, items: Vec<T>) -> Self {
        Self {
            header: Header {
                document_version: version,
            },
            message_type: "Inventory",
            message: MessageOut {
                inventory: ItemsOut { item: items },
            },
        }
    }
}

#[derive(Debug, Serialize)]
struct Header {
    #[serde(rename = "DocumentVersion")]
    document_version: &'static str,
}

#[derive(Debug, Serialize)]
struct MessageOut<T> {
    #[serde(rename = "Inventory")]
    inventory: ItemsOut<T>,
}

#[derive(Debug, Serialize)]
struct ItemsOut<T> {
    /// Repeated `Item` elements in XML, an array in JSON (even of one).
    #[serde(rename = "Item")]
    item: Vec<T>,
}

/// An `INVENTORY_DATA` record, in the element order of both Newegg SDKs.
#[derive(Debug, Serialize)]
struct WarehouseItemOut<'a> {
    #[serde(rename = "SellerPartNumber")]
    seller_part_number: &'a str,
    #[serde(rename = "NeweggItemNumber", skip_serializing_if = "Option::is_none")]
    newegg_item_number: Option<&'a str>,
    #[serde(rename = "WarehouseLocation")]
    warehouse_location: &'a str,
    /// Always `Seller`, the only value the page lists (the .NET SDK always writes it): the
    /// quantity is the seller's own stock.
    #[serde(rename = "FulfillmentOption")]
    fulfillment_option: &'static str,
    /// Text in JSON too, as the live third-party users send it (unverified which Newegg needs).
    #[serde(rename = "Inventory")]
    inventory: String,
}

impl<'a> WarehouseItemOut<'a> {
    fn of(item: &'a FeedItem) -> Self {
        Self {
            seller_part_number: &item.seller_part_number,
            newegg_item_number: item.newegg_item_number.as_deref(),
            warehouse_location: item.warehouse.as_ref().map_or("", Country::as_str),
            fulfillment_option: "Seller",
            inventory: item.quantity.to_string(),
        }
    }
}

/// An `INVENTORY_AND_PRICE_DATA` record with the inventory fields only: no price, no
/// `Currency`, no `FulfillmentOption` (whose values the SDKs disagree on), no
/// `ActivationMark`, and no `Overwrite`.
#[derive(Debug, Serialize)]
struct PlatformItemOut<'a> {
    #[serde(rename = "SellerPartNumber")]
    seller_part_number: &'a str,
    #[serde(rename = "NeweggItemNumber", skip_serializing_if = "Option::is_none")]
    newegg_item_number: Option<&'a str>,
    #[serde(rename = "Inventory")]
    inventory: String,
}

impl<'a> PlatformItemOut<'a> {
    fn of(item: &'a FeedItem) -> Self {
        Self {
            seller_part_number: &item.seller_part_number,
            newegg_item_number: item.newegg_item_number.as_deref(),
            inventory: item.quantity.to_string(),
        }
    }
}

/// XML with its declaration, as the SDK samples are written; JSON under a `NeweggEnvelope`
/// key, as both SDKs and the third-party client wrap it.
fn write<T: Serialize>(envelope: &Envelope<T>, format: Format) -> Result<Vec<u8>, NeweggError> {
    match format {
        Format::Xml => {
            let body = quick_xml::se::to_string_with_root("NeweggEnvelope", envelope).map_err(
                |error| NeweggError::invalid("feed", format!("cannot be written as XML: {error}")),
            )?;
            Ok(format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}").into_bytes())
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Wrapped<'a, T> {
                #[serde(rename = "NeweggEnvelope")]
                envelope: &'a Envelope<T>,
            }
            serde_json::to_vec(&Wrapped { envelope }).map_err(|error| {
                NeweggError::invalid("feed", format!("cannot be written as JSON: {error}"))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_a_part_number_together_and_the_order() {
        let mut items: Vec<(usize, u32)> = (0..MAX_FEED_RECORDS - 1).map(|n| (n, 0)).collect();
        items.push((7, 1)); // a second record of part 7 joins the first feed
        items.push((MAX_FEED_RECORDS, 0));
        items.push((MAX_FEED_RECORDS + 1, 0));
        items.push((MAX_FEED_RECORDS + 1, 1));
        let feeds = split_keyed(items, |(key, _)| *key);
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].len(), MAX_FEED_RECORDS);
        assert_eq!(feeds[0][8], (7, 1));
        assert_eq!(
            feeds[1],
            vec![
                (MAX_FEED_RECORDS, 0),
                (MAX_FEED_RECORDS + 1, 0),
                (MAX_FEED_RECORDS + 1, 1)
            ]
        );
    }

    #[test]
    fn every_rule_names_its_field() {
        let refused = |feed: InventoryFeed, region: Region| match feed.check(region) {
            Err(NeweggError::InvalidInput(refusal)) => refusal.field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let one = |item: FeedItem| InventoryFeed::new().with(item);
        assert_eq!(refused(InventoryFeed::new(), Region::Usa), "items");
        assert_eq!(
            refused(one(FeedItem::on_platform("A", 1)), Region::Usa),
            "items[0].warehouse_location"
        );
        assert_eq!(
            refused(
                one(FeedItem::in_warehouse("A", Country::USA, 1)),
                Region::Canada
            ),
            "items[0].warehouse_location"
        );
        assert!(
            one(FeedItem::in_warehouse("A", Country::CAN, 1))
                .check(Region::Canada)
                .is_ok()
        );
        assert_eq!(
            refused(
                one(FeedItem::in_warehouse("x".repeat(41), Country::USA, 1)),
                Region::Usa
            ),
            "items[0].seller_part_number"
        );
        assert_eq!(
            refused(
                one(FeedItem::in_warehouse(" A", Country::USA, 1)),
                Region::Usa
            ),
            "items[0].seller_part_number"
        );
        assert_eq!(
            refused(
                one(FeedItem::in_warehouse("A", Country::USA, 1_000_000)),
                Region::Usa
            ),
            "items[0].inventory"
        );
        assert_eq!(
            refused(
                one(FeedItem::in_warehouse("A", Country::USA, 1).newegg_item("9SI A")),
                Region::Usa
            ),
            "items[0].newegg_item_number"
        );
        let twice =
            one(FeedItem::on_platform("A", 1)).with(FeedItem::in_warehouse("A", Country::CAN, 2));
        assert_eq!(refused(twice, Region::Canada), "items[1]");
        let too_many: InventoryFeed = (0..=MAX_FEED_RECORDS)
            .map(|n| FeedItem::in_warehouse(n.to_string(), Country::USA, 1))
            .collect();
        assert_eq!(refused(too_many, Region::Usa), "items");
    }
}
