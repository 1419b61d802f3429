//! The properties the fuzz targets check, one function per target, each taking the fuzzer's
//! bytes and panicking when a property fails (which is how libFuzzer learns of it).
//!
//! The fuzz crate in `fuzz/` (outside the workspace: it needs libFuzzer and nightly flags) calls
//! these functions and nothing else; `tests/replay.rs` runs every file of every corpus in
//! `fuzz/corpus/` through them, so `cargo test --workspace` guards each past finding without
//! cargo-fuzz. See `fuzz/README.md` for running the targets.
//!
//! Every target checks that no input panics a decoder (nor makes it loop or allocate without
//! bound: libFuzzer's `-timeout` and `-rss_limit_mb` catch those). The raw targets reach every
//! reader through the clients' `fuzzing` tables ([`client_core::fuzzing::Decoder`]); the
//! structure-aware ones ([`exact_decimal`], [`discogs_round_trip`], [`instica_round_trip`],
//! [`newegg_round_trip`]) build valid documents from
//! the bytes and check that what is decoded is exactly what was written.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Panicking on a broken property is this crate's whole job.
#![allow(clippy::panic)]

use arbitrary::{Arbitrary, Unstructured};
use client_core::fuzzing::{Decoder, pick};
use client_core::{ConfigureEngine, Paged};
use rust_decimal::Decimal;

