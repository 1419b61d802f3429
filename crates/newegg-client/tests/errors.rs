//! Every shape of Newegg error answer, and hostile bodies, end in a typed error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use inventory_model::Country;
use newegg_client::{
    ClientError, ErrorCode, ErrorEntry, Format, ItemInventoryUpdate, NeweggError, NeweggErrorKind,
    StatusCode,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn update() -> ItemInventoryUpdate {
    ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, 107)
}

async fn error_for(status: u16, body: Vec<u8>, content_type: &str, format: Format) -> NeweggError {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .expect(1)
        .mount(&server)
        .await;
    client(&server, format)
        .update_inventory(update())
        .await
        .unwrap_err()
}

fn api(error: &NeweggError) -> &[ErrorEntry] {
    match error {
        NeweggError::Api { errors, .. } => errors,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn xml_errors_document() {
    let error = error_for(
        400,
        fixtures().bytes("errors.xml"),
        "application/xml",
        Format::Xml,
    )
    .await;
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(error.code(), Some(&ErrorCode::InvalidRequestBody));
    assert_eq!(error.vendor_code(), Some("CE003"));
    let message = error.message().unwrap();
    assert!(
        message.starts_with("The 'Type' element is invalid"),
        "{message}"
    );
    assert!(!error.is_retryable());
    assert!(error.concerns_item());
    assert_eq!(api(&error).len(), 1);
    let shown = error.to_string();
    assert!(shown.contains("400") && shown.contains("CE003"), "{shown}");
}

#[tokio::test]
async fn json_error_object() {
    let error = error_for(
        400,
        fixtures().bytes("error.json"),
        "application/json",
        Format::Json,
    )
    .await;
    assert_eq!(error.code(), Some(&ErrorCode::InvalidSellerPartNumber));
    assert_eq!(error.message(), Some("Invalid SellerPartNumber"));
}

#[tokio::test]
async fn json_error_array_keeps_every_entry() {
    let error = error_for(
        400,
        fixtures().bytes("errors.json"),
        "application/json",
        Format::Json,
    )
    .await;
    assert_eq!(error.code(), Some(&ErrorCode::ItemNotFound));
    let errors = api(&error);
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[1].code, Some(ErrorCode::WarehouseNotSetUp));
    assert!(errors[1].message.contains("Country: AUS"));
    assert!(error.to_string().contains("1 more"), "{error}");
}

#[tokio::test]
async fn plain_text_gateway_error() {
    let error = error_for(
        401,
        fixtures().bytes("error_plain.txt"),
        "text/plain",
        Format::Xml,
    )
    .await;
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(error.code(), None);
    assert_eq!(error.message(), Some("Gateway: Seller Auth failed."));
    assert!(!error.concerns_item());
    // The credentials never show, whatever is printed.
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(API_KEY) && !shown.contains(SECRET_KEY),
        "{shown}"
    );
}

#[tokio::test]
async fn every_documented_code_is_typed() {
    let codes = [
        ("CT001", ErrorCode::InvalidItemNumber),
        ("CT002", ErrorCode::InvalidSellerPartNumber),
        ("CT003", ErrorCode::InvalidUpc),
        ("CT005", ErrorCode::InvalidIdentifierType),
        ("CT010", ErrorCode::ConditionNotFound),
        ("CT014", ErrorCode::ItemNotFound),
        ("CT015", ErrorCode::ItemOfAnotherSeller),
        ("CT023", ErrorCode::QuantityOutOfRange),
        ("CT025", ErrorCode::BelowPromotionMinimum),
        ("CT055", ErrorCode::RepeatedUnknownItem),
        ("CT073", ErrorCode::WarehouseNotSetUp),
        ("CE003", ErrorCode::InvalidRequestBody),
        ("SO999", ErrorCode::Unknown("SO999".into())),
    ];
    for (code, expected) in codes {
        let body = format!(
            "<Errors><Error><Code>{code}</Code><Message>about {code}</Message></Error></Errors>"
        );
        let error = error_for(400, body.into_bytes(), "application/xml", Format::Xml).await;
        assert_eq!(error.code(), Some(&expected));
        assert!(
            matches!(
                error,
                NeweggError::Api {
                    kind: NeweggErrorKind::Rejected,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(error.message(), Some(format!("about {code}").as_str()));
    }
}

#[tokio::test]
async fn an_error_document_with_a_success_status_is_an_error() {
    let error = error_for(
        200,
        fixtures().bytes("error.json"),
        "application/json",
        Format::Json,
    )
    .await;
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.code(), Some(&ErrorCode::InvalidSellerPartNumber));
    let error = error_for(
        200,
        fixtures().bytes("errors.xml"),
        "application/xml",
        Format::Xml,
    )
    .await;
    assert_eq!(error.code(), Some(&ErrorCode::InvalidRequestBody));
}

#[tokio::test]
async fn a_server_error_is_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("Internal error"))
        .expect(3)
        .mount(&server)
        .await;
    let error = client(&server, Format::Xml)
        .update_inventory(update())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(error.is_retryable());
    assert_eq!(error.message(), Some("Internal error"));
}

