//! The `x-site-context` header every request carries: which tenant, environment and sales
//! channel it is for, and when it was made.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use client_core::timestamp::write_date;
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::BulkInsertError;
use client_core::open_enum;

open_enum! {
    /// The environment a request is for (`stage` in `x-site-context`).
    ///
    /// Environments other than the two below are written with [`Stage::from`], such as
    /// `Stage::from("staging")`, and sent as given.
    pub enum Stage {
        /// The test environment, `sandbox`.
        Sandbox => "sandbox",
        /// The live environment, `production`.
        Production => "production",
    }
}

/// A sales channel id (`channel` in `x-site-context`, `channelId` in records).
///
/// ```
/// use bulkinsert_client::ChannelId;
///
/// assert_eq!(ChannelId::US.get(), 12);
/// assert_eq!(ChannelId::new(13), ChannelId::CANADA);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ChannelId(u32);

impl ChannelId {
    /// The United States sales channel, 12.
    pub const US: ChannelId = ChannelId(12);
    /// The Canadian sales channel, 13.
    pub const CANADA: ChannelId = ChannelId(13);

    /// The channel with this id.
    #[must_use]
    pub const fn new(id: u32) -> ChannelId {
        ChannelId(id)
    }

    /// The id.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Who a request is for: the tenant's account id, the environment and the sales channel.
///
/// The client adds the time of each request and sends the four as the JSON text of the
/// `x-site-context` header: `{"date":"2020-08-28T02:35:27.787Z","channel":12,"account":"…",
/// "stage":"sandbox"}`. The header is always valid JSON with exactly these four keys, the
/// account a JSON string, the channel a number and the date ISO 8601 in UTC, whatever the
/// vendor page's sample shows (its `"account": 5f493c9f30ec2a0007a94fc8"` lacks the opening
/// quote; field notes §3).
///
/// The account is the 24-character identifier from Copilot, 24 hexadecimal digits such as
/// `5f493c9f30ec2a0007a94fc8` (field notes §3); anything else is refused here, before any
/// request can carry it.
///
/// ```
/// use bulkinsert_client::{ChannelId, SiteContext, Stage};
///
/// let site = SiteContext::new("5f493c9f30ec2a0007a94fc8", Stage::Sandbox, ChannelId::US)?;
/// assert_eq!(site.account(), "5f493c9f30ec2a0007a94fc8");
/// assert!(SiteContext::new("", Stage::Sandbox, ChannelId::US).is_err());
/// # Ok::<(), bulkinsert_client::BulkInsertError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteContext {
    account: String,
    stage: Stage,
    channel: ChannelId,
}

impl SiteContext {
    /// Checks and keeps the account id, environment and channel.
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] naming `account` when the account id is not 24
    /// hexadecimal digits, or naming `stage` when the stage is empty or holds anything but
    /// printable ASCII without spaces (it travels inside an HTTP header).
    pub fn new(
        account: impl Into<String>,
        stage: Stage,
        channel: ChannelId,
    ) -> Result<SiteContext, BulkInsertError> {
        let account = account.into();
        // 24 hex digits also fit a header: no blank, no quote, nothing outside ASCII.
        check_account(&account)?;
        check_header_word("stage", stage.as_str())?;
        Ok(SiteContext {
            account,
            stage,
            channel,
        })
    }

    /// The tenant's account id.
    #[must_use]
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The environment.
    #[must_use]
    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    /// The sales channel.
    #[must_use]
    pub fn channel(&self) -> ChannelId {
        self.channel
    }

    /// The header's JSON text for a request made at `at`, with the time in UTC to the
    /// millisecond (`2020-08-28T02:35:27.787Z`).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use bulkinsert_client::{ChannelId, SiteContext, Stage};
    ///
    /// let site = SiteContext::new("5f493c9f30ec2a0007a94fc8", Stage::Sandbox, ChannelId::US)?;
    /// let at = UNIX_EPOCH + Duration::from_millis(1_598_582_127_787);
    /// assert_eq!(
    ///     site.header_json(at)?,
    ///     r#"{"date":"2020-08-28T02:35:27.787Z","channel":12,"account":"5f493c9f30ec2a0007a94fc8","stage":"sandbox"}"#
    /// );
    /// # Ok::<(), bulkinsert_client::BulkInsertError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`BulkInsertError::InvalidInput`] for a time outside the years 1 to 9999.
    pub fn header_json(&self, at: SystemTime) -> Result<String, BulkInsertError> {
        let header = Header {
            date: timestamp(at)?,
            channel: self.channel,
            account: &self.account,
            stage: self.stage.as_str(),
        };
        serde_json::to_string(&header).map_err(|error| {
            BulkInsertError::invalid("x-site-context", format!("cannot be written: {error}"))
        })
    }
}

/// The header's fields, in the order the service documents them.
#[derive(Serialize)]
struct Header<'a> {
    date: String,
    channel: ChannelId,
    account: &'a str,
    stage: &'a str,
}

/// The length of an account id: the "24 character identifier" of the vendor page.
const ACCOUNT_ID_LENGTH: usize = 24;

