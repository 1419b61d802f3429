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
//! | pacing under the vendor's limits, in one process or shared | [`Pacer`], [`rate_limit`] |
//! | answers read whole against a cap, or streamed against an idle timeout | [`Response`], [`StreamedResponse`] |
//! | list endpoints: one page, every item, one page-parameter check | [`Paged`], [`PageRules`] |
//! | pages, `Link` headers, streams of items | [`page`] |
//! | query values from typed fields | [`QueryValue`] |
//! | one refusal type and the accessors of every client's error | [`InvalidInput`], [`ClientError`] |
//! | caller values in paths, safely encoded | [`Route`], [`path`] |
//! | polling a job the server works through | [`poll`] |
//! | time, sleep and jitter, injectable | [`clock`] |
//! | open enums of vendor spellings | [`open_enum!`](macro@open_enum) |
//!
//! # The promises the engine keeps
//!
//! Each is proved by a test against a server that misbehaves on purpose (a raw
//! `tokio::net::TcpListener` where wiremock cannot misbehave enough).
//!
//! | promise | how | proved by |
//! |---|---|---|
//! | no credential leaves the origin it was set for | no redirect is followed (a 3xx is [`Error::Redirect`] naming the status and `Location`), no `Referer` is sent, followed page links must share the base URL's origin; [`http_client_builder`] gives callers the same settings | `tests/edges.rs::no_redirect_carries_a_credential_to_another_origin` (301/302/307/308 to a second loopback server: the origin got the key, the other server nothing; a plain `reqwest::Client` shown to leak it) |
//! | any answer is read within a size cap | `Content-Length` over the cap refused before reading; bodies read chunk by chunk against [`ConfigureEngine::max_body_size`] (default [`DEFAULT_MAX_BODY`], 32 MiB); error bodies read to the 16 KiB an error keeps, then the connection dropped; [`Error::BodyTooLarge`] is never retried | `tests/memory.rs` (an endless chunked body and `Content-Length: 2147483648`: peak RSS grew 36 MiB with the 32 MiB cap, limit 64), `tests/edges.rs::a_body_over_the_cap_is_refused_and_never_retried`, `::an_endless_error_body_costs_what_an_error_keeps` |
//! | a call ends by its deadline, waits for pacing included | the call's remaining deadline goes into [`Pacer::acquire`]: a slot or a 429 pause past it fails at once with [`Error::Deadline`] and books nothing | `rate_limit` unit test `under_a_thousand_concurrent_calls_the_ones_that_cannot_be_served_fail_fast` (1,000 calls at 60 a minute, 120 s deadline: 120 served, 880 refused at 0 s), `tests/edges.rs::a_429_asking_for_days_fails_this_call_and_the_next_at_once`, `tests/engine.rs` (hung server) |
//! | a streamed download times out on silence, not on size | [`HttpEngine::execute_streaming`]: the attempt timeout covers the head, [`ConfigureEngine::idle_timeout`] each chunk | `tests/edges.rs::a_download_that_keeps_coming_outlives_the_attempt_timeout` (720 ms of steady trickle under a 300 ms attempt timeout completes), `::a_download_that_stalls_ends_on_the_idle_timeout` |
//! | a compliant server sees at most its limit, even when sends are late | bookings count a [`rate_limit::send_margin`] past their window, are re-booked when a request wakes late, and settled a full window from the answer | `tests/load.rs` (20 per moving 2 s, 200 requests from 4 clones under 3 busy loops: 0 × 429 at 96.9% of the limit) |
//! | nothing that creates is re-sent once the server may have seen it | only [`Idempotency::Idempotent`] requests are retried after sending; a refused connection is retried for any method | `tests/engine.rs::a_creating_post_is_never_resent_after_the_server_saw_it`, `::a_refused_connection_is_retried_even_for_a_post` |
//! | streams end honestly | a prefetch that panics or is cancelled yields [`Error::StreamInterrupted`]; dropping a stream aborts its prefetch; a page pointing back ends the stream | `page` unit tests `a_prefetch_that_panics_ends_the_stream_with_an_error`, `dropping_a_stream_stops_its_prefetch`, `a_page_pointing_back_ends_the_stream` |
//! | content the vendor never sends is named for what it is | [`Response::expect_content_type`] (used by [`Response::json`]) fails with [`Error::UnexpectedContentType`] ("expected json, got text/html"), body kept | `tests/edges.rs::html_where_json_belongs_is_named_for_what_it_is` |
//! | server data never panics the program | every header and body parser is total; absurd `Retry-After` and reset values are capped | property tests in `retry`, `rate_limit`, `error_body`, `page` |
//! | secrets never print | [`Secret`] prints `[redacted]`; header values are marked sensitive; errors keep no headers | `tests/secrets_in_traces.rs` |
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
mod reset_time;
mod response;
pub mod retry;
mod secret;
pub mod tolerant;

pub use auth::{Authenticate, HeaderAuth};
pub use body::StreamedResponse;
pub use config::{
    ConfigureEngine, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BODY,
    DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, EngineBuilder, http_client_builder,
};
pub use engine::HttpEngine;
pub use error::{
    ApiError, ClientError, Error, ErrorView, InvalidInput, ItemError, RequestSummary,
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
    pub use serde;
}
