//! The engine's promises through this client: no redirect carries the token elsewhere, and an
//! HTML page where Discogs' JSON belongs is named for what it is.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use client_core::Error;
use discogs_client::DiscogsError;
use test_support::{REDIRECT_STATUSES, RedirectTrap, captive_portal_page};
use wiremock::{Mock, MockServer, matchers::any};

#[tokio::test]
async fn no_redirect_carries_the_token_to_another_origin() {
    for status in REDIRECT_STATUSES {
        let trap = RedirectTrap::start(status).await;
        let error = common::client(&trap.origin)
            .listings()
            .get(172_723_812)
            .await
            .unwrap_err();
        match &error {
            DiscogsError::Engine(Error::Redirect {
                status: got,
                location,
                ..
            }) => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(location.as_deref(), Some(trap.location().as_str()));
            }
            other => panic!("{status}: {other:?}"),
        }
        trap.assert_secret_stayed_home("authorization", common::TOKEN)
            .await;
    }
}

#[tokio::test]
async fn an_html_page_is_not_mistaken_for_a_listing() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(captive_portal_page())
        .mount(&server)
        .await;
    let error = common::client(&server).listings().get(1).await.unwrap_err();
    assert!(
        matches!(&error, DiscogsError::Engine(Error::UnexpectedContentType(content))
            if content.expected == "json" && content.got.starts_with("text/html")),
        "{error:?}"
    );
    assert!(error.to_string().contains("expected json, got text/html"));
}
