//! Bulk operations over many items: price, status, fields, delete, restore, list, delist.
//!
//! The server takes 1 to 100 items per request (or its `max_items_per_batch`). Longer lists
//! are split into batches of that size, sent a few at a time (see
//! [`InsticaClientBuilder::bulk_concurrency`](crate::InsticaClientBuilder::bulk_concurrency)),
//! and their answers merged into one [`BulkReport`].
//!
//! # Which bulk requests are repeated after a failure
//!
//! Writes of absolute values (price `set`, status, field updates, delete, restore) are safe to
//! send again, so a 503 is retried. Relative price changes (`increase`, `decrease`,
//! `percentage`) and listing are never re-sent once the server may have seen them: a repeated
//! 10 % increase is a 21 % increase.

use client_core::Request;
use futures::stream::{self, StreamExt};
use inventory_model::{Decimal, Money};
use serde::Deserialize;
use serde_json::json;

use crate::client::{InsticaClient, route};
use crate::codes::{ConditionCode, ItemStatus};
use crate::error::InsticaError;
use crate::ids::{ItemUid, PlatformSlug};
use crate::listings::Publish;
use crate::money::{self, BULK_VALUE};

/// A change of price for many items.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PriceChange {
    /// Sets every price to this amount (mode `set`).
    Set(Money),
    /// Raises every price by this amount (mode `increase`).
    Increase(Money),
    /// Lowers every price by this amount (mode `decrease`).
    Decrease(Money),
    /// Changes every price by this percentage, such as `10` for +10 % (mode `percentage`).
    Percentage(Decimal),
}

impl PriceChange {
    /// The `mode` sent.
    pub fn mode(&self) -> &'static str {
        match self {
            PriceChange::Set(_) => "set",
            PriceChange::Increase(_) => "increase",
            PriceChange::Decrease(_) => "decrease",
            PriceChange::Percentage(_) => "percentage",
        }
    }

    /// Whether the change writes an absolute value, so that sending it twice is harmless.
    pub fn is_absolute(&self) -> bool {
        matches!(self, PriceChange::Set(_))
    }

    /// Checks the value against the endpoint's rules without sending anything.
    pub(crate) fn checked_value(&self) -> Result<(), InsticaError> {
        self.value_text().map(drop)
    }

    fn value_text(&self) -> Result<String, InsticaError> {
        match self {
            PriceChange::Set(amount)
            | PriceChange::Increase(amount)
            | PriceChange::Decrease(amount) => {
                if amount.is_negative() {
                    return Err(InsticaError::invalid(
                        "value",
                        format!("must not be negative in mode `{}`", self.mode()),
                    ));
                }
                money::usd_text("value", amount, Some(BULK_VALUE))
            }
            PriceChange::Percentage(percent) => {
                Ok(money::check_digits("value", *percent, BULK_VALUE)?.to_string())
            }
        }
    }
}

/// Field changes for many items; only the keys the API allows can be set.
///
/// ```
/// use instica_client::{BulkFieldUpdate, ConditionCode};
///
/// let update = BulkFieldUpdate::new()
///     .condition_item(ConditionCode::NearMint)
///     .location("Shelf B3");
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkFieldUpdate {
    text: Vec<(&'static str, String)>,
    prices: Vec<(&'static str, Money)>,
}

impl BulkFieldUpdate {
    /// No changes yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn with_text(mut self, field: &'static str, value: String) -> Self {
        self.text.retain(|(name, _)| *name != field);
        self.text.push((field, value));
        self
    }

    fn with_price(mut self, field: &'static str, price: Money) -> Self {
        self.prices.retain(|(name, _)| *name != field);
        self.prices.push((field, price));
        self
    }

    /// Sets the item condition.
    pub fn condition_item(self, condition: impl Into<ConditionCode>) -> Self {
        self.with_text("condition_item", condition.into().as_str().to_owned())
    }

    /// Sets the container condition.
    pub fn condition_container(self, condition: impl Into<ConditionCode>) -> Self {
        self.with_text("condition_container", condition.into().as_str().to_owned())
    }

    /// Sets the notes.
    pub fn notes(self, notes: impl Into<String>) -> Self {
        self.with_text("notes", notes.into())
    }

    /// Sets the storage location.
    pub fn location(self, location: impl Into<String>) -> Self {
        self.with_text("location", location.into())
    }

    /// Sets the total price (USD).
    pub fn price_total(self, price: Money) -> Self {
        self.with_price("price_total_usd", price)
    }

    /// Sets the shipping price (USD).
    pub fn price_shipping(self, price: Money) -> Self {
        self.with_price("price_shipping_usd", price)
    }

    fn to_updates(&self) -> Result<serde_json::Value, InsticaError> {
        if self.text.is_empty() && self.prices.is_empty() {
            return Err(InsticaError::invalid("updates", "set at least one field"));
        }
        let mut updates = serde_json::Map::new();
        for (field, value) in &self.text {
            updates.insert((*field).to_owned(), value.clone().into());
        }
        for (field, price) in &self.prices {
            let text = money::usd_text(&format!("updates.{field}"), price, None)?;
            updates.insert((*field).to_owned(), text.into());
        }
        Ok(serde_json::Value::Object(updates))
    }
}

/// Whether a bulk delete archives the items or removes them for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum DeleteMode {
    /// Archives the items; [`Bulk::restore`] brings them back (the default).
    #[default]
    Soft,
    /// Removes the items for good.
    Hard,
}

