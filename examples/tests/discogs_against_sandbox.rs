//! The Discogs client against the stateful Discogs fake of `marketplace-sandbox`.
//!
//! Every test drives the typed client and then reads what the fake now holds through the
//! sandbox handle, so a request the client shapes wrongly, or an answer it reads wrongly,
//! shows up as a difference in the marketplace's state rather than as a mock that was not hit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use client_core::rate_limit::{RateLimitHeaders, RateLimitPolicy};
use discogs_client::inventory_export::ExportRow;
use discogs_client::inventory_upload::{
    AddRow, ChangeRow, DeleteRow, JobStatus, UploadKind, WaitOptions,
};
use discogs_client::prelude::*;
use discogs_client::{
    Carrier, DiscogsClient, DiscogsError, DiscogsErrorKind, Listing, ListingDetails, ListingStatus,
    MediaCondition, MessageKind, NewMessage, OrderEdit, OrderStatus, RetryPolicy, SleeveCondition,
    Tracking,
};
use futures::{StreamExt, TryStreamExt};
use inventory_model::{Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Sku};
use marketplace_sandbox::RateLimit;
use marketplace_sandbox::discogs::{
    self as fake, DEFAULT_BUYER, DEFAULT_SELLER, DEMO_LARGE_SELLER, DEMO_LARGE_SELLER_LISTINGS,
    DEMO_LISTING_WITH_SHIPPING, DEMO_LISTING_WITHOUT_SHIPPING, DISCOGS_TOKEN, DiscogsSandbox,
};

const USER_AGENT: &str = "MarketplaceSdkTests/1.0 +https://example.invalid/sdk";

/// Polls a job every few milliseconds: the fake moves a job one step per poll.
fn quick_wait() -> WaitOptions {
    WaitOptions::default()
        .first_interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(20))
        .deadline(Duration::from_secs(5))
}

/// Retries as the defaults do, but with millisecond backoffs so fault tests stay fast.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(50))
}

fn seller_client(sandbox: &DiscogsSandbox) -> DiscogsClient {
    DiscogsClient::builder()
        .base_url(sandbox.base_url())
        .user_agent(USER_AGENT)
        .retry_policy(quick_retries())
        .token(DISCOGS_TOKEN)
        .build()
        .unwrap()
}

async fn demo_sandbox() -> DiscogsSandbox {
    DiscogsSandbox::start_with_demo_data().await.unwrap()
}

fn status_text(status: &ListingStatus) -> &str {
    status.as_str()
}

/// The listing as the fake holds it, in the client's vocabulary, for comparison.
fn same_listing(read: &Listing, held: &fake::DiscogsListing) {
    assert_eq!(read.id, held.id);
    assert_eq!(
        status_text(&read.status),
        held.status.as_str(),
        "{}",
        held.id
    );
    assert_eq!(read.price.amount(), held.price, "price of {}", held.id);
    assert_eq!(read.price.currency().code(), held.currency);
    assert_eq!(read.condition.as_str(), held.condition);
    assert_eq!(
        read.sleeve_condition.as_ref().map(SleeveCondition::as_str),
        held.sleeve_condition.as_deref()
    );
    assert_eq!(read.release.id, held.release_id);
    assert_eq!(read.comments, held.comments);
    assert_eq!(read.allow_offers, held.allow_offers);
    assert_eq!(read.external_id, held.external_id);
    assert_eq!(read.location, held.location);
    assert_eq!(read.seller.username, held.seller);
}

// ---------------------------------------------------------------------------------------------
// Inventory
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_inventory_streams_across_pages_and_equals_what_the_fake_holds() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);

    let streamed: Vec<Listing> = discogs
        .inventory(DEFAULT_SELLER)
        .all_statuses()
        .stream()
        .try_collect()
        .await
        .unwrap();

    let held = sandbox.listings(DEFAULT_SELLER);
    assert_eq!(held.len(), 300, "the demo seller has 300 listings");
    assert_eq!(streamed.len(), held.len());
    let streamed_by_id: BTreeMap<u64, &Listing> = streamed
        .iter()
        .map(|listing| (listing.id, listing))
        .collect();
    assert_eq!(
        streamed_by_id.len(),
        streamed.len(),
        "no listing came twice"
    );
    for listing in &held {
        same_listing(streamed_by_id[&listing.id], listing);
    }
    // 300 listings at Discogs' default 50 a page: six pages, each fetched once.
    assert_eq!(
        sandbox
            .request_log()
            .count("GET", "/users/rappcats/inventory"),
        6
    );
}

#[tokio::test]
async fn the_status_filter_returns_exactly_the_fakes_listings_of_that_status() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let held = sandbox.listings(DEFAULT_SELLER);

    for (status, fake_status) in [
        (ListingStatus::Draft, fake::DiscogsListingStatus::Draft),
        (ListingStatus::Expired, fake::DiscogsListingStatus::Expired),
        (ListingStatus::ForSale, fake::DiscogsListingStatus::ForSale),
    ] {
        let expected: BTreeSet<u64> = held
            .iter()
            .filter(|listing| listing.status == fake_status)
            .map(|listing| listing.id)
            .collect();
        assert!(!expected.is_empty(), "the demo data has {status} listings");
        let streamed: Vec<Listing> = discogs
            .inventory(DEFAULT_SELLER)
            .status(status.clone())
            .page_size(100)
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert!(streamed.iter().all(|listing| listing.status == status));
        let ids: BTreeSet<u64> = streamed.iter().map(|listing| listing.id).collect();
        assert_eq!(ids, expected, "{status}");
    }
}

#[tokio::test]
async fn an_invalid_status_filter_is_the_fakes_422_as_a_validation_error() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);

    let error = discogs
        .inventory(DEFAULT_SELLER)
        .status(ListingStatus::from_wire("Lost In The Post"))
        .send()
        .await
        .unwrap_err();

    match &error {
        DiscogsError::Api {
            kind: DiscogsErrorKind::Validation,
            error: api,
        } => {
            let message = error.message().unwrap();
            assert!(
                message.starts_with("Invalid status: expected one of"),
                "{message}"
            );
            assert!(message.contains("For Sale"), "{message}");
            assert_eq!(api.status.as_u16(), 422);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(sandbox.request_log().count_status(422), 1);
}

// ---------------------------------------------------------------------------------------------
// Listings
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_listing_is_created_edited_read_back_and_deleted() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let before = sandbox.listings(DEFAULT_SELLER).len();

    let created = discogs
        .listings()
        .create(
            &ListingDetails::new(1, MediaCondition::VeryGoodPlus, Decimal::new(1234, 2))
                .sleeve_condition(SleeveCondition::Generic)
                .comments("Plays through, light marks on side B.")
                .location("Shelf 4")
                .external_id("sku-e2e-1"),
        )
        .await
        .unwrap();
    let held = sandbox
        .listing(created.listing_id)
        .expect("the fake holds it");
    assert_eq!(held.seller, DEFAULT_SELLER);
    assert_eq!(held.release_id, 1);
    assert_eq!(held.price, Decimal::new(1234, 2));
    assert_eq!(held.status, fake::DiscogsListingStatus::ForSale);
    assert_eq!(held.condition, "Very Good Plus (VG+)");
    assert_eq!(held.sleeve_condition.as_deref(), Some("Generic"));
    assert_eq!(held.location.as_deref(), Some("Shelf 4"));
    assert_eq!(sandbox.listings(DEFAULT_SELLER).len(), before + 1);

    // Read it back as the owner and change price, condition and status in one edit.
    let read = discogs.listings().get(created.listing_id).await.unwrap();
    same_listing(&read, &held);
    let edit = ListingDetails::from_listing(&read)
        .unwrap()
        .price(Decimal::new(1550, 2))
        .condition(MediaCondition::NearMint)
        .status(ListingStatus::Draft);
    discogs
        .listings()
        .edit(created.listing_id, &edit)
        .await
        .unwrap();
    let held = sandbox.listing(created.listing_id).unwrap();
    assert_eq!(held.price, Decimal::new(1550, 2));
    assert_eq!(held.condition, "Near Mint (NM or M-)");
    assert_eq!(held.status, fake::DiscogsListingStatus::Draft);
    assert_eq!(held.comments, "Plays through, light marks on side B.");
    let read = discogs.listings().get(created.listing_id).await.unwrap();
    same_listing(&read, &held);

    // Draft back to For Sale.
    let edit = ListingDetails::from_listing(&read)
        .unwrap()
        .status(ListingStatus::ForSale);
    discogs
        .listings()
        .edit(created.listing_id, &edit)
        .await
        .unwrap();
    assert_eq!(
        sandbox.listing(created.listing_id).unwrap().status,
        fake::DiscogsListingStatus::ForSale
    );

    discogs.listings().delete(created.listing_id).await.unwrap();
    assert!(sandbox.listing(created.listing_id).is_none());
    assert_eq!(sandbox.listings(DEFAULT_SELLER).len(), before);
    let gone = discogs
        .listings()
        .get(created.listing_id)
        .await
        .unwrap_err();
    assert!(
        matches!(
            gone,
            DiscogsError::Api {
                kind: DiscogsErrorKind::NotFound,
                ..
            }
        ),
        "{gone:?}"
    );
}

