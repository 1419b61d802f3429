//! `bulkinsert-client` end to end against the stateful bulk-insert fake of
//! `marketplace-sandbox`.
//!
//! Every test checks the records the fake holds afterwards, not only what the client returned.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use bulkinsert_client::prelude::*;
use bulkinsert_client::{
    BulkInsertClient, BulkInsertError, BulkInsertErrorKind, ChannelId, Date, InventoryRecord,
    ItemId, LocationId, Quantity, RecordType, ServiceId, SiteContext, Sku, Stage, StockRequest,
    TransitDetails,
};
use client_core::clock::{ManualClock, NoJitter};
use futures::TryStreamExt;
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, StockKind, StockUpdate,
};
use marketplace_sandbox::bulk_insert::{BulkInsertSandbox, DEFAULT_ACCOUNT, StockRecordKind};

const BULK_INSERT_PATH: &str = "/inventory/bulk-insert";

fn client(sandbox: &BulkInsertSandbox) -> BulkInsertClient {
    let site = SiteContext::new(DEFAULT_ACCOUNT, Stage::Sandbox, ChannelId::US).unwrap();
    BulkInsertClient::builder(sandbox.base_url(), site)
        .clock(Arc::new(ManualClock::new()))
        .jitter(Arc::new(NoJitter))
        .build()
        .unwrap()
}

fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

/// A day of 2024 by its number in the year (2024-05-05 is day 126).
fn day_of_2024(ordinal: u16) -> Date {
    Date::from_ordinal_date(2024, ordinal).unwrap()
}

/// The item id the fake gave a SKU.
fn item_id_of(sandbox: &BulkInsertSandbox, sku: &str) -> String {
    sandbox
        .records()
        .into_iter()
        .find(|record| record.sku.as_deref() == Some(sku))
        .map(|record| record.item_id)
        .unwrap_or_else(|| panic!("the fake holds no record of {sku}"))
}

