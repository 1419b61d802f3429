//! Credentials in traces: in a test binary of its own, because `tracing` caches per call site
//! whether anyone listens, and a test running beside it on another thread without a
//! subscriber can make that cache say "no one" while this test's subscriber is installed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use client_core::clock::{ManualClock, NoJitter};
use client_core::{
    ClientError, ConfigureEngine, EngineBuilder, HeaderAuth, Request, Route, Secret,
};
use wiremock::matchers::header;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn route(template: &'static str) -> Route {
    Route::new(template).finish().unwrap()
}

#[tokio::test]
async fn secrets_stay_out_of_debug_errors_and_traces() {
    use std::io::Write;
    use std::sync::Mutex;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer top-secret-token"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let mut builder = EngineBuilder::new(server.uri())
        .clock(Arc::new(clock.clone()))
        .jitter(Arc::new(NoJitter));
    builder.set_authenticator(Some(Arc::new(HeaderAuth::new().with(
        "authorization",
        "Bearer ",
        Secret::new("top-secret-token"),
    ))));
    assert!(!format!("{builder:?}").contains("top-secret-token"));
    let engine = builder.build().unwrap();
    assert!(!format!("{engine:?}").contains("top-secret-token"));
    let error = engine
        .execute(Request::get(route("/private")))
        .await
        .unwrap_err();
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(503),
        "the header was sent"
    );
    assert!(!format!("{error:?}").contains("top-secret-token"));
    assert!(!error.to_string().contains("top-secret-token"));
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("retrying"), "traces were captured: {logs}");
    assert!(!logs.contains("top-secret-token"));
    // The span's fields follow the OpenTelemetry HTTP client conventions.
    for field in [
        "http.request.method=GET",
        "url.template=\"/private\"",
        "server.address=\"127.0.0.1\"",
        "http.request.resend_count=0",
        "http.request.resend_count=1",
        "http.response.status_code=503",
        "error.type=\"503\"",
    ] {
        assert!(
            logs.contains(field),
            "`{field}` is not in the traces: {logs}"
        );
    }
    // The status is recorded once per attempt: each event line carries it at most once.
    for line in logs.lines() {
        assert!(
            line.matches("http.response.status_code=").count() <= 1,
            "status recorded twice: {line}"
        );
    }
}
