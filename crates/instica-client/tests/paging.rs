//! Every paginated list shares one page-parameter check and one page reader.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client};
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use instica_client::prelude::*;
use instica_client::{InsticaClient, InsticaError, PlatformSlug};
use serde_json::json;
use test_support::exact_query;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Asserts that `list` refuses page 0 and page sizes 0 and 101, in `send()` and `stream()`
/// alike, naming Instica's parameter.
async fn refuses_out_of_range_pages<L>(name: &'static str, list: L)
where
    L: Paged<Error = InsticaError>,
    L::Item: std::fmt::Debug,
{
    let cases = [
        (list.clone().page(0), "page"),
        (list.clone().page_size(101), "page_size"),
        (list.clone().page_size(0), "page_size"),
    ];
    for (list, field) in cases {
        let error = list.clone().send().await.unwrap_err();
        assert!(
            matches!(&error, InsticaError::InvalidInput(refusal) if refusal.field == field),
            "{name}: {error}"
        );
        let streamed: Vec<_> = list.stream().collect().await;
        assert_eq!(streamed.len(), 1, "{name}: {streamed:?}");
        assert!(
            matches!(&streamed[0], Err(InsticaError::InvalidInput(refusal)) if refusal.field == field),
            "{name}: {streamed:?}"
        );
    }
}

/// One entry per paginated list endpoint, so a new one cannot be forgotten here silently.
fn every_list(client: &InsticaClient) -> Vec<(&'static str, BoxFuture<'static, ()>)> {
    let item = client.item("inv_d4e5f6");
    let reference = client.reference();
    let discogs = PlatformSlug::new("discogs");
    vec![
        (
            "items",
            refuses_out_of_range_pages("items", client.items().list()).boxed(),
        ),
        (
            "exports",
            refuses_out_of_range_pages("exports", client.exports().list()).boxed(),
        ),
        (
            "audit logs",
            refuses_out_of_range_pages("audit logs", item.audit_logs()).boxed(),
        ),
        (
            "item type search",
            refuses_out_of_range_pages("item type search", reference.search_item_types("vinyl"))
                .boxed(),
        ),
        (
            "platform item type search",
            refuses_out_of_range_pages(
                "platform item type search",
                reference.search_platform_item_types(&discogs, "vinyl"),
            )
            .boxed(),
        ),
    ]
}

#[tokio::test]
async fn every_list_refuses_page_0_and_page_size_101_without_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    let client = client(&server);
    let lists = every_list(&client);
    assert_eq!(lists.len(), 5);
    for (_, check) in lists {
        check.await;
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn every_list_sends_page_and_page_size_and_reads_the_envelope() {
    let server = MockServer::start().await;
    let routes: [(&str, &[(&str, &str)]); 4] = [
        ("/inventory/", &[]),
        ("/exports/", &[]),
        ("/inventory/inv_d4e5f6/audit-logs/", &[]),
        ("/inventory/types/search/", &[("q", "vinyl")]),
    ];
    for (route, filters) in routes {
        let mut query = filters.to_vec();
        query.extend([("page", "2"), ("page_size", "100")]);
        Mock::given(method("GET"))
            .and(path(route))
            .and(exact_query(&query))
            .and(header("authorization", BEARER))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "count": 101, "next": null, "previous": format!("{}{route}", server.uri()),
                "results": [{"uid": "x_1", "action": "list", "status": "completed"}]
            })))
            .expect(1)
            .mount(&server)
            .await;
    }

    let client = client(&server);
    let items = client.items().list().page(2).page_size(100).send();
    let items = items.await.unwrap();
    assert_eq!(
        (items.page, items.total, items.next),
        (Some(2), Some(101), None)
    );
    assert_eq!(items.items[0].uid.as_str(), "x_1");
    let exports = client.exports().list().page(2).page_size(100);
    assert_eq!(exports.send().await.unwrap().items[0].uid.as_str(), "x_1");
    let logs = client
        .item("inv_d4e5f6")
        .audit_logs()
        .page(2)
        .page_size(100);
    assert_eq!(logs.send().await.unwrap().items[0].uid.as_str(), "x_1");
    let types = client.reference().search_item_types("vinyl");
    let types = types.page(2).page_size(100).send().await.unwrap();
    assert_eq!(types.items[0].uid.as_str(), "x_1");
}

#[tokio::test]
async fn a_stream_of_export_jobs_follows_next() {
    let server = MockServer::start().await;
    let job = |uid: &str| json!({"uid": uid, "status": "completed", "file_url": null});
    Mock::given(method("GET"))
        .and(path("/exports/"))
        .and(exact_query(&[("page", "2")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 3, "next": null, "previous": null, "results": [job("exp_3")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/exports/"))
        .and(exact_query(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 3, "next": format!("{}/exports/?page=2", server.uri()), "previous": null,
            "results": [job("exp_1"), job("exp_2")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let uids: Vec<String> = client(&server)
        .exports()
        .list()
        .stream()
        .map(|job| job.unwrap().uid.into_string())
        .collect()
        .await;
    assert_eq!(uids, ["exp_1", "exp_2", "exp_3"]);
}

#[tokio::test]
async fn an_answer_that_is_neither_a_list_nor_a_page_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/exports/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"detail": "odd"})))
        .mount(&server)
        .await;

    let error = client(&server).exports().list().send().await.unwrap_err();
    assert!(matches!(error, InsticaError::Engine(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("expected a list or a `results` list"),
        "{error}"
    );
    assert_eq!(error.raw_body(), Some(r#"{"detail":"odd"}"#));
}
