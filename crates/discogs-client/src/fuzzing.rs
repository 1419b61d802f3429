//! Every reader of Discogs' answers, run on raw bytes exactly as the client runs it: the table
//! the fuzz targets (`fuzz/` at the repository root) and their corpus replay drive. Built only
//! with the `fuzzing` feature; not covered by semver.
//!
//! A fuzz input's first byte picks the entry ([`client_core::fuzzing::pick`]); new entries go at
//! the end so that a corpus file keeps meaning what it meant.

use std::collections::VecDeque;
use std::sync::OnceLock;
use std::time::{Duration, UNIX_EPOCH};

use client_core::fuzzing::{Decoder, answer, outcome};
use client_core::header::{HeaderMap, HeaderValue, LOCATION};
use client_core::{EngineBuilder, HttpEngine, Response, StatusCode};
use serde::de::DeserializeOwned;

use crate::inventory_export::{Export, ExportId, ExportRow};
use crate::inventory_upload::{Upload, UploadId, UploadResults};
use crate::jobs::id_from_location;
use crate::{CreatedListing, Listing, Order, OrderMessage, PriceSuggestions, ReleaseStats};

/// The readers of Discogs' answers, in a fixed order.
pub const DECODERS: &[Decoder] = &[
    Decoder {
        name: "inventory page",
        run: |body| page::<Listing>(body),
    },
    Decoder {
        name: "orders page",
        run: |body| page::<Order>(body),
    },
    Decoder {
        name: "order messages page",
        run: |body| page::<OrderMessage>(body),
    },
    Decoder {
        name: "uploads page",
        run: |body| page::<Upload>(body),
    },
    Decoder {
        name: "exports page",
        run: |body| page::<Export>(body),
    },
    Decoder {
        name: "listing",
        run: |body| json::<Listing>(body),
    },
    Decoder {
        name: "created listing",
        run: |body| json::<CreatedListing>(body),
    },
    Decoder {
        name: "order",
        run: |body| json::<Order>(body),
    },
    Decoder {
        name: "order message",
        run: |body| json::<OrderMessage>(body),
    },
    Decoder {
        name: "upload job",
        run: |body| json::<Upload>(body),
    },
    Decoder {
        name: "export job",
        run: |body| json::<Export>(body),
    },
    Decoder {
        name: "price suggestions",
        run: |body| json::<PriceSuggestions>(body),
    },
    Decoder {
        name: "release stats",
        run: |body| json::<ReleaseStats>(body),
    },
    Decoder {
        name: "fee",
        run: |body| json::<crate::fees::FeeBody>(body),
    },
    Decoder {
        name: "upload results text",
        run: |body| outcome(|| text(body).map(UploadResults::parse)),
    },
    Decoder {
        name: "export CSV (whole file)",
        run: |body| outcome(|| text(body).and_then(crate::inventory_export::parse_export_csv)),
    },
    Decoder {
        name: "export CSV (as it downloads)",
        run: |input| {
            let (chunk, body) = input.split_first().unwrap_or((&0, &[]));
            outcome(|| Ok::<_, String>(export_rows_in_chunks(body, usize::from(*chunk) + 1)))
        },
    },
    Decoder {
        name: "upload ID from Location",
        run: |body| outcome(|| location(body, "upload", UploadId::from_location)),
    },
    Decoder {
        name: "export ID from Location",
        run: |body| outcome(|| location(body, "export", ExportId::from_location)),
    },
    Decoder {
        name: "next poll's If-Modified-Since from Date",
        run: |body| {
            outcome(|| {
                let date = text(body)?;
                let sent_at = UNIX_EPOCH + Duration::from_secs(1_764_633_600);
                Ok::<_, String>(crate::jobs::condition_for_next_poll(
                    None,
                    Some(date),
                    sent_at,
                ))
            })
        },
    },
];

