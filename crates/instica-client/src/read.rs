//! What the Instica inventory holds, through the item list.

use std::collections::HashSet;

use client_core::Paged;
use futures::StreamExt;
use inventory_model::{
    ChannelError, HeldItem, Holdings, InventoryReader, Quantity, ReadScope, Sku, UnreadItem,
    async_trait,
};

use crate::channel::{CHANNEL_NAME, InsticaChannel, Resolution, ambiguous};
use crate::codes::ItemStatus;
use crate::error::InsticaError;
use crate::items::Item;
use crate::paging::MAX_PAGE_SIZE;

/// The statuses in which an item counts as one unit for sale: ready to sell, or listed.
pub const SELLABLE_STATUSES: [ItemStatus; 2] = [ItemStatus::ReadyToSell, ItemStatus::Listed];

/// The whole inventory through the item list (`GET /inventory/` with `page_size=100`,
/// following each page's `next`): one request per 100 items, covering the whole inventory
/// ([`ReadScope::WholeChannel`]), so what it holds beyond the asked SKUs is reported too.
///
/// * **Which SKU an item is**: the one an override names
///   ([`with_sku_map`](InsticaChannel::with_sku_map)), else its `manual_sku`; an item with
///   neither (or whose `manual_sku` is not a valid SKU) has no SKU and is left out, except that
///   an asked SKU that is an item's UID is that item, as in a push. Of several items with one
///   `manual_sku`, the one still in stock (not sold or cancelled) is the SKU's; a SKU on
///   several items in stock leads to none of them and is reported as unreadable, naming them.
/// * **What the read teaches the channel**: each item's `manual_sku`, so that later pushes of
///   these SKUs reach their items. A push on a channel that has not read takes an unmapped SKU
///   for the item's UID.
/// * **Stock**: an item is one unit: 1 in a [sellable status](SELLABLE_STATUSES)
///   (`ready-to-sell`, `listed`), 0 in any other (`draft`, `purchased`, `received`, `sold`,
///   `cancelled`, or one this crate does not know).
/// * **Price**: `price_total_usd`, in USD, the field the bulk price `set` writes; none when
///   the item has none. The item ID is the item's UID.
/// * An item that does not decode is an [`UnreadItem`] naming its UID (or its place in the
///   list) and the field at fault; the other items are read. A page that fails fails the read
///   as a whole.
#[async_trait]
impl InventoryReader for InsticaChannel {
    /// `false` until the channel has read, unless overrides name every SKU: a push finds a
    /// SKU's item through what the last read showed.
    fn can_address(&self, skus: &[Sku]) -> bool {
        self.items.can_address(skus)
    }

    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
        let mut stream = self.client.items().list().page_size(MAX_PAGE_SIZE).stream();
        let (mut items, mut unreadable) = (Vec::new(), Vec::new());
        while let Some(item) = stream.next().await {
            match item {
                Ok(item) => items.push(item),
                Err(InsticaError::Engine(client_core::Error::Item(failed))) => {
                    let name = failed
                        .id
                        .clone()
                        .unwrap_or_else(|| format!("item {} of its page", failed.index + 1));
                    let field = failed
                        .field
                        .as_deref()
                        .map(|field| format!("{field}: "))
                        .unwrap_or_default();
                    unreadable.push(UnreadItem::new(name, format!("{field}{}", failed.reason)));
                }
                Err(error) => return Err(ChannelError::read(CHANNEL_NAME, error)),
            }
        }
        self.items.learn(items.iter().filter_map(|item| {
            let sku = Sku::new(item.manual_sku.as_deref()?).ok()?;
            Some((sku, item.uid.clone(), in_stock(item)))
        }));
        let asked: HashSet<&Sku> = skus.iter().collect();
        let mut found = Vec::new();
        let mut reported = HashSet::new();
        for item in &items {
            for sku in self.skus_of(item, &asked) {
                match self.items.resolve(&sku) {
                    Resolution::Item(uid) if uid == item.uid => found.push(held(sku, item)),
                    Resolution::Ambiguous(uids) if reported.insert(sku.clone()) => {
                        let names: Vec<&str> = uids.iter().map(|uid| uid.as_str()).collect();
                        let reason = ambiguous(&sku, &uids).reason;
                        unreadable.push(UnreadItem::new(names.join(", "), reason).with_sku(sku));
                    }
                    Resolution::Item(_) | Resolution::Ambiguous(_) => {}
                }
            }
        }
        Ok(Holdings::sort(
            ReadScope::WholeChannel,
            skus,
            found,
            unreadable,
        ))
    }
}

impl InsticaChannel {
    /// The SKUs that may be `item`'s: the override naming it, its `manual_sku` and, when
    /// asked, its UID. Each is the item's only if it resolves to the item.
    fn skus_of(&self, item: &Item, asked: &HashSet<&Sku>) -> Vec<Sku> {
        let mut skus: Vec<Sku> = self
            .items
            .override_of(&item.uid)
            .cloned()
            .into_iter()
            .collect();
        if let Some(sku) = item
            .manual_sku
            .as_deref()
            .and_then(|text| Sku::new(text).ok())
        {
            skus.push(sku);
        }
        if let Ok(by_uid) = Sku::new(item.uid.as_str())
            && asked.contains(&by_uid)
        {
            skus.push(by_uid);
        }
        let mut seen = HashSet::new();
        skus.retain(|sku| seen.insert(sku.clone()));
        skus
    }
}

/// Whether an item is still the seller's: not sold, not cancelled.
fn in_stock(item: &Item) -> bool {
    !matches!(item.status, Some(ItemStatus::Sold | ItemStatus::Cancelled))
}

/// The unit an item shows for `sku`: for sale, or not.
fn held(sku: Sku, item: &Item) -> HeldItem {
    let sellable = item
        .status
        .as_ref()
        .is_some_and(|status| SELLABLE_STATUSES.contains(status));
    let held = HeldItem::new(sku, item.uid.as_str(), Quantity::new(u32::from(sellable)));
    match item.price_total_usd {
        Some(price) => held.with_price(price),
        None => held,
    }
}
