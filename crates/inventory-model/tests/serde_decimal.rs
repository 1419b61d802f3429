//! The exact-decimal serde helpers, through real serde_json documents.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests state their assumptions by unwrapping

use inventory_model::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Offer {
    #[serde(with = "inventory_model::serde_decimal::exact")]
    price: Decimal,
    #[serde(default, with = "inventory_model::serde_decimal::exact_option")]
    shipping: Option<Decimal>,
}

fn price_of(json: &str) -> Result<String, String> {
    serde_json::from_str::<Offer>(json)
        .map(|offer| offer.price.to_string())
        .map_err(|err| err.to_string())
}

#[test]
fn numbers_decode_exactly() {
    assert_eq!(
        price_of(r#"{"price":14.319139100000001}"#).unwrap(),
        "14.319139100000001"
    );
    assert_eq!(price_of(r#"{"price":120}"#).unwrap(), "120");
    assert_eq!(price_of(r#"{"price":120.50}"#).unwrap(), "120.50");
    assert_eq!(price_of(r#"{"price":0.1}"#).unwrap(), "0.1");
    assert_eq!(price_of(r#"{"price":-3.75}"#).unwrap(), "-3.75");
    assert_eq!(price_of(r#"{"price":1.5e2}"#).unwrap(), "150.0");
    assert_eq!(price_of(r#"{"price":25E-2}"#).unwrap(), "0.25");
    assert_eq!(
        price_of(r#"{"price":79228162514264337593543950335}"#).unwrap(),
        "79228162514264337593543950335"
    );
}

#[test]
fn numeric_strings_decode_exactly() {
    assert_eq!(
        price_of(r#"{"price":"14.319139100000001"}"#).unwrap(),
        "14.319139100000001"
    );
    assert_eq!(price_of(r#"{"price":"120"}"#).unwrap(), "120");
}

#[test]
fn non_numbers_are_refused_with_a_clear_error() {
    let cases = [
        (
            r#"{"price":true}"#,
            "expected a decimal number or a string holding one, found boolean `true`",
        ),
        (
            r#"{"price":null}"#,
            "expected a decimal number or a string holding one, found null",
        ),
        (r#"{"price":[1]}"#, "found an array"),
        (r#"{"price":"abc"}"#, "`abc` is not a decimal number"),
        (r#"{"price":"12,50"}"#, "`12,50` is not a decimal number"),
        (r#"{"price":""}"#, "`` is not a decimal number"),
        (
            r#"{"price":0.00000000000000000000000000001}"#,
            "`0.00000000000000000000000000001` is not a decimal number that fits exactly",
        ),
        (
            r#"{"price":79228162514264337593543950336}"#,
            "is not a decimal number that fits exactly",
        ),
        (
            r#"{"price":1e400}"#,
            "is not a decimal number that fits exactly",
        ),
    ];
    for (json, expected) in cases {
        let err = price_of(json).unwrap_err();
        assert!(err.contains(expected), "{json}: {err}");
    }
}

#[test]
fn options_accept_null_missing_and_numbers() {
    let missing: Offer = serde_json::from_str(r#"{"price":1}"#).unwrap();
    assert_eq!(missing.shipping, None);
    let null: Offer = serde_json::from_str(r#"{"price":1,"shipping":null}"#).unwrap();
    assert_eq!(null.shipping, None);
    let some: Offer = serde_json::from_str(r#"{"price":1,"shipping":4.990}"#).unwrap();
    assert_eq!(
        some.shipping.map(|d| d.to_string()),
        Some("4.990".to_owned())
    );
    let quoted: Offer = serde_json::from_str(r#"{"price":1,"shipping":"4.99"}"#).unwrap();
    assert_eq!(quoted.shipping, Some(Decimal::new(499, 2)));
    assert!(serde_json::from_str::<Offer>(r#"{"price":1,"shipping":false}"#).is_err());
}

#[test]
fn serializes_as_plain_json_numbers() {
    let offer = Offer {
        price: "14.319139100000001".parse().unwrap(),
        shipping: Some(Decimal::new(1, 28)),
    };
    assert_eq!(
        serde_json::to_string(&offer).unwrap(),
        r#"{"price":14.319139100000001,"shipping":0.0000000000000000000000000001}"#
    );
    let none = Offer {
        price: Decimal::new(120, 0),
        shipping: None,
    };
    assert_eq!(
        serde_json::to_string(&none).unwrap(),
        r#"{"price":120,"shipping":null}"#
    );
    let value = serde_json::to_value(&none).unwrap();
    assert!(value["price"].is_number());
}

#[test]
fn works_inside_values_and_buffered_types() {
    // Through serde_json::Value.
    let value: serde_json::Value = serde_json::from_str(r#"{"price":14.319139100000001}"#).unwrap();
    let offer: Offer = serde_json::from_value(value).unwrap();
    assert_eq!(offer.price.to_string(), "14.319139100000001");

    // Inside an internally tagged enum, where serde buffers the number first.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind")]
    enum Event {
        Offer(Offer),
    }
    let Event::Offer(offer) =
        serde_json::from_str(r#"{"kind":"Offer","price":14.319139100000001,"shipping":0.5}"#)
            .unwrap();
    assert_eq!(offer.price.to_string(), "14.319139100000001");
    assert_eq!(offer.shipping, Some(Decimal::new(5, 1)));

    // Behind #[serde(flatten)], which buffers too.
    #[derive(Debug, Deserialize)]
    struct Listing {
        id: u32,
        #[serde(flatten)]
        offer: Offer,
    }
    let listing: Listing = serde_json::from_str(r#"{"id":7,"price":14.319139100000001}"#).unwrap();
    assert_eq!(listing.id, 7);
    assert_eq!(listing.offer.price.to_string(), "14.319139100000001");
}
