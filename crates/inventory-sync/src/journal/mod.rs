//! The journal: an embedded SQLite database that records each plan, each batch sent and each
//! item's outcome, so that a run killed mid-way is resumed and a seller can ask afterwards what
//! changed, when, on which channel, with which outcome. The tables are documented in the crate
//! docs.

mod history;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use inventory_model::{InventoryUpdate, ItemOutcome, Outcome};
use rusqlite::{Connection, OptionalExtension, params};

pub use history::{BatchRecord, HistoryEntry, HistoryQuery, ItemState, RunRecord};

use crate::error::JournalError;
use crate::plan::{Change, Plan};
use crate::report::RunReport;
use crate::run::RunId;

/// The schema version this crate writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// The current time as the journal writes it: UTC, ISO 8601 with milliseconds.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    run_id     INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    plan       TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('applying', 'finished')),
    status     TEXT CHECK (status IN ('applied', 'partial', 'failed')),
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
    run_id       INTEGER NOT NULL REFERENCES runs (run_id),
    channel      TEXT NOT NULL,
    batch        INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'confirmed', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    sent_at      TEXT,
    confirmed_at TEXT,
    error        TEXT,
    PRIMARY KEY (run_id, channel, batch)
);
CREATE TABLE IF NOT EXISTS items (
    run_id      INTEGER NOT NULL REFERENCES runs (run_id),
    channel     TEXT NOT NULL,
    batch       INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    sku         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    warehouse   TEXT,
    item_id     TEXT,
    before      TEXT,
    after       TEXT NOT NULL,
    update_json TEXT NOT NULL,
    outcome     TEXT CHECK (outcome IN ('accepted', 'rejected', 'refused')),
    reason      TEXT,
    code        TEXT,
    recorded_at TEXT,
    PRIMARY KEY (run_id, channel, batch, position)
);
CREATE INDEX IF NOT EXISTS items_by_sku ON items (sku, run_id);
CREATE TABLE IF NOT EXISTS channel_results (
    run_id      INTEGER NOT NULL REFERENCES runs (run_id),
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL,
    changed     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    refused     INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    unverified  INTEGER NOT NULL,
    error       TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (run_id, channel)
);
CREATE TABLE IF NOT EXISTS mismatches (
    run_id     INTEGER NOT NULL REFERENCES runs (run_id),
    channel    TEXT NOT NULL,
    sku        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    warehouse  TEXT,
    expected   TEXT NOT NULL,
    found      TEXT,
    checked_at TEXT NOT NULL
);
";

/// Where a batch is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BatchState {
    /// Not sent yet.
    Pending,
    /// Pushed, and no answer recorded: the run stopped (or is still waiting) mid-push.
    Sending,
    /// Pushed and answered; every item's outcome is recorded.
    Confirmed,
    /// The push failed as a whole; the batch is sent again on resume.
    Failed,
}

impl BatchState {
    /// `pending`, `sending`, `confirmed` or `failed`, as the journal writes it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            BatchState::Pending => "pending",
            BatchState::Sending => "sending",
            BatchState::Confirmed => "confirmed",
            BatchState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<Self, JournalError> {
        match text {
            "pending" => Ok(BatchState::Pending),
            "sending" => Ok(BatchState::Sending),
            "confirmed" => Ok(BatchState::Confirmed),
            "failed" => Ok(BatchState::Failed),
            other => Err(corrupt("a batch state", format!("`{other}` is not one"))),
        }
    }
}

/// One batch of a run as the journal holds it: its updates, in push order, and the outcomes
/// recorded so far.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JournalBatch {
    /// Its number among the channel's batches, from 1.
    pub number: u32,
    /// Where it is.
    pub state: BatchState,
    /// How many times it was pushed.
    pub attempts: u32,
    /// Its updates, in push order.
    pub updates: Vec<InventoryUpdate>,
    /// The recorded outcome of each update (all `Some` once confirmed).
    pub outcomes: Vec<Option<Outcome>>,
}

