//! The one error type of this crate.
//!
//! Discogs answers errors with a body of the form `{"message": "…"}`. The statuses a program
//! commonly reacts to (401, 403, 404, 409, 415, 422, 429) become their own variants, each keeping
//! Discogs' message and the full [`ApiError`] (request, status, raw body, `Retry-After`), so a
//! caller can write `Err(DiscogsError::NotFound { .. })` instead of inspecting status codes.

use std::time::Duration;

use client_core::{ApiError, StatusCode};

/// Everything that can go wrong talking to Discogs.
///
/// ```
/// use discogs_client::DiscogsError;
///
/// fn explain(error: &DiscogsError) -> &'static str {
///     match error {
///         DiscogsError::Unauthorized { .. } => "check the token",
///         DiscogsError::NotFound { .. } => "no such listing or order",
///         DiscogsError::InvalidInput { .. } => "fix the request; nothing was sent",
///         _ => "something else",
///     }
/// }
///
/// let refused = DiscogsError::InvalidInput { field: "per_page".into(), rule: "at most 100".into() };
/// assert_eq!(explain(&refused), "fix the request; nothing was sent");
/// assert_eq!(refused.to_string(), "invalid per_page: at most 100");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiscogsError {
    /// The caller's input broke a documented rule; nothing was sent.
    #[error("invalid {field}: {rule}")]
    InvalidInput {
        /// The field at fault.
        field: String,
        /// The rule it broke.
        rule: String,
    },
    /// 401: the credentials are missing, wrong or do not reach this resource.
    #[error("{api}")]
    Unauthorized {
        /// Discogs' message (or the status text when the body had none).
        message: String,
        /// The full answer.
        api: Box<ApiError>,
    },
    /// 403: the authenticated user may not do this (for example, edit another seller's listing).
    #[error("{api}")]
    Forbidden {
        /// Discogs' message (or the status text when the body had none).
        message: String,
        /// The full answer.
        api: Box<ApiError>,
    },
    /// 404: the listing, order, release or user does not exist.
    #[error("{api}")]
    NotFound {
        /// Discogs' message (or the status text when the body had none).
        message: String,
        /// The full answer.
        api: Box<ApiError>,
    },
    /// 409: the request conflicts with the resource's current state.
    #[error("{api}")]
    Conflict {
        /// Discogs' message (or the status text when the body had none).
        message: String,
        /// The full answer.
        api: Box<ApiError>,
    },
    /// 415: the request body was not in a format Discogs accepts.
    #[error("{api}")]
    UnsupportedMediaType {
        /// Discogs' message (or the status text when the body had none).
        message: String,
        /// The full answer.
        api: Box<ApiError>,
    },
    /// 422: Discogs understood the request but refused its values.
    #[error("{api}")]
    Validation {
        /// Discogs' message (or the status text when the body had none).
        message: String,
        /// The full answer.
        api: Box<ApiError>,
    },
    /// 429: too many requests; returned once the engine stopped retrying (or was not allowed to,
    /// because the request was not safe to repeat).
    #[error("{api}")]
    RateLimited {
        /// Discogs' message (or the status text when the body had none).
        message: String,
        /// The full answer.
        api: Box<ApiError>,
    },
    /// Any failure of the shared HTTP engine not mapped to a variant above: transport errors,
    /// timeouts, other statuses, bodies that did not decode.
    #[error(transparent)]
    Http(client_core::Error),
}

impl From<client_core::Error> for DiscogsError {
    fn from(error: client_core::Error) -> Self {
        let client_core::Error::Api(api) = error else {
            return match error {
                // The engine's own refusal of caller input has the same meaning as ours.
                client_core::Error::InvalidInput { field, reason } => Self::InvalidInput {
                    field,
                    rule: reason,
                },
                client_core::Error::Path(path) => Self::from(path),
                other => Self::Http(other),
            };
        };
        let message = message_of(&api);
        match api.status.as_u16() {
            401 => Self::Unauthorized { message, api },
            403 => Self::Forbidden { message, api },
            404 => Self::NotFound { message, api },
            409 => Self::Conflict { message, api },
            415 => Self::UnsupportedMediaType { message, api },
            422 => Self::Validation { message, api },
            429 => Self::RateLimited { message, api },
            _ => Self::Http(client_core::Error::Api(api)),
        }
    }
}

impl From<client_core::path::PathError> for DiscogsError {
    /// A path segment the caller supplied (a username, an order ID) that would change the
    /// route's shape: refused as input, nothing sent.
    fn from(error: client_core::path::PathError) -> Self {
        use client_core::path::PathError;
        let field = match &error {
            PathError::Empty { name } | PathError::DotSegment { name } => name.clone(),
            _ => "path".to_owned(),
        };
        Self::InvalidInput {
            field,
            rule: error.to_string(),
        }
    }
}

