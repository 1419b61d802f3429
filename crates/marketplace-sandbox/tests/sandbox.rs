//! The shared handle, the same for every fake: start, URLs, `Debug`, and a reset that restores
//! the state the fake started with and clears the request log, the fault switches and the rate
//! window. One table, one row per fake.

// Test helpers outside `#[test]` functions may unwrap and index like the tests do.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::time::Duration;

use marketplace_sandbox::bulk_insert::{BulkInsertSandbox, BulkInsertSandboxBuilder, Location};
use marketplace_sandbox::discogs::{
    DEFAULT_SELLER, DiscogsListing, DiscogsSandbox, DiscogsSandboxBuilder,
};
use marketplace_sandbox::instica::{
    INSTICA_TOKEN, InsticaItem, InsticaSandbox, InsticaSandboxBuilder,
};
use marketplace_sandbox::newegg::{
    DEFAULT_SELLER_ID, NeweggItem, NeweggSandbox, NeweggSandboxBuilder,
};
use marketplace_sandbox::{Fake, RateLimit, Sandbox};
use rust_decimal::Decimal;

/// One row of the table: how to read the size of the fake's state, how to change it, and a
/// request that counts against the fake's rate window.
struct Row<F: Fake> {
    name: &'static str,
    sandbox: Sandbox<F>,
    size: fn(&Sandbox<F>) -> usize,
    seed: fn(&Sandbox<F>),
    request: fn(&Sandbox<F>) -> reqwest::RequestBuilder,
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// Every fake here is started with a window of one request a minute, so the second request
/// shows whether the window is full.
async fn reset_restores_everything<F: Fake>(row: Row<F>) {
    let Row {
        name,
        sandbox,
        size,
        seed,
        request,
    } = row;
    assert!(
        format!("{sandbox:?}").starts_with(name),
        "{name}: {sandbox:?}"
    );
    assert!(
        format!("{sandbox:?}").contains(sandbox.base_url()),
        "{name}"
    );
    assert!(sandbox.base_url().starts_with(sandbox.origin()), "{name}");

    let started_with = size(&sandbox);
    seed(&sandbox);
    assert_ne!(
        size(&sandbox),
        started_with,
        "{name}: the seed changed nothing"
    );
    let first = request(&sandbox).send().await.unwrap();
    assert_ne!(first.status(), 429, "{name}: the first request was refused");
    let second = request(&sandbox).send().await.unwrap();
    assert_eq!(
        second.status(),
        429,
        "{name}: the window of one did not fill"
    );
    sandbox.faults().fail_next(2, 503);
    sandbox.faults().cut_next_bodies(1);
    sandbox.faults().delay_responses(Duration::from_secs(30));
    assert_eq!(sandbox.request_log().len(), 2, "{name}");

    sandbox.reset();

    assert_eq!(
        size(&sandbox),
        started_with,
        "{name}: the state was not restored"
    );
    assert!(sandbox.request_log().is_empty(), "{name}: the log was kept");
    assert_eq!(sandbox.faults().pending_failures(), 0, "{name}");
    // Neither refused (the window is empty), failed (no injected failure), cut short nor held
    // back past the client's five-second timeout (no delay).
    let after = request(&sandbox).send().await.unwrap();
    let status = after.status();
    after.bytes().await.unwrap();
    assert!(status != 429 && status != 503, "{name}: {status}");
    assert_eq!(sandbox.request_log().len(), 1, "{name}");
}

#[tokio::test]
async fn reset_restores_the_state_and_clears_log_faults_and_rate_window_of_every_fake() {
    let per_minute = RateLimit::per_minute(1);
    let discogs: DiscogsSandboxBuilder = DiscogsSandbox::builder();
    reset_restores_everything(Row {
        name: "DiscogsSandbox",
        sandbox: discogs
            .rate_limits(per_minute, per_minute)
            .start()
            .await
            .unwrap(),
        size: |sandbox| sandbox.listings(DEFAULT_SELLER).len(),
        seed: |sandbox| {
            sandbox.seed_listing(DiscogsListing::new(DEFAULT_SELLER, 1, Decimal::TEN));
        },
        request: |sandbox| {
            http().get(format!(
                "{}/users/{DEFAULT_SELLER}/inventory",
                sandbox.base_url()
            ))
        },
    })
    .await;

    let newegg: NeweggSandboxBuilder = NeweggSandbox::builder();
    reset_restores_everything(Row {
        name: "NeweggSandbox",
        sandbox: newegg.rate_limit(per_minute).start().await.unwrap(),
        size: |sandbox| sandbox.items().len(),
        seed: |sandbox| sandbox.seed_item(NeweggItem::new("9SIA0060ZZ0001", "A006-NEW")),
        request: |sandbox| http().put(sandbox.inventory_url(DEFAULT_SELLER_ID)),
    })
    .await;

    let bulk: BulkInsertSandboxBuilder = BulkInsertSandbox::builder();
    reset_restores_everything(Row {
        name: "BulkInsertSandbox",
        sandbox: bulk.rate_limit(per_minute).start().await.unwrap(),
        size: |sandbox| sandbox.locations().len(),
        seed: |sandbox| sandbox.seed_location(Location::new(900, "Overflow")),
        request: |sandbox| {
            http()
                .get(format!("{}/inventory/location/900", sandbox.base_url()))
                .header("x-site-context", sandbox.site_context())
        },
    })
    .await;

    let instica: InsticaSandboxBuilder = InsticaSandbox::builder();
    reset_restores_everything(Row {
        name: "InsticaSandbox",
        sandbox: instica.rate_limit(per_minute).start().await.unwrap(),
        size: |sandbox| sandbox.items().len(),
        seed: |sandbox| {
            sandbox.seed_item(InsticaItem::new("Blue Train"));
        },
        request: |sandbox| {
            http()
                .get(format!("{}/inventory/", sandbox.base_url()))
                .bearer_auth(INSTICA_TOKEN)
        },
    })
    .await;
}

#[tokio::test]
async fn start_with_demo_data_is_the_builder_with_demo_data() {
    let started = NeweggSandbox::start_with_demo_data().await.unwrap();
    let built = NeweggSandbox::builder().demo_data().start().await.unwrap();
    assert_eq!(started.items(), built.items());
    assert!(!started.items().is_empty());
    assert!(NeweggSandbox::start().await.unwrap().items().is_empty());
    let builder = DiscogsSandbox::builder().demo_data();
    assert!(format!("{builder:?}").starts_with("DiscogsSandboxBuilder"));
}

/// A free loopback port: the system picks one, and it is let go again at once.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn a_fake_listens_on_the_port_it_is_given_and_a_taken_port_is_an_error() {
    let port = free_port();
    let discogs = DiscogsSandbox::builder()
        .demo_data()
        .port(port)
        .start()
        .await
        .unwrap();
    assert_eq!(discogs.base_url(), format!("http://127.0.0.1:{port}"));
    let answer = http()
        .get(format!(
            "http://127.0.0.1:{port}/users/{DEFAULT_SELLER}/inventory"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);

    let second = BulkInsertSandbox::builder().port(port).start().await;
    match second {
        Err(marketplace_sandbox::SandboxError::Port { port: refused, .. }) => {
            assert_eq!(refused, port);
        }
        other => panic!("a second fake on a taken port must fail, got {other:?}"),
    }

    // Port 0 is "any free port", as when none is set.
    let any = InsticaSandbox::builder().port(0).start().await.unwrap();
    assert_ne!(any.origin(), discogs.origin());
}

#[tokio::test]
async fn the_port_is_free_again_once_the_fake_is_dropped() {
    let port = free_port();
    let newegg = NeweggSandbox::builder().port(port).start().await.unwrap();
    drop(newegg);
    // The relay's listener closes when its task is aborted, which the runtime does on its
    // next turn; give it a few.
    let mut bound = None;
    for _ in 0..50 {
        match std::net::TcpListener::bind(("127.0.0.1", port)) {
            Ok(listener) => {
                bound = Some(listener);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    assert!(bound.is_some(), "port {port} still taken after the drop");
}
