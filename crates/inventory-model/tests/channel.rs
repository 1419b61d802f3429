//! A fake channel used the way programs use real ones: through `Box<dyn StockChannel>`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests state their assumptions by unwrapping

use std::error::Error;
use std::sync::Mutex;

use inventory_model::{
    ChannelError, Currency, Decimal, InventoryUpdate, ItemOutcome, Money, Outcome, PriceUpdate,
    PushReport, Quantity, Sku, StockChannel, StockUpdate, UpdateKind, async_trait,
};

/// Takes stock levels only, refuses SKUs it does not list, and remembers what it applied.
struct ShelfChannel {
    listed: Vec<Sku>,
    applied: Mutex<Vec<(Sku, Quantity)>>,
}

#[async_trait]
impl StockChannel for ShelfChannel {
    fn channel_name(&self) -> &str {
        "shelf"
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut applied = self
            .applied
            .lock()
            .map_err(|_| ChannelError::new(self.channel_name(), "state lock poisoned"))?;
        Ok(updates
            .iter()
            .map(|update| match update {
                InventoryUpdate::Stock(stock) if self.listed.contains(&stock.sku) => {
                    applied.push((stock.sku.clone(), stock.quantity));
                    ItemOutcome::accepted(update)
                }
                InventoryUpdate::Stock(_) => {
                    ItemOutcome::rejected(update, "no listing for this SKU", Some("404".into()))
                }
                _ => ItemOutcome::unsupported(update, self.channel_name()),
            })
            .collect())
    }
}

/// Fails every push as a whole, as a channel does when its network is down.
struct OfflineChannel;

#[async_trait]
impl StockChannel for OfflineChannel {
    fn channel_name(&self) -> &str {
        "offline"
    }

    async fn push(&self, _updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let cause = std::io::Error::new(std::io::ErrorKind::NotConnected, "network is down");
        Err(ChannelError::new(self.channel_name(), cause))
    }
}

fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

fn batch() -> Vec<InventoryUpdate> {
    vec![
        StockUpdate::new(sku("LP-1"), Quantity::new(3)).into(),
        PriceUpdate::new(
            sku("LP-1"),
            Money::new(Decimal::new(2450, 2), Currency::Usd),
        )
        .into(),
        StockUpdate::new(sku("LP-2"), Quantity::ZERO).into(),
    ]
}

#[tokio::test]
async fn channels_are_used_through_trait_objects() {
    let channels: Vec<Box<dyn StockChannel>> = vec![
        Box::new(ShelfChannel {
            listed: vec![sku("LP-1")],
            applied: Mutex::new(Vec::new()),
        }),
        Box::new(OfflineChannel),
    ];
    let updates = batch();

    let shelf = &channels[0];
    let report = shelf.push(&updates).await.unwrap();
    assert_eq!(report.len(), updates.len(), "one outcome per update");
    for (outcome, update) in report.outcomes().iter().zip(&updates) {
        assert_eq!(&outcome.sku, update.sku());
        assert_eq!(outcome.kind, update.kind());
    }
    assert_eq!(report.accepted_count(), 1);
    assert_eq!(report.rejected_count(), 2);
    assert!(!report.all_accepted());

    let rejected: Vec<_> = report.rejected().collect();
    assert_eq!(rejected[0].kind, UpdateKind::Price);
    assert_eq!(
        rejected[0].outcome,
        Outcome::Rejected {
            reason: "shelf does not support price updates".into(),
            code: None
        }
    );
    assert_eq!(rejected[1].sku, sku("LP-2"));
    assert_eq!(rejected[1].outcome.code(), Some("404"));

    let offline = &channels[1];
    let err = offline.push(&updates).await.unwrap_err();
    assert_eq!(err.channel(), "offline");
    assert_eq!(
        err.to_string(),
        "channel `offline`: the push failed as a whole"
    );
    assert_eq!(err.source().unwrap().to_string(), "network is down");

    let names: Vec<&str> = channels.iter().map(|c| c.channel_name()).collect();
    assert_eq!(names, ["shelf", "offline"]);
}

#[tokio::test]
async fn pushing_the_same_batch_twice_gives_the_same_report() {
    let channel: Box<dyn StockChannel> = Box::new(ShelfChannel {
        listed: vec![sku("LP-1"), sku("LP-2")],
        applied: Mutex::new(Vec::new()),
    });
    let first = channel.push(&batch()).await.unwrap();
    let second = channel.push(&batch()).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.accepted_count(), 2);
}

#[tokio::test]
async fn an_empty_batch_gives_an_empty_report() {
    let channel: Box<dyn StockChannel> = Box::new(ShelfChannel {
        listed: Vec::new(),
        applied: Mutex::new(Vec::new()),
    });
    let report = channel.push(&[]).await.unwrap();
    assert!(report.is_empty());
    assert!(report.all_accepted());
}

#[tokio::test]
async fn channels_can_be_pushed_from_spawned_tasks() {
    let channel: std::sync::Arc<dyn StockChannel> = std::sync::Arc::new(OfflineChannel);
    let task = tokio::spawn(async move { channel.push(&batch()).await.map(|r| r.len()) });
    assert!(task.await.unwrap().is_err());
}
