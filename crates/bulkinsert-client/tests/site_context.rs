//! The `x-site-context` header and the account it names (field notes §3).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeSet;

use bulkinsert_client::{
    BulkInsertError, ChannelId, InventoryRecord, ItemId, LocationId, Quantity, SiteContext, Sku,
    Stage, StockRequest,
};
use common::*;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

// field notes §3: the spec's sample `"account": 5f493c9f30ec2a0007a94fc8"` is malformed JSON;
// the header is a JSON object with `account` (the string), `channel` (a number), `stage` and
// `date` (ISO 8601), and nothing else, on every endpoint.
#[tokio::test]
async fn the_header_is_json_with_exactly_the_documented_keys_on_every_endpoint() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "_id": "5fa087827899ae0007ce1ff0", "status": "FINISHED", "query": {},
            "inventories": []
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let record = InventoryRecord::stock(
        Sku::new("123456").unwrap(),
        LocationId::new(104),
        ChannelId::US,
        Quantity::new(1),
    );
    client.bulk_insert(&[record]).await.unwrap();
    let query = [StockRequest::new(
        ItemId::new(1_000_000_003).unwrap(),
        Quantity::new(1),
    )];
    let _ = client.stock_levels(&query).await;
    client
        .generic_inventory("5fa087827899ae0007ce1ff1")
        .await
        .unwrap();
    client
        .location_inventory(LocationId::new(104))
        .send()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    for request in &requests {
        let text = request.headers["x-site-context"].to_str().unwrap();
        let context: Value = serde_json::from_str(text).expect("x-site-context is valid JSON");
        let keys: BTreeSet<&str> = context
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from(["account", "channel", "date", "stage"]),
            "{text}"
        );
        assert_eq!(context["account"], Value::from(ACCOUNT), "{text}");
        assert!(
            text.contains(r#""account":"5f493c9f30ec2a0007a94fc8""#),
            "{text}"
        );
        assert!(context["channel"].is_u64(), "{text}");
        assert_eq!(context["stage"], "sandbox");
        let date = context["date"].as_str().unwrap();
        assert_eq!(date, FIXED_DATE);
        time::OffsetDateTime::parse(
            date,
            &time::format_description::well_known::Iso8601::DEFAULT,
        )
        .expect("the date is ISO 8601");
        assert_site_context(request, FIXED_DATE);
    }
}

// field notes §3: the account is "the 24-character id from Copilot" (24 hex digits, as
// `5f493c9f30ec2a0007a94fc8`); anything else is refused before a client can exist to send it.
#[test]
fn an_account_that_is_not_24_hex_digits_is_refused_naming_account() {
    for bad in [
        "",
        "5f493c9f30ec2a0007a94fc",
        "5f493c9f30ec2a0007a94fc8f",
        "1234abcd5678efgh9ijklmno",
        "5f493c9f30ec2a0007a94fc8\"",
        " 5f493c9f30ec2a0007a94fc8",
    ] {
        match SiteContext::new(bad, Stage::Sandbox, ChannelId::US) {
            Err(BulkInsertError::InvalidInput(refusal)) => {
                assert_eq!(refusal.field, "account", "{bad:?}");
                assert!(refusal.rule.contains("24"), "{}", refusal.rule);
            }
            other => panic!("{bad:?}: expected a refusal naming account, got {other:?}"),
        }
    }
    let site = SiteContext::new(ACCOUNT, Stage::Production, ChannelId::CANADA).unwrap();
    assert_eq!(site.account(), ACCOUNT);
}
