//! Discogs' spellings of record (media) and sleeve conditions, and their conversions to the
//! marketplace-neutral [`Grade`] and [`SleeveGrade`].
//!
//! Discogs spells a grade with its abbreviation in parentheses (`Very Good Plus (VG+)`) and
//! accepts nothing else when listing an item; these types hold those exact spellings.
//!
//! ```
//! use discogs_client::{MediaCondition, SleeveCondition};
//! use inventory_model::{Grade, SleeveGrade};
//!
//! let condition = MediaCondition::from(Grade::VeryGoodPlus);
//! assert_eq!(condition.as_str(), "Very Good Plus (VG+)");
//! assert_eq!(Grade::try_from(&condition)?, Grade::VeryGoodPlus);
//!
//! let sleeve: SleeveCondition = "Not Graded".parse().unwrap();
//! assert_eq!(SleeveGrade::try_from(&sleeve)?, SleeveGrade::NotGraded);
//! # Ok::<(), discogs_client::UnknownCondition>(())
//! ```

use std::fmt;

use inventory_model::{Grade, SleeveGrade};

use client_core::open_enum;

open_enum! {
    /// The condition of the record itself (the media), spelled as Discogs spells it.
    pub enum MediaCondition {
        /// `Mint (M)`.
        Mint => "Mint (M)",
        /// `Near Mint (NM or M-)`.
        NearMint => "Near Mint (NM or M-)",
        /// `Very Good Plus (VG+)`.
        VeryGoodPlus => "Very Good Plus (VG+)",
        /// `Very Good (VG)`.
        VeryGood => "Very Good (VG)",
        /// `Good Plus (G+)`.
        GoodPlus => "Good Plus (G+)",
        /// `Good (G)`.
        Good => "Good (G)",
        /// `Fair (F)`.
        Fair => "Fair (F)",
        /// `Poor (P)`.
        Poor => "Poor (P)",
    }
}

open_enum! {
    /// The condition of the sleeve (cover), spelled as Discogs spells it: the record grades plus
    /// `Generic`, `Not Graded` and `No Cover`.
    pub enum SleeveCondition {
        /// `Mint (M)`.
        Mint => "Mint (M)",
        /// `Near Mint (NM or M-)`.
        NearMint => "Near Mint (NM or M-)",
        /// `Very Good Plus (VG+)`.
        VeryGoodPlus => "Very Good Plus (VG+)",
        /// `Very Good (VG)`.
        VeryGood => "Very Good (VG)",
        /// `Good Plus (G+)`.
        GoodPlus => "Good Plus (G+)",
        /// `Good (G)`.
        Good => "Good (G)",
        /// `Fair (F)`.
        Fair => "Fair (F)",
        /// `Poor (P)`.
        Poor => "Poor (P)",
        /// `Generic`: a plain sleeve that is not the release's own.
        Generic => "Generic",
        /// `Not Graded`.
        NotGraded => "Not Graded",
        /// `No Cover`.
        NoCover => "No Cover",
    }
}

/// A condition Discogs sent (or a caller built) that has no model grade: an
/// [`Unknown`](MediaCondition::Unknown) spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCondition {
    /// The spelling that was not recognised.
    pub value: String,
}

impl fmt::Display for UnknownCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a Discogs condition (expected e.g. `Very Good Plus (VG+)`)",
            self.value
        )
    }
}

impl std::error::Error for UnknownCondition {}

impl UnknownCondition {
    fn of(value: &str) -> Self {
        Self {
            value: value.to_owned(),
        }
    }
}

/// The conversion of an owned condition, through the borrowed one.
macro_rules! try_from_owned {
    ($from:ty => $to:ident) => {
        impl TryFrom<$from> for $to {
            type Error = UnknownCondition;

            fn try_from(condition: $from) -> Result<Self, Self::Error> {
                $to::try_from(&condition)
            }
        }
    };
}

try_from_owned!(MediaCondition => Grade);
try_from_owned!(SleeveCondition => SleeveGrade);

impl MediaCondition {
    /// The model grade, or `None` for an unknown spelling.
    #[must_use]
    pub fn grade(&self) -> Option<Grade> {
        Grade::try_from(self).ok()
    }
}

impl SleeveCondition {
    /// The model sleeve grade, or `None` for an unknown spelling.
    #[must_use]
    pub fn sleeve_grade(&self) -> Option<SleeveGrade> {
        SleeveGrade::try_from(self).ok()
    }
}

impl From<Grade> for MediaCondition {
    fn from(grade: Grade) -> Self {
        match grade {
            Grade::Mint => Self::Mint,
            Grade::NearMint => Self::NearMint,
            Grade::VeryGoodPlus => Self::VeryGoodPlus,
            Grade::VeryGood => Self::VeryGood,
            Grade::GoodPlus => Self::GoodPlus,
            Grade::Good => Self::Good,
            Grade::Fair => Self::Fair,
            Grade::Poor => Self::Poor,
        }
    }
}

impl TryFrom<&MediaCondition> for Grade {
    type Error = UnknownCondition;

    fn try_from(condition: &MediaCondition) -> Result<Self, Self::Error> {
        Ok(match condition {
            MediaCondition::Mint => Grade::Mint,
            MediaCondition::NearMint => Grade::NearMint,
            MediaCondition::VeryGoodPlus => Grade::VeryGoodPlus,
            MediaCondition::VeryGood => Grade::VeryGood,
            MediaCondition::GoodPlus => Grade::GoodPlus,
            MediaCondition::Good => Grade::Good,
            MediaCondition::Fair => Grade::Fair,
            MediaCondition::Poor => Grade::Poor,
            MediaCondition::Unknown(value) => return Err(UnknownCondition::of(value)),
        })
    }
}

