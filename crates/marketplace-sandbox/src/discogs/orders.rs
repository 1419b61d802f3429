//! Order endpoints: list, read and edit orders, and read and add order messages.
//!
//! Status rules: an open order may move to any settable status (the documented `next_status`
//! list); a Shipped order may only stay Shipped or move to Refund Sent; Refund Sent, Merged and
//! cancelled orders are final. Setting the shipping invoices the buyer and moves the order to
//! Invoice Sent, so it cannot be combined with a status change.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::model::{
    CARRIERS, DiscogsOrder, DiscogsOrderMessage, DiscogsTracking, ORDER_STATUS_FILTERS,
    SETTABLE_ORDER_STATUSES,
};
use super::pagination::page_reply;
use super::render::{format_money, release_json};
use super::{Call, State, forbidden, not_found};
use crate::support::clock;
use crate::support::http::{
    Reply, decimal_from_json, json, message, money_number, or_return, query_value, text_from_json,
};

/// The numeric id Discogs attaches to status messages.
fn status_id(status: &str) -> u8 {
    match status {
        "New Order" => 1,
        "Buyer Contacted" => 2,
        "Invoice Sent" => 3,
        "Payment Pending" => 4,
        "Payment Received" => 5,
        "Shipped" => 6,
        "In Progress" => 7,
        "Refund Sent" => 8,
        "Cancelled (Non-Paying Buyer)" => 9,
        "Cancelled (Item Unavailable)" => 10,
        "Cancelled (Per Buyer's Request)" => 11,
        "Cancelled (Refund Received)" => 12,
        "Merged" => 13,
        _ => 0,
    }
}

fn is_cancelled(status: &str) -> bool {
    status.starts_with("Cancelled")
}

/// The statuses an order in `status` may be given next (its current status included).
pub(crate) fn next_status(status: &str) -> Vec<String> {
    if is_cancelled(status) || status == "Refund Sent" || status == "Merged" {
        return vec![status.to_string()];
    }
    if status == "Shipped" {
        return vec!["Shipped".to_string(), "Refund Sent".to_string()];
    }
    SETTABLE_ORDER_STATUSES
        .iter()
        .map(|status| (*status).to_string())
        .collect()
}

/// `GET /marketplace/orders`
pub(crate) fn list(call: &Call<'_>, state: &State) -> Reply {
    let username = or_return!(call.require_user());
    let status = match query_value(call.request, "status") {
        None => None,
        Some(text) => match ORDER_STATUS_FILTERS
            .iter()
            .find(|candidate| candidate.eq_ignore_ascii_case(text.trim()))
        {
            Some(&"All") => None,
            Some(found) => Some(*found),
            None => {
                return message(
                    422,
                    &format!(
                        "Invalid status: expected one of {}.",
                        ORDER_STATUS_FILTERS.join(", ")
                    ),
                );
            }
        },
    };
    let mut bounds = [None, None];
    for (slot, key) in bounds.iter_mut().zip(["created_after", "created_before"]) {
        if let Some(text) = query_value(call.request, key) {
            match clock::parse_datetime(&text) {
                Some(instant) => *slot = Some(instant),
                None => {
                    return message(
                        422,
                        &format!("Invalid {key}: expected an ISO 8601 timestamp."),
                    );
                }
            }
        }
    }
    let [after, before] = bounds;
    let archived = match query_value(call.request, "archived").as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return message(422, "Invalid archived: expected true or false."),
    };
    let mut orders: Vec<&DiscogsOrder> = state
        .orders
        .values()
        .filter(|order| order.seller.eq_ignore_ascii_case(username))
        .filter(|order| match status {
            None => true,
            Some("Cancelled") => is_cancelled(&order.status),
            Some(wanted) => order.status == wanted,
        })
        .filter(|order| after.is_none_or(|after| order.created > after))
        .filter(|order| before.is_none_or(|before| order.created < before))
        .filter(|order| archived.is_none_or(|archived| order.archived == archived))
        .collect();
    let sort = query_value(call.request, "sort");
    let descending = match query_value(call.request, "sort_order") {
        Some(order) => order.eq_ignore_ascii_case("desc"),
        None => sort.is_none(),
    };
    orders.sort_by(|a, b| {
        let ordering = match sort.as_deref() {
            Some("buyer") => a.buyer.cmp(&b.buyer),
            Some("created") => a.created.cmp(&b.created),
            Some("status") => a.status.cmp(&b.status),
            Some("last_activity") => a.last_activity.cmp(&b.last_activity),
            _ => std::cmp::Ordering::Equal,
        };
        ordering.then(order_number(&a.id).cmp(&order_number(&b.id)))
    });
    if descending {
        orders.reverse();
    }
    page_reply(call, orders, "orders", |order| {
        order_json(call, state, order)
    })
}