#[tokio::test]
async fn entity_expansion_is_refused() {
    let error = error_for(
        200,
        fixtures().bytes("hostile_entities.xml"),
        "application/xml",
        Format::Xml,
    )
    .await;
    assert!(matches!(error, NeweggError::Engine(_)), "{error:?}");
    assert!(error.to_string().contains("DTD"), "{error}");

    // The same document as an error body yields no code and no crash.
    let error = error_for(
        400,
        fixtures().bytes("hostile_entities.xml"),
        "application/xml",
        Format::Xml,
    )
    .await;
    assert_eq!(error.code(), None);
    assert_eq!(error.message(), None);
    assert!(error.raw_body().unwrap().contains("DOCTYPE"));
}

#[tokio::test]
async fn undefined_entities_are_refused() {
    let body =
        b"<UpdateInventoryResult><SellerID>&ext;</SellerID></UpdateInventoryResult>".to_vec();
    let error = error_for(200, body, "application/xml", Format::Xml).await;
    assert!(error.to_string().contains("&ext;"), "{error}");
}

#[tokio::test]
async fn ten_thousand_deep_nesting_is_refused() {
    let depth = 10_000;
    let body = format!(
        "<UpdateInventoryResult>{}{}</UpdateInventoryResult>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    let error = error_for(
        200,
        body.clone().into_bytes(),
        "application/xml",
        Format::Xml,
    )
    .await;
    assert!(error.to_string().contains("nested deeper"), "{error}");

    let error = error_for(400, body.into_bytes(), "application/xml", Format::Xml).await;
    assert_eq!(error.code(), None);
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
}