/// The server's bulk limits for this account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct BulkSettings {
    /// The most items one bulk request may carry.
    pub max_items_per_batch: u32,
    /// Whether the account has the Pro plan.
    #[serde(default)]
    pub is_pro: bool,
    /// The statuses [`Bulk::status`] may set.
    #[serde(default)]
    pub allowed_bulk_statuses: Vec<ItemStatus>,
}

/// One item the server could not change, as it described it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BulkItemError {
    /// The item, when the server named it.
    pub uid: Option<ItemUid>,
    /// What went wrong, when the server said.
    pub message: Option<String>,
    /// The error exactly as sent.
    pub raw: serde_json::Value,
}

impl BulkItemError {
    fn from_value(raw: serde_json::Value) -> Self {
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Array(items) => {
                let texts: Vec<&str> = items.iter().filter_map(serde_json::Value::as_str).collect();
                (!texts.is_empty()).then(|| texts.join(" "))
            }
            _ => None,
        };
        let (uid, message) = match &raw {
            serde_json::Value::String(message) => (None, Some(message.clone())),
            serde_json::Value::Object(object) => (
                ["uid", "item", "item_uid", "inventory_item_uid"]
                    .iter()
                    .find_map(|key| object.get(*key).and_then(serde_json::Value::as_str))
                    .map(ItemUid::from),
                ["error", "message", "detail", "errors"]
                    .iter()
                    .find_map(|key| object.get(*key).and_then(text)),
            ),
            _ => (None, None),
        };
        Self { uid, message, raw }
    }
}

/// A batch whose request failed as a whole; its items' fate is unknown or unchanged.
#[derive(Debug)]
#[non_exhaustive]
pub struct FailedBatch {
    /// The items the batch carried.
    pub items: Vec<ItemUid>,
    /// Why it failed.
    pub error: InsticaError,
}

/// The merged answer of a bulk operation over every batch it was split into.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct BulkReport {
    /// Items changed.
    pub success_count: u64,
    /// Items not changed, as the server counted them.
    pub failure_count: u64,
    /// Items the server considered.
    pub total_count: u64,
    /// The server's per-item errors.
    pub errors: Vec<BulkItemError>,
    /// The items changed.
    pub updated_uids: Vec<ItemUid>,
    /// Batches that failed as a whole (only when others succeeded; when every batch fails the
    /// call returns the first batch's error instead).
    pub failed_batches: Vec<FailedBatch>,
    /// How many requests the operation was split into.
    pub batches: usize,
}

impl BulkReport {
    /// Whether every batch got through and the server reported no per-item failure.
    pub fn is_complete_success(&self) -> bool {
        self.failed_batches.is_empty() && self.failure_count == 0 && self.errors.is_empty()
    }
}

#[derive(Debug, Deserialize)]
struct BatchAnswer {
    #[serde(default)]
    success_count: u64,
    #[serde(default)]
    failure_count: u64,
    #[serde(default)]
    total_count: u64,
    #[serde(default)]
    errors: Vec<serde_json::Value>,
    #[serde(default)]
    updated_uids: Vec<ItemUid>,
}

/// Bulk operations: `client.bulk()`.
#[derive(Debug, Clone)]
pub struct Bulk {
    client: InsticaClient,
}

impl InsticaClient {
    /// Bulk operations over many items.
    pub fn bulk(&self) -> Bulk {
        Bulk {
            client: self.clone(),
        }
    }
}

/// Whether a bulk request may be sent again after a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    Safe,
    Never,
}

