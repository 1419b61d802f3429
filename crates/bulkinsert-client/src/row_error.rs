//! Row errors the service reports in its messages, read into structured data.
//!
//! The service names a failed row in plain text, for example
//! `Inventory insert failed: Row 1: Cannot find "Location Id" 999.` The parser here pulls the
//! row number, the field and the value out of such text. It never fails on other text: what it
//! cannot read it leaves out, and the caller still has the whole message.

use std::fmt;

/// One row the service refused, as read from its message.
///
/// ```
/// use bulkinsert_client::RowError;
///
/// let error = RowError::parse(r#"Inventory insert failed: Row 1: Cannot find "Location Id" 999."#)
///     .expect("the documented message names a row");
/// assert_eq!(error.row(), 1);
/// assert_eq!(error.field(), Some("Location Id"));
/// assert_eq!(error.value(), Some("999"));
/// assert_eq!(error.detail(), r#"Cannot find "Location Id" 999."#);
/// // Row 1 is the first record of the request.
/// assert_eq!(error.record_index(), Some(0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowError {
    row: u64,
    field: Option<String>,
    value: Option<String>,
    detail: String,
}

impl RowError {
    /// The first row error named in `message`, if any.
    #[must_use]
    pub fn parse(message: &str) -> Option<RowError> {
        Self::parse_all(message).into_iter().next()
    }

    /// Every row error named in `message`, in the order they appear (none for text that names
    /// no row). A row's detail runs up to the next `Row N:` marker.
    #[must_use]
    pub fn parse_all(message: &str) -> Vec<RowError> {
        let markers = row_markers(message);
        let mut errors = Vec::with_capacity(markers.len());
        for (position, marker) in markers.iter().enumerate() {
            let end = markers
                .get(position + 1)
                .map_or(message.len(), |next| next.start);
            let detail = message
                .get(marker.detail_start..end)
                .unwrap_or_default()
                .trim()
                .trim_end_matches([';', ','])
                .trim();
            let (field, value) = field_and_value(detail);
            errors.push(RowError {
                row: marker.row,
                field,
                value,
                detail: detail.to_owned(),
            });
        }
        errors
    }

    /// The row number as the service counts it: 1 is the first record of the request.
    #[must_use]
    pub fn row(&self) -> u64 {
        self.row
    }

    /// The field the service names in quotes (such as `Location Id`), when it names one.
    #[must_use]
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The offending value that follows the field (such as `999`), when there is one.
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// What the service said about this row, after `Row N:`.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The position of the record within the request that was sent (0-based), or `None` for
    /// row 0, which names no record.
    #[must_use]
    pub fn record_index(&self) -> Option<usize> {
        self.row
            .checked_sub(1)
            .and_then(|index| usize::try_from(index).ok())
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.detail)
    }
}

struct Marker {
    start: usize,
    detail_start: usize,
    row: u64,
}

/// Finds every `Row <digits>:` (any case, not inside a longer word such as `Arrow 3:`).
fn row_markers(message: &str) -> Vec<Marker> {
    // ASCII lower-casing keeps every byte offset, so offsets found in `folded` fit `message`.
    let folded = message.to_ascii_lowercase();
    let mut markers = Vec::new();
    for (start, _) in folded.match_indices("row ") {
        let inside_word = folded
            .get(..start)
            .and_then(|before| before.chars().next_back())
            .is_some_and(char::is_alphanumeric);
        if inside_word {
            continue;
        }
        let after = start + "row ".len();
        let Some(rest) = folded.get(after..) else {
            continue;
        };
        let digits_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (Some(digits), Some(tail)) = (rest.get(..digits_len), rest.get(digits_len..)) else {
            continue;
        };
        if digits.is_empty() || !tail.starts_with(':') {
            continue;
        }
        let Ok(row) = digits.parse::<u64>() else {
            continue;
        };
        markers.push(Marker {
            start,
            detail_start: after + digits_len + 1,
            row,
        });
    }
    markers
}

/// Reads `… "Field Name" value.` into the quoted field and the text after it.
fn field_and_value(detail: &str) -> (Option<String>, Option<String>) {
    let Some((_, after_open)) = detail.split_once('"') else {
        return (None, None);
    };
    let Some((field, after_close)) = after_open.split_once('"') else {
        return (None, None);
    };
    let field = field.trim();
    let value = after_close.trim().trim_end_matches('.').trim();
    let field = (!field.is_empty()).then(|| field.to_owned());
    let value = (!value.is_empty()).then(|| value.to_owned());
    (field, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_message() {
        let errors = RowError::parse_all(
            r#"Inventory insert failed: Row 1: Cannot find "Location Id" 999."#,
        );
        assert_eq!(
            errors,
            vec![RowError {
                row: 1,
                field: Some("Location Id".into()),
                value: Some("999".into()),
                detail: r#"Cannot find "Location Id" 999."#.into(),
            }]
        );
        assert_eq!(
            errors[0].to_string(),
            r#"row 1: Cannot find "Location Id" 999."#
        );
    }

    #[test]
    fn several_rows_split_at_each_marker() {
        let errors = RowError::parse_all(
            r#"Inventory insert failed: Row 2: Cannot find "Location Id" 7; row 15: Cannot find "Channel Id" 99."#,
        );
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].row(), 2);
        assert_eq!(errors[0].value(), Some("7"));
        assert_eq!(errors[0].detail(), r#"Cannot find "Location Id" 7"#);
        assert_eq!(errors[1].row(), 15);
        assert_eq!(errors[1].field(), Some("Channel Id"));
        assert_eq!(errors[1].record_index(), Some(14));
    }

    #[test]
    fn text_without_a_row_or_field_is_kept_as_far_as_it_goes() {
        assert!(RowError::parse("Missing x-api-key").is_none());
        assert!(RowError::parse("Arrow 3: not a row").is_none());
        assert!(RowError::parse("Row x: no number").is_none());
        assert!(RowError::parse("Row 99999999999999999999999: too big").is_none());
        let plain = RowError::parse("Row 3: quantity must be positive").unwrap();
        assert_eq!(plain.row(), 3);
        assert_eq!(plain.field(), None);
        assert_eq!(plain.value(), None);
        let unclosed = RowError::parse(r#"Row 4: Cannot find "Location"#).unwrap();
        assert_eq!(unclosed.field(), None);
        let row_zero = RowError::parse("Row 0: header").unwrap();
        assert_eq!(row_zero.record_index(), None);
    }
}
