//! A description of one request, rebuilt into a fresh `reqwest` request for every attempt.

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use url::Url;

use crate::error::Error;
use crate::path::Route;
use crate::query::QueryValue;
use crate::retry::Idempotency;

/// A request body. Bodies are kept as bytes so that a retry sends exactly the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// Bytes with their content type (JSON, XML, CSV, …).
    Bytes {
        /// The `Content-Type` header value.
        content_type: String,
        /// The body.
        bytes: Vec<u8>,
    },
    /// A `multipart/form-data` form.
    Multipart(Vec<FormPart>),
}

/// One field of a multipart form.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormPart {
    /// A plain text field.
    Text {
        /// The field name.
        name: String,
        /// The value.
        value: String,
    },
    /// A file field.
    File {
        /// The field name.
        name: String,
        /// The file name sent with it.
        file_name: String,
        /// The file's content type.
        content_type: String,
        /// The file's bytes.
        bytes: Vec<u8>,
    },
}

impl FormPart {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::Text {
            name: name.into(),
            value: value.into(),
        }
    }

    /// A file field.
    pub fn file(
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Self {
        Self::File {
            name: name.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes,
        }
    }
}

/// Where a request goes: a route under the client's base URL, or a full URL the server
/// handed out (a `next` page link), which must stay on the base URL's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Route(Route),
    Absolute { template: &'static str, url: Url },
}

/// One request, as a client crate describes it to the engine.
///
/// ```
/// use client_core::{Request, Route};
///
/// let route = Route::new("/marketplace/listings/{listing_id}")
///     .with("listing_id", "172723812")?
///     .finish()?;
/// let request = Request::get(route).query("curr_abbr", "USD");
/// # Ok::<(), client_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) target: Target,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) idempotency: Idempotency,
}

impl Request {
    /// A request with the usual idempotency of its method (see [`Idempotency::for_method`]).
    pub fn new(method: Method, route: Route) -> Self {
        let idempotency = Idempotency::for_method(&method);
        Self {
            method,
            target: Target::Route(route),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            idempotency,
        }
    }

    /// A GET request.
    pub fn get(route: Route) -> Self {
        Self::new(Method::GET, route)
    }

    /// A POST request; not repeated after the server may have seen it unless marked
    /// [`Request::idempotent`].
    pub fn post(route: Route) -> Self {
        Self::new(Method::POST, route)
    }

    /// A PUT request.
    pub fn put(route: Route) -> Self {
        Self::new(Method::PUT, route)
    }

    /// A PATCH request.
    pub fn patch(route: Route) -> Self {
        Self::new(Method::PATCH, route)
    }

    /// A DELETE request.
    pub fn delete(route: Route) -> Self {
        Self::new(Method::DELETE, route)
    }

    /// A GET of a full URL the server returned (such as a `next` page link). The engine
    /// refuses it unless it has the base URL's scheme, host and port, so credentials are never
    /// sent elsewhere. `template` names the endpoint in traces and errors.
    pub fn get_url(template: &'static str, url: Url) -> Self {
        Self {
            method: Method::GET,
            target: Target::Absolute { template, url },
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            idempotency: Idempotency::Idempotent,
        }
    }

    /// Adds a query parameter (repeat the call for a repeated parameter); the value is
    /// spelled by its [`QueryValue`] implementation.
    pub fn query(mut self, name: impl Into<String>, value: impl QueryValue) -> Self {
        self.query
            .push((name.into(), value.query_value().into_owned()));
        self
    }

    /// Adds a query parameter when `value` is present.
    pub fn query_opt<V: QueryValue>(self, name: &str, value: Option<V>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Sets a header (replacing one of the same name).
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| {
            Error::invalid_input("body", format!("cannot be written as JSON: {error}"))
        })?;
        Ok(self.body("application/json", bytes))
    }

    /// Sets a body of any content type.
    pub fn body(mut self, content_type: impl Into<String>, bytes: Vec<u8>) -> Self {
        self.body = Body::Bytes {
            content_type: content_type.into(),
            bytes,
        };
        self
    }

    /// Sets a multipart form body.
    pub fn multipart(mut self, parts: Vec<FormPart>) -> Self {
        self.body = Body::Multipart(parts);
        self
    }

    /// Marks the request safe to repeat (for POSTs that set absolute values).
    pub fn idempotent(mut self) -> Self {
        self.idempotency = Idempotency::Idempotent;
        self
    }

    /// Marks the request unsafe to repeat once the server may have seen it.
    pub fn non_idempotent(mut self) -> Self {
        self.idempotency = Idempotency::NonIdempotent;
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Whether the request may be repeated.
    pub fn idempotency(&self) -> Idempotency {
        self.idempotency
    }

    /// The route template, for traces and errors.
    pub fn template(&self) -> &'static str {
        match &self.target {
            Target::Route(route) => route.template(),
            Target::Absolute { template, .. } => template,
        }
    }

    /// The body.
    pub fn body_ref(&self) -> &Body {
        &self.body
    }

    /// The headers set on this request (authentication is added later, per attempt).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The query parameters.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }
}

