//! The one page-parameter check every list endpoint shares: a refused page is refused before
//! anything is sent, by `send()` and `stream()` alike.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::client;
use discogs_client::prelude::*;
use discogs_client::{DiscogsClient, DiscogsError, MAX_PER_PAGE};
use futures::StreamExt;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Checks that `request` with page 0 and with a page size of 101 is refused by `send()` and by
/// `stream()`, naming `page` and `per_page`.
async fn refuses_bad_pages<P>(endpoint: &str, request: P)
where
    P: Paged<Error = DiscogsError>,
{
    for (bad, field) in [
        (request.clone().page(0), "page"),
        (request.clone().page_size(MAX_PER_PAGE + 1), "per_page"),
        (request.clone().page_size(0), "per_page"),
    ] {
        match bad.clone().send().await {
            Err(DiscogsError::InvalidInput(refusal)) => {
                assert_eq!(refusal.field, field, "{endpoint}: {}", refusal.rule);
            }
            Err(other) => panic!("{endpoint}: expected a refusal of {field}, got {other:?}"),
            Ok(_) => panic!("{endpoint}: expected a refusal of {field}, got a page"),
        }
        let streamed: Vec<_> = bad.stream().collect().await;
        assert_eq!(streamed.len(), 1, "{endpoint}");
        assert!(
            matches!(&streamed[0], Err(DiscogsError::InvalidInput(refusal)) if refusal.field == field),
            "{endpoint}"
        );
    }
}

#[tokio::test]
async fn every_list_endpoint_refuses_bad_pages_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let discogs: DiscogsClient = client(&server);

    refuses_bad_pages("inventory", discogs.inventory("rappcats")).await;
    refuses_bad_pages("orders", discogs.orders().list()).await;
    refuses_bad_pages("order messages", discogs.orders().messages("1-1")).await;
    refuses_bad_pages("uploads", discogs.inventory_upload().list()).await;
    refuses_bad_pages("exports", discogs.inventory_export().list()).await;

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_largest_page_discogs_serves_is_accepted() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/inventory/upload"))
        .and(test_support::exact_query(&[("page", "1"), ("per_page", "100")]))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"pagination": {"page": 1, "pages": 1, "per_page": 100, "items": 0, "urls": {}}, "items": []}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .inventory_upload()
        .list()
        .page(1)
        .page_size(MAX_PER_PAGE)
        .send()
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.next, None);
}
