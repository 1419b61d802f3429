//! Asking the journal afterwards: the runs, their batches, and each item's history.

use inventory_model::Sku;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Row, params_from_iter};
use serde::{Deserialize, Serialize};

use super::{BatchState, Journal};
use crate::error::JournalError;
use crate::report::RunStatus;
use crate::run::RunId;

/// One run as the journal lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunRecord {
    /// Its number.
    pub run: RunId,
    /// When its plan was recorded (UTC, ISO 8601).
    pub created_at: String,
    /// Whether it finished (`false`: it is applying, or was interrupted and can be resumed).
    pub finished: bool,
    /// How it ended, once finished.
    pub status: Option<RunStatus>,
    /// When it last changed state.
    pub updated_at: String,
}

/// One batch of a run as the journal lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchRecord {
    /// The channel.
    pub channel: String,
    /// Its number among the channel's batches, from 1.
    pub batch: u32,
    /// `pending`, `sending`, `confirmed` or `failed`.
    pub state: String,
    /// How many times it was pushed (more than 1 after a resume re-sent it).
    pub attempts: u32,
    /// When it was last pushed.
    pub sent_at: Option<String>,
    /// When its outcomes were recorded.
    pub confirmed_at: Option<String>,
    /// Why its last push failed as a whole.
    pub error: Option<String>,
}

/// What became of one planned update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ItemState {
    /// Refused by the channel's rules when planned; never sent.
    Refused,
    /// Not sent yet.
    Pending,
    /// Sent, with no answer recorded (the run stopped mid-push, or is pushing now).
    Sending,
    /// The channel applied it.
    Accepted,
    /// The channel refused it.
    Rejected,
    /// Its push failed as a whole.
    Failed,
}

/// One planned update and what became of it: a row of [`Journal::history`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HistoryEntry {
    /// The run.
    pub run: RunId,
    /// The channel.
    pub channel: String,
    /// The batch it was sent in (0 for an update refused when planned).
    pub batch: u32,
    /// The SKU.
    pub sku: String,
    /// `stock` or `price`.
    pub kind: String,
    /// The warehouse, for stock.
    pub warehouse: Option<String>,
    /// The channel's ID of the item, when the read showed it.
    pub item_id: Option<String>,
    /// What the channel showed before (`3`, `$21.50`).
    pub before: Option<String>,
    /// What the update set.
    pub after: String,
    /// What became of it.
    pub state: ItemState,
    /// Why it was refused, rejected, or why its push failed.
    pub reason: Option<String>,
    /// The channel's code for a rejection.
    pub code: Option<String>,
    /// When the plan was recorded.
    pub planned_at: String,
    /// When it was last sent.
    pub sent_at: Option<String>,
    /// When its outcome was recorded.
    pub recorded_at: Option<String>,
}

/// Which entries [`Journal::history`] returns; every filter is optional and they combine.
///
/// ```
/// use inventory_sync::{HistoryQuery, Journal};
///
/// let journal = Journal::in_memory()?;
/// let query = HistoryQuery::new().channel("discogs").sku("LP-1").limit(50);
/// assert!(journal.history(&query)?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HistoryQuery {
    run: Option<RunId>,
    channel: Option<String>,
    sku: Option<String>,
    since: Option<String>,
    changed_only: bool,
    limit: Option<usize>,
}

impl HistoryQuery {
    /// Every entry of every run.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the entries of `run`.
    #[must_use]
    pub fn run(mut self, run: RunId) -> Self {
        self.run = Some(run);
        self
    }

    /// Only the entries of the channel called `name`.
    #[must_use]
    pub fn channel(mut self, name: impl Into<String>) -> Self {
        self.channel = Some(name.into());
        self
    }

    /// Only the entries of one SKU.
    #[must_use]
    pub fn sku(mut self, sku: impl AsRef<str>) -> Self {
        self.sku = Sku::new(sku.as_ref()).map_or_else(
            |_| Some(sku.as_ref().to_owned()),
            |sku| Some(sku.into_string()),
        );
        self
    }

    /// Only the runs planned at or after `time` (UTC, ISO 8601, such as `2026-12-01` or
    /// `2026-12-01T17:00:00Z`).
    #[must_use]
    pub fn since(mut self, time: impl Into<String>) -> Self {
        self.since = Some(time.into());
        self
    }

    /// Only the updates a channel accepted: what changed.
    #[must_use]
    pub fn changed_only(mut self) -> Self {
        self.changed_only = true;
        self
    }

    /// At most `count` entries, the newest runs first.
    #[must_use]
    pub fn limit(mut self, count: usize) -> Self {
        self.limit = Some(count);
        self
    }
}

