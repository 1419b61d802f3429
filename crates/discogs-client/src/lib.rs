//! Typed client for the Discogs Marketplace API and the Discogs Inventory Upload (CSV) API.
//!
//! This crate is being built; see the workspace README for the crate map.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
