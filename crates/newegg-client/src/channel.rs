//! Newegg as a [`StockChannel`]: stock levels go out one item per request.

use inventory_model::{
    ChannelError, Country, InventoryUpdate, ItemOutcome, PushReport, Sku, StockChannel, StockKind,
    async_trait,
};

use crate::client::NeweggClient;
use crate::error::NeweggError;
use crate::inventory::{ItemInventoryUpdate, MAX_AVAILABLE_QUANTITY};

/// The name Newegg goes by in push reports.
pub const CHANNEL_NAME: &str = "newegg";

/// The warehouse country used for a stock update that names none: Newegg.com's home market.
pub const DEFAULT_WAREHOUSE: Country = Country::USA;

/// What happens to one update of a push.
enum Plan {
    /// Decided without asking Newegg.
    Decided(ItemOutcome),
    /// Sent as part of the request of the group at this index.
    InGroup(usize),
}

/// The stock updates of one SKU, sent together in one request.
struct Group {
    sku: Sku,
    update: ItemInventoryUpdate,
}

/// Pushes stock levels through the international inventory update, one request per SKU.
///
/// Newegg updates one item per call, so every SKU costs one request; all warehouse countries
/// of the SKU in the batch travel in that one request (for a country named twice, the later
/// update wins, as if they had been sent in order). Requests are paced by the client's rate
/// limiter (10,000 an hour by default). Items are identified by seller part number, which is
/// the seller's SKU; a stock update without a warehouse goes to [`DEFAULT_WAREHOUSE`].
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
/// let report = newegg.push(&batch).await?;
/// for rejected in report.rejected() {
///     eprintln!("{}: {:?}", rejected.sku, rejected.outcome.reason());
/// }
/// # Ok(()) }
/// ```
#[async_trait]
impl StockChannel for NeweggClient {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut groups: Vec<Group> = Vec::new();
        let plans: Vec<Plan> = updates
            .iter()
            .map(|update| plan(update, &mut groups))
            .collect();

        let mut results = Vec::with_capacity(groups.len());
        for group in groups {
            match self.update_inventory(group.update).await {
                Ok(_) => results.push(Ok(())),
                Err(error) if error.concerns_item() => results.push(Err(rejection(&error))),
                Err(error) => return Err(ChannelError::new(CHANNEL_NAME, error)),
            }
        }

        Ok(updates
            .iter()
            .zip(plans)
            .map(|(update, plan)| match plan {
                Plan::Decided(outcome) => outcome,
                Plan::InGroup(index) => match results.get(index) {
                    Some(Ok(())) => ItemOutcome::accepted(update),
                    Some(Err((reason, code))) => {
                        ItemOutcome::rejected(update, reason.clone(), code.clone())
                    }
                    // Every group was sent above, so this cannot happen; saying so in the
                    // report beats panicking.
                    None => ItemOutcome::rejected(update, "the update was not sent", None),
                },
            })
            .collect())
    }
}

/// Decides an update locally, or adds it to its SKU's group.
fn plan(update: &InventoryUpdate, groups: &mut Vec<Group>) -> Plan {
    let stock = match update {
        InventoryUpdate::Stock(stock) => stock,
        InventoryUpdate::Price(_) => {
            return Plan::Decided(ItemOutcome::rejected(
                update,
                "newegg does not support price updates: its inventory function sets \
                 available quantities only",
                None,
            ));
        }
        _ => return Plan::Decided(ItemOutcome::unsupported(update, CHANNEL_NAME)),
    };
    if stock.kind != StockKind::OnHand {
        return Plan::Decided(ItemOutcome::rejected(
            update,
            format!(
                "newegg counts only available stock, not {} stock",
                stock.kind.label()
            ),
            None,
        ));
    }
    let available = stock.quantity.get();
    if available > MAX_AVAILABLE_QUANTITY {
        return Plan::Decided(ItemOutcome::rejected(
            update,
            format!(
                "available_quantity: must be from 0 to {MAX_AVAILABLE_QUANTITY}, got {available}"
            ),
            None,
        ));
    }
    let warehouse = stock.warehouse.unwrap_or(DEFAULT_WAREHOUSE);
    let index = match groups.iter().position(|group| group.sku == stock.sku) {
        Some(index) => index,
        None => {
            groups.push(Group {
                sku: stock.sku.clone(),
                update: ItemInventoryUpdate::seller_part(stock.sku.as_str()),
            });
            groups.len() - 1
        }
    };
    if let Some(group) = groups.get_mut(index) {
        group.update.set_warehouse(warehouse, available);
    }
    Plan::InGroup(index)
}

/// The reason and code recorded for an item Newegg (or a rule) refused.
fn rejection(error: &NeweggError) -> (String, Option<String>) {
    let reason = match (error.vendor_message(), error) {
        (Some(message), _) => message.to_owned(),
        (None, NeweggError::InvalidInput { field, rule }) => format!("{field}: {rule}"),
        (None, other) => other.to_string(),
    };
    (reason, error.vendor_code().map(str::to_owned))
}
