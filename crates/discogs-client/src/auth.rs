//! How requests prove who sends them.

use client_core::header::HeaderMap;
use client_core::{Authenticate, Error, InvalidInput, Method, Secret, Url, sensitive_header_value};

#[cfg(feature = "oauth")]
use crate::oauth::signing::OAuthCredentials;

/// The credentials a [`crate::DiscogsClient`] sends. `Debug` shows no secret.
///
/// ```
/// use discogs_client::Credentials;
///
/// let credentials = Credentials::Token("my-personal-token".into());
/// assert!(!format!("{credentials:?}").contains("my-personal-token"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// A personal access token: `Authorization: Discogs token=…`.
    Token(Secret),
    /// An application's consumer key and secret: `Authorization: Discogs key=…, secret=…`.
    Consumer {
        /// The consumer key.
        key: Secret,
        /// The consumer secret.
        secret: Secret,
    },
    /// OAuth 1.0a: every request signed afresh (see `crate::oauth`; feature `oauth`).
    #[cfg(feature = "oauth")]
    OAuth(OAuthCredentials),
}

impl Credentials {
    /// Refuses a token, consumer key or consumer secret that no request could carry: empty,
    /// blank, or holding whitespace, a line break or anything but printable ASCII (a token
    /// pasted with its trailing newline, say). Checked when the client is built, so the
    /// mistake names its setting instead of surfacing at the first request.
    pub(crate) fn check(&self) -> Result<(), InvalidInput> {
        match self {
            Self::Token(token) => check_secret("token", token),
            Self::Consumer { key, secret } => {
                check_secret("consumer_key", key)?;
                check_secret("consumer_secret", secret)
            }
            // Every OAuth value is percent-encoded into the header, so any text travels.
            #[cfg(feature = "oauth")]
            Self::OAuth(_) => Ok(()),
        }
    }
}

fn check_secret(field: &str, secret: &Secret) -> Result<(), InvalidInput> {
    let text = secret.expose();
    let rule = if text.trim().is_empty() {
        "must not be empty or blank"
    } else if text.contains(['\r', '\n']) {
        "must not hold a line break (was it pasted with its newline?)"
    } else if text.chars().any(char::is_whitespace) {
        "must not hold whitespace (was it pasted with a space?)"
    } else if !text.bytes().all(|byte| byte.is_ascii_graphic()) {
        "must be printable ASCII"
    } else {
        return Ok(());
    };
    Err(InvalidInput::new(field, rule))
}

impl Authenticate for Credentials {
    fn authenticate(
        &self,
        method: &Method,
        url: &Url,
        headers: &mut HeaderMap,
    ) -> Result<(), Error> {
        // Only an OAuth signature depends on the request itself.
        #[cfg(not(feature = "oauth"))]
        let _ = (method, url);
        let text = match self {
            Self::Token(token) => Secret::new(format!("Discogs token={}", token.expose())),
            Self::Consumer { key, secret } => Secret::new(format!(
                "Discogs key={}, secret={}",
                key.expose(),
                secret.expose()
            )),
            #[cfg(feature = "oauth")]
            Self::OAuth(oauth) => oauth
                .authorization(method, url)
                .map_err(|error| Error::config("credentials", error.to_string()))?,
        };
        let value = sensitive_header_value(text.expose()).map_err(|_| {
            Error::config("credentials", "must be printable ASCII without line breaks")
        })?;
        headers.insert(client_core::header::AUTHORIZATION, value);
        Ok(())
    }
}
