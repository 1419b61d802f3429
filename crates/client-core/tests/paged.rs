//! The paged-endpoint mechanism over HTTP: page parameters, numbered and linked pages, and
//! the one refusal check.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;

use client_core::clock::ManualClock;
use client_core::page::next_link;
use client_core::{
    ConfigureEngine, EngineBuilder, Error, HttpEngine, NextPage, Page, PageQuery, PageRules, Paged,
    Request, Response, Route,
};
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone)]
struct Numbers {
    engine: HttpEngine,
    paging: PageQuery,
    colour: Option<&'static str>,
}

impl Paged for Numbers {
    type Item = u32;
    type Error = Error;
    const RULES: PageRules = PageRules {
        page_param: "page",
        size_param: "page_size",
        max_size: 3,
    };

    fn engine(&self) -> &HttpEngine {
        &self.engine
    }

    fn page_query(&self) -> &PageQuery {
        &self.paging
    }

    fn page_query_mut(&mut self) -> &mut PageQuery {
        &mut self.paging
    }

    fn request(&self) -> Result<Request, Error> {
        Ok(Request::get(Route::new("/numbers").finish()?).query_opt("colour", self.colour))
    }

    fn check(&self) -> Result<(), Error> {
        match self.colour {
            Some("plaid") => Err(Error::invalid_input("colour", "plaid is not a colour")),
            _ => Ok(()),
        }
    }

    fn read_page(&self, response: &Response) -> Result<Page<u32>, Error> {
        #[derive(serde::Deserialize)]
        struct Body<T> {
            items: Vec<T>,
        }
        let (items, failed, ()) = client_core::tolerant::decode_list::<
            u32,
            Body<u32>,
            Body<Box<serde_json::value::RawValue>>,
            _,
        >(
            response.text()?,
            response.request(),
            "id",
            |body| (body.items, ()),
            |body| (body.items, ()),
        )
        .map_err(|error| response.decode_error(error.to_string()))?;
        let body: serde_json::Value = response.json()?;
        let mut page = Page {
            failed,
            ..Page::of(items)
        };
        page.next = match body["next_page"].as_u64() {
            Some(number) => Some(NextPage::Number(number)),
            None => next_link(response.headers(), self.engine.base_url()).map(NextPage::Url),
        };
        Ok(page)
    }
}

fn numbers(server: &MockServer) -> Numbers {
    Numbers {
        engine: EngineBuilder::new(server.uri())
            .clock(Arc::new(ManualClock::new()))
            .build()
            .unwrap(),
        paging: PageQuery::default(),
        colour: Some("red"),
    }
}

#[tokio::test]
async fn numbered_pages_carry_the_filters_and_the_page_parameters() {
    let server = MockServer::start().await;
    for (page, items, next) in [("2", vec![3, 4, 5], Some(3)), ("3", vec![6], None)] {
        Mock::given(method("GET"))
            .and(path("/numbers"))
            .and(query_param("colour", "red"))
            .and(query_param("page", page))
            .and(query_param("page_size", "3"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"items": items, "next_page": next})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let all: Vec<u32> = numbers(&server)
        .page(2)
        .page_size(3)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, vec![3, 4, 5, 6]);
    server.verify().await;
}

#[tokio::test]
async fn one_page_is_numbered_and_linked_pages_are_followed() {
    let server = MockServer::start().await;
    let next = format!("<{}/numbers?cursor=b>; rel=\"next\"", server.uri());
    Mock::given(path("/numbers"))
        .and(query_param("cursor", "b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": [2]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/numbers"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": [1]}))
                .insert_header("link", next.as_str()),
        )
        .expect(2)
        .mount(&server)
        .await;
    let first = numbers(&server).send().await.unwrap();
    assert_eq!((first.items.as_slice(), first.page), (&[1][..], Some(1)));
    let pages: Vec<Page<u32>> = numbers(&server).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].items, vec![2]);
    assert_eq!(
        pages[1].page, None,
        "a linked page has no number of its own"
    );
    server.verify().await;
}

#[tokio::test]
async fn refused_requests_send_nothing_and_name_the_rule() {
    let server = MockServer::start().await;
    Mock::given(path("/numbers"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let cases = [
        (numbers(&server).page(0), "page"),
        (numbers(&server).page_size(4), "page_size"),
        (numbers(&server).page_size(0), "page_size"),
        (
            Numbers {
                colour: Some("plaid"),
                ..numbers(&server)
            },
            "colour",
        ),
    ];
    for (endpoint, field) in cases {
        let sent = endpoint.clone().send().await.unwrap_err();
        assert!(
            matches!(&sent, Error::InvalidInput(refusal) if refusal.field == field),
            "{sent:?}"
        );
        let streamed: Vec<Result<u32, Error>> = endpoint.stream().collect().await;
        assert_eq!(streamed.len(), 1, "one refusal, then the end");
        assert!(
            matches!(&streamed[0], Err(Error::InvalidInput(refusal)) if refusal.field == field)
        );
    }
    server.verify().await;
}

#[tokio::test]
async fn an_item_that_does_not_decode_fails_alone_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    Mock::given(path("/numbers"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": [9]})))
        .mount(&server)
        .await;
    Mock::given(path("/numbers"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": [1, "two", 3, -4, 5], "next_page": 2})),
        )
        .mount(&server)
        .await;
    let results: Vec<Result<u32, Error>> = numbers(&server).stream().collect().await;
    let shown: Vec<String> = results
        .iter()
        .map(|result| match result {
            Ok(n) => n.to_string(),
            Err(Error::Item(item)) => format!("item {} failed", item.index),
            Err(other) => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shown,
        ["1", "item 1 failed", "3", "item 3 failed", "5", "9"]
    );
    let page = numbers(&server).send().await.unwrap();
    assert_eq!(page.items, vec![1, 3, 5]);
    assert_eq!(page.failed.len(), 2);
    assert!(
        page.failed[0].to_string().contains("item 1: invalid type"),
        "{}",
        page.failed[0]
    );
}

#[tokio::test]
async fn a_page_of_nothing_but_failed_items_does_not_end_the_stream() {
    let server = MockServer::start().await;
    Mock::given(path("/numbers"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": [7]})))
        .mount(&server)
        .await;
    Mock::given(path("/numbers"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": ["x", "y"], "next_page": 2})),
        )
        .mount(&server)
        .await;
    let results: Vec<Result<u32, Error>> = numbers(&server).stream().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(
        results[..2]
            .iter()
            .all(|r| matches!(r, Err(Error::Item(_))))
    );
    assert_eq!(results[2].as_ref().ok(), Some(&7));
}
