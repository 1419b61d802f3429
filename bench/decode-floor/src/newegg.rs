//! Newegg: one item's stock per warehouse country, in XML, as the international inventory read
//! answers it (`PUT /marketplace/contentmgmt/item/international/inventory`).
//!
//! Why this read: it is the one the SDK's read side makes (`NeweggChannel`'s
//! `InventoryReader::read` sends it once per SKU), so it is the answer a sync decodes most
//! often; Newegg has no read of several items. The answer is the one Newegg's own SDK records
//! (field notes §2.4), rendered in XML as its XML mock is: `InventoryResult` with an
//! `InventoryAllocation` listing the seller's stock in the USA, the stock Newegg ships there
//! with its per-warehouse breakdown, and an empty Australian warehouse. One item's answer is a
//! few hundred bytes; it is not a list that could be made longer, so the realistic single
//! answer is what is served. XML is the SDK's default format, and the format asked for here.

use newegg_client::prelude::*;
use newegg_client::{Format, InventoryQuery, ItemInventory, NeweggClient, RateLimitPolicy};
use serde::Deserialize;

use crate::checksum::Checksum;
use crate::server::Fixture;
use crate::{RawClient, Scenario};

const ROUTE: &str = "/marketplace/contentmgmt/item/international/inventory";
const SELLER_ID: &str = "A006";
const PART_NUMBER: &str = "A006testitem201201021459";
const API_KEY: &str = "decode-floor-api-key";
const SECRET_KEY: &str = "decode-floor-secret-key";
const USER_AGENT: &str = "decode-floor/0.1 +https://example.invalid/decode-floor";
const XML: &str = "application/xml";

/// The answer the server gives every inventory read.
pub fn fixture() -> Fixture {
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<InventoryResult>
    <SellerID>{SELLER_ID}</SellerID>
    <ItemNumber>9SIA0060884598</ItemNumber>
    <SellerPartNumber>{PART_NUMBER}</SellerPartNumber>
    <InventoryAllocation>
        <Inventory>
            <WarehouseLocation>USA</WarehouseLocation>
            <FulfillmentOption>0</FulfillmentOption>
            <AvailableQuantity>107</AvailableQuantity>
        </Inventory>
        <Inventory>
            <WarehouseLocation>USA</WarehouseLocation>
            <FulfillmentOption>1</FulfillmentOption>
            <AvailableQuantity>40</AvailableQuantity>
            <WarehouseAllocation>
                <Warehouse>
                    <WarehouseCode>07</WarehouseCode>
                    <Quantity>3</Quantity>
                </Warehouse>
                <Warehouse>
                    <WarehouseCode>12</WarehouseCode>
                    <Quantity>37</Quantity>
                </Warehouse>
            </WarehouseAllocation>
        </Inventory>
        <Inventory>
            <WarehouseLocation>AUS</WarehouseLocation>
            <FulfillmentOption>0</FulfillmentOption>
            <AvailableQuantity>0</AvailableQuantity>
        </Inventory>
    </InventoryAllocation>
</InventoryResult>
"#
    );
    Fixture {
        path_prefix: ROUTE,
        // Newegg documents no answer header; its example answers declare UTF-8, so the
        // header names it too. The SDK accepts any content type that says XML.
        content_type: "application/xml; charset=utf-8",
        headers: vec![
            // Newegg's per-function one-minute window (field notes §2.3), with a budget no
            // run exhausts: the SDK reads and learns from the headers as it does in
            // production, but never waits. The reset is written the way the workspace's
            // sandbox writes it by default (Pacific, .NET's en-US form); with requests
            // remaining its value only decides when the learnt bookings expire.
            ("X-RateLimit-Limit", "1000000".to_owned()),
            ("X-RateLimit-Remaining", "999999".to_owned()),
            ("X-RateLimit-ResetTime", "8/25/2026 7:04:23 AM".to_owned()),
        ],
        body,
    }
}

/// The SDK's inventory read of one item, every warehouse country.
pub fn sdk(base_url: &str) -> Result<Scenario, String> {
    let newegg = NeweggClient::builder()
        .base_url(base_url)
        .user_agent(USER_AGENT)
        .seller_id(SELLER_ID)
        .credentials(API_KEY, SECRET_KEY)
        .format(Format::Xml)
        .rate_limit(RateLimitPolicy::unlimited())
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Box::new(move || {
        let newegg = newegg.clone();
        Box::pin(async move {
            let inventory = newegg
                .inventory(InventoryQuery::seller_part(PART_NUMBER))
                .await
                .map_err(|e| e.to_string())?;
            let mut sum = Checksum::default();
            sdk_facts(&mut sum, &inventory);
            Ok(sum.value())
        })
    }))
}

