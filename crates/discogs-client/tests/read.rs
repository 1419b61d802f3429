//! The bulk channel's read side (one inventory export, its polls and one download) and both
//! channels' `check_update`, against a mock Discogs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{AUTHORIZATION as TOKEN_HEADER, USER_AGENT, client};
use discogs_client::prelude::*;
use discogs_client::{DiscogsError, DiscogsErrorKind};
use inventory_model::{
    Currency, Decimal, InventoryUpdate, Money, PriceUpdate, Quantity, ReadScope, Sku, SkuMap,
    StockKind, StockUpdate,
};
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EXPORT_ID: u64 = 599632;

fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

fn usd(amount: &str) -> Money {
    Money::new(amount.parse::<Decimal>().unwrap(), Currency::Usd)
}

fn price(sku_text: &str, money: Money) -> InventoryUpdate {
    PriceUpdate::new(sku(sku_text), money).into()
}

fn stock(sku_text: &str, quantity: u32) -> StockUpdate {
    StockUpdate::new(sku(sku_text), Quantity::new(quantity))
}

fn export_json(status: &str) -> serde_json::Value {
    serde_json::json!({
        "status": status, "id": EXPORT_ID,
        "created_ts": "2018-09-27T12:59:02",
        "finished_ts": if status == "success" { Some("2018-09-27T12:59:09") } else { None },
        "download_url": null, "filename": null, "url": null
    })
}

/// The export job: requested once, pending at the first poll, then done; its file is `csv`.
async fn mount_export(server: &MockServer, csv: &str) {
    Mock::given(method("POST"))
        .and(path("/inventory/export"))
        .and(header("authorization", TOKEN_HEADER))
        .and(header("user-agent", USER_AGENT))
        .and(body_bytes(Vec::new()))
        .respond_with(ResponseTemplate::new(200).insert_header(
            "location",
            format!("https://api.discogs.com/inventory/export/{EXPORT_ID}"),
        ))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/inventory/export/{EXPORT_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(export_json("pending")))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/inventory/export/{EXPORT_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(export_json("success")))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/inventory/export/{EXPORT_ID}/download")))
        .and(header("authorization", TOKEN_HEADER))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(csv.to_owned(), "text/csv; charset=utf-8"),
        )
        .expect(1)
        .mount(server)
        .await;
}

/// The live header (field notes §1.6), lines ending CRLF.
const HEADER: &str = "listing_id,artist,title,label,catno,format,release_id,status,price,listed,\
                      comments,media_condition,sleeve_condition,accept_offer,external_id,weight,\
                      format_quantity,location,quantity\r\n";

fn row(listing_id: u64, status: &str, price: &str, external_id: &str) -> String {
    format!(
        "{listing_id},Artist,Title,Label,CAT-1,\"LP, Album\",5610049,{status},{price},\
         2026-08-25 07:04:22,,Near Mint (NM or M-),Very Good Plus (VG+),Y,{external_id},230,1,,1\r\n"
    )
}

#[tokio::test]
async fn a_read_is_one_export_its_polls_and_one_download() {
    let server = MockServer::start().await;
    let csv = [
        HEADER.to_owned(),
        row(101, "For Sale", "21.50", "LP-0042"),
        row(102, "Draft", "9.0", "LP-0043"),
        row(103, "For Sale", "30.00", "LP-0099"),
        row(104, "For Sale", "12.00", ""),
        row(105, "For Sale", "14.00", "FROM-THE-LISTING"),
        row(106, "Draft", "8.00", ""),
        row(107, "For Sale", "twelve", "LP-0050"),
    ]
    .concat();
    mount_export(&server, &csv).await;
    let mut overrides = SkuMap::new();
    overrides.insert(sku("CATALOG-7"), "105").unwrap();
    let channel = client(&server)
        .channel()
        .currency(Currency::Usd)
        .with_sku_map(&overrides)
        .unwrap();

    let asked = [
        sku("LP-0042"),
        sku("LP-0043"),
        sku("CATALOG-7"),
        sku("FROM-THE-LISTING"),
        sku("106"),
        sku("LP-0050"),
        sku("LP-9999"),
    ];
    let holdings = channel.read(&asked).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let shape: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_owned()))
        .collect();
    assert_eq!(
        shape,
        [
            ("POST".to_owned(), "/inventory/export".to_owned()),
            ("GET".to_owned(), "/inventory/export/599632".to_owned()),
            ("GET".to_owned(), "/inventory/export/599632".to_owned()),
            (
                "GET".to_owned(),
                "/inventory/export/599632/download".to_owned()
            ),
        ]
    );
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
            // By external_id, one copy for sale, its price in the account's currency.
            ("LP-0042", "101", 1, Some(usd("21.50"))),
            // A draft is no copy for sale.
            ("LP-0043", "102", 0, Some(usd("9.0"))),
            // The override wins over the listing's own external_id.
            ("CATALOG-7", "105", 1, Some(usd("14.00"))),
            // An asked SKU of digits is the listing with that ID, as in a push.
            ("106", "106", 0, Some(usd("8.00"))),
        ]
    );
    // Not on the inventory; the row of LP-0050 did not decode, so its SKU is unknown.
    assert_eq!(
        holdings.missing(),
        [sku("FROM-THE-LISTING"), sku("LP-0050"), sku("LP-9999")]
    );
    // Held but not asked: LP-0099. Listing 104 has no external_id, so no SKU.
    let unasked: Vec<&str> = holdings
        .unasked()
        .unwrap()
        .iter()
        .map(|item| item.sku.as_str())
        .collect();
    assert_eq!(unasked, ["LP-0099"]);
    let unread = holdings.unreadable();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].item, "CSV line 8");
    assert!(unread[0].reason.contains("price: `twelve`"), "{unread:?}");
}

