//! XML reading that hostile bodies cannot turn into a crash or a hang.
//!
//! quick-xml never fetches external entities, but its deserializer recurses once per nesting
//! level and an entity-laden DTD has no place in any Newegg answer. Every document is therefore
//! scanned once, flat, before serde sees it: its size is capped, a document type declaration
//! is refused outright, only the five predefined entities and character references are allowed,
//! and nesting deeper than any Newegg document needs ends the scan.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::de::DeserializeOwned;

/// The largest answer body read. Newegg's inventory answers are a few hundred bytes; a limit
/// far above that keeps a runaway body from being scanned or kept.
pub(crate) const MAX_BODY_BYTES: usize = 256 * 1024;

/// The deepest element nesting accepted. The deepest Newegg inventory document has four levels.
pub(crate) const MAX_DEPTH: usize = 16;

/// The entities XML predefines; everything else would need a DTD.
const PREDEFINED_ENTITIES: [&str; 5] = ["amp", "lt", "gt", "apos", "quot"];

/// Checks `text` and returns the name of its root element.
pub(crate) fn scan(text: &str) -> Result<String, String> {
    scan_within(text, MAX_BODY_BYTES)
}

/// [`scan`] with a size cap of `max_bytes` (a feed's processing report lists up to 10,000
/// items, far beyond an inventory answer).
pub(crate) fn scan_within(text: &str, max_bytes: usize) -> Result<String, String> {
    if text.len() > max_bytes {
        return Err(format!(
            "the XML body has {} bytes, more than the {max_bytes} accepted",
            text.len()
        ));
    }
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut root: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|error| {
            format!(
                "malformed XML near byte {}: {error}",
                reader.error_position()
            )
        })?;
        let opens_element = matches!(event, Event::Start(_));
        match event {
            Event::DocType(_) => {
                return Err("XML with a document type declaration (DTD) is refused".into());
            }
            Event::Start(start) | Event::Empty(start) => {
                if depth >= MAX_DEPTH {
                    return Err(format!(
                        "XML nested deeper than {MAX_DEPTH} elements is refused"
                    ));
                }
                if depth == 0 {
                    if root.is_some() {
                        return Err("XML with more than one root element is refused".into());
                    }
                    root = Some(String::from_utf8_lossy(start.name().as_ref()).into_owned());
                }
                if opens_element {
                    depth += 1;
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::GeneralRef(reference) => {
                let name = String::from_utf8_lossy(&reference).into_owned();
                if !name.starts_with('#') && !PREDEFINED_ENTITIES.contains(&name.as_str()) {
                    return Err(format!(
                        "XML entity `&{name};` is not defined and is refused"
                    ));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("the XML document ends before its elements are closed".into());
    }
    root.ok_or_else(|| "the XML document has no root element".to_owned())
}

/// Scans `text`, checks that its root is one of `roots`, and decodes it.
pub(crate) fn decode<T: DeserializeOwned>(text: &str, roots: &[&str]) -> Result<T, String> {
    decode_scanned(text, scan(text), roots)
}

/// [`decode`] for a document already scanned: `scanned` is what [`scan`] or [`scan_within`]
/// said of `text`. A document is scanned once, however many readers look at it.
pub(crate) fn decode_scanned<T: DeserializeOwned>(
    text: &str,
    scanned: Result<String, String>,
    roots: &[&str],
) -> Result<T, String> {
    check_root(scanned?, roots)?;
    quick_xml::de::from_str(text)
        .map_err(|error| format!("XML does not match the documented shape: {error}"))
}

/// Refuses a root element other than `roots`.
pub(crate) fn check_root(root: String, roots: &[&str]) -> Result<(), String> {
    if roots.contains(&root.as_str()) {
        Ok(())
    } else {
        Err(format!(
            "expected an XML document with the root element {}, got `{root}`",
            roots.join(" or ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_documents_pass_with_their_root() {
        assert_eq!(
            scan("<?xml version=\"1.0\"?><A><B>x &amp; y &#65;</B><C/></A>"),
            Ok("A".to_owned())
        );
    }

    #[test]
    fn doctype_undefined_entities_and_depth_are_refused() {
        let bomb = "<!DOCTYPE a [<!ENTITY x \"xx\"><!ENTITY y \"&x;&x;\">]><a>&y;</a>";
        assert!(scan(bomb).unwrap_err().contains("DTD"));
        assert!(scan("<a>&x;</a>").unwrap_err().contains("&x;"));
        let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
        assert!(scan(&deep).unwrap_err().contains("deeper"));
        let wide = format!("<a>{}</a>", "<b/>".repeat(MAX_BODY_BYTES));
        assert!(scan(&wide).unwrap_err().contains("bytes"));
    }

    #[test]
    fn broken_documents_are_refused() {
        assert!(scan("<a><b></a>").is_err());
        assert!(scan("<a>").is_err());
        assert!(scan("<a/><b/>").is_err());
        assert!(scan("").is_err());
    }
}
