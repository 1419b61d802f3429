//! Shared pieces of the example programs.
//!
//! [`offline::OfflineMarketplaces`] starts the sandbox fakes of all four services and builds a
//! client for each, configured exactly as a real program would configure it, except for the
//! base URL and the sandbox's credentials. The programs in `src/bin/` and the end-to-end tests
//! use it, so what the demo shows is what the tests check.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod marketplaces;
pub mod offline;

/// The workspace README's code samples, compiled as doc tests so that they cannot drift
/// from the API.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeSamples;
