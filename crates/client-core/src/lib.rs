#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod body;
pub mod clock;
mod config;
mod conversions;
mod engine;
pub mod error;
mod error_body;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod invalid_input;
pub mod lenient;
pub mod open_enum;
pub mod pacing;
pub mod page;
mod paged;
pub mod path;
pub mod poll;
mod query;
pub mod rate_limit;
mod request;
mod reset_time;
mod response;
pub mod retry;
mod secret;
pub mod timestamp;
pub mod tolerant;

pub use auth::{Authenticate, HeaderAuth};
pub use body::StreamedResponse;
pub use config::{
    ConfigureEngine, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BODY,
    DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, EngineBuilder, http_client_builder,
};
pub use engine::HttpEngine;
pub use error::{
    ApiError, ClientError, Error, ErrorView, InvalidInput, ItemError, Outcome, RequestSummary,
    TransportKind, UnexpectedContent,
};
pub use error_body::{ErrorBodyParser, VendorError, parse_json_error_body};
pub use pacing::{BudgetReport, Pacer, PacingError, Permit, RateLimitStatus};
pub use page::{NextPage, Page, StreamOptions};
pub use paged::{PageQuery, PageRules, Paged};
pub use path::Route;
pub use query::QueryValue;
pub use request::{Body, FormPart, Request};
pub use response::Response;
pub use retry::{Idempotency, RetryPolicy, retry_after};
pub use secret::{MASK, Secret, sensitive_header_value};

/// Re-exported so client crates and their users name one version of these types.
pub use reqwest::{Method, StatusCode, header};
pub use url::Url;

/// What the exported macros reach for; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use inventory_model::serde_text::deserialize_str_with;
    pub use serde;
}
