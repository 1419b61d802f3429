//! Instica's codes for conditions and statuses, and their mapping onto the model's words.
//!
//! Every code type keeps a code it does not know in an `Unknown` variant instead of failing,
//! so a status Instica adds tomorrow does not break a program built today.

use std::fmt;

use inventory_model::{Grade, ListingState, ModelError, SleeveGrade};

use client_core::open_enum;

open_enum! {
    /// A condition grade code, used for both the item (`condition_item`) and its container
    /// (`condition_container`).
    ///
    /// ```
    /// use instica_client::ConditionCode;
    /// use inventory_model::Grade;
    ///
    /// assert_eq!(ConditionCode::from(Grade::VeryGoodPlus).as_str(), "vg_plus");
    /// assert_eq!(Grade::try_from(ConditionCode::from_wire("nm"))?, Grade::NearMint);
    /// assert!(Grade::try_from(ConditionCode::from_wire("sealed")).is_err());
    /// # Ok::<(), inventory_model::ModelError>(())
    /// ```
    pub enum ConditionCode {
        /// Mint (M).
        Mint => "mint",
        /// Near Mint (NM).
        NearMint => "nm",
        /// Very Good Plus (VG+).
        VeryGoodPlus => "vg_plus",
        /// Very Good (VG).
        VeryGood => "vg",
        /// Good Plus (G+).
        GoodPlus => "good_plus",
        /// Good (G).
        Good => "good",
        /// Fair (F).
        Fair => "fair",
        /// Poor (P).
        Poor => "poor",
    }
}

impl From<Grade> for ConditionCode {
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

impl TryFrom<ConditionCode> for Grade {
    type Error = ModelError;

    fn try_from(code: ConditionCode) -> Result<Self, Self::Error> {
        Grade::try_from(&code)
    }
}

impl TryFrom<&ConditionCode> for Grade {
    type Error = ModelError;

    fn try_from(code: &ConditionCode) -> Result<Self, Self::Error> {
        Ok(match code {
            ConditionCode::Mint => Grade::Mint,
            ConditionCode::NearMint => Grade::NearMint,
            ConditionCode::VeryGoodPlus => Grade::VeryGoodPlus,
            ConditionCode::VeryGood => Grade::VeryGood,
            ConditionCode::GoodPlus => Grade::GoodPlus,
            ConditionCode::Good => Grade::Good,
            ConditionCode::Fair => Grade::Fair,
            ConditionCode::Poor => Grade::Poor,
            ConditionCode::Unknown(other) => {
                return Err(ModelError::NoEquivalent {
                    field: "condition_item",
                    value: other.clone(),
                    target: "record grade",
                    reason: "the code is not one of Instica's documented grades",
                });
            }
        })
    }
}

impl TryFrom<SleeveGrade> for ConditionCode {
    type Error = ModelError;

    /// Instica grades containers on the record scale only; generic, ungraded and missing
    /// sleeves have no code.
    fn try_from(sleeve: SleeveGrade) -> Result<Self, Self::Error> {
        sleeve
            .grade()
            .map(ConditionCode::from)
            .ok_or(ModelError::NoEquivalent {
                field: "condition_container",
                value: sleeve.as_str().to_owned(),
                target: "Instica condition code",
                reason: "Instica grades containers on the record scale only",
            })
    }
}

open_enum! {
    /// An inventory item's status.
    pub enum ItemStatus {
        /// Being entered; the default for new items.
        Draft => "draft",
        /// Bought, not yet received.
        Purchased => "purchased",
        /// Received, not yet ready to sell.
        Received => "received",
        /// Ready to be listed.
        ReadyToSell => "ready-to-sell",
        /// Listed on at least one marketplace.
        Listed => "listed",
        /// Sold.
        Sold => "sold",
        /// Cancelled.
        Cancelled => "cancelled",
    }
}

impl ItemStatus {
    /// The statuses the bulk status endpoint accepts.
    pub const BULK_SETTABLE: [ItemStatus; 5] = [
        ItemStatus::Draft,
        ItemStatus::Purchased,
        ItemStatus::Received,
        ItemStatus::ReadyToSell,
        ItemStatus::Cancelled,
    ];

