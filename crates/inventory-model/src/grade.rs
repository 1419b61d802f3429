//! The record grading scale and sleeve grades.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::ModelError;
use crate::text::labels_match;

/// A grade on the record collectors' scale, from [`Mint`](Grade::Mint) down to
/// [`Poor`](Grade::Poor).
///
/// Grades are ordered by quality: a better grade is *greater* (`VeryGoodPlus > VeryGood`), so
/// `grade >= Grade::VeryGoodPlus` reads as "at least VG+".
///
/// `Display` writes the full name (`Very Good Plus`); [`abbreviation`](Grade::abbreviation)
/// gives the short form (`VG+`). `FromStr` accepts either, or the snake_case identifier, in any
/// case. Serde uses the identifier (`"very_good_plus"`). How a marketplace spells grades is the
/// business of its client crate.
///
/// ```
/// use inventory_model::Grade;
///
/// let grade: Grade = "vg+".parse()?;
/// assert_eq!(grade, Grade::VeryGoodPlus);
/// assert!(grade > Grade::VeryGood);
/// assert_eq!(grade.to_string(), "Very Good Plus");
/// assert_eq!(grade.abbreviation(), "VG+");
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    /// Perfect in every way; most likely never played, possibly still sealed.
    Mint,
    /// Nearly perfect; no obvious signs of wear.
    NearMint,
    /// Shows some signs of play and handling, which do not affect listening.
    VeryGoodPlus,
    /// Noticeable surface marks and light noise in quiet passages.
    VeryGood,
    /// Plays through with noise and wear throughout, but without skipping.
    GoodPlus,
    /// Considerable wear and noise; plays through.
    Good,
    /// Heavily worn; may skip or repeat.
    Fair,
    /// Damaged: cracked, badly warped or unplayable.
    Poor,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 8] = [
        Grade::Mint,
        Grade::NearMint,
        Grade::VeryGoodPlus,
        Grade::VeryGood,
        Grade::GoodPlus,
        Grade::Good,
        Grade::Fair,
        Grade::Poor,
    ];

    /// The short form: `M`, `NM`, `VG+`, `VG`, `G+`, `G`, `F`, `P`.
    #[must_use]
    pub const fn abbreviation(self) -> &'static str {
        match self {
            Grade::Mint => "M",
            Grade::NearMint => "NM",
            Grade::VeryGoodPlus => "VG+",
            Grade::VeryGood => "VG",
            Grade::GoodPlus => "G+",
            Grade::Good => "G",
            Grade::Fair => "F",
            Grade::Poor => "P",
        }
    }

    /// The full name, such as `Very Good Plus` (the `Display` form).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Grade::Mint => "Mint",
            Grade::NearMint => "Near Mint",
            Grade::VeryGoodPlus => "Very Good Plus",
            Grade::VeryGood => "Very Good",
            Grade::GoodPlus => "Good Plus",
            Grade::Good => "Good",
            Grade::Fair => "Fair",
            Grade::Poor => "Poor",
        }
    }

    /// The snake_case identifier used in serialized data, such as `very_good_plus`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Grade::Mint => "mint",
            Grade::NearMint => "near_mint",
            Grade::VeryGoodPlus => "very_good_plus",
            Grade::VeryGood => "very_good",
            Grade::GoodPlus => "good_plus",
            Grade::Good => "good",
            Grade::Fair => "fair",
            Grade::Poor => "poor",
        }
    }

    /// The position on the scale: 8 for Mint down to 1 for Poor. Higher is better.
    #[must_use]
    pub const fn rank(self) -> u8 {
        match self {
            Grade::Mint => 8,
            Grade::NearMint => 7,
            Grade::VeryGoodPlus => 6,
            Grade::VeryGood => 5,
            Grade::GoodPlus => 4,
            Grade::Good => 3,
            Grade::Fair => 2,
            Grade::Poor => 1,
        }
    }

    fn parse(text: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|grade| {
            labels_match(text, grade.name())
                || labels_match(text, grade.abbreviation())
                || labels_match(text, grade.as_str())
        })
    }
}

impl PartialOrd for Grade {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Grade {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Grade {
    type Err = ModelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Grade::parse(text).ok_or_else(|| ModelError::Invalid {
            field: "grade",
            value: text.to_owned(),
            expected: "a grade (Mint, Near Mint, Very Good Plus, Very Good, Good Plus, Good, Fair, \
                       Poor, or M, NM, VG+, VG, G+, G, F, P)",
        })
    }
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::text::deserialize_from_str(deserializer)
    }
}

/// The grade of a record's sleeve (cover): a [`Grade`] on the same scale, or one of the states
/// only a sleeve can be in.
///
/// `Display` writes the grade's name or `Generic`, `Not Graded`, `No Cover`; `FromStr` accepts
/// those, grade abbreviations and the snake_case identifiers, in any case. Serde uses the
/// identifier: a grade's (`"near_mint"`) or `"generic"`, `"not_graded"`, `"no_cover"`.
///
/// ```
/// use inventory_model::{Grade, SleeveGrade};
///
/// assert_eq!("NM".parse::<SleeveGrade>()?, SleeveGrade::Graded(Grade::NearMint));
/// assert_eq!("no cover".parse::<SleeveGrade>()?, SleeveGrade::NoCover);
/// assert_eq!(SleeveGrade::from(Grade::Good).grade(), Some(Grade::Good));
/// # Ok::<(), inventory_model::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SleeveGrade {
    /// The sleeve is graded on the record scale.
    Graded(Grade),
    /// A plain company or paper sleeve, not the release's own; it has no collectable value.
    Generic,
    /// The seller did not grade the sleeve.
    NotGraded,
    /// The record comes without a sleeve.
    NoCover,
}

