//! Working Discogs orders: list them by status, read one, move it only to a status its
//! `next_status` allows, write to the buyer, and read the order's log newest first.
//!
//! The sandbox's log gets one entry of a type this client does not know (`feedback_left`):
//! it is read as `MessageKind::Unknown` with every field kept, instead of failing the page.
//!
//! Runs offline against the Discogs sandbox: `cargo run -p examples --example discogs_orders`.
#![allow(clippy::print_stdout)] // an example talks to its reader on standard output

use std::error::Error;

use discogs_client::prelude::*;
use discogs_client::{MessageKind, NewMessage, OrderStatus};
use examples::offline::OfflineMarketplaces;
use futures::TryStreamExt;
use marketplace_sandbox::discogs::{DEFAULT_BUYER, DiscogsOrderMessage};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let markets = OfflineMarketplaces::start().await?;
    let orders = markets.discogs.orders();

    let new_orders = orders.list().status(OrderStatus::NewOrder).send().await?;
    let shipped = orders.list().status(OrderStatus::Shipped).send().await?;
    println!(
        "{} new order(s), {} shipped",
        new_orders.items.len(),
        shipped.items.len()
    );
    let listed = new_orders
        .items
        .first()
        .ok_or("no new order in the sandbox")?;

    // A log entry of a type Discogs may add one day, put straight into the fake's state.
    let mut seeded = markets
        .discogs_sandbox
        .order(&listed.id)
        .ok_or("the sandbox lost the order")?;
    seeded.messages.push(DiscogsOrderMessage {
        kind: "feedback_left".to_owned(),
        message: "The buyer left positive feedback.".to_owned(),
        subject: String::new(),
        from: DEFAULT_BUYER.to_owned(),
        timestamp: seeded.last_activity + 60,
        status_id: None,
        shipping_change: None,
    });
    markets.discogs_sandbox.seed_order(seeded);

    let order = orders.get(&listed.id).await?;
    let allowed: Vec<&str> = order.next_status.iter().map(OrderStatus::as_str).collect();
    println!(
        "order {} is {}; may move to: {}",
        order.id,
        order.status,
        allowed.join(", ")
    );

    // Only ask for a status the order lists; anything else would be a 422 from Discogs.
    let wanted = OrderStatus::PaymentReceived;
    let note = NewMessage::text("Thanks, payment arrived; packing your records today.");
    let note = if order.next_status.contains(&wanted) {
        note.with_status(wanted)
    } else {
        println!("  {wanted} is not allowed now, so the message goes without it");
        note
    };
    let posted = orders.add_message(&order.id, &note).await?;
    println!("posted: {}", one_line(&posted.message));

    if let Some(done) = shipped.items.first() {
        let may_go_back = done.next_status.contains(&OrderStatus::InProgress);
        println!(
            "shipped order {} may go back to In Progress: {may_go_back}",
            done.id
        );
    }

    println!("log of {}, newest first:", order.id);
    let log: Vec<_> = orders
        .messages(order.id.clone())
        .stream()
        .try_collect()
        .await?;
    for entry in &log {
        match &entry.kind {
            MessageKind::Unknown { kind, fields } => {
                let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
                names.sort_unstable();
                println!(
                    "  [{kind}] (unknown type, kept fields: {})",
                    names.join(", ")
                );
            }
            known => println!("  [{}] {}", known.as_str(), one_line(&entry.message)),
        }
    }
    Ok(())
}

/// Discogs separates a status note from the seller's text with a blank line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
