//! A feed document the caller wrote, checked before it is sent: above all, never one that sets
//! `Overwrite` to deactivate the seller's other items.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use super::{FeedType, MAX_FEED_RECORDS};
use crate::client::Format;
use crate::error::NeweggError;
use crate::region::Region;
use crate::xml;

/// The largest raw feed accepted: ten thousand records of a few hundred bytes each, with room
/// to spare.
const MAX_RAW_FEED_BYTES: usize = 16 * 1024 * 1024;

/// An inventory feed the caller wrote as XML or JSON
/// ([`NeweggClient::submit_raw_feed`](crate::NeweggClient::submit_raw_feed)), for fields the
/// typed [`InventoryFeed`](crate::InventoryFeed) does not carry.
///
/// Before it is sent it must be well-formed, of the platform's inventory feed type, with 1 to
/// 10,000 `Item`s, and it must not set `Overwrite` (anywhere: at the envelope level, per
/// item, as an element, an attribute or a JSON key) to anything but `No` or `False`.
/// `Overwrite=Yes` "will have the added effect of deactivating all of your items from the
/// website not listed on this datafeed", and deactivated items ignore later updates until
/// re-activated; this client never sends it.
///
/// ```
/// use newegg_client::{FeedType, RawFeed};
///
/// let feed = RawFeed::xml(
///     FeedType::InventoryAndPriceData,
///     "<NeweggEnvelope><Header><DocumentVersion>1.0</DocumentVersion></Header>\
///      <MessageType>Inventory</MessageType><Overwrite>Yes</Overwrite>\
///      <Message><Inventory><Item><SellerPartNumber>A1</SellerPartNumber>\
///      <Inventory>5</Inventory></Item></Inventory></Message></NeweggEnvelope>",
/// );
/// assert_eq!(feed.feed_type(), &FeedType::InventoryAndPriceData);
/// // Submitting it is refused before anything is sent: it sets Overwrite=Yes.
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFeed {
    feed_type: FeedType,
    format: Format,
    text: String,
}

impl RawFeed {
    /// An XML feed of `feed_type` (sent as `application/xml`).
    pub fn xml(feed_type: FeedType, text: impl Into<String>) -> Self {
        Self {
            feed_type,
            format: Format::Xml,
            text: text.into(),
        }
    }

    /// A JSON feed of `feed_type` (sent as `application/json`).
    pub fn json(feed_type: FeedType, text: impl Into<String>) -> Self {
        Self {
            feed_type,
            format: Format::Json,
            text: text.into(),
        }
    }

    /// The feed type sent as `requesttype`.
    pub fn feed_type(&self) -> &FeedType {
        &self.feed_type
    }

    /// The document's format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The document as given.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Checks the feed for `region` and returns its record count.
    pub(crate) fn check(&self, region: Region) -> Result<usize, NeweggError> {
        let expected = FeedType::for_inventory(region);
        if self.feed_type != expected {
            return Err(NeweggError::invalid(
                "requesttype",
                format!(
                    "{region} takes inventory as `{}`, not `{}`",
                    expected.as_str(),
                    self.feed_type.as_str()
                ),
            ));
        }
        if self.text.len() > MAX_RAW_FEED_BYTES {
            return Err(NeweggError::invalid(
                "feed",
                format!(
                    "must be at most {MAX_RAW_FEED_BYTES} bytes, got {}",
                    self.text.len()
                ),
            ));
        }
        let text = self.text.trim_start_matches('\u{feff}');
        let scan = match self.format {
            Format::Xml => scan_xml(text),
            Format::Json => scan_json(text),
        }
        .map_err(|rule| NeweggError::invalid("feed", rule))?;
        if let Some(value) = scan
            .overwrites
            .iter()
            .find(|value| !keeps_unlisted_items(value))
        {
            return Err(NeweggError::invalid(
                "overwrite",
                format!(
                    "`Overwrite` is `{value}`: Overwrite=Yes deactivates every item the feed does \
                     not list, and this client never sends it (only `No` or `False` are let \
                     through)"
                ),
            ));
        }
        if scan.items == 0 || scan.items > MAX_FEED_RECORDS {
            return Err(NeweggError::invalid(
                "feed",
                format!(
                    "a feed carries 1 to {MAX_FEED_RECORDS} records (`Item`s), got {}",
                    scan.items
                ),
            ));
        }
        Ok(scan.items)
    }
}