#[tokio::test]
async fn an_expired_listing_is_relisted_by_an_edit_and_a_sold_one_is_refused_before_sending() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let held = sandbox.listings(DEFAULT_SELLER);

    let expired = held
        .iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::Expired)
        .expect("the demo data has an expired listing");
    let read = discogs.listings().get(expired.id).await.unwrap();
    assert_eq!(read.status, ListingStatus::Expired);
    let edit = ListingDetails::from_listing(&read).unwrap();
    assert_eq!(edit.status_value(), &ListingStatus::ForSale);
    discogs.listings().edit(expired.id, &edit).await.unwrap();
    let relisted = sandbox.listing(expired.id).unwrap();
    assert_eq!(relisted.status, fake::DiscogsListingStatus::ForSale);
    assert_eq!(
        relisted.price, expired.price,
        "the price is sent back unchanged"
    );

    let sold = held
        .iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::Sold)
        .expect("the demo orders sold some listings");
    let read = discogs.listings().get(sold.id).await.unwrap();
    assert_eq!(read.status, ListingStatus::Sold);
    let refused = ListingDetails::from_listing(&read).unwrap_err();
    assert!(
        matches!(&refused, DiscogsError::InvalidInput(refusal) if refusal.field == "status"),
        "{refused:?}"
    );
    let path = format!("/marketplace/listings/{}", sold.id);
    assert_eq!(sandbox.request_log().count("POST", &path), 0);
    assert_eq!(sandbox.listing(sold.id).unwrap(), *sold, "untouched");
}

// ---------------------------------------------------------------------------------------------
// Orders and messages
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_order_is_walked_from_new_to_shipped_with_tracking() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let order_id = sandbox
        .orders()
        .into_iter()
        .find(|order| order.status == "New Order")
        .expect("the demo data has a new order")
        .id;
    let orders = discogs.orders();

    let order = orders.get(&order_id).await.unwrap();
    assert_eq!(order.status, OrderStatus::NewOrder);
    assert!(order.next_status.contains(&OrderStatus::BuyerContacted));

    let order = orders
        .edit(
            &order_id,
            &OrderEdit::new().status(OrderStatus::BuyerContacted),
        )
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::BuyerContacted);
    assert_eq!(sandbox.order(&order_id).unwrap().status, "Buyer Contacted");

    // Setting the shipping invoices the buyer: the status becomes Invoice Sent by itself.
    let shipping = Decimal::new(650, 2);
    let order = orders
        .edit(&order_id, &OrderEdit::new().shipping(shipping))
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::InvoiceSent);
    assert_eq!(order.shipping.as_ref().unwrap().value, shipping);
    let held = sandbox.order(&order_id).unwrap();
    assert_eq!(held.status, "Invoice Sent");
    assert_eq!(held.shipping, shipping);
    assert_eq!(order.total.as_ref().unwrap().amount(), held.total());

    for next in [OrderStatus::PaymentReceived, OrderStatus::InProgress] {
        let current = orders.get(&order_id).await.unwrap();
        assert!(current.next_status.contains(&next), "{next} is allowed");
        let order = orders
            .edit(&order_id, &OrderEdit::new().status(next.clone()))
            .await
            .unwrap();
        assert_eq!(order.status, next);
        assert_eq!(sandbox.order(&order_id).unwrap().status, next.as_str());
    }

    let current = orders.get(&order_id).await.unwrap();
    assert!(current.next_status.contains(&OrderStatus::Shipped));
    let order = orders
        .edit(
            &order_id,
            &OrderEdit::new()
                .status(OrderStatus::Shipped)
                .tracking(Tracking::new("1Z999AA10123456784").carrier(Carrier::Ups)),
        )
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::Shipped);
    let tracking = order.tracking.as_ref().unwrap();
    assert_eq!(tracking.number, "1Z999AA10123456784");
    assert_eq!(tracking.carrier, Some(Carrier::Ups));
    let held = sandbox.order(&order_id).unwrap();
    assert_eq!(held.status, "Shipped");
    let held_tracking = held.tracking.as_ref().unwrap();
    assert_eq!(held_tracking.number, "1Z999AA10123456784");
    assert_eq!(held_tracking.carrier.as_deref(), Some("UPS"));
    assert_eq!(tracking.url, held_tracking.url);
    assert!(
        tracking
            .url
            .as_deref()
            .unwrap()
            .contains("1Z999AA10123456784")
    );

    // A shipped order may only stay Shipped or be refunded; the fake's 422 names the choices.
    assert_eq!(
        order.next_status,
        vec![OrderStatus::Shipped, OrderStatus::RefundSent]
    );
    let refused = orders
        .edit(&order_id, &OrderEdit::new().status(OrderStatus::InProgress))
        .await
        .unwrap_err();
    match &refused {
        DiscogsError::Api {
            kind: DiscogsErrorKind::Validation,
            ..
        } => {
            assert_eq!(
                refused.message(),
                Some("Invalid status: expected one of Shipped, Refund Sent.")
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(sandbox.order(&order_id).unwrap().status, "Shipped");
    // An order edit is never resent: one POST per edit, the refused one included.
    let path = format!("/marketplace/orders/{order_id}");
    assert_eq!(sandbox.request_log().count("POST", &path), 6);
}

#[tokio::test]
async fn messages_are_added_and_read_back_newest_first() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let order_id = sandbox
        .orders()
        .into_iter()
        .find(|order| order.status == "Payment Received")
        .expect("the demo data has a paid order")
        .id;
    let orders = discogs.orders();

    let posted = orders
        .add_message(&order_id, &NewMessage::text("Packed and ready to go."))
        .await
        .unwrap();
    assert_eq!(posted.message, "Packed and ready to go.");
    let posted = orders
        .add_message(
            &order_id,
            &NewMessage::text("On its way!").with_status(OrderStatus::Shipped),
        )
        .await
        .unwrap();
    assert_eq!(
        posted.message,
        "Seller changed status from Payment Received to Shipped\n\nOn its way!"
    );
    let held = sandbox.order(&order_id).unwrap();
    assert_eq!(held.status, "Shipped");

    let read: Vec<_> = orders
        .messages(order_id.clone())
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let newest_first: Vec<&fake::DiscogsOrderMessage> = held.messages.iter().rev().collect();
    assert_eq!(read.len(), newest_first.len());
    for (read, held) in read.iter().zip(&newest_first) {
        assert_eq!(read.message, held.message);
        assert_eq!(read.kind.as_str(), held.kind);
    }
    assert_eq!(read[0].message, posted.message);
    assert_eq!(read[1].message, "Packed and ready to go.");
    match &read[0].kind {
        MessageKind::Message { from } => {
            assert_eq!(from.as_ref().unwrap().username, DEFAULT_SELLER);
        }
        other => panic!("expected a message, got {other:?}"),
    }
    assert!(
        read.windows(2)
            .all(|pair| pair[0].timestamp >= pair[1].timestamp),
        "newest first"
    );
}

#[tokio::test]
async fn a_message_type_the_client_does_not_know_is_kept_with_its_fields() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let listing = sandbox
        .listings(DEFAULT_SELLER)
        .into_iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .unwrap();
    let mut order = fake::DiscogsOrder::new(
        DEFAULT_SELLER,
        DEFAULT_BUYER,
        vec![fake::DiscogsOrderItem {
            listing_id: listing.id,
            release_id: listing.release_id,
            price: listing.price,
            media_condition: listing.condition.clone(),
            sleeve_condition: "Generic".to_string(),
        }],
    );
    order.messages.push(fake::DiscogsOrderMessage {
        kind: "buyer_feedback".to_string(),
        message: "Great seller, fast shipping.".to_string(),
        subject: String::new(),
        from: DEFAULT_BUYER.to_string(),
        timestamp: 1_700_000_000,
        status_id: None,
        shipping_change: None,
    });
    let order_id = sandbox.seed_order(order);

    let page = discogs.orders().messages(order_id).send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    let entry = &page.items[0];
    assert_eq!(entry.message, "Great seller, fast shipping.");
    match &entry.kind {
        MessageKind::Unknown { kind, fields } => {
            assert_eq!(kind, "buyer_feedback");
            assert_eq!(
                fields["from"]["username"].as_str(),
                Some(DEFAULT_BUYER),
                "{fields:?}"
            );
        }
        other => panic!("expected an unknown kind, got {other:?}"),
    }
    assert_eq!(entry.kind.as_str(), "buyer_feedback");
}

