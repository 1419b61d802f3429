//! Serde helpers for the dates and times Instica writes.

use time::Date;
use time::format_description::well_known::Iso8601;

/// `YYYY-MM-DD`.
pub(crate) mod date {
    use super::*;

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Date, D::Error> {
        inventory_model::serde_text::deserialize_str_with(deserializer, |text| {
            Date::parse(text, &Iso8601::PARSING)
                .map_err(|error| format!("`{text}` is not a YYYY-MM-DD date: {error}"))
        })
    }
}

/// An optional RFC 3339 timestamp; `null` or missing is `None` (client-core's reader: the
/// common shape read directly, anything else by `time`).
pub(crate) use client_core::timestamp::rfc3339_option as datetime_option;
