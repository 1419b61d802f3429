//! The bulk-insert inventory API (fabric OMS v1): the answer to a stock query of 1,000 items,
//! `POST /api-inventory/inventory`, in the shape the live page records (field notes §3).
//!
//! Why this answer and not the bulk insert's own: a seller's sync reads every SKU it manages
//! on every run (the planner reads the channel before it plans, and verification reads the
//! pushed SKUs again), while it pushes only what changed. The SDK's read side
//! (`BulkInsertChannel`'s `InventoryReader::read`) makes this query, one request per 1,000
//! mapped SKUs (the client's chunk size; the API documents no limit), each item asking for
//! `READ_QUANTITY` so that every location gives all it has. So this is the answer a sync
//! decodes most, and the largest: a bulk insert's answer is a job summary of a few lines
//! however many records it carried.
//!
//! The items are what such a read gets back: none can be filled (`inStock` false, no
//! `stockDate`), `fromStock` lists each location with stock and what it gives, a few items
//! have stock in transit, a few none at all. The numbers are written as numbers.
//!
//! The API documents no rate-limit headers and the SDK reads none unless told to, so the
//! server sends the content type alone.

use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

use bulkinsert_client::prelude::*;
use bulkinsert_client::{
    BulkInsertClient, ChannelId, ItemAvailability, ItemId, READ_QUANTITY, RateLimitPolicy,
    ServiceId, SiteContext, Stage, StockRequest,
};
use serde::{Deserialize, Serialize, Serializer};

use crate::checksum::Checksum;
use crate::server::Fixture;
use crate::{RawClient, Scenario};

/// Items asked for and answered: the SDK's read chunk.
const ITEMS: u64 = 1_000;
/// The first item id; the others follow it.
const FIRST_ITEM: u64 = 1_000_000_001;
const ACCOUNT: &str = "5f493c9f30ec2a0007a94fc8";
const STAGE: &str = "production";
/// The US sales channel.
const CHANNEL: u32 = 12;
const API_KEY: &str = "decode-floor-api-key";
const USER_AGENT: &str = "decode-floor/0.1 +https://example.invalid/decode-floor";
const ROUTE: &str = "/api-inventory/inventory";

/// The answer the server gives every stock query.
pub fn fixture() -> Fixture {
    let items: Vec<String> = (0..ITEMS).map(availability).collect();
    Fixture {
        path_prefix: ROUTE,
        // The service's answers (`_id`, `__v`, JavaScript date strings in its messages) read
        // as Express over MongoDB, whose JSON answers say so with the charset; an inference.
        content_type: "application/json; charset=utf-8",
        headers: Vec::new(),
        body: format!("[{}]", items.join(",")),
    }
}

/// One item's answer, written compactly as the service writes JSON.
fn availability(index: u64) -> String {
    let item_id = FIRST_ITEM + index;
    let reserved = index % 3;
    let main = 5 + index % 40;
    let mut from_stock = Vec::new();
    // A few items are sold out everywhere: no location gives anything.
    if !index.is_multiple_of(17) {
        from_stock.push(source(104, main, reserved));
        if index.is_multiple_of(3) {
            from_stock.push(source(105, 2 + index % 7, 0));
        }
    }
    let stock: u64 = from_stock.iter().map(|(_, gives)| gives).sum();
    let (from_transit, transit) = if index.is_multiple_of(10) {
        let quantity = 100 + index % 300;
        (
            format!(
                r#"{{"locationId":104,"quantityReserved":0,"quantityAllocated":{quantity},"stockRemaining":{quantity},"stockRequest":{quantity},"channelId":12,"transitRef":"WO-{ref_number}","stockDate":"2020-12-01T00:00:00.000Z"}}"#,
                ref_number = 20_000 + index,
            ),
            quantity,
        )
    } else {
        (String::new(), 0)
    };
    let from_stock: Vec<String> = from_stock.into_iter().map(|(json, _)| json).collect();
    format!(
        r#"{{"itemId":{item_id},"quantityRequested":{requested},"stockDate":null,"inStock":false,"fromStockQuantity":{stock},"fromStock":[{from_stock}],"fromTransitQuantity":{transit},"fromTransit":[{from_transit}],"availableStockQuantity":{stock},"availableTransitQuantity":{transit},"availableTotal":{total}}}"#,
        requested = READ_QUANTITY.get(),
        from_stock = from_stock.join(","),
        total = stock + transit,
    )
}

