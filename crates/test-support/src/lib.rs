//! What every crate's integration tests need and used to write for themselves: fixtures read
//! from the crate's own folder, matchers for an exact query string and a JSON body compared
//! exactly, and a client builder made deterministic (a manual clock, no jitter) and pointed at
//! a mock server.
//!
//! This crate is a dev-dependency of the workspace's crates and is never published.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![allow(clippy::panic, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use client_core::ConfigureEngine;
use client_core::clock::{ManualClock, NoJitter};
use wiremock::{Match, MockServer, Request, ResponseTemplate};

/// The fixtures folder of one crate.
///
/// ```
/// let fixtures = test_support::Fixtures::new(env!("CARGO_MANIFEST_DIR"), "src");
/// assert!(fixtures.text("lib.rs").contains("Fixtures"));
/// ```
#[derive(Debug, Clone)]
pub struct Fixtures {
    folder: PathBuf,
}

impl Fixtures {
    /// The folder `sub` of the crate at `manifest_dir` (pass `env!("CARGO_MANIFEST_DIR")`).
    pub fn new(manifest_dir: &str, sub: &str) -> Self {
        Self {
            folder: PathBuf::from(manifest_dir).join(sub),
        }
    }

    /// The crate's `tests/fixtures` folder.
    pub fn of_crate(manifest_dir: &str) -> Self {
        Self::new(manifest_dir, "tests/fixtures")
    }

    /// A fixture's bytes; a missing fixture fails the test naming the path.
    pub fn bytes(&self, name: &str) -> Vec<u8> {
        let path = self.folder.join(name);
        std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    /// A fixture's text.
    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.bytes(name))
            .unwrap_or_else(|error| panic!("fixture {name} is not UTF-8: {error}"))
    }

    /// A fixture read as JSON.
    pub fn json(&self, name: &str) -> serde_json::Value {
        serde_json::from_str(&self.text(name))
            .unwrap_or_else(|error| panic!("fixture {name} is not JSON: {error}"))
    }

    /// An answer of `status` with the fixture as its body, sent as `content_type`.
    pub fn answer(&self, status: u16, name: &str, content_type: &str) -> ResponseTemplate {
        ResponseTemplate::new(status).set_body_raw(self.bytes(name), content_type)
    }

    /// An answer of `status` with the fixture as its JSON body, bytes as they are on disk.
    pub fn json_answer(&self, status: u16, name: &str) -> ResponseTemplate {
        self.answer(status, name, "application/json")
    }
}

/// Matches when the query holds exactly these pairs (in any order) and nothing else.
#[derive(Debug, Clone)]
pub struct ExactQuery(Vec<(String, String)>);

/// A matcher for a query of exactly `pairs`.
///
/// ```
/// let matcher = test_support::exact_query(&[("page", "2"), ("per_page", "50")]);
/// # let _ = matcher;
/// ```
pub fn exact_query(pairs: &[(&str, &str)]) -> ExactQuery {
    ExactQuery(
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
    )
}

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut got: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let mut want = self.0.clone();
        got.sort();
        want.sort();
        got == want
    }
}

/// Matches a JSON body equal to the expected one, numbers compared by their exact text
/// (the workspace reads JSON with arbitrary precision, so `10.00` is not `10`).
#[derive(Debug, Clone)]
pub struct JsonBody(pub serde_json::Value);

impl JsonBody {
    /// The expected body as JSON text.
    pub fn text(expected: &str) -> Self {
        Self(serde_json::from_str(expected).expect("the expected body is JSON"))
    }
}

impl Match for JsonBody {
    fn matches(&self, request: &Request) -> bool {
        serde_json::from_slice::<serde_json::Value>(&request.body)
            .map(|body| body == self.0)
            .unwrap_or(false)
    }
}

/// A request's body as JSON (for asserting on what a client sent).
pub fn body_json(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

/// Points a client builder at `server` and makes it deterministic: `clock` for time (its
/// sleeps return at once and are recorded) and no jitter, so retry tests are exact.
pub fn against<B: ConfigureEngine>(builder: B, server: &MockServer, clock: &ManualClock) -> B {
    deterministic(builder.base_url(server.uri()), clock)
}

/// Makes a client builder deterministic without changing its base URL.
pub fn deterministic<B: ConfigureEngine>(builder: B, clock: &ManualClock) -> B {
    builder
        .clock(Arc::new(clock.clone()))
        .jitter(Arc::new(NoJitter))
}

/// An origin that answers every request with a redirect to a second server, and that second
/// server, both recording what reaches them: for proving no credential follows a redirect.
#[derive(Debug)]
pub struct RedirectTrap {
    /// The server a client is pointed at; it redirects everything.
    pub origin: MockServer,
    /// Where the redirects point (another port, so another origin).
    pub elsewhere: MockServer,
}

impl RedirectTrap {
    /// An origin answering `status` (301, 302, 307, 308) with `Location` on the second server.
    pub async fn start(status: u16) -> Self {
        let elsewhere = MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&elsewhere)
            .await;
        let origin = MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}/collect", elsewhere.uri()).as_str()),
            )
            .mount(&origin)
            .await;
        Self { origin, elsewhere }
    }

    /// The `Location` the origin sends.
    pub fn location(&self) -> String {
        format!("{}/collect", self.elsewhere.uri())
    }

    /// Asserts that the origin received `header` holding `secret` (so the trap is not blind)
    /// and that nothing at all reached the other server.
    pub async fn assert_secret_stayed_home(&self, header: &str, secret: &str) {
        let home = self.origin.received_requests().await.unwrap_or_default();
        assert!(!home.is_empty(), "the origin received no request");
        assert!(
            home.iter().all(|request| request
                .headers
                .get(header)
                .and_then(|value| value.to_str().ok())
                .is_some_and(|value| value.contains(secret))),
            "the origin did not receive `{header}` with the secret"
        );
        assert!(
            home.iter()
                .all(|request| request.headers.get("referer").is_none()),
            "a Referer was sent"
        );
        let away = self.elsewhere.received_requests().await.unwrap_or_default();
        assert!(
            away.is_empty(),
            "{} request(s) reached the other origin",
            away.len()
        );
    }
}

/// The statuses a redirect trap is tried with.
pub const REDIRECT_STATUSES: [u16; 4] = [301, 302, 307, 308];

/// An answer of 200 with an HTML page, as a captive portal or a proxy sends it.
pub fn captive_portal_page() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        "<!DOCTYPE html><html><body>Please sign in to the hotel Wi-Fi</body></html>",
        "text/html; charset=utf-8",
    )
}

/// A loopback server that answers every request with `content_type` and `body`, sent in
/// `pieces` parts `gap` apart: a download that keeps coming for `pieces × gap`. Returns its
/// base URL.
pub async fn trickling_server(
    content_type: &'static str,
    body: String,
    pieces: usize,
    gap: std::time::Duration,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let body: Arc<str> = body.into();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = Arc::clone(&body);
            tokio::spawn(async move {
                let mut head = [0u8; 4096];
                let _ = socket.read(&mut head).await;
                let start = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(start.as_bytes()).await;
                let size = body.len().div_ceil(pieces.max(1)).max(1);
                for piece in body.as_bytes().chunks(size) {
                    tokio::time::sleep(gap).await;
                    if socket.write_all(piece).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}
