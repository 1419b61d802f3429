//! The engine's promises through this client: no redirect carries the API key or the secret
//! key elsewhere, and an HTML page is named for what it is, not read as a refused DTD.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use client_core::Error;
use inventory_model::Country;
use newegg_client::{Format, ItemInventoryUpdate, NeweggError};
use test_support::{REDIRECT_STATUSES, RedirectTrap, captive_portal_page};
use wiremock::{Mock, MockServer, matchers::any};

fn update() -> ItemInventoryUpdate {
    ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, 107)
}

#[tokio::test]
async fn no_redirect_carries_the_keys_to_another_origin() {
    for status in REDIRECT_STATUSES {
        for format in [Format::Xml, Format::Json] {
            let trap = RedirectTrap::start(status).await;
            let error = common::client(&trap.origin, format)
                .update_inventory(update())
                .await
                .unwrap_err();
            assert!(
                matches!(&error, NeweggError::Engine(Error::Redirect { status: got, .. }) if got.as_u16() == status),
                "{status}: {error:?}"
            );
            trap.assert_secret_stayed_home("secretkey", common::SECRET_KEY)
                .await;
            trap.assert_secret_stayed_home("authorization", common::API_KEY)
                .await;
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
    for format in [Format::Xml, Format::Json] {
        let error = common::client(&server, format)
            .update_inventory(update())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, NeweggError::Engine(Error::UnexpectedContentType(content))
                if content.got.starts_with("text/html")),
            "{error:?}"
        );
        assert!(!error.to_string().contains("DTD"), "{error}");
    }
}
