//! An answer whose body has been read, with decoding helpers that fail with typed errors.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use crate::error::{Error, RequestSummary, UnexpectedContent, keep_body};

/// A successful (2xx or 304) answer with its whole body.
#[derive(Debug, Clone)]
pub struct Response {
    pub(crate) request: RequestSummary,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    /// An answer made from its parts, without a server: a decoder (a list endpoint's
    /// [`read_page`](crate::Paged::read_page), say) run on canned bytes reads it exactly as it
    /// reads one off the wire. Tests, fuzz targets and replays of recorded answers use it.
    ///
    /// ```
    /// use client_core::{Response, RequestSummary};
    /// use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
    /// use reqwest::{Method, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
    /// let request = RequestSummary { method: Method::GET, route: "/things", path: "/things".into() };
    /// let portal = Response::new(request, StatusCode::OK, headers, "<html>log in</html>");
    /// let refused = portal.json::<serde_json::Value>().unwrap_err();
    /// assert_eq!(refused.to_string(), "GET /things: expected json, got text/html");
    /// ```
    pub fn new(
        request: RequestSummary,
        status: StatusCode,
        headers: HeaderMap,
        body: impl Into<Bytes>,
    ) -> Self {
        Self {
            request,
            status,
            headers,
            body: body.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header as text, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The raw body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The request this answers.
    pub fn request(&self) -> &RequestSummary {
        &self.request
    }

    /// The body as UTF-8 text (a leading byte-order mark removed).
    pub fn text(&self) -> Result<&str, Error> {
        let text = std::str::from_utf8(&self.body)
            .map_err(|error| self.decode_error(format!("body is not UTF-8: {error}")))?;
        Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
    }

    /// Decodes a JSON body, refusing an empty body or one whose content type says it is not
    /// JSON (an HTML error page from a proxy, say) with an error that keeps the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let text = self.json_text()?;
        serde_json::from_str(text).map_err(|error| {
            self.decode_error(format!("JSON does not match the documented shape: {error}"))
        })
    }

    /// The body of a JSON answer as text, for a caller that decodes it its own way (item by
    /// item, say): refused as [`json`](Self::json) refuses it when the content type says it
    /// is not JSON or the body is empty.
    pub fn json_text(&self) -> Result<&str, Error> {
        self.expect_content_type(&["json"])?;
        let text = self.text()?;
        if text.trim().is_empty() {
            return Err(self.decode_error("expected a JSON body, got an empty one"));
        }
        Ok(text)
    }

    /// Fails with [`Error::UnexpectedContentType`] unless the `Content-Type` (when there is
    /// one) contains one of `accepted` (`json`, `xml`, `csv`): an HTML page a proxy or a
    /// captive portal sends with status 200 is named for what it is, body kept.
    pub fn expect_content_type(&self, accepted: &[&str]) -> Result<(), Error> {
        let Some(content_type) = self.headers.get(CONTENT_TYPE) else {
            return Ok(());
        };
        let content_type = content_type.to_str().unwrap_or("").to_ascii_lowercase();
        if accepted.iter().any(|wanted| content_type.contains(wanted)) {
            Ok(())
        } else {
            Err(Error::UnexpectedContentType(Box::new(UnexpectedContent {
                request: self.request.clone(),
                status: self.status,
                expected: accepted.join(" or "),
                got: content_type,
                body: keep_body(&self.body),
            })))
        }
    }

    /// An error saying the body was not what the vendor documents, keeping the body.
    pub fn decode_error(&self, reason: impl Into<String>) -> Error {
        Error::Decode {
            request: self.request.clone(),
            status: self.status,
            reason: reason.into(),
            body: keep_body(&self.body),
        }
    }
}
