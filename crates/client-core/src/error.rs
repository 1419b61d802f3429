//! The error pieces every client crate builds on: one refusal type, one API-error shape, and
//! the accessors every client's error offers through [`ClientError`].

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::path::PathError;

pub use crate::invalid_input::InvalidInput;

/// The largest part of an unexpected body kept in an error, so that a megabyte HTML page
/// does not end up in a log line.
pub const MAX_KEPT_BODY: usize = 16 * 1024;

/// Which request an error belongs to: method, route template and path, never a credential
/// (credentials travel only in headers, which errors do not keep).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    /// The HTTP method.
    pub method: Method,
    /// The route template, e.g. `/users/{username}/inventory`.
    pub route: &'static str,
    /// The encoded path that was sent, without the query string.
    pub path: String,
}

impl fmt::Display for RequestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// An error answer (a status outside 2xx) from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The request that was answered.
    pub request: RequestSummary,
    /// The HTTP status.
    pub status: StatusCode,
    /// The vendor's error code, when its body carries one.
    pub code: Option<String>,
    /// The vendor's human-readable message, when its body carries one.
    pub message: Option<String>,
    /// The body as received (cut at [`MAX_KEPT_BODY`] bytes), for bodies no parser understood
    /// and for vendor-specific details the client crate decodes itself.
    pub body: String,
    /// How long the server asked us to wait (`Retry-After`), if it said.
    pub retry_after: Option<Duration>,
    /// Whether an earlier attempt of the same call was sent and got no trustworthy answer (a
    /// timeout, a broken connection, a 500), so the server may have applied the request
    /// although this answer refused it. Only retried (idempotent) requests have earlier
    /// attempts; [`ClientError::outcome`] reads this to say [`Outcome::Unknown`].
    pub after_unanswered_attempt: bool,
}

impl ApiError {
    /// An error answer as the engine reports one: `parser` (the client's
    /// [`ErrorBodyParser`](crate::ErrorBodyParser)) reads the vendor's code and message from
    /// `body`, and the error keeps at most [`MAX_KEPT_BODY`] bytes of it. A client that finds
    /// a refusal inside a 2xx answer reports it with this too.
    pub fn from_answer(
        request: RequestSummary,
        status: StatusCode,
        body: &[u8],
        parser: crate::ErrorBodyParser,
        retry_after: Option<Duration>,
    ) -> Self {
        let vendor = parser(status, body);
        Self {
            request,
            status,
            code: vendor.code,
            message: vendor.message,
            body: keep_body(body),
            retry_after,
            // The engine sets it when an earlier attempt of the call went unanswered.
            after_unanswered_attempt: false,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered {}", self.request, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None if self.body.is_empty() => Ok(()),
            None => write!(f, ": {}", shorten(&self.body, 200)),
        }
    }
}

/// What went wrong below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made, so the server never saw the request.
    Connect,
    /// The request or the answer took longer than the configured timeout.
    Timeout,
    /// The connection broke (reset or closed) before an answer arrived; the server may
    /// have seen the request.
    Interrupted,
    /// The connection broke while the answer's body was being read (cut short or reset).
    Body,
    /// Any other failure while sending.
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "could not connect",
            Self::Timeout => "timed out",
            Self::Interrupted => "connection broke before an answer arrived",
            Self::Body => "connection broke while reading the answer",
            Self::Other => "request failed",
        })
    }
}