#[tokio::test]
async fn a_sku_on_several_current_listings_is_unreadable_and_sold_copies_are_history() {
    let server = MockServer::start().await;
    let csv = [
        HEADER.to_owned(),
        row(201, "Sold", "10.00", "LP-1"),
        row(202, "For Sale", "11.00", "LP-1"),
        row(203, "For Sale", "12.00", "LP-2"),
        row(204, "Draft", "12.00", "LP-2"),
    ]
    .concat();
    mount_export(&server, &csv).await;
    let channel = client(&server).channel().currency(Currency::Eur);

    let holdings = channel.read(&[sku("LP-1"), sku("LP-2")]).await.unwrap();

    assert_eq!(holdings.held().len(), 1);
    assert_eq!(holdings.held()[0].item_id, "202");
    assert_eq!(
        holdings.held()[0].price,
        Some(Money::new(Decimal::new(1100, 2), Currency::Eur))
    );
    assert!(holdings.missing().is_empty());
    let unread = holdings.unreadable();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].item, "listings 203, 204");
    assert_eq!(unread[0].sku, Some(sku("LP-2")));
    // A push of the ambiguous SKU is refused before sending, with the same words.
    let refusal = channel.check_update(&price("LP-2", eur("5"))).unwrap_err();
    assert_eq!(refusal.code.as_deref(), Some("ambiguous_sku"));
    assert_eq!(refusal.reason, unread[0].reason);
    assert_eq!(channel.listing_id_for(&sku("LP-1")), Some(202));
}

fn eur(amount: &str) -> Money {
    Money::new(amount.parse::<Decimal>().unwrap(), Currency::Eur)
}

