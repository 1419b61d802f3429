//! Newegg's documents with Newegg's spellings, shared by the XML and the JSON format.
//!
//! Newegg's JSON is loose: numbers come as strings or as numbers, and a list of one may come
//! as the bare object. The readers here accept every variant, and they are written so that
//! the same types also read quick-xml's view of the XML documents (where every value is text
//! and a list is a repeated element).

use std::fmt;
use std::marker::PhantomData;

use inventory_model::serde_text::{
    JSON_RAW_VALUE_TOKEN, JsonMapKey, JsonMapKeySeed, deserialize_str_with, json_string_text,
};
use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// Which item a request is about, as both request bodies begin: `Type`, `Value` and, for a
/// UPC only, `Condition`.
#[derive(Debug, Serialize)]
pub(crate) struct ItemOut<'a> {
    #[serde(rename = "Type")]
    pub(crate) id_type: &'static str,
    #[serde(rename = "Value")]
    pub(crate) value: &'a str,
    #[serde(rename = "Condition", skip_serializing_if = "Option::is_none")]
    pub(crate) condition: Option<&'static str>,
}

/// The body of an inventory update (`ItemInventoryInfo`).
#[derive(Debug, Serialize)]
pub(crate) struct ItemInventoryInfo<'a> {
    #[serde(flatten)]
    pub(crate) item: ItemOut<'a>,
    #[serde(rename = "InventoryList")]
    pub(crate) inventory_list: InventoryListOut<'a>,
}

/// `InventoryList` as sent.
#[derive(Debug, Serialize)]
pub(crate) struct InventoryListOut<'a> {
    #[serde(rename = "Inventory")]
    pub(crate) inventory: Vec<InventoryOut<'a>>,
}

/// One warehouse's quantity as sent. Newegg's own examples send the quantity as a string in
/// JSON; in XML it is text either way.
#[derive(Debug, Serialize)]
pub(crate) struct InventoryOut<'a> {
    #[serde(rename = "WarehouseLocation")]
    pub(crate) warehouse_location: &'a str,
    #[serde(rename = "AvailableQuantity")]
    pub(crate) available_quantity: String,
}

/// The body of an inventory read (`ContentQueryCriteria`).
#[derive(Debug, Serialize)]
pub(crate) struct ContentQueryCriteria<'a> {
    #[serde(flatten)]
    pub(crate) item: ItemOut<'a>,
    #[serde(rename = "WarehouseList", skip_serializing_if = "Option::is_none")]
    pub(crate) warehouse_list: Option<WarehouseListOut<'a>>,
}

/// `WarehouseList` as sent: the countries to read.
#[derive(Debug, Serialize)]
pub(crate) struct WarehouseListOut<'a> {
    #[serde(rename = "WarehouseLocation")]
    pub(crate) warehouse_location: Vec<&'a str>,
}

/// A request body in both of Newegg's formats: JSON through serde, XML written here.
///
/// The XML bodies are a handful of elements, and quick-xml's serializer (which checks every
/// element name and walks serde's flattening for the item's fields) cost more than the rest
/// of building the request. The text written here is held to that serializer's by a test.
pub(crate) trait RequestBody: Serialize {
    /// The body as an XML document.
    fn to_xml(&self) -> String;
}

/// Writes `<name>text</name>` (`<name/>` for no text, as quick-xml does), with `<`, `>` and
/// `&` escaped.
fn text_element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    if text.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    out.push_str(&quick_xml::escape::partial_escape(text));
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Writes the element `name` holding each of `entries` as `write` writes it (`<name/>` for
/// none, as quick-xml does).
fn list_element<T>(
    out: &mut String,
    name: &str,
    entries: &[T],
    mut write: impl FnMut(&mut String, &T),
) {
    if entries.is_empty() {
        out.push('<');
        out.push_str(name);
        out.push_str("/>");
        return;
    }
    out.push('<');
    out.push_str(name);
    out.push('>');
    for entry in entries {
        write(out, entry);
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

impl ItemOut<'_> {
    fn write_xml(&self, out: &mut String) {
        text_element(out, "Type", self.id_type);
        text_element(out, "Value", self.value);
        if let Some(condition) = self.condition {
            text_element(out, "Condition", condition);
        }
    }
}

impl RequestBody for ItemInventoryInfo<'_> {
    fn to_xml(&self) -> String {
        let mut out = String::with_capacity(128 + 96 * self.inventory_list.inventory.len());
        out.push_str("<ItemInventoryInfo>");
        self.item.write_xml(&mut out);
        list_element(
            &mut out,
            "InventoryList",
            &self.inventory_list.inventory,
            |out, inventory| {
                out.push_str("<Inventory>");
                text_element(out, "WarehouseLocation", inventory.warehouse_location);
                text_element(out, "AvailableQuantity", &inventory.available_quantity);
                out.push_str("</Inventory>");
            },
        );
        out.push_str("</ItemInventoryInfo>");
        out
    }
}

impl RequestBody for ContentQueryCriteria<'_> {
    fn to_xml(&self) -> String {
        let mut out = String::with_capacity(160);
        out.push_str("<ContentQueryCriteria>");
        self.item.write_xml(&mut out);
        if let Some(list) = &self.warehouse_list {
            list_element(
                &mut out,
                "WarehouseList",
                &list.warehouse_location,
                |out, country| {
                    text_element(out, "WarehouseLocation", country);
                },
            );
        }
        out.push_str("</ContentQueryCriteria>");
        out
    }
}

