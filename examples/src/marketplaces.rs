//! The four marketplaces as the channels of a `stock-sync` run: the sandbox fakes by default,
//! the real services (or any address given, such as a standalone sandbox's) when their
//! credentials are in the environment.
//!
//! | marketplace | environment | the SKU is |
//! |---|---|---|
//! | Discogs | `DISCOGS_TOKEN`; optional `DISCOGS_USER_AGENT`, `DISCOGS_CURRENCY` (the account's, default USD), `DISCOGS_BASE_URL` | the listing's `external_id` (or a listing ID) |
//! | Newegg | `NEWEGG_SELLER_ID`, `NEWEGG_API_KEY`, `NEWEGG_SECRET_KEY`; optional `NEWEGG_BASE_URL` | the seller part number |
//! | bulk insert | `BULKINSERT_BASE_URL`, `BULKINSERT_ACCOUNT`, `BULKINSERT_LOCATION`; optional `BULKINSERT_API_KEY`, `BULKINSERT_SKU_MAP` (a CSV file `sku,item_id`) | the SKU the map names |
//! | Instica | `INSTICA_TOKEN`; optional `INSTICA_BASE_URL` | the item's `manual_sku` (or its UID) |
//!
//! `STOCK_SYNC_POLL_MS` sets the first gap between polls of Discogs upload and export jobs
//! and of Newegg feeds (the vendors' own pace by default; the sandbox finishes in
//! milliseconds). `STOCK_SYNC_REQUESTS_PER_MINUTE` paces every client to at most that many
//! requests a minute instead of each vendor's documented limit (lower, to leave room for
//! other programs on the same account; higher, against a sandbox). `BULKINSERT_STAGE` names
//! the bulk-insert environment (default `production`).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bulkinsert_client::{BulkInsertClient, ChannelId, LocationId, SiteContext, Stage};
use client_core::rate_limit::RateLimitPolicy;
use discogs_client::DiscogsClient;
use discogs_client::inventory_upload::WaitOptions;
use instica_client::InsticaClient;
use inventory_model::{Currency, InventoryReader, Sku, SkuMap, async_trait};
use inventory_sync::ChannelSet;
use newegg_client::{ConfigureEngine, FeedWaitOptions, NeweggClient};
use stock_sync::ChannelSource;
use tokio::sync::OnceCell;

use crate::offline::{OfflineMarketplaces, SetupError, USER_AGENT};

/// The location of the bulk-insert sandbox's demo stock that the sync writes to.
pub const SANDBOX_BULK_LOCATION: u64 = 104;

/// A boxed error of the channel set-up, as [`ChannelSource`] returns it.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where the channels of a run come from.
#[derive(Debug)]
pub enum Marketplaces {
    /// The sandbox fakes with their demo data, started when a command first needs channels
    /// and kept for the rest of the process.
    Sandbox(Box<OnceCell<OfflineMarketplaces>>),
    /// The services whose settings were found.
    Services(Box<Settings>),
}

impl Marketplaces {
    /// The services named by the environment, or the sandbox when it names none.
    ///
    /// # Errors
    ///
    /// A setting that is present but wrong (a location that is not a number, a currency
    /// that is not one, an unreadable SKU map), naming the variable.
    pub fn from_env() -> Result<Self, BoxError> {
        let settings = Settings::from_lookup(|name| std::env::var(name).ok())?;
        Ok(if settings.is_empty() {
            Self::Sandbox(Box::default())
        } else {
            Self::Services(Box::new(settings))
        })
    }
}

#[async_trait]
impl ChannelSource for Marketplaces {
    async fn channels(&self) -> Result<ChannelSet, BoxError> {
        match self {
            Self::Sandbox(cell) => {
                let markets = cell.get_or_try_init(OfflineMarketplaces::start).await?;
                sandbox_channels(markets)
            }
            Self::Services(settings) => settings.channels(),
        }
    }
}