fn order_number(id: &str) -> (u64, u64) {
    let (seller, number) = id.split_once('-').unwrap_or((id, "0"));
    (seller.parse().unwrap_or(0), number.parse().unwrap_or(0))
}

/// `GET /marketplace/orders/{id}`
pub(crate) fn show(call: &Call<'_>, state: &State, id: &str) -> Reply {
    let order = or_return!(sellers_order(call, state, id));
    json(200, &order_json(call, state, order))
}

/// The order, when the caller is its seller; else the 401, 404 or 403 answer.
fn sellers_order<'a>(
    call: &Call<'_>,
    state: &'a State,
    id: &str,
) -> Result<&'a DiscogsOrder, Reply> {
    let username = call.require_user()?;
    match state.orders.get(id) {
        None => Err(not_found()),
        Some(order) if !order.seller.eq_ignore_ascii_case(username) => Err(forbidden()),
        Some(order) => Ok(order),
    }
}

/// `POST /marketplace/orders/{id}`
pub(crate) fn edit(call: &Call<'_>, state: &mut State, id: &str) -> Reply {
    let username = or_return!(call.require_user()).to_string();
    let body = or_return!(json_body(call));
    let Some(order) = state.orders.get_mut(id) else {
        return not_found();
    };
    let field = |key: &str| body.get(key).filter(|value| !value.is_null());
    if !order.seller.eq_ignore_ascii_case(&username) {
        if field("tracking").is_some() && order.buyer.eq_ignore_ascii_case(&username) {
            return message(403, "Only the seller can set tracking information.");
        }
        return forbidden();
    }
    let status = field("status").map(|value| text_from_json(value).unwrap_or_default());
    let shipping = field("shipping");
    if status.is_some() && shipping.is_some() {
        return message(
            422,
            "You cannot set the shipping and the order status in the same request.",
        );
    }
    let tracking = or_return!(field("tracking").map(parse_tracking).transpose());
    let shipping = match shipping {
        None => None,
        Some(value) => match decimal_from_json(value).filter(|amount| !amount.is_sign_negative()) {
            Some(amount) => Some(amount),
            None => return message(422, "Invalid shipping: expected a non-negative number."),
        },
    };
    if shipping.is_some()
        && (is_cancelled(&order.status)
            || order.status == "Payment Received"
            || order.status == "Shipped")
    {
        return message(
            422,
            &format!(
                "The shipping cannot be changed: the order is {}.",
                order.status
            ),
        );
    }
    if let Some(status) = &status
        && let Err(reply) = check_status(order, status)
    {
        return reply;
    }

    let now = clock::now_unix();
    if let Some(amount) = shipping {
        let original = order.shipping;
        order.shipping = amount;
        order.messages.push(DiscogsOrderMessage {
            kind: "shipping".to_string(),
            message: format!(
                "{} set the shipping price to {}.",
                order.seller,
                format_money(&order.currency, amount)
            ),
            subject: String::new(),
            from: order.seller.clone(),
            timestamp: now,
            status_id: None,
            shipping_change: Some((original, amount)),
        });
        change_status(order, "Invoice Sent", now);
    }
    if let Some(status) = status {
        change_status(order, &status, now);
    }
    if let Some(tracking) = tracking {
        order.tracking = Some(tracking);
    }
    order.last_activity = now;
    let order = order.clone();
    json(200, &order_json(call, state, &order))
}

