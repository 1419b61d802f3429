//! XML reading that hostile bodies cannot turn into a crash or a hang.
//!
//! quick-xml never fetches external entities, but its deserializer recurses once per nesting
//! level and an entity-laden DTD has no place in any Newegg answer. Every document is therefore
//! scanned once, flat, before serde sees it: its size is capped, a document type declaration
//! is refused outright, only the five predefined entities and character references are allowed
//! in text, and nesting deeper than any Newegg document needs ends the scan.

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
///
/// One flat pass over the bytes, jumping from one `<` or `&` to the next and from a tag's
/// start to its `>`, eight bytes at a time: the checks need only the markup's shape, and a
/// tokenizing reader (which the deserializer runs anyway) cost more than the decoding of a
/// small answer. Whatever this pass lets through is still read by that reader, which refuses
/// anything else that is not well-formed.
pub(crate) fn scan_within(text: &str, max_bytes: usize) -> Result<String, String> {
    if text.len() > max_bytes {
        return Err(format!(
            "the XML body has {} bytes, more than the {max_bytes} accepted",
            text.len()
        ));
    }
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut root: Option<&str> = None;
    let mut at = 0;
    while let Some(found) = find_first(bytes, at, [b'<', b'&']) {
        if bytes.get(found) == Some(&b'&') {
            at = check_reference(text, found)?;
            continue;
        }
        let rest = bytes.get(found..).unwrap_or_default();
        match rest.get(1) {
            Some(b'/') => {
                if depth == 0 {
                    return Err(malformed(found, "an end tag with no element open"));
                }
                depth -= 1;
                at = end_of(bytes, found, b">")
                    .ok_or_else(|| malformed(found, "an unclosed end tag"))?;
            }
            Some(b'?') => {
                at = end_of(bytes, found, b"?>")
                    .ok_or_else(|| malformed(found, "an unclosed processing instruction"))?;
            }
            Some(b'!') if rest.starts_with(b"<!--") => {
                at = end_of(bytes, found + 4, b"-->")
                    .ok_or_else(|| malformed(found, "an unclosed comment"))?;
            }
            Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                at = end_of(bytes, found, b"]]>")
                    .ok_or_else(|| malformed(found, "an unclosed CDATA section"))?;
            }
            Some(b'!') if rest.starts_with(b"<!DOCTYPE") => {
                return Err("XML with a document type declaration (DTD) is refused".into());
            }
            Some(b'!') => return Err(malformed(found, "a declaration XML does not allow here")),
            _ => {
                let (close, empty) = start_tag(bytes, found)?;
                if depth >= MAX_DEPTH {
                    return Err(format!(
                        "XML nested deeper than {MAX_DEPTH} elements is refused"
                    ));
                }
                if depth == 0 {
                    if root.is_some() {
                        return Err("XML with more than one root element is refused".into());
                    }
                    root = Some(tag_name(text, found));
                }
                if !empty {
                    depth += 1;
                }
                at = close;
            }
        }
    }
    if depth != 0 {
        return Err("the XML document ends before its elements are closed".into());
    }
    root.map(str::to_owned)
        .ok_or_else(|| "the XML document has no root element".to_owned())
}

/// A byte repeated in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of a word.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that equals `byte`. A borrow can also set the bit of
/// a byte after a match, never before one, so the lowest bit set is always a true match.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let difference = word ^ (ONES * u64::from(byte));
    difference.wrapping_sub(ONES) & !difference & HIGHS
}

/// The first index at or after `from` whose byte is one of `stops`. Eight bytes are
/// compared at once: the runs between markup are short, and a call into a vectorized search
/// cost more than such a run.
fn find_first<const N: usize>(bytes: &[u8], from: usize, stops: [u8; N]) -> Option<usize> {
    let mut at = from;
    while let Some(word) = bytes
        .get(at..at.saturating_add(8))
        .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
    {
        let word = u64::from_le_bytes(word);
        let found = stops
            .iter()
            .fold(0, |found, &stop| found | bytes_equal(word, stop));
        if found != 0 {
            // At most 7: the index of the matching byte within the word.
            let offset = found.trailing_zeros() / 8;
            return Some(at + offset as usize);
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter()
        .position(|byte| stops.contains(byte))
        .map(|offset| at + offset)
}

/// The index just past the first `terminator` at or after `from`.
fn end_of(bytes: &[u8], from: usize, terminator: &[u8]) -> Option<usize> {
    let (&first, _) = terminator.split_first()?;
    let mut at = from;
    loop {
        let found = find_first(bytes, at, [first])?;
        if bytes.get(found..)?.starts_with(terminator) {
            return Some(found + terminator.len());
        }
        at = found + 1;
    }
}

/// Checks the reference that starts with the `&` at `start` (only the predefined entities and
/// character references need no DTD) and returns the index just past it.
fn check_reference(text: &str, start: usize) -> Result<usize, String> {
    let rest = text.get(start + 1..).unwrap_or("");
    let Some(length) = rest.find(';') else {
        return Err(malformed(start, "a `&` that starts no reference"));
    };
    let name = rest.get(..length).unwrap_or_default();
    let valid_name = !name.is_empty()
        && !name.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '&' | '>'));
    if !valid_name {
        return Err(malformed(start, "a `&` that starts no reference"));
    }
    if !name.starts_with('#') && !PREDEFINED_ENTITIES.contains(&name) {
        return Err(format!(
            "XML entity `&{name};` is not defined and is refused"
        ));
    }
    Ok(start + 1 + length + 1)
}

