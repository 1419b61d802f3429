//! The engine: for every request, pace, send, classify, retry.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, USER_AGENT};
use tracing::Instrument;
use url::Url;

use crate::auth::Authenticate;
use crate::body::{StreamedResponse, read_error_body};
use crate::clock::{Clock, Jitter};
use crate::error::{ApiError, ClientError, Error, Outcome, RequestSummary, TransportKind};
use crate::error_body::ErrorBodyParser;
use crate::pacing::{Pacer, PacingError, Permit, RateLimitStatus};
use crate::rate_limit::RateLimitHeaders;
use crate::request::{Body, Request, Target, multipart_body};
use crate::response::Response;
use crate::retry::{Idempotency, RetryBudget, RetryPolicy, retry_after};

/// What [`crate::EngineBuilder::build`] hands the engine once every setting is checked.
#[derive(Debug)]
pub(crate) struct EngineParts {
    pub(crate) base_url: Url,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) max_body: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) http: reqwest::Client,
    pub(crate) pacer: Arc<dyn Pacer>,
    pub(crate) rate_limit_headers: Option<RateLimitHeaders>,
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
/// pacer and the retry budget.
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

/// How an attempt's answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Whole, against the body cap, within the attempt timeout.
    Whole,
    /// Head within the attempt timeout, then chunk by chunk within the idle timeout.
    Streamed,
}

/// A successful answer, read the way it was asked for.
enum Answer {
    Whole(Response),
    Streamed(Box<StreamedResponse>),
}

/// What one attempt came to.
enum Attempt {
    Done(Answer),
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

    /// What the server last reported about its rate limit, as the pacer knows it.
    pub fn rate_limit_status(&self) -> RateLimitStatus {
        self.inner.pacer.status()
    }

    /// Retry tokens left in the shared budget.
    pub fn retry_budget_available(&self) -> u32 {
        self.inner.budget.available()
    }