// ---------------------------------------------------------------------------------------------
// Inventory upload and export
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_change_upload_of_250_prices_is_applied_and_read_back_exactly() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let targets: Vec<fake::DiscogsListing> = sandbox
        .listings(DEFAULT_SELLER)
        .into_iter()
        .filter(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .take(250)
        .collect();
    assert_eq!(
        targets.len(),
        250,
        "the demo data has 250 listings for sale"
    );
    // Prices the old ones are unlikely to share: 10.07, 10.20, 10.33, …
    let new_prices: BTreeMap<u64, Decimal> = targets
        .iter()
        .zip(0i64..)
        .map(|(listing, n)| (listing.id, Decimal::new(1007 + 13 * n, 2)))
        .collect();
    for listing in &targets {
        assert_ne!(listing.price, new_prices[&listing.id]);
    }
    let rows: Vec<ChangeRow> = new_prices
        .iter()
        .map(|(&id, &price)| ChangeRow::new(id).price(price))
        .collect();

    let started = Instant::now();
    let uploads = discogs.inventory_upload().wait_options(quick_wait());
    let batch = uploads.change(&rows).await.unwrap();
    assert_eq!(batch.len(), 1, "250 rows go in one file");
    let finished = uploads.wait_all(&batch).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));

    assert_eq!(finished[0].status, JobStatus::Success);
    let results = finished[0].results.as_ref().unwrap();
    assert_eq!(results.records_in_file(), Some(250));
    assert_eq!(results.records_processed(), Some(250));
    let held_jobs = sandbox.uploads(DEFAULT_SELLER);
    assert_eq!(held_jobs.len(), 1);
    assert_eq!(held_jobs[0].rows, 250);
    assert_eq!(held_jobs[0].status, "success");
    // The polls after the first were conditional, and the job still finished: a change in
    // the same second as the previous answer was not hidden behind a 304.
    let poll_path = format!("/inventory/upload/{}", held_jobs[0].id);
    let polls: Vec<_> = sandbox
        .request_log()
        .entries()
        .into_iter()
        .filter(|entry| entry.method == "GET" && entry.path == poll_path)
        .collect();
    assert!(polls.len() >= 2, "{polls:?}");
    assert!(polls[0].header("if-modified-since").is_none());
    assert!(
        polls[1..]
            .iter()
            .all(|poll| poll.header("if-modified-since").is_some())
    );

    for (id, price) in &new_prices {
        let held = sandbox.listing(*id).unwrap();
        assert_eq!(held.price, *price, "listing {id}");
        assert_eq!(held.price.to_string(), price.to_string(), "same digits");
    }
    // And the client reads the new prices back from the inventory.
    let read: Vec<Listing> = discogs
        .inventory(DEFAULT_SELLER)
        .status(ListingStatus::ForSale)
        .page_size(100)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let read_prices: BTreeMap<u64, Decimal> = read
        .iter()
        .filter(|listing| new_prices.contains_key(&listing.id))
        .map(|listing| (listing.id, listing.price.amount()))
        .collect();
    assert_eq!(read_prices, new_prices);
}

#[tokio::test]
async fn an_add_upload_creates_listings_and_a_delete_upload_removes_them() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let before = sandbox.listings(DEFAULT_SELLER);
    let uploads = discogs.inventory_upload().wait_options(quick_wait());

    let rows: Vec<AddRow> = (0..3)
        .map(|n| {
            AddRow::new(
                1 + n,
                Decimal::new(2_099 + i64::try_from(n).unwrap(), 2),
                MediaCondition::VeryGood,
            )
            .sleeve_condition(SleeveCondition::NotGraded)
            .comments(format!("Added by upload, \"copy\" {n}"))
            .external_id(format!("e2e-add-{n}"))
        })
        .collect();
    let batch = uploads.add(&rows).await.unwrap();
    let finished = uploads.wait_all(&batch).await.unwrap();
    assert_eq!(finished[0].status, JobStatus::Success);
    assert_eq!(
        finished[0].results.as_ref().unwrap().records_processed(),
        Some(3)
    );

    let after = sandbox.listings(DEFAULT_SELLER);
    assert_eq!(after.len(), before.len() + 3);
    let known: BTreeSet<u64> = before.iter().map(|listing| listing.id).collect();
    let added: Vec<&fake::DiscogsListing> = after
        .iter()
        .filter(|listing| !known.contains(&listing.id))
        .collect();
    assert_eq!(added.len(), 3);
    for (n, row) in rows.iter().enumerate() {
        let listing = added
            .iter()
            .find(|listing| listing.external_id.as_deref() == Some(&format!("e2e-add-{n}")))
            .unwrap();
        assert_eq!(listing.release_id, row.release_id);
        assert_eq!(listing.price, row.price);
        assert_eq!(listing.condition, "Very Good (VG)");
        assert_eq!(listing.sleeve_condition.as_deref(), Some("Not Graded"));
        assert_eq!(listing.comments, format!("Added by upload, \"copy\" {n}"));
        assert_eq!(listing.status, fake::DiscogsListingStatus::ForSale);
    }

    let rows: Vec<DeleteRow> = added
        .iter()
        .map(|listing| DeleteRow::new(listing.id))
        .collect();
    let batch = uploads.delete(&rows).await.unwrap();
    let finished = uploads.wait_all(&batch).await.unwrap();
    assert_eq!(finished[0].status, JobStatus::Success);
    let remaining = sandbox.listings(DEFAULT_SELLER);
    assert_eq!(remaining, before);

    // Both jobs are listed, newest first, as the fake holds them.
    let recent = uploads.list().page(1).page_size(50).send().await.unwrap();
    let held_jobs = sandbox.uploads(DEFAULT_SELLER);
    let recent_ids: Vec<u64> = recent.items.iter().map(|job| job.id.get()).collect();
    let held_ids: Vec<u64> = held_jobs.iter().rev().map(|job| job.id).collect();
    assert_eq!(recent_ids, held_ids);
    assert_eq!(recent.items[0].kind, UploadKind::Delete);
    assert_eq!(recent.items[1].kind, UploadKind::Add);
    for listing in &added {
        assert!(sandbox.listing(listing.id).is_none());
    }
}

