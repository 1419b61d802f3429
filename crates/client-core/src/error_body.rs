//! Reading the vendor's code and message out of an error answer's body.

use reqwest::StatusCode;

/// The vendor's code and message found in an error body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorError {
    /// The vendor's error code.
    pub code: Option<String>,
    /// The vendor's message.
    pub message: Option<String>,
}

/// Reads the vendor's code and message out of an error body.
pub type ErrorBodyParser = fn(StatusCode, &[u8]) -> VendorError;

/// The default error-body parser: a JSON object with `message`, `Message`, `detail` or
/// `error`, and `code` or `Code`.
pub fn parse_json_error_body(_: StatusCode, body: &[u8]) -> VendorError {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return VendorError::default();
    };
    let text = |keys: &[&str]| {
        keys.iter().find_map(|key| match object.get(*key) {
            Some(serde_json::Value::String(text)) => Some(text.clone()),
            Some(serde_json::Value::Number(number)) => Some(number.to_string()),
            _ => None,
        })
    };
    VendorError {
        code: text(&["code", "Code"]),
        message: text(&["message", "Message", "detail", "error"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_error_parser_reads_common_shapes() {
        let parsed = parse_json_error_body(StatusCode::NOT_FOUND, br#"{"message":"nope"}"#);
        assert_eq!(parsed.message.as_deref(), Some("nope"));
        let parsed = parse_json_error_body(
            StatusCode::BAD_REQUEST,
            br#"{"Code":"CT001","Message":"bad"}"#,
        );
        assert_eq!(parsed.code.as_deref(), Some("CT001"));
        assert_eq!(parsed.message.as_deref(), Some("bad"));
        assert_eq!(
            parse_json_error_body(StatusCode::BAD_GATEWAY, b"<html>"),
            VendorError::default()
        );
    }

    proptest::proptest! {
        #[test]
        fn any_body_parses_without_panicking(text in "\\PC{0,80}", bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let _ = parse_json_error_body(StatusCode::BAD_REQUEST, &bytes);
            let _ = parse_json_error_body(StatusCode::BAD_REQUEST, text.as_bytes());
        }
    }
}
