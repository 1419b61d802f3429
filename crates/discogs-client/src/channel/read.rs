//! What the Discogs inventory holds, through one inventory export.

use std::collections::HashSet;

use futures::StreamExt;
use inventory_model::{
    ChannelError, Currency, HeldItem, Holdings, InventoryReader, Money, Quantity, ReadScope, Sku,
    UnreadItem, async_trait,
};

use super::bulk::DiscogsChannel;
use super::{CHANNEL_NAME, ListingMap, Resolution, ambiguous};
use crate::error::DiscogsError;
use crate::inventory_export::{ExportRow, JobStatus};
use crate::listings::ListingStatus;

fn failed(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ChannelError {
    ChannelError::read(CHANNEL_NAME, error)
}

/// The whole inventory through one inventory export: `POST /inventory/export`, the polls of
/// `GET /inventory/export/{id}` until it is finished (the channel's
/// [`wait_options`](DiscogsChannel::wait_options)), and one
/// `GET /inventory/export/{id}/download`, read as rows while it arrives. The read covers the
/// whole inventory ([`ReadScope::WholeChannel`]), so what it holds beyond the asked SKUs is
/// reported too.
///
/// * **Which SKU a listing is**: the one an override names
///   ([`with_listing`](DiscogsChannel::with_listing),
///   [`with_sku_map`](DiscogsChannel::with_sku_map)), else its `external_id` read as a SKU.
///   A listing with neither, or whose `external_id` is not a valid SKU, has no SKU and is left
///   out, except that an asked SKU of digits is the listing with that ID, as in a push. Of
///   several listings with one `external_id`, the current one (For Sale, Draft, Expired) is
///   the SKU's, sold and removed copies being history; a SKU on several current listings
///   leads to none of them and is reported as unreadable, naming the listings (a push rejects
///   it with the code `ambiguous_sku`).
/// * **What the read teaches the channel**: each listing's `external_id`, so that later
///   pushes of these SKUs find their listings without an override. A push on a channel that
///   has not read rejects SKUs it cannot map.
/// * **Stock**: a listing is one copy: 1 while it is `For Sale`, 0 in any other status
///   (`Draft`, `Expired`, …).
/// * **Price**: the export's `price`, which carries no currency, in the channel's
///   [`currency`](DiscogsChannel::currency). Without one the read fails as a whole
///   ([`DiscogsError::Config`], field `currency`) rather than report amounts whose currency
///   is a guess: a price compared in the wrong currency would plan wrong changes.
/// * A row that does not decode is an [`UnreadItem`] naming its line; an export that fails,
///   or a request that fails, fails the read as a whole.
#[async_trait]
impl InventoryReader for DiscogsChannel {
    /// `false` until the channel has read, unless overrides name every SKU: a push finds a
    /// SKU's listing through what the last read showed.
    fn can_address(&self, skus: &[Sku]) -> bool {
        self.listings.can_address(skus)
    }

    async fn read(&self, skus: &[Sku]) -> Result<Holdings, ChannelError> {
        let currency = self.currency.ok_or_else(|| {
            failed(DiscogsError::Config(client_core::InvalidInput::new(
                "currency",
                "the inventory export gives prices without their currency: tell the channel \
                 the currency of the seller's Discogs account with `currency(..)` before reading",
            )))
        })?;
        let (rows, mut unreadable) = self.export_rows().await?;
        self.listings.learn(rows.iter().filter_map(|row| {
            let sku = Sku::new(row.external_id.as_deref()?).ok()?;
            Some((sku, row.listing_id, is_current(row)))
        }));
        let asked: HashSet<&Sku> = skus.iter().collect();
        let mut found = Vec::new();
        let mut reported_ambiguous = HashSet::new();
        for row in &rows {
            for sku in skus_of(&self.listings, row, &asked) {
                match self.listings.resolve(&sku) {
                    Resolution::Listing(listing_id) if listing_id == row.listing_id => {
                        found.push(held(sku, row, currency));
                    }
                    Resolution::Ambiguous(listings) => {
                        if reported_ambiguous.insert(sku.clone()) {
                            let ids: Vec<String> = listings.iter().map(u64::to_string).collect();
                            let reason = ambiguous(&sku, &listings).reason;
                            unreadable.push(
                                UnreadItem::new(format!("listings {}", ids.join(", ")), reason)
                                    .with_sku(sku),
                            );
                        }
                    }
                    Resolution::Listing(_) | Resolution::Unknown => {}
                }
            }
        }
        Ok(Holdings::sort(
            ReadScope::WholeChannel,
            skus,
            found,
            unreadable,
        ))
    }
}

impl DiscogsChannel {
    /// One export, waited for and downloaded: its rows, and the rows that did not decode.
    async fn export_rows(&self) -> Result<(Vec<ExportRow>, Vec<UnreadItem>), ChannelError> {
        let exports = self.client.inventory_export().wait_options(self.wait);
        let id = exports.request().await.map_err(failed)?;
        let export = exports.wait(id).await.map_err(failed)?;
        if export.status != JobStatus::Success {
            return Err(failed(format!(
                "inventory export {id} ended in status `{}`, so the inventory is unknown",
                export.status
            )));
        }
        let mut stream = exports.download_rows(id).await.map_err(failed)?;
        let (mut rows, mut unreadable) = (Vec::new(), Vec::new());
        while let Some(row) = stream.next().await {
            match row {
                Ok(row) => rows.push(row),
                Err(DiscogsError::Engine(client_core::Error::Decode { reason, .. })) => {
                    // "CSV line 7: price: `12,5` is not a number": the line names the row.
                    let item = reason
                        .split_once(": ")
                        .map_or(reason.as_str(), |(line, _)| line)
                        .to_owned();
                    unreadable.push(UnreadItem::new(item, reason));
                }
                Err(error) => return Err(failed(error)),
            }
        }
        Ok((rows, unreadable))
    }
}

/// The SKUs that may be `row`'s listing: the overrides naming it, its `external_id` and, when
/// asked, its ID (a SKU of digits). Each is the row's only if it resolves to the row.
fn skus_of(listings: &ListingMap, row: &ExportRow, asked: &HashSet<&Sku>) -> Vec<Sku> {
    let mut skus: Vec<Sku> = listings.overrides_of(row.listing_id).to_vec();
    if let Some(sku) = row
        .external_id
        .as_deref()
        .and_then(|text| Sku::new(text).ok())
    {
        skus.push(sku);
    }
    if let Ok(by_id) = Sku::new(row.listing_id.to_string())
        && asked.contains(&by_id)
    {
        skus.push(by_id);
    }
    let mut seen = HashSet::new();
    skus.retain(|sku| seen.insert(sku.clone()));
    skus
}

/// Whether a push can change the row's listing (For Sale, Draft, Expired, or a status not
/// given), rather than it being history (sold, deleted, suspended).
fn is_current(row: &ExportRow) -> bool {
    row.status
        .as_deref()
        .is_none_or(|status| ListingStatus::from_wire(status.trim()).is_editable())
}

/// The item a row shows for `sku`: one copy for sale, or none.
fn held(sku: Sku, row: &ExportRow, currency: Currency) -> HeldItem {
    let for_sale = row
        .status
        .as_deref()
        .is_some_and(|status| ListingStatus::from_wire(status.trim()) == ListingStatus::ForSale);
    let item = HeldItem::new(
        sku,
        row.listing_id.to_string(),
        Quantity::new(u32::from(for_sale)),
    );
    match row.price {
        Some(price) => item.with_price(Money::new(price, currency)),
        None => item,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory_export::parse_export_csv;

    fn sku(text: &str) -> Sku {
        Sku::new(text).unwrap()
    }

    #[test]
    fn a_row_is_the_listing_of_its_overrides_its_external_id_and_its_asked_id() {
        let rows = parse_export_csv(
            "listing_id,status,price,external_id\n11,For Sale,9.50,LP-1\n12,Draft,,\n",
        )
        .unwrap();
        let mut listings = ListingMap::default();
        listings.insert(sku("OVERRIDE"), 11);
        let asked_id = sku("12");
        let asked: HashSet<&Sku> = [&asked_id].into_iter().collect();
        assert_eq!(
            skus_of(&listings, &rows[0], &asked),
            [sku("OVERRIDE"), sku("LP-1")]
        );
        assert_eq!(skus_of(&listings, &rows[1], &asked), [sku("12")]);
        let item = held(sku("LP-1"), &rows[0], Currency::Eur);
        assert_eq!(item.quantity, Quantity::new(1));
        assert_eq!(
            item.price,
            Some(Money::new(
                inventory_model::Decimal::new(950, 2),
                Currency::Eur
            ))
        );
        assert_eq!(
            held(sku("12"), &rows[1], Currency::Eur).quantity,
            Quantity::ZERO
        );
    }
}
