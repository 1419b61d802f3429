//! A soak of the four clients against the four fakes while one request in ten meets a fault:
//! 10,000 reads, absolute writes, creates, bulk pushes and CSV uploads, then the fakes' state
//! compared with what each caller was told.
//!
//! What it proves: every operation reported done is in the fake exactly once; every one
//! reported failed and [`Outcome::NotApplied`] is absent; one reported [`Outcome::Unknown`] is
//! present at most once; nothing is doubled; the last write the caller saw succeed (or a later
//! one whose outcome is unknown) is what the fake holds; no call outlived its deadline.
//!
//! `cargo test -p examples --test soak -- --nocapture` prints the counts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    // The counts are the test's report: `--nocapture` shows them.
    clippy::print_stdout
)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bulkinsert_client::{
    BulkInsertClient, ChannelId, InventoryRecord, LocationId, Quantity, SiteContext, Stage,
};
use client_core::rate_limit::RateLimitPolicy;
use client_core::{ClientError, ConfigureEngine, Outcome, RetryPolicy};
use discogs_client::inventory_upload::AddRow;
use discogs_client::{DiscogsClient, ListingDetails, MediaCondition};
use futures::StreamExt;
use instica_client::{InsticaClient, ItemFields, ItemUid, PriceChange};
use inventory_model::{Currency, Decimal, Money, Sku};
use marketplace_sandbox::bulk_insert::{BulkInsertSandbox, DEFAULT_ACCOUNT};
use marketplace_sandbox::discogs::{DEFAULT_SELLER, DISCOGS_TOKEN, DiscogsSandbox};
use marketplace_sandbox::instica::{INSTICA_TOKEN, InsticaSandbox};
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggSandbox,
};
use marketplace_sandbox::{InjectedFaults, RandomFaults, RateLimit};
use newegg_client::{
    Country, FeedItem, InventoryFeed, InventoryQuery, ItemInventoryUpdate, NeweggClient,
};

const OPERATIONS: usize = 10_000;
/// Sequential lanes per client; each owns one item, so its writes have an order to check.
const LANES_PER_CLIENT: usize = 8;
const FAULTS_PER_THOUSAND: u32 = 100;
const SEED: u64 = 20;
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(250);
/// Longer than the attempt timeout: a delayed answer is a timeout for the client although the
/// fake did the work.
const FAULT_DELAY: Duration = Duration::from_millis(400);
const DEADLINE: Duration = Duration::from_secs(3);
const DEADLINE_MARGIN: Duration = Duration::from_millis(500);
/// The sandbox's location every bulk-insert lane writes to (demo data).
const BULK_LOCATION: i64 = 105;
const USER_AGENT: &str = "MarketplaceSdkSoak/1.0 +https://example.invalid/sdk";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Service {
    Discogs,
    Newegg,
    BulkInsert,
    Instica,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Read,
    AbsoluteWrite,
    Create,
    BulkPush,
    CsvUpload,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reported {
    Done,
    NotApplied,
    Unknown,
}

/// One operation as the caller saw it.
#[derive(Debug, Clone)]
struct Record {
    service: Service,
    kind: Kind,
    lane: usize,
    /// The value a write set (unique per operation), or the marker a create carried.
    value: String,
    /// What the server handed back for a create or push that was done (an id).
    receipt: Option<String>,
    reported: Reported,
    elapsed: Duration,
}

fn reported<T, E: ClientError>(result: &Result<T, E>) -> Reported {
    match result {
        Ok(_) => Reported::Done,
        Err(error) => from_outcome(error.outcome()),
    }
}

fn from_outcome(outcome: Outcome) -> Reported {
    match outcome {
        Outcome::NotApplied => Reported::NotApplied,
        Outcome::Unknown => Reported::Unknown,
    }
}

fn retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(100))
        .with_deadline(DEADLINE)
}

/// A tiny seeded generator for the mix of operations (the same SplitMix64 the sandbox uses).
struct Mix(u64);

impl Mix {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % bound
    }
}

