//! `marketplace-sandbox`: the sandbox's fakes as a process of their own, for programs that are
//! not Rust tests (a script, a program in another language, a manual session with `curl`).
//!
//! It starts the fakes asked for (all four when none is named), prints where each listens and
//! the credentials it accepts, as text or as one line of JSON (`--json`), and serves until it
//! receives SIGINT or SIGTERM, then stops and exits with status 0. A fake that cannot start (a
//! port already taken) ends the program with status 2 before anything is printed on stdout, so a
//! script never reads addresses of a half-started sandbox; bad arguments end it with status 2
//! too. The crate README describes the output field by field.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, error::ErrorKind};
use marketplace_sandbox::bulk_insert::{self, BulkInsertSandbox};
use marketplace_sandbox::discogs::{self, DiscogsSandbox};
use marketplace_sandbox::instica::{self, InsticaSandbox};
use marketplace_sandbox::newegg::{self, NeweggSandbox};
use marketplace_sandbox::{Fake, Sandbox, SandboxBuilder, SandboxError};
use serde_json::{Map, Value, json};

/// Runs the marketplace sandbox's fakes (Discogs, Newegg, bulk insert, Instica) on loopback
/// ports until interrupted.
#[derive(Debug, Parser)]
#[command(name = "marketplace-sandbox", version)]
#[command(
    after_help = "With none of --discogs, --newegg, --bulk-insert and --instica, all four fakes \
                  start. Each listens on 127.0.0.1, on the port given or a free one. SIGINT \
                  (Ctrl-C) or SIGTERM stops them; the exit status is then 0."
)]
struct Cli {
    /// Start the Discogs fake (marketplace, inventory upload and export).
    #[arg(long)]
    discogs: bool,
    /// Start the Newegg fake (item inventory and inventory feeds).
    #[arg(long)]
    newegg: bool,
    /// Start the bulk-insert inventory fake.
    #[arg(long)]
    bulk_insert: bool,
    /// Start the Instica fake.
    #[arg(long)]
    instica: bool,

    /// Port for the Discogs fake (default: a free one).
    #[arg(long, value_name = "PORT")]
    discogs_port: Option<u16>,
    /// Port for the Newegg fake (default: a free one).
    #[arg(long, value_name = "PORT")]
    newegg_port: Option<u16>,
    /// Port for the bulk-insert fake (default: a free one).
    #[arg(long, value_name = "PORT")]
    bulk_insert_port: Option<u16>,
    /// Port for the Instica fake (default: a free one).
    #[arg(long, value_name = "PORT")]
    instica_port: Option<u16>,

    /// Start without demo data: only the accounts and credentials every fake knows.
    #[arg(long, conflicts_with = "demo_data")]
    empty: bool,
    /// Load each fake's demo data (the default).
    #[arg(long)]
    demo_data: bool,

    /// Print one JSON document on one line instead of text, for scripts.
    #[arg(long)]
    json: bool,
}

/// Which fakes to start, and where.
#[derive(Debug, Clone, Copy)]
struct Plan {
    discogs: Option<Option<u16>>,
    newegg: Option<Option<u16>>,
    bulk_insert: Option<Option<u16>>,
    instica: Option<Option<u16>>,
    demo_data: bool,
}

impl Cli {
    /// What the arguments ask for, or why they contradict each other (a port for a fake that
    /// was not asked for is a mistake worth naming rather than ignoring).
    fn plan(&self) -> Result<Plan, String> {
        let all = !(self.discogs || self.newegg || self.bulk_insert || self.instica);
        let choose = |named: bool, port: Option<u16>, flag: &str| {
            if all || named {
                Ok(Some(port))
            } else if port.is_some() {
                Err(format!(
                    "--{flag}-port was given but --{flag} was not: name --{flag} as well, or \
                     leave out the port"
                ))
            } else {
                Ok(None)
            }
        };
        Ok(Plan {
            discogs: choose(self.discogs, self.discogs_port, "discogs")?,
            newegg: choose(self.newegg, self.newegg_port, "newegg")?,
            bulk_insert: choose(self.bulk_insert, self.bulk_insert_port, "bulk-insert")?,
            instica: choose(self.instica, self.instica_port, "instica")?,
            // Demo data unless --empty; clap refuses both together.
            demo_data: self.demo_data || !self.empty,
        })
    }
}

