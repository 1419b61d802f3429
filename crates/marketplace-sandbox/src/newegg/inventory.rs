//! The two inventory calls: set an item's stock per warehouse (`POST`) and read it back
//! (`PUT`), with Newegg's checks and error codes.

use super::model::{NeweggItem, NeweggReadShape, SellerAccount};
use super::reply::{Entry, Failure, InventoryAnswer, failure, no_such_item};
use super::request::Query;

/// The most a warehouse may hold.
const MAX_QUANTITY: i64 = 999_999;

/// `POST …/inventory`: sets the stock of each warehouse the query lists.
pub(super) fn update(
    items: &mut [NeweggItem],
    seller: &SellerAccount,
    query: &Query,
) -> Result<InventoryAnswer, Failure> {
    let index = find_item(items, seller, query)?;
    let item = items.get_mut(index).ok_or_else(no_such_item)?;
    if item.shipped_by_newegg {
        // Newegg holds the stock of an item it ships (field notes §2.5).
        return Err(failure(
            "CT022",
            "This item is Shipping by newegg. Can NOT update inventory",
        ));
    }
    let mut changes = Vec::new();
    for (warehouse, quantity) in &query.inventory {
        let quantity = parse_int("AvailableQuantity", quantity)?;
        if !(0..=MAX_QUANTITY).contains(&quantity) {
            return Err(failure(
                "CT023",
                "Inventory value must be between 0 and 999999",
            ));
        }
        let quantity = u32::try_from(quantity).unwrap_or(0);
        if let Some(minimum) = item.promotion_minimum
            && quantity < minimum
        {
            return Err(failure(
                "CT025",
                format!(
                    "This item is an approved promotion and its minimum inventory cannot be lower than {minimum}"
                ),
            ));
        }
        changes.push((warehouse.trim().to_string(), quantity));
    }
    check_warehouses(
        seller,
        item,
        changes.iter().map(|(warehouse, _)| warehouse.as_str()),
    )?;
    for (warehouse, quantity) in &changes {
        item.inventory.insert(warehouse.clone(), *quantity);
    }
    let entries = changes
        .into_iter()
        .map(|(warehouse, quantity)| Entry::plain(warehouse, quantity))
        .collect();
    Ok(answer(
        ("UpdateInventoryResult", "InventoryList"),
        seller,
        item,
        entries,
    ))
}

/// `PUT …/inventory`: the stock of the warehouses the query lists, or of every warehouse.
///
/// In the default shape each country gets one entry per fulfillment option, as Newegg's SDK
/// records it (field notes §2.4): the seller's own stock (`FulfillmentOption` 0) and, where
/// Newegg holds stock too, Newegg's (1, with its `WarehouseAllocation`), so a country can appear
/// twice. A country asked for without any stock gets a seller entry of 0.
pub(super) fn read(
    items: &[NeweggItem],
    seller: &SellerAccount,
    query: &Query,
    shape: NeweggReadShape,
) -> Result<InventoryAnswer, Failure> {
    let index = find_item(items, seller, query)?;
    let item = items.get(index).ok_or_else(no_such_item)?;
    let warehouses: Vec<String> = if query.warehouses.is_empty() {
        let mut every: Vec<String> = item
            .inventory
            .keys()
            .chain(item.newegg_stock.keys())
            .cloned()
            .collect();
        every.sort();
        every.dedup();
        every
    } else {
        check_warehouses(seller, item, query.warehouses.iter().map(String::as_str))?;
        query.warehouses.clone()
    };
    let mut entries = Vec::new();
    for warehouse in warehouses {
        let own = item.inventory.get(&warehouse).copied();
        let newegg = item.newegg_stock.get(&warehouse);
        if shape == NeweggReadShape::InventoryList {
            let total = own.unwrap_or(0) + item.newegg_quantity(&warehouse).unwrap_or(0);
            entries.push(Entry::plain(warehouse, total));
            continue;
        }
        if own.is_some() || newegg.is_none() {
            entries.push(Entry {
                warehouse: warehouse.clone(),
                fulfillment: Some(0),
                quantity: own.unwrap_or(0),
                allocation: Vec::new(),
            });
        }
        if let Some(allocation) = newegg {
            entries.push(Entry {
                quantity: item.newegg_quantity(&warehouse).unwrap_or(0),
                warehouse,
                fulfillment: Some(1),
                allocation: allocation.clone(),
            });
        }
    }
    let list = match shape {
        NeweggReadShape::InventoryList => "InventoryList",
        _ => "InventoryAllocation",
    };
    Ok(answer(("InventoryResult", list), seller, item, entries))
}

