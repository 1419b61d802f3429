//! How requests prove who sends them.

use client_core::header::HeaderMap;
use client_core::{Authenticate, Error, Method, Secret, Url, sensitive_header_value};

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
    /// OAuth 1.0a: every request signed afresh (see [`crate::oauth`]).
    OAuth(OAuthCredentials),
}

impl Authenticate for Credentials {
    fn authenticate(
        &self,
        method: &Method,
        url: &Url,
        headers: &mut HeaderMap,
    ) -> Result<(), Error> {
        let text = match self {
            Self::Token(token) => Secret::new(format!("Discogs token={}", token.expose())),
            Self::Consumer { key, secret } => Secret::new(format!(
                "Discogs key={}, secret={}",
                key.expose(),
                secret.expose()
            )),
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