#[tokio::test]
async fn stock_and_transit_records_are_stored_and_read_back() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let transit = TransitDetails::new(day_of_2024(126), day_of_2024(141), "WO-31337").unwrap();

    let records = vec![
        // A known SKU at the shop floor (the fake resolves it to item 1000000214).
        InventoryRecord::stock(
            sku("LP-KOB-1959"),
            LocationId::new(105),
            ChannelId::US,
            Quantity::new(11),
        ),
        // A SKU the fake has never seen: it becomes a new item.
        InventoryRecord::stock(
            sku("LP-NEW-0001"),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(4),
        ),
        // Stock on its way, named by item id.
        InventoryRecord::transit(
            ItemId::new(1_000_000_215).unwrap(),
            LocationId::new(301),
            ChannelId::US,
            Quantity::new(20),
            transit,
        ),
    ];
    let job = client.bulk_insert(&records).await.unwrap();
    assert!(job.is_finished(), "{job:?}");
    assert!(!job.has_row_errors(), "{job:?}");
    assert_eq!(job.total_rows, Some(3));
    assert_eq!(job.total_items, Some(3));

    // What the fake holds now.
    assert_eq!(sandbox.stock_quantity("1000000214", 105), Some(11));
    assert_eq!(sandbox.stock_quantity("1000000214", 104), Some(14));
    let new_item = item_id_of(&sandbox, "LP-NEW-0001");
    assert_eq!(sandbox.stock_quantity(&new_item, 104), Some(4));
    let transits = sandbox.transit_records("1000000215");
    assert_eq!(transits.len(), 1);
    assert_eq!(transits[0].kind, StockRecordKind::Transit);
    assert_eq!(transits[0].location_id, 301);
    assert_eq!(transits[0].quantity, 20);
    assert_eq!(
        transits[0].transit_order_date.as_deref(),
        Some("2024-05-05")
    );
    assert_eq!(
        transits[0].transit_stock_date.as_deref(),
        Some("2024-05-20")
    );
    assert_eq!(transits[0].transit_ref.as_deref(), Some("WO-31337"));
    assert_eq!(sandbox.import_jobs().len(), 1);
    assert_eq!(sandbox.import_jobs()[0].total_rows, 3);

    // Read back through the location listing, two records a page.
    let shop_floor: Vec<_> = client
        .location_inventory(LocationId::new(105))
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let expected_at_105 = sandbox
        .records()
        .iter()
        .filter(|record| record.location_id == 105)
        .count();
    assert_eq!(shop_floor.len(), expected_at_105);
    assert!(expected_at_105 > 2, "the listing must span pages");
    let kob = shop_floor
        .iter()
        .find(|record| record.sku.as_deref() == Some("LP-KOB-1959"))
        .unwrap();
    assert_eq!(kob.item_id, Some("1000000214".into()));
    assert_eq!(kob.total_quantity, Some(11));
    assert_eq!(kob.record_type, Some(RecordType::Stock));
    assert_eq!(kob.channel_id, Some(ChannelId::US));

    let inbound: Vec<_> = client
        .location_inventory(LocationId::new(301))
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ours = inbound
        .iter()
        .find(|record| record.transit_ref.as_deref() == Some("WO-31337"))
        .unwrap();
    assert_eq!(ours.item_id, Some("1000000215".into()));
    assert_eq!(ours.record_type, Some(RecordType::Transit));
    assert_eq!(ours.total_quantity, Some(20));
    assert_eq!(ours.transit_stock_date.as_deref(), Some("2024-05-20"));

    // And through the stock query: stock on hand over every location of the channel.
    let levels = client
        .stock_levels(&[
            StockRequest::new(ItemId::new(1_000_000_214).unwrap(), Quantity::new(3)),
            StockRequest::new(
                ItemId::new(new_item.parse().unwrap()).unwrap(),
                Quantity::new(5),
            ),
        ])
        .await
        .unwrap();
    assert!(levels.is_complete(), "{:?}", levels.failed);
    let levels = levels.items;
    assert_eq!(levels.len(), 2);
    assert_eq!(levels[0].item_id, Some("1000000214".into()));
    // Stock on hand (14 in 104, 11 in 105) and, apart, the demo data's 20 in transit to 301;
    // `availableTotal` counts both (field notes §3 names the three figures).
    assert_eq!(levels[0].available_stock_quantity, Some(14 + 11));
    assert_eq!(levels[0].available_transit_quantity, Some(20));
    assert_eq!(levels[0].available_total, 14 + 11 + 20);
    assert_eq!(levels[0].from_stock_quantity, Some(3));
    assert!(levels[0].in_stock);
    assert_eq!(levels[1].item_id, Some(new_item.as_str().into()));
    assert_eq!(levels[1].available_total, 4);
    assert!(!levels[1].in_stock, "5 wanted, 4 held");
}

#[tokio::test]
async fn an_unknown_location_is_a_typed_row_error_and_nothing_is_saved() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let before = sandbox.records();

    let records = vec![
        InventoryRecord::stock(
            sku("123456"),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(1),
        ),
        InventoryRecord::stock(
            sku("LP-ALS-1965"),
            LocationId::new(999),
            ChannelId::US,
            Quantity::new(2),
        ),
    ];
    let error = client.bulk_insert(&records).await.unwrap_err();

    let BulkInsertError::Api {
        kind: BulkInsertErrorKind::Rejected,
        row_errors,
        ..
    } = &error
    else {
        panic!("expected a rejection, got {error:?}");
    };
    assert_eq!(row_errors.len(), 1);
    let row = &row_errors[0];
    assert_eq!(row.row(), 2);
    assert_eq!(row.record_index(), Some(1));
    assert_eq!(row.field(), Some("Location Id"));
    assert_eq!(row.value(), Some("999"));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert_eq!(
        error.message(),
        Some(r#"Inventory insert failed: Row 2: Cannot find "Location Id" 999."#)
    );
    assert!(!error.is_retryable());

    // The first row was fine, but the request failed as a whole: nothing changed, and the
    // client did not send it again.
    assert_eq!(sandbox.records(), before);
    assert!(sandbox.import_jobs().is_empty());
    assert_eq!(sandbox.request_log().count("POST", BULK_INSERT_PATH), 1);
}

