//! Stateful in-process fakes of the Discogs, Newegg, bulk-insert and Instica APIs for offline
//! demos and tests.
//!
//! Each fake starts with one call, listens on a loopback port, and keeps its state in memory:
//!
//! | Fake | Start | Serves |
//! |---|---|---|
//! | [`discogs::DiscogsSandbox`] | `DiscogsSandbox::start().await?` | marketplace (inventory, listings, orders, messages, fees, prices) and inventory upload/export |
//! | [`newegg::NeweggSandbox`] | `NeweggSandbox::start().await?` | item inventory per warehouse and inventory feeds (submit, status, processing report), XML and JSON |
//! | [`bulk_insert::BulkInsertSandbox`] | `BulkInsertSandbox::start().await?` | stock and transit bulk insert, stock reads, generic inventory |
//! | [`instica::InsticaSandbox`] | `InsticaSandbox::start().await?` | inventory items, assets, listings, bulk operations, analytics, CSV, exports |
//!
//! Every fake runs behind the one handle [`Sandbox`]: its base URL (the URL a client of that
//! vendor is configured with: point a client at it), `reset()`, [`FaultSwitches`] and a
//! [`RequestLog`]; each fake adds readers for the state a test wants to assert on and `seed_*`
//! methods. The fakes are written from the vendors' documentation and the live-service facts of
//! the project's field notes, and share no code with the client crates, so a client's misreading of the documentation shows up as a failing test
//! instead of being copied. Their types carry the vendor's name (`DiscogsListing`,
//! `InsticaAsset`, `DISCOGS_TOKEN`, …), so they can be glob-imported beside each other and beside
//! the clients.
//!
//! The crate's `README.md` lists every route each fake serves, the state it keeps, the
//! credentials it accepts and how each fault switch behaves.
//!
//! Outside Rust tests, the crate's `marketplace-sandbox` binary (the default `cli` feature) runs
//! the fakes as a process: `cargo run -p marketplace-sandbox -- --json` starts all four with
//! their demo data on free loopback ports (`--discogs`, `--newegg`, `--bulk-insert`,
//! `--instica` pick some; `--discogs-port N`, … fix their ports; `--empty` leaves the demo data
//! out), prints each base URL and the credentials the fake accepts (one line of JSON with
//! `--json`, text without), and serves until SIGINT or SIGTERM, exiting with status 0. A fixed
//! port from a program is [`SandboxBuilder::port`].
//!
//! ```
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use marketplace_sandbox::discogs::DiscogsSandbox;
//!
//! let discogs = DiscogsSandbox::start_with_demo_data().await?;
//! let base_url = discogs.base_url(); // e.g. http://127.0.0.1:41234
//! assert!(base_url.starts_with("http://127.0.0.1:"));
//! assert!(discogs.listings("rappcats").len() >= 300);
//! discogs.faults().fail_next(1, 503); // the next request gets a 503
//! # Ok(()) }
//! # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod bulk_insert;
pub mod discogs;
pub mod instica;
pub mod newegg;
mod sandbox;
mod support;

pub use sandbox::{Fake, Sandbox, SandboxBuilder};
pub use support::faults::FaultSwitches;
pub use support::random_faults::{InjectedFaults, RandomFaults};
pub use support::rate_limit::RateLimit;
pub use support::request_log::{LoggedRequest, RequestLog};

/// Why a fake could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The loopback port in front of the fake could not be opened.
    #[error("could not open a loopback port for the sandbox: {0}")]
    Bind(#[source] std::io::Error),
    /// The port asked for with [`SandboxBuilder::port`] could not be opened (most often
    /// because something else listens on it).
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Port {
        /// The port asked for.
        port: u16,
        /// Why it could not be opened.
        #[source]
        source: std::io::Error,
    },
}
