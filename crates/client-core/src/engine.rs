//! The engine: configuration, then for every request: pace, send, classify, retry.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode};
use tracing::Instrument;
use url::Url;

use crate::clock::{Clock, Jitter, RandomJitter, SystemClock};
use crate::error::{ApiError, Error, RequestSummary, TransportKind, keep_body};
use crate::rate_limit::{RateLimitPolicy, RateLimitStatus, RateLimiter};
use crate::request::{Body, Request, Target, multipart_form};
use crate::response::Response;
use crate::retry::{Idempotency, RetryBudget, RetryPolicy};
use crate::secret::Secret;

/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time allowed for one attempt, from connecting to the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The user agent sent when the client crate and the caller name none.
pub const DEFAULT_USER_AGENT: &str =
    concat!("marketplace-inventory-sdk/", env!("CARGO_PKG_VERSION"));

/// Adds credentials to each attempt of a request.
///
/// It is called for every attempt, after the URL is final, so that signatures with a
/// timestamp and a nonce (OAuth 1.0a) are fresh each time.
pub trait Authenticate: Send + Sync + fmt::Debug {
    /// Adds the credential headers for a request to `url`.
    fn authenticate(
        &self,
        method: &Method,
        url: &Url,
        headers: &mut HeaderMap,
    ) -> Result<(), Error>;
}

/// Authentication by fixed headers holding secrets (API keys, tokens).
///
/// ```
/// use client_core::{HeaderAuth, Secret};
///
/// let auth = HeaderAuth::new().with("authorization", "Bearer ", Secret::new("tok"));
/// assert!(!format!("{auth:?}").contains("tok"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct HeaderAuth {
    headers: Vec<(HeaderName, &'static str, Secret)>,
}

impl HeaderAuth {
    /// No headers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `prefix` followed by `secret` in the header `name` (lower case, e.g. `x-api-key`).
    pub fn with(mut self, name: &'static str, prefix: &'static str, secret: Secret) -> Self {
        self.headers
            .push((HeaderName::from_static(name), prefix, secret));
        self
    }
}

impl Authenticate for HeaderAuth {
    fn authenticate(&self, _: &Method, _: &Url, headers: &mut HeaderMap) -> Result<(), Error> {
        for (name, prefix, secret) in &self.headers {
            let value = secret
                .header_value_with_prefix(prefix)
                .map_err(|_| Error::Config {
                    field: "credentials",
                    reason: format!("the value for header `{name}` is not a valid header value"),
                })?;
            headers.insert(name.clone(), value);
        }
        Ok(())
    }
}

/// The vendor's code and message found in an error body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorError {
    /// The vendor's error code.
    pub code: Option<String>,
    /// The vendor's message.
    pub message: Option<String>,
}

/// Reads the vendor's code and message out of an error body.
pub type ErrorBodyParser = fn(StatusCode, &[u8]) -> VendorError;

/// The default error-body parser: a JSON object with `message`, `Message`, `detail` or
/// `error`, and `code` or `Code`.
pub fn parse_json_error_body(_: StatusCode, body: &[u8]) -> VendorError {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return VendorError::default();
    };
    let text = |keys: &[&str]| {
        keys.iter().find_map(|key| match object.get(*key) {
            Some(serde_json::Value::String(text)) => Some(text.clone()),
            Some(serde_json::Value::Number(number)) => Some(number.to_string()),
            _ => None,
        })
    };
    VendorError {
        code: text(&["code", "Code"]),
        message: text(&["message", "Message", "detail", "error"]),
    }
}

/// Settings that every client builder offers, implemented once here.
///
/// A client crate's builder implements [`ConfigureEngine::engine_builder`] and gets every
/// setter below; callers bring the trait into scope through the client crate's re-export.
pub trait ConfigureEngine: Sized {
    /// The engine settings inside the client builder.
    fn engine_builder(&mut self) -> &mut EngineBuilder;

    /// Points the client at another base URL (a sandbox, a mock server, a proxy).
    fn base_url(mut self, url: impl Into<String>) -> Self {
        self.engine_builder().base_url = url.into();
        self
    }