/// A `multipart/form-data` body (RFC 7578) and its content type.
///
/// Written here rather than through reqwest's `multipart` feature, which would build a MIME
/// type table (mime_guess) for what is always one CSV file or a few named fields. Names and
/// file names are escaped as browsers do (`"` as `%22`, CR and LF as `%0D`, `%0A`), and the
/// boundary is drawn afresh until no part contains it.
pub(crate) fn multipart_body(parts: &[FormPart]) -> Result<(String, Vec<u8>), String> {
    let boundary = loop {
        let candidate = format!(
            "----client-core-{:016x}{:016x}",
            crate::clock::random_u64(),
            crate::clock::random_u64()
        );
        let clashes = parts.iter().any(|part| {
            let content: &[u8] = match part {
                FormPart::Text { value, .. } => value.as_bytes(),
                FormPart::File { bytes, .. } => bytes,
            };
            content
                .windows(candidate.len())
                .any(|window| window == candidate.as_bytes())
        });
        if !clashes {
            break candidate;
        }
    };
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            FormPart::Text { name, value } => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        escape_field(name)
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(value.as_bytes());
            }
            FormPart::File {
                name,
                file_name,
                content_type,
                bytes,
            } => {
                if content_type.is_empty()
                    || !content_type
                        .bytes()
                        .all(|byte| byte.is_ascii_graphic() || byte == b' ')
                {
                    return Err(format!(
                        "file `{file_name}`: bad content type `{content_type}`"
                    ));
                }
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\
                         Content-Type: {content_type}\r\n\r\n",
                        escape_field(name),
                        escape_field(file_name)
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((format!("multipart/form-data; boundary={boundary}"), body))
}

/// A field or file name inside a quoted `Content-Disposition` parameter.
fn escape_field(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &[u8]) -> String {
        String::from_utf8(body.to_vec()).unwrap()
    }

    #[test]
    fn a_form_is_written_as_rfc_7578_says() {
        let parts = [
            FormPart::text("type", "photo"),
            FormPart::file(
                "upload",
                "stock.csv",
                "text/csv",
                b"sku,qty\nA,1\n".to_vec(),
            ),
        ];
        let (content_type, body) = multipart_body(&parts).unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert_eq!(
            text(&body),
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nphoto\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; \
                 filename=\"stock.csv\"\r\nContent-Type: text/csv\r\n\r\nsku,qty\nA,1\n\r\n\
                 --{boundary}--\r\n"
            )
        );
    }

    #[test]
    fn names_cannot_break_out_of_their_quotes_or_lines() {
        let parts = [FormPart::file(
            "a\"b",
            "evil\"\r\nX-Injected: 1.csv",
            "text/csv",
            Vec::new(),
        )];
        let (_, body) = multipart_body(&parts).unwrap();
        let body = text(&body);
        assert!(body.contains("name=\"a%22b\""), "{body}");
        assert!(
            body.contains("filename=\"evil%22%0D%0AX-Injected: 1.csv\""),
            "{body}"
        );
        assert!(!body.contains("\r\nX-Injected"), "{body}");
    }

    #[test]
    fn a_content_type_that_is_not_a_header_value_is_refused() {
        let parts = [FormPart::file("f", "x.csv", "text/csv\r\nX: 1", Vec::new())];
        let error = multipart_body(&parts).unwrap_err();
        assert!(error.contains("bad content type"), "{error}");
    }

    #[test]
    fn the_boundary_never_occurs_in_a_part() {
        for _ in 0..50 {
            let (content_type, body) =
                multipart_body(&[FormPart::text("n", "--client-core-")]).unwrap();
            let boundary = content_type.rsplit('=').next().unwrap();
            // The boundary appears only as the delimiter lines: twice for one part.
            assert_eq!(text(&body).matches(boundary).count(), 2);
        }
    }
}
