//! The settings of an engine: what every client builder offers, and how they are checked.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::auth::Authenticate;
use crate::clock::{Clock, Jitter, RandomJitter, SystemClock};
use crate::engine::{EngineParts, HttpEngine};
use crate::error::Error;
use crate::error_body::{ErrorBodyParser, parse_json_error_body};
use crate::pacing::Pacer;
use crate::rate_limit::{MovingWindowLimiter, RateLimitHeaders, RateLimitPolicy};
use crate::retry::RetryPolicy;

/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time allowed for one attempt, from connecting to the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default longest silence between two chunks of a streamed download.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The default largest answer read into memory: 32 MiB, far above the largest page any of
/// the vendors sends (a Discogs page of 100 listings is about 150 KiB).
pub const DEFAULT_MAX_BODY: usize = 32 * 1024 * 1024;

/// The settings every HTTP client under this engine should start from: no redirects followed
/// (a redirect to another host would carry the vendor's credential headers there, since
/// `reqwest` strips only `Authorization` and cookies) and no `Referer` (it would leak the
/// request URL to wherever a link points), with the default connect timeout.
///
/// Build your own `reqwest::Client` from this when you need proxies or TLS roots, and hand it
/// to [`ConfigureEngine::http_client`]:
///
/// ```
/// let client = client_core::http_client_builder()
///     .pool_max_idle_per_host(4) // your own settings on top
///     .build()?;
/// # let _ = client;
/// # Ok::<(), reqwest::Error>(())
/// ```
pub fn http_client_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
}

