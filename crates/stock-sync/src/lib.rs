//! `stock-sync`, the command line of [`inventory_sync`]: `plan`, `apply` (asks unless
//! `--yes`), `resume` and `history`, with `--json` for scripts, progress bars on standard
//! error, and exit codes 0 (applied and verified), 1 (some items refused or did not verify, or
//! the apply was declined) and 2 (the run failed, or the input is wrong).
//!
//! It knows no vendor. A program hands it a [`ChannelSource`], which builds the
//! [`ChannelSet`] when a command needs one (the sandbox fakes, or the real services when
//! credentials are in the environment), and calls [`main_with`]:
//!
//! ```no_run
//! use inventory_sync::ChannelSet;
//!
//! #[tokio::main]
//! async fn main() -> std::process::ExitCode {
//!     let channels = ChannelSet::new(); // filled with the clients' channels
//!     stock_sync::main_with(std::env::args_os(), &channels).await
//! }
//! ```
//!
//! ```text
//! stock-sync plan stock.csv                 # read every channel, show what would change
//! stock-sync plan stock.csv --out plan.json # … and keep the plan
//! stock-sync apply stock.csv                # plan, ask, push, verify
//! stock-sync apply --plan plan.json --yes   # apply a kept plan without asking
//! stock-sync resume                         # continue the latest interrupted run
//! stock-sync history --sku LP-0042          # what changed, when, where, how it went
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod args;
mod commands;
mod progress;

use std::error::Error;
use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use inventory_model::async_trait;
use inventory_sync::ChannelSet;

/// Builds the channels of a run, when a command needs them (`history` does not).
#[async_trait]
pub trait ChannelSource: Send + Sync {
    /// The channels, each with the batch size the program chose (the command line's
    /// `--batch-size` overrides it).
    ///
    /// # Errors
    ///
    /// Why the channels cannot be built (a credential is missing, the sandbox did not
    /// start); the command fails with exit code 2.
    async fn channels(&self) -> Result<ChannelSet, Box<dyn Error + Send + Sync>>;
}

#[async_trait]
impl ChannelSource for ChannelSet {
    async fn channels(&self) -> Result<ChannelSet, Box<dyn Error + Send + Sync>> {
        Ok(self.clone())
    }
}

/// Where a command reads and writes: standard output for the result (a table or JSON),
/// standard error for messages and the confirmation question, standard input for the answer.
pub struct Console<'a> {
    /// The result.
    pub out: &'a mut dyn Write,
    /// Messages, the question, and progress bars when `progress` is on.
    pub err: &'a mut dyn Write,
    /// The answer to "apply?".
    pub input: &'a mut dyn BufRead,
    /// Whether to draw progress bars (on the real standard error).
    pub progress: bool,
}

/// Runs the command line `args` (the program name first) and returns its exit code: 0, 1 or
/// 2 (see the [crate docs](crate)).
pub async fn run<I, T>(args: I, source: &dyn ChannelSource, console: &mut Console<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let text = error.render().to_string();
            let target: &mut dyn Write = if error.use_stderr() {
                &mut *console.err
            } else {
                &mut *console.out
            };
            let _ = write!(target, "{text}");
            return code;
        }
    };
    match commands::run(cli, source, console).await {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(console.err, "error: {error}");
            2
        }
    }
}

/// [`run`] on the process's standard streams, with progress bars when standard error is a
/// terminal: the whole `main` of a `stock-sync` binary.
pub async fn main_with<I, T>(args: I, source: &dyn ChannelSource) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // Unlocked handles: the progress bars write to standard error too.
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let progress = stderr.is_terminal();
    let mut console = Console {
        out: &mut stdout,
        err: &mut stderr,
        input: &mut std::io::stdin().lock(),
        progress,
    };
    ExitCode::from(run(args, source, &mut console).await)
}
