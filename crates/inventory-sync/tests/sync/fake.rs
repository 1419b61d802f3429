//! An in-memory channel that implements both traits, counts what it is asked, and misbehaves
//! on request: refuses by its rules, rejects items, fails as a whole, panics or hangs mid-run.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use inventory_model::{
    ChannelError, Country, Currency, Decimal, HeldItem, Holdings, InventoryReader, InventoryUpdate,
    ItemOutcome, Money, PushReport, Quantity, ReadScope, Refusal, Sku, StockChannel, StockKind,
    UnreadItem, async_trait,
};
use tokio::sync::Notify;

/// What the fake holds of one SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeItem {
    pub item_id: String,
    pub stock: BTreeMap<Option<Country>, Quantity>,
    pub price: Option<Money>,
}

/// The state and the request log, shared by a fake and its twins (the same account seen by
/// a process that crashed and the one that resumes).
#[derive(Default)]
pub struct Shared {
    pub items: Mutex<BTreeMap<Sku, FakeItem>>,
    /// Every push received, as the SKU and kind of each update.
    pub pushes: Mutex<Vec<Vec<String>>>,
    pub reads: AtomicUsize,
}

/// The rules the fake's `check_update` and `push` apply.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub max_quantity: Option<u32>,
    pub currency: Option<Currency>,
    pub no_prices: bool,
}

#[derive(Default)]
pub struct Behaviour {
    pub fail_pushes: bool,
    pub fail_reads: bool,
    /// The service rejects these SKUs (after the rules let them through).
    pub reject: HashSet<Sku>,
    /// The service accepts these SKUs but does not apply the change.
    pub ignore: HashSet<Sku>,
    /// These SKUs' data does not decode when read.
    pub unreadable: HashSet<Sku>,
    /// Panic on this push of this fake (from 1).
    pub panic_on_push: Option<usize>,
    /// Never answer this push of this fake (from 1).
    pub hang_on_push: Option<usize>,
}

pub struct Fake {
    name: String,
    scope: ReadScope,
    pub rules: Rules,
    pub behaviour: Behaviour,
    pub shared: Arc<Shared>,
    own_pushes: AtomicUsize,
    pub hung: Arc<Notify>,
}

pub fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

pub fn usd(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::Usd)
}

impl Fake {
    pub fn new(name: &str, scope: ReadScope) -> Self {
        Self {
            name: name.to_owned(),
            scope,
            rules: Rules::default(),
            behaviour: Behaviour::default(),
            shared: Arc::default(),
            own_pushes: AtomicUsize::new(0),
            hung: Arc::new(Notify::new()),
        }
    }

    /// Another fake of the same account: same state and log, well-behaved, same rules.
    pub fn twin(&self) -> Self {
        Self {
            name: self.name.clone(),
            scope: self.scope,
            rules: self.rules.clone(),
            behaviour: Behaviour::default(),
            shared: Arc::clone(&self.shared),
            own_pushes: AtomicUsize::new(0),
            hung: Arc::new(Notify::new()),
        }
    }

    pub fn seed(&self, sku: &Sku, quantity: u32, price: Option<Money>) {
        let item = FakeItem {
            item_id: format!("{}-{sku}", self.name),
            stock: BTreeMap::from([(None, Quantity::new(quantity))]),
            price,
        };
        self.shared.items.lock().unwrap().insert(sku.clone(), item);
    }

    pub fn seed_warehouses(&self, sku: &Sku, stock: &[(Country, u32)], price: Option<Money>) {
        let item = FakeItem {
            item_id: format!("{}-{sku}", self.name),
            stock: stock
                .iter()
                .map(|(country, quantity)| (Some(*country), Quantity::new(*quantity)))
                .collect(),
            price,
        };
        self.shared.items.lock().unwrap().insert(sku.clone(), item);
    }

    pub fn snapshot(&self) -> BTreeMap<Sku, FakeItem> {
        self.shared.items.lock().unwrap().clone()
    }

    pub fn quantity(&self, sku: &Sku) -> Option<Quantity> {
        let items = self.shared.items.lock().unwrap();
        items
            .get(sku)
            .and_then(|item| item.stock.get(&None).copied())
    }

    pub fn price(&self, sku: &Sku) -> Option<Money> {
        let items = self.shared.items.lock().unwrap();
        items.get(sku).and_then(|item| item.price)
    }

