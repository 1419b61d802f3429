//! The inventory endpoint against a mock Discogs: one page, streams and refusals.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{client, fixture_json, json, standard_headers};
use discogs_client::prelude::*;
use discogs_client::{
    DiscogsError, DiscogsErrorKind, InventorySort, ListingStatus, MediaCondition, SortOrder,
};
use futures::TryStreamExt;
use serde_json::json;
use test_support::exact_query;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn one_page_with_every_parameter() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/users/360vinyl/inventory"))
        .and(exact_query(&[
            ("status", "For Sale"),
            ("sort", "catno"),
            ("sort_order", "desc"),
            ("page", "2"),
            ("per_page", "100"),
        ]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "inventory.json"))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .inventory("360vinyl")
        .status(ListingStatus::ForSale)
        .sort(InventorySort::CatalogNumber, SortOrder::Descending)
        .page(2)
        .page_size(100)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 4);
    assert_eq!(page.page, Some(1));
    assert_eq!(page.pages, Some(1));
    assert_eq!(page.total, Some(4));
    assert_eq!(page.next, None);
    let first = &page.items[0];
    assert_eq!(first.id, 150899904);
    assert_eq!(first.price.amount().to_string(), "149.99");
    assert_eq!(first.condition, MediaCondition::NearMint);
    assert_eq!(
        first.release.artist.as_deref(),
        Some("Danger Mouse & Daniele Luppi")
    );
    assert!(first.allow_offers);
    // A page may hold fewer items than per_page; listings lacking optional fields decode.
    assert_eq!(page.items[1].release.artist, None);
}

#[tokio::test]
async fn usernames_are_percent_encoded_and_all_statuses_is_sent_as_all() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/rapp%2Fcats%20x/inventory"))
        .and(exact_query(&[("status", "All")]))
        .respond_with(json(200, "inventory.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .inventory("rapp/cats x")
        .all_statuses()
        .send()
        .await
        .unwrap();
}

fn page_body(page: u64, pages: u64, ids: &[u64]) -> serde_json::Value {
    let template = fixture_json("inventory.json")["listings"][0].clone();
    let listings: Vec<_> = ids
        .iter()
        .map(|id| {
            let mut listing = template.clone();
            listing["id"] = json!(id);
            listing
        })
        .collect();
    json!({
        "pagination": {"per_page": 2, "items": 5, "page": page, "urls": {}, "pages": pages},
        "listings": listings
    })
}

#[tokio::test]
async fn stream_follows_link_headers_over_three_pages() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(exact_query(&[("per_page", "2")]))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    format!(
                        "<{uri}/users/rappcats/inventory?per_page=2&page=3>; rel=\"last\", \
                         <{uri}/users/rappcats/inventory?per_page=2&page=2>; rel=\"next\""
                    ),
                )
                .set_body_json(page_body(1, 3, &[1, 2])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(exact_query(&[("per_page", "2"), ("page", "2")]))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    format!("<{uri}/users/rappcats/inventory?per_page=2&page=3>; rel=\"next\""),
                )
                .set_body_json(page_body(2, 3, &[3, 4])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(exact_query(&[("per_page", "2"), ("page", "3")]))
        .and(common::standard_headers().0)
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(3, 3, &[5])))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<u64> = client(&server)
        .inventory("rappcats")
        .page_size(2)
        .stream()
        .map_ok(|listing| listing.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn stream_falls_back_to_page_numbers_without_links() {
    let server = MockServer::start().await;
    for page in 1..=3u64 {
        let expected_query: Vec<(&str, String)> = if page == 1 {
            vec![]
        } else {
            vec![("page", page.to_string())]
        };
        let pairs: Vec<(&str, &str)> = expected_query
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        Mock::given(method("GET"))
            .and(path("/users/rappcats/inventory"))
            .and(exact_query(&pairs))
            .respond_with(ResponseTemplate::new(200).set_body_json(page_body(
                page,
                3,
                &[page * 10],
            )))
            .expect(1)
            .mount(&server)
            .await;
    }
    let ids: Vec<u64> = client(&server)
        .inventory("rappcats")
        .stream()
        .map_ok(|listing| listing.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [10, 20, 30]);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(query_param("page", "2"))
        .respond_with(json(404, "error_404.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(1, 2, &[1])))
        .mount(&server)
        .await;
    let results: Vec<_> =
        futures::StreamExt::collect::<Vec<_>>(client(&server).inventory("rappcats").stream()).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, 1);
    assert!(matches!(
        results[1],
        Err(DiscogsError::Api {
            kind: DiscogsErrorKind::NotFound,
            ..
        })
    ));
}

#[tokio::test]
async fn unknown_user_is_not_found_and_bad_status_is_a_validation_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/nobody/inventory"))
        .respond_with(json(404, "error_404.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/rappcats/inventory"))
        .and(query_param("status", "Lost"))
        .respond_with(json(422, "error_422_inventory_status.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let missing = discogs.inventory("nobody").send().await.unwrap_err();
    assert!(
        matches!(
            missing,
            DiscogsError::Api {
                kind: DiscogsErrorKind::NotFound,
                ..
            }
        ),
        "{missing:?}"
    );
    let invalid = discogs
        .inventory("rappcats")
        .status(ListingStatus::Unknown("Lost".into()))
        .send()
        .await
        .unwrap_err();
    match invalid {
        DiscogsError::Api {
            kind: DiscogsErrorKind::Validation,
            error,
        } => assert!(
            error
                .message
                .as_deref()
                .is_some_and(|message| message.starts_with("Invalid status"))
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bad_paging_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, "inventory.json"))
        .expect(0)
        .mount(&server)
        .await;
    let discogs = client(&server);
    for (request, field) in [
        (discogs.inventory("x").page_size(101), "per_page"),
        (discogs.inventory("x").page_size(0), "per_page"),
        (discogs.inventory("x").page(0), "page"),
        (
            discogs.inventory("x").sort(
                InventorySort::Unknown("colour".into()),
                SortOrder::Ascending,
            ),
            "sort",
        ),
    ] {
        match request.clone().send().await {
            Err(DiscogsError::InvalidInput(refusal)) => assert_eq!(refusal.field, field),
            other => panic!("{other:?}"),
        }
        let streamed: Vec<_> = futures::StreamExt::collect::<Vec<_>>(request.stream()).await;
        assert_eq!(streamed.len(), 1);
        assert!(matches!(streamed[0], Err(DiscogsError::InvalidInput(_))));
    }
    let empty = discogs.inventory("").send().await.unwrap_err();
    assert!(
        matches!(&empty, DiscogsError::InvalidInput(refusal) if refusal.field == "username"),
        "{empty:?}"
    );
}
