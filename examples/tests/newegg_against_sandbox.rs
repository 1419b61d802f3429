//! `newegg-client` end to end against the stateful Newegg fake of `marketplace-sandbox`.
//!
//! Every test checks what the fake holds afterwards (through the sandbox handle), not only
//! what the client returned.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use client_core::clock::{ManualClock, NoJitter};
use client_core::rate_limit::{RateLimitHeaders, RateLimitPolicy};
use inventory_model::{
    Country, Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, Sku, StockKind,
    StockUpdate,
};
use marketplace_sandbox::RateLimit;
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, NeweggSandbox,
};
use newegg_client::prelude::*;
use newegg_client::{
    ErrorCode, Format, InventoryQuery, ItemInventoryUpdate, NeweggClient, NeweggClientBuilder,
    NeweggError,
};

const INVENTORY_PATH: &str = "/marketplace/contentmgmt/item/international/inventory";

/// A client pointed at the fake, with the fake's credentials. The manual clock makes retry
/// backoff instant, so fault tests do not sleep.
fn builder(sandbox: &NeweggSandbox, format: Format) -> NeweggClientBuilder {
    NeweggClient::builder()
        .base_url(sandbox.base_url())
        .seller_id(DEFAULT_SELLER_ID)
        .credentials(DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY)
        .format(format)
        .clock(Arc::new(ManualClock::new()))
        .jitter(Arc::new(NoJitter))
}

fn client(sandbox: &NeweggSandbox, format: Format) -> NeweggClient {
    builder(sandbox, format).build().unwrap()
}

fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

fn stock(text: &str, quantity: u32, warehouse: Option<Country>) -> InventoryUpdate {
    let update = StockUpdate::new(sku(text), Quantity::new(quantity));
    match warehouse {
        Some(country) => update.in_warehouse(country).into(),
        None => update.into(),
    }
}

#[tokio::test]
async fn xml_update_per_warehouse_is_stored_and_read_back() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let newegg = client(&sandbox, Format::Xml);

    let result = newegg
        .update_inventory(
            ItemInventoryUpdate::seller_part("A006BSP3")
                .warehouse(Country::USA, 150)
                .warehouse(Country::AUS, 3),
        )
        .await
        .unwrap();
    assert_eq!(result.seller_id.as_deref(), Some("A006"));
    assert_eq!(result.item_number.as_deref(), Some("9SIA00607Y6476"));
    assert_eq!(result.available_in(Country::USA), Some(150));
    assert_eq!(result.available_in(Country::AUS), Some(3));

    // The fake now holds the new quantities; CAN was not named and keeps its demo value.
    assert_eq!(sandbox.item_quantity("A006BSP3", "USA"), Some(150));
    assert_eq!(sandbox.item_quantity("A006BSP3", "AUS"), Some(3));
    assert_eq!(sandbox.item_quantity("A006BSP3", "CAN"), Some(12));

    let read = newegg
        .inventory(InventoryQuery::seller_part("A006BSP3"))
        .await
        .unwrap();
    assert_eq!(read.seller_part_number.as_deref(), Some("A006BSP3"));
    assert_eq!(read.available_in(Country::USA), Some(150));
    assert_eq!(read.available_in(Country::AUS), Some(3));
    assert_eq!(read.available_in(Country::CAN), Some(12));

    // Both calls went out as XML, the update as POST and the read as PUT.
    let log = sandbox.request_log().entries();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].method.as_str(), log[1].method.as_str()),
        ("POST", "PUT")
    );
    for entry in &log {
        assert_eq!(entry.path, INVENTORY_PATH);
        assert_eq!(entry.status, 200);
        assert_eq!(entry.header("content-type"), Some("application/xml"));
        assert_eq!(entry.header("accept"), Some("application/xml"));
    }
}

#[tokio::test]
async fn json_update_per_warehouse_is_stored_and_read_back() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let newegg = client(&sandbox, Format::Json);

    let result = newegg
        .update_inventory(
            ItemInventoryUpdate::seller_part("A006-TT-USB")
                .warehouse(Country::USA, 0)
                .warehouse(Country::CAN, 41),
        )
        .await
        .unwrap();
    assert_eq!(result.item_number.as_deref(), Some("9SIA0060AB1234"));
    assert_eq!(result.available_in(Country::USA), Some(0));
    assert_eq!(result.available_in(Country::CAN), Some(41));

    assert_eq!(sandbox.item_quantity("A006-TT-USB", "USA"), Some(0));
    assert_eq!(sandbox.item_quantity("A006-TT-USB", "CAN"), Some(41));

    // Read by Newegg item number this time: the same item, the same quantities.
    let read = newegg
        .inventory(InventoryQuery::newegg_item("9SIA0060AB1234"))
        .await
        .unwrap();
    assert_eq!(read.seller_part_number.as_deref(), Some("A006-TT-USB"));
    assert_eq!(read.available_in(Country::USA), Some(0));
    assert_eq!(read.available_in(Country::CAN), Some(41));
    assert_eq!(read.available_in(Country::AUS), None);

    for entry in sandbox.request_log().entries() {
        assert_eq!(entry.header("content-type"), Some("application/json"));
        assert_eq!(entry.header("accept"), Some("application/json"));
        assert_eq!(entry.status, 200);
    }
}

