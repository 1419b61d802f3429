//! Analytics summary and trends.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client, json_answer};
use instica_client::ItemStatus;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn summary_decodes_money_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/analytics/summary/"))
        .and(header("authorization", BEARER))
        .respond_with(json_answer("analytics_summary.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let summary = client(&server).analytics().summary().await.unwrap();
    assert_eq!(summary.total_items, 245);
    assert_eq!(summary.sold_items, 65);
    assert_eq!(summary.total_cost_basis.amount().to_string(), "3250.00");
    assert_eq!(summary.sold_profit.to_string(), "$1,850.00");
    assert_eq!(summary.sell_through_rate, 0.265);
    assert_eq!(summary.average_days_to_sell, Some(18.3));
    assert_eq!(summary.status_breakdown[0].status, ItemStatus::ReadyToSell);
    assert_eq!(summary.status_breakdown[1].count, 120);
    assert_eq!(summary.updated_at.unwrap().hour(), 12);
}

#[tokio::test]
async fn trends_decode_dates_and_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/analytics/trends/"))
        .and(header("authorization", BEARER))
        .and(query_param("days", "30"))
        .respond_with(json_answer("analytics_trends.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/analytics/trends/"))
        .and(query_param_is_missing("days"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "range_days": 7, "range_start": "2025-02-22", "range_end": "2025-03-01",
            "purchases": [], "listings": []
        })))
        .expect(1)
        .mount(&server)
        .await;

    let analytics = client(&server).analytics();
    let trends = analytics.trends(Some(30)).await.unwrap();
    assert_eq!(trends.range_days, 30);
    assert_eq!(trends.range_start.to_string(), "2025-02-01");
    assert_eq!(trends.purchases[1].count, 3);
    assert_eq!(trends.purchases[1].value.amount().to_string(), "75.00");
    assert_eq!(trends.listings.len(), 2);
    assert_eq!(trends.sales[0].value.amount().to_string(), "69.98");

    let default_range = analytics.trends(None).await.unwrap();
    assert!(default_range.sales.is_empty());
    assert!(analytics.trends(Some(0)).await.is_err());
}
