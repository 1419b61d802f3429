//! A short tour of the model: grades, money and a push through a stock channel.
//!
//! Run it with `cargo run -p inventory-model --example tour`.
#![allow(clippy::print_stdout)] // printing is the point of an example

use std::error::Error;

use inventory_model::{
    ChannelError, Country, Currency, Decimal, Grade, InventoryUpdate, ItemCondition, ItemOutcome,
    Money, PriceUpdate, PushReport, Quantity, RoundingMode, Sku, StockChannel, StockUpdate,
    async_trait,
};

/// An in-memory channel that takes stock levels and refuses prices.
struct PrintingChannel;

#[async_trait]
impl StockChannel for PrintingChannel {
    fn channel_name(&self) -> &str {
        "printing"
    }

    async fn push(&self, updates: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
        Ok(updates
            .iter()
            .map(|update| match update {
                InventoryUpdate::Stock(stock) => {
                    println!("  stock {} -> {}", stock.sku, stock.quantity);
                    ItemOutcome::accepted(update)
                }
                _ => ItemOutcome::unsupported(update, self.channel_name()),
            })
            .collect())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let grade: Grade = "VG+".parse()?;
    let condition = ItemCondition::try_from(grade)?;
    println!(
        "{grade} ({}) sells as {condition} on general marketplaces",
        grade.abbreviation()
    );

    let cost = Money::new(Decimal::new(1800, 2), Currency::Usd);
    let price = cost
        .checked_mul(Decimal::new(135, 2))?
        .round_to_minor_units(RoundingMode::HalfUp);
    println!("cost {cost}, price {price}");
    let yen = Money::new(Decimal::new(1200, 0), Currency::Jpy);
    println!("yen have no minor units: {yen}");

    let sku = Sku::new("LP-0042")?;
    let batch: Vec<InventoryUpdate> = vec![
        StockUpdate::new(sku.clone(), Quantity::new(2))
            .in_warehouse(Country::USA)
            .into(),
        PriceUpdate::new(sku, price).into(),
    ];

    let channels: Vec<Box<dyn StockChannel>> = vec![Box::new(PrintingChannel)];
    for channel in &channels {
        println!(
            "pushing {} updates to {}:",
            batch.len(),
            channel.channel_name()
        );
        let report = channel.push(&batch).await?;
        println!(
            "  {} accepted, {} rejected",
            report.accepted_count(),
            report.rejected_count()
        );
        for item in report.rejected() {
            println!(
                "  rejected {} {}: {}",
                item.kind,
                item.sku,
                item.outcome.reason().unwrap_or("")
            );
        }
    }
    Ok(())
}
