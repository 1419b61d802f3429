//! Query-string values from typed fields.
//!
//! A request builder keeps its filters typed (an open enum, a number, a date) and hands them
//! to [`Request::query`](crate::Request::query) or
//! [`Request::query_opt`](crate::Request::query_opt) as they are; this trait says how each
//! type is spelled on the wire, once.

use std::borrow::Cow;

use inventory_model::{Country, Currency, Decimal, Sku};

/// How a value is written in a query string.
///
/// ```
/// use client_core::{QueryValue, Request, Route};
///
/// let request = Request::get(Route::new("/orders").finish()?)
///     .query("page", 2u64)
///     .query_opt("archived", Some(false))
///     .query_opt::<&str>("sort", None);
/// assert_eq!(
///     request.query_pairs(),
///     [("page".to_owned(), "2".to_owned()), ("archived".to_owned(), "false".to_owned())]
/// );
/// assert_eq!(true.query_value(), "true");
/// # Ok::<(), client_core::path::PathError>(())
/// ```
pub trait QueryValue {
    /// The value as the query string carries it (before percent-encoding).
    fn query_value(&self) -> Cow<'_, str>;
}

impl QueryValue for str {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryValue for String {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryValue for Cow<'_, str> {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn query_value(&self) -> Cow<'_, str> {
        (**self).query_value()
    }
}

impl QueryValue for bool {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_query_values {
    ($($type:ty),+ $(,)?) => {
        $(
            impl QueryValue for $type {
                fn query_value(&self) -> Cow<'_, str> {
                    Cow::Owned(self.to_string())
                }
            }
        )+
    };
}

display_query_values!(u8, u16, u32, u64, usize, i32, i64, Decimal);

impl QueryValue for Sku {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl QueryValue for Currency {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.code())
    }
}

impl QueryValue for Country {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl QueryValue for time::Date {
    /// `YYYY-MM-DD`.
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Owned(crate::timestamp::write_date(*self))
    }
}

impl QueryValue for time::OffsetDateTime {
    /// RFC 3339, e.g. `2026-11-05T09:30:00Z`.
    fn query_value(&self) -> Cow<'_, str> {
        let text = self
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        Cow::Owned(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_are_spelled_once() {
        assert_eq!(42u32.query_value(), "42");
        assert_eq!(Decimal::new(1250, 2).query_value(), "12.50");
        assert_eq!(Currency::Jpy.query_value(), "JPY");
        assert_eq!(Country::USA.query_value(), "USA");
        let date = time::macros::date!(2026 - 03 - 07);
        assert_eq!(date.query_value(), "2026-03-07");
        let at = time::macros::datetime!(2026-03-07 09:30 UTC);
        assert_eq!(at.query_value(), "2026-03-07T09:30:00Z");
        assert_eq!(Sku::new("LP-1").unwrap().query_value(), "LP-1");
    }
}
