//! The Lua scripts, and how the pacer calls them.
//!
//! Each script reads the Redis server's clock (`TIME`) unless a test injects the time, so
//! that the workers' own clocks never need to agree.

use std::sync::LazyLock;
use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{RedisResult, Script};

use crate::scope::Keys;

/// Checks every window and books in all of them, or says how long until there is room.
pub(crate) static ACQUIRE: LazyLock<Script> =
    LazyLock::new(|| Script::new(include_str!("lua/acquire.lua")));
/// Moves a booking to the server's now once its answer has arrived.
pub(crate) static SETTLE: LazyLock<Script> =
    LazyLock::new(|| Script::new(include_str!("lua/settle.lua")));
/// Sets the shared pause, keeping a longer one.
pub(crate) static COOLDOWN: LazyLock<Script> =
    LazyLock::new(|| Script::new(include_str!("lua/cooldown.lua")));
/// Hands Redis a worker's recent bookings.
pub(crate) static IMPORT: LazyLock<Script> =
    LazyLock::new(|| Script::new(include_str!("lua/import.lua")));

/// One window as the scripts see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WindowArgs {
    pub(crate) limit: u32,
    /// How long a booking counts: the window plus the send margin.
    pub(crate) span: Duration,
}

/// What the acquire script answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Acquired {
    /// Booked under this id.
    Booked,
    /// No room for this long; nothing booked.
    Wait(Duration),
    /// The worker's recent bookings must be imported first.
    ImportFirst,
}

pub(crate) fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

pub(crate) async fn acquire(
    connection: &mut ConnectionManager,
    keys: &Keys,
    windows: &[WindowArgs],
    worker: &str,
    booking: &str,
) -> RedisResult<Acquired> {
    let mut call = ACQUIRE.prepare_invoke();
    call.key(keys.cooldown()).key(keys.workers());
    for key in keys.windows() {
        call.key(key);
    }
    call.arg("").arg(booking).arg(worker);
    for window in windows {
        call.arg(window.limit).arg(micros(window.span));
    }
    let (kind, wait, _id): (i64, i64, String) = call.invoke_async(connection).await?;
    Ok(match kind {
        1 => Acquired::Booked,
        2 => Acquired::ImportFirst,
        _ => Acquired::Wait(Duration::from_micros(
            u64::try_from(wait).unwrap_or(0).max(1),
        )),
    })
}

pub(crate) async fn settle(
    connection: &mut ConnectionManager,
    keys: &Keys,
    windows: &[WindowArgs],
    booking: &str,
) -> RedisResult<()> {
    let mut call = SETTLE.prepare_invoke();
    for key in keys.windows() {
        call.key(key);
    }
    call.arg("").arg(booking);
    for window in windows {
        call.arg(micros(window.span));
    }
    let _: i64 = call.invoke_async(connection).await?;
    Ok(())
}

pub(crate) async fn cooldown(
    connection: &mut ConnectionManager,
    keys: &Keys,
    wait: Duration,
) -> RedisResult<()> {
    let mut call = COOLDOWN.prepare_invoke();
    call.key(keys.cooldown()).arg("").arg(micros(wait).max(1));
    let _: i64 = call.invoke_async(connection).await?;
    Ok(())
}

/// `recent` holds pairs of booking id and age.
pub(crate) async fn import(
    connection: &mut ConnectionManager,
    keys: &Keys,
    windows: &[WindowArgs],
    worker: &str,
    recent: &[(String, Duration)],
) -> RedisResult<()> {
    let mut call = IMPORT.prepare_invoke();
    call.key(keys.workers());
    for key in keys.windows() {
        call.key(key);
    }
    call.arg("").arg(worker);
    for window in windows {
        call.arg(micros(window.span));
    }
    for (booking, age) in recent {
        call.arg(booking.as_str()).arg(micros(*age));
    }
    let _: i64 = call.invoke_async(connection).await?;
    Ok(())
}