/// Every failure of the HTTP engine.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client was configured wrongly; nothing was sent.
    #[error("invalid configuration: {0}")]
    Config(InvalidInput),
    /// The caller's input broke a documented rule; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(InvalidInput),
    /// The request did not get an answer, or the answer broke off.
    #[error("{request}: {kind}")]
    Transport {
        /// The request.
        request: RequestSummary,
        /// What failed.
        kind: TransportKind,
        /// The underlying failure (none when the engine's own timer ran out).
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The server answered with a redirect, which the engine does not follow: a redirect to
    /// another host would carry the vendor's credentials there.
    #[error("{request}: the server redirected ({status}) to {}, which is not followed", location.as_deref().unwrap_or("no location"))]
    Redirect {
        /// The request.
        request: RequestSummary,
        /// The 3xx status.
        status: StatusCode,
        /// The `Location` the server named, if any.
        location: Option<String>,
    },
    /// The answer is larger than the engine reads into memory; it was not read, and the
    /// request is not repeated.
    #[error("{request}: the answer is larger than the {limit}-byte limit{}", declared.map(|n| format!(" (it declares {n} bytes)")).unwrap_or_default())]
    BodyTooLarge {
        /// The request.
        request: RequestSummary,
        /// The limit ([`ConfigureEngine::max_body_size`](crate::ConfigureEngine::max_body_size)).
        limit: usize,
        /// The `Content-Length` the server declared, when it declared one.
        declared: Option<u64>,
    },
    /// The server answered 2xx with content the vendor never sends for this request (a proxy's
    /// or captive portal's HTML page, say).
    #[error("{0}")]
    UnexpectedContentType(Box<UnexpectedContent>),
    /// One item of an answer did not decode; the rest of the answer did.
    #[error("{0}")]
    Item(Box<ItemError>),
    /// A page stream's background fetch ended without a result (it panicked or was
    /// cancelled), so the stream cannot tell whether more items exist.
    #[error("a page stream was interrupted: {reason}")]
    StreamInterrupted {
        /// What happened to the fetch.
        reason: String,
    },
    /// The pacer could not decide whether a request may go (its shared store is unreachable
    /// and it is configured to fail rather than guess); nothing was sent.
    #[error("{request}: {source}")]
    Pacing {
        /// The request.
        request: RequestSummary,
        /// Why the pacer refused.
        #[source]
        source: crate::pacing::PacingError,
    },
    /// The overall deadline passed before an answer arrived.
    #[error("{request}: no answer within the deadline of {deadline:?} ({attempts} attempts)")]
    Deadline {
        /// The request.
        request: RequestSummary,
        /// The configured deadline.
        deadline: Duration,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The server answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered 2xx, but the body was not what the vendor documents.
    #[error("{request}: unexpected answer ({status}): {reason}")]
    Decode {
        /// The request.
        request: RequestSummary,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// What did not fit.
        reason: String,
        /// The body as received (cut at [`MAX_KEPT_BODY`] bytes).
        body: String,
    },
}

impl Error {
    /// A refusal of caller input, naming the field and the rule.
    pub fn invalid_input(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput(InvalidInput::new(field, rule))
    }

    /// A refusal of a setting, naming it and the rule.
    pub fn config(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::Config(InvalidInput::new(field, rule))
    }

    /// The request the error belongs to, when one was made.
    pub fn request(&self) -> Option<&RequestSummary> {
        match self {
            Self::Transport { request, .. }
            | Self::Deadline { request, .. }
            | Self::Decode { request, .. }
            | Self::Redirect { request, .. }
            | Self::BodyTooLarge { request, .. }
            | Self::Pacing { request, .. } => Some(request),
            Self::UnexpectedContentType(content) => Some(&content.request),
            Self::Item(item) => Some(&item.request),
            Self::Api(api) => Some(&api.request),
            _ => None,
        }
    }
}

impl From<PathError> for Error {
    fn from(error: PathError) -> Self {
        Self::InvalidInput(error.into())
    }
}

impl From<InvalidInput> for Error {
    fn from(refusal: InvalidInput) -> Self {
        Self::InvalidInput(refusal)
    }
}

/// One item of a page or list that did not decode, while the others did: the page is kept,
/// the item fails alone, naming itself and the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{request}: item {index}{}{}: {reason}", id.as_deref().map(|id| format!(" (id {id})")).unwrap_or_default(), field.as_deref().map(|field| format!(", field `{field}`")).unwrap_or_default())]
pub struct ItemError {
    /// The request whose answer held the item.
    pub request: RequestSummary,
    /// The item's position in the page or list, from 0.
    pub index: usize,
    /// The item's identifier, when it could be read.
    pub id: Option<String>,
    /// The path of the field that did not decode (`price.value`), when known.
    pub field: Option<String>,
    /// What did not fit.
    pub reason: String,
}

/// An answer whose `Content-Type` is not what the vendor documents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{request}: expected {expected}, got {got}")]
pub struct UnexpectedContent {
    /// The request.
    pub request: RequestSummary,
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// What the vendor documents (`json`, `xml`, …).
    pub expected: String,
    /// The `Content-Type` that came.
    pub got: String,
    /// The body as received (cut at [`MAX_KEPT_BODY`] bytes).
    pub body: String,
}

/// What an error of any client holds, as [`ClientError::view`] shows it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum ErrorView<'a> {
    /// A refusal before sending (input or configuration).
    Refused(&'a InvalidInput),
    /// The server's error answer.
    Api(&'a ApiError),
    /// A failure of the engine: transport, deadline, an answer that did not decode.
    Engine(&'a Error),
    /// A failure of the client crate's own (a job that failed, a wait that timed out).
    Other,
}

impl ErrorView<'_> {
    /// The engine's judgement of whether the failure is transient: a 429 or 5xx answer, a
    /// timeout, a lost connection, a passed deadline. A client crate that overrides
    /// [`ClientError::is_retryable`] for a vendor's own meaning falls back on this.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(api) => is_transient_status(api.status),
            Self::Engine(Error::Api(api)) => is_transient_status(api.status),
            Self::Engine(Error::Transport { kind, .. }) => *kind != TransportKind::Other,
            Self::Engine(Error::Deadline { .. }) => true,
            _ => false,
        }
    }
}

