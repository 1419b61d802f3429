//! Newegg's error codes and the reader for every shape of Newegg error body (XML `<Errors>`,
//! a JSON object, a JSON array, plain text).

use std::fmt;

use client_core::{StatusCode, VendorError};

use crate::wire::{ErrorIn, ErrorsXml};
use crate::xml;

/// One error Newegg reported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorEntry {
    /// Newegg's code, when the entry had one.
    pub code: Option<ErrorCode>,
    /// Newegg's message.
    pub message: String,
}

/// Declares [`ErrorCode`] once: each variant beside the code Newegg writes, so that reading
/// and writing a code can never disagree.
macro_rules! error_codes {
    ($(
        $(#[$doc:meta])*
        $variant:ident => $code:literal,
    )+) => {
        /// Newegg's error codes for the item inventory functions, the data feeds and refused
        /// credentials.
        ///
        /// The codes of the vendor's inventory page (`CT001` … `CT073`, `CE003`), the
        /// throttling page's `DF012` (a feed past the hourly record allowance), the
        /// credential codes of its endpoints page (`InvalidConsumerKey`, `InvalidToken`,
        /// `AccessDenied`), and the further `CT0xx` codes of Newegg's seller wiki (field notes
        /// §2.2 and §2.5). The HTTP status these travel with is not documented; see
        /// [`NeweggErrorKind`](crate::NeweggErrorKind) for how the client reads them.
        ///
        /// Codes this crate does not know yet arrive as [`ErrorCode::Unknown`], so a code
        /// Newegg adds tomorrow does not break today's program.
        ///
        /// ```
        /// use newegg_client::ErrorCode;
        ///
        /// assert_eq!(ErrorCode::from_code("CT002"), ErrorCode::InvalidSellerPartNumber);
        /// assert_eq!(ErrorCode::InvalidSellerPartNumber.as_str(), "CT002");
        /// assert_eq!(ErrorCode::from_code("ct022"), ErrorCode::ShippedByNewegg);
        /// assert_eq!(ErrorCode::from_code("SO011"), ErrorCode::Unknown("SO011".into()));
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(
                $(#[$doc])*
                $variant,
            )+
            /// A code this crate does not know, as received.
            Unknown(String),
        }

        impl ErrorCode {
            /// Every code this crate knows, in Newegg's order.
            pub const KNOWN: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// Reads a code as Newegg writes it (surrounding whitespace and case ignored).
            pub fn from_code(code: &str) -> Self {
                let code = code.trim();
                $(
                    if code.eq_ignore_ascii_case($code) {
                        return Self::$variant;
                    }
                )+
                Self::Unknown(code.to_owned())
            }

            /// The code as Newegg writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)+
                    Self::Unknown(code) => code,
                }
            }
        }
    };
}

error_codes! {
    /// `CT001`: the Newegg item number is not valid.
    InvalidItemNumber => "CT001",
    /// `CT002`: the seller part number is not valid.
    InvalidSellerPartNumber => "CT002",
    /// `CT003`: the UPC is not valid.
    InvalidUpc => "CT003",
    /// `CT004`: the item is under review and cannot be activated yet (seller wiki).
    ItemUnderReview => "CT004",
    /// `CT005`: the item identifier type is not 0, 1 or 2.
    InvalidIdentifierType => "CT005",
    /// `CT006`: the MSRP is not valid (from 0 to 99,999.99) (seller wiki).
    InvalidMsrp => "CT006",
    /// `CT007`: the selling price is not valid (seller wiki).
    InvalidSellingPrice => "CT007",
    /// `CT008`: the shipping type is not valid (0 default, 1 free) (seller wiki).
    InvalidShippingType => "CT008",
    /// `CT009`: the manufacturer is restricted (seller wiki).
    RestrictedManufacturer => "CT009",
    /// `CT010`: no item has the given condition.
    ConditionNotFound => "CT010",
    /// `CT014`: no item has that seller part number or item number.
    ItemNotFound => "CT014",
    /// `CT015`: the item belongs to another seller.
    ItemOfAnotherSeller => "CT015",
    /// `CT016`: a promotion locks the item's shipping (seller wiki).
    ShippingLockedByPromotion => "CT016",
    /// `CT019`: a promotion locks the item's selling price (seller wiki).
    PriceLockedByPromotion => "CT019",
    /// `CT022`: "This item is Shipping by newegg. Can NOT update inventory": the item is
    /// Shipped by Newegg, which keeps its stock, so the seller's inventory writes are refused
    /// (seller wiki). A push reports such an item rejected with this code.
    ShippedByNewegg => "CT022",
    /// `CT023`: the quantity is outside 0 to 999,999.
    QuantityOutOfRange => "CT023",
    /// `CT025`: the item is in an approved promotion whose minimum inventory is higher.
    BelowPromotionMinimum => "CT025",
    /// `CT026`: no data was found for the request (seller wiki).
    NoDataFound => "CT026",
    /// `CT028`: the `Active` mark is not valid (seller wiki).
    InvalidActiveMark => "CT028",
    /// `CT029`: the selling price is above the MSRP (seller wiki).
    PriceAboveMsrp => "CT029",
    /// `CT030`: the MAP is not in a valid format (seller wiki).
    InvalidMapFormat => "CT030",
    /// `CT031`: the CheckoutMAP value is not valid (seller wiki).
    InvalidCheckoutMap => "CT031",
    /// `CT032`: the selling price cannot be 0 (seller wiki).
    ZeroSellingPrice => "CT032",
    /// `CT033`: the manufacturer name is not valid (seller wiki).
    InvalidManufacturerName => "CT033",
    /// `CT034`: the manufacturer already exists (seller wiki).
    ManufacturerExists => "CT034",
    /// `CT055`: the same unknown seller part number was sent again too soon; Newegg pauses
    /// updates for it for eight hours after the last failure.
    RepeatedUnknownItem => "CT055",
    /// `CT073`: a warehouse country has not been set up for the seller.
    WarehouseNotSetUp => "CT073",
    /// `CE003`: the request body does not match Newegg's schema.
    InvalidRequestBody => "CE003",
    /// `DF012`: a data feed exceeded the seller's hourly record allowance and was not
    /// processed; the message names the time to submit it again after (the throttling page).
    /// The feed functions turn it into
    /// [`NeweggError::RecordAllowanceSpent`](crate::NeweggError::RecordAllowanceSpent).
    HourlyAllowanceExceeded => "DF012",
    /// `InvalidConsumerKey`: the API key (consumer key) is incorrect, malformed or otherwise
    /// invalid.
    InvalidConsumerKey => "InvalidConsumerKey",
    /// `InvalidToken`: the seller ID or the secret key is missing, or the secret key is wrong.
    InvalidToken => "InvalidToken",
    /// `AccessDenied`: the seller ID is not valid or the seller has not authorised this key,
    /// or the seller's API services are deactivated.
    AccessDenied => "AccessDenied",
}