#[tokio::test]
async fn a_batch_larger_than_the_chunk_size_is_split_and_wholly_applied() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let site = SiteContext::new(DEFAULT_ACCOUNT, Stage::Sandbox, ChannelId::US).unwrap();
    let client = BulkInsertClient::builder(sandbox.base_url(), site)
        .chunk_size(10)
        .max_concurrent_requests(2)
        .build()
        .unwrap();

    let records: Vec<InventoryRecord> = (0..35u32)
        .map(|n| {
            InventoryRecord::stock(
                sku(&format!("BATCH-{n:03}")),
                LocationId::new(104),
                ChannelId::US,
                Quantity::new(n + 1),
            )
        })
        .collect();
    let report = client.bulk_insert_batch(&records).send().await.unwrap();

    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.record_count(), 35);
    let chunks: Vec<_> = report
        .chunks()
        .iter()
        .map(|chunk| chunk.records.clone())
        .collect();
    assert_eq!(chunks, [0..10, 10..20, 20..30, 30..35]);
    for chunk in report.chunks() {
        let job = chunk.job().unwrap();
        assert_eq!(job.total_rows, Some(chunk.records.len() as u64));
    }

    // Four requests, four jobs, every record stored with its own quantity.
    assert_eq!(sandbox.request_log().count("POST", BULK_INSERT_PATH), 4);
    let mut job_sizes: Vec<usize> = sandbox
        .import_jobs()
        .iter()
        .map(|job| job.total_rows)
        .collect();
    job_sizes.sort_unstable();
    assert_eq!(job_sizes, [5, 10, 10, 10]);
    for n in 0..35i64 {
        let item = item_id_of(&sandbox, &format!("BATCH-{n:03}"));
        assert_eq!(
            sandbox.stock_quantity(&item, 104),
            Some(n + 1),
            "BATCH-{n:03}"
        );
    }
}

#[tokio::test]
async fn a_503_on_a_bulk_insert_is_retried_and_applied_once() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    sandbox.faults().fail_next(1, 503);

    let records = [InventoryRecord::stock(
        ItemId::new(1_000_000_216).unwrap(),
        LocationId::new(104),
        ChannelId::US,
        Quantity::new(40),
    )];
    let job = client.bulk_insert(&records).await.unwrap();
    assert!(job.is_finished());

    assert_eq!(sandbox.request_log().count("POST", BULK_INSERT_PATH), 2);
    assert_eq!(sandbox.request_log().count_status(503), 1);
    assert_eq!(sandbox.stock_quantity("1000000216", 104), Some(40));
    assert_eq!(sandbox.import_jobs().len(), 1);
}

#[tokio::test]
async fn a_stock_channel_push_writes_records_at_the_channels_location() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let transit = TransitDetails::new(day_of_2024(150), day_of_2024(170), "PO-7788").unwrap();
    let channel = client
        .channel(LocationId::new(105))
        .transit_details(transit);

    let batch: Vec<InventoryUpdate> = vec![
        StockUpdate::new(sku("CD-OKC-1997"), Quantity::new(8)).into(),
        StockUpdate::new(sku("TT-USB-01"), Quantity::new(3)).into(),
        StockUpdate::new(sku("TT-USB-01"), Quantity::new(12))
            .with_kind(StockKind::InTransit)
            .into(),
        PriceUpdate::new(
            sku("CD-OKC-1997"),
            Money::new(Decimal::new(1_299, 2), Currency::Usd),
        )
        .into(),
    ];
    let report = channel.push(&batch).await.unwrap();

    assert_eq!(channel.channel_name(), "bulk-insert");
    assert_eq!(report.len(), 4);
    let accepted: Vec<bool> = report
        .outcomes()
        .iter()
        .map(|outcome| outcome.is_accepted())
        .collect();
    assert_eq!(accepted, [true, true, true, false]);
    assert_eq!(report.outcomes()[3].sku.as_str(), "CD-OKC-1997");

    // One request carried the three records; the price never left the client.
    assert_eq!(sandbox.request_log().count("POST", BULK_INSERT_PATH), 1);
    assert_eq!(sandbox.stock_quantity("1000000216", 105), Some(8));
    assert_eq!(sandbox.stock_quantity("1000000216", 104), Some(42));
    assert_eq!(sandbox.stock_quantity("1000000217", 105), Some(3));
    let transits = sandbox.transit_records("1000000217");
    assert_eq!(transits.len(), 1);
    assert_eq!(transits[0].location_id, 105);
    assert_eq!(transits[0].quantity, 12);
    assert_eq!(transits[0].transit_ref.as_deref(), Some("PO-7788"));
    assert_eq!(
        transits[0].transit_order_date.as_deref(),
        Some("2024-05-29")
    );
}