    /// Sets the `User-Agent` sent with every request.
    fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.engine_builder().user_agent = Some(user_agent.into());
        self
    }

    /// Sets the time allowed for one attempt, from connecting to the last byte.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.engine_builder().timeout = timeout;
        self
    }

    /// Sets the time allowed to open a connection (ignored with [`ConfigureEngine::http_client`],
    /// whose own setting applies).
    fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.engine_builder().connect_timeout = timeout;
        self
    }

    /// Sets how failed requests are retried.
    fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.engine_builder().retry = policy;
        self
    }

    /// Sets how requests are paced.
    fn rate_limit(mut self, policy: RateLimitPolicy) -> Self {
        self.engine_builder().rate_limit = policy;
        self
    }

    /// Sends through the caller's own `reqwest::Client` (for proxies and TLS settings).
    fn http_client(mut self, client: reqwest::Client) -> Self {
        self.engine_builder().http_client = Some(client);
        self
    }

    /// Allows a plain `http://` base URL on a host other than loopback.
    fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.engine_builder().allow_insecure_http = allow;
        self
    }

    /// Replaces the clock (tests use [`crate::clock::ManualClock`]).
    fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.engine_builder().clock = clock;
        self
    }

    /// Replaces the source of backoff jitter (tests seed it).
    fn jitter(mut self, jitter: Arc<dyn Jitter>) -> Self {
        self.engine_builder().jitter = jitter;
        self
    }
}

/// Everything needed to build an [`HttpEngine`].
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    base_url: String,
    user_agent: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: RateLimitPolicy,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
    clock: Arc<dyn Clock>,
    jitter: Arc<dyn Jitter>,
    authenticator: Option<Arc<dyn Authenticate>>,
    error_parser: ErrorBodyParser,
    default_headers: HeaderMap,
}

impl ConfigureEngine for EngineBuilder {
    fn engine_builder(&mut self) -> &mut EngineBuilder {
        self
    }
}

impl EngineBuilder {
    /// Settings with the vendor's production base URL and the defaults: 10 s to connect,
    /// 60 s an attempt, [`RetryPolicy::default`], no pacing, the system clock.
    pub fn new(default_base_url: impl Into<String>) -> Self {
        Self {
            base_url: default_base_url.into(),
            user_agent: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitPolicy::unlimited(),
            http_client: None,
            allow_insecure_http: false,
            clock: Arc::new(SystemClock),
            jitter: Arc::new(RandomJitter::from_entropy()),
            authenticator: None,
            error_parser: parse_json_error_body,
            default_headers: HeaderMap::new(),
        }
    }

    /// Sets how credentials are added (client crates call this).
    pub fn set_authenticator(&mut self, authenticator: Option<Arc<dyn Authenticate>>) -> &mut Self {
        self.authenticator = authenticator;
        self
    }

    /// Sets how error bodies are read (client crates call this).
    pub fn set_error_parser(&mut self, parser: ErrorBodyParser) -> &mut Self {
        self.error_parser = parser;
        self
    }

    /// Adds a header sent with every request (an `Accept`, say).
    pub fn set_default_header(&mut self, name: HeaderName, value: HeaderValue) -> &mut Self {
        self.default_headers.insert(name, value);
        self
    }

    /// The user agent the caller set, if any (Discogs refuses to build without one).
    pub fn user_agent_value(&self) -> Option<&str> {
        self.user_agent.as_deref()
    }

    /// The rate-limit policy as configured so far.
    pub fn rate_limit_policy(&self) -> &RateLimitPolicy {
        &self.rate_limit
    }

    /// Checks the settings and builds the engine.
    pub fn build(&self) -> Result<HttpEngine, Error> {
        let base_url = parse_base_url(&self.base_url, self.allow_insecure_http)?;
        let user_agent = match &self.user_agent {
            Some(agent) if agent.trim().is_empty() => {
                return Err(Error::Config {
                    field: "user_agent",
                    reason: "must not be empty".into(),
                });
            }
            Some(agent) => agent.clone(),
            None => DEFAULT_USER_AGENT.to_owned(),
        };
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| Error::Config {
            field: "user_agent",
            reason: "must be printable ASCII without line breaks".into(),
        })?;
        let http = match &self.http_client {
            Some(client) => client.clone(),
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|error| Error::Config {
                    field: "http_client",
                    reason: format!("the HTTP client could not be built: {error}"),
                })?,
        };
        Ok(HttpEngine {
            inner: Arc::new(Inner {
                limiter: RateLimiter::new(&self.rate_limit, self.clock.clone()),
                budget: RetryBudget::default(),
                base_url,
                user_agent,
                timeout: self.timeout,
                retry: self.retry.clone(),
                http,
                clock: self.clock.clone(),
                jitter: self.jitter.clone(),
                authenticator: self.authenticator.clone(),
                error_parser: self.error_parser,
                default_headers: self.default_headers.clone(),
            }),
        })
    }
}

