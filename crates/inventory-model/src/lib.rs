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
