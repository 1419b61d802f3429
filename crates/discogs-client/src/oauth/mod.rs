//! OAuth 1.0a, for applications that act for other Discogs users.
//!
//! The flow has three steps: get a request token ([`OAuthFlow::request_token`]), send the user
//! to [`OAuthFlow::authorize_url`] where they approve your application and receive a verifier
//! code, then trade token and verifier for an access token ([`OAuthFlow::access_token`]).
//! From then on, [`OAuthCredentials`] sign every request, with `PLAINTEXT` or `HMAC-SHA1`
//! ([RFC 5849](https://www.rfc-editor.org/rfc/rfc5849)).
//!
//! Each signature carries a timestamp and a random nonce; both can be injected
//! ([`OAuthCredentials::clock`], [`OAuthCredentials::nonce_source`]) so signatures are
//! reproducible in tests:
//!
//! ```
//! use std::sync::Arc;
//! use std::time::{Duration, UNIX_EPOCH};
//! use client_core::clock::ManualClock;
//! use discogs_client::oauth::{FixedNonce, OAuthCredentials, SignatureMethod};
//!
//! // The worked example of RFC 5849, section 1.2.
//! let credentials = OAuthCredentials::new(
//!     "dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00",
//! )
//! .signature_method(SignatureMethod::HmacSha1)
//! .realm("Photos")
//! .nonce_source(Arc::new(FixedNonce::new("chapoH")))
//! .clock(Arc::new(ManualClock::starting_at(UNIX_EPOCH + Duration::from_secs(137131202))));
//! let url = "http://photos.example.net/photos?file=vacation.jpg&size=original".parse()?;
//! let header = credentials.authorization(&client_core::Method::GET, &url)?;
//! assert!(header.expose().contains(r#"oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod signing;

use std::sync::Arc;

use client_core::header::{CONTENT_TYPE, HeaderValue};
use client_core::{EngineBuilder, HttpEngine, Request, Response, Route, Secret, Url};

pub use signing::{
    FixedNonce, NonceSource, OAuthCredentials, RandomNonce, SignatureMethod, signature_base_string,
};

use crate::auth::Credentials;
use crate::client::{DiscogsClient, DiscogsClientBuilder};
use crate::error::DiscogsError;

/// Where Discogs asks users to approve an application.
pub const AUTHORIZE_URL: &str = "https://www.discogs.com/oauth/authorize";

/// A temporary token from the first step of the flow.
#[derive(Debug, Clone)]
pub struct RequestToken {
    /// The token (`oauth_token`), sent to the authorize page.
    pub token: Secret,
    /// The token secret (`oauth_token_secret`), needed for the access-token step.
    pub token_secret: Secret,
}

/// The user's access token: keep it (securely) to act for the user later.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The token (`oauth_token`).
    pub token: Secret,
    /// The token secret (`oauth_token_secret`).
    pub token_secret: Secret,
}

/// The OAuth 1.0a flow; start it with [`DiscogsClientBuilder::oauth_flow`].
///
/// ```no_run
/// # async fn run() -> Result<(), discogs_client::DiscogsError> {
/// use discogs_client::{ConfigureEngine, DiscogsClient, oauth::OAuthCredentials};
///
/// let flow = DiscogsClient::builder()
///     .user_agent("MyShop/1.0 +https://myshop.example")
///     .oauth_flow(OAuthCredentials::consumer("consumer-key", "consumer-secret"));
/// let request_token = flow.request_token("https://myshop.example/discogs/callback").await?;
/// println!("Approve at {}", flow.authorize_url(&request_token)?);
/// let verifier = "code the user brings back";
/// let access = flow.access_token(&request_token, verifier).await?;
/// let discogs = flow.client(&access)?;
/// # let _ = discogs; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct OAuthFlow {
    settings: EngineBuilder,
    consumer: OAuthCredentials,
    authorize_base: String,
}

impl DiscogsClientBuilder {
    /// Starts the OAuth 1.0a flow with these settings and the application's consumer
    /// credentials; the flow's [`OAuthFlow::client`] builds the client that acts for the user.
    pub fn oauth_flow(self, consumer: OAuthCredentials) -> OAuthFlow {
        OAuthFlow {
            settings: self.into_settings(),
            consumer,
            authorize_base: AUTHORIZE_URL.to_owned(),
        }
    }
}

