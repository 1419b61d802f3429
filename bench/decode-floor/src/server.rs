//! The loopback server both clients talk to: HTTP/1.1 with keep-alive, one fixed answer per
//! vendor, written out once at start so serving costs the same for every request.
//!
//! It runs in its own process (`decode-floor serve`), so none of its work is counted in the
//! client's CPU time or instruction count.

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One canned answer: served for every request whose path starts with `path_prefix`.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The paths it answers.
    pub path_prefix: &'static str,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// Other headers, as the live service sends them (`Link`, rate-limit headers, …).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: String,
}

impl Fixture {
    fn response(&self) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: keep-alive\r\n",
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut response = head.into_bytes();
        response.extend_from_slice(self.body.as_bytes());
        response
    }
}

/// Serves `fixtures` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, fixtures: Vec<Fixture>) -> io::Result<()> {
    let routes: std::sync::Arc<Vec<(&'static str, Vec<u8>)>> = std::sync::Arc::new(
        fixtures
            .iter()
            .map(|fixture| (fixture.path_prefix, fixture.response()))
            .collect(),
    );
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let routes = routes.clone();
        tokio::spawn(async move {
            // A client that hangs up mid-request ends its connection, nothing else.
            let _ = serve_connection(stream, &routes).await;
        });
    }
}

const NOT_FOUND: &[u8] =
    b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nnot found";

async fn serve_connection(
    mut stream: TcpStream,
    routes: &[(&'static str, Vec<u8>)],
) -> io::Result<()> {
    let mut buffer = Vec::with_capacity(16 * 1024);
    loop {
        let (head_end, body_length, path) = loop {
            if let Some(parsed) = parse_head(&buffer) {
                break parsed;
            }
            if buffer.len() > 1024 * 1024 {
                return Err(io::Error::other("request head too large"));
            }
            if read_more(&mut stream, &mut buffer).await? == 0 {
                return Ok(());
            }
        };
        while buffer.len() < head_end + body_length {
            if read_more(&mut stream, &mut buffer).await? == 0 {
                return Ok(());
            }
        }
        let answer = routes
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix))
            .map_or(NOT_FOUND, |(_, response)| response.as_slice());
        stream.write_all(answer).await?;
        buffer.drain(..head_end + body_length);
    }
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 16 * 1024];
    let read = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(chunk.get(..read).unwrap_or_default());
    Ok(read)
}

/// The end of the request head, the body's length and the request path, once the whole head
/// has arrived.
fn parse_head(buffer: &[u8]) -> Option<(usize, usize, String)> {
    let head_end = buffer.windows(4).position(|window| window == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(buffer.get(..head_end)?);
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let body_length = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    Some((head_end, body_length, path))
}

#[cfg(test)]
mod tests {
    use super::parse_head;

    #[test]
    fn a_head_is_read_once_complete() {
        assert_eq!(parse_head(b"GET /a HTTP/1.1\r\nHost: x\r\n"), None);
        let (end, length, path) =
            parse_head(b"POST /b?x=1 HTTP/1.1\r\ncontent-length: 12\r\n\r\n{}").unwrap();
        assert_eq!((end, length, path.as_str()), (44, 12, "/b?x=1"));
    }
}