    /// Sends a request, retrying as the policy allows, and reads the whole answer (at most
    /// the body limit).
    ///
    /// Returns the answer for 2xx and 304; an [`Error::Api`] for any other status but 3xx,
    /// which is an [`Error::Redirect`].
    pub fn execute(&self, request: Request) -> BoxFuture<'_, Result<Response, Error>> {
        // Boxed so that the attempt loop is compiled once, here. An `async fn` would be
        // compiled again inside every client that awaits it, which made each client's
        // release build about a quarter slower; the box costs one allocation a call.
        Box::pin(async move {
            match self.run(request, Reading::Whole).await? {
                Answer::Whole(response) => Ok(response),
                Answer::Streamed(streamed) => Err(Error::StreamInterrupted {
                    reason: format!("{} was read as a stream", streamed.request()),
                }),
            }
        })
    }

    /// Sends a request like [`HttpEngine::execute`] but hands back the answer once its head
    /// has arrived, for large downloads read as they come: the attempt timeout covers the
    /// head, the idle timeout each chunk after it, so a large file is never cut for taking
    /// long and a stalled one always is. A body that breaks off later is not retried.
    pub fn execute_streaming(
        &self,
        request: Request,
    ) -> BoxFuture<'_, Result<StreamedResponse, Error>> {
        Box::pin(async move {
            match self.run(request, Reading::Streamed).await? {
                Answer::Streamed(streamed) => Ok(*streamed),
                Answer::Whole(response) => Err(Error::StreamInterrupted {
                    reason: format!("{} was read whole", response.request()),
                }),
            }
        })
    }

    async fn run(&self, request: Request, reading: Reading) -> Result<Answer, Error> {
        let mut unanswered = None;
        self.run_attempts(request, reading, &mut unanswered)
            .await
            .map_err(|error| after_unanswered(error, unanswered))
    }

    /// The attempts of one call. A failed attempt the server may have applied, when retried,
    /// is kept in `unanswered`, so that the call's final error does not claim that nothing
    /// was done.
    async fn run_attempts(
        &self,
        request: Request,
        reading: Reading,
        unanswered: &mut Option<Error>,
    ) -> Result<Answer, Error> {
        let inner = &self.inner;
        let url = self.url_for(&request)?;
        let summary = RequestSummary {
            method: request.method.clone(),
            route: request.template(),
            path: url.path().to_owned(),
        };
        let started = inner.clock.now();
        let deadline = inner.retry.deadline();
        let left = || {
            let elapsed = inner.clock.now().saturating_duration_since(started);
            deadline.checked_sub(elapsed).filter(|left| !left.is_zero())
        };
        let past_deadline = |attempts: u32| Error::Deadline {
            request: summary.clone(),
            deadline,
            attempts,
        };
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let Some(may_wait) = left() else {
                return Err(past_deadline(attempt - 1));
            };
            let permit = match inner.pacer.acquire(may_wait).await {
                Ok(permit) => permit,
                Err(PacingError::PastDeadline { wait }) => {
                    tracing::debug!(
                        wait_ms = wait.as_millis() as u64,
                        "not sending: the next slot is past the deadline"
                    );
                    return Err(past_deadline(attempt - 1));
                }
                Err(error) => {
                    return Err(Error::Pacing {
                        request: summary.clone(),
                        source: error,
                    });
                }
            };
            let Some(left) = left() else {
                return Err(past_deadline(attempt - 1));
            };
            let span = tracing::info_span!(
                "http_request",
                http.request.method = %summary.method,
                url.template = summary.route,
                server.address = url.host_str().unwrap_or_default(),
                http.request.resend_count = attempt - 1,
                http.response.status_code = tracing::field::Empty,
                error.r#type = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let sent_at = inner.clock.now();
            let outcome = self
                .attempt(
                    &request,
                    &url,
                    &summary,
                    left.min(inner.timeout),
                    reading,
                    permit,
                )
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
                Attempt::Done(answer) => {
                    inner.budget.refund();
                    return Ok(answer);
                }
                Attempt::Failed {
                    error,
                    repeatable,
                    timed_out,
                } => (error, repeatable, timed_out),
            };
            span.record("error.type", error_type(&error));
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
            if error.outcome() == Outcome::Unknown {
                *unanswered = Some(error);
            }
            inner.clock.sleep(wait).await;
        }
    }

    async fn attempt(
        &self,
        request: &Request,
        url: &Url,
        summary: &RequestSummary,
        timeout: Duration,
        reading: Reading,
        permit: Permit,
    ) -> Result<Attempt, Error> {
        let inner = &self.inner;
        let repeatable_after_send = request.idempotency() == Idempotency::Idempotent;
        let built = self.build(request, url, timeout, reading)?;
        let sent = tokio::time::timeout(timeout, inner.http.execute(built)).await;
        // The server has counted the request by the time anything comes back.
        inner.pacer.settle(permit);
        let response = match sent {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => {
                let kind = transport_kind(&error);
                return Ok(Attempt::Failed {
                    // A connection that was never made cannot have created anything.
                    repeatable: kind == TransportKind::Connect || repeatable_after_send,
                    timed_out: kind == TransportKind::Timeout,
                    error: Error::Transport {
                        request: summary.clone(),
                        kind,
                        source: Some(error),
                    },
                });
            }
            Err(_) => {
                return Ok(Attempt::Failed {
                    repeatable: repeatable_after_send,
                    timed_out: true,
                    error: Error::Transport {
                        request: summary.clone(),
                        kind: TransportKind::Timeout,
                        source: None,
                    },
                });
            }
        };
        let status = response.status();
        tracing::Span::current().record("http.response.status_code", status.as_u16());
        let retry_after = retry_after(response.headers(), inner.clock.wall_time());
        if let Some(report) = inner
            .rate_limit_headers
            .as_ref()
            .and_then(|names| names.read(response.headers(), inner.clock.wall_time()))
        {
            inner.pacer.observe(&report);
        }
        if status == StatusCode::TOO_MANY_REQUESTS || retry_after.is_some() {
            // Every request sharing the budget waits, not only this one.
            inner
                .pacer
                .penalize(retry_after.unwrap_or_else(|| inner.retry.backoff_ceiling(1)));
        }
        if status.is_success() || status == StatusCode::NOT_MODIFIED {
            return Ok(self
                .finish(summary, response, reading, repeatable_after_send)
                .await);
        }
        if status.is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            return Ok(Attempt::Failed {
                repeatable: false,
                timed_out: false,
                error: Error::Redirect {
                    request: summary.clone(),
                    status,
                    location,
                },
            });
        }
        let body = read_error_body(response).await;
        Ok(Attempt::Failed {
            repeatable: repeatable_after_send && inner.retry.retryable_statuses().contains(&status),
            timed_out: false,
            error: Error::Api(Box::new(ApiError::from_answer(
                summary.clone(),
                status,
                &body,
                inner.error_parser,
                retry_after,
            ))),
        })
    }

    /// Reads a successful answer the way it was asked for.
    async fn finish(
        &self,
        summary: &RequestSummary,
        mut response: reqwest::Response,
        reading: Reading,
        repeatable_after_send: bool,
    ) -> Attempt {
        let inner = &self.inner;
        if reading == Reading::Streamed {
            let streamed = StreamedResponse::new(
                summary.clone(),
                response,
                inner.idle_timeout,
                inner.max_body,
            );
            return Attempt::Done(Answer::Streamed(Box::new(streamed)));
        }
        // A whole answer's headers move into its Response; reading the body needs none of
        // them (its declared length is the body's own size hint).
        let headers = std::mem::take(response.headers_mut());
        let streamed =
            StreamedResponse::new(summary.clone(), response, inner.timeout, inner.max_body);
        let status = streamed.status();
        match streamed.bytes().await {
            Ok(body) => Attempt::Done(Answer::Whole(Response {
                request: summary.clone(),
                status,
                headers,
                body,
            })),
            Err(error) => Attempt::Failed {
                // An answer too large is as large the next time.
                repeatable: repeatable_after_send && !matches!(error, Error::BodyTooLarge { .. }),
                timed_out: matches!(
                    error,
                    Error::Transport {
                        kind: TransportKind::Timeout,
                        ..
                    }
                ),
                error,
            },
        }
    }

    fn url_for(&self, request: &Request) -> Result<Url, Error> {
        let base = &self.inner.base_url;
        let mut url = match &request.target {
            Target::Route(route) => {
                // The base's scheme, host and port were checked when the client was built;
                // only the path is new, so only the path is parsed (a whole URL's parse,
                // host included, cost more than the rest of building a request).
                let mut url = base.clone();
                let path = format!("{}{}", base.path().trim_end_matches('/'), route.path());
                url.set_path(&path);
                url
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
        reading: Reading,
    ) -> Result<reqwest::Request, Error> {
        let inner = &self.inner;
        let mut headers = inner.default_headers.clone();
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.extend(request.headers.clone());
        if let Some(authenticator) = &inner.authenticator {
            authenticator.authenticate(&request.method, url, &mut headers)?;
        }
        // The request is assembled directly: reqwest's builder would copy the headers one by
        // one into a map of its own.
        let mut http_request = reqwest::Request::new(request.method.clone(), url.clone());
        if reading == Reading::Whole {
            // A streamed download is timed chunk by chunk instead.
            *http_request.timeout_mut() = Some(timeout);
        }
        let body = match &request.body {
            Body::Empty => None,
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
                Some(reqwest::Body::from(bytes.clone()))
            }
            Body::Multipart(parts) => {
                let (content_type, body) = multipart_body(parts)
                    .map_err(|reason| Error::invalid_input("multipart", reason))?;
                let content_type = HeaderValue::from_str(&content_type).map_err(|_| {
                    Error::invalid_input("multipart", "the boundary is not a header value")
                })?;
                headers.insert(CONTENT_TYPE, content_type);
                Some(reqwest::Body::from(body))
            }
        };
        *http_request.body_mut() = body;
        *http_request.headers_mut() = headers;
        Ok(http_request)
    }
}