#[tokio::test]
async fn the_fakes_error_codes_surface_as_typed_errors_and_change_nothing() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let before = sandbox.items();

    for format in [Format::Xml, Format::Json] {
        let newegg = client(&sandbox, format);
        let cases = [
            (
                ItemInventoryUpdate::seller_part("NO-SUCH-PART").warehouse(Country::USA, 1),
                ErrorCode::InvalidSellerPartNumber,
                "CT002",
            ),
            (
                ItemInventoryUpdate::seller_part("B123-AMP-01").warehouse(Country::USA, 1),
                ErrorCode::ItemOfAnotherSeller,
                "CT015",
            ),
            (
                ItemInventoryUpdate::seller_part("A006-CABLE-RCA").warehouse(Country::USA, 99),
                ErrorCode::BelowPromotionMinimum,
                "CT025",
            ),
            (
                ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::DEU, 4),
                ErrorCode::WarehouseNotSetUp,
                "CT073",
            ),
        ];
        for (update, code, text) in cases {
            let error = newegg.update_inventory(update).await.unwrap_err();
            assert!(
                matches!(error, NeweggError::Api { .. }),
                "{format:?}: {error:?}"
            );
            assert_eq!(error.code(), Some(&code), "{format:?}: {error}");
            assert_eq!(error.vendor_code(), Some(text));
            assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
            assert!(error.concerns_item(), "{error}");
            assert!(!error.is_retryable(), "{error}");
        }
        // The CT073 message names the country that is not set up.
        let error = newegg
            .update_inventory(
                ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::DEU, 4),
            )
            .await
            .unwrap_err();
        assert!(
            error.message().unwrap().contains("Country: [DEU]"),
            "{error}"
        );
        // Reads report the same codes.
        let error = newegg
            .inventory(InventoryQuery::newegg_item("9SIA000NOTHERE"))
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some(&ErrorCode::InvalidItemNumber));
    }

    // Every refusal was answered 400 and left the inventory as it was.
    assert_eq!(sandbox.request_log().count_status(400), 12);
    assert_eq!(sandbox.items(), before);
    assert_eq!(sandbox.item_quantity("A006-CABLE-RCA", "USA"), Some(500));
}

#[tokio::test]
async fn a_stock_channel_push_reports_every_update_and_sets_the_fake() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let newegg = client(&sandbox, Format::Xml);

    let batch = vec![
        stock("A006BSP3", 5, Some(Country::USA)),
        stock("A006-HP-STUDIO", 9, None),
        stock("A006BSP3", 6, Some(Country::CAN)),
        stock("NO-SUCH-PART", 1, Some(Country::USA)),
        PriceUpdate::new(
            sku("A006-SPK-BOOK2"),
            Money::new(Decimal::new(19_900, 2), Currency::Usd),
        )
        .into(),
        StockUpdate::new(sku("A006-SPK-BOOK2"), Quantity::new(2))
            .with_kind(StockKind::InTransit)
            .into(),
        stock("A006-CABLE-RCA", 10, Some(Country::USA)),
    ];
    let report = newegg.channel().push(&batch).await.unwrap();

    assert_eq!(report.len(), batch.len());
    let outcomes = report.outcomes();
    let skus: Vec<&str> = outcomes
        .iter()
        .map(|outcome| outcome.sku.as_str())
        .collect();
    assert_eq!(
        skus,
        [
            "A006BSP3",
            "A006-HP-STUDIO",
            "A006BSP3",
            "NO-SUCH-PART",
            "A006-SPK-BOOK2",
            "A006-SPK-BOOK2",
            "A006-CABLE-RCA"
        ]
    );
    let accepted: Vec<bool> = outcomes
        .iter()
        .map(|outcome| outcome.is_accepted())
        .collect();
    assert_eq!(accepted, [true, true, true, false, false, false, false]);
    assert_eq!(outcomes[3].outcome.code(), Some("CT002"));
    assert_eq!(
        outcomes[3].outcome.reason(),
        Some("Invalid SellerPartNumber")
    );
    assert_eq!(outcomes[4].outcome.code(), None);
    assert!(
        outcomes[5]
            .outcome
            .reason()
            .unwrap()
            .contains("only available stock"),
        "{:?}",
        outcomes[5]
    );
    assert_eq!(outcomes[6].outcome.code(), Some("CT025"));

    // What the fake holds: both A006BSP3 warehouses went in one request, the update without
    // a warehouse landed in the USA, and the refused ones changed nothing.
    assert_eq!(sandbox.item_quantity("A006BSP3", "USA"), Some(5));
    assert_eq!(sandbox.item_quantity("A006BSP3", "CAN"), Some(6));
    assert_eq!(sandbox.item_quantity("A006-HP-STUDIO", "USA"), Some(9));
    assert_eq!(sandbox.item_quantity("A006-HP-STUDIO", "CAN"), Some(20));
    assert_eq!(sandbox.item_quantity("A006-SPK-BOOK2", "USA"), Some(31));
    assert_eq!(sandbox.item_quantity("A006-CABLE-RCA", "USA"), Some(500));
    // One request per SKU that reached Newegg: A006BSP3, A006-HP-STUDIO, NO-SUCH-PART,
    // A006-CABLE-RCA.
    assert_eq!(sandbox.request_log().count("POST", INVENTORY_PATH), 4);
}

