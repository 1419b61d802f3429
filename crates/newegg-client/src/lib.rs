//! Typed client for Newegg Marketplace item inventory updates, in XML and JSON.
//!
//! This crate is being built; see the workspace README for the crate map.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