/// One location's entry in `fromStock`, and what it gives: all it has left after its
/// reservations, since the read asks for more than any stock.
fn source(location: u64, quantity: u64, reserved: u64) -> (String, u64) {
    let remaining = quantity - reserved;
    (
        format!(
            r#"{{"locationId":{location},"quantityReserved":{reserved},"quantityAllocated":{quantity},"stockRemaining":{remaining},"stockRequest":{remaining},"channelId":12}}"#
        ),
        remaining,
    )
}

/// The SDK's stock query, as the channel's read sends it.
pub fn sdk(base_url: &str) -> Result<Scenario, String> {
    let site = SiteContext::new(ACCOUNT, Stage::Production, ChannelId::new(CHANNEL))
        .map_err(|e| e.to_string())?;
    let client = BulkInsertClient::builder(format!("{base_url}/api-inventory"), site)
        .api_key(API_KEY)
        .user_agent(USER_AGENT)
        .rate_limit(RateLimitPolicy::unlimited())
        .build()
        .map_err(|e| e.to_string())?;
    let items = (0..ITEMS)
        .map(|index| ItemId::new(FIRST_ITEM + index).map(|id| StockRequest::new(id, READ_QUANTITY)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let items = Rc::new(items);
    Ok(Box::new(move || {
        let client = client.clone();
        let items = items.clone();
        Box::pin(async move {
            let levels = client
                .stock_levels(&items)
                .await
                .map_err(|e| e.to_string())?;
            if !levels.is_complete() {
                return Err(format!("{} items failed", levels.failed.len()));
            }
            let mut sum = Checksum::default();
            for item in &levels.items {
                sdk_item_facts(&mut sum, item);
            }
            Ok(sum.number(levels.items.len() as u64).value())
        })
    }))
}

fn sdk_item_facts(sum: &mut Checksum, item: &ItemAvailability) {
    // The SDK reads ids as numbers or text, the floor as the numbers this answer has; both
    // are summed as numbers.
    let number = |id: Option<&ServiceId>| id.and_then(ServiceId::as_number);
    sum.maybe_number(number(item.item_id.as_ref()))
        .maybe_number(item.quantity_requested)
        .maybe_text(item.stock_date.as_deref())
        .number(u64::from(item.in_stock))
        .maybe_number(item.from_stock_quantity.map(|n| n as u64));
    for source in &item.from_stock {
        sum.maybe_number(number(source.location_id.as_ref()))
            .maybe_number(source.quantity_reserved.map(|n| n as u64))
            .maybe_number(source.quantity_allocated.map(|n| n as u64))
            .maybe_number(source.stock_remaining.map(|n| n as u64))
            .maybe_number(source.stock_request.map(|n| n as u64))
            .maybe_number(source.channel_id.map(|channel| u64::from(channel.get())));
    }
    sum.number(item.from_stock.len() as u64)
        .maybe_number(item.from_transit_quantity.map(|n| n as u64));
    transit_facts(sum, &item.from_transit);
    sum.maybe_number(item.available_stock_quantity.map(|n| n as u64))
        .maybe_number(item.available_transit_quantity.map(|n| n as u64))
        .number(item.available_total as u64);
}

/// `fromTransit` has no documented shape, so both sides keep it as JSON values; what a caller
/// reads of it is its transit references.
fn transit_facts(sum: &mut Checksum, transit: &[serde_json::Value]) {
    for entry in transit {
        sum.maybe_text(entry.get("transitRef").and_then(serde_json::Value::as_str));
    }
    sum.number(transit.len() as u64);
}

/// The floor: what a hand-written client of this one endpoint would do.
pub fn raw(base_url: &str) -> Result<Scenario, String> {
    let raw = RawClient::new()?;
    let url = format!("{base_url}{ROUTE}");
    let items: Rc<Vec<RawStockRequest>> = Rc::new(
        (0..ITEMS)
            .map(|index| RawStockRequest {
                item_id: FIRST_ITEM + index,
                quantity: READ_QUANTITY.get(),
            })
            .collect(),
    );
    Ok(Box::new(move || {
        let raw = raw.clone();
        let url = url.clone();
        let items = items.clone();
        Box::pin(async move {
            // Written per request, as the SDK writes its body and its dated header per request.
            let body = serde_json::to_string(&RawStockQuery {
                items: &items,
                channel_id: CHANNEL,
            })
            .map_err(|e| e.to_string())?;
            let site_context = format!(
                r#"{{"date":"{}","channel":{CHANNEL},"account":"{ACCOUNT}","stage":"{STAGE}"}}"#,
                utc_millis(SystemTime::now())?
            );
            let text = raw
                .post_text(
                    &url,
                    &[
                        ("User-Agent", USER_AGENT),
                        ("Content-Type", "application/json"),
                        ("x-site-context", &site_context),
                        ("x-api-key", API_KEY),
                    ],
                    body,
                )
                .await?;
            let items: Vec<RawAvailability> =
                serde_json::from_str(&text).map_err(|e| e.to_string())?;
            let mut sum = Checksum::default();
            for item in &items {
                raw_item_facts(&mut sum, item);
            }
            Ok(sum.number(items.len() as u64).value())
        })
    }))
}

fn raw_item_facts(sum: &mut Checksum, item: &RawAvailability) {
    sum.maybe_number(item.item_id)
        .maybe_number(item.quantity_requested)
        .maybe_text(item.stock_date.as_deref())
        .number(u64::from(item.in_stock))
        .maybe_number(item.from_stock_quantity.map(|n| n as u64));
    for source in &item.from_stock {
        sum.maybe_number(source.location_id)
            .maybe_number(source.quantity_reserved.map(|n| n as u64))
            .maybe_number(source.quantity_allocated.map(|n| n as u64))
            .maybe_number(source.stock_remaining.map(|n| n as u64))
            .maybe_number(source.stock_request.map(|n| n as u64))
            .maybe_number(source.channel_id.map(u64::from));
    }
    sum.number(item.from_stock.len() as u64)
        .maybe_number(item.from_transit_quantity.map(|n| n as u64));
    transit_facts(sum, &item.from_transit);
    sum.maybe_number(item.available_stock_quantity.map(|n| n as u64))
        .maybe_number(item.available_transit_quantity.map(|n| n as u64))
        .number(item.available_total as u64);
}

/// `2020-08-28T02:35:27.787Z`: the time in UTC to the millisecond, the form the header's
/// `date` takes, from the civil calendar (days to year, month, day) without a date library.
fn utc_millis(at: SystemTime) -> Result<String, String> {
    let since = at
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the clock is before 1970".to_owned())?;
    let seconds = since.as_secs();
    let (days, of_day) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's days-to-civil, for days after 1970-01-01 (eras of 400 years).
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    Ok(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3_600,
        of_day % 3_600 / 60,
        of_day % 60,
        since.subsec_millis()
    ))
}

// The floor's types: the SDK's fields, each in the plainest type this answer needs (ids and
// quantities as the integers it writes, text as `String`, the undocumented transit entries as
// JSON values as the SDK keeps them).

#[derive(Serialize)]
struct RawStockQuery<'a> {
    items: &'a [RawStockRequest],
    #[serde(rename = "channelId")]
    channel_id: u32,
}

