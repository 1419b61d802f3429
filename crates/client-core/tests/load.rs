//! Pacing under CPU load: a server that enforces 20 requests per moving 2 s window sees no
//! more than that from four clones of one client while three busy loops load both cores, and
//! the client still uses at least 95% of the budget. In a test binary of its own: it takes
//! about 20 s of wall time and loads the machine.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client_core::rate_limit::RateLimitPolicy;
use client_core::{ConfigureEngine, EngineBuilder, Request, RetryPolicy, Route};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const LIMIT: usize = 20;
const WINDOW: Duration = Duration::from_secs(2);
const REQUESTS: usize = 200;
const CLONES: usize = 4;

/// Counts arrivals in the last moving window and refuses any beyond the limit.
struct StrictServer {
    arrivals: Arc<Mutex<Vec<Instant>>>,
    window: Mutex<VecDeque<Instant>>,
    refused: Arc<Mutex<usize>>,
}

impl Respond for StrictServer {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let now = Instant::now();
        let mut window = self.window.lock().unwrap();
        while window
            .front()
            .is_some_and(|at| now.duration_since(*at) >= WINDOW)
        {
            window.pop_front();
        }
        if window.len() >= LIMIT {
            *self.refused.lock().unwrap() += 1;
            return ResponseTemplate::new(429).insert_header("retry-after", "1");
        }
        window.push_back(now);
        self.arrivals.lock().unwrap().push(now);
        ResponseTemplate::new(200)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loaded_cpu_does_not_turn_correct_pacing_into_429s() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let refused = Arc::new(Mutex::new(0));
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(StrictServer {
            arrivals: Arc::clone(&arrivals),
            window: Mutex::new(VecDeque::new()),
            refused: Arc::clone(&refused),
        })
        .mount(&server)
        .await;

    let stop = Arc::new(AtomicBool::new(false));
    let busy: Vec<_> = (0..3)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut spins = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    spins = spins.wrapping_add(1);
                    std::hint::spin_loop();
                }
                spins
            })
        })
        .collect();

    let engine = EngineBuilder::new(server.uri())
        .rate_limit(RateLimitPolicy::per_window(LIMIT as u32, WINDOW))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let route = Route::new("/ping").finish().unwrap();
    let workers: Vec<_> = (0..CLONES)
        .map(|_| {
            let engine = engine.clone();
            let route = route.clone();
            tokio::spawn(async move {
                for _ in 0..REQUESTS / CLONES {
                    engine.execute(Request::get(route.clone())).await.unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    for thread in busy {
        thread.join().unwrap();
    }

    let arrivals = arrivals.lock().unwrap().clone();
    let refused = *refused.lock().unwrap();
    let span = *arrivals.last().unwrap() - arrivals[0];
    // The budget over the run: the whole span plus the last window the final burst opens.
    let rate = arrivals.len() as f64 / (span + WINDOW).as_secs_f64();
    let limit = LIMIT as f64 / WINDOW.as_secs_f64();
    println!(
        "{} requests in {:.2} s, {refused} answered 429, {:.2} a second = {:.1}% of the limit",
        arrivals.len(),
        span.as_secs_f64(),
        rate,
        100.0 * rate / limit
    );
    assert_eq!(refused, 0, "the server had to refuse");
    assert_eq!(arrivals.len(), REQUESTS);
    assert!(
        rate >= 0.95 * limit,
        "{rate:.2}/s is below 95% of {limit}/s"
    );
}