/// `No` and `False` (any case, the boolean `false` in JSON) keep the items a feed does not
/// list; every other value, an empty one included, is taken as the dangerous one.
fn keeps_unlisted_items(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "no" | "false")
}

/// What a raw feed holds: every `Overwrite` value, and how many `Item`s.
#[derive(Debug, Default)]
struct Scan {
    overwrites: Vec<String>,
    items: usize,
}

/// Whether a name (an element, an attribute, a JSON key with the `-`/`@` attribute prefixes
/// of XML-to-JSON renderings) is `Overwrite`.
fn is_overwrite(name: &str) -> bool {
    let name = name.trim_start_matches(['-', '@']);
    let local = name.rsplit(':').next().unwrap_or(name);
    local.eq_ignore_ascii_case("overwrite")
}

fn scan_xml(text: &str) -> Result<Scan, String> {
    xml::scan_within(text, MAX_RAW_FEED_BYTES)?;
    let mut reader = Reader::from_str(text);
    let mut scan = Scan::default();
    // The open `Overwrite` element's text, while one is open.
    let mut overwrite: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| format!("malformed XML: {error}"))?;
        match &event {
            Event::Start(start) | Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if name == "Item" {
                    scan.items += 1;
                }
                for attribute in start.attributes().flatten() {
                    let key =
                        String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
                    if is_overwrite(&key) {
                        scan.overwrites
                            .push(String::from_utf8_lossy(&attribute.value).into_owned());
                    }
                }
                if is_overwrite(&name) {
                    if matches!(event, Event::Empty(_)) {
                        scan.overwrites.push(String::new());
                    } else {
                        overwrite = Some(String::new());
                    }
                }
            }
            Event::Text(content) => {
                if let Some(open) = overwrite.as_mut() {
                    open.push_str(&String::from_utf8_lossy(content));
                }
            }
            Event::CData(content) => {
                if let Some(open) = overwrite.as_mut() {
                    open.push_str(&String::from_utf8_lossy(content));
                }
            }
            Event::GeneralRef(reference) => {
                // Any reference inside Overwrite makes the value something other than No.
                if let Some(open) = overwrite.as_mut() {
                    open.push_str(&format!("&{};", String::from_utf8_lossy(reference)));
                }
            }
            Event::End(end) => {
                if is_overwrite(&String::from_utf8_lossy(end.local_name().as_ref()))
                    && let Some(value) = overwrite.take()
                {
                    scan.overwrites.push(value);
                }
            }
            Event::Eof => return Ok(scan),
            _ => {}
        }
    }
}

fn scan_json(text: &str) -> Result<Scan, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|error| format!("malformed JSON: {error}"))?;
    let mut scan = Scan::default();
    walk(&value, &mut scan);
    Ok(scan)
}

