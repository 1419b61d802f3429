//! Plans and reports as fixed-width text tables.

use std::fmt;

use crate::plan::{Cause, Plan};
use crate::report::RunReport;

/// Writes `rows` under `headers`, each column as wide as its widest cell, numbers (columns
/// marked in `right`) aligned right, the last column unpadded.
fn table(
    f: &mut fmt::Formatter<'_>,
    headers: &[&str],
    rows: &[Vec<String>],
    right: &[bool],
) -> fmt::Result {
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|header| header.chars().count())
        .collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header_row: Vec<String> = headers.iter().map(|header| (*header).to_owned()).collect();
    for row in std::iter::once(&header_row).chain(rows) {
        let mut line = String::new();
        let last = row.len().saturating_sub(1);
        for (index, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            let pad = width.saturating_sub(cell.chars().count());
            if right.get(index).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if index < last {
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        writeln!(f, "{}", line.trim_end())?;
    }
    Ok(())
}

impl fmt::Display for Plan {
    /// One row per update (channel, SKU, warehouse, kind, before, after, and `send` or the
    /// refusal), then one line per channel with its counts, then the SKUs that match nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rows = Vec::new();
        for channel in &self.channels {
            for change in &channel.changes {
                let action = match (&change.refused, change.cause) {
                    (Some(refusal), _) => format!("refused: {}", refusal.reason),
                    (None, Cause::Differs) => "send".to_owned(),
                    (None, Cause::Missing) => "send (not held)".to_owned(),
                    (None, Cause::Unlisted) => "send (not wanted)".to_owned(),
                };
                rows.push(vec![
                    channel.channel.clone(),
                    change.update.sku().to_string(),
                    change
                        .warehouse()
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    change.update.kind().as_str().to_owned(),
                    change
                        .before
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "-".into()),
                    change.after().map(|v| v.to_string()).unwrap_or_default(),
                    action,
                ]);
            }
        }
        if rows.is_empty() {
            writeln!(f, "nothing to change")?;
        } else {
            let headers = [
                "channel",
                "sku",
                "warehouse",
                "kind",
                "before",
                "after",
                "action",
            ];
            table(
                f,
                &headers,
                &rows,
                &[false, false, false, false, true, true, false],
            )?;
        }
        writeln!(f)?;
        for channel in &self.channels {
            if let Some(error) = &channel.read_error {
                writeln!(f, "{}: not read, nothing planned: {error}", channel.channel)?;
                continue;
            }
            writeln!(
                f,
                "{}: {} to send, {} refused, {} unchanged, {} not held, {} held but not wanted, {} unreadable",
                channel.channel,
                channel.sendable().count(),
                channel.refused().count(),
                channel.unchanged,
                channel.missing.len(),
                channel.unlisted.len(),
                channel.unreadable.len(),
            )?;
            for item in &channel.unreadable {
                writeln!(f, "  unreadable {}: {}", item.item, item.reason)?;
            }
        }
        if !self.unmatched.is_empty() {
            let skus: Vec<&str> = self.unmatched.iter().map(|sku| sku.as_str()).collect();
            writeln!(f, "SKUs no channel holds: {}", skus.join(", "))?;
        }
        Ok(())
    }
}

impl fmt::Display for RunReport {
    /// The summary table (one row per channel: changed, unchanged, refused, failed,
    /// unverified, status), then each channel's errors, refusals, mismatches and re-sent
    /// batches, then the run's status and exit code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<Vec<String>> = self
            .channels
            .iter()
            .map(|channel| {
                let counts = &channel.summary;
                vec![
                    channel.channel.clone(),
                    counts.changed.to_string(),
                    counts.unchanged.to_string(),
                    counts.refused.to_string(),
                    counts.failed.to_string(),
                    counts.unverified.to_string(),
                    channel.status().to_string(),
                ]
            })
            .collect();
        let headers = [
            "channel",
            "changed",
            "unchanged",
            "refused",
            "failed",
            "unverified",
            "status",
        ];
        table(
            f,
            &headers,
            &rows,
            &[false, true, true, true, true, true, false],
        )?;
        for channel in &self.channels {
            let name = &channel.channel;
            if let Some(error) = &channel.error {
                writeln!(f, "{name}: failed: {error}")?;
            }
            if !channel.batches.resent.is_empty() {
                let numbers: Vec<String> =
                    channel.batches.resent.iter().map(u32::to_string).collect();
                writeln!(
                    f,
                    "{name}: batch {} had been sent by the interrupted run without an answer; sent again",
                    numbers.join(", ")
                )?;
            }
            if channel.batches.skipped > 0 {
                writeln!(
                    f,
                    "{name}: {} batch(es) confirmed by the interrupted run, not sent again",
                    channel.batches.skipped
                )?;
            }
            for item in &channel.refused {
                let code = item
                    .outcome
                    .code()
                    .map(|code| format!(" [{code}]"))
                    .unwrap_or_default();
                let reason = item.outcome.reason().unwrap_or_default();
                writeln!(
                    f,
                    "{name}: refused {} {}: {reason}{code}",
                    item.kind.as_str(),
                    item.sku
                )?;
            }
            for item in &channel.mismatches {
                let found = item
                    .found
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "nothing".into());
                writeln!(
                    f,
                    "{name}: {} {} shows {found}, the plan set {}",
                    item.sku,
                    item.kind.as_str(),
                    item.expected
                )?;
            }
        }
        if !self.unmatched.is_empty() {
            let skus: Vec<&str> = self.unmatched.iter().map(|sku| sku.as_str()).collect();
            writeln!(f, "SKUs no channel holds: {}", skus.join(", "))?;
        }
        writeln!(
            f,
            "run {}: {} (exit code {})",
            self.run,
            self.status,
            self.exit_code()
        )
    }
}
