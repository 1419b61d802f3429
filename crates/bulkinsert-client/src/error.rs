//! The one error type of this crate and the kinds of refusal the service documents.

use client_core::{ApiError, ClientError, ErrorView, InvalidInput, StatusCode};

use crate::row_error::RowError;

/// Everything that can go wrong when talking to the bulk-insert API.
///
/// The questions every client's error answers (`status()`, `is_retryable()`,
/// `retry_after()`, `vendor_code()`, `message()`, `raw_body()`) come from [`ClientError`];
/// the service's documented refusals are told apart by [`BulkInsertErrorKind`], and the rows a
/// refusal names are in [`row_errors`](Self::row_errors). No variant ever holds the API key.
///
/// ```
/// use bulkinsert_client::{BulkInsertError, ClientError, InvalidInput};
///
/// let error = BulkInsertError::InvalidInput(InvalidInput::new("records", "must hold at least one record"));
/// assert_eq!(error.to_string(), "invalid input: records: must hold at least one record");
/// assert!(!error.is_retryable());
/// assert!(error.row_errors().is_empty());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkInsertError {
    /// A setting was wrong (chunk size, concurrency, API key, shared engine settings); nothing
    /// was sent.
    #[error("invalid configuration: {0}")]
    Config(InvalidInput),
    /// The caller's input broke a documented rule; nothing was sent. The field names the
    /// record's position where there is one (`records[3].transitRef`).
    #[error("invalid input: {0}")]
    InvalidInput(InvalidInput),
    /// The service answered with an error.
    #[error("{error}{}", kind.hint())]
    Api {
        /// What kind of refusal it is (from the status).
        kind: BulkInsertErrorKind,
        /// The answer: request, status, the service's whole message, raw body, `Retry-After`.
        error: Box<ApiError>,
        /// The rows a [`Rejected`](BulkInsertErrorKind::Rejected) answer names, in the order
        /// it names them (empty when it names none, and for every other kind).
        row_errors: Vec<RowError>,
    },
    /// Any other failure of the engine: transport, deadline, an answer that did not decode.
    #[error(transparent)]
    Engine(client_core::Error),
}

/// The refusals the service documents, decided once from the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BulkInsertErrorKind {
    /// HTTP 400: the service refused the records, for example because a location does not
    /// exist; the rows it names are in [`BulkInsertError::row_errors`].
    Rejected,
    /// HTTP 401 or 403: the service refused the API key (such as `Missing x-api-key`).
    Unauthorized,
    /// HTTP 500, which the service documents for an account id in `x-site-context` that it
    /// does not know (a multi-tenant setup with the wrong account). Not retryable.
    AccountRejected,
    /// HTTP 429: too many requests.
    RateLimited,
    /// Any other 5xx: the service or its gateway failed.
    Server,
    /// Any other status.
    Other,
}

impl BulkInsertErrorKind {
    /// The kind of an error answer with this status.
    pub(crate) fn of(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::Rejected,
            401 | 403 => Self::Unauthorized,
            429 => Self::RateLimited,
            500 => Self::AccountRejected,
            501..=599 => Self::Server,
            _ => Self::Other,
        }
    }

    /// What the service documents about this kind beyond the answer itself.
    fn hint(self) -> &'static str {
        match self {
            Self::AccountRejected => {
                " (the service documents this for an unknown account in x-site-context)"
            }
            _ => "",
        }
    }
}

impl BulkInsertError {
    /// The rows a [`Rejected`](BulkInsertErrorKind::Rejected) answer names; empty for every
    /// other error.
    #[must_use]
    pub fn row_errors(&self) -> &[RowError] {
        match self {
            Self::Api { row_errors, .. } => row_errors,
            _ => &[],
        }
    }

    /// A refusal of caller input, naming the field and the rule.
    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput(InvalidInput::new(field, rule))
    }

    /// A refusal of a setting, naming it and the rule.
    pub(crate) fn config(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::Config(InvalidInput::new(field, rule))
    }

    /// The service's error answer, with its kind decided and, for a 400, the rows its message
    /// names.
    fn from_api(error: Box<ApiError>) -> Self {
        let kind = BulkInsertErrorKind::of(error.status);
        let row_errors = match (kind, error.message.as_deref()) {
            (BulkInsertErrorKind::Rejected, Some(message)) => RowError::parse_all(message),
            _ => Vec::new(),
        };
        Self::Api {
            kind,
            error,
            row_errors,
        }
    }
}

impl ClientError for BulkInsertError {
    fn view(&self) -> ErrorView<'_> {
        match self {
            Self::Config(refusal) | Self::InvalidInput(refusal) => ErrorView::Refused(refusal),
            Self::Api { error, .. } => ErrorView::Api(error),
            Self::Engine(error) => ErrorView::Engine(error),
        }
    }

    /// Whether the same request may succeed later without changes: after a 429, 502, 503 or
    /// 504, a timeout or a lost connection.
    ///
    /// Not after a 500, unlike other services: this one documents its 500 for an account it
    /// does not know, which no retry fixes. Refused records and a refused key need fixing
    /// first too.
    fn is_retryable(&self) -> bool {
        match self {
            Self::Api { error, .. } => matches!(error.status.as_u16(), 429 | 502 | 503 | 504),
            Self::Engine(error) => error.is_retryable(),
            Self::Config(_) | Self::InvalidInput(_) => false,
        }
    }
}

client_core::client_error_conversions!(
    BulkInsertError,
    api: BulkInsertError::from_api
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_has_its_kind() {
        use BulkInsertErrorKind::*;
        for (status, kind) in [
            (400, Rejected),
            (401, Unauthorized),
            (403, Unauthorized),
            (404, Other),
            (422, Other),
            (429, RateLimited),
            (500, AccountRejected),
            (502, Server),
            (503, Server),
            (504, Server),
            (505, Server),
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(BulkInsertErrorKind::of(status), kind, "{status}");
        }
    }
}