impl Bulk {
    /// Changes the price of every item (`POST /inventory/bulk/price/`).
    ///
    /// Amounts must be USD and not negative; every value has at most 10 digits, 2 of them
    /// decimals. Only [`PriceChange::Set`] is retried after a transient failure.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no items or a value breaking its
    /// rule; the first batch's error when every batch failed.
    pub async fn price(
        &self,
        items: &[ItemUid],
        change: &PriceChange,
    ) -> Result<BulkReport, InsticaError> {
        let value = change.value_text()?;
        let mode = change.mode();
        // `set` writes an absolute price and may be repeated; `increase`, `decrease` and
        // `percentage` are relative, and a repeat would apply the change twice.
        let repeat = if change.is_absolute() {
            Repeat::Safe
        } else {
            Repeat::Never
        };
        self.run(
            "/inventory/bulk/price/",
            items,
            repeat,
            |batch| json!({ "items": batch, "value": value, "mode": mode }),
        )
        .await
    }

    /// Sets the status of every item (`POST /inventory/bulk/status/`): one of `draft`,
    /// `purchased`, `received`, `ready-to-sell`, `cancelled`.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no items or a status the endpoint
    /// does not accept (`listed`, `sold`).
    pub async fn status(
        &self,
        items: &[ItemUid],
        status: &ItemStatus,
    ) -> Result<BulkReport, InsticaError> {
        if status.is_known() && !ItemStatus::BULK_SETTABLE.contains(status) {
            return Err(InsticaError::invalid(
                "status",
                format!(
                    "`{status}` cannot be set in bulk; use one of draft, purchased, received, ready-to-sell, cancelled"
                ),
            ));
        }
        let status = status.as_str().to_owned();
        // Setting a status is an absolute write: repeating it changes nothing.
        self.run(
            "/inventory/bulk/status/",
            items,
            Repeat::Safe,
            |batch| json!({ "items": batch, "status": status }),
        )
        .await
    }

    /// Changes the allowed fields of every item (`POST /inventory/bulk/update/`, path assumed).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no items, no field, or a price not in
    /// USD.
    pub async fn update_fields(
        &self,
        items: &[ItemUid],
        update: &BulkFieldUpdate,
    ) -> Result<BulkReport, InsticaError> {
        let updates = update.to_updates()?;
        // Every field carries an absolute value: repeating the request changes nothing.
        self.run(
            "/inventory/bulk/update/",
            items,
            Repeat::Safe,
            |batch| json!({ "items": batch, "updates": updates }),
        )
        .await
    }

    /// Deletes every item, archived or for good (`POST /inventory/bulk/delete/`, path
    /// assumed).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no items.
    pub async fn delete(
        &self,
        items: &[ItemUid],
        mode: DeleteMode,
    ) -> Result<BulkReport, InsticaError> {
        let hard_delete = mode == DeleteMode::Hard;
        // Deleting what is already deleted leaves it deleted: safe to repeat.
        self.run(
            "/inventory/bulk/delete/",
            items,
            Repeat::Safe,
            |batch| json!({ "items": batch, "hard_delete": hard_delete }),
        )
        .await
    }

    /// Restores soft-deleted items (`POST /inventory/bulk/restore/`, path assumed), to
    /// `target_status` or the server's default `draft`.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no items or a target status other
    /// than draft, purchased, received or ready-to-sell.
    pub async fn restore(
        &self,
        items: &[ItemUid],
        target_status: Option<&ItemStatus>,
    ) -> Result<BulkReport, InsticaError> {
        if let Some(status) = target_status
            && status.is_known()
            && !ItemStatus::RESTORABLE.contains(status)
        {
            return Err(InsticaError::invalid(
                "target_status",
                format!("`{status}` is not one of draft, purchased, received, ready-to-sell"),
            ));
        }
        let target = target_status.map(|status| status.as_str().to_owned());
        // Restoring to a given status is an absolute write: safe to repeat.
        self.run("/inventory/bulk/restore/", items, Repeat::Safe, |batch| {
            let mut body = json!({ "items": batch });
            if let (Some(target), Some(object)) = (&target, body.as_object_mut()) {
                object.insert("target_status".into(), target.clone().into());
            }
            body
        })
        .await
    }

