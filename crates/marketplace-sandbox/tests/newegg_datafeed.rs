//! The Newegg fake's Datafeed API over HTTP (feed specification §2–§7): submit, status,
//! processing report, the hourly record allowance (DF012), each platform's feed type, and
//! `Overwrite`.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use marketplace_sandbox::RateLimit;
use marketplace_sandbox::newegg::{
    DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID, DEMO_SHIPPED_BY_NEWEGG_PART,
    NeweggFeedStatus, NeweggPlatform, NeweggSandbox,
};
use serde_json::{Value, json};

fn signed(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
        .header("Authorization", DEFAULT_AUTHORIZATION)
        .header("SecretKey", DEFAULT_SECRET_KEY)
}

/// A body without its leading byte order mark (field notes §2.1).
async fn text(response: reqwest::Response) -> String {
    let text = response.text().await.unwrap();
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()
}

async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_str(&text(response).await).unwrap()
}

/// An `INVENTORY_DATA` document (version 2.0) of (part, warehouse, quantity) records.
fn inventory_xml(items: &[(&str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(part, warehouse, quantity)| {
            format!(
                "<Item><SellerPartNumber>{part}</SellerPartNumber><WarehouseLocation>{warehouse}</WarehouseLocation><FulfillmentOption>Seller</FulfillmentOption><Inventory>{quantity}</Inventory></Item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><NeweggEnvelope><Header><DocumentVersion>2.0</DocumentVersion></Header><MessageType>Inventory</MessageType><Message><Inventory>{items}</Inventory></Message></NeweggEnvelope>"
    )
}

async fn submit(
    newegg: &NeweggSandbox,
    platform: NeweggPlatform,
    request_type: &str,
    content_type: &str,
    body: String,
) -> reqwest::Response {
    let url = format!(
        "{}&requesttype={request_type}",
        newegg.datafeed_url(platform, "submitfeed", DEFAULT_SELLER_ID)
    );
    signed(reqwest::Client::new().post(url))
        .header("Content-Type", content_type)
        .header("Accept", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn status_xml(newegg: &NeweggSandbox, platform: NeweggPlatform, ids: &[&str]) -> String {
    let ids: String = ids
        .iter()
        .map(|id| format!("<RequestID>{id}</RequestID>"))
        .collect();
    let body = format!(
        "<NeweggAPIRequest><OperationType>GetFeedStatusRequest</OperationType><RequestBody><GetRequestStatus><RequestIDList>{ids}</RequestIDList><MaxCount>100</MaxCount><RequestStatus>ALL</RequestStatus></GetRequestStatus></RequestBody></NeweggAPIRequest>"
    );
    let response = signed(reqwest::Client::new().put(newegg.datafeed_url(
        platform,
        "status",
        DEFAULT_SELLER_ID,
    )))
    .header("Content-Type", "application/xml")
    .body(body)
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    text(response).await
}

async fn result(
    newegg: &NeweggSandbox,
    platform: NeweggPlatform,
    id: &str,
    accept: &str,
) -> reqwest::Response {
    let function = format!("result/{id}");
    signed(reqwest::Client::new().get(newegg.datafeed_url(platform, &function, DEFAULT_SELLER_ID)))
        .header("Accept", accept)
        .send()
        .await
        .unwrap()
}

/// The text of the first `<element>` in `xml`.
fn element<'a>(xml: &'a str, element: &str) -> &'a str {
    let open = format!("<{element}>");
    let start = xml.find(&open).unwrap() + open.len();
    let end = start + xml[start..].find(&format!("</{element}>")).unwrap();
    &xml[start..end]
}

#[tokio::test]
async fn an_xml_feed_is_taken_moves_to_finished_and_reports_only_the_records_that_failed() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let body = inventory_xml(&[
        ("A006BSP3", "USA", "50"),
        ("A006-NOT-LISTED", "USA", "5"),
        ("A006-TT-USB", "MEX", "3"),
        ("A006-CART-VM95E", "USA", "1000000"),
        (DEMO_SHIPPED_BY_NEWEGG_PART, "USA", "4"),
        ("A006-HP-STUDIO", "CAN", "0"),
    ]);
    let response = submit(
        &newegg,
        NeweggPlatform::Usa,
        "INVENTORY_DATA",
        "application/xml",
        body,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-recordcount-limit"], "100000");
    assert_eq!(response.headers()["x-recordcount-remaining"], "99994");
    assert!(response.headers().contains_key("x-recordcount-resettime"));
    assert_eq!(response.headers()["x-ratelimit-limit"], "10");
    let answer = text(response).await;
    assert!(answer.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<NeweggAPIResponse>"));
    assert_eq!(element(&answer, "IsSuccess"), "true");
    assert_eq!(element(&answer, "OperationType"), "SubmitFeedResponse");
    assert_eq!(element(&answer, "RequestType"), "INVENTORY_DATA");
    assert_eq!(element(&answer, "RequestStatus"), "SUBMITTED");
    let id = element(&answer, "RequestId").to_string();
    assert_eq!(id.len(), 13);
    assert_eq!(newegg.records_used(DEFAULT_SELLER_ID), 6);

    // The first read: in progress, nothing applied yet.
    let first = status_xml(&newegg, NeweggPlatform::Usa, &[&id]).await;
    assert_eq!(element(&first, "OperationType"), "GetFeedStatusResponse");
    assert_eq!(element(&first, "RequestStatus"), "IN_PROGRESS");
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(107));
    // The report is not there yet: the envelope without a ProcessingReport (3P reading).
    let early = text(result(&newegg, NeweggPlatform::Usa, &id, "application/xml").await).await;
    assert!(early.contains("<MessageType>ProcessingReport</MessageType>"));
    assert!(!early.contains("<ProcessingReport>"));

    let second = status_xml(&newegg, NeweggPlatform::Usa, &[&id]).await;
    assert_eq!(element(&second, "RequestStatus"), "FINISHED");
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(50));
    assert_eq!(newegg.item_quantity("A006-HP-STUDIO", "CAN"), Some(0));
    assert_eq!(newegg.item_quantity("A006-CART-VM95E", "USA"), Some(58));
    assert_eq!(newegg.feed(&id).unwrap().status, NeweggFeedStatus::Finished);

    let report = text(result(&newegg, NeweggPlatform::Usa, &id, "application/xml").await).await;
    assert_eq!(element(&report, "MessageType"), "ProcessingReport");
    assert_eq!(element(&report, "OriginalMessageName"), "APIAutoFile.xml");
    assert_eq!(element(&report, "ProcessedCount"), "6");
    assert_eq!(element(&report, "SuccessCount"), "2");
    assert_eq!(element(&report, "WithErrorCount"), "4");
    assert_eq!(report.matches("<Result>").count(), 4);
    for (part, country, description) in [
        (
            "A006-NOT-LISTED",
            "USA",
            "CEI0001:Can't find this item in the system, please create it first",
        ),
        (
            "A006-TT-USB",
            "MEX",
            "CT073:The specified warehouse location has not been setup yet.",
        ),
        (
            "A006-CART-VM95E",
            "USA",
            "CT023:Inventory value must be between 0 and 999999",
        ),
        (
            DEMO_SHIPPED_BY_NEWEGG_PART,
            "USA",
            "CT022:This item is Shipping by newegg. Can NOT update inventory",
        ),
    ] {
        let entry = format!(
            "<SellerPartNumber>{part}</SellerPartNumber>\n                    <CountryCode>{country}</CountryCode>\n                </AdditionalInfo>\n                <ErrorList>\n                    <ErrorDescription>{description}"
        );
        assert!(report.contains(&entry), "{part}: {report}");
    }
    assert!(!report.contains("<SellerPartNumber>A006BSP3</SellerPartNumber>"));
}

#[tokio::test]
async fn a_json_feed_on_newegg_canada_sets_can_stock_and_reports_a_bare_entry() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let body = json!({ "NeweggEnvelope": {
        "Header": { "DocumentVersion": "1.0" }, "MessageType": "Inventory",
        "Message": { "Inventory": { "Item": [
            { "SellerPartNumber": "A006BSP3", "Inventory": "33" },
            { "SellerPartNumber": "edifier-r1280t-fba", "Inventory": 2 }
        ] } } } });
    let response = submit(
        &newegg,
        NeweggPlatform::Canada,
        "INVENTORY_AND_PRICE_DATA",
        "application/json",
        body.to_string(),
    )
    .await;
    assert_eq!(response.status(), 200);
    let answer = json_of(response).await;
    assert_eq!(answer["IsSuccess"], true);
    let entries = answer["ResponseBody"]["ResponseList"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["RequestType"], "INVENTORY_AND_PRICE_DATA");
    assert_eq!(entries[0]["RequestStatus"], "SUBMITTED");
    let id = entries[0]["RequestId"].as_str().unwrap().to_string();

    // A JSON status query, the list of one as a bare string.
    let status = json_of(
        signed(reqwest::Client::new().put(newegg.datafeed_url(
            NeweggPlatform::Canada,
            "status",
            DEFAULT_SELLER_ID,
        )))
        .header("Accept", "application/json")
        .json(
            &json!({ "OperationType": "GetFeedStatusRequest", "RequestBody": {
            "GetRequestStatus": { "RequestIDList": { "RequestID": id }, "MaxCount": "100" } } }),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status["OperationType"], "GetFeedStatusResponse");
    assert_eq!(
        status["ResponseBody"]["ResponseList"][0]["RequestStatus"],
        "IN_PROGRESS"
    );
    newegg.finish_feeds();
    assert_eq!(newegg.item_quantity("A006BSP3", "CAN"), Some(33));
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(107));

    let report =
        json_of(result(&newegg, NeweggPlatform::Canada, &id, "application/json").await).await;
    assert_eq!(
        report,
        json!({ "NeweggEnvelope": {
            "Header": { "DocumentVersion": "1.0" }, "MessageType": "ProcessingReport",
            "Message": { "ProcessingReport": {
                "OriginalMessageName": "APIAutoFile.xml", "OriginalMessageType": "Inventory",
                "ProcessedStamp": report["NeweggEnvelope"]["Message"]["ProcessingReport"]["ProcessedStamp"],
                "StatusCode": "ProcessReport",
                "ProcessingSummary": { "ProcessedCount": "2", "SuccessCount": "1", "WithErrorCount": "1" },
                "Result": {
                    "AdditionalInfo": { "SellerPartNumber": "edifier-r1280t-fba", "CountryCode": "CAN" },
                    "ErrorList": { "ErrorDescription": "CEI0001:Can't find this item in the system, please create it first" }
                } } } } })
    );
    // The same feed read on another platform is unknown there.
    let elsewhere = result(&newegg, NeweggPlatform::Usa, &id, "application/json").await;
    assert_eq!(elsewhere.status(), 400);
    assert_eq!(json_of(elsewhere).await[0]["Code"], "DF006");
}

#[tokio::test]
async fn df012_refuses_a_feed_past_the_hourly_record_allowance() {
    let newegg = NeweggSandbox::builder()
        .demo_data()
        .record_allowance(3)
        .start()
        .await
        .unwrap();
    let two = inventory_xml(&[("A006BSP3", "USA", "1"), ("A006-TT-USB", "USA", "2")]);
    let taken = submit(
        &newegg,
        NeweggPlatform::Usa,
        "INVENTORY_DATA",
        "application/xml",
        two.clone(),
    )
    .await;
    assert_eq!(taken.status(), 200);
    assert_eq!(taken.headers()["x-recordcount-remaining"], "1");
    let refused = submit(&newegg, NeweggPlatform::Usa, "INVENTORY_DATA", "application/json", {
        json!({ "NeweggEnvelope": { "MessageType": "Inventory", "Message": { "Inventory": { "Item": [
            { "SellerPartNumber": "A006BSP3", "WarehouseLocation": "USA", "Inventory": "1" },
            { "SellerPartNumber": "A006-TT-USB", "WarehouseLocation": "USA", "Inventory": "1" }
        ] } } } })
        .to_string()
    })
    .await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["x-recordcount-remaining"], "1");
    let errors = json_of(refused).await;
    assert_eq!(errors[0]["Code"], "DF012");
    let message = errors[0]["Message"].as_str().unwrap();
    assert!(
        message.starts_with("Your feed with request ID: "),
        "{message}"
    );
    assert!(message.contains(" exceeded the hourly allowance and cannot be processed. Please submit your feed again after 20"), "{message}");
    // `YYYY-MM-DD HH:MM:SS.` at the end.
    let time = &message[message.len() - 20..message.len() - 1];
    assert_eq!(time.len(), 19);
    assert_eq!(&time[4..5], "-");
    assert_eq!(&time[10..11], " ");
    assert_eq!(newegg.feeds().len(), 1);
    // One record still fits, in XML the error document.
    let one = inventory_xml(&[("A006BSP3", "USA", "9")]);
    assert_eq!(
        submit(
            &newegg,
            NeweggPlatform::Usa,
            "INVENTORY_DATA",
            "application/xml",
            one.clone()
        )
        .await
        .status(),
        200
    );
    let xml = text(
        submit(
            &newegg,
            NeweggPlatform::Usa,
            "INVENTORY_DATA",
            "application/xml",
            one,
        )
        .await,
    )
    .await;
    assert!(
        xml.contains("<Errors>") && xml.contains("<Code>DF012</Code>"),
        "{xml}"
    );
}

