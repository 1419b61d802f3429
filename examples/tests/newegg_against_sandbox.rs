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
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, DEMO_MIXED_FULFILLMENT_PART,
    DEMO_SHIPPED_BY_NEWEGG_PART, NeweggSandbox,
};
use newegg_client::prelude::*;
use newegg_client::{
    ErrorCode, Format, FulfillmentOption, InventoryQuery, ItemInventoryUpdate, NeweggClient,
    NeweggClientBuilder, NeweggError, NeweggErrorKind, NeweggWarehouse, WarehouseStock,
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

// ---------------------------------------------------------------------------------------------
// What the live service sends and does beyond its vendor page (issue 14, field notes §2)
// ---------------------------------------------------------------------------------------------

// field notes §2.4 "Reading inventory": Newegg's own SDK records the read answer as
// `InventoryAllocation` entries, one per warehouse location *and fulfillment option*: USA
// appears twice for its demo item, 107 shipped by the seller (`FulfillmentOption` 0) and 40 by
// Newegg (`1`, warehouse `07`: 3, `12`: 37), AUS 0. The two are kept apart, never added up.
#[tokio::test]
async fn a_mixed_fulfillment_read_keeps_seller_and_newegg_stock_apart() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();

    for format in [Format::Xml, Format::Json] {
        let read = client(&sandbox, format)
            .inventory(InventoryQuery::seller_part(DEMO_MIXED_FULFILLMENT_PART))
            .await
            .unwrap();

        assert_eq!(
            read.seller_id.as_deref(),
            Some(DEFAULT_SELLER_ID),
            "{format:?}"
        );
        assert_eq!(read.item_number.as_deref(), Some("9SIA0060884598"));
        assert_eq!(
            read.seller_part_number.as_deref(),
            Some(DEMO_MIXED_FULFILLMENT_PART)
        );
        assert_eq!(read.available_in(Country::USA), Some(107), "{format:?}");
        assert_eq!(
            read.newegg_available_in(Country::USA),
            Some(40),
            "{format:?}"
        );
        assert_eq!(read.available_in(Country::AUS), Some(0));
        assert_eq!(read.newegg_available_in(Country::AUS), None);
        let usa: Vec<&WarehouseStock> = read.stock_in(Country::USA).collect();
        assert_eq!(usa.len(), 2, "USA once per fulfillment option: {usa:?}");
        assert_eq!(usa[0].fulfillment, Some(FulfillmentOption::Seller));
        assert!(usa[0].newegg_warehouses.is_empty());
        assert_eq!(usa[1].fulfillment, Some(FulfillmentOption::Newegg));
        assert_eq!(
            usa[1].newegg_warehouses,
            [
                NeweggWarehouse::new("07", 3),
                NeweggWarehouse::new("12", 37)
            ]
        );
        assert_eq!(read.warehouses.len(), 3, "{:?}", read.warehouses);
    }
    // What the fake holds as the seller's own stock is what the client calls the seller's.
    assert_eq!(
        sandbox.item_quantity(DEMO_MIXED_FULFILLMENT_PART, "USA"),
        Some(107)
    );
}

// field notes §2.5 "CT0xx codes beyond the vendor page": CT022 "This item is Shipping by
// newegg. Can NOT update inventory". Through `channel()` it rejects that item's update alone,
// with code CT022; the other updates of the batch are applied.
#[tokio::test]
async fn a_shipped_by_newegg_item_is_rejected_per_item_through_the_channel() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let before = sandbox.item(DEMO_SHIPPED_BY_NEWEGG_PART).unwrap();
    let newegg = client(&sandbox, Format::Json);

    let batch = vec![
        stock("A006BSP3", 88, Some(Country::USA)),
        stock(DEMO_SHIPPED_BY_NEWEGG_PART, 5, Some(Country::USA)),
        stock("A006-TT-USB", 13, Some(Country::USA)),
    ];
    let report = newegg.channel().push(&batch).await.unwrap();

    let outcomes = report.outcomes();
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes[0].is_accepted(), "{report:?}");
    assert!(outcomes[2].is_accepted(), "{report:?}");
    assert_eq!(outcomes[1].sku.as_str(), DEMO_SHIPPED_BY_NEWEGG_PART);
    assert!(!outcomes[1].is_accepted());
    assert_eq!(outcomes[1].outcome.code(), Some("CT022"), "{report:?}");
    assert!(
        outcomes[1]
            .outcome
            .reason()
            .is_some_and(|reason| reason.contains("Shipping by newegg")),
        "{:?}",
        outcomes[1]
    );
    assert_eq!(sandbox.item(DEMO_SHIPPED_BY_NEWEGG_PART).unwrap(), before);
    assert_eq!(sandbox.item_quantity("A006BSP3", "USA"), Some(88));
    assert_eq!(sandbox.item_quantity("A006-TT-USB", "USA"), Some(13));

    // The same refusal outside the channel is typed.
    let error = newegg
        .update_inventory(
            ItemInventoryUpdate::seller_part(DEMO_SHIPPED_BY_NEWEGG_PART)
                .warehouse(Country::USA, 5),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::ShippedByNewegg));
    assert_eq!(error.vendor_code(), Some("CT022"));
    assert!(error.concerns_item());
    assert!(!error.is_retryable());
}

