//! The inventory sync end to end against the sandbox fakes of all four services: what a plan
//! of 10,000 SKUs costs each of them, a channel that rejects items beside one that fails as a
//! whole, and a second apply of the same state that sends nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout
)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bulkinsert_client::{BulkInsertClient, ChannelId, LocationId, SiteContext, Stage};
use client_core::ConfigureEngine;
use client_core::rate_limit::RateLimitPolicy;
use discogs_client::DiscogsClient;
use discogs_client::inventory_upload::WaitOptions;
use instica_client::InsticaClient;
use inventory_model::{Country, Currency, Decimal, Money, Quantity, Sku, SkuMap};
use inventory_sync::{
    ApplyOptions, ChannelSet, DesiredItem, DesiredState, HistoryQuery, ItemState, Journal, Plan,
    PlanOptions, RunStatus, apply, plan,
};
use marketplace_sandbox::bulk_insert::{BulkInsertSandbox, DEFAULT_ACCOUNT, Location, StockRecord};
use marketplace_sandbox::discogs::{DiscogsListing, DiscogsRelease, DiscogsSandbox};
use marketplace_sandbox::instica::{INSTICA_TOKEN, InsticaItem, InsticaSandbox};
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggItem, NeweggSandbox,
};
use marketplace_sandbox::{RateLimit, RequestLog};
use newegg_client::{FeedWaitOptions, NeweggClient};

const SELLER: &str = "sync-seller";
const SELLER_TOKEN: &str = "sync-seller-token";
const RELEASE: u64 = 249_504;
const LOCATION: i64 = 104;
const USER_AGENT: &str = "SyncAgainstSandbox/0.1 +https://example.invalid/sdk";

fn sku(index: usize) -> Sku {
    Sku::new(format!("SKU-{index:05}")).unwrap()
}

fn item_id(index: usize) -> String {
    format!("{}", 2_000_000_000 + index)
}

fn usd(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::Usd)
}

/// What the warehouse wants of SKU `index`: a quantity and a price in cents, from a price
/// list of four tiers ($9.99 to $24.99), as shops price records.
fn wanted(index: usize) -> (u32, i64) {
    let tier = i64::try_from(index % 4).unwrap();
    (u32::try_from(index % 7).unwrap() + 1, 999 + 500 * tier)
}

/// Whether SKU `index` differs on the fakes: one in a hundred.
fn differs(index: usize) -> bool {
    index.is_multiple_of(100)
}

/// The four fakes, each holding `skus` items as the warehouse wants them except for the 1%
/// that [`differs`]: Discogs and Instica by price, Newegg and bulk insert by stock.
struct Shops {
    discogs: DiscogsSandbox,
    newegg: NeweggSandbox,
    bulk: BulkInsertSandbox,
    instica: InsticaSandbox,
}

impl Shops {
    async fn start(skus: usize) -> Self {
        let mut discogs = DiscogsSandbox::builder()
            .seller(SELLER, SELLER_TOKEN)
            .release(DiscogsRelease::new(RELEASE, "Stereolab", "Dots And Loops"));
        let mut newegg = NeweggSandbox::builder().rate_limit(RateLimit::per_hour(1_000_000));
        let mut bulk = BulkInsertSandbox::builder().location(Location::new(LOCATION, "Main"));
        let mut instica = InsticaSandbox::builder();
        for index in 0..skus {
            let (quantity, cents) = wanted(index);
            let (quantity, cents) = if differs(index) {
                (quantity + 3, cents + 1)
            } else {
                (quantity, cents)
            };
            let mut listing = DiscogsListing::new(SELLER, RELEASE, Decimal::new(cents, 2));
            listing.external_id = Some(sku(index).to_string());
            discogs = discogs.listing(listing);
            newegg = newegg.item(
                NeweggItem::new(format!("9SIA{index:010}"), sku(index).as_str())
                    .with_stock("USA", quantity),
            );
            let mut record = StockRecord::stock(item_id(index), LOCATION, i64::from(quantity));
            record.sku = Some(sku(index).to_string());
            bulk = bulk.record(record);
            let mut item = InsticaItem::new(format!("Record {index}"));
            item.manual_sku = Some(sku(index).to_string());
            item.status = "ready-to-sell".to_string();
            item.price_total_usd = Some(Decimal::new(cents, 2));
            instica = instica.item(item);
        }
        Self {
            discogs: discogs.start().await.unwrap(),
            newegg: newegg.start().await.unwrap(),
            bulk: bulk.start().await.unwrap(),
            instica: instica.start().await.unwrap(),
        }
    }

