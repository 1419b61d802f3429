//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use client_core::clock::{ManualClock, NoJitter};
use discogs_client::{ConfigureEngine, DiscogsClient, DiscogsClientBuilder};
use wiremock::{Match, MockServer, Request, ResponseTemplate};

pub const USER_AGENT: &str = "DiscogsClientTests/1.0 +https://tests.example";
pub const TOKEN: &str = "test-token-123";
pub const AUTHORIZATION: &str = "Discogs token=test-token-123";

/// A builder pointed at the mock, with a manual clock and no jitter.
pub fn builder(server: &MockServer) -> DiscogsClientBuilder {
    DiscogsClient::builder()
        .base_url(server.uri())
        .user_agent(USER_AGENT)
        .clock(Arc::new(ManualClock::new()))
        .jitter(Arc::new(NoJitter))
}

/// A client authenticated with a personal token.
pub fn client(server: &MockServer) -> DiscogsClient {
    builder(server).token(TOKEN).build().unwrap()
}

pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/marketplace/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// An answer with a fixture as JSON body.
pub fn json(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(fixture(name), "application/json")
}

/// Matches when the query holds exactly these pairs (in any order) and nothing else.
pub struct ExactQuery(pub Vec<(String, String)>);

pub fn exact_query(pairs: &[(&str, &str)]) -> ExactQuery {
    ExactQuery(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut got: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut want = self.0.clone();
        got.sort();
        want.sort();
        got == want
    }
}

/// Matches a JSON body equal to `expected`, comparing numbers by their exact text.
pub struct JsonBody(pub serde_json::Value);

impl JsonBody {
    /// The expected body as JSON text, so numbers keep their exact spelling (`10.00`).
    pub fn text(expected: &str) -> Self {
        Self(serde_json::from_str(expected).unwrap())
    }
}

impl Match for JsonBody {
    fn matches(&self, request: &Request) -> bool {
        serde_json::from_slice::<serde_json::Value>(&request.body)
            .map(|body| body == self.0)
            .unwrap_or(false)
    }
}

/// The standard headers every authenticated request carries.
pub fn standard_headers() -> (
    wiremock::matchers::HeaderExactMatcher,
    wiremock::matchers::HeaderExactMatcher,
) {
    (
        wiremock::matchers::header("authorization", AUTHORIZATION),
        wiremock::matchers::header("user-agent", USER_AGENT),
    )
}
