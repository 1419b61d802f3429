//! The channel's read side: one international inventory read per SKU, the seller's own stock
//! per warehouse country, against a mock Newegg.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use inventory_model::{ChannelOperation, Country, InventoryReader, ReadScope, Sku};
use newegg_client::{Format, NeweggError, NeweggErrorKind};
use wiremock::matchers::body_string;
use wiremock::{MockServer, ResponseTemplate};

fn sku(text: &str) -> Sku {
    Sku::new(text).unwrap()
}

fn json_error(code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_raw(
        format!(r#"[{{"Code":"{code}","Message":"{message}"}}]"#),
        "application/json",
    )
}

#[tokio::test]
async fn each_sku_is_one_read_and_each_country_one_held_item() {
    let server = MockServer::start().await;
    let read_of = |part: &str| {
        inventory_request("PUT", Format::Json)
            .and(body_string(format!(r#"{{"Type":"1","Value":"{part}"}}"#)))
    };
    read_of("A006testitem201201021459")
        .respond_with(fixtures().answer(200, "inventory_allocation.json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    read_of("UNKNOWN-1")
        .respond_with(json_error(
            "CT014",
            "SellerItemNumber or SellerPartNumber does not exist",
        ))
        .expect(1)
        .mount(&server)
        .await;
    read_of("FOREIGN-1")
        .respond_with(json_error("CT015", "The item belongs to another seller"))
        .expect(1)
        .mount(&server)
        .await;
    read_of("GARBLED-1")
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"SellerID":"A006","Unexpected":true}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let channel = client(&server, Format::Json).channel();

    let asked = [
        sku("A006testitem201201021459"),
        sku("UNKNOWN-1"),
        sku("FOREIGN-1"),
        sku("GARBLED-1"),
        sku("A006testitem201201021459"),
    ];
    let holdings = channel.read(&asked).await.unwrap();

    // One request per distinct SKU, in the order asked.
    let bodies: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| String::from_utf8(request.body.clone()).unwrap())
        .collect();
    assert_eq!(bodies.len(), 4, "{bodies:?}");
    assert!(bodies[0].contains("A006testitem201201021459"));
    assert!(bodies[3].contains("GARBLED-1"));
    assert_url_shape(&server).await;

    assert_eq!(holdings.scope(), ReadScope::AskedOnly);
    let held: Vec<(&str, &str, Option<Country>, u32)> = holdings
        .held()
        .iter()
        .map(|item| {
            (
                item.sku.as_str(),
                item.item_id.as_str(),
                item.warehouse,
                item.quantity.get(),
            )
        })
        .collect();
    assert_eq!(
        held,
        [
            // The seller's own 107 in the USA, not the 40 Newegg ships from its warehouses.
            (
                "A006testitem201201021459",
                "9SIA0060884598",
                Some(Country::USA),
                107
            ),
            (
                "A006testitem201201021459",
                "9SIA0060884598",
                Some(Country::AUS),
                0
            ),
        ]
    );
    assert!(holdings.held().iter().all(|item| item.price.is_none()));
    assert_eq!(holdings.missing(), [sku("UNKNOWN-1")]);
    let unread = holdings.unreadable();
    assert_eq!(unread.len(), 2, "{unread:?}");
    assert_eq!(unread[0].item, "FOREIGN-1");
    assert_eq!(unread[0].sku, Some(sku("FOREIGN-1")));
    assert!(unread[0].reason.contains("another seller"), "{unread:?}");
    assert_eq!(unread[1].item, "GARBLED-1");
}

#[tokio::test]
async fn refused_credentials_fail_the_read_as_a_whole() {
    let server = MockServer::start().await;
    inventory_request("PUT", Format::Xml)
        .respond_with(fixtures().answer(401, "auth_invalid_token.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server, Format::Xml)
        .channel()
        .read(&[sku("LP-1"), sku("LP-2")])
        .await
        .unwrap_err();
    assert_eq!(error.channel(), "newegg");
    assert_eq!(error.operation(), ChannelOperation::Read);
    let source = error.get_ref().downcast_ref::<NeweggError>().unwrap();
    assert_eq!(source.kind(), Some(NeweggErrorKind::Unauthorized));
}
