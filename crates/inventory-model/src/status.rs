//! Marketplace-neutral states of listings and stock.

use crate::text::labelled_enum;

labelled_enum! {
    /// Where a listing is in its life, in words every marketplace's states map onto.
    ///
    /// `Display` writes the label (`For Sale`); `FromStr` accepts the label or the snake_case
    /// identifier in any case; serde uses the identifier (`"for_sale"`).
    ///
    /// ```
    /// use inventory_model::ListingState;
    ///
    /// let state: ListingState = "for sale".parse()?;
    /// assert_eq!(state, ListingState::ForSale);
    /// assert!(state.is_purchasable());
    /// # Ok::<(), inventory_model::ModelError>(())
    /// ```
    pub enum ListingState {
        field: "listing state",
        expected: "a listing state (Draft, For Sale, Inactive, Sold, Expired, Suspended or \
                   Deleted)",
        /// Being prepared; not visible to buyers.
        Draft => ("draft", "Draft"),
        /// Visible and purchasable.
        ForSale => ("for_sale", "For Sale"),
        /// Taken off sale by the seller for now; can be put back on sale.
        Inactive => ("inactive", "Inactive"),
        /// Bought; no longer available.
        Sold => ("sold", "Sold"),
        /// Its listing period ended without a sale.
        Expired => ("expired", "Expired"),
        /// Blocked by the marketplace, for example for breaking a listing rule.
        Suspended => ("suspended", "Suspended"),
        /// Removed for good.
        Deleted => ("deleted", "Deleted"),
    }
}

impl ListingState {
    /// Whether a buyer can purchase the item now.
    #[must_use]
    pub const fn is_purchasable(self) -> bool {
        matches!(self, ListingState::ForSale)
    }
}

labelled_enum! {
    /// Whether a stock quantity is on the shelf or still on its way.
    ///
    /// `Display` writes the label (`In Transit`); `FromStr` accepts the label or the snake_case
    /// identifier in any case; serde uses the identifier (`"in_transit"`). The default is
    /// [`OnHand`](StockKind::OnHand).
    #[derive(Default)]
    pub enum StockKind {
        field: "stock kind",
        expected: "a stock kind (On Hand or In Transit)",
        /// In the warehouse, ready to ship.
        #[default]
        OnHand => ("on_hand", "On Hand"),
        /// Ordered or shipped to the warehouse, not yet received.
        InTransit => ("in_transit", "In Transit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_states_parse_and_display() {
        assert_eq!(ListingState::ForSale.to_string(), "For Sale");
        assert_eq!(
            "FOR_SALE".parse::<ListingState>().unwrap(),
            ListingState::ForSale
        );
        assert_eq!("sold".parse::<ListingState>().unwrap(), ListingState::Sold);
        let err = "Violation".parse::<ListingState>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "listing state: `Violation` is not a listing state (Draft, For Sale, Inactive, Sold, \
             Expired, Suspended or Deleted)"
        );
    }

    #[test]
    fn only_for_sale_is_purchasable() {
        let purchasable: Vec<_> = ListingState::ALL
            .iter()
            .filter(|state| state.is_purchasable())
            .collect();
        assert_eq!(purchasable, [&ListingState::ForSale]);
    }

    #[test]
    fn stock_kinds() {
        assert_eq!(StockKind::default(), StockKind::OnHand);
        assert_eq!(
            "in transit".parse::<StockKind>().unwrap(),
            StockKind::InTransit
        );
        assert_eq!(
            serde_json::to_string(&StockKind::InTransit).unwrap(),
            r#""in_transit""#
        );
        assert!("shipped".parse::<StockKind>().is_err());
    }
}