fn walk(value: &Value, scan: &mut Scan) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                if is_overwrite(key) {
                    scan.overwrites.push(match member {
                        Value::String(text) => text.clone(),
                        Value::Bool(flag) => flag.to_string(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    });
                }
                if key == "Item" {
                    scan.items += match member {
                        Value::Array(items) => items.len(),
                        _ => 1,
                    };
                }
                walk(member, scan);
            }
        }
        Value::Array(entries) => entries.iter().for_each(|entry| walk(entry, scan)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iap_xml(overwrite: &str) -> RawFeed {
        RawFeed::xml(
            FeedType::InventoryAndPriceData,
            format!(
                "<NeweggEnvelope><Header><DocumentVersion>1.0</DocumentVersion></Header>\
                 <MessageType>Inventory</MessageType>{overwrite}<Message><Inventory><Item>\
                 <SellerPartNumber>A</SellerPartNumber><Inventory>1</Inventory></Item>\
                 </Inventory></Message></NeweggEnvelope>"
            ),
        )
    }

    fn refused_field(feed: &RawFeed, region: Region) -> String {
        match feed.check(region) {
            Err(NeweggError::InvalidInput(refusal)) => refusal.field,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn overwrite_yes_is_refused_in_every_spelling() {
        for overwrite in [
            "<Overwrite>Yes</Overwrite>",
            "<Overwrite> yes </Overwrite>",
            "<Overwrite>True</Overwrite>",
            "<Overwrite/>",
            "<Overwrite><![CDATA[Yes]]></Overwrite>",
            "<ns:Overwrite xmlns:ns=\"x\">Yes</ns:Overwrite>",
            "<Extra Overwrite=\"Yes\"/>",
        ] {
            assert_eq!(
                refused_field(&iap_xml(overwrite), Region::Canada),
                "overwrite",
                "{overwrite}"
            );
        }
        for kept in [
            "",
            "<Overwrite>No</Overwrite>",
            "<Overwrite>False</Overwrite>",
        ] {
            assert_eq!(iap_xml(kept).check(Region::Canada).unwrap(), 1, "{kept}");
        }
        let per_item = iap_xml("").text.replace(
            "<Inventory>1</Inventory>",
            "<Inventory>1</Inventory><Overwrite>Yes</Overwrite>",
        );
        let per_item = RawFeed::xml(FeedType::InventoryAndPriceData, per_item);
        assert_eq!(refused_field(&per_item, Region::Canada), "overwrite");
    }

    #[test]
    fn json_overwrite_is_refused_as_a_key_or_an_attribute_key() {
        for body in [
            r#"{"NeweggEnvelope":{"Overwrite":"Yes","Message":{"Inventory":{"Item":[{"SellerPartNumber":"A","Inventory":"1"}]}}}}"#,
            r#"{"NeweggEnvelope":{"-Overwrite":true,"Message":{"Inventory":{"Item":{"SellerPartNumber":"A"}}}}}"#,
            r#"{"NeweggEnvelope":{"Message":{"Inventory":{"Item":[{"SellerPartNumber":"A","overwrite":"TRUE"}]}}}}"#,
        ] {
            let feed = RawFeed::json(FeedType::InventoryAndPriceData, body);
            assert_eq!(
                refused_field(&feed, Region::Business),
                "overwrite",
                "{body}"
            );
        }
        let kept = RawFeed::json(
            FeedType::InventoryAndPriceData,
            r#"{"NeweggEnvelope":{"Overwrite":false,"Message":{"Inventory":{"Item":[{"SellerPartNumber":"A"},{"SellerPartNumber":"B"}]}}}}"#,
        );
        assert_eq!(kept.check(Region::Business).unwrap(), 2);
    }

    #[test]
    fn type_shape_and_size_are_checked() {
        assert_eq!(refused_field(&iap_xml(""), Region::Usa), "requesttype");
        let broken = RawFeed::xml(FeedType::InventoryData, "<NeweggEnvelope><Message>");
        assert_eq!(refused_field(&broken, Region::Usa), "feed");
        let empty = RawFeed::json(FeedType::InventoryData, r#"{"NeweggEnvelope":{}}"#);
        assert_eq!(refused_field(&empty, Region::Usa), "feed");
        let bomb = RawFeed::xml(
            FeedType::InventoryData,
            "<!DOCTYPE a [<!ENTITY x \"x\">]><a>&x;</a>",
        );
        assert_eq!(refused_field(&bomb, Region::Usa), "feed");
    }
}
