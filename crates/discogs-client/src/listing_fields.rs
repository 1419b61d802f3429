//! The optional parts of a listing that every way of writing one shares: a new or edited
//! listing ([`ListingDetails`](crate::ListingDetails)) and both kinds of upload row
//! ([`AddRow`](crate::inventory_upload::AddRow),
//! [`ChangeRow`](crate::inventory_upload::ChangeRow)).
//! They are declared once here, with their setters ([`listing_field_setters!`]), so the three
//! types cannot drift apart.

use serde::Serialize;

use crate::condition::SleeveCondition;

/// A listing's optional fields, as every request that writes a listing carries them.
///
/// `N` is how the two counts are written: whole numbers (`u32`) in upload files, a number or
/// `auto` ([`NumberOrAuto`](crate::NumberOrAuto)) in listing edits. Set them with the setters
/// of the type that holds them (`AddRow::comments`, `ListingDetails::weight`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ListingFields<N> {
    /// The condition of the sleeve: a grade, `Generic`, `Not Graded` or `No Cover`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sleeve_condition: Option<SleeveCondition>,
    /// Remarks shown to buyers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// Whether buyers may make offers (`allow_offers` in a listing edit, `accept_offer`
    /// written `Y` or `N` in an upload file).
    #[serde(rename = "allow_offers", skip_serializing_if = "Option::is_none")]
    pub offers: Option<bool>,
    /// The seller's private reference ("Private Comments" on the website).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Where the item is stored; private to the seller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The weight in grams.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<N>,
    /// How many items the listing counts as for shipping ("Counts As").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format_quantity: Option<N>,
}

impl<N> Default for ListingFields<N> {
    fn default() -> Self {
        Self {
            sleeve_condition: None,
            comments: None,
            offers: None,
            external_id: None,
            location: None,
            weight: None,
            format_quantity: None,
        }
    }
}

impl<N> ListingFields<N> {
    /// The sleeve condition, for the checks of the type holding the fields.
    pub(crate) fn sleeve(&self) -> Option<&SleeveCondition> {
        self.sleeve_condition.as_ref()
    }
}

/// The setters of [`ListingFields`], for a builder that keeps them in a `fields` field:
/// `offers` names the setter for [`ListingFields::offers`] (Discogs calls it `accept_offer` in
/// upload files and `allow_offers` in listing edits), `count` the argument type of `weight` and
/// `format_quantity`.
macro_rules! listing_field_setters {
    (offers: $offers:ident, count: $count:ty) => {
        /// Sets the condition of the sleeve (a
        /// [`SleeveCondition`](crate::SleeveCondition) or a model `SleeveGrade`/`Grade`).
        #[must_use]
        pub fn sleeve_condition(
            mut self,
            condition: impl Into<$crate::condition::SleeveCondition>,
        ) -> Self {
            self.fields.sleeve_condition = Some(condition.into());
            self
        }

        /// Sets the remarks shown to buyers.
        #[must_use]
        pub fn comments(mut self, comments: impl Into<String>) -> Self {
            self.fields.comments = Some(comments.into());
            self
        }

        /// Sets whether buyers may make offers (Discogs' default is no).
        #[must_use]
        pub fn $offers(mut self, allow: bool) -> Self {
            self.fields.offers = Some(allow);
            self
        }

        /// Sets the seller's private reference ("Private Comments" on the website).
        #[must_use]
        pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
            self.fields.external_id = Some(external_id.into());
            self
        }

        /// Sets where the item is stored (private to the seller).
        #[must_use]
        pub fn location(mut self, location: impl Into<String>) -> Self {
            self.fields.location = Some(location.into());
            self
        }

        /// Sets the weight in grams (in a listing edit also
        /// [`NumberOrAuto::Auto`](crate::NumberOrAuto::Auto), to let Discogs estimate it).
        #[must_use]
        pub fn weight(mut self, grams: $count) -> Self {
            self.fields.weight = Some(grams.into());
            self
        }

        /// Sets how many items the listing counts as for shipping (in a listing edit also
        /// [`NumberOrAuto::Auto`](crate::NumberOrAuto::Auto)).
        #[must_use]
        pub fn format_quantity(mut self, count: $count) -> Self {
            self.fields.format_quantity = Some(count.into());
            self
        }
    };
}

pub(crate) use listing_field_setters;
