//! Every reader of Newegg's server data, as a table the fuzz targets (`fuzz/` at the repository
//! root) and their corpus replay drive. Built only with the `fuzzing` feature; not covered by
//! semver.
//!
//! Each entry runs a body through the very functions an answer goes through: the answer's
//! `Content-Type` and size checks, the gateway's plain-text refusal, an error document that
//! came with a 2xx status, the hostile-XML scan, the wire types and their conversion into the
//! public type. A fuzz input's first byte picks the entry (modulo the table's length, see
//! [`client_core::fuzzing::pick`]), so a corpus file means the same entry only while the
//! table keeps its order: new entries go at the end.
//!
//! Newegg may answer either format whatever was asked for, and the body says which it is; each
//! answer shape therefore has an entry with an XML and one with a JSON `Content-Type`.

use std::sync::Arc;

use client_core::Response;
use client_core::clock::ManualClock;
use client_core::fuzzing::{Decoder, answer, error_answer, outcome};

use crate::client::decode_with;
use crate::error::NeweggError;
use crate::error_body::parse_error_body;
use crate::feed::{
    FEED_RECORDS_PER_HOUR, FeedItem, InventoryFeed, RecordAllowance, RequestId, read_report,
    read_status_answer, read_submit_answer,
};
use crate::fulfillment::ItemStock;
use crate::inventory::{ItemInventory, READ_ROOTS, UPDATE_ROOTS};
use crate::region::Region;
use inventory_model::Country;

const XML: &str = "application/xml";
const JSON: &str = "application/json";

/// Newegg's readers of server data, in a fixed order (new entries go at the end).
pub const DECODERS: &[Decoder] = &[
    Decoder {
        name: "inventory update result (XML)",
        run: |body| outcome(|| update_result(answer(XML, body))),
    },
    Decoder {
        name: "inventory update result (JSON)",
        run: |body| outcome(|| update_result(answer(JSON, body))),
    },
    Decoder {
        name: "item inventory (XML)",
        run: |body| outcome(|| item_inventory(answer(XML, body))),
    },
    Decoder {
        name: "item inventory (JSON)",
        run: |body| outcome(|| item_inventory(answer(JSON, body))),
    },
    Decoder {
        name: "platform item stock (XML)",
        run: |body| outcome(|| item_stock(answer(XML, body))),
    },
    Decoder {
        name: "platform item stock (JSON)",
        run: |body| outcome(|| item_stock(answer(JSON, body))),
    },
    Decoder {
        name: "feed submit answer (XML)",
        run: |body| outcome(|| read_submit_answer(&answer(XML, body))),
    },
    Decoder {
        name: "feed submit answer (JSON)",
        run: |body| outcome(|| read_submit_answer(&answer(JSON, body))),
    },
    Decoder {
        name: "feed status (XML)",
        run: |body| outcome(|| read_status_answer(&answer(XML, body))),
    },
    Decoder {
        name: "feed status (JSON)",
        run: |body| outcome(|| read_status_answer(&answer(JSON, body))),
    },
    Decoder {
        name: "feed processing report (XML)",
        run: |body| outcome(|| report(answer(XML, body))),
    },
    Decoder {
        name: "feed processing report (JSON)",
        run: |body| outcome(|| report(answer(JSON, body))),
    },
    Decoder {
        name: "error body (XML, JSON or plain text)",
        run: |body| {
            outcome(|| Ok::<_, String>(error_answer::<NeweggError>(parse_error_body, body)))
        },
    },
    Decoder {
        name: "DF012 record-allowance refusal",
        run: |body| outcome(|| Ok::<_, String>(record_allowance_refusal(body))),
    },
    Decoder {
        name: "plain-text answer (gateway refusal)",
        run: |body| outcome(|| item_inventory(answer("text/plain", body))),
    },
    Decoder {
        name: "feed processing report matched to its feed",
        run: |body| {
            outcome(|| {
                let report = report(answer(XML, body))?;
                Ok::<_, String>(report.outcomes(&fuzz_feed(), Region::Usa))
            })
        },
    },
];

fn update_result(response: Response) -> Result<ItemInventory, NeweggError> {
    decode_with(&response, UPDATE_ROOTS, ItemInventory::from_wire)
}