fn parse_base_url(text: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let bad = |reason: String| Error::Config {
        field: "base_url",
        reason,
    };
    let url = Url::parse(text).map_err(|error| bad(format!("`{text}` is not a URL: {error}")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(bad(format!(
                "`{text}` is plain http on a non-loopback host; use https or allow insecure http explicitly"
            )));
        }
        other => return Err(bad(format!("scheme `{other}` is not http or https"))),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(format!("`{text}` must not have a query or fragment")));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[derive(Debug)]
struct Inner {
    base_url: Url,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    http: reqwest::Client,
    limiter: RateLimiter,
    budget: RetryBudget,
    clock: Arc<dyn Clock>,
    jitter: Arc<dyn Jitter>,
    authenticator: Option<Arc<dyn Authenticate>>,
    error_parser: ErrorBodyParser,
    default_headers: HeaderMap,
}

/// The HTTP engine a client holds. Cheap to clone; clones share the connection pool, the
/// rate limiter and the retry budget.
///
/// How a client crate uses it:
///
/// ```no_run
/// use client_core::{ConfigureEngine, EngineBuilder, Request, Route};
///
/// # async fn run() -> Result<(), client_core::Error> {
/// let engine = EngineBuilder::new("https://api.example.com")
///     .user_agent("MyShop/1.0")
///     .build()?;
/// let route = Route::new("/things/{id}").with("id", "42")?.finish()?;
/// let response = engine.execute(Request::get(route)).await?;
/// let thing: serde_json::Value = response.json()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct HttpEngine {
    inner: Arc<Inner>,
}

/// What one attempt came to.
enum Attempt<T> {
    Done(T),
    Failed {
        error: Error,
        repeatable: bool,
        timed_out: bool,
    },
}

impl HttpEngine {
    /// The base URL requests are sent under.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The engine's clock (client crates use it for timestamps and polling).
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// What the server last reported about its rate limit.
    pub fn rate_limit_status(&self) -> RateLimitStatus {
        self.inner.limiter.status()
    }

    /// Retry tokens left in the shared budget.
    pub fn retry_budget_available(&self) -> u32 {
        self.inner.budget.available()
    }

    /// Sends a request, retrying as the policy allows, and reads the whole answer.
    ///
    /// Returns the answer for 2xx and 304; an [`Error::Api`] for any other status.
    pub async fn execute(&self, request: Request) -> Result<Response, Error> {
        self.run(request, |summary, response| async move {
            let status = response.status();
            let headers = response.headers().clone();
            response.bytes().await.map(|body| Response {
                request: summary,
                status,
                headers,
                body,
            })
        })
        .await
    }

    /// Sends a request like [`HttpEngine::execute`] but hands back the answer before its body
    /// is read, for large downloads read as a stream. A body that breaks off later is the
    /// caller's to handle: it is not retried.
    pub async fn execute_streaming(&self, request: Request) -> Result<reqwest::Response, Error> {
        self.run(request, |_, response| async move { Ok(response) })
            .await
    }

