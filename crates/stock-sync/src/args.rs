//! The command line's arguments.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Make every marketplace show what the warehouse holds: plan, apply, resume, history.
#[derive(Debug, Parser)]
#[command(name = "stock-sync", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The journal (SQLite) that records every run [env: STOCK_SYNC_JOURNAL; default:
    /// stock-sync.sqlite].
    #[arg(long, global = true, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Write JSON for scripts instead of tables, and no progress bars.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Read every channel and show what would change (nothing is sent).
    Plan {
        #[command(flatten)]
        desired: Desired,
        /// Also write the plan as JSON to FILE, to apply later with `apply --plan FILE`.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Plan (or take a saved plan), ask, then push the changes and verify them.
    Apply {
        /// The desired state: a .csv or .json file.
        #[arg(
            value_name = "DESIRED",
            required_unless_present = "plan",
            conflicts_with = "plan"
        )]
        file: Option<PathBuf>,
        /// A plan saved by `plan --out`, instead of a desired state.
        #[arg(long, value_name = "FILE")]
        plan: Option<PathBuf>,
        #[command(flatten)]
        options: PlanFlags,
        /// Apply without asking.
        #[arg(long, short = 'y')]
        yes: bool,
        #[command(flatten)]
        run: RunFlags,
    },
    /// Continue a run that was interrupted: confirmed batches are not sent again.
    Resume {
        /// The run to resume [default: the latest run with batches left to send].
        #[arg(value_name = "RUN")]
        run: Option<inventory_sync::RunId>,
        #[command(flatten)]
        flags: RunFlags,
    },
    /// What changed, when, on which channel, with which outcome.
    History {
        /// Only this run.
        #[arg(long)]
        run: Option<inventory_sync::RunId>,
        /// Only this channel.
        #[arg(long)]
        channel: Option<String>,
        /// Only this SKU.
        #[arg(long)]
        sku: Option<String>,
        /// Only runs planned at or after this time (UTC, such as 2026-12-01).
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// Only the updates a channel accepted.
        #[arg(long)]
        changed: bool,
        /// At most this many rows, newest runs first.
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
}

/// A desired state and the plan options.
#[derive(Debug, Args)]
pub(crate) struct Desired {
    /// The desired state: a .csv or .json file.
    #[arg(value_name = "DESIRED")]
    pub file: PathBuf,
    #[command(flatten)]
    pub options: PlanFlags,
}

#[derive(Debug, Args)]
pub(crate) struct PlanFlags {
    /// Also push wanted values for SKUs a channel does not hold.
    #[arg(long)]
    pub push_missing: bool,
    /// Set to zero the stock a channel holds that the desired state does not name.
    #[arg(long)]
    pub zero_unlisted: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RunFlags {
    /// Updates per push: N for every channel, or CHANNEL=N (repeatable).
    #[arg(long, value_name = "[CHANNEL=]N", value_parser = batch_size)]
    pub batch_size: Vec<(Option<String>, NonZeroUsize)>,
    /// Do not re-read the channels after pushing.
    #[arg(long)]
    pub no_verify: bool,
}

fn batch_size(text: &str) -> Result<(Option<String>, NonZeroUsize), String> {
    let (channel, number) = match text.split_once('=') {
        Some((channel, number)) => (Some(channel.trim().to_owned()), number),
        None => (None, text),
    };
    let size = number
        .trim()
        .parse()
        .map_err(|_| format!("`{number}` is not a batch size (a whole number from 1)"))?;
    Ok((channel, size))
}
