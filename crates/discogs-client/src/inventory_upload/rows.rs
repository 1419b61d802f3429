//! Typed rows of the three upload kinds, their rules, and the CSV files written from them.

use std::collections::HashMap;

use inventory_model::Currency;
use rust_decimal::Decimal;

use crate::condition::MediaCondition;
use crate::error::DiscogsError;
use crate::listing_fields::{ListingFields, listing_field_setters};
use crate::rules::{check_decimals, check_media, check_price, check_sleeve, check_text};

/// One column of an upload file, with the lower-case name Discogs expects in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Column {
    ListingId,
    ReleaseId,
    Price,
    MediaCondition,
    SleeveCondition,
    Comments,
    AcceptOffer,
    Location,
    ExternalId,
    Weight,
    FormatQuantity,
}

impl Column {
    /// Every column, in the order they appear in a header.
    const ALL: [Column; 11] = [
        Column::ListingId,
        Column::ReleaseId,
        Column::Price,
        Column::MediaCondition,
        Column::SleeveCondition,
        Column::Comments,
        Column::AcceptOffer,
        Column::Location,
        Column::ExternalId,
        Column::Weight,
        Column::FormatQuantity,
    ];

    pub(crate) const fn name(self) -> &'static str {
        match self {
            Column::ListingId => "listing_id",
            Column::ReleaseId => "release_id",
            Column::Price => "price",
            Column::MediaCondition => "media_condition",
            Column::SleeveCondition => "sleeve_condition",
            Column::Comments => "comments",
            Column::AcceptOffer => "accept_offer",
            Column::Location => "location",
            Column::ExternalId => "external_id",
            Column::Weight => "weight",
            Column::FormatQuantity => "format_quantity",
        }
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of columns, as a bit mask (there are only eleven).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Columns(u16);

impl Columns {
    fn with(self, column: Column, present: bool) -> Self {
        if present {
            Columns(self.0 | column.bit())
        } else {
            self
        }
    }

    pub(crate) fn union(self, other: Columns) -> Self {
        Columns(self.0 | other.0)
    }

    pub(crate) fn contains(self, column: Column) -> bool {
        self.0 & column.bit() != 0
    }

    /// The columns in header order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Column> {
        Column::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

/// A listing to create with an `add` upload.
///
/// `release_id`, `price` and `media_condition` are required; everything else is optional and
/// its column is left out of the file when no row of that file uses it. Prices are in the
/// currency of the seller's marketplace settings; a price with more decimals than that currency
/// allows is refused before sending (see
/// [`InventoryUpload::currency`](crate::inventory_upload::InventoryUpload::currency)).
///
/// ```
/// use discogs_client::inventory_upload::AddRow;
/// use discogs_client::{MediaCondition, SleeveCondition};
/// use rust_decimal::Decimal;
///
/// let row = AddRow::new(123, Decimal::new(150, 2), MediaCondition::Mint)
///     .sleeve_condition(SleeveCondition::Generic)
///     .comments("Signed, with \"inner\" sleeve")
///     .accept_offer(true);
/// assert_eq!(row.release_id, 123);
/// assert_eq!(row.fields.offers, Some(true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddRow {
    /// The Discogs release the item is a copy of.
    pub release_id: u64,
    /// The price, in the seller's marketplace currency; must be greater than zero.
    pub price: Decimal,
    /// The condition of the record; one of the eight grades.
    pub media_condition: MediaCondition,
    /// The optional fields, in whole grams and counts.
    pub fields: ListingFields<u32>,
}

impl AddRow {
    /// A row with the three required fields.
    pub fn new(
        release_id: u64,
        price: Decimal,
        media_condition: impl Into<MediaCondition>,
    ) -> Self {
        Self {
            release_id,
            price,
            media_condition: media_condition.into(),
            fields: ListingFields::default(),
        }
    }

    listing_field_setters!(offers: accept_offer, count: u32);
}

/// New values for an existing listing, sent with a `change` upload.
///
/// The listing is named by `listing_id`; only the fields that are set are written. Rows that
/// set different fields go to different files, so that a blank cell never stands for "leave as
/// it is" in one row and "clear" in another.
///
/// ```
/// use discogs_client::inventory_upload::ChangeRow;
/// use rust_decimal::Decimal;
///
/// let row = ChangeRow::new(172723812).price(Decimal::new(2499, 2));
/// assert_eq!(row.price, Some(Decimal::new(2499, 2)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChangeRow {
    /// The listing to change.
    pub listing_id: u64,
    /// A new release for the listing.
    pub release_id: Option<u64>,
    /// A new price, in the seller's marketplace currency; greater than zero.
    pub price: Option<Decimal>,
    /// A new record condition.
    pub media_condition: Option<MediaCondition>,
    /// New values of the optional fields, in whole grams and counts.
    pub fields: ListingFields<u32>,
}