    async fn run<T, F, Fut>(&self, request: Request, finish: F) -> Result<T, Error>
    where
        F: Fn(RequestSummary, reqwest::Response) -> Fut,
        Fut: Future<Output = Result<T, reqwest::Error>>,
    {
        let inner = &self.inner;
        let url = self.url_for(&request)?;
        let summary = RequestSummary {
            method: request.method.clone(),
            route: request.template(),
            path: url.path().to_owned(),
        };
        let started = inner.clock.now();
        let deadline = inner.retry.deadline();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            inner.limiter.acquire().await;
            let elapsed = inner.clock.now().saturating_duration_since(started);
            let Some(left) = deadline.checked_sub(elapsed).filter(|left| !left.is_zero()) else {
                return Err(Error::Deadline {
                    request: summary,
                    deadline,
                    attempts: attempt - 1,
                });
            };
            let span = tracing::info_span!(
                "http_request",
                method = %summary.method,
                route = summary.route,
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let sent_at = inner.clock.now();
            let outcome = self
                .attempt(&request, &url, &summary, left.min(inner.timeout), &finish)
                .instrument(span.clone())
                .await?;
            span.record(
                "latency_ms",
                inner
                    .clock
                    .now()
                    .saturating_duration_since(sent_at)
                    .as_millis() as u64,
            );
            let (error, repeatable, timed_out) = match outcome {
                Attempt::Done(value) => {
                    inner.budget.refund();
                    return Ok(value);
                }
                Attempt::Failed {
                    error,
                    repeatable,
                    timed_out,
                } => (error, repeatable, timed_out),
            };
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            if !repeatable || attempt >= inner.retry.max_attempts() {
                return Err(error);
            }
            let backoff = inner.jitter.pick(inner.retry.backoff_ceiling(attempt));
            let wait = backoff.max(error.retry_after().unwrap_or_default());
            let elapsed = inner.clock.now().saturating_duration_since(started);
            if elapsed.saturating_add(wait) >= deadline {
                tracing::debug!(parent: &span, "not retrying: the wait would pass the deadline");
                return Err(error);
            }
            if !inner.budget.try_withdraw(timed_out) {
                tracing::debug!(parent: &span, "not retrying: the retry budget is spent");
                return Err(error);
            }
            tracing::info!(parent: &span, wait_ms = wait.as_millis() as u64, %error, "retrying");
            inner.clock.sleep(wait).await;
        }
    }

    async fn attempt<T, F, Fut>(
        &self,
        request: &Request,
        url: &Url,
        summary: &RequestSummary,
        timeout: Duration,
        finish: &F,
    ) -> Result<Attempt<T>, Error>
    where
        F: Fn(RequestSummary, reqwest::Response) -> Fut,
        Fut: Future<Output = Result<T, reqwest::Error>>,
    {
        let inner = &self.inner;
        let repeatable_after_send = request.idempotency() == Idempotency::Idempotent;
        let built = self.build(request, url, timeout)?;
        let response = match inner.http.execute(built).await {
            Ok(response) => response,
            Err(error) => {
                let kind = transport_kind(&error);
                return Ok(Attempt::Failed {
                    // A connection that was never made cannot have created anything.
                    repeatable: kind == TransportKind::Connect || repeatable_after_send,
                    timed_out: kind == TransportKind::Timeout,
                    error: Error::Transport {
                        request: summary.clone(),
                        kind,
                        source: error,
                    },
                });
            }
        };
        inner.limiter.observe(response.headers());
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        if status.is_success() || status == StatusCode::NOT_MODIFIED {
            return Ok(match finish(summary.clone(), response).await {
                Ok(value) => Attempt::Done(value),
                Err(error) => {
                    let kind = match transport_kind(&error) {
                        TransportKind::Timeout => TransportKind::Timeout,
                        _ => TransportKind::Body,
                    };
                    Attempt::Failed {
                        repeatable: repeatable_after_send,
                        timed_out: kind == TransportKind::Timeout,
                        error: Error::Transport {
                            request: summary.clone(),
                            kind,
                            source: error,
                        },
                    }
                }
            });
        }
        let retry_after = retry_after(response.headers(), inner.clock.wall_time());
        let body = response.bytes().await.unwrap_or_default();
        if status == StatusCode::TOO_MANY_REQUESTS {
            // Every clone waits, not only this request.
            inner
                .limiter
                .pause_for(retry_after.unwrap_or_else(|| inner.retry.backoff_ceiling(1)));
        }
        let vendor = (inner.error_parser)(status, &body);
        Ok(Attempt::Failed {
            repeatable: repeatable_after_send && inner.retry.retryable_statuses().contains(&status),
            timed_out: false,
            error: Error::Api(Box::new(ApiError {
                request: summary.clone(),
                status,
                code: vendor.code,
                message: vendor.message,
                body: keep_body(&body),
                retry_after,
            })),
        })
    }

