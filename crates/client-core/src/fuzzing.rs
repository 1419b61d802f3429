//! What the fuzz targets (`fuzz/` at the repository root) and their corpus replay share: the
//! shape of a decoder of server data, and answers made from raw bytes as a client receives
//! them. Built only with the `fuzzing` feature; not covered by semver.
//!
//! Each client crate's own `fuzzing` module lists its decoders in a `DECODERS` table; a fuzz
//! input's first byte picks the decoder and the rest is the body (see [`pick`]). Tables only
//! grow at the end, so a corpus file keeps meaning what it meant.

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::error::RequestSummary;
use crate::response::Response;

/// One decoder of server data, run on a body exactly as its client runs it on an answer.
#[derive(Debug, Clone, Copy)]
pub struct Decoder {
    /// What it decodes, e.g. `inventory page`.
    pub name: &'static str,
    /// Decodes `body`: the decoded value's `Debug` text, or the error's `Display` text.
    pub run: fn(&[u8]) -> Result<String, String>,
}

/// Splits a fuzz input into the decoder its first byte picks (modulo the table's length) and
/// the body after it; `None` for an empty input or an empty table.
pub fn pick<'a>(decoders: &'a [Decoder], input: &'a [u8]) -> Option<(&'a Decoder, &'a [u8])> {
    let (first, body) = input.split_first()?;
    let decoder = decoders.get(usize::from(*first) % decoders.len().max(1))?;
    Some((decoder, body))
}

/// A 200 answer to `GET /fuzz` with `content_type` and `body`.
pub fn answer(content_type: &'static str, body: &[u8]) -> Response {
    answer_with(StatusCode::OK, content_type, body)
}

/// An answer to `GET /fuzz` with `status`, `content_type` and `body`.
pub fn answer_with(status: StatusCode, content_type: &'static str, body: &[u8]) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    Response::new(
        RequestSummary {
            method: Method::GET,
            route: "/fuzz",
            path: "/fuzz".to_owned(),
        },
        status,
        headers,
        body.to_vec(),
    )
}

/// The error a client reports for a 400 answer with `body`: the body cut to what an error
/// keeps ([`MAX_KEPT_BODY`](crate::error::MAX_KEPT_BODY)), read by the client's `parser` as
/// the engine reads a real error answer, and converted into the client's error type, which is
/// where clients read row errors and field paths.
pub fn error_answer<E: From<crate::Error>>(parser: crate::ErrorBodyParser, body: &[u8]) -> E {
    let kept = body.get(..crate::error::MAX_KEPT_BODY).unwrap_or(body);
    let request = answer_with(StatusCode::BAD_REQUEST, "application/json", b"")
        .request()
        .clone();
    E::from(crate::Error::Api(Box::new(crate::ApiError::from_answer(
        request,
        StatusCode::BAD_REQUEST,
        kept,
        parser,
        None,
    ))))
}

/// Runs `decode` and keeps the outcome as text, so every decoder fits [`Decoder::run`].
pub fn outcome<T: std::fmt::Debug, E: std::fmt::Display>(
    decode: impl FnOnce() -> Result<T, E>,
) -> Result<String, String> {
    decode()
        .map(|value| format!("{value:?}"))
        .map_err(|error| error.to_string())
}

/// The entry of `decoders` named `name`.
pub fn entry<'a>(decoders: &'a [Decoder], name: &str) -> Option<&'a Decoder> {
    decoders.iter().find(|decoder| decoder.name == name)
}

/// The bytes of `tests/fixtures/<path>` in the crate at `crate_dir` (its
/// `CARGO_MANIFEST_DIR`).
pub fn read_fixture(crate_dir: &str, path: &str) -> Result<Vec<u8>, String> {
    let full = format!("{crate_dir}/tests/fixtures/{path}");
    std::fs::read(&full).map_err(|error| format!("{full}: {error}"))
}

/// What an entry should make of a fixture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The entry decodes it.
    Decodes,
    /// The entry refuses it (a document of another shape, say).
    Refuses,
}

/// Runs every fixture of each `(entry name, fixture paths)` pair through its entry and
/// describes each outcome other than `expect` (an unknown entry or a missing file is one):
/// a client's tests check with it that each entry is wired to the decoder it names.
pub fn mismatches(
    decoders: &[Decoder],
    crate_dir: &str,
    pairs: &[(&str, &[&str])],
    expect: Expect,
) -> Vec<String> {
    let mut found = Vec::new();
    for (name, files) in pairs {
        let Some(decoder) = entry(decoders, name) else {
            found.push(format!("no entry named {name}"));
            continue;
        };
        for file in *files {
            match read_fixture(crate_dir, file).map(|body| (decoder.run)(&body)) {
                Err(missing) => found.push(missing),
                Ok(Ok(_)) if expect == Expect::Decodes => {}
                Ok(Err(_)) if expect == Expect::Refuses => {}
                Ok(outcome) => found.push(format!("{name} on {file}: {outcome:?}")),
            }
        }
    }
    found
}

