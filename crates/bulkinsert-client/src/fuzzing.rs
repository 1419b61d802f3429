//! Every reader of the bulk-insert service's answers, as a table the fuzz targets (`fuzz/` at
//! the repository root) and their corpus replay drive. Built only with the `fuzzing` feature;
//! not covered by semver.
//!
//! Each entry runs a body through the very functions an answer goes through (the engine's
//! `Content-Type` check and JSON reading, the wire types, the conversion into the public
//! type), and the error entry through the engine's error-body parser and this crate's reading
//! of row errors. A fuzz input's first byte picks the entry (modulo the table's length, see
//! [`client_core::fuzzing::pick`]), so a corpus file means the same entry only while the table
//! keeps its order: new entries go at the end.

use client_core::fuzzing::{Decoder, answer, error_answer, outcome};
use client_core::parse_json_error_body;

use crate::bulk_insert::ImportJob;
use crate::error::BulkInsertError;
use crate::generic::decode_generic_inventory;
use crate::ids::LocationId;
use crate::location::decode_location_page;
use crate::read::stock_at;
use crate::records::InventoryRecord;
use crate::row_error::RowError;
use crate::site_context::ChannelId;
use crate::stock::decode_stock_levels;

const JSON: &str = "application/json";

/// The service's readers of server data, in a fixed order (new entries go at the end).
pub const DECODERS: &[Decoder] = &[
    Decoder {
        name: "stock levels",
        run: |body| outcome(|| decode_stock_levels(&answer(JSON, body))),
    },
    Decoder {
        name: "stock levels read at a location",
        run: |body| {
            outcome(|| {
                let levels = decode_stock_levels(&answer(JSON, body))?;
                // The location and channel are the caller's; any pair exercises the sum.
                let stock: Vec<_> = levels
                    .items
                    .iter()
                    .map(|item| stock_at(item, LocationId::new(104), ChannelId::US))
                    .collect();
                Ok::<_, BulkInsertError>((stock, levels.failed))
            })
        },
    },
    Decoder {
        name: "generic inventory",
        run: |body| outcome(|| decode_generic_inventory(&answer(JSON, body))),
    },
    Decoder {
        name: "import job",
        run: |body| {
            outcome(|| {
                let job: ImportJob = answer(JSON, body).json()?;
                let rows = job.row_errors();
                Ok::<_, BulkInsertError>((job, rows))
            })
        },
    },
    Decoder {
        name: "location inventory page",
        run: |body| outcome(|| decode_location_page(&answer(JSON, body), None)),
    },
    Decoder {
        name: "error body (with row errors)",
        run: |body| {
            outcome(|| {
                Ok::<_, String>(error_answer::<BulkInsertError>(parse_json_error_body, body))
            })
        },
    },
    Decoder {
        name: "row errors of a message",
        run: |body| outcome(|| std::str::from_utf8(body).map(RowError::parse_all)),
    },
    Decoder {
        name: "inventory records (JSON list)",
        run: |body| {
            outcome(|| {
                let text = std::str::from_utf8(body).map_err(|error| error.to_string())?;
                InventoryRecord::list_from_json(text).map_err(|error| error.to_string())
            })
        },
    },
];

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
            "stock levels",
            &["stock_levels.json", "stock_levels_one_malformed.json"],
        ),
        (
            "stock levels read at a location",
            &["stock_levels.json", "stock_levels_one_malformed.json"],
        ),
        ("generic inventory", &["generic_inventory.json"]),
        ("import job", &["import_job.json"]),
        (
            "location inventory page",
            &[
                "location_inventory_page1.json",
                "location_inventory_page2.json",
            ],
        ),
        (
            "error body (with row errors)",
            &[
                "location_not_found_400.json",
                "missing_api_key_403.json",
                "unknown_account_500.json",
            ],
        ),
        (
            "inventory records (JSON list)",
            &["bulk_insert_request.json"],
        ),
    ];

    #[test]
    fn every_fixture_decodes_through_its_entry() {
        let wrong = fuzzing::mismatches(DECODERS, CRATE, SEEDS, Expect::Decodes);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn an_answer_of_another_shape_is_refused() {
        let refused: [(&str, &[&str]); 5] = [
            ("stock levels", &["generic_inventory.json"]),
            ("generic inventory", &["stock_levels.json"]),
            ("import job", &["location_inventory_page1.json"]),
            ("location inventory page", &["stock_levels.json"]),
            ("inventory records (JSON list)", &["stock_levels.json"]),
        ];
        let wrong = fuzzing::mismatches(DECODERS, CRATE, &refused, Expect::Refuses);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_error_body_names_its_row() {
        let read =
            (entry("error body (with row errors)").run)(&fixture("location_not_found_400.json"))
                .unwrap();
        assert!(read.contains("row: 1"), "{read}");
        let rows = (entry("row errors of a message").run)(
            br#"Inventory insert failed: Row 1: Cannot find "Location Id" 999."#,
        )
        .unwrap();
        assert!(rows.contains("Location Id"), "{rows}");
    }

    #[test]
    fn a_sum_of_huge_figures_does_not_overflow() {
        let huge = format!(
            r#"[{{"itemId": 7, "inStock": true, "availableTotal": 1, "fromStock": [
                {{"locationId": 104, "stockRequest": {max}}},
                {{"locationId": 104, "stockRequest": {max}}}]}}]"#,
            max = i64::MAX
        );
        let read = (entry("stock levels read at a location").run)(huge.as_bytes()).unwrap();
        assert!(read.contains(&u32::MAX.to_string()), "{read}");
    }

    #[test]
    fn hostile_bodies_are_refused_without_a_panic() {
        let deep = "[".repeat(10_000);
        let deep_object = "{\"items\":".repeat(10_000);
        let mut bom = "\u{feff}".as_bytes().to_vec();
        bom.extend(fixture("stock_levels.json"));
        let hostile: [&[u8]; 7] = [
            b"",
            b"<!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
            deep.as_bytes(),
            deep_object.as_bytes(),
            b"\xff\xfe[]",
            b"{\"message\": \"\xc3\x28\"}",
            &bom,
        ];
        for decoder in DECODERS {
            for body in hostile {
                // Ok or Err, never a panic.
                let _ = (decoder.run)(body);
            }
        }
        for name in [
            "stock levels",
            "generic inventory",
            "import job",
            "location inventory page",
        ] {
            for body in &hostile[..6] {
                assert!((entry(name).run)(body).is_err(), "{name}");
            }
        }
    }
}
