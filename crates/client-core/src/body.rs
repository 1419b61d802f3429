//! Reading answers: whole bodies against a size cap, and streamed bodies against an idle
//! timeout.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::{Error, MAX_KEPT_BODY, RequestSummary, TransportKind};

/// A failure while reading a body, as the engine classifies it.
pub(crate) fn body_error(request: &RequestSummary, error: reqwest::Error) -> Error {
    let kind = if error.is_timeout() {
        TransportKind::Timeout
    } else {
        TransportKind::Body
    };
    Error::Transport {
        request: request.clone(),
        kind,
        source: Some(error),
    }
}

/// Refuses an answer whose declared length is over `limit` before reading any of it.
pub(crate) fn check_declared_length(
    request: &RequestSummary,
    response: &reqwest::Response,
    limit: usize,
) -> Result<(), Error> {
    match response.content_length() {
        Some(declared) if declared > u64::try_from(limit).unwrap_or(u64::MAX) => {
            Err(Error::BodyTooLarge {
                request: request.clone(),
                limit,
                declared: Some(declared),
            })
        }
        _ => Ok(()),
    }
}

/// Reads at most what an error keeps ([`MAX_KEPT_BODY`]) of an error answer's body and drops
/// the rest with the connection: a 5xx page of gigabytes costs 16 KiB.
pub(crate) async fn read_error_body(mut response: reqwest::Response) -> Bytes {
    let mut body = BytesMut::new();
    while body.len() < MAX_KEPT_BODY {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_KEPT_BODY - body.len();
                body.extend_from_slice(chunk.get(..room).unwrap_or(&chunk));
            }
            Ok(None) | Err(_) => break,
        }
    }
    body.freeze()
}

/// An answer whose body is read as it arrives (a large CSV export, say).
///
/// Its head arrived within the attempt timeout; after that, every chunk must arrive within
/// the idle timeout ([`ConfigureEngine::idle_timeout`](crate::ConfigureEngine::idle_timeout)),
/// however long the whole download takes. A body that breaks off is an error, never a short
/// file, and it is not retried: the caller decides whether to ask again.
#[derive(Debug)]
pub struct StreamedResponse {
    request: RequestSummary,
    status: StatusCode,
    response: reqwest::Response,
    idle: Duration,
    limit: usize,
}

impl StreamedResponse {
    pub(crate) fn new(
        request: RequestSummary,
        response: reqwest::Response,
        idle: Duration,
        limit: usize,
    ) -> Self {
        Self {
            request,
            status: response.status(),
            response,
            idle,
            limit,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// A header as text, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    }

    /// The request this answers.
    pub fn request(&self) -> &RequestSummary {
        &self.request
    }

    /// The next chunk of the body; `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] with [`TransportKind::Timeout`] when no chunk arrives within the
    /// idle timeout, and with [`TransportKind::Body`] when the connection breaks.
    pub fn chunk(&mut self) -> BoxFuture<'_, Result<Option<Bytes>, Error>> {
        // Boxed, as the engine's calls are, so that the future is compiled here once and not
        // again in every crate that reads a download.
        Box::pin(async move {
            match tokio::time::timeout(self.idle, self.response.chunk()).await {
                Ok(Ok(chunk)) => Ok(chunk),
                Ok(Err(error)) => Err(body_error(&self.request, error)),
                Err(_) => Err(Error::Transport {
                    request: self.request.clone(),
                    kind: TransportKind::Timeout,
                    source: None,
                }),
            }
        })
    }

    /// The body as a stream of chunks, with the same idle timeout.
    pub fn into_stream(self) -> BoxStream<'static, Result<Bytes, Error>> {
        stream::unfold(Some(self), |state| async move {
            let mut response = state?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(error) => Some((Err(error), None)),
            }
        })
        .boxed()
    }

    /// Reads the whole body into memory, chunk by chunk, refusing one larger than the
    /// engine's body limit ([`ConfigureEngine::max_body_size`](crate::ConfigureEngine::max_body_size))
    /// as soon as it passes it, so an endless body costs at most the limit in memory.
    pub fn bytes(self) -> BoxFuture<'static, Result<Bytes, Error>> {
        Box::pin(self.read_whole())
    }

    async fn read_whole(mut self) -> Result<Bytes, Error> {
        check_declared_length(&self.request, &self.response, self.limit)?;
        // Read before any chunk: the body's size hint shrinks as it is read.
        let declared = self.response.content_length().unwrap_or(0);
        // Most answers arrive in one chunk, which is then the body as it is, without a copy.
        let Some(first) = self.chunk().await? else {
            return Ok(Bytes::new());
        };
        self.check_size(first.len())?;
        let Some(mut chunk) = self.chunk().await? else {
            return Ok(first);
        };
        let mut body: Vec<u8> =
            Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(self.limit));
        body.extend_from_slice(&first);
        loop {
            let needed = body.len().saturating_add(chunk.len());
            self.check_size(needed)?;
            if needed > body.capacity() {
                // Grow by doubling, but never past the limit: memory stays within it.
                let target = body
                    .capacity()
                    .saturating_mul(2)
                    .max(needed)
                    .min(self.limit);
                body.reserve_exact(target - body.len());
            }
            body.extend_from_slice(&chunk);
            match self.chunk().await? {
                Some(next) => chunk = next,
                None => return Ok(Bytes::from(body)),
            }
        }
    }

    /// Refuses a body that has grown to `size` bytes, past the limit.
    fn check_size(&self, size: usize) -> Result<(), Error> {
        if size > self.limit {
            return Err(Error::BodyTooLarge {
                request: self.request.clone(),
                limit: self.limit,
                declared: None,
            });
        }
        Ok(())
    }
}
