//! The one error type of this crate.
//!
//! Discogs answers errors with a body of the form `{"message": "…"}`. Every error answer becomes
//! [`DiscogsError::Api`], holding the full [`ApiError`] (request, status, Discogs' message, raw
//! body, `Retry-After`) and a [`DiscogsErrorKind`] decided once from the status, so a caller
//! matches on the kind instead of comparing status codes. The questions every client's error
//! answers (`status()`, `is_retryable()`, `message()`, …) come from [`ClientError`].

use client_core::{ApiError, ClientError, ErrorView, InvalidInput};

/// What kind of refusal an error answer is, from the statuses Discogs documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiscogsErrorKind {
    /// 401: the credentials are missing, wrong or do not reach this resource.
    Unauthorized,
    /// 403: the authenticated user may not do this (for example, edit another seller's listing).
    Forbidden,
    /// 403 `Pagination above 100 disabled for inventories besides your own`: Discogs serves
    /// only the first 100 pages of another seller's inventory, though its `pagination.pages`
    /// reports them all (field notes §1.2). Never retried; a stream that meets it ends with
    /// it. Read a whole inventory of your own with the inventory export
    /// ([`crate::inventory_export`]).
    PaginationLimit,
    /// 404: the listing, order, release, user, upload or export does not exist.
    NotFound,
    /// 409: the request conflicts with the resource's current state (an export already running).
    Conflict,
    /// 415: the request body was not in a format Discogs accepts.
    UnsupportedMediaType,
    /// 422: Discogs understood the request but refused its values.
    Validation,
    /// 429: too many requests; returned once the engine stopped retrying (or was not allowed
    /// to, because the request was not safe to repeat).
    RateLimited,
    /// 5xx: trouble on Discogs' side.
    Server,
    /// Any other status (400, say).
    Other,
}

impl DiscogsErrorKind {
    /// The kind of an error answer. Discogs' error bodies carry only a message, so the status
    /// decides, and for a 403 the message tells the page cap from other refusals.
    #[must_use]
    pub fn of(api: &ApiError) -> Self {
        match api.status.as_u16() {
            401 => Self::Unauthorized,
            403 if is_pagination_limit(api) => Self::PaginationLimit,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            409 => Self::Conflict,
            415 => Self::UnsupportedMediaType,
            422 => Self::Validation,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }
}

/// Whether a 403 is the page cap on other sellers' inventories: its message (or, lacking one,
/// its body) says `Pagination above 100 disabled …`. Matched without the number or case, so
/// a changed cap is still recognised.
fn is_pagination_limit(api: &ApiError) -> bool {
    let text = api.message.as_deref().unwrap_or(&api.body);
    let lower = text.to_ascii_lowercase();
    lower.contains("pagination above") && lower.contains("disabled")
}

/// Everything that can go wrong talking to Discogs.
///
/// ```
/// use discogs_client::{ClientError, DiscogsError, DiscogsErrorKind, InvalidInput};
///
/// fn explain(error: &DiscogsError) -> &'static str {
///     match error {
///         DiscogsError::Api { kind: DiscogsErrorKind::Unauthorized, .. } => "check the token",
///         DiscogsError::Api { kind: DiscogsErrorKind::NotFound, .. } => "no such listing or order",
///         DiscogsError::InvalidInput(_) => "fix the request; nothing was sent",
///         _ => "something else",
///     }
/// }
///
/// let refused = DiscogsError::InvalidInput(InvalidInput::new("per_page", "at most 100"));
/// assert_eq!(explain(&refused), "fix the request; nothing was sent");
/// assert_eq!(refused.to_string(), "invalid input: per_page: at most 100");
/// assert!(!refused.is_retryable());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiscogsError {
    /// A setting was wrong (a missing or empty user agent, say); nothing was sent.
    #[error("invalid configuration: {0}")]
    Config(InvalidInput),
    /// The caller's input broke a documented rule; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(InvalidInput),
    /// Discogs answered with an error.
    #[error("{error}")]
    Api {
        /// What kind of refusal it is (from the status).
        kind: DiscogsErrorKind,
        /// The answer: request, status, Discogs' message, raw body, `Retry-After`.
        error: Box<ApiError>,
    },
    /// Any other failure of the engine: transport, deadline, an answer that did not decode.
    #[error(transparent)]
    Engine(client_core::Error),
}

