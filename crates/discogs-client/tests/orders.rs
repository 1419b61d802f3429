//! The order and order-message endpoints against a mock Discogs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{client, fixture_json, json, standard_headers};
use discogs_client::prelude::*;
use discogs_client::{
    Carrier, DiscogsError, DiscogsErrorKind, MediaCondition, MessageKind, NewMessage, OrderEdit,
    OrderSort, OrderStatus, SortOrder, Tracking,
};
use futures::TryStreamExt;
use inventory_model::{Currency, Decimal};
use serde_json::json;
use test_support::{JsonBody, exact_query};
use time::macros::datetime;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn get_order_decodes_the_spec_example() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/1-1"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "order.json"))
        .expect(1)
        .mount(&server)
        .await;
    let order = client(&server).orders().get("1-1").await.unwrap();
    assert_eq!(order.id, "1-1");
    assert_eq!(order.status, OrderStatus::NewOrder);
    assert_eq!(order.next_status.len(), 11);
    assert!(order.next_status.iter().all(OrderStatus::is_settable));
    assert_eq!(order.fee.unwrap().amount().to_string(), "2.52");
    assert_eq!(order.items[0].id, 41578242);
    assert_eq!(order.items[0].price.amount(), Decimal::new(42, 0));
    assert_eq!(order.items[0].media_condition, Some(MediaCondition::Mint));
    let shipping = order.shipping.as_ref().unwrap();
    assert_eq!(shipping.method.as_deref(), Some("Standard"));
    assert_eq!(shipping.price().amount(), Decimal::ZERO);
    assert_eq!(shipping.currency, Currency::Usd);
    assert_eq!(order.buyer.username, "example_buyer");
    assert_eq!(order.seller.id, Some(1));
    let tracking = order.tracking.as_ref().unwrap();
    assert_eq!(tracking.carrier, Some(Carrier::Ups));
    assert_eq!(tracking.number, "1Z999999999999999");
    assert_eq!(order.created, Some(datetime!(2011-10-21 09:25:17 -07:00)));
}

