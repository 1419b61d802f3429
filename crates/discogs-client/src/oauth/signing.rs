//! OAuth 1.0a signatures (RFC 5849): the credentials and how a request is signed with them.
//!
//! Pure computation: nothing here sends a request, so the credentials can be used (and tested)
//! without a client.

use std::fmt;
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use base64::Engine as _;
use client_core::clock::{Clock, SystemClock};
use client_core::{Method, Secret, Url};
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;

use crate::error::DiscogsError;

/// RFC 3986 unreserved characters stay; everything else is percent-encoded (RFC 5849 3.6).
const OAUTH_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, OAUTH_ENCODE).to_string()
}

/// How requests are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SignatureMethod {
    /// `PLAINTEXT`: the secrets themselves, protected only by TLS (Discogs' documented
    /// choice).
    #[default]
    PlainText,
    /// `HMAC-SHA1`: a keyed hash of the request; the secrets never travel.
    HmacSha1,
}

impl SignatureMethod {
    /// The `oauth_signature_method` value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PlainText => "PLAINTEXT",
            Self::HmacSha1 => "HMAC-SHA1",
        }
    }
}

/// Where nonces come from: random by default, fixed in tests.
pub trait NonceSource: Send + Sync + fmt::Debug {
    /// A fresh nonce (unique per request; RFC 3986 unreserved characters are safest).
    fn nonce(&self) -> String;
}

/// 32 random letters and digits per request.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomNonce;

impl NonceSource for RandomNonce {
    fn nonce(&self) -> String {
        const ALPHABET: &[u8; 62] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        // 32 characters of 62 carry about 190 bits; each draw spends 6 bits of a fresh value.
        let mut nonce = String::with_capacity(32);
        while nonce.len() < 32 {
            let mut bits = client_core::clock::random_u64();
            for _ in 0..10 {
                let index = usize::try_from(bits & 0x3f).unwrap_or(0);
                bits >>= 6;
                // 62 of the 64 six-bit values are letters or digits; the other two are skipped
                // so that every character is equally likely.
                if let Some(&byte) = ALPHABET.get(index)
                    && nonce.len() < 32
                {
                    nonce.push(char::from(byte));
                }
            }
        }
        nonce
    }
}

/// The same nonce every time: only for tests and published examples.
#[derive(Debug, Clone)]
pub struct FixedNonce(String);

impl FixedNonce {
    /// Always answers `nonce`.
    #[must_use]
    pub fn new(nonce: impl Into<String>) -> Self {
        Self(nonce.into())
    }
}

impl NonceSource for FixedNonce {
    fn nonce(&self) -> String {
        self.0.clone()
    }
}

/// OAuth 1.0a credentials: the application's consumer key and secret, and (after the flow) the
/// user's access token and token secret. `Debug` shows no secret.
#[derive(Debug, Clone)]
pub struct OAuthCredentials {
    consumer_key: Secret,
    consumer_secret: Secret,
    token: Option<Secret>,
    token_secret: Option<Secret>,
    callback: Option<String>,
    verifier: Option<Secret>,
    method: SignatureMethod,
    realm: Option<String>,
    nonce: Arc<dyn NonceSource>,
    clock: Arc<dyn Clock>,
}

impl OAuthCredentials {
    /// Credentials for signed requests on behalf of a user: consumer key and secret plus the
    /// user's access token and token secret. Signs with `PLAINTEXT` unless
    /// [`signature_method`](OAuthCredentials::signature_method) says otherwise.
    #[must_use]
    pub fn new(
        consumer_key: impl Into<Secret>,
        consumer_secret: impl Into<Secret>,
        token: impl Into<Secret>,
        token_secret: impl Into<Secret>,
    ) -> Self {
        let mut credentials = Self::consumer(consumer_key, consumer_secret);
        credentials.token = Some(token.into());
        credentials.token_secret = Some(token_secret.into());
        credentials
    }

    /// Only the application's consumer key and secret (the start of the flow).
    #[must_use]
    pub fn consumer(consumer_key: impl Into<Secret>, consumer_secret: impl Into<Secret>) -> Self {
        Self {
            consumer_key: consumer_key.into(),
            consumer_secret: consumer_secret.into(),
            token: None,
            token_secret: None,
            callback: None,
            verifier: None,
            method: SignatureMethod::default(),
            realm: None,
            nonce: Arc::new(RandomNonce),
            clock: Arc::new(SystemClock),
        }
    }

    /// Sets the signature method.
    #[must_use]
    pub fn signature_method(mut self, method: SignatureMethod) -> Self {
        self.method = method;
        self
    }