/// A target: its name (the directory of its corpus and the name of its fuzz target) and its
/// check, which answers how much of the input it could check (documents decoded, rows or
/// listings compared), so that a replay can tell seeds that reach the checks from seeds that
/// are refused at once.
pub type Target = (&'static str, fn(&[u8]) -> usize);

/// Every target, by name.
pub const TARGETS: &[Target] = &[
    ("engine", engine),
    ("discogs", discogs),
    ("discogs_export_csv", discogs_export_csv),
    ("discogs_round_trip", discogs_round_trip),
    ("instica_round_trip", instica_round_trip),
    ("newegg_round_trip", newegg_round_trip),
    ("newegg", newegg),
    ("bulkinsert", bulkinsert),
    ("instica", instica),
    ("exact_decimal", exact_decimal),
];

/// Runs the decoder the input's first byte picks on the rest of it; a decoder may refuse the
/// input, never panic on it. 1 when it decoded the input, 0 when it refused it.
fn any_decoder(decoders: &[Decoder], input: &[u8]) -> usize {
    // Refusing is as correct as decoding for arbitrary bytes, so either outcome passes;
    // formatting the decoded value (done inside `run`) walks all of it.
    pick(decoders, input).map_or(0, |(decoder, body)| {
        usize::from((decoder.run)(body).is_ok())
    })
}

/// The engine's readers: `Link`, `Retry-After`, reset times, JSON error bodies, timestamps.
pub fn engine(input: &[u8]) -> usize {
    any_decoder(client_core::fuzzing::DECODERS, input)
}

/// Every reader of Discogs' answers.
pub fn discogs(input: &[u8]) -> usize {
    any_decoder(discogs_client::fuzzing::DECODERS, input)
}

/// Every reader of Newegg's answers and error bodies (XML and JSON).
pub fn newegg(input: &[u8]) -> usize {
    any_decoder(newegg_client::fuzzing::DECODERS, input)
}

/// Every reader of the bulk-insert service's answers and row errors.
pub fn bulkinsert(input: &[u8]) -> usize {
    any_decoder(bulkinsert_client::fuzzing::DECODERS, input)
}

/// Every reader of Instica's answers and DRF error bodies.
pub fn instica(input: &[u8]) -> usize {
    any_decoder(instica_client::fuzzing::DECODERS, input)
}

/// A Discogs export file reads the same whether it arrives whole or in pieces of any size (the
/// first byte picks the size): a file that parses whole gives the same rows in pieces, and a
/// file refused whole has a refused row in pieces.
pub fn discogs_export_csv(input: &[u8]) -> usize {
    let Some((size, file)) = input.split_first() else {
        return 0;
    };
    let in_pieces = discogs_client::fuzzing::export_rows_in_chunks(file, usize::from(*size) + 1);
    let Ok(text) = std::str::from_utf8(file) else {
        return 0;
    };
    match discogs_client::inventory_export::parse_export_csv(text) {
        Ok(whole) => {
            let pieces: Result<Vec<_>, _> = in_pieces.into_iter().collect();
            assert_eq!(pieces.as_ref(), Ok(&whole), "pieces of {} bytes", size + 1);
            whole.len()
        }
        Err(reason) => {
            assert!(
                in_pieces.iter().any(Result::is_err),
                "refused whole ({reason}) but every piece read"
            );
            0
        }
    }
}

/// An amount as a vendor writes it in JSON: a number or a string holding one. The exact reader
/// accepts precisely the plain decimals `Decimal` can hold, keeps their scale, and writes back
/// what it read.
pub fn exact_decimal(input: &[u8]) -> usize {
    let Some((form, text)) = input.split_first() else {
        return 0;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return 0;
    };
    let quoted = form & 1 == 1;
    let document = if quoted {
        serde_json::to_string(&serde_json::json!({ "amount": text })).ok()
    } else {
        Some(format!("{{\"amount\": {text}}}"))
    };
    let Some(document) = document else {
        return 0;
    };
    let read = serde_json::from_str::<Amount>(&document).map(|amount| amount.amount);
    if is_plain_decimal(text) {
        // The reference: rust_decimal's own exact parser, on the grammar both accept.
        match (&read, Decimal::from_str_exact(text)) {
            (Ok(read), Ok(reference)) => {
                assert_eq!(read, &reference, "{text}");
                assert_eq!(read.scale(), reference.scale(), "{text}: scale kept");
            }
            (Err(_), Err(_)) => {}
            (read, reference) => {
                // Leading zeros are JSON's to refuse in a bare number, not the reader's.
                let bare_with_leading_zero = !quoted && has_leading_zero(text);
                assert!(
                    bare_with_leading_zero,
                    "{text}: read {read:?}, reference {reference:?}"
                );
            }
        }
    }
    if let Ok(amount) = read {
        let written = serde_json::to_string(&Amount { amount })
            .unwrap_or_else(|error| panic!("{amount} does not write: {error}"));
        let again = serde_json::from_str::<Amount>(&written)
            .unwrap_or_else(|error| panic!("{written} does not read back: {error}"));
        assert_eq!(again.amount, amount, "{written}");
        assert_eq!(
            again.amount.scale(),
            amount.scale(),
            "{written}: scale kept"
        );
    }
    usize::from(read.is_ok())
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Amount {
    #[serde(with = "inventory_model::serde_decimal::exact")]
    amount: Decimal,
}

/// `-?digits(.digits)?`
fn is_plain_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

fn has_leading_zero(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    unsigned.len() > 1 && unsigned.starts_with('0') && !unsigned.starts_with("0.")
}

/// One listing of a generated inventory page: what is written, and what must be read back.
#[derive(Debug, Arbitrary)]
struct GeneratedListing {
    id: u64,
    release_id: u64,
    /// The amount's digits; the scale comes from `scale`.
    cents: i64,
    scale: u8,
    currency: u8,
    status: u8,
    condition: u8,
    quoted_price: bool,
    shipping: Option<(u32, bool)>,
    comments: String,
}

const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK", "BRL",
];
const STATUSES: &[&str] = &["For Sale", "Draft", "Expired", "Sold", "Suspended"];
const CONDITIONS: &[&str] = &[
    "Mint (M)",
    "Near Mint (NM or M-)",
    "Very Good Plus (VG+)",
    "Very Good (VG)",
    "Good Plus (G+)",
    "Poor (P)",
];

fn one_of(choices: &'static [&'static str], index: u8) -> &'static str {
    choices
        .get(usize::from(index) % choices.len())
        .copied()
        .unwrap_or("")
}

