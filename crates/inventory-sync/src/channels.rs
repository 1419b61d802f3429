//! The channels a sync reads and pushes, each with its batch size.

use std::error::Error;
use std::num::NonZeroUsize;
use std::sync::Arc;

use inventory_model::InventoryReader;

use crate::error::SyncError;

/// How many updates go to a channel in one push when nothing else is said: each batch is one
/// push, one row of the journal and one step of a resume.
pub const DEFAULT_BATCH_SIZE: NonZeroUsize = match NonZeroUsize::new(100) {
    Some(size) => size,
    None => NonZeroUsize::MIN,
};

/// The channels of a sync, by name, each with its batch size.
///
/// This is the seam between the sync, which knows no vendor, and a program that builds the
/// channels (the client crates' `channel()`s): the program fills a set, the sync reads,
/// checks and pushes through it.
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::sync::Arc;
/// # use inventory_model::{async_trait, ChannelError, Holdings, InventoryReader,
/// #     InventoryUpdate, PushReport, Sku, StockChannel};
/// # struct Shop;
/// # #[async_trait]
/// # impl StockChannel for Shop {
/// #     fn channel_name(&self) -> &str { "shop" }
/// #     async fn push(&self, _: &[InventoryUpdate]) -> Result<PushReport, ChannelError> {
/// #         Ok(PushReport::new(Vec::new()))
/// #     }
/// # }
/// # #[async_trait]
/// # impl InventoryReader for Shop {
/// #     async fn read(&self, _: &[Sku]) -> Result<Holdings, ChannelError> {
/// #         Ok(Holdings::default())
/// #     }
/// # }
/// use inventory_sync::ChannelSet;
///
/// let mut channels = ChannelSet::new();
/// channels.add(Arc::new(Shop))?;
/// channels.set_batch_size("shop", NonZeroUsize::new(500).unwrap())?;
/// assert_eq!(channels.batch_size("shop").get(), 500);
/// assert!(channels.add(Arc::new(Shop)).is_err()); // one channel per name
/// # Ok::<(), inventory_sync::SyncError>(())
/// ```
#[derive(Clone, Default)]
pub struct ChannelSet {
    entries: Vec<Entry>,
}

#[derive(Clone)]
struct Entry {
    channel: Arc<dyn InventoryReader>,
    batch_size: NonZeroUsize,
}

impl std::fmt::Debug for ChannelSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(
                self.entries
                    .iter()
                    .map(|entry| (entry.channel.channel_name(), entry.batch_size)),
            )
            .finish()
    }
}

impl ChannelSet {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a channel, with [`DEFAULT_BATCH_SIZE`].
    ///
    /// # Errors
    ///
    /// [`SyncError::DuplicateChannel`] when a channel of that name is already in the set.
    pub fn add(&mut self, channel: Arc<dyn InventoryReader>) -> Result<(), SyncError> {
        if self.get(channel.channel_name()).is_some() {
            return Err(SyncError::DuplicateChannel(
                channel.channel_name().to_owned(),
            ));
        }
        self.entries.push(Entry {
            channel,
            batch_size: DEFAULT_BATCH_SIZE,
        });
        Ok(())
    }

    /// Sets how many updates go to the channel called `name` in one push.
    ///
    /// # Errors
    ///
    /// [`SyncError::MissingChannel`] when the set has no such channel.
    pub fn set_batch_size(&mut self, name: &str, size: NonZeroUsize) -> Result<(), SyncError> {
        let entry = self
            .entries
            .iter_mut()
            .find(|entry| entry.channel.channel_name() == name)
            .ok_or_else(|| SyncError::MissingChannel(name.to_owned()))?;
        entry.batch_size = size;
        Ok(())
    }

    /// The channel called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Arc<dyn InventoryReader>> {
        self.entries
            .iter()
            .find(|entry| entry.channel.channel_name() == name)
            .map(|entry| &entry.channel)
    }

    /// The batch size of the channel called `name` ([`DEFAULT_BATCH_SIZE`] for a name not in
    /// the set).
    #[must_use]
    pub fn batch_size(&self, name: &str) -> NonZeroUsize {
        self.entries
            .iter()
            .find(|entry| entry.channel.channel_name() == name)
            .map_or(DEFAULT_BATCH_SIZE, |entry| entry.batch_size)
    }

    /// The names of the channels, in the order added.
    #[must_use]
    pub fn names(&self) -> Vec<&str> {
        self.entries
            .iter()
            .map(|entry| entry.channel.channel_name())
            .collect()
    }

    /// Every channel, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn InventoryReader>> {
        self.entries.iter().map(|entry| &entry.channel)
    }

    /// The number of channels.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set has no channels.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// An error and its sources, joined by `: `, for reports and the journal.
pub(crate) fn describe(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
