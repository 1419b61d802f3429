//! The engine's promises through this client: no redirect carries the `x-api-key` elsewhere,
//! and an HTML page where the service's JSON belongs is named for what it is.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use bulkinsert_client::{BulkInsertError, ItemId, Quantity, StockRequest};
use client_core::Error;
use test_support::{REDIRECT_STATUSES, RedirectTrap, captive_portal_page};
use wiremock::{Mock, MockServer, matchers::any};

fn request() -> Vec<StockRequest> {
    vec![StockRequest::new(
        ItemId::new(1_000_000_001).unwrap(),
        Quantity::new(1),
    )]
}

#[tokio::test]
async fn no_redirect_carries_the_api_key_to_another_origin() {
    for status in REDIRECT_STATUSES {
        let trap = RedirectTrap::start(status).await;
        let (client, _clock) = common::client(&trap.origin);
        let error = client.stock_levels(&request()).await.unwrap_err();
        assert!(
            matches!(&error, BulkInsertError::Engine(Error::Redirect { status: got, .. }) if got.as_u16() == status),
            "{status}: {error:?}"
        );
        trap.assert_secret_stayed_home("x-api-key", common::API_KEY)
            .await;
    }
}

#[tokio::test]
async fn an_html_page_is_named_for_what_it_is() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(captive_portal_page())
        .mount(&server)
        .await;
    let (client, _clock) = common::client(&server);
    let error = client.stock_levels(&request()).await.unwrap_err();
    assert!(
        matches!(&error, BulkInsertError::Engine(Error::UnexpectedContentType(content))
            if content.got.starts_with("text/html")),
        "{error:?}"
    );
}
