//! What the Newegg tests share beyond `test-support`: the spec's credentials, a client pointed
//! at the mock server, and the exact shape of an inventory request.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use client_core::clock::ManualClock;
use newegg_client::{Format, NeweggClient, NeweggClientBuilder};
use test_support::Fixtures;
use wiremock::matchers::{header, method, path};
use wiremock::{MockBuilder, MockServer};

/// The spec's example credentials.
pub const API_KEY: &str = "720ddc067f4d115bd544aff46bc75634";
pub const SECRET_KEY: &str = "21EC2020-3AEA-1069-A2DD-08002B30309D";
pub const SELLER_ID: &str = "A006";
pub const INVENTORY_PATH: &str = "/marketplace/contentmgmt/item/international/inventory";

/// This crate's `tests/fixtures`.
pub fn fixtures() -> Fixtures {
    Fixtures::of_crate(env!("CARGO_MANIFEST_DIR"))
}

/// A builder pointed at the mock server, with a manual clock so that no test sleeps.
pub fn builder(server: &MockServer, clock: &ManualClock) -> NeweggClientBuilder {
    let builder = NeweggClient::builder()
        .seller_id(SELLER_ID)
        .credentials(API_KEY, SECRET_KEY);
    test_support::against(builder, server, clock)
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
        .and(test_support::exact_query(&[("sellerid", SELLER_ID)]))
        .and(header("authorization", API_KEY))
        .and(header("secretkey", SECRET_KEY))
        .and(header("content-type", media))
        .and(header("accept", media))
}

/// Checks that the only query parameter sent was `sellerid` and that the URL is lower case
/// apart from the seller ID.
pub async fn assert_url_shape(server: &MockServer) {
    for request in server.received_requests().await.unwrap() {
        assert_eq!(request.url.query(), Some("sellerid=A006"));
        assert_eq!(request.url.path(), request.url.path().to_ascii_lowercase());
    }
}

pub const SUBMIT_PATH: &str = "/marketplace/datafeedmgmt/feeds/submitfeed";
pub const STATUS_PATH: &str = "/marketplace/datafeedmgmt/feeds/status";

/// The result path of a feed on Newegg.com.
pub fn result_path(id: &str) -> String {
    format!("/marketplace/datafeedmgmt/feeds/result/{id}")
}

/// Matches a Datafeed request: method, path, exactly `query`, the credentials, and the
/// format's `Accept` (and `Content-Type` when `with_body`).
pub fn feed_request(
    http_method: &str,
    feed_path: &str,
    query: &[(&str, &str)],
    format: Format,
    with_body: bool,
) -> MockBuilder {
    let media = match format {
        Format::Xml => "application/xml",
        Format::Json => "application/json",
        _ => unreachable!("a format added later needs its media type here"),
    };
    let builder = wiremock::Mock::given(method(http_method))
        .and(path(feed_path))
        .and(test_support::exact_query(query))
        .and(header("authorization", API_KEY))
        .and(header("secretkey", SECRET_KEY))
        .and(header("accept", media));
    if with_body {
        builder.and(header("content-type", media))
    } else {
        builder
    }
}