    /// Lists every item on the given platforms (`POST /inventory/bulk/list/`).
    ///
    /// Never re-sent once the server may have seen it: a repeat could list twice.
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no items or no platforms.
    pub async fn list(
        &self,
        items: &[ItemUid],
        platforms: &[PlatformSlug],
        publish: Publish,
    ) -> Result<BulkReport, InsticaError> {
        if platforms.is_empty() {
            return Err(InsticaError::invalid(
                "platforms",
                "name at least one platform",
            ));
        }
        let is_draft = publish == Publish::Draft;
        self.run(
            "/inventory/bulk/list/",
            items,
            Repeat::Never,
            |batch| json!({ "items": batch, "platforms": platforms, "is_draft": is_draft }),
        )
        .await
    }

    /// Takes every item off the given platforms, or off all platforms when `platforms` is
    /// `None` (`POST /inventory/bulk/delist/`, path assumed).
    ///
    /// # Errors
    ///
    /// [`InsticaError::InvalidInput`] before sending for no items or an empty platform list.
    pub async fn delist(
        &self,
        items: &[ItemUid],
        platforms: Option<&[PlatformSlug]>,
    ) -> Result<BulkReport, InsticaError> {
        if platforms.is_some_and(<[PlatformSlug]>::is_empty) {
            return Err(InsticaError::invalid(
                "platforms",
                "name at least one platform, or pass None for all platforms",
            ));
        }
        // Kept non-repeatable like listing: a delist races with marketplace-side changes, and
        // the report of a second attempt would disagree with what happened.
        self.run("/inventory/bulk/delist/", items, Repeat::Never, |batch| {
            let mut body = json!({ "items": batch });
            if let (Some(platforms), Some(object)) = (platforms, body.as_object_mut()) {
                object.insert("platforms".into(), json!(platforms));
            }
            body
        })
        .await
    }

    /// The account's bulk limits (`GET /inventory/bulk/settings/`, path assumed). The client
    /// remembers `max_items_per_batch` and splits later bulk calls by it.
    ///
    /// # Errors
    ///
    /// The request's errors.
    pub async fn settings(&self) -> Result<BulkSettings, InsticaError> {
        let request = Request::get(route("/inventory/bulk/settings/", &[])?);
        let settings: BulkSettings = self.client.json(request).await?;
        if settings.max_items_per_batch > 0 {
            self.client.learn_batch_size(settings.max_items_per_batch);
        }
        Ok(settings)
    }

    async fn run(
        &self,
        template: &'static str,
        items: &[ItemUid],
        repeat: Repeat,
        body: impl Fn(&[ItemUid]) -> serde_json::Value,
    ) -> Result<BulkReport, InsticaError> {
        if items.is_empty() {
            return Err(InsticaError::invalid("items", "name at least one item"));
        }
        if let Some(empty) = items.iter().position(|uid| uid.as_str().trim().is_empty()) {
            return Err(InsticaError::invalid(
                format!("items[{empty}]"),
                "must not be empty",
            ));
        }
        let mut batches = Vec::new();
        for chunk in items.chunks(self.client.bulk_batch_size().max(1)) {
            let request = Request::post(route(template, &[])?).json(&body(chunk))?;
            let request = match repeat {
                Repeat::Safe => request.idempotent(),
                Repeat::Never => request.non_idempotent(),
            };
            batches.push((chunk.to_vec(), request));
        }
        let count = batches.len();
        let client = self.client.clone();
        let answers: Vec<(Vec<ItemUid>, Result<BatchAnswer, InsticaError>)> = stream::iter(batches)
            .map(|(chunk, request)| {
                let client = client.clone();
                async move { (chunk, client.json::<BatchAnswer>(request).await) }
            })
            .buffered(self.client.shared.bulk_concurrency)
            .collect()
            .await;
        let mut report = BulkReport {
            batches: count,
            ..BulkReport::default()
        };
        let mut any_success = false;
        for (chunk, answer) in answers {
            match answer {
                Ok(answer) => {
                    any_success = true;
                    // The counts are the server's; a wild value must not overflow the sum.
                    report.success_count =
                        report.success_count.saturating_add(answer.success_count);
                    report.failure_count =
                        report.failure_count.saturating_add(answer.failure_count);
                    report.total_count = report.total_count.saturating_add(answer.total_count);
                    report
                        .errors
                        .extend(answer.errors.into_iter().map(BulkItemError::from_value));
                    report.updated_uids.extend(answer.updated_uids);
                }
                Err(error) => report.failed_batches.push(FailedBatch {
                    items: chunk,
                    error,
                }),
            }
        }
        if !any_success && !report.failed_batches.is_empty() {
            let first = report.failed_batches.swap_remove(0);
            return Err(first.error);
        }
        Ok(report)
    }
}
