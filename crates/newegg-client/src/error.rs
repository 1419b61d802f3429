//! The crate's error type and the kinds of refusal Newegg documents.

use std::time::{Duration, SystemTime};

use client_core::{ApiError, ClientError, ErrorView, InvalidInput, Outcome, StatusCode};

use crate::error_body::{ErrorCode, ErrorEntry, is_gateway_auth_failure, parse_error_entries};
use crate::feed::RequestId;
use crate::region::Region;

/// Everything that can go wrong when talking to Newegg.
///
/// The questions every client's error answers (`status()`, `is_retryable()`,
/// `retry_after()`, `vendor_code()`, `message()`, `raw_body()`) come from [`ClientError`];
/// what only Newegg has is here: the typed [`code`](NeweggError::code), every
/// [`errors`](NeweggError::errors) entry, and whether the error
/// [`concerns_item`](NeweggError::concerns_item). No variant ever holds a credential.
///
/// ```
/// use newegg_client::{ClientError, InvalidInput, NeweggError};
///
/// let error = NeweggError::InvalidInput(InvalidInput::new(
///     "warehouses[0].available_quantity",
///     "must be from 0 to 999999, got 1000000",
/// ));
/// assert_eq!(
///     error.to_string(),
///     "invalid input: warehouses[0].available_quantity: must be from 0 to 999999, got 1000000"
/// );
/// assert_eq!(error.code(), None);
/// assert!(!error.is_retryable());
/// assert!(error.concerns_item());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NeweggError {
    /// A setting was wrong (seller ID, credentials, shared engine settings); nothing was sent.
    #[error("invalid configuration: {0}")]
    Config(InvalidInput),
    /// The caller's input broke one of Newegg's documented rules; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(InvalidInput),
    /// The endpoint does not exist on the client's platform; nothing was sent.
    #[error(
        "{endpoint} is offered on the {} platform only, not on {region}",
        Region::Usa
    )]
    UnsupportedRegion {
        /// The platform the client is set up for.
        region: Region,
        /// The endpoint that was called.
        endpoint: &'static str,
    },
    /// Newegg answered with an error: an error status, or an error document in a 2xx answer.
    #[error("{error}{}", more_errors(.errors))]
    Api {
        /// What kind of refusal it is (from the status and Newegg's code).
        kind: NeweggErrorKind,
        /// The answer: request, status, Newegg's first code and message, raw body,
        /// `Retry-After`.
        error: Box<ApiError>,
        /// Newegg's code of the first error, typed (plain-text answers have none).
        code: Option<ErrorCode>,
        /// Every error the body listed, in order (Newegg may report several at once).
        errors: Vec<ErrorEntry>,
    },
    /// The seller's hourly allowance of data-feed records is spent, so the feed was not
    /// processed: Newegg answered `DF012` (`answer` holds its answer, `retry_at` the time its
    /// message names), or the client's own count of the hour's records, with Newegg's last
    /// `X-RecordCount-Remaining`, says the feed would go past it and nothing was sent
    /// (`answer` is `None`). Submit the feed again after `retry_at`; `retry_after()` is the
    /// wait.
    #[error("the hourly allowance of feed records is spent: {reason}{}", wait_text(.wait))]
    RecordAllowanceSpent {
        /// Records the refused feed holds.
        records: u32,
        /// Records the allowance had left, when known.
        remaining: Option<u32>,
        /// When a feed of this size fits again: the time Newegg names (a Pacific time in its
        /// message), or when the client's count frees enough records. `None` when neither
        /// says (a feed larger than the whole allowance, or a DF012 message without a
        /// readable time).
        retry_at: Option<SystemTime>,
        /// How long from when the error was made until `retry_at`.
        wait: Option<Duration>,
        /// The feed Newegg refused, when its message names one.
        request_id: Option<RequestId>,
        /// Newegg's message, or the client's count.
        reason: String,
        /// Newegg's answer, when Newegg refused; `None` when the client refused before
        /// sending.
        answer: Option<Box<ApiError>>,
    },
    /// Any other failure of the engine: no connection, a timeout, the deadline, or an answer
    /// that is not what Newegg documents (including XML refused as unsafe).
    #[error(transparent)]
    Engine(client_core::Error),
}

/// The code a spent allowance reports as Newegg's (a static: `ErrorCode` owns text).
static DF012: ErrorCode = ErrorCode::HourlyAllowanceExceeded;

/// The tail of a spent allowance's message: how long to wait, when known.
fn wait_text(wait: &Option<Duration>) -> String {
    match wait {
        Some(wait) => format!(" (submit again in {} s)", wait.as_secs()),
        None => String::new(),
    }
}

