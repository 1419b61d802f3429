//! The one error type of this crate, in the shape every client of the SDK shares.

use std::collections::BTreeMap;
use std::time::Duration;

use client_core::{ApiError, ClientError, ErrorView, InvalidInput, StatusCode, VendorError};

use crate::export_status::ExportStatus;
use crate::ids::ExportUid;

/// Field errors as Instica sends them: each field's path with every message about it.
///
/// Nested objects are joined with dots (`updates.notes`, `product.title`), elements of a list
/// keep their index (`assets[1].file`, `items[1].price`, `[2].id` for a body that is itself a
/// list); messages that belong to no field are under `non_field_errors`, as the server names
/// them.
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
/// `{"field": ["message", …]}` becomes [`InsticaError::field_errors`], each message under its
/// field's path (`product.title`, `assets[1].file`: see [`FieldErrors`]); any other body is
/// kept raw ([`raw_body`](ClientError::raw_body)). Credentials never appear in an error. The
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

client_core::client_error_conversions!(
    InsticaError,
    api: |error: Box<ApiError>| InsticaError::Api {
        kind: InsticaErrorKind::of(error.status),
        field_errors: field_errors(error.body.as_bytes()),
        error,
    }
);

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

    /// The field errors of an error answer, message by message, by field path (empty when
    /// the server sent only a `detail`); `None` when the server did not answer with an error.
    ///
    /// In a list of nested objects the path keeps which element failed, whether the server
    /// wrote the list (`{"assets": [{}, {"file": ["…"]}]}`) or an index-keyed object
    /// (`{"assets": {"1": {"file": ["…"]}}}`): both are `assets[1].file`.
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

/// Collects the field errors of a Django REST framework error body, each under the path of
/// its field (field notes §4: Instica's error shapes are DRF's, an inference).
///
/// * `{"field": ["message", …]}` is `field`; a bare list of messages, and messages at the top
///   of the body, are `non_field_errors`, as DRF names them;
/// * a nested object is joined with dots: `{"product": {"title": […]}}` is `product.title`;
/// * a list of nested objects has one entry per element, `{}` for the valid ones, and keeps
///   which element failed: `{"assets": [{}, {"file": […]}]}` is `assets[1].file`, and a
///   top-level `[{}, {}, {"id": […]}]` is `[2].id`;
/// * the index-keyed form (`{"items": {"1": {"price": […]}}}`, which DRF's `ListField` sends
///   and a DRF pull request proposes for nested lists) is read the same: `items[1].price`.
///   Serializer fields are Python identifiers, which never start with a digit, so a key of
///   digits is always an index.
///
/// At the top of an object body a string `detail` or `code` is the message and the code, not a
/// field error.
pub(crate) fn field_errors(body: &[u8]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(object)) => {
            for (field, value) in &object {
                let is_envelope = (field == "detail" || field == "code") && value.is_string();
                if !is_envelope {
                    collect(child(None, field), value, &mut errors);
                }
            }
        }
        Ok(list @ serde_json::Value::Array(_)) => collect(None, &list, &mut errors),
        _ => {}
    }
    errors
}

/// The path of a member of `parent`: `[2]` for an index, `.name` (or `name` at the top) for a
/// field.
fn child(parent: Option<&str>, key: &str) -> Option<String> {
    let parent = parent.unwrap_or_default();
    if !key.is_empty() && key.bytes().all(|byte| byte.is_ascii_digit()) {
        let index = key.trim_start_matches('0');
        let index = if index.is_empty() { "0" } else { index };
        return Some(format!("{parent}[{index}]"));
    }
    Some(match parent {
        "" => key.to_owned(),
        _ => format!("{parent}.{key}"),
    })
}

