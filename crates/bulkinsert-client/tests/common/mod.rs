//! What the bulk-insert tests share beyond `test-support`: the tenant, the key, the fixed
//! clock, a client pointed at the mock, and the checks of the headers every request carries.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bulkinsert_client::{BulkInsertClient, BulkInsertClientBuilder, ChannelId, SiteContext, Stage};
use client_core::clock::ManualClock;
use serde_json::Value;
use test_support::Fixtures;
use wiremock::MockServer;

pub const ACCOUNT: &str = "5f493c9f30ec2a0007a94fc8";
pub const API_KEY: &str = "k3y-do-not-print-9f2c";
/// The time the fixed clock starts at: 2020-08-28T02:35:27.787Z.
pub const FIXED_DATE: &str = "2020-08-28T02:35:27.787Z";

pub fn fixed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(1_598_582_127_787)
}

/// This crate's `tests/fixtures`.
pub fn fixtures() -> Fixtures {
    Fixtures::of_crate(env!("CARGO_MANIFEST_DIR"))
}

pub fn site() -> SiteContext {
    SiteContext::new(ACCOUNT, Stage::Sandbox, ChannelId::US).unwrap()
}

/// A builder pointed at the mock, with a fixed clock, no jitter and the API key.
pub fn builder(server: &MockServer, clock: &ManualClock) -> BulkInsertClientBuilder {
    let builder = BulkInsertClient::builder(server.uri(), site()).api_key(API_KEY);
    test_support::deterministic(builder, clock)
}

pub fn client(server: &MockServer) -> (BulkInsertClient, ManualClock) {
    let clock = ManualClock::starting_at(fixed_time());
    (builder(server, &clock).build().unwrap(), clock)
}

/// Checks the `x-site-context` header field by field.
pub fn assert_site_context(request: &wiremock::Request, date: &str) {
    let header = request
        .headers
        .get("x-site-context")
        .expect("x-site-context is sent")
        .to_str()
        .unwrap();
    let context: Value = serde_json::from_str(header).expect("x-site-context is JSON");
    let object = context
        .as_object()
        .expect("x-site-context is a JSON object");
    assert_eq!(object.len(), 4, "{header}");
    assert_eq!(object["date"], date, "{header}");
    assert_eq!(object["channel"].as_u64(), Some(12), "{header}");
    assert_eq!(object["account"], ACCOUNT, "{header}");
    assert_eq!(object["stage"], "sandbox", "{header}");
    let parsed = time::OffsetDateTime::parse(
        object["date"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!(parsed.offset(), time::UtcOffset::UTC);
}

/// Checks the headers every request carries.
pub fn assert_common_headers(request: &wiremock::Request) {
    assert_site_context(request, FIXED_DATE);
    assert_eq!(request.headers.get("x-api-key").unwrap(), API_KEY);
}