/// The refusals Newegg documents, decided once from the status and Newegg's code so that a
/// caller can match on a word instead of on numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NeweggErrorKind {
    /// The credentials were refused: the codes `InvalidConsumerKey` and `InvalidToken` or the
    /// gateway's plain text `Gateway: Seller Auth failed.`, whatever the status (Newegg does
    /// not say which status those travel with), or else HTTP 401. Never retryable.
    Unauthorized,
    /// The seller has not authorised the key or its API services are off: the code
    /// `AccessDenied`, whatever the status, or else HTTP 403. Never retryable.
    Forbidden,
    /// Newegg refused the item or one of its values: a `CT…`/`CE…` code, any other 4xx, or an
    /// error document in a 2xx answer. Only this kind [concerns the
    /// item](NeweggError::concerns_item).
    Rejected,
    /// Too many requests (HTTP 429); the engine already waited and retried.
    RateLimited,
    /// Newegg failed (HTTP 5xx).
    Server,
    /// Anything else: a proxy's 407, a 408, an unexpected 1xx or 3xx.
    Other,
}

impl NeweggErrorKind {
    /// The kind of an error answer. Newegg's credential refusals come first, since Newegg
    /// does not say which status they travel with (field notes §2.2: any status, a 5xx
    /// included); then the statuses that say who is at fault; the rest by status class.
    pub(crate) fn of(status: StatusCode, code: Option<&ErrorCode>, message: Option<&str>) -> Self {
        if message.is_some_and(is_gateway_auth_failure) {
            return Self::Unauthorized;
        }
        match (status.as_u16(), code) {
            (_, Some(ErrorCode::InvalidConsumerKey | ErrorCode::InvalidToken)) => {
                Self::Unauthorized
            }
            (_, Some(ErrorCode::AccessDenied)) => Self::Forbidden,
            // DF012 is a throttle whatever the status it comes with (unverified, field notes
            // §2.3 and the feed specification §7).
            (_, Some(ErrorCode::HourlyAllowanceExceeded)) => Self::RateLimited,
            (401, _) => Self::Unauthorized,
            (403, _) => Self::Forbidden,
            (429, _) => Self::RateLimited,
            (500..=599, _) => Self::Server,
            (407 | 408, _) => Self::Other,
            _ if status.is_success() || status.is_client_error() => Self::Rejected,
            _ => Self::Other,
        }
    }
}

impl NeweggError {
    /// The kind of Newegg's refusal; `None` for errors that are not Newegg's answer.
    pub fn kind(&self) -> Option<NeweggErrorKind> {
        match self {
            Self::Api { kind, .. } => Some(*kind),
            Self::RecordAllowanceSpent {
                answer: Some(_), ..
            } => Some(NeweggErrorKind::RateLimited),
            _ => None,
        }
    }

    /// Newegg's error code (of the first error, when it reported several), typed.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Self::Api { code, .. } => code.as_ref(),
            Self::RecordAllowanceSpent {
                answer: Some(_), ..
            } => Some(&DF012),
            _ => None,
        }
    }

    /// Every error Newegg reported, in order; empty for errors that are not Newegg's answer.
    pub fn errors(&self) -> &[ErrorEntry] {
        match self {
            Self::Api { errors, .. } => errors,
            _ => &[],
        }
    }

    /// Whether the error concerns the item itself (a refused value, an unknown or foreign
    /// item, a warehouse not set up) rather than the connection, the account or the service:
    /// a push rejects such an item and goes on with the others.
    pub fn concerns_item(&self) -> bool {
        matches!(
            self,
            Self::InvalidInput(_)
                | Self::Api {
                    kind: NeweggErrorKind::Rejected,
                    ..
                }
        )
    }

    /// A refusal of caller input, naming the field and the rule.
    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput(InvalidInput::new(field, rule))
    }

    /// A refusal of a setting, naming it and the rule.
    pub(crate) fn config(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::Config(InvalidInput::new(field, rule))
    }

    /// Newegg's error answer, with its entries read from the body and its kind decided.
    pub(crate) fn from_api(error: Box<ApiError>) -> Self {
        let code = error.code.as_deref().map(ErrorCode::from_code);
        let errors = parse_error_entries(error.body.as_bytes());
        Self::Api {
            kind: NeweggErrorKind::of(error.status, code.as_ref(), error.message.as_deref()),
            error,
            code,
            errors,
        }
    }
}

/// The tail of an API error's message when Newegg listed more than one error.
fn more_errors(errors: &[ErrorEntry]) -> String {
    match errors.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more errors)", n - 1),
    }
}

