//! Who is calling: the `Authorization` (API key) and `SecretKey` headers and the `sellerid`
//! query value, with the failure codes Newegg documents (field notes §2.2).
//!
//! The status these codes travel with is not documented; the fake sends 401 for a key or token
//! it cannot accept (`InvalidConsumerKey`, `InvalidToken`) and 403 for a seller the credentials
//! may not act for (`AccessDenied`), the two statuses Newegg's .NET SDK treats as
//! authentication failures.

use std::collections::BTreeSet;

use wiremock::Request;

use super::model::SellerAccount;
use crate::support::http::{query_value, request_header};

/// Why a request was not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) code: &'static str,
    pub(crate) message: &'static str,
    pub(crate) status: u16,
}

impl Refusal {
    /// The consumer key (`Authorization`) is missing or unknown. The message is the one of the
    /// documented JSON sample.
    fn invalid_consumer_key() -> Self {
        Self {
            code: "InvalidConsumerKey",
            message: "The provided consumer key is malformed or otherwise invalid.",
            status: 401,
        }
    }

    fn invalid_token(message: &'static str) -> Self {
        Self {
            code: "InvalidToken",
            message,
            status: 401,
        }
    }

    /// The secret key does not belong to the consumer key.
    pub(crate) fn invalid_secret_key() -> Self {
        Self::invalid_token("Invalid Secret Key.")
    }

    fn access_denied(message: &'static str) -> Self {
        Self {
            code: "AccessDenied",
            message,
            status: 403,
        }
    }
}

/// The seller the request may act for, or why not. Checked in the order the codes are
/// documented: the consumer key, then the seller id and secret key, then the seller.
pub(crate) fn authenticate<'a>(
    sellers: &'a [SellerAccount],
    deactivated: &BTreeSet<String>,
    request: &Request,
) -> Result<&'a SellerAccount, Refusal> {
    let key = request_header(request, "authorization")
        .map(str::trim)
        .unwrap_or_default();
    let holders: Vec<&SellerAccount> = sellers
        .iter()
        .filter(|seller| !key.is_empty() && seller.authorization == key)
        .collect();
    if holders.is_empty() {
        return Err(Refusal::invalid_consumer_key());
    }
    let seller_id = query_value(request, "sellerid").unwrap_or_default();
    if seller_id.trim().is_empty() {
        return Err(Refusal::invalid_token("SellerID is null."));
    }
    let secret = request_header(request, "secretkey")
        .map(str::trim)
        .unwrap_or_default();
    if secret.is_empty() {
        return Err(Refusal::invalid_token("Secret Key is null."));
    }
    let matching: Vec<&SellerAccount> = holders
        .into_iter()
        .filter(|seller| seller.secret_key == secret)
        .collect();
    if matching.is_empty() {
        return Err(Refusal::invalid_secret_key());
    }
    let seller = matching
        .into_iter()
        .find(|seller| seller.seller_id == seller_id)
        .ok_or(Refusal::access_denied(
            "The seller ID is invalid or you have no authorization from this seller.",
        ))?;
    if deactivated.contains(&seller.seller_id) {
        return Err(Refusal::access_denied(
            "API services for this seller have been deactivated.",
        ));
    }
    Ok(seller)
}
