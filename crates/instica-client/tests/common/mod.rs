//! What Instica's integration tests share beyond `test-support`: the test credentials and
//! fixtures whose `{{BASE}}` stands for the mock server's URL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

use client_core::clock::ManualClock;
use instica_client::InsticaClient;
use test_support::Fixtures;
use wiremock::MockServer;

pub const TOKEN: &str = "test-token-1234";
pub const BEARER: &str = "Bearer test-token-1234";

/// A client pointed at the mock server, with a manual clock so retries never sleep.
pub fn client(server: &MockServer) -> InsticaClient {
    client_with_clock(server, ManualClock::new())
}

pub fn client_with_clock(server: &MockServer, clock: ManualClock) -> InsticaClient {
    test_support::against(InsticaClient::builder().token(TOKEN), server, &clock)
        .build()
        .unwrap()
}

/// A fixture's text, with `{{BASE}}` replaced by the mock server's URI.
pub fn fixture_text(name: &str, server: &MockServer) -> String {
    Fixtures::of_crate(env!("CARGO_MANIFEST_DIR"))
        .text(name)
        .replace("{{BASE}}", &server.uri())
}

/// A fixture as JSON.
pub fn fixture(name: &str, server: &MockServer) -> serde_json::Value {
    serde_json::from_str(&fixture_text(name, server)).unwrap()
}

/// A 200 answer with a fixture as its JSON body.
pub fn json_answer(name: &str, server: &MockServer) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_json(fixture(name, server))
}