#[tokio::test]
async fn feed_submissions_have_their_own_minute_window() {
    let newegg = NeweggSandbox::builder()
        .demo_data()
        .feed_rate_limit(RateLimit::per_minute(2))
        .start()
        .await
        .unwrap();
    let one = inventory_xml(&[("A006BSP3", "USA", "1")]);
    for _ in 0..2 {
        let taken = submit(
            &newegg,
            NeweggPlatform::Usa,
            "INVENTORY_DATA",
            "application/xml",
            one.clone(),
        )
        .await;
        assert_eq!(taken.status(), 200);
    }
    let refused = submit(
        &newegg,
        NeweggPlatform::Usa,
        "INVENTORY_DATA",
        "application/json",
        one.clone(),
    )
    .await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["x-ratelimit-remaining"], "0");
    // The item inventory function and the status reads are other budgets.
    let update = signed(reqwest::Client::new().post(newegg.inventory_url(DEFAULT_SELLER_ID)))
        .header("Content-Type", "application/xml")
        .body("<ItemInventoryInfo><Type>1</Type><Value>A006BSP3</Value><InventoryList><Inventory><WarehouseLocation>USA</WarehouseLocation><AvailableQuantity>3</AvailableQuantity></Inventory></InventoryList></ItemInventoryInfo>")
        .send()
        .await
        .unwrap();
    assert_eq!(update.status(), 200);
    let id = newegg.feeds()[0].request_id.clone();
    let status = status_xml(&newegg, NeweggPlatform::Usa, &[&id]).await;
    assert!(status.contains("<RequestStatus>"));
}

