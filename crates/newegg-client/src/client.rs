//! The client, its builder and the body formats.

use std::sync::Arc;
use std::time::Duration;

use client_core::rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus};
use client_core::{
    ApiError, ConfigureEngine, EngineBuilder, HeaderAuth, HttpEngine, Pacer, Request, Response,
    Secret, header,
};
use serde::de::DeserializeOwned;

use crate::error::NeweggError;
use crate::error_body::{is_gateway_auth_failure, json_error_entries, parse_error_body};
use crate::feed::{FeedEngines, FeedSettings, RecordAllowanceStatus, SubmitPacing};
use crate::region::Region;
use crate::wire::RequestBody;
use crate::xml;

/// Newegg's production API host.
pub const PRODUCTION_BASE_URL: &str = "https://api.newegg.com";

/// Requests Newegg allows per hour for the item inventory functions.
pub const INVENTORY_REQUESTS_PER_HOUR: u32 = 10_000;

/// The body format of requests and answers. Both carry the same information; the typed
/// requests and results of this crate are the same either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Format {
    /// `application/xml` (the default).
    #[default]
    Xml,
    /// `application/json`.
    Json,
}

impl Format {
    /// The media type sent as `Content-Type` and `Accept` (without a charset, which Newegg
    /// does not expect).
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Xml => "application/xml",
            Self::Json => "application/json",
        }
    }
}

/// The rate limit a client keeps unless the caller sets one: 10,000 requests in any hour.
/// Whatever the policy, the pacer learns from what Newegg reports in `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining` and `X-RateLimit-ResetTime` about its one-minute window (see
/// [`RATE_LIMIT_WINDOW`]).
///
/// Pass it, changed, to [`ConfigureEngine::rate_limit`] to add a window of your own.
pub fn default_rate_limit() -> RateLimitPolicy {
    RateLimitPolicy::per_window(INVENTORY_REQUESTS_PER_HOUR, Duration::from_secs(60 * 60))
}

/// The window Newegg's `X-RateLimit-*` headers speak of: Newegg throttles per seller and per
/// function in one-minute windows (field notes §2.3). The client learns that window beside
/// the hourly limit of the vendor's inventory page.
///
/// When nothing remains, the next request waits until `X-RateLimit-ResetTime` (read as
/// seconds, a Unix time, an HTTP date, ISO 8601, or a Pacific `M/D/YYYY H:MM:SS [AM|PM]`
/// time, as `client_core` reads every reset; Newegg documents no format), at most one window;
/// a reset that cannot be read costs a wait of one whole window, one minute.
pub const RATE_LIMIT_WINDOW: Duration = Duration::from_secs(60);

/// The headers through which Newegg reports its budget. The reset header is
/// `X-RateLimit-ResetTime`, not `X-RateLimit-Reset` (field notes §2.3).
fn rate_limit_headers() -> RateLimitHeaders {
    RateLimitHeaders {
        limit: Some("x-ratelimit-limit"),
        remaining: "x-ratelimit-remaining",
        used: None,
        reset: Some("x-ratelimit-resettime"),
        period: RATE_LIMIT_WINDOW,
    }
}

/// A Newegg Marketplace client for one seller account.
///
/// Cheap to clone; clones share the connection pools and the rate limiters, so every clone
/// counts against the same limits: the item inventory functions' 10,000 an hour, and, apart
/// from them, the data feeds' 10 submissions a minute, 100,000 records an hour and 10,000
/// status and result reads an hour (Newegg limits each function on its own).
#[derive(Clone, Debug)]
pub struct NeweggClient {
    pub(crate) engine: HttpEngine,
    pub(crate) feeds: FeedEngines,
    pub(crate) seller_id: String,
    pub(crate) region: Region,
    pub(crate) format: Format,
}

impl NeweggClient {
    /// Starts configuring a client for Newegg's production API.
    pub fn builder() -> NeweggClientBuilder {
        let mut engine = EngineBuilder::new(PRODUCTION_BASE_URL);
        engine
            .set_default_rate_limit(default_rate_limit())
            .set_default_rate_limit_headers(rate_limit_headers())
            .set_error_parser(parse_error_body);
        NeweggClientBuilder {
            engine,
            feeds: FeedSettings::default(),
            seller_id: None,
            api_key: None,
            secret_key: None,
            region: Region::default(),
            format: Format::default(),
        }
    }