/// An item's inventory read from `response` exactly as
/// [`NeweggClient::inventory`](crate::NeweggClient::inventory) reads its answer.
pub fn item_inventory(response: Response) -> Result<ItemInventory, NeweggError> {
    decode_with(&response, READ_ROOTS, ItemInventory::from_wire)
}

fn item_stock(response: Response) -> Result<ItemStock, NeweggError> {
    decode_with(&response, READ_ROOTS, ItemStock::from_wire)
}

fn report(response: Response) -> Result<crate::ProcessingReport, String> {
    // The ID is the caller's, not the server's: any valid one reads the same report.
    let id = RequestId::new("FUZZ1").map_err(|refusal| refusal.rule)?;
    read_report(&id, &response).map_err(|error| error.to_string())
}

/// The feed a report is matched against: the part numbers of the fixtures' reports, one of
/// them in two countries and one in another spelling, so the matching has something to match.
fn fuzz_feed() -> InventoryFeed {
    InventoryFeed::new()
        .with(FeedItem::in_warehouse("a006-test-002", Country::USA, 3))
        .with(FeedItem::in_warehouse("a006-test-002", Country::AUS, 0))
        .with(FeedItem::in_warehouse("sellerparttest001", Country::USA, 1))
        .with(FeedItem::in_warehouse("SellerPartTest002", Country::USA, 2))
        .with(FeedItem::in_warehouse(
            "edifier-r1280t-fba",
            Country::USA,
            5,
        ))
}

