//! Pieces every fake shares: the server start-up, fault switches, request log, rate-limit
//! window, the cutting relay, multipart parsing, clock formats and HTTP helpers.

pub(crate) mod clock;
pub(crate) mod faults;
pub(crate) mod front_door;
pub(crate) mod http;
pub(crate) mod multipart;
pub(crate) mod random_faults;
pub(crate) mod rate_limit;
pub(crate) mod request_log;
pub(crate) mod server;
pub(crate) mod store;
