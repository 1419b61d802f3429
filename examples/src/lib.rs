//! Runnable programs that show the marketplace SDK at work.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
