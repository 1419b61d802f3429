//! The ID Newegg gives a submitted feed.
//!
//! A module of its own because the error type names it (a DF012 refusal names the feed it
//! refused) and the error module may import nothing that imports it.

use std::fmt;

/// The ID Newegg hands out for a submitted feed (`RequestId`), the key of its status and its
/// processing report.
///
/// Opaque: Newegg's recorded answers show 12 and 13 letters and digits (`23COGPPOGWE5Z`,
/// `Z98EUQG1FUGC`) as well as digits only (`2291326430`), so it is kept as text, never as a
/// number.
///
/// ```
/// use newegg_client::RequestId;
///
/// let id = RequestId::new("23COGPPOGWE5Z")?;
/// assert_eq!(id.as_str(), "23COGPPOGWE5Z");
/// assert_eq!(id.to_string(), "23COGPPOGWE5Z");
/// assert!(RequestId::new("23COG POGWE5Z").is_err());
/// # Ok::<(), newegg_client::InvalidInput>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(String);

impl RequestId {
    /// Wraps an ID Newegg handed out. It travels in a URL path and in request bodies, so it
    /// must be non-empty ASCII letters, digits, `-` or `_`.
    ///
    /// # Errors
    ///
    /// [`InvalidInput`](client_core::InvalidInput) naming `request_id` otherwise.
    pub fn new(id: impl Into<String>) -> Result<Self, client_core::InvalidInput> {
        let id = id.into();
        let id = id.trim();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(client_core::InvalidInput::new(
                "request_id",
                format!("`{id}` must be non-empty ASCII letters, digits, `-` or `_`"),
            ));
        }
        Ok(Self(id.to_owned()))
    }

    /// The ID as Newegg wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