/// The fake allows 5 requests per second; the client paces itself by Newegg's `X-RateLimit-*`
/// headers. Twelve updates go out back to back and all of them succeed: the client waits for
/// the window instead of letting a 429 reach the caller.
///
/// The fake's window runs on real time (it cannot follow the client's injected clock), so
/// the client runs on real time too, and the window is short to keep the test quick. The
/// headers' window is Newegg's hour in the client's default policy; here it is the fake's
/// second plus a margin for the time a request takes to arrive.
#[tokio::test]
async fn a_rate_limited_burst_finishes_with_no_429_reaching_the_caller() {
    let window = Duration::from_secs(1);
    let sandbox = NeweggSandbox::builder()
        .demo_data()
        .rate_limit(RateLimit::new(5, window))
        .start()
        .await
        .unwrap();
    let paced_window = window + Duration::from_millis(100);
    let newegg = NeweggClient::builder()
        .base_url(sandbox.base_url())
        .seller_id(DEFAULT_SELLER_ID)
        .credentials(DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY)
        .rate_limit(RateLimitPolicy::per_window(10_000, paced_window))
        .rate_limit_headers(RateLimitHeaders {
            limit: Some("x-ratelimit-limit"),
            remaining: "x-ratelimit-remaining",
            used: None,
            reset: Some("x-ratelimit-resettime"),
            period: paced_window,
        })
        .build()
        .unwrap();

    let started = Instant::now();
    for n in 0..12u32 {
        let result = newegg
            .update_inventory(
                ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, 200 + n),
            )
            .await;
        assert!(result.is_ok(), "update {n}: {result:?}");
    }
    let elapsed = started.elapsed();

    // 12 requests at 5 per window need three windows: the client waited at least twice.
    assert!(elapsed >= 2 * window, "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(sandbox.request_log().count_status(200), 12);
    // The client learnt the fake's limit from its headers.
    assert_eq!(newegg.rate_limit_status().limit, Some(5));
    assert_eq!(sandbox.item_quantity("A006BSP3", "USA"), Some(211));
}

#[tokio::test]
async fn two_503s_on_an_update_are_retried_until_it_is_stored() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let newegg = client(&sandbox, Format::Xml);
    sandbox.faults().fail_next(2, 503);

    let result = newegg
        .update_inventory(
            ItemInventoryUpdate::seller_part("A006-CART-VM95E").warehouse(Country::USA, 61),
        )
        .await
        .unwrap();
    assert_eq!(result.available_in(Country::USA), Some(61));

    assert_eq!(sandbox.faults().pending_failures(), 0);
    assert_eq!(sandbox.request_log().count("POST", INVENTORY_PATH), 3);
    assert_eq!(sandbox.request_log().count_status(503), 2);
    assert_eq!(sandbox.item_quantity("A006-CART-VM95E", "USA"), Some(61));
}

#[tokio::test]
async fn a_503_past_the_retry_budget_surfaces_and_changes_nothing() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let newegg = client(&sandbox, Format::Json);
    sandbox.faults().fail_next(5, 503);

    let error = newegg
        .update_inventory(
            ItemInventoryUpdate::seller_part("A006-CART-VM95E").warehouse(Country::USA, 61),
        )
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert!(error.is_retryable(), "{error}");
    // Three attempts by default, all refused; the stock is untouched.
    assert_eq!(sandbox.request_log().count_status(503), 3);
    assert_eq!(sandbox.item_quantity("A006-CART-VM95E", "USA"), Some(58));
}

#[tokio::test]
async fn a_read_whose_body_is_cut_short_is_sent_again() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let newegg = client(&sandbox, Format::Xml);
    sandbox.faults().cut_next_bodies(1);

    let read = newegg
        .inventory(InventoryQuery::seller_part("A006-PREAMP-PP400"))
        .await
        .unwrap();
    assert_eq!(read.available_in(Country::USA), Some(9));
    assert_eq!(read.available_in(Country::CAN), Some(0));

    // The first answer was cut, the second one read.
    assert_eq!(sandbox.request_log().count("PUT", INVENTORY_PATH), 2);
    assert_eq!(sandbox.item_quantity("A006-PREAMP-PP400", "USA"), Some(9));
}