/// The fake's budget for the reset test: two requests in any moving three seconds. The
/// client keeps its defaults (Newegg's one-minute window), so a reset it could not read would
/// cost it a whole minute.
const RESET_LIMIT: RateLimit = RateLimit::new(2, Duration::from_secs(3));

/// A client with its default rate limiting, on real time (the fake's window runs on it).
fn paced_client(sandbox: &NeweggSandbox) -> NeweggClient {
    NeweggClient::builder()
        .base_url(sandbox.base_url())
        .seller_id(DEFAULT_SELLER_ID)
        .credentials(DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY)
        .build()
        .unwrap()
}

fn bsp3(quantity: u32) -> ItemInventoryUpdate {
    ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, quantity)
}

// field notes §2.3 "Throttling": `X-RateLimit-Remaining: 0` with `X-RateLimit-ResetTime` (here
// the fake's default, a Pacific `M/D/YYYY H:MM:SS AM` time, §2.1) pauses the next call until
// the reset: it is not sent at once, and it is sent long before the whole minute a client
// waits when it cannot read the reset.
//
// What becomes of the call once sent is the next test's: the fake announces its reset up to two
// seconds early, so the call meets a 429 (and the client's one-minute window after it).
#[tokio::test]
async fn nothing_remaining_pauses_the_next_call_until_the_pacific_reset_time() {
    let sandbox = NeweggSandbox::builder()
        .demo_data()
        .rate_limit(RESET_LIMIT)
        .start()
        .await
        .unwrap();
    let newegg = paced_client(&sandbox);

    newegg.update_inventory(bsp3(201)).await.unwrap();
    newegg.update_inventory(bsp3(202)).await.unwrap();
    let status = newegg.rate_limit_status();
    assert_eq!((status.limit, status.remaining), (Some(2), Some(0)));
    assert_eq!(sandbox.item_quantity("A006BSP3", "USA"), Some(202));

    let started = Instant::now();
    let third = tokio::spawn({
        let newegg = newegg.clone();
        async move { newegg.update_inventory(bsp3(203)).await }
    });
    let sent_after = loop {
        if sandbox.request_log().len() > 2 {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the third call was never sent"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    third.abort();

    // The announced reset was at least a second away: the call was held back until then.
    assert!(sent_after >= Duration::from_millis(900), "{sent_after:?}");
    assert!(
        sent_after < Duration::from_secs(10),
        "the reset time was read, not the one-minute fallback: {sent_after:?}"
    );
}

// The stricter half of the test above: a client that waits until the announced reset is not
// refused, and its call completes within the fake's short window.
#[tokio::test]
async fn a_call_sent_at_the_announced_reset_is_not_refused() {
    let sandbox = NeweggSandbox::builder()
        .demo_data()
        .rate_limit(RESET_LIMIT)
        .start()
        .await
        .unwrap();
    let newegg = paced_client(&sandbox);

    let started = Instant::now();
    for quantity in 201..=203 {
        newegg.update_inventory(bsp3(quantity)).await.unwrap();
    }
    let elapsed = started.elapsed();

    assert_eq!(
        sandbox.request_log().count_status(429),
        0,
        "{:?}",
        sandbox.request_log().entries()
    );
    assert_eq!(sandbox.request_log().count_status(200), 3);
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(sandbox.item_quantity("A006BSP3", "USA"), Some(203));
}

// field notes §2.2 "Authentication": `InvalidConsumerKey` (the API key is wrong), `InvalidToken`
// (SellerID or Secret Key missing, or an invalid Secret Key) and `AccessDenied` (the seller ID
// is not one the key may act for, or the seller's API services are deactivated) are typed, and
// none is retried.
#[tokio::test]
async fn credential_refusals_are_typed_and_never_retried() {
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();
    let before = sandbox.items();

    for format in [Format::Xml, Format::Json] {
        let cases = [
            (
                builder(&sandbox, format).credentials("0000not-a-key0000", DEFAULT_SECRET_KEY),
                ErrorCode::InvalidConsumerKey,
                NeweggErrorKind::Unauthorized,
                401,
            ),
            (
                builder(&sandbox, format).credentials(
                    DEFAULT_AUTHORIZATION,
                    "00000000-0000-0000-0000-000000000000",
                ),
                ErrorCode::InvalidToken,
                NeweggErrorKind::Unauthorized,
                401,
            ),
            (
                builder(&sandbox, format).seller_id("B123"),
                ErrorCode::AccessDenied,
                NeweggErrorKind::Forbidden,
                403,
            ),
        ];
        for (builder, code, kind, status) in cases {
            let newegg = builder.build().unwrap();
            let sent = sandbox.request_log().len();
            let error = newegg.update_inventory(bsp3(1)).await.unwrap_err();
            assert_eq!(error.code(), Some(&code), "{format:?}: {error}");
            assert!(code.is_credential_refusal());
            assert_eq!(error.kind(), Some(kind), "{format:?}: {error}");
            assert_eq!(error.status().map(|status| status.as_u16()), Some(status));
            assert!(!error.is_retryable(), "{error}");
            assert!(!error.concerns_item(), "{error}");
            assert_eq!(sandbox.request_log().len(), sent + 1, "sent once: {error}");
        }
    }

    // A seller whose API services are deactivated is refused with AccessDenied too.
    sandbox.set_seller_deactivated(DEFAULT_SELLER_ID, true);
    let error = client(&sandbox, Format::Json)
        .inventory(InventoryQuery::seller_part("A006BSP3"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::AccessDenied), "{error}");
    assert_eq!(error.kind(), Some(NeweggErrorKind::Forbidden));
    sandbox.set_seller_deactivated(DEFAULT_SELLER_ID, false);
    client(&sandbox, Format::Json)
        .inventory(InventoryQuery::seller_part("A006BSP3"))
        .await
        .unwrap();

    assert_eq!(
        sandbox.items(),
        before,
        "no refused request changed anything"
    );
}

/// Sends one read straight to the fake and returns the raw answer body's bytes, to see what
/// arrives before any client reads it.
async fn raw_read_body(sandbox: &NeweggSandbox, format: Format) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let url = sandbox.inventory_url(DEFAULT_SELLER_ID);
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let body = if format == Format::Json {
        r#"{"Type":"1","Value":"A006BSP3"}"#
    } else {
        "<ContentQueryCriteria><Type>1</Type><Value>A006BSP3</Value></ContentQueryCriteria>"
    };
    let media = format.media_type();
    let request = format!(
        "PUT /{path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {DEFAULT_AUTHORIZATION}\r\n\
         SecretKey: {DEFAULT_SECRET_KEY}\r\nContent-Type: {media}\r\nAccept: {media}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let split = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("chunked"), "{head}");
    answer[split + 4..].to_vec()
}

// field notes §2.1 "Base URLs": answers may start with a UTF-8 BOM; strip it before parsing.
// The fake sends one before every body (checked on the wire here), and every answer decodes.
#[tokio::test]
async fn answers_that_start_with_a_byte_order_mark_decode() {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let sandbox = NeweggSandbox::start_with_demo_data().await.unwrap();

    for format in [Format::Xml, Format::Json] {
        let raw = raw_read_body(&sandbox, format).await;
        assert!(
            raw.starts_with(BOM),
            "{format:?}: {:?}",
            &raw[..8.min(raw.len())]
        );

        let newegg = client(&sandbox, format);
        let result = newegg
            .update_inventory(bsp3(150).warehouse(Country::CAN, 4))
            .await
            .unwrap();
        assert_eq!(result.available_in(Country::USA), Some(150), "{format:?}");
        assert_eq!(result.available_in(Country::CAN), Some(4));
        let read = newegg
            .inventory(InventoryQuery::seller_part("A006BSP3"))
            .await
            .unwrap();
        assert_eq!(read.available_in(Country::USA), Some(150), "{format:?}");
        // An error answer carries the BOM too, and still gives its code.
        let error = newegg
            .update_inventory(
                ItemInventoryUpdate::seller_part("NO-SUCH-PART").warehouse(Country::USA, 1),
            )
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some(&ErrorCode::InvalidSellerPartNumber));
    }
    assert_eq!(sandbox.item_quantity("A006BSP3", "USA"), Some(150));
}
