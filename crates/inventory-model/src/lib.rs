//! Marketplace-neutral vocabulary for selling physical inventory (records, CDs, electronics) on
//! several marketplaces.
//!
//! This crate names things once, so that every marketplace client of the workspace speaks the
//! same language and a program can move stock and prices between them without knowing which
//! marketplace is on the other side. It does no I/O: no HTTP, no runtime, no marketplace's
//! spellings (those live in the client crates, which convert to and from these types).
//!
//! # Overview
//!
//! | Concept | Types |
//! |---------|-------|
//! | Money, exact to the last digit | [`Money`], [`Currency`], [`RoundingMode`], [`Decimal`] |
//! | Reading vendors' JSON numbers exactly | [`serde_decimal`] |
//! | Record grading | [`Grade`] (Mint … Poor, ordered), [`SleeveGrade`] |
//! | General item condition | [`ItemCondition`], with conversions to and from [`Grade`] |
//! | States | [`ListingState`], [`StockKind`] |
//! | Identifiers | [`Sku`], [`Quantity`], [`Country`] (warehouse, ISO 3166-1 alpha-3) |
//! | Changes to push | [`StockUpdate`], [`PriceUpdate`], [`InventoryUpdate`] |
//! | Pushing them anywhere | [`StockChannel`], [`PushReport`], [`ItemOutcome`], [`ChannelError`] |
//! | The skeleton of a channel's push (decide, group, record, report) | [`push::PushPlan`] |
//! | Refused values | [`ModelError`], whose messages name the field and the rule |
//!
//! Money is a [`Decimal`] and a [`Currency`] end to end, never a float. Every type that holds a
//! rule (a SKU is not empty, a country code is assigned) checks it in its constructor, and serde
//! goes through the same constructor, so an invalid value cannot be deserialized either.
//!
//! # Example
//!
//! ```
//! use inventory_model::{
//!     Country, Currency, Decimal, Grade, InventoryUpdate, ItemCondition, Money, PriceUpdate,
//!     Quantity, RoundingMode, Sku, StockUpdate,
//! };
//!
//! let sku: Sku = "LP-0042".parse()?;
//! let grade: Grade = "VG+".parse()?;
//! let condition = ItemCondition::try_from(grade)?; // for a general marketplace
//! assert_eq!(condition, ItemCondition::UsedVeryGood);
//!
//! let cost = Money::new(Decimal::new(1800, 2), Currency::Usd);
//! let price = cost.checked_mul(Decimal::new(135, 2))?.round_to_minor_units(RoundingMode::HalfUp);
//! assert_eq!(price.to_string(), "$24.30");
//!
//! let batch: Vec<InventoryUpdate> = vec![
//!     StockUpdate::new(sku.clone(), Quantity::new(2)).in_warehouse(Country::USA).into(),
//!     PriceUpdate::new(sku, price).into(),
//! ];
//! assert_eq!(batch.len(), 2);
//! # Ok::<(), inventory_model::ModelError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod channel;
mod condition;
mod country;
mod currency;
mod error;
mod grade;
mod money;
pub mod push;
mod quantity;
pub mod serde_decimal;
mod sku;
mod status;
mod text;
mod update;

pub use channel::{ChannelError, ItemOutcome, Outcome, PushReport, StockChannel};
pub use condition::ItemCondition;
pub use country::Country;
pub use currency::{Currency, CurrencyCode};
pub use error::ModelError;
pub use grade::{Grade, SleeveGrade};
pub use money::{Money, RoundingMode};
pub use quantity::Quantity;
pub use sku::Sku;
pub use status::{ListingState, StockKind};
pub use update::{InventoryUpdate, PriceUpdate, StockUpdate, UpdateKind};

/// The attribute for implementing [`StockChannel`], re-exported so implementors need not depend
/// on `async-trait` themselves.
pub use async_trait::async_trait;
/// The exact decimal type of every amount, re-exported so callers use the same version.
pub use rust_decimal::Decimal;