    fn url_for(&self, request: &Request) -> Result<Url, Error> {
        let base = &self.inner.base_url;
        let mut url = match &request.target {
            Target::Route(route) => {
                let joined = format!("{}{}", base.as_str().trim_end_matches('/'), route.path());
                Url::parse(&joined).map_err(|error| {
                    Error::invalid_input(
                        "path",
                        format!("`{}` does not form a URL: {error}", route.path()),
                    )
                })?
            }
            Target::Absolute { url, .. } => {
                if url.origin() != base.origin() {
                    return Err(Error::invalid_input(
                        "url",
                        format!(
                            "`{}` is not on the client's host `{}`; credentials are not sent there",
                            url.origin().ascii_serialization(),
                            base.origin().ascii_serialization()
                        ),
                    ));
                }
                url.clone()
            }
        };
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        Ok(url)
    }

    fn build(
        &self,
        request: &Request,
        url: &Url,
        timeout: Duration,
    ) -> Result<reqwest::Request, Error> {
        let inner = &self.inner;
        let mut headers = inner.default_headers.clone();
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.extend(request.headers.clone());
        if let Some(authenticator) = &inner.authenticator {
            authenticator.authenticate(&request.method, url, &mut headers)?;
        }
        let mut builder = inner
            .http
            .request(request.method.clone(), url.clone())
            .timeout(timeout);
        builder = match &request.body {
            Body::Empty => builder,
            Body::Bytes {
                content_type,
                bytes,
            } => {
                let content_type = HeaderValue::from_str(content_type).map_err(|_| {
                    Error::invalid_input(
                        "content_type",
                        format!("`{content_type}` is not a valid header value"),
                    )
                })?;
                headers.insert(CONTENT_TYPE, content_type);
                builder.body(bytes.clone())
            }
            Body::Multipart(parts) => builder.multipart(
                multipart_form(parts)
                    .map_err(|reason| Error::invalid_input("multipart", reason))?,
            ),
        };
        builder.headers(headers).build().map_err(|error| {
            Error::invalid_input("request", format!("could not be built: {error}"))
        })
    }
}

fn transport_kind(error: &reqwest::Error) -> TransportKind {
    if error.is_connect() {
        TransportKind::Connect
    } else if error.is_timeout() {
        TransportKind::Timeout
    } else if error.is_body() || error.is_decode() {
        TransportKind::Body
    } else if error.is_request() {
        TransportKind::Interrupted
    } else {
        TransportKind::Other
    }
}

/// Reads `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_https_unless_loopback_or_allowed() {
        assert!(parse_base_url("https://api.discogs.com", false).is_ok());
        assert!(parse_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(parse_base_url("http://localhost:1", false).is_ok());
        assert!(parse_base_url("http://[::1]:1", false).is_ok());
        assert!(parse_base_url("http://api.discogs.com", false).is_err());
        assert!(parse_base_url("http://api.discogs.com", true).is_ok());
        assert!(parse_base_url("ftp://x", true).is_err());
        assert!(parse_base_url("https://x/?a=b", false).is_err());
    }

    #[test]
    fn retry_after_in_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("12"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(12)));
        let date = httpdate::fmt_http_date(now + Duration::from_secs(40));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(40)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("later"));
        assert_eq!(retry_after(&headers, now), None);
    }

    proptest::proptest! {
        #[test]
        fn server_headers_and_bodies_never_panic(text in "\\PC{0,80}", bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
            if let Ok(value) = HeaderValue::from_str(&text) {
                let mut headers = HeaderMap::new();
                headers.insert(RETRY_AFTER, value);
                let _ = retry_after(&headers, now);
            }
            let _ = parse_json_error_body(StatusCode::BAD_REQUEST, &bytes);
            let _ = parse_json_error_body(StatusCode::BAD_REQUEST, text.as_bytes());
        }
    }

    #[test]
    fn default_error_parser_reads_common_shapes() {
        let parsed = parse_json_error_body(StatusCode::NOT_FOUND, br#"{"message":"nope"}"#);
        assert_eq!(parsed.message.as_deref(), Some("nope"));
        let parsed = parse_json_error_body(
            StatusCode::BAD_REQUEST,
            br#"{"Code":"CT001","Message":"bad"}"#,
        );
        assert_eq!(parsed.code.as_deref(), Some("CT001"));
        assert_eq!(parsed.message.as_deref(), Some("bad"));
        assert_eq!(
            parse_json_error_body(StatusCode::BAD_GATEWAY, b"<html>"),
            VendorError::default()
        );
    }

    #[test]
    fn empty_user_agent_is_refused() {
        let error = EngineBuilder::new("https://x.example")
            .user_agent(" ")
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("user_agent"));
    }
}
