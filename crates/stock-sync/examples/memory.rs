//! `stock-sync` over two in-memory shops, to try the command line without any service:
//!
//! ```text
//! cargo run -p stock-sync --example memory -- plan  crates/stock-sync/examples/stock.csv
//! cargo run -p stock-sync --example memory -- apply crates/stock-sync/examples/stock.csv
//! cargo run -p stock-sync --example memory -- history --changed
//! ```
//!
//! Each run starts from the same shops (2,000 SKUs, all at 1 item and $10.00, each push
//! taking 20 ms), so `apply` always has work; the journal (`stock-sync.sqlite`, or
//! `--journal`) keeps every run. The real binary hands `stock_sync::main_with` the
//! marketplaces' channels instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use inventory_model::{
    ChannelError, Currency, Decimal, HeldItem, Holdings, InventoryReader, InventoryUpdate,
    ItemOutcome, Money, PushReport, Quantity, ReadScope, Sku, StockChannel, async_trait,
};
use inventory_sync::ChannelSet;

struct Shop {
    name: &'static str,
    items: Mutex<BTreeMap<Sku, (Quantity, Money)>>,
}

impl Shop {
    fn new(name: &'static str) -> Self {
        let items = (0..2_000)
            .map(|index| {
                let sku = Sku::new(format!("LP-{index:04}")).unwrap();
                let price = Money::new(Decimal::new(1_000, 2), Currency::Usd);
                (sku, (Quantity::new(1), price))
            })
            .collect();
        Self {
            name,
            items: Mutex::new(items),
        }
    }
}

#[async_trait]
impl StockChannel for Shop {
    fn channel_name(&self) -> &str {
        self.name
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let mut items = self.items.lock().unwrap();
        Ok(updates
            .iter()
            .map(|update| match items.get_mut(update.sku()) {
                Some(item) => {
                    if let Some(stock) = update.as_stock() {
                        item.0 = stock.quantity;
                    }
                    if let Some(price) = update.as_price() {
                        item.1 = price.price;
                    }
                    ItemOutcome::accepted(update)
                }
                None => ItemOutcome::rejected(update, "no such item", Some("not_found".into())),
            })
            .collect())
    }
}

#[async_trait]
impl InventoryReader for Shop {
    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let items = self.items.lock().unwrap();
        let held = items.iter().map(|(sku, (quantity, price))| {
            HeldItem::new(sku.clone(), format!("{}-{sku}", self.name), *quantity).with_price(*price)
        });
        Ok(Holdings::sort(ReadScope::WholeChannel, skus, held, []))
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut channels = ChannelSet::new();
    channels.add(Arc::new(Shop::new("records"))).unwrap();
    channels.add(Arc::new(Shop::new("audio"))).unwrap();
    channels
        .set_batch_size("records", NonZeroUsize::new(10).unwrap())
        .unwrap();
    stock_sync::main_with(std::env::args_os(), &channels).await
}