/// A Discogs inventory page written from generated listings decodes to exactly those listings:
/// the same IDs, statuses and comments, every price and shipping price to the last digit and
/// with the same scale, in its currency, whether Discogs wrote the number bare or quoted.
pub fn discogs_round_trip(input: &[u8]) -> usize {
    let mut bytes = Unstructured::new(input);
    let Ok(listings) = Vec::<GeneratedListing>::arbitrary(&mut bytes) else {
        return 0;
    };
    let listings: Vec<_> = listings.into_iter().take(100).collect();
    let written: Vec<_> = listings.iter().map(listing_json).collect();
    let body = serde_json::json!({
        "pagination": {"page": 1, "pages": 1, "per_page": 100, "items": listings.len(), "urls": {}},
        "listings": written,
    })
    .to_string();
    let page = discogs_client()
        .inventory("seller")
        .read_page(&client_core::fuzzing::answer(
            "application/json",
            body.as_bytes(),
        ))
        .unwrap_or_else(|error| panic!("a valid page was refused: {error}\n{body}"));
    assert!(page.failed.is_empty(), "{:?}\n{body}", page.failed);
    assert_eq!(page.items.len(), listings.len(), "{body}");
    for ((listing, read), json) in listings.iter().zip(&page.items).zip(&written) {
        let currency = one_of(CURRENCIES, listing.currency);
        let price = amount(listing.cents, listing.scale);
        let shipping = listing
            .shipping
            .map(|(digits, _)| (amount(digits.into(), 2), currency));
        let read_shipping = read
            .shipping_price
            .map(|money| (money.amount(), money.currency().code().to_owned()));
        assert_eq!(read.id, listing.id, "{json}");
        assert_eq!(
            read.status.as_str(),
            one_of(STATUSES, listing.status),
            "{json}"
        );
        assert_eq!(read.comments, listing.comments, "{json}");
        assert_eq!(read.price.currency().code(), currency, "{json}");
        assert_eq!(read.price.amount(), price, "{json}");
        assert_eq!(read.price.amount().scale(), price.scale(), "{json}: scale");
        assert_eq!(
            read_shipping
                .as_ref()
                .map(|(value, code)| (*value, code.as_str())),
            shipping,
            "{json}"
        );
        if let (Some((read, _)), Some((written, _))) = (&read_shipping, shipping) {
            assert_eq!(read.scale(), written.scale(), "{json}: shipping scale");
        }
    }
    listings.len()
}

/// One client for every run: its engine is costly to build and nothing is ever sent.
fn discogs_client() -> &'static discogs_client::DiscogsClient {
    static CLIENT: std::sync::OnceLock<discogs_client::DiscogsClient> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        discogs_client::DiscogsClient::builder()
            .user_agent("fuzz-checks/0.1 +https://example.invalid")
            .token("fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz")
            .build()
            .unwrap_or_else(|error| panic!("the fuzz client must build: {error}"))
    })
}

fn amount(digits: i64, scale: u8) -> Decimal {
    Decimal::new(digits, u32::from(scale % 11))
}

fn listing_json(listing: &GeneratedListing) -> serde_json::Value {
    let price = amount(listing.cents, listing.scale);
    let currency = one_of(CURRENCIES, listing.currency);
    let value = if listing.quoted_price {
        serde_json::Value::String(price.to_string())
    } else {
        number(price)
    };
    let mut written = serde_json::json!({
        "id": listing.id,
        "status": one_of(STATUSES, listing.status),
        "price": {"currency": currency, "value": value},
        "condition": one_of(CONDITIONS, listing.condition),
        "comments": listing.comments,
        "seller": {"id": 1, "username": "seller"},
        "release": {"id": listing.release_id},
    });
    if let (Some((shipping, quoted)), Some(object)) = (listing.shipping, written.as_object_mut()) {
        let shipping = amount(shipping.into(), 2);
        let value = if quoted {
            serde_json::Value::String(shipping.to_string())
        } else {
            number(shipping)
        };
        object.insert(
            "shipping_price".to_owned(),
            serde_json::json!({"currency": currency, "value": value}),
        );
    }
    written
}