    /// A channel per fake, as a program would build them, polling jobs without the vendors'
    /// gaps and pacing left to the fakes.
    fn channels(&self, skus: usize) -> ChannelSet {
        let quick = Duration::from_millis(5);
        let discogs = DiscogsClient::builder()
            .base_url(self.discogs.base_url())
            .user_agent(USER_AGENT)
            .token(SELLER_TOKEN)
            .rate_limit(RateLimitPolicy::unlimited())
            .build()
            .unwrap();
        let newegg = NeweggClient::builder()
            .base_url(self.newegg.base_url())
            .seller_id(DEFAULT_SELLER_ID)
            .credentials(DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY)
            .rate_limit(RateLimitPolicy::unlimited())
            .build()
            .unwrap();
        let site = SiteContext::new(DEFAULT_ACCOUNT, Stage::Sandbox, ChannelId::US).unwrap();
        let bulk = BulkInsertClient::builder(self.bulk.base_url(), site)
            .rate_limit(RateLimitPolicy::unlimited())
            .build()
            .unwrap();
        let instica = InsticaClient::builder()
            .base_url(self.instica.base_url())
            .token(INSTICA_TOKEN)
            .rate_limit(RateLimitPolicy::unlimited())
            .build()
            .unwrap();
        let mut map = SkuMap::new();
        for index in 0..skus {
            map.insert(sku(index), item_id(index)).unwrap();
        }
        let mut set = ChannelSet::new();
        set.add(Arc::new(
            discogs.channel().currency(Currency::Usd).wait_options(
                WaitOptions::default()
                    .first_interval(quick)
                    .max_interval(quick),
            ),
        ))
        .unwrap();
        set.add(Arc::new(
            newegg.channel().feed_wait(
                FeedWaitOptions::default()
                    .first_interval(quick)
                    .max_interval(quick),
            ),
        ))
        .unwrap();
        set.add(Arc::new(
            bulk.channel(LocationId::new(u64::try_from(LOCATION).unwrap()))
                .with_sku_map(&map)
                .unwrap(),
        ))
        .unwrap();
        set.add(Arc::new(instica.channel())).unwrap();
        set
    }

    fn logs(&self) -> [(&'static str, &RequestLog); 4] {
        [
            ("discogs", self.discogs.request_log()),
            ("newegg", self.newegg.request_log()),
            ("bulk-insert", self.bulk.request_log()),
            ("instica", self.instica.request_log()),
        ]
    }

    fn clear_logs(&self) {
        for (_, log) in self.logs() {
            log.clear();
        }
    }
}

/// What the warehouse wants of `skus` SKUs on each channel: prices on Discogs and Instica,
/// stock on Newegg (its US warehouse) and bulk insert.
fn desired(skus: usize) -> DesiredState {
    let mut desired = DesiredState::new();
    for index in 0..skus {
        let (quantity, cents) = wanted(index);
        for channel in ["discogs", "instica"] {
            desired
                .push(
                    DesiredItem::new(sku(index))
                        .with_price(usd(cents))
                        .on_channel(channel),
                )
                .unwrap();
        }
        desired
            .push(
                DesiredItem::new(sku(index))
                    .with_quantity(Quantity::new(quantity))
                    .in_warehouse(Country::USA)
                    .on_channel("newegg"),
            )
            .unwrap();
        desired
            .push(
                DesiredItem::new(sku(index))
                    .with_quantity(Quantity::new(quantity))
                    .on_channel("bulk-insert"),
            )
            .unwrap();
    }
    desired
}

/// Requests a fake received, by method and path with every number replaced by `{n}`.
fn requests_by_route(log: &RequestLog) -> BTreeMap<String, usize> {
    let mut routes = BTreeMap::new();
    for entry in log.entries() {
        let path: Vec<String> = entry
            .path
            .split('/')
            .map(|segment| {
                if !segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()) {
                    "{n}".to_owned()
                } else {
                    segment.to_owned()
                }
            })
            .collect();
        *routes
            .entry(format!("{} {}", entry.method, path.join("/")))
            .or_default() += 1;
    }
    routes
}

fn changed_skus(plan: &Plan, channel: &str) -> BTreeSet<String> {
    plan.channel(channel)
        .unwrap()
        .sendable()
        .map(|change| change.update.sku().to_string())
        .collect()
}