impl ChangeRow {
    /// A row for `listing_id` that changes nothing yet.
    pub fn new(listing_id: u64) -> Self {
        Self {
            listing_id,
            release_id: None,
            price: None,
            media_condition: None,
            fields: ListingFields::default(),
        }
    }

    /// Sets a new release.
    #[must_use]
    pub fn release_id(mut self, release_id: u64) -> Self {
        self.release_id = Some(release_id);
        self
    }

    /// Sets a new price.
    #[must_use]
    pub fn price(mut self, price: Decimal) -> Self {
        self.price = Some(price);
        self
    }

    /// Sets a new record condition.
    #[must_use]
    pub fn media_condition(mut self, condition: impl Into<MediaCondition>) -> Self {
        self.media_condition = Some(condition.into());
        self
    }

    listing_field_setters!(offers: accept_offer, count: u32);
}

/// A listing to remove with a `delete` upload.
///
/// ```
/// use discogs_client::inventory_upload::DeleteRow;
///
/// let rows: Vec<DeleteRow> = [12345678, 98765432].into_iter().map(DeleteRow::new).collect();
/// assert_eq!(rows[1].listing_id, 98765432);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DeleteRow {
    /// The listing to delete.
    pub listing_id: u64,
}

impl DeleteRow {
    /// A row deleting `listing_id`.
    pub fn new(listing_id: u64) -> Self {
        Self { listing_id }
    }
}

impl From<u64> for DeleteRow {
    fn from(listing_id: u64) -> Self {
        Self::new(listing_id)
    }
}

/// What the upload machinery needs from a row type.
pub(crate) trait UploadRow {
    /// The columns this row fills.
    fn columns(&self) -> Columns;
    /// The text of one cell (empty when the row does not fill the column).
    fn cell(&self, column: Column) -> String;
    /// The listing the row names, for refusing the same listing twice in one batch.
    fn listing_id(&self) -> Option<u64>;
    /// Checks the row's rules; `row` is its 1-based number in the caller's input, `currency`
    /// the seller's (which prices are in), when known.
    fn check(&self, row: usize, currency: Option<Currency>) -> Result<(), DiscogsError>;
    /// Whether rows filling different columns may share a file (blank cells are harmless).
    const MAY_MIX_COLUMNS: bool;
}

/// The field of one row, as refusals name it: `price of row 3`.
fn at(row: usize, field: &str) -> String {
    format!("{field} of row {row}")
}

fn check_id(row: usize, field: &str, id: u64) -> Result<(), DiscogsError> {
    if id == 0 {
        return Err(DiscogsError::invalid(
            at(row, field),
            "must be a Discogs ID (a number from 1 up)",
        ));
    }
    Ok(())
}

/// `Decimal`'s `Display` never uses exponent notation, which is exactly what Discogs needs.
fn decimal_cell(value: Decimal) -> String {
    value.to_string()
}

fn yes_no(value: bool) -> String {
    if value { "Y" } else { "N" }.to_owned()
}

fn opt<T>(value: Option<T>, write: impl FnOnce(T) -> String) -> String {
    value.map(write).unwrap_or_default()
}

/// The columns and cells of the optional fields, the same in add and change files.
impl ListingFields<u32> {
    fn add_columns(&self, columns: Columns) -> Columns {
        columns
            .with(Column::SleeveCondition, self.sleeve_condition.is_some())
            .with(Column::Comments, self.comments.is_some())
            .with(Column::AcceptOffer, self.offers.is_some())
            .with(Column::Location, self.location.is_some())
            .with(Column::ExternalId, self.external_id.is_some())
            .with(Column::Weight, self.weight.is_some())
            .with(Column::FormatQuantity, self.format_quantity.is_some())
    }

    /// The cell of an optional-field column (empty for the other columns).
    fn cell(&self, column: Column) -> String {
        match column {
            Column::SleeveCondition => opt(self.sleeve_condition.as_ref(), |c| c.to_string()),
            Column::Comments => self.comments.clone().unwrap_or_default(),
            Column::AcceptOffer => opt(self.offers, yes_no),
            Column::Location => self.location.clone().unwrap_or_default(),
            Column::ExternalId => self.external_id.clone().unwrap_or_default(),
            Column::Weight => opt(self.weight, |w| w.to_string()),
            Column::FormatQuantity => opt(self.format_quantity, |q| q.to_string()),
            _ => String::new(),
        }
    }

    fn check(&self, row: usize) -> Result<(), DiscogsError> {
        check_sleeve(&at(row, "sleeve_condition"), self.sleeve())?;
        check_text(&at(row, "comments"), self.comments.as_ref())?;
        check_text(&at(row, "location"), self.location.as_ref())?;
        check_text(&at(row, "external_id"), self.external_id.as_ref())
    }
}

