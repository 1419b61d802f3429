//! The error every client crate builds on.

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::path::PathError;

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
    #[error("invalid configuration: {field}: {reason}")]
    Config {
        /// The setting at fault.
        field: &'static str,
        /// The rule it broke.
        reason: String,
    },
    /// The caller's input broke a documented rule; nothing was sent.
    #[error("invalid input: {field}: {reason}")]
    InvalidInput {
        /// The field at fault.
        field: String,
        /// The rule it broke.
        reason: String,
    },
    /// A path could not be built from the caller's values; nothing was sent.
    #[error("invalid path: {0}")]
    Path(#[from] PathError),
    /// The request did not get an answer.
    #[error("{request}: {kind}")]
    Transport {
        /// The request.
        request: RequestSummary,
        /// What failed.
        kind: TransportKind,
        /// The underlying failure.
        #[source]
        source: reqwest::Error,
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
    pub fn invalid_input(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the failure is transient, so that the same request may succeed later.
    ///
    /// This says nothing about whether repeating it is *safe*: a request that creates
    /// something is never repeated by the engine once the server may have seen it.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { kind, .. } => !matches!(kind, TransportKind::Other),
            Self::Deadline { .. } => true,
            Self::Api(api) => is_transient_status(api.status),
            _ => false,
        }
    }

    /// How long the server asked us to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Api(api) => api.retry_after,
            _ => None,
        }
    }

    /// The vendor's error code, when the body carried one.
    pub fn vendor_code(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.code.as_deref(),
            _ => None,
        }
    }

    /// The vendor's message, when the body carried one.
    pub fn vendor_message(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.message.as_deref(),
            _ => None,
        }
    }

    /// The request the error belongs to, when one was made.
    pub fn request(&self) -> Option<&RequestSummary> {
        match self {
            Self::Transport { request, .. }
            | Self::Deadline { request, .. }
            | Self::Decode { request, .. } => Some(request),
            Self::Api(api) => Some(&api.request),
            _ => None,
        }
    }

    /// The body as received, for error answers and undecodable answers.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Self::Api(api) => Some(&api.body),
            Self::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The server's error answer, if that is what this is.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
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

    #[test]
    fn api_error_display_names_request_status_and_message() {
        let error = Error::Api(Box::new(ApiError {
            request: summary(),
            status: StatusCode::NOT_FOUND,
            code: None,
            message: Some("The requested resource was not found.".into()),
            body: "{}".into(),
            retry_after: None,
        }));
        assert_eq!(
            error.to_string(),
            "GET /things/7 answered 404 Not Found: The requested resource was not found."
        );
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert!(!error.is_retryable());
    }

    #[test]
    fn transient_statuses_are_retryable() {
        for code in [429u16, 500, 502, 503, 504] {
            let error = Error::Api(Box::new(ApiError {
                request: summary(),
                status: StatusCode::from_u16(code).unwrap(),
                code: None,
                message: None,
                body: String::new(),
                retry_after: Some(Duration::from_secs(3)),
            }));
            assert!(error.is_retryable(), "{code}");
            assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
        }
    }

    #[test]
    fn kept_bodies_are_bounded() {
        let big = vec![b'x'; MAX_KEPT_BODY * 2];
        assert_eq!(keep_body(&big).len(), MAX_KEPT_BODY);
    }
}
