//! The listing endpoints against a mock Discogs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{client, json, standard_headers};
use discogs_client::prelude::*;
use discogs_client::{
    DiscogsError, DiscogsErrorKind, ListingDetails, ListingStatus, MediaCondition, NumberOrAuto,
    SleeveCondition,
};
use inventory_model::{Currency, Decimal, Grade};
use serde_json::json;
use test_support::{JsonBody, exact_query};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn get_listing_decodes_the_spec_example() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/172723812"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "listing.json"))
        .expect(1)
        .mount(&server)
        .await;

    let listing = client(&server).listings().get(172723812).await.unwrap();
    assert_eq!(listing.id, 172723812);
    assert_eq!(listing.status, ListingStatus::ForSale);
    assert_eq!(listing.price.amount(), Decimal::new(120, 0));
    assert_eq!(listing.price.currency(), Currency::Usd);
    let original = listing.original_price.as_ref().unwrap();
    assert_eq!(original.formatted.as_deref(), Some("$120.00"));
    assert_eq!(original.currency_id, Some(1));
    assert_eq!(original.money().amount().to_string(), "120.0");
    let shipping = listing.shipping_price.unwrap();
    assert_eq!(shipping.amount().to_string(), "2.50");
    assert_eq!(listing.condition, MediaCondition::Mint);
    assert_eq!(listing.condition.grade(), Some(Grade::Mint));
    assert_eq!(listing.sleeve_condition, Some(SleeveCondition::Mint));
    assert_eq!(listing.seller.username, "Booms528");
    assert_eq!(listing.seller.payment.as_deref(), Some("PayPal"));
    let stats = listing.seller.stats.as_ref().unwrap();
    assert_eq!(stats.rating.as_deref(), Some("100"));
    assert_eq!(stats.total, Some(15));
    assert_eq!(listing.release.id, 5610049);
    assert_eq!(listing.release.year, Some(2014));
    assert_eq!(
        listing.posted.unwrap().unix_timestamp(),
        1_405_454_101 // 2014-07-15T12:55:01-07:00
    );
    // Owner-only fields are absent for other viewers.
    assert_eq!(listing.weight, None);
    assert_eq!(listing.quantity, None);
}

#[tokio::test]
async fn get_listing_as_owner_decodes_owner_fields_and_currency() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/172723812"))
        .and(exact_query(&[("curr_abbr", "EUR")]))
        .respond_with(json(200, "listing_owner.json"))
        .expect(1)
        .mount(&server)
        .await;

    let listing = client(&server)
        .listings()
        .get_in_currency(172723812, Currency::Eur)
        .await
        .unwrap();
    assert_eq!(listing.status, ListingStatus::Expired);
    assert_eq!(
        listing.weight,
        Some(NumberOrAuto::Number(Decimal::new(230, 0)))
    );
    assert_eq!(listing.format_quantity, Some(NumberOrAuto::Auto));
    assert_eq!(listing.external_id.as_deref(), Some("LP-0042"));
    assert_eq!(listing.location.as_deref(), Some("Shelf B3"));
    assert_eq!(listing.quantity, Some(2));
    assert_eq!(listing.in_cart, Some(false));
}

#[tokio::test]
async fn unknown_statuses_and_conditions_decode_as_unknown() {
    let server = MockServer::start().await;
    let mut body = common::fixture_json("listing.json");
    body["status"] = json!("On Vacation");
    body["condition"] = json!("Excellent (EX)");
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let listing = client(&server).listings().get(1).await.unwrap();
    assert_eq!(listing.status, ListingStatus::Unknown("On Vacation".into()));
    assert_eq!(
        listing.condition,
        MediaCondition::Unknown("Excellent (EX)".into())
    );
}

#[tokio::test]
async fn get_listing_not_found_keeps_the_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/9"))
        .respond_with(json(404, "error_404.json"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).listings().get(9).await.unwrap_err();
    match &error {
        DiscogsError::Api {
            kind: DiscogsErrorKind::NotFound,
            error,
        } => {
            assert_eq!(
                error.message.as_deref(),
                Some("The request resource was not found.")
            );
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(!error.to_string().contains(common::TOKEN));
}

#[tokio::test]
async fn get_in_an_unsupported_currency_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, "listing.json"))
        .expect(0)
        .mount(&server)
        .await;
    let error = client(&server)
        .listings()
        .get_in_currency(1, Currency::Dkk)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, DiscogsError::InvalidInput(refusal) if refusal.field == "curr_abbr"),
        "{error:?}"
    );
}

#[tokio::test]
async fn edit_posts_the_complete_listing_and_accepts_204() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/172723812"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .and(header("content-type", "application/json"))
        .and(JsonBody(json!({
            "release_id": 5610049,
            "condition": "Near Mint (NM or M-)",
            "sleeve_condition": "Generic",
            "price": 119.99,
            "comments": "Still sealed",
            "allow_offers": true,
            "status": "Draft",
            "external_id": "LP-0042",
            "location": "Shelf B3",
            "weight": "auto",
            "format_quantity": 2
        })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let details = ListingDetails::new(5610049, Grade::NearMint, Decimal::new(11999, 2))
        .sleeve_condition(SleeveCondition::Generic)
        .comments("Still sealed")
        .allow_offers(true)
        .status(ListingStatus::Draft)
        .external_id("LP-0042")
        .location("Shelf B3")
        .weight(NumberOrAuto::Auto)
        .format_quantity(2u32);
    client(&server)
        .listings()
        .edit(172723812, &details)
        .await
        .unwrap();
}

#[tokio::test]
async fn edit_is_retried_after_a_503_because_it_sets_absolute_values() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/5"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/5"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let details = ListingDetails::new(1, MediaCondition::Good, Decimal::new(5, 0));
    client(&server).listings().edit(5, &details).await.unwrap();
}

