//! The one handle every fake is driven through: [`Sandbox`] starts a fake, gives its URLs, its
//! fault switches and request log, and resets it. Each fake adds only its own readers and
//! seeders (`impl Sandbox<DiscogsFake> { … }` in its module), so what every fake has in common
//! is written, documented and tested once.

use std::sync::{Arc, MutexGuard};

use crate::support::server::{SandboxServer, Service};
use crate::{FaultSwitches, RequestLog, SandboxError};

/// A vendor fake a [`Sandbox`] can run: [`DiscogsFake`](crate::discogs::DiscogsFake),
/// [`NeweggFake`](crate::newegg::NeweggFake),
/// [`BulkInsertFake`](crate::bulk_insert::BulkInsertFake) or
/// [`InsticaFake`](crate::instica::InsticaFake).
///
/// Sealed: its working parts (state, routes, reset) are private to this crate, so the handle's
/// guarantees (a reset restores everything) hold for every fake there is.
pub trait Fake: Service {}

/// A running fake on a loopback port. Dropping it stops the server.
///
/// The handle is the same for every fake: [`Sandbox::start`], [`Sandbox::base_url`],
/// [`Sandbox::faults`], [`Sandbox::request_log`], [`Sandbox::reset`]. Readers of the fake's state
/// and `seed_*` methods are documented on each fake's alias
/// ([`DiscogsSandbox`](crate::discogs::DiscogsSandbox), …).
///
/// ```
/// # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
/// use marketplace_sandbox::instica::InsticaSandbox;
///
/// let instica = InsticaSandbox::start().await?;
/// // The URL a client is configured with: the origin plus the API's base path.
/// assert_eq!(instica.base_url(), format!("{}/api/v1", instica.origin()));
/// instica.faults().fail_next(1, 503);
/// instica.reset(); // the state it started with, no faults, an empty log and rate window
/// assert_eq!(instica.faults().pending_failures(), 0);
/// # Ok(()) }
/// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
/// ```
pub struct Sandbox<F: Fake> {
    server: SandboxServer,
    fake: Arc<F>,
    base_url: String,
}

impl<F: Fake> std::fmt::Debug for Sandbox<F> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct(F::NAME)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl<F: Fake> Sandbox<F> {
    /// Starts the fake with its default accounts, credentials and limits, and no data beyond
    /// what the fake always has: `Self::builder().start()`.
    pub async fn start() -> Result<Self, SandboxError> {
        Self::builder().start().await
    }

    /// Starts the fake loaded with its demo data: `Self::builder().demo_data().start()` (each
    /// fake's builder alias, e.g. [`DiscogsSandboxBuilder`](crate::discogs::DiscogsSandboxBuilder),
    /// says what the demo data holds).
    pub async fn start_with_demo_data() -> Result<Self, SandboxError> {
        Self::builder().demo_data().start().await
    }

    /// Configures the fake before starting it.
    pub fn builder() -> SandboxBuilder<F> {
        SandboxBuilder::default()
    }

    /// Puts a built fake on a loopback port: `port`, or a free one when it is `None`.
    async fn launch(fake: F, port: Option<u16>) -> Result<Self, SandboxError> {
        let fake = Arc::new(fake);
        let server = SandboxServer::start(Arc::clone(&fake), port).await?;
        let base_url = format!("{}{}", server.origin(), F::BASE_PATH);
        Ok(Self {
            server,
            fake,
            base_url,
        })
    }

    /// The URL a client of this vendor is configured with, without a trailing slash:
    /// `http://127.0.0.1:<port>` followed by the path the vendor's API lives under (`/api/v1`
    /// for Instica, nothing for the others).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash: where the fake listens. The same as
    /// [`Sandbox::base_url`] except for Instica, whose API and download URLs differ in path.
    pub fn origin(&self) -> &str {
        self.server.origin()
    }

    /// The fault switches.
    pub fn faults(&self) -> &FaultSwitches {
        self.server.faults()
    }

    /// Every request received so far.
    pub fn request_log(&self) -> &RequestLog {
        self.server.log()
    }

    /// Returns to the state the fake started with, and clears the request log, the fault
    /// switches and every rate-limit window.
    pub fn reset(&self) {
        self.fake.store().reset();
        self.server.faults().clear();
        self.server.log().clear();
    }

    /// The fake itself, for the fake's own readers and seeders.
    pub(crate) fn fake(&self) -> &F {
        &self.fake
    }

    /// The fake's live state.
    pub(crate) fn state(&self) -> MutexGuard<'_, F::State> {
        self.fake.store().state()
    }
}

/// Configures a fake before it starts: the settings every fake shares
/// ([`SandboxBuilder::demo_data`], [`SandboxBuilder::port`], [`SandboxBuilder::start`]) here,
/// the fake's own (accounts, rate limits, seeded data) on its alias
/// ([`DiscogsSandboxBuilder`](crate::discogs::DiscogsSandboxBuilder), …).
pub struct SandboxBuilder<F: Fake> {
    pub(crate) settings: F::Settings,
    demo_data: bool,
    port: Option<u16>,
}

impl<F: Fake> Default for SandboxBuilder<F> {
    fn default() -> Self {
        Self {
            settings: F::Settings::default(),
            demo_data: false,
            port: None,
        }
    }
}

impl<F: Fake> Clone for SandboxBuilder<F> {
    fn clone(&self) -> Self {
        Self {
            settings: self.settings.clone(),
            demo_data: self.demo_data,
            port: self.port,
        }
    }
}

impl<F: Fake> std::fmt::Debug for SandboxBuilder<F> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct(&format!("{}Builder", F::NAME))
            .field("settings", &self.settings)
            .field("demo_data", &self.demo_data)
            .field("port", &self.port)
            .finish()
    }
}

impl<F: Fake> SandboxBuilder<F> {
    /// Loads the fake's demo data before anything the builder adds (the fake's builder alias
    /// says what it holds).
    pub fn demo_data(mut self) -> Self {
        self.demo_data = true;
        self
    }

    /// Listens on this port of the loopback interface (`127.0.0.1`) instead of a free one the
    /// system picks, so that a program configured beforehand (or the `marketplace-sandbox`
    /// binary's `--discogs-port`, …) finds the fake at a known address. `0` asks for a free
    /// port, as when no port is set.
    ///
    /// [`SandboxBuilder::start`] fails with [`SandboxError::Port`] when the port cannot be
    /// opened, typically because another program listens on it. Tests running side by side
    /// should leave the port unset, so that each fake gets its own.
    ///
    /// ```
    /// # async fn demo() -> Result<(), marketplace_sandbox::SandboxError> {
    /// use marketplace_sandbox::newegg::NeweggSandbox;
    ///
    /// # let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    /// let newegg = NeweggSandbox::builder().port(port).start().await?;
    /// assert_eq!(newegg.base_url(), format!("http://127.0.0.1:{port}"));
    /// # Ok(()) }
    /// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
    /// ```
    pub fn port(mut self, port: u16) -> Self {
        self.port = (port != 0).then_some(port);
        self
    }

    /// Starts the fake on a loopback port: the one set with [`SandboxBuilder::port`], else a
    /// free one.
    pub async fn start(self) -> Result<Sandbox<F>, SandboxError> {
        Sandbox::launch(F::build(self.settings, self.demo_data), self.port).await
    }
}