fn check_status(order: &DiscogsOrder, status: &str) -> Result<(), Reply> {
    let allowed = next_status(&order.status);
    if allowed.iter().any(|candidate| candidate == status) {
        Ok(())
    } else {
        Err(message(
            422,
            &format!("Invalid status: expected one of {}.", allowed.join(", ")),
        ))
    }
}

fn change_status(order: &mut DiscogsOrder, status: &str, now: i64) {
    if order.status == status {
        return;
    }
    let text = format!("Seller changed status from {} to {}", order.status, status);
    order.status = status.to_string();
    order.messages.push(DiscogsOrderMessage {
        kind: "status".to_string(),
        message: text,
        subject: String::new(),
        from: order.seller.clone(),
        timestamp: now,
        status_id: Some(status_id(status)),
        shipping_change: None,
    });
}

fn parse_tracking(value: &Value) -> Result<DiscogsTracking, Reply> {
    let number = value
        .get("number")
        .and_then(text_from_json)
        .filter(|number| !number.trim().is_empty())
        .ok_or_else(|| message(400, "Tracking number is required."))?;
    let carrier = match value.get("carrier").filter(|carrier| !carrier.is_null()) {
        None => None,
        Some(carrier) => {
            let carrier = text_from_json(carrier).unwrap_or_default();
            if !CARRIERS.contains(&carrier.as_str()) {
                return Err(message(
                    422,
                    &format!("Invalid carrier: expected one of {}.", CARRIERS.join(", ")),
                ));
            }
            Some(carrier)
        }
    };
    let encoded = crate::support::http::encode_segment(&number);
    let url = match carrier.as_deref() {
        Some("UPS") => Some(format!("https://www.ups.com/track?tracknum={encoded}")),
        Some("USPS") => Some(format!(
            "https://tools.usps.com/go/TrackConfirmAction?tLabels={encoded}"
        )),
        Some("DHL" | "DHL Germany") => Some(format!(
            "https://www.dhl.com/en/express/tracking.html?AWB={encoded}"
        )),
        Some("Royal Mail") => Some(format!(
            "https://www.royalmail.com/track-your-item#/tracking-results/{encoded}"
        )),
        _ => None,
    };
    Ok(DiscogsTracking {
        number,
        carrier,
        url,
    })
}

/// `GET /marketplace/orders/{id}/messages`
pub(crate) fn messages(call: &Call<'_>, state: &State, id: &str) -> Reply {
    let order = or_return!(sellers_order(call, state, id));
    let newest_first: Vec<&DiscogsOrderMessage> = order.messages.iter().rev().collect();
    page_reply(call, newest_first, "messages", |entry| {
        message_json(call, order, entry)
    })
}

/// `POST /marketplace/orders/{id}/messages`
pub(crate) fn add_message(call: &Call<'_>, state: &mut State, id: &str) -> Reply {
    let username = or_return!(call.require_user()).to_string();
    let body = or_return!(json_body(call));
    let first_title = state
        .orders
        .get(id)
        .and_then(|order| order.items.first())
        .map(|item| state.release(item.release_id).title)
        .unwrap_or_default();
    let Some(order) = state.orders.get_mut(id) else {
        return not_found();
    };
    let is_seller = order.seller.eq_ignore_ascii_case(&username);
    if !is_seller && !order.buyer.eq_ignore_ascii_case(&username) {
        return forbidden();
    }
    let text = body
        .get("message")
        .and_then(text_from_json)
        .filter(|text| !text.is_empty());
    let status = body
        .get("status")
        .and_then(text_from_json)
        .filter(|status| !status.is_empty());
    if text.is_none() && status.is_none() {
        return message(422, "Either message or status is required.");
    }
    let now = clock::now_unix();
    let mut full_text = text.unwrap_or_default();
    if let Some(status) = &status {
        if !is_seller {
            return forbidden();
        }
        if let Err(reply) = check_status(order, status) {
            return reply;
        }
        if *status != order.status {
            let prefix = format!("Seller changed status from {} to {}", order.status, status);
            full_text = if full_text.is_empty() {
                prefix
            } else {
                format!("{prefix}\n\n{full_text}")
            };
            order.status.clone_from(status);
        }
    }
    let subject = format!("Discogs Order #{}, {}", order.id, first_title);
    let entry = DiscogsOrderMessage {
        kind: "message".to_string(),
        message: full_text,
        subject,
        from: username.clone(),
        timestamp: now,
        status_id: status.as_deref().map(status_id),
        shipping_change: None,
    };
    order.messages.push(entry.clone());
    order.last_activity = now;
    let order = order.clone();
    let mut reply = message_json(call, &order, &entry);
    if let Some(fields) = reply.as_object_mut() {
        fields.remove("type");
        fields.remove("status_id");
    }
    json(201, &reply)
}

