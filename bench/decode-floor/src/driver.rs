//! The subcommands: the server process, a measured client run, and the two comparisons
//! (A/B CPU time, callgrind instruction counts) that start both.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::runtime::Runtime;

use crate::{Scenario, Side, Vendor, cpu, fixtures, server};

fn runtime() -> Result<Runtime, String> {
    // One thread for the client and hyper's connection task alike: every instruction of a
    // request runs inside `measured_loop`, where callgrind counts.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// `decode-floor serve`.
pub fn serve(port: u16) -> Result<(), String> {
    runtime()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| e.to_string())?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        println!("http://{address}");
        server::serve(listener, fixtures())
            .await
            .map_err(|e| e.to_string())
    })
}

/// The requests that are measured: kept in a function of their own so callgrind can count
/// only them (`--toggle-collect=*measured_loop*`), not the warm-up before them.
#[inline(never)]
fn measured_loop(runtime: &Runtime, scenario: &Scenario, requests: u32) -> Result<u64, String> {
    drive(runtime, scenario, requests)
}

/// Requests made before measuring: connection, caches, allocator.
#[inline(never)]
fn warm_up(runtime: &Runtime, scenario: &Scenario, requests: u32) -> Result<u64, String> {
    drive(runtime, scenario, requests)
}

/// Sends `requests` requests one after the other; every answer must decode to the same
/// checksum.
fn drive(runtime: &Runtime, scenario: &Scenario, requests: u32) -> Result<u64, String> {
    runtime.block_on(async {
        let mut checksum = None;
        for _ in 0..requests {
            let this = scenario().await?;
            if *checksum.get_or_insert(this) != this {
                return Err("the same answer decoded to a different checksum".to_owned());
            }
        }
        checksum.ok_or_else(|| "no request was measured".to_owned())
    })
}

/// `decode-floor run`.
pub fn run(
    vendor: Vendor,
    side: Side,
    base_url: &str,
    requests: u32,
    warmup: u32,
) -> Result<(), String> {
    let runtime = runtime()?;
    let scenario = vendor.scenario(side, base_url)?;
    if warmup > 0 {
        warm_up(&runtime, &scenario, warmup)?;
    }
    let before = cpu::process_cpu_time()?;
    let checksum = measured_loop(&runtime, &scenario, requests)?;
    let used = cpu::process_cpu_time()? - before;
    println!(
        "vendor={} side={} checksum={checksum:#018x} requests={requests} cpu_ns={}",
        vendor.name(),
        side.name(),
        used.as_nanos()
    );
    Ok(())
}

/// The server in its own process, killed when this is dropped.
struct ServerProcess {
    child: Child,
    base_url: String,
}

