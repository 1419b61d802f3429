//! Django REST framework's error shapes (field notes §4: Instica documents none; that it is
//! DRF is an inference from its page envelope and trailing-slash URLs). Every shape keeps the
//! path of the field at fault, and in a list of nested objects which element failed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::client;
use instica_client::prelude::*;
use instica_client::{
    AssetType, AssetUpload, BulkFieldUpdate, InsticaError, InsticaErrorKind, ItemFields, ItemUid,
    PriceChange,
};
use inventory_model::{Currency, Decimal, Money};
use test_support::Fixtures;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

fn uids() -> Vec<ItemUid> {
    vec!["inv_001".into(), "inv_002".into(), "inv_003".into()]
}

/// A server that answers `method route` with `status` and the DRF fixture `name`.
async fn answering(method_name: &str, route: &str, status: u16, name: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .and(path(route))
        .respond_with(
            Fixtures::of_crate(env!("CARGO_MANIFEST_DIR"))
                .json_answer(status, &format!("drf/{name}")),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// The error's field errors as `(path, messages)` pairs, in order.
fn paths(error: &InsticaError) -> Vec<(&str, Vec<&str>)> {
    error
        .field_errors()
        .expect("an answer from the server")
        .iter()
        .map(|(field, messages)| {
            (
                field.as_str(),
                messages.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

fn assert_rejected(error: &InsticaError) {
    assert!(
        matches!(
            error,
            InsticaError::Api {
                kind: InsticaErrorKind::Rejected,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.is_retryable());
}

// field notes §4: a list of nested objects has one entry per element, `{}` for valid ones.
#[tokio::test]
async fn a_body_that_is_a_list_names_the_element_by_index() {
    let server = answering(
        "POST",
        "/inventory/bulk/update/",
        400,
        "list_of_nested_objects.json",
    )
    .await;
    let error = client(&server)
        .bulk()
        .update_fields(&uids(), &BulkFieldUpdate::new().location("Shelf B3"))
        .await
        .unwrap_err();
    assert_rejected(&error);
    assert_eq!(
        paths(&error),
        [("[2].id", vec!["A valid integer is required."])]
    );
    assert_eq!(
        error.message(),
        Some("[2].id: A valid integer is required.")
    );
}

// field notes §4: `{"items": [{}, {"price": ["…"]}]}` for a list field on a parent.
#[tokio::test]
async fn a_list_field_of_nested_objects_names_the_element_by_index() {
    let server = answering(
        "POST",
        "/inventory/bulk/price/",
        400,
        "items_list_field.json",
    )
    .await;
    let price = PriceChange::Set(Money::new(Decimal::new(999, 2), Currency::Usd));
    let error = client(&server)
        .bulk()
        .price(&uids(), &price)
        .await
        .unwrap_err();
    assert_rejected(&error);
    assert_eq!(
        paths(&error),
        [(
            "items[1].price",
            vec!["Ensure that there are no more than 2 decimal places."]
        )]
    );
}

// issue 14 point 5: `assets[1].file`, not `assets.file`.
#[tokio::test]
async fn an_asset_error_names_the_asset_that_failed() {
    let server = answering(
        "POST",
        "/inventory/inv_d4e5f6/assets/batch/",
        400,
        "assets_list_field.json",
    )
    .await;
    let upload = AssetUpload::new(AssetType::Photo)
        .file("front.jpg", "image/jpeg", vec![0xFF, 0xD8])
        .file("back.jpg", "image/jpeg", vec![0x00]);
    let error = client(&server)
        .item("inv_d4e5f6")
        .assets()
        .upload_batch(&upload)
        .await
        .unwrap_err();
    assert_rejected(&error);
    let fields = error.field_errors().unwrap();
    assert!(!fields.contains_key("assets.file"), "{fields:?}");
    assert_eq!(
        paths(&error),
        [(
            "assets[1].file",
            vec![
                "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
            ]
        )]
    );
}

// field notes §4: the index-keyed form a DRF pull request proposes; accepted too.
#[tokio::test]
async fn the_index_keyed_form_reads_like_the_list_form() {
    let server = answering(
        "POST",
        "/inventory/bulk/price/",
        400,
        "items_index_keyed.json",
    )
    .await;
    let price = PriceChange::Set(Money::new(Decimal::new(999, 2), Currency::Usd));
    let error = client(&server)
        .bulk()
        .price(&uids(), &price)
        .await
        .unwrap_err();
    assert_eq!(
        paths(&error),
        [(
            "items[1].price",
            vec!["Ensure that there are no more than 2 decimal places."]
        )]
    );
}

// field notes §4: a nested object's errors, joined with a dot.
#[tokio::test]
async fn a_nested_object_is_joined_with_a_dot() {
    let server = answering("POST", "/inventory/", 400, "nested_object.json").await;
    let error = client(&server)
        .items()
        .create(&ItemFields::new().name("Abbey Road LP"))
        .await
        .unwrap_err();
    assert_rejected(&error);
    assert_eq!(
        paths(&error),
        [("product.title", vec!["This field is required."])]
    );
    assert_eq!(
        error.message(),
        Some("product.title: This field is required.")
    );
}

// field notes §4: a non-list where a list is expected.
#[tokio::test]
async fn non_field_errors_keep_their_name() {
    let server = answering(
        "POST",
        "/inventory/bulk/status/",
        400,
        "non_field_errors.json",
    )
    .await;
    let error = client(&server)
        .bulk()
        .status(&uids(), &instica_client::ItemStatus::Draft)
        .await
        .unwrap_err();
    assert_eq!(
        paths(&error),
        [(
            "non_field_errors",
            vec!["Expected a list of items but got type \"dict\"."]
        )]
    );
}

// field notes §4: auth, permission, 404 and throttle errors are `{"detail": "…"}`.
#[tokio::test]
async fn a_detail_is_the_message_and_no_field_error() {
    let server = answering("GET", "/inventory/inv_1/", 401, "detail.json").await;
    let error = client(&server).item("inv_1").get().await.unwrap_err();
    assert!(
        matches!(
            error,
            InsticaError::Api {
                kind: InsticaErrorKind::Unauthorized,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.message(),
        Some("Authentication credentials were not provided.")
    );
    assert!(error.field_errors().unwrap().is_empty());
}