#[tokio::test]
async fn a_change_row_that_cannot_apply_is_named_in_the_results_and_the_rest_apply() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let held = sandbox.listings(DEFAULT_SELLER);
    let for_sale = held
        .iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .unwrap();
    let sold = held
        .iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::Sold)
        .unwrap();
    let uploads = discogs.inventory_upload().wait_options(quick_wait());

    let rows = vec![
        ChangeRow::new(for_sale.id).price(Decimal::new(4242, 2)),
        ChangeRow::new(sold.id).price(Decimal::new(1, 0)),
    ];
    let batch = uploads.change(&rows).await.unwrap();
    let finished = uploads.wait_all(&batch).await.unwrap();
    let results = finished[0].results.as_ref().unwrap();
    assert_eq!(results.records_in_file(), Some(2));
    assert_eq!(results.records_processed(), Some(1));
    assert_eq!(results.records_not_processed(), Some(1));
    // field notes §1.7: Discogs names a row it skipped as `Skipped row N because …` (the header
    // is row 1), and the job still says `success`. The sold listing is the file's second data
    // row, row 3, and the only one named.
    assert_eq!(finished[0].status, JobStatus::Success);
    assert!(!results.all_rows_processed());
    let skipped = results.skipped_rows();
    assert_eq!(skipped.len(), 1, "{results:?}");
    assert_eq!(skipped[0].row, 3, "{results:?}");
    assert_eq!(skipped[0].record_index(), Some(1), "the second row given");
    assert!(
        skipped[0].reason.contains(&sold.id.to_string()),
        "{results:?}"
    );
    assert_eq!(
        sandbox.listing(for_sale.id).unwrap().price,
        Decimal::new(4242, 2)
    );
    assert_eq!(sandbox.listing(sold.id).unwrap().price, sold.price);
}

#[tokio::test]
async fn an_export_is_requested_waited_for_and_downloaded_as_typed_rows() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let exports = discogs.inventory_export().wait_options(quick_wait());

    let id = exports.request().await.unwrap();
    let export = exports.wait(id).await.unwrap();
    assert_eq!(export.status, JobStatus::Success);
    assert_eq!(export.id, id);

    let rows: Vec<ExportRow> = exports
        .download_rows(id)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let held = sandbox.listings(DEFAULT_SELLER);
    assert_eq!(rows.len(), held.len());
    for (row, listing) in rows.iter().zip(&held) {
        assert_eq!(row.listing_id, listing.id);
        assert_eq!(row.release_id, Some(listing.release_id));
        assert_eq!(row.price, Some(listing.price), "listing {}", listing.id);
        assert_eq!(row.status.as_deref(), Some(listing.status.as_str()));
        assert_eq!(
            row.media_condition.as_ref().map(MediaCondition::as_str),
            Some(listing.condition.as_str())
        );
        assert_eq!(row.accept_offer, Some(listing.allow_offers));
        assert_eq!(row.location, listing.location);
        assert_eq!(row.external_id, listing.external_id);
    }
}

#[tokio::test]
async fn the_order_list_streams_the_fakes_orders_and_filters_cancelled_ones() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let held = sandbox.orders();
    assert_eq!(held.len(), 4);

    let listed: Vec<_> = discogs
        .orders()
        .list()
        .page_size(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let listed_ids: BTreeSet<String> = listed.iter().map(|order| order.id.clone()).collect();
    let held_ids: BTreeSet<String> = held.iter().map(|order| order.id.clone()).collect();
    assert_eq!(listed_ids, held_ids);
    for order in &listed {
        let held = sandbox.order(&order.id).unwrap();
        assert_eq!(order.status.as_str(), held.status);
        assert_eq!(order.total.as_ref().unwrap().amount(), held.total());
        assert_eq!(order.buyer.username, held.buyer);
    }

    let cancelled = discogs
        .orders()
        .list()
        .status(OrderStatus::Cancelled)
        .send()
        .await
        .unwrap();
    let expected: Vec<&str> = held
        .iter()
        .filter(|order| order.status.starts_with("Cancelled"))
        .map(|order| order.id.as_str())
        .collect();
    assert_eq!(expected.len(), 1);
    let ids: Vec<&str> = cancelled
        .items
        .iter()
        .map(|order| order.id.as_str())
        .collect();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn the_csv_stock_channel_pushes_a_price_batch_as_one_upload() {
    let sandbox = demo_sandbox().await;
    let channel = seller_client(&sandbox)
        .channel()
        .currency(Currency::Usd)
        .wait_options(quick_wait());
    let targets: Vec<fake::DiscogsListing> = sandbox
        .listings(DEFAULT_SELLER)
        .into_iter()
        .filter(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .take(120)
        .collect();
    let updates: Vec<InventoryUpdate> = targets
        .iter()
        .zip(0i64..)
        .map(|(listing, n)| {
            PriceUpdate::new(
                Sku::new(listing.id.to_string()).unwrap(),
                Money::new(Decimal::new(5_005 + n, 2), Currency::Usd),
            )
            .into()
        })
        .collect();

    let report = channel.push(&updates).await.unwrap();

    assert_eq!(report.len(), 120);
    assert!(report.all_accepted(), "{report:?}");
    assert_eq!(
        sandbox.uploads(DEFAULT_SELLER).len(),
        1,
        "one upload for the batch"
    );
    for (listing, n) in targets.iter().zip(0i64..) {
        assert_eq!(
            sandbox.listing(listing.id).unwrap().price,
            Decimal::new(5_005 + n, 2)
        );
    }
}

#[tokio::test]
async fn the_listing_edit_channel_sets_prices_and_takes_listings_off_sale_at_zero() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let held = sandbox.listings(DEFAULT_SELLER);
    let mut for_sale = held
        .iter()
        .filter(|listing| listing.status == fake::DiscogsListingStatus::ForSale);
    let repriced = for_sale.next().unwrap();
    let sold_out = for_sale.next().unwrap();
    // A listing of its own: a second price for `repriced` in the same batch would supersede
    // the first (the later update of an item wins), and this test is about the currency.
    let foreign = for_sale.next().unwrap();
    let draft = held
        .iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::Draft)
        .unwrap();
    let sku = |id: u64| Sku::new(id.to_string()).unwrap();
    let updates: Vec<InventoryUpdate> = vec![
        PriceUpdate::new(
            sku(repriced.id),
            Money::new(Decimal::new(7777, 2), Currency::Usd),
        )
        .into(),
        inventory_model::StockUpdate::new(sku(sold_out.id), inventory_model::Quantity::new(0))
            .into(),
        inventory_model::StockUpdate::new(sku(draft.id), inventory_model::Quantity::new(1)).into(),
        PriceUpdate::new(
            sku(foreign.id),
            Money::new(Decimal::new(10, 0), Currency::Eur),
        )
        .into(),
    ];

    let report = discogs.listing_edit_channel().push(&updates).await.unwrap();

    let outcomes = report.outcomes();
    assert!(outcomes[0].is_accepted(), "{report:?}");
    assert!(outcomes[1].is_accepted(), "{report:?}");
    assert!(outcomes[2].is_accepted(), "{report:?}");
    assert!(
        !outcomes[3].is_accepted(),
        "a price in another currency is refused"
    );
    assert_eq!(
        sandbox.listing(repriced.id).unwrap().price,
        Decimal::new(7777, 2)
    );
    assert_eq!(sandbox.listing(foreign.id).unwrap().price, foreign.price);
    assert_eq!(
        sandbox.listing(sold_out.id).unwrap().status,
        fake::DiscogsListingStatus::Draft
    );
    assert_eq!(
        sandbox.listing(draft.id).unwrap().status,
        fake::DiscogsListingStatus::ForSale
    );
    // Three edits were sent; the refused price never reached the fake.
    let edits = sandbox
        .request_log()
        .entries()
        .into_iter()
        .filter(|entry| entry.method == "POST")
        .count();
    assert_eq!(edits, 3);
}

