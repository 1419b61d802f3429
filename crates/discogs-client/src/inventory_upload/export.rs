//! Inventory exports: requesting one, following it, and reading its CSV.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;

use client_core::{Page, Request, RequestSummary, Route, StatusCode, TransportKind};
use futures::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;

use super::job::{
    Export, ExportId, PageRequest, ProgressCallback, WaitOptions, WaitProgress, fetch_page,
    wait_for,
};
use crate::DiscogsClient;
use crate::condition::{MediaCondition, SleeveCondition};
use crate::error::DiscogsError;

/// The Inventory Export API: get from [`DiscogsClient::inventory_export`].
///
/// An export is a job: [`request`](Self::request) starts it, [`wait`](Self::wait) follows it
/// until the file is ready, and [`download_rows`](Self::download_rows) reads the file as typed
/// rows while it arrives.
#[derive(Clone)]
pub struct InventoryExport<'a> {
    client: &'a DiscogsClient,
    wait: WaitOptions,
    progress: Option<ProgressCallback<Export>>,
}

impl fmt::Debug for InventoryExport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InventoryExport")
            .field("wait", &self.wait)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish_non_exhaustive()
    }
}

/// Every row of an export, read while the file downloads.
pub type ExportRows = BoxStream<'static, Result<ExportRow, DiscogsError>>;

impl<'a> InventoryExport<'a> {
    pub(crate) fn new(client: &'a DiscogsClient) -> Self {
        Self {
            client,
            wait: WaitOptions::default(),
            progress: None,
        }
    }

    /// Sets how [`wait`](Self::wait) polls.
    #[must_use]
    pub fn wait_options(mut self, options: WaitOptions) -> Self {
        self.wait = options;
        self
    }

    /// Calls `callback` after every poll of [`wait`](Self::wait).
    #[must_use]
    pub fn on_progress(
        mut self,
        callback: impl Fn(&WaitProgress<'_, Export>) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(std::sync::Arc::new(callback));
        self
    }

    /// `POST /inventory/export`: asks Discogs to export the whole inventory.
    ///
    /// Not repeated after a failure the server may have seen: each request starts another
    /// export job. A 409 ([`DiscogsError::Conflict`]) usually means one is already running.
    pub async fn request(&self) -> Result<ExportId, DiscogsError> {
        let route = Route::new("/inventory/export").finish()?;
        let response = self.client.engine.execute(Request::post(route)).await?;
        let location = response.header("location").ok_or_else(|| {
            response.decode_error("the answer has no Location header naming the export")
        })?;
        ExportId::from_location(location).ok_or_else(|| {
            DiscogsError::from(
                response.decode_error(format!("Location `{location}` does not name an export")),
            )
        })
    }

    /// `GET /inventory/export`: one page of recent exports.
    pub async fn recent(&self, page: PageRequest) -> Result<Page<Export>, DiscogsError> {
        fetch_page(&self.client.engine, "/inventory/export", page, None).await
    }

    /// `GET /inventory/export`, page after page: every recent export.
    pub fn recent_stream(&self) -> BoxStream<'static, Result<Export, DiscogsError>> {
        let client = self.client.clone();
        let first = PageRequest::new(1, super::job::MAX_PER_PAGE);
        client_core::page::items(
            move |next| {
                let client = client.clone();
                async move { fetch_page(&client.engine, "/inventory/export", first, next).await }
            },
            client_core::StreamOptions::default(),
        )
    }

    /// `GET /inventory/export/{id}`: one export's state.
    pub async fn get(&self, id: ExportId) -> Result<Export, DiscogsError> {
        let response = self
            .client
            .engine
            .execute(Request::get(status_route(id)?))
            .await?;
        Ok(response.json()?)
    }

    /// Polls `GET /inventory/export/{id}` until the export is finished (see
    /// [`WaitOptions`]) and returns its final state, which may be a failure.
    ///
    /// When the deadline passes first, the error is [`DiscogsError::Http`] holding a
    /// `client_core::Error::Deadline`.
    pub async fn wait(&self, id: ExportId) -> Result<Export, DiscogsError> {
        wait_for(
            &self.client.engine,
            status_route(id)?,
            false,
            self.wait,
            self.progress.as_ref(),
        )
        .await
    }

    /// `GET /inventory/export/{id}/download`: the whole CSV file as text.
    pub async fn download_text(&self, id: ExportId) -> Result<String, DiscogsError> {
        let response = self
            .client
            .engine
            .execute(Request::get(download_route(id)?))
            .await?;
        Ok(response.text()?.to_owned())
    }