impl SleeveGrade {
    /// The grade, when the sleeve has one.
    #[must_use]
    pub const fn grade(self) -> Option<Grade> {
        match self {
            SleeveGrade::Graded(grade) => Some(grade),
            SleeveGrade::Generic | SleeveGrade::NotGraded | SleeveGrade::NoCover => None,
        }
    }

    /// The snake_case identifier used in serialized data.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            SleeveGrade::Graded(grade) => grade.as_str(),
            SleeveGrade::Generic => "generic",
            SleeveGrade::NotGraded => "not_graded",
            SleeveGrade::NoCover => "no_cover",
        }
    }

    /// The label shown to people (the `Display` form).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            SleeveGrade::Graded(grade) => grade.name(),
            SleeveGrade::Generic => "Generic",
            SleeveGrade::NotGraded => "Not Graded",
            SleeveGrade::NoCover => "No Cover",
        }
    }
}

impl From<Grade> for SleeveGrade {
    fn from(grade: Grade) -> Self {
        SleeveGrade::Graded(grade)
    }
}

impl fmt::Display for SleeveGrade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for SleeveGrade {
    type Err = ModelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(grade) = Grade::parse(text) {
            return Ok(SleeveGrade::Graded(grade));
        }
        [
            SleeveGrade::Generic,
            SleeveGrade::NotGraded,
            SleeveGrade::NoCover,
        ]
        .into_iter()
        .find(|sleeve| labels_match(text, sleeve.label()))
        .ok_or_else(|| ModelError::Invalid {
            field: "sleeve grade",
            value: text.to_owned(),
            expected: "a grade (Mint … Poor, or M … P), Generic, Not Graded or No Cover",
        })
    }
}

impl serde::Serialize for SleeveGrade {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for SleeveGrade {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::text::deserialize_from_str(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn better_grades_are_greater() {
        assert!(Grade::VeryGoodPlus > Grade::VeryGood);
        assert!(Grade::Mint > Grade::NearMint);
        assert!(Grade::Fair > Grade::Poor);
        let mut shuffled = [
            Grade::Good,
            Grade::Mint,
            Grade::Poor,
            Grade::VeryGood,
            Grade::NearMint,
            Grade::Fair,
            Grade::GoodPlus,
            Grade::VeryGoodPlus,
        ];
        shuffled.sort_by(|a, b| b.cmp(a));
        assert_eq!(shuffled, Grade::ALL);
        assert_eq!(Grade::ALL.iter().max(), Some(&Grade::Mint));
    }

    #[test]
    fn abbreviations_and_names() {
        let abbreviations: Vec<_> = Grade::ALL.iter().map(|g| g.abbreviation()).collect();
        assert_eq!(abbreviations, ["M", "NM", "VG+", "VG", "G+", "G", "F", "P"]);
        assert_eq!(Grade::GoodPlus.to_string(), "Good Plus");
        assert_eq!(Grade::NearMint.name(), "Near Mint");
    }

    #[test]
    fn parsing_accepts_name_abbreviation_and_identifier() {
        for text in [
            "Very Good Plus",
            "very good plus",
            "VG+",
            "vg+",
            "very_good_plus",
            " VG+ ",
        ] {
            assert_eq!(
                text.parse::<Grade>().unwrap(),
                Grade::VeryGoodPlus,
                "{text}"
            );
        }
        assert_eq!("g+".parse::<Grade>().unwrap(), Grade::GoodPlus);
        assert_eq!("G".parse::<Grade>().unwrap(), Grade::Good);
        assert_eq!("near-mint".parse::<Grade>().unwrap(), Grade::NearMint);
    }

    #[test]
    fn parsing_refuses_other_spellings() {
        for bad in ["", "Excellent", "VG++", "Very Good Plus (VG+)", "EX"] {
            let err = bad.parse::<Grade>().unwrap_err();
            assert!(
                err.to_string()
                    .starts_with(&format!("grade: `{bad}` is not a grade")),
                "{err}"
            );
        }
    }

    #[test]
    fn sleeve_grades() {
        assert_eq!(
            "Generic".parse::<SleeveGrade>().unwrap(),
            SleeveGrade::Generic
        );
        assert_eq!(
            "not_graded".parse::<SleeveGrade>().unwrap(),
            SleeveGrade::NotGraded
        );
        assert_eq!(
            "No Cover".parse::<SleeveGrade>().unwrap(),
            SleeveGrade::NoCover
        );
        assert_eq!(
            "VG".parse::<SleeveGrade>().unwrap(),
            SleeveGrade::Graded(Grade::VeryGood)
        );
        assert_eq!(SleeveGrade::NoCover.grade(), None);
        assert_eq!(SleeveGrade::NotGraded.to_string(), "Not Graded");
        assert_eq!(SleeveGrade::Graded(Grade::Mint).to_string(), "Mint");
        let err = "Torn".parse::<SleeveGrade>().unwrap_err();
        assert!(
            err.to_string().starts_with("sleeve grade: `Torn` is not"),
            "{err}"
        );
    }

    #[test]
    fn serde_uses_identifiers() {
        assert_eq!(
            serde_json::to_string(&Grade::VeryGoodPlus).unwrap(),
            r#""very_good_plus""#
        );
        assert_eq!(
            serde_json::to_string(&SleeveGrade::Graded(Grade::NearMint)).unwrap(),
            r#""near_mint""#
        );
        assert_eq!(
            serde_json::to_string(&SleeveGrade::NoCover).unwrap(),
            r#""no_cover""#
        );
        assert_eq!(
            serde_json::from_str::<SleeveGrade>(r#""generic""#).unwrap(),
            SleeveGrade::Generic
        );
        assert!(serde_json::from_str::<Grade>(r#""excellent""#).is_err());
        assert!(serde_json::from_str::<Grade>("3").is_err());
    }
}
