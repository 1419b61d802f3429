//! Inventory and listing endpoints: read a seller's inventory, and create, read, edit and
//! delete listings.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value, json};

use super::model::{
    DiscogsListing, DiscogsListingStatus, DiscogsRelease, MEDIA_CONDITIONS, SLEEVE_CONDITIONS,
};
use super::pagination::{page_reply, requested_page};
use super::render::listing_json;
use super::{Call, PAGE_CAP, State, forbidden, not_found};
use crate::support::clock;
use crate::support::http::{
    Reply, bool_from_json, decimal_from_json, empty, integer_from_json, json, message, or_return,
    query_value, request_header, text_from_json,
};

const INVENTORY_STATUSES: &str =
    "All, Deleted, Draft, Expired, For Sale, Sold, Suspended, Violation";

/// What a listing is sorted by: one kind of key per request, computed once per listing.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Price(Decimal),
    Text(String),
    Posted(i64),
    Maybe(Option<String>),
}

/// `GET /users/{username}/inventory`
///
/// A stranger (anyone but the owner, signed in or not) sees only For Sale listings whatever the
/// `status` filter asks for, and no page past the cap (field notes §1.2, §1.8). The filter is
/// still checked, so an unknown status is a 422 for everyone, as documented.
pub(crate) fn inventory(call: &Call<'_>, state: &State, username: &str) -> Reply {
    let Some(seller) = call.config.account(username) else {
        return not_found();
    };
    let owner = call.caller.is_user(&seller.username);
    let status_filter = match query_value(call.request, "status") {
        None => None,
        Some(text) if text.eq_ignore_ascii_case("all") => None,
        Some(text) if text.eq_ignore_ascii_case("deleted") => Some(None),
        Some(text) => match DiscogsListingStatus::parse(&text) {
            Some(status) => Some(Some(status)),
            None => {
                return message(
                    422,
                    &format!("Invalid status: expected one of {INVENTORY_STATUSES}."),
                );
            }
        },
    };
    if !owner
        && let Some(cap) = call.config.page_cap
        && requested_page(call) > cap
    {
        return message(403, PAGE_CAP);
    }
    let status_filter = if owner { status_filter } else { None };
    let mut listings: Vec<&DiscogsListing> = state
        .listings
        .values()
        .filter(|listing| listing.seller.eq_ignore_ascii_case(&seller.username))
        .filter(|listing| owner || listing.status == DiscogsListingStatus::ForSale)
        .filter(|listing| match status_filter {
            None => true,
            // Deleted listings are removed from the store, so that filter matches nothing.
            Some(None) => false,
            Some(Some(status)) => listing.status == status,
        })
        .collect();

    let sort = query_value(call.request, "sort").unwrap_or_else(|| "listed".to_string());
    let descending = match query_value(call.request, "sort_order") {
        Some(order) => order.eq_ignore_ascii_case("desc"),
        None => sort == "listed",
    };
    let text_of = |listing: &DiscogsListing, field: fn(&DiscogsRelease) -> &String| match state
        .releases
        .get(&listing.release_id)
    {
        Some(release) => field(release).clone(),
        None => field(&DiscogsRelease::placeholder(listing.release_id)).clone(),
    };
    listings.sort_by_cached_key(|listing| {
        let key = match sort.as_str() {
            "price" => SortKey::Price(listing.price),
            "item" => SortKey::Text(text_of(listing, |release| &release.title)),
            "artist" => SortKey::Text(text_of(listing, |release| &release.artist)),
            "label" => SortKey::Text(text_of(listing, |release| &release.label)),
            "catno" => SortKey::Text(text_of(listing, |release| &release.catalog_number)),
            "status" if owner => SortKey::Text(listing.status.as_str().to_string()),
            "location" if owner => SortKey::Maybe(listing.location.clone()),
            _ => SortKey::Posted(listing.posted),
        };
        (key, listing.id)
    });
    if descending {
        listings.reverse();
    }
    page_reply(call, listings, "listings", |listing| {
        listing_json(call, state, listing, owner)
    })
}

/// `GET /marketplace/listings/{id}`
pub(crate) fn show(call: &Call<'_>, state: &State, id: &str) -> Reply {
    let Some(listing) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| state.listings.get(&id))
    else {
        return not_found();
    };
    let owner = call.caller.is_user(&listing.seller);
    if !owner && listing.status != DiscogsListingStatus::ForSale {
        return not_found();
    }
    json(200, &listing_json(call, state, listing, owner))
}