/// An error answer to a feed submission, read for DF012's retry time and request ID.
fn record_allowance_refusal(body: &[u8]) -> NeweggError {
    // A fixed wall time, so that a replayed input computes the same wait.
    let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_481_900_000);
    let allowance = RecordAllowance::new(
        FEED_RECORDS_PER_HOUR,
        Arc::new(ManualClock::starting_at(now)),
    );
    allowance.read_refusal(error_answer::<NeweggError>(parse_error_body, body), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use client_core::fuzzing::{self, Expect};

    const CRATE: &str = env!("CARGO_MANIFEST_DIR");

    fn entry(name: &str) -> &'static Decoder {
        fuzzing::entry(DECODERS, name).unwrap_or_else(|| panic!("no entry named {name}"))
    }

    fn fixture(path: &str) -> Vec<u8> {
        fuzzing::read_fixture(env!("CARGO_MANIFEST_DIR"), path).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The fixtures each entry reads (the seed list of the corpus).
    const SEEDS: &[(&str, &[&str])] = &[
        (
            "inventory update result (XML)",
            &["update_result.xml", "update_result_bom.xml"],
        ),
        (
            "inventory update result (JSON)",
            &["update_result.json", "update_result_loose.json"],
        ),
        (
            "item inventory (XML)",
            &[
                "inventory_result.xml",
                "inventory_allocation.xml",
                "inventory_allocation_sbn.xml",
            ],
        ),
        (
            "item inventory (JSON)",
            &["inventory_result.json", "inventory_allocation.json"],
        ),
        ("platform item stock (XML)", &["item_stock.xml"]),
        ("platform item stock (JSON)", &["item_stock_can.json"]),
        ("feed submit answer (XML)", &["feed/submit_answer.xml"]),
        ("feed submit answer (JSON)", &["feed/submit_answer.json"]),
        ("feed status (XML)", &["feed/status_answer.xml"]),
        ("feed status (JSON)", &["feed/status_answer.json"]),
        (
            "feed processing report (XML)",
            &["feed/report_net.xml", "feed/report_java.xml"],
        ),
        (
            "feed processing report (JSON)",
            &["feed/report_ventmere.json"],
        ),
        (
            "feed processing report matched to its feed",
            &[
                "feed/report_net.xml",
                "feed/report_java.xml",
                "feed/report_ventmere.json",
            ],
        ),
    ];

    #[test]
    fn every_fixture_decodes_through_its_entry() {
        let wrong = fuzzing::mismatches(DECODERS, CRATE, SEEDS, Expect::Decodes);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn an_answer_of_another_shape_is_refused() {
        // Were two entries wired to one decoder, one of these would decode.
        let refused: [(&str, &[&str]); 7] = [
            ("inventory update result (XML)", &["inventory_result.xml"]),
            ("item inventory (XML)", &["update_result.xml"]),
            ("item inventory (XML)", &["item_stock.xml"]),
            ("platform item stock (JSON)", &["inventory_result.json"]),
            ("feed status (XML)", &["feed/report_net.xml"]),
            (
                "feed processing report (JSON)",
                &["feed/report_pending.json"],
            ),
            ("feed submit answer (JSON)", &["inventory_result.json"]),
        ];
        let wrong = fuzzing::mismatches(DECODERS, CRATE, &refused, Expect::Refuses);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn error_bodies_keep_their_code() {
        let bodies = [
            ("auth_invalid_consumer_key.json", "InvalidConsumerKey"),
            ("auth_invalid_token.xml", "InvalidToken"),
            ("ct022.json", "CT022"),
            ("error.json", "CT002"),
            ("errors.json", "CT014"),
            ("errors.xml", "CE003"),
            ("feed/df012.xml", "DF012"),
            ("feed/df012.json", "DF012"),
        ];
        for (file, code) in bodies {
            let read = (entry("error body (XML, JSON or plain text)").run)(&fixture(file));
            assert!(read.is_ok_and(|text| text.contains(code)), "{file}");
            // The same document in a 2xx answer is Newegg's refusal, not a result.
            let in_success = (entry("item inventory (JSON)").run)(&fixture(file)).unwrap_err();
            assert!(in_success.contains(code), "{file}: {in_success}");
        }
        let mut bom = "\u{feff}".as_bytes().to_vec();
        bom.extend(fixture("errors.xml"));
        let read = (entry("error body (XML, JSON or plain text)").run)(&bom);
        assert!(read.is_ok_and(|text| text.contains("CE003")));
        let plain =
            (entry("error body (XML, JSON or plain text)").run)(&fixture("error_plain.txt"));
        assert!(plain.is_ok_and(|text| text.contains("Seller Auth failed")));
    }

    #[test]
    fn report_outcomes_name_the_rejected_records() {
        let matched = entry("feed processing report matched to its feed");
        let outcomes = (matched.run)(&fixture("feed/report_java.xml")).unwrap();
        assert!(outcomes.contains("Rejected"), "{outcomes}");
        let pending = (matched.run)(&fixture("feed/report_pending.json"));
        assert!(pending.is_err(), "{pending:?}");
    }

    #[test]
    fn df012_names_its_retry_time_and_feed() {
        for file in ["feed/df012.xml", "feed/df012.json"] {
            let refusal = (entry("DF012 record-allowance refusal").run)(&fixture(file)).unwrap();
            assert!(refusal.starts_with("RecordAllowanceSpent"), "{refusal}");
            assert!(refusal.contains("2291326430"), "{refusal}");
        }
    }

    #[test]
    fn the_gateway_refusal_is_newegg_s_answer() {
        let refusal =
            (entry("plain-text answer (gateway refusal)").run)(&fixture("error_plain.txt"))
                .unwrap_err();
        assert!(refusal.contains("Seller Auth failed"), "{refusal}");
    }

    #[test]
    fn hostile_bodies_are_refused_without_a_panic() {
        let deep_json = "[".repeat(10_000);
        let deep_xml = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
        let deep_errors = format!(
            "<Errors>{}{}</Errors>",
            "<Error>".repeat(10_000),
            "</Error>".repeat(10_000)
        );
        let mut bom_json = "\u{feff}".as_bytes().to_vec();
        bom_json.extend(fixture("inventory_result.json"));
        let hostile: [&[u8]; 9] = [
            b"",
            b"<!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
            deep_json.as_bytes(),
            deep_xml.as_bytes(),
            deep_errors.as_bytes(),
            b"\xff\xfe<InventoryResult/>",
            b"{\"Code\": \"\xc3\x28\"}",
            &fixture("hostile_entities.xml"),
            &bom_json,
        ];
        for decoder in DECODERS {
            for body in hostile {
                // Ok or Err, never a panic.
                let _ = (decoder.run)(body);
            }
        }
        for decoder in &DECODERS[..12] {
            for body in &hostile[..8] {
                assert!((decoder.run)(body).is_err(), "{}", decoder.name);
            }
        }
        let dtd =
            (entry("error body (XML, JSON or plain text)").run)(&fixture("hostile_entities.xml"))
                .unwrap();
        assert!(dtd.contains("code: None"), "{dtd}");
        assert!((entry("item inventory (JSON)").run)(&bom_json).is_ok());
    }
}