#[tokio::test]
async fn edit_errors_are_distinct() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/1"))
        .respond_with(json(403, "error_403.json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/2"))
        .respond_with(ResponseTemplate::new(422).set_body_raw(
            r#"{"message": "Invalid price: must be at least 0.50"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings/3"))
        .respond_with(json(401, "error_401.json"))
        .mount(&server)
        .await;
    let discogs = client(&server);
    let details = ListingDetails::new(1, MediaCondition::Good, Decimal::new(5, 0));
    let forbidden = discogs.listings().edit(1, &details).await.unwrap_err();
    assert!(
        matches!(&forbidden, DiscogsError::Api { kind: DiscogsErrorKind::Forbidden, error }
            if error.message.as_deref() == Some("You don't have permission to access this resource.")),
        "{forbidden:?}"
    );
    let invalid = discogs.listings().edit(2, &details).await.unwrap_err();
    assert!(
        matches!(&invalid, DiscogsError::Api { kind: DiscogsErrorKind::Validation, error }
            if error.message.as_deref() == Some("Invalid price: must be at least 0.50")),
        "{invalid:?}"
    );
    let unauthorized = discogs.listings().edit(3, &details).await.unwrap_err();
    assert!(
        matches!(&unauthorized, DiscogsError::Api { kind: DiscogsErrorKind::Unauthorized, error }
            if error.message.as_deref() == Some("You must authenticate to access this resource.")),
        "{unauthorized:?}"
    );
}

#[tokio::test]
async fn bad_listing_details_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let good = ListingDetails::new(1, MediaCondition::Good, Decimal::new(5, 0));
    let cases = [
        (good.clone().price(Decimal::ZERO), "price"),
        (good.clone().price(Decimal::new(-1, 0)), "price"),
        (good.clone().status(ListingStatus::Sold), "status"),
        (good.clone().status(ListingStatus::Expired), "status"),
        (
            good.clone()
                .condition(MediaCondition::from_wire("Excellent")),
            "condition",
        ),
        (
            good.clone()
                .sleeve_condition(SleeveCondition::from_wire("Torn")),
            "sleeve_condition",
        ),
        (good.clone().weight(Decimal::new(-5, 0)), "weight"),
        (
            good.clone()
                .format_quantity(NumberOrAuto::Unknown("lots".into())),
            "format_quantity",
        ),
    ];
    for (details, expected_field) in cases {
        for result in [
            discogs.listings().edit(1, &details).await.map(|_| ()),
            discogs.listings().create(&details).await.map(|_| ()),
        ] {
            match result {
                Err(DiscogsError::InvalidInput(refusal)) => {
                    assert_eq!(refusal.field, expected_field, "{}", refusal.rule);
                }
                other => panic!("expected a refusal of {expected_field}, got {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn details_from_a_sold_listing_are_refused() {
    let server = MockServer::start().await;
    let mut body = common::fixture_json("listing.json");
    body["status"] = json!("Sold");
    Mock::given(method("GET"))
        .and(path("/marketplace/listings/172723812"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let listing = client(&server).listings().get(172723812).await.unwrap();
    let error = ListingDetails::from_listing(&listing).unwrap_err();
    match error {
        DiscogsError::InvalidInput(refusal) => {
            assert_eq!(refusal.field, "status");
            assert!(
                refusal.rule.contains("only For Sale, Draft and Expired"),
                "{}",
                refusal.rule
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn delete_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("DELETE"))
        .and(path("/marketplace/listings/172723812"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .and(body_string(""))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).listings().delete(172723812).await.unwrap();
}

#[tokio::test]
async fn delete_of_someone_elses_listing_is_forbidden() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/marketplace/listings/1"))
        .respond_with(json(403, "error_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).listings().delete(1).await.unwrap_err();
    assert_eq!(error.kind(), Some(DiscogsErrorKind::Forbidden), "{error:?}");
}

#[tokio::test]
async fn create_posts_the_listing_and_returns_its_id() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("POST"))
        .and(path("/marketplace/listings"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .and(header("content-type", "application/json"))
        .and(JsonBody::text(
            r#"{"release_id": 1, "condition": "Very Good Plus (VG+)", "price": 10.00,
                "status": "For Sale"}"#,
        ))
        .respond_with(json(201, "listing_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .listings()
        .create(&ListingDetails::new(
            1,
            MediaCondition::VeryGoodPlus,
            Decimal::new(1000, 2),
        ))
        .await
        .unwrap();
    assert_eq!(created.listing_id, 41578241);
    assert_eq!(
        created.resource_url.as_deref(),
        Some("https://api.discogs.com/marketplace/listings/41578241")
    );
}

#[tokio::test]
async fn create_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .listings()
        .create(&ListingDetails::new(
            1,
            MediaCondition::Good,
            Decimal::new(5, 0),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn create_forbidden_keeps_the_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/listings"))
        .respond_with(json(403, "error_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .listings()
        .create(&ListingDetails::new(
            1,
            MediaCondition::Good,
            Decimal::new(5, 0),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        error.message(),
        Some("You don't have permission to access this resource.")
    );
    assert!(matches!(
        error,
        DiscogsError::Api {
            kind: DiscogsErrorKind::Forbidden,
            ..
        }
    ));
}
