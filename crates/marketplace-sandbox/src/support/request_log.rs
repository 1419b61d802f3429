//! A record of every request a fake received, with credentials masked.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http::HeaderMap;

/// Request headers worth keeping in the log; anything else is left out to keep entries short.
const LOGGED_HEADERS: &[&str] = &[
    "accept",
    "authorization",
    "content-type",
    "if-modified-since",
    "secretkey",
    "user-agent",
    "x-api-key",
    "x-site-context",
];

/// Headers whose values are credentials and are masked in the log.
const SECRET_HEADERS: &[&str] = &["authorization", "secretkey", "x-api-key"];

/// Query parameters whose values are credentials.
const SECRET_QUERY_KEYS: &[&str] = &["token", "key", "secret", "api_key"];

/// One request as the fake saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// The HTTP method, upper case.
    pub method: String,
    /// The path, still percent-encoded as sent.
    pub path: String,
    /// The query string as sent (credential parameters masked), if there was one.
    pub query: Option<String>,
    /// Selected headers (lower-case names) with credential values replaced by `***`.
    pub headers: Vec<(String, String)>,
    /// The status the fake answered with.
    pub status: u16,
}

impl LoggedRequest {
    /// The logged value of a header, looked up case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The request log of one fake. Cloning gives another handle on the same log.
#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    entries: Arc<Mutex<Vec<LoggedRequest>>>,
}

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, Vec<LoggedRequest>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every request received so far, oldest first.
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.lock().clone()
    }

    /// How many requests were received.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no request was received.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// How many requests had this method and exactly this path.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.lock()
            .iter()
            .filter(|entry| entry.method.eq_ignore_ascii_case(method) && entry.path == path)
            .count()
    }

    /// How many requests were answered with this status.
    pub fn count_status(&self, status: u16) -> usize {
        self.lock()
            .iter()
            .filter(|entry| entry.status == status)
            .count()
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.lock().clear();
    }

    pub(crate) fn record(&self, request: &wiremock::Request, status: u16) {
        let entry = LoggedRequest {
            method: request.method.as_str().to_ascii_uppercase(),
            path: request.url.path().to_string(),
            query: request.url.query().map(mask_query),
            headers: logged_headers(&request.headers),
            status,
        };
        self.lock().push(entry);
    }
}

fn logged_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    LOGGED_HEADERS
        .iter()
        .filter_map(|name| {
            let value = headers.get(*name)?.to_str().unwrap_or("<binary>");
            let value = if SECRET_HEADERS.contains(name) {
                mask_credential(value)
            } else {
                value.to_string()
            };
            Some(((*name).to_string(), value))
        })
        .collect()
}

/// Keeps an authorization scheme (`Bearer`, `Discogs`, `OAuth`) so a test can see which one was
/// used, and hides everything after it.
fn mask_credential(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} ***"),
        None => "***".to_string(),
    }
}

fn mask_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if SECRET_QUERY_KEYS.contains(&key) => format!("{key}=***"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_credentials_but_keeps_the_scheme() {
        assert_eq!(mask_credential("Discogs token=abc"), "Discogs ***");
        assert_eq!(mask_credential("21EC2020"), "***");
        assert_eq!(mask_query("page=2&token=abc"), "page=2&token=***");
    }
}
