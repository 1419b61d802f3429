//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use client_core::clock::{ManualClock, NoJitter};
use newegg_client::{ConfigureEngine, Format, NeweggClient, NeweggClientBuilder};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{MockBuilder, MockServer, ResponseTemplate};

/// The spec's example credentials.
pub const API_KEY: &str = "720ddc067f4d115bd544aff46bc75634";
pub const SECRET_KEY: &str = "21EC2020-3AEA-1069-A2DD-08002B30309D";
pub const SELLER_ID: &str = "A006";
pub const INVENTORY_PATH: &str = "/marketplace/contentmgmt/item/international/inventory";

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// A builder pointed at the mock server, with a manual clock so that no test sleeps.
pub fn builder(server: &MockServer, clock: &ManualClock) -> NeweggClientBuilder {
    NeweggClient::builder()
        .base_url(server.uri())
        .seller_id(SELLER_ID)
        .credentials(API_KEY, SECRET_KEY)
        .clock(Arc::new(clock.clone()))
        .jitter(Arc::new(NoJitter))
}

pub fn client(server: &MockServer, format: Format) -> NeweggClient {
    builder(server, &ManualClock::new())
        .format(format)
        .build()
        .unwrap()
}

/// Matches the inventory URL, the credentials and the format's content headers exactly.
pub fn inventory_request(http_method: &str, format: Format) -> MockBuilder {
    let media = match format {
        Format::Xml => "application/xml",
        Format::Json => "application/json",
        _ => unreachable!("a format added later needs its media type here"),
    };
    wiremock::Mock::given(method(http_method))
        .and(path(INVENTORY_PATH))
        .and(query_param("sellerid", SELLER_ID))
        .and(header("authorization", API_KEY))
        .and(header("secretkey", SECRET_KEY))
        .and(header("content-type", media))
        .and(header("accept", media))
}

pub fn answer(status: u16, body: Vec<u8>, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, content_type)
}

/// Checks that the only query parameter sent was `sellerid` and that the URL is lower case
/// apart from the seller ID.
pub async fn assert_url_shape(server: &MockServer) {
    for request in server.received_requests().await.unwrap() {
        assert_eq!(request.url.query(), Some("sellerid=A006"));
        assert_eq!(request.url.path(), request.url.path().to_ascii_lowercase());
    }
}
