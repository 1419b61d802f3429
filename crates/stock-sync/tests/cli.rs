//! The command line against an in-memory shop: what it prints, what it asks, what it sends,
//! and its exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use inventory_model::{
    ChannelError, Currency, Decimal, HeldItem, Holdings, InventoryReader, InventoryUpdate,
    ItemOutcome, Money, PushReport, Quantity, ReadScope, Refusal, Sku, StockChannel, async_trait,
};
use inventory_sync::ChannelSet;
use stock_sync::Console;

/// A shop of SKU → (stock, price) that takes at most 10 items per SKU.
#[derive(Default)]
struct Shop {
    items: Mutex<BTreeMap<Sku, (Quantity, Option<Money>)>>,
    down: AtomicBool,
    pushes: AtomicUsize,
}

#[async_trait]
impl StockChannel for Shop {
    fn channel_name(&self) -> &str {
        "shop"
    }

    fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
        match update.as_stock() {
            Some(stock) if stock.quantity.get() > 10 => Err(Refusal::new("at most 10 items")),
            _ => Ok(()),
        }
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        self.pushes.fetch_add(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            return Err(ChannelError::new("shop", "HTTP 503"));
        }
        let mut items = self.items.lock().unwrap();
        Ok(updates
            .iter()
            .map(|update| {
                let Some(item) = items.get_mut(update.sku()) else {
                    return ItemOutcome::rejected(update, "no such item", None);
                };
                if let Some(stock) = update.as_stock() {
                    item.0 = stock.quantity;
                }
                if let Some(price) = update.as_price() {
                    item.1 = Some(price.price);
                }
                ItemOutcome::accepted(update)
            })
            .collect())
    }
}

#[async_trait]
impl InventoryReader for Shop {
    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
        let items = self.items.lock().unwrap();
        let held = items.iter().map(|(sku, (quantity, price))| {
            let item = HeldItem::new(sku.clone(), format!("id-{sku}"), *quantity);
            match price {
                Some(price) => item.with_price(*price),
                None => item,
            }
        });
        Ok(Holdings::sort(ReadScope::WholeChannel, skus, held, []))
    }
}

