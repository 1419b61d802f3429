//! What the Redis tests share: the Redis to use, private key prefixes, a loopback server that
//! enforces a moving window, worker processes, and a private `redis-server`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::collections::{HashMap, VecDeque};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// The Redis the tests use: `REDIS_URL`, or the one on loopback.
pub fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// A key prefix no other test (or parallel run) uses.
pub fn unique_prefix(test: &str) -> String {
    format!(
        "rlr-test:{test}:{}-{:016x}",
        std::process::id(),
        client_core::clock::random_u64()
    )
}

/// Keys under `prefix` in the Redis at `url`.
pub fn keys_under(url: &str, prefix: &str) -> Vec<String> {
    let client = redis::Client::open(url).unwrap();
    let mut connection = client.get_connection().unwrap();
    let mut keys = Vec::new();
    let mut cursor: u64 = 0;
    loop {
        let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{prefix}:*"))
            .arg("COUNT")
            .arg(1_000)
            .query(&mut connection)
            .unwrap();
        keys.extend(batch);
        if next == 0 {
            return keys;
        }
        cursor = next;
    }
}

/// Deletes every key under `prefix` (tests leave nothing behind).
pub fn clean(url: &str, prefix: &str) {
    let keys = keys_under(url, prefix);
    if keys.is_empty() {
        return;
    }
    let client = redis::Client::open(url).unwrap();
    let mut connection = client.get_connection().unwrap();
    let _: i64 = redis::cmd("DEL").arg(&keys).query(&mut connection).unwrap();
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub at: Instant,
    pub worker: String,
    pub status: u16,
}

/// Decides the answer (status and template) to the n-th request (0-based) when the window
/// does not refuse it; `None` admits it.
pub type Script = Box<dyn Fn(usize) -> Option<(u16, ResponseTemplate)> + Send + Sync>;

/// A loopback server that admits at most `limit` requests in any moving `window` and answers
/// 429 beyond it (refused requests do not count), recording every arrival.
pub struct StrictServer {
    pub server: MockServer,
    pub arrivals: Arc<Mutex<Vec<Arrival>>>,
}

struct Strict {
    limit: usize,
    window: Duration,
    admitted: Mutex<VecDeque<Instant>>,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    script: Option<Script>,
}

impl Respond for Strict {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let worker = request
            .headers
            .get("user-agent")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .trim_start_matches("pacer-worker/")
            .to_owned();
        let mut arrivals = self.arrivals.lock().unwrap();
        // Timed under the lock, so arrivals are in the order of their times.
        let now = Instant::now();
        let n = arrivals.len();
        let mut admitted = self.admitted.lock().unwrap();
        while admitted
            .front()
            .is_some_and(|at| now.duration_since(*at) >= self.window)
        {
            admitted.pop_front();
        }
        let (status, template) = if admitted.len() >= self.limit {
            (
                429,
                ResponseTemplate::new(429).insert_header("retry-after", "1"),
            )
        } else if let Some(answer) = self.script.as_ref().and_then(|script| script(n)) {
            answer
        } else {
            admitted.push_back(now);
            (200, ResponseTemplate::new(200))
        };
        arrivals.push(Arrival {
            at: now,
            worker,
            status,
        });
        template
    }
}

impl StrictServer {
    pub async fn start(limit: usize, window: Duration, script: Option<Script>) -> Self {
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Strict {
                limit,
                window,
                admitted: Mutex::new(VecDeque::new()),
                arrivals: Arc::clone(&arrivals),
                script,
            })
            .mount(&server)
            .await;
        Self { server, arrivals }
    }

    pub fn arrivals(&self) -> Vec<Arrival> {
        self.arrivals.lock().unwrap().clone()
    }
}

/// What one worker process printed.
#[derive(Debug, Clone)]
pub struct WorkerResult(pub HashMap<String, String>);

impl WorkerResult {
    pub fn number(&self, name: &str) -> u64 {
        self.0
            .get(name)
            .and_then(|value| value.parse().ok())
            .unwrap_or_else(|| panic!("no `{name}` in {:?}", self.0))
    }
}

/// Runs `workers` worker processes at once with `args` (plus `--tag w<i>`), all starting at
/// the same instant, and waits for their results.
pub async fn run_workers(workers: usize, args: &[String]) -> Vec<WorkerResult> {
    let start_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        + Duration::from_millis(700);
    let children: Vec<_> = (0..workers)
        .map(|i| {
            tokio::process::Command::new(env!("CARGO_BIN_EXE_pacer-worker"))
                .args(args)
                .args(["--tag", &format!("w{i}")])
                .args(["--start-at-ms", &start_at.as_millis().to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .kill_on_drop(true)
                .spawn()
                .expect("the pacer-worker binary starts")
        })
        .collect();
    let mut results = Vec::new();
    for child in children {
        let output = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
            .await
            .expect("a worker finished within 120 s")
            .unwrap();
        assert!(output.status.success(), "a worker failed: {output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .find(|line| line.starts_with("result "))
            .unwrap_or_else(|| panic!("no result line in {stdout:?}"));
        results.push(WorkerResult(
            line.split_whitespace()
                .skip(1)
                .filter_map(|pair| pair.split_once('='))
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
        ));
    }
    results
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A `redis-server` of the test's own, keeping nothing on disk; killed when dropped.
pub struct PrivateRedis {
    pub port: u16,
    child: Option<Child>,
}

impl PrivateRedis {
    pub fn start(port: u16) -> Self {
        let mut redis = Self { port, child: None };
        redis.restart();
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Starts the server (again) on its port and waits until it answers.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "already running");
        let binary = std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".to_owned());
        let child = Command::new(binary)
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts (install Debian's redis-server package)");
        self.child = Some(child);
        let client = redis::Client::open(self.url()).unwrap();
        let started = Instant::now();
        loop {
            if let Ok(mut connection) = client.get_connection()
                && redis::cmd("PING").query::<String>(&mut connection).is_ok()
            {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the private redis-server did not answer within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the server at once (SIGKILL: no goodbye to its clients).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}
