//! Reading tolerantly: `{}`, `null` and absence of an optional object are "not given", and
//! one item that does not decode fails alone, naming its index, `uid` and field, while the
//! items before and after it still come.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use client_core::ItemError;
use common::{client, fixture, json_answer};
use futures::StreamExt;
use instica_client::prelude::*;
use instica_client::{InsticaError, Item};
use serde_json::json;
use test_support::exact_query;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The item error inside a stream's or page's failure.
fn item_error(error: &InsticaError) -> &ItemError {
    match error {
        InsticaError::Engine(client_core::Error::Item(item)) => item,
        other => panic!("expected an item error, got {other:?}"),
    }
}

/// A failed item's index, id and field.
type Failure<'a> = (usize, Option<&'a str>, Option<&'a str>);

fn failure(item: &ItemError) -> Failure<'_> {
    (item.index, item.id.as_deref(), item.field.as_deref())
}

async fn two_tolerant_pages(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(exact_query(&[]))
        .respond_with(json_answer("items_tolerant_page1.json", server))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .and(exact_query(&[("page", "2")]))
        .respond_with(json_answer("items_tolerant_page2.json", server))
        .expect(1)
        .mount(server)
        .await;
}

// field notes §1.8 (live pages carry `{}` where an object is expected) and issue 14 point 1.
#[tokio::test]
async fn a_page_keeps_every_item_that_decodes_and_names_each_that_does_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/"))
        .respond_with(json_answer("items_tolerant_page1.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server).items().list().send().await.unwrap();
    let uids: Vec<&str> = page.items.iter().map(|item| item.uid.as_str()).collect();
    assert_eq!(
        uids,
        [
            "inv_empty_objects",
            "inv_null_objects",
            "inv_absent_objects"
        ]
    );
    assert_eq!(page.total, Some(7));
    assert!(page.next.is_some());

    // `{}`, `null` and absence all read as "not given".
    for item in &page.items {
        assert_eq!(item.user, None, "{}", item.uid);
        assert_eq!(item.organization, None, "{}", item.uid);
        assert_eq!(item.inventory_item_type, None, "{}", item.uid);
        assert_eq!(item.default_pricing_model, None, "{}", item.uid);
        assert!(item.assets.is_empty(), "{}", item.uid);
        assert!(item.platform_listability.is_empty(), "{}", item.uid);
    }
    assert_eq!(page.items[0].product, None);
    let product = page.items[1].product.as_ref().unwrap();
    assert_eq!(product.uid.as_str(), "prod_b2");
    assert_eq!(product.artist, None);
    assert_eq!(page.items[1].price_total_usd, None);
    assert_eq!(
        page.items[2].price_total_usd.unwrap().amount().to_string(),
        "19.50"
    );

    let failed: Vec<_> = page.failed.iter().map(failure).collect();
    assert_eq!(
        failed,
        [
            (2, Some("inv_bad_price"), Some("price_total_usd")),
            (3, Some("inv_product_without_uid"), Some("product")),
        ]
    );
    assert!(
        page.failed[1].reason.contains("missing field `uid`"),
        "{}",
        page.failed[1].reason
    );
    assert_eq!(page.failed[0].request.route, "/inventory/");
    assert_eq!(
        page.failed[0].to_string(),
        format!(
            "GET /inventory/: item 2 (id inv_bad_price), field `price_total_usd`: {}",
            page.failed[0].reason
        )
    );
}

#[tokio::test]
async fn a_stream_yields_each_failed_item_in_its_place_and_goes_on() {
    let server = MockServer::start().await;
    two_tolerant_pages(&server).await;

    let results: Vec<Result<Item, InsticaError>> =
        client(&server).items().list().stream().collect().await;
    let seen: Vec<Result<&str, Failure<'_>>> = results
        .iter()
        .map(|result| match result {
            Ok(item) => Ok(item.uid.as_str()),
            Err(error) => Err(failure(item_error(error))),
        })
        .collect();
    assert_eq!(
        seen,
        [
            Ok("inv_empty_objects"),
            Ok("inv_null_objects"),
            Err((2, Some("inv_bad_price"), Some("price_total_usd"))),
            Err((3, Some("inv_product_without_uid"), Some("product"))),
            Ok("inv_absent_objects"),
            // The second page: a malformed element of a nested list is named by its index.
            Err((0, Some("inv_bad_asset"), Some("assets[1].file_size"))),
            Ok("inv_last"),
        ]
    );
    let error = results[5].as_ref().unwrap_err();
    assert!(!error.is_retryable());
    assert_eq!(
        error.request().map(|request| request.route),
        Some("/inventory/")
    );
}

#[tokio::test]
async fn whole_lists_keep_their_good_entries_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/inventory/inv_d4e5f6/listings/"))
        .respond_with(json_answer("listings_tolerant.json", &server))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/choices/conditions/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"value": "mint", "label": "Mint (M)"},
            {"label": "Near Mint (NM)"},
            {"value": "vg_plus", "label": "VG+"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let listings = client.item("inv_d4e5f6").listings().await.unwrap();
    let uids: Vec<&str> = listings
        .items
        .iter()
        .map(|listing| listing.uid.as_str())
        .collect();
    assert_eq!(uids, ["lst_empty", "lst_null"]);
    for listing in &listings.items {
        assert_eq!(listing.permissions, None, "{}", listing.uid);
        assert_eq!(listing.last_error_code, None, "{}", listing.uid);
        assert_eq!(listing.marketplace_details, None, "{}", listing.uid);
        assert!(listing.action_reasons.is_empty(), "{}", listing.uid);
    }
    // The platform is what a listing is about: an empty one fails that listing alone.
    let failed: Vec<_> = listings.failed.iter().map(failure).collect();
    assert_eq!(failed, [(1, Some("lst_no_platform"), Some("platform"))]);

    let conditions = client.reference().conditions().await.unwrap();
    assert_eq!(conditions.items.len(), 2);
    assert_eq!(failure(&conditions.failed[0]), (1, None, None));
    assert!(
        conditions.failed[0]
            .reason
            .contains("missing field `value`")
    );
}