/// Whether `byte` ends a tag's name.
fn ends_name(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'/' || byte == b'>'
}

/// The start tag at `start`: the index just past its `>`, and whether it is an empty element
/// (`<a/>`). Quoted text is skipped whole wherever it starts, as XML readers do, so a `>` or
/// `/` inside an attribute's value does not end the tag; a `<` outside quotes is refused.
fn start_tag(bytes: &[u8], start: usize) -> Result<(usize, bool), String> {
    if bytes.get(start + 1).is_none_or(|&byte| ends_name(byte)) {
        return Err(malformed(start, "a `<` that starts no tag"));
    }
    let unclosed = || malformed(start, "an unclosed start tag");
    let mut at = start + 1;
    loop {
        let stop = find_first(bytes, at, [b'>', b'<', b'"', b'\'']).ok_or_else(unclosed)?;
        match bytes.get(stop) {
            Some(b'<') => return Err(malformed(stop, "a `<` inside a tag")),
            Some(&quote @ (b'"' | b'\'')) => {
                at = find_first(bytes, stop + 1, [quote]).ok_or_else(unclosed)? + 1;
            }
            _ => {
                let empty = bytes.get(stop - 1) == Some(&b'/');
                return Ok((stop + 1, empty));
            }
        }
    }
}

/// The name of the start tag at `start`, which [`start_tag`] has checked.
fn tag_name(text: &str, start: usize) -> &str {
    let rest = text.get(start + 1..).unwrap_or_default();
    let length = rest.bytes().position(ends_name).unwrap_or(rest.len());
    rest.get(..length).unwrap_or_default()
}

