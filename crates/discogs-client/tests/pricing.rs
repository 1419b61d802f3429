//! Fees, price suggestions and release statistics against a mock Discogs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{client, json, standard_headers};
use discogs_client::{DiscogsError, DiscogsErrorKind, MediaCondition};
use inventory_model::{Currency, Decimal};
use test_support::exact_query;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn fee_for_a_price() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/fee/10.00"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "fee.json"))
        .expect(1)
        .mount(&server)
        .await;
    let fee = client(&server).fee(Decimal::new(1000, 2)).await.unwrap();
    assert_eq!(fee.amount().to_string(), "0.42");
    assert_eq!(fee.currency(), Currency::Usd);
}

#[tokio::test]
async fn fee_for_a_price_in_a_currency() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/fee/12.5/GBP"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"value": 0.5425, "currency": "GBP"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let fee = client(&server)
        .fee_in(Decimal::new(125, 1), Currency::Gbp)
        .await
        .unwrap();
    assert_eq!(fee.amount().to_string(), "0.5425");
    assert_eq!(fee.currency(), Currency::Gbp);
}

#[tokio::test]
async fn fee_errors_and_refusals() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/fee/10/ZAR"))
        .respond_with(json(404, "error_404.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let missing = discogs
        .fee_in(Decimal::new(10, 0), Currency::Zar)
        .await
        .unwrap_err();
    assert!(matches!(
        missing,
        DiscogsError::Api {
            kind: DiscogsErrorKind::NotFound,
            ..
        }
    ));

    let refused_price = discogs.fee(Decimal::new(-1, 0)).await.unwrap_err();
    assert!(
        matches!(&refused_price, DiscogsError::InvalidInput(refusal) if refusal.field == "price")
    );
    let refused_currency = discogs
        .fee_in(Decimal::new(10, 0), Currency::Pln)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused_currency, DiscogsError::InvalidInput(refusal) if refusal.field == "currency")
    );
    // Only the one ZAR request reached the server.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn price_suggestions_decode_exactly_best_first() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/price_suggestions/1"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "price_suggestions.json"))
        .expect(1)
        .mount(&server)
        .await;
    let suggestions = client(&server).price_suggestions(1).await.unwrap();
    let conditions: Vec<_> = suggestions
        .suggestions
        .iter()
        .map(|s| s.condition.clone())
        .collect();
    assert_eq!(conditions, MediaCondition::KNOWN);
    let mint = suggestions.get(&MediaCondition::Mint).unwrap();
    assert_eq!(mint.amount().to_string(), "14.319139100000001");
    assert_eq!(
        suggestions
            .get(&MediaCondition::GoodPlus)
            .unwrap()
            .amount()
            .to_string(),
        "3.7681945000000003"
    );
    assert_eq!(mint.currency(), Currency::Usd);
}

#[tokio::test]
async fn price_suggestions_may_be_empty_and_need_authentication() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/price_suggestions/2"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/price_suggestions/3"))
        .respond_with(json(401, "error_401.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    assert!(discogs.price_suggestions(2).await.unwrap().is_empty());
    let error = discogs.price_suggestions(3).await.unwrap_err();
    assert!(matches!(
        error,
        DiscogsError::Api {
            kind: DiscogsErrorKind::Unauthorized,
            ..
        }
    ));
}

#[tokio::test]
async fn release_stats_with_and_without_currency() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/1"))
        .and(exact_query(&[("curr_abbr", "USD")]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "release_stats.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/2"))
        .and(exact_query(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"lowest_price": null, "num_for_sale": null, "blocked_from_sale": true}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let stats = discogs.release_stats(1, Some(Currency::Usd)).await.unwrap();
    assert_eq!(stats.lowest_price.unwrap().amount().to_string(), "2.09");
    assert_eq!(stats.num_for_sale, Some(26));
    assert!(!stats.blocked_from_sale);
    let blocked = discogs.release_stats(2, None).await.unwrap();
    assert_eq!(blocked.lowest_price, None);
    assert_eq!(blocked.num_for_sale, None);
    assert!(blocked.blocked_from_sale);
}

#[tokio::test]
async fn release_stats_errors_and_refusals() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/9"))
        .respond_with(json(404, "error_404.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let missing = discogs.release_stats(9, None).await.unwrap_err();
    assert!(matches!(
        missing,
        DiscogsError::Api {
            kind: DiscogsErrorKind::NotFound,
            ..
        }
    ));
    let refused = discogs
        .release_stats(9, Some(Currency::Krw))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, DiscogsError::InvalidInput(refusal) if refusal.field == "curr_abbr")
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
