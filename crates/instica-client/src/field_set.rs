//! The fields a write request sets, each at most once, and how they become JSON: shared by
//! [`ItemFields`](crate::ItemFields) and [`BulkFieldUpdate`](crate::BulkFieldUpdate), which
//! differ only in which fields they allow.

use inventory_model::Money;

use crate::codes::ConditionCode;
use crate::error::InsticaError;
use crate::money::{self, DigitLimit};

/// Text, flag and price fields by their wire names; setting a field again replaces it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FieldSet {
    text: Vec<(&'static str, String)>,
    flags: Vec<(&'static str, bool)>,
    prices: Vec<(&'static str, Money)>,
}

fn set<V>(values: &mut Vec<(&'static str, V)>, field: &'static str, value: V) {
    match values.iter_mut().find(|(name, _)| *name == field) {
        Some(slot) => slot.1 = value,
        None => values.push((field, value)),
    }
}

impl FieldSet {
    pub(crate) fn set_text(&mut self, field: &'static str, value: String) {
        set(&mut self.text, field, value);
    }

    pub(crate) fn set_condition(&mut self, field: &'static str, condition: ConditionCode) {
        self.set_text(field, condition.as_str().to_owned());
    }

    pub(crate) fn set_flag(&mut self, field: &'static str, value: bool) {
        set(&mut self.flags, field, value);
    }

    pub(crate) fn set_price(&mut self, field: &'static str, price: Money) {
        set(&mut self.prices, field, price);
    }

    pub(crate) fn text(&self, field: &str) -> Option<&str> {
        self.text
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.as_str())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty() && self.flags.is_empty() && self.prices.is_empty()
    }

    /// The fields as a JSON object, prices as USD decimal strings. A refused price is named
    /// `{prefix}{field}`; `limit` gives a field's digit limit, if it has one.
    pub(crate) fn to_json(
        &self,
        prefix: &str,
        limit: impl Fn(&str) -> Option<DigitLimit>,
    ) -> Result<serde_json::Map<String, serde_json::Value>, InsticaError> {
        let mut object = serde_json::Map::new();
        for (field, value) in &self.text {
            object.insert((*field).to_owned(), value.clone().into());
        }
        for (field, value) in &self.flags {
            object.insert((*field).to_owned(), (*value).into());
        }
        for (field, price) in &self.prices {
            let text = money::usd_text(&format!("{prefix}{field}"), price, limit(field))?;
            object.insert((*field).to_owned(), text.into());
        }
        Ok(object)
    }
}

/// Setters of text fields, for a type with a `fields: FieldSet`.
macro_rules! text_setters {
    ($($(#[$meta:meta])* $method:ident => $field:literal,)+) => {
        $(
            $(#[$meta])*
            pub fn $method(mut self, value: impl Into<String>) -> Self {
                self.fields.set_text($field, value.into());
                self
            }
        )+
    };
}

/// Setters of USD price fields, for a type with a `fields: FieldSet`.
macro_rules! price_setters {
    ($($(#[$meta:meta])* $method:ident => $field:literal,)+) => {
        $(
            $(#[$meta])*
            pub fn $method(mut self, price: inventory_model::Money) -> Self {
                self.fields.set_price($field, price);
                self
            }
        )+
    };
}

/// Setters of condition grades (a [`ConditionCode`] or a model `Grade`), for a type with a
/// `fields: FieldSet`.
macro_rules! condition_setters {
    ($($(#[$meta:meta])* $method:ident => $field:literal,)+) => {
        $(
            $(#[$meta])*
            pub fn $method(mut self, condition: impl Into<crate::codes::ConditionCode>) -> Self {
                self.fields.set_condition($field, condition.into());
                self
            }
        )+
    };
}

pub(crate) use {condition_setters, price_setters, text_setters};
