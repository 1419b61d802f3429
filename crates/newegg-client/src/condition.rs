//! Newegg's item conditions and their numeric codes.

use std::fmt;

use inventory_model::{ItemCondition, ModelError};

/// An item condition as Newegg numbers it (`Condition` 1–6).
///
/// Newegg reads a condition only when the item is identified by UPC, to tell apart listings
/// of the same product in different conditions. Conversions to and from the model's
/// [`ItemCondition`] are one to one.
///
/// ```
/// use inventory_model::ItemCondition;
/// use newegg_client::Condition;
///
/// assert_eq!(Condition::from(ItemCondition::UsedVeryGood), Condition::UsedVeryGood);
/// assert_eq!(Condition::UsedVeryGood.code(), "4");
/// assert_eq!(Condition::from_code("2"), Condition::Refurbished);
/// assert_eq!(ItemCondition::try_from(Condition::from_code("6"))?, ItemCondition::UsedAcceptable);
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Condition {
    /// `1`: new (Newegg's default).
    #[default]
    New,
    /// `2`: refurbished.
    Refurbished,
    /// `3`: used, like new.
    UsedLikeNew,
    /// `4`: used, very good.
    UsedVeryGood,
    /// `5`: used, good.
    UsedGood,
    /// `6`: used, acceptable.
    UsedAcceptable,
    /// A code this crate does not know, as received. It is never sent.
    Unknown(String),
}

impl Condition {
    /// Reads Newegg's code (`"1"` … `"6"`); anything else is [`Condition::Unknown`].
    pub fn from_code(code: &str) -> Self {
        match code.trim() {
            "1" => Self::New,
            "2" => Self::Refurbished,
            "3" => Self::UsedLikeNew,
            "4" => Self::UsedVeryGood,
            "5" => Self::UsedGood,
            "6" => Self::UsedAcceptable,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// Newegg's code for the condition (the received text for [`Condition::Unknown`]).
    pub fn code(&self) -> &str {
        match self {
            Self::New => "1",
            Self::Refurbished => "2",
            Self::UsedLikeNew => "3",
            Self::UsedVeryGood => "4",
            Self::UsedGood => "5",
            Self::UsedAcceptable => "6",
            Self::Unknown(code) => code,
        }
    }

    /// The code as sent, or `None` for [`Condition::Unknown`], which is never sent.
    pub(crate) fn wire_code(&self) -> Option<&'static str> {
        match self {
            Self::New => Some("1"),
            Self::Refurbished => Some("2"),
            Self::UsedLikeNew => Some("3"),
            Self::UsedVeryGood => Some("4"),
            Self::UsedGood => Some("5"),
            Self::UsedAcceptable => Some("6"),
            Self::Unknown(_) => None,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ItemCondition::try_from(self.clone()) {
            Ok(condition) => f.write_str(condition.label()),
            Err(_) => write!(f, "unknown condition {}", self.code()),
        }
    }
}

impl From<ItemCondition> for Condition {
    fn from(condition: ItemCondition) -> Self {
        match condition {
            ItemCondition::New => Self::New,
            ItemCondition::Refurbished => Self::Refurbished,
            ItemCondition::UsedLikeNew => Self::UsedLikeNew,
            ItemCondition::UsedVeryGood => Self::UsedVeryGood,
            ItemCondition::UsedGood => Self::UsedGood,
            ItemCondition::UsedAcceptable => Self::UsedAcceptable,
            // A condition added to the model later has no Newegg code yet; it is refused
            // before sending like any other unknown code.
            other => Self::Unknown(other.as_str().to_owned()),
        }
    }
}

impl TryFrom<Condition> for ItemCondition {
    type Error = ModelError;

    fn try_from(condition: Condition) -> Result<Self, Self::Error> {
        match condition {
            Condition::New => Ok(Self::New),
            Condition::Refurbished => Ok(Self::Refurbished),
            Condition::UsedLikeNew => Ok(Self::UsedLikeNew),
            Condition::UsedVeryGood => Ok(Self::UsedVeryGood),
            Condition::UsedGood => Ok(Self::UsedGood),
            Condition::UsedAcceptable => Ok(Self::UsedAcceptable),
            Condition::Unknown(code) => Err(ModelError::NoEquivalent {
                field: "condition",
                value: code,
                target: "item condition",
                reason: "Newegg documents only the codes 1 to 6",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_condition_round_trips_through_its_code() {
        for &condition in ItemCondition::ALL {
            let newegg = Condition::from(condition);
            assert!(newegg.wire_code().is_some(), "{condition}");
            let back = Condition::from_code(newegg.code());
            assert_eq!(back, newegg);
            assert_eq!(ItemCondition::try_from(back).unwrap(), condition);
            assert_eq!(newegg.to_string(), condition.label());
        }
    }

    #[test]
    fn unknown_codes_are_kept_and_not_sent() {
        let unknown = Condition::from_code("9");
        assert_eq!(unknown, Condition::Unknown("9".into()));
        assert_eq!(unknown.code(), "9");
        assert_eq!(unknown.wire_code(), None);
        assert_eq!(unknown.to_string(), "unknown condition 9");
        assert!(ItemCondition::try_from(unknown).is_err());
        assert_eq!(Condition::default(), Condition::New);
    }
}
