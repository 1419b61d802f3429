//! Every reader of Instica's answers, as a table the fuzz targets (`fuzz/` at the repository
//! root) and their corpus replay drive. Built only with the `fuzzing` feature; not covered by
//! semver.
//!
//! Each entry runs a body through the very functions an answer goes through (the engine's
//! `Content-Type` check and JSON reading, the page reader that decodes a list item by item,
//! the public types and what the client makes of them), and the error entry through the
//! client's DRF error-body parser and its field paths. A fuzz input's first byte picks the
//! entry (modulo the table's length, see [`client_core::fuzzing::pick`]), so a corpus file
//! means the same entry only while the table keeps its order: new entries go at the end.

use client_core::fuzzing::{Decoder, answer, error_answer, outcome};
use client_core::{Page, Response, Url};
use serde::de::DeserializeOwned;

use crate::analytics::{AnalyticsSummary, AnalyticsTrends};
use crate::assets::{Asset, BatchUploadReport};
use crate::audit::AuditLogEntry;
use crate::bulk::{BatchAnswer, BulkReport, BulkSettings};
use crate::client::decode_one_or_many;
use crate::codes::{AssetType, Choice, ConditionCode, ItemStatus};
use crate::csv::{CsvImportReport, export_text};
use crate::error::{InsticaError, parse_error_body};
use crate::exports::{ExportJob, completed};
use crate::items::Item;
use crate::listings::{Listing, ListingAction, PlatformListability};
use crate::paging::read_page;
use crate::reference::ItemType;

const JSON: &str = "application/json";

/// Instica's readers of server data, in a fixed order (new entries go at the end).
pub const DECODERS: &[Decoder] = &[
    Decoder {
        name: "item page",
        run: |body| outcome(|| page::<Item>(body)),
    },
    Decoder {
        name: "item",
        run: |body| outcome(|| one::<Item>(body)),
    },
    Decoder {
        name: "export job",
        run: |body| outcome(|| one::<ExportJob>(body)),
    },
    Decoder {
        name: "completed export",
        run: |body| outcome(|| one::<ExportJob>(body).and_then(completed)),
    },
    Decoder {
        name: "export page",
        run: |body| outcome(|| page::<ExportJob>(body)),
    },
    Decoder {
        name: "CSV export text",
        run: |body| outcome(|| export_text(body.to_vec())),
    },
    Decoder {
        name: "CSV import report",
        run: |body| outcome(|| one::<CsvImportReport>(body)),
    },
    Decoder {
        name: "bulk settings",
        run: |body| outcome(|| one::<BulkSettings>(body)),
    },
    Decoder {
        name: "bulk batch result",
        run: |body| {
            outcome(|| {
                let mut report = BulkReport::default();
                report.add(one::<BatchAnswer>(body)?);
                Ok::<_, InsticaError>(report)
            })
        },
    },
    Decoder {
        name: "analytics summary",
        run: |body| outcome(|| one::<AnalyticsSummary>(body)),
    },
    Decoder {
        name: "analytics trends",
        run: |body| outcome(|| one::<AnalyticsTrends>(body)),
    },
    Decoder {
        name: "audit log page",
        run: |body| outcome(|| page::<AuditLogEntry>(body)),
    },
    Decoder {
        name: "asset",
        run: |body| outcome(|| one::<Asset>(body)),
    },
    Decoder {
        name: "asset batch upload report",
        run: |body| outcome(|| one::<BatchUploadReport>(body)),
    },
    Decoder {
        name: "listings of an item",
        run: |body| outcome(|| page::<Listing>(body)),
    },
    Decoder {
        name: "platform listability list",
        run: |body| outcome(|| page::<PlatformListability>(body)),
    },
    Decoder {
        name: "platform listability",
        run: |body| outcome(|| one::<PlatformListability>(body)),
    },
    Decoder {
        name: "listing action",
        run: |body| outcome(|| one::<ListingAction>(body)),
    },
    Decoder {
        name: "listing actions (one or many)",
        run: |body| outcome(|| decode_one_or_many::<ListingAction>(&answer(JSON, body))),
    },
    Decoder {
        name: "item type page",
        run: |body| outcome(|| page::<ItemType>(body)),
    },
    Decoder {
        name: "condition choices",
        run: |body| outcome(|| page::<Choice<ConditionCode>>(body)),
    },
    Decoder {
        name: "status choices",
        run: |body| outcome(|| page::<Choice<ItemStatus>>(body)),
    },
    Decoder {
        name: "shipment carrier choices",
        run: |body| outcome(|| page::<Choice<String>>(body)),
    },
    Decoder {
        name: "asset type choices",
        run: |body| outcome(|| page::<Choice<AssetType>>(body)),
    },
    Decoder {
        name: "DRF error body",
        run: |body| {
            outcome(|| Ok::<_, String>(error_answer::<InsticaError>(parse_error_body, body)))
        },
    },
];

