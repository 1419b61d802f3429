//! `decode-floor`: what each client of this SDK costs in CPU over the cheapest hand-written
//! client of the same endpoint, against one loopback server in its own process.
//!
//! A bench binary rather than a criterion bench: the comparison needs the server in another
//! process (so its work is not counted), each run in a fresh process alternating A and B (so
//! neither side inherits the other's warm caches or allocator state), CPU time rather than
//! wall time, and instruction counts under `valgrind --tool=callgrind` limited to the request
//! loop; criterion times closures in its own process by the wall clock. See the README for
//! the commands.

#![forbid(unsafe_code)]
// The reports are what this program is for.
#![allow(clippy::print_stdout)]

mod bulkinsert;
mod checksum;
mod cpu;
mod discogs;
mod driver;
mod instica;
mod newegg;
mod server;

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// One request of a scenario: fetches and decodes one answer, and returns the checksum of
/// what it decoded.
pub type Scenario = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<u64, String>>>>>;

/// The vendors, each with one answer to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Vendor {
    /// A 50-listing inventory page.
    Discogs,
    /// One item's stock per warehouse country, in XML.
    Newegg,
    /// A 100-item inventory page.
    Instica,
    /// A 1,000-item stock query.
    Bulkinsert,
}

impl Vendor {
    /// Every vendor, in the order the reports list them.
    pub const ALL: [Vendor; 4] = [
        Vendor::Discogs,
        Vendor::Newegg,
        Vendor::Instica,
        Vendor::Bulkinsert,
    ];

    fn name(self) -> &'static str {
        match self {
            Vendor::Discogs => "discogs",
            Vendor::Newegg => "newegg",
            Vendor::Instica => "instica",
            Vendor::Bulkinsert => "bulkinsert",
        }
    }

    fn scenario(self, side: Side, base_url: &str) -> Result<Scenario, String> {
        match (self, side) {
            (Vendor::Discogs, Side::Sdk) => discogs::sdk(base_url),
            (Vendor::Discogs, Side::Raw) => discogs::raw(base_url),
            (Vendor::Newegg, Side::Sdk) => newegg::sdk(base_url),
            (Vendor::Newegg, Side::Raw) => newegg::raw(base_url),
            (Vendor::Instica, Side::Sdk) => instica::sdk(base_url),
            (Vendor::Instica, Side::Raw) => instica::raw(base_url),
            (Vendor::Bulkinsert, Side::Sdk) => bulkinsert::sdk(base_url),
            (Vendor::Bulkinsert, Side::Raw) => bulkinsert::raw(base_url),
        }
    }
}

/// Which client runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Side {
    /// A: the SDK's call.
    Sdk,
    /// B: reqwest, the body read as bytes, UTF-8 checked once, `serde_json::from_str` (or
    /// `quick_xml::de::from_str` for XML) into hand-written structs with the same fields.
    Raw,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Sdk => "sdk",
            Side::Raw => "raw",
        }
    }
}

/// Every canned answer the server gives.
pub fn fixtures() -> Vec<server::Fixture> {
    vec![
        discogs::fixture(),
        newegg::fixture(),
        instica::fixture(),
        bulkinsert::fixture(),
    ]
}

/// The floor's HTTP client: reqwest as it comes, one header map per request.
#[derive(Clone)]
pub struct RawClient {
    http: reqwest::Client,
}

impl RawClient {
    fn new() -> Result<Self, String> {
        // reqwest without a provider feature needs one installed; the SDK installs ring too.
        // Installing twice is refused harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { http })
    }

    /// GETs `url` with `headers` and returns the body, refusing a status other than 2xx.
    async fn get_text(&self, url: &str, headers: &[(&str, &str)]) -> Result<String, String> {
        self.text_of(self.http.get(url), headers).await
    }

    /// POSTs `body` to `url` with `headers` (the content type among them) and returns the
    /// answer's body, refusing a status other than 2xx.
    async fn post_text(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> Result<String, String> {
        self.text_of(self.http.post(url).body(body), headers).await
    }

    /// PUTs `body` to `url`, as [`RawClient::post_text`] POSTs it.
    async fn put_text(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> Result<String, String> {
        self.text_of(self.http.put(url).body(body), headers).await
    }

    /// Sends `request` with `headers`; the body read once as bytes, UTF-8 checked once.
    async fn text_of(
        &self,
        mut request: reqwest::RequestBuilder,
        headers: &[(&str, &str)],
    ) -> Result<String, String> {
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        String::from_utf8(bytes.into()).map_err(|e| e.to_string())
    }
}

#[derive(Parser)]
#[command(about = "What each client costs in CPU over a hand-written client of the same endpoint")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serves every vendor's answer on 127.0.0.1 (keep-alive) until killed; prints its URL.
    Serve {
        /// The port; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// One client, one vendor: warm-up requests, then the measured loop; prints
    /// `checksum=… requests=… cpu_ns=…`.
    Run {
        #[arg(long, value_enum)]
        vendor: Vendor,
        #[arg(long, value_enum)]
        side: Side,
        /// The server, as `serve` printed it.
        #[arg(long)]
        base_url: String,
        /// Requests measured.
        #[arg(long, default_value_t = 500)]
        requests: u32,
        /// Requests made before measuring (connection, caches, allocator).
        #[arg(long, default_value_t = 20)]
        warmup: u32,
    },
    /// A/B CPU time: `pairs` alternating runs of the SDK and the floor, each a fresh process.
    Ab {
        #[arg(long, value_enum)]
        vendor: Option<Vendor>,
        #[arg(long, default_value_t = 21)]
        pairs: u32,
        #[arg(long, default_value_t = 500)]
        requests: u32,
    },
    /// Instructions per request under `valgrind --tool=callgrind`, counted in the request
    /// loop only.
    Callgrind {
        #[arg(long, value_enum)]
        vendor: Option<Vendor>,
        #[arg(long, default_value_t = 200)]
        requests: u32,
    },
    /// Both clients of every vendor decode the same facts (equal checksums); no timing.
    Check,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Serve { port } => driver::serve(port),
        Command::Run {
            vendor,
            side,
            base_url,
            requests,
            warmup,
        } => driver::run(vendor, side, &base_url, requests, warmup),
        Command::Ab {
            vendor,
            pairs,
            requests,
        } => driver::ab(vendor, pairs, requests),
        Command::Callgrind { vendor, requests } => driver::callgrind(vendor, requests),
        Command::Check => driver::check(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("decode-floor: {message}");
            ExitCode::FAILURE
        }
    }
}