    /// Sets the `realm` sent in the header (not signed).
    #[must_use]
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(realm.into());
        self
    }

    /// Replaces the source of nonces.
    #[must_use]
    pub fn nonce_source(mut self, source: Arc<dyn NonceSource>) -> Self {
        self.nonce = source;
        self
    }

    /// Replaces the clock the timestamps come from.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The same credentials naming the `callback` Discogs sends the user back to (the
    /// request-token step).
    pub(crate) fn with_callback(mut self, callback: &str) -> Self {
        self.callback = Some(callback.to_owned());
        self
    }

    /// The same consumer with a user's token and token secret.
    pub(crate) fn with_token(mut self, token: &Secret, token_secret: &Secret) -> Self {
        self.token = Some(token.clone());
        self.token_secret = Some(token_secret.clone());
        self
    }

    /// The same credentials carrying the verifier the user brought back (the access-token
    /// step).
    pub(crate) fn with_verifier(mut self, verifier: &str) -> Self {
        self.verifier = Some(Secret::new(verifier));
        self
    }

    /// The `oauth_*` protocol parameters of one signature, without the signature.
    fn protocol_parameters(&self) -> Vec<(String, String)> {
        let timestamp = self
            .clock
            .wall_time()
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_secs())
            .unwrap_or_default();
        let mut parameters = vec![
            (
                "oauth_consumer_key".to_owned(),
                self.consumer_key.expose().to_owned(),
            ),
            ("oauth_nonce".to_owned(), self.nonce.nonce()),
            (
                "oauth_signature_method".to_owned(),
                self.method.as_str().to_owned(),
            ),
            ("oauth_timestamp".to_owned(), timestamp.to_string()),
        ];
        if let Some(token) = &self.token {
            parameters.push(("oauth_token".to_owned(), token.expose().to_owned()));
        }
        if let Some(callback) = &self.callback {
            parameters.push(("oauth_callback".to_owned(), callback.clone()));
        }
        if let Some(verifier) = &self.verifier {
            parameters.push(("oauth_verifier".to_owned(), verifier.expose().to_owned()));
        }
        parameters
    }

    fn signing_key(&self) -> String {
        format!(
            "{}&{}",
            encode(self.consumer_secret.expose()),
            encode(self.token_secret.as_ref().map_or("", Secret::expose))
        )
    }

    /// The `Authorization` header value for a request, freshly timestamped and signed. It
    /// holds secrets (always with `PLAINTEXT`), hence the [`Secret`].
    ///
    /// # Errors
    ///
    /// Only if the HMAC key is refused, which HMAC never does.
    pub fn authorization(&self, method: &Method, url: &Url) -> Result<Secret, DiscogsError> {
        let mut parameters = self.protocol_parameters();
        let key = self.signing_key();
        let signature = match self.method {
            SignatureMethod::PlainText => key,
            SignatureMethod::HmacSha1 => {
                let base = signature_base_string(method, url, &parameters, &[]);
                let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes())
                    .map_err(|error| DiscogsError::invalid("oauth_signature", error.to_string()))?;
                mac.update(base.as_bytes());
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
            }
        };
        parameters.push(("oauth_signature".to_owned(), signature));
        let mut header = String::from("OAuth ");
        let mut fields: Vec<String> = Vec::with_capacity(parameters.len() + 1);
        if let Some(realm) = &self.realm {
            fields.push(format!("realm=\"{}\"", realm.replace('"', "")));
        }
        fields.extend(
            parameters
                .iter()
                .map(|(name, value)| format!("{}=\"{}\"", encode(name), encode(value))),
        );
        header.push_str(&fields.join(", "));
        Ok(Secret::new(header))
    }
}