/// The fakes that are running; dropping it stops them and closes their ports.
#[derive(Debug, Default)]
struct Running {
    discogs: Option<DiscogsSandbox>,
    newegg: Option<NeweggSandbox>,
    bulk_insert: Option<BulkInsertSandbox>,
    instica: Option<InsticaSandbox>,
}

/// A fake that did not start, by its display name.
#[derive(Debug)]
struct StartError {
    fake: &'static str,
    error: SandboxError,
}

async fn start_one<F: Fake>(
    fake: &'static str,
    builder: SandboxBuilder<F>,
    port: Option<u16>,
    demo_data: bool,
) -> Result<Sandbox<F>, StartError> {
    let builder = if demo_data {
        builder.demo_data()
    } else {
        builder
    };
    let builder = match port {
        Some(port) => builder.port(port),
        None => builder,
    };
    builder
        .start()
        .await
        .map_err(|error| StartError { fake, error })
}

async fn start(plan: Plan) -> Result<Running, StartError> {
    let mut running = Running::default();
    // On an early return `running` is dropped, which stops the fakes already started.
    if let Some(port) = plan.discogs {
        let builder = DiscogsSandbox::builder();
        running.discogs = Some(start_one("Discogs", builder, port, plan.demo_data).await?);
    }
    if let Some(port) = plan.newegg {
        let builder = NeweggSandbox::builder();
        running.newegg = Some(start_one("Newegg", builder, port, plan.demo_data).await?);
    }
    if let Some(port) = plan.bulk_insert {
        let builder = BulkInsertSandbox::builder();
        running.bulk_insert = Some(start_one("bulk-insert", builder, port, plan.demo_data).await?);
    }
    if let Some(port) = plan.instica {
        let builder = InsticaSandbox::builder();
        running.instica = Some(start_one("Instica", builder, port, plan.demo_data).await?);
    }
    Ok(running)
}