#[tokio::test]
async fn a_later_update_of_the_same_listing_supersedes_the_earlier_one_in_a_batch() {
    let sandbox = demo_sandbox().await;
    let channel = seller_client(&sandbox).channel().wait_options(quick_wait());
    let listing = sandbox
        .listings(DEFAULT_SELLER)
        .into_iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .unwrap();
    let price = |cents: i64| -> InventoryUpdate {
        PriceUpdate::new(
            Sku::new(listing.id.to_string()).unwrap(),
            Money::new(Decimal::new(cents, 2), Currency::Usd),
        )
        .into()
    };

    let report = channel.push(&[price(1_111), price(2_222)]).await.unwrap();

    let outcomes = report.outcomes();
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[0].outcome.code(), Some("superseded"), "{report:?}");
    assert!(outcomes[1].is_accepted(), "{report:?}");
    assert_eq!(
        sandbox.listing(listing.id).unwrap().price,
        Decimal::new(2_222, 2)
    );
    let uploads = sandbox.uploads(DEFAULT_SELLER);
    assert_eq!(uploads.len(), 1, "one upload for the batch");
    assert_eq!(uploads[0].rows, 1, "the superseded price is not sent");
}

// ---------------------------------------------------------------------------------------------
// Rate limit
// ---------------------------------------------------------------------------------------------

/// The fake's budget for the burst tests: 4 requests in any moving 400 ms.
const BURST_LIMIT: u32 = 4;
const BURST_WINDOW: Duration = Duration::from_millis(400);

fn burst_fake_limits(sandbox: &DiscogsSandbox) {
    sandbox.set_rate_limits(
        RateLimit::new(BURST_LIMIT, BURST_WINDOW),
        RateLimit::new(BURST_LIMIT, BURST_WINDOW),
    );
}

#[tokio::test]
async fn a_burst_beyond_the_budget_is_paced_and_no_429_reaches_the_caller() {
    let sandbox = demo_sandbox().await;
    burst_fake_limits(&sandbox);
    // Discogs' real window is a minute; this client follows the fake's short one, learning
    // from the same X-Discogs-Ratelimit headers the real service sends.
    let discogs = DiscogsClient::builder()
        .base_url(sandbox.base_url())
        .user_agent(USER_AGENT)
        .retry_policy(quick_retries())
        .rate_limit(RateLimitPolicy::per_window(BURST_LIMIT, BURST_WINDOW))
        .rate_limit_headers(RateLimitHeaders {
            limit: Some("x-discogs-ratelimit"),
            remaining: "x-discogs-ratelimit-remaining",
            used: Some("x-discogs-ratelimit-used"),
            reset: None,
            period: BURST_WINDOW,
        })
        .token(DISCOGS_TOKEN)
        .build()
        .unwrap();

    const BURST: u32 = 14;
    let started = Instant::now();
    let calls = (0..BURST).map(|n| {
        let discogs = discogs.clone();
        async move { discogs.fee(Decimal::new(1000 + i64::from(n), 2)).await }
    });
    let fees = futures::future::join_all(calls).await;
    let elapsed = started.elapsed();

    for (n, fee) in fees.iter().enumerate() {
        let fee = fee
            .as_ref()
            .unwrap_or_else(|error| panic!("call {n}: {error}"));
        assert_eq!(fee.currency(), Currency::Usd);
    }
    // 14 requests at 4 a window need at least three further windows.
    assert!(elapsed >= BURST_WINDOW * 3, "paced: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    let log = sandbox.request_log();
    assert_eq!(log.count_status(200), usize::try_from(BURST).unwrap());
    // Stronger than "no 429 reached the caller": none was even answered, because the answer
    // that reports `Remaining: 0` pauses the client until every request the fake counted has
    // left its window, so no refused request was silently retried either.
    assert_eq!(log.count_status(429), 0, "the fake never had to refuse");
    let status = discogs.rate_limit_status();
    assert_eq!(status.limit, Some(BURST_LIMIT));
}

#[tokio::test]
async fn without_pacing_the_same_burst_meets_the_fakes_429() {
    // The control for the test above: the fake really enforces the budget.
    let sandbox = demo_sandbox().await;
    burst_fake_limits(&sandbox);
    let discogs = DiscogsClient::builder()
        .base_url(sandbox.base_url())
        .user_agent(USER_AGENT)
        .retry_policy(RetryPolicy::never())
        .rate_limit(RateLimitPolicy::per_window(1000, Duration::from_secs(1)))
        .learn_from_rate_limit_headers(false)
        .token(DISCOGS_TOKEN)
        .build()
        .unwrap();

    let mut refused = None;
    for n in 0..BURST_LIMIT + 2 {
        if let Err(error) = discogs.fee(Decimal::from(n + 1)).await {
            refused = Some(error);
            break;
        }
    }
    match &refused {
        Some(
            error @ DiscogsError::Api {
                kind: DiscogsErrorKind::RateLimited,
                ..
            },
        ) => {
            assert_eq!(
                error.message(),
                Some("You are making requests too quickly.")
            );
        }
        other => panic!("expected a 429, got {other:?}"),
    }
    assert_eq!(sandbox.request_log().count_status(429), 1);
}

// ---------------------------------------------------------------------------------------------
// Faults and authentication
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_read_succeeds_after_two_503s() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let listing = sandbox.listings(DEFAULT_SELLER)[0].clone();
    sandbox.faults().fail_next(2, 503);

    let read = discogs.listings().get(listing.id).await.unwrap();

    same_listing(&read, &listing);
    let path = format!("/marketplace/listings/{}", listing.id);
    assert_eq!(sandbox.request_log().count("GET", &path), 3);
    assert_eq!(sandbox.request_log().count_status(503), 2);
    assert_eq!(sandbox.faults().pending_failures(), 0);
}

