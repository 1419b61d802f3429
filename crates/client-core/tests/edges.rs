//! The engine's promises tried the way a hostile or broken server would: redirects to another
//! origin, endless and trickling bodies, HTML where JSON belongs, a 429 asking for days.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client_core::clock::{ManualClock, NoJitter};
use client_core::{
    ClientError, ConfigureEngine, EngineBuilder, Error, HeaderAuth, HttpEngine, Request,
    RetryPolicy, Route, Secret, TransportKind,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "sk-live-4f9e2c7d1b";

fn route(template: &'static str) -> Route {
    Route::new(template).finish().unwrap()
}

fn builder(base: &str) -> EngineBuilder {
    let mut builder = EngineBuilder::new(base)
        .clock(Arc::new(ManualClock::new()))
        .jitter(Arc::new(NoJitter));
    builder.set_authenticator(Some(Arc::new(
        HeaderAuth::new()
            .with("x-api-key", "", Secret::new(SECRET))
            .with("authorization", "Bearer ", Secret::new(SECRET)),
    )));
    builder
}

/// A loopback server that records every request head it receives and answers each with the
/// response `answer` builds from it.
struct RawServer {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    async fn start(answer: impl Fn(&str) -> Vec<u8> + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&heads);
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let seen = Arc::clone(&seen);
                let answer = Arc::clone(&answer);
                tokio::spawn(async move {
                    let head = read_head(&mut socket).await;
                    seen.lock().unwrap().push(head.clone());
                    let _ = socket.write_all(&answer(&head)).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self { url, heads }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

async fn read_head(socket: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match socket.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

#[tokio::test]
async fn no_redirect_carries_a_credential_to_another_origin() {
    let elsewhere = RawServer::start(|_| {
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: application/json\r\n\r\n{}".to_vec()
    })
    .await;
    // The second server is not blind: a client that follows redirects does leak to it.
    let target = format!("{}/collect", elsewhere.url);
    let leaky_origin = RawServer::start({
        let target = target.clone();
        move |_| {
            format!(
                "HTTP/1.1 307 Temporary Redirect\r\nlocation: {target}\r\ncontent-length: 0\r\n\r\n"
            )
            .into_bytes()
        }
    })
    .await;
    let leaky = reqwest::Client::new();
    leaky
        .get(format!("{}/private", leaky_origin.url))
        .header("x-api-key", SECRET)
        .send()
        .await
        .unwrap();
    assert!(
        elsewhere.heads().iter().any(|head| head.contains(SECRET)),
        "a plain reqwest client hands the key to the redirect target"
    );
    let before = elsewhere.heads().len();

    for status in [301u16, 302, 307, 308] {
        let origin = RawServer::start({
            let target = target.clone();
            move |_| {
                format!(
                    "HTTP/1.1 {status} Moved\r\nlocation: {target}\r\ncontent-length: 0\r\n\r\n"
                )
                .into_bytes()
            }
        })
        .await;
        let own = builder(&origin.url).build().unwrap();
        let preset = builder(&origin.url)
            .http_client(client_core::http_client_builder().build().unwrap())
            .build()
            .unwrap();
        for engine in [own, preset] {
            let error = engine
                .execute(Request::get(route("/private")))
                .await
                .unwrap_err();
            match &error {
                Error::Redirect {
                    status: got,
                    location,
                    ..
                } => {
                    assert_eq!(got.as_u16(), status);
                    assert_eq!(location.as_deref(), Some(target.as_str()));
                }
                other => panic!("{status}: {other:?}"),
            }
            assert!(!error.is_retryable());
        }
        let heads = origin.heads();
        assert_eq!(heads.len(), 2, "one attempt each, no retry of a redirect");
        assert!(
            heads.iter().all(|head| head.contains(SECRET)),
            "the origin got the key"
        );
        assert!(
            heads
                .iter()
                .all(|head| !head.to_ascii_lowercase().contains("referer"))
        );
    }
    assert_eq!(
        elsewhere.heads().len(),
        before,
        "nothing reached the other origin"
    );
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_and_never_retried() {
    let declared = RawServer::start(|_| {
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648\r\n\r\n{"
            .to_vec()
    })
    .await;
    let started = Instant::now();
    let error = builder(&declared.url)
        .build()
        .unwrap()
        .execute(Request::get(route("/huge")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                declared: Some(2_147_483_648),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refused before reading"
    );
    assert_eq!(declared.heads().len(), 1, "not retried");

    let chunked = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 64 * 1024]))
        .expect(1)
        .mount(&chunked)
        .await;
    let error = builder(&chunked.uri())
        .max_body_size(16 * 1024)
        .build()
        .unwrap()
        .execute(Request::get(route("/big")))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 16_384, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn html_where_json_belongs_is_named_for_what_it_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<html><body>Sign in to the hotel Wi-Fi</body></html>",
            "text/html; charset=utf-8",
        ))
        .mount(&server)
        .await;
    let response = builder(&server.uri())
        .build()
        .unwrap()
        .execute(Request::get(route("/listings")))
        .await
        .unwrap();
    let error = response.json::<serde_json::Value>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "GET /listings: expected json, got text/html; charset=utf-8"
    );
    assert!(error.raw_body().unwrap().contains("hotel Wi-Fi"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn a_429_asking_for_days_fails_this_call_and_the_next_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "999999"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let engine = builder(&server.uri())
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let first = engine.execute(Request::get(route("/a"))).await.unwrap_err();
    assert_eq!(first.status().map(|s| s.as_u16()), Some(429));
    let second = engine
        .clone()
        .execute(Request::get(route("/b")))
        .await
        .unwrap_err();
    assert!(
        matches!(second, Error::Deadline { attempts: 0, .. }),
        "{second:?}"
    );
    assert!(
        clock.sleeps().is_empty(),
        "nobody waited for the pause: {:?}",
        clock.sleeps()
    );
    server.verify().await;
}

/// A server that sends its body in `chunks` pieces, `gap` apart, and stalls for `stall`
/// after the first piece.
async fn trickling(chunks: usize, gap: Duration, stall: Duration) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let head = read_head(&mut socket).await;
            seen.lock().unwrap().push(head);
            let length = chunks * 10;
            let _ = socket
                .write_all(format!("HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: {length}\r\n\r\n").as_bytes())
                .await;
            for index in 0..chunks {
                if index == 1 {
                    tokio::time::sleep(stall).await;
                }
                if socket.write_all(b"123456789\n").await.is_err() {
                    break;
                }
                tokio::time::sleep(gap).await;
            }
        }
    });
    RawServer { url, heads }
}

