//! The trait through which a program pushes stock and price changes to any sales channel.

use std::error::Error;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::{InventoryUpdate, Refusal, Sku, UpdateKind};

/// A sales channel (a marketplace account) that accepts stock and price updates.
///
/// Each client crate implements it with the cheapest bulk path its API offers. The trait is
/// object-safe, so a program can keep its channels side by side and push one batch to each:
///
/// ```
/// use inventory_model::{
///     async_trait, ChannelError, InventoryUpdate, ItemOutcome, PushReport, Quantity, Sku,
///     StockChannel, StockUpdate,
/// };
///
/// /// A channel that takes stock levels but not prices.
/// struct StockOnly;
///
/// #[async_trait]
/// impl StockChannel for StockOnly {
///     fn channel_name(&self) -> &str {
///         "stock-only"
///     }
///
///     async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
///         Ok(updates
///             .iter()
///             .map(|update| match update {
///                 InventoryUpdate::Stock(_) => ItemOutcome::accepted(update),
///                 _ => ItemOutcome::unsupported(update, self.channel_name()),
///             })
///             .collect())
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let channels: Vec<Box<dyn StockChannel>> = vec![Box::new(StockOnly)];
/// let batch = [StockUpdate::new(Sku::new("LP-1")?, Quantity::new(4)).into()];
/// for channel in &channels {
///     let report = channel.push(&batch).await?;
///     assert_eq!(report.accepted_count(), 1);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
///
/// # Contract for implementors
///
/// * Return one [`ItemOutcome`] per input update, in input order.
/// * Reject the items the channel refuses (including kinds of update it cannot do, such as
///   prices on a stock-only channel: see [`ItemOutcome::unsupported`]) instead of failing the
///   push; keep `Err` for failures of the whole push, such as the network being down.
/// * Pushing the same batch twice must leave the channel in the same state (updates set
///   absolute values), so a caller can retry a push that failed as a whole.
/// * Override [`check_update`](StockChannel::check_update) with the rules `push` applies
///   before it sends anything (ideally `push` calls it), so a planner can refuse an update
///   the channel would refuse without sending it.
#[async_trait]
pub trait StockChannel: Send + Sync {
    /// A short name for the channel, such as `discogs`, used in reports and errors.
    fn channel_name(&self) -> &str;

    /// Checks `update` against the channel's own rules, with no request: the decimals its
    /// currency allows ([`Money::check_minor_units`](crate::Money::check_minor_units)), the
    /// currencies and quantity ranges the channel takes, the kinds of update it cannot do.
    ///
    /// A planner calls it before anything is sent, so that a plan shows an update the channel
    /// would refuse as refused, with the reason. The default accepts every update; a channel
    /// overrides it with exactly the rules its [`push`](StockChannel::push) applies before
    /// sending, so that an update this accepts is one `push` sends (the service may still
    /// refuse it, for reasons only the service knows).
    ///
    /// ```
    /// use inventory_model::{
    ///     async_trait, ChannelError, InventoryUpdate, ItemOutcome, PushReport, Quantity,
    ///     Refusal, Sku, StockChannel, StockUpdate,
    /// };
    ///
    /// struct AtMostNine;
    ///
    /// #[async_trait]
    /// impl StockChannel for AtMostNine {
    ///     fn channel_name(&self) -> &str {
    ///         "at-most-nine"
    ///     }
    ///
    ///     fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
    ///         match update.as_stock() {
    ///             Some(stock) if stock.quantity.get() > 9 => {
    ///                 Err(Refusal::new(format!("at most 9 items, not {}", stock.quantity)))
    ///             }
    ///             Some(_) => Ok(()),
    ///             None => Err(Refusal::unsupported(update, self.channel_name())),
    ///         }
    ///     }
    ///
    ///     async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
    ///         // Every update goes through; a real channel sends them here.
    ///         Ok(PushReport::new(updates.iter().map(ItemOutcome::accepted).collect()))
    ///     }
    /// }
    ///
    /// let ten = StockUpdate::new(Sku::new("LP-1")?, Quantity::new(10)).into();
    /// let refusal = AtMostNine.check_update(&ten).unwrap_err();
    /// assert_eq!(refusal.reason, "at most 9 items, not 10");
    /// # Ok::<(), inventory_model::ModelError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`Refusal`] naming the rule the update breaks.
    fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
        let _ = update;
        Ok(())
    }

    /// Pushes a batch of updates and reports what happened to each.
    ///
    /// # Errors
    ///
    /// A [`ChannelError`] when the push failed as a whole and no per-item outcome is known.
    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError>;
}