/// With the `rustls` feature (the default), makes `ring` the process's rustls crypto provider
/// unless the program installed one first: reqwest is built without a provider of its own, so
/// that the C sources of aws-lc-rs are not compiled, and rustls needs one chosen before the
/// first TLS client is built. A program that builds a plain `reqwest::Client` before any
/// client of this SDK does the same itself (`rustls::crypto::ring::default_provider()
/// .install_default()`), or enables reqwest's own `rustls` feature.
fn install_tls_provider() {
    #[cfg(feature = "rustls")]
    {
        // Fails only when a provider is already installed, which is then the one used.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// How the engine paces requests.
#[derive(Debug, Clone)]
enum Pacing {
    /// The caller chose nothing: the client crate's vendor default applies.
    VendorDefault,
    /// An in-process moving window (possibly [`RateLimitPolicy::unlimited`]).
    Policy(RateLimitPolicy),
    /// The caller's own pacer (shared between processes, say).
    Pacer(Arc<dyn Pacer>),
}
/// The user agent sent when the client crate and the caller name none.
pub const DEFAULT_USER_AGENT: &str =
    concat!("marketplace-inventory-sdk/", env!("CARGO_PKG_VERSION"));

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

    /// Sets the time allowed for one attempt, from connecting to the last byte. Streamed
    /// downloads are timed by [`idle_timeout`](ConfigureEngine::idle_timeout) instead once
    /// their answer has begun.
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

    /// Sets the longest silence between two chunks of a streamed download (default
    /// [`DEFAULT_IDLE_TIMEOUT`]): a large file that keeps arriving is never cut, one that
    /// stalls is.
    fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.engine_builder().idle_timeout = timeout;
        self
    }

    /// Sets the largest answer read into memory (default [`DEFAULT_MAX_BODY`]); a larger one
    /// is refused with [`Error::BodyTooLarge`] and never retried.
    fn max_body_size(mut self, bytes: usize) -> Self {
        self.engine_builder().max_body = bytes;
        self
    }

    /// Paces requests in this process with `policy` instead of the vendor's documented
    /// limit; [`RateLimitPolicy::unlimited`] turns pacing off (the server's 429s still pause
    /// every clone).
    fn rate_limit(mut self, policy: RateLimitPolicy) -> Self {
        self.engine_builder().pacing = Pacing::Policy(policy);
        self
    }

    /// Reads the server's budget from these headers instead of the vendor's own (for a
    /// server that reports a window of another length, such as a test double).
    fn rate_limit_headers(mut self, headers: RateLimitHeaders) -> Self {
        self.engine_builder().rate_limit_headers = Some(headers);
        self
    }

    /// Whether the pacer learns from the server's rate-limit headers (on by default): what
    /// the server has counted, a limit it lowered, a window it reports empty. Off, only the
    /// configured windows and the server's 429s pace requests.
    fn learn_from_rate_limit_headers(mut self, learn: bool) -> Self {
        self.engine_builder().learn_from_headers = learn;
        self
    }

    /// Paces requests with the caller's own [`Pacer`], such as one that shares the vendor's
    /// budget between processes through Redis.
    fn pacer(mut self, pacer: Arc<dyn Pacer>) -> Self {
        self.engine_builder().pacing = Pacing::Pacer(pacer);
        self
    }

    /// Sends through the caller's own `reqwest::Client` (for proxies and TLS settings).
    ///
    /// Build it from [`http_client_builder`]: the engine cannot inspect a client it is
    /// given, and a client that follows redirects (reqwest's default follows up to ten)
    /// sends this client's credential headers, such as an API key, to whatever host a
    /// redirect names, with a `Referer` naming the original URL.
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
    idle_timeout: Duration,
    max_body: usize,
    pacing: Pacing,
    default_rate_limit: RateLimitPolicy,
    rate_limit_headers: Option<RateLimitHeaders>,
    default_rate_limit_headers: Option<RateLimitHeaders>,
    learn_from_headers: bool,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
    clock: Arc<dyn Clock>,
    jitter: Arc<dyn Jitter>,
    authenticator: Option<Arc<dyn Authenticate>>,
    error_parser: ErrorBodyParser,
    default_headers: HeaderMap,
    required_user_agent: Option<&'static str>,
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
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
            pacing: Pacing::VendorDefault,
            default_rate_limit: RateLimitPolicy::unlimited(),
            rate_limit_headers: None,
            default_rate_limit_headers: None,
            learn_from_headers: true,
            http_client: None,
            allow_insecure_http: false,
            clock: Arc::new(SystemClock),
            jitter: Arc::new(RandomJitter::from_entropy()),
            authenticator: None,
            error_parser: parse_json_error_body,
            default_headers: HeaderMap::new(),
            required_user_agent: None,
        }
    }

    /// Refuses to build without a caller-set user agent, for vendors that ask every
    /// application to identify itself; `why` is the rule the refusal states. A missing and
    /// an empty user agent are then refused alike, as [`Error::Config`] naming `user_agent`.
    pub fn require_user_agent(&mut self, why: &'static str) -> &mut Self {
        self.required_user_agent = Some(why);
        self
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

    /// Sets the vendor's documented limit, used unless the caller chose a policy or a pacer
    /// of their own (client crates call this).
    pub fn set_default_rate_limit(&mut self, policy: RateLimitPolicy) -> &mut Self {
        self.default_rate_limit = policy;
        self
    }

    /// Names the headers through which the vendor reports its budget (client crates call
    /// this); the engine reads them into a [`BudgetReport`](crate::pacing::BudgetReport) for
    /// the pacer after every answer, unless the caller named others
    /// ([`ConfigureEngine::rate_limit_headers`]).
    pub fn set_default_rate_limit_headers(&mut self, headers: RateLimitHeaders) -> &mut Self {
        self.default_rate_limit_headers = Some(headers);
        self
    }

    /// Whether the caller left pacing to the vendor's default.
    pub fn uses_default_pacing(&self) -> bool {
        matches!(self.pacing, Pacing::VendorDefault)
    }

    /// Checks the settings and builds the engine.
    pub fn build(&self) -> Result<HttpEngine, Error> {
        let base_url = parse_base_url(&self.base_url, self.allow_insecure_http)?;
        let user_agent = match &self.user_agent {
            Some(agent) if !agent.trim().is_empty() => agent.clone(),
            Some(_) => return Err(Error::config("user_agent", "must not be empty")),
            None => match self.required_user_agent {
                Some(why) => return Err(Error::config("user_agent", why)),
                None => DEFAULT_USER_AGENT.to_owned(),
            },
        };
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::config("user_agent", "must be printable ASCII without line breaks")
        })?;
        let http = match &self.http_client {
            Some(client) => client.clone(),
            None => http_client_builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|error| {
                    Error::config(
                        "http_client",
                        format!("the HTTP client could not be built: {error}"),
                    )
                })?,
        };
        Ok(HttpEngine::new(EngineParts {
            base_url,
            user_agent,
            timeout: self.timeout,
            retry: self.retry.clone(),
            http,
            pacer: match &self.pacing {
                Pacing::VendorDefault => Arc::new(MovingWindowLimiter::new(
                    &self.default_rate_limit,
                    self.clock.clone(),
                )),
                Pacing::Policy(policy) => {
                    Arc::new(MovingWindowLimiter::new(policy, self.clock.clone()))
                }
                Pacing::Pacer(pacer) => Arc::clone(pacer),
            },
            rate_limit_headers: self
                .rate_limit_headers
                .clone()
                .or_else(|| self.default_rate_limit_headers.clone())
                .filter(|_| self.learn_from_headers),
            idle_timeout: self.idle_timeout,
            max_body: self.max_body,
            clock: self.clock.clone(),
            jitter: self.jitter.clone(),
            authenticator: self.authenticator.clone(),
            error_parser: self.error_parser,
            default_headers: self.default_headers.clone(),
        }))
    }
}

fn parse_base_url(text: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let bad = |reason: String| Error::config("base_url", reason);
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
    fn missing_and_empty_user_agents_are_refused_alike_when_required() {
        let mut builder = EngineBuilder::new("https://x.example");
        builder.require_user_agent("name your application");
        let missing = builder.build().unwrap_err();
        let empty = builder.clone().user_agent(" ").build().unwrap_err();
        for error in [missing, empty] {
            assert!(
                matches!(&error, Error::Config(refusal) if refusal.field == "user_agent"),
                "{error:?}"
            );
        }
        assert!(EngineBuilder::new("https://x.example").build().is_ok());
    }
}