impl DiscogsError {
    /// A refusal of caller input, naming the field and the rule.
    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput(InvalidInput::new(field, rule))
    }

    /// The kind of error answer, when Discogs answered with one.
    #[must_use]
    pub fn kind(&self) -> Option<DiscogsErrorKind> {
        match self {
            Self::Api { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

impl ClientError for DiscogsError {
    fn view(&self) -> ErrorView<'_> {
        match self {
            Self::Config(refusal) | Self::InvalidInput(refusal) => ErrorView::Refused(refusal),
            Self::Api { error, .. } => ErrorView::Api(error),
            Self::Engine(error) => ErrorView::Engine(error),
        }
    }
}

client_core::client_error_conversions!(
    DiscogsError,
    api: |error: Box<ApiError>| DiscogsError::Api {
        kind: DiscogsErrorKind::of(&error),
        error,
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use client_core::{Method, RequestSummary, StatusCode};

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
            after_unanswered_attempt: false,
        }))
    }

    #[test]
    fn statuses_map_to_kinds_keeping_the_message() {
        let cases = [
            (401, DiscogsErrorKind::Unauthorized),
            (403, DiscogsErrorKind::Forbidden),
            (404, DiscogsErrorKind::NotFound),
            (409, DiscogsErrorKind::Conflict),
            (415, DiscogsErrorKind::UnsupportedMediaType),
            (422, DiscogsErrorKind::Validation),
            (429, DiscogsErrorKind::RateLimited),
        ];
        for (status, expected) in cases {
            let error = DiscogsError::from(api(status, r#"{"message": "nope"}"#, Some("nope")));
            assert!(
                matches!(&error, DiscogsError::Api { kind, .. } if *kind == expected),
                "{status}: {error:?}"
            );
            assert_eq!(error.kind(), Some(expected));
            assert_eq!(error.message(), Some("nope"));
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        }
        let other = DiscogsError::from(api(500, "", None));
        assert_eq!(other.kind(), Some(DiscogsErrorKind::Server));
        assert!(other.is_retryable());
        let bad_request = DiscogsError::from(api(400, "", None));
        assert_eq!(bad_request.kind(), Some(DiscogsErrorKind::Other));
        assert!(!bad_request.is_retryable());
    }

    #[test]
    fn the_page_cap_is_a_kind_of_its_own() {
        // field notes §1.2
        let message = "Pagination above 100 disabled for inventories besides your own";
        let body = format!(r#"{{"message": "{message}"}}"#);
        let capped = DiscogsError::from(api(403, &body, Some(message)));
        assert_eq!(capped.kind(), Some(DiscogsErrorKind::PaginationLimit));
        assert!(!capped.is_retryable());
        let without_message = DiscogsError::from(api(403, &body, None));
        assert_eq!(
            without_message.kind(),
            Some(DiscogsErrorKind::PaginationLimit)
        );
        // field notes §1.5: another user's private data is a plain 403.
        let private = "You are not allowed to view this resource. Please authenticate as the \
                       owner to view this content.";
        let forbidden = DiscogsError::from(api(403, "{}", Some(private)));
        assert_eq!(forbidden.kind(), Some(DiscogsErrorKind::Forbidden));
    }

    #[test]
    fn a_missing_message_falls_back_to_the_body_or_status() {
        // Discogs' message is `None` when the body had none; the error's text still says what
        // came back: the body, or failing that the status.
        let error = DiscogsError::from(api(404, "gone", None));
        assert_eq!(error.message(), None);
        assert_eq!(
            error.to_string(),
            "GET /marketplace/listings/1 answered 404 Not Found: gone"
        );
        assert_eq!(error.raw_body(), Some("gone"));
        let error = DiscogsError::from(api(404, "", None));
        assert_eq!(
            error.to_string(),
            "GET /marketplace/listings/1 answered 404 Not Found"
        );
    }

    #[test]
    fn engine_refusals_keep_their_variant() {
        let config = DiscogsError::from(client_core::Error::config("user_agent", "missing"));
        assert!(matches!(&config, DiscogsError::Config(refusal) if refusal.field == "user_agent"));
        let input = DiscogsError::from(client_core::Error::invalid_input("page", "from 1"));
        assert_eq!(
            input.invalid_input().map(|i| i.field.as_str()),
            Some("page")
        );
    }
}
