//! The one error type of this crate, in the shape every client of the SDK shares.

use std::collections::BTreeMap;
use std::time::Duration;

use client_core::path::PathError;
use client_core::{ApiError, ClientError, ErrorView, InvalidInput, StatusCode, VendorError};

use crate::export_status::ExportStatus;
use crate::ids::ExportUid;

/// Field errors as Instica sends them: each field with every message about it.
///
/// Nested objects are flattened with dots (`updates.notes`); messages that belong to no field
/// are under `non_field_errors`, as the server names them.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// What kind of refusal an Instica error answer is, so a caller can decide what to do
/// without reading status codes.
///
/// Instica documents no error codes, so the kind follows the status alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InsticaErrorKind {
    /// 400 or 422: the request broke a rule the server checks (an item with active listings
    /// cannot be deleted; a field is invalid: see [`InsticaError::field_errors`]).
    Rejected,
    /// 401: the token or API key is missing, wrong or revoked.
    Unauthorized,
    /// 403: the credentials are good but may not do this.
    Forbidden,
    /// 404: the resource does not exist, or is not the caller's.
    NotFound,
    /// 409: the request conflicts with the resource's current state.
    Conflict,
    /// 429: too many requests; see [`retry_after`](ClientError::retry_after).
    RateLimited,
    /// 5xx: the server failed.
    Server,
    /// Any other status.
    Other,
}

impl InsticaErrorKind {
    /// The one place an answer's status becomes a kind.
    fn of(status: StatusCode) -> Self {
        match status.as_u16() {
            400 | 422 => Self::Rejected,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            409 => Self::Conflict,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }
}

/// Everything that can go wrong with an Instica call.
///
/// The server's error bodies are decoded: `{"detail": "…"}` becomes the message and
/// `{"field": ["message", …]}` becomes [`InsticaError::field_errors`]; any other body is kept
/// raw ([`raw_body`](ClientError::raw_body)). Credentials never appear in an error. The
/// accessors every client's error shares (`status()`, `is_retryable()`, `retry_after()`,
/// `message()`, …) come from [`ClientError`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InsticaError {
    /// A setting was wrong (no credentials, an empty token, a bad base URL); nothing was sent.
    #[error("invalid configuration: {0}")]
    Config(InvalidInput),
    /// The caller's input broke a documented rule; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(InvalidInput),
    /// Instica answered with an error.
    #[error("{error}")]
    Api {
        /// What kind of refusal it is.
        kind: InsticaErrorKind,
        /// The answer: request, status, message, raw body, `Retry-After`.
        error: Box<ApiError>,
        /// Every field error the server listed (empty when it sent only a `detail`).
        field_errors: FieldErrors,
    },
    /// An export job ended without a file.
    #[error("export {export} ended with status `{status}`{}", detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    ExportFailed {
        /// The export job.
        export: ExportUid,
        /// The status it ended with.
        status: ExportStatus,
        /// What the server said about it, if anything.
        detail: Option<String>,
    },
    /// An export job did not finish within the caller's deadline.
    #[error("export {export} still `{last_status}` after waiting {waited:?}")]
    ExportTimedOut {
        /// The export job.
        export: ExportUid,
        /// The status it had when the wait gave up.
        last_status: ExportStatus,
        /// How long the wait lasted.
        waited: Duration,
    },
    /// Any other failure of the engine: transport, deadline, an answer that did not decode.
    #[error(transparent)]
    Engine(client_core::Error),
}

impl From<client_core::Error> for InsticaError {
    fn from(error: client_core::Error) -> Self {
        match error {
            client_core::Error::Config(refusal) => Self::Config(refusal),
            client_core::Error::InvalidInput(refusal) => Self::InvalidInput(refusal),
            client_core::Error::Api(error) => Self::Api {
                kind: InsticaErrorKind::of(error.status),
                field_errors: field_errors(error.body.as_bytes()),
                error,
            },
            other => Self::Engine(other),
        }
    }
}

impl From<InvalidInput> for InsticaError {
    fn from(refusal: InvalidInput) -> Self {
        Self::InvalidInput(refusal)
    }
}