#[tokio::test]
async fn every_other_wire_type_reads_empty_and_null_as_not_given() {
    let server = MockServer::start().await;
    let mut detail = fixture("item_detail.json", &server);
    detail["product"] = json!({});
    detail["organization"] = json!(null);
    detail["user"] = json!({});
    detail["platform_listability"] = json!(null);
    detail["assets"] = json!([{
        "uid": "ast_1", "type": "photo", "listing_assets": null, "is_identifying_asset": null
    }]);
    let answers = [
        ("/inventory/inv_d4e5f6/", detail),
        (
            "/inventory/inv_d4e5f6/audit-logs/",
            json!([{"uid": "log_1", "action": "list", "metadata": null}]),
        ),
        (
            "/inventory/bulk/settings/",
            json!({"max_items_per_batch": 50, "is_pro": null, "allowed_bulk_statuses": null}),
        ),
        (
            "/inventory/analytics/trends/",
            json!({"range_days": 30, "range_start": "2025-02-01", "range_end": "2025-03-01",
                   "purchases": null, "listings": [], "sales": null}),
        ),
    ];
    for (route, body) in answers {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/inventory/bulk/status/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success_count": 2, "failure_count": null, "total_count": 2,
            "errors": null, "updated_uids": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/assets/batch/"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "created": null, "errors": null, "created_count": null, "failed_count": 0,
            "associated_inventory_items_count": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let item = client.item("inv_d4e5f6");

    let detail = item.get().await.unwrap();
    assert_eq!(
        (&detail.product, &detail.organization, &detail.user),
        (&None, &None, &None)
    );
    assert!(detail.platform_listability.is_empty());
    assert!(detail.assets[0].listing_assets.is_empty());
    assert!(!detail.assets[0].is_identifying_asset);

    let logs = item.audit_logs().send().await.unwrap();
    assert!(logs.items[0].metadata.is_empty());
    let settings = client.bulk().settings().await.unwrap();
    assert_eq!(
        (settings.is_pro, settings.allowed_bulk_statuses.len()),
        (false, 0)
    );
    let trends = client.analytics().trends(None).await.unwrap();
    assert!(trends.purchases.is_empty() && trends.sales.is_empty());

    let report = client
        .bulk()
        .status(
            &["inv_1".into(), "inv_2".into()],
            &instica_client::ItemStatus::Draft,
        )
        .await
        .unwrap();
    assert_eq!((report.success_count, report.failure_count), (2, 0));
    assert!(report.errors.is_empty() && report.updated_uids.is_empty());

    let upload = instica_client::AssetUpload::new(instica_client::AssetType::Photo).file(
        "a.jpg",
        "image/jpeg",
        vec![0xFF, 0xD8],
    );
    let batch = item.assets().upload_batch(&upload).await.unwrap();
    assert_eq!((batch.created.len(), batch.created_count), (0, 0));
}