/// Each service's kinds, picked evenly.
fn kinds_of(service: Service) -> &'static [Kind] {
    match service {
        Service::Discogs => &[
            Kind::Read,
            Kind::AbsoluteWrite,
            Kind::Create,
            Kind::CsvUpload,
        ],
        Service::Newegg => &[Kind::Read, Kind::AbsoluteWrite, Kind::BulkPush],
        Service::BulkInsert => &[Kind::Read, Kind::BulkPush],
        Service::Instica => &[Kind::Read, Kind::Create, Kind::BulkPush],
    }
}

struct Fakes {
    discogs: DiscogsSandbox,
    newegg: NeweggSandbox,
    bulk: BulkInsertSandbox,
    instica: InsticaSandbox,
}

struct Clients {
    discogs: DiscogsClient,
    newegg: NeweggClient,
    bulk: BulkInsertClient,
    instica: InsticaClient,
}

/// What each lane writes to.
struct Targets {
    /// Discogs listing id and its release.
    discogs: Vec<(u64, u64)>,
    /// Newegg seller part numbers.
    newegg: Vec<String>,
    /// Bulk-insert SKUs (new to the fake; the first push creates the item).
    bulk: Vec<String>,
    /// Instica item uids.
    instica: Vec<String>,
}

async fn start_fakes() -> Fakes {
    // The fakes' own rate limits are the vendors'; the soak is about faults, not pacing.
    let plenty = RateLimit::new(1_000_000, Duration::from_secs(60));
    Fakes {
        discogs: DiscogsSandbox::builder()
            .demo_data()
            .rate_limits(plenty, plenty)
            .start()
            .await
            .unwrap(),
        newegg: NeweggSandbox::builder()
            .demo_data()
            .rate_limit(plenty)
            .feed_rate_limit(plenty)
            .record_allowance(1_000_000)
            .start()
            .await
            .unwrap(),
        bulk: BulkInsertSandbox::builder()
            .demo_data()
            .rate_limit(plenty)
            .start()
            .await
            .unwrap(),
        instica: InsticaSandbox::builder()
            .demo_data()
            .rate_limit(plenty)
            .start()
            .await
            .unwrap(),
    }
}

fn build_clients(fakes: &Fakes) -> Clients {
    let unpaced = RateLimitPolicy::unlimited;
    Clients {
        discogs: DiscogsClient::builder()
            .base_url(fakes.discogs.base_url())
            .user_agent(USER_AGENT)
            .token(DISCOGS_TOKEN)
            .timeout(ATTEMPT_TIMEOUT)
            .retry_policy(retries())
            .rate_limit(unpaced())
            .build()
            .unwrap(),
        newegg: NeweggClient::builder()
            .base_url(fakes.newegg.base_url())
            .seller_id(DEFAULT_SELLER_ID)
            .credentials(DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY)
            .timeout(ATTEMPT_TIMEOUT)
            .retry_policy(retries())
            .rate_limit(unpaced())
            .feed_rate_limit(unpaced())
            .build()
            .unwrap(),
        bulk: BulkInsertClient::builder(
            fakes.bulk.base_url(),
            SiteContext::new(DEFAULT_ACCOUNT, Stage::Sandbox, ChannelId::US).unwrap(),
        )
        .timeout(ATTEMPT_TIMEOUT)
        .retry_policy(retries())
        .rate_limit(unpaced())
        .build()
        .unwrap(),
        instica: InsticaClient::builder()
            .base_url(fakes.instica.base_url())
            .token(INSTICA_TOKEN)
            .timeout(ATTEMPT_TIMEOUT)
            .retry_policy(retries())
            .rate_limit(unpaced())
            .build()
            .unwrap(),
    }
}

