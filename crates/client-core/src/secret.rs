//! Credentials that never print.

use std::fmt;

use reqwest::header::{HeaderValue, InvalidHeaderValue};

/// The text every `Debug` and `Display` of a [`Secret`] shows instead of the value.
pub const MASK: &str = "[redacted]";

/// A token, key or password.
///
/// `Debug` and `Display` print [`MASK`], so a secret can sit inside any configuration struct
/// that derives `Debug` without leaking into logs. The value is only reachable through
/// [`Secret::expose`], which makes every place that reads it easy to find.
///
/// ```
/// use client_core::Secret;
///
/// let token = Secret::new("abc123");
/// assert_eq!(format!("{token:?}"), "Secret([redacted])");
/// assert_eq!(token.to_string(), "[redacted]");
/// assert_eq!(token.expose(), "abc123");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself. Call it only where the value is put on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the credential is empty (an empty token is a configuration mistake).
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// A header value holding exactly this secret, marked sensitive so that HTTP
    /// libraries leave it out of their own debug output.
    pub fn header_value(&self) -> Result<HeaderValue, InvalidHeaderValue> {
        sensitive_header_value(&self.0)
    }

    /// A header value made of `prefix` and the secret (for schemes such as `Bearer …`),
    /// marked sensitive.
    pub fn header_value_with_prefix(
        &self,
        prefix: &str,
    ) -> Result<HeaderValue, InvalidHeaderValue> {
        sensitive_header_value(&format!("{prefix}{}", self.0))
    }
}

/// Builds a header value from text that contains a credential and marks it sensitive.
pub fn sensitive_header_value(text: &str) -> Result<HeaderValue, InvalidHeaderValue> {
    let mut value = HeaderValue::from_str(text)?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({MASK})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Secret::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert!(!format!("{secret}").contains("hunter2"));
        assert!(!format!("{:#?}", Some(&secret)).contains("hunter2"));
    }

    #[test]
    fn header_values_are_sensitive() {
        let secret = Secret::new("hunter2");
        let value = secret.header_value_with_prefix("Bearer ").unwrap();
        assert!(value.is_sensitive());
        assert_eq!(value.to_str().unwrap(), "Bearer hunter2");
        assert!(!format!("{value:?}").contains("hunter2"));
    }

    #[test]
    fn blank_secrets_are_empty() {
        assert!(Secret::new("  ").is_empty());
        assert!(!Secret::new("x").is_empty());
    }
}
