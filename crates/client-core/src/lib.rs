//! The one HTTP engine every marketplace client of this workspace shares.
//!
//! A client crate describes *what* to send; this crate decides *how*: it paces requests
//! under the vendor's rate limit, sends them with timeouts, reads and classifies the answer,
//! retries what is safe to repeat, and turns every failure into a typed [`Error`] that never
//! carries a credential.
//!
//! | concern | where |
//! |---|---|
//! | base URL, user agent, timeouts, caller's `reqwest::Client` | [`EngineBuilder`], [`ConfigureEngine`] |
//! | credentials that never print | [`Secret`], [`HeaderAuth`], [`Authenticate`] |
//! | one request, rebuilt per attempt | [`Request`], [`Body`], [`FormPart`] |
//! | what is retried and how long to wait | [`retry`] |
//! | pacing under the vendor's limits | [`rate_limit`] |
//! | list endpoints: one page, every item, one page-parameter check | [`Paged`], [`PageRules`] |
//! | pages, `Link` headers, streams of items | [`page`] |
//! | query values from typed fields | [`QueryValue`] |
//! | one refusal type and the accessors of every client's error | [`InvalidInput`], [`ClientError`] |
//! | caller values in paths, safely encoded | [`Route`], [`path`] |
//! | polling a job the server works through | [`poll`] |
//! | time, sleep and jitter, injectable | [`clock`] |
//! | open enums of vendor spellings | [`open_enum!`] |
//!
//! # How a client crate uses the engine
//!
//! ```
//! use client_core::{
//!     ConfigureEngine, EngineBuilder, Error, HeaderAuth, HttpEngine, Request, Route, Secret,
//!     rate_limit::RateLimitPolicy,
//! };
//! use std::{sync::Arc, time::Duration};
//!
//! /// A vendor client: its builder wraps an `EngineBuilder` and gets the shared setters.
//! struct ShopClient {
//!     engine: HttpEngine,
//! }
//!
//! struct ShopClientBuilder {
//!     engine: EngineBuilder,
//!     token: Option<Secret>,
//! }
//!
//! impl ConfigureEngine for ShopClientBuilder {
//!     fn engine_builder(&mut self) -> &mut EngineBuilder {
//!         &mut self.engine
//!     }
//! }
//!
//! impl ShopClientBuilder {
//!     fn token(mut self, token: &str) -> Self {
//!         self.token = Some(Secret::new(token));
//!         self
//!     }
//!
//!     fn build(mut self) -> Result<ShopClient, Error> {
//!         if let Some(token) = self.token.take() {
//!             let auth = HeaderAuth::new().with("authorization", "Bearer ", token);
//!             self.engine.set_authenticator(Some(Arc::new(auth)));
//!         }
//!         Ok(ShopClient { engine: self.engine.build()? })
//!     }
//! }
//!
//! impl ShopClient {
//!     async fn stock_of(&self, sku: &str) -> Result<serde_json::Value, Error> {
//!         let route = Route::new("/stock/{sku}").with("sku", sku)?.finish()?;
//!         self.engine.execute(Request::get(route)).await?.json()
//!     }
//! }
//!
//! let client = ShopClientBuilder { engine: EngineBuilder::new("https://shop.example"), token: None }
//!     .user_agent("MyShop/1.0")
//!     .rate_limit(RateLimitPolicy::per_window(60, Duration::from_secs(60)))
//!     .token("secret-token")
//!     .build()?;
//! # let _ = client.stock_of("A-1");
//! # Ok::<(), Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod body;
pub mod clock;
mod config;
mod engine;
pub mod error;
mod error_body;
pub mod open_enum;
pub mod pacing;
pub mod page;
mod paged;
pub mod path;
pub mod poll;
mod query;
pub mod rate_limit;
mod request;
mod response;
pub mod retry;
mod secret;

pub use auth::{Authenticate, HeaderAuth};
pub use body::StreamedResponse;
pub use config::{
    ConfigureEngine, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BODY,
    DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, EngineBuilder, http_client_builder,
};
pub use engine::HttpEngine;
pub use error::{
    ApiError, ClientError, Error, ErrorView, InvalidInput, RequestSummary, TransportKind,
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
    pub use serde;
}
