#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod builder;
mod pacer;
mod scope;
mod scripts;

pub use builder::{
    BuildError, DEFAULT_PREFIX, DEFAULT_REDIS_TIMEOUT, DEFAULT_RETRY_INTERVAL, RedisPacerBuilder,
};
pub use pacer::{Fallback, RedisPacer};
pub use scope::{Keys, Scope};
