//! ISO 4217 currencies and their minor units.

use std::fmt;
use std::str::FromStr;

use crate::ModelError;

/// A well-formed ISO 4217 code that this crate has no variant for, such as `XAF` or `PEN`.
///
/// It can only be obtained by parsing a [`Currency`], which maps every code the crate knows to
/// its named variant first; so `Currency::Other` never holds `USD`, and two equal codes always
/// compare equal.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    /// The code, three upper-case ASCII letters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // The bytes are upper-case ASCII letters by construction, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CurrencyCode({:?})", self.as_str())
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! currencies {
    ($($variant:ident => $code:literal, $minor:literal, $symbol:expr, $name:literal;)+) => {
        /// A currency, identified by its ISO 4217 code.
        ///
        /// The currencies marketplaces commonly accept have named variants; any other code of
        /// three ASCII letters is kept as [`Currency::Other`] rather than refused, because a
        /// marketplace may start accepting a currency before this crate names it. Such a currency
        /// is assumed to have **2 minor units** (the most common number), which is wrong for a
        /// few currencies (for example `CLP` has 0): round with care when that matters.
        ///
        /// Parsing ignores case; `Display` and serde use the upper-case code.
        ///
        /// ```
        /// use inventory_model::Currency;
        ///
        /// let yen: Currency = "jpy".parse()?;
        /// assert_eq!(yen, Currency::Jpy);
        /// assert_eq!(yen.minor_units(), 0);
        /// assert_eq!(yen.to_string(), "JPY");
        ///
        /// let franc: Currency = "XAF".parse()?;
        /// assert!(matches!(franc, Currency::Other(_)));
        /// assert_eq!(franc.minor_units(), 2);
        /// # Ok::<(), inventory_model::ModelError>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Currency {
            $(
                #[doc = concat!($name, " (`", $code, "`, ", $minor, " minor units).")]
                $variant,
            )+
            /// Any other well-formed three-letter code; see [`CurrencyCode`].
            Other(CurrencyCode),
        }

        impl Currency {
            /// Every currency with a named variant.
            pub const KNOWN: &'static [Currency] = &[$(Currency::$variant),+];

            /// The ISO 4217 code, upper case.
            #[must_use]
            pub fn code(&self) -> &str {
                match self {
                    $(Currency::$variant => $code,)+
                    Currency::Other(code) => code.as_str(),
                }
            }

            /// How many decimal places the currency's smallest unit has (`JPY` 0, `USD` 2,
            /// `BHD` 3). Codes without a named variant are assumed to have 2.
            #[must_use]
            pub const fn minor_units(self) -> u32 {
                match self {
                    $(Currency::$variant => $minor,)+
                    Currency::Other(_) => 2,
                }
            }

            /// The conventional symbol written before an amount, where one identifies the
            /// currency unambiguously in English text (`$` is the US dollar, `CA$` the Canadian
            /// one). `None` means amounts are written with the code after them.
            #[must_use]
            pub const fn symbol(self) -> Option<&'static str> {
                match self {
                    $(Currency::$variant => $symbol,)+
                    Currency::Other(_) => None,
                }
            }

            /// The named variant of an upper-case code. Codes are compared as three bytes
            /// packed in an integer: one comparison a code instead of a string match.
            fn known(upper_code: [u8; 3]) -> Option<Currency> {
                let key = code_key(upper_code);
                $(
                    if key == const { code_key(code_bytes($code)) } {
                        return Some(Currency::$variant);
                    }
                )+
                None
            }
        }
    };
}

currencies! {
    Usd => "USD", 2, Some("$"), "United States dollar";
    Gbp => "GBP", 2, Some("£"), "Pound sterling";
    Eur => "EUR", 2, Some("€"), "Euro";
    Cad => "CAD", 2, Some("CA$"), "Canadian dollar";
    Aud => "AUD", 2, Some("A$"), "Australian dollar";
    Jpy => "JPY", 0, Some("¥"), "Japanese yen";
    Chf => "CHF", 2, None, "Swiss franc";
    Mxn => "MXN", 2, Some("MX$"), "Mexican peso";
    Brl => "BRL", 2, Some("R$"), "Brazilian real";
    Nzd => "NZD", 2, Some("NZ$"), "New Zealand dollar";
    Sek => "SEK", 2, None, "Swedish krona";
    Zar => "ZAR", 2, None, "South African rand";
    Dkk => "DKK", 2, None, "Danish krone";
    Nok => "NOK", 2, None, "Norwegian krone";
    Pln => "PLN", 2, None, "Polish złoty";
    Czk => "CZK", 2, None, "Czech koruna";
    Huf => "HUF", 2, None, "Hungarian forint";
    Cny => "CNY", 2, Some("CN¥"), "Chinese yuan";
    Hkd => "HKD", 2, Some("HK$"), "Hong Kong dollar";
    Sgd => "SGD", 2, None, "Singapore dollar";
    Krw => "KRW", 0, Some("₩"), "South Korean won";
    Inr => "INR", 2, Some("₹"), "Indian rupee";
    Isk => "ISK", 0, None, "Icelandic króna";
    Bhd => "BHD", 3, None, "Bahraini dinar";
    Kwd => "KWD", 3, None, "Kuwaiti dinar";
}