#[tokio::test]
async fn order_ids_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/1-1%3Fx%3Dy"))
        .respond_with(json(200, "order.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).orders().get("1-1?x=y").await.unwrap();
}

#[tokio::test]
async fn get_order_without_authentication_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/1-1"))
        .respond_with(json(401, "error_401.json").insert_header(
            "www-authenticate",
            "OAuth realm=\"https://api.discogs.com\"",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = common::builder(&server).build().unwrap();
    let error = discogs.orders().get("1-1").await.unwrap_err();
    assert!(
        matches!(&error, DiscogsError::Api { kind: DiscogsErrorKind::Unauthorized, error }
            if error.message.as_deref() == Some("You must authenticate to access this resource.")),
        "{error:?}"
    );
    let received = server.received_requests().await.unwrap();
    assert!(received[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn edit_order_sets_shipping_and_returns_the_order() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-1"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .and(header("content-type", "application/json"))
        .and(JsonBody::text(r#"{"shipping": 5.00}"#))
        .respond_with(json(200, "order_edited.json"))
        .expect(1)
        .mount(&server)
        .await;
    let order = client(&server)
        .orders()
        .edit("1-1", &OrderEdit::new().shipping(Decimal::new(500, 2)))
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::InvoiceSent);
    assert_eq!(order.total.unwrap().amount(), Decimal::new(47, 0));
}

#[tokio::test]
async fn edit_order_sets_status_and_tracking() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-1"))
        .and(JsonBody(json!({
            "status": "Shipped",
            "tracking": {"number": "1Z999999999999999", "carrier": "Royal Mail"}
        })))
        .respond_with(json(200, "order_edited.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .orders()
        .edit(
            "1-1",
            &OrderEdit::new()
                .status(OrderStatus::Shipped)
                .tracking(Tracking::new("1Z999999999999999").carrier(Carrier::RoyalMail)),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn edit_order_is_not_retried_and_its_errors_are_distinct() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-1"))
        .respond_with(json(400, "error_400_tracking.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-2"))
        .respond_with(json(403, "error_403_tracking.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-3"))
        .respond_with(ResponseTemplate::new(502))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let edit = OrderEdit::new().tracking(Tracking::new("X1"));
    let bad = discogs.orders().edit("1-1", &edit).await.unwrap_err();
    assert_eq!(bad.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(bad.message(), Some("Tracking number is required."));
    let forbidden = discogs.orders().edit("1-2", &edit).await.unwrap_err();
    assert!(
        matches!(&forbidden, DiscogsError::Api { kind: DiscogsErrorKind::Forbidden, error }
            if error.message.as_deref() == Some("Only the seller can set tracking information.")),
        "{forbidden:?}"
    );
    let gateway = discogs.orders().edit("1-3", &edit).await.unwrap_err();
    assert!(gateway.is_retryable());
}

#[tokio::test]
async fn bad_order_edits_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(200, "order_edited.json"))
        .expect(0)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let cases = [
        (
            OrderEdit::new()
                .status(OrderStatus::Shipped)
                .shipping(Decimal::new(5, 0)),
            "shipping",
        ),
        (OrderEdit::new(), "order edit"),
        (OrderEdit::new().status(OrderStatus::Merged), "status"),
        (
            OrderEdit::new().status(OrderStatus::Unknown("Lost".into())),
            "status",
        ),
        (OrderEdit::new().shipping(Decimal::new(-1, 0)), "shipping"),
        (
            OrderEdit::new().tracking(Tracking::new(" ")),
            "tracking.number",
        ),
        (
            OrderEdit::new().tracking(Tracking::new("X").carrier(Carrier::from_wire("FedEx"))),
            "tracking.carrier",
        ),
    ];
    for (edit, expected) in cases {
        match discogs.orders().edit("1-1", &edit).await {
            Err(DiscogsError::InvalidInput(refusal)) => {
                assert_eq!(refusal.field, expected, "{}", refusal.rule);
            }
            other => panic!("expected refusal of {expected}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn list_orders_with_every_filter() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/orders"))
        .and(exact_query(&[
            ("status", "Cancelled (Per Buyer's Request)"),
            ("created_after", "2019-06-24T20:58:58Z"),
            ("created_before", "2019-07-01T00:00:00Z"),
            ("archived", "false"),
            ("sort", "last_activity"),
            ("sort_order", "asc"),
            ("page", "1"),
            ("per_page", "25"),
        ]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "orders.json"))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .orders()
        .list()
        .status(OrderStatus::CancelledPerBuyersRequest)
        .created_after(datetime!(2019-06-24 22:58:58.5 +02:00))
        .created_before(datetime!(2019-07-01 00:00:00 UTC))
        .archived(false)
        .sort(OrderSort::LastActivity, SortOrder::Ascending)
        .page(1)
        .page_size(25)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total, Some(1));
    let order = &page.items[0];
    assert_eq!(order.id, "1-1");
    assert_eq!(order.items[0].price.amount().to_string(), "42.0");
    assert_eq!(
        order.items[0]
            .release
            .thumbnail
            .as_deref()
            .map(|t| t.starts_with("http://")),
        Some(true)
    );
}

#[tokio::test]
async fn list_orders_streams_three_pages_and_refuses_bad_input() {
    let server = MockServer::start().await;
    let template = fixture_json("orders.json")["orders"][0].clone();
    for page in 1..=3u64 {
        let mut order = template.clone();
        order["id"] = json!(format!("1-{page}"));
        let body = json!({
            "pagination": {"per_page": 1, "pages": 3, "page": page, "items": 3, "urls": {}},
            "orders": [order]
        });
        let page_text = page.to_string();
        let mut pairs = vec![("status", "All"), ("per_page", "1")];
        if page > 1 {
            pairs.push(("page", page_text.as_str()));
        }
        Mock::given(method("GET"))
            .and(path("/marketplace/orders"))
            .and(exact_query(&pairs))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let discogs = client(&server);
    let ids: Vec<String> = discogs
        .orders()
        .list()
        .all_statuses()
        .page_size(1)
        .stream()
        .map_ok(|order| order.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["1-1", "1-2", "1-3"]);

    let backwards = discogs
        .orders()
        .list()
        .created_after(datetime!(2020-01-01 00:00 UTC))
        .created_before(datetime!(2019-01-01 00:00 UTC))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&backwards, DiscogsError::InvalidInput(refusal) if refusal.field == "created_after")
    );
    let too_big = discogs
        .orders()
        .list()
        .page_size(500)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(&too_big, DiscogsError::InvalidInput(refusal) if refusal.field == "per_page"));
}

#[tokio::test]
async fn messages_decode_every_type_newest_first() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/845236-9/messages"))
        .and(exact_query(&[("per_page", "50")]))
        .and(auth)
        .and(agent)
        .respond_with(json(200, "order_messages.json"))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .orders()
        .messages("845236-9")
        .page_size(50)
        .send()
        .await
        .unwrap();
    let kinds: Vec<&str> = page.items.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "refund_received",
            "refund_sent",
            "message",
            "status",
            "status",
            "status",
            "shipping",
            "status"
        ]
    );
    match &page.items[0].kind {
        MessageKind::RefundReceived { refund } => {
            let refund = refund.as_ref().unwrap();
            assert_eq!(refund.amount, Decimal::new(5, 0));
            assert_eq!(refund.order.as_ref().unwrap().id, "845236-9");
        }
        other => panic!("{other:?}"),
    }
    match &page.items[2].kind {
        MessageKind::Message { from } => {
            assert_eq!(from.as_ref().unwrap().username, "example_seller");
            assert_eq!(from.as_ref().unwrap().id, Some(1001));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        page.items[2].subject,
        "New Message - Order #845236-9 - TZ Goes Beyond 10! + 1 more item"
    );
    match &page.items[3].kind {
        MessageKind::Status { status_id, actor } => {
            assert_eq!(*status_id, Some(6));
            assert_eq!(actor.as_ref().unwrap().username, "example_seller");
        }
        other => panic!("{other:?}"),
    }
    match &page.items[6].kind {
        MessageKind::Shipping { original, new } => {
            assert_eq!(*original, Some(Decimal::ZERO));
            assert_eq!(*new, Some(Decimal::new(5, 0)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(page.items[0].order.as_ref().unwrap().id, "845236-9");
}

#[tokio::test]
async fn messages_stream_three_pages_keeping_unknown_types() {
    let server = MockServer::start().await;
    for page in 1..=3u64 {
        let message = json!({
            "type": if page == 2 { "feedback_left" } else { "message" },
            "message": format!("message {page}"),
            "subject": "",
            "timestamp": "2015-06-02T13:17:07-07:00",
            "rating": "positive",
            "order": {"id": "1-1", "resource_url": "https://api.discogs.com/marketplace/orders/1-1"}
        });
        let body = json!({
            "pagination": {"per_page": 1, "pages": 3, "page": page, "items": 3, "urls": {}},
            "messages": [message]
        });
        let page_text = page.to_string();
        let pairs: Vec<(&str, &str)> = if page > 1 {
            vec![("page", page_text.as_str())]
        } else {
            vec![]
        };
        Mock::given(method("GET"))
            .and(path("/marketplace/orders/1-1/messages"))
            .and(exact_query(&pairs))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let messages: Vec<_> = client(&server)
        .orders()
        .messages("1-1")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(messages.len(), 3);
    match &messages[1].kind {
        MessageKind::Unknown { kind, fields } => {
            assert_eq!(kind, "feedback_left");
            assert_eq!(fields["rating"], json!("positive"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(messages[2].message, "message 3");
}

#[tokio::test]
async fn messages_of_someone_elses_order_are_forbidden() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/marketplace/orders/2-2/messages"))
        .respond_with(json(403, "error_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .orders()
        .messages("2-2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(DiscogsErrorKind::Forbidden), "{error:?}");
}

#[tokio::test]
async fn add_message_posts_text_and_status_and_decodes_the_201() {
    let server = MockServer::start().await;
    let (auth, agent) = standard_headers();
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-1/messages"))
        .and(exact_query(&[]))
        .and(auth)
        .and(agent)
        .and(header("content-type", "application/json"))
        .and(JsonBody(json!({
            "message": "Your order is on its way, tracking number #foobarbaz!",
            "status": "Shipped"
        })))
        .respond_with(json(201, "order_message_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .orders()
        .add_message(
            "1-1",
            &NewMessage::text("Your order is on its way, tracking number #foobarbaz!")
                .with_status(OrderStatus::Shipped),
        )
        .await
        .unwrap();
    assert!(created.message.starts_with("Seller changed status"));
    assert_eq!(created.subject, "Discogs Order #1-1, Stockholm");
    match &created.kind {
        MessageKind::Message { from } => {
            assert_eq!(from.as_ref().unwrap().username, "example_seller");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn add_message_is_never_retried_and_forbidden_is_distinct() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-1/messages"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/marketplace/orders/1-2/messages"))
        .respond_with(json(403, "error_403.json"))
        .expect(1)
        .mount(&server)
        .await;
    let discogs = client(&server);
    let note = NewMessage::status_only(OrderStatus::Shipped);
    let unavailable = discogs
        .orders()
        .add_message("1-1", &note)
        .await
        .unwrap_err();
    assert_eq!(unavailable.status().map(|s| s.as_u16()), Some(503));
    let forbidden = discogs
        .orders()
        .add_message("1-2", &note)
        .await
        .unwrap_err();
    assert!(matches!(
        forbidden,
        DiscogsError::Api {
            kind: DiscogsErrorKind::Forbidden,
            ..
        }
    ));
}

#[tokio::test]
async fn empty_messages_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(201, "order_message_created.json"))
        .expect(0)
        .mount(&server)
        .await;
    let discogs = client(&server);
    for (message, field) in [
        (NewMessage::default(), "message"),
        (NewMessage::text(""), "message"),
        (NewMessage::status_only(OrderStatus::Cancelled), "status"),
    ] {
        match discogs.orders().add_message("1-1", &message).await {
            Err(DiscogsError::InvalidInput(refusal)) => assert_eq!(refusal.field, field),
            other => panic!("{other:?}"),
        }
    }
}
