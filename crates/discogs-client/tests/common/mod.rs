//! What the integration tests of this crate share beyond `test-support`: the credentials and
//! user agent they send, clients pointed at a mock, and the fixtures of each API.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use client_core::clock::ManualClock;
use discogs_client::{DiscogsClient, DiscogsClientBuilder};
use test_support::Fixtures;
use wiremock::matchers::{HeaderExactMatcher, header};
use wiremock::{MockServer, ResponseTemplate};

pub const USER_AGENT: &str = "DiscogsClientTests/1.0 +https://tests.example";
pub const TOKEN: &str = "test-token-123";
pub const AUTHORIZATION: &str = "Discogs token=test-token-123";

/// A builder pointed at the mock, with the user agent, a manual clock and no jitter.
pub fn builder(server: &MockServer) -> DiscogsClientBuilder {
    builder_with_clock(server, &ManualClock::new())
}

/// Like [`builder`], with the caller's clock (to read the sleeps).
pub fn builder_with_clock(server: &MockServer, clock: &ManualClock) -> DiscogsClientBuilder {
    use discogs_client::ConfigureEngine;
    test_support::against(DiscogsClient::builder(), server, clock).user_agent(USER_AGENT)
}

/// A client authenticated with a personal token.
pub fn client(server: &MockServer) -> DiscogsClient {
    builder(server).token(TOKEN).build().unwrap()
}

/// A client authenticated with a personal token, on the caller's clock.
pub fn client_with_clock(server: &MockServer, clock: &ManualClock) -> DiscogsClient {
    builder_with_clock(server, clock)
        .token(TOKEN)
        .build()
        .unwrap()
}

/// The Marketplace API's fixtures (`tests/fixtures/marketplace`).
pub fn marketplace() -> Fixtures {
    Fixtures::new(env!("CARGO_MANIFEST_DIR"), "tests/fixtures/marketplace")
}

/// The Inventory Upload and Export API's fixtures (`tests/fixtures/upload`).
pub fn upload() -> Fixtures {
    Fixtures::new(env!("CARGO_MANIFEST_DIR"), "tests/fixtures/upload")
}

/// A Marketplace fixture as JSON.
pub fn fixture_json(name: &str) -> serde_json::Value {
    marketplace().json(name)
}

/// An answer with a Marketplace fixture as its JSON body.
pub fn json(status: u16, name: &str) -> ResponseTemplate {
    marketplace().json_answer(status, name)
}

/// The standard headers every authenticated request carries.
pub fn standard_headers() -> (HeaderExactMatcher, HeaderExactMatcher) {
    (
        header("authorization", AUTHORIZATION),
        header("user-agent", USER_AGENT),
    )
}
