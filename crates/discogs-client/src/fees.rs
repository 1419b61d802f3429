//! The Marketplace fee calculator.

use client_core::{Request, Route};
use inventory_model::{Currency, Decimal, Money};

use crate::client::DiscogsClient;
use crate::error::DiscogsError;
use crate::rules::{check_currency, check_decimals};
use crate::wire;

#[derive(Debug, serde::Deserialize)]
pub(crate) struct FeeBody(#[serde(with = "wire::price")] Money);

/// Refuses negative prices; Discogs computes the fee of zero.
fn check_fee_price(price: Decimal) -> Result<(), DiscogsError> {
    if price.is_sign_negative() && !price.is_zero() {
        return Err(DiscogsError::invalid("price", "must not be negative"));
    }
    Ok(())
}

impl DiscogsClient {
    /// `GET /marketplace/fee/{price}`: Discogs' fee for selling an item at `price` US dollars.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for a negative price or one with more
    /// than the 2 decimals US dollars allow (`12.345`).
    pub async fn fee(&self, price: Decimal) -> Result<Money, DiscogsError> {
        check_fee_price(price)?;
        check_decimals("price", price, Some(Currency::Usd))?;
        let route = Route::new("/marketplace/fee/{price}")
            .with("price", &price.to_string())?
            .finish()?;
        let body: FeeBody = self.engine.execute(Request::get(route)).await?.json()?;
        Ok(body.0)
    }

    /// `GET /marketplace/fee/{price}/{currency}`: the fee for selling at `price` in `currency`.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for a negative price, a currency
    /// Discogs does not accept, or a price with more decimals than the currency allows
    /// (JPY `1200.5`).
    pub async fn fee_in(&self, price: Decimal, currency: Currency) -> Result<Money, DiscogsError> {
        check_fee_price(price)?;
        check_currency("currency", currency)?;
        check_decimals("price", price, Some(currency))?;
        let route = Route::new("/marketplace/fee/{price}/{currency}")
            .with("price", &price.to_string())?
            .with("currency", currency.code())?
            .finish()?;
        let body: FeeBody = self.engine.execute(Request::get(route)).await?.json()?;
        Ok(body.0)
    }
}