#[tokio::test]
async fn a_new_listing_is_not_resent_after_a_503() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let before = sandbox.listings(DEFAULT_SELLER).len();
    sandbox.faults().fail_next(1, 503);

    let error = discogs
        .listings()
        .create(&ListingDetails::new(
            1,
            MediaCondition::Mint,
            Decimal::new(999, 2),
        ))
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(
        sandbox.request_log().count("POST", "/marketplace/listings"),
        1
    );
    assert_eq!(sandbox.listings(DEFAULT_SELLER).len(), before);
}

#[tokio::test]
async fn an_edit_is_resent_after_a_503_because_it_sets_absolute_values() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let listing = sandbox
        .listings(DEFAULT_SELLER)
        .into_iter()
        .find(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .unwrap();
    let read = discogs.listings().get(listing.id).await.unwrap();
    sandbox.faults().fail_next(1, 503);

    let edit = ListingDetails::from_listing(&read)
        .unwrap()
        .price(Decimal::new(3333, 2));
    discogs.listings().edit(listing.id, &edit).await.unwrap();

    let path = format!("/marketplace/listings/{}", listing.id);
    assert_eq!(sandbox.request_log().count("POST", &path), 2);
    assert_eq!(
        sandbox.listing(listing.id).unwrap().price,
        Decimal::new(3333, 2)
    );
}

#[tokio::test]
async fn without_a_token_the_seller_endpoints_are_unauthorized() {
    let sandbox = demo_sandbox().await;
    let anonymous = DiscogsClient::builder()
        .base_url(sandbox.base_url())
        .user_agent(USER_AGENT)
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let order_id = sandbox.orders()[0].id.clone();

    let error = anonymous.orders().get(&order_id).await.unwrap_err();
    match &error {
        DiscogsError::Api {
            kind: DiscogsErrorKind::Unauthorized,
            ..
        } => {
            assert_eq!(
                error.message(),
                Some("You must authenticate to access this resource.")
            );
        }
        other => panic!("expected unauthorized, got {other:?}"),
    }
    let error = anonymous
        .listings()
        .create(&ListingDetails::new(
            1,
            MediaCondition::Mint,
            Decimal::new(999, 2),
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            DiscogsError::Api {
                kind: DiscogsErrorKind::Unauthorized,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(sandbox.request_log().count_status(401), 2);
    let entries = sandbox.request_log().entries();
    assert!(
        entries
            .iter()
            .all(|entry| entry.header("authorization").is_none())
    );

    // A wrong token is refused the same way, even where none is needed.
    let wrong = DiscogsClient::builder()
        .base_url(sandbox.base_url())
        .user_agent(USER_AGENT)
        .token("not-the-sandbox-token")
        .build()
        .unwrap();
    let error = wrong.fee(Decimal::TEN).await.unwrap_err();
    assert!(
        matches!(
            error,
            DiscogsError::Api {
                kind: DiscogsErrorKind::Unauthorized,
                ..
            }
        ),
        "{error:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Fees, price suggestions, statistics
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_fee_is_read_from_the_fake() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);

    let fee = discogs.fee(Decimal::new(1000, 2)).await.unwrap();
    assert_eq!(fee.amount(), Decimal::new(42, 2));
    assert_eq!(fee.currency(), Currency::Usd);

    let fee = discogs
        .fee_in(Decimal::new(2599, 2), Currency::Eur)
        .await
        .unwrap();
    assert_eq!(
        fee.amount(),
        Decimal::new(109, 2),
        "4.2 % of 25.99, in cents"
    );
    assert_eq!(fee.currency(), Currency::Eur);
    assert_eq!(
        sandbox
            .request_log()
            .count("GET", "/marketplace/fee/25.99/EUR"),
        1
    );
}

#[tokio::test]
async fn price_suggestions_keep_every_digit() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);

    let suggestions = discogs.price_suggestions(1).await.unwrap();
    // The documented figures, digit for digit: these are not representable as f64.
    let mint = suggestions.get(&MediaCondition::Mint).unwrap();
    assert_eq!(mint.amount().to_string(), "14.319139100000001");
    assert_eq!(mint.currency(), Currency::Usd);
    let fair = suggestions.get(&MediaCondition::Fair).unwrap();
    assert_eq!(fair.amount().to_string(), "1.5072778000000002");
    assert_eq!(suggestions.suggestions.len(), 8);

    let unknown = discogs.price_suggestions(999_999_999).await.unwrap();
    assert!(unknown.is_empty());
}

#[tokio::test]
async fn release_stats_match_the_fakes_listings() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    // The demo data has one seller, so the seller's listings are the whole marketplace.
    let held = sandbox.listings(DEFAULT_SELLER);
    let release_id = held[0].release_id;
    let for_sale: Vec<&fake::DiscogsListing> = held
        .iter()
        .filter(|listing| listing.release_id == release_id)
        .filter(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .collect();
    assert!(!for_sale.is_empty());
    let lowest = for_sale.iter().map(|listing| listing.price).min();

    let stats = discogs.release_stats(release_id, None).await.unwrap();
    assert_eq!(stats.lowest_price.map(|price| price.amount()), lowest);
    assert_eq!(
        stats.num_for_sale,
        Some(u64::try_from(for_sale.len()).unwrap())
    );

    let nothing = discogs.release_stats(999_999_999, None).await.unwrap();
    assert_eq!(nothing.lowest_price, None);
}

#[tokio::test]
async fn ten_thousand_price_changes_through_channel_cost_at_most_ten_requests() {
    let sandbox = DiscogsSandbox::start().await.unwrap();
    let ids: Vec<u64> = (0..10_000i64)
        .map(|n| {
            sandbox.seed_listing(fake::DiscogsListing::new(
                DEFAULT_SELLER,
                1_000 + n as u64,
                Decimal::new(1_000 + n, 2),
            ))
        })
        .collect();
    let updates: Vec<InventoryUpdate> = ids
        .iter()
        .map(|id| {
            PriceUpdate::new(
                Sku::new(id.to_string()).unwrap(),
                Money::new(Decimal::new(2_499, 2), Currency::Usd),
            )
            .into()
        })
        .collect();
    let before = sandbox.request_log().len();

    let report = seller_client(&sandbox)
        .channel()
        .currency(Currency::Usd)
        .wait_options(quick_wait())
        .push(&updates)
        .await
        .unwrap();

    let requests = sandbox.request_log().len() - before;
    assert_eq!(report.len(), 10_000);
    assert!(report.all_accepted(), "{:?}", report.rejected().next());
    assert!(
        requests <= 10,
        "{requests} requests for 10,000 price changes"
    );
    assert_eq!(
        sandbox
            .request_log()
            .count("POST", "/inventory/upload/change"),
        2
    );
    assert!(
        sandbox
            .listings(DEFAULT_SELLER)
            .iter()
            .all(|listing| listing.price == Decimal::new(2_499, 2)),
        "every listing holds the new price"
    );
}

// ---------------------------------------------------------------------------------------------
// What the live service sends and does beyond its vendor page (issue 14, field notes §1)
// ---------------------------------------------------------------------------------------------

// field notes §1.8 "Inventory page shapes": `shipping_price` and `original_shipping_price` are
// empty objects `{}` when no shipping price applies; a decoder must accept `{}` for both. The
// fake sends them so on every fifth demo listing, ten of every page of 50.
#[tokio::test]
async fn an_inventory_page_with_empty_shipping_objects_decodes_every_listing() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);
    let without = sandbox.listing(DEMO_LISTING_WITHOUT_SHIPPING).unwrap();
    let with = sandbox.listing(DEMO_LISTING_WITH_SHIPPING).unwrap();
    assert_eq!(without.shipping_price, None, "the fake sends `{{}}` for it");
    assert_eq!(with.shipping_price, Some(Decimal::new(450, 2)));

    // Every page of the inventory, one by one: 300 listings, 50 a page.
    let mut read: Vec<Listing> = Vec::new();
    for number in 1..=6 {
        let page = discogs
            .inventory(DEFAULT_SELLER)
            .all_statuses()
            .page(number)
            .send()
            .await
            .unwrap();
        // Not one listing of the page failed, though ten of its fifty carry `{}`.
        assert!(page.failed.is_empty(), "page {number}: {:?}", page.failed);
        assert_eq!(page.items.len(), 50, "page {number}");
        let no_shipping = page
            .items
            .iter()
            .filter(|listing| listing.shipping_price.is_none())
            .count();
        assert_eq!(no_shipping, 10, "every fifth listing of page {number}");
        read.extend(page.items);
    }
    assert_eq!(read.len(), sandbox.listings(DEFAULT_SELLER).len());
    for listing in &read {
        let held = sandbox.listing(listing.id).unwrap();
        same_listing(listing, &held);
        assert_eq!(
            listing.shipping_price.map(|price| price.amount()),
            held.shipping_price,
            "shipping of {}",
            listing.id
        );
        assert_eq!(
            listing.shipping_price.is_none(),
            listing.original_shipping_price.is_none(),
            "both shipping objects of {} are `{{}}` or both filled",
            listing.id
        );
    }
    let read_without = read
        .iter()
        .find(|listing| listing.id == DEMO_LISTING_WITHOUT_SHIPPING)
        .unwrap();
    assert_eq!(read_without.shipping_price, None);
    assert_eq!(read_without.original_shipping_price, None);
    let read_with = read
        .iter()
        .find(|listing| listing.id == DEMO_LISTING_WITH_SHIPPING)
        .unwrap();
    let shipping = read_with.shipping_price.unwrap();
    assert_eq!(
        (shipping.amount(), shipping.currency()),
        (Decimal::new(450, 2), Currency::Usd)
    );
    let original = read_with.original_shipping_price.as_ref().unwrap();
    assert_eq!(original.value, Decimal::new(450, 2));
    assert_eq!(original.currency, Currency::Usd);
}

