//! Newegg's answers: the inventory results and the error shapes, in XML or JSON, optionally led
//! by a UTF-8 byte order mark as live answers may be (field notes §2.1).

use serde_json::{Value, json};

use crate::support::http::{Reply, raw, xml_escape};

/// The UTF-8 byte order mark.
const BOM: &str = "\u{feff}";

/// The body format of a request or an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xml,
    Json,
}

/// How an answer is written: its format, and whether a byte order mark leads the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Render {
    pub(crate) format: Format,
    pub(crate) bom: bool,
}

/// A Newegg error: a code and a message.
#[derive(Debug)]
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

/// One `Inventory` entry of an answer.
pub(crate) struct Entry {
    pub(crate) warehouse: String,
    /// `FulfillmentOption` (0 seller, 1 Newegg); the update's answer has none.
    pub(crate) fulfillment: Option<u8>,
    pub(crate) quantity: u32,
    /// `WarehouseAllocation.Warehouse[]`: Newegg's warehouse codes and their quantities.
    pub(crate) allocation: Vec<(String, u32)>,
}

impl Entry {
    /// An entry of the update's answer: a warehouse and its quantity.
    pub(crate) fn plain(warehouse: String, quantity: u32) -> Self {
        Self {
            warehouse,
            fulfillment: None,
            quantity,
            allocation: Vec::new(),
        }
    }

    fn to_json(&self) -> Value {
        let mut entry = json!({
            "WarehouseLocation": self.warehouse,
            "AvailableQuantity": self.quantity.to_string(),
        });
        if let Some(fields) = entry.as_object_mut() {
            if let Some(option) = self.fulfillment {
                fields.insert(
                    "FulfillmentOption".to_string(),
                    Value::String(option.to_string()),
                );
            }
            if !self.allocation.is_empty() {
                let warehouses: Vec<Value> = self
                    .allocation
                    .iter()
                    .map(|(code, quantity)| {
                        json!({ "WarehouseCode": code, "Quantity": quantity.to_string() })
                    })
                    .collect();
                fields.insert(
                    "WarehouseAllocation".to_string(),
                    json!({ "Warehouse": warehouses }),
                );
            }
        }
        entry
    }

    fn write_xml(&self, xml: &mut String) {
        xml.push_str("        <Inventory>\n");
        xml.push_str(&format!(
            "            <WarehouseLocation>{}</WarehouseLocation>\n",
            xml_escape(&self.warehouse)
        ));
        if let Some(option) = self.fulfillment {
            xml.push_str(&format!(
                "            <FulfillmentOption>{option}</FulfillmentOption>\n"
            ));
        }
        xml.push_str(&format!(
            "            <AvailableQuantity>{}</AvailableQuantity>\n",
            self.quantity
        ));
        if !self.allocation.is_empty() {
            xml.push_str("            <WarehouseAllocation>\n");
            for (code, quantity) in &self.allocation {
                xml.push_str(&format!(
                    "                <Warehouse>\n                    <WarehouseCode>{}</WarehouseCode>\n                    <Quantity>{quantity}</Quantity>\n                </Warehouse>\n",
                    xml_escape(code)
                ));
            }
            xml.push_str("            </WarehouseAllocation>\n");
        }
        xml.push_str("        </Inventory>\n");
    }
}

/// What an update or a read answers: the item and its `Inventory` entries.
pub(crate) struct InventoryAnswer {
    pub(crate) root: &'static str,
    /// `InventoryList` (the update, as documented) or `InventoryAllocation` (the read, as
    /// Newegg's SDK records it).
    pub(crate) list: &'static str,
    pub(crate) seller_id: String,
    pub(crate) item_number: String,
    pub(crate) seller_part_number: String,
    pub(crate) entries: Vec<Entry>,
}

impl Render {
    pub(crate) fn body(self, status: u16, text: String, mime: &'static str) -> Reply {
        let text = if self.bom {
            format!("{BOM}{text}")
        } else {
            text
        };
        raw(status, text, mime)
    }

    pub(crate) fn json(self, status: u16, body: &Value) -> Reply {
        self.body(status, body.to_string(), "application/json")
    }

    /// The answer to a successful update or read.
    pub(crate) fn result(self, answer: &InventoryAnswer) -> Reply {
        match self.format {
            Format::Json => {
                let entries: Vec<Value> = answer.entries.iter().map(Entry::to_json).collect();
                let mut body = json!({
                    "SellerID": answer.seller_id,
                    "ItemNumber": answer.item_number,
                    "SellerPartNumber": answer.seller_part_number,
                });
                if let Some(fields) = body.as_object_mut() {
                    fields.insert(answer.list.to_string(), json!({ "Inventory": entries }));
                }
                self.json(200, &body)
            }
            Format::Xml => {
                let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
                xml.push_str(&format!("<{}>\n", answer.root));
                for (element, value) in [
                    ("SellerID", &answer.seller_id),
                    ("ItemNumber", &answer.item_number),
                    ("SellerPartNumber", &answer.seller_part_number),
                ] {
                    xml.push_str(&format!(
                        "    <{element}>{}</{element}>\n",
                        xml_escape(value)
                    ));
                }
                xml.push_str(&format!("    <{}>\n", answer.list));
                for entry in &answer.entries {
                    entry.write_xml(&mut xml);
                }
                xml.push_str(&format!("    </{}>\n", answer.list));
                xml.push_str(&format!("</{}>", answer.root));
                self.body(200, xml, "application/xml")
            }
        }
    }

    /// A refusal with status 400 in the update page's shape: JSON `{"Code", "Message"}`.
    pub(crate) fn error(self, failure: &Failure) -> Reply {
        self.error_with_status(failure, 400)
    }

    /// A refusal in the update page's shape: a single JSON `{"Code", "Message"}` object or
    /// the XML `<Errors>` document.
    pub(crate) fn error_with_status(self, failure: &Failure, status: u16) -> Reply {
        match self.format {
            Format::Json => self.json(
                status,
                &json!({ "Code": failure.code, "Message": failure.message }),
            ),
            Format::Xml => self.errors_xml(failure, status),
        }
    }

    /// A refusal in the authentication and throttling pages' shape: a JSON array
    /// `[{"Code", "Message"}]` or the XML `<Errors>` document (field notes §2.2).
    pub(crate) fn error_list(self, failure: &Failure, status: u16) -> Reply {
        match self.format {
            Format::Json => self.json(
                status,
                &json!([{ "Code": failure.code, "Message": failure.message }]),
            ),
            Format::Xml => self.errors_xml(failure, status),
        }
    }

    fn errors_xml(self, failure: &Failure, status: u16) -> Reply {
        self.body(
            status,
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Errors>\n    <Error>\n        <Code>{}</Code>\n        <Message>{}</Message>\n    </Error>\n</Errors>",
                xml_escape(failure.code),
                xml_escape(&failure.message)
            ),
            "application/xml",
        )
    }
}