/// The answer to an update (`UpdateInventoryResult`) or a read (`InventoryResult`), in any of
/// the shapes Newegg uses: the vendor page's `InventoryList`, the international read's
/// `InventoryAllocation` as Newegg's own SDK records it (field notes §2.4), or the flat
/// platform-wide answer of `contentmgmt/item/inventory` (`FulfillmentOption`, `Active`,
/// `AvailableQuantity`, `WarehouseAllocation` at the root). Which one it is, and whether it is
/// any of them, is decided when it is turned into a typed result.
#[derive(Debug, Deserialize)]
pub(crate) struct InventoryResultIn {
    #[serde(rename = "SellerID", default, deserialize_with = "optional_scalar")]
    pub(crate) seller_id: Option<String>,
    #[serde(rename = "ItemNumber", default, deserialize_with = "optional_scalar")]
    pub(crate) item_number: Option<String>,
    #[serde(
        rename = "SellerPartNumber",
        default,
        deserialize_with = "optional_scalar"
    )]
    pub(crate) seller_part_number: Option<String>,
    #[serde(rename = "InventoryList", default)]
    pub(crate) inventory_list: Option<Repeated<InventoryIn>>,
    #[serde(rename = "InventoryAllocation", default)]
    pub(crate) inventory_allocation: Option<Repeated<InventoryIn>>,
    #[serde(
        rename = "FulfillmentOption",
        default,
        deserialize_with = "optional_scalar"
    )]
    pub(crate) fulfillment_option: Option<String>,
    #[serde(rename = "Active", default, deserialize_with = "optional_scalar")]
    pub(crate) active: Option<String>,
    #[serde(
        rename = "AvailableQuantity",
        default,
        deserialize_with = "optional_scalar"
    )]
    pub(crate) available_quantity: Option<String>,
    #[serde(rename = "WarehouseAllocation", default)]
    pub(crate) warehouse_allocation: Option<Repeated<WarehouseIn>>,
}

/// One warehouse country's quantity as received, with the fulfillment option and Newegg's
/// per-warehouse breakdown where the answer carries them.
#[derive(Debug, Deserialize)]
pub(crate) struct InventoryIn {
    #[serde(rename = "WarehouseLocation", deserialize_with = "scalar")]
    pub(crate) warehouse_location: String,
    #[serde(rename = "AvailableQuantity", deserialize_with = "scalar")]
    pub(crate) available_quantity: String,
    #[serde(
        rename = "FulfillmentOption",
        default,
        deserialize_with = "optional_scalar"
    )]
    pub(crate) fulfillment_option: Option<String>,
    #[serde(rename = "WarehouseAllocation", default)]
    pub(crate) warehouse_allocation: Option<Repeated<WarehouseIn>>,
}

/// One of Newegg's own warehouses in a `WarehouseAllocation` breakdown.
#[derive(Debug, Deserialize)]
pub(crate) struct WarehouseIn {
    #[serde(rename = "WarehouseCode", deserialize_with = "scalar")]
    pub(crate) warehouse_code: String,
    #[serde(rename = "Quantity", deserialize_with = "scalar")]
    pub(crate) quantity: String,
}

/// One entry of an error document: `<Error><Code/><Message/></Error>` or `{"Code","Message"}`.
#[derive(Debug, Deserialize)]
pub(crate) struct ErrorIn {
    #[serde(rename = "Code", default, deserialize_with = "optional_scalar")]
    pub(crate) code: Option<String>,
    #[serde(rename = "Message", default, deserialize_with = "optional_scalar")]
    pub(crate) message: Option<String>,
}

