//! Newegg's answers: the inventory result and the error shape, in XML or JSON.

use serde_json::{Value, json};

use crate::support::http::{Reply, json, raw, xml_escape};

/// The body format of a request or an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xml,
    Json,
}

/// A Newegg error: a code and a message.
pub(crate) struct Failure {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

pub(crate) fn failure(code: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

/// `CT014`: the item the query resolved to is gone.
pub(crate) fn no_such_item() -> Failure {
    failure(
        "CT014",
        "SellerItemNumber or SellerPartNumber does not exist",
    )
}

/// What an update or a read answers: the item and the stock of each warehouse concerned.
pub(crate) struct InventoryAnswer {
    pub(crate) root: &'static str,
    pub(crate) seller_id: String,
    pub(crate) item_number: String,
    pub(crate) seller_part_number: String,
    pub(crate) inventory: Vec<(String, u32)>,
}

/// The answer to a successful update or read, in the format asked for.
pub(crate) fn result_reply(format: Format, answer: &InventoryAnswer) -> Reply {
    match format {
        Format::Json => {
            let inventory: Vec<Value> = answer
                .inventory
                .iter()
                .map(|(warehouse, quantity)| {
                    json!({ "WarehouseLocation": warehouse, "AvailableQuantity": quantity.to_string() })
                })
                .collect();
            json(
                200,
                &json!({
                    "SellerID": answer.seller_id,
                    "ItemNumber": answer.item_number,
                    "SellerPartNumber": answer.seller_part_number,
                    "InventoryList": { "Inventory": inventory },
                }),
            )
        }
        Format::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            xml.push_str(&format!("<{}>\n", answer.root));
            xml.push_str(&format!(
                "    <SellerID>{}</SellerID>\n",
                xml_escape(&answer.seller_id)
            ));
            xml.push_str(&format!(
                "    <ItemNumber>{}</ItemNumber>\n",
                xml_escape(&answer.item_number)
            ));
            xml.push_str(&format!(
                "    <SellerPartNumber>{}</SellerPartNumber>\n",
                xml_escape(&answer.seller_part_number)
            ));
            xml.push_str("    <InventoryList>\n");
            for (warehouse, quantity) in &answer.inventory {
                xml.push_str(&format!(
                    "        <Inventory>\n            <WarehouseLocation>{}</WarehouseLocation>\n            <AvailableQuantity>{quantity}</AvailableQuantity>\n        </Inventory>\n",
                    xml_escape(warehouse)
                ));
            }
            xml.push_str("    </InventoryList>\n");
            xml.push_str(&format!("</{}>", answer.root));
            raw(200, xml, "application/xml")
        }
    }
}

/// A refusal with status 400.
pub(crate) fn error_reply(format: Format, failure: &Failure) -> Reply {
    error_reply_with_status(format, failure, 400)
}

/// A refusal in Newegg's `{Code, Message}` (JSON) or `<Errors>` (XML) shape.
pub(crate) fn error_reply_with_status(format: Format, failure: &Failure, status: u16) -> Reply {
    match format {
        Format::Json => json(
            status,
            &json!({ "Code": failure.code, "Message": failure.message }),
        ),
        Format::Xml => raw(
            status,
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Errors>\n    <Error>\n        <Code>{}</Code>\n        <Message>{}</Message>\n    </Error>\n</Errors>",
                xml_escape(failure.code),
                xml_escape(&failure.message)
            ),
            "application/xml",
        ),
    }
}