/// The signature base string of RFC 5849 section 3.4.1: the method, the base URI and the
/// normalised parameters (the URL's query, `protocol` and any `form_body` parameters; the
/// `oauth_signature` itself is left out).
///
/// ```
/// use discogs_client::oauth::signature_base_string;
///
/// let url = "HTTP://Example.com:80/resource?b=2&a=1".parse()?;
/// let base = signature_base_string(&client_core::Method::GET, &url, &[], &[]);
/// assert_eq!(base, "GET&http%3A%2F%2Fexample.com%2Fresource&a%3D1%26b%3D2");
/// # Ok::<(), url::ParseError>(())
/// ```
#[must_use]
pub fn signature_base_string(
    method: &Method,
    url: &Url,
    protocol: &[(String, String)],
    form_body: &[(String, String)],
) -> String {
    let port = url
        .port()
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    let base_uri = format!(
        "{}://{}{}{}",
        url.scheme().to_ascii_lowercase(),
        url.host_str().unwrap_or_default().to_ascii_lowercase(),
        port,
        url.path()
    );
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| (encode(&name), encode(&value)))
        .chain(
            protocol
                .iter()
                .chain(form_body)
                .filter(|(name, _)| name != "oauth_signature")
                .map(|(name, value)| (encode(name), encode(value))),
        )
        .collect();
    pairs.sort();
    let normalized = pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        method.as_str().to_ascii_uppercase(),
        encode(&base_uri),
        encode(&normalized)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use client_core::clock::ManualClock;
    use std::time::Duration;

    #[test]
    fn random_nonces_are_32_letters_or_digits_and_never_repeat() {
        let nonces: std::collections::HashSet<String> =
            (0..1_000).map(|_| RandomNonce.nonce()).collect();
        assert_eq!(nonces.len(), 1_000);
        for nonce in &nonces {
            assert_eq!(nonce.len(), 32, "{nonce}");
            assert!(nonce.bytes().all(|b| b.is_ascii_alphanumeric()), "{nonce}");
        }
        // Every character of the alphabet turns up: the draw is not stuck on a subset.
        let used: std::collections::HashSet<u8> = nonces.iter().flat_map(|n| n.bytes()).collect();
        assert_eq!(used.len(), 62);
    }

    fn at(seconds: u64) -> Arc<dyn Clock> {
        Arc::new(ManualClock::starting_at(
            UNIX_EPOCH + Duration::from_secs(seconds),
        ))
    }

    #[test]
    fn rfc5849_section_1_2_hmac_sha1_vector() {
        let credentials = OAuthCredentials::new(
            "dpf43f3p2l4k3l03",
            "kd94hf93k423kf44",
            "nnch734d00sl2jdk",
            "pfkkdhi9sl3r4s00",
        )
        .signature_method(SignatureMethod::HmacSha1)
        .nonce_source(Arc::new(FixedNonce::new("chapoH")))
        .clock(at(137_131_202));
        let url: Url = "http://photos.example.net/photos?file=vacation.jpg&size=original"
            .parse()
            .unwrap();
        let base =
            signature_base_string(&Method::GET, &url, &credentials.protocol_parameters(), &[]);
        assert_eq!(
            base,
            "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26\
             oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26\
             oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26\
             oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal"
        );
        let header = credentials.authorization(&Method::GET, &url).unwrap();
        assert_eq!(
            header.expose(),
            "OAuth oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_nonce=\"chapoH\", \
             oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131202\", \
             oauth_token=\"nnch734d00sl2jdk\", \
             oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\""
        );
    }

    #[test]
    fn rfc5849_section_3_4_1_base_string_example() {
        let url: Url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"
            .parse()
            .unwrap();
        let protocol = [
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
            ("oauth_signature", "ignored"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        let body = [("c2", ""), ("a3", "2 q")].map(|(n, v)| (n.to_owned(), v.to_owned()));
        assert_eq!(
            signature_base_string(&Method::POST, &url, &protocol, &body),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q\
             %26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_\
             key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m\
             ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk\
             9d7dh3k39sjv7"
        );
    }

    #[test]
    fn rfc5849_plaintext_examples() {
        // Section 1.2, temporary credentials request.
        let initiate = OAuthCredentials::consumer("dpf43f3p2l4k3l03", "kd94hf93k423kf44")
            .nonce_source(Arc::new(FixedNonce::new("wIjqoS")))
            .clock(at(137_131_200))
            .realm("Photos");
        let initiate = initiate.with_callback("http://printer.example.com/ready");
        let url: Url = "https://photos.example.net/initiate".parse().unwrap();
        assert_eq!(
            initiate
                .authorization(&Method::POST, &url)
                .unwrap()
                .expose(),
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", \
             oauth_nonce=\"wIjqoS\", oauth_signature_method=\"PLAINTEXT\", \
             oauth_timestamp=\"137131200\", \
             oauth_callback=\"http%3A%2F%2Fprinter.example.com%2Fready\", \
             oauth_signature=\"kd94hf93k423kf44%26\""
        );
        // Section 1.2, token request: the signature joins both secrets.
        let token = OAuthCredentials::new(
            "dpf43f3p2l4k3l03",
            "kd94hf93k423kf44",
            "hh5s93j4hdidpola",
            "hdhd0244k9j7ao03",
        );
        let token = token.with_verifier("hfdp7dh39dks9884");
        let header = token.authorization(&Method::POST, &url).unwrap();
        assert!(
            header
                .expose()
                .contains("oauth_signature=\"kd94hf93k423kf44%26hdhd0244k9j7ao03\"")
        );
        assert!(
            header
                .expose()
                .contains("oauth_verifier=\"hfdp7dh39dks9884\"")
        );
    }

    #[test]
    fn debug_shows_no_secret_and_nonces_vary() {
        let credentials = OAuthCredentials::new("ck-123", "cs-456", "tk-789", "ts-000");
        let debug = format!("{credentials:?}");
        for secret in ["ck-123", "cs-456", "tk-789", "ts-000"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert_ne!(RandomNonce.nonce(), RandomNonce.nonce());
        assert_eq!(RandomNonce.nonce().len(), 32);
    }
}