#[derive(Serialize)]
struct RawStockRequest {
    // The query writes item ids as text (field notes §3).
    #[serde(rename = "itemId", serialize_with = "as_text")]
    item_id: u64,
    quantity: u32,
}

fn as_text<S: Serializer>(id: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAvailability {
    item_id: Option<u64>,
    quantity_requested: Option<u64>,
    stock_date: Option<String>,
    in_stock: bool,
    from_stock_quantity: Option<i64>,
    #[serde(default)]
    from_stock: Vec<RawStockSource>,
    from_transit_quantity: Option<i64>,
    #[serde(default)]
    from_transit: Vec<serde_json::Value>,
    available_stock_quantity: Option<i64>,
    available_transit_quantity: Option<i64>,
    available_total: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawStockSource {
    location_id: Option<u64>,
    quantity_reserved: Option<i64>,
    quantity_allocated: Option<i64>,
    stock_remaining: Option<i64>,
    stock_request: Option<i64>,
    channel_id: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_header_date_is_utc_to_the_millisecond() {
        let at = UNIX_EPOCH + Duration::from_millis(1_598_582_127_787);
        assert_eq!(utc_millis(at).unwrap(), "2020-08-28T02:35:27.787Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(utc_millis(leap).unwrap(), "2000-02-29T00:00:00.000Z");
        assert_eq!(utc_millis(UNIX_EPOCH).unwrap(), "1970-01-01T00:00:00.000Z");
    }
}
