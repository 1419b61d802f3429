//! CPU time of this process, to the nanosecond.
//!
//! `getrusage` would need `unsafe` (or a crate for one call), and `/proc/self/stat` counts in
//! 10 ms ticks, too coarse for runs of a second. The scheduler's own account of each thread,
//! `se.sum_exec_runtime` in `/proc/self/task/*/sched` (milliseconds with six decimals), is
//! exact and costs nothing while the measured loop runs.

use std::fs;
use std::time::Duration;

/// The CPU time every live thread of this process has used so far.
pub fn process_cpu_time() -> Result<Duration, String> {
    let mut total = Duration::ZERO;
    let tasks = fs::read_dir("/proc/self/task").map_err(|e| format!("/proc/self/task: {e}"))?;
    for task in tasks {
        let task = task.map_err(|e| format!("/proc/self/task: {e}"))?;
        let path = task.path().join("sched");
        // A thread may end between the listing and the read; it no longer counts then.
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        total += sum_exec_runtime(&text)
            .ok_or_else(|| format!("{}: no se.sum_exec_runtime line", path.display()))?;
    }
    Ok(total)
}

fn sum_exec_runtime(sched: &str) -> Option<Duration> {
    let line = sched
        .lines()
        .find(|line| line.starts_with("se.sum_exec_runtime"))?;
    let millis = line.rsplit(':').next()?.trim();
    let (whole, fraction) = millis.split_once('.').unwrap_or((millis, "0"));
    let whole: u64 = whole.parse().ok()?;
    let mut nanos_text = fraction.to_owned();
    nanos_text.truncate(6);
    while nanos_text.len() < 6 {
        nanos_text.push('0');
    }
    let nanos: u64 = nanos_text.parse().ok()?;
    Some(Duration::from_millis(whole) + Duration::from_nanos(nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_schedulers_milliseconds() {
        let sched = "se.exec_start : 1.0\nse.sum_exec_runtime                          :           640.441000\n";
        assert_eq!(
            sum_exec_runtime(sched),
            Some(Duration::from_micros(640_441))
        );
        assert_eq!(sum_exec_runtime("se.vruntime : 3.0"), None);
    }

    #[test]
    fn this_process_has_used_some_cpu() {
        let before = process_cpu_time().unwrap();
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(process_cpu_time().unwrap() > before);
    }
}
