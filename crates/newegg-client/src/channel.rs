//! Newegg as a [`StockChannel`]: stock levels go out one item per request.

use client_core::ClientError;
use inventory_model::push::{Decision, PushPlan};
use inventory_model::{
    ChannelError, Country, InventoryUpdate, Outcome, PushReport, Sku, StockChannel, StockKind,
    async_trait,
};

use crate::client::NeweggClient;
use crate::error::NeweggError;
use crate::inventory::{ItemInventoryUpdate, MAX_AVAILABLE_QUANTITY};

/// The name Newegg goes by in push reports.
pub const CHANNEL_NAME: &str = "newegg";

/// The warehouse country used for a stock update that names none: Newegg.com's home market.
pub const DEFAULT_WAREHOUSE: Country = Country::USA;

/// Pushes stock levels through the international inventory update, one request per SKU
/// ([`NeweggClient::channel`]).
///
/// Newegg updates one item per call and has no bulk path for the international inventory, so
/// every SKU costs one request; all warehouse countries of the SKU in the batch travel in that
/// one request. Requests are paced by the client's rate limiter (10,000 an hour by default).
/// Items are identified by seller part number, which is the seller's SKU; a stock update
/// without a warehouse goes to [`DEFAULT_WAREHOUSE`].
///
/// Two updates of the same SKU's stock in the same warehouse country cannot both apply: as on
/// every channel of this SDK, the later one wins and the earlier one is reported rejected with
/// the code `superseded` (an update naming no warehouse counts as one for
/// [`DEFAULT_WAREHOUSE`]).
///
/// Refused per item, without failing the push:
/// * price updates (this API sets quantities only);
/// * in-transit stock (Newegg counts only available stock);
/// * quantities above 999,999;
/// * whatever Newegg refuses for the item (its code, such as `CT014`, is kept in the report).
///
/// The push fails as a whole ([`ChannelError`], wrapping a [`NeweggError`]) when Newegg
/// cannot be reached, refuses the credentials, keeps answering 429 or 5xx, or answers
/// something unreadable. Updates set absolute values, so such a push can simply be repeated.
///
/// ```no_run
/// # async fn run(newegg: newegg_client::NeweggClient) -> Result<(), Box<dyn std::error::Error>> {
/// use inventory_model::{Country, Quantity, Sku, StockChannel, StockUpdate};
///
/// let batch = [StockUpdate::new(Sku::new("A006BSP3")?, Quantity::new(107))
///     .in_warehouse(Country::USA)
///     .into()];
/// let report = newegg.channel().push(&batch).await?;
/// for rejected in report.rejected() {
///     eprintln!("{}: {:?}", rejected.sku, rejected.outcome.reason());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct NeweggChannel {
    client: NeweggClient,
}

impl NeweggClient {
    /// This client as a [`StockChannel`]: one request per SKU, every warehouse country of the
    /// SKU in it (see [`NeweggChannel`]).
    #[must_use]
    pub fn channel(&self) -> NeweggChannel {
        NeweggChannel {
            client: self.clone(),
        }
    }
}

#[async_trait]
impl StockChannel for NeweggChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        // Naming the default warehouse before planning lets the shared rule see that "no
        // warehouse" and "USA" are the same item here.
        let updates: Vec<InventoryUpdate> = updates.iter().map(in_default_warehouse).collect();
        let mut plan = PushPlan::new(&updates, decide);
        for group in plan.take_groups() {
            let mut update = ItemInventoryUpdate::seller_part(group.key.as_str());
            for stock in plan.members(&group).filter_map(InventoryUpdate::as_stock) {
                let warehouse = stock.warehouse.unwrap_or(DEFAULT_WAREHOUSE);
                update = update.warehouse(warehouse, stock.quantity.get());
            }
            match self.client.update_inventory(update).await {
                Ok(_) => plan.record_group(&group, &Outcome::Accepted),
                Err(error) if error.concerns_item() => {
                    plan.record_group(&group, &rejection(&error));
                }
                Err(error) => return Err(ChannelError::new(CHANNEL_NAME, error)),
            }
        }
        Ok(plan.finish())
    }
}

/// The update with its warehouse named: [`DEFAULT_WAREHOUSE`] where a stock update names none.
fn in_default_warehouse(update: &InventoryUpdate) -> InventoryUpdate {
    match update.as_stock() {
        Some(stock) if stock.warehouse.is_none() => {
            stock.clone().in_warehouse(DEFAULT_WAREHOUSE).into()
        }
        _ => update.clone(),
    }
}

/// Refuses what Newegg's inventory function cannot take; sends the rest grouped by SKU.
fn decide(update: &InventoryUpdate) -> Decision<Sku> {
    let stock = match update {
        InventoryUpdate::Stock(stock) => stock,
        InventoryUpdate::Price(_) => {
            return Decision::reject(
                "newegg does not support price updates: its inventory function sets \
                 available quantities only",
            );
        }
        other => {
            return Decision::reject(format!(
                "{CHANNEL_NAME} does not support {} updates",
                other.kind().as_str()
            ));
        }
    };
    if stock.kind != StockKind::OnHand {
        return Decision::reject(format!(
            "newegg counts only available stock, not {} stock",
            stock.kind.label()
        ));
    }
    let available = stock.quantity.get();
    if available > MAX_AVAILABLE_QUANTITY {
        return Decision::reject(format!(
            "available_quantity: must be from 0 to {MAX_AVAILABLE_QUANTITY}, got {available}"
        ));
    }
    Decision::Send(stock.sku.clone())
}

/// The outcome recorded for the items of a request Newegg (or a rule) refused: Newegg's
/// message and code where it gave them.
fn rejection(error: &NeweggError) -> Outcome {
    let reason = match (error.message(), error.invalid_input()) {
        (Some(message), _) => message.to_owned(),
        (None, Some(refusal)) => refusal.to_string(),
        (None, None) => error.to_string(),
    };
    Outcome::Rejected {
        reason,
        code: error.vendor_code().map(str::to_owned),
    }
}
