//! The channel's read side (the item list, page by page) and its `check_update`, against a
//! mock Instica.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client};
use instica_client::prelude::*;
use instica_client::{InsticaError, SELLABLE_STATUSES};
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, ReadScope, Sku, SkuMap,
    StockUpdate,
};
use serde_json::json;
use test_support::exact_query;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

fn usd(amount: &str) -> Money {
    Money::new(amount.parse::<Decimal>().unwrap(), Currency::Usd)
}

fn item(uid: &str, manual_sku: Option<&str>, status: &str, price: &str) -> serde_json::Value {
    json!({
        "uid": uid, "title": "Kind of Blue - NM", "manual_sku": manual_sku,
        "status": status, "price_total_usd": price, "assets": []
    })
}

async fn mount_pages(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(header("authorization", BEARER))
        .and(exact_query(&[("page_size", "100")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 12,
            "next": format!("{}/inventory/?page=2&page_size=100", server.uri()),
            "previous": null,
            "results": [
                item("inv_1", Some("LP-1"), "ready-to-sell", "24.99"),
                item("inv_2", Some("LP-2"), "listed", "30.00"),
                item("inv_3", Some("LP-3"), "draft", "12.00"),
                item("inv_4", None, "ready-to-sell", "8.00"),
                item("inv_5", Some("LP-5"), "sold", "15.00"),
                item("inv_6", Some("LP-5"), "received", "16.00"),
                {"uid": "inv_bad", "status": "listed", "price_total_usd": "twelve dollars"}
            ]
        })))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(exact_query(&[("page", "2"), ("page_size", "100")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 12, "next": null, "previous": null,
            "results": [
                item("inv_7", Some("UNASKED"), "ready-to-sell", "5.00"),
                item("inv_8", Some("CAT-OLD"), "listed", "40.00"),
                item("inv_9", Some("DUP"), "ready-to-sell", "9.00"),
                item("inv_10", Some("DUP"), "listed", "9.00"),
                item("inv_11", None, "listed", "1.00")
            ]
        })))
        .expect(1)
        .mount(server)
        .await;
}

fn channel(server: &MockServer) -> instica_client::InsticaChannel {
    let mut overrides = SkuMap::new();
    overrides.insert(sku("CATALOG-9"), "inv_8").unwrap();
    client(server).channel().with_sku_map(&overrides)
}

#[tokio::test]
async fn the_item_list_is_read_page_by_page_and_each_item_is_one_unit() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    let channel = channel(&server);
    assert_eq!(
        SELLABLE_STATUSES.map(|status| status.as_str().to_owned()),
        ["ready-to-sell", "listed"]
    );

    let asked = [
        sku("LP-1"),
        sku("LP-2"),
        sku("LP-3"),
        sku("inv_4"),
        sku("LP-5"),
        sku("CATALOG-9"),
        sku("DUP"),
        sku("MISSING"),
    ];
    let holdings = channel.read(&asked).await.unwrap();

    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert_eq!(holdings.scope(), ReadScope::WholeChannel);
    let held: Vec<(&str, &str, u32, Option<Money>)> = holdings
        .held()
        .iter()
        .map(|item| {
            (
                item.sku.as_str(),
                item.item_id.as_str(),
                item.quantity.get(),
                item.price,
            )
        })
        .collect();
    assert_eq!(
        held,
        [
            ("LP-1", "inv_1", 1, Some(usd("24.99"))),
            ("LP-2", "inv_2", 1, Some(usd("30.00"))),
            // A draft is not for sale.
            ("LP-3", "inv_3", 0, Some(usd("12.00"))),
            // No manual_sku: an asked UID is the item, as in a push.
            ("inv_4", "inv_4", 1, Some(usd("8.00"))),
            // The sold copy is history; the one received is the SKU's, not yet for sale.
            ("LP-5", "inv_6", 0, Some(usd("16.00"))),
            // The override wins over the item's own manual_sku.
            ("CATALOG-9", "inv_8", 1, Some(usd("40.00"))),
        ]
    );
    assert_eq!(holdings.missing(), [sku("MISSING")]);
    let unasked: Vec<&str> = holdings
        .unasked()
        .unwrap()
        .iter()
        .map(|item| item.sku.as_str())
        .collect();
    assert_eq!(unasked, ["UNASKED"]);
    let unread = holdings.unreadable();
    assert_eq!(unread.len(), 2, "{unread:?}");
    assert_eq!(unread[0].item, "inv_bad");
    assert!(
        unread[0].reason.starts_with("price_total_usd: "),
        "{unread:?}"
    );
    assert_eq!(unread[1].item, "inv_9, inv_10");
    assert_eq!(unread[1].sku, Some(sku("DUP")));

    // The read taught the channel each manual_sku: a push of LP-1 reaches inv_1, and DUP is
    // refused before sending with the read's words.
    assert_eq!(channel.uid_for(&sku("LP-1")).unwrap().as_str(), "inv_1");
    let refusal = channel
        .check_update(&PriceUpdate::new(sku("DUP"), usd("5")).into())
        .unwrap_err();
    assert_eq!(refusal.code.as_deref(), Some("ambiguous_sku"));
    assert_eq!(refusal.reason, unread[1].reason);
}

#[tokio::test]
async fn after_a_read_a_price_goes_to_the_item_of_its_manual_sku() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/price/"))
        .and(body_json(
            json!({"items": ["inv_1", "inv_8"], "value": "20.00", "mode": "set"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success_count": 2, "failure_count": 0, "total_count": 2,
            "errors": [], "updated_uids": ["inv_1", "inv_8"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let channel = channel(&server);
    channel.read(&[]).await.unwrap();

    let report = channel
        .push(&[
            PriceUpdate::new(sku("LP-1"), usd("20")).into(),
            PriceUpdate::new(sku("CATALOG-9"), usd("20.00")).into(),
        ])
        .await
        .unwrap();
    assert!(report.all_accepted(), "{report:?}");
}

#[tokio::test]
async fn a_page_that_fails_fails_the_read_as_a_whole() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "detail": "Authentication credentials were not provided."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .channel()
        .read(&[sku("LP-1")])
        .await
        .unwrap_err();
    assert_eq!(error.channel(), "instica");
    assert_eq!(error.operation(), inventory_model::ChannelOperation::Read);
    let source = error.get_ref().downcast_ref::<InsticaError>().unwrap();
    assert_eq!(source.status().map(|status| status.as_u16()), Some(401));
}

#[tokio::test]
async fn check_update_refuses_what_push_rejects_and_accepts_what_it_takes() {
    let server = MockServer::start().await;
    let channel = client(&server).channel();
    let refused: Vec<InventoryUpdate> = vec![
        StockUpdate::new(sku("inv_1"), Quantity::new(1)).into(),
        PriceUpdate::new(sku("inv_2"), Money::new(Decimal::ONE, Currency::Eur)).into(),
        PriceUpdate::new(sku("inv_3"), usd("12.345")).into(),
        PriceUpdate::new(sku("inv_4"), usd("123456789012")).into(),
    ];
    let report = channel.push(&refused).await.unwrap();
    assert!(server.received_requests().await.unwrap().is_empty());
    for (update, outcome) in refused.iter().zip(report.outcomes()) {
        let refusal = channel.check_update(update).unwrap_err();
        assert_eq!(
            outcome.outcome.reason(),
            Some(refusal.reason.as_str()),
            "{update:?}"
        );
        assert_eq!(outcome.outcome.code(), refusal.code.as_deref());
    }
    assert_eq!(
        channel.check_update(&PriceUpdate::new(sku("inv_5"), usd("12.34")).into()),
        Ok(())
    );
}
