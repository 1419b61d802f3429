//! The client, its builder, and what every request shares.

use std::sync::Arc;

use client_core::header::{HeaderName, HeaderValue};
use client_core::{
    ConfigureEngine, EngineBuilder, HeaderAuth, HttpEngine, InvalidInput, RateLimitStatus, Request,
    RetryPolicy, Secret, StatusCode,
};

use crate::error::BulkInsertError;
use crate::site_context::SiteContext;

/// How many records one bulk-insert request carries unless configured otherwise.
pub const DEFAULT_CHUNK_SIZE: usize = 1_000;
/// How many bulk-insert requests are in flight at once unless configured otherwise.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 4;

const SITE_CONTEXT: HeaderName = HeaderName::from_static("x-site-context");

/// A client of one tenant's inventory API.
///
/// Cheap to clone: clones share the connection pool, the rate limiter and the retry budget.
/// Build it with [`BulkInsertClient::builder`].
#[derive(Clone, Debug)]
pub struct BulkInsertClient {
    pub(crate) engine: HttpEngine,
    site: Arc<SiteContext>,
    pub(crate) chunk_size: usize,
    pub(crate) max_concurrent_requests: usize,
}

/// Settings of a [`BulkInsertClient`]; the shared ones (timeouts, retries, clock, …) come from
/// [`ConfigureEngine`].
#[derive(Debug)]
pub struct BulkInsertClientBuilder {
    engine: EngineBuilder,
    site: SiteContext,
    api_key: Option<Secret>,
    chunk_size: usize,
    max_concurrent_requests: usize,
}

impl ConfigureEngine for BulkInsertClientBuilder {
    fn engine_builder(&mut self) -> &mut EngineBuilder {
        &mut self.engine
    }
}

impl BulkInsertClient {
    /// Starts a client for the API at `base_url` (each tenant has its own host, so there is
    /// no default; the paths `/inventory/…` are added to it) on behalf of `site`.
    ///
    /// The default retry policy leaves 500 out of the retried statuses: this API answers 500
    /// for an account it does not know, which no retry can fix.
    pub fn builder(base_url: impl Into<String>, site: SiteContext) -> BulkInsertClientBuilder {
        let retry = RetryPolicy::default().with_retryable_statuses([
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::BAD_GATEWAY,
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::GATEWAY_TIMEOUT,
        ]);
        BulkInsertClientBuilder {
            engine: EngineBuilder::new(base_url).retry_policy(retry),
            site,
            api_key: None,
            chunk_size: DEFAULT_CHUNK_SIZE,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
        }
    }

    /// The account, environment and channel this client sends in `x-site-context`.
    #[must_use]
    pub fn site_context(&self) -> &SiteContext {
        &self.site
    }

    /// What the server last reported about its rate limit, shared by every clone.
    ///
    /// The API documents no rate-limit headers, so the figures stay `None` unless the client
    /// is told which headers to read ([`ConfigureEngine::rate_limit_headers`], e.g. for a
    /// gateway that adds `X-RateLimit-*`); the pacing set with
    /// [`ConfigureEngine::rate_limit`] and the pauses after a 429 apply either way.
    #[must_use]
    pub fn rate_limit_status(&self) -> RateLimitStatus {
        self.engine.rate_limit_status()
    }

    /// A request with this client's `x-site-context`, stamped with the engine clock's time.
    pub(crate) fn with_site_context(&self, request: Request) -> Result<Request, BulkInsertError> {
        let json = self.site.header_json(self.engine.clock().wall_time())?;
        let value = HeaderValue::from_str(&json).map_err(|_| {
            BulkInsertError::invalid("x-site-context", "is not a valid header value")
        })?;
        Ok(request.header(SITE_CONTEXT, value))
    }
}

impl BulkInsertClientBuilder {
    /// Sends `key` in the `x-api-key` header of every request. It never appears in `Debug`
    /// output, errors or logs.
    #[must_use]
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(key));
        self
    }

    /// How many records each bulk-insert request carries when a batch is split (default
    /// [`DEFAULT_CHUNK_SIZE`]; at least 1).
    #[must_use]
    pub fn chunk_size(mut self, records: usize) -> Self {
        self.chunk_size = records;
        self
    }

    /// How many bulk-insert requests of one batch are in flight at once (default
    /// [`DEFAULT_MAX_CONCURRENT_REQUESTS`]; at least 1).
    #[must_use]
    pub fn max_concurrent_requests(mut self, requests: usize) -> Self {
        self.max_concurrent_requests = requests;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::Config`] naming the setting: an empty API key,
    /// a chunk size or concurrency of 0, or a base URL that is not `https` (plain `http` is
    /// allowed on loopback only, unless [`ConfigureEngine::allow_insecure_http`]).
    pub fn build(mut self) -> Result<BulkInsertClient, BulkInsertError> {
        check_batch_settings(self.chunk_size, self.max_concurrent_requests)
            .map_err(BulkInsertError::Config)?;
        if let Some(key) = self.api_key.take() {
            if key.is_empty() {
                return Err(BulkInsertError::config("api_key", "must not be empty"));
            }
            let auth = HeaderAuth::new().with("x-api-key", "", key);
            self.engine.set_authenticator(Some(Arc::new(auth)));
        }
        Ok(BulkInsertClient {
            engine: self.engine.build()?,
            site: Arc::new(self.site),
            chunk_size: self.chunk_size,
            max_concurrent_requests: self.max_concurrent_requests,
        })
    }
}

/// The rules of the batch settings, whether set on the builder (a configuration error) or on
/// one batch (an input error): both at least 1.
pub(crate) fn check_batch_settings(
    chunk_size: usize,
    max_concurrent_requests: usize,
) -> Result<(), InvalidInput> {
    for (field, value) in [
        ("chunk_size", chunk_size),
        ("max_concurrent_requests", max_concurrent_requests),
    ] {
        if value == 0 {
            return Err(InvalidInput::new(field, "must be at least 1"));
        }
    }
    Ok(())
}
