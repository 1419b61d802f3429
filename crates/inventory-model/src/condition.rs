//! General item conditions, as general marketplaces describe goods other than graded records.

use crate::text::labelled_enum;
use crate::{Grade, ModelError};

labelled_enum! {
    /// The condition of an item on the scale general marketplaces use.
    ///
    /// `Display` writes the label (`Used - Like New`); `FromStr` accepts the label or the
    /// snake_case identifier in any case; serde uses the identifier (`"used_like_new"`).
    ///
    /// # Converting to and from record grades
    ///
    /// | [`Grade`]            | → `ItemCondition` (`TryFrom<Grade>`) |
    /// |----------------------|---------------------------------------|
    /// | Mint, Near Mint      | Used - Like New                       |
    /// | Very Good Plus       | Used - Very Good                      |
    /// | Very Good            | Used - Good                           |
    /// | Good Plus, Good      | Used - Acceptable                     |
    /// | Fair, Poor           | error: below the lowest condition     |
    ///
    /// A graded record has been handled, so even Mint maps to *Used - Like New*; Fair and Poor
    /// records may skip, which no general condition admits, so they are refused rather than sold
    /// as "acceptable".
    ///
    /// | `ItemCondition`   | → [`Grade`] (`TryFrom<ItemCondition>`) |
    /// |-------------------|-----------------------------------------|
    /// | New               | Mint                                    |
    /// | Used - Like New   | Near Mint                               |
    /// | Used - Very Good  | Very Good Plus                          |
    /// | Used - Good       | Very Good                               |
    /// | Used - Acceptable | Good                                    |
    /// | Refurbished       | error: records are not refurbished      |
    ///
    /// Where one condition covers two grades the lower one is chosen, so converting a grade to a
    /// condition and back never claims a better grade than the record had.
    ///
    /// ```
    /// use inventory_model::{Grade, ItemCondition};
    ///
    /// assert_eq!(ItemCondition::try_from(Grade::VeryGoodPlus)?, ItemCondition::UsedVeryGood);
    /// assert_eq!(Grade::try_from(ItemCondition::UsedGood)?, Grade::VeryGood);
    /// assert!(ItemCondition::try_from(Grade::Poor).is_err());
    /// # Ok::<(), inventory_model::ModelError>(())
    /// ```
    pub enum ItemCondition {
        field: "item condition",
        expected: "an item condition (New, Refurbished, Used - Like New, Used - Very Good, \
                   Used - Good or Used - Acceptable)",
        /// Brand new, unused, in its original packaging.
        New => ("new", "New"),
        /// Restored to working order by the manufacturer or a professional.
        Refurbished => ("refurbished", "Refurbished"),
        /// Used, but with no visible wear.
        UsedLikeNew => ("used_like_new", "Used - Like New"),
        /// Used, with light wear that does not affect use.
        UsedVeryGood => ("used_very_good", "Used - Very Good"),
        /// Used, with visible wear; works fully.
        UsedGood => ("used_good", "Used - Good"),
        /// Used, with heavy wear; still works.
        UsedAcceptable => ("used_acceptable", "Used - Acceptable"),
    }
}

impl ItemCondition {
    /// Whether the item has been used (every condition except New and Refurbished).
    #[must_use]
    pub const fn is_used(self) -> bool {
        !matches!(self, ItemCondition::New | ItemCondition::Refurbished)
    }
}

impl TryFrom<Grade> for ItemCondition {
    type Error = ModelError;

    /// See the [table](ItemCondition#converting-to-and-from-record-grades).
    fn try_from(grade: Grade) -> Result<Self, Self::Error> {
        match grade {
            Grade::Mint | Grade::NearMint => Ok(ItemCondition::UsedLikeNew),
            Grade::VeryGoodPlus => Ok(ItemCondition::UsedVeryGood),
            Grade::VeryGood => Ok(ItemCondition::UsedGood),
            Grade::GoodPlus | Grade::Good => Ok(ItemCondition::UsedAcceptable),
            Grade::Fair | Grade::Poor => Err(ModelError::NoEquivalent {
                field: "grade",
                value: grade.name().to_owned(),
                target: "item condition",
                reason: "it is below Used - Acceptable, the lowest item condition",
            }),
        }
    }
}

