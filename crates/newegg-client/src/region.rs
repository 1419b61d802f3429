//! The Newegg platforms (regions) a seller account can belong to.
//!
//! A module of its own because both the client (which picks the base path) and the error type
//! (which names the platform an endpoint is missing on) need it, and neither may import the
//! other.

use std::fmt;

use inventory_model::Country;

/// The Newegg platform a seller account belongs to; each has its own base path.
///
/// ```
/// use newegg_client::Region;
///
/// assert_eq!(Region::Usa.base_path(), "/marketplace");
/// assert_eq!(Region::Business.base_path(), "/marketplace/b2b");
/// assert_eq!(Region::Canada.base_path(), "/marketplace/can");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Region {
    /// Newegg.com, the US platform (`/marketplace/`).
    #[default]
    Usa,
    /// Newegg Business, neweggbusiness.com (`/marketplace/b2b/`).
    Business,
    /// Newegg Canada, newegg.ca (`/marketplace/can/`).
    Canada,
}

impl Region {
    /// The platform's base path, lower case, without a trailing slash.
    pub fn base_path(self) -> &'static str {
        match self {
            Self::Usa => "/marketplace",
            Self::Business => "/marketplace/b2b",
            Self::Canada => "/marketplace/can",
        }
    }

    /// The country a platform sells in: USA for Newegg.com and Newegg Business, CAN for
    /// Newegg Canada. The Inventory And Price Feed of Business and Canada names no warehouse,
    /// so its quantities are this country's, and its processing report names it
    /// (`CountryCode`).
    ///
    /// ```
    /// use inventory_model::Country;
    /// use newegg_client::Region;
    ///
    /// assert_eq!(Region::Canada.home_country(), Country::CAN);
    /// assert_eq!(Region::Business.home_country(), Country::USA);
    /// ```
    pub fn home_country(self) -> Country {
        match self {
            Self::Canada => Country::CAN,
            _ => Country::USA,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Usa => "Newegg.com (USA)",
            Self::Business => "Newegg Business",
            Self::Canada => "Newegg Canada",
        })
    }
}