fn streaming_engine(base: &str) -> HttpEngine {
    builder(base)
        .timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(250))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_download_that_keeps_coming_outlives_the_attempt_timeout() {
    let server = trickling(12, Duration::from_millis(60), Duration::ZERO).await;
    let started = Instant::now();
    let download = streaming_engine(&server.url)
        .execute_streaming(Request::get(route("/export.csv")))
        .await
        .unwrap();
    let body = download.bytes().await.unwrap();
    assert_eq!(body.len(), 120);
    assert!(
        started.elapsed() > Duration::from_millis(600),
        "it took longer than the 300 ms attempt timeout: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_download_that_stalls_ends_on_the_idle_timeout() {
    let server = trickling(3, Duration::from_millis(10), Duration::from_secs(3)).await;
    let started = Instant::now();
    let mut download = streaming_engine(&server.url)
        .execute_streaming(Request::get(route("/export.csv")))
        .await
        .unwrap();
    let mut received = 0;
    let error = loop {
        match download.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => panic!("the body ended after {received} bytes"),
            Err(error) => break error,
        }
    };
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(received, 10);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_endless_error_body_costs_what_an_error_keeps() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                read_head(&mut socket).await;
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n",
                    )
                    .await;
                let chunk = format!("{:x}\r\n{}\r\n", 4096, "e".repeat(4096));
                while socket.write_all(chunk.as_bytes()).await.is_ok() {}
            });
        }
    });
    let started = Instant::now();
    let error = builder(&url)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
        .execute(Request::get(route("/broken")))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(
        error.raw_body().unwrap().len(),
        client_core::error::MAX_KEPT_BODY
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// A loopback server that answers every request with a chunked 200 whose body is `chunks`,
/// each flushed apart, so that the client reads them one by one.
async fn chunked_server(chunks: Vec<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let chunks = chunks.clone();
            tokio::spawn(async move {
                read_head(&mut socket).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\
                            transfer-encoding: chunked\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                for chunk in chunks {
                    let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                    let _ = socket.write_all(framed.as_bytes()).await;
                    let _ = socket.flush().await;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    url
}

#[tokio::test]
async fn a_body_in_several_chunks_is_read_whole_and_held_to_the_limit_as_it_grows() {
    let parts = vec!["first,", "second,", "third"];
    let url = chunked_server(parts.clone()).await;
    let response = builder(&url)
        .build()
        .unwrap()
        .execute(Request::get(route("/parts")))
        .await
        .unwrap();
    assert_eq!(response.text().unwrap(), parts.concat());
    assert_eq!(response.header("transfer-encoding"), Some("chunked"));

    let refused_under = |limit: usize| {
        let engine = builder(&url)
            .max_body_size(limit)
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        async move {
            engine
                .execute(Request::get(route("/parts")))
                .await
                .unwrap_err()
        }
    };
    // No declared length: the second chunk takes the body past the limit; with a smaller
    // limit, the first chunk alone does.
    for limit in [10, 3] {
        let error = refused_under(limit).await;
        assert!(
            matches!(error, Error::BodyTooLarge { limit: refused, declared: None, .. } if refused == limit),
            "{error:?}"
        );
    }
}
