//! The per-listing channel: each update as a read and an edit of its listing.

use inventory_model::push::{Decision, PushPlan};
use inventory_model::{
    ChannelError, InventoryUpdate, Outcome, PushReport, Refusal, StockChannel, async_trait,
};

use super::checks::{StockAsk, position_in, price_decimals, stock_ask, unsupported};
use super::{CHANNEL_NAME, ListingMap, listing_mapping};
use crate::client::DiscogsClient;
use crate::error::{DiscogsError, DiscogsErrorKind};
use crate::listings::{ListingDetails, ListingStatus};

/// A Discogs inventory as a [`StockChannel`] that edits one listing per update; get it with
/// [`DiscogsClient::listing_edit_channel`].
///
/// **Each update costs two requests**, a read of the listing and an edit that sends it back
/// with the new price or status (Discogs requires the full listing on every edit), paced by
/// the rate limiter: fine for the few changes of a day, slow for thousands, which
/// [`DiscogsClient::channel`] sends as CSV uploads instead. In return every update is reported
/// on its own, and stock 0 takes a listing off sale instead of deleting it.
///
/// * Updates are keyed by SKU, as for [`DiscogsChannel`](super::DiscogsChannel): a SKU mapped
///   with [`with_listing`](Self::with_listing) or [`with_sku_map`](Self::with_sku_map), else a
///   SKU of digits is the listing ID; other SKUs are rejected (this channel does not read the
///   inventory, so it learns no `external_id`).
/// * [`check_update`](StockChannel::check_update) refuses, without a request, what `push`
///   refuses before reading the listing.
/// * A price update sets the listing's price. Discogs prices are in the seller's currency, so a
///   price in another currency is rejected; so is one with more decimals than its currency
///   allows (USD 12.345, JPY 1200.5; code `too_precise`), before any request.
/// * A stock update of zero takes the listing off sale (status Draft); a stock update of one
///   puts it (back) on sale (status For Sale). A listing is one copy: Discogs documents no
///   quantity among a listing's edit parameters, so a stock above one is rejected (list the
///   further copies as listings of their own). Stock in transit is rejected.
/// * What concerns one listing (it is sold, someone else's, missing, refused by Discogs) is a
///   rejection with Discogs' status as the code; credentials, rate limits, server and network
///   trouble fail the whole push.
///
/// ```
/// use discogs_client::{ConfigureEngine, DiscogsClient};
/// use inventory_model::Sku;
///
/// let discogs = DiscogsClient::builder().user_agent("MyShop/1.0").token("t").build()?;
/// let channel = discogs.listing_edit_channel().with_listing(Sku::new("LP-0042")?, 172723812);
/// assert_eq!(channel.listing_id_for(&Sku::new("LP-0042")?), Some(172723812));
/// assert_eq!(channel.listing_id_for(&Sku::new("150899904")?), Some(150899904));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ListingEditChannel {
    client: DiscogsClient,
    listings: ListingMap,
}

impl DiscogsClient {
    /// This account as a [`StockChannel`] that reads and edits one listing per update: two
    /// requests an update. For batches, [`channel`](Self::channel) is far cheaper.
    #[must_use]
    pub fn listing_edit_channel(&self) -> ListingEditChannel {
        ListingEditChannel {
            client: self.clone(),
            listings: ListingMap::default(),
        }
    }
}

impl ListingEditChannel {
    listing_mapping!();

    fn decide(&self, updates: &[InventoryUpdate], update: &InventoryUpdate) -> Decision<()> {
        let checked = self.listings.listing_of(update).and_then(|listing_id| {
            Self::rules(update, listing_id, || position_in(updates, update))
        });
        match checked {
            Ok(()) => Decision::Send(()),
            Err(refusal) => refusal.into(),
        }
    }

    /// The rules `push` and `check_update` share before any request, for an update of the
    /// listing `listing_id`; `field` names the price in a refusal of its decimals.
    fn rules(
        update: &InventoryUpdate,
        listing_id: u64,
        field: impl FnOnce() -> String,
    ) -> Result<(), Refusal> {
        match update {
            // The price must also be in the listing's currency, known once it is read; a price
            // that does not fit its own currency is refused before any request.
            InventoryUpdate::Price(price) => price_decimals(&price.price, false, field),
            InventoryUpdate::Stock(stock) => stock_ask(stock, listing_id).map(drop),
            _ => Err(unsupported()),
        }
    }

    /// Applies one update. `Err` only for failures that doom the whole push (credentials,
    /// network, rate limit, server trouble); everything about this one listing is a refusal.
    async fn apply(
        &self,
        update: &InventoryUpdate,
        listing_id: u64,
    ) -> Result<Outcome, DiscogsError> {
        match self.edit(update, listing_id).await {
            Ok(()) => Ok(Outcome::Accepted),
            Err(error) if dooms_the_push(&error) => Err(error),
            Err(error) => {
                let code = client_core::ClientError::status(&error)
                    .map(|status| status.as_u16().to_string());
                Ok(Outcome::Rejected {
                    reason: error.to_string(),
                    code,
                })
            }
        }
    }

    async fn edit(&self, update: &InventoryUpdate, listing_id: u64) -> Result<(), DiscogsError> {
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
            InventoryUpdate::Stock(stock) => match stock_ask(stock, listing_id) {
                Ok(StockAsk::None) => details.status(ListingStatus::Draft),
                _ => details.status(ListingStatus::ForSale),
            },
            _ => return Ok(()),
        };
        self.client.listings().edit(listing_id, &details).await
    }
}

/// Whether an error is about more than one listing: anything but a refused input and the
/// answers about one listing (forbidden, missing, conflicting, refused values).
fn dooms_the_push(error: &DiscogsError) -> bool {
    !matches!(
        error,
        DiscogsError::InvalidInput(_)
            | DiscogsError::Api {
                kind: DiscogsErrorKind::Forbidden
                    | DiscogsErrorKind::NotFound
                    | DiscogsErrorKind::Conflict
                    | DiscogsErrorKind::UnsupportedMediaType
                    | DiscogsErrorKind::Validation,
                ..
            }
    )
}

#[async_trait]
impl StockChannel for ListingEditChannel {
    fn channel_name(&self) -> &str {
        CHANNEL_NAME
    }

    /// The rules `push` applies before any request: the SKU must lead to a listing, a price
    /// must fit its currency's decimals, a stock must be 0 or 1 and on hand. Whether a price is
    /// in the listing's currency is known only once the listing is read, in `push`.
    fn check_update(&self, update: &InventoryUpdate) -> Result<(), Refusal> {
        let listing_id = self.listings.listing_of(update)?;
        Self::rules(update, listing_id, || "price".to_owned())
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        let mut plan = PushPlan::new(updates, |update| self.decide(updates, update));
        for group in plan.take_groups() {
            for index in group.members {
                // Every member was decided with its listing; an update without one stays
                // unrecorded, which the plan reports as a rejection.
                let Some((update, listing_id)) = plan
                    .update(index)
                    .and_then(|update| Some((update, self.listings.get(update.sku())?)))
                else {
                    continue;
                };
                let outcome = self
                    .apply(update, listing_id)
                    .await
                    .map_err(|error| ChannelError::new(CHANNEL_NAME, error))?;
                plan.record(index, outcome);
            }
        }
        Ok(plan.finish())
    }
}