#[tokio::test]
async fn a_stock_channel_push_reports_the_row_the_fake_refused() {
    // A channel writing to a location the fake does not know: the fake refuses row 1, which
    // fails the whole request, so the second record is not applied either.
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let before = sandbox.records();
    let channel = client.channel(LocationId::new(777));

    let batch: Vec<InventoryUpdate> = vec![
        StockUpdate::new(sku("CD-OKC-1997"), Quantity::new(8)).into(),
        StockUpdate::new(sku("TT-USB-01"), Quantity::new(1)).into(),
    ];
    let report = channel.push(&batch).await.unwrap();

    assert_eq!(report.rejected_count(), 2, "{report:?}");
    let first = &report.outcomes()[0].outcome;
    assert_eq!(first.code(), Some("row_error"));
    assert!(
        first
            .reason()
            .unwrap()
            .contains(r#"Cannot find "Location Id" 777"#),
        "{first:?}"
    );
    let second = &report.outcomes()[1].outcome;
    assert_eq!(second.code(), Some("400"));
    assert!(
        second.reason().unwrap().starts_with("not applied"),
        "{second:?}"
    );
    assert_eq!(sandbox.records(), before);
    assert_eq!(sandbox.request_log().count_status(400), 1);
}

// ---------------------------------------------------------------------------------------------
// What the live service requires and answers beyond bulk-insert.md (issue 14, field notes §3)
// ---------------------------------------------------------------------------------------------

// field notes §3: the live page marks `reservedQuantity` required (it is absent from
// bulk-insert.md). The fake refuses a row without it, so a record accepted without a reserved
// quantity of its own proves the client sent `0`, and one with a reservation is stored with it.
#[tokio::test]
async fn reserved_quantity_is_sent_with_every_record_and_stored() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);

    let records = [
        InventoryRecord::stock(
            sku("LP-KOB-1959"),
            LocationId::new(104),
            ChannelId::US,
            Quantity::new(20),
        )
        .with_reserved_quantity(Quantity::new(5)),
        InventoryRecord::stock(
            sku("LP-ALS-1965"),
            LocationId::new(105),
            ChannelId::US,
            Quantity::new(3),
        ),
    ];
    assert_eq!(records[1].reserved_quantity(), Quantity::new(0));
    let job = client.bulk_insert(&records).await.unwrap();
    assert!(!job.has_row_errors(), "{job:?}");
    assert_eq!(job.total_rows, Some(2));

    let stored = |item: &str, location: i64| {
        sandbox
            .records()
            .into_iter()
            .find(|record| {
                record.item_id == item
                    && record.location_id == location
                    && record.kind == StockRecordKind::Stock
            })
            .unwrap()
    };
    let kob = stored("1000000214", 104);
    assert_eq!((kob.quantity, kob.reserved_quantity), (20, 5));
    let als = stored("1000000215", 105);
    assert_eq!((als.quantity, als.reserved_quantity), (3, 0));
    assert_eq!(sandbox.request_log().count_status(400), 0);

    // The reservation is what the stock read leaves out: 20 held, 5 reserved, 15 to sell.
    let levels = client
        .stock_levels(&[StockRequest::new(
            ItemId::new(1_000_000_214).unwrap(),
            Quantity::new(1),
        )])
        .await
        .unwrap();
    let kob = levels.get(ItemId::new(1_000_000_214).unwrap()).unwrap();
    let at_104 = &kob.from_stock[0];
    assert_eq!(at_104.location_id, Some("104".into()));
    assert_eq!(at_104.quantity_reserved, Some(5));
    assert_eq!(at_104.quantity_allocated, Some(20));
    assert_eq!(at_104.stock_remaining, Some(15));
}

