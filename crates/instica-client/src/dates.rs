//! Serde helpers for the dates and times Instica writes.

use serde::Deserialize;
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime};

/// `YYYY-MM-DD`.
pub(crate) mod date {
    use super::*;

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text, &Iso8601::PARSING).map_err(|error| {
            serde::de::Error::custom(format!("`{text}` is not a YYYY-MM-DD date: {error}"))
        })
    }
}

/// An optional RFC 3339 timestamp; `null` or missing is `None`.
pub(crate) mod datetime_option {
    use super::*;

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        let Some(text) = Option::<String>::deserialize(deserializer)? else {
            return Ok(None);
        };
        OffsetDateTime::parse(&text, &Rfc3339)
            .map(Some)
            .map_err(|error| {
                serde::de::Error::custom(format!("`{text}` is not an RFC 3339 timestamp: {error}"))
            })
    }
}
