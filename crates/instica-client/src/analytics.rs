//! Inventory analytics: a summary of counts and values, and daily trends.

use client_core::Request;
use inventory_model::Money;
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use crate::client::{InsticaClient, route};
use crate::codes::ItemStatus;
use crate::dates;
use crate::error::InsticaError;
use crate::money::usd;
use client_core::lenient;

/// Aggregated inventory metrics.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AnalyticsSummary {
    /// All items.
    pub total_items: u64,
    /// Items available for sale.
    pub sellable_items: u64,
    /// Items listed now.
    pub listed_items: u64,
    /// Items sold.
    pub sold_items: u64,
    /// What the items cost.
    #[serde(with = "usd")]
    pub total_cost_basis: Money,
    /// What the items are expected to fetch.
    #[serde(with = "usd")]
    pub expected_value: Money,
    /// The value of the listed items.
    #[serde(with = "usd")]
    pub listed_value: Money,
    /// Revenue from sales.
    #[serde(with = "usd")]
    pub sold_revenue: Money,
    /// Profit from sales.
    #[serde(with = "usd")]
    pub sold_profit: Money,
    /// The share of items sold (a ratio, not money, so a float).
    pub sell_through_rate: f64,
    /// The average days to sell, when anything sold.
    #[serde(default)]
    pub average_days_to_sell: Option<f64>,
    /// Items per status.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub status_breakdown: Vec<StatusCount>,
    /// When the figures were computed.
    #[serde(default, with = "dates::datetime_option")]
    pub updated_at: Option<OffsetDateTime>,
}

/// How many items have one status.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct StatusCount {
    /// The status.
    pub status: ItemStatus,
    /// Its label, as the server wrote it.
    #[serde(default)]
    pub label: Option<String>,
    /// The number of items.
    pub count: u64,
}

/// Daily purchases, listings and sales over a date range.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AnalyticsTrends {
    /// Days in the range.
    pub range_days: u32,
    /// The first day.
    #[serde(with = "dates::date")]
    pub range_start: Date,
    /// The last day.
    #[serde(with = "dates::date")]
    pub range_end: Date,
    /// Purchases per day.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub purchases: Vec<TrendPoint>,
    /// Listings per day.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub listings: Vec<TrendPoint>,
    /// Sales per day.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub sales: Vec<TrendPoint>,
}

/// One day of a trend.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TrendPoint {
    /// The day.
    #[serde(with = "dates::date")]
    pub date: Date,
    /// How many.
    pub count: u64,
    /// Their value.
    #[serde(with = "usd")]
    pub value: Money,
}

/// Inventory analytics: `client.analytics()`.
#[derive(Debug, Clone)]
pub struct Analytics {
    client: InsticaClient,
}

impl InsticaClient {
    /// Inventory analytics.
    pub fn analytics(&self) -> Analytics {
        Analytics {
            client: self.clone(),
        }
    }
}

impl Analytics {
    /// Counts, values, sell-through rate and status breakdown
    /// (`GET /inventory/analytics/summary/`, path assumed).
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn summary(&self) -> Result<AnalyticsSummary, InsticaError> {
        let request = Request::get(route("/inventory/analytics/summary/", &[])?);
        self.client.json(request).await
    }

    /// Daily trends (`GET /inventory/analytics/trends/`, path assumed) over the server's
    /// default range, or the last `days` days (sent as `days`, a parameter name assumed).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for `days` of 0; otherwise the request's
    /// errors.
    pub async fn trends(&self, days: Option<u32>) -> Result<AnalyticsTrends, InsticaError> {
        if days == Some(0) {
            return Err(InsticaError::invalid("days", "must be at least 1"));
        }
        let request =
            Request::get(route("/inventory/analytics/trends/", &[])?).query_opt("days", days);
        self.client.json(request).await
    }
}