/// The sandbox's channels: each fake's demo data, polled without the vendors' gaps.
fn sandbox_channels(markets: &OfflineMarketplaces) -> Result<ChannelSet, BoxError> {
    let poll = Some(Duration::from_millis(20));
    let mut map = SkuMap::new();
    for record in markets.bulk_sandbox.records() {
        if let Some(sku) = record.sku.as_deref().and_then(|sku| Sku::new(sku).ok()) {
            map.insert(sku, record.item_id)?;
        }
    }
    let mut set = ChannelSet::new();
    set.add(discogs_channel(&markets.discogs, Currency::Usd, poll))?;
    set.add(newegg_channel(&markets.newegg_xml, poll))?;
    set.add(Arc::new(
        markets
            .bulk
            .channel(LocationId::new(SANDBOX_BULK_LOCATION))
            .with_sku_map(&map)?,
    ))?;
    set.add(Arc::new(markets.instica.channel()))?;
    Ok(set)
}

fn discogs_channel(
    client: &DiscogsClient,
    currency: Currency,
    poll: Option<Duration>,
) -> Arc<dyn InventoryReader> {
    let mut channel = client.channel().currency(currency);
    if let Some(interval) = poll {
        channel = channel.wait_options(
            WaitOptions::default()
                .first_interval(interval)
                .max_interval(interval * 10),
        );
    }
    Arc::new(channel)
}

fn newegg_channel(client: &NeweggClient, poll: Option<Duration>) -> Arc<dyn InventoryReader> {
    let mut channel = client.channel();
    if let Some(interval) = poll {
        channel = channel.feed_wait(
            FeedWaitOptions::default()
                .first_interval(interval)
                .max_interval(interval * 10),
        );
    }
    Arc::new(channel)
}

/// The settings of each service found, read from the environment (or any lookup).
#[derive(Debug, Default)]
pub struct Settings {
    discogs: Option<DiscogsSettings>,
    newegg: Option<NeweggSettings>,
    bulk: Option<BulkSettings>,
    instica: Option<InsticaSettings>,
    poll: Option<Duration>,
}

/// Applies the caller's pace, when one was given, to a client builder.
fn paced<B: ConfigureEngine>(builder: B, pace: Option<&RateLimitPolicy>) -> B {
    match pace {
        Some(policy) => builder.rate_limit(policy.clone()),
        None => builder,
    }
}

#[derive(Debug)]
struct DiscogsSettings {
    client: DiscogsClient,
    currency: Currency,
}

#[derive(Debug)]
struct NeweggSettings {
    client: NeweggClient,
}

#[derive(Debug)]
struct BulkSettings {
    client: BulkInsertClient,
    location: LocationId,
    map: SkuMap,
}

#[derive(Debug)]
struct InsticaSettings {
    client: InsticaClient,
}