impl From<Refusal> for Outcome {
    fn from(refusal: Refusal) -> Self {
        Outcome::Rejected {
            reason: refusal.reason,
            code: refusal.code,
        }
    }
}

/// What a channel did with one update.
///
/// Serde writes `{"status":"accepted"}` or
/// `{"status":"rejected","reason":"…","code":"…"}` (`code` omitted when absent).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// The channel applied the update.
    Accepted,
    /// The channel refused the update.
    Rejected {
        /// Why, in the channel's words where it gave any.
        reason: String,
        /// The channel's own error code, when it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
}

impl Outcome {
    /// Whether the update was applied.
    #[must_use]
    pub fn is_accepted(&self) -> bool {
        matches!(self, Outcome::Accepted)
    }

    /// Whether the update was refused.
    #[must_use]
    pub fn is_rejected(&self) -> bool {
        matches!(self, Outcome::Rejected { .. })
    }

    /// The reason for a rejection.
    #[must_use]
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::Rejected { reason, .. } => Some(reason),
            Outcome::Accepted => None,
        }
    }

    /// The channel's error code for a rejection, when it gave one.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Outcome::Rejected { code, .. } => code.as_deref(),
            Outcome::Accepted => None,
        }
    }
}

/// The outcome of one update in a push.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ItemOutcome {
    /// The item the update was about.
    pub sku: Sku,
    /// Which kind of update it was.
    pub kind: UpdateKind,
    /// What the channel did with it.
    pub outcome: Outcome,
}

impl ItemOutcome {
    /// The update was applied.
    #[must_use]
    pub fn accepted(update: &InventoryUpdate) -> Self {
        Self {
            sku: update.sku().clone(),
            kind: update.kind(),
            outcome: Outcome::Accepted,
        }
    }

    /// The update was refused for `reason`, with the channel's error `code` when it has one.
    #[must_use]
    pub fn rejected(
        update: &InventoryUpdate,
        reason: impl Into<String>,
        code: Option<String>,
    ) -> Self {
        Self {
            sku: update.sku().clone(),
            kind: update.kind(),
            outcome: Outcome::Rejected {
                reason: reason.into(),
                code,
            },
        }
    }

    /// The channel cannot do this kind of update at all (for example prices on a stock-only
    /// channel). The reason reads like `stock-only does not support price updates`.
    #[must_use]
    pub fn unsupported(update: &InventoryUpdate, channel_name: &str) -> Self {
        Self::refused(update, Refusal::unsupported(update, channel_name))
    }

    /// The update was refused by the channel's own rules ([`StockChannel::check_update`]).
    #[must_use]
    pub fn refused(update: &InventoryUpdate, refusal: Refusal) -> Self {
        Self::rejected(update, refusal.reason, refusal.code)
    }

    /// Whether the update was applied.
    #[must_use]
    pub fn is_accepted(&self) -> bool {
        self.outcome.is_accepted()
    }
}

/// The per-item result of [`StockChannel::push`]: one [`ItemOutcome`] per update, in the order
/// the updates were given.
///
/// Build it from an iterator of outcomes (`.collect()`) or with [`PushReport::new`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct PushReport {
    outcomes: Vec<ItemOutcome>,
}

impl PushReport {
    /// A report of these outcomes.
    #[must_use]
    pub fn new(outcomes: Vec<ItemOutcome>) -> Self {
        Self { outcomes }
    }

