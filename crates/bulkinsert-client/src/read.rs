//! What the inventory API holds at the channel's location, through the multi-item stock
//! query.

use std::collections::HashSet;

use inventory_model::{
    ChannelError, HeldItem, Holdings, InventoryReader, Quantity, ReadScope, Sku, UnreadItem,
    async_trait,
};

use crate::channel::{BulkInsertChannel, CHANNEL_NAME};
use crate::ids::{ItemId, LocationId};
use crate::service_id::ServiceId;
use crate::site_context::ChannelId;
use crate::stock::{ItemAvailability, StockRequest};

/// The quantity each item of a read asks for: the most a quantity can be, so that no location
/// can fill the request and every location with stock gives all it has, which is how
/// `fromStock` comes to list each location's stock.
pub const READ_QUANTITY: Quantity = Quantity::new(u32::MAX);

/// What the inventory holds of the asked SKUs at the channel's location, through the
/// multi-item stock query (`POST /inventory`, [`BulkInsertClient::stock_levels_on`]): one
/// request per [`chunk_size`](crate::BulkInsertClientBuilder::chunk_size) mapped SKUs (1,000
/// by default), for the channel's sales channel. The query answers only for the items asked
/// ([`ReadScope::AskedOnly`]).
///
/// * **Which item a SKU is**: the stock query knows items by `itemId` only, so a SKU is read
///   through the channel's override table ([`with_sku_map`](BulkInsertChannel::with_sku_map),
///   SKU → item ID). A SKU the table does not map is reported missing without a request,
///   and so is a mapped item the answer leaves out.
/// * **Stock**: each item asks for [`READ_QUANTITY`], more than any stock, so every location
///   gives all it has. The stock is what the answer's `fromStock` lists for the channel's
///   location (`stockRequest`, else `stockRemaining`; summed over its entries, entries of
///   another sales channel left out), 0 when `fromStock` lists other locations only. An
///   answer whose `fromStock` is empty gives no locations: then the stock is its
///   `availableStockQuantity` (stock on hand available for sale), else its `availableTotal`.
///   A negative figure (oversold) counts as 0: nothing can be sold.
/// * **Price**: none; the inventory API holds no prices.
/// * An item of the answer that does not decode is an [`UnreadItem`] naming its `itemId` (and
///   its SKU); a request that fails fails the read as a whole.
///
/// [`BulkInsertClient::stock_levels_on`]: crate::BulkInsertClient::stock_levels_on
#[async_trait]
impl InventoryReader for BulkInsertChannel {
    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
        let mut seen = HashSet::new();
        let asked: Vec<StockRequest> = skus
            .iter()
            .filter(|sku| seen.insert(*sku))
            .filter_map(|sku| self.items.get(sku))
            .map(|item| StockRequest::new(*item, READ_QUANTITY))
            .collect();
        let mut found = Vec::new();
        let mut unreadable = Vec::new();
        for chunk in asked.chunks(self.client.chunk_size.max(1)) {
            let levels = self
                .client
                .stock_levels_on(self.channel, chunk)
                .await
                .map_err(|error| ChannelError::read(CHANNEL_NAME, error))?;
            for item in &levels.items {
                let Some((item_id, sku)) = self.sku_of(item.item_id.as_ref()) else {
                    continue;
                };
                let quantity = stock_at(item, self.location, self.channel);
                found.push(HeldItem::new(sku.clone(), item_id.to_string(), quantity));
            }
            for failed in &levels.failed {
                let id = failed.id.as_deref().unwrap_or("?");
                let field = failed
                    .field
                    .as_deref()
                    .map(|field| format!("{field}: "))
                    .unwrap_or_default();
                let unread =
                    UnreadItem::new(format!("item {id}"), format!("{field}{}", failed.reason));
                let failed_id = failed.id.as_deref().map(ServiceId::from_text);
                unreadable.push(match self.sku_of(failed_id.as_ref()) {
                    Some((_, sku)) => unread.with_sku(sku.clone()),
                    None => unread,
                });
            }
        }
        Ok(Holdings::sort(
            ReadScope::AskedOnly,
            skus,
            found,
            unreadable,
        ))
    }
}

impl BulkInsertChannel {
    /// The item and SKU of an `itemId` of the answer, when the table maps it.
    fn sku_of(&self, item_id: Option<&ServiceId>) -> Option<(ItemId, &Sku)> {
        let item_id = ItemId::new(item_id?.trimmed_number()?).ok()?;
        Some((item_id, self.skus.get(&item_id)?))
    }
}

/// The stock of an item at `location`, as the read documents it.
pub(crate) fn stock_at(
    item: &ItemAvailability,
    location: LocationId,
    channel: ChannelId,
) -> Quantity {
    let total: i64 = if item.from_stock.is_empty() {
        item.available_stock_quantity
            .unwrap_or(item.available_total)
    } else {
        item.from_stock
            .iter()
            .filter(|source| {
                source
                    .location_id
                    .as_ref()
                    .and_then(ServiceId::trimmed_number)
                    == Some(location.get())
            })
            .filter(|source| source.channel_id.is_none_or(|of| of == channel))
            .map(|source| {
                source
                    .stock_request
                    .or(source.stock_remaining)
                    .unwrap_or(0)
                    .max(0)
            })
            // The figures are the server's: two near `i64::MAX` would overflow a plain sum
            // (a panic where overflow is checked), and more stock than a quantity holds reads
            // as the most a quantity holds anyway.
            .fold(0i64, i64::saturating_add)
    };
    Quantity::new(u32::try_from(total.max(0)).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(json: serde_json::Value) -> ItemAvailability {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn stock_is_the_locations_else_the_documented_figures() {
        let at = |value| stock_at(&item(value), LocationId::new(104), ChannelId::US).get();
        let base = |from_stock: serde_json::Value| {
            serde_json::json!({
                "itemId": 7, "inStock": false, "fromStock": from_stock,
                "availableStockQuantity": 12, "availableTotal": 20
            })
        };
        assert_eq!(
            at(base(serde_json::json!([
                {"locationId": 104, "stockRequest": 5, "stockRemaining": 5, "channelId": 12},
                {"locationId": "104", "stockRemaining": 2},
                {"locationId": 104, "stockRequest": 9, "channelId": 13},
                {"locationId": 105, "stockRequest": 7}
            ]))),
            7
        );
        assert_eq!(
            at(base(
                serde_json::json!([{"locationId": 105, "stockRequest": 7}])
            )),
            0
        );
        assert_eq!(at(base(serde_json::json!([]))), 12);
        assert_eq!(
            at(serde_json::json!({"itemId": 7, "inStock": false, "availableTotal": -3})),
            0
        );
        assert_eq!(
            at(serde_json::json!({"itemId": 7, "inStock": false, "availableTotal": 4})),
            4
        );
    }

    #[test]
    fn figures_too_large_to_add_saturate_instead_of_overflowing() {
        let huge = serde_json::json!({
            "itemId": 7, "inStock": true, "availableTotal": 1,
            "fromStock": [
                {"locationId": 104, "stockRequest": i64::MAX},
                {"locationId": 104, "stockRequest": i64::MAX}
            ]
        });
        let stock = stock_at(&item(huge), LocationId::new(104), ChannelId::US);
        assert_eq!(stock.get(), u32::MAX);
    }
}
