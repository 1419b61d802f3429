//! What a run did: per channel, how many items changed, were unchanged, refused, failed or did
//! not verify, and an overall status that maps to an exit code.

use std::fmt;

use inventory_model::{InventoryUpdate, ItemOutcome, Sku};
use serde::{Deserialize, Serialize};

use crate::run::RunId;
use crate::verify::Mismatch;

/// How a run ended, from best to worst.
///
/// | status | exit code | meaning |
/// |--------|-----------|---------|
/// | `Applied` | 0 | every update was applied and verified |
/// | `Partial` | 1 | some items were refused (by the channel's rules or by the channel) or did not verify |
/// | `Failed` | 2 | the run failed: a channel failed as a whole (its read, a push or its re-read), or items were left unsent or unread |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RunStatus {
    /// Everything was applied and verified.
    Applied,
    /// Some items were refused or did not verify.
    Partial,
    /// The run failed.
    Failed,
}

impl RunStatus {
    /// The command line's exit code: 0, 1 or 2.
    #[must_use]
    pub const fn exit_code(self) -> u8 {
        match self {
            RunStatus::Applied => 0,
            RunStatus::Partial => 1,
            RunStatus::Failed => 2,
        }
    }

    /// `applied`, `partial` or `failed`, as the journal writes it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            RunStatus::Applied => "applied",
            RunStatus::Partial => "partial",
            RunStatus::Failed => "failed",
        }
    }

    /// The status written by [`as_str`](RunStatus::as_str).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        [RunStatus::Applied, RunStatus::Partial, RunStatus::Failed]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The counts of one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChannelSummary {
    /// Updates the channel accepted and that verified (or that were not verified, when
    /// verification was off).
    pub changed: usize,
    /// Wanted values the channel already showed.
    pub unchanged: usize,
    /// Updates refused by the channel's rules before sending, or rejected by the channel.
    pub refused: usize,
    /// Updates not applied because their push failed as a whole or was never made, and wanted
    /// items whose data did not decode.
    pub failed: usize,
    /// Updates the channel accepted that the re-read does not show (or that could not be
    /// re-read).
    pub unverified: usize,
}

/// How the batches of one channel went in this run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchCounts {
    /// Batches pushed in this run.
    pub sent: usize,
    /// Batches confirmed by an earlier, interrupted run of the same plan, not sent again.
    pub skipped: usize,
    /// Batches an interrupted run left `sending` (pushed, no answer recorded), sent again in
    /// this run; a push sets absolute values, so sending one twice is safe.
    pub resent: Vec<u32>,
}

/// What a run did on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChannelReport {
    /// The channel's name.
    pub channel: String,
    /// The counts.
    pub summary: ChannelSummary,
    /// Why the channel failed as a whole (its read when planning, a push, or its re-read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every refused update, with the reason (and the channel's code, when it gave one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<ItemOutcome>,
    /// Every update that was not applied because its push failed or was not made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<InventoryUpdate>,
    /// Every accepted update the re-read does not show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<Mismatch>,
    /// How the batches went.
    pub batches: BatchCounts,
    /// Whether the channel was re-read after the pushes.
    pub verified: bool,
}

impl ChannelReport {
    /// The channel's status.
    #[must_use]
    pub fn status(&self) -> RunStatus {
        let summary = &self.summary;
        if self.error.is_some() || summary.failed > 0 {
            RunStatus::Failed
        } else if summary.refused > 0 || summary.unverified > 0 {
            RunStatus::Partial
        } else {
            RunStatus::Applied
        }
    }
}

/// What a run did: one report per channel and the overall status (the worst channel's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunReport {
    /// The run's number in the journal.
    pub run: RunId,
    /// The worst status of any channel.
    pub status: RunStatus,
    /// One report per channel, in the plan's order.
    pub channels: Vec<ChannelReport>,
    /// Wanted SKUs that no channel holds (from the plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<Sku>,
}

impl RunReport {
    /// A report of these channels, its status the worst of theirs.
    #[must_use]
    pub fn new(run: RunId, channels: Vec<ChannelReport>, unmatched: Vec<Sku>) -> Self {
        let status = channels
            .iter()
            .map(ChannelReport::status)
            .max()
            .unwrap_or(RunStatus::Applied);
        Self {
            run,
            status,
            channels,
            unmatched,
        }
    }

    /// The command line's exit code ([`RunStatus::exit_code`]).
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        self.status.exit_code()
    }

    /// The report of the channel called `name`.
    #[must_use]
    pub fn channel(&self, name: &str) -> Option<&ChannelReport> {
        self.channels.iter().find(|report| report.channel == name)
    }

    /// The report as pretty-printed JSON, for scripts.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
