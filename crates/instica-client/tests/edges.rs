//! The engine's promises through this client: no redirect carries the token or the API key
//! elsewhere, and an HTML page where Instica's JSON belongs is named for what it is.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use client_core::Error;
use client_core::clock::ManualClock;
use instica_client::{ConfigureEngine, InsticaClient, InsticaError};
use test_support::{REDIRECT_STATUSES, RedirectTrap, captive_portal_page};
use wiremock::{Mock, MockServer, matchers::any};

const API_KEY: &str = "ik_live_7f3a9c2e";

#[tokio::test]
async fn no_redirect_carries_a_credential_to_another_origin() {
    for status in REDIRECT_STATUSES {
        for (header, secret) in [("authorization", common::TOKEN), ("x-api-key", API_KEY)] {
            let trap = RedirectTrap::start(status).await;
            let builder = InsticaClient::builder()
                .base_url(trap.origin.uri())
                .clock(Arc::new(ManualClock::new()));
            let client = match header {
                "authorization" => builder.token(secret),
                _ => builder.api_key(secret),
            }
            .build()
            .unwrap();
            let error = client.item("inv_d4e5f6").get().await.unwrap_err();
            assert!(
                matches!(&error, InsticaError::Engine(Error::Redirect { status: got, .. }) if got.as_u16() == status),
                "{status}: {error:?}"
            );
            trap.assert_secret_stayed_home(header, secret).await;
        }
    }
}

#[tokio::test]
async fn an_html_page_is_named_for_what_it_is() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(captive_portal_page())
        .mount(&server)
        .await;
    let error = common::client(&server)
        .item("inv_d4e5f6")
        .get()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, InsticaError::Engine(Error::UnexpectedContentType(content))
            if content.got.starts_with("text/html")),
        "{error:?}"
    );
}
