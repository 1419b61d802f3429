//! The one refusal type of the SDK: a field and the rule it broke, for anything refused before
//! a request leaves.

use std::fmt;

use crate::path::PathError;

/// A value refused before anything was sent: the field at fault and the rule it broke.
///
/// Every crate of the SDK refuses caller input and configuration with this one type, so a
/// program reports any refusal the same way.
///
/// ```
/// use client_core::InvalidInput;
///
/// let refused = InvalidInput::new("per_page", "must be between 1 and 100, got 500");
/// assert_eq!(refused.to_string(), "per_page: must be between 1 and 100, got 500");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InvalidInput {
    /// The field or setting at fault, e.g. `warehouses[1].available_quantity`.
    pub field: String,
    /// The rule it broke.
    pub rule: String,
}

impl InvalidInput {
    /// A refusal of `field` for breaking `rule`.
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
        }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

impl std::error::Error for InvalidInput {}

impl From<inventory_model::ModelError> for InvalidInput {
    /// A value the model refused (an empty SKU, a price more precise than its currency),
    /// naming the model's field.
    fn from(error: inventory_model::ModelError) -> Self {
        let field = error.field();
        let text = error.to_string();
        let rule = text
            .strip_prefix(field)
            .and_then(|rest| rest.strip_prefix(": "))
            .unwrap_or(&text)
            .to_owned();
        Self::new(field, rule)
    }
}

impl From<PathError> for InvalidInput {
    /// A path segment the caller supplied (a username, an order ID) that would change the
    /// route's shape, named by its placeholder.
    fn from(error: PathError) -> Self {
        let field = match &error {
            PathError::Empty { name } | PathError::DotSegment { name } => name.clone(),
            _ => "path".to_owned(),
        };
        Self::new(field, error.to_string())
    }
}