impl UploadRow for AddRow {
    const MAY_MIX_COLUMNS: bool = true;

    fn columns(&self) -> Columns {
        let required = Columns::default()
            .with(Column::ReleaseId, true)
            .with(Column::Price, true)
            .with(Column::MediaCondition, true);
        self.fields.add_columns(required)
    }

    fn cell(&self, column: Column) -> String {
        match column {
            Column::ReleaseId => self.release_id.to_string(),
            Column::Price => decimal_cell(self.price),
            Column::MediaCondition => self.media_condition.as_str().to_owned(),
            other => self.fields.cell(other),
        }
    }

    fn listing_id(&self) -> Option<u64> {
        None
    }

    fn check(&self, row: usize, currency: Option<Currency>) -> Result<(), DiscogsError> {
        check_id(row, "release_id", self.release_id)?;
        check_price(&at(row, "price"), self.price)?;
        check_decimals(&at(row, "price"), self.price, currency)?;
        check_media(&at(row, "media_condition"), &self.media_condition)?;
        self.fields.check(row)
    }
}

impl UploadRow for ChangeRow {
    // A blank cell in a change file may clear the field on Discogs, so rows that change
    // different fields never share a file.
    const MAY_MIX_COLUMNS: bool = false;

    fn columns(&self) -> Columns {
        let named = Columns::default()
            .with(Column::ListingId, true)
            .with(Column::ReleaseId, self.release_id.is_some())
            .with(Column::Price, self.price.is_some())
            .with(Column::MediaCondition, self.media_condition.is_some());
        self.fields.add_columns(named)
    }

    fn cell(&self, column: Column) -> String {
        match column {
            Column::ListingId => self.listing_id.to_string(),
            Column::ReleaseId => opt(self.release_id, |id| id.to_string()),
            Column::Price => opt(self.price, decimal_cell),
            Column::MediaCondition => opt(self.media_condition.as_ref(), |c| c.to_string()),
            other => self.fields.cell(other),
        }
    }

    fn listing_id(&self) -> Option<u64> {
        Some(self.listing_id)
    }

    fn check(&self, row: usize, currency: Option<Currency>) -> Result<(), DiscogsError> {
        check_id(row, "listing_id", self.listing_id)?;
        if let Some(release_id) = self.release_id {
            check_id(row, "release_id", release_id)?;
        }
        if let Some(price) = self.price {
            check_price(&at(row, "price"), price)?;
            check_decimals(&at(row, "price"), price, currency)?;
        }
        if let Some(condition) = &self.media_condition {
            check_media(&at(row, "media_condition"), condition)?;
        }
        self.fields.check(row)?;
        if self.columns() == Columns::default().with(Column::ListingId, true) {
            return Err(DiscogsError::invalid(
                at(row, "listing_id"),
                "the row changes nothing: set at least one field besides listing_id",
            ));
        }
        Ok(())
    }
}

impl UploadRow for DeleteRow {
    const MAY_MIX_COLUMNS: bool = true;

    fn columns(&self) -> Columns {
        Columns::default().with(Column::ListingId, true)
    }

    fn cell(&self, column: Column) -> String {
        match column {
            Column::ListingId => self.listing_id.to_string(),
            _ => String::new(),
        }
    }

    fn listing_id(&self) -> Option<u64> {
        Some(self.listing_id)
    }

    fn check(&self, row: usize, _currency: Option<Currency>) -> Result<(), DiscogsError> {
        check_id(row, "listing_id", self.listing_id)
    }
}

/// Checks every row before anything is sent: each row's rules (prices against `currency`, the
/// seller's, when known), and that no listing is named twice (which of two changes would win
/// is not documented).
pub(crate) fn check_rows<R: UploadRow>(
    rows: &[R],
    currency: Option<Currency>,
) -> Result<(), DiscogsError> {
    if rows.is_empty() {
        return Err(DiscogsError::invalid(
            "rows",
            "an upload needs at least one row",
        ));
    }
    let mut first_row_of: HashMap<u64, usize> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        let number = index + 1;
        row.check(number, currency)?;
        if let Some(listing_id) = row.listing_id()
            && let Some(first) = first_row_of.insert(listing_id, number)
        {
            return Err(DiscogsError::invalid(
                at(number, "listing_id"),
                format!("listing {listing_id} is already named in row {first}"),
            ));
        }
    }
    Ok(())
}

/// One file to upload: which input rows it carries and which columns it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartPlan {
    pub(crate) columns: Columns,
    pub(crate) rows: Vec<usize>,
}

