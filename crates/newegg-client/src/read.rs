//! What Newegg holds of the asked SKUs: the seller's own stock per warehouse country, one
//! inventory read per SKU.

use inventory_model::{
    ChannelError, Country, HeldItem, Holdings, InventoryReader, Quantity, ReadScope, Sku,
    UnreadItem, async_trait,
};

use crate::channel::{CHANNEL_NAME, NeweggChannel};
use crate::client::NeweggClient;
use crate::error::NeweggError;
use crate::error_body::ErrorCode;
use crate::inventory::{InventoryQuery, ItemInventory};

/// What Newegg holds of the asked SKUs through the international inventory read
/// ([`NeweggClient::inventory`], `PUT contentmgmt/item/international/inventory`): **one
/// request per SKU**, every warehouse country in its answer, paced by the client's rate
/// limiter. Newegg has no read of several items, so the read covers only the asked SKUs
/// ([`ReadScope::AskedOnly`]).
///
/// * **Which item a SKU is**: the item whose seller part number is the SKU (the read asks by
///   part number, `Type` 1), as pushes address it. The item ID reported is Newegg's item
///   number when the answer gives it, else the part number.
/// * **Stock**: one [`HeldItem`] per warehouse country of the answer, with the seller's own
///   stock there ([`ItemInventory::available_in`]: what the seller ships, never what Newegg
///   ships from its own warehouses, which the seller's pushes do not set). A country the
///   answer lists only with Newegg's fulfillment is not the seller's stock and is left out.
/// * **Price**: none; the inventory functions carry no price.
/// * A SKU Newegg does not know (`CT014` no such item, `CT026` no data) is missing. A SKU
///   whose answer Newegg refuses for the item itself (another seller's item, say) or that
///   does not decode is an [`UnreadItem`] naming its part number. Credentials, throttling,
///   server trouble and the network fail the read as a whole.
#[async_trait]
impl InventoryReader for NeweggChannel {
    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
        let parts: Vec<(Sku, String)> = skus
            .iter()
            .map(|sku| (sku.clone(), sku.as_str().to_owned()))
            .collect();
        read_parts(&self.client, &parts).await
    }
}

/// Reads each `(SKU, seller part number)` pair, one request each, in order; a SKU asked twice
/// is read once.
pub(crate) async fn read_parts(
    client: &NeweggClient,
    parts: &[(Sku, String)],
) -> Result<Holdings, ChannelError> {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    let mut read = std::collections::HashSet::new();
    for (sku, part) in parts {
        if !read.insert(sku) {
            continue;
        }
        match client.inventory(InventoryQuery::seller_part(part)).await {
            Ok(inventory) => found.extend(held(sku, part, &inventory)),
            Err(error) if is_unknown_item(&error) => {}
            Err(error) if error.concerns_item() || is_undecodable(&error) => {
                unreadable.push(UnreadItem::new(part, error.to_string()).with_sku(sku.clone()));
            }
            Err(error) => return Err(ChannelError::read(CHANNEL_NAME, error)),
        }
    }
    let asked: Vec<Sku> = parts.iter().map(|(sku, _)| sku.clone()).collect();
    Ok(Holdings::sort(
        ReadScope::AskedOnly,
        &asked,
        found,
        unreadable,
    ))
}

/// The seller's own stock of `sku` in each warehouse country of the answer, in its order.
fn held(sku: &Sku, part: &str, inventory: &ItemInventory) -> Vec<HeldItem> {
    let item_id = inventory.item_number.as_deref().unwrap_or(part);
    let mut countries: Vec<Country> = Vec::new();
    for stock in &inventory.warehouses {
        if !countries.contains(&stock.warehouse) {
            countries.push(stock.warehouse);
        }
    }
    countries
        .into_iter()
        .filter_map(|country| {
            let available = inventory.available_in(country)?;
            Some(
                HeldItem::new(sku.clone(), item_id, Quantity::new(available)).in_warehouse(country),
            )
        })
        .collect()
}

/// Whether Newegg says it has no such item.
fn is_unknown_item(error: &NeweggError) -> bool {
    matches!(
        error.code(),
        Some(ErrorCode::ItemNotFound | ErrorCode::NoDataFound)
    )
}

/// Whether the answer for this one item did not decode.
fn is_undecodable(error: &NeweggError) -> bool {
    matches!(
        error,
        NeweggError::Engine(client_core::Error::Decode { .. })
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fulfillment::FulfillmentOption;
    use crate::inventory::WarehouseStock;

    #[test]
    fn one_item_per_country_with_the_sellers_own_stock() {
        let inventory = ItemInventory {
            seller_id: Some("A006".into()),
            item_number: Some("9SIA0060884598".into()),
            seller_part_number: Some("LP-1".into()),
            warehouses: vec![
                WarehouseStock::new(Country::USA, 107).fulfilled_by(FulfillmentOption::Seller),
                WarehouseStock::new(Country::USA, 40).fulfilled_by(FulfillmentOption::Newegg),
                WarehouseStock::new(Country::CAN, 9).fulfilled_by(FulfillmentOption::Newegg),
                WarehouseStock::new(Country::AUS, 0),
            ],
        };
        let sku = Sku::new("LP-1").unwrap();
        let items = held(&sku, "LP-1", &inventory);
        let shown: Vec<(Option<Country>, u32, &str)> = items
            .iter()
            .map(|item| (item.warehouse, item.quantity.get(), item.item_id.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (Some(Country::USA), 107, "9SIA0060884598"),
                (Some(Country::AUS), 0, "9SIA0060884598"),
            ]
        );
    }
}
