//! The client, its builder and the plumbing every endpoint module shares.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use client_core::{
    ConfigureEngine, EngineBuilder, HeaderAuth, HttpEngine, InvalidInput, Page, RateLimitStatus,
    Request, Response, Route, Secret, Url,
};
use serde::de::DeserializeOwned;

use crate::error::{InsticaError, parse_error_body};
use crate::paging::read_page;

/// The production base URL; every route is written under it with its trailing slash.
pub const DEFAULT_BASE_URL: &str = "https://app.instica.com/api/v1";

/// Items per bulk request when the server has not said otherwise.
pub const DEFAULT_BULK_BATCH_SIZE: usize = 100;

/// Bulk requests in flight at once when a large bulk call is split.
pub const DEFAULT_BULK_CONCURRENCY: usize = 4;

/// How the client proves who it is.
#[derive(Debug, Clone)]
enum Credentials {
    Bearer(Secret),
    ApiKey(Secret),
}

/// A client of the Instica Inventory API.
///
/// Cheap to clone: clones share the connection pool, the rate limiter and what the client has
/// learnt about the server (such as its bulk batch size). Make one with
/// [`InsticaClient::builder`]; reach the endpoints through the handles:
///
/// | handle | endpoints |
/// |---|---|
/// | [`items`](InsticaClient::items) | list (one page or a stream), create |
/// | [`item`](InsticaClient::item) | detail, update, delete, assets, listings, platforms, audit logs |
/// | [`bulk`](InsticaClient::bulk) | price, status, fields, delete, restore, list, delist, settings |
/// | [`analytics`](InsticaClient::analytics) | summary, trends |
/// | [`csv`](InsticaClient::csv) | streamed CSV export, CSV import |
/// | [`reference`](InsticaClient::reference) | item types, condition/status/carrier/asset-type choices |
/// | [`exports`](InsticaClient::exports) | export jobs: list, create, get, wait |
/// | [`channel`](InsticaClient::channel) | the model's stock channel, over bulk price `set` |
#[derive(Debug, Clone)]
pub struct InsticaClient {
    pub(crate) engine: HttpEngine,
    pub(crate) shared: Arc<Shared>,
}

/// What clones of a client share besides the engine.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The server's `max_items_per_batch`, once known (0 until then).
    pub(crate) server_batch_size: AtomicUsize,
    pub(crate) bulk_concurrency: usize,
}

/// Settings for an [`InsticaClient`].
///
/// Besides its own setters it has every setter of [`ConfigureEngine`] (base URL, user agent,
/// timeouts, retry policy, rate limit, HTTP client, clock, jitter).
#[derive(Debug)]
pub struct InsticaClientBuilder {
    engine: EngineBuilder,
    credentials: Option<Credentials>,
    bulk_concurrency: usize,
}

impl ConfigureEngine for InsticaClientBuilder {
    fn engine_builder(&mut self) -> &mut EngineBuilder {
        &mut self.engine
    }
}

impl InsticaClientBuilder {
    /// Authenticates with `X-API-Key: <key>`: the method Instica recommends for scripts,
    /// extensions and server-to-server integrations, so the one to use for a program built on
    /// this crate. A key lasts until it is rotated or deleted; create one under Account
    /// Settings → API Keys (it is shown once, at creation). Replaces a token set before.
    ///
    /// [`build`](Self::build) refuses a key that is empty, blank or holds whitespace or a
    /// line break (a copy-paste with its newline, say), naming `api_key`.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.credentials = Some(Credentials::ApiKey(key.into()));
        self
    }

    /// Authenticates with `Authorization: Bearer <token>`: the session token of Instica's
    /// mobile and web apps (obtained through Sign in with Apple), valid until the user logs
    /// out or changes the password. Prefer [`api_key`](Self::api_key) for programs; the
    /// inventory page's samples show only this header. Replaces an API key set before.
    ///
    /// Pass the token alone, without `Bearer `: [`build`](Self::build) refuses a token that
    /// is empty, blank or holds whitespace or a line break, naming `token`.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Some(Credentials::Bearer(token.into()));
        self
    }

    /// How many bulk requests may be in flight at once when a large bulk call is split
    /// (default [`DEFAULT_BULK_CONCURRENCY`], at least 1).
    pub fn bulk_concurrency(mut self, requests: usize) -> Self {
        self.bulk_concurrency = requests.max(1);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`InsticaError::Config`] when no credentials were set, a credential is empty, blank
    /// or holds whitespace, a line break or a character a header cannot carry (naming
    /// `api_key` or `token`), or an engine setting is invalid.
    pub fn build(mut self) -> Result<InsticaClient, InsticaError> {
        let auth = match self.credentials.take() {
            None => {
                return Err(config("credentials", "set a token or an API key"));
            }
            Some(Credentials::ApiKey(key)) => {
                check_credential("api_key", &key)?;
                HeaderAuth::new().with("x-api-key", "", key)
            }
            Some(Credentials::Bearer(token)) => {
                check_credential("token", &token)?;
                HeaderAuth::new().with("authorization", "Bearer ", token)
            }
        };
        self.engine
            .set_authenticator(Some(Arc::new(auth)))
            .set_error_parser(parse_error_body);
        Ok(InsticaClient {
            engine: self.engine.build()?,
            shared: Arc::new(Shared {
                server_batch_size: AtomicUsize::new(0),
                bulk_concurrency: self.bulk_concurrency,
            }),
        })
    }
}

