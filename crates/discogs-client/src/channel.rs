//! The [`StockChannel`] implementation: stock and price changes as listing edits.
//!
//! Each update becomes a read of the listing and an edit that sends it back with the new price
//! or status (Discogs requires the full listing on every edit). That is two requests per
//! update, paced by the rate limiter: fine for the few changes of a day, slow for thousands.
//! **The bulk path is the Inventory Upload (CSV) API** (see [`crate::inventory_upload`]), which
//! changes many listings in one upload; [`DiscogsChannel::push`] is the single place to route
//! batches there.

use std::collections::HashMap;

use inventory_model::{
    ChannelError, InventoryUpdate, ItemOutcome, PushReport, Sku, StockChannel, async_trait,
};

use crate::DiscogsClient;
use crate::error::DiscogsError;
use crate::listings::{ListingDetails, ListingStatus};

/// The name this channel reports in outcomes and errors.
pub const CHANNEL_NAME: &str = "discogs";

/// A Discogs inventory as a [`StockChannel`]; get it with [`DiscogsClient::channel`].
///
/// Updates are keyed by SKU; each SKU must lead to a listing ID, either through
/// [`with_listing`](DiscogsChannel::with_listing) or because the SKU *is* the listing ID (all
/// digits). Updates for SKUs that lead nowhere are rejected, not failed.
///
/// * A price update sets the listing's price. Discogs prices are in the seller's currency, so a
///   price in another currency is rejected.
/// * A stock update of zero takes the listing off sale (status Draft); a stock update of one
///   puts it (back) on sale (status For Sale). A listing is one copy: Discogs documents no
///   quantity among a listing's edit parameters, so a stock above one is rejected (list the
///   further copies as listings of their own).
///
/// ```
/// use discogs_client::{ConfigureEngine, DiscogsClient};
/// use inventory_model::Sku;
///
/// let discogs = DiscogsClient::builder().user_agent("MyShop/1.0").token("t").build()?;
/// let channel = discogs.channel().with_listing(Sku::new("LP-0042")?, 172723812);
/// assert_eq!(channel.listing_id_for(&Sku::new("LP-0042")?), Some(172723812));
/// assert_eq!(channel.listing_id_for(&Sku::new("150899904")?), Some(150899904));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DiscogsChannel {
    client: DiscogsClient,
    listing_ids: HashMap<Sku, u64>,
}

impl DiscogsClient {
    /// This client as a [`StockChannel`].
    #[must_use]
    pub fn channel(&self) -> DiscogsChannel {
        DiscogsChannel {
            client: self.clone(),
            listing_ids: HashMap::new(),
        }
    }
}

/// What became of one update that did not fail the whole push.
enum Applied {
    Done,
    Refused(String, Option<String>),
}

impl DiscogsChannel {
    /// Maps `sku` to the listing that sells it.
    #[must_use]
    pub fn with_listing(mut self, sku: Sku, listing_id: u64) -> Self {
        self.listing_ids.insert(sku, listing_id);
        self
    }

    /// The listing that sells `sku`: the mapped one, else the SKU read as a listing ID.
    #[must_use]
    pub fn listing_id_for(&self, sku: &Sku) -> Option<u64> {
        self.listing_ids.get(sku).copied().or_else(|| {
            let text = sku.as_str();
            if text.bytes().all(|byte| byte.is_ascii_digit()) {
                text.parse().ok()
            } else {
                None
            }
        })
    }

    /// Applies each update by reading the listing and editing it.
    async fn push_by_listing_edits(
        &self,
        updates: &[InventoryUpdate],
    ) -> Result<PushReport, ChannelError> {
        let mut outcomes = Vec::with_capacity(updates.len());
        for update in updates {
            let outcome = match self.apply(update).await {
                Ok(Applied::Done) => ItemOutcome::accepted(update),
                Ok(Applied::Refused(reason, code)) => ItemOutcome::rejected(update, reason, code),
                Err(error) => return Err(ChannelError::new(CHANNEL_NAME, error)),
            };
            outcomes.push(outcome);
        }
        Ok(PushReport::new(outcomes))
    }

    /// Applies one update. `Err` only for failures that doom the whole push (credentials,
    /// network, rate limit, server trouble); everything about this one listing is a refusal.
    async fn apply(&self, update: &InventoryUpdate) -> Result<Applied, DiscogsError> {
        let Some(listing_id) = self.listing_id_for(update.sku()) else {
            return Ok(Applied::Refused(
                format!(
                    "no Discogs listing is known for SKU `{}`; map it with \
                     DiscogsChannel::with_listing",
                    update.sku()
                ),
                None,
            ));
        };
        if let InventoryUpdate::Stock(stock) = update
            && stock.quantity.get() > 1
        {
            return Ok(Applied::Refused(
                format!(
                    "listing {listing_id} is one copy: Discogs documents no quantity for a                      listing edit, so a stock of {} cannot be set; list further copies as                      listings of their own",
                    stock.quantity
                ),
                None,
            ));
        }
        let result = async {
            let listing = self.client.listings().get(listing_id).await?;
            let details = ListingDetails::from_listing(&listing)?;
            let details = match update {
                InventoryUpdate::Price(price) => {
                    let seller_currency = listing
                        .original_price
                        .as_ref()
                        .map_or(listing.price.currency(), |original| original.currency);
                    if price.price.currency() != seller_currency {
                        return Err(DiscogsError::invalid(
                            "price",
                            format!(
                                "listing {listing_id} is priced in the seller's currency \
                                 {seller_currency}, not {}",
                                price.price.currency()
                            ),
                        ));
                    }
                    details.price(price.price.amount())
                }
                InventoryUpdate::Stock(stock) if stock.quantity.is_zero() => {
                    details.status(ListingStatus::Draft)
                }
                InventoryUpdate::Stock(_) => details.status(ListingStatus::ForSale),
                _ => {
                    return Err(DiscogsError::invalid(
                        "update",
                        format!("{CHANNEL_NAME} does not support this kind of update"),
                    ));
                }
            };
            self.client.listings().edit(listing_id, &details).await
        }
        .await;
        match result {
            Ok(()) => Ok(Applied::Done),
            Err(error) if dooms_the_push(&error) => Err(error),
            Err(error) => {
                let code = error.status().map(|status| status.as_u16().to_string());
                Ok(Applied::Refused(error.to_string(), code))
            }
        }
    }
}

fn dooms_the_push(error: &DiscogsError) -> bool {
    matches!(
        error,
        DiscogsError::Unauthorized { .. }
            | DiscogsError::RateLimited { .. }
            | DiscogsError::Http(_)
    )
}

#[async_trait]
impl StockChannel for DiscogsChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        // The one routing point: listing edits today. Large batches are cheaper as one
        // Inventory Upload (CSV) `change` upload; switch here when routing them there.
        self.push_by_listing_edits(updates).await
    }
}