/// Adds the messages under `path` (`None`: the top of the body, where DRF's messages that
/// belong to no field go).
fn collect(path: Option<String>, value: &serde_json::Value, errors: &mut FieldErrors) {
    let push = |errors: &mut FieldErrors, message: String| {
        let field = path
            .clone()
            .unwrap_or_else(|| "non_field_errors".to_owned());
        errors.entry(field).or_default().push(message);
    };
    match value {
        serde_json::Value::String(message) => push(errors, message.clone()),
        serde_json::Value::Number(number) => push(errors, number.to_string()),
        serde_json::Value::Bool(_) | serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            // A list holding an object or a list is DRF's one-entry-per-element form; a list
            // of strings is the messages of one field.
            let per_element = items.iter().any(|item| item.is_object() || item.is_array());
            for (index, item) in items.iter().enumerate() {
                if per_element {
                    collect(child(path.as_deref(), &index.to_string()), item, errors);
                } else {
                    collect(path.clone(), item, errors);
                }
            }
        }
        serde_json::Value::Object(object) => {
            for (key, value) in object {
                collect(child(path.as_deref(), key), value, errors);
            }
        }
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

    fn paths(body: &str) -> Vec<(String, Vec<String>)> {
        field_errors(body.as_bytes()).into_iter().collect()
    }

    fn one(path: &str, message: &str) -> Vec<(String, Vec<String>)> {
        vec![(path.to_owned(), vec![message.to_owned()])]
    }

    // field notes §4: DRF's list-of-nested-objects errors, one entry per element.
    #[test]
    fn a_list_of_nested_objects_keeps_which_element_failed() {
        assert_eq!(
            paths(r#"[{}, {}, {"id": ["A valid integer is required."]}]"#),
            one("[2].id", "A valid integer is required.")
        );
        assert_eq!(
            paths(r#"{"items": [{}, {"price": ["A valid number is required."]}]}"#),
            one("items[1].price", "A valid number is required.")
        );
        assert_eq!(
            paths(r#"{"assets": [{}, {"file": ["Upload a valid image."]}]}"#),
            one("assets[1].file", "Upload a valid image.")
        );
        assert_eq!(
            paths(
                r#"{"assets": [{}, {"file": ["Upload a valid image."]}, {"type": ["Required."], "file": ["Too big."]}]}"#
            ),
            vec![
                (
                    "assets[1].file".to_owned(),
                    vec!["Upload a valid image.".to_owned()]
                ),
                ("assets[2].file".to_owned(), vec!["Too big.".to_owned()]),
                ("assets[2].type".to_owned(), vec!["Required.".to_owned()]),
            ]
        );
        let parsed = parse_error_body(
            StatusCode::BAD_REQUEST,
            br#"{"items": [{}, {"price": ["A valid number is required."]}]}"#,
        );
        assert_eq!(
            parsed.message.as_deref(),
            Some("items[1].price: A valid number is required.")
        );
    }

    // field notes §4: DRF PR #9837 proposes index-keyed dicts; DRF's ListField sends them.
    #[test]
    fn index_keyed_dicts_read_like_lists() {
        assert_eq!(
            paths(r#"{"items": {"1": {"price": ["A valid number is required."]}}}"#),
            one("items[1].price", "A valid number is required.")
        );
        assert_eq!(
            paths(r#"{"2": {"id": ["A valid integer is required."]}}"#),
            one("[2].id", "A valid integer is required.")
        );
        assert_eq!(
            paths(r#"{"items": {"0": ["Not a valid string."]}}"#),
            one("items[0]", "Not a valid string.")
        );
    }

    #[test]
    fn nested_objects_non_field_errors_and_detail() {
        assert_eq!(
            paths(r#"{"product": {"title": ["This field is required."]}}"#),
            one("product.title", "This field is required.")
        );
        assert_eq!(
            paths(r#"{"non_field_errors": ["Expected a list of items but got type \"dict\"."]}"#),
            one(
                "non_field_errors",
                "Expected a list of items but got type \"dict\"."
            )
        );
        assert_eq!(
            paths(r#"["Item has active listings."]"#),
            one("non_field_errors", "Item has active listings.")
        );
        assert!(paths(r#"{"detail": "Invalid API key."}"#).is_empty());
        assert!(paths(r#"{"detail": "Throttled.", "code": "throttled"}"#).is_empty());
        // A field that happens to be named `code` carries its messages in a list.
        assert_eq!(
            paths(r#"{"code": ["Too long."]}"#),
            one("code", "Too long.")
        );
    }

    #[test]
    fn other_bodies_give_nothing() {
        assert_eq!(
            parse_error_body(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>"),
            VendorError::default()
        );
    }
}