#[tokio::test]
async fn deep_json_is_refused() {
    let body = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let error = error_for(
        200,
        body.clone().into_bytes(),
        "application/json",
        Format::Json,
    )
    .await;
    assert!(matches!(error, NeweggError::Engine(_)), "{error:?}");
    let error = error_for(400, body.into_bytes(), "application/json", Format::Json).await;
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn oversized_answers_are_refused() {
    let padding = " ".repeat(300 * 1024);
    let body = format!(
        "<UpdateInventoryResult><SellerID>A006</SellerID>{padding}</UpdateInventoryResult>"
    );
    let error = error_for(200, body.into_bytes(), "application/xml", Format::Xml).await;
    assert!(error.to_string().contains("bytes"), "{error}");
}

/// Status and body of every refusal Newegg documents, the kind it is read as, whether it
/// concerns the item, and whether the same request may succeed later.
#[tokio::test]
async fn every_documented_refusal_has_its_kind() {
    use NeweggErrorKind::*;
    let array = |code: &str| format!(r#"[{{"Code":"{code}","Message":"about {code}"}}]"#);
    let cases = [
        (400, array("CT014"), Rejected, true, false),
        (400, array("CE003"), Rejected, true, false),
        (200, array("CT002"), Rejected, true, false),
        (
            401,
            "Gateway: Seller Auth failed.".to_owned(),
            Unauthorized,
            false,
            false,
        ),
        (400, array("InvalidConsumerKey"), Unauthorized, false, false),
        (400, array("InvalidToken"), Unauthorized, false, false),
        (403, array("AccessDenied"), Forbidden, false, false),
        (400, array("AccessDenied"), Forbidden, false, false),
        (
            429,
            r#"[{"Code":"429","Message":"Too many request."}]"#.to_owned(),
            RateLimited,
            false,
            true,
        ),
        (500, "Internal error".to_owned(), Server, false, true),
        (503, String::new(), Server, false, true),
        (408, String::new(), Other, false, false),
    ];
    for (status, body, kind, concerns_item, retryable) in cases {
        let server = MockServer::start().await;
        // No count: 429 and 5xx are retried before the error comes back.
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"),
            )
            .mount(&server)
            .await;
        let error = client(&server, Format::Json)
            .update_inventory(update())
            .await
            .unwrap_err();
        match &error {
            NeweggError::Api { kind: found, .. } => assert_eq!(*found, kind, "{status} {body}"),
            other => panic!("{status} {body}: expected an API error, got {other:?}"),
        }
        assert_eq!(error.concerns_item(), concerns_item, "{status} {body}");
        assert_eq!(error.is_retryable(), retryable, "{status} {body}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    }
}

/// Sends one update answered with `status` and `body` (no count: a 5xx is retried first).
async fn any_error_for(status: u16, body: Vec<u8>, content_type: &str) -> NeweggError {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    let format = if content_type.contains("json") {
        Format::Json
    } else {
        Format::Xml
    };
    client(&server, format)
        .update_inventory(update())
        .await
        .unwrap_err()
}

// field notes §2.2: the credential codes in the JSON array and XML shapes; "the HTTP status
// for these codes is not stated", so every status reads them the same.
#[tokio::test]
async fn credential_refusals_are_typed_whatever_the_status() {
    let access_denied_xml = b"<Errors><Error><Code>AccessDenied</Code><Message>API services \
        for the seller are deactivated.</Message></Error></Errors>"
        .to_vec();
    let access_denied_json =
        br#"[{"Code":"AccessDenied","Message":"No authorization from this seller."}]"#.to_vec();
    let shapes = [
        (
            fixtures().bytes("auth_invalid_consumer_key.json"),
            "application/json",
            ErrorCode::InvalidConsumerKey,
            NeweggErrorKind::Unauthorized,
            "The provided consumer key is malformed or otherwise invalid.",
        ),
        (
            fixtures().bytes("auth_invalid_token.xml"),
            "application/xml",
            ErrorCode::InvalidToken,
            NeweggErrorKind::Unauthorized,
            "Invalid Secret Key.",
        ),
        (
            access_denied_xml,
            "application/xml",
            ErrorCode::AccessDenied,
            NeweggErrorKind::Forbidden,
            "API services for the seller are deactivated.",
        ),
        (
            access_denied_json,
            "application/json",
            ErrorCode::AccessDenied,
            NeweggErrorKind::Forbidden,
            "No authorization from this seller.",
        ),
    ];
    for (body, content_type, code, kind, message) in shapes {
        for status in [200, 400, 401, 403, 500, 503] {
            let error = any_error_for(status, body.clone(), content_type).await;
            assert_eq!(error.code(), Some(&code), "{status} {code}");
            assert!(code.is_credential_refusal());
            assert_eq!(error.kind(), Some(kind), "{status} {code}");
            assert_eq!(error.message(), Some(message), "{status} {code}");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert!(!error.is_retryable(), "{status} {code}");
            assert!(!error.concerns_item(), "{status} {code}");
        }
    }
}

// field notes §2.2: the plain-text `Gateway: Seller Auth failed.` (seen with a 401, 3P):
// whatever status it comes with, the credentials were refused.
#[tokio::test]
async fn the_gateway_plain_text_refuses_the_credentials_whatever_the_status() {
    for status in [401, 403, 500, 200] {
        let error = any_error_for(status, fixtures().bytes("error_plain.txt"), "text/plain").await;
        assert!(
            matches!(
                &error,
                NeweggError::Api {
                    kind: NeweggErrorKind::Unauthorized,
                    ..
                }
            ),
            "{status}: {error:?}"
        );
        assert_eq!(error.code(), None);
        assert_eq!(error.message(), Some("Gateway: Seller Auth failed."));
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(!error.is_retryable(), "{status}");
        assert!(!error.concerns_item(), "{status}");
    }
}

// field notes §2.5: the further CT codes of Newegg's seller wiki, each typed and refusing
// the item, in XML and in JSON.
#[tokio::test]
async fn every_further_ct_code_is_typed() {
    let codes = [
        ("CT004", ErrorCode::ItemUnderReview),
        ("CT006", ErrorCode::InvalidMsrp),
        ("CT007", ErrorCode::InvalidSellingPrice),
        ("CT008", ErrorCode::InvalidShippingType),
        ("CT009", ErrorCode::RestrictedManufacturer),
        ("CT016", ErrorCode::ShippingLockedByPromotion),
        ("CT019", ErrorCode::PriceLockedByPromotion),
        ("CT022", ErrorCode::ShippedByNewegg),
        ("CT026", ErrorCode::NoDataFound),
        ("CT028", ErrorCode::InvalidActiveMark),
        ("CT029", ErrorCode::PriceAboveMsrp),
        ("CT030", ErrorCode::InvalidMapFormat),
        ("CT031", ErrorCode::InvalidCheckoutMap),
        ("CT032", ErrorCode::ZeroSellingPrice),
        ("CT033", ErrorCode::InvalidManufacturerName),
        ("CT034", ErrorCode::ManufacturerExists),
    ];
    for (code, expected) in codes {
        assert_eq!(expected.as_str(), code);
        assert!(!expected.is_credential_refusal());
        let xml = format!(
            "<Errors><Error><Code>{code}</Code><Message>about {code}</Message></Error></Errors>"
        );
        let json = format!(r#"[{{"Code":"{code}","Message":"about {code}"}}]"#);
        for (body, content_type, format) in [
            (xml, "application/xml", Format::Xml),
            (json, "application/json", Format::Json),
        ] {
            let error = error_for(400, body.into_bytes(), content_type, format).await;
            assert_eq!(error.code(), Some(&expected), "{code}");
            assert_eq!(error.kind(), Some(NeweggErrorKind::Rejected), "{code}");
            assert!(error.concerns_item(), "{code}");
            assert!(!error.is_retryable(), "{code}");
            assert_eq!(error.message(), Some(format!("about {code}").as_str()));
        }
    }
}

// field notes §2.5: CT022 "This item is Shipping by newegg. Can NOT update inventory".
#[tokio::test]
async fn ct022_says_newegg_ships_the_item() {
    let error = error_for(
        400,
        fixtures().bytes("ct022.json"),
        "application/json",
        Format::Json,
    )
    .await;
    assert_eq!(error.code(), Some(&ErrorCode::ShippedByNewegg));
    assert_eq!(
        error.message(),
        Some("This item is Shipping by newegg. Can NOT update inventory")
    );
    assert!(error.concerns_item());
}