    /// `GET /inventory/export/{id}/download`: the CSV file as typed rows, parsed while it
    /// downloads, so memory holds a network chunk and its rows rather than the whole file.
    pub async fn download_rows(&self, id: ExportId) -> Result<ExportRows, DiscogsError> {
        let route = download_route(id)?;
        let request = RequestSummary {
            method: client_core::Method::GET,
            route: route.template(),
            path: route.path().to_owned(),
        };
        let response = self
            .client
            .engine
            .execute_streaming(Request::get(route))
            .await?;
        let status = response.status();
        let state = DownloadState {
            response: Some(response),
            records: RecordSplitter::default(),
            parser: ExportParser::new(request, status),
            ready: VecDeque::new(),
        };
        Ok(stream::unfold(state, |mut state| async move {
            loop {
                if let Some(row) = state.ready.pop_front() {
                    return Some((row, state));
                }
                let response = state.response.as_mut()?;
                let chunk = match response.chunk().await {
                    Ok(chunk) => chunk,
                    Err(error) => {
                        state.response = None;
                        let error = client_core::Error::Transport {
                            request: state.parser.request.clone(),
                            kind: TransportKind::Body,
                            source: error,
                        };
                        return Some((Err(error.into()), state));
                    }
                };
                let block = match &chunk {
                    Some(bytes) => state.records.push(bytes),
                    None => {
                        state.response = None;
                        state.records.finish()
                    }
                };
                state.parser.parse_block(&block, &mut state.ready);
            }
        })
        .boxed())
    }
}

fn status_route(id: ExportId) -> Result<Route, DiscogsError> {
    Ok(Route::new("/inventory/export/{id}")
        .with("id", &id.to_string())?
        .finish()?)
}

fn download_route(id: ExportId) -> Result<Route, DiscogsError> {
    Ok(Route::new("/inventory/export/{id}/download")
        .with("id", &id.to_string())?
        .finish()?)
}

struct DownloadState<R> {
    response: Option<R>,
    records: RecordSplitter,
    parser: ExportParser,
    ready: VecDeque<Result<ExportRow, DiscogsError>>,
}

/// Cuts a byte stream into runs of whole CSV records. A line break ends a record only outside
/// quotes; doubled quotes inside a quoted cell toggle twice, so counting quotes is enough.
#[derive(Debug, Default)]
pub(crate) struct RecordSplitter {
    pending: Vec<u8>,
    scanned: usize,
    in_quotes: bool,
    complete_until: usize,
}

impl RecordSplitter {
    /// Adds a chunk and hands back every record it completed.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.pending.extend_from_slice(chunk);
        let new = self.pending.get(self.scanned..).unwrap_or_default();
        for (offset, byte) in new.iter().enumerate() {
            match byte {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' if !self.in_quotes => self.complete_until = self.scanned + offset + 1,
                _ => {}
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
        self.scanned = 0;
        self.complete_until = 0;
        std::mem::take(&mut self.pending)
    }
}

/// Turns blocks of whole records into rows, remembering the header across blocks.
struct ExportParser {
    request: RequestSummary,
    status: StatusCode,
    header: Option<Vec<String>>,
    line: usize,
}

impl ExportParser {
    fn new(request: RequestSummary, status: StatusCode) -> Self {
        Self {
            request,
            status,
            header: None,
            line: 0,
        }
    }

    fn bad(&self, reason: String) -> DiscogsError {
        client_core::Error::Decode {
            request: self.request.clone(),
            status: self.status,
            reason,
            body: String::new(),
        }
        .into()
    }

    fn parse_block(&mut self, block: &[u8], out: &mut VecDeque<Result<ExportRow, DiscogsError>>) {
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
            let record = match record {
                Ok(record) => record,
                Err(error) => {
                    out.push_back(Err(self.bad(format!("CSV line {}: {error}", self.line))));
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
                Some(header) => {
                    if record.iter().all(str::is_empty) {
                        continue;
                    }
                    let row = ExportRow::from_record(header, &record)
                        .map_err(|reason| self.bad(format!("CSV line {}: {reason}", self.line)));
                    out.push_back(row);
                }
            }
        }
    }
}

/// Parses a whole export file already in memory (as from
/// [`InventoryExport::download_text`]) into rows.
///
/// ```
/// use discogs_client::inventory_upload::parse_export_csv;
///
/// let rows = parse_export_csv("listing_id,release_id,price,media_condition\n42,7,9.99,Mint (M)\n")?;
/// assert_eq!(rows[0].listing_id, 42);
/// # Ok::<(), String>(())
/// ```
pub fn parse_export_csv(text: &str) -> Result<Vec<ExportRow>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|error| format!("CSV line {line}: {error}"))?;
        match &header {
            None => {
                header = Some(
                    record
                        .iter()
                        .map(|name| name.trim().to_ascii_lowercase())
                        .collect(),
                );
            }
            Some(_) if record.iter().all(str::is_empty) => {}
            Some(names) => rows.push(
                ExportRow::from_record(names, &record)
                    .map_err(|reason| format!("CSV line {line}: {reason}"))?,
            ),
        }
    }
    Ok(rows)
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
