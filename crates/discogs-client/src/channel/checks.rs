//! The rules both channels apply to an update before anything is sent, written once so that
//! each channel's `push` and `check_update` refuse the same updates with the same words.

use inventory_model::{InventoryUpdate, Money, Refusal, StockKind, StockUpdate};

use super::CHANNEL_NAME;
use crate::rules::fit_decimals;

/// What a stock update asks of a listing, which is one copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StockAsk {
    /// Stock 0: the copy is gone.
    None,
    /// Stock 1: the copy is there.
    One,
}

/// Reads a stock update the way both channels do: only stock on hand, and at most one copy.
pub(crate) fn stock_ask(stock: &StockUpdate, listing_id: u64) -> Result<StockAsk, Refusal> {
    if stock.kind != StockKind::OnHand {
        return Err(Refusal::new(
            "Discogs lists only stock on hand, not stock in transit",
        ));
    }
    match stock.quantity.get() {
        0 => Ok(StockAsk::None),
        1 => Ok(StockAsk::One),
        more => Err(Refusal::new(format!(
            "listing {listing_id} is one copy: Discogs documents no quantity for a listing, so a \
             stock of {more} cannot be set; list further copies as listings of their own"
        ))),
    }
}

/// Refuses (code `too_precise`) a price with more decimals than its currency allows, or, when
/// the account's currency is unknown, than any Discogs marketplace currency allows (2).
/// `field` names the price in the refusal (`price`, or `price of update 3` in a push).
pub(crate) fn price_decimals(
    price: &Money,
    account_currency_unknown: bool,
    field: impl FnOnce() -> String,
) -> Result<(), Refusal> {
    let fits = fit_decimals("price", price.amount(), Some(price.currency())).and_then(|()| {
        if account_currency_unknown {
            fit_decimals("price", price.amount(), None)
        } else {
            Ok(())
        }
    });
    let Err(mut refusal) = fits else {
        return Ok(());
    };
    refusal.field = field();
    Err(Refusal::with_code(refusal.to_string(), "too_precise"))
}

/// The field name of `update`'s price in a push of `updates`: `price of update N`. Found only
/// for a refused price, so a clean batch costs no search.
pub(crate) fn position_in(updates: &[InventoryUpdate], update: &InventoryUpdate) -> String {
    updates
        .iter()
        .position(|candidate| std::ptr::eq(candidate, update))
        .map_or_else(
            || "price".to_owned(),
            |at| format!("price of update {}", at + 1),
        )
}

/// The refusal of an update kind neither channel knows.
pub(crate) fn unsupported() -> Refusal {
    Refusal::new(format!(
        "{CHANNEL_NAME} does not support this kind of update"
    ))
}
