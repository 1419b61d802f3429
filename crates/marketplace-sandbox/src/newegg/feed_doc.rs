//! Reading the Datafeed API's request bodies: a feed (`NeweggEnvelope` with `Item`s) and a
//! status query (`NeweggAPIRequest`), in XML or JSON, written from the feed specification.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Deserialize;
use serde_json::Value;

use super::model::FeedRecord;
use super::reply::{Failure, Format, failure};
use crate::support::http::text_from_json;

/// A feed as sent.
#[derive(Debug, Default)]
pub(crate) struct FeedDocument {
    pub(crate) message_type: Option<String>,
    /// The envelope-level `Overwrite` (where the Newegg page and the Java SDK put it).
    pub(crate) overwrite: Option<String>,
    pub(crate) records: Vec<FeedRecord>,
}

/// A status query as sent.
#[derive(Debug, Default)]
pub(crate) struct StatusQuery {
    pub(crate) operation_type: Option<String>,
    pub(crate) ids: Vec<String>,
    pub(crate) types: Vec<String>,
    pub(crate) status: Option<String>,
    pub(crate) max_count: Option<String>,
}

#[derive(Debug, Deserialize)]
struct XmlEnvelope {
    #[serde(rename = "MessageType", default)]
    message_type: Option<String>,
    #[serde(rename = "Overwrite", default)]
    overwrite: Option<String>,
    #[serde(rename = "Message", default)]
    message: Option<XmlMessage>,
}

#[derive(Debug, Deserialize)]
struct XmlMessage {
    #[serde(rename = "Inventory", default)]
    inventory: Option<XmlInventory>,
}

#[derive(Debug, Deserialize)]
struct XmlInventory {
    #[serde(rename = "Item", default)]
    items: Vec<XmlItem>,
}

#[derive(Debug, Deserialize)]
struct XmlItem {
    #[serde(rename = "SellerPartNumber", default)]
    seller_part_number: Option<String>,
    #[serde(rename = "NeweggItemNumber", default)]
    newegg_item_number: Option<String>,
    #[serde(rename = "WarehouseLocation", default)]
    warehouse: Option<String>,
    #[serde(rename = "Inventory", default)]
    inventory: Option<String>,
    #[serde(rename = "Overwrite", default)]
    overwrite: Option<String>,
    #[serde(rename = "ActivationMark", default)]
    activation_mark: Option<String>,
}

#[derive(Debug, Deserialize)]
struct XmlStatusRequest {
    #[serde(rename = "OperationType", default)]
    operation_type: Option<String>,
    #[serde(rename = "RequestBody", default)]
    body: Option<XmlStatusBody>,
}

#[derive(Debug, Deserialize)]
struct XmlStatusBody {
    #[serde(rename = "GetRequestStatus", default)]
    get: Option<XmlGetStatus>,
}

