#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod apply;
mod channels;
mod desired;
mod desired_file;
mod error;
mod journal;
mod matching;
mod plan;
mod planner;
mod report;
mod run;
mod table;
mod verify;

pub use apply::{ApplyOptions, OnProgress, Progress, Step, apply, resume};
pub use channels::{ChannelSet, DEFAULT_BATCH_SIZE};
pub use desired::{DesiredItem, DesiredState, Source, Target};
pub use desired_file::COLUMNS;
pub use error::{DesiredStateError, JournalError, PlanError, SyncError};
pub use journal::{
    BatchRecord, BatchState, HistoryEntry, HistoryQuery, ItemState, Journal, JournalBatch,
    RunRecord, SCHEMA_VERSION,
};
pub use plan::{Cause, Change, ChannelPlan, MissingItem, Plan, PlanOptions, Value};
pub use planner::{plan, plan_channel};
pub use report::{BatchCounts, ChannelReport, ChannelSummary, RunReport, RunStatus};
pub use run::RunId;
pub use verify::{ChannelVerification, Mismatch, verify};