/// `POST /marketplace/listings`
pub(crate) fn create(call: &Call<'_>, state: &mut State) -> Reply {
    let username = or_return!(call.require_user()).to_string();
    let input = or_return!(read_parameters(call).and_then(|fields| ListingInput::parse(&fields)));
    let Some(release_id) = input.release_id else {
        return missing("release_id");
    };
    let Some(condition) = input.condition.clone() else {
        return missing("condition");
    };
    let Some(price) = input.price else {
        return missing("price");
    };
    let mut listing = DiscogsListing::new(username, release_id, price);
    listing.condition = condition;
    listing.sleeve_condition = None;
    listing.comments = String::new();
    listing.posted = clock::now_unix();
    input.apply(&mut listing);
    listing.id = state.allocate_listing_id();
    let id = listing.id;
    state.listings.insert(id, listing);
    json(
        201,
        &json!({
            "listing_id": id,
            "resource_url": format!("{}/marketplace/listings/{id}", call.base),
        }),
    )
}

/// `POST /marketplace/listings/{id}`
pub(crate) fn edit(call: &Call<'_>, state: &mut State, id: &str) -> Reply {
    let username = or_return!(call.require_user()).to_string();
    let Some(listing) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| state.listings.get_mut(&id))
    else {
        return not_found();
    };
    if !listing.seller.eq_ignore_ascii_case(&username) {
        return forbidden();
    }
    if !listing.status.is_editable() {
        return message(
            422,
            &format!(
                "This listing is {} and cannot be modified: only For Sale, Draft and Expired listings can be edited.",
                listing.status.as_str()
            ),
        );
    }
    let input = or_return!(read_parameters(call).and_then(|fields| ListingInput::parse(&fields)));
    if let Some(release_id) = input.release_id {
        listing.release_id = release_id;
    }
    if let Some(condition) = &input.condition {
        listing.condition.clone_from(condition);
    }
    if let Some(price) = input.price {
        listing.price = price;
    }
    input.apply(listing);
    // Saving an Expired listing without a status relists it, as the edit form does.
    if input.status.is_none() && listing.status == DiscogsListingStatus::Expired {
        listing.status = DiscogsListingStatus::ForSale;
    }
    empty(204)
}

/// `DELETE /marketplace/listings/{id}`
pub(crate) fn delete(call: &Call<'_>, state: &mut State, id: &str) -> Reply {
    let username = or_return!(call.require_user()).to_string();
    let Some(listing_id) = id.parse::<u64>().ok() else {
        return not_found();
    };
    match state.listings.get(&listing_id) {
        None => not_found(),
        Some(listing) if !listing.seller.eq_ignore_ascii_case(&username) => forbidden(),
        Some(_) => {
            state.listings.remove(&listing_id);
            empty(204)
        }
    }
}

fn missing(field: &str) -> Reply {
    message(422, &format!("Missing required field: {field}."))
}

fn invalid(field: &str, rule: &str) -> Reply {
    message(422, &format!("Invalid {field}: {rule}."))
}

/// Listing fields may arrive as a JSON body, a form body or query parameters (the documented
/// URI template lists them as query parameters); a body value wins over a query value.
fn read_parameters(call: &Call<'_>) -> Result<Map<String, Value>, Reply> {
    let mut fields: Map<String, Value> = call
        .request
        .url
        .query_pairs()
        .filter(|(key, _)| key != "token" && key != "curr_abbr")
        .map(|(key, value)| (key.into_owned(), Value::String(value.into_owned())))
        .collect();
    let body = &call.request.body;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(fields);
    }
    let content_type = request_header(call.request, "content-type").unwrap_or("application/json");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        for (key, value) in url::form_urlencoded::parse(body) {
            fields.insert(key.into_owned(), Value::String(value.into_owned()));
        }
        return Ok(fields);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => {
            fields.extend(object);
            Ok(fields)
        }
        _ => Err(message(400, "The request body must be a JSON object.")),
    }
}

/// The listing fields a request supplied, each already checked.
#[derive(Debug, Default)]
struct ListingInput {
    release_id: Option<u64>,
    condition: Option<String>,
    sleeve_condition: Option<String>,
    price: Option<Decimal>,
    comments: Option<String>,
    allow_offers: Option<bool>,
    status: Option<DiscogsListingStatus>,
    external_id: Option<String>,
    location: Option<String>,
    weight: Option<u32>,
    format_quantity: Option<u32>,
}