/// Splits checked rows into files of at most `max_rows` rows. Add and delete rows are cut in
/// input order, each file having the columns its rows use; change rows are first grouped by
/// the exact set of fields they change.
pub(crate) fn plan_parts<R: UploadRow>(rows: &[R], max_rows: usize) -> Vec<PartPlan> {
    let max_rows = max_rows.max(1);
    let mut groups: Vec<(Columns, Vec<usize>)> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let columns = row.columns();
        let group = if R::MAY_MIX_COLUMNS {
            groups.first_mut()
        } else {
            groups.iter_mut().find(|(set, _)| *set == columns)
        };
        match group {
            Some((_, members)) => members.push(index),
            None => groups.push((columns, vec![index])),
        }
    }
    let mut parts = Vec::new();
    for (_, members) in groups {
        for chunk in members.chunks(max_rows) {
            let columns = chunk
                .iter()
                .filter_map(|index| rows.get(*index))
                .fold(Columns::default(), |set, row| set.union(row.columns()));
            parts.push(PartPlan {
                columns,
                rows: chunk.to_vec(),
            });
        }
    }
    parts
}

/// Writes one file: a header of lower-case column names, then one line per row, quoted where
/// a cell holds a comma, a quote or a line break.
pub(crate) fn write_csv<R: UploadRow>(
    rows: &[R],
    part: &PartPlan,
) -> Result<Vec<u8>, DiscogsError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let columns: Vec<Column> = part.columns.iter().collect();
    let failed = |error: &dyn std::fmt::Display| {
        DiscogsError::invalid("rows", format!("could not be written as CSV: {error}"))
    };
    writer
        .write_record(columns.iter().map(|column| column.name()))
        .map_err(|error| failed(&error))?;
    for row in part.rows.iter().filter_map(|index| rows.get(*index)) {
        writer
            .write_record(columns.iter().map(|column| row.cell(*column)))
            .map_err(|error| failed(&error))?;
    }
    writer.into_inner().map_err(|error| failed(&error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of<R: UploadRow>(rows: &[R]) -> String {
        let parts = plan_parts(rows, 100);
        assert_eq!(parts.len(), 1);
        String::from_utf8(write_csv(rows, &parts[0]).unwrap()).unwrap()
    }

    #[test]
    fn the_spec_example_is_written_byte_for_byte() {
        let rows = [
            AddRow::new(123, Decimal::new(150, 2), MediaCondition::Mint)
                .comments("Comments about this release for sale"),
            AddRow::new(456, Decimal::new(250, 2), MediaCondition::NearMint)
                .comments("More comments"),
            AddRow::new(7890, Decimal::new(350, 2), MediaCondition::Good)
                .comments("Signed vinyl copy"),
        ];
        assert_eq!(
            csv_of(&rows),
            "release_id,price,media_condition,comments\n\
             123,1.50,Mint (M),Comments about this release for sale\n\
             456,2.50,Near Mint (NM or M-),More comments\n\
             7890,3.50,Good (G),Signed vinyl copy\n"
        );
    }

    #[test]
    fn prices_never_use_exponents() {
        let tiny = Decimal::from_scientific("1e-7").unwrap();
        let large = Decimal::from_scientific("1.25e6").unwrap();
        assert_eq!(decimal_cell(tiny), "0.0000001");
        assert_eq!(decimal_cell(large), "1250000");
    }

    #[test]
    fn change_rows_changing_different_fields_never_share_a_file() {
        let rows = [
            ChangeRow::new(1).price(Decimal::ONE),
            ChangeRow::new(2).comments("x"),
            ChangeRow::new(3).price(Decimal::TWO),
        ];
        let parts = plan_parts(&rows, 100);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].rows, vec![0, 2]);
        assert_eq!(parts[1].rows, vec![1]);
        assert_eq!(
            String::from_utf8(write_csv(&rows, &parts[0]).unwrap()).unwrap(),
            "listing_id,price\n1,1\n3,2\n"
        );
    }

    #[test]
    fn add_rows_share_files_with_the_union_of_their_columns() {
        let rows = [
            AddRow::new(1, Decimal::ONE, MediaCondition::Mint).weight(180),
            AddRow::new(2, Decimal::ONE, MediaCondition::Poor).accept_offer(false),
        ];
        assert_eq!(
            csv_of(&rows),
            "release_id,price,media_condition,accept_offer,weight\n\
             1,1,Mint (M),,180\n\
             2,1,Poor (P),N,\n"
        );
    }

    #[test]
    fn large_inputs_are_cut_into_parts() {
        let rows: Vec<DeleteRow> = (1..=25).map(DeleteRow::new).collect();
        let parts = plan_parts(&rows, 10);
        let sizes: Vec<usize> = parts.iter().map(|part| part.rows.len()).collect();
        assert_eq!(sizes, vec![10, 10, 5]);
    }
}
