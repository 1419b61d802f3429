//! The client and its builder.

use std::sync::Arc;
use std::time::Duration;

use client_core::rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus};
use client_core::{ConfigureEngine, EngineBuilder, HttpEngine, Secret};

use crate::auth::Credentials;
use crate::error::DiscogsError;
#[cfg(feature = "oauth")]
use crate::oauth::signing::OAuthCredentials;

/// Where the Discogs API lives.
pub const PRODUCTION_BASE_URL: &str = "https://api.discogs.com";

/// Requests a minute Discogs allows an authenticated client.
pub const AUTHENTICATED_REQUESTS_PER_MINUTE: u32 = 60;
/// Requests a minute Discogs allows an unauthenticated client.
pub const UNAUTHENTICATED_REQUESTS_PER_MINUTE: u32 = 25;

/// The headers through which Discogs reports its moving 60-second window.
pub(crate) fn rate_limit_headers() -> RateLimitHeaders {
    RateLimitHeaders {
        limit: Some("x-discogs-ratelimit"),
        remaining: "x-discogs-ratelimit-remaining",
        used: Some("x-discogs-ratelimit-used"),
        reset: None,
        period: Duration::from_secs(60),
    }
}

/// A Discogs client. Cheap to clone; clones share the rate limiter.
#[derive(Debug, Clone)]
pub struct DiscogsClient {
    pub(crate) engine: HttpEngine,
}

impl DiscogsClient {
    /// Starts building a client.
    pub fn builder() -> DiscogsClientBuilder {
        DiscogsClientBuilder {
            engine: EngineBuilder::new(PRODUCTION_BASE_URL),
            credentials: None,
        }
    }

    /// The HTTP engine (for the rate-limit status and the clock).
    pub fn engine(&self) -> &HttpEngine {
        &self.engine
    }

    /// What Discogs last reported in its `X-Discogs-Ratelimit`, `X-Discogs-Ratelimit-Used` and
    /// `X-Discogs-Ratelimit-Remaining` headers (all `None` before the first answer).
    pub fn rate_limit_status(&self) -> RateLimitStatus {
        self.engine.rate_limit_status()
    }
}

/// Builds a [`DiscogsClient`]. A user agent is required: Discogs asks every application to
/// identify itself with a unique one.
#[derive(Debug, Clone)]
pub struct DiscogsClientBuilder {
    engine: EngineBuilder,
    credentials: Option<Credentials>,
}

impl ConfigureEngine for DiscogsClientBuilder {
    fn engine_builder(&mut self) -> &mut EngineBuilder {
        &mut self.engine
    }
}

impl DiscogsClientBuilder {
    /// Authenticates with a personal access token.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Some(Credentials::Token(token.into()));
        self
    }

    /// Authenticates with an application's consumer key and secret.
    pub fn consumer_key(mut self, key: impl Into<Secret>, secret: impl Into<Secret>) -> Self {
        self.credentials = Some(Credentials::Consumer {
            key: key.into(),
            secret: secret.into(),
        });
        self
    }

    /// Authenticates with OAuth 1.0a credentials (an application acting for a user; feature
    /// `oauth`).
    #[cfg(feature = "oauth")]
    pub fn oauth(mut self, credentials: OAuthCredentials) -> Self {
        self.credentials = Some(Credentials::OAuth(credentials));
        self
    }

    /// A builder with `engine`'s settings and no credentials (the OAuth flow's client).
    #[cfg(feature = "oauth")]
    pub(crate) fn from_settings(engine: EngineBuilder) -> Self {
        Self {
            engine,
            credentials: None,
        }
    }

    /// The engine settings, without the credentials (the OAuth flow signs with its own).
    #[cfg(feature = "oauth")]
    pub(crate) fn into_settings(self) -> EngineBuilder {
        self.engine
    }

    /// Authenticates with any [`Credentials`].
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::Config`] naming the setting: a missing or empty `user_agent` (Discogs
    /// asks every application for a unique one), a `base_url` that is not https, a `token`,
    /// `consumer_key` or `consumer_secret` that is empty, blank or holds whitespace, a line
    /// break or anything but printable ASCII.
    pub fn build(self) -> Result<DiscogsClient, DiscogsError> {
        if let Some(credentials) = &self.credentials {
            credentials.check().map_err(DiscogsError::Config)?;
        }
        let mut engine = self.engine;
        engine.require_user_agent("Discogs requires a unique User-Agent naming your application");
        // Discogs' documented limits apply unless the caller chose a policy or a pacer of
        // their own (an explicit `RateLimitPolicy::unlimited()` included).
        let per_minute = if self.credentials.is_some() {
            AUTHENTICATED_REQUESTS_PER_MINUTE
        } else {
            UNAUTHENTICATED_REQUESTS_PER_MINUTE
        };
        engine
            .set_default_rate_limit(RateLimitPolicy::per_window(
                per_minute,
                Duration::from_secs(60),
            ))
            .set_default_rate_limit_headers(rate_limit_headers());
        if let Some(credentials) = self.credentials {
            engine.set_authenticator(Some(Arc::new(credentials)));
        }
        Ok(DiscogsClient {
            engine: engine.build()?,
        })
    }
}