fn answer(
    (root, list): (&'static str, &'static str),
    seller: &SellerAccount,
    item: &NeweggItem,
    entries: Vec<Entry>,
) -> InventoryAnswer {
    InventoryAnswer {
        root,
        list,
        seller_id: seller.seller_id.clone(),
        item_number: item.item_number.clone(),
        seller_part_number: item.seller_part_number.clone(),
        entries,
    }
}

/// Refuses warehouses the seller has not set up, naming all of them at once as Newegg does.
fn check_warehouses<'a>(
    seller: &SellerAccount,
    item: &NeweggItem,
    warehouses: impl Iterator<Item = &'a str>,
) -> Result<(), Failure> {
    let missing: Vec<&str> = warehouses
        .filter(|warehouse| !seller.warehouses.contains(*warehouse))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(warehouse_not_set_up(&item.seller_part_number, &missing))
    }
}

fn warehouse_not_set_up(seller_part_number: &str, countries: &[&str]) -> Failure {
    failure(
        "CT073",
        format!(
            "The request for item: {seller_part_number} has been processed with error.Country: [{}] Failed reason: The specified warehouse location has not been setup yet. Please set up your warehouse(s) then submit your request again.",
            countries.join(",")
        ),
    )
}

fn parse_int(element: &str, text: &str) -> Result<i64, Failure> {
    text.trim().parse::<i64>().map_err(|_| {
        failure(
            "CE003",
            format!(
                "The '{element}' element is invalid - The value '{text}' is invalid according to its datatype 'Int' - The string '{text}' is not a valid Int32 value."
            ),
        )
    })
}

/// The position of the item the query names, if it is the seller's.
fn find_item(
    items: &[NeweggItem],
    seller: &SellerAccount,
    query: &Query,
) -> Result<usize, Failure> {
    let kind = parse_int("Type", &query.kind)?;
    let value = query.value.trim();
    let position = match kind {
        0 => items
            .iter()
            .position(|item| item.item_number.eq_ignore_ascii_case(value))
            .ok_or_else(|| failure("CT001", "Invalid ItemNumber"))?,
        1 => items
            .iter()
            .position(|item| item.seller_part_number == value)
            .ok_or_else(|| failure("CT002", "Invalid SellerPartNumber"))?,
        2 => {
            let condition = match &query.condition {
                None => 1,
                Some(text) => parse_int("Condition", text)?,
            };
            if !items.iter().any(|item| item.upc.as_deref() == Some(value)) {
                return Err(failure("CT003", "Invalid UPCCode"));
            }
            items
                .iter()
                .position(|item| {
                    item.upc.as_deref() == Some(value) && i64::from(item.condition) == condition
                })
                .ok_or_else(|| {
                    failure("CT010", "Cannot find item with specified item condition.")
                })?
        }
        _ => {
            return Err(failure(
                "CT005",
                "Invalid Action Type. We only support: 0 – NE Item#, 1 – Seller Parts#, 2 – UPC Code",
            ));
        }
    };
    match items.get(position) {
        Some(item) if item.seller_id != seller.seller_id => {
            Err(failure("CT015", "Item does not belong to this seller"))
        }
        Some(_) => Ok(position),
        None => Err(no_such_item()),
    }
}
