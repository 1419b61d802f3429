//! The row-error parser reads what it can and never panics, whatever the text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use bulkinsert_client::RowError;
use proptest::prelude::*;

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let errors = RowError::parse_all(&text);
        prop_assert_eq!(RowError::parse(&text), errors.first().cloned());
    }

    #[test]
    fn text_made_of_row_like_pieces_never_panics(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("Row ".to_owned()), Just("row".to_owned()), Just(":".to_owned()),
                Just("\"".to_owned()), Just(".".to_owned()), Just("é".to_owned()),
                "[0-9]{1,25}", any::<String>(),
            ],
            0..12,
        )
    ) {
        let text = pieces.concat();
        for error in RowError::parse_all(&text) {
            prop_assert!(text.contains(error.detail()));
        }
    }

    #[test]
    fn the_service_format_reads_back(
        row in 1u64..1_000_000,
        field in "[A-Za-z][A-Za-z ]{0,20}[A-Za-z]",
        value in "[A-Za-z0-9-]{1,12}",
    ) {
        let message = format!("Inventory insert failed: Row {row}: Cannot find \"{field}\" {value}.");
        let error = RowError::parse(&message).unwrap();
        prop_assert_eq!(error.row(), row);
        prop_assert_eq!(error.field(), Some(field.as_str()));
        prop_assert_eq!(error.value(), Some(value.as_str()));
    }
}