impl From<Grade> for SleeveCondition {
    fn from(grade: Grade) -> Self {
        SleeveCondition::from(SleeveGrade::Graded(grade))
    }
}

impl From<SleeveGrade> for SleeveCondition {
    fn from(grade: SleeveGrade) -> Self {
        match grade {
            SleeveGrade::Graded(Grade::Mint) => Self::Mint,
            SleeveGrade::Graded(Grade::NearMint) => Self::NearMint,
            SleeveGrade::Graded(Grade::VeryGoodPlus) => Self::VeryGoodPlus,
            SleeveGrade::Graded(Grade::VeryGood) => Self::VeryGood,
            SleeveGrade::Graded(Grade::GoodPlus) => Self::GoodPlus,
            SleeveGrade::Graded(Grade::Good) => Self::Good,
            SleeveGrade::Graded(Grade::Fair) => Self::Fair,
            SleeveGrade::Graded(Grade::Poor) => Self::Poor,
            SleeveGrade::Generic => Self::Generic,
            SleeveGrade::NotGraded => Self::NotGraded,
            SleeveGrade::NoCover => Self::NoCover,
        }
    }
}

impl TryFrom<&SleeveCondition> for SleeveGrade {
    type Error = UnknownCondition;

    fn try_from(condition: &SleeveCondition) -> Result<Self, Self::Error> {
        Ok(match condition {
            SleeveCondition::Mint => SleeveGrade::Graded(Grade::Mint),
            SleeveCondition::NearMint => SleeveGrade::Graded(Grade::NearMint),
            SleeveCondition::VeryGoodPlus => SleeveGrade::Graded(Grade::VeryGoodPlus),
            SleeveCondition::VeryGood => SleeveGrade::Graded(Grade::VeryGood),
            SleeveCondition::GoodPlus => SleeveGrade::Graded(Grade::GoodPlus),
            SleeveCondition::Good => SleeveGrade::Graded(Grade::Good),
            SleeveCondition::Fair => SleeveGrade::Graded(Grade::Fair),
            SleeveCondition::Poor => SleeveGrade::Graded(Grade::Poor),
            SleeveCondition::Generic => SleeveGrade::Generic,
            SleeveCondition::NotGraded => SleeveGrade::NotGraded,
            SleeveCondition::NoCover => SleeveGrade::NoCover,
            SleeveCondition::Unknown(value) => return Err(UnknownCondition::of(value)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grade_round_trips_through_the_discogs_spelling() {
        let spellings: Vec<String> = Grade::ALL
            .iter()
            .map(|grade| MediaCondition::from(*grade).as_str().to_owned())
            .collect();
        assert_eq!(
            spellings,
            [
                "Mint (M)",
                "Near Mint (NM or M-)",
                "Very Good Plus (VG+)",
                "Very Good (VG)",
                "Good Plus (G+)",
                "Good (G)",
                "Fair (F)",
                "Poor (P)"
            ]
        );
        for grade in Grade::ALL {
            let wire = MediaCondition::from(grade);
            assert_eq!(MediaCondition::from_wire(wire.as_str()), wire);
            assert_eq!(Grade::try_from(&wire), Ok(grade));
            let sleeve = SleeveCondition::from(grade);
            assert_eq!(sleeve.as_str(), wire.as_str());
            assert_eq!(
                SleeveGrade::try_from(&sleeve),
                Ok(SleeveGrade::Graded(grade))
            );
        }
    }

    #[test]
    fn sleeve_only_states() {
        for (grade, text) in [
            (SleeveGrade::Generic, "Generic"),
            (SleeveGrade::NotGraded, "Not Graded"),
            (SleeveGrade::NoCover, "No Cover"),
        ] {
            let condition = SleeveCondition::from(grade);
            assert_eq!(condition.as_str(), text);
            assert_eq!(SleeveCondition::from_wire(text), condition);
            assert_eq!(condition.sleeve_grade(), Some(grade));
        }
        assert_eq!(SleeveCondition::KNOWN.len(), 11);
    }

    #[test]
    fn unknown_spellings_are_kept_and_refused_by_conversion() {
        let odd = MediaCondition::from_wire("Excellent (EX)");
        assert_eq!(odd, MediaCondition::Unknown("Excellent (EX)".into()));
        assert_eq!(odd.as_str(), "Excellent (EX)");
        assert!(!odd.is_known());
        let err = Grade::try_from(&odd).unwrap_err();
        assert!(err.to_string().contains("Excellent (EX)"));
        assert_eq!(
            serde_json::from_str::<SleeveCondition>(r#""Torn""#).unwrap(),
            SleeveCondition::Unknown("Torn".into())
        );
        // The abbreviation alone is not Discogs' spelling.
        assert!(!MediaCondition::from_wire("VG+").is_known());
    }

    #[test]
    fn case_and_spaces_are_forgiven_and_serde_writes_the_exact_spelling() {
        assert_eq!(
            MediaCondition::from_wire(" near mint (nm or m-) "),
            MediaCondition::NearMint
        );
        assert_eq!(
            serde_json::to_string(&SleeveCondition::NoCover).unwrap(),
            r#""No Cover""#
        );
    }
}