impl Settings {
    /// Reads the variables of the [module's table](self) through `lookup` (blank values
    /// count as absent) and builds a client for each service whose credentials are all there.
    ///
    /// # Errors
    ///
    /// A value that is present but wrong, naming the variable, or a client that refuses its
    /// settings.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, BoxError> {
        let var = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let mut settings = Self {
            poll: var("STOCK_SYNC_POLL_MS")
                .map(|ms| {
                    ms.parse::<u64>()
                        .map(Duration::from_millis)
                        .map_err(|_| format!("STOCK_SYNC_POLL_MS: `{ms}` is not milliseconds"))
                })
                .transpose()?,
            ..Self::default()
        };
        let pace = var("STOCK_SYNC_REQUESTS_PER_MINUTE")
            .map(|text| match text.parse::<u32>() {
                Ok(limit) if limit > 0 => {
                    Ok(RateLimitPolicy::per_window(limit, Duration::from_secs(60)))
                }
                _ => Err(format!(
                    "STOCK_SYNC_REQUESTS_PER_MINUTE: `{text}` is not a number of requests (1 or more)"
                )),
            })
            .transpose()?;
        let pace = pace.as_ref();
        if let Some(token) = var("DISCOGS_TOKEN") {
            let mut builder = paced(DiscogsClient::builder(), pace)
                .user_agent(var("DISCOGS_USER_AGENT").unwrap_or_else(|| USER_AGENT.to_owned()))
                .token(token);
            if let Some(url) = var("DISCOGS_BASE_URL") {
                builder = builder.base_url(url);
            }
            let currency = match var("DISCOGS_CURRENCY") {
                Some(code) => code
                    .parse::<Currency>()
                    .map_err(|error| format!("DISCOGS_CURRENCY: {error}"))?,
                None => Currency::Usd,
            };
            settings.discogs = Some(DiscogsSettings {
                client: builder.build().map_err(SetupError::from)?,
                currency,
            });
        }
        if let (Some(seller), Some(key), Some(secret)) = (
            var("NEWEGG_SELLER_ID"),
            var("NEWEGG_API_KEY"),
            var("NEWEGG_SECRET_KEY"),
        ) {
            let mut builder = paced(NeweggClient::builder(), pace)
                .seller_id(seller)
                .credentials(key, secret);
            if let Some(url) = var("NEWEGG_BASE_URL") {
                builder = builder.base_url(url);
            }
            settings.newegg = Some(NeweggSettings {
                client: builder.build().map_err(SetupError::from)?,
            });
        }
        if let (Some(base_url), Some(account), Some(location)) = (
            var("BULKINSERT_BASE_URL"),
            var("BULKINSERT_ACCOUNT"),
            var("BULKINSERT_LOCATION"),
        ) {
            let stage = var("BULKINSERT_STAGE")
                .map_or(Stage::Production, |stage| Stage::from(stage.as_str()));
            let site = SiteContext::new(account, stage, ChannelId::US).map_err(SetupError::from)?;
            let mut builder = paced(BulkInsertClient::builder(base_url, site), pace);
            if let Some(key) = var("BULKINSERT_API_KEY") {
                builder = builder.api_key(key);
            }
            let location = location.parse::<u64>().map_err(|_| {
                format!("BULKINSERT_LOCATION: `{location}` is not a location number")
            })?;
            let map = match var("BULKINSERT_SKU_MAP") {
                Some(path) => read_sku_map(Path::new(&path))
                    .map_err(|error| format!("BULKINSERT_SKU_MAP: {path}: {error}"))?,
                None => SkuMap::new(),
            };
            settings.bulk = Some(BulkSettings {
                client: builder.build().map_err(SetupError::from)?,
                location: LocationId::new(location),
                map,
            });
        }
        if let Some(token) = var("INSTICA_TOKEN") {
            let mut builder = paced(InsticaClient::builder(), pace).token(token);
            if let Some(url) = var("INSTICA_BASE_URL") {
                builder = builder.base_url(url);
            }
            settings.instica = Some(InsticaSettings {
                client: builder.build().map_err(SetupError::from)?,
            });
        }
        Ok(settings)
    }

    /// Whether no service was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.discogs.is_none()
            && self.newegg.is_none()
            && self.bulk.is_none()
            && self.instica.is_none()
    }

    /// A channel for each service found.
    ///
    /// # Errors
    ///
    /// A SKU map the bulk-insert channel refuses.
    pub fn channels(&self) -> Result<ChannelSet, BoxError> {
        let mut set = ChannelSet::new();
        if let Some(discogs) = &self.discogs {
            set.add(discogs_channel(
                &discogs.client,
                discogs.currency,
                self.poll,
            ))?;
        }
        if let Some(newegg) = &self.newegg {
            set.add(newegg_channel(&newegg.client, self.poll))?;
        }
        if let Some(bulk) = &self.bulk {
            set.add(Arc::new(
                bulk.client.channel(bulk.location).with_sku_map(&bulk.map)?,
            ))?;
        }
        if let Some(instica) = &self.instica {
            set.add(Arc::new(instica.client.channel()))?;
        }
        Ok(set)
    }
}

/// Reads a `sku,item_id` CSV file (with that header) into a map.
fn read_sku_map(path: &Path) -> Result<SkuMap, BoxError> {
    #[derive(serde::Deserialize)]
    struct Row {
        sku: String,
        item_id: String,
    }
    let mut map = SkuMap::new();
    let mut reader = csv::Reader::from_reader(File::open(path)?);
    for (index, row) in reader.deserialize::<Row>().enumerate() {
        // Line 1 is the header.
        let line = index + 2;
        let row = row.map_err(|error| format!("line {line}: {error}"))?;
        let sku = Sku::new(&row.sku).map_err(|error| format!("line {line}: sku: {error}"))?;
        map.insert(sku, row.item_id)
            .map_err(|error| format!("line {line}: item_id: {error}"))?;
    }
    Ok(map)
}