/// The stranger's view of another seller's inventory, streamed from `first_page` to its end.
async fn stream_inventory_of(
    discogs: &DiscogsClient,
    seller: &str,
    first_page: u64,
    page_size: u32,
) -> Vec<Result<Listing, DiscogsError>> {
    discogs
        .inventory(seller)
        .page(first_page)
        .page_size(page_size)
        .stream()
        .collect()
        .await
}

fn is_pagination_limit(result: &Result<Listing, DiscogsError>) -> bool {
    matches!(
        result,
        Err(DiscogsError::Api {
            kind: DiscogsErrorKind::PaginationLimit,
            ..
        })
    )
}

// field notes §1.2 "Pagination": another seller's inventory past page 100 answers HTTP 403
// `Pagination above 100 disabled for inventories besides your own`, while `pagination.pages`
// still reports the full count. A stream that meets the cap ends with that error after the
// listings of the pages before, never looking complete, and the 403 is not retried.
#[tokio::test]
async fn another_sellers_inventory_streamed_to_the_page_cap_ends_with_a_pagination_limit() {
    // A small seller and a cap of 2 pages, so the cap is met in three requests.
    const SMALL_SELLER: &str = "crate_digger";
    const SMALL_SELLER_TOKEN: &str = "sandbox-discogs-crate-digger-token";
    let sandbox = DiscogsSandbox::builder()
        .account_with_listings(SMALL_SELLER, SMALL_SELLER_TOKEN, 12)
        .inventory_page_cap(Some(2))
        .start()
        .await
        .unwrap();
    let stranger = seller_client(&sandbox);

    let first = stranger
        .inventory(SMALL_SELLER)
        .page_size(5)
        .send()
        .await
        .unwrap();
    assert_eq!(
        first.pages,
        Some(3),
        "the full count, though page 3 is refused"
    );
    assert_eq!(first.total, Some(12));

    let results = stream_inventory_of(&stranger, SMALL_SELLER, 1, 5).await;
    assert_eq!(
        results.len(),
        11,
        "two pages of 5, then the error: {results:?}"
    );
    let streamed: Vec<u64> = results[..10]
        .iter()
        .map(|result| result.as_ref().unwrap().id)
        .collect();
    let held: Vec<u64> = sandbox
        .listings(SMALL_SELLER)
        .iter()
        .map(|listing| listing.id)
        .collect();
    assert_eq!(streamed.len(), 10);
    assert!(streamed.iter().all(|id| held.contains(id)), "{streamed:?}");
    let error = results[10].as_ref().unwrap_err();
    assert!(is_pagination_limit(&results[10]), "{error:?}");
    assert_eq!(error.kind(), Some(DiscogsErrorKind::PaginationLimit));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(403));
    assert_eq!(
        error.message(),
        Some("Pagination above 100 disabled for inventories besides your own")
    );
    assert!(!error.is_retryable());
    let path = format!("/users/{SMALL_SELLER}/inventory");
    let refused: Vec<_> = sandbox
        .request_log()
        .entries()
        .into_iter()
        .filter(|entry| entry.path == path && entry.status == 403)
        .collect();
    assert_eq!(refused.len(), 1, "the 403 is not retried: {refused:?}");

    // The owner is never capped: the same stream is complete with the seller's own token.
    let owner = DiscogsClient::builder()
        .base_url(sandbox.base_url())
        .user_agent(USER_AGENT)
        .retry_policy(quick_retries())
        .token(SMALL_SELLER_TOKEN)
        .build()
        .unwrap();
    let own: Vec<Listing> = owner
        .inventory(SMALL_SELLER)
        .page_size(5)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(own.len(), 12);

    // The demo data's large seller at the live cap: page 100 of 217 (at 100 a page) reads, and
    // the stream ends with the refusal of page 101 after its 100 listings.
    let sandbox = demo_sandbox().await;
    let stranger = seller_client(&sandbox);
    let results = stream_inventory_of(&stranger, DEMO_LARGE_SELLER, 100, 100).await;
    assert_eq!(results.len(), 101, "page 100's listings, then the error");
    assert!(results[..100].iter().all(Result::is_ok));
    assert!(is_pagination_limit(&results[100]), "{:?}", results[100]);
    let page_100 = stranger
        .inventory(DEMO_LARGE_SELLER)
        .page(100)
        .page_size(100)
        .send()
        .await
        .unwrap();
    let pages = DEMO_LARGE_SELLER_LISTINGS.div_ceil(100);
    assert_eq!(page_100.pages, Some(u64::try_from(pages).unwrap()));
}