/// One object, read as the client reads every single-object answer.
fn one<T: DeserializeOwned>(body: &[u8]) -> Result<T, InsticaError> {
    Ok(answer(JSON, body).json()?)
}

/// One page (or a whole list), read by the page reader every list shares; a relative `next`
/// resolves against a base URL no request is ever sent to.
fn page<T: DeserializeOwned>(body: &[u8]) -> Result<Page<T>, String> {
    let base = Url::parse("http://127.0.0.1:9/").map_err(|error| error.to_string())?;
    let response: Response = answer(JSON, body);
    read_page(&response, &base).map_err(|error| error.to_string())
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
            "item page",
            &[
                "item_list_page.json",
                "items_tolerant_page1.json",
                "items_tolerant_page2.json",
            ],
        ),
        ("item", &["item_detail.json", "item_created.json"]),
        ("export job", &["export_completed.json"]),
        ("completed export", &["export_completed.json"]),
        ("bulk settings", &["bulk_settings.json"]),
        ("bulk batch result", &["bulk_result.json"]),
        ("analytics summary", &["analytics_summary.json"]),
        ("analytics trends", &["analytics_trends.json"]),
        ("audit log page", &["audit_logs.json"]),
        ("asset", &["asset.json"]),
        ("asset batch upload report", &["asset_batch.json"]),
        (
            "listings of an item",
            &["listings.json", "listings_tolerant.json"],
        ),
        ("platform listability", &["platform_listability.json"]),
        ("listing action", &["listing_action.json"]),
        ("listing actions (one or many)", &["listing_action.json"]),
        ("condition choices", &["conditions.json"]),
        (
            "DRF error body",
            &[
                "drf/assets_list_field.json",
                "drf/detail.json",
                "drf/items_index_keyed.json",
                "drf/items_list_field.json",
                "drf/list_of_nested_objects.json",
                "drf/nested_object.json",
                "drf/non_field_errors.json",
            ],
        ),
    ];

    #[test]
    fn every_fixture_decodes_through_its_entry() {
        let wrong = fuzzing::mismatches(DECODERS, CRATE, SEEDS, Expect::Decodes);
        assert!(wrong.is_empty(), "{wrong:#?}");
        let csv = (entry("CSV export text").run)(b"\xef\xbb\xbfuid,title\ninv_1,Abbey Road\n");
        assert!(csv.is_ok_and(|text| text.starts_with("\"uid,title")));
    }

    #[test]
    fn an_answer_of_another_shape_is_refused() {
        let refused: [(&str, &[&str]); 8] = [
            ("item", &["listing_action.json"]),
            ("export job", &["bulk_result.json"]),
            ("bulk settings", &["bulk_result.json"]),
            ("analytics trends", &["analytics_summary.json"]),
            ("asset batch upload report", &["asset.json"]),
            ("platform listability", &["listing_action.json"]),
            ("listing action", &["listings.json"]),
            ("item page", &["item_detail.json"]),
        ];
        let wrong = fuzzing::mismatches(DECODERS, CRATE, &refused, Expect::Refuses);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn drf_errors_keep_their_field_paths() {
        let cases = [
            ("drf/list_of_nested_objects.json", "[2].id"),
            ("drf/items_index_keyed.json", "items[1].price"),
            ("drf/assets_list_field.json", "assets[1].file"),
            (
                "drf/detail.json",
                "Authentication credentials were not provided.",
            ),
        ];
        for (file, expected) in cases {
            let read = (entry("DRF error body").run)(&fixture(file)).unwrap();
            assert!(read.contains(expected), "{file}: {read}");
        }
    }

    #[test]
    fn hostile_bodies_are_refused_without_a_panic() {
        let deep = "[".repeat(10_000);
        let deep_errors = format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
        let mut bom = "\u{feff}".as_bytes().to_vec();
        bom.extend(fixture("item_detail.json"));
        let hostile: [&[u8]; 7] = [
            b"",
            b"<!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
            deep.as_bytes(),
            deep_errors.as_bytes(),
            b"\xff\xfe[]",
            b"{\"uid\": \"\xc3\x28\"}",
            &bom,
        ];
        for decoder in DECODERS {
            for body in hostile {
                // Ok or Err, never a panic.
                let _ = (decoder.run)(body);
            }
        }
        for name in ["item page", "item", "listing action", "condition choices"] {
            for body in &hostile[..6] {
                assert!((entry(name).run)(body).is_err(), "{name}");
            }
        }
    }
}