/// Refuses a credential that could never authenticate, before anything is sent: empty, blank,
/// holding whitespace or a line break (no key or token does; a pasted newline or a `Bearer `
/// prefix does), or a character an HTTP header cannot carry. The rule never repeats the value.
fn check_credential(field: &str, secret: &Secret) -> Result<(), InsticaError> {
    let text = secret.expose();
    if text.is_empty() {
        return Err(config(field, "must not be empty"));
    }
    if text.trim().is_empty() {
        return Err(config(field, "must not be blank"));
    }
    if field == "token"
        && text
            .get(..7)
            .is_some_and(|head| head.eq_ignore_ascii_case("bearer "))
    {
        return Err(config(
            field,
            "must be the token alone: `Bearer ` is added by the client",
        ));
    }
    for (position, character) in text.chars().enumerate() {
        if character.is_whitespace() {
            let what = if matches!(character, '\n' | '\r') {
                "a line break"
            } else {
                "whitespace"
            };
            return Err(config(
                field,
                format!(
                    "must not contain whitespace or line breaks (found {what} at character {position})"
                ),
            ));
        }
        if !character.is_ascii_graphic() {
            return Err(config(
                field,
                format!(
                    "must be printable ASCII, as an HTTP header carries it (character {position} is not)"
                ),
            ));
        }
    }
    Ok(())
}

fn config(field: &str, rule: impl Into<String>) -> InsticaError {
    InsticaError::Config(InvalidInput::new(field, rule))
}

impl InsticaClient {
    /// Starts configuring a client for the production API ([`DEFAULT_BASE_URL`]).
    ///
    /// The API documents no rate limit, so requests are not paced by default (a 429 from the
    /// server still pauses every clone); set one with [`ConfigureEngine::rate_limit`].
    pub fn builder() -> InsticaClientBuilder {
        InsticaClientBuilder {
            engine: EngineBuilder::new(DEFAULT_BASE_URL),
            credentials: None,
            bulk_concurrency: DEFAULT_BULK_CONCURRENCY,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        self.engine.base_url()
    }

    /// What the server last reported about its rate limit, shared by every clone.
    ///
    /// Instica documents no rate-limit headers, so the figures stay `None` unless the client
    /// is told which headers to read ([`ConfigureEngine::rate_limit_headers`]); the pacing set
    /// with [`ConfigureEngine::rate_limit`] and the pauses after a 429 apply either way.
    pub fn rate_limit_status(&self) -> RateLimitStatus {
        self.engine.rate_limit_status()
    }

    /// Items per bulk request: the server's `max_items_per_batch` once
    /// [`Bulk::settings`](crate::bulk::Bulk::settings) has been read, else 100.
    pub fn bulk_batch_size(&self) -> usize {
        match self.shared.server_batch_size.load(Ordering::Relaxed) {
            0 => DEFAULT_BULK_BATCH_SIZE,
            known => known,
        }
    }

    pub(crate) fn learn_batch_size(&self, size: u32) {
        let size = usize::try_from(size).unwrap_or(DEFAULT_BULK_BATCH_SIZE);
        self.shared.server_batch_size.store(size, Ordering::Relaxed);
    }

    pub(crate) async fn send(&self, request: Request) -> Result<Response, InsticaError> {
        Ok(self.engine.execute(request).await?)
    }

    pub(crate) async fn json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, InsticaError> {
        Ok(self.send(request).await?.json()?)
    }

    /// Fetches a list the API does not paginate; it may come bare (`[…]`) or in the page
    /// envelope (`{"results": […]}`), read by the one page reader every list shares, so an
    /// element that does not decode fails alone, in [`Page::failed`].
    pub(crate) async fn list<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Page<T>, InsticaError> {
        let response = self.send(request).await?;
        read_page(&response, self.base_url())
    }

    /// Decodes one object, or a list of them, into a list.
    pub(crate) async fn one_or_many<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Vec<T>, InsticaError> {
        let response = self.send(request).await?;
        decode_one_or_many(&response)
    }
}

/// The decoding half of [`InsticaClient::one_or_many`]: one object or a list of them from a
/// 2xx answer, nothing from an empty body.
pub(crate) fn decode_one_or_many<T: DeserializeOwned>(
    response: &Response,
) -> Result<Vec<T>, InsticaError> {
    if response.bytes().iter().all(u8::is_ascii_whitespace) {
        // Some actions answer 204 with no body: nothing to report per listing.
        return Ok(Vec::new());
    }
    let value: serde_json::Value = response.json()?;
    let decoded = match value {
        serde_json::Value::Array(_) => serde_json::from_value(value),
        other => serde_json::from_value(other).map(|one| vec![one]),
    };
    decoded.map_err(|error| {
        response
            .decode_error(format!(
                "answer does not match the documented shape: {error}"
            ))
            .into()
    })
}

/// Builds a route, filling each placeholder with a percent-encoded value.
pub(crate) fn route(
    template: &'static str,
    values: &[(&str, &str)],
) -> Result<Route, InsticaError> {
    let mut route = Route::new(template);
    for (name, value) in values {
        route = route.with(name, value)?;
    }
    Ok(route.finish()?)
}