    /// The seller ID the client acts for.
    pub fn seller_id(&self) -> &str {
        &self.seller_id
    }

    /// The platform the client is set up for.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The body format the client sends and asks for.
    pub fn format(&self) -> Format {
        self.format
    }

    /// What Newegg last reported about the rate limit of the item inventory functions.
    pub fn rate_limit_status(&self) -> RateLimitStatus {
        self.engine.rate_limit_status()
    }

    /// What Newegg last reported about the rate limit of feed submissions (its
    /// `X-RateLimit-*` headers on submit answers).
    pub fn feed_rate_limit_status(&self) -> RateLimitStatus {
        self.feeds.submit.rate_limit_status()
    }

    /// The hourly allowance of feed records: what the client has submitted this hour and what
    /// Newegg last reported (`X-RecordCount-*`).
    pub fn record_allowance(&self) -> RecordAllowanceStatus {
        self.feeds.records.status()
    }

    /// Adds the body, in the client's format, to `request`.
    pub(crate) fn with_body<T: RequestBody>(
        &self,
        request: Request,
        body: &T,
    ) -> Result<Request, NeweggError> {
        let bytes = match self.format {
            Format::Xml => body.to_xml().into_bytes(),
            Format::Json => serde_json::to_vec(body).map_err(|error| {
                NeweggError::invalid("body", format!("cannot be written as JSON: {error}"))
            })?,
        };
        Ok(request.body(self.format.media_type(), bytes))
    }

    /// Sends `request` and decodes the answer, which may come in either format whatever was
    /// asked for: the body itself says which it is. `convert` turns Newegg's document into
    /// the typed result; what it refuses becomes a decode error keeping the body.
    pub(crate) async fn send<W: DeserializeOwned, T>(
        &self,
        request: Request,
        xml_roots: &[&str],
        convert: impl FnOnce(W) -> Result<T, String>,
    ) -> Result<T, NeweggError> {
        let response = self.engine.execute(request).await?;
        decode_with(&response, xml_roots, convert)
    }
}

/// The decoding half of [`NeweggClient::send`], apart from the sending so that canned bytes
/// (the fuzzing module's) go through exactly what an answer goes through.
pub(crate) fn decode_with<W: DeserializeOwned, T>(
    response: &Response,
    xml_roots: &[&str],
    convert: impl FnOnce(W) -> Result<T, String>,
) -> Result<T, NeweggError> {
    let document = decode_answer(response, xml_roots)?;
    convert(document).map_err(|reason| response.decode_error(reason).into())
}

/// Decodes a 2xx answer, turning an error document that arrived with a 2xx status into
/// [`NeweggError::Api`] (of kind [`Rejected`](crate::NeweggErrorKind::Rejected)).
fn decode_answer<T: DeserializeOwned>(
    response: &Response,
    xml_roots: &[&str],
) -> Result<T, NeweggError> {
    let AnswerText { text, xml_scan } = answer_text(response, xml::MAX_BODY_BYTES)?;
    if let Some(scanned) = xml_scan {
        xml::decode_scanned(text, scanned, xml_roots)
            .map_err(|reason| response.decode_error(reason).into())
    } else {
        serde_json::from_str(text).map_err(|error| {
            response
                .decode_error(format!("JSON does not match the documented shape: {error}"))
                .into()
        })
    }
}

/// A 2xx answer's trimmed text and, for XML, what the scan of it found (its root element, or
/// why it is refused), so the document is scanned once.
pub(crate) struct AnswerText<'a> {
    pub(crate) text: &'a str,
    /// `Some` for an XML document.
    pub(crate) xml_scan: Option<Result<String, String>>,
}