#[tokio::test]
async fn without_a_currency_the_read_refuses_before_any_request() {
    let server = MockServer::start().await;
    let error = client(&server)
        .channel()
        .read(&[sku("LP-1")])
        .await
        .unwrap_err();
    assert_eq!(error.channel(), "discogs");
    assert_eq!(error.operation(), inventory_model::ChannelOperation::Read);
    match error.get_ref().downcast_ref::<DiscogsError>() {
        Some(DiscogsError::Config(refusal)) => assert_eq!(refusal.field, "currency"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_export_or_request_fails_the_read_as_a_whole() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/export"))
        .respond_with(ResponseTemplate::new(200).insert_header(
            "location",
            format!("https://api.discogs.com/inventory/export/{EXPORT_ID}"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/inventory/export/{EXPORT_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(export_json("failed")))
        .expect(1)
        .mount(&server)
        .await;
    let channel = client(&server).channel().currency(Currency::Usd);
    let error = channel.read(&[]).await.unwrap_err();
    assert!(
        error
            .get_ref()
            .to_string()
            .contains("ended in status `failed`"),
        "{}",
        error.get_ref()
    );

    let refused = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/export"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"message": "You must authenticate to access this resource."}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&refused)
        .await;
    let error = client(&refused)
        .channel()
        .currency(Currency::Usd)
        .read(&[sku("LP-1")])
        .await
        .unwrap_err();
    let source = error.get_ref().downcast_ref::<DiscogsError>().unwrap();
    assert_eq!(source.kind(), Some(DiscogsErrorKind::Unauthorized));
}

#[tokio::test]
async fn after_a_read_a_push_finds_each_listing_by_its_external_id() {
    let server = MockServer::start().await;
    let csv = [HEADER.to_owned(), row(301, "For Sale", "10.00", "LP-7")].concat();
    mount_export(&server, &csv).await;
    Mock::given(method("POST"))
        .and(path("/inventory/upload/change"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("location", format!("{}/inventory/upload/77", server.uri())),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/inventory/upload/77"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "status": "success", "type": "change", "id": 77, "filename": "change.csv",
            "results": "CSV file contains 1 records.<p>Processed 1 records.",
            "created_ts": "2017-12-18T09:20:28", "finished_ts": "2017-12-18T09:20:29"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let channel = client(&server).channel().currency(Currency::Usd);
    let update = price("LP-7", usd("12.50"));
    let before = channel.check_update(&update).unwrap_err();
    assert!(before.reason.contains("external_id"), "{before:?}");

    // A clone reads; the channel it was cloned from learns too (same inventory).
    channel.clone().read(&[sku("LP-7")]).await.unwrap();
    assert_eq!(channel.check_update(&update), Ok(()));
    let report = channel.push(&[update]).await.unwrap();

    assert!(report.all_accepted(), "{report:?}");
    let requests = server.received_requests().await.unwrap();
    let upload = requests
        .iter()
        .find(|r| r.url.path() == "/inventory/upload/change")
        .unwrap();
    assert!(
        String::from_utf8_lossy(&upload.body).contains("listing_id,price\n301,12.50\n"),
        "{}",
        String::from_utf8_lossy(&upload.body)
    );
}

#[test]
fn an_override_table_must_name_listing_ids() {
    let discogs = discogs_client::DiscogsClient::builder()
        .user_agent(USER_AGENT)
        .token("t")
        .build()
        .unwrap();
    let mut overrides = SkuMap::new();
    overrides.insert(sku("LP-1"), "inv_7").unwrap();
    let error = discogs.channel().with_sku_map(&overrides).unwrap_err();
    match error {
        DiscogsError::InvalidInput(refusal) => {
            assert_eq!(refusal.field, "sku_map");
            assert!(
                refusal.rule.contains("`inv_7` (for SKU `LP-1`)"),
                "{refusal}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let mut good = SkuMap::new();
    good.insert(sku("LP-1"), "172723812").unwrap();
    let edits = discogs.listing_edit_channel().with_sku_map(&good).unwrap();
    assert_eq!(edits.listing_id_for(&sku("LP-1")), Some(172723812));
}

/// `check_update` refuses what `push` rejects before sending, with the same reason and code
/// (the push names the update's position in its batch where the check says `price`).
#[tokio::test]
async fn check_update_refuses_what_push_rejects_and_accepts_what_it_takes() {
    let server = MockServer::start().await;
    let channel = client(&server).channel().currency(Currency::Usd);
    let refused: Vec<InventoryUpdate> = vec![
        price("LP-NOWHERE", usd("10")),
        price("11", eur("10")),
        price("12", usd("0")),
        price("13", usd("12.345")),
        stock("14", 3).into(),
        stock("15", 1).with_kind(StockKind::InTransit).into(),
        stock("16", 0).into(),
    ];
    let report = channel.push(&refused).await.unwrap();
    assert!(server.received_requests().await.unwrap().is_empty());
    for (update, outcome) in refused.iter().zip(report.outcomes()) {
        let refusal = channel.check_update(update).unwrap_err();
        assert_eq!(
            outcome.outcome.code(),
            refusal.code.as_deref(),
            "{update:?}"
        );
        let pushed = outcome.outcome.reason().unwrap();
        if refusal.code.as_deref() == Some("too_precise") {
            assert!(refusal.reason.starts_with("price: USD 12.345"), "{refusal}");
            assert!(
                pushed.starts_with("price of update 4: USD 12.345"),
                "{pushed}"
            );
        } else {
            assert_eq!(pushed, refusal.reason, "{update:?}");
        }
    }
    assert!(channel.check_update(&stock("17", 1).into()).is_ok());
    assert!(channel.check_update(&price("18", usd("10.5"))).is_ok());
    let deleting = channel.clone().delete_listings_at_zero_stock(true);
    assert!(deleting.check_update(&stock("16", 0).into()).is_ok());
    // Without a currency, the safe reading: at most 2 decimals whatever the price's currency.
    let unconfigured = client(&server).channel();
    let bhd = Money::new("1.234".parse().unwrap(), Currency::Bhd);
    assert_eq!(
        unconfigured
            .check_update(&price("19", bhd))
            .unwrap_err()
            .code
            .as_deref(),
        Some("too_precise")
    );
}

#[tokio::test]
async fn the_listing_edit_channel_checks_before_any_request() {
    let server = MockServer::start().await;
    let channel = client(&server).listing_edit_channel();
    let refused: Vec<InventoryUpdate> = vec![
        price("LP-NOWHERE", usd("10")),
        price("13", usd("9.999")),
        stock("14", 2).into(),
        stock("15", 1).with_kind(StockKind::InTransit).into(),
    ];
    let report = channel.push(&refused).await.unwrap();
    assert!(server.received_requests().await.unwrap().is_empty());
    for (update, outcome) in refused.iter().zip(report.outcomes()) {
        let refusal = channel.check_update(update).unwrap_err();
        assert_eq!(
            outcome.outcome.code(),
            refusal.code.as_deref(),
            "{update:?}"
        );
    }
    assert!(channel.check_update(&stock("17", 0).into()).is_ok());
    // In another currency than the listing's: known only once the listing is read.
    assert!(channel.check_update(&price("18", eur("10"))).is_ok());
}