/// The rows an export file gives when it arrives `chunk` bytes at a time, as
/// [`InventoryExport::download_rows`](crate::inventory_export::InventoryExport::download_rows)
/// reads it: a row that does not fit is an error in its place.
pub fn export_rows_in_chunks(body: &[u8], chunk: usize) -> Vec<Result<ExportRow, String>> {
    let mut splitter = crate::inventory_export::rows::RecordSplitter::default();
    let mut parser = crate::inventory_export::rows::ExportParser::default();
    let mut rows = VecDeque::new();
    for piece in body.chunks(chunk.max(1)) {
        let block = splitter.push(piece);
        parser.parse_block(&block, &mut rows);
    }
    let block = splitter.finish();
    parser.parse_block(&block, &mut rows);
    rows.into()
}

/// One engine for every run: building one per input would measure TLS set-up, not decoding.
fn engine() -> Result<&'static HttpEngine, String> {
    static ENGINE: OnceLock<Result<HttpEngine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            EngineBuilder::new(crate::client::PRODUCTION_BASE_URL)
                .build()
                .map_err(|error| error.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn page<T: DeserializeOwned + std::fmt::Debug>(body: &[u8]) -> Result<String, String> {
    let engine = engine()?;
    outcome(|| crate::paging::read_page::<T>(&answer("application/json", body), engine))
}

fn json<T: DeserializeOwned + std::fmt::Debug>(body: &[u8]) -> Result<String, String> {
    outcome(|| answer("application/json", body).json::<T>())
}

fn text(body: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(body).map_err(|error| error.to_string())
}

/// The job ID a `201 Created` with `Location: <body>` names.
fn location<I: std::fmt::Debug>(
    body: &[u8],
    what: &str,
    parse: impl Fn(&str) -> Option<I>,
) -> Result<I, String> {
    let value = HeaderValue::from_bytes(body).map_err(|error| error.to_string())?;
    let created = answer("application/json", b"");
    let mut headers = HeaderMap::new();
    headers.insert(LOCATION, value);
    let created = Response::new(
        created.request().clone(),
        StatusCode::CREATED,
        headers,
        Vec::new(),
    );
    id_from_location(&created, what, parse).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        client_core::fuzzing::read_fixture(env!("CARGO_MANIFEST_DIR"), path)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn entry(name: &str) -> &'static Decoder {
        client_core::fuzzing::entry(DECODERS, name).unwrap_or_else(|| panic!("no entry {name}"))
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = DECODERS.iter().map(|decoder| decoder.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), DECODERS.len());
    }

    #[test]
    fn the_spec_examples_decode_through_their_entries() {
        let decoded = (entry("inventory page").run)(&fixture("marketplace/inventory.json"));
        let decoded = decoded.unwrap();
        assert!(decoded.contains("failed: []"), "{decoded}");
        assert!((entry("listing").run)(&fixture("marketplace/listing.json")).is_ok());
        assert!((entry("order").run)(&fixture("marketplace/order.json")).is_ok());
        assert!((entry("listing").run)(&fixture("marketplace/order.json")).is_err());
    }

    #[test]
    fn an_export_reads_the_same_whole_or_in_pieces() {
        let file = "listing_id,price,media_condition\n1,9.99,Mint (M)\n2,\"1,000.00\",x\n";
        for chunk in 1..12 {
            let rows = export_rows_in_chunks(file.as_bytes(), chunk);
            assert_eq!(rows.len(), 2, "chunks of {chunk}");
            assert_eq!(rows[0].as_ref().map(|row| row.listing_id), Ok(1));
        }
    }

    #[test]
    fn a_job_id_is_read_from_its_location() {
        let run = entry("upload ID from Location").run;
        assert_eq!(
            run(b"https://api.discogs.com/inventory/upload/599632").unwrap(),
            "UploadId(599632)"
        );
        assert!(run(b"https://api.discogs.com/inventory/upload/").is_err());
    }
}