    /// Every outcome, in update order.
    #[must_use]
    pub fn outcomes(&self) -> &[ItemOutcome] {
        &self.outcomes
    }

    /// Every outcome, owned.
    #[must_use]
    pub fn into_outcomes(self) -> Vec<ItemOutcome> {
        self.outcomes
    }

    /// The updates the channel applied.
    pub fn accepted(&self) -> impl Iterator<Item = &ItemOutcome> {
        self.outcomes
            .iter()
            .filter(|item| item.outcome.is_accepted())
    }

    /// The updates the channel refused.
    pub fn rejected(&self) -> impl Iterator<Item = &ItemOutcome> {
        self.outcomes
            .iter()
            .filter(|item| item.outcome.is_rejected())
    }

    /// How many updates were applied.
    #[must_use]
    pub fn accepted_count(&self) -> usize {
        self.accepted().count()
    }

    /// How many updates were refused.
    #[must_use]
    pub fn rejected_count(&self) -> usize {
        self.rejected().count()
    }

    /// Whether every update was applied (true for an empty report).
    #[must_use]
    pub fn all_accepted(&self) -> bool {
        self.outcomes.iter().all(ItemOutcome::is_accepted)
    }

    /// The number of outcomes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    /// Whether the report has no outcomes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }
}

impl FromIterator<ItemOutcome> for PushReport {
    fn from_iter<I: IntoIterator<Item = ItemOutcome>>(outcomes: I) -> Self {
        Self::new(outcomes.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a PushReport {
    type Item = &'a ItemOutcome;
    type IntoIter = std::slice::Iter<'a, ItemOutcome>;

    fn into_iter(self) -> Self::IntoIter {
        self.outcomes.iter()
    }
}

/// A push that failed as a whole (the network was down, the credentials were refused, the
/// channel answered something unreadable), so no per-item outcome is known.
///
/// It names the channel and keeps the underlying error, reachable through
/// [`Error::source`], [`get_ref`](ChannelError::get_ref) (to downcast to the client crate's
/// error type) or [`into_inner`](ChannelError::into_inner).
///
/// ```
/// use inventory_model::ChannelError;
///
/// let err = ChannelError::new("discogs", "connection refused");
/// assert_eq!(err.to_string(), "channel `discogs`: the push failed as a whole");
/// assert_eq!(std::error::Error::source(&err).unwrap().to_string(), "connection refused");
/// ```
///
/// A read ([`InventoryReader::read`](crate::InventoryReader::read)) that failed as a whole is
/// the same error, made with [`ChannelError::read`]:
///
/// ```
/// use inventory_model::{ChannelError, ChannelOperation};
///
/// let err = ChannelError::read("instica", "HTTP 503");
/// assert_eq!(err.operation(), ChannelOperation::Read);
/// assert_eq!(err.to_string(), "channel `instica`: the read failed as a whole");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("channel `{channel}`: the {} failed as a whole", operation.as_str())]
pub struct ChannelError {
    channel: String,
    operation: ChannelOperation,
    #[source]
    source: Box<dyn Error + Send + Sync + 'static>,
}

/// What a channel was doing when it failed as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChannelOperation {
    /// Pushing updates ([`StockChannel::push`]).
    Push,
    /// Reading what it holds ([`InventoryReader::read`](crate::InventoryReader::read)).
    Read,
}

impl ChannelOperation {
    /// `push` or `read`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ChannelOperation::Push => "push",
            ChannelOperation::Read => "read",
        }
    }
}