impl ErrorCode {
    /// Whether the code is one of Newegg's credential refusals (`InvalidConsumerKey`,
    /// `InvalidToken`, `AccessDenied`), which no retry and no change to the item fixes.
    pub fn is_credential_refusal(&self) -> bool {
        matches!(
            self,
            Self::InvalidConsumerKey | Self::InvalidToken | Self::AccessDenied
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The longest plain-text body taken as a message; anything longer is not a short gateway
/// message but some other page, kept only as the raw body.
const MAX_PLAIN_MESSAGE_CHARS: usize = 500;

/// The plain-text body Newegg's gateway answers a refused seller authentication with
/// (observed with a 401; field notes §2.2, unverified).
const GATEWAY_AUTH_FAILED: &str = "Gateway: Seller Auth failed";

/// Whether `message` is the gateway's plain-text refusal of the seller's credentials.
pub(crate) fn is_gateway_auth_failure(message: &str) -> bool {
    message
        .trim_start_matches('\u{feff}')
        .trim()
        .get(..GATEWAY_AUTH_FAILED.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(GATEWAY_AUTH_FAILED))
}

/// Reads Newegg's code and message out of an error body, for the engine's errors.
///
/// Understands an XML `<Errors><Error><Code/><Message/></Error></Errors>` document, a JSON
/// object `{"Code": …, "Message": …}`, a JSON array of such objects, and short plain text such
/// as `Gateway: Seller Auth failed.`. When the body lists several errors, the first one is
/// returned; [`NeweggError::Api`](crate::NeweggError::Api) keeps them all.
///
/// ```
/// use newegg_client::{StatusCode, parse_error_body};
///
/// let found = parse_error_body(StatusCode::BAD_REQUEST, br#"[{"Code":"CT023","Message":"Bad"}]"#);
/// assert_eq!(found.code.as_deref(), Some("CT023"));
/// assert_eq!(found.message.as_deref(), Some("Bad"));
/// ```
pub fn parse_error_body(_status: StatusCode, body: &[u8]) -> VendorError {
    match parse_error_entries(body).into_iter().next() {
        Some(first) => VendorError {
            code: first.code.map(|code| code.as_str().to_owned()),
            message: Some(first.message).filter(|message| !message.is_empty()),
        },
        None => VendorError::default(),
    }
}

/// Every error entry in a body of any of Newegg's error shapes; empty when the body is none.
pub(crate) fn parse_error_entries(body: &[u8]) -> Vec<ErrorEntry> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Vec::new();
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    let entries: Vec<ErrorIn> = match text.chars().next() {
        None => return Vec::new(),
        Some('<') => match xml::decode::<ErrorsXml>(text, &["Errors"]) {
            Ok(errors) => errors.errors,
            Err(_) => return Vec::new(),
        },
        Some('{') | Some('[') => match json_error_entries(text) {
            Some(entries) => entries,
            None => return Vec::new(),
        },
        Some(_) => {
            if text.chars().count() > MAX_PLAIN_MESSAGE_CHARS {
                return Vec::new();
            }
            return vec![ErrorEntry {
                code: None,
                message: text.to_owned(),
            }];
        }
    };
    entries
        .into_iter()
        .filter(|entry| entry.code.is_some() || entry.message.is_some())
        .map(|entry| ErrorEntry {
            code: entry.code.as_deref().map(ErrorCode::from_code),
            message: entry.message.unwrap_or_default(),
        })
        .collect()
}

/// The error entries of a JSON error body: one object or an array of objects, each with
/// `Code` or `Message`. `None` for any other JSON, such as a successful result.
pub(crate) fn json_error_entries(text: &str) -> Option<Vec<ErrorIn>> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let looks_like_error = |value: &serde_json::Value| {
        value
            .as_object()
            .is_some_and(|object| object.contains_key("Code") || object.contains_key("Message"))
    };
    let objects = match value {
        serde_json::Value::Array(items) => items,
        single => vec![single],
    };
    if objects.is_empty() || !objects.iter().all(looks_like_error) {
        return None;
    }
    objects
        .into_iter()
        .map(serde_json::from_value::<ErrorIn>)
        .collect::<Result<Vec<_>, _>>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips() {
        for code in [
            "CT001",
            "CT002",
            "CT003",
            "CT005",
            "CT010",
            "CT014",
            "CT015",
            "CT023",
            "CT025",
            "CT055",
            "CT073",
            "CE003",
            "DF012",
            "InvalidConsumerKey",
            "InvalidToken",
            "AccessDenied",
        ] {
            let parsed = ErrorCode::from_code(code);
            assert!(!matches!(parsed, ErrorCode::Unknown(_)), "{code}");
            assert_eq!(parsed.as_str(), code);
            assert_eq!(parsed.to_string(), code);
        }
        assert_eq!(ErrorCode::from_code(" ct014 "), ErrorCode::ItemNotFound);
        assert_eq!(
            ErrorCode::from_code("accessdenied"),
            ErrorCode::AccessDenied
        );
        assert_eq!(ErrorCode::from_code("XX9").as_str(), "XX9");
    }

    #[test]
    fn every_code_of_the_table_round_trips_and_is_told_apart() {
        // 15 from the vendor pages, 16 more from the seller wiki (field notes §2.5), and the
        // throttling page's DF012.
        assert_eq!(ErrorCode::KNOWN.len(), 32);
        for code in ErrorCode::KNOWN {
            assert_eq!(&ErrorCode::from_code(code.as_str()), code);
            assert_eq!(
                &ErrorCode::from_code(&code.as_str().to_ascii_lowercase()),
                code
            );
            let same = ErrorCode::KNOWN
                .iter()
                .filter(|other| other.as_str() == code.as_str());
            assert_eq!(same.count(), 1, "{code}");
        }
        let credentials: Vec<_> = ErrorCode::KNOWN
            .iter()
            .filter(|code| code.is_credential_refusal())
            .map(ErrorCode::as_str)
            .collect();
        assert_eq!(
            credentials,
            ["InvalidConsumerKey", "InvalidToken", "AccessDenied"]
        );
    }

    #[test]
    fn the_gateway_text_is_recognised_with_or_without_its_full_stop() {
        assert!(is_gateway_auth_failure("Gateway: Seller Auth failed."));
        assert!(is_gateway_auth_failure(
            "\u{feff} gateway: seller auth failed\n"
        ));
        assert!(!is_gateway_auth_failure("Gateway: timeout"));
        assert!(!is_gateway_auth_failure(""));
    }

    #[test]
    fn every_error_shape_is_read() {
        let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Errors>\n  <Error>\
            <Code>CE003</Code><Message> Bad Type\n value </Message></Error>\
            <Error><Code>CT002</Code><Message>Invalid SellerPartNumber</Message></Error></Errors>";
        let entries = parse_error_entries(xml.as_bytes());
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].code, Some(ErrorCode::InvalidRequestBody));
        assert_eq!(entries[0].message, "Bad Type\n value");
        assert_eq!(entries[1].code, Some(ErrorCode::InvalidSellerPartNumber));

