//! A channel that keeps stock per warehouse: quantities compare warehouse by warehouse.

use std::sync::Arc;

use inventory_model::{Country, Quantity, ReadScope};
use inventory_sync::{
    ApplyOptions, ChannelSet, DesiredItem, DesiredState, Journal, PlanOptions, RunStatus, Value,
    apply, plan,
};

use crate::fake::{Fake, sku, usd};

#[tokio::test]
async fn stock_is_compared_per_warehouse() {
    let shop = Arc::new(Fake::new("shop", ReadScope::AskedOnly));
    shop.seed_warehouses(
        &sku("A"),
        &[(Country::USA, 2), (Country::CAN, 7)],
        Some(usd(500)),
    );
    shop.seed_warehouses(&sku("B"), &[(Country::USA, 1), (Country::CAN, 1)], None);
    shop.seed_warehouses(&sku("C"), &[(Country::DEU, 4)], None);
    let mut channels = ChannelSet::new();
    channels.add(shop.clone()).unwrap();
    let mut desired = DesiredState::new();
    let at = |name, country, quantity| {
        DesiredItem::new(sku(name))
            .with_quantity(Quantity::new(quantity))
            .in_warehouse(country)
    };
    desired
        .push(at("A", Country::USA, 5).with_price(usd(500)))
        .unwrap();
    desired.push(at("A", Country::CAN, 7)).unwrap();
    // B without a warehouse, held in two: ambiguous, so missing (but held, so not unmatched).
    desired
        .push(DesiredItem::new(sku("B")).with_quantity(Quantity::new(3)))
        .unwrap();
    // C wanted with no warehouse: its only warehouse is meant.
    desired
        .push(DesiredItem::new(sku("C")).with_quantity(Quantity::new(1)))
        .unwrap();

    let cautious = plan(&desired, &channels, PlanOptions::default())
        .await
        .unwrap();
    let on_shop = cautious.channel("shop").unwrap();
    let changes: Vec<(String, Option<Country>, Option<Value>)> = on_shop
        .changes
        .iter()
        .map(|change| {
            (
                change.update.sku().to_string(),
                change.warehouse(),
                change.before,
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "A".into(),
                Some(Country::USA),
                Some(Value::Quantity(Quantity::new(2)))
            ),
            (
                "C".into(),
                Some(Country::DEU),
                Some(Value::Quantity(Quantity::new(4)))
            ),
        ]
    );
    assert_eq!(on_shop.unchanged, 2, "A in CAN and A's price");
    assert_eq!(on_shop.missing.len(), 1);
    assert!(on_shop.missing[0].held_elsewhere);
    assert!(
        cautious.unmatched.is_empty(),
        "B is held, only not as asked"
    );
    assert_eq!(
        on_shop.unlisted.len(),
        2,
        "B's two warehouses, which no quantity names"
    );

    let journal = Journal::in_memory().unwrap();
    let report = apply(
        &cautious,
        &channels,
        &journal,
        ApplyOptions::default(),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(report.status, RunStatus::Applied, "{report}");
    let a = &shop.snapshot()[&sku("A")];
    assert_eq!(a.stock[&Some(Country::USA)], Quantity::new(5));
    assert_eq!(a.stock[&Some(Country::CAN)], Quantity::new(7));
    assert_eq!(
        shop.snapshot()[&sku("C")].stock[&Some(Country::DEU)],
        Quantity::new(1)
    );

    // Asked to, the plan zeroes the warehouses no quantity names.
    let bold = plan(
        &desired,
        &channels,
        PlanOptions::default().zero_unlisted(true),
    )
    .await
    .unwrap();
    let zeroed: Vec<(String, Option<Country>)> = bold
        .channel("shop")
        .unwrap()
        .changes
        .iter()
        .map(|change| (change.update.sku().to_string(), change.warehouse()))
        .collect();
    assert_eq!(
        zeroed,
        [
            ("B".into(), Some(Country::CAN)),
            ("B".into(), Some(Country::USA))
        ]
    );
}
