//! The errors of planning, applying and journaling.

use std::fmt;

use crate::run::RunId;

/// A desired state that breaks a rule, naming where: the file, the line, the field.
///
/// `Display` writes `stock.csv:12: quantity: `-3` is not a whole number …`, leaving out the
/// parts that do not apply (a state given by a program has no file or line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct DesiredStateError {
    /// The file, as it was named to the reader.
    pub file: Option<String>,
    /// The line in the file, from 1 (the CSV header is line 1).
    pub line: Option<u64>,
    /// The column or JSON field, such as `price` or `[3].quantity`.
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl DesiredStateError {
    /// An error about the whole state (no file, line or field).
    #[must_use]
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            file: None,
            line: None,
            field: None,
            reason: reason.into(),
        }
    }

    /// Names the field.
    #[must_use]
    pub fn in_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Names the file and line, where they are not named yet.
    #[must_use]
    pub fn at(mut self, file: Option<&str>, line: Option<u64>) -> Self {
        if self.file.is_none() {
            self.file = file.map(str::to_owned);
        }
        if self.line.is_none() {
            self.line = line;
        }
        self
    }
}

impl fmt::Display for DesiredStateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => f.write_str("desired state: ")?,
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.reason)
    }
}

/// A plan that cannot be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The desired state names channels the channel set does not have; nothing of it is
    /// dropped silently, so nothing is planned.
    #[error(
        "the desired state names unknown channels: {} (known: {})",
        names.join(", "),
        known.join(", ")
    )]
    UnknownChannels {
        /// Each unknown name, with where it was first named (`file:line`), when known.
        names: Vec<String>,
        /// The channels of the set.
        known: Vec<String>,
    },
}

/// The journal could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// SQLite refused an operation.
    #[error("journal: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A value in the journal does not read back (a plan or update that does not decode).
    #[error("journal: {what} does not read back: {reason}")]
    Corrupt {
        /// What was being read.
        what: String,
        /// Why it did not decode.
        reason: String,
    },
    /// No run has this ID.
    #[error("journal: no run {0}")]
    UnknownRun(RunId),
    /// The journal was written by a newer version of this crate.
    #[error("journal: schema version {found} is newer than the {supported} this program knows")]
    NewerSchema {
        /// The version in the file.
        found: i64,
        /// The newest version this crate writes.
        supported: i64,
    },
}

/// An apply or resume that could not run (as opposed to items a channel refused, which the
/// report lists).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// The journal failed; the run can be resumed once it works again.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// A channel the plan or the caller names is not in the channel set.
    #[error("channel `{0}` is not in the channel set")]
    MissingChannel(String),
    /// Two channels of a set have the same name.
    #[error("the channel set already has a channel called `{0}`")]
    DuplicateChannel(String),
}