// field notes §1.7 "Inventory upload results": a row Discogs cannot apply is reported inline as
// `Skipped row N because ERROR: <id> is an invalid listing_id` while `status` stays `success`.
// The CSV stock channel reports that row's update rejected with Discogs' reason and the file's
// other rows accepted.
#[tokio::test]
async fn a_csv_channel_push_naming_an_unknown_listing_rejects_that_update_alone() {
    let sandbox = demo_sandbox().await;
    let channel = seller_client(&sandbox)
        .channel()
        .currency(Currency::Usd)
        .wait_options(quick_wait());
    let targets: Vec<fake::DiscogsListing> = sandbox
        .listings(DEFAULT_SELLER)
        .into_iter()
        .filter(|listing| listing.status == fake::DiscogsListingStatus::ForSale)
        .take(2)
        .collect();
    const UNKNOWN: u64 = 999_999_999;
    assert!(sandbox.listing(UNKNOWN).is_none());
    let price = |id: u64, cents: i64| -> InventoryUpdate {
        PriceUpdate::new(
            Sku::new(id.to_string()).unwrap(),
            Money::new(Decimal::new(cents, 2), Currency::Usd),
        )
        .into()
    };
    let updates = [
        price(targets[0].id, 6_101),
        price(UNKNOWN, 6_102),
        price(targets[1].id, 6_103),
    ];

    let report = channel.push(&updates).await.unwrap();

    let uploads = sandbox.uploads(DEFAULT_SELLER);
    assert_eq!(uploads.len(), 1, "one upload for the batch");
    let upload = &uploads[0];
    assert_eq!(upload.status, "success", "Discogs calls it a success");
    assert_eq!(upload.rows, 3);
    let results = upload.results.as_deref().unwrap();
    assert!(
        results.contains(&format!(
            "Skipped row 3 because ERROR: {UNKNOWN} is an invalid listing_id"
        )),
        "{results}"
    );
    let outcomes = report.outcomes();
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes[0].is_accepted(), "{report:?}");
    assert!(outcomes[2].is_accepted(), "{report:?}");
    assert!(!outcomes[1].is_accepted(), "{report:?}");
    assert_eq!(outcomes[1].sku.as_str(), UNKNOWN.to_string());
    assert_eq!(outcomes[1].outcome.code(), Some("skipped_row"));
    assert_eq!(
        outcomes[1].outcome.reason(),
        Some(
            format!(
                "Discogs skipped row 3 of upload {}: ERROR: {UNKNOWN} is an invalid listing_id",
                upload.id
            )
            .as_str()
        )
    );
    // The accepted ones are applied in the fake.
    assert_eq!(
        sandbox.listing(targets[0].id).unwrap().price,
        Decimal::new(6_101, 2)
    );
    assert_eq!(
        sandbox.listing(targets[1].id).unwrap().price,
        Decimal::new(6_103, 2)
    );
    assert!(sandbox.listing(UNKNOWN).is_none());
}

// Issue 14 point 2 (money fits its currency): the fee is money in its currency, so a JPY fee
// has no decimals; an amount with more decimals than its currency allows (USD 12.345, JPY
// 1200.5) is refused before anything is sent, naming the field, the currency and its minor
// units. (The fee endpoint answers `{value, currency}`, field notes §1.8 for the shape.)
#[tokio::test]
async fn a_jpy_fee_has_no_decimals_and_too_precise_amounts_never_leave() {
    let sandbox = demo_sandbox().await;
    let discogs = seller_client(&sandbox);

    // 4.2 % of 1,234 yen is 51.828 yen: Discogs charges whole yen.
    let fee = discogs
        .fee_in(Decimal::new(1_234, 0), Currency::Jpy)
        .await
        .unwrap();
    assert_eq!(fee.currency(), Currency::Jpy);
    assert_eq!(fee.amount().to_string(), "52");
    assert!(fee.fits_minor_units());
    let fee = discogs.fee(Decimal::new(1_234, 2)).await.unwrap();
    assert_eq!(
        fee.amount().to_string(),
        "0.52",
        "4.2 % of USD 12.34, in cents"
    );
    let sent = sandbox.request_log().len();
    assert_eq!(sent, 2);

    let refused = |error: DiscogsError| match error {
        DiscogsError::InvalidInput(refusal) => (refusal.field, refusal.rule),
        other => panic!("expected a refusal before sending, got {other:?}"),
    };
    let (field, rule) = refused(discogs.fee(Decimal::new(12_345, 3)).await.unwrap_err());
    assert_eq!(field, "price");
    assert!(
        rule.contains("USD 12.345") && rule.contains("2 decimal places"),
        "{rule}"
    );
    let (field, rule) = refused(
        discogs
            .fee_in(Decimal::new(12_005, 1), Currency::Jpy)
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "price");
    assert!(
        rule.contains("JPY 1200.5") && rule.contains("0 decimal places"),
        "{rule}"
    );
    let listings_before = sandbox.listings(DEFAULT_SELLER).len();
    let (field, _) = refused(
        discogs
            .listings()
            .create(
                &ListingDetails::new(1, MediaCondition::Mint, Decimal::new(12_345, 3))
                    .currency(Currency::Usd),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "price");
    let (field, _) = refused(
        discogs
            .listings()
            .create(
                &ListingDetails::new(1, MediaCondition::Mint, Decimal::new(12_005, 1))
                    .currency(Currency::Jpy),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "price");
    // Both channels reject such a price per item, sending nothing.
    let listing = sandbox.listings(DEFAULT_SELLER)[0].id;
    let too_precise: [InventoryUpdate; 1] = [PriceUpdate::new(
        Sku::new(listing.to_string()).unwrap(),
        Money::new(Decimal::new(12_345, 3), Currency::Usd),
    )
    .into()];
    let report = discogs
        .channel()
        .currency(Currency::Usd)
        .wait_options(quick_wait())
        .push(&too_precise)
        .await
        .unwrap();
    assert_eq!(report.outcomes()[0].outcome.code(), Some("too_precise"));
    let report = discogs
        .listing_edit_channel()
        .push(&too_precise)
        .await
        .unwrap();
    assert_eq!(report.outcomes()[0].outcome.code(), Some("too_precise"));

    assert_eq!(sandbox.request_log().len(), sent, "nothing more was sent");
    assert_eq!(sandbox.listings(DEFAULT_SELLER).len(), listings_before);
    assert!(sandbox.uploads(DEFAULT_SELLER).is_empty());
}

// field notes §1.3 "Authorization header forms": a personal token travels as
// `Authorization: Discogs token=<token>`; an empty, blank or whitespace-holding token could never
// be sent there, so `build()` refuses it naming `token` (it used to build and fail at the first
// request as "credentials").
#[tokio::test]
async fn a_blank_token_is_refused_at_build_and_nothing_reaches_the_fake() {
    let sandbox = demo_sandbox().await;
    for blank in [
        "",
        "   ",
        "\n",
        "sandbox-discogs-token\n",
        "sandbox discogs token",
    ] {
        let error = DiscogsClient::builder()
            .base_url(sandbox.base_url())
            .user_agent(USER_AGENT)
            .token(blank)
            .build()
            .unwrap_err();
        match error {
            DiscogsError::Config(refusal) => assert_eq!(refusal.field, "token", "{blank:?}"),
            other => panic!("expected a configuration error for {blank:?}, got {other:?}"),
        }
    }
    assert!(sandbox.request_log().is_empty());
    // The same builder with the real token works against the fake.
    seller_client(&sandbox).fee(Decimal::TEN).await.unwrap();
    assert_eq!(sandbox.request_log().count_status(200), 1);
}
