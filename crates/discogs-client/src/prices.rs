//! Price suggestions and Marketplace statistics for a release.

use std::collections::BTreeMap;

use client_core::{Request, Route};
use inventory_model::{Currency, Money};
use serde::Deserialize;

use crate::client::DiscogsClient;
use crate::condition::MediaCondition;
use crate::error::DiscogsError;
use crate::rules::check_currency;
use crate::wire;

/// A suggested price for one condition.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PriceSuggestion {
    /// The condition.
    pub condition: MediaCondition,
    /// The suggested price, in the user's selling currency, exactly as Discogs computed it
    /// (often with many decimals: round it before listing).
    pub price: Money,
}

/// Suggested prices per condition, best condition first. Empty when Discogs has no
/// suggestion for the release.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PriceSuggestions {
    /// The suggestions, best condition first; conditions this crate does not know come last.
    pub suggestions: Vec<PriceSuggestion>,
}

impl PriceSuggestions {
    /// The suggestion for `condition`, if any.
    #[must_use]
    pub fn get(&self, condition: &MediaCondition) -> Option<Money> {
        self.suggestions
            .iter()
            .find(|suggestion| &suggestion.condition == condition)
            .map(|suggestion| suggestion.price)
    }

    /// Whether Discogs had no suggestion.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.suggestions.is_empty()
    }
}

#[derive(Deserialize)]
struct PriceWrapper(#[serde(with = "wire::price")] Money);

impl<'de> Deserialize<'de> for PriceSuggestions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let by_spelling = BTreeMap::<String, PriceWrapper>::deserialize(deserializer)?;
        let mut suggestions: Vec<PriceSuggestion> = by_spelling
            .into_iter()
            .map(|(spelling, PriceWrapper(price))| PriceSuggestion {
                condition: MediaCondition::from_wire(&spelling),
                price,
            })
            .collect();
        suggestions.sort_by_key(|suggestion| {
            MediaCondition::KNOWN
                .iter()
                .position(|known| known == &suggestion.condition)
                .unwrap_or(usize::MAX)
        });
        Ok(Self { suggestions })
    }
}

/// The Marketplace's current state for a release.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ReleaseStats {
    /// The lowest price of any copy for sale; `None` when nothing is for sale or the release
    /// is blocked.
    #[serde(default, with = "wire::price_option")]
    pub lowest_price: Option<Money>,
    /// How many copies are for sale; `None` when nothing is for sale or the release is
    /// blocked.
    #[serde(default)]
    pub num_for_sale: Option<u64>,
    /// Whether the release may not be sold on Discogs.
    #[serde(default)]
    pub blocked_from_sale: bool,
}

fn release_route(template: &'static str, release_id: u64) -> Result<Route, DiscogsError> {
    Ok(Route::new(template)
        .with("release_id", &release_id.to_string())?
        .finish()?)
}

impl DiscogsClient {
    /// `GET /marketplace/price_suggestions/{release_id}`: suggested prices per condition, in
    /// the user's selling currency. Requires authentication and filled-in seller settings.
    ///
    /// # Errors
    ///
    /// [`Unauthorized`](crate::DiscogsErrorKind::Unauthorized) without credentials;
    /// [`NotFound`](crate::DiscogsErrorKind::NotFound) for an unknown release.
    pub async fn price_suggestions(
        &self,
        release_id: u64,
    ) -> Result<PriceSuggestions, DiscogsError> {
        let route = release_route("/marketplace/price_suggestions/{release_id}", release_id)?;
        Ok(self.engine.execute(Request::get(route)).await?.json()?)
    }

    /// `GET /marketplace/stats/{release_id}`: lowest price, number for sale and whether the
    /// release is blocked, in `currency` when given (else the buyer's currency, or US dollars
    /// without authentication).
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for a currency Discogs does not accept;
    /// [`NotFound`](crate::DiscogsErrorKind::NotFound) for an unknown release.
    pub async fn release_stats(
        &self,
        release_id: u64,
        currency: Option<Currency>,
    ) -> Result<ReleaseStats, DiscogsError> {
        if let Some(currency) = currency {
            check_currency("curr_abbr", currency)?;
        }
        let route = release_route("/marketplace/stats/{release_id}", release_id)?;
        let request = Request::get(route).query_opt("curr_abbr", currency);
        Ok(self.engine.execute(request).await?.json()?)
    }
}