/// The answer of a token endpoint: `oauth_token=…&oauth_token_secret=…`.
fn read_token_answer(response: &Response) -> Result<(Secret, Secret), DiscogsError> {
    let text = response.text()?;
    let mut token = None;
    let mut token_secret = None;
    let mut confirmed = None;
    for (name, value) in url::form_urlencoded::parse(text.trim().as_bytes()) {
        match name.as_ref() {
            "oauth_token" => token = Some(Secret::new(value.into_owned())),
            "oauth_token_secret" => token_secret = Some(Secret::new(value.into_owned())),
            "oauth_callback_confirmed" => confirmed = Some(value == "true"),
            _ => {}
        }
    }
    if confirmed == Some(false) {
        return Err(response
            .decode_error("Discogs did not confirm the callback (oauth_callback_confirmed)")
            .into());
    }
    match (token, token_secret) {
        (Some(token), Some(secret)) => Ok((token, secret)),
        _ => Err(response
            .decode_error("expected oauth_token and oauth_token_secret")
            .into()),
    }
}

impl OAuthFlow {
    /// Replaces the authorize page address (for tests and sandboxes).
    #[must_use]
    pub fn authorize_base(mut self, url: impl Into<String>) -> Self {
        self.authorize_base = url.into();
        self
    }

    fn engine_with(&self, credentials: OAuthCredentials) -> Result<HttpEngine, DiscogsError> {
        let mut settings = self.settings.clone();
        settings.set_authenticator(Some(Arc::new(Credentials::OAuth(credentials))));
        Ok(settings.build()?)
    }

    /// `GET /oauth/request_token`: step one, signed with the consumer key and secret and
    /// naming the `callback` Discogs sends the user back to.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::Api`] of kind [`Unauthorized`](crate::DiscogsErrorKind::Unauthorized)
    /// for a wrong consumer key or secret; a decode error when
    /// the answer lacks the token.
    pub async fn request_token(&self, callback: &str) -> Result<RequestToken, DiscogsError> {
        let engine = self.engine_with(self.consumer.clone().with_callback(callback))?;
        let request = Request::get(Route::new("/oauth/request_token").finish()?).header(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let response = engine.execute(request).await?;
        let (token, token_secret) = read_token_answer(&response)?;
        Ok(RequestToken {
            token,
            token_secret,
        })
    }

    /// Step two: the page where the user approves the application.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] when the configured authorize address is not a URL.
    pub fn authorize_url(&self, request_token: &RequestToken) -> Result<Url, DiscogsError> {
        let mut url = Url::parse(&self.authorize_base).map_err(|error| {
            DiscogsError::invalid("authorize_base", format!("not a URL: {error}"))
        })?;
        url.query_pairs_mut()
            .append_pair("oauth_token", request_token.token.expose());
        Ok(url)
    }

    /// `POST /oauth/access_token`: step three, trading the request token and the user's
    /// `verifier` for an access token. Never retried: a request token is good for one trade.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for an empty verifier;
    /// [`DiscogsError::Api`] of kind [`Unauthorized`](crate::DiscogsErrorKind::Unauthorized)
    /// for an expired token or wrong verifier.
    pub async fn access_token(
        &self,
        request_token: &RequestToken,
        verifier: &str,
    ) -> Result<AccessToken, DiscogsError> {
        if verifier.trim().is_empty() {
            return Err(DiscogsError::invalid(
                "verifier",
                "the code Discogs showed the user must not be empty",
            ));
        }
        let credentials = self
            .consumer
            .clone()
            .with_token(&request_token.token, &request_token.token_secret)
            .with_verifier(verifier.trim());
        let engine = self.engine_with(credentials)?;
        let request = Request::post(Route::new("/oauth/access_token").finish()?)
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            )
            .non_idempotent();
        let response = engine.execute(request).await?;
        let (token, token_secret) = read_token_answer(&response)?;
        Ok(AccessToken {
            token,
            token_secret,
        })
    }

    /// The credentials that act for the user who granted `access`.
    #[must_use]
    pub fn credentials(&self, access: &AccessToken) -> OAuthCredentials {
        self.consumer
            .clone()
            .with_token(&access.token, &access.token_secret)
    }

    /// A client with the flow's settings acting for the user who granted `access`.
    ///
    /// # Errors
    ///
    /// As [`DiscogsClientBuilder::build`](crate::DiscogsClientBuilder::build).
    pub fn client(&self, access: &AccessToken) -> Result<DiscogsClient, DiscogsError> {
        DiscogsClientBuilder::from_settings(self.settings.clone())
            .credentials(Credentials::OAuth(self.credentials(access)))
            .build()
    }
}
