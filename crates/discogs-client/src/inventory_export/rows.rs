//! Reading an export file: cutting the download into whole CSV records as it arrives, and
//! typing each row.

use std::collections::{BTreeMap, VecDeque};

use rust_decimal::Decimal;

use crate::condition::{MediaCondition, SleeveCondition};

/// Cuts a byte stream into runs of whole CSV records. A line break ends a record only outside
/// a quoted cell, and a cell is quoted only when its first byte is a quote: the csv crate
/// reads a quote inside an unquoted cell (`12" single`) as a plain character, and so must
/// this, or a file would be cut differently in pieces than whole (the `discogs_export_csv`
/// fuzz target found such a file).
#[derive(Debug, Default)]
pub(crate) struct RecordSplitter {
    pending: Vec<u8>,
    scanned: usize,
    cell: Cell,
    complete_until: usize,
}

/// Where the splitter is within a cell, as the csv crate tracks it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// At the start of a cell: a quote here opens a quoted cell.
    #[default]
    Start,
    /// Inside an unquoted cell, or after a quoted cell's closing quote: quotes are plain.
    Plain,
    /// Inside a quoted cell: line breaks and commas belong to the cell.
    Quoted,
    /// Just after a quote inside a quoted cell: a second quote is an escaped quote, anything
    /// else means the first one closed the cell.
    QuoteInQuoted,
}

impl Cell {
    /// The state after `byte`, and whether `byte` ended a record.
    fn after(self, byte: u8) -> (Cell, bool) {
        match (self, byte) {
            (Cell::Quoted, b'"') => (Cell::QuoteInQuoted, false),
            (Cell::Quoted, _) => (Cell::Quoted, false),
            (Cell::Start, b'"') | (Cell::QuoteInQuoted, b'"') => (Cell::Quoted, false),
            (_, b',') => (Cell::Start, false),
            (_, b'\n') => (Cell::Start, true),
            // The csv crate ends a record at a lone carriage return too; cutting only at line
            // feeds keeps CRLF pairs together, and a quote after it opens a quoted cell.
            (_, b'\r') => (Cell::Start, false),
            (_, _) => (Cell::Plain, false),
        }
    }
}

impl RecordSplitter {
    /// Adds a chunk and hands back every record it completed.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.pending.extend_from_slice(chunk);
        let new = self.pending.get(self.scanned..).unwrap_or_default();
        for (offset, byte) in new.iter().enumerate() {
            let (cell, ended) = self.cell.after(*byte);
            self.cell = cell;
            if ended {
                self.complete_until = self.scanned + offset + 1;
            }
        }
        self.scanned = self.pending.len();
        let rest = self
            .pending
            .split_off(self.complete_until.min(self.pending.len()));
        let complete = std::mem::replace(&mut self.pending, rest);
        self.scanned = self.pending.len();
        self.complete_until = 0;
        complete
    }

    /// Hands back whatever is left at the end of the stream.
    pub(crate) fn finish(&mut self) -> Vec<u8> {
        self.cell = Cell::Start;
        self.scanned = 0;
        self.complete_until = 0;
        std::mem::take(&mut self.pending)
    }
}

/// Turns blocks of whole records into rows, remembering the header across blocks. A row that
/// does not fit is an error naming its line, and the rows after it still come.
#[derive(Debug, Default)]
pub(crate) struct ExportParser {
    header: Option<Vec<String>>,
    line: usize,
}

impl ExportParser {
    pub(crate) fn parse_block(
        &mut self,
        block: &[u8],
        out: &mut VecDeque<Result<ExportRow, String>>,
    ) {
        if block.is_empty() {
            return;
        }
        let block = if self.line == 0 {
            block.strip_prefix("\u{feff}".as_bytes()).unwrap_or(block)
        } else {
            block
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(block);
        for record in reader.records() {
            self.line += 1;
            let line = self.line;
            let record = match record {
                Ok(record) => record,
                Err(error) => {
                    out.push_back(Err(format!("CSV line {line}: {error}")));
                    continue;
                }
            };
            match &self.header {
                None => {
                    self.header = Some(
                        record
                            .iter()
                            .map(|name| name.trim().to_ascii_lowercase())
                            .collect(),
                    );
                }
                Some(_) if record.iter().all(str::is_empty) => {}
                Some(header) => out.push_back(
                    ExportRow::from_record(header, &record)
                        .map_err(|reason| format!("CSV line {line}: {reason}")),
                ),
            }
        }
    }
}

/// Parses a whole export file already in memory (as from
/// [`InventoryExport::download_text`](super::InventoryExport::download_text)) into rows; the
/// first row that does not fit fails the whole file, naming its line.
///
/// ```
/// use discogs_client::inventory_export::parse_export_csv;
///
/// let rows = parse_export_csv("listing_id,release_id,price,media_condition\n42,7,9.99,Mint (M)\n")?;
/// assert_eq!(rows[0].listing_id, 42);
/// # Ok::<(), String>(())
/// ```
pub fn parse_export_csv(text: &str) -> Result<Vec<ExportRow>, String> {
    let mut rows = VecDeque::new();
    ExportParser::default().parse_block(text.as_bytes(), &mut rows);
    rows.into_iter().collect()
}

/// One listing of an inventory export.
///
/// The columns Discogs documents for uploads are typed; the descriptive ones (artist, title,
/// label, …) are kept as text, and any column this crate does not know is kept in
/// [`other`](Self::other) under its header name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ExportRow {
    /// The listing's ID.
    pub listing_id: u64,
    /// The release the listing is a copy of.
    pub release_id: Option<u64>,
    /// The artist, as Discogs names it.
    pub artist: Option<String>,
    /// The release title.
    pub title: Option<String>,
    /// The label.
    pub label: Option<String>,
    /// The catalog number.
    pub catno: Option<String>,
    /// The format description.
    pub format: Option<String>,
    /// The listing status (such as `For Sale`), as written in the file.
    pub status: Option<String>,
    /// The price, in the seller's currency.
    pub price: Option<Decimal>,
    /// When the item was listed, as written in the file.
    pub listed: Option<String>,
    /// The comments shown to buyers.
    pub comments: Option<String>,
    /// The record's condition.
    pub media_condition: Option<MediaCondition>,
    /// The sleeve's condition.
    pub sleeve_condition: Option<SleeveCondition>,
    /// Whether offers are accepted (`Y`/`N` in the file).
    pub accept_offer: Option<bool>,
    /// The seller's private external ID.
    pub external_id: Option<String>,
    /// The weight in grams.
    pub weight: Option<u32>,
    /// How many items the listing counts as for shipping.
    pub format_quantity: Option<u32>,
    /// A flat shipping price, when set.
    pub flat_shipping: Option<Decimal>,
    /// The seller's private location note.
    pub location: Option<String>,
    /// Columns this crate does not know, by header name.
    pub other: BTreeMap<String, String>,
}