fn targets(fakes: &Fakes) -> Targets {
    let discogs: Vec<(u64, u64)> = fakes
        .discogs
        .listings(DEFAULT_SELLER)
        .into_iter()
        .filter(|listing| listing.status.as_str() == "For Sale")
        .take(LANES_PER_CLIENT)
        .map(|listing| (listing.id, listing.release_id))
        .collect();
    let newegg: Vec<String> = fakes
        .newegg
        .items()
        .into_iter()
        .filter(|item| item.seller_id == DEFAULT_SELLER_ID && item.inventory.contains_key("USA"))
        .take(LANES_PER_CLIENT)
        .map(|item| item.seller_part_number)
        .collect();
    let bulk = (0..LANES_PER_CLIENT)
        .map(|lane| format!("SOAK-BI-{lane}"))
        .collect();
    let instica: Vec<String> = fakes
        .instica
        .items()
        .into_iter()
        .take(LANES_PER_CLIENT)
        .map(|item| item.uid)
        .collect();
    assert!(
        !discogs.is_empty() && !newegg.is_empty() && !instica.is_empty(),
        "the demo data has items to write to"
    );
    Targets {
        discogs,
        newegg,
        bulk,
        instica,
    }
}

/// A Discogs price or an Instica price unique to operation `n`: 10.00 + n cents.
fn price_of(n: usize) -> Decimal {
    Decimal::new(1_000 + i64::try_from(n).unwrap(), 2)
}

/// Runs operation `n` of `service`'s lane `lane` and records what the caller was told.
async fn run_one(
    clients: &Clients,
    targets: &Targets,
    service: Service,
    lane: usize,
    kind: Kind,
    n: usize,
) -> Record {
    let started = Instant::now();
    let marker = format!("soak-{n}");
    let (value, receipt, reported) = match (service, kind) {
        (Service::Discogs, Kind::Read) => {
            let (id, _) = targets.discogs[lane];
            let result = clients.discogs.listings().get(id).await;
            (String::new(), None, reported(&result))
        }
        (Service::Discogs, Kind::AbsoluteWrite) => {
            let (id, release) = targets.discogs[lane];
            let price = price_of(n);
            let details = ListingDetails::new(release, MediaCondition::VeryGood, price);
            let result = clients.discogs.listings().edit(id, &details).await;
            (price.to_string(), None, reported(&result))
        }
        (Service::Discogs, Kind::Create) => {
            let details = ListingDetails::new(1, MediaCondition::VeryGood, price_of(n))
                .external_id(marker.clone());
            let result = clients.discogs.listings().create(&details).await;
            let receipt = result
                .as_ref()
                .ok()
                .map(|created| created.listing_id.to_string());
            (marker, receipt, reported(&result))
        }
        (Service::Discogs, Kind::CsvUpload) => {
            let row =
                AddRow::new(1, price_of(n), MediaCondition::VeryGood).external_id(marker.clone());
            let result = clients.discogs.inventory_upload().add(&[row]).await;
            let reported = match &result {
                Ok(_) => Reported::Done,
                // One row is one file: nothing was taken, or that file's fate is unknown.
                Err(error) if error.nothing_sent() => Reported::NotApplied,
                Err(_) => Reported::Unknown,
            };
            (marker, None, reported)
        }
        (Service::Newegg, Kind::Read) => {
            let sku = &targets.newegg[lane];
            let result = clients
                .newegg
                .inventory(InventoryQuery::seller_part(sku.clone()))
                .await;
            (String::new(), None, reported(&result))
        }
        (Service::Newegg, Kind::AbsoluteWrite) => {
            let sku = &targets.newegg[lane];
            let quantity = u32::try_from(n).unwrap();
            let update =
                ItemInventoryUpdate::seller_part(sku.clone()).warehouse(Country::USA, quantity);
            let result = clients.newegg.update_inventory(update).await;
            (quantity.to_string(), None, reported(&result))
        }
        (Service::Newegg, Kind::BulkPush) => {
            // Feeds are never polled here, so the fake never applies them: what is counted is
            // the submissions, which must not be doubled.
            let feed = InventoryFeed::new().with(FeedItem::in_warehouse(
                targets.newegg[lane].clone(),
                Country::USA,
                u32::try_from(n).unwrap(),
            ));
            let result = clients.newegg.submit_inventory_feed(&feed).await;
            let receipt = result
                .as_ref()
                .ok()
                .map(|info| info.request_id.as_str().to_owned());
            (String::new(), receipt, reported(&result))
        }
        (Service::BulkInsert, Kind::Read) => {
            let result = clients
                .bulk
                .location_inventory(LocationId::new(BULK_LOCATION.unsigned_abs()))
                .limit(5)
                .send()
                .await;
            (String::new(), None, reported(&result))
        }
        (Service::BulkInsert, Kind::BulkPush) => {
            let quantity = i64::try_from(n).unwrap();
            let record = InventoryRecord::stock(
                Sku::new(targets.bulk[lane].clone()).unwrap(),
                LocationId::new(BULK_LOCATION.unsigned_abs()),
                ChannelId::US,
                Quantity::new(u32::try_from(n).unwrap()),
            );
            let result = clients.bulk.bulk_insert(&[record]).await;
            let receipt = result.as_ref().ok().map(|job| job.id.to_string());
            (quantity.to_string(), receipt, reported(&result))
        }
        (Service::Instica, Kind::Read) => {
            let uid = ItemUid::new(targets.instica[lane].clone());
            let result = clients.instica.item(uid).get().await;
            (String::new(), None, reported(&result))
        }
        (Service::Instica, Kind::Create) => {
            let fields = ItemFields::new().name(marker.clone());
            let result = clients.instica.items().create(&fields).await;
            let receipt = result.as_ref().ok().map(|item| item.uid.to_string());
            (marker, receipt, reported(&result))
        }
        (Service::Instica, Kind::BulkPush) => {
            let uid = ItemUid::new(targets.instica[lane].clone());
            let price = price_of(n);
            let change = PriceChange::Set(Money::new(price, Currency::Usd));
            let result = clients.instica.bulk().price(&[uid], &change).await;
            (price.to_string(), None, reported(&result))
        }
        (service, kind) => panic!("{service:?} has no {kind:?}"),
    };
    Record {
        service,
        kind,
        lane,
        value,
        receipt,
        reported,
        elapsed: started.elapsed(),
    }
}

