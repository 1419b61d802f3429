#![doc = include_str!("../README.md")]
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
pub mod read;
mod refusal;
pub mod serde_decimal;
pub mod serde_text;
mod sku;
mod sku_map;
mod status;
mod text;
mod update;

pub use channel::{ChannelError, ChannelOperation, ItemOutcome, Outcome, PushReport, StockChannel};
pub use condition::ItemCondition;
pub use country::Country;
pub use currency::{Currency, CurrencyCode};
pub use error::ModelError;
pub use grade::{Grade, SleeveGrade};
pub use money::{Money, RoundingMode};
pub use quantity::Quantity;
pub use read::{HeldItem, Holdings, InventoryReader, ReadScope, UnreadItem};
pub use refusal::Refusal;
pub use sku::Sku;
pub use sku_map::SkuMap;
pub use status::{ListingState, StockKind};
pub use update::{InventoryUpdate, PriceUpdate, StockUpdate, UpdateKind};

/// The attribute for implementing [`StockChannel`] and [`InventoryReader`], re-exported so implementors need not depend
/// on `async-trait` themselves.
pub use async_trait::async_trait;
/// The exact decimal type of every amount, re-exported so callers use the same version.
pub use rust_decimal::Decimal;