impl ClientError for NeweggError {
    fn view(&self) -> ErrorView<'_> {
        match self {
            Self::Config(refusal) | Self::InvalidInput(refusal) => ErrorView::Refused(refusal),
            Self::Api { error, .. } => ErrorView::Api(error),
            Self::Engine(error) => ErrorView::Engine(error),
            Self::RecordAllowanceSpent {
                answer: Some(answer),
                ..
            } => ErrorView::Api(answer),
            Self::UnsupportedRegion { .. } | Self::RecordAllowanceSpent { .. } => ErrorView::Other,
        }
    }

    /// For a spent record allowance, the wait until the time Newegg (or the client's count)
    /// names; otherwise the answer's `Retry-After`.
    fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RecordAllowanceSpent { wait, .. } => *wait,
            _ => self.api_error().and_then(|api| api.retry_after),
        }
    }

    /// As for every client, except that a refusal of the credentials is never retryable,
    /// whatever status it came with: Newegg may send its credential codes with a 5xx
    /// (field notes §2.2), and no repeat fixes a wrong key.
    /// As for every client, except for the client's own refusals: an endpoint the platform
    /// lacks is never sent, and a spent record allowance is a feed Newegg did not process
    /// (DF012) or one the client's count held back, unless an earlier attempt of the submit
    /// went unanswered.
    fn outcome(&self) -> Outcome {
        match self {
            Self::UnsupportedRegion { .. } => Outcome::NotApplied,
            Self::RecordAllowanceSpent { answer, .. } => match answer {
                Some(answer) if answer.after_unanswered_attempt => Outcome::Unknown,
                _ => Outcome::NotApplied,
            },
            other => other.view().outcome(),
        }
    }

    fn is_retryable(&self) -> bool {
        match self {
            Self::Api {
                kind: NeweggErrorKind::Unauthorized | NeweggErrorKind::Forbidden,
                ..
            } => false,
            // Once the hour has room again, the same feed is taken.
            Self::RecordAllowanceSpent { retry_at, .. } => retry_at.is_some(),
            _ => self.view().is_retryable(),
        }
    }
}

client_core::client_error_conversions!(
    NeweggError,
    api: NeweggError::from_api
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clients_own_refusals_were_never_applied() {
        let region = NeweggError::UnsupportedRegion {
            region: Region::Canada,
            endpoint: "feed status",
        };
        assert_eq!(region.outcome(), Outcome::NotApplied);
        let counted = NeweggError::RecordAllowanceSpent {
            records: 10,
            remaining: Some(0),
            retry_at: None,
            wait: None,
            request_id: None,
            reason: "the client's count".into(),
            answer: None,
        };
        assert_eq!(counted.outcome(), Outcome::NotApplied);
    }

    #[test]
    fn status_decides_before_codes_and_codes_before_the_status_class() {
        let code = |text: &str| Some(ErrorCode::from_code(text));
        let cases = [
            (401, None, NeweggErrorKind::Unauthorized),
            // Credential codes decide whatever the status (field notes §2.2).
            (500, code("InvalidToken"), NeweggErrorKind::Unauthorized),
            (
                429,
                code("InvalidConsumerKey"),
                NeweggErrorKind::Unauthorized,
            ),
            (401, code("AccessDenied"), NeweggErrorKind::Forbidden),
            (503, code("AccessDenied"), NeweggErrorKind::Forbidden),
            (403, code("CT014"), NeweggErrorKind::Forbidden),
            (429, None, NeweggErrorKind::RateLimited),
            (503, code("CT023"), NeweggErrorKind::Server),
            (400, code("InvalidToken"), NeweggErrorKind::Unauthorized),
            (200, code("AccessDenied"), NeweggErrorKind::Forbidden),
            (400, code("CT014"), NeweggErrorKind::Rejected),
            (404, None, NeweggErrorKind::Rejected),
            (200, code("CE003"), NeweggErrorKind::Rejected),
            (407, None, NeweggErrorKind::Other),
            (408, None, NeweggErrorKind::Other),
            (302, None, NeweggErrorKind::Other),
        ];
        for (status, code, kind) in cases {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                NeweggErrorKind::of(status, code.as_ref(), None),
                kind,
                "{status}"
            );
        }
    }

    #[test]
    fn the_gateway_text_is_a_refusal_of_the_credentials_whatever_the_status() {
        for status in [200, 401, 403, 500] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                NeweggErrorKind::of(status, None, Some("Gateway: Seller Auth failed.")),
                NeweggErrorKind::Unauthorized,
                "{status}"
            );
        }
        assert_eq!(
            NeweggErrorKind::of(StatusCode::FORBIDDEN, None, Some("Gateway: busy")),
            NeweggErrorKind::Forbidden
        );
    }
}
