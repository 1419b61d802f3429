//! Credentials added to each attempt of a request.

use std::fmt;

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName};
use url::Url;

use crate::error::Error;
use crate::secret::Secret;

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
/// ```
#[derive(Debug, Clone, Default)]
pub struct HeaderAuth {
    headers: Vec<(HeaderName, &'static str, Secret)>,
}

impl HeaderAuth {
    /// No headers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `prefix` followed by `secret` in the header `name` (lower case, e.g. `x-api-key`).
    pub fn with(mut self, name: &'static str, prefix: &'static str, secret: Secret) -> Self {
        self.headers
            .push((HeaderName::from_static(name), prefix, secret));
        self
    }
}

impl Authenticate for HeaderAuth {
    fn authenticate(&self, _: &Method, _: &Url, headers: &mut HeaderMap) -> Result<(), Error> {
        for (name, prefix, secret) in &self.headers {
            let value = secret.header_value_with_prefix(prefix).map_err(|_| {
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