#[tokio::test]
async fn each_platform_takes_its_own_feed_and_broken_documents_are_refused() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let us = inventory_xml(&[("A006BSP3", "USA", "1")]);
    for (platform, request_type) in [
        (NeweggPlatform::Canada, "INVENTORY_DATA"),
        (NeweggPlatform::Business, "INVENTORY_DATA"),
        (NeweggPlatform::Usa, "INVENTORY_AND_PRICE_DATA"),
        (NeweggPlatform::Usa, "ITEM_DATA"),
        (NeweggPlatform::Usa, "inventory_data"),
    ] {
        let response = submit(
            &newegg,
            platform,
            request_type,
            "application/json",
            us.clone(),
        )
        .await;
        assert_eq!(response.status(), 400, "{request_type} on {platform:?}");
        assert_eq!(json_of(response).await[0]["Code"], "CE003");
    }
    let many: Vec<(String, &str, &str)> =
        (0..10_001).map(|n| (format!("P{n}"), "USA", "1")).collect();
    let many: Vec<(&str, &str, &str)> = many.iter().map(|(p, w, q)| (p.as_str(), *w, *q)).collect();
    let too_many = submit(
        &newegg,
        NeweggPlatform::Usa,
        "INVENTORY_DATA",
        "application/xml",
        inventory_xml(&many),
    )
    .await;
    assert_eq!(too_many.status(), 400);
    assert!(text(too_many).await.contains("at most 10000 records"));
    for broken in [
        "<NeweggEnvelope><MessageType>Price</MessageType></NeweggEnvelope>".to_string(),
        "<NeweggEnvelope><MessageType>Inventory</MessageType></NeweggEnvelope>".to_string(),
        "<Other/>".to_string(),
    ] {
        let response = submit(
            &newegg,
            NeweggPlatform::Usa,
            "INVENTORY_DATA",
            "application/xml",
            broken,
        )
        .await;
        assert_eq!(response.status(), 400);
    }
    let missing_type = signed(reqwest::Client::new().post(newegg.datafeed_url(
        NeweggPlatform::Usa,
        "submitfeed",
        DEFAULT_SELLER_ID,
    )))
    .header("Content-Type", "application/xml")
    .body(us)
    .send()
    .await
    .unwrap();
    assert_eq!(missing_type.status(), 400);
    assert!(newegg.feeds().is_empty());
    assert_eq!(newegg.records_used(DEFAULT_SELLER_ID), 0);
}

