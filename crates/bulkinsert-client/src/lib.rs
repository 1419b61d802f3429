//! Typed client for the inventory bulk-insert API with its x-site-context header.
//!
//! This crate is being built; see the workspace README for the crate map.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