impl From<PathError> for InsticaError {
    /// A caller's UID or slug that would change the route's shape, named by its placeholder.
    fn from(error: PathError) -> Self {
        Self::InvalidInput(error.into())
    }
}

impl ClientError for InsticaError {
    fn view(&self) -> ErrorView<'_> {
        match self {
            Self::Config(refusal) | Self::InvalidInput(refusal) => ErrorView::Refused(refusal),
            Self::Api { error, .. } => ErrorView::Api(error),
            Self::Engine(error) => ErrorView::Engine(error),
            Self::ExportFailed { .. } | Self::ExportTimedOut { .. } => ErrorView::Other,
        }
    }

    /// As for every client, plus: an export wait that timed out is retryable, because the
    /// job is still running and a longer wait may yet see its file.
    fn is_retryable(&self) -> bool {
        match self {
            Self::ExportTimedOut { .. } => true,
            // The engine's judgement otherwise, so the statuses are listed in one place.
            other => other.view().is_retryable(),
        }
    }
}

impl InsticaError {
    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidInput(InvalidInput::new(field, rule))
    }

    /// The field errors of an error answer, message by message (empty when the server sent
    /// only a `detail`); `None` when the server did not answer with an error.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            Self::Api { field_errors, .. } => Some(field_errors),
            _ => None,
        }
    }
}

/// Reads `detail`, `code` and field errors out of an Instica error body.
pub(crate) fn parse_error_body(_: StatusCode, body: &[u8]) -> VendorError {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return VendorError::default();
    };
    let code = value
        .get("code")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    if let Some(detail) = value.get("detail").and_then(serde_json::Value::as_str) {
        return VendorError {
            code,
            message: Some(detail.to_owned()),
        };
    }
    let fields = field_errors(body);
    let message = (!fields.is_empty()).then(|| {
        fields
            .iter()
            .map(|(field, messages)| format!("{field}: {}", messages.join(" ")))
            .collect::<Vec<_>>()
            .join("; ")
    });
    VendorError { code, message }
}

/// Collects `{"field": ["message", …]}` bodies (nested objects flattened with dots; a bare
/// list of messages goes under `non_field_errors`).
pub(crate) fn field_errors(body: &[u8]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(object)) => {
            for (field, value) in &object {
                if field == "detail" || field == "code" {
                    continue;
                }
                collect(field, value, &mut errors);
            }
        }
        Ok(list @ serde_json::Value::Array(_)) => collect("non_field_errors", &list, &mut errors),
        _ => {}
    }
    errors
}

fn collect(field: &str, value: &serde_json::Value, errors: &mut FieldErrors) {
    match value {
        serde_json::Value::String(message) => errors
            .entry(field.to_owned())
            .or_default()
            .push(message.clone()),
        serde_json::Value::Array(items) => {
            for item in items {
                collect(field, item, errors);
            }
        }
        serde_json::Value::Object(object) => {
            for (inner, value) in object {
                collect(&format!("{field}.{inner}"), value, errors);
            }
        }
        serde_json::Value::Number(number) => errors
            .entry(field.to_owned())
            .or_default()
            .push(number.to_string()),
        serde_json::Value::Bool(_) | serde_json::Value::Null => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_bodies_give_the_message() {
        let parsed = parse_error_body(
            StatusCode::BAD_REQUEST,
            br#"{"detail":"Item has active listings."}"#,
        );
        assert_eq!(parsed.message.as_deref(), Some("Item has active listings."));
    }

    #[test]
    fn field_errors_keep_every_message() {
        let body = br#"{"price_purchased_item":["Ensure that there are no more than 7 digits in total.","Second."],"updates":{"notes":["Too long."]}}"#;
        let errors = field_errors(body);
        assert_eq!(errors["price_purchased_item"].len(), 2);
        assert_eq!(errors["updates.notes"], vec!["Too long.".to_owned()]);
        let parsed = parse_error_body(StatusCode::BAD_REQUEST, body);
        assert!(parsed.message.unwrap().contains("updates.notes: Too long."));
    }

    #[test]
    fn other_bodies_give_nothing() {
        assert_eq!(
            parse_error_body(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>"),
            VendorError::default()
        );
    }
}