/// The XML error document, `<Errors>` with one `<Error>` per problem. (A derived struct
/// reads the root element's children; JSON error bodies are read entry by entry instead.)
#[derive(Debug, Deserialize)]
pub(crate) struct ErrorsXml {
    #[serde(rename = "Error", default)]
    pub(crate) errors: Vec<ErrorIn>,
}

/// A list wrapper (`InventoryList`, `InventoryAllocation`, `WarehouseAllocation`) whose
/// entries may repeat (XML), form an array (JSON) or stand alone (JSON with one entry).
///
/// Other members beside the entries are ignored, but a wrapper holding members and no entry
/// of the expected name is refused: it is a shape this client does not know, and reading it
/// as "no entries" would report zero warehouses that Newegg never said.
#[derive(Debug)]
pub(crate) struct Repeated<T> {
    pub(crate) entries: Vec<T>,
}

/// The element name of a wrapper's entries.
pub(crate) trait EntryName {
    /// `Inventory`, `Error`, …
    const ENTRY: &'static str;
}

impl EntryName for InventoryIn {
    const ENTRY: &'static str = "Inventory";
}

impl EntryName for WarehouseIn {
    const ENTRY: &'static str = "Warehouse";
}

impl<'de, T: DeserializeOwned + EntryName> Deserialize<'de> for Repeated<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WrapperVisitor<T>(PhantomData<T>);

        impl<'de, T: DeserializeOwned + EntryName> Visitor<'de> for WrapperVisitor<T> {
            type Value = Repeated<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list of `{}` entries", T::ENTRY)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                let mut found = false;
                let mut other: Option<String> = None;
                while let Some(key) = map.next_key_seed(MemberKey(T::ENTRY))? {
                    match key {
                        Member::Entry => {
                            let OneOrMany(more) = map.next_value::<OneOrMany<T>>()?;
                            entries.extend(more);
                            found = true;
                        }
                        Member::Markup => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                        Member::Other(key) => {
                            other.get_or_insert(key);
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                match other {
                    Some(key) if !found => Err(de::Error::custom(format_args!(
                        "expected `{}` entries, found `{key}`",
                        T::ENTRY
                    ))),
                    _ => Ok(Repeated { entries }),
                }
            }

            // `<InventoryList/>` or `"InventoryList": ""`: no entries.
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                if text.trim().is_empty() {
                    Ok(Repeated {
                        entries: Vec::new(),
                    })
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(text), &self))
                }
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Repeated {
                    entries: Vec::new(),
                })
            }
        }

        deserializer.deserialize_any(WrapperVisitor(PhantomData))
    }
}

/// A member of a list wrapper, told apart where the reader lends the key (only a member this
/// client does not know is copied, to be named in the error).
enum Member {
    /// The entries' own name.
    Entry,
    /// What quick-xml names attributes (`@…`) and text (`$text`, `$value`).
    Markup,
    /// Anything else.
    Other(String),
}

/// Reads a wrapper's key as a [`Member`], given the entries' name.
struct MemberKey(&'static str);

impl<'de> de::DeserializeSeed<'de> for MemberKey {
    type Value = Member;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Member, D::Error> {
        deserialize_str_with(deserializer, |key| {
            Ok::<_, std::convert::Infallible>(if key == self.0 {
                Member::Entry
            } else if key.starts_with(['@', '$']) {
                Member::Markup
            } else {
                Member::Other(key.to_owned())
            })
        })
    }
}

/// One entry or an array of entries.
struct OneOrMany<T>(Vec<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor<T>(PhantomData<T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = seq.next_element::<T>()? {
                    entries.push(entry);
                }
                Ok(OneOrMany(entries))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|entry| OneOrMany(vec![entry]))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

/// Reads a scalar as trimmed text, whether it came as a string or as a number.
///
/// It asks for serde_json's raw text, so a JSON number keeps its digits and a string is copied
/// once; quick-xml sees an ordinary newtype and is asked for the element's text directly,
/// which costs far less than its map of an element's parts.
fn scalar<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_newtype_struct(JSON_RAW_VALUE_TOKEN, ScalarVisitor)
}

/// Like [`scalar`], with `null` or an absent element read as `None`.
fn optional_scalar<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct OptionalVisitor;

    impl<'de> Visitor<'de> for OptionalVisitor {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            scalar(deserializer).map(|text| Some(text).filter(|text| !text.is_empty()))
        }
    }

    deserializer.deserialize_option(OptionalVisitor)
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(trim(text).to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(trimmed(text))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
        Ok(number.to_string())
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
        Ok(number.to_string())
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Self::Value, E> {
        Ok(number.to_string())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(value.to_string())
    }

    // Formats other than JSON: the value itself, as text.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_string(ScalarVisitor)
    }

    // serde_json hands over the raw text asked for, a number it keeps exactly
    // (`arbitrary_precision`) as a one-entry map, and quick-xml an element's text as `$text`:
    // in each case the value is the text wanted.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut text = None;
        while let Some(key) = map.next_key_seed(JsonMapKeySeed)? {
            let value = if key == JsonMapKey::RawValue {
                map.next_value_seed(RawScalar)?
            } else {
                map.next_value::<String>()?
            };
            text.get_or_insert(value);
        }
        Ok(trimmed(text.unwrap_or_default()))
    }
}

