//! Why a channel refuses an update by its own rules, before anything is sent.

use serde::{Deserialize, Serialize};

use crate::{InventoryUpdate, ModelError};

/// Why a channel refuses an update by its own rules, before anything is sent
/// ([`StockChannel::check_update`](crate::StockChannel::check_update)).
///
/// It carries what an [`Outcome::Rejected`](crate::Outcome::Rejected) carries and converts into one (and into a
/// [`push::Decision`](crate::push::Decision)), so a channel words a refusal once for its check
/// and its push.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[error("{reason}")]
#[non_exhaustive]
pub struct Refusal {
    /// Why, naming the rule.
    pub reason: String,
    /// The channel's code for the refusal, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Refusal {
    /// A refusal without a code.
    #[must_use]
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            code: None,
        }
    }

    /// A refusal with the channel's code for it.
    #[must_use]
    pub fn with_code(reason: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            code: Some(code.into()),
        }
    }

    /// The channel cannot do this kind of update at all, worded as
    /// [`ItemOutcome::unsupported`](crate::ItemOutcome::unsupported) words it.
    #[must_use]
    pub fn unsupported(update: &InventoryUpdate, channel_name: &str) -> Self {
        Self::new(format!(
            "{channel_name} does not support {} updates",
            update.kind().as_str()
        ))
    }
}

impl From<ModelError> for Refusal {
    /// A value that breaks one of the model's rules (too many decimals for its currency, say).
    fn from(error: ModelError) -> Self {
        Self::new(error.to_string())
    }
}