/// The final error of a call, told that an earlier attempt was sent and went unanswered.
///
/// An error answer is marked ([`ApiError::after_unanswered_attempt`]); any other failure that
/// would claim nothing was done (a refused reconnection, a pacer's refusal) gives way to the
/// earlier attempt's error, which is the truer account of the call: the server may have
/// applied it.
fn after_unanswered(error: Error, unanswered: Option<Error>) -> Error {
    let Some(earlier) = unanswered else {
        return error;
    };
    match error {
        Error::Api(mut api) => {
            api.after_unanswered_attempt = true;
            Error::Api(api)
        }
        error if error.outcome() == Outcome::NotApplied => earlier,
        error => error,
    }
}

/// The `error.type` of a failed attempt, in the OpenTelemetry manner: the status code for an
/// error answer, else a short name of the failure.
fn error_type(error: &Error) -> String {
    match error {
        Error::Api(api) => api.status.as_u16().to_string(),
        Error::Redirect { status, .. } => status.as_u16().to_string(),
        Error::Transport { kind, .. } => match kind {
            TransportKind::Connect => "connect",
            TransportKind::Timeout => "timeout",
            TransportKind::Interrupted => "interrupted",
            TransportKind::Body => "body",
            _ => "transport",
        }
        .to_owned(),
        Error::BodyTooLarge { .. } => "body_too_large".to_owned(),
        Error::Deadline { .. } => "deadline".to_owned(),
        _ => "_OTHER".to_owned(),
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