/// A scalar from one JSON value's raw text: a string's text, a number's or a boolean's
/// digits or word as written; `null`, a list or an object is refused.
struct RawScalar;

impl<'de> de::DeserializeSeed<'de> for RawScalar {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserialize_str_with(deserializer, |raw| match raw.as_bytes().first() {
            Some(b'"') => json_string_text(raw)
                .map(|text| trim(&text).to_owned())
                .ok_or_else(|| format!("expected a string or a number, found {raw}")),
            Some(b'-' | b'0'..=b'9' | b't' | b'f') => Ok(raw.to_owned()),
            Some(b'n') => Err("expected a string or a number, found null".to_owned()),
            Some(b'[') => Err("expected a string or a number, found a list".to_owned()),
            _ => Err("expected a string or a number, found an object".to_owned()),
        })
    }
}

/// `text` without blanks around it. Most values have none, which the bytes at both ends
/// tell at once; only the others are trimmed as Unicode defines white space.
fn trim(text: &str) -> &str {
    let unblank = |byte: Option<&u8>| byte.is_some_and(|&byte| byte > b' ' && byte.is_ascii());
    let bytes = text.as_bytes();
    if unblank(bytes.first()) && unblank(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// `text` without blanks around it, trimmed in place (most values have none, and then
/// nothing is copied).
fn trimmed(mut text: String) -> String {
    if trim(&text).len() == text.len() {
        return text;
    }
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
    text
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Text with every character XML gives a meaning to, and some it does not.
    fn text() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 &<>\"'/;é#-]{0,10}"
    }

    fn item() -> impl Strategy<Value = (String, Option<&'static str>)> {
        (
            text(),
            prop::option::of(prop::sample::select(vec!["1", "6"])),
        )
    }

    /// What quick-xml's serializer writes for `body` under `root`.
    fn by_quick_xml<T: Serialize>(root: &str, body: &T) -> String {
        quick_xml::se::to_string_with_root(root, body).unwrap()
    }

    proptest::proptest! {
        /// The quick trim is `str::trim`, for ASCII and Unicode blanks at either end.
        #[test]
        fn trimming_is_strs(text in "[ \t\n\u{a0}\u{3000}\u{85}a-zé0-9]{0,8}") {
            prop_assert_eq!(trim(&text), text.trim());
            prop_assert_eq!(trimmed(text.clone()), text.trim());
        }

        /// The bodies are written as quick-xml's serializer wrote them before: the same
        /// elements, in the same order, with the same escaping and empty elements.
        #[test]
        fn xml_bodies_are_what_quick_xml_writes(
            (value, condition) in item(),
            countries in prop::option::of(prop::collection::vec(text(), 0..3)),
            stock in prop::collection::vec((text(), text()), 0..3),
        ) {
            let item = || ItemOut { id_type: "1", value: &value, condition };
            let query = ContentQueryCriteria {
                item: item(),
                warehouse_list: countries.as_ref().map(|countries| WarehouseListOut {
                    warehouse_location: countries.iter().map(String::as_str).collect(),
                }),
            };
            prop_assert_eq!(query.to_xml(), by_quick_xml("ContentQueryCriteria", &query));
            let update = ItemInventoryInfo {
                item: item(),
                inventory_list: InventoryListOut {
                    inventory: stock
                        .iter()
                        .map(|(country, quantity)| InventoryOut {
                            warehouse_location: country,
                            available_quantity: quantity.clone(),
                        })
                        .collect(),
                },
            };
            prop_assert_eq!(update.to_xml(), by_quick_xml("ItemInventoryInfo", &update));
        }
    }

    #[test]
    fn a_json_scalar_is_its_text_and_anything_else_is_refused() {
        let read = |json: &str| scalar(&mut serde_json::Deserializer::from_str(json));
        assert_eq!(read(r#"" USA ""#).unwrap(), "USA");
        assert_eq!(read(r#""A\u0030""#).unwrap(), "A0");
        assert_eq!(read("1.50").unwrap(), "1.50");
        assert_eq!(read("true").unwrap(), "true");
        for (json, found) in [
            ("null", "null"),
            ("[1]", "a list"),
            (r#"{"a":"5"}"#, "an object"),
        ] {
            let error = read(json).unwrap_err().to_string();
            assert!(error.contains(&format!("found {found}")), "{json}: {error}");
        }
        // Read from a `serde_json::Value`, a number arrives as its digits too.
        let value = serde_json::json!(107);
        assert_eq!(scalar(&value).unwrap(), "107");
    }

    #[test]
    fn json_numbers_as_strings_or_numbers_and_single_entries() {
        let text = r#"{"SellerID":"A006","ItemNumber":null,"InventoryList":
            {"Inventory":{"WarehouseLocation":"USA","AvailableQuantity":107}}}"#;
        let result: InventoryResultIn = serde_json::from_str(text).unwrap();
        assert_eq!(result.seller_id.as_deref(), Some("A006"));
        assert_eq!(result.item_number, None);
        let entries = result.inventory_list.unwrap().entries;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].available_quantity, "107");

        let text = r#"{"InventoryList":{"Inventory":[
            {"WarehouseLocation":"USA","AvailableQuantity":"5"},
            {"WarehouseLocation":"AUS","AvailableQuantity":12345678901234567890123}]}}"#;
        let result: InventoryResultIn = serde_json::from_str(text).unwrap();
        let entries = result.inventory_list.unwrap().entries;
        assert_eq!(entries[0].available_quantity, "5");
        assert_eq!(entries[1].available_quantity, "12345678901234567890123");
    }

    #[test]
    fn a_wrapper_without_its_entries_is_refused_not_read_as_empty() {
        // field notes §2.4: an answer in a shape the client does not know is no zero list.
        let text = r#"{"InventoryAllocation":{"Stock":[{"WarehouseLocation":"USA"}]}}"#;
        let error = serde_json::from_str::<InventoryResultIn>(text).unwrap_err();
        assert!(error.to_string().contains("`Inventory`"), "{error}");
        for empty in [
            r#"{"InventoryList":{}}"#,
            r#"{"InventoryList":""}"#,
            r#"{"InventoryList":{"Inventory":[]}}"#,
        ] {
            let result: InventoryResultIn = serde_json::from_str(empty).unwrap();
            assert!(result.inventory_list.unwrap().entries.is_empty(), "{empty}");
        }
        let text = "<R><InventoryAllocation>\n  </InventoryAllocation></R>";
        let result: InventoryResultIn = quick_xml::de::from_str(text).unwrap();
        assert!(result.inventory_allocation.unwrap().entries.is_empty());
    }

    #[test]
    fn the_sdk_entries_keep_their_option_and_breakdown() {
        let text = r#"{"InventoryAllocation":{"Inventory":{"WarehouseLocation":"USA",
            "FulfillmentOption":1,"AvailableQuantity":"40","WarehouseAllocation":
            {"Warehouse":[{"WarehouseCode":"07","Quantity":"3"},{"WarehouseCode":12,"Quantity":37}]}}}}"#;
        let result: InventoryResultIn = serde_json::from_str(text).unwrap();
        let entries = result.inventory_allocation.unwrap().entries;
        assert_eq!(entries[0].fulfillment_option.as_deref(), Some("1"));
        let warehouses = entries[0].warehouse_allocation.as_ref().unwrap();
        assert_eq!(warehouses.entries[1].warehouse_code, "12");
        assert_eq!(warehouses.entries[1].quantity, "37");
    }

    #[test]
    fn xml_lists_of_one_and_many() {
        let text = "<R><SellerID>A006</SellerID><InventoryList>\
            <Inventory><WarehouseLocation>USA</WarehouseLocation>\
            <AvailableQuantity> 7 </AvailableQuantity></Inventory>\
            <Inventory><WarehouseLocation>AUS</WarehouseLocation>\
            <AvailableQuantity>0</AvailableQuantity></Inventory>\
            </InventoryList></R>";
        let result: InventoryResultIn = quick_xml::de::from_str(text).unwrap();
        let entries = result.inventory_list.unwrap().entries;
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].available_quantity, "7");
        assert_eq!(entries[1].warehouse_location, "AUS");

        let text = "<R><InventoryList><Inventory><WarehouseLocation>USA</WarehouseLocation>\
            <AvailableQuantity>1</AvailableQuantity></Inventory></InventoryList></R>";
        let result: InventoryResultIn = quick_xml::de::from_str(text).unwrap();
        assert_eq!(result.inventory_list.unwrap().entries.len(), 1);
        assert_eq!(result.seller_id, None);
    }
}