/// The engine's own readers of server data: the `Link` header, `Retry-After`, the reset-time
/// headers of the vendors' rate limits, and a JSON error body.
pub const DECODERS: &[Decoder] = &[
    Decoder {
        name: "Link header",
        run: |body| outcome(|| text(body).map(crate::page::parse_link_header)),
    },
    Decoder {
        name: "next page from Link",
        run: |body| {
            outcome(|| {
                let headers = header_map("link", body)?;
                let base = url::Url::parse("https://api.example/").map_err(|e| e.to_string())?;
                Ok::<_, String>(crate::page::next_link(&headers, &base))
            })
        },
    },
    Decoder {
        name: "Retry-After",
        run: |body| {
            outcome(|| {
                let headers = header_map("retry-after", body)?;
                Ok::<_, String>(crate::retry::retry_after(&headers, fixed_now()))
            })
        },
    },
    Decoder {
        name: "rate-limit reset time",
        run: |body| {
            outcome(|| {
                let headers = header_map("x-ratelimit-resettime", body)?;
                let reading = crate::rate_limit::RateLimitHeaders {
                    limit: Some("x-ratelimit-limit"),
                    remaining: "x-ratelimit-remaining",
                    used: None,
                    reset: Some("x-ratelimit-resettime"),
                    period: std::time::Duration::from_secs(60),
                };
                Ok::<_, String>(reading.read(&headers, fixed_now()))
            })
        },
    },
    Decoder {
        name: "JSON error body",
        run: |body| {
            outcome(|| {
                Ok::<_, String>(crate::error_body::parse_json_error_body(
                    StatusCode::BAD_REQUEST,
                    body,
                ))
            })
        },
    },
    Decoder {
        name: "RFC 3339 timestamp",
        run: |body| outcome(|| text(body).map(crate::timestamp::parse_rfc3339)),
    },
];

fn text(body: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(body).map_err(|error| error.to_string())
}

/// A header map holding `body` as the value of `name` (after the remaining headers a fuzz
/// input cannot name), or why the bytes are no header value.
fn header_map(name: &'static str, body: &[u8]) -> Result<HeaderMap, String> {
    let mut headers = HeaderMap::new();
    headers.insert(
        name,
        HeaderValue::from_bytes(body).map_err(|error| error.to_string())?,
    );
    headers.insert("x-ratelimit-limit", HeaderValue::from_static("100"));
    headers.insert("x-ratelimit-remaining", HeaderValue::from_static("7"));
    Ok(headers)
}

/// One instant for every run, so an input decodes the same way each time it is replayed.
fn fixed_now() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_764_633_600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_picks_the_decoder() {
        let (decoder, body) = pick(DECODERS, b"\x02120").unwrap();
        assert_eq!(decoder.name, "Retry-After");
        assert_eq!(body, b"120");
        assert_eq!((decoder.run)(body).unwrap(), "Some(120s)");
        assert!(pick(DECODERS, b"").is_none());
        assert!(pick(&[], b"\x00x").is_none());
    }

    #[test]
    fn mismatches_name_every_outcome_other_than_the_expected_one() {
        let dir = std::env::temp_dir().join(format!("client-core-fuzzing-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tests/fixtures")).unwrap();
        std::fs::write(dir.join("tests/fixtures/wait.txt"), "120").unwrap();
        let dir = dir.to_str().unwrap();
        let pairs: [(&str, &[&str]); 1] = [("Retry-After", &["wait.txt"])];
        assert!(mismatches(DECODERS, dir, &pairs, Expect::Decodes).is_empty());
        assert_eq!(mismatches(DECODERS, dir, &pairs, Expect::Refuses).len(), 1);
        let unknown: [(&str, &[&str]); 2] = [("Retry-Before", &[]), ("Retry-After", &["no.txt"])];
        assert_eq!(
            mismatches(DECODERS, dir, &unknown, Expect::Decodes).len(),
            2
        );
    }

    #[test]
    fn a_link_header_decodes() {
        let link = br#"<https://api.example/inventory?page=2>; rel="next""#;
        let next = (DECODERS[1].run)(link).unwrap();
        assert!(next.contains("page=2"), "{next}");
    }
}