/// Discogs' message, or failing that a short description of the answer.
fn message_of(api: &ApiError) -> String {
    if let Some(message) = &api.message {
        return message.clone();
    }
    let body = api.body.trim();
    if !body.is_empty() && body.len() <= 200 {
        return body.to_owned();
    }
    api.status.canonical_reason().unwrap_or("error").to_owned()
}

impl DiscogsError {
    /// A refusal of caller input, naming the field and the rule.
    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// The server's error answer, when the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Unauthorized { api, .. }
            | Self::Forbidden { api, .. }
            | Self::NotFound { api, .. }
            | Self::Conflict { api, .. }
            | Self::UnsupportedMediaType { api, .. }
            | Self::Validation { api, .. }
            | Self::RateLimited { api, .. } => Some(api),
            Self::Http(error) => error.api_error(),
            Self::InvalidInput { .. } => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Http(error) => error.status(),
            other => other.api_error().map(|api| api.status),
        }
    }

    /// Whether the same request may succeed later (429, 5xx, timeouts, lost connections).
    ///
    /// This says nothing about whether repeating it is safe: creating a listing twice lists the
    /// record twice.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } => true,
            Self::Http(error) => error.is_retryable(),
            _ => false,
        }
    }

    /// How long Discogs asked us to wait (`Retry-After`), if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Http(error) => error.retry_after(),
            other => other.api_error().and_then(|api| api.retry_after),
        }
    }

    /// Discogs' message, when its body carried one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Unauthorized { message, .. }
            | Self::Forbidden { message, .. }
            | Self::NotFound { message, .. }
            | Self::Conflict { message, .. }
            | Self::UnsupportedMediaType { message, .. }
            | Self::Validation { message, .. }
            | Self::RateLimited { message, .. } => Some(message),
            Self::Http(error) => error.vendor_message(),
            Self::InvalidInput { .. } => None,
        }
    }

    /// Discogs' message as it appeared in the body (`None` when the body had no `message`).
    pub fn vendor_message(&self) -> Option<&str> {
        match self {
            Self::Http(error) => error.vendor_message(),
            other => other.api_error().and_then(|api| api.message.as_deref()),
        }
    }

    /// Discogs' error code. Discogs' error bodies carry only a message, so this is `None`
    /// unless a body unexpectedly carried a `code`.
    pub fn vendor_code(&self) -> Option<&str> {
        match self {
            Self::Http(error) => error.vendor_code(),
            other => other.api_error().and_then(|api| api.code.as_deref()),
        }
    }

    /// The body as received, for error answers and undecodable answers.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Self::Http(error) => error.raw_body(),
            other => other.api_error().map(|api| api.body.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use client_core::{Method, RequestSummary};

    fn api(status: u16, body: &str, message: Option<&str>) -> client_core::Error {
        client_core::Error::Api(Box::new(ApiError {
            request: RequestSummary {
                method: Method::GET,
                route: "/marketplace/listings/{listing_id}",
                path: "/marketplace/listings/1".into(),
            },
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT),
            code: None,
            message: message.map(str::to_owned),
            body: body.into(),
            retry_after: None,
        }))
    }

    #[test]
    fn statuses_map_to_variants_keeping_the_message() {
        type IsVariant = fn(&DiscogsError) -> bool;
        let cases: [(u16, IsVariant); 7] = [
            (401, |e| matches!(e, DiscogsError::Unauthorized { .. })),
            (403, |e| matches!(e, DiscogsError::Forbidden { .. })),
            (404, |e| matches!(e, DiscogsError::NotFound { .. })),
            (409, |e| matches!(e, DiscogsError::Conflict { .. })),
            (415, |e| {
                matches!(e, DiscogsError::UnsupportedMediaType { .. })
            }),
            (422, |e| matches!(e, DiscogsError::Validation { .. })),
            (429, |e| matches!(e, DiscogsError::RateLimited { .. })),
        ];
        for (status, is_variant) in cases {
            let error = DiscogsError::from(api(status, r#"{"message": "nope"}"#, Some("nope")));
            assert!(is_variant(&error), "{status}: {error:?}");
            assert_eq!(error.message(), Some("nope"));
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        }
        let other = DiscogsError::from(api(500, "", None));
        assert!(matches!(other, DiscogsError::Http(_)));
        assert!(other.is_retryable());
    }

    #[test]
    fn a_missing_message_falls_back_to_the_body_or_status() {
        let error = DiscogsError::from(api(404, "gone", None));
        assert_eq!(error.message(), Some("gone"));
        assert_eq!(error.vendor_message(), None);
        let error = DiscogsError::from(api(404, "", None));
        assert_eq!(error.message(), Some("Not Found"));
    }
}
