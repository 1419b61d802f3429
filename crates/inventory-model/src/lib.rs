//! Marketplace-neutral vocabulary for physical inventory: money, currencies, grades, conditions, statuses, SKUs and the stock-channel trait.
//!
//! This crate is being built; see the workspace README for the crate map.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
