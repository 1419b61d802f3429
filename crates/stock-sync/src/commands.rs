//! The four commands.

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use inventory_sync::{
    ApplyOptions, ChannelSet, DesiredState, HistoryEntry, HistoryQuery, Journal, Plan, PlanOptions,
    RunId, RunReport,
};

use crate::args::{Cli, Command, PlanFlags, RunFlags};
use crate::progress::Bars;
use crate::{ChannelSource, Console};

type BoxError = Box<dyn Error + Send + Sync>;

/// The journal's path when neither `--journal` nor `STOCK_SYNC_JOURNAL` names one.
const DEFAULT_JOURNAL: &str = "stock-sync.sqlite";

pub(crate) async fn run(
    cli: Cli,
    source: &dyn ChannelSource,
    console: &mut Console<'_>,
) -> Result<u8, BoxError> {
    let journal = cli
        .journal
        .clone()
        .or_else(|| std::env::var_os("STOCK_SYNC_JOURNAL").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_JOURNAL));
    let bars = Bars::new(console.progress && !cli.json);
    let json = cli.json;
    match cli.command {
        Command::Plan { desired, out } => {
            let channels = source.channels().await?;
            let plan = make_plan(&desired.file, &desired.options, &channels, &bars).await?;
            if json {
                writeln!(console.out, "{}", plan.to_json())?;
            } else {
                write!(console.out, "{plan}")?;
            }
            if let Some(path) = out {
                std::fs::write(&path, plan.to_json())
                    .map_err(|error| format!("{}: cannot be written: {error}", path.display()))?;
                writeln!(console.err, "plan written to {}", path.display())?;
            }
            Ok(plan_code(&plan))
        }
        Command::Apply {
            file,
            plan,
            options,
            yes,
            run,
        } => {
            let channels = with_batch_sizes(source.channels().await?, &run)?;
            let plan = match (file, plan) {
                (Some(file), _) => make_plan(&file, &options, &channels, &bars).await?,
                (None, Some(path)) => read_plan(&path)?,
                (None, None) => return Err("give a desired state or --plan FILE".into()),
            };
            if !json {
                write!(console.out, "{plan}")?;
            }
            if !plan.is_empty() && !yes && !confirm(&plan, console)? {
                writeln!(console.err, "not applied")?;
                return Ok(1);
            }
            let journal = Journal::open(&journal)?;
            let report =
                inventory_sync::apply(&plan, &channels, &journal, apply_options(&run), &|step| {
                    bars.update(step)
                })
                .await?;
            bars.finish();
            write_report(console, json, Some(&plan), &report)?;
            Ok(report.exit_code())
        }
        Command::Resume { run, flags } => {
            let journal = open_existing(&journal)?;
            let run = match run {
                Some(run) => run,
                None => match journal.resumable()?.last() {
                    Some(run) => *run,
                    None => {
                        writeln!(console.err, "no interrupted run to resume")?;
                        return Ok(0);
                    }
                },
            };
            writeln!(console.err, "resuming run {run}")?;
            let channels = with_batch_sizes(source.channels().await?, &flags)?;
            let report =
                inventory_sync::resume(run, &channels, &journal, apply_options(&flags), &|step| {
                    bars.update(step)
                })
                .await?;
            bars.finish();
            write_report(console, json, None, &report)?;
            Ok(report.exit_code())
        }
        Command::History {
            run,
            channel,
            sku,
            since,
            changed,
            limit,
        } => {
            let journal = open_existing(&journal)?;
            let mut query = HistoryQuery::new().limit(limit);
            if let Some(run) = run {
                query = query.run(run);
            }
            if let Some(channel) = channel {
                query = query.channel(channel);
            }
            if let Some(sku) = sku {
                query = query.sku(sku);
            }
            if let Some(since) = since {
                query = query.since(since);
            }
            if changed {
                query = query.changed_only();
            }
            let entries = journal.history(&query)?;
            if json {
                writeln!(console.out, "{}", serde_json::to_string_pretty(&entries)?)?;
            } else {
                write_history(console.out, &entries)?;
            }
            Ok(0)
        }
    }
}

