//! Small helpers for reading requests and building answers, shared by every fake.

use std::str::FromStr;

use http::{HeaderName, HeaderValue, StatusCode};
use rust_decimal::Decimal;
use serde_json::Value;
use wiremock::{Request, ResponseTemplate};

/// An answer on its way out: wiremock's template plus what the shared stages need to know
/// about it (wiremock keeps the status private).
#[derive(Debug, Clone)]
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) body_len: usize,
    /// Boxed: the template is large and replies travel through `Result`s.
    pub(crate) template: Box<ResponseTemplate>,
}

impl Reply {
    /// Adds a header, skipping it when the value is not a legal header value (never panics).
    /// `name` must be a lower-case header name literal.
    pub(crate) fn with_header(mut self, name: &'static str, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            let template = std::mem::replace(&mut *self.template, ResponseTemplate::new(200u16));
            *self.template = template.append_header(HeaderName::from_static(name), value);
        }
        self
    }
}

/// The value of an `Ok`, or returns the `Err` answer from the route handler: `?` for
/// handlers that answer with a [`Reply`] either way.
macro_rules! or_return {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(reply) => return reply,
        }
    };
}
pub(crate) use or_return;

/// A response without a body, with a status that is always valid.
pub(crate) fn empty(status: u16) -> Reply {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Reply {
        status: code.as_u16(),
        body_len: 0,
        template: Box::new(ResponseTemplate::new(code)),
    }
}

/// A JSON answer.
pub(crate) fn json(status: u16, body: &Value) -> Reply {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    raw(status, bytes, "application/json")
}

/// `{"message": …}`, the error shape Discogs and the bulk-insert API share.
pub(crate) fn message(status: u16, text: &str) -> Reply {
    json(status, &serde_json::json!({ "message": text }))
}

/// A body with an explicit media type (`mime` must be a valid media type literal).
pub(crate) fn raw(status: u16, body: impl Into<Vec<u8>>, mime: &'static str) -> Reply {
    let body = body.into();
    let mut reply = empty(status);
    reply.body_len = body.len();
    let template = std::mem::replace(&mut *reply.template, ResponseTemplate::new(200u16));
    *reply.template = template.set_body_raw(body, mime);
    reply
}

/// A request header as text, if present and readable.
pub(crate) fn request_header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// The decoded path segments, without the leading empty one. A trailing slash yields a final
/// empty segment, so callers can tell `/a/` from `/a`.
pub(crate) fn path_segments(request: &Request) -> Vec<String> {
    request
        .url
        .path()
        .split('/')
        .skip(1)
        .map(|segment| {
            percent_encoding::percent_decode_str(segment)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// Every query parameter, decoded, in order.
pub(crate) fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// The first value of a query parameter.
pub(crate) fn query_value(request: &Request, key: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.into_owned())
}

/// A whole-number query parameter (its first value): `None` when it is absent, `Some(None)`
/// when it is not a whole number.
pub(crate) fn query_number(pairs: &[(String, String)], key: &str) -> Option<Option<usize>> {
    pairs
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.trim().parse().ok())
}

/// A full URL on the sandbox: `base` + `path` + the query pairs, form-encoded.
pub(crate) fn url_with_query(base: &str, path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return format!("{base}{path}");
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            pairs
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str())),
        )
        .finish();
    format!("{base}{path}?{query}")
}

/// Encodes one path segment for a URL the sandbox prints.
pub(crate) fn encode_segment(segment: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Money as an exact JSON number (serde_json keeps the digits with `arbitrary_precision`).
pub(crate) fn money_number(amount: Decimal) -> Value {
    serde_json::Number::from_str(&amount.normalize().to_string())
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(amount.to_string()))
}

/// Money as a JSON string with two decimals, as Instica sends it.
pub(crate) fn money_string(amount: Decimal) -> Value {
    Value::String(format!("{:.2}", amount.round_dp(2)))
}

/// Reads a decimal from a JSON number or string without going through a float.
pub(crate) fn decimal_from_json(value: &Value) -> Option<Decimal> {
    match value {
        Value::Number(number) => parse_decimal(&number.to_string()),
        Value::String(text) => parse_decimal(text),
        _ => None,
    }
}

/// Reads a decimal from text, accepting exponent notation too.
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    Decimal::from_str(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// Reads a whole number from a JSON number or a string of digits.
pub(crate) fn integer_from_json(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Reads text from a JSON string, or prints a number or boolean as text.
pub(crate) fn text_from_json(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Reads a boolean from JSON `true`/`false` or the usual text spellings.
pub(crate) fn bool_from_json(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" => Some(true),
            "false" | "0" | "no" | "n" => Some(false),
            _ => None,
        },
        Value::Number(number) => number.as_i64().map(|n| n != 0),
        _ => None,
    }
}

/// Escapes text for an XML element body (`<`, `>`, `&`; quotes need no escaping there).
pub(crate) fn xml_escape(text: &str) -> String {
    quick_xml::escape::partial_escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_numbers_keep_their_digits() {
        let amount = Decimal::from_str("14.319139100000001").unwrap();
        assert_eq!(money_number(amount).to_string(), "14.319139100000001");
        let parsed: Value = serde_json::from_str("14.319139100000001").unwrap();
        assert_eq!(decimal_from_json(&parsed), Some(amount));
    }

    #[test]
    fn segments_are_encoded_for_printing() {
        assert_eq!(encode_segment("a b/c"), "a%20b%2Fc");
    }
}