/// The error for a document that is not XML at byte `at`.
fn malformed(at: usize, what: &str) -> String {
    format!("malformed XML near byte {at}: {what}")
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
    use proptest::prelude::*;

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

    #[test]
    fn the_depth_limit_is_exact() {
        let nested = |levels: usize| format!("{}{}", "<a>".repeat(levels), "</a>".repeat(levels));
        assert_eq!(scan(&nested(MAX_DEPTH)), Ok("a".to_owned()));
        assert!(scan(&nested(MAX_DEPTH + 1)).unwrap_err().contains("deeper"));
        let empty_at_the_limit = format!(
            "{}<b/>{}",
            "<a>".repeat(MAX_DEPTH),
            "</a>".repeat(MAX_DEPTH)
        );
        assert!(scan(&empty_at_the_limit).unwrap_err().contains("deeper"));
    }

    #[test]
    fn comments_cdata_and_instructions_are_skipped_whole() {
        let text = "\u{feff}<?xml version=\"1.0\"?><!-- <!DOCTYPE x> &bad; <b> --><A>\
                    <![CDATA[ <c> &nope; <!DOCTYPE y> ]]><B/><!-- - --></A><!-- after -->";
        assert_eq!(scan(text), Ok("A".to_owned()));
    }

    #[test]
    fn quoted_attribute_values_do_not_end_a_tag() {
        assert_eq!(
            scan(r#"<A note="a > b" path='x/'><B k="/>"/></A>"#),
            Ok("A".to_owned())
        );
        assert_eq!(scan(r#"<A k="1"/>"#), Ok("A".to_owned()));
        assert_eq!(scan(r#"<A k="<" j='"'/>"#), Ok("A".to_owned()));
        assert_eq!(scan("<A\tk='1'\n/>"), Ok("A".to_owned()));
    }

    #[test]
    fn unclosed_markup_and_stray_end_tags_are_refused() {
        for text in [
            "<a><!-- x</a>",
            "<a><![CDATA[ x</a>",
            "<a x=\"1></a>",
            "<a x='1\"></a>",
            "<a b<c></a>",
            "<a x=\"1\" <b></a>",
            "<",
            "<a",
            "</a>",
            "<a></a></a>",
            "< a></a>",
            "<a>&amp</a>",
            "<a>& b;</a>",
            "<?xml",
        ] {
            assert!(scan(text).is_err(), "{text}");
        }
    }

    /// The scan before this one: quick-xml's reader, event by event. Kept to hold the flat
    /// scan to the same answers.
    fn reference_scan(text: &str) -> Result<String, String> {
        use quick_xml::Reader;
        use quick_xml::events::Event;
        let mut reader = Reader::from_str(text);
        let mut depth = 0usize;
        let mut root: Option<String> = None;
        loop {
            let event = reader.read_event().map_err(|error| error.to_string())?;
            let opens = matches!(event, Event::Start(_));
            match event {
                Event::DocType(_) => return Err("DTD".into()),
                Event::Start(start) | Event::Empty(start) => {
                    if depth >= MAX_DEPTH {
                        return Err("deeper".into());
                    }
                    if depth == 0 {
                        if root.is_some() {
                            return Err("more than one root".into());
                        }
                        root = Some(String::from_utf8_lossy(start.name().as_ref()).into_owned());
                    }
                    depth += usize::from(opens);
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::GeneralRef(reference) => {
                    let name = String::from_utf8_lossy(&reference).into_owned();
                    if !name.starts_with('#') && !PREDEFINED_ENTITIES.contains(&name.as_str()) {
                        return Err("is not defined".into());
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if depth != 0 {
            return Err("ends before".into());
        }
        root.ok_or_else(|| "no root".to_owned())
    }

    /// A document from parts that each exercise one rule: nesting, empty elements, attributes
    /// with markup characters in their values, text with references, comments, CDATA.
    fn document() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            "[a-z ]{0,6}".prop_map(|text| text),
            Just("&amp;&#65;&lt;".to_owned()),
            Just("&nbsp;".to_owned()),
            Just("<!-- <x> & -->".to_owned()),
            Just("<![CDATA[ <y> &z; ]]>".to_owned()),
            Just(r#"<E a="1 > 0" b='/'/>"#.to_owned()),
            Just("<!DOCTYPE d>".to_owned()),
        ];
        let element = leaf.prop_recursive(20, 64, 4, |inner| {
            (prop::collection::vec(inner, 0..4), "[a-z]{1,3}").prop_map(|(children, name)| {
                format!("<{name} k=\"v\">{}</{name}>", children.concat())
            })
        });
        // Wrapped in up to 20 more levels, so that documents near the depth limit are common.
        (element, 0..20usize, prop::bool::ANY, prop::bool::ANY).prop_map(
            |(element, wraps, prolog, second)| {
                let prolog = if prolog {
                    "<?xml version=\"1.0\"?>"
                } else {
                    ""
                };
                let second = if second { "<S/>" } else { "" };
                let (open, close) = ("<W>".repeat(wraps), "</W>".repeat(wraps));
                format!("{prolog}{open}{element}{close}{second}")
            },
        )
    }

    proptest::proptest! {
        /// The word-at-a-time search finds what a byte-by-byte search finds, from any start,
        /// for stops anywhere in a word and bytes on both sides of them (the borrow of the
        /// comparison must never report a byte before the first match).
        #[test]
        fn find_first_is_a_plain_search(
            bytes in prop::collection::vec(prop::sample::select(vec![0u8, 1, b'<', b'=', b'>', b'&', 0x7f, 0x80, 0xff]), 0..40),
            from in 0..44usize,
            stops in prop::array::uniform2(prop::sample::select(vec![0u8, 1, b'<', b'>', b'&', 0x80, 0xff])),
        ) {
            let expected = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|byte| stops.contains(byte)))
                .map(|offset| from + offset);
            proptest::prop_assert_eq!(find_first(&bytes, from, stops), expected);
            proptest::prop_assert_eq!(
                find_first(&bytes, from, [stops[0]]),
                bytes.get(from..).and_then(|rest| rest.iter().position(|&byte| byte == stops[0])).map(|offset| from + offset)
            );
        }

        /// The flat scan accepts exactly what the reader-based scan accepted, with the same
        /// root, and refuses for the same reason.
        #[test]
        fn agrees_with_a_scan_by_quick_xml(text in document()) {
            let flat = scan(&text);
            let reference = reference_scan(&text);
            match (&flat, &reference) {
                (Ok(root), Ok(expected)) => proptest::prop_assert_eq!(root, expected),
                (Err(error), Err(reason)) if ["DTD", "deeper", "more than one root",
                    "is not defined", "ends before", "no root"].contains(&reason.as_str()) =>
                {
                    proptest::prop_assert!(error.contains(reason.as_str()), "{error} / {reason}");
                }
                (Err(_), Err(_)) => {}
                _ => proptest::prop_assert!(false, "{text}: {flat:?} / {reference:?}"),
            }
        }
    }
}
