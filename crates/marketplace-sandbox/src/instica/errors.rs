//! Validation errors in Django REST framework's shapes, which Instica's envelope and
//! trailing-slash URLs suggest it uses (field notes §4; that Instica is DRF is an inference):
//!
//! - field errors `{"field": ["message", …]}` and `{"non_field_errors": ["…"]}`;
//! - a nested object `{"product_metadata": {"external_id": ["This field is required."]}}`;
//! - a list of nested objects, one entry per element with `{}` for the valid ones:
//!   `{"assets": [{}, {"file": ["…"]}]}`, or keyed by index (`{"assets": {"1": {…}}}`, the form
//!   a DRF pull request proposes);
//! - a list of plain values (DRF's `ListField`), keyed by index: `{"items": {"1": ["Not a valid
//!   string."]}}`.

use serde_json::{Map, Value};

use crate::support::http::{Reply, json};

/// The key DRF gives errors that belong to no one field.
const NON_FIELD: &str = "non_field_errors";

/// Field errors collected while validating a body.
#[derive(Debug, Default)]
pub(crate) struct FieldErrors(Map<String, Value>);

impl FieldErrors {
    /// Adds a message to a field's list: `{"field": [..., "message"]}`.
    pub(crate) fn add(&mut self, field: &str, text: impl Into<String>) {
        let entry = self
            .0
            .entry(field.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(Value::String(text.into()));
        }
    }

    /// Adds a message that belongs to no one field: `{"non_field_errors": ["message"]}`.
    pub(crate) fn add_non_field(&mut self, text: impl Into<String>) {
        self.add(NON_FIELD, text);
    }

    /// The errors of a nested object under its field: `{"field": {"inner": ["…"]}}`. Nothing is
    /// added when `inner` is empty.
    pub(crate) fn nest(&mut self, field: &str, inner: Self) {
        if !inner.is_empty() {
            self.0.insert(field.to_string(), inner.into_value());
        }
    }

    /// The errors of a list of nested objects, one per element (empty for a valid element):
    /// `{"field": [{}, {"file": ["…"]}]}`, or with `keyed` only the failing elements by index:
    /// `{"field": {"1": {"file": ["…"]}}}`. Nothing is added when every element is valid.
    pub(crate) fn nest_list(&mut self, field: &str, elements: Vec<Self>, keyed: bool) {
        if elements.iter().all(Self::is_empty) {
            return;
        }
        let value = if keyed {
            Value::Object(
                elements
                    .into_iter()
                    .enumerate()
                    .filter(|(_, element)| !element.is_empty())
                    .map(|(index, element)| (index.to_string(), element.into_value()))
                    .collect(),
            )
        } else {
            Value::Array(elements.into_iter().map(Self::into_value).collect())
        };
        self.0.insert(field.to_string(), value);
    }

    /// A message for one element of a list of plain values, keyed by its index as DRF's
    /// `ListField` does: `{"field": {"1": ["message"]}}`.
    pub(crate) fn add_at(&mut self, field: &str, index: usize, text: impl Into<String>) {
        let entry = self
            .0
            .entry(field.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(elements) = entry {
            let element = elements
                .entry(index.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = element {
                list.push(Value::String(text.into()));
            }
        }
    }

    /// Whether a field has errors already.
    pub(crate) fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    pub(crate) fn into_reply(self) -> Reply {
        json(400, &Value::Object(self.0))
    }
}

/// Python's name for the type of a JSON value, as DRF's messages print it.
pub(crate) fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(number) if number.is_i64() || number.is_u64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// DRF's refusal of a body (or nested object) that is not an object:
/// `{"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}`.
pub(crate) fn not_a_dictionary(value: &Value) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add_non_field(format!(
        "Invalid data. Expected a dictionary, but got {}.",
        python_type(value)
    ));
    errors
}