#[tokio::test]
async fn ten_thousand_skus_one_percent_differ_cost_batches_not_a_request_per_item() {
    const SKUS: usize = 10_000;
    let started = Instant::now();
    let shops = Shops::start(SKUS).await;
    let channels = shops.channels(SKUS);
    let desired = desired(SKUS);
    println!(
        "four fakes of {SKUS} items started in {:?}",
        started.elapsed()
    );
    let expected: BTreeSet<String> = (0..SKUS)
        .filter(|index| differs(*index))
        .map(|index| sku(index).to_string())
        .collect();
    assert_eq!(expected.len(), 100);

    let started = Instant::now();
    let plan = plan(&desired, &channels, PlanOptions::default())
        .await
        .unwrap();
    println!("planned in {:?}", started.elapsed());
    for name in ["discogs", "newegg", "bulk-insert", "instica"] {
        let channel = plan.channel(name).unwrap();
        assert_eq!(changed_skus(&plan, name), expected, "{name}");
        assert_eq!(
            channel.changes.len(),
            100,
            "{name}: one change per differing SKU"
        );
        assert_eq!(channel.refused().count(), 0, "{name}");
        assert!(channel.missing.is_empty(), "{name}: {:?}", channel.missing);
    }
    let plan_requests: Vec<(&str, BTreeMap<String, usize>)> = shops
        .logs()
        .map(|(name, log)| (name, requests_by_route(log)))
        .into_iter()
        .collect();
    shops.clear_logs();

    let journal = Journal::in_memory().unwrap();
    let started = Instant::now();
    let report = apply(&plan, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    println!("applied and verified in {:?}", started.elapsed());
    assert_eq!(report.status, RunStatus::Applied, "{report}");
    for name in ["discogs", "newegg", "bulk-insert", "instica"] {
        let channel = report.channel(name).unwrap();
        assert_eq!(channel.summary.changed, 100, "{name}: {report}");
        assert_eq!(channel.summary.unverified, 0, "{name}: {report}");
    }
    let apply_requests: Vec<(&str, BTreeMap<String, usize>)> = shops
        .logs()
        .map(|(name, log)| (name, requests_by_route(log)))
        .into_iter()
        .collect();

    // The final state is the plan's, on every fake.
    for index in (0..SKUS).filter(|index| differs(*index)) {
        let (quantity, cents) = wanted(index);
        let listing = shops
            .discogs
            .listings(SELLER)
            .into_iter()
            .find(|listing| listing.external_id.as_deref() == Some(sku(index).as_str()))
            .unwrap();
        assert_eq!(listing.price, Decimal::new(cents, 2));
        assert_eq!(
            shops.newegg.item_quantity(sku(index).as_str(), "USA"),
            Some(quantity)
        );
        assert_eq!(
            shops.bulk.stock_quantity(&item_id(index), LOCATION),
            Some(i64::from(quantity))
        );
    }
    let instica_prices: BTreeMap<String, Option<Decimal>> = shops
        .instica
        .items()
        .into_iter()
        .filter_map(|item| Some((item.manual_sku?, item.price_total_usd)))
        .collect();
    for index in 0..SKUS {
        assert_eq!(
            instica_prices[sku(index).as_str()],
            Some(Decimal::new(wanted(index).1, 2))
        );
    }

    // What each fake received, per route, for planning and for applying + verifying.
    let count = |requests: &[(&str, BTreeMap<String, usize>)], name: &str, route: &str| {
        requests
            .iter()
            .find(|(channel, _)| *channel == name)
            .and_then(|(_, routes)| routes.get(route).copied())
            .unwrap_or(0)
    };
    let total = |requests: &[(&str, BTreeMap<String, usize>)], name: &str| -> usize {
        requests
            .iter()
            .find(|(channel, _)| *channel == name)
            .map_or(0, |(_, routes)| routes.values().sum())
    };
    for (label, requests) in [
        ("plan", &plan_requests),
        ("apply + verify", &apply_requests),
    ] {
        for (name, routes) in requests {
            println!(
                "{label} {name}: {} requests {routes:?}",
                routes.values().sum::<usize>()
            );
        }
    }
    // Discogs: one export to plan, one upload to apply and one export to verify, each with
    // its polls; never a request per listing.
    assert_eq!(
        count(&plan_requests, "discogs", "POST /inventory/export"),
        1
    );
    assert_eq!(
        count(&apply_requests, "discogs", "POST /inventory/export"),
        1
    );
    assert_eq!(
        count(&apply_requests, "discogs", "POST /inventory/upload/change"),
        1
    );
    assert!(total(&plan_requests, "discogs") <= 10);
    assert!(total(&apply_requests, "discogs") <= 20);
    // Newegg reads one item per request (it has no read of several), and sends the 100
    // changes as one inventory feed; verifying re-reads the 100 changed items.
    assert_eq!(total(&plan_requests, "newegg"), SKUS);
    assert!(total(&apply_requests, "newegg") <= 100 + 10);
    // Bulk insert: the stock query takes 1,000 items a request; one insert for the batch.
    assert_eq!(total(&plan_requests, "bulk-insert"), SKUS / 1_000);
    assert!(total(&apply_requests, "bulk-insert") <= 5);
    // Instica: the item list, 100 a page, to plan and again to verify. A bulk price set gives
    // all its items one price, so the changes cost one request per new price (here the
    // changed SKUs share one tier of the price list).
    let new_prices: BTreeSet<String> = plan
        .channel("instica")
        .unwrap()
        .sendable()
        .filter_map(|change| change.after().map(|value| value.to_string()))
        .collect();
    assert_eq!(new_prices.len(), 1, "{new_prices:?}");
    assert_eq!(total(&plan_requests, "instica"), SKUS / 100);
    assert_eq!(
        count(
            &apply_requests,
            "instica",
            "POST /api/v1/inventory/bulk/price/"
        ),
        new_prices.len()
    );
    assert_eq!(
        total(&apply_requests, "instica"),
        SKUS / 100 + new_prices.len()
    );
}

#[tokio::test]
async fn applying_the_same_state_twice_sends_nothing_the_second_time() {
    const SKUS: usize = 300;
    let shops = Shops::start(SKUS).await;
    let channels = shops.channels(SKUS);
    let desired = desired(SKUS);
    let journal = Journal::in_memory().unwrap();

    let first = plan(&desired, &channels, PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(first.sendable_count(), 4 * 3);
    let report = apply(
        &first,
        &channels,
        &journal,
        ApplyOptions::default(),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(report.status, RunStatus::Applied, "{report}");

    let second = plan(&desired, &channels, PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(second.sendable_count(), 0, "{second}");
    shops.clear_logs();
    let report = apply(
        &second,
        &channels,
        &journal,
        ApplyOptions::default(),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(report.status, RunStatus::Applied, "{report}");
    for (name, log) in shops.logs() {
        let writes: Vec<String> = requests_by_route(log)
            .into_keys()
            .filter(|route| !route.starts_with("GET "))
            .filter(|route| route != "POST /inventory/export" && route != "PUT /inventory")
            .collect();
        assert!(
            writes.is_empty() || name == "newegg" || name == "bulk-insert",
            "{name}: {writes:?}"
        );
    }
    assert_eq!(
        shops.bulk.import_jobs().len(),
        1,
        "one insert, by the first apply"
    );
    assert_eq!(
        shops.newegg.feeds().len(),
        0,
        "three changes go direct, never as a feed"
    );
}

#[tokio::test]
async fn a_channel_that_rejects_items_and_one_that_fails_are_both_reported_and_journaled() {
    const SKUS: usize = 200;
    let shops = Shops::start(SKUS).await;
    let channels = shops.channels(SKUS);
    let mut desired = desired(SKUS);
    // A warehouse the seller has not set up on Newegg: Newegg rejects that item alone.
    desired
        .push(
            DesiredItem::new(sku(7))
                .with_quantity(Quantity::new(4))
                .in_warehouse(Country::MEX)
                .on_channel("newegg"),
        )
        .unwrap();
    let plan = plan(
        &desired,
        &channels,
        PlanOptions::default().push_missing(true),
    )
    .await
    .unwrap();
    assert!(
        plan.channel("newegg")
            .unwrap()
            .sendable()
            .any(|change| change.warehouse() == Some(Country::MEX))
    );
    // Instica fails as a whole: every request of the apply meets a server error.
    shops.instica.faults().fail_next(1_000, 500);

    let journal = Journal::in_memory().unwrap();
    let report = apply(&plan, &channels, &journal, ApplyOptions::default(), &|_| {})
        .await
        .unwrap();
    shops.instica.faults().clear();

    assert_eq!(report.status, RunStatus::Failed, "{report}");
    assert_eq!(report.exit_code(), 2, "{report}");
    let newegg = report.channel("newegg").unwrap();
    assert_eq!(
        newegg.summary.failed + newegg.summary.refused,
        1,
        "{report}"
    );
    assert_eq!(newegg.summary.changed, 2, "{report}");
    assert_eq!(
        report.channel("instica").unwrap().status(),
        RunStatus::Failed
    );
    assert_eq!(
        report.channel("bulk-insert").unwrap().status(),
        RunStatus::Applied
    );

    let history = journal
        .history(&HistoryQuery::new().channel("newegg").sku(sku(7).as_str()))
        .unwrap();
    let mex: Vec<_> = history
        .iter()
        .filter(|entry| entry.warehouse.as_deref() == Some("MEX"))
        .collect();
    assert_eq!(mex.len(), 1, "{history:?}");
    assert_eq!(mex[0].state, ItemState::Rejected, "{history:?}");
    assert!(
        mex[0].reason.is_some(),
        "Newegg's reason is kept: {history:?}"
    );
    let instica = journal
        .history(&HistoryQuery::new().channel("instica"))
        .unwrap();
    assert!(!instica.is_empty());
    assert!(
        instica
            .iter()
            .all(|entry| entry.state != ItemState::Accepted),
        "{instica:?}"
    );
}
