//! Whose budget a pacer spends, and the Redis keys that follow from it.

use std::fmt::{self, Write as _};
use std::net::IpAddr;
use std::time::Duration;

use client_core::Secret;
use sha2::{Digest, Sha256};

/// The unit a vendor limits by: every pacer built with the same prefix and scope shares one
/// budget, whatever process or machine it runs in.
///
/// A scope becomes part of the Redis key names. Credentials never do: a Discogs token is
/// hashed first. Caller-given parts (seller ids, function names) are escaped, so that no
/// value can reach into another scope's keys.
///
/// ```
/// use client_core::Secret;
/// use rate_limit_redis::Scope;
///
/// let token = Secret::new("my-discogs-token");
/// let scope = Scope::discogs_token(&token);
/// assert!(scope.as_str().starts_with("discogs:token:"));
/// assert!(!scope.as_str().contains("my-discogs-token"));
///
/// assert_eq!(Scope::newegg("A006", "inventory").as_str(), "newegg:seller:A006:function:inventory");
/// assert_eq!(
///     Scope::discogs_ip("203.0.113.7".parse()?).as_str(),
///     "discogs:ip:203.0.113.7"
/// );
/// # Ok::<(), std::net::AddrParseError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    name: String,
}

impl Scope {
    /// Discogs with a personal access token (60 requests a minute): one budget per token.
    /// The key holds the first 128 bits of SHA-256 over a fixed label and the token, never
    /// the token itself.
    pub fn discogs_token(token: &Secret) -> Self {
        Self {
            name: format!("discogs:token:{}", token_digest(token)),
        }
    }

    /// Discogs without a token (25 requests a minute), which it counts per source IP: one
    /// budget per egress address.
    pub fn discogs_ip(egress: IpAddr) -> Self {
        Self {
            name: format!("discogs:ip:{}", escape(&egress.to_string())),
        }
    }

    /// Newegg, which limits each seller per API function (`inventory`, `price`, `order`, …).
    pub fn newegg(seller_id: &str, function: &str) -> Self {
        Self {
            name: format!(
                "newegg:seller:{}:function:{}",
                escape(seller_id),
                escape(function)
            ),
        }
    }

    /// Any other budget, named by the caller (escaped like every caller-given part).
    pub fn named(name: &str) -> Self {
        Self {
            name: format!("custom:{}", escape(name)),
        }
    }

    /// Narrows the scope to one egress IP, for a vendor that limits per token *and* source
    /// address (workers behind different addresses then have budgets of their own).
    pub fn egress_ip(mut self, egress: IpAddr) -> Self {
        let _ = write!(self.name, ":ip:{}", escape(&egress.to_string()));
        self
    }

    /// The scope as it appears in the key names.
    pub fn as_str(&self) -> &str {
        &self.name
    }
}

impl fmt::Debug for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Holds no secret: tokens are hashed before they get here.
        f.debug_tuple("Scope").field(&self.name).finish()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// The first 128 bits of SHA-256 over a label and the token, as hex: enough to keep two
/// tokens apart, and no way back to the token.
fn token_digest(token: &Secret) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"rate-limit-redis/discogs-token\0");
    hasher.update(token.expose().as_bytes());
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(32);
    for byte in digest.iter().take(16) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Keeps `A-Z a-z 0-9 . _ -` and writes every other byte as `%XX`, so a caller's value can
/// neither end a key part (`:`) nor open or close the hash tag (`{`, `}`).
fn escape(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The Redis keys of one budget.
///
/// With prefix `P` and scope `S`:
///
/// | key | type | holds |
/// |---|---|---|
/// | `P:{S}:window:<ms>ms` | sorted set | one member per booking (`<worker>:<n>`), scored by the µs (server time) it counts from; one set per window length |
/// | `P:{S}:cooldown` | string | when the shared pause ends (µs, server time); expires with it |
/// | `P:{S}:workers` | set | the workers whose recent bookings this Redis holds |
///
/// The braces are a Redis Cluster hash tag: every key of a budget lives in one slot, as the
/// scripts that touch them together require. Every key expires a little after its longest
/// window once nobody books, so an idle budget leaves nothing behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    cooldown: String,
    workers: String,
    windows: Vec<(Duration, String)>,
}

impl Keys {
    pub(crate) fn new(prefix: &str, scope: &Scope, periods: &[Duration]) -> Self {
        let base = format!("{prefix}:{{{}}}", scope.as_str());
        Self {
            cooldown: format!("{base}:cooldown"),
            workers: format!("{base}:workers"),
            windows: periods
                .iter()
                .map(|&period| (period, format!("{base}:window:{}ms", period.as_millis())))
                .collect(),
        }
    }

    /// The key of the shared pause.
    pub fn cooldown(&self) -> &str {
        &self.cooldown
    }

    /// The key of the set of workers whose recent bookings Redis holds.
    pub fn workers(&self) -> &str {
        &self.workers
    }

    /// The sorted set of the window of `period`, if the pacer has one.
    pub fn window(&self, period: Duration) -> Option<&str> {
        self.windows
            .iter()
            .find(|(length, _)| *length == period)
            .map(|(_, key)| key.as_str())
    }

    /// Every window's sorted set, in the order of the policy's windows.
    pub fn windows(&self) -> impl Iterator<Item = &str> {
        self.windows.iter().map(|(_, key)| key.as_str())
    }

    /// Every key of the budget (for cleaning up after a test, say).
    pub fn all(&self) -> Vec<&str> {
        let mut all = vec![self.cooldown.as_str(), self.workers.as_str()];
        all.extend(self.windows());
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_parts_cannot_reach_into_other_keys() {
        let scope = Scope::newegg("A0:6}{x", "in ventory");
        assert_eq!(
            scope.as_str(),
            "newegg:seller:A0%3A6%7D%7Bx:function:in%20ventory"
        );
        let keys = Keys::new("shop", &scope, &[Duration::from_secs(60)]);
        assert_eq!(
            keys.window(Duration::from_secs(60)),
            Some("shop:{newegg:seller:A0%3A6%7D%7Bx:function:in%20ventory}:window:60000ms")
        );
    }

    #[test]
    fn a_token_never_appears_in_a_key_and_tokens_stay_apart() {
        let one = Scope::discogs_token(&Secret::new("token-one"));
        let two = Scope::discogs_token(&Secret::new("token-two"));
        assert_ne!(one, two);
        assert!(!one.as_str().contains("token-one"));
        assert_eq!(one.as_str().len(), "discogs:token:".len() + 32);
        assert_eq!(one, Scope::discogs_token(&Secret::new("token-one")));
    }

    #[test]
    fn egress_addresses_narrow_a_scope() {
        let scope = Scope::discogs_token(&Secret::new("t")).egress_ip(
            "::1"
                .parse()
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)),
        );
        assert!(scope.as_str().ends_with(":ip:%3A%3A1"), "{scope}");
        let keys = Keys::new("p", &Scope::named("x"), &[Duration::from_millis(2_000)]);
        assert_eq!(keys.cooldown(), "p:{custom:x}:cooldown");
        assert_eq!(keys.workers(), "p:{custom:x}:workers");
        assert_eq!(keys.all().len(), 3);
    }
}