struct Fixture {
    shop: Arc<Shop>,
    channels: ChannelSet,
    dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let shop = Arc::new(Shop::default());
    {
        let mut items = shop.items.lock().unwrap();
        for (index, name) in ["LP-1", "LP-2", "LP-3", "LP-4"].into_iter().enumerate() {
            let price = Money::new(Decimal::new(1_000, 2), Currency::Usd);
            let quantity = Quantity::new(u32::try_from(index).unwrap());
            items.insert(Sku::new(name).unwrap(), (quantity, Some(price)));
        }
    }
    let mut channels = ChannelSet::new();
    channels.add(shop.clone()).unwrap();
    Fixture {
        shop,
        channels,
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Fixture {
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn journal(&self) -> PathBuf {
        self.dir.path().join("journal.sqlite")
    }

    /// Runs `stock-sync ARGS --journal …` with `input` on standard input.
    async fn run(&self, args: &[&str], input: &str) -> (u8, String, String) {
        let journal = self.journal();
        let mut argv: Vec<String> = vec!["stock-sync".into()];
        argv.extend(args.iter().map(|arg| (*arg).to_owned()));
        argv.push("--journal".into());
        argv.push(journal.display().to_string());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut input = input.as_bytes();
        let mut console = Console {
            out: &mut out,
            err: &mut err,
            input: &mut input,
            progress: false,
        };
        let code = stock_sync::run(argv, &self.channels, &mut console).await;
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn quantity(&self, sku: &str) -> u32 {
        self.shop.items.lock().unwrap()[&Sku::new(sku).unwrap()]
            .0
            .get()
    }
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}

const DESIRED: &str = "sku,quantity,price,currency\nLP-1,5,10.00,USD\nLP-2,1,12.50,USD\nLP-3,2,,\n";

#[tokio::test]
async fn plan_prints_a_table_or_json_and_sends_nothing() {
    let fx = fixture();
    let desired = fx.file("stock.csv", DESIRED);
    let (code, out, _) = fx.run(&["plan", path(&desired)], "").await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .starts_with("channel  sku   warehouse  kind"),
        "{out}"
    );
    assert!(
        out.contains("shop     LP-1             stock       0       5  send"),
        "{out}"
    );
    assert!(
        out.contains("shop: 2 to send, 0 refused, 3 unchanged, 0 not held, 1 held but not wanted"),
        "{out}"
    );
    let (code, json, _) = fx.run(&["plan", path(&desired), "--json"], "").await;
    assert_eq!(code, 0);
    let plan = inventory_sync::Plan::from_json(&json).unwrap();
    assert_eq!(plan.sendable_count(), 2);
    assert_eq!(fx.shop.pushes.load(Ordering::SeqCst), 0);

    let kept = fx.dir.path().join("plan.json");
    let (code, _, err) = fx
        .run(&["plan", path(&desired), "--out", path(&kept)], "")
        .await;
    assert_eq!(code, 0);
    assert!(err.contains("plan written to"), "{err}");
    let (code, out, _) = fx.run(&["apply", "--plan", path(&kept), "--yes"], "").await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(fx.quantity("LP-1"), 5);
}

#[tokio::test]
async fn apply_asks_first_and_declining_sends_nothing() {
    let fx = fixture();
    let desired = fx.file("stock.csv", DESIRED);
    let (code, _, err) = fx.run(&["apply", path(&desired)], "n\n").await;
    assert_eq!(code, 1);
    assert!(
        err.contains("apply 2 update(s) to shop? [y/N] not applied"),
        "{err}"
    );
    assert_eq!(fx.shop.pushes.load(Ordering::SeqCst), 0);

    let (code, out, _) = fx
        .run(&["apply", path(&desired), "--batch-size", "shop=1"], "y\n")
        .await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("channel  changed  unchanged  refused  failed  unverified  status"),
        "{out}"
    );
    assert!(
        out.contains("shop           2          3        0       0           0  applied"),
        "{out}"
    );
    assert!(out.contains("run 1: applied (exit code 0)"), "{out}");
    assert_eq!(fx.shop.pushes.load(Ordering::SeqCst), 2, "batches of one");
    assert_eq!((fx.quantity("LP-1"), fx.quantity("LP-2")), (5, 1));

    let (code, out, _) = fx.run(&["history", "--sku", "LP-2"], "").await;
    assert_eq!(code, 0);
    assert!(out.contains("price"), "{out}");
    assert!(out.contains("$10.00  $12.50  accepted"), "{out}");
    let (_, json, _) = fx.run(&["history", "--changed", "--json"], "").await;
    let entries: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn exit_codes_say_refused_failed_and_wrong_input() {
    let fx = fixture();
    let refused = fx.file("refused.csv", "sku,quantity\nLP-1,11\nLP-2,2\n");
    let (code, out, _) = fx.run(&["apply", path(&refused), "--yes"], "").await;
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("shop: refused stock LP-1: at most 10 items"),
        "{out}"
    );

    let wrong = fx.file("wrong.csv", "sku,quantity\nLP-1,1\nLP-2,many\n");
    let (code, _, err) = fx.run(&["plan", path(&wrong)], "").await;
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        format!(
            "error: {}:3: quantity: `many` is not a whole number from 0 to 4294967295",
            wrong.display()
        )
    );
    let unknown = fx.file("unknown.csv", "sku,quantity,channels\nLP-1,1,ebay\n");
    let (code, _, err) = fx.run(&["plan", path(&unknown)], "").await;
    assert_eq!(code, 2);
    assert!(err.contains("unknown channels: `ebay`"), "{err}");
    let (code, _, err) = fx
        .run(&["apply", path(&refused), "--batch-size", "ebay=3"], "")
        .await;
    assert_eq!(code, 2);
    assert!(
        err.contains("channel `ebay` is not in the channel set"),
        "{err}"
    );
    let (code, _, err) = fx.run(&["apply"], "").await;
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = fx.run(&["--help"], "").await;
    assert_eq!(code, 0);
    assert!(out.contains("plan") && out.contains("resume") && out.contains("history"));
}

#[tokio::test]
async fn a_failed_push_is_resumed_by_resume() {
    let fx = fixture();
    let desired = fx.file("stock.csv", DESIRED);
    let (code, _, err) = fx.run(&["resume"], "").await;
    assert_eq!(
        (code, err.trim()),
        (
            2,
            format!(
                "error: no journal at {} (see --journal)",
                fx.journal().display()
            )
            .as_str()
        )
    );

    fx.shop.down.store(true, Ordering::SeqCst);
    let (code, out, _) = fx
        .run(&["apply", path(&desired), "--yes", "--json"], "")
        .await;
    assert_eq!(code, 2);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["report"]["status"], "failed");
    assert_eq!(value["report"]["channels"][0]["summary"]["failed"], 2);
    assert_eq!(fx.quantity("LP-1"), 0);

    fx.shop.down.store(false, Ordering::SeqCst);
    let (code, out, err) = fx.run(&["resume"], "").await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("resuming run 1"), "{err}");
    assert_eq!(fx.quantity("LP-1"), 5);
    let (code, _, err) = fx.run(&["resume"], "").await;
    assert_eq!((code, err.trim()), (0, "no interrupted run to resume"));
}
