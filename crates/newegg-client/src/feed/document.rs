//! The Datafeed API's answers, read tolerantly in either format.
//!
//! Newegg's feed answers are XML-to-JSON renderings of one tree: a list of one may come as the
//! bare object, a list of strings as one string, numbers as text or as numbers, and the JSON
//! may or may not carry the XML root as its only key. Both formats are therefore read into one
//! [`serde_json::Value`] tree (XML after the hostile-XML scan: a repeated element becomes an
//! array, an element with only text becomes a string) and the typed answers are taken from it
//! with the helpers here, which accept every one of those variants.

use client_core::Response;
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::{Map, Value};

use crate::client::{AnswerText, answer_text};
use crate::error::NeweggError;
use crate::xml;

/// The largest feed answer read: a processing report names up to 10,000 items, each with its
/// errors.
pub(crate) const MAX_FEED_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// A 2xx feed answer as one tree: its root element's content for XML (the root must be one of
/// `roots`), the document for JSON with a single member named like one of `roots` unwrapped.
pub(crate) fn read(response: &Response, roots: &[&str]) -> Result<Value, NeweggError> {
    let AnswerText { text, xml_scan } = answer_text(response, MAX_FEED_ANSWER_BYTES)?;
    let decode_error = |reason: String| NeweggError::from(response.decode_error(reason));
    if let Some(scanned) = xml_scan {
        xml::check_root(scanned.map_err(decode_error)?, roots).map_err(decode_error)?;
        return xml_tree(text).map_err(decode_error);
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|error| decode_error(format!("the body is not JSON: {error}")))?;
    Ok(unwrap_root(value, roots))
}

/// A JSON document whose only member is named like the XML root is that member.
fn unwrap_root(value: Value, roots: &[&str]) -> Value {
    match value {
        Value::Object(mut members) if members.len() == 1 => {
            let root = roots.iter().find(|root| members.contains_key(**root));
            match root.and_then(|root| members.remove(*root)) {
                Some(inner) => inner,
                None => Value::Object(members),
            }
        }
        other => other,
    }
}

/// The content of an XML document's root element as a tree: elements with children become
/// objects (a repeated child an array), elements with only text (CDATA included) strings,
/// empty elements empty strings. Attributes are left out.
fn xml_tree(text: &str) -> Result<Value, String> {
    let mut reader = Reader::from_str(text);
    // (element name, children, text) of every open element; the first is the root.
    let mut open: Vec<(String, Map<String, Value>, String)> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|error| {
            format!(
                "malformed XML near byte {}: {error}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                open.push((name, Map::new(), String::new()));
            }
            Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                match open.last_mut() {
                    Some((_, children, _)) => {
                        add_child(children, name, Value::String(String::new()))
                    }
                    None => return Ok(Value::String(String::new())),
                }
            }
            Event::Text(content) => {
                let decoded = content
                    .decode()
                    .map_err(|error| format!("XML text is not readable: {error}"))?;
                if let Some((_, _, text)) = open.last_mut() {
                    text.push_str(&decoded);
                }
            }
            Event::CData(content) => {
                if let Some((_, _, text)) = open.last_mut() {
                    text.push_str(&String::from_utf8_lossy(&content));
                }
            }
            Event::GeneralRef(reference) => {
                let name = String::from_utf8_lossy(&reference).into_owned();
                let resolved = resolve_reference(&name)
                    .ok_or_else(|| format!("XML entity `&{name};` is refused"))?;
                if let Some((_, _, text)) = open.last_mut() {
                    text.push(resolved);
                }
            }
            Event::End(_) => {
                let Some((name, children, text)) = open.pop() else {
                    return Err("the XML document closes an element it never opened".into());
                };
                let value = if children.is_empty() {
                    Value::String(text.trim().to_owned())
                } else {
                    Value::Object(children)
                };
                match open.last_mut() {
                    Some((_, parent, _)) => add_child(parent, name, value),
                    None => return Ok(value),
                }
            }
            Event::Eof => return Err("the XML document ends before its root is closed".into()),
            _ => {}
        }
    }
}

fn add_child(children: &mut Map<String, Value>, name: String, value: Value) {
    match children.get_mut(&name) {
        Some(Value::Array(entries)) => entries.push(value),
        Some(existing) => {
            let first = std::mem::take(existing);
            *existing = Value::Array(vec![first, value]);
        }
        None => {
            children.insert(name, value);
        }
    }
}

/// The five predefined entities and character references; the scan refused everything else.
fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The member `key` of an object, `None` for anything else.
pub(crate) fn member<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.as_object().and_then(|members| members.get(key))
}

/// The first of `keys` an object has (spellings differ between Newegg's sources).
pub(crate) fn member_of<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|key| member(value, key))
}

/// A scalar as trimmed text: a string, a number or a boolean; `None` for `null`, an empty
/// string, an object or an array.
pub(crate) fn text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// The text of the member `key`.
pub(crate) fn text_of(value: &Value, keys: &[&str]) -> Option<String> {
    member_of(value, keys).and_then(text)
}

/// A list that may come as an array, as one bare entry, or (empty) as `null` or `""`.
pub(crate) fn list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(text)) if text.trim().is_empty() => Vec::new(),
        Some(Value::Array(entries)) => entries.iter().collect(),
        Some(single) => vec![single],
    }
}

/// A count Newegg wrote as text or as a number.
pub(crate) fn count(value: &Value, key: &str) -> Result<Option<u32>, String> {
    match text_of(value, &[key]) {
        None => Ok(None),
        Some(text) => text
            .parse::<u32>()
            .map(Some)
            .map_err(|_| format!("{key} `{text}` is not a whole number")),
    }
}

/// Newegg's `IsSuccess`: `true` or `false`, as a boolean or as text.
pub(crate) fn is_success(value: &Value) -> Option<bool> {
    match text_of(value, &["IsSuccess"])?
        .to_ascii_lowercase()
        .as_str()
    {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn xml_becomes_the_tree_its_json_rendering_is() {
        let text = "<R><A>1</A><L><E>x</E><E><![CDATA[y & z]]></E></L><Empty/>\
                    <One><E>&amp;&#65;</E></One></R>";
        assert_eq!(
            xml_tree(text).unwrap(),
            json!({"A": "1", "L": {"E": ["x", "y & z"]}, "Empty": "", "One": {"E": "&A"}})
        );
    }

    #[test]
    fn json_may_carry_its_root() {
        let roots = ["NeweggEnvelope"];
        assert_eq!(
            unwrap_root(json!({"NeweggEnvelope": {"A": 1}}), &roots),
            json!({"A": 1})
        );
        assert_eq!(unwrap_root(json!({"A": 1}), &roots), json!({"A": 1}));
    }

    #[test]
    fn lists_and_scalars_in_every_spelling() {
        assert_eq!(list(Some(&json!([1, 2]))).len(), 2);
        assert_eq!(list(Some(&json!({"a": 1}))).len(), 1);
        assert!(list(Some(&json!(""))).is_empty());
        assert!(list(None).is_empty());
        assert_eq!(text(&json!(" 7 ")).as_deref(), Some("7"));
        assert_eq!(text(&json!(7)).as_deref(), Some("7"));
        assert_eq!(text(&json!("")), None);
        assert_eq!(count(&json!({"N": "12"}), "N"), Ok(Some(12)));
        assert!(count(&json!({"N": "x"}), "N").is_err());
        assert_eq!(is_success(&json!({"IsSuccess": "true"})), Some(true));
        assert_eq!(is_success(&json!({"IsSuccess": false})), Some(false));
    }
}