fn number<T: std::str::FromStr>(column: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{column}: `{text}` is not a whole number"))
}

fn decimal(column: &str, text: &str) -> Result<Decimal, String> {
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(text))
        .map_err(|_| format!("{column}: `{text}` is not a number"))
}

impl ExportRow {
    fn from_record(header: &[String], record: &csv::StringRecord) -> Result<Self, String> {
        if record.len() != header.len() {
            return Err(format!(
                "{} cells where the header has {} columns",
                record.len(),
                header.len()
            ));
        }
        let mut row = ExportRow::default();
        let mut has_listing_id = false;
        for (name, cell) in header.iter().zip(record.iter()) {
            let text = cell.trim();
            if text.is_empty() {
                continue;
            }
            let owned = || Some(cell.to_owned());
            match name.as_str() {
                "listing_id" => {
                    row.listing_id = number(name, text)?;
                    has_listing_id = true;
                }
                "release_id" => row.release_id = Some(number(name, text)?),
                "artist" => row.artist = owned(),
                "title" => row.title = owned(),
                "label" => row.label = owned(),
                "catno" => row.catno = owned(),
                "format" => row.format = owned(),
                "status" => row.status = owned(),
                "price" => row.price = Some(decimal(name, text)?),
                "listed" => row.listed = owned(),
                "comments" => row.comments = owned(),
                "media_condition" => row.media_condition = Some(MediaCondition::from_wire(text)),
                "sleeve_condition" => {
                    row.sleeve_condition = Some(SleeveCondition::from_wire(text));
                }
                "accept_offer" => {
                    row.accept_offer = Some(match text {
                        "Y" | "y" => true,
                        "N" | "n" => false,
                        other => return Err(format!("accept_offer: `{other}` is not Y or N")),
                    });
                }
                "external_id" => row.external_id = owned(),
                "weight" => row.weight = Some(number(name, text)?),
                "format_quantity" => row.format_quantity = Some(number(name, text)?),
                "flat_shipping" => row.flat_shipping = Some(decimal(name, text)?),
                "location" => row.location = owned(),
                other => {
                    row.other.insert(other.to_owned(), cell.to_owned());
                }
            }
        }
        if !has_listing_id {
            return Err("the row has no listing_id".into());
        }
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_cut_only_outside_quotes() {
        let mut splitter = RecordSplitter::default();
        assert_eq!(splitter.push(b"a,b\n1,\"x\n"), b"a,b\n");
        assert_eq!(splitter.push(b"y\"\"z\"\n2,"), b"1,\"x\ny\"\"z\"\n");
        assert_eq!(splitter.push(b"w"), b"");
        assert_eq!(splitter.finish(), b"2,w");
    }

    #[test]
    fn a_quote_inside_an_unquoted_cell_is_a_plain_character() {
        // As the csv crate reads it: `12" single` is a cell, and the line break ends the row.
        let mut splitter = RecordSplitter::default();
        assert_eq!(
            splitter.push(b"title,price\n12\" single,2.50\n\"a\"b,1\n"),
            b"title,price\n12\" single,2.50\n\"a\"b,1\n"
        );
        // After a carriage return a quote opens a cell, whose line break is not a cut.
        assert_eq!(splitter.push(b"x\r\"y\nz\",1\n"), b"x\r\"y\nz\",1\n");
        let file = "title,price\n12\" single,2.50\n";
        let rows = parse_export_csv(&format!("listing_id,{file}").replace("\n12", "\n7,12"));
        assert_eq!(rows.map(|rows| rows.len()), Ok(1));
    }

    #[test]
    fn rows_are_typed_and_unknown_columns_kept() {
        let rows = parse_export_csv(
            "listing_id,release_id,price,media_condition,sleeve_condition,accept_offer,weight,extra\n\
             1,2,\"1,5\",Mint (M),Generic,Y,180,x\n",
        );
        assert!(rows.unwrap_err().contains("price"));
        let rows = parse_export_csv(
            "listing_id,price,media_condition,accept_offer,weight,extra\n1,1.50,Mint (M),N,,x\n\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].price, Some(Decimal::new(150, 2)));
        assert_eq!(rows[0].media_condition, Some(MediaCondition::Mint));
        assert_eq!(rows[0].accept_offer, Some(false));
        assert_eq!(rows[0].weight, None);
        assert_eq!(rows[0].other.get("extra").map(String::as_str), Some("x"));
    }
}
