//! Credentials added to each attempt of a request.

use std::fmt;

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::error::Error;
use crate::secret::{MASK, Secret};

/// Adds credentials to each attempt of a request.
///
/// It is called for every attempt, after the URL is final, so that signatures with a
/// timestamp and a nonce (OAuth 1.0a) are fresh each time.
pub trait Authenticate: Send + Sync + fmt::Debug {
    /// Adds the credential headers for a request to `url`.
    fn authenticate(
        &self,
        method: &Method,
        url: &Url,
        headers: &mut HeaderMap,
    ) -> Result<(), Error>;
}

/// Authentication by fixed headers holding secrets (API keys, tokens).
///
/// ```
/// use client_core::{HeaderAuth, Secret};
///
/// let auth = HeaderAuth::new().with("authorization", "Bearer ", Secret::new("tok"));
/// assert!(!format!("{auth:?}").contains("tok"));
/// assert_eq!(format!("{auth:?}"), r#"{"authorization": "[redacted]"}"#);
/// ```
#[derive(Clone, Default)]
pub struct HeaderAuth {
    /// Each header with its value, built once from `prefix` and the secret (`None` when that
    /// is no header value, which every request then reports).
    headers: Vec<(HeaderName, Option<HeaderValue>)>,
}

impl HeaderAuth {
    /// No headers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `prefix` followed by `secret` in the header `name` (lower case, e.g. `x-api-key`).
    pub fn with(mut self, name: &'static str, prefix: &'static str, secret: Secret) -> Self {
        // Built here rather than for every attempt; the value is marked sensitive, so it
        // prints as `Sensitive` wherever an HTTP library shows it.
        let value = secret.header_value_with_prefix(prefix).ok();
        self.headers.push((HeaderName::from_static(name), value));
        self
    }
}

impl fmt::Debug for HeaderAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.headers.iter().map(|(name, _)| (name.as_str(), MASK)))
            .finish()
    }
}

impl Authenticate for HeaderAuth {
    fn authenticate(&self, _: &Method, _: &Url, headers: &mut HeaderMap) -> Result<(), Error> {
        for (name, value) in &self.headers {
            let value = value.clone().ok_or_else(|| {
                Error::config(
                    "credentials",
                    format!("the value for header `{name}` is not a valid header value"),
                )
            })?;
            headers.insert(name.clone(), value);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authenticate(auth: &HeaderAuth) -> Result<HeaderMap, Error> {
        let url =
            Url::parse("https://api.example.com/x").map_err(|_| Error::config("url", "bad"))?;
        let mut headers = HeaderMap::new();
        auth.authenticate(&Method::GET, &url, &mut headers)?;
        Ok(headers)
    }

    #[test]
    fn every_attempt_gets_the_prefixed_secret_marked_sensitive() {
        let auth = HeaderAuth::new()
            .with("authorization", "Bearer ", Secret::new("tok-1"))
            .with("x-api-key", "", Secret::new("key-2"));
        for _ in 0..2 {
            let headers = authenticate(&auth).ok();
            let value = |name: &str| headers.as_ref().and_then(|headers| headers.get(name));
            assert_eq!(
                value("authorization").map(HeaderValue::as_bytes),
                Some(&b"Bearer tok-1"[..])
            );
            assert_eq!(
                value("x-api-key").map(HeaderValue::as_bytes),
                Some(&b"key-2"[..])
            );
            assert!(value("authorization").is_some_and(HeaderValue::is_sensitive));
        }
    }

    #[test]
    fn a_secret_that_is_no_header_value_fails_each_request_without_showing_it() {
        let auth = HeaderAuth::new().with("x-api-key", "", Secret::new("line\nbreak"));
        let error = authenticate(&auth).err().map(|error| error.to_string());
        let error = error.unwrap_or_default();
        assert!(
            error.contains("`x-api-key` is not a valid header value"),
            "{error}"
        );
        assert!(!error.contains("line"), "{error}");
        assert!(!format!("{auth:?}").contains("line"));
    }
}