/// Whether the server may have applied a request that failed, as [`ClientError::outcome`]
/// judges it.
///
/// A caller who must not do a thing twice (create a listing, submit a feed) needs this answer
/// more than any other: after [`Outcome::NotApplied`] the request may be sent again; after
/// [`Outcome::Unknown`] the caller looks before repeating it (reads the listings, the feed
/// list, the import jobs), because the server may have done the work and only the answer was
/// lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The server did not apply the request: it was refused before sending, never reached the
    /// server, or the server answered that it refused it.
    NotApplied,
    /// The request was sent and no trustworthy answer came back, so the server may have
    /// applied it once. The engine never re-sends a request that creates after this, so it is
    /// not applied twice.
    Unknown,
}

impl ErrorView<'_> {
    /// Whether the server may have applied the failed request.
    ///
    /// The rule is conservative: `NotApplied` only where the failure proves that nothing was
    /// done, `Unknown` everywhere else.
    ///
    /// * `NotApplied`: a refusal before sending; no connection made; a pacer that would not
    ///   let the request go; a deadline that passed before any attempt was sent; a 4xx answer
    ///   (429 included: a rate limiter turns a request away before the service sees it); a
    ///   503 (the service said it is not serving).
    /// * `Unknown`: a timeout or a connection that broke after the request left (the server
    ///   may be working on it); a 2xx whose body broke off, was too large, did not decode or
    ///   had the wrong content type (the server did the work; only its answer is unreadable);
    ///   a 500, 502, 504 or any other status (a proxy's 502 or 504 may come after the
    ///   service acted, a 500 may come from a handler half-way through); a redirect (a 303
    ///   after a POST says it was done); a deadline after at least one attempt was sent; an
    ///   error answer after an earlier attempt went unanswered
    ///   ([`ApiError::after_unanswered_attempt`]); a failure of the client crate's own
    ///   ([`ErrorView::Other`]), unless the client says better.
    pub fn outcome(&self) -> Outcome {
        match self {
            Self::Refused(_) => Outcome::NotApplied,
            Self::Api(api) => answer_outcome(api),
            Self::Engine(Error::Api(api)) => answer_outcome(api),
            Self::Engine(
                Error::Config(_)
                | Error::InvalidInput(_)
                | Error::Pacing { .. }
                | Error::Transport {
                    kind: TransportKind::Connect,
                    ..
                }
                | Error::Deadline { attempts: 0, .. },
            ) => Outcome::NotApplied,
            Self::Engine(_) | Self::Other => Outcome::Unknown,
        }
    }
}

fn answer_outcome(api: &ApiError) -> Outcome {
    if api.after_unanswered_attempt {
        return Outcome::Unknown;
    }
    match api.status.as_u16() {
        400..=499 | 503 => Outcome::NotApplied,
        _ => Outcome::Unknown,
    }
}

