//! Bounded memory for any answer, measured as the growth of this process's peak resident set
//! (`VmHWM`). In a test binary of its own, so no other test's allocations blur the figure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::sync::Arc;

use client_core::clock::ManualClock;
use client_core::{ConfigureEngine, DEFAULT_MAX_BODY, EngineBuilder, Error, Request, Route};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The peak resident set of this process so far, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Serves every connection with `head` and then, when `endless`, chunks of a JSON-looking
/// body without end.
async fn serve(head: &'static str, endless: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                let _ = socket.write_all(head.as_bytes()).await;
                let chunk = format!("{:x}\r\n{}\r\n", 65_536, "7".repeat(65_536));
                while endless && socket.write_all(chunk.as_bytes()).await.is_ok() {}
            });
        }
    });
    url
}

#[tokio::test]
async fn endless_and_huge_answers_cost_at_most_the_cap() {
    let endless = serve(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        true,
    )
    .await;
    let huge = serve(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648\r\n\r\n[",
        false,
    )
    .await;
    let before = peak_rss_kib();
    for url in [endless, huge] {
        let engine = EngineBuilder::new(url)
            .clock(Arc::new(ManualClock::new()))
            .build()
            .unwrap();
        let error = engine
            .execute(Request::get(Route::new("/page").finish().unwrap()))
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::BodyTooLarge {
                    limit: DEFAULT_MAX_BODY,
                    ..
                }
            ),
            "{error:?}"
        );
    }
    let grown_mib = peak_rss_kib().saturating_sub(before) / 1024;
    println!(
        "peak RSS grew by {grown_mib} MiB with a {} MiB cap",
        DEFAULT_MAX_BODY >> 20
    );
    assert!(grown_mib < 64, "peak RSS grew by {grown_mib} MiB");
}
