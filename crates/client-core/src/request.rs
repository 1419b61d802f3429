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

pub(crate) fn multipart_form(parts: &[FormPart]) -> Result<reqwest::multipart::Form, String> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            FormPart::Text { name, value } => form.text(name.clone(), value.clone()),
            FormPart::File {
                name,
                file_name,
                content_type,
                bytes,
            } => {
                let file = reqwest::multipart::Part::bytes(bytes.clone())
                    .file_name(file_name.clone())
                    .mime_str(content_type)
                    .map_err(|error| format!("file `{file_name}`: bad content type: {error}"))?;
                form.part(name.clone(), file)
            }
        };
    }
    Ok(form)
}