/// The questions a caller asks of any error of this SDK, answered the same way for every
/// client: implement [`view`](ClientError::view) and the rest comes with it.
///
/// ```
/// use client_core::{ClientError, Error};
///
/// fn report(error: &impl ClientError) -> String {
///     match (error.status(), error.message()) {
///         (Some(status), Some(message)) => format!("{status}: {message}"),
///         (Some(status), None) => status.to_string(),
///         _ => error.to_string(),
///     }
/// }
///
/// let refused = Error::invalid_input("per_page", "must be between 1 and 100");
/// assert_eq!(report(&refused), "invalid input: per_page: must be between 1 and 100");
/// assert!(!refused.is_retryable());
/// ```
pub trait ClientError: std::error::Error + Send + Sync + 'static {
    /// What the error holds.
    fn view(&self) -> ErrorView<'_>;

    /// The refusal, when the error is one (nothing was sent).
    fn invalid_input(&self) -> Option<&InvalidInput> {
        match self.view() {
            ErrorView::Refused(refusal) => Some(refusal),
            _ => None,
        }
    }

    /// The server's error answer, when the server answered with an error.
    fn api_error(&self) -> Option<&ApiError> {
        match self.view() {
            ErrorView::Api(api) => Some(api),
            ErrorView::Engine(Error::Api(api)) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    fn status(&self) -> Option<StatusCode> {
        if let Some(api) = self.api_error() {
            return Some(api.status);
        }
        match self.view() {
            ErrorView::Engine(Error::Decode { status, .. } | Error::Redirect { status, .. }) => {
                Some(*status)
            }
            ErrorView::Engine(Error::UnexpectedContentType(content)) => Some(content.status),
            _ => None,
        }
    }

    /// Whether the failure is transient, so that the same request may succeed later (a 429,
    /// a 5xx, a timeout, a lost connection).
    ///
    /// This says nothing about whether repeating it is *safe*: a request that creates
    /// something is never repeated by the engine once the server may have seen it.
    fn is_retryable(&self) -> bool {
        self.view().is_retryable()
    }

    /// Whether the server may have applied the failed request: [`Outcome::NotApplied`] when
    /// the failure proves it did not, [`Outcome::Unknown`] when the request was sent and no
    /// trustworthy answer came. [`ErrorView::outcome`] gives the rule; a client crate whose
    /// own failures know better (a refusal its own counters made) overrides this.
    ///
    /// ```
    /// use client_core::{ClientError, Error, Outcome};
    ///
    /// let refused = Error::invalid_input("price", "must be positive");
    /// assert_eq!(refused.outcome(), Outcome::NotApplied);
    /// ```
    fn outcome(&self) -> Outcome {
        self.view().outcome()
    }

    /// How long the server asked us to wait before trying again (`Retry-After`).
    fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|api| api.retry_after)
    }

    /// The vendor's error code, when its answer carried one.
    fn vendor_code(&self) -> Option<&str> {
        self.api_error().and_then(|api| api.code.as_deref())
    }

    /// The vendor's message, when its answer carried one.
    fn message(&self) -> Option<&str> {
        self.api_error().and_then(|api| api.message.as_deref())
    }

    /// The body as received, for error answers and for answers that did not decode.
    fn raw_body(&self) -> Option<&str> {
        if let Some(api) = self.api_error() {
            return Some(&api.body);
        }
        match self.view() {
            ErrorView::Engine(Error::Decode { body, .. }) => Some(body),
            ErrorView::Engine(Error::UnexpectedContentType(content)) => Some(&content.body),
            _ => None,
        }
    }

    /// The request the error belongs to, when one was made.
    fn request(&self) -> Option<&RequestSummary> {
        match self.view() {
            ErrorView::Api(api) => Some(&api.request),
            ErrorView::Engine(error) => error.request(),
            _ => None,
        }
    }
}

impl ClientError for Error {
    fn view(&self) -> ErrorView<'_> {
        match self {
            Self::Config(refusal) | Self::InvalidInput(refusal) => ErrorView::Refused(refusal),
            Self::Api(api) => ErrorView::Api(api),
            other => ErrorView::Engine(other),
        }
    }
}

/// Statuses that usually mean "try again later".
pub(crate) fn is_transient_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Keeps at most [`MAX_KEPT_BODY`] bytes of a body, as text (invalid UTF-8 replaced), for
/// errors that carry what the server sent.
pub fn keep_body(body: &[u8]) -> String {
    let kept = body.get(..MAX_KEPT_BODY).unwrap_or(body);
    String::from_utf8_lossy(kept).into_owned()
}

fn shorten(text: &str, max_chars: usize) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> RequestSummary {
        RequestSummary {
            method: Method::GET,
            route: "/things/{id}",
            path: "/things/7".into(),
        }
    }

    fn api(status: u16, retry_after: Option<Duration>) -> Error {
        Error::Api(Box::new(ApiError {
            request: summary(),
            status: StatusCode::from_u16(status).unwrap(),
            code: Some("E1".into()),
            message: Some("The requested resource was not found.".into()),
            body: "{}".into(),
            retry_after,
            after_unanswered_attempt: false,
        }))
    }

    #[test]
    fn api_error_display_names_request_status_and_message() {
        let error = api(404, None);
        assert_eq!(
            error.to_string(),
            "GET /things/7 answered 404 Not Found [E1]: The requested resource was not found."
        );
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(error.vendor_code(), Some("E1"));
        assert_eq!(error.raw_body(), Some("{}"));
        assert_eq!(error.request().map(|r| r.route), Some("/things/{id}"));
        assert!(!error.is_retryable());
    }

    #[test]
    fn transient_statuses_are_retryable() {
        for code in [429u16, 500, 502, 503, 504] {
            let error = api(code, Some(Duration::from_secs(3)));
            assert!(error.is_retryable(), "{code}");
            assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
        }
    }

    #[test]
    fn refusals_name_field_and_rule() {
        let error = Error::config("user_agent", "must not be empty");
        assert_eq!(
            error.to_string(),
            "invalid configuration: user_agent: must not be empty"
        );
        assert_eq!(
            error.invalid_input().map(|i| i.field.as_str()),
            Some("user_agent")
        );
        let path = Error::from(PathError::DotSegment {
            name: "username".into(),
        });
        assert_eq!(
            path.invalid_input().map(|i| i.field.as_str()),
            Some("username")
        );
    }

    #[test]
    fn kept_bodies_are_bounded() {
        let big = vec![b'x'; MAX_KEPT_BODY * 2];
        assert_eq!(keep_body(&big).len(), MAX_KEPT_BODY);
    }
}
