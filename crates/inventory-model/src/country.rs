//! Warehouse countries: ISO 3166-1 alpha-3 codes.

use std::fmt;
use std::str::FromStr;

use crate::ModelError;

/// A country, identified by its ISO 3166-1 alpha-3 code (`USA`, `DEU`, `JPN`).
///
/// Only the 249 officially assigned codes are accepted; user-assigned or reserved codes such as
/// `XXA` are refused. Parsing ignores case and the code is kept upper case; `Display` and serde
/// use the code. Constants name the countries marketplaces most often ship from.
///
/// ```
/// use inventory_model::Country;
///
/// let country: Country = "usa".parse()?;
/// assert_eq!(country, Country::USA);
/// assert_eq!(country.to_string(), "USA");
/// assert_eq!(
///     "XXA".parse::<Country>().unwrap_err().to_string(),
///     "country: `XXA` is not an ISO 3166-1 alpha-3 code"
/// );
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 3]);

/// Every officially assigned ISO 3166-1 alpha-3 code, sorted for binary search.
const ASSIGNED: [&str; 249] = [
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

impl Country {
    /// United States of America.
    pub const USA: Country = Country(*b"USA");
    /// Canada.
    pub const CAN: Country = Country(*b"CAN");
    /// Mexico.
    pub const MEX: Country = Country(*b"MEX");
    /// United Kingdom.
    pub const GBR: Country = Country(*b"GBR");
    /// Germany.
    pub const DEU: Country = Country(*b"DEU");
    /// France.
    pub const FRA: Country = Country(*b"FRA");
    /// Netherlands.
    pub const NLD: Country = Country(*b"NLD");
    /// Japan.
    pub const JPN: Country = Country(*b"JPN");
    /// China.
    pub const CHN: Country = Country(*b"CHN");
    /// Australia.
    pub const AUS: Country = Country(*b"AUS");

    /// Checks a code against the assigned ISO 3166-1 alpha-3 codes, ignoring case.
    ///
    /// # Errors
    ///
    /// [`ModelError::Invalid`] for the field `country` when the code is not an assigned one.
    pub fn new(code: &str) -> Result<Country, ModelError> {
        // Upper-cased on the stack: a code is read for every warehouse of every answer.
        let upper = <[u8; 3]>::try_from(code.as_bytes())
            .map(|bytes| bytes.map(|byte| byte.to_ascii_uppercase()));
        match upper {
            Ok(bytes) if ASSIGNED_KEYS.binary_search(&code_key(bytes)).is_ok() => {
                Ok(Country(bytes))
            }
            _ => Err(ModelError::Invalid {
                field: "country",
                value: code.to_owned(),
                expected: "an ISO 3166-1 alpha-3 code",
            }),
        }
    }

    /// The code, three upper-case letters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // The bytes come from the table of assigned codes, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Every assigned country, in code order.
    pub fn all() -> impl Iterator<Item = Country> {
        ASSIGNED
            .iter()
            .filter_map(|code| <[u8; 3]>::try_from(code.as_bytes()).ok().map(Country))
    }
}

/// A code as one number, ordered as the code's text is.
const fn code_key([first, second, third]: [u8; 3]) -> u32 {
    u32::from_be_bytes([0, first, second, third])
}

/// [`ASSIGNED`] as numbers, in the same order: a lookup compares numbers, not text.
// Evaluated while compiling: an index out of range would fail the build, never a caller.
#[allow(clippy::indexing_slicing)]
const ASSIGNED_KEYS: [u32; ASSIGNED.len()] = {
    let mut keys = [0; ASSIGNED.len()];
    let mut index = 0;
    while index < ASSIGNED.len() {
        let code = ASSIGNED[index].as_bytes();
        keys[index] = code_key([code[0], code[1], code[2]]);
        index += 1;
    }
    keys
};

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({:?})", self.as_str())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Country {
    type Err = ModelError;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Country::new(code)
    }
}

impl serde::Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::text::deserialize_from_str(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_complete_and_well_formed() {
        assert!(ASSIGNED.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(
            ASSIGNED
                .iter()
                .all(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()))
        );
        assert_eq!(Country::all().count(), 249);
        assert!(ASSIGNED_KEYS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn constants_are_assigned_codes() {
        for country in [
            Country::USA,
            Country::CAN,
            Country::MEX,
            Country::GBR,
            Country::DEU,
            Country::FRA,
            Country::NLD,
            Country::JPN,
            Country::CHN,
            Country::AUS,
        ] {
            assert_eq!(Country::new(country.as_str()), Ok(country));
        }
    }

    #[test]
    fn parsing_upper_cases() {
        assert_eq!("deu".parse::<Country>().unwrap(), Country::DEU);
        assert_eq!("Ssd".parse::<Country>().unwrap().as_str(), "SSD");
        assert_eq!(format!("{:?}", Country::USA), r#"Country("USA")"#);
    }

    #[test]
    fn unassigned_and_malformed_codes_are_refused() {
        for bad in [
            "XXA", "XKX", "US", "USAA", "", " USA", "UK", "EUR", "ÜSA", "éA", "U\u{0}A",
        ] {
            let err = bad.parse::<Country>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("country: `{bad}` is not an ISO 3166-1 alpha-3 code")
            );
        }
    }

    #[test]
    fn serde_validates() {
        assert_eq!(serde_json::to_string(&Country::JPN).unwrap(), r#""JPN""#);
        assert_eq!(
            serde_json::from_str::<Country>(r#""jpn""#).unwrap(),
            Country::JPN
        );
        assert!(serde_json::from_str::<Country>(r#""XXA""#).is_err());
    }
}
