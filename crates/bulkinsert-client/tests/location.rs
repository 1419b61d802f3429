//! GET /inventory/location/{locationId}: one page, and every record across pages.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use bulkinsert_client::{
    BulkInsertError, BulkInsertErrorKind, ChannelId, InvalidInput, LocationId, RecordType,
};
use client_core::NextPage;
use common::*;
use futures::TryStreamExt;
use test_support::exact_query;
use time::macros::datetime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mount_pages(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/inventory/location/104"))
        .and(exact_query(&[("offset", "0"), ("limit", "2")]))
        .respond_with(fixtures().json_answer(200, "location_inventory_page1.json"))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/location/104"))
        .and(exact_query(&[("offset", "2"), ("limit", "2")]))
        .respond_with(fixtures().json_answer(200, "location_inventory_page2.json"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn one_page_is_requested_and_decoded() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    let (client, _) = client(&server);

    let page = client
        .location_inventory(LocationId::new(104))
        .offset(0)
        .limit(2)
        .send()
        .await
        .unwrap();

    assert_eq!(page.total, Some(3));
    assert_eq!(page.next, Some(NextPage::Offset(2)));
    assert_eq!(page.items.len(), 2);
    let stock = &page.items[0];
    assert_eq!(stock.id.as_deref(), Some("5fa0878278a9ae0007ce2001"));
    assert_eq!(stock.sku.as_deref(), Some("123456"));
    assert_eq!(stock.item_id, Some("1000000212".into()));
    assert_eq!(stock.location_id, Some("104".into()));
    assert_eq!(stock.record_type, Some(RecordType::Stock));
    assert_eq!(stock.channel_id, Some(ChannelId::US));
    assert_eq!(stock.total_quantity, Some(30003));
    assert_eq!(stock.reserved_quantity, Some(3));
    assert_eq!(
        stock.created_at,
        Some(datetime!(2020-11-02 22:26:10.175 UTC))
    );
    let transit = &page.items[1];
    assert_eq!(transit.record_type, Some(RecordType::Transit));
    assert_eq!(transit.item_id, Some("1000000213".into()));
    assert_eq!(transit.transit_ref.as_deref(), Some("WO-20000"));
    assert_eq!(transit.transit_stock_date.as_deref(), Some("2020-05-05"));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), "/inventory/location/104");
    assert_eq!(requests[0].url.query(), Some("offset=0&limit=2"));
    assert_common_headers(&requests[0]);
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn the_stream_follows_offsets_to_the_count() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    let (client, _) = client(&server);

    let all: Vec<_> = client
        .location_inventory(LocationId::new(104))
        .limit(2)
        .offset(0)
        .stream()
        .try_collect()
        .await
        .unwrap();

    let skus: Vec<_> = all
        .iter()
        .map(|record| record.id.clone().unwrap())
        .collect();
    assert_eq!(
        skus,
        [
            "5fa0878278a9ae0007ce2001",
            "5fa0878278a9ae0007ce2002",
            "5fa0878278a9ae0007ce2003"
        ]
    );
    assert_eq!(
        all[2].record_type,
        Some(RecordType::Unknown("Consignment".into()))
    );
    assert_eq!(all[2].channel_id, Some(ChannelId::CANADA));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn documented_errors_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/location/7"))
        .respond_with(fixtures().json_answer(403, "missing_api_key_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client
        .location_inventory(LocationId::new(7))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            BulkInsertError::Api {
                kind: BulkInsertErrorKind::Unauthorized,
                ..
            }
        ),
        "{error:?}"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn a_limit_of_zero_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let error = client
        .location_inventory(LocationId::new(104))
        .limit(0)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BulkInsertError::InvalidInput(InvalidInput { field, .. }) if field == "limit"),
        "{error:?}"
    );
}
