//! Progress bars on standard error: a spinner while the channels are read, one bar per
//! channel while its batches are pushed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use inventory_sync::{Progress, Step};

pub(crate) struct Bars {
    multi: Option<MultiProgress>,
    bars: Mutex<HashMap<String, ProgressBar>>,
}

impl Bars {
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            multi: enabled.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
            bars: Mutex::new(HashMap::new()),
        }
    }

    /// A spinner saying `message`, until it is dropped (or `None` when bars are off).
    pub(crate) fn spinner(&self, message: String) -> Option<ProgressBar> {
        let multi = self.multi.as_ref()?;
        let spinner = multi.add(ProgressBar::new_spinner().with_message(message));
        spinner.enable_steady_tick(Duration::from_millis(120));
        Some(spinner)
    }

    pub(crate) fn update(&self, progress: &Progress<'_>) {
        let Some(multi) = &self.multi else {
            return;
        };
        let mut bars = self
            .bars
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let total = u64::try_from(progress.total).unwrap_or(u64::MAX);
        let bar = bars.entry(progress.channel.to_owned()).or_insert_with(|| {
            let style =
                ProgressStyle::with_template("{prefix:>14} [{bar:30}] {pos}/{len} updates {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            multi.add(
                ProgressBar::new(total)
                    .with_style(style)
                    .with_prefix(progress.channel.to_owned()),
            )
        });
        bar.set_length(total);
        bar.set_position(u64::try_from(progress.done).unwrap_or(u64::MAX));
        let batch = format!("batch {}/{}", progress.batch, progress.batches);
        match progress.step {
            Step::Sending => bar.set_message(format!("{batch} sending")),
            Step::Confirmed => bar.set_message(format!("{batch} confirmed")),
            Step::Skipped => bar.set_message(format!("{batch} already confirmed")),
            Step::Failed => bar.abandon_with_message(format!("{batch} failed")),
            Step::Reading => bar.set_message("reading to find the items".to_owned()),
            Step::Verifying => bar.set_message("verifying".to_owned()),
            Step::Verified => bar.finish_with_message("verified".to_owned()),
            _ => {}
        }
    }

    pub(crate) fn finish(&self) {
        let bars = self
            .bars
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for bar in bars.values() {
            if !bar.is_finished() {
                bar.finish();
            }
        }
    }
}