impl TryFrom<ItemCondition> for Grade {
    type Error = ModelError;

    /// See the [table](ItemCondition#converting-to-and-from-record-grades).
    fn try_from(condition: ItemCondition) -> Result<Self, Self::Error> {
        match condition {
            ItemCondition::New => Ok(Grade::Mint),
            ItemCondition::UsedLikeNew => Ok(Grade::NearMint),
            ItemCondition::UsedVeryGood => Ok(Grade::VeryGoodPlus),
            ItemCondition::UsedGood => Ok(Grade::VeryGood),
            ItemCondition::UsedAcceptable => Ok(Grade::Good),
            ItemCondition::Refurbished => Err(ModelError::NoEquivalent {
                field: "item condition",
                value: condition.label().to_owned(),
                target: "grade",
                reason: "the record grading scale has no refurbished grade",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_identifiers_and_parsing() {
        assert_eq!(ItemCondition::UsedLikeNew.to_string(), "Used - Like New");
        assert_eq!(ItemCondition::UsedLikeNew.as_str(), "used_like_new");
        for text in [
            "Used - Like New",
            "used like new",
            "USED_LIKE_NEW",
            "used-like-new",
        ] {
            assert_eq!(
                text.parse::<ItemCondition>().unwrap(),
                ItemCondition::UsedLikeNew
            );
        }
        let err = "Like New".parse::<ItemCondition>().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("item condition: `Like New` is not an item condition"),
            "{err}"
        );
    }

    #[test]
    fn used_conditions() {
        assert!(!ItemCondition::New.is_used());
        assert!(!ItemCondition::Refurbished.is_used());
        assert!(ItemCondition::UsedAcceptable.is_used());
    }

    #[test]
    fn grades_to_conditions() {
        let expected = [
            (Grade::Mint, Some(ItemCondition::UsedLikeNew)),
            (Grade::NearMint, Some(ItemCondition::UsedLikeNew)),
            (Grade::VeryGoodPlus, Some(ItemCondition::UsedVeryGood)),
            (Grade::VeryGood, Some(ItemCondition::UsedGood)),
            (Grade::GoodPlus, Some(ItemCondition::UsedAcceptable)),
            (Grade::Good, Some(ItemCondition::UsedAcceptable)),
            (Grade::Fair, None),
            (Grade::Poor, None),
        ];
        for (grade, condition) in expected {
            assert_eq!(ItemCondition::try_from(grade).ok(), condition, "{grade}");
        }
        assert_eq!(
            ItemCondition::try_from(Grade::Poor)
                .unwrap_err()
                .to_string(),
            "grade: `Poor` has no item condition equivalent, it is below Used - Acceptable, \
             the lowest item condition"
        );
    }

    #[test]
    fn conditions_to_grades() {
        let expected = [
            (ItemCondition::New, Some(Grade::Mint)),
            (ItemCondition::Refurbished, None),
            (ItemCondition::UsedLikeNew, Some(Grade::NearMint)),
            (ItemCondition::UsedVeryGood, Some(Grade::VeryGoodPlus)),
            (ItemCondition::UsedGood, Some(Grade::VeryGood)),
            (ItemCondition::UsedAcceptable, Some(Grade::Good)),
        ];
        for (condition, grade) in expected {
            assert_eq!(Grade::try_from(condition).ok(), grade, "{condition}");
        }
        let err = Grade::try_from(ItemCondition::Refurbished).unwrap_err();
        assert_eq!(err.field(), "item condition");
    }

    #[test]
    fn a_round_trip_never_improves_a_grade() {
        for grade in Grade::ALL {
            if let Ok(condition) = ItemCondition::try_from(grade) {
                let back = Grade::try_from(condition).unwrap();
                assert!(back <= grade, "{grade} -> {condition} -> {back}");
            }
        }
    }

    #[test]
    fn serde_uses_identifiers() {
        assert_eq!(
            serde_json::to_string(&ItemCondition::UsedVeryGood).unwrap(),
            r#""used_very_good""#
        );
        assert_eq!(
            serde_json::from_str::<ItemCondition>(r#""refurbished""#).unwrap(),
            ItemCondition::Refurbished
        );
        assert!(serde_json::from_str::<ItemCondition>(r#""broken""#).is_err());
    }
}
