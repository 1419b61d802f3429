#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod pacer;
mod scope;
mod scripts;

pub use pacer::{
    BuildError, DEFAULT_PREFIX, DEFAULT_REDIS_TIMEOUT, DEFAULT_RETRY_INTERVAL, Fallback,
    RedisPacer, RedisPacerBuilder,
};
pub use scope::{Keys, Scope};
