//! The one error type of this crate.

use std::time::Duration;

use client_core::{ApiError, StatusCode};

use crate::row_error::RowError;

/// Everything that can go wrong when talking to the bulk-insert API.
///
/// The service's documented failures have their own variants, so a caller can match on them
/// without reading status codes; the accessors ([`status`](Self::status),
/// [`is_retryable`](Self::is_retryable), [`vendor_message`](Self::vendor_message), …) work on
/// every variant. No variant ever holds the API key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkInsertError {
    /// The caller's input broke a documented rule; nothing was sent.
    #[error("invalid input: {field}: {rule}")]
    InvalidInput {
        /// The field at fault, with the record's position where there is one
        /// (`records[3].transitRef`).
        field: String,
        /// The rule it broke.
        rule: String,
    },
    /// The service refused the records (HTTP 400), for example because a location does not
    /// exist. The rows it named are in [`row_errors`](Self::row_errors).
    #[error("{api}")]
    Rejected {
        /// The rows the message names, in the order it names them (empty when it names none).
        row_errors: Vec<RowError>,
        /// The answer, with the service's whole message.
        api: Box<ApiError>,
    },
    /// The service refused the API key (HTTP 401 or 403, such as `Missing x-api-key`).
    #[error("{api}")]
    Unauthorized {
        /// The answer, with the service's message.
        api: Box<ApiError>,
    },
    /// The service failed with HTTP 500, which it documents for an account id in
    /// `x-site-context` that it does not know (a multi-tenant setup with the wrong account).
    #[error("{api} (the service documents this for an unknown account in x-site-context)")]
    AccountRejected {
        /// The answer, with the service's message if it gave one.
        api: Box<ApiError>,
    },
    /// Any other failure: configuration, transport, other statuses, undecodable answers.
    #[error(transparent)]
    Core(client_core::Error),
}

impl BulkInsertError {
    /// A refusal of caller input, naming the field and the rule.
    pub fn invalid_input(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// The server's error answer, for every variant that has one.
    #[must_use]
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Rejected { api, .. }
            | Self::Unauthorized { api }
            | Self::AccountRejected { api } => Some(api),
            Self::Core(core) => core.api_error(),
            Self::InvalidInput { .. } => None,
        }
    }

    /// The HTTP status, when the server answered.
    #[must_use]
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Core(core) => core.status(),
            other => other.api_error().map(|api| api.status),
        }
    }

    /// Whether the same request may succeed later without changes.
    ///
    /// Refused records, a refused key and an unknown account are not: they need fixing first.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Core(core) => core.is_retryable(),
            _ => false,
        }
    }

    /// How long the server asked to wait before trying again.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|api| api.retry_after)
    }

    /// The service's error code, when its answer carried one.
    #[must_use]
    pub fn vendor_code(&self) -> Option<&str> {
        self.api_error().and_then(|api| api.code.as_deref())
    }

    /// The service's message, when its answer carried one (kept whole, also for
    /// [`Rejected`](Self::Rejected)).
    #[must_use]
    pub fn vendor_message(&self) -> Option<&str> {
        self.api_error().and_then(|api| api.message.as_deref())
    }

    /// The rows a [`Rejected`](Self::Rejected) answer names; empty for every other error.
    #[must_use]
    pub fn row_errors(&self) -> &[RowError] {
        match self {
            Self::Rejected { row_errors, .. } => row_errors,
            _ => &[],
        }
    }
}

impl From<client_core::Error> for BulkInsertError {
    fn from(error: client_core::Error) -> Self {
        match error {
            client_core::Error::Api(api) => match api.status.as_u16() {
                400 => Self::Rejected {
                    row_errors: api
                        .message
                        .as_deref()
                        .map(RowError::parse_all)
                        .unwrap_or_default(),
                    api,
                },
                401 | 403 => Self::Unauthorized { api },
                500 => Self::AccountRejected { api },
                _ => Self::Core(client_core::Error::Api(api)),
            },
            client_core::Error::InvalidInput { field, reason } => Self::InvalidInput {
                field,
                rule: reason,
            },
            other => Self::Core(other),
        }
    }
}

impl From<client_core::path::PathError> for BulkInsertError {
    fn from(error: client_core::path::PathError) -> Self {
        Self::Core(error.into())
    }
}