fn json_body(call: &Call<'_>) -> Result<serde_json::Map<String, Value>, Reply> {
    if call.request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice::<Value>(&call.request.body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(message(400, "The request body must be a JSON object.")),
    }
}

fn order_reference(call: &Call<'_>, order: &DiscogsOrder) -> Value {
    json!({
        "resource_url": format!("{}/marketplace/orders/{}", call.base, order.id),
        "id": order.id,
    })
}

fn message_json(call: &Call<'_>, order: &DiscogsOrder, entry: &DiscogsOrderMessage) -> Value {
    let mut body = json!({
        "timestamp": clock::rfc3339_offset(entry.timestamp),
        "message": entry.message,
        "type": entry.kind,
        "order": order_reference(call, order),
        "subject": entry.subject,
    });
    if let Some(fields) = body.as_object_mut() {
        match entry.kind.as_str() {
            "status" => {
                fields.insert("status_id".to_string(), json!(entry.status_id));
                fields.insert(
                    "actor".to_string(),
                    json!({
                        "username": entry.from,
                        "resource_url": call.user_json(&entry.from).get("resource_url").cloned(),
                    }),
                );
            }
            "shipping" => {
                let (original, new) = entry.shipping_change.unwrap_or_default();
                fields.insert("original".to_string(), money_number(original));
                fields.insert("new".to_string(), money_number(new));
            }
            _ => {
                fields.insert("from".to_string(), call.user_json(&entry.from));
            }
        }
    }
    body
}

pub(crate) fn order_json(call: &Call<'_>, state: &State, order: &DiscogsOrder) -> Value {
    let subtotal: Decimal = order.items.iter().map(|item| item.price).sum();
    let fee = (subtotal * call.config.fee_rate).round_dp(2);
    let items: Vec<Value> = order
        .items
        .iter()
        .map(|item| {
            let release = state.release(item.release_id);
            let release_body = release_json(call, &release);
            json!({
                "release": {
                    "id": release.id,
                    "description": release.description(),
                    "resource_url": release_body.get("resource_url").cloned(),
                    "thumbnail": "",
                },
                "price": { "currency": order.currency, "value": money_number(item.price) },
                "media_condition": item.media_condition,
                "sleeve_condition": item.sleeve_condition,
                "id": item.listing_id,
            })
        })
        .collect();
    let mut body = json!({
        "id": order.id,
        "resource_url": format!("{}/marketplace/orders/{}", call.base, order.id),
        "messages_url": format!("{}/marketplace/orders/{}/messages", call.base, order.id),
        "uri": format!("{}/sell/order/{}", call.base, order.id),
        "status": order.status,
        "next_status": next_status(&order.status),
        "fee": { "currency": order.currency, "value": money_number(fee) },
        "created": clock::rfc3339_offset(order.created),
        "items": items,
        "shipping": {
            "currency": order.currency,
            "method": order.shipping_method,
            "value": money_number(order.shipping),
        },
        "shipping_address": order.shipping_address,
        "additional_instructions": order.additional_instructions,
        "archived": order.archived,
        "seller": call.user_json(&order.seller),
        "last_activity": clock::rfc3339_offset(order.last_activity),
        "buyer": call.user_json(&order.buyer),
        "total": { "currency": order.currency, "value": money_number(order.total()) },
    });
    if let (Some(fields), Some(tracking)) = (body.as_object_mut(), &order.tracking) {
        fields.insert(
            "tracking".to_string(),
            json!({ "number": tracking.number, "carrier": tracking.carrier, "url": tracking.url }),
        );
    }
    body
}