impl Journal {
    /// What became of each planned update, newest run first, then by channel, batch and
    /// position: what changed, when, on which channel, with which outcome.
    ///
    /// # Errors
    ///
    /// [`JournalError`] when the journal cannot be read.
    pub fn history(&self, query: &HistoryQuery) -> Result<Vec<HistoryEntry>, JournalError> {
        let mut sql = String::from(
            "SELECT i.run_id, i.channel, i.batch, i.sku, i.kind, i.warehouse, i.item_id, \
             i.before, i.after, i.outcome, b.state, i.reason, b.error, i.code, r.created_at, \
             b.sent_at, i.recorded_at \
             FROM items i JOIN runs r ON r.run_id = i.run_id \
             LEFT JOIN batches b ON b.run_id = i.run_id AND b.channel = i.channel \
             AND b.batch = i.batch WHERE 1 = 1",
        );
        let mut values: Vec<SqlValue> = Vec::new();
        if let Some(run) = query.run {
            sql.push_str(" AND i.run_id = ?");
            values.push(SqlValue::Integer(run.get()));
        }
        if let Some(channel) = &query.channel {
            sql.push_str(" AND i.channel = ?");
            values.push(SqlValue::Text(channel.clone()));
        }
        if let Some(sku) = &query.sku {
            sql.push_str(" AND i.sku = ?");
            values.push(SqlValue::Text(sku.clone()));
        }
        if let Some(since) = &query.since {
            sql.push_str(" AND r.created_at >= ?");
            values.push(SqlValue::Text(since.clone()));
        }
        if query.changed_only {
            sql.push_str(" AND i.outcome = 'accepted'");
        }
        sql.push_str(" ORDER BY i.run_id DESC, i.channel, i.batch, i.position");
        if let Some(limit) = query.limit {
            sql.push_str(" LIMIT ?");
            values.push(SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
        let connection = self.lock();
        let mut statement = connection.prepare(&sql)?;
        let mut rows = statement.query(params_from_iter(values))?;
        let mut entries = Vec::new();
        while let Some(row) = rows.next()? {
            entries.push(entry(row)?);
        }
        Ok(entries)
    }

    /// Every run, newest first.
    ///
    /// # Errors
    ///
    /// [`JournalError`] when the journal cannot be read.
    pub fn runs(&self) -> Result<Vec<RunRecord>, JournalError> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT run_id, created_at, state, status, updated_at FROM runs ORDER BY run_id DESC",
        )?;
        let mut rows = statement.query([])?;
        let mut runs = Vec::new();
        while let Some(row) = rows.next()? {
            let state: String = row.get(2)?;
            let status: Option<String> = row.get(3)?;
            runs.push(RunRecord {
                run: RunId::new(row.get(0)?),
                created_at: row.get(1)?,
                finished: state == "finished",
                status: status.as_deref().and_then(RunStatus::parse),
                updated_at: row.get(4)?,
            });
        }
        Ok(runs)
    }

    /// The runs that did not finish (interrupted, or applying now), oldest first: the ones
    /// to [`resume`](crate::resume()).
    ///
    /// # Errors
    ///
    /// [`JournalError`] when the journal cannot be read.
    pub fn unfinished(&self) -> Result<Vec<RunId>, JournalError> {
        let mut runs: Vec<RunId> = self
            .runs()?
            .into_iter()
            .filter(|run| !run.finished)
            .map(|run| run.run)
            .collect();
        runs.reverse();
        Ok(runs)
    }

    /// The runs that still have something to send, oldest first: those that did not finish
    /// and those that finished with batches not confirmed (a push that failed as a whole).
    ///
    /// # Errors
    ///
    /// [`JournalError`] when the journal cannot be read.
    pub fn resumable(&self) -> Result<Vec<RunId>, JournalError> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT run_id FROM runs r WHERE r.state = 'applying' OR EXISTS \
             (SELECT 1 FROM batches b WHERE b.run_id = r.run_id AND b.state <> 'confirmed') \
             ORDER BY run_id",
        )?;
        let mut rows = statement.query([])?;
        let mut runs = Vec::new();
        while let Some(row) = rows.next()? {
            runs.push(RunId::new(row.get(0)?));
        }
        Ok(runs)
    }

    /// Every batch of `run`, by channel and number.
    ///
    /// # Errors
    ///
    /// [`JournalError`] when the journal cannot be read.
    pub fn batch_log(&self, run: RunId) -> Result<Vec<BatchRecord>, JournalError> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT channel, batch, state, attempts, sent_at, confirmed_at, error FROM batches \
             WHERE run_id = ?1 ORDER BY channel, batch",
        )?;
        let mut rows = statement.query([run.get()])?;
        let mut batches = Vec::new();
        while let Some(row) = rows.next()? {
            batches.push(BatchRecord {
                channel: row.get(0)?,
                batch: row.get(1)?,
                state: row.get(2)?,
                attempts: row.get(3)?,
                sent_at: row.get(4)?,
                confirmed_at: row.get(5)?,
                error: row.get(6)?,
            });
        }
        Ok(batches)
    }
}

fn entry(row: &Row<'_>) -> Result<HistoryEntry, JournalError> {
    let outcome: Option<String> = row.get(9)?;
    let batch_state: Option<String> = row.get(10)?;
    let batch_state = batch_state.as_deref().map(BatchState::parse).transpose()?;
    let state = match (outcome.as_deref(), batch_state) {
        (Some("accepted"), _) => ItemState::Accepted,
        (Some("rejected"), _) => ItemState::Rejected,
        (Some(_), _) => ItemState::Refused,
        (None, Some(BatchState::Sending)) => ItemState::Sending,
        (None, Some(BatchState::Failed)) => ItemState::Failed,
        (None, _) => ItemState::Pending,
    };
    let reason: Option<String> = row.get(11)?;
    let batch_error: Option<String> = row.get(12)?;
    Ok(HistoryEntry {
        run: RunId::new(row.get(0)?),
        channel: row.get(1)?,
        batch: row.get(2)?,
        sku: row.get(3)?,
        kind: row.get(4)?,
        warehouse: row.get(5)?,
        item_id: row.get(6)?,
        before: row.get(7)?,
        after: row.get(8)?,
        reason: match state {
            ItemState::Failed => batch_error,
            _ => reason,
        },
        state,
        code: row.get(13)?,
        planned_at: row.get(14)?,
        sent_at: row.get(15)?,
        recorded_at: row.get(16)?,
    })
}