/// The trimmed text of a 2xx answer of at most `max_bytes`, known to be an XML or a JSON
/// document that is not an error document: the gateway's plain-text refusal and an error
/// document that arrived with a 2xx status become [`NeweggError::Api`] (of kind
/// [`Rejected`](crate::NeweggErrorKind::Rejected) unless the code says otherwise).
pub(crate) fn answer_text(
    response: &Response,
    max_bytes: usize,
) -> Result<AnswerText<'_>, NeweggError> {
    // The gateway refuses credentials in plain text (field notes §2.2); whatever its status,
    // that is Newegg's refusal, not an answer of the wrong type.
    // The body is checked for UTF-8 (and a BOM dropped) once, for every reading below.
    let text = response.text();
    if text.as_deref().is_ok_and(is_gateway_auth_failure) {
        return Err(error_in_success(response));
    }
    // A proxy's or captive portal's HTML page is named for what it is, before any XML rule
    // (an HTML page would otherwise read as a refused DTD).
    response.expect_content_type(&["xml", "json"])?;
    if response.bytes().len() > max_bytes {
        return Err(response
            .decode_error(format!(
                "the body has {} bytes, more than the {max_bytes} accepted",
                response.bytes().len(),
            ))
            .into());
    }
    let text = text?.trim();
    match text.chars().next() {
        Some('<') => {
            let scanned = xml::scan_within(text, max_bytes);
            if scanned.as_deref().is_ok_and(|root| root == "Errors") {
                return Err(error_in_success(response));
            }
            Ok(AnswerText {
                text,
                xml_scan: Some(scanned),
            })
        }
        Some('{') | Some('[') => {
            if json_error_entries(text).is_some() {
                return Err(error_in_success(response));
            }
            Ok(AnswerText {
                text,
                xml_scan: None,
            })
        }
        _ => Err(response
            .decode_error("expected an XML or JSON document")
            .into()),
    }
}

fn error_in_success(response: &Response) -> NeweggError {
    NeweggError::from_api(Box::new(ApiError::from_answer(
        response.request().clone(),
        response.status(),
        response.bytes(),
        parse_error_body,
        None,
    )))
}

/// Configures a [`NeweggClient`]; the shared settings (base URL, timeouts, retries, rate
/// limit, clock) come from [`ConfigureEngine`].
#[derive(Debug, Clone)]
pub struct NeweggClientBuilder {
    engine: EngineBuilder,
    feeds: FeedSettings,
    seller_id: Option<String>,
    api_key: Option<Secret>,
    secret_key: Option<Secret>,
    region: Region,
    format: Format,
}

impl ConfigureEngine for NeweggClientBuilder {
    fn engine_builder(&mut self) -> &mut EngineBuilder {
        &mut self.engine
    }
}

impl NeweggClientBuilder {
    /// Sets the seller ID (required), sent as the `sellerid` query parameter.
    pub fn seller_id(mut self, seller_id: impl Into<String>) -> Self {
        self.seller_id = Some(seller_id.into());
        self
    }

    /// Sets the API key (sent as `Authorization`) and the secret key (sent as `SecretKey`);
    /// both required. Neither is ever printed.
    pub fn credentials(
        mut self,
        api_key: impl Into<Secret>,
        secret_key: impl Into<Secret>,
    ) -> Self {
        self.api_key = Some(api_key.into());
        self.secret_key = Some(secret_key.into());
        self
    }

    /// Chooses the platform (default [`Region::Usa`]).
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// Chooses the body format (default [`Format::Xml`]).
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Paces feed submissions with `policy` instead of Newegg's 10 a minute
    /// ([`default_feed_rate_limit`](crate::default_feed_rate_limit)). Feed submissions have a
    /// budget of their own, apart from the one [`ConfigureEngine::rate_limit`] sets for the
    /// item inventory functions.
    pub fn feed_rate_limit(mut self, policy: RateLimitPolicy) -> Self {
        self.feeds.submit_pacing = Some(SubmitPacing::Policy(policy));
        self
    }

    /// Paces feed submissions with the caller's own [`Pacer`] (one shared between processes,
    /// say), apart from the item inventory functions' pacer.
    pub fn feed_pacer(mut self, pacer: Arc<dyn Pacer>) -> Self {
        self.feeds.submit_pacing = Some(SubmitPacing::Pacer(pacer));
        self
    }

