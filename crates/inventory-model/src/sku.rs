//! Stock keeping units: the seller's own identifier for an item.

use std::fmt;
use std::str::FromStr;

use crate::ModelError;

/// A seller's stock keeping unit: the identifier a program uses to say which item an update is
/// about, on every channel.
///
/// Rules, checked by every constructor (and by serde):
///
/// * surrounding whitespace is removed, and what remains must not be empty;
/// * at most [`Sku::MAX_CHARS`] characters (100);
/// * no control characters (tabs, line breaks, NUL …), which break CSV uploads and headers.
///
/// Case is kept as given: marketplaces differ on whether `ab-1` and `AB-1` are the same item.
///
/// ```
/// use inventory_model::Sku;
///
/// let sku = Sku::new("  LP-0042 ")?;
/// assert_eq!(sku.as_str(), "LP-0042");
/// assert!(Sku::new("LP\t42").is_err());
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sku(String);

impl Sku {
    /// The most characters (not bytes) a SKU may have.
    pub const MAX_CHARS: usize = 100;

    /// Checks and trims a SKU.
    ///
    /// # Errors
    ///
    /// [`ModelError::Empty`], [`ModelError::TooLong`] or [`ModelError::ControlCharacter`], all
    /// for the field `sku`.
    pub fn new(sku: impl AsRef<str>) -> Result<Sku, ModelError> {
        let trimmed = sku.as_ref().trim();
        if trimmed.is_empty() {
            return Err(ModelError::Empty { field: "sku" });
        }
        if let Some((position, found)) = trimmed.chars().enumerate().find(|(_, c)| c.is_control()) {
            return Err(ModelError::ControlCharacter {
                field: "sku",
                found,
                position,
            });
        }
        let length = trimmed.chars().count();
        if length > Sku::MAX_CHARS {
            return Err(ModelError::TooLong {
                field: "sku",
                max: Sku::MAX_CHARS,
                actual: length,
            });
        }
        Ok(Sku(trimmed.to_owned()))
    }

    /// The SKU text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SKU text, owned.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

impl AsRef<str> for Sku {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Sku {
    type Err = ModelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Sku::new(text)
    }
}

impl TryFrom<String> for Sku {
    type Error = ModelError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Sku::new(text)
    }
}

impl TryFrom<&str> for Sku {
    type Error = ModelError;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Sku::new(text)
    }
}

impl From<Sku> for String {
    fn from(sku: Sku) -> Self {
        sku.0
    }
}

impl serde::Serialize for Sku {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Sku {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::text::deserialize_from_str(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_keeps_case() {
        assert_eq!(Sku::new(" ab-1 ").unwrap().as_str(), "ab-1");
        assert_eq!(Sku::new("Ünïcode-SKU").unwrap().to_string(), "Ünïcode-SKU");
    }

    #[test]
    fn refuses_empty() {
        for bad in ["", "   ", "\t\n"] {
            assert_eq!(Sku::new(bad), Err(ModelError::Empty { field: "sku" }));
        }
        assert_eq!(
            Sku::new("").unwrap_err().to_string(),
            "sku: must not be empty"
        );
    }

    #[test]
    fn refuses_control_characters() {
        let err = Sku::new("AB\u{0}C").unwrap_err();
        assert_eq!(
            err,
            ModelError::ControlCharacter {
                field: "sku",
                found: '\0',
                position: 2
            }
        );
        assert_eq!(
            err.to_string(),
            "sku: must not contain control characters, found '\\0' at character 2"
        );
        assert!(Sku::new("A\nB").is_err());
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert!(Sku::new("é".repeat(Sku::MAX_CHARS)).is_ok());
        let err = Sku::new("x".repeat(Sku::MAX_CHARS + 1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "sku: must be at most 100 characters long, got 101"
        );
    }

    #[test]
    fn serde_validates() {
        let sku = Sku::new("LP-1").unwrap();
        assert_eq!(serde_json::to_string(&sku).unwrap(), r#""LP-1""#);
        assert_eq!(serde_json::from_str::<Sku>(r#""LP-1""#).unwrap(), sku);
        let err = serde_json::from_str::<Sku>(r#""  ""#).unwrap_err();
        assert!(err.to_string().contains("sku: must not be empty"), "{err}");
        assert!(serde_json::from_str::<Sku>("42").is_err());
    }
}