/// Account ids are 24 hexadecimal digits, like the vendor's `5f493c9f30ec2a0007a94fc8` and
/// every `_id` its answers carry (field notes §3). The fabric page's own placeholder,
/// `1234abcd5678efgh9ijklmno`, is 24 characters but not hexadecimal: it is refused too (the
/// safe reading: an id the service cannot know costs a bare 500 per request otherwise).
fn check_account(account: &str) -> Result<(), BulkInsertError> {
    if account.len() != ACCOUNT_ID_LENGTH || !account.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(BulkInsertError::invalid(
            "account",
            format!(
                "must be the {ACCOUNT_ID_LENGTH}-character hexadecimal account id from Copilot \
                 (such as 5f493c9f30ec2a0007a94fc8), got `{account}`"
            ),
        ));
    }
    Ok(())
}

fn check_header_word(field: &str, value: &str) -> Result<(), BulkInsertError> {
    if value.is_empty() {
        return Err(BulkInsertError::invalid(field, "must not be empty"));
    }
    if !value.chars().all(|c| c.is_ascii_graphic()) {
        return Err(BulkInsertError::invalid(
            field,
            "must be printable ASCII without spaces (it is sent in an HTTP header)",
        ));
    }
    Ok(())
}

fn timestamp(at: SystemTime) -> Result<String, BulkInsertError> {
    let nanos = match at.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_nanos()).ok(),
        Err(before) => i128::try_from(before.duration().as_nanos())
            .ok()
            .map(|nanos| -nanos),
    };
    let out_of_range =
        || BulkInsertError::invalid("date", "the clock's time is outside the years 1 to 9999");
    let moment = nanos
        .and_then(|nanos| OffsetDateTime::from_unix_timestamp_nanos(nanos).ok())
        .ok_or_else(out_of_range)?;
    // `[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z`, written by hand
    // (the date by `client_core::timestamp::write_date`); the tests hold it to `time`'s
    // formatter.
    Ok(format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        write_date(moment.date()),
        moment.hour(),
        moment.minute(),
        moment.second(),
        moment.millisecond()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_milliseconds() {
        assert_eq!(timestamp(UNIX_EPOCH).unwrap(), "1970-01-01T00:00:00.000Z");
        let at = UNIX_EPOCH + Duration::from_nanos(1_604_355_970_096_999_999);
        assert_eq!(timestamp(at).unwrap(), "2020-11-02T22:26:10.096Z");
        assert_eq!(
            timestamp(UNIX_EPOCH - Duration::from_secs(86_400)).unwrap(),
            "1969-12-31T00:00:00.000Z"
        );
        assert!(timestamp(UNIX_EPOCH + Duration::from_secs(400_000_000_000)).is_err());
    }

    proptest::proptest! {
        /// The hand-written timestamp is what `time`'s formatter writes for the same moment.
        #[test]
        fn timestamps_are_written_as_time_writes_them(
            nanos in -62_135_596_800_000_000_000i128..253_402_300_800_000_000_000,
        ) {
            let moment = OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap();
            let magnitude = nanos.unsigned_abs();
            let span = Duration::new(
                u64::try_from(magnitude / 1_000_000_000).unwrap(),
                u32::try_from(magnitude % 1_000_000_000).unwrap(),
            );
            let at = if nanos < 0 { UNIX_EPOCH - span } else { UNIX_EPOCH + span };
            let format = time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
            );
            proptest::prop_assert_eq!(timestamp(at).unwrap(), moment.format(format).unwrap());
        }
    }

    const ACCOUNT: &str = "5f493c9f30ec2a0007a94fc8";

    #[test]
    fn account_and_stage_must_fit_a_header() {
        for bad in ["", "acc ount", "cafè", "a\nb"] {
            let error = SiteContext::new(bad, Stage::Sandbox, ChannelId::US).unwrap_err();
            assert!(error.to_string().contains("account"), "{error}");
        }
        let error = SiteContext::new(ACCOUNT, Stage::from("pre prod"), ChannelId::US).unwrap_err();
        assert!(error.to_string().contains("stage"), "{error}");
        let custom = SiteContext::new(ACCOUNT, Stage::from("staging"), ChannelId::CANADA).unwrap();
        assert_eq!(custom.stage(), &Stage::Unknown("staging".into()));
        assert_eq!(Stage::from("production"), Stage::Production);
    }

    // field notes §3: the account is the 24-character id from Copilot, hexadecimal.
    #[test]
    fn the_account_is_twenty_four_hex_digits() {
        for good in [
            ACCOUNT,
            "5F493C9F30EC2A0007A94FC8",
            "000000000000000000000000",
        ] {
            assert!(
                SiteContext::new(good, Stage::Sandbox, ChannelId::US).is_ok(),
                "{good}"
            );
        }
        for bad in [
            "a1",
            "5f493c9f30ec2a0007a94fc",
            "5f493c9f30ec2a0007a94fc8a",
            "1234abcd5678efgh9ijklmno",
            "5f493c9f30ec2a0007a94fc8 ",
            "\"5f493c9f30ec2a0007a94fc8",
        ] {
            match SiteContext::new(bad, Stage::Sandbox, ChannelId::US) {
                Err(BulkInsertError::InvalidInput(refusal)) => {
                    assert_eq!(refusal.field, "account", "{bad}");
                }
                other => panic!("{bad}: expected a refusal of account, got {other:?}"),
            }
        }
    }
}
