//! All four marketplaces, offline: the sandbox fakes and a client pointed at each.

use bulkinsert_client::{BulkInsertClient, ChannelId, SiteContext, Stage};
use discogs_client::DiscogsClient;
use instica_client::InsticaClient;
use marketplace_sandbox::bulk_insert::{BulkInsertSandbox, DEFAULT_ACCOUNT};
use marketplace_sandbox::discogs::{DISCOGS_TOKEN, DiscogsSandbox};
use marketplace_sandbox::instica::{INSTICA_TOKEN, InsticaSandbox};
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggSandbox,
};
use newegg_client::{ConfigureEngine, Format, NeweggClient};

/// The user agent the examples send (Discogs asks every application for a unique one).
pub const USER_AGENT: &str = "MarketplaceInventorySdkExamples/0.1 +https://example.invalid/sdk";

/// Why the offline marketplaces could not be started.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// A sandbox fake could not open its port.
    #[error("a sandbox could not start: {0}")]
    Sandbox(#[from] marketplace_sandbox::SandboxError),
    /// A Discogs client could not be built.
    #[error(transparent)]
    Discogs(#[from] discogs_client::DiscogsError),
    /// A Newegg client could not be built.
    #[error(transparent)]
    Newegg(#[from] newegg_client::NeweggError),
    /// A bulk-insert client could not be built.
    #[error(transparent)]
    BulkInsert(#[from] bulkinsert_client::BulkInsertError),
    /// An Instica client could not be built.
    #[error(transparent)]
    Instica(#[from] instica_client::InsticaError),
}

/// The four sandbox fakes, loaded with their demo data, and a client for each.
#[derive(Debug)]
pub struct OfflineMarketplaces {
    /// The Discogs fake (marketplace and inventory upload).
    pub discogs_sandbox: DiscogsSandbox,
    /// The Newegg fake.
    pub newegg_sandbox: NeweggSandbox,
    /// The bulk-insert fake.
    pub bulk_sandbox: BulkInsertSandbox,
    /// The Instica fake.
    pub instica_sandbox: InsticaSandbox,
    /// A Discogs client signed in as the sandbox's seller.
    pub discogs: DiscogsClient,
    /// A Newegg client speaking XML (Newegg's default).
    pub newegg_xml: NeweggClient,
    /// A Newegg client speaking JSON.
    pub newegg_json: NeweggClient,
    /// A bulk-insert client for the sandbox's account, on the US channel.
    pub bulk: BulkInsertClient,
    /// An Instica client with the sandbox's token.
    pub instica: InsticaClient,
}

impl OfflineMarketplaces {
    /// Starts every fake with its demo data and builds the clients.
    ///
    /// # Errors
    ///
    /// [`SetupError`] when a fake cannot open a loopback port or a client refuses its settings.
    pub async fn start() -> Result<Self, SetupError> {
        let discogs_sandbox = DiscogsSandbox::start_with_demo_data().await?;
        let newegg_sandbox = NeweggSandbox::start_with_demo_data().await?;
        let bulk_sandbox = BulkInsertSandbox::start_with_demo_data().await?;
        let instica_sandbox = InsticaSandbox::start_with_demo_data().await?;

        let discogs = DiscogsClient::builder()
            .base_url(discogs_sandbox.base_url())
            .user_agent(USER_AGENT)
            .token(DISCOGS_TOKEN)
            .build()?;
        let newegg = |format| {
            NeweggClient::builder()
                .base_url(newegg_sandbox.base_url())
                .seller_id(DEFAULT_SELLER_ID)
                .credentials(DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY)
                .format(format)
                .build()
        };
        let newegg_xml = newegg(Format::Xml)?;
        let newegg_json = newegg(Format::Json)?;
        let site = SiteContext::new(DEFAULT_ACCOUNT, Stage::Sandbox, ChannelId::US)?;
        let bulk = BulkInsertClient::builder(bulk_sandbox.base_url(), site).build()?;
        let instica = InsticaClient::builder()
            .base_url(instica_sandbox.base_url())
            .token(INSTICA_TOKEN)
            .build()?;
        Ok(Self {
            discogs_sandbox,
            newegg_sandbox,
            bulk_sandbox,
            instica_sandbox,
            discogs,
            newegg_xml,
            newegg_json,
            bulk,
            instica,
        })
    }
}
