//! Stateful in-process fakes of the Discogs, Newegg, bulk-insert and Instica APIs for offline demos and tests.
//!
//! This crate is being built; see the workspace README for the crate map.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