#[derive(Debug, Deserialize)]
struct XmlGetStatus {
    #[serde(rename = "RequestIDList", default)]
    ids: Option<XmlIdList>,
    #[serde(rename = "RequestTypeList", default)]
    types: Option<XmlTypeList>,
    #[serde(rename = "MaxCount", default)]
    max_count: Option<String>,
    #[serde(rename = "RequestStatus", default)]
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct XmlIdList {
    #[serde(rename = "RequestID", default)]
    ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct XmlTypeList {
    #[serde(rename = "RequestType", default)]
    types: Vec<String>,
}

/// The name of an XML document's root element.
fn xml_root(body: &str) -> Option<String> {
    let mut reader = Reader::from_str(body);
    loop {
        match reader.read_event().ok()? {
            Event::Start(start) | Event::Empty(start) => {
                return Some(String::from_utf8_lossy(start.name().as_ref()).into_owned());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn schema_error(what: &str, detail: impl std::fmt::Display) -> Failure {
    failure("CE003", format!("The {what} is not valid: {detail}"))
}

fn check_root(body: &str, root: &str) -> Result<(), Failure> {
    match xml_root(body) {
        Some(found) if found == root => Ok(()),
        _ => Err(failure(
            "CE003",
            format!("The request body must be an XML document with root element '{root}'."),
        )),
    }
}

/// A JSON body, with its root member unwrapped when it carries one.
fn json_body(body: &str, root: &str) -> Result<Value, Failure> {
    let value: Value =
        serde_json::from_str(body).map_err(|error| schema_error("request body", error))?;
    Ok(value.get(root).cloned().unwrap_or(value))
}

/// The entries of a JSON list that may be an array or one bare entry.
fn entries(value: Option<&Value>) -> Vec<Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(single) => vec![single.clone()],
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(text_from_json)
}

/// Reads a feed body.
pub(crate) fn parse_feed(format: Format, body: &str) -> Result<FeedDocument, Failure> {
    match format {
        Format::Xml => {
            check_root(body, "NeweggEnvelope")?;
            let envelope: XmlEnvelope =
                quick_xml::de::from_str(body).map_err(|error| schema_error("feed", error))?;
            let items = envelope
                .message
                .and_then(|message| message.inventory)
                .map(|inventory| inventory.items)
                .unwrap_or_default();
            Ok(FeedDocument {
                message_type: envelope.message_type,
                overwrite: envelope.overwrite,
                records: items
                    .into_iter()
                    .map(|item| FeedRecord {
                        seller_part_number: item.seller_part_number,
                        newegg_item_number: item.newegg_item_number,
                        warehouse: item.warehouse,
                        inventory: item.inventory,
                        overwrite: item.overwrite,
                        activation_mark: item.activation_mark,
                    })
                    .collect(),
            })
        }
        Format::Json => {
            let envelope = json_body(body, "NeweggEnvelope")?;
            let items = envelope
                .get("Message")
                .and_then(|message| message.get("Inventory"))
                .and_then(|inventory| inventory.get("Item"));
            Ok(FeedDocument {
                message_type: text(&envelope, "MessageType"),
                overwrite: text(&envelope, "Overwrite"),
                records: entries(items)
                    .iter()
                    .map(|item| FeedRecord {
                        seller_part_number: text(item, "SellerPartNumber"),
                        newegg_item_number: text(item, "NeweggItemNumber"),
                        warehouse: text(item, "WarehouseLocation"),
                        inventory: text(item, "Inventory"),
                        overwrite: text(item, "Overwrite"),
                        activation_mark: text(item, "ActivationMark"),
                    })
                    .collect(),
            })
        }
    }
}

/// Reads a status query body.
pub(crate) fn parse_status_query(format: Format, body: &str) -> Result<StatusQuery, Failure> {
    match format {
        Format::Xml => {
            check_root(body, "NeweggAPIRequest")?;
            let request: XmlStatusRequest = quick_xml::de::from_str(body)
                .map_err(|error| schema_error("status request", error))?;
            let get = request.body.and_then(|body| body.get);
            Ok(StatusQuery {
                operation_type: request.operation_type,
                ids: get
                    .as_ref()
                    .and_then(|get| get.ids.as_ref())
                    .map(|list| list.ids.clone())
                    .unwrap_or_default(),
                types: get
                    .as_ref()
                    .and_then(|get| get.types.as_ref())
                    .map(|list| list.types.clone())
                    .unwrap_or_default(),
                status: get.as_ref().and_then(|get| get.status.clone()),
                max_count: get.and_then(|get| get.max_count),
            })
        }
        Format::Json => {
            let request = json_body(body, "NeweggAPIRequest")?;
            let get = request
                .get("RequestBody")
                .and_then(|body| body.get("GetRequestStatus"))
                .cloned()
                .unwrap_or(Value::Null);
            let listed = |list: &str, entry: &str| -> Vec<String> {
                let values = match get.get(list) {
                    Some(Value::Object(members)) => entries(members.get(entry)),
                    other => entries(other),
                };
                values.iter().filter_map(text_from_json).collect()
            };
            Ok(StatusQuery {
                operation_type: text(&request, "OperationType"),
                ids: listed("RequestIDList", "RequestID"),
                types: listed("RequestTypeList", "RequestType"),
                status: text(&get, "RequestStatus"),
                max_count: text(&get, "MaxCount"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_read_the_same_in_both_formats() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><NeweggEnvelope><Header><DocumentVersion>2.0</DocumentVersion></Header>\
            <MessageType>Inventory</MessageType><Message><Inventory>\
            <Item><SellerPartNumber>A</SellerPartNumber><WarehouseLocation>USA</WarehouseLocation><Inventory>5</Inventory></Item>\
            <Item><SellerPartNumber><![CDATA[B]]></SellerPartNumber><WarehouseLocation>CAN</WarehouseLocation><Inventory>6</Inventory></Item>\
            </Inventory></Message></NeweggEnvelope>";
        let json = r#"{"NeweggEnvelope":{"MessageType":"Inventory","Message":{"Inventory":{"Item":[
            {"SellerPartNumber":"A","WarehouseLocation":"USA","Inventory":"5"},
            {"SellerPartNumber":"B","WarehouseLocation":"CAN","Inventory":6}]}}}}"#;
        let from_xml = parse_feed(Format::Xml, xml).unwrap();
        let from_json = parse_feed(Format::Json, json).unwrap();
        assert_eq!(from_xml.records, from_json.records);
        assert_eq!(from_xml.records[1].seller_part_number.as_deref(), Some("B"));
        assert_eq!(from_json.message_type.as_deref(), Some("Inventory"));
        let one =
            r#"{"NeweggEnvelope":{"Message":{"Inventory":{"Item":{"SellerPartNumber":"A"}}}}}"#;
        assert_eq!(parse_feed(Format::Json, one).unwrap().records.len(), 1);
        assert!(parse_feed(Format::Xml, "<Other/>").is_err());
    }

    #[test]
    fn status_queries_name_their_ids_in_both_formats() {
        let xml = "<NeweggAPIRequest><OperationType>GetFeedStatusRequest</OperationType>\
            <RequestBody><GetRequestStatus><RequestIDList><RequestID>A1</RequestID><RequestID>B2</RequestID></RequestIDList>\
            <MaxCount>100</MaxCount><RequestStatus>ALL</RequestStatus></GetRequestStatus></RequestBody></NeweggAPIRequest>";
        let json = r#"{"OperationType":"GetFeedStatusRequest","RequestBody":{"GetRequestStatus":{
            "RequestIDList":{"RequestID":["A1","B2"]},"MaxCount":"100","RequestStatus":"ALL"}}}"#;
        for query in [
            parse_status_query(Format::Xml, xml).unwrap(),
            parse_status_query(Format::Json, json).unwrap(),
        ] {
            assert_eq!(query.ids, ["A1", "B2"]);
            assert_eq!(
                query.operation_type.as_deref(),
                Some("GetFeedStatusRequest")
            );
            assert_eq!(query.max_count.as_deref(), Some("100"));
        }
        let one = r#"{"RequestBody":{"GetRequestStatus":{"RequestIDList":{"RequestID":"A1"}}}}"#;
        assert_eq!(parse_status_query(Format::Json, one).unwrap().ids, ["A1"]);
    }
}
