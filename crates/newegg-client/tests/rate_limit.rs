//! Newegg's throttling headers (field notes §2.3): `X-RateLimit-Remaining: 0` pauses the next
//! call until `X-RateLimit-ResetTime`, which Newegg writes in a format it does not document;
//! every date-time of its API is Pacific time (§2.1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use client_core::clock::{Clock, ManualClock};
use common::*;
use inventory_model::Country;
use newegg_client::{Format, ItemInventoryUpdate, RATE_LIMIT_WINDOW};
use wiremock::{MockServer, ResponseTemplate};

/// 2026-12-01T17:00:00Z: 9:00:00 AM Pacific standard time (UTC−8).
const DECEMBER_9AM_PACIFIC: u64 = 1_796_144_400;
/// 2026-07-01T17:00:00Z: 10:00:00 AM Pacific daylight time (UTC−7).
const JULY_10AM_PACIFIC: u64 = 1_782_925_200;

fn update() -> ItemInventoryUpdate {
    ItemInventoryUpdate::seller_part("A006BSP3").warehouse(Country::USA, 107)
}

fn exhausted(reset: &str) -> ResponseTemplate {
    fixtures()
        .answer(200, "update_result.xml", "application/xml")
        .insert_header("X-RateLimit-Limit", "100")
        .insert_header("X-RateLimit-Remaining", "0")
        .insert_header("X-RateLimit-ResetTime", reset)
}

/// Sends two updates with a clock whose wall time starts at `start` (Unix seconds), the
/// first answered with nothing remaining until `reset`; returns what the second one waited
/// and the wall time it was sent at.
async fn wait_after(start: u64, reset: &str) -> (Vec<Duration>, SystemTime) {
    let server = MockServer::start().await;
    inventory_request("POST", Format::Xml)
        .respond_with(exhausted(reset))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    inventory_request("POST", Format::Xml)
        .respond_with(fixtures().answer(200, "update_result.xml", "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_at(UNIX_EPOCH + Duration::from_secs(start));
    let newegg = builder(&server, &clock).build().unwrap();
    newegg.update_inventory(update()).await.unwrap();
    assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    assert_eq!(newegg.rate_limit_status().remaining, Some(0));
    newegg.update_inventory(update()).await.unwrap();
    (clock.sleeps(), clock.wall_time())
}

fn at(unix_seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix_seconds)
}

// field notes §2.3 and §2.1: a Pacific `M/D/YYYY H:MM:SS AM` reset is waited for exactly.
#[tokio::test]
async fn a_pacific_reset_time_pauses_the_next_call_until_that_instant() {
    let (sleeps, sent_at) = wait_after(DECEMBER_9AM_PACIFIC, "12/1/2026 9:00:45 AM").await;
    assert_eq!(sleeps, vec![Duration::from_secs(45)]);
    assert_eq!(sent_at, at(DECEMBER_9AM_PACIFIC + 45));

    // PM on a 12-hour clock: 1:00:30 PM Pacific is 21:00:30 UTC in December.
    let (sleeps, _) = wait_after(DECEMBER_9AM_PACIFIC + 4 * 3600, "12/1/2026 1:00:30 PM").await;
    assert_eq!(sleeps, vec![Duration::from_secs(30)]);
}

// field notes §2.1: Pacific time follows daylight saving; in July it is UTC−7.
#[tokio::test]
async fn a_summer_reset_time_is_read_as_pacific_daylight_time() {
    let (sleeps, sent_at) = wait_after(JULY_10AM_PACIFIC, "7/1/2026 10:00:40 AM").await;
    assert_eq!(sleeps, vec![Duration::from_secs(40)]);
    assert_eq!(sent_at, at(JULY_10AM_PACIFIC + 40));

    // ISO 8601 without an offset is a Pacific local time too.
    let (sleeps, _) = wait_after(JULY_10AM_PACIFIC, "2026-07-01T10:00:20").await;
    assert_eq!(sleeps, vec![Duration::from_secs(20)]);
}

// field notes §2.3: "Parse leniently … and fall back to a fixed wait". The fixed wait is one
// whole window of the headers, one minute (`RATE_LIMIT_WINDOW`).
#[tokio::test]
async fn an_unreadable_reset_time_falls_back_to_one_minute() {
    assert_eq!(RATE_LIMIT_WINDOW, Duration::from_secs(60));
    for reset in ["soon", "13/45/2026 9:00:00 AM", ""] {
        let (sleeps, _) = wait_after(DECEMBER_9AM_PACIFIC, reset).await;
        assert_eq!(sleeps, vec![RATE_LIMIT_WINDOW], "{reset:?}");
    }
}

// field notes §2.3: the window resets at the reset time, so a reset already past costs nothing.
#[tokio::test]
async fn a_reset_time_already_past_costs_no_wait() {
    let (sleeps, _) = wait_after(DECEMBER_9AM_PACIFIC, "12/1/2026 8:59:00 AM").await;
    assert!(sleeps.is_empty(), "{sleeps:?}");
}