    /// The statuses a bulk restore may return items to.
    pub const RESTORABLE: [ItemStatus; 4] = [
        ItemStatus::Draft,
        ItemStatus::Purchased,
        ItemStatus::Received,
        ItemStatus::ReadyToSell,
    ];

    /// The neutral state this status amounts to, or `None` for an unknown code.
    ///
    /// Everything before `listed` is not visible to buyers, so it is a [`ListingState::Draft`];
    /// a cancelled item is gone for good ([`ListingState::Deleted`]).
    pub fn listing_state(&self) -> Option<ListingState> {
        Some(match self {
            ItemStatus::Draft
            | ItemStatus::Purchased
            | ItemStatus::Received
            | ItemStatus::ReadyToSell => ListingState::Draft,
            ItemStatus::Listed => ListingState::ForSale,
            ItemStatus::Sold => ListingState::Sold,
            ItemStatus::Cancelled => ListingState::Deleted,
            ItemStatus::Unknown(_) => return None,
        })
    }
}

open_enum! {
    /// The status of one marketplace listing of an item.
    pub enum ListingStatus {
        /// Prepared, not submitted.
        Draft => "draft",
        /// Submitted to the marketplace; the outcome is not known yet.
        InProgress => "in_progress",
        /// Live on the marketplace.
        Listed => "listed",
        /// The marketplace refused the listing (see the listing's `last_error_code`).
        ListingFailed => "listing_failed",
    }
}

impl ListingStatus {
    /// The neutral state this status amounts to, or `None` for an unknown code.
    ///
    /// A listing on its way or refused is not visible to buyers: `in_progress` is still a
    /// [`ListingState::Draft`], `listing_failed` is [`ListingState::Inactive`].
    pub fn listing_state(&self) -> Option<ListingState> {
        Some(match self {
            ListingStatus::Draft | ListingStatus::InProgress => ListingState::Draft,
            ListingStatus::Listed => ListingState::ForSale,
            ListingStatus::ListingFailed => ListingState::Inactive,
            ListingStatus::Unknown(_) => return None,
        })
    }
}

open_enum! {
    /// The kind of an asset (from the asset type choices).
    pub enum AssetType {
        /// A photo.
        Photo => "photo",
    }
}

/// A value and its label, as the reference `choices/` endpoints answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[non_exhaustive]
pub struct Choice<V> {
    /// The code to send.
    pub value: V,
    /// The label to show people.
    pub label: String,
}

impl<V: fmt::Display> fmt::Display for Choice<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label, self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grade_round_trips_through_its_code() {
        for grade in Grade::ALL {
            let code = ConditionCode::from(grade);
            assert!(code.is_known());
            assert_eq!(ConditionCode::from_wire(code.as_str()), code);
            assert_eq!(Grade::try_from(&code).unwrap(), grade);
        }
        assert_eq!(ConditionCode::KNOWN.len(), 8);
    }

    #[test]
    fn unknown_codes_are_kept_not_refused() {
        let status: ItemStatus = serde_json::from_str("\"on-hold\"").unwrap();
        assert_eq!(status, ItemStatus::Unknown("on-hold".into()));
        assert_eq!(serde_json::to_string(&status).unwrap(), "\"on-hold\"");
        assert_eq!(status.listing_state(), None);
        let listing: ListingStatus = serde_json::from_str("\"delisting\"").unwrap();
        assert_eq!(listing.as_str(), "delisting");
    }

    #[test]
    fn statuses_map_to_neutral_states() {
        assert_eq!(
            ItemStatus::from_wire("ready-to-sell").listing_state(),
            Some(ListingState::Draft)
        );
        assert_eq!(
            ItemStatus::Listed.listing_state(),
            Some(ListingState::ForSale)
        );
        assert_eq!(ItemStatus::Sold.listing_state(), Some(ListingState::Sold));
        assert_eq!(
            ListingStatus::from_wire("listing_failed").listing_state(),
            Some(ListingState::Inactive)
        );
        assert_eq!(
            ListingStatus::InProgress.listing_state(),
            Some(ListingState::Draft)
        );
    }

    #[test]
    fn sleeves_without_a_grade_have_no_code() {
        assert_eq!(
            ConditionCode::try_from(SleeveGrade::Graded(Grade::VeryGood)).unwrap(),
            ConditionCode::VeryGood
        );
        assert!(ConditionCode::try_from(SleeveGrade::Generic).is_err());
    }
}