impl ListingInput {
    fn parse(fields: &Map<String, Value>) -> Result<Self, Reply> {
        let mut input = Self::default();
        let present = |key: &str| fields.get(key).filter(|value| !value.is_null());
        if let Some(value) = present("release_id") {
            input.release_id = Some(
                integer_from_json(value)
                    .and_then(|id| u64::try_from(id).ok())
                    .filter(|id| *id > 0)
                    .ok_or_else(|| invalid("release_id", "expected a release id number"))?,
            );
        }
        if let Some(value) = present("condition") {
            input.condition = Some(one_of(value, "condition", &MEDIA_CONDITIONS)?);
        }
        if let Some(value) = present("sleeve_condition") {
            input.sleeve_condition = Some(one_of(value, "sleeve_condition", &SLEEVE_CONDITIONS)?);
        }
        if let Some(value) = present("price") {
            input.price = Some(
                decimal_from_json(value)
                    .filter(|price| *price > Decimal::ZERO)
                    .ok_or_else(|| invalid("price", "expected a positive number"))?,
            );
        }
        if let Some(value) = present("comments") {
            input.comments = text_from_json(value);
        }
        if let Some(value) = present("allow_offers") {
            input.allow_offers = Some(
                bool_from_json(value)
                    .ok_or_else(|| invalid("allow_offers", "expected true or false"))?,
            );
        }
        if let Some(value) = present("status") {
            let text = text_from_json(value).unwrap_or_default();
            input.status = Some(
                DiscogsListingStatus::parse(&text)
                    .filter(|status| {
                        matches!(
                            status,
                            DiscogsListingStatus::ForSale | DiscogsListingStatus::Draft
                        )
                    })
                    .ok_or_else(|| invalid("status", "expected one of For Sale, Draft"))?,
            );
        }
        if let Some(value) = present("external_id") {
            input.external_id = text_from_json(value);
        }
        if let Some(value) = present("location") {
            input.location = text_from_json(value);
        }
        if let Some(value) = present("weight") {
            input.weight = Some(auto_or_number(value, 230).ok_or_else(|| {
                invalid("weight", "expected a non-negative number of grams or auto")
            })?);
        }
        if let Some(value) = present("format_quantity") {
            input.format_quantity = Some(auto_or_number(value, 1).ok_or_else(|| {
                invalid("format_quantity", "expected a non-negative number or auto")
            })?);
        }
        Ok(input)
    }

    /// Copies the optional fields onto a listing.
    fn apply(&self, listing: &mut DiscogsListing) {
        if let Some(sleeve) = &self.sleeve_condition {
            listing.sleeve_condition = Some(sleeve.clone());
        }
        if let Some(comments) = &self.comments {
            listing.comments.clone_from(comments);
        }
        if let Some(allow_offers) = self.allow_offers {
            listing.allow_offers = allow_offers;
        }
        if let Some(status) = self.status {
            listing.status = status;
        }
        if let Some(external_id) = &self.external_id {
            listing.external_id = Some(external_id.clone());
        }
        if let Some(location) = &self.location {
            listing.location = Some(location.clone());
        }
        if let Some(weight) = self.weight {
            listing.weight = Some(weight);
        }
        if let Some(format_quantity) = self.format_quantity {
            listing.format_quantity = Some(format_quantity);
        }
    }
}

fn one_of(value: &Value, field: &str, allowed: &[&str]) -> Result<String, Reply> {
    let text = text_from_json(value).unwrap_or_default();
    allowed
        .iter()
        .find(|candidate| **candidate == text)
        .map(|candidate| (*candidate).to_string())
        .ok_or_else(|| invalid(field, &format!("expected one of {}", allowed.join(", "))))
}

/// A number, or `auto` for the sandbox's estimate.
fn auto_or_number(value: &Value, estimate: u32) -> Option<u32> {
    if value
        .as_str()
        .is_some_and(|text| text.eq_ignore_ascii_case("auto"))
    {
        return Some(estimate);
    }
    decimal_from_json(value)
        .filter(|number| !number.is_sign_negative())
        .and_then(|number| number.trunc().to_u32())
}
