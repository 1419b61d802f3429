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
use serde_json::{Value, json};

use crate::client::{InsticaClient, route};
use crate::codes::ItemStatus;
use crate::error::InsticaError;
use crate::field_set::{FieldSet, condition_setters, price_setters, text_setters};
use crate::ids::{ItemUid, PlatformSlug};
use crate::listings::Publish;
use crate::money::{self, BULK_VALUE};
use client_core::lenient;

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
    fields: FieldSet,
}

impl BulkFieldUpdate {
    /// No changes yet.
    pub fn new() -> Self {
        Self::default()
    }

    condition_setters! {
        /// Sets the item condition.
        condition_item => "condition_item",
        /// Sets the container condition.
        condition_container => "condition_container",
    }

    text_setters! {
        /// Sets the notes.
        notes => "notes",
        /// Sets the storage location.
        location => "location",
    }

    price_setters! {
        /// Sets the total price (USD).
        price_total => "price_total_usd",
        /// Sets the shipping price (USD).
        price_shipping => "price_shipping_usd",
    }

    fn to_updates(&self) -> Result<Value, InsticaError> {
        if self.fields.is_empty() {
            return Err(InsticaError::invalid("updates", "set at least one field"));
        }
        Ok(Value::Object(self.fields.to_json("updates.", |_| None)?))
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
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub is_pro: bool,
    /// The statuses [`Bulk::status`] may set.
    #[serde(default, deserialize_with = "lenient::or_default")]
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
    /// Counts one batch's answer in.
    pub(crate) fn add(&mut self, answer: BatchAnswer) {
        // The counts are the server's; a wild value must not overflow the sum.
        self.success_count = self.success_count.saturating_add(answer.success_count);
        self.failure_count = self.failure_count.saturating_add(answer.failure_count);
        self.total_count = self.total_count.saturating_add(answer.total_count);
        self.errors
            .extend(answer.errors.into_iter().map(BulkItemError::from_value));
        self.updated_uids.extend(answer.updated_uids);
    }

    /// Whether every batch got through and the server reported no per-item failure.
    pub fn is_complete_success(&self) -> bool {
        self.failed_batches.is_empty() && self.failure_count == 0 && self.errors.is_empty()
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct BatchAnswer {
    #[serde(default, deserialize_with = "lenient::or_default")]
    success_count: u64,
    #[serde(default, deserialize_with = "lenient::or_default")]
    failure_count: u64,
    #[serde(default, deserialize_with = "lenient::or_default")]
    total_count: u64,
    #[serde(default, deserialize_with = "lenient::or_default")]
    errors: Vec<serde_json::Value>,
    #[serde(default, deserialize_with = "lenient::or_default")]
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

/// Refuses a known status outside `allowed`, listing what is; a status this crate does not
/// know is left to the server, which may know it.
fn check_status(
    field: &str,
    status: &ItemStatus,
    allowed: &[ItemStatus],
    refusal: &str,
) -> Result<(), InsticaError> {
    if !status.is_known() || allowed.contains(status) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(ItemStatus::as_str).collect();
    Err(InsticaError::invalid(
        field,
        format!("`{status}` {refusal}; use one of {}", names.join(", ")),
    ))
}

/// One bulk call: its endpoint, whether it may be repeated, and what every batch's body
/// carries besides its `items`.
#[derive(Debug)]
struct Operation {
    template: &'static str,
    repeat: Repeat,
    body: serde_json::Map<String, Value>,
}

impl Operation {
    fn new(template: &'static str, repeat: Repeat) -> Self {
        Self {
            template,
            repeat,
            body: serde_json::Map::new(),
        }
    }

    fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.body.insert(key.to_owned(), value.into());
        self
    }

    /// Sends `key` only when there is a value: the server's default applies otherwise.
    fn with_opt(self, key: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(value) => self.with(key, value),
            None => self,
        }
    }

    fn body(&self, batch: &[ItemUid]) -> Value {
        let mut body = self.body.clone();
        body.insert("items".to_owned(), json!(batch));
        Value::Object(body)
    }
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
        let operation = Operation::new("/inventory/bulk/price/", repeat)
            .with("value", value)
            .with("mode", mode);
        self.run(items, operation).await
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
        check_status(
            "status",
            status,
            &ItemStatus::BULK_SETTABLE,
            "cannot be set in bulk",
        )?;
        // Setting a status is an absolute write: repeating it changes nothing.
        let operation =
            Operation::new("/inventory/bulk/status/", Repeat::Safe).with("status", status.as_str());
        self.run(items, operation).await
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
        // Every field carries an absolute value: repeating the request changes nothing.
        let operation = Operation::new("/inventory/bulk/update/", Repeat::Safe)
            .with("updates", update.to_updates()?);
        self.run(items, operation).await
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
        // Deleting what is already deleted leaves it deleted: safe to repeat.
        let operation = Operation::new("/inventory/bulk/delete/", Repeat::Safe)
            .with("hard_delete", mode == DeleteMode::Hard);
        self.run(items, operation).await
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
        if let Some(status) = target_status {
            check_status(
                "target_status",
                status,
                &ItemStatus::RESTORABLE,
                "is not a status items are restored to",
            )?;
        }
        // Restoring to a given status is an absolute write: safe to repeat.
        let operation = Operation::new("/inventory/bulk/restore/", Repeat::Safe)
            .with_opt("target_status", target_status.map(ItemStatus::as_str));
        self.run(items, operation).await
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
        let operation = Operation::new("/inventory/bulk/list/", Repeat::Never)
            .with("platforms", json!(platforms))
            .with("is_draft", publish == Publish::Draft);
        self.run(items, operation).await
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
        let operation = Operation::new("/inventory/bulk/delist/", Repeat::Never)
            .with_opt("platforms", platforms.map(|platforms| json!(platforms)));
        self.run(items, operation).await
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
        items: &[ItemUid],
        operation: Operation,
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
            let request =
                Request::post(route(operation.template, &[])?).json(&operation.body(chunk))?;
            let request = match operation.repeat {
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
                    report.add(answer);
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
