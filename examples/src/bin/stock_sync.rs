//! stock-sync: make every marketplace show what the warehouse holds: `plan`, `apply`,
//! `resume`, `history` (the `stock-sync` crate's command line) over the four marketplaces.
//!
//! ```text
//! cargo run -p examples --bin stock-sync -- plan examples/data/desired.csv
//! cargo run -p examples --bin stock-sync -- apply examples/data/desired.csv --yes
//! cargo run -p examples --bin stock-sync -- history --changed
//! ```
//!
//! Without credentials in the environment it starts the sandbox fakes with their demo data
//! (each run starts them afresh; the journal, `stock-sync.sqlite`, keeps every run). With
//! credentials it talks to those services; the variables are listed in
//! `examples::marketplaces`, and each service's `*_BASE_URL` points it at another address,
//! such as a standalone sandbox.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use examples::marketplaces::Marketplaces;

#[tokio::main]
async fn main() -> ExitCode {
    let marketplaces = match Marketplaces::from_env() {
        Ok(marketplaces) => marketplaces,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    stock_sync::main_with(std::env::args_os(), &marketplaces).await
}