/// What a client of one fake needs: its key in the JSON document, its name for people, the
/// fields (base URL first), and how the credentials are sent.
struct Description {
    key: &'static str,
    title: &'static str,
    fields: Vec<(&'static str, Value)>,
    how: &'static str,
}

impl Running {
    fn describe(&self) -> Vec<Description> {
        let mut described = Vec::new();
        if let Some(sandbox) = &self.discogs {
            described.push(Description {
                key: "discogs",
                title: "Discogs",
                fields: vec![
                    ("base_url", json!(sandbox.base_url())),
                    ("token", json!(discogs::DISCOGS_TOKEN)),
                    ("username", json!(discogs::DEFAULT_SELLER)),
                ],
                how: "Authorization: Discogs token=<token>",
            });
        }
        if let Some(sandbox) = &self.newegg {
            described.push(Description {
                key: "newegg",
                title: "Newegg",
                fields: vec![
                    ("base_url", json!(sandbox.base_url())),
                    ("seller_id", json!(newegg::DEFAULT_SELLER_ID)),
                    ("api_key", json!(newegg::DEFAULT_AUTHORIZATION)),
                    ("secret_key", json!(newegg::DEFAULT_SECRET_KEY)),
                ],
                how: "Authorization: <api_key>, SecretKey: <secret_key>, ?sellerid=<seller_id>",
            });
        }
        if let Some(sandbox) = &self.bulk_insert {
            described.push(Description {
                key: "bulk_insert",
                title: "bulk insert",
                fields: vec![
                    ("base_url", json!(sandbox.base_url())),
                    ("gateway_url", json!(sandbox.gateway_url())),
                    ("account", json!(bulk_insert::DEFAULT_ACCOUNT)),
                    ("channel", json!(bulk_insert::DEFAULT_CHANNEL)),
                    // The fake asks for no x-api-key unless a test configures one.
                    ("api_key", Value::Null),
                ],
                how: "x-site-context: {\"account\": <account>, …}; no x-api-key needed",
            });
        }
        if let Some(sandbox) = &self.instica {
            described.push(Description {
                key: "instica",
                title: "Instica",
                fields: vec![
                    ("base_url", json!(sandbox.base_url())),
                    ("token", json!(instica::INSTICA_TOKEN)),
                    ("api_key", json!(instica::DEFAULT_API_KEY)),
                ],
                how: "X-API-Key: <api_key>, or Authorization: Bearer <token>",
            });
        }
        described
    }
}

/// One line of JSON: `{"discogs": {"base_url": …, …}, …}`, only the fakes that run.
fn as_json(described: &[Description]) -> String {
    let document: Map<String, Value> = described
        .iter()
        .map(|fake| {
            let fields: Map<String, Value> = fake
                .fields
                .iter()
                .map(|(name, value)| ((*name).to_string(), value.clone()))
                .collect();
            (fake.key.to_string(), Value::Object(fields))
        })
        .collect();
    Value::Object(document).to_string()
}

/// Aligned text for people.
fn as_text(described: &[Description], demo_data: bool) -> String {
    let mut text = format!(
        "marketplace-sandbox: {} {} running, {}\n",
        described.len(),
        if described.len() == 1 {
            "fake"
        } else {
            "fakes"
        },
        if demo_data {
            "demo data loaded"
        } else {
            "no demo data"
        },
    );
    for fake in described {
        text.push('\n');
        text.push_str(fake.title);
        text.push('\n');
        for (name, value) in &fake.fields {
            let value = match value {
                Value::String(text) => text.clone(),
                Value::Null => "(none)".to_string(),
                other => other.to_string(),
            };
            text.push_str(&format!("  {name:<12} {value}\n"));
        }
        text.push_str(&format!("  {:<12} {}\n", "send", fake.how));
    }
    text.push_str("\nStop with Ctrl-C (SIGINT) or SIGTERM.\n");
    text
}

/// Waits for SIGINT or SIGTERM. The handlers are installed by [`Stop::install`], before
/// anything is printed, so a script that signals as soon as it has read the addresses never
/// meets the default action (which would end the process with a signal status, not 0).
#[cfg(unix)]
struct Stop {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Stop {
    fn install() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// The name of the signal that arrived.
    async fn wait(&mut self) -> &'static str {
        tokio::select! {
            _ = self.interrupt.recv() => "SIGINT",
            _ = self.terminate.recv() => "SIGTERM",
        }
    }
}

/// Elsewhere only Ctrl-C is there to wait for.
#[cfg(not(unix))]
struct Stop;

#[cfg(not(unix))]
impl Stop {
    fn install() -> std::io::Result<Self> {
        Ok(Self)
    }

    async fn wait(&mut self) -> &'static str {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    }
}

/// The status for a sandbox that could not run.
const FAILED: u8 = 2;

async fn run(plan: Plan, json: bool) -> ExitCode {
    let mut stop = match Stop::install() {
        Ok(stop) => stop,
        Err(error) => {
            eprintln!("marketplace-sandbox: could not install the signal handlers: {error}");
            return ExitCode::from(FAILED);
        }
    };
    let running = match start(plan).await {
        Ok(running) => running,
        Err(StartError { fake, error }) => {
            eprintln!("marketplace-sandbox: the {fake} fake did not start: {error}");
            return ExitCode::from(FAILED);
        }
    };
    let described = running.describe();
    let output = if json {
        as_json(&described) + "\n"
    } else {
        as_text(&described, plan.demo_data)
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // Whoever started the sandbox cannot learn its addresses: serving on is pointless.
        eprintln!("marketplace-sandbox: could not write the addresses: {error}");
        return ExitCode::from(FAILED);
    }
    drop(stdout);
    let signal = stop.wait().await;
    drop(running);
    eprintln!("marketplace-sandbox: stopped on {signal}");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let plan = match cli.plan() {
        Ok(plan) => plan,
        // Exits with clap's usage status, 2, like every other argument error.
        Err(message) => Cli::command()
            .error(ErrorKind::ArgumentConflict, message)
            .exit(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("marketplace-sandbox: could not start the async runtime: {error}");
            return ExitCode::from(FAILED);
        }
    };
    runtime.block_on(run(plan, cli.json))
}
