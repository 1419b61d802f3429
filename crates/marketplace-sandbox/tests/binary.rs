//! The `marketplace-sandbox` binary as a script sees it: started as a process, its one JSON line
//! read from stdout, real requests against the fakes it names, then SIGTERM or SIGINT, exit
//! status 0 and its ports free again.

// Test helpers outside `#[test]` functions may unwrap, index and panic like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use marketplace_sandbox::discogs::{DEFAULT_SELLER, DISCOGS_TOKEN};
use marketplace_sandbox::instica::DEFAULT_API_KEY;
use marketplace_sandbox::newegg::{DEFAULT_AUTHORIZATION, DEFAULT_SECRET_KEY, DEFAULT_SELLER_ID};
use serde_json::Value;

/// The binary, killed if a test fails before it has stopped it.
struct Sandbox {
    child: Child,
    stdout: BufReader<std::process::ChildStdout>,
}

impl Sandbox {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marketplace-sandbox"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Self { child, stdout }
    }

    /// The one line `--json` prints, decoded.
    fn json_line(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        assert!(line.ends_with('\n'), "no complete line on stdout: {line:?}");
        serde_json::from_str(&line).unwrap()
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success(), "kill -{signal} failed: {status}");
    }

    /// Waits (at most ten seconds) for the process to end.
    fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the sandbox did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stderr(&mut self) -> String {
        let mut text = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            stderr.read_to_string(&mut text).unwrap();
        }
        text
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn port_of(base_url: &str) -> u16 {
    let url = url::Url::parse(base_url).unwrap();
    assert_eq!(url.host_str(), Some("127.0.0.1"));
    url.port().unwrap()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whether a listener can take the port, which it cannot while the sandbox holds it.
fn is_free(port: u16) -> bool {
    TcpListener::bind(("127.0.0.1", port)).is_ok()
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn all_four_fakes_start_with_demo_data_serve_and_stop_cleanly_on_sigterm() {
    let mut sandbox = Sandbox::start(&["--json"]);
    let document = sandbox.json_line();

    let mut keys: Vec<&str> = document
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["bulk_insert", "discogs", "instica", "newegg"]);
    let discogs = &document["discogs"];
    assert_eq!(discogs["token"], DISCOGS_TOKEN);
    assert_eq!(discogs["username"], DEFAULT_SELLER);
    let newegg = &document["newegg"];
    assert_eq!(newegg["seller_id"], DEFAULT_SELLER_ID);
    assert_eq!(newegg["api_key"], DEFAULT_AUTHORIZATION);
    assert_eq!(newegg["secret_key"], DEFAULT_SECRET_KEY);
    assert_eq!(document["instica"]["api_key"], DEFAULT_API_KEY);
    assert!(
        document["instica"]["base_url"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1")
    );

    // The demo seller's whole inventory (300 listings), with the printed token and username.
    let base_url = discogs["base_url"].as_str().unwrap();
    let inventory: Value = http()
        .get(format!(
            "{base_url}/users/{}/inventory",
            discogs["username"].as_str().unwrap()
        ))
        .header(
            "authorization",
            format!("Discogs token={}", discogs["token"].as_str().unwrap()),
        )
        .header("user-agent", "binary-test/1.0")
        .query(&[("per_page", "5")])
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(inventory["pagination"]["items"].as_u64().unwrap() >= 300);
    let listings = inventory["listings"].as_array().unwrap();
    assert_eq!(listings.len(), 5);
    assert_eq!(listings[0]["seller"]["username"], DEFAULT_SELLER);

    // The bulk-insert fake knows the printed account.
    let bulk = &document["bulk_insert"];
    let site_context = serde_json::json!({
        "account": bulk["account"], "channel": bulk["channel"], "stage": "sandbox",
    });
    let stock: Value = http()
        .post(format!("{}/inventory", bulk["base_url"].as_str().unwrap()))
        .header("x-site-context", site_context.to_string())
        .json(&serde_json::json!({
            "items": [{"itemId": "1000000213", "quantity": 1}],
            "channelId": bulk["channel"],
        }))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stock[0]["itemId"], 1_000_000_213_u64, "{stock}");
    assert_eq!(stock[0]["inStock"], true, "{stock}");

    let ports: Vec<u16> = ["discogs", "newegg", "bulk_insert", "instica"]
        .iter()
        .map(|fake| port_of(document[fake]["base_url"].as_str().unwrap()))
        .collect();
    for port in &ports {
        assert!(!is_free(*port), "port {port} should be held while running");
    }

    sandbox.signal("TERM");
    let status = sandbox.wait();
    assert_eq!(status.code(), Some(0), "{status}: {}", sandbox.stderr());
    for port in ports {
        assert!(
            is_free(port),
            "port {port} still held after the sandbox stopped"
        );
    }
}

#[tokio::test]
async fn one_empty_fake_on_a_chosen_port_stops_on_sigint() {
    let port = free_port();
    let port_text = port.to_string();
    let mut sandbox = Sandbox::start(&[
        "--instica",
        "--empty",
        "--instica-port",
        &port_text,
        "--json",
    ]);
    let document = sandbox.json_line();

    assert_eq!(document.as_object().unwrap().len(), 1, "{document}");
    let instica = &document["instica"];
    let base_url = instica["base_url"].as_str().unwrap();
    assert_eq!(base_url, format!("http://127.0.0.1:{port}/api/v1"));

    let page: Value = http()
        .get(format!("{base_url}/inventory/"))
        .header("x-api-key", instica["api_key"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["count"], 0, "--empty loads no items: {page}");

    sandbox.signal("INT");
    let status = sandbox.wait();
    assert_eq!(status.code(), Some(0), "{status}: {}", sandbox.stderr());
    assert!(is_free(port));
}

#[tokio::test]
async fn the_plain_text_names_each_fake_with_its_url_and_credentials() {
    let mut sandbox = Sandbox::start(&["--newegg", "--discogs"]);
    let mut text = String::new();
    loop {
        let mut line = String::new();
        if sandbox.stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        let last = line.starts_with("Stop with");
        text.push_str(&line);
        if last {
            break;
        }
    }
    assert!(text.contains("2 fakes running, demo data loaded"), "{text}");
    assert!(
        text.contains(&format!("  token        {DISCOGS_TOKEN}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("  seller_id    {DEFAULT_SELLER_ID}\n")),
        "{text}"
    );
    assert!(text.contains("  base_url     http://127.0.0.1:"), "{text}");
    assert!(!text.contains("Instica"), "{text}");
    sandbox.signal("TERM");
    assert_eq!(sandbox.wait().code(), Some(0));
}

#[test]
fn a_taken_port_or_a_port_for_a_fake_not_started_ends_with_status_2() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut sandbox = Sandbox::start(&["--discogs", "--discogs-port", &port, "--json"]);
    let status = sandbox.wait();
    assert_eq!(status.code(), Some(2));
    let mut stdout = String::new();
    sandbox.stdout.read_to_string(&mut stdout).unwrap();
    assert_eq!(stdout, "", "nothing on stdout when a fake did not start");
    let stderr = sandbox.stderr();
    assert!(
        stderr.contains(&format!(
            "Discogs fake did not start: could not listen on 127.0.0.1:{port}"
        )),
        "{stderr}"
    );

    let mut sandbox = Sandbox::start(&["--newegg", "--discogs-port", "8080"]);
    assert_eq!(sandbox.wait().code(), Some(2));
    assert!(
        sandbox
            .stderr()
            .contains("--discogs-port was given but --discogs was not")
    );

    let mut sandbox = Sandbox::start(&["--empty", "--demo-data"]);
    assert_eq!(sandbox.wait().code(), Some(2));
}