        let object = br#"{"Code":"CT002","Message":"Invalid SellerPartNumber"}"#;
        let found = parse_error_body(StatusCode::BAD_REQUEST, object);
        assert_eq!(found.code.as_deref(), Some("CT002"));

        let array = br#"[{"Code":"CT014","Message":"a"},{"Code":"CT015","Message":"b"}]"#;
        assert_eq!(parse_error_entries(array).len(), 2);

        let plain = b"Gateway: Seller Auth failed.";
        let found = parse_error_body(StatusCode::UNAUTHORIZED, plain);
        assert_eq!(found.code, None);
        assert_eq!(
            found.message.as_deref(),
            Some("Gateway: Seller Auth failed.")
        );
    }

    #[test]
    fn other_bodies_give_nothing() {
        for body in [
            &b""[..],
            b"<html><body>Bad gateway</body></html>",
            b"<!DOCTYPE html><html></html>",
            br#"{"SellerID":"A006"}"#,
            b"[]",
            b"\xff\xfe",
        ] {
            assert_eq!(
                parse_error_body(StatusCode::BAD_GATEWAY, body),
                VendorError::default()
            );
        }
        let long = "x".repeat(MAX_PLAIN_MESSAGE_CHARS + 1);
        assert!(parse_error_entries(long.as_bytes()).is_empty());
    }
}