/// The amount as a JSON number with exactly its digits (serde_json keeps a number's text).
fn number(amount: Decimal) -> serde_json::Value {
    serde_json::from_str(&amount.to_string())
        .unwrap_or_else(|error| panic!("{amount} is not a JSON number: {error}"))
}

/// One item of a generated Instica item page.
#[derive(Debug, Arbitrary)]
struct GeneratedItem {
    uid: u64,
    cents: i64,
    scale: u8,
    shipping: Option<(u32, bool)>,
    quoted_price: bool,
    sku: Option<String>,
    status: u8,
}

const ITEM_STATUSES: &[&str] = &["draft", "purchased", "received", "ready-to-sell", "sold"];

/// An Instica item page written from generated items decodes to exactly those items: the same
/// UIDs, statuses and SKUs, every item and shipping price to the last digit and with the same
/// scale, in US dollars, whether Instica wrote the amount as a string (as it does) or a number.
pub fn instica_round_trip(input: &[u8]) -> usize {
    let mut bytes = Unstructured::new(input);
    let Ok(items) = Vec::<GeneratedItem>::arbitrary(&mut bytes) else {
        return 0;
    };
    let items: Vec<_> = items.into_iter().take(100).collect();
    let written: Vec<_> = items.iter().map(item_json).collect();
    let body = serde_json::json!({
        "count": items.len(), "next": null, "previous": null, "results": written,
    })
    .to_string();
    let page = instica_client()
        .items()
        .list()
        .read_page(&client_core::fuzzing::answer(
            "application/json",
            body.as_bytes(),
        ))
        .unwrap_or_else(|error| panic!("a valid page was refused: {error}\n{body}"));
    assert!(page.failed.is_empty(), "{:?}\n{body}", page.failed);
    assert_eq!(page.items.len(), items.len(), "{body}");
    for ((item, read), json) in items.iter().zip(&page.items).zip(&written) {
        let price = amount(item.cents, item.scale);
        let read_price = read
            .price_item_usd
            .map(|money| (money.amount(), money.currency()));
        assert_eq!(
            read.uid.to_string(),
            format!("inv_{:x}", item.uid),
            "{json}"
        );
        assert_eq!(
            read.status.as_ref().map(|status| status.as_str()),
            Some(one_of(ITEM_STATUSES, item.status)),
            "{json}"
        );
        assert_eq!(read.manual_sku, item.sku, "{json}");
        assert_eq!(
            read_price,
            Some((price, inventory_model::Currency::Usd)),
            "{json}"
        );
        assert_eq!(
            read_price.map(|(read, _)| read.scale()),
            Some(price.scale()),
            "{json}"
        );
        let shipping = item.shipping.map(|(cents, _)| amount(cents.into(), 2));
        let read_shipping = read.price_shipping_usd.map(|money| money.amount());
        assert_eq!(read_shipping, shipping, "{json}");
        assert_eq!(
            read_shipping.map(|read| read.scale()),
            shipping.map(|written| written.scale()),
            "{json}"
        );
    }
    items.len()
}

fn item_json(item: &GeneratedItem) -> serde_json::Value {
    let amount_value = |amount: Decimal, quoted: bool| {
        if quoted {
            serde_json::Value::String(amount.to_string())
        } else {
            number(amount)
        }
    };
    let mut written = serde_json::json!({
        "uid": format!("inv_{:x}", item.uid),
        "status": one_of(ITEM_STATUSES, item.status),
        "price_item_usd": amount_value(amount(item.cents, item.scale), item.quoted_price),
        "manual_sku": item.sku,
    });
    if let (Some((cents, quoted)), Some(object)) = (item.shipping, written.as_object_mut()) {
        object.insert(
            "price_shipping_usd".to_owned(),
            amount_value(amount(cents.into(), 2), quoted),
        );
    }
    written
}