fn sdk_facts(sum: &mut Checksum, inventory: &ItemInventory) {
    sum.maybe_text(inventory.seller_id.as_deref())
        .maybe_text(inventory.item_number.as_deref())
        .maybe_text(inventory.seller_part_number.as_deref());
    for stock in &inventory.warehouses {
        sum.text(stock.warehouse.as_str())
            .maybe_text(stock.fulfillment.as_ref().map(|option| option.as_str()))
            .number(u64::from(stock.available));
        for warehouse in &stock.newegg_warehouses {
            sum.text(&warehouse.code)
                .number(u64::from(warehouse.quantity));
        }
        sum.number(stock.newegg_warehouses.len() as u64);
    }
    sum.number(inventory.warehouses.len() as u64);
}

/// The floor: what a hand-written client of this one endpoint would do.
pub fn raw(base_url: &str) -> Result<Scenario, String> {
    let raw = RawClient::new()?;
    let url = format!("{base_url}{ROUTE}?sellerid={SELLER_ID}");
    Ok(Box::new(move || {
        let raw = raw.clone();
        let url = url.clone();
        Box::pin(async move {
            // Written per request, as the SDK writes its body per request: the part number is
            // the caller's, and a constant needs no escaping.
            let body = format!(
                "<ContentQueryCriteria><Type>1</Type><Value>{PART_NUMBER}</Value></ContentQueryCriteria>"
            );
            let text = raw
                .put_text(
                    &url,
                    &[
                        ("User-Agent", USER_AGENT),
                        ("Authorization", API_KEY),
                        ("SecretKey", SECRET_KEY),
                        ("Accept", XML),
                        ("Content-Type", XML),
                    ],
                    body,
                )
                .await?;
            let result: RawInventoryResult =
                quick_xml::de::from_str(&text).map_err(|e| e.to_string())?;
            let mut sum = Checksum::default();
            raw_facts(&mut sum, &result);
            Ok(sum.value())
        })
    }))
}

fn raw_facts(sum: &mut Checksum, result: &RawInventoryResult) {
    sum.maybe_text(result.seller_id.as_deref())
        .maybe_text(result.item_number.as_deref())
        .maybe_text(result.seller_part_number.as_deref());
    let entries = &result.inventory_allocation.inventory;
    for stock in entries {
        sum.text(&stock.warehouse_location)
            .maybe_text(stock.fulfillment_option.as_deref())
            .number(u64::from(stock.available_quantity));
        let warehouses = stock
            .warehouse_allocation
            .as_ref()
            .map_or(&[][..], |allocation| allocation.warehouse.as_slice());
        for warehouse in warehouses {
            sum.text(&warehouse.warehouse_code)
                .number(u64::from(warehouse.quantity));
        }
        sum.number(warehouses.len() as u64);
    }
    sum.number(entries.len() as u64);
}

// The floor's types: the fields of the SDK's `ItemInventory` in Newegg's spelling, text as
// `String`, quantities as the integers the schema declares.

#[derive(Deserialize)]
struct RawInventoryResult {
    #[serde(rename = "SellerID")]
    seller_id: Option<String>,
    #[serde(rename = "ItemNumber")]
    item_number: Option<String>,
    #[serde(rename = "SellerPartNumber")]
    seller_part_number: Option<String>,
    #[serde(rename = "InventoryAllocation")]
    inventory_allocation: RawInventoryAllocation,
}

#[derive(Deserialize)]
struct RawInventoryAllocation {
    #[serde(rename = "Inventory", default)]
    inventory: Vec<RawInventory>,
}

#[derive(Deserialize)]
struct RawInventory {
    #[serde(rename = "WarehouseLocation")]
    warehouse_location: String,
    #[serde(rename = "FulfillmentOption")]
    fulfillment_option: Option<String>,
    #[serde(rename = "AvailableQuantity")]
    available_quantity: u32,
    #[serde(rename = "WarehouseAllocation")]
    warehouse_allocation: Option<RawWarehouseAllocation>,
}

#[derive(Deserialize)]
struct RawWarehouseAllocation {
    #[serde(rename = "Warehouse", default)]
    warehouse: Vec<RawWarehouse>,
}

#[derive(Deserialize)]
struct RawWarehouse {
    #[serde(rename = "WarehouseCode")]
    warehouse_code: String,
    #[serde(rename = "Quantity")]
    quantity: u32,
}