impl ServerProcess {
    fn start() -> Result<Self, String> {
        let mut child = Command::new(current_exe()?)
            .arg("serve")
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting the server: {e}"))?;
        let stdout = child.stdout.take().ok_or("the server has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| format!("reading the server's address: {e}"))?;
        let base_url = line.trim().to_owned();
        if !base_url.starts_with("http://") {
            return Err(format!("the server printed {line:?}, not its address"));
        }
        Ok(Self { child, base_url })
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn current_exe() -> Result<PathBuf, String> {
    std::env::current_exe().map_err(|e| e.to_string())
}

/// What one `run` printed.
struct RunReport {
    checksum: String,
    cpu: Duration,
}

fn parse_report(output: &str) -> Result<RunReport, String> {
    let field = |name: &str| {
        output
            .split_whitespace()
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
            .ok_or_else(|| format!("no {name} in {output:?}"))
    };
    let cpu_ns: u64 = field("cpu_ns")?
        .parse()
        .map_err(|_| format!("cpu_ns in {output:?}"))?;
    Ok(RunReport {
        checksum: field("checksum")?.to_owned(),
        cpu: Duration::from_nanos(cpu_ns),
    })
}

fn run_process(
    server: &ServerProcess,
    vendor: Vendor,
    side: Side,
    requests: u32,
) -> Result<RunReport, String> {
    let output = Command::new(current_exe()?)
        .args(["run", "--vendor", vendor.name(), "--side", side.name()])
        .args(["--base-url", &server.base_url])
        .args(["--requests", &requests.to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "{} {}: {}",
            vendor.name(),
            side.name(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse_report(&String::from_utf8_lossy(&output.stdout))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match (values.get(middle), values.len() % 2) {
        (Some(value), 1) => *value,
        (Some(value), _) => (value + values.get(middle - 1).copied().unwrap_or(*value)) / 2.0,
        (None, _) => f64::NAN,
    }
}

fn chosen(vendor: Option<Vendor>) -> Vec<Vendor> {
    vendor.map_or_else(|| Vendor::ALL.to_vec(), |vendor| vec![vendor])
}

/// `decode-floor ab`.
pub fn ab(vendor: Option<Vendor>, pairs: u32, requests: u32) -> Result<(), String> {
    let server = ServerProcess::start()?;
    for vendor in chosen(vendor) {
        let mut ratios = Vec::new();
        let (mut sdk_times, mut raw_times) = (Vec::new(), Vec::new());
        for pair in 0..pairs {
            // Alternate which side goes first, so neither always runs on a warmer machine.
            let order = if pair.is_multiple_of(2) {
                [Side::Sdk, Side::Raw]
            } else {
                [Side::Raw, Side::Sdk]
            };
            let mut reports = order.map(|side| run_process(&server, vendor, side, requests));
            if order[0] == Side::Raw {
                reports.reverse();
            }
            let [sdk, raw] = reports;
            let (sdk, raw) = (sdk?, raw?);
            if sdk.checksum != raw.checksum {
                return Err(format!(
                    "{}: the SDK decoded {} but the floor {}",
                    vendor.name(),
                    sdk.checksum,
                    raw.checksum
                ));
            }
            let per_request = |cpu: Duration| cpu.as_secs_f64() * 1e6 / f64::from(requests);
            sdk_times.push(per_request(sdk.cpu));
            raw_times.push(per_request(raw.cpu));
            ratios.push(sdk.cpu.as_secs_f64() / raw.cpu.as_secs_f64());
        }
        let (mut low, mut high) = (ratios.clone(), ratios.clone());
        low.sort_by(f64::total_cmp);
        high.sort_by(f64::total_cmp);
        println!(
            "{:<10} {pairs} pairs x {requests} requests: SDK {:.1} us/request, floor {:.1} us/request (medians); A/B median {:.3} (min {:.3}, max {:.3})",
            vendor.name(),
            median(&mut sdk_times),
            median(&mut raw_times),
            median(&mut ratios),
            low.first().copied().unwrap_or(f64::NAN),
            high.last().copied().unwrap_or(f64::NAN),
        );
    }
    Ok(())
}

/// `decode-floor callgrind`.
pub fn callgrind(vendor: Option<Vendor>, requests: u32) -> Result<(), String> {
    let server = ServerProcess::start()?;
    let directory = std::env::temp_dir().join("decode-floor");
    std::fs::create_dir_all(&directory).map_err(|e| e.to_string())?;
    for vendor in chosen(vendor) {
        let mut counts = [0u64; 2];
        for (side, count) in [Side::Sdk, Side::Raw].into_iter().zip(&mut counts) {
            let out = directory.join(format!("callgrind.{}.{}.out", vendor.name(), side.name()));
            let status = Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", out.display()))
                .arg("--collect-atstart=no")
                .arg("--toggle-collect=*measured_loop*")
                .arg(current_exe()?)
                .args(["run", "--vendor", vendor.name(), "--side", side.name()])
                .args(["--base-url", &server.base_url])
                .args(["--requests", &requests.to_string(), "--warmup", "20"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map_err(|e| format!("running valgrind: {e}"))?;
            if !status.success() {
                return Err(format!(
                    "valgrind {} {}: {status}",
                    vendor.name(),
                    side.name()
                ));
            }
            let profile = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
            *count = profile
                .lines()
                .find_map(|line| {
                    line.strip_prefix("summary:")
                        .or(line.strip_prefix("totals:"))
                })
                .and_then(|total| total.split_whitespace().next()?.parse().ok())
                .ok_or_else(|| format!("{}: no instruction total", out.display()))?;
        }
        let [sdk, raw] = counts.map(|count| count / u64::from(requests));
        println!(
            "{:<10} instructions per request: SDK {sdk}, floor {raw}, A/B {:.3}   (profiles in {})",
            vendor.name(),
            sdk as f64 / raw as f64,
            directory.display()
        );
    }
    Ok(())
}

/// `decode-floor check`.
pub fn check() -> Result<(), String> {
    let runtime = runtime()?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
        .map_err(|e| e.to_string())?;
    let base_url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    runtime.spawn(server::serve(listener, fixtures()));
    for vendor in Vendor::ALL {
        let sdk = drive(&runtime, &vendor.scenario(Side::Sdk, &base_url)?, 3)?;
        let raw = drive(&runtime, &vendor.scenario(Side::Raw, &base_url)?, 3)?;
        if sdk != raw {
            return Err(format!(
                "{}: the SDK decoded {sdk:#018x} but the floor {raw:#018x}",
                vendor.name()
            ));
        }
        println!("{:<10} both clients decoded {sdk:#018x}", vendor.name());
    }
    Ok(())
}
