//! The engine: for every request, pace, send, classify, retry.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use tracing::Instrument;
use url::Url;

use crate::auth::Authenticate;
use crate::clock::{Clock, Jitter};
use crate::error::{ApiError, ClientError, Error, RequestSummary, TransportKind, keep_body};
use crate::error_body::ErrorBodyParser;
use crate::rate_limit::{RateLimitStatus, RateLimiter};
use crate::request::{Body, Request, Target, multipart_form};
use crate::response::Response;
use crate::retry::{Idempotency, RetryBudget, RetryPolicy, retry_after};

/// What [`crate::EngineBuilder::build`] hands the engine once every setting is checked.
#[derive(Debug)]
pub(crate) struct EngineParts {
    pub(crate) base_url: Url,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) http: reqwest::Client,
    pub(crate) limiter: RateLimiter,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) jitter: Arc<dyn Jitter>,
    pub(crate) authenticator: Option<Arc<dyn Authenticate>>,
    pub(crate) error_parser: ErrorBodyParser,
    pub(crate) default_headers: HeaderMap,
}

#[derive(Debug)]
struct Inner {
    parts: EngineParts,
    budget: RetryBudget,
}

impl std::ops::Deref for Inner {
    type Target = EngineParts;

    fn deref(&self) -> &EngineParts {
        &self.parts
    }
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
    pub(crate) fn new(parts: EngineParts) -> Self {
        Self {
            inner: Arc::new(Inner {
                parts,
                budget: RetryBudget::default(),
            }),
        }
    }

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