// field notes §3: `x-site-context` carries `account`, "the 24-character id from Copilot" (24 hex
// characters, as the vendor example `5f493c9f30ec2a0007a94fc8`). An account that is not 24 hex
// characters is refused before any client exists, so nothing is sent.
#[tokio::test]
async fn an_account_that_is_not_24_hex_characters_is_refused_before_sending() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();

    for account in [
        "",
        "5f493c9f30ec2a0007a94fc",   // 23 characters
        "5f493c9f30ec2a0007a94fc8a", // 25
        "5f493c9f30ec2a0007a94fcz",  // 24, not hexadecimal
        "5f493c9f30ec2a0007a94f c8", // a space
    ] {
        let error = SiteContext::new(account, Stage::Sandbox, ChannelId::US).unwrap_err();
        match &error {
            BulkInsertError::InvalidInput(refusal) => {
                assert_eq!(refusal.field, "account", "{account:?}");
            }
            other => panic!("expected a refusal of {account:?}, got {other:?}"),
        }
    }
    assert!(sandbox.request_log().is_empty(), "nothing reached the fake");

    // The vendor's example account is accepted, and the fake answers it.
    let site = SiteContext::new(DEFAULT_ACCOUNT, Stage::Sandbox, ChannelId::US).unwrap();
    assert_eq!(site.account(), DEFAULT_ACCOUNT);
    client(&sandbox)
        .stock_levels(&[StockRequest::new(
            ItemId::new(1_000_000_213).unwrap(),
            Quantity::new(1),
        )])
        .await
        .unwrap();
    assert_eq!(sandbox.request_log().count_status(200), 1);
}

// field notes §3 "Read endpoints": `POST /api-inventory/inventory` with
// `{"items":[{"itemId","quantity"}],"channelId"}` answers an array of `{itemId,
// quantityRequested, stockDate, inStock, fromStockQuantity, fromStock[{locationId,
// quantityReserved, quantityAllocated, stockRemaining, stockRequest, channelId}],
// fromTransitQuantity, fromTransit[], availableStockQuantity, availableTransitQuantity,
// availableTotal}`.
#[tokio::test]
async fn the_multi_item_stock_read_decodes_the_field_notes_shape() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let kob = ItemId::new(1_000_000_214).unwrap();
    let okc = ItemId::new(1_000_000_216).unwrap();

    let levels = client
        .stock_levels(&[
            StockRequest::new(kob, Quantity::new(30)),
            StockRequest::new(okc, Quantity::new(1)),
        ])
        .await
        .unwrap();

    assert!(levels.is_complete(), "{:?}", levels.failed);
    assert_eq!(levels.items.len(), 2);
    // Kind Of Blue: 14 in 104 and 2 in 105 on hand, 20 arriving at 301 on 2024-05-20. Thirty
    // wanted: all 16 from stock, 14 from transit, so not in stock, and due when transit lands.
    let read = levels.get(kob).unwrap();
    assert_eq!(read.item_id, Some("1000000214".into()));
    assert_eq!(read.quantity_requested, Some(30));
    assert!(!read.in_stock);
    assert_eq!(read.from_stock_quantity, Some(16));
    let sources: Vec<(Option<u64>, Option<i64>, Option<i64>)> = read
        .from_stock
        .iter()
        .map(|source| {
            (
                source.location_id.as_ref().and_then(ServiceId::as_number),
                source.stock_request,
                source.stock_remaining,
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            (Some(104), Some(14), Some(14)),
            (Some(105), Some(2), Some(2))
        ]
    );
    assert!(
        read.from_stock
            .iter()
            .all(|source| source.channel_id == Some(ChannelId::US)
                && source.quantity_reserved == Some(0))
    );
    assert_eq!(read.from_transit_quantity, Some(14));
    assert_eq!(read.from_transit.len(), 1);
    assert_eq!(read.from_transit[0]["locationId"], 301);
    assert_eq!(read.from_transit[0]["transitRef"], "WO-20000");
    assert_eq!(read.available_stock_quantity, Some(16));
    assert_eq!(read.available_transit_quantity, Some(20));
    assert_eq!(read.available_total, 36);
    assert!(
        read.stock_date
            .as_deref()
            .is_some_and(|date| date.starts_with("2024-05-20")),
        "{:?}",
        read.stock_date
    );
    // OK Computer: 42 in 104 of which 2 reserved, 6 in 105. One wanted comes from 104.
    let read = levels.get(okc).unwrap();
    assert!(read.in_stock);
    assert_eq!(read.from_stock_quantity, Some(1));
    let at_104 = &read.from_stock[0];
    assert_eq!(at_104.location_id, Some("104".into()));
    assert_eq!(at_104.quantity_reserved, Some(2));
    assert_eq!(at_104.quantity_allocated, Some(42));
    assert_eq!(at_104.stock_remaining, Some(40));
    assert_eq!(at_104.stock_request, Some(1));
    assert_eq!(read.from_transit_quantity, Some(0));
    assert!(read.from_transit.is_empty());
    assert_eq!(read.available_stock_quantity, Some(40 + 6));
    assert_eq!(read.available_total, 46);
    // Every figure is the fake's own: its records for the two items.
    let held: i64 = sandbox
        .records()
        .iter()
        .filter(|record| record.item_id == "1000000216")
        .map(|record| record.quantity - record.reserved_quantity)
        .sum();
    assert_eq!(held, 46);
    assert_eq!(sandbox.request_log().count("POST", "/inventory"), 1);
}