/// The journal of a seller's syncs, in one SQLite file.
///
/// Every write is its own transaction, made before the step it records goes on (a batch is
/// `sending` before its push, `confirmed` with its outcomes right after), so a process killed
/// at any point leaves a journal that [`resume`](crate::resume()) continues from. The journal
/// may be shared by the channels of one run (it locks itself); two processes should not apply
/// to one journal at once.
#[derive(Debug)]
pub struct Journal {
    connection: Mutex<Connection>,
}

impl Journal {
    /// Opens (or creates) the journal at `path`.
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] when the file cannot be opened or written,
    /// [`JournalError::NewerSchema`] when a newer version of this crate wrote it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, JournalError> {
        Self::setup(Connection::open(path)?)
    }

    /// A journal in memory, gone when dropped (for tests and dry runs).
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] when SQLite cannot start.
    pub fn in_memory() -> Result<Self, JournalError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(connection: Connection) -> Result<Self, JournalError> {
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        // A confirmed batch must survive a crash or a power cut: write-ahead log, synced.
        let _mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        connection.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(JournalError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        connection.execute_batch(SCHEMA)?;
        connection.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic elsewhere while the lock was held leaves SQLite consistent: each write is one
        // transaction.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Records `plan` as a new run: its refused updates as `refused` items, its sendable ones
    /// cut into batches of `batch_size(channel)` updates, each `pending`.
    pub(crate) fn record_plan(
        &self,
        plan: &Plan,
        batch_size: impl Fn(&str) -> usize,
    ) -> Result<RunId, JournalError> {
        let json = serde_json::to_string(plan).map_err(|error| corrupt("the plan", error))?;
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        tx.execute(
            &format!(
                "INSERT INTO runs (created_at, plan, state, updated_at) \
                 VALUES ({NOW}, ?1, 'applying', {NOW})"
            ),
            params![json],
        )?;
        let run = tx.last_insert_rowid();
        {
            let mut batch_row = tx.prepare(
                "INSERT INTO batches (run_id, channel, batch, state) VALUES (?1, ?2, ?3, 'pending')",
            )?;
            let mut item_row = tx.prepare(&format!(
                "INSERT INTO items (run_id, channel, batch, position, sku, kind, warehouse, \
                 item_id, before, after, update_json, outcome, reason, code, recorded_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
                 CASE WHEN ?12 IS NULL THEN NULL ELSE {NOW} END)"
            ))?;
            for channel in &plan.channels {
                let name = channel.channel.as_str();
                for (position, change) in channel.refused().enumerate() {
                    let refusal = change.refused.as_ref();
                    let row = ItemRow::of(change)?;
                    item_row.execute(params![
                        run,
                        name,
                        0,
                        int(position),
                        row.sku,
                        row.kind,
                        row.warehouse,
                        change.item_id,
                        row.before,
                        row.after,
                        row.json,
                        "refused",
                        refusal.map(|refusal| refusal.reason.as_str()),
                        refusal.and_then(|refusal| refusal.code.as_deref()),
                    ])?;
                }
                let sendable: Vec<&Change> = channel.sendable().collect();
                for (index, batch) in sendable.chunks(batch_size(name).max(1)).enumerate() {
                    let number = index + 1;
                    batch_row.execute(params![run, name, int(number)])?;
                    for (position, change) in batch.iter().enumerate() {
                        let row = ItemRow::of(change)?;
                        item_row.execute(params![
                            run,
                            name,
                            int(number),
                            int(position),
                            row.sku,
                            row.kind,
                            row.warehouse,
                            change.item_id,
                            row.before,
                            row.after,
                            row.json,
                            None::<&str>,
                            None::<&str>,
                            None::<&str>,
                        ])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(RunId::new(run))
    }

    /// The plan of `run`.
    ///
    /// # Errors
    ///
    /// [`JournalError::UnknownRun`] when there is no such run, [`JournalError::Corrupt`] when
    /// its plan does not decode.
    pub fn plan(&self, run: RunId) -> Result<Plan, JournalError> {
        let json: Option<String> = self
            .lock()
            .query_row(
                "SELECT plan FROM runs WHERE run_id = ?1",
                [run.get()],
                |row| row.get(0),
            )
            .optional()?;
        let json = json.ok_or(JournalError::UnknownRun(run))?;
        serde_json::from_str(&json)
            .map_err(|error| corrupt(format!("the plan of run {run}"), error))
    }

    /// The batches of `channel` in `run`, in order, with their updates and outcomes.
    ///
    /// # Errors
    ///
    /// [`JournalError`] when the journal cannot be read or an update does not decode.
    pub fn batches(&self, run: RunId, channel: &str) -> Result<Vec<JournalBatch>, JournalError> {
        let connection = self.lock();
        let mut batches: Vec<JournalBatch> = Vec::new();
        let mut statement = connection.prepare(
            "SELECT batch, state, attempts FROM batches WHERE run_id = ?1 AND channel = ?2 \
             ORDER BY batch",
        )?;
        let mut rows = statement.query(params![run.get(), channel])?;
        while let Some(row) = rows.next()? {
            let state: String = row.get(1)?;
            batches.push(JournalBatch {
                number: row.get(0)?,
                state: BatchState::parse(&state)?,
                attempts: row.get(2)?,
                updates: Vec::new(),
                outcomes: Vec::new(),
            });
        }
        let mut statement = connection.prepare(
            "SELECT batch, update_json, outcome, reason, code FROM items \
             WHERE run_id = ?1 AND channel = ?2 AND batch > 0 ORDER BY batch, position",
        )?;
        let mut rows = statement.query(params![run.get(), channel])?;
        while let Some(row) = rows.next()? {
            let number: u32 = row.get(0)?;
            let json: String = row.get(1)?;
            let update: InventoryUpdate = serde_json::from_str(&json)
                .map_err(|error| corrupt(format!("an update of batch {number}"), error))?;
            let outcome = match row.get::<_, Option<String>>(2)?.as_deref() {
                Some("accepted") => Some(Outcome::Accepted),
                Some(_) => Some(Outcome::Rejected {
                    reason: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    code: row.get(4)?,
                }),
                None => None,
            };
            let batch = batches
                .iter_mut()
                .find(|batch| batch.number == number)
                .ok_or_else(|| corrupt(format!("batch {number}"), "it has items but no row"))?;
            batch.updates.push(update);
            batch.outcomes.push(outcome);
        }
        Ok(batches)
    }

    /// Marks a batch `sending`, before its push.
    pub(crate) fn mark_sending(
        &self,
        run: RunId,
        channel: &str,
        batch: u32,
    ) -> Result<(), JournalError> {
        self.lock().execute(
            &format!(
                "UPDATE batches SET state = 'sending', attempts = attempts + 1, sent_at = {NOW}, \
                 error = NULL WHERE run_id = ?1 AND channel = ?2 AND batch = ?3"
            ),
            params![run.get(), channel, batch],
        )?;
        Ok(())
    }

    /// Marks a batch `confirmed` and records each item's outcome, in one transaction.
    pub(crate) fn confirm(
        &self,
        run: RunId,
        channel: &str,
        batch: u32,
        outcomes: &[ItemOutcome],
    ) -> Result<(), JournalError> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        {
            let mut item = tx.prepare(&format!(
                "UPDATE items SET outcome = ?5, reason = ?6, code = ?7, recorded_at = {NOW} \
                 WHERE run_id = ?1 AND channel = ?2 AND batch = ?3 AND position = ?4"
            ))?;
            for (position, outcome) in outcomes.iter().enumerate() {
                let state = if outcome.is_accepted() {
                    "accepted"
                } else {
                    "rejected"
                };
                item.execute(params![
                    run.get(),
                    channel,
                    batch,
                    int(position),
                    state,
                    outcome.outcome.reason(),
                    outcome.outcome.code(),
                ])?;
            }
        }
        tx.execute(
            &format!(
                "UPDATE batches SET state = 'confirmed', confirmed_at = {NOW}, error = NULL \
                 WHERE run_id = ?1 AND channel = ?2 AND batch = ?3"
            ),
            params![run.get(), channel, batch],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a batch `failed`: its push failed as a whole, for `error`.
    pub(crate) fn fail(
        &self,
        run: RunId,
        channel: &str,
        batch: u32,
        error: &str,
    ) -> Result<(), JournalError> {
        self.lock().execute(
            "UPDATE batches SET state = 'failed', error = ?4 \
             WHERE run_id = ?1 AND channel = ?2 AND batch = ?3",
            params![run.get(), channel, batch, error],
        )?;
        Ok(())
    }

    /// Marks the run `applying` again (a resume).
    pub(crate) fn reopen(&self, run: RunId) -> Result<(), JournalError> {
        let changed = self.lock().execute(
            &format!("UPDATE runs SET state = 'applying', updated_at = {NOW} WHERE run_id = ?1"),
            [run.get()],
        )?;
        if changed == 0 {
            return Err(JournalError::UnknownRun(run));
        }
        Ok(())
    }

    /// Records how the run ended: each channel's counts and mismatches, and its status.
    pub(crate) fn finish(&self, report: &RunReport) -> Result<(), JournalError> {
        let run = report.run.get();
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        tx.execute("DELETE FROM channel_results WHERE run_id = ?1", [run])?;
        tx.execute("DELETE FROM mismatches WHERE run_id = ?1", [run])?;
        {
            let mut result = tx.prepare(&format!(
                "INSERT INTO channel_results (run_id, channel, status, changed, unchanged, \
                 refused, failed, unverified, error, recorded_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, {NOW})"
            ))?;
            let mut mismatch = tx.prepare(&format!(
                "INSERT INTO mismatches (run_id, channel, sku, kind, warehouse, expected, found, \
                 checked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {NOW})"
            ))?;
            for channel in &report.channels {
                let counts = &channel.summary;
                result.execute(params![
                    run,
                    channel.channel,
                    channel.status().as_str(),
                    int(counts.changed),
                    int(counts.unchanged),
                    int(counts.refused),
                    int(counts.failed),
                    int(counts.unverified),
                    channel.error,
                ])?;
                for item in &channel.mismatches {
                    mismatch.execute(params![
                        run,
                        channel.channel,
                        item.sku.as_str(),
                        item.kind.as_str(),
                        item.warehouse.map(|country| country.to_string()),
                        item.expected.to_string(),
                        item.found.map(|found| found.to_string()),
                    ])?;
                }
            }
        }
        tx.execute(
            &format!(
                "UPDATE runs SET state = 'finished', status = ?2, updated_at = {NOW} \
                 WHERE run_id = ?1"
            ),
            params![run, report.status.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The text columns of one item.
struct ItemRow {
    sku: String,
    kind: &'static str,
    warehouse: Option<String>,
    before: Option<String>,
    after: String,
    json: String,
}

impl ItemRow {
    fn of(change: &Change) -> Result<Self, JournalError> {
        Ok(Self {
            sku: change.update.sku().to_string(),
            kind: change.update.kind().as_str(),
            warehouse: change.warehouse().map(|country| country.to_string()),
            before: change.before.map(|value| value.to_string()),
            after: change
                .after()
                .map(|value| value.to_string())
                .unwrap_or_default(),
            json: serde_json::to_string(&change.update)
                .map_err(|error| corrupt("an update", error))?,
        })
    }
}

/// A count or position as SQLite's integer.
fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn corrupt(what: impl Into<String>, reason: impl std::fmt::Display) -> JournalError {
    JournalError::Corrupt {
        what: what.into(),
        reason: reason.to_string(),
    }
}