    pub fn push_count(&self) -> usize {
        self.shared.pushes.lock().unwrap().len()
    }

    pub fn read_count(&self) -> usize {
        self.shared.reads.load(Ordering::SeqCst)
    }

    pub fn pushed_updates(&self) -> usize {
        self.shared
            .pushes
            .lock()
            .unwrap()
            .iter()
            .map(Vec::len)
            .sum()
    }

    fn apply_one(&self, update: &InventoryUpdate) -> ItemOutcome {
        if let Err(refusal) = self.check_update(update) {
            return ItemOutcome::refused(update, refusal);
        }
        if self.behaviour.reject.contains(update.sku()) {
            return ItemOutcome::rejected(
                update,
                "the service refused the item",
                Some("E42".into()),
            );
        }
        let mut items = self.shared.items.lock().unwrap();
        let Some(item) = items.get_mut(update.sku()) else {
            return ItemOutcome::rejected(update, "no such item", Some("not_found".into()));
        };
        if self.behaviour.ignore.contains(update.sku()) {
            return ItemOutcome::accepted(update);
        }
        if let Some(stock) = update.as_stock() {
            item.stock.insert(stock.warehouse, stock.quantity);
        } else if let Some(price) = update.as_price() {
            item.price = Some(price.price);
        }
        ItemOutcome::accepted(update)
    }
}

#[async_trait]
impl StockChannel for Fake {
    fn channel_name(&self) -> &str {
        &self.name
    }

    fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
        if let Some(stock) = update.as_stock() {
            if stock.kind != StockKind::OnHand {
                return Err(Refusal::new("only stock on hand"));
            }
            if let Some(max) = self.rules.max_quantity
                && stock.quantity.get() > max
            {
                return Err(Refusal::with_code(
                    format!("at most {max} items, not {}", stock.quantity),
                    "quantity_range",
                ));
            }
        }
        if let Some(price) = update.as_price() {
            if self.rules.no_prices {
                return Err(Refusal::unsupported(update, &self.name));
            }
            if let Some(currency) = self.rules.currency
                && price.price.currency() != currency
            {
                return Err(Refusal::new(format!("prices are in {currency}")));
            }
            price.price.check_minor_units("price")?;
        }
        Ok(())
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let attempt = self.own_pushes.fetch_add(1, Ordering::SeqCst) + 1;
        let logged: Vec<String> = updates
            .iter()
            .map(|update| format!("{}/{}", update.sku(), update.kind().as_str()))
            .collect();
        self.shared.pushes.lock().unwrap().push(logged);
        if self.behaviour.panic_on_push == Some(attempt) {
            panic!("the fake `{}` crashes on push {attempt}", self.name);
        }
        if self.behaviour.hang_on_push == Some(attempt) {
            self.hung.notify_one();
            std::future::pending::<()>().await;
        }
        if self.behaviour.fail_pushes {
            return Err(ChannelError::new(
                &self.name,
                "HTTP 503 Service Unavailable",
            ));
        }
        Ok(updates
            .iter()
            .map(|update| self.apply_one(update))
            .collect())
    }
}

#[async_trait]
impl InventoryReader for Fake {
    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
        self.shared.reads.fetch_add(1, Ordering::SeqCst);
        if self.behaviour.fail_reads {
            return Err(ChannelError::read(
                &self.name,
                "HTTP 500 Internal Server Error",
            ));
        }
        let asked: HashSet<&Sku> = skus.iter().collect();
        let items = self.shared.items.lock().unwrap();
        let mut found = Vec::new();
        let mut broken = Vec::new();
        for (sku, item) in items.iter() {
            if self.scope == ReadScope::AskedOnly && !asked.contains(sku) {
                continue;
            }
            if self.behaviour.unreadable.contains(sku) {
                broken.push(
                    UnreadItem::new(item.item_id.clone(), "price `12,5` is not a number")
                        .with_sku(sku.clone()),
                );
                continue;
            }
            for (warehouse, quantity) in &item.stock {
                let mut held = HeldItem::new(sku.clone(), item.item_id.clone(), *quantity);
                if let Some(country) = warehouse {
                    held = held.in_warehouse(*country);
                }
                if let Some(price) = item.price {
                    held = held.with_price(price);
                }
                found.push(held);
            }
        }
        Ok(Holdings::sort(self.scope, skus, found, broken))
    }
}