async fn make_plan(
    file: &Path,
    flags: &PlanFlags,
    channels: &ChannelSet,
    bars: &Bars,
) -> Result<Plan, BoxError> {
    let desired = DesiredState::from_path(file)?;
    let options = PlanOptions::default()
        .push_missing(flags.push_missing)
        .zero_unlisted(flags.zero_unlisted);
    let spinner = bars.spinner(format!("reading {} channel(s)", channels.len()));
    let plan = inventory_sync::plan(&desired, channels, options).await;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    Ok(plan?)
}

fn read_plan(path: &Path) -> Result<Plan, BoxError> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("{}: cannot be read: {error}", path.display()))?;
    Plan::from_json(&text)
        .map_err(|error| format!("{}:{}: not a plan: {error}", path.display(), error.line()).into())
}

/// A plan's exit code: 2 when a channel could not be read, 1 when updates are refused.
fn plan_code(plan: &Plan) -> u8 {
    if plan
        .channels
        .iter()
        .any(|channel| channel.read_error.is_some())
    {
        2
    } else if plan.refused_count() > 0 {
        1
    } else {
        0
    }
}

fn with_batch_sizes(mut channels: ChannelSet, flags: &RunFlags) -> Result<ChannelSet, BoxError> {
    for (channel, size) in &flags.batch_size {
        match channel {
            Some(name) => channels.set_batch_size(name, *size)?,
            None => {
                let names: Vec<String> = channels.names().into_iter().map(str::to_owned).collect();
                for name in names {
                    channels.set_batch_size(&name, *size)?;
                }
            }
        }
    }
    Ok(channels)
}

fn apply_options(flags: &RunFlags) -> ApplyOptions {
    ApplyOptions::default().verify(!flags.no_verify)
}

fn open_existing(path: &Path) -> Result<Journal, BoxError> {
    if !path.exists() {
        return Err(format!("no journal at {} (see --journal)", path.display()).into());
    }
    Ok(Journal::open(path)?)
}

/// Asks on standard error whether to apply; yes only for `y` or `yes`.
fn confirm(plan: &Plan, console: &mut Console<'_>) -> Result<bool, BoxError> {
    let channels: Vec<&str> = plan
        .channels
        .iter()
        .filter(|channel| channel.sendable().next().is_some())
        .map(|channel| channel.channel.as_str())
        .collect();
    write!(
        console.err,
        "apply {} update(s) to {}? [y/N] ",
        plan.sendable_count(),
        channels.join(", ")
    )?;
    console.err.flush()?;
    let mut answer = String::new();
    console.input.read_line(&mut answer)?;
    let answer = answer.trim().to_ascii_lowercase();
    Ok(answer == "y" || answer == "yes")
}

fn write_report(
    console: &mut Console<'_>,
    json: bool,
    plan: Option<&Plan>,
    report: &RunReport,
) -> Result<(), BoxError> {
    if json {
        let value = match plan {
            Some(plan) => serde_json::json!({ "plan": plan, "report": report }),
            None => serde_json::json!({ "report": report }),
        };
        writeln!(console.out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(console.out)?;
        write!(console.out, "{report}")?;
        writeln!(
            console.out,
            "journal: run {}; `stock-sync history --run {}` lists every item",
            report.run, report.run
        )?;
    }
    Ok(())
}

fn write_history(out: &mut dyn Write, entries: &[HistoryEntry]) -> Result<(), BoxError> {
    if entries.is_empty() {
        writeln!(out, "no entries")?;
        return Ok(());
    }
    let headers = [
        "run",
        "planned",
        "channel",
        "sku",
        "kind",
        "warehouse",
        "before",
        "after",
        "outcome",
        "reason",
    ];
    let rows: Vec<[String; 10]> = entries
        .iter()
        .map(|entry| {
            let state = serde_json::to_value(entry.state)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default();
            let mut reason = entry.reason.clone().unwrap_or_default();
            if let Some(code) = &entry.code {
                reason = format!("{reason} [{code}]");
            }
            [
                RunId::to_string(&entry.run),
                entry.planned_at.clone(),
                entry.channel.clone(),
                entry.sku.clone(),
                entry.kind.clone(),
                entry.warehouse.clone().unwrap_or_default(),
                entry.before.clone().unwrap_or_else(|| "-".to_owned()),
                entry.after.clone(),
                state,
                reason,
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header_row = headers.map(str::to_owned);
    for row in std::iter::once(&header_row).chain(&rows) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            line.push_str(&" ".repeat(width.saturating_sub(cell.chars().count())));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