/// A lane: its service, its number among that service's lanes, and the (kind, operation number)
/// pairs it runs one after the other.
type Lane = (Service, usize, Vec<(Kind, usize)>);

/// Every lane's operations, the kinds drawn from the seed.
fn plan(targets: &Targets) -> Vec<Lane> {
    let lanes: Vec<(Service, usize)> = [
        (Service::Discogs, targets.discogs.len()),
        (Service::Newegg, targets.newegg.len()),
        (Service::BulkInsert, targets.bulk.len()),
        (Service::Instica, targets.instica.len()),
    ]
    .into_iter()
    .flat_map(|(service, count)| (0..count).map(move |lane| (service, lane)))
    .collect();
    let mut mix = Mix(SEED);
    let mut planned: Vec<Lane> = lanes
        .iter()
        .map(|&(service, lane)| (service, lane, Vec::new()))
        .collect();
    for n in 0..OPERATIONS {
        let slot = n % planned.len();
        let service = planned[slot].0;
        let kinds = kinds_of(service);
        let kind = kinds[usize::try_from(mix.below(kinds.len() as u64)).unwrap()];
        planned[slot].2.push((kind, n));
    }
    planned
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_operations_under_random_faults_lose_and_double_nothing() {
    let wall = Instant::now();
    let fakes = start_fakes().await;
    let clients = Arc::new(build_clients(&fakes));
    let targets = Arc::new(targets(&fakes));
    let initial = held_values(&fakes, &targets);
    let listings_before: BTreeSet<u64> = fakes
        .discogs
        .listings(DEFAULT_SELLER)
        .iter()
        .map(|listing| listing.id)
        .collect();
    let instica_before: BTreeSet<String> = fakes
        .instica
        .items()
        .into_iter()
        .map(|item| item.uid)
        .collect();
    let feeds_before = fakes.newegg.feeds().len();
    let jobs_before = fakes.bulk.import_jobs().len();

    for faults in [
        fakes.discogs.faults(),
        fakes.newegg.faults(),
        fakes.bulk.faults(),
        fakes.instica.faults(),
    ] {
        faults.inject_randomly(
            RandomFaults::new(FAULTS_PER_THOUSAND, SEED)
                .retry_after(Duration::ZERO)
                .delay(FAULT_DELAY),
        );
    }

    let lanes = plan(&targets);
    let lane_count = lanes.len();
    let mut tasks = Vec::new();
    for (service, lane, operations) in lanes {
        let clients = Arc::clone(&clients);
        let targets = Arc::clone(&targets);
        tasks.push(tokio::spawn(async move {
            let mut records = Vec::with_capacity(operations.len());
            for (kind, n) in operations {
                records.push(run_one(&clients, &targets, service, lane, kind, n).await);
            }
            records
        }));
    }
    let records: Vec<Record> = futures::stream::iter(tasks)
        .buffer_unordered(lane_count)
        .flat_map(|records| futures::stream::iter(records.unwrap()))
        .collect()
        .await;
    let soak_time = wall.elapsed();

    let injected: Vec<(Service, InjectedFaults)> = vec![
        (Service::Discogs, fakes.discogs.faults().injected()),
        (Service::Newegg, fakes.newegg.faults().injected()),
        (Service::BulkInsert, fakes.bulk.faults().injected()),
        (Service::Instica, fakes.instica.faults().injected()),
    ];
    for faults in [
        fakes.discogs.faults(),
        fakes.newegg.faults(),
        fakes.bulk.faults(),
        fakes.instica.faults(),
    ] {
        faults.stop_random_faults();
    }
    // Uploads are processed by the fake when asked: the state to compare is the finished one.
    fakes.discogs.finish_jobs();
    fakes.instica.settle();

    report(&records, &injected, soak_time);

    // First, that the checks below have something to check.
    assert_eq!(records.len(), OPERATIONS);
    let total: InjectedFaults =
        injected
            .iter()
            .fold(InjectedFaults::default(), |mut sum, (_, faults)| {
                sum.server_errors += faults.server_errors;
                sum.rate_limited += faults.rate_limited;
                sum.delayed += faults.delayed;
                sum.cut += faults.cut;
                sum
            });
    assert!(
        total.server_errors > 0 && total.rate_limited > 0 && total.delayed > 0 && total.cut > 0,
        "every kind of fault was injected: {total:?}"
    );
    let creates_unknown = records
        .iter()
        .filter(|r| {
            matches!(r.kind, Kind::Create | Kind::CsvUpload) && r.reported == Reported::Unknown
        })
        .count();
    assert!(creates_unknown > 0, "some creates lost their answer");
    // Absolute writes are retried, so one that ends refused is rare; the others must show
    // both answers.
    for (kind, answers) in [
        (Kind::Create, &[Reported::Done, Reported::NotApplied][..]),
        (Kind::CsvUpload, &[Reported::Done, Reported::NotApplied][..]),
        (Kind::BulkPush, &[Reported::Done, Reported::NotApplied][..]),
        (Kind::AbsoluteWrite, &[Reported::Done][..]),
    ] {
        for &reported in answers {
            assert!(
                records
                    .iter()
                    .any(|r| r.kind == kind && r.reported == reported),
                "some {kind:?} were {reported:?}"
            );
        }
    }

    // No call outlived its deadline.
    let slowest = records.iter().max_by_key(|r| r.elapsed).unwrap();
    assert!(
        slowest.elapsed <= DEADLINE + DEADLINE_MARGIN,
        "{slowest:?} outlived its deadline"
    );

    // Creates: a Discogs listing (by its external id, through the API or a CSV upload), an
    // Instica item (by its name).
    let mut held: BTreeMap<String, usize> = BTreeMap::new();
    for listing in fakes.discogs.listings(DEFAULT_SELLER) {
        if listings_before.contains(&listing.id) {
            continue;
        }
        *held
            .entry(listing.external_id.clone().unwrap_or_default())
            .or_default() += 1;
    }
    for item in fakes.instica.items() {
        if instica_before.contains(&item.uid) {
            continue;
        }
        *held
            .entry(item.name.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let mut issued = BTreeSet::new();
    for record in records
        .iter()
        .filter(|r| matches!(r.kind, Kind::Create | Kind::CsvUpload))
    {
        issued.insert(record.value.clone());
        let copies = held.get(&record.value).copied().unwrap_or(0);
        let honest = match record.reported {
            Reported::Done => copies == 1,
            Reported::NotApplied => copies == 0,
            Reported::Unknown => copies <= 1,
        };
        assert!(honest, "{record:?} is held {copies} times");
    }
    let strays: Vec<&String> = held
        .keys()
        .filter(|marker| !issued.contains(*marker))
        .collect();
    assert!(strays.is_empty(), "created by no operation: {strays:?}");

    // Submissions without a marker of their own: Newegg feeds and bulk-insert jobs. Each one
    // reported done is held once (by the id it was given); the others held are at most the
    // ones whose outcome is unknown.
    let feeds: Vec<String> = fakes
        .newegg
        .feeds()
        .into_iter()
        .skip(feeds_before)
        .map(|feed| feed.request_id)
        .collect();
    let jobs: Vec<String> = fakes
        .bulk
        .import_jobs()
        .into_iter()
        .skip(jobs_before)
        .map(|job| job.id)
        .collect();
    for (service, held) in [(Service::Newegg, &feeds), (Service::BulkInsert, &jobs)] {
        let pushes: Vec<&Record> = records
            .iter()
            .filter(|r| r.service == service && r.kind == Kind::BulkPush)
            .collect();
        let distinct: BTreeSet<&String> = held.iter().collect();
        assert_eq!(distinct.len(), held.len(), "{service:?}: an id given twice");
        let done: Vec<&String> = pushes.iter().filter_map(|r| r.receipt.as_ref()).collect();
        for id in &done {
            assert!(
                distinct.contains(id),
                "{service:?}: {id} was reported done but is not held"
            );
        }
        let unknown = pushes
            .iter()
            .filter(|r| r.reported == Reported::Unknown)
            .count();
        let others = held.len() - done.len();
        // A push the engine re-sent (bulk insert is idempotent) may be held twice, once per
        // attempt that reached the fake; a feed, which creates, never.
        if service == Service::Newegg {
            assert!(
                others <= unknown,
                "{service:?}: {others} feeds held beyond the {unknown} unknown"
            );
        }
    }

    // Absolute writes: the value held is the last one reported done, or one written after it
    // whose outcome is unknown.
    let now = held_values(&fakes, &targets);
    let mut checked_writes = 0;
    for (&(service, lane), held) in &now {
        let kind = match service {
            Service::Discogs | Service::Newegg => Kind::AbsoluteWrite,
            Service::BulkInsert | Service::Instica => Kind::BulkPush,
        };
        let writes: Vec<&Record> = records
            .iter()
            .filter(|r| r.service == service && r.kind == kind && r.lane == lane)
            .collect();
        let last_done = writes.iter().rposition(|r| r.reported == Reported::Done);
        let allowed: Vec<&str> = writes
            .iter()
            .enumerate()
            .filter(|(at, r)| match last_done {
                Some(done) => *at == done || (*at > done && r.reported == Reported::Unknown),
                None => r.reported == Reported::Unknown,
            })
            .map(|(_, r)| r.value.as_str())
            .collect();
        // A lane none of whose writes was reported done may still hold its first value.
        let untouched = last_done.is_none() && initial.get(&(service, lane)) == Some(held);
        assert!(
            allowed.contains(&held.as_str()) || untouched,
            "{service:?} lane {lane} holds {held}; allowed {allowed:?}"
        );
        checked_writes += 1;
    }
    assert!(checked_writes > 0);
    println!(
        "soak: {} operations, {} lanes, wall time {:.1?}",
        OPERATIONS, lane_count, soak_time
    );
}

/// What each lane's item holds now, as text comparable with the values its writes set: a
/// Discogs price, a Newegg quantity in the USA warehouse, a bulk-insert quantity at
/// [`BULK_LOCATION`] (absent before the lane's first push), an Instica price.
fn held_values(fakes: &Fakes, targets: &Targets) -> BTreeMap<(Service, usize), String> {
    let mut held = BTreeMap::new();
    let discogs: BTreeMap<usize, String> = targets
        .discogs
        .iter()
        .enumerate()
        .map(|(lane, (id, _))| (lane, fakes.discogs.listing(*id).unwrap().price.to_string()))
        .collect();
    let newegg: BTreeMap<usize, String> = targets
        .newegg
        .iter()
        .enumerate()
        .map(|(lane, sku)| {
            let quantity = fakes.newegg.item_quantity(sku, "USA").unwrap();
            (lane, quantity.to_string())
        })
        .collect();
    let bulk: BTreeMap<usize, String> = targets
        .bulk
        .iter()
        .enumerate()
        .map(|(lane, sku)| {
            let record = fakes.bulk.records().into_iter().find(|record| {
                record.sku.as_deref() == Some(sku.as_str()) && record.location_id == BULK_LOCATION
            });
            (
                lane,
                record.map(|r| r.quantity.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let instica: BTreeMap<usize, String> = targets
        .instica
        .iter()
        .enumerate()
        .map(|(lane, uid)| {
            let price = fakes.instica.item(uid).unwrap().price_total_usd;
            (lane, price.map(|p| p.to_string()).unwrap_or_default())
        })
        .collect();
    for (service, values) in [
        (Service::Discogs, discogs),
        (Service::Newegg, newegg),
        (Service::BulkInsert, bulk),
        (Service::Instica, instica),
    ] {
        held.extend(
            values
                .into_iter()
                .map(|(lane, value)| ((service, lane), value)),
        );
    }
    held
}

fn report(records: &[Record], injected: &[(Service, InjectedFaults)], soak_time: Duration) {
    let mut counts: BTreeMap<(Service, Kind), [usize; 3]> = BTreeMap::new();
    for record in records {
        let slot = match record.reported {
            Reported::Done => 0,
            Reported::NotApplied => 1,
            Reported::Unknown => 2,
        };
        counts.entry((record.service, record.kind)).or_default()[slot] += 1;
    }
    println!(
        "{:<11} {:<14} {:>6} {:>6} {:>11} {:>8}",
        "service", "kind", "ops", "done", "not applied", "unknown"
    );
    let mut totals = [0usize; 3];
    for ((service, kind), [done, not_applied, unknown]) in &counts {
        println!(
            "{:<11} {:<14} {:>6} {:>6} {:>11} {:>8}",
            format!("{service:?}"),
            format!("{kind:?}"),
            done + not_applied + unknown,
            done,
            not_applied,
            unknown
        );
        totals[0] += done;
        totals[1] += not_applied;
        totals[2] += unknown;
    }
    println!(
        "{:<26} {:>6} {:>6} {:>11} {:>8}",
        "all",
        records.len(),
        totals[0],
        totals[1],
        totals[2]
    );
    println!(
        "faults injected: {:<11} {:>6} {:>6} {:>6} {:>6}",
        "service", "5xx", "429", "late", "cut"
    );
    for (service, faults) in injected {
        println!(
            "                 {:<11} {:>6} {:>6} {:>6} {:>6}",
            format!("{service:?}"),
            faults.server_errors,
            faults.rate_limited,
            faults.delayed,
            faults.cut
        );
    }
    let slowest = records.iter().map(|r| r.elapsed).max().unwrap_or_default();
    println!("slowest operation {slowest:.1?} (deadline {DEADLINE:?}); soak {soak_time:.1?}");
}