#[tokio::test]
async fn status_without_ids_lists_newest_first_and_unknown_ids_are_df006() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    for quantity in ["1", "2", "3"] {
        let body = inventory_xml(&[("A006BSP3", "USA", quantity)]);
        submit(
            &newegg,
            NeweggPlatform::Usa,
            "INVENTORY_DATA",
            "application/xml",
            body,
        )
        .await;
    }
    let ids: Vec<String> = newegg
        .feeds()
        .into_iter()
        .map(|feed| feed.request_id)
        .collect();
    let listed = json_of(
        signed(reqwest::Client::new().put(newegg.datafeed_url(NeweggPlatform::Usa, "status", DEFAULT_SELLER_ID)))
            .header("Accept", "application/json")
            .json(&json!({ "OperationType": "GetFeedStatusRequest", "RequestBody": {
                "GetRequestStatus": { "RequestTypeList": { "RequestType": ["INVENTORY_DATA"] }, "MaxCount": "2", "RequestStatus": "SUBMITTED" } } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let list = listed["ResponseBody"]["ResponseList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["RequestId"], ids[2].as_str());
    assert_eq!(list[1]["RequestId"], ids[1].as_str());
    // Listing by filter moves nothing.
    assert!(
        newegg
            .feeds()
            .iter()
            .all(|feed| feed.status == NeweggFeedStatus::Submitted)
    );

    let unknown = signed(reqwest::Client::new().put(newegg.datafeed_url(NeweggPlatform::Usa, "status", DEFAULT_SELLER_ID)))
        .header("Content-Type", "application/xml")
        .body("<NeweggAPIRequest><OperationType>GetFeedStatusRequest</OperationType><RequestBody><GetRequestStatus><RequestIDList><RequestID>NOSUCHFEED</RequestID></RequestIDList></GetRequestStatus></RequestBody></NeweggAPIRequest>")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    assert!(text(unknown).await.contains("<Code>DF006</Code>"));

    // Several IDs in one query, one of them unknown: the known ones are listed.
    let both = status_xml(
        &newegg,
        NeweggPlatform::Usa,
        &[&ids[0], "NOSUCHFEED", &ids[1]],
    )
    .await;
    assert_eq!(both.matches("<ResponseInfo>").count(), 2);

    assert!(newegg.cancel_feed(&ids[2]));
    let cancelled = status_xml(&newegg, NeweggPlatform::Usa, &[&ids[2]]).await;
    assert_eq!(element(&cancelled, "RequestStatus"), "CANCELLED");
    newegg.finish_feeds();
    assert_eq!(
        newegg.feed(&ids[2]).unwrap().status,
        NeweggFeedStatus::Cancelled
    );
    // The second feed finished last among the applied ones.
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(2));
}

#[tokio::test]
async fn overwrite_yes_deactivates_every_item_the_feed_does_not_list() {
    let newegg = NeweggSandbox::start_with_demo_data().await.unwrap();
    let feed = |overwrite: &str, item: &str| {
        format!(
            "<NeweggEnvelope><Header><DocumentVersion>1.0</DocumentVersion></Header><MessageType>Inventory</MessageType>{overwrite}<Message><Inventory>{item}</Inventory></Message></NeweggEnvelope>"
        )
    };
    let only_one = feed(
        "<Overwrite>Yes</Overwrite>",
        "<Item><SellerPartNumber>A006BSP3</SellerPartNumber><Inventory>8</Inventory></Item>",
    );
    submit(
        &newegg,
        NeweggPlatform::Business,
        "INVENTORY_AND_PRICE_DATA",
        "application/xml",
        only_one,
    )
    .await;
    newegg.finish_feeds();
    assert!(newegg.item_active(DEFAULT_SELLER_ID, "A006BSP3"));
    assert!(!newegg.item_active(DEFAULT_SELLER_ID, "A006-TT-USB"));
    assert_eq!(newegg.item_quantity("A006BSP3", "USA"), Some(8));

    // A deactivated item ignores inventory updates until it is re-activated.
    let ignored = feed(
        "<Overwrite>No</Overwrite>",
        "<Item><SellerPartNumber>A006-TT-USB</SellerPartNumber><Inventory>1</Inventory></Item>",
    );
    submit(
        &newegg,
        NeweggPlatform::Business,
        "INVENTORY_AND_PRICE_DATA",
        "application/xml",
        ignored,
    )
    .await;
    newegg.finish_feeds();
    assert_eq!(newegg.item_quantity("A006-TT-USB", "USA"), Some(24));
    let reactivated = feed(
        "",
        "<Item><SellerPartNumber>A006-TT-USB</SellerPartNumber><Inventory>2</Inventory><ActivationMark>True</ActivationMark></Item>",
    );
    submit(
        &newegg,
        NeweggPlatform::Business,
        "INVENTORY_AND_PRICE_DATA",
        "application/xml",
        reactivated,
    )
    .await;
    newegg.finish_feeds();
    assert!(newegg.item_active(DEFAULT_SELLER_ID, "A006-TT-USB"));
    assert_eq!(newegg.item_quantity("A006-TT-USB", "USA"), Some(2));
    let feeds = newegg.feeds();
    assert!(feeds[0].overwrite);
    assert!(!feeds[1].overwrite);
    // A reset re-activates everything.
    newegg.reset();
    assert!(newegg.item_active(DEFAULT_SELLER_ID, "A006-TT-USB"));
    assert!(newegg.feeds().is_empty());
}