    /// Sets how many feed records an hour the client submits at most (default 100,000,
    /// [`FEED_RECORDS_PER_HOUR`](crate::FEED_RECORDS_PER_HOUR)); Newegg's own
    /// `X-RecordCount-*` reports still lower it when they say less remains.
    pub fn feed_record_allowance(mut self, records_per_hour: u32) -> Self {
        self.feeds.record_allowance = records_per_hour;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`NeweggError::Config`] when the seller ID or a credential is missing or malformed,
    /// or the shared settings are invalid.
    pub fn build(mut self) -> Result<NeweggClient, NeweggError> {
        let seller_id = self
            .seller_id
            .take()
            .ok_or_else(|| NeweggError::config("seller_id", "is required"))?;
        check_seller_id(&seller_id)?;
        let credential = |value: Option<Secret>, field: &'static str| match value {
            Some(secret) if secret.is_empty() => {
                Err(NeweggError::config(field, "must not be empty"))
            }
            Some(secret) if secret.header_value().is_err() => Err(NeweggError::config(
                field,
                "must be printable ASCII without line breaks",
            )),
            Some(secret) => Ok(secret),
            None => Err(NeweggError::config(
                field,
                "is required (set it with `credentials`)",
            )),
        };
        let api_key = credential(self.api_key.take(), "api_key")?;
        let secret_key = credential(self.secret_key.take(), "secret_key")?;
        // Newegg takes the bare key in `Authorization`, without a scheme.
        let auth =
            HeaderAuth::new()
                .with("authorization", "", api_key)
                .with("secretkey", "", secret_key);
        self.engine.set_authenticator(Some(Arc::new(auth)));
        self.engine.set_default_header(
            header::ACCEPT,
            header::HeaderValue::from_static(self.format.media_type()),
        );
        if self.feeds.record_allowance == 0 {
            return Err(NeweggError::config(
                "feed_record_allowance",
                "must allow at least one record an hour",
            ));
        }
        Ok(NeweggClient {
            feeds: FeedEngines::build(&self.engine, &self.feeds)?,
            engine: self.engine.build()?,
            seller_id,
            region: self.region,
            format: self.format,
        })
    }
}

/// Newegg wants the whole URL lower case except the seller ID, with no blanks; seller IDs
/// are short codes of letters and digits (`A006`).
fn check_seller_id(seller_id: &str) -> Result<(), NeweggError> {
    if seller_id.is_empty() || !seller_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(NeweggError::config(
            "seller_id",
            format!("`{seller_id}` must be non-empty ASCII letters and digits only"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder() -> NeweggClientBuilder {
        NeweggClient::builder()
            .seller_id("A006")
            .credentials("key-value", "secret-value")
    }

    #[test]
    fn builds_with_defaults() {
        let client = builder().build().unwrap();
        assert_eq!(client.seller_id(), "A006");
        assert_eq!(client.region(), Region::Usa);
        assert_eq!(client.format(), Format::Xml);
        assert_eq!(client.engine.base_url().as_str(), "https://api.newegg.com/");
    }

    #[test]
    fn credentials_never_print() {
        let shown = format!("{:?} {:?}", builder(), builder().build().unwrap());
        assert!(!shown.contains("key-value"), "{shown}");
        assert!(!shown.contains("secret-value"), "{shown}");
    }

    #[test]
    fn missing_or_bad_settings_are_refused() {
        let cases = [
            (NeweggClient::builder().credentials("k", "s"), "seller_id"),
            (builder().seller_id("A 006"), "seller_id"),
            (builder().seller_id(""), "seller_id"),
            (NeweggClient::builder().seller_id("A006"), "api_key"),
            (builder().credentials("", "s"), "api_key"),
            (builder().credentials("k", " "), "secret_key"),
            (builder().credentials("k\n", "s"), "api_key"),
        ];
        for (builder, field) in cases {
            match builder.build() {
                Err(NeweggError::Config(refusal)) => assert_eq!(refusal.field, field),
                other => panic!("expected a config error for {field}, got {other:?}"),
            }
        }
    }

    #[test]
    fn default_rate_limit_is_ten_thousand_an_hour() {
        let policy = default_rate_limit();
        assert_eq!(policy.windows().len(), 1);
        assert_eq!(policy.windows()[0].limit, 10_000);
        assert_eq!(policy.windows()[0].period, Duration::from_secs(3600));
    }
}
