//! The one error type of this crate.

use std::collections::BTreeMap;
use std::time::Duration;

use client_core::{StatusCode, VendorError};

use crate::exports::ExportStatus;
use crate::ids::ExportUid;

/// Field errors as Instica sends them: each field with every message about it.
///
/// Nested objects are flattened with dots (`updates.notes`); messages that belong to no field
/// are under `non_field_errors`, as the server names them.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Everything that can go wrong with an Instica call.
///
/// The server's error bodies are decoded: `{"detail": "…"}` becomes the message and
/// `{"field": ["message", …]}` becomes [`InsticaError::field_errors`]; any other body is kept
/// raw ([`InsticaError::raw_body`]). Credentials never appear in an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InsticaError {
    /// The caller's input broke a documented rule; nothing was sent.
    #[error("invalid input: {field}: {rule}")]
    InvalidInput {
        /// The field at fault.
        field: String,
        /// The rule it broke.
        rule: String,
    },
    /// The server refused the credentials (401) or the permission (403).
    #[error(transparent)]
    Unauthorized(Box<client_core::Error>),
    /// The resource does not exist, or is not the caller's (404).
    #[error(transparent)]
    NotFound(Box<client_core::Error>),
    /// The server refused the request as invalid (400, 409 or 422): for example an item that
    /// cannot be deleted because it has active listings, or field errors.
    #[error("{source}")]
    Rejected {
        /// Every field error the server listed (empty when it sent only a `detail`).
        field_errors: FieldErrors,
        /// The underlying answer, with status, message and raw body.
        #[source]
        source: Box<client_core::Error>,
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
    /// Any other failure of the HTTP engine: transport, timeouts, server errors, answers that
    /// do not match the documented shape, configuration.
    #[error(transparent)]
    Core(Box<client_core::Error>),
}

impl From<client_core::Error> for InsticaError {
    fn from(error: client_core::Error) -> Self {
        match error {
            client_core::Error::InvalidInput { field, reason } => InsticaError::InvalidInput {
                field,
                rule: reason,
            },
            client_core::Error::Path(path) => InsticaError::InvalidInput {
                field: "path".into(),
                rule: path.to_string(),
            },
            client_core::Error::Api(api) => match api.status.as_u16() {
                401 | 403 => InsticaError::Unauthorized(Box::new(client_core::Error::Api(api))),
                404 => InsticaError::NotFound(Box::new(client_core::Error::Api(api))),
                400 | 409 | 422 => InsticaError::Rejected {
                    field_errors: field_errors(api.body.as_bytes()),
                    source: Box::new(client_core::Error::Api(api)),
                },
                _ => InsticaError::Core(Box::new(client_core::Error::Api(api))),
            },
            other => InsticaError::Core(Box::new(other)),
        }
    }
}

impl InsticaError {
    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        InsticaError::InvalidInput {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// The engine error underneath, when the failure came from a request.
    pub fn core(&self) -> Option<&client_core::Error> {
        match self {
            InsticaError::Unauthorized(core)
            | InsticaError::NotFound(core)
            | InsticaError::Rejected { source: core, .. }
            | InsticaError::Core(core) => Some(core.as_ref()),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.core().and_then(client_core::Error::status)
    }

    /// Whether the same request may succeed later (a timeout, a 503). This does not say it
    /// is safe to repeat: see the crate docs on which requests are never re-sent.
    pub fn is_retryable(&self) -> bool {
        match self {
            InsticaError::ExportTimedOut { .. } => true,
            _ => self.core().is_some_and(client_core::Error::is_retryable),
        }
    }

    /// How long the server asked to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.core().and_then(client_core::Error::retry_after)
    }

    /// The server's error code, when its body had one.
    pub fn vendor_code(&self) -> Option<&str> {
        self.core().and_then(client_core::Error::vendor_code)
    }

    /// The server's message: its `detail`, or its field errors joined into one line.
    pub fn vendor_message(&self) -> Option<&str> {
        self.core().and_then(client_core::Error::vendor_message)
    }

    /// The field errors of a [`Rejected`](InsticaError::Rejected) request.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            InsticaError::Rejected { field_errors, .. } => Some(field_errors),
            _ => None,
        }
    }

    /// The body as received, for error answers and answers that did not decode.
    pub fn raw_body(&self) -> Option<&str> {
        self.core().and_then(client_core::Error::raw_body)
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