/// A three-letter code as bytes (every code in the table has exactly three).
// Only evaluated in `const` blocks: a code of another length fails the build, not a program.
#[allow(clippy::indexing_slicing)]
const fn code_bytes(code: &str) -> [u8; 3] {
    let bytes = code.as_bytes();
    [bytes[0], bytes[1], bytes[2]]
}

const fn code_key(code: [u8; 3]) -> u32 {
    u32::from_le_bytes([code[0], code[1], code[2], 0])
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = ModelError;

    /// Parses three ASCII letters in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes: [u8; 3] = text
            .as_bytes()
            .try_into()
            .ok()
            .filter(|bytes: &[u8; 3]| bytes.iter().all(u8::is_ascii_alphabetic))
            .ok_or_else(|| ModelError::Invalid {
                field: "currency",
                value: text.to_owned(),
                expected: "a three-letter ISO 4217 code",
            })?;
        let upper = CurrencyCode(bytes.map(|b| b.to_ascii_uppercase()));
        Ok(Currency::known(upper.0).unwrap_or(Currency::Other(upper)))
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::text::deserialize_from_str(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marketplace_currencies_are_known() {
        for code in [
            "USD", "GBP", "EUR", "CAD", "AUD", "JPY", "CHF", "MXN", "BRL", "NZD", "SEK", "ZAR",
        ] {
            let currency: Currency = code.parse().unwrap();
            assert!(!matches!(currency, Currency::Other(_)), "{code}");
            assert_eq!(currency.code(), code);
        }
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(Currency::Jpy.minor_units(), 0);
        assert_eq!(Currency::Krw.minor_units(), 0);
        assert_eq!(Currency::Usd.minor_units(), 2);
        assert_eq!(Currency::Eur.minor_units(), 2);
        assert_eq!(Currency::Bhd.minor_units(), 3);
        assert_eq!(Currency::Kwd.minor_units(), 3);
    }

    #[test]
    fn parsing_ignores_case_and_display_is_upper_case() {
        assert_eq!("usd".parse::<Currency>().unwrap(), Currency::Usd);
        assert_eq!("uSd".parse::<Currency>().unwrap(), Currency::Usd);
        assert_eq!(Currency::Usd.to_string(), "USD");
        let other: Currency = "xaf".parse().unwrap();
        assert_eq!(other.to_string(), "XAF");
        assert_eq!(other, "XAF".parse().unwrap());
    }

    #[test]
    fn unknown_codes_are_kept_with_two_minor_units() {
        let other: Currency = "PEN".parse().unwrap();
        assert!(matches!(other, Currency::Other(code) if code.as_str() == "PEN"));
        assert_eq!(other.minor_units(), 2);
        assert_eq!(other.symbol(), None);
        assert_eq!(format!("{other:?}"), r#"Other(CurrencyCode("PEN"))"#);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "US", "USDD", "U5D", " USD", "US ", "€€"] {
            let err = bad.parse::<Currency>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("currency: `{bad}` is not a three-letter ISO 4217 code")
            );
        }
    }

    #[test]
    fn symbols_identify_one_currency_each() {
        let symbols: Vec<&str> = Currency::KNOWN.iter().filter_map(|c| c.symbol()).collect();
        for (i, a) in symbols.iter().enumerate() {
            for b in &symbols[i + 1..] {
                assert!(!a.starts_with(b) && !b.starts_with(a), "{a} / {b}");
            }
        }
        assert_eq!(Currency::Usd.symbol(), Some("$"));
        assert_eq!(Currency::Jpy.symbol(), Some("¥"));
        assert_eq!(Currency::Sek.symbol(), None);
    }

    #[test]
    fn serde_uses_the_code_string() {
        assert_eq!(serde_json::to_string(&Currency::Gbp).unwrap(), r#""GBP""#);
        assert_eq!(
            serde_json::from_str::<Currency>(r#""gbp""#).unwrap(),
            Currency::Gbp
        );
        let err = serde_json::from_str::<Currency>(r#""POUND""#).unwrap_err();
        assert!(err.to_string().contains("currency: `POUND`"), "{err}");
        assert!(serde_json::from_str::<Currency>("12").is_err());
    }
}