impl ChannelError {
    /// Wraps `source`, the reason the push to `channel` failed. Any error type converts, and so
    /// do `String` and `&str` messages.
    #[must_use]
    pub fn new(
        channel: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            channel: channel.into(),
            operation: ChannelOperation::Push,
            source: source.into(),
        }
    }

    /// Wraps `source`, the reason a read of `channel` failed as a whole.
    #[must_use]
    pub fn read(
        channel: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            operation: ChannelOperation::Read,
            ..Self::new(channel, source)
        }
    }

    /// Whether the push or a read failed.
    #[must_use]
    pub fn operation(&self) -> ChannelOperation {
        self.operation
    }

    /// The name of the channel the push went to.
    #[must_use]
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// The underlying error.
    #[must_use]
    pub fn get_ref(&self) -> &(dyn Error + Send + Sync + 'static) {
        self.source.as_ref()
    }

    /// The underlying error, owned.
    #[must_use]
    pub fn into_inner(self) -> Box<dyn Error + Send + Sync + 'static> {
        self.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, Money, PriceUpdate, Quantity, StockUpdate};
    use rust_decimal::Decimal;

    fn stock() -> InventoryUpdate {
        StockUpdate::new(Sku::new("A").unwrap(), Quantity::new(1)).into()
    }

    fn price() -> InventoryUpdate {
        PriceUpdate::new(
            Sku::new("B").unwrap(),
            Money::new(Decimal::ONE, Currency::Usd),
        )
        .into()
    }

    #[test]
    fn outcomes() {
        let accepted = ItemOutcome::accepted(&stock());
        assert!(accepted.is_accepted());
        assert_eq!(accepted.kind, UpdateKind::Stock);
        assert_eq!(accepted.outcome.reason(), None);

        let rejected = ItemOutcome::rejected(&price(), "price too low", Some("E12".into()));
        assert!(!rejected.is_accepted());
        assert_eq!(rejected.sku.as_str(), "B");
        assert_eq!(rejected.outcome.reason(), Some("price too low"));
        assert_eq!(rejected.outcome.code(), Some("E12"));

        let unsupported = ItemOutcome::unsupported(&price(), "shelf");
        assert_eq!(
            unsupported.outcome.reason(),
            Some("shelf does not support price updates")
        );
        assert_eq!(unsupported.outcome.code(), None);
    }

    #[test]
    fn report_helpers() {
        let report: PushReport = [
            ItemOutcome::accepted(&stock()),
            ItemOutcome::rejected(&price(), "no", None),
            ItemOutcome::accepted(&price()),
        ]
        .into_iter()
        .collect();
        assert_eq!(report.len(), 3);
        assert_eq!(report.accepted_count(), 2);
        assert_eq!(report.rejected_count(), 1);
        assert!(!report.all_accepted());
        assert_eq!(
            report.rejected().next().map(|item| item.sku.as_str()),
            Some("B")
        );
        assert_eq!((&report).into_iter().count(), 3);
        assert!(PushReport::default().is_empty());
        assert!(PushReport::default().all_accepted());
        assert_eq!(report.clone().into_outcomes(), report.outcomes());
    }

    #[test]
    fn outcome_serde_shape() {
        let rejected = ItemOutcome::rejected(&price(), "no", Some("E1".into()));
        assert_eq!(
            serde_json::to_string(&rejected).unwrap(),
            r#"{"sku":"B","kind":"price","outcome":{"status":"rejected","reason":"no","code":"E1"}}"#
        );
        assert_eq!(
            serde_json::to_string(&Outcome::Accepted).unwrap(),
            r#"{"status":"accepted"}"#
        );
        let report = PushReport::new(vec![rejected, ItemOutcome::accepted(&stock())]);
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(serde_json::from_str::<PushReport>(&json).unwrap(), report);
    }

    #[test]
    fn channel_error_keeps_name_and_source() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = ChannelError::new("newegg", io);
        assert_eq!(err.channel(), "newegg");
        assert_eq!(
            err.to_string(),
            "channel `newegg`: the push failed as a whole"
        );
        assert_eq!(
            err.get_ref()
                .downcast_ref::<std::io::Error>()
                .map(|e| e.kind()),
            Some(std::io::ErrorKind::ConnectionRefused)
        );
        assert_eq!(
            err.source().map(|s| s.to_string()),
            Some("refused".to_owned())
        );
        assert_eq!(err.into_inner().to_string(), "refused");
    }

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn types_cross_threads() {
        assert_send_sync::<ChannelError>();
        assert_send_sync::<PushReport>();
        assert_send_sync::<Box<dyn StockChannel>>();
    }
}