/// One client for every run, as for Discogs.
fn instica_client() -> &'static instica_client::InsticaClient {
    static CLIENT: std::sync::OnceLock<instica_client::InsticaClient> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        instica_client::InsticaClient::builder()
            .api_key("fuzz-checks-key")
            .build()
            .unwrap_or_else(|error| panic!("the fuzz client must build: {error}"))
    })
}

/// A generated Newegg item inventory answer.
#[derive(Debug, Arbitrary)]
struct GeneratedInventory {
    seller: String,
    item_number: String,
    seller_part_number: String,
    warehouses: Vec<(u8, u32)>,
    json: bool,
}

const WAREHOUSES: &[&str] = &["USA", "AUS", "CAN", "GBR", "DEU", "JPN", "MEX", "IND"];

/// A Newegg item inventory answer written from generated values, as XML (with every special
/// character escaped) or JSON, decodes to exactly those values: the seller, item number and
/// seller part number to the character, every warehouse's country and quantity, in order.
pub fn newegg_round_trip(input: &[u8]) -> usize {
    let mut bytes = Unstructured::new(input);
    let Ok(generated) = GeneratedInventory::arbitrary(&mut bytes) else {
        return 0;
    };
    // XML 1.0 cannot carry control characters, and Newegg's identifiers are never padded.
    let text = |value: &str| -> String {
        value
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_owned()
    };
    let (seller, item, part) = (
        text(&generated.seller),
        text(&generated.item_number),
        text(&generated.seller_part_number),
    );
    // Newegg lists a warehouse once (an answer listing one twice is refused, as it should be).
    let mut warehouses: Vec<(&str, u32)> = Vec::new();
    for (country, quantity) in &generated.warehouses {
        let country = one_of(WAREHOUSES, *country);
        if !warehouses.iter().any(|(listed, _)| *listed == country) {
            warehouses.push((country, *quantity));
        }
    }
    let (content_type, body) = if generated.json {
        let list: Vec<_> = warehouses
            .iter()
            .map(|(country, quantity)| {
                serde_json::json!({"WarehouseLocation": country, "AvailableQuantity": quantity})
            })
            .collect();
        let answer = serde_json::json!({
            "SellerID": seller, "ItemNumber": item, "SellerPartNumber": part,
            "InventoryList": {"Inventory": list},
        });
        ("application/json", answer.to_string())
    } else {
        let list: String = warehouses
            .iter()
            .map(|(country, quantity)| {
                format!(
                    "<Inventory><WarehouseLocation>{country}</WarehouseLocation>\
                     <AvailableQuantity>{quantity}</AvailableQuantity></Inventory>"
                )
            })
            .collect();
        let answer = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><InventoryResult>\
             <SellerID>{}</SellerID><ItemNumber>{}</ItemNumber>\
             <SellerPartNumber>{}</SellerPartNumber><InventoryList>{list}</InventoryList>\
             </InventoryResult>",
            xml_escaped(&seller),
            xml_escaped(&item),
            xml_escaped(&part),
        );
        ("application/xml", answer)
    };
    let read = newegg_client::fuzzing::item_inventory(client_core::fuzzing::answer(
        content_type,
        body.as_bytes(),
    ))
    .unwrap_or_else(|error| panic!("a valid answer was refused: {error}\n{body}"));
    let given = |value: &str| (!value.is_empty()).then(|| value.to_owned());
    assert_eq!(read.seller_id, given(&seller), "{body}");
    assert_eq!(read.item_number, given(&item), "{body}");
    assert_eq!(read.seller_part_number, given(&part), "{body}");
    let read_warehouses: Vec<_> = read
        .warehouses
        .iter()
        .map(|stock| (stock.warehouse.as_str().to_owned(), stock.available))
        .collect();
    let written: Vec<_> = warehouses
        .iter()
        .map(|(country, quantity)| ((*country).to_owned(), *quantity))
        .collect();
    assert_eq!(read_warehouses, written, "{body}");
    1 + warehouses.len()
}

fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
