//! The sync against in-memory fake channels: the 10,000-SKU plan, resuming after a crash,
//! refusals and failures, idempotence, and desired-state files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout
)]

mod failures;
mod fake;
mod files;
mod large;
mod resume;
mod twice;
mod warehouses;