// field notes §3 "Read endpoints": `GET /api-inventory/inventory/generic/{inventoryId}` answers
// `{itemId, sku, title, inlocations[{location{…, locationId}, inStock, channel[{channelId,
// quantityReserved, allocation{mou, unit}}], inTransit[…]}], _id, createdAt, updatedAt}`.
#[tokio::test]
async fn the_generic_inventory_read_gives_every_location_of_an_item() {
    let sandbox = BulkInsertSandbox::start_with_demo_data().await.unwrap();
    let client = client(&sandbox);
    let inventory_id = sandbox.generic_inventory_id("1000000216");

    let read = client.generic_inventory(&inventory_id).await.unwrap();

    assert_eq!(read.id.as_deref(), Some(inventory_id.as_str()));
    assert_eq!(read.item_id, Some("1000000216".into()));
    assert_eq!(read.sku.as_deref(), Some("CD-OKC-1997"));
    assert_eq!(read.title.as_deref(), Some("OK Computer (CD)"));
    assert!(read.created_at.is_some() && read.updated_at.is_some());
    let locations: Vec<u64> = read
        .locations
        .iter()
        .filter_map(|entry| entry.location.as_ref()?.location_id.as_ref()?.as_number())
        .collect();
    assert_eq!(locations, [104, 105]);
    let main = read.at("104").unwrap();
    assert_eq!(main.in_stock, Some(42));
    assert_eq!(main.channels.len(), 1);
    assert_eq!(main.channels[0].channel_id, Some(ChannelId::US));
    assert_eq!(main.channels[0].quantity_reserved, Some(2));
    let allocation = main.channels[0].allocation.as_ref().unwrap();
    assert_eq!(allocation.unit.as_deref(), Some("42"));
    assert!(main.in_transit.is_empty());
    assert_eq!(read.at("105").unwrap().in_stock, Some(6));

    // An item with stock on its way: the transit location lists it in `inTransit`.
    let kob = client
        .generic_inventory(&sandbox.generic_inventory_id("1000000214"))
        .await
        .unwrap();
    let inbound = kob.at("301").unwrap();
    assert_eq!(inbound.in_stock, Some(0));
    assert_eq!(inbound.in_transit.len(), 1);
    assert_eq!(inbound.in_transit[0]["inTransitRef"], "WO-20000");
    assert_eq!(inbound.in_transit[0]["orderQuantity"], 20);

    // An id the fake does not know is its 404, typed as an answer of the service.
    let error = client
        .generic_inventory("5fee9d59ffffffffffffffff")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(
        sandbox
            .request_log()
            .count("GET", &format!("/inventory/generic/{inventory_id}")),
        1
    );
}
