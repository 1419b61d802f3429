//! The channel's read side (the multi-item stock query, SKUs through the override table) and
//! its `check_update`, against a mock service.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use bulkinsert_client::prelude::*;
use bulkinsert_client::{BulkInsertError, LocationId, Quantity, READ_QUANTITY, Sku};
use client_core::clock::ManualClock;
use common::*;
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, ReadScope, SkuMap, StockKind,
    StockUpdate,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

fn overrides(entries: &[(&str, &str)]) -> SkuMap {
    let mut map = SkuMap::new();
    for (sku_text, item) in entries {
        map.insert(sku(sku_text), *item).unwrap();
    }
    map
}

fn stock_mock() -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path("/inventory"))
}

#[tokio::test]
async fn one_stock_query_reads_every_mapped_sku_at_the_channels_location() {
    let server = MockServer::start().await;
    stock_mock()
        .and(body_json(json!({
            "items": [
                {"itemId": "1000000003", "quantity": 4294967295_u64},
                {"itemId": "1000000051", "quantity": 4294967295_u64},
                {"itemId": "1000000077", "quantity": 4294967295_u64},
                {"itemId": "1000000088", "quantity": 4294967295_u64},
                {"itemId": "1000000099", "quantity": 4294967295_u64}
            ],
            "channelId": 12
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {
                "itemId": 1000000003, "quantityRequested": 4294967295_u64, "inStock": false,
                "fromStockQuantity": 12,
                "fromStock": [
                    {"locationId": 104, "quantityReserved": 1, "quantityAllocated": 10,
                     "stockRemaining": 9, "stockRequest": 9, "channelId": 12},
                    {"locationId": 105, "quantityReserved": 0, "quantityAllocated": 3,
                     "stockRemaining": 3, "stockRequest": 3, "channelId": 12}
                ],
                "fromTransitQuantity": 0, "fromTransit": [],
                "availableStockQuantity": 12, "availableTransitQuantity": 0, "availableTotal": 12
            },
            {
                "itemId": "1000000051", "inStock": false,
                "fromStock": [{"locationId": 105, "stockRequest": 3}],
                "availableStockQuantity": 3, "availableTotal": 3
            },
            {
                "itemId": "1000000077", "inStock": false, "fromStock": null,
                "availableStockQuantity": 0, "availableTransitQuantity": 40, "availableTotal": 40
            },
            {"itemId": "1000000088", "inStock": "yes", "availableTotal": 1}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let channel = client
        .channel(LocationId::new(104))
        .with_sku_map(&overrides(&[
            ("LP-1", "1000000003"),
            ("LP-2", "1000000051"),
            ("LP-3", "1000000077"),
            ("LP-4", "1000000088"),
            ("LP-5", "1000000099"),
        ]))
        .unwrap();
    assert_eq!(READ_QUANTITY, Quantity::new(u32::MAX));

    let asked = [
        sku("LP-1"),
        sku("LP-2"),
        sku("LP-3"),
        sku("LP-4"),
        sku("LP-5"),
        sku("UNMAPPED"),
        sku("LP-1"),
    ];
    let holdings = channel.read(&asked).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_common_headers(&requests[0]);
    assert_eq!(holdings.scope(), ReadScope::AskedOnly);
    assert_eq!(holdings.unasked(), None);
    let held: Vec<(&str, &str, u32)> = holdings
        .held()
        .iter()
        .map(|item| {
            (
                item.sku.as_str(),
                item.item_id.as_str(),
                item.quantity.get(),
            )
        })
        .collect();
    assert_eq!(
        held,
        [
            // What location 104 gives, not the other location's stock.
            ("LP-1", "1000000003", 9),
            // Stock at other locations only.
            ("LP-2", "1000000051", 0),
            // No locations given: the stock on hand, not the transit in the total.
            ("LP-3", "1000000077", 0),
        ]
    );
    assert!(holdings.held().iter().all(|item| item.price.is_none()));
    // Left out of the answer, or not mapped to an item ID (no request for it).
    assert_eq!(holdings.missing(), [sku("LP-5"), sku("UNMAPPED")]);
    let unread = holdings.unreadable();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].item, "item 1000000088");
    assert_eq!(unread[0].sku, Some(sku("LP-4")));
    assert!(unread[0].reason.starts_with("inStock: "), "{unread:?}");
}

#[tokio::test]
async fn the_query_goes_in_chunks_and_unmapped_skus_cost_nothing() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(|request: &wiremock::Request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            let answer: Vec<serde_json::Value> = body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| {
                    json!({"itemId": item["itemId"], "inStock": false, "fromStock": [],
                           "availableStockQuantity": 5, "availableTotal": 5})
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(answer)
        })
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_at(fixed_time());
    let client = builder(&server, &clock).chunk_size(2).build().unwrap();
    let channel = client
        .channel(LocationId::new(104))
        .with_sku_map(&overrides(&[("A", "1"), ("B", "2"), ("C", "3")]))
        .unwrap();

    let holdings = channel
        .read(&[sku("A"), sku("B"), sku("C"), sku("D")])
        .await
        .unwrap();
    assert_eq!(holdings.held().len(), 3);
    assert_eq!(holdings.missing(), [sku("D")]);

    let nothing_mapped = client.channel(LocationId::new(104));
    let holdings = nothing_mapped.read(&[sku("A")]).await.unwrap();
    assert_eq!(holdings.missing(), [sku("A")]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_failed_query_fails_the_read_as_a_whole() {
    let server = MockServer::start().await;
    stock_mock()
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Unauthorized"})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let channel = client
        .channel(LocationId::new(104))
        .with_sku_map(&overrides(&[("A", "1")]))
        .unwrap();
    let error = channel.read(&[sku("A")]).await.unwrap_err();
    assert_eq!(error.channel(), "bulk-insert");
    assert_eq!(error.operation(), inventory_model::ChannelOperation::Read);
    let source = error.get_ref().downcast_ref::<BulkInsertError>().unwrap();
    assert_eq!(source.status().map(|status| status.as_u16()), Some(401));
}

#[tokio::test]
async fn a_mapped_sku_is_pushed_by_its_item_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/bulk-insert"))
        .and(body_json(json!([
            {"itemId": 1000000003, "totalQuantity": 3, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12},
            {"sku": "LP-9", "totalQuantity": 1, "reservedQuantity": 0, "locationId": 104, "type": "Stock", "channelId": 12}
        ])))
        .respond_with(fixtures().json_answer(200, "import_job.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let channel = client
        .channel(LocationId::new(104))
        .with_sku_map(&overrides(&[("LP-1", "1000000003")]))
        .unwrap();
    assert_eq!(
        channel.item_id_for(&sku("LP-1")).map(|id| id.get()),
        Some(1_000_000_003)
    );
    assert_eq!(channel.item_id_for(&sku("LP-9")), None);
    let report = channel
        .push(&[
            StockUpdate::new(sku("LP-1"), Quantity::new(3)).into(),
            StockUpdate::new(sku("LP-9"), Quantity::new(1)).into(),
        ])
        .await
        .unwrap();
    assert!(report.all_accepted(), "{report:?}");
}

#[test]
fn an_override_table_must_name_item_ids() {
    let server_less = bulkinsert_client::BulkInsertClient::builder(
        "https://inventory.example.com/api-inventory",
        site(),
    )
    .api_key(API_KEY)
    .build()
    .unwrap();
    for bad in ["0", "inv_7", "-3"] {
        let error = server_less
            .channel(LocationId::new(104))
            .with_sku_map(&overrides(&[("LP-1", bad)]))
            .unwrap_err();
        match error {
            BulkInsertError::InvalidInput(refusal) => {
                assert_eq!(refusal.field, "sku_map");
                assert!(refusal.rule.contains(&format!("`{bad}`")), "{refusal}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn check_update_refuses_what_push_rejects_and_accepts_what_it_takes() {
    let server = MockServer::start().await;
    let (client, _) = client(&server);
    let channel = client.channel(LocationId::new(104));
    let refused: Vec<InventoryUpdate> = vec![
        PriceUpdate::new(sku("LP-1"), Money::new(Decimal::new(999, 2), Currency::Usd)).into(),
        StockUpdate::new(sku("LP-2"), Quantity::new(4))
            .with_kind(StockKind::InTransit)
            .into(),
    ];
    let report = channel.push(&refused).await.unwrap();
    assert!(server.received_requests().await.unwrap().is_empty());
    for (update, outcome) in refused.iter().zip(report.outcomes()) {
        let refusal = channel.check_update(update).unwrap_err();
        assert_eq!(outcome.outcome.reason(), Some(refusal.reason.as_str()));
        assert_eq!(outcome.outcome.code(), refusal.code.as_deref());
    }
    let on_hand: InventoryUpdate = StockUpdate::new(sku("LP-3"), Quantity::new(0)).into();
    assert_eq!(channel.check_update(&on_hand), Ok(()));
    let with_transit = channel.transit_details(
        bulkinsert_client::TransitDetails::new(
            time::macros::date!(2020 - 05 - 05),
            time::macros::date!(2020 - 05 - 06),
            "WO-1",
        )
        .unwrap(),
    );
    assert_eq!(with_transit.check_update(&refused[1]), Ok(()));
}
