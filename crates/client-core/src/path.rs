//! Paths built from route templates, with every caller-supplied segment percent-encoded.
//!
//! A username such as `../admin` or an order ID such as `1-1?x=y#z` must never change which
//! endpoint a request reaches. Segments are therefore encoded so that only the RFC 3986
//! unreserved characters (`A–Z a–z 0–9 - . _ ~`) stay as they are, and the segments `.` and
//! `..` (which URL normalisation would silently swallow) and the empty segment are refused.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but the unreserved characters is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a path could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// A segment value was empty, so the route would change shape.
    #[error("path segment `{name}` must not be empty")]
    Empty {
        /// The placeholder name in the route template.
        name: String,
    },
    /// A segment value was `.` or `..`, which URL normalisation removes.
    #[error("path segment `{name}` must not be `.` or `..`")]
    DotSegment {
        /// The placeholder name in the route template.
        name: String,
    },
    /// The route template has no placeholder of that name.
    #[error("route `{template}` has no placeholder `{{{name}}}`")]
    UnknownPlaceholder {
        /// The route template.
        template: &'static str,
        /// The name that was not found.
        name: String,
    },
    /// A placeholder of the template was never filled.
    #[error("route `{template}` still has the unfilled placeholder in `{path}`")]
    Unfilled {
        /// The route template.
        template: &'static str,
        /// The path as far as it was filled.
        path: String,
    },
}

/// Percent-encodes one path segment, refusing empty, `.` and `..` segments.
///
/// ```
/// use client_core::path::encode_segment;
///
/// assert_eq!(encode_segment("user", "rapp cats/../x").unwrap(), "rapp%20cats%2F..%2Fx");
/// assert!(encode_segment("user", "..").is_err());
/// ```
pub fn encode_segment(name: &str, value: &str) -> Result<String, PathError> {
    match value {
        "" => Err(PathError::Empty {
            name: name.to_owned(),
        }),
        "." | ".." => Err(PathError::DotSegment {
            name: name.to_owned(),
        }),
        _ => Ok(utf8_percent_encode(value, SEGMENT).to_string()),
    }
}

/// Reverses [`encode_segment`] (used in tests and by fakes that route on paths).
pub fn decode_segment(encoded: &str) -> String {
    percent_decode_str(encoded).decode_utf8_lossy().into_owned()
}

/// A request path together with the template it was made from.
///
/// The template (`/users/{username}/inventory`) names the endpoint in traces and errors
/// without exposing caller data; the path is what goes on the wire.
///
/// ```
/// use client_core::Route;
///
/// let route = Route::new("/users/{username}/inventory")
///     .with("username", "rapp/cats")?
///     .finish()?;
/// assert_eq!(route.path(), "/users/rapp%2Fcats/inventory");
/// assert_eq!(route.template(), "/users/{username}/inventory");
/// # Ok::<(), client_core::path::PathError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    template: &'static str,
    path: String,
}

impl Route {
    /// Starts a route from its template; placeholders are written `{name}`.
    pub fn new(template: &'static str) -> Self {
        Self {
            template,
            path: template.to_owned(),
        }
    }

    /// Fills the placeholder `{name}` with the encoded `value`.
    pub fn with(mut self, name: &str, value: &str) -> Result<Self, PathError> {
        let placeholder = format!("{{{name}}}");
        if !self.path.contains(&placeholder) {
            return Err(PathError::UnknownPlaceholder {
                template: self.template,
                name: name.to_owned(),
            });
        }
        let encoded = encode_segment(name, value)?;
        self.path = self.path.replacen(&placeholder, &encoded, 1);
        Ok(self)
    }

    /// Checks that every placeholder was filled.
    pub fn finish(self) -> Result<Self, PathError> {
        // Encoded segments never contain braces, so any brace left is an unfilled placeholder.
        if self.path.contains('{') {
            return Err(PathError::Unfilled {
                template: self.template,
                path: self.path,
            });
        }
        Ok(self)
    }

    /// The template, for traces and error messages.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// The encoded path.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reserved_characters_cannot_change_the_route() {
        let route = Route::new("/marketplace/orders/{order_id}/messages")
            .with("order_id", "1-1/../../admin?x=1#frag%")
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(
            route.path(),
            "/marketplace/orders/1-1%2F..%2F..%2Fadmin%3Fx%3D1%23frag%25/messages"
        );
        let url = url::Url::parse("https://api.example.com")
            .unwrap()
            .join(route.path())
            .unwrap();
        assert_eq!(url.path_segments().unwrap().count(), 4);
    }

    #[test]
    fn dot_and_empty_segments_are_refused() {
        for bad in ["", ".", ".."] {
            assert!(Route::new("/a/{id}").with("id", bad).is_err());
        }
        assert_eq!(
            Route::new("/a/{id}").with("id", "...").unwrap().path(),
            "/a/..."
        );
    }

    #[test]
    fn unknown_and_unfilled_placeholders_are_refused() {
        assert!(matches!(
            Route::new("/a/{id}").with("other", "x"),
            Err(PathError::UnknownPlaceholder { .. })
        ));
        assert!(matches!(
            Route::new("/a/{id}/{b}").with("id", "x").unwrap().finish(),
            Err(PathError::Unfilled { .. })
        ));
    }

    proptest! {
        #[test]
        fn decode_reverses_encode(s in "\\PC{1,40}") {
            prop_assume!(s != "." && s != "..");
            let encoded = encode_segment("s", &s).unwrap();
            prop_assert!(!encoded.contains('/'));
            prop_assert!(!encoded.contains('?'));
            prop_assert!(!encoded.contains('#'));
            prop_assert_eq!(decode_segment(&encoded), s);
        }

        #[test]
        fn encoded_segment_stays_one_segment(s in any::<String>()) {
            prop_assume!(!s.is_empty() && s != "." && s != "..");
            let route = Route::new("/x/{s}/y").with("s", &s).unwrap().finish().unwrap();
            let url = url::Url::parse("https://h.example").unwrap().join(route.path()).unwrap();
            let segments: Vec<_> = url.path_segments().unwrap().collect();
            prop_assert_eq!(segments.len(), 3);
            prop_assert_eq!(decode_segment(segments[1]), s);
        }
    }
}
