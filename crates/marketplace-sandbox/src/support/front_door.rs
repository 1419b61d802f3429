//! A small TCP relay in front of each wiremock server.
//!
//! wiremock (through hyper) always sends a body whole, and hyper refuses a `Content-Length` that
//! disagrees with the body, so a response that ends early cannot be produced inside wiremock. The
//! relay forwards bytes untouched in both directions, reads just enough of each response to find
//! where it ends (status line, headers, `Content-Length`), and when a responder marked a response
//! with [`CUT_MARKER`] it forwards the head and half of the body, then closes the connection. The
//! client sees exactly what a dropped connection mid-body looks like.

use std::net::SocketAddr;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The response header a responder sets to ask the relay to cut that body short. The relay
/// removes it before forwarding.
pub(crate) const CUT_MARKER: &str = "x-sandbox-cut-body";

/// Largest response head the relay parses; anything bigger is forwarded untouched.
const MAX_HEAD: usize = 64 * 1024;

/// Binds a loopback port (`port`, or one the system picks when it is `None`) and relays every
/// connection to `upstream`. The returned task accepts connections until it is aborted.
pub(crate) async fn open(
    upstream: SocketAddr,
    port: Option<u16>,
) -> std::io::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind(("127.0.0.1", port.unwrap_or(0))).await?;
    let address = listener.local_addr()?;
    let task = tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(relay(client, upstream));
        }
    });
    Ok((address, task))
}

async fn relay(client: TcpStream, upstream: SocketAddr) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let requests = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    });
    let _ = forward_responses(&mut server_read, &mut client_write).await;
    let _ = client_write.shutdown().await;
    requests.abort();
}

/// Forwards responses one by one until either side closes or a cut was asked for.
async fn forward_responses<R, W>(server: &mut R, client: &mut W) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buffer: Vec<u8> = Vec::with_capacity(8192);
    loop {
        let head_end = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break end + 4;
            }
            if buffer.len() > MAX_HEAD {
                return pass_through(&buffer, server, client).await;
            }
            let mut chunk = [0u8; 8192];
            let read = server.read(&mut chunk).await?;
            if read == 0 {
                client.write_all(&buffer).await?;
                return Ok(());
            }
            buffer.extend_from_slice(chunk.get(..read).unwrap_or_default());
        };
        let head_bytes = buffer.get(..head_end).unwrap_or_default().to_vec();
        let rest = buffer.get(head_end..).unwrap_or_default().to_vec();
        let Ok(head_text) = std::str::from_utf8(&head_bytes) else {
            client.write_all(&head_bytes).await?;
            return pass_through(&rest, server, client).await;
        };
        let head = ResponseHead::parse(head_text);
        match head.framing {
            Framing::None => {
                client.write_all(head.forwarded.as_bytes()).await?;
                buffer = rest;
            }
            Framing::UntilClose => {
                client.write_all(head.forwarded.as_bytes()).await?;
                return pass_through(&rest, server, client).await;
            }
            Framing::Length(length) => {
                let mut body = rest;
                while body.len() < length {
                    let mut chunk = [0u8; 8192];
                    let read = server.read(&mut chunk).await?;
                    if read == 0 {
                        break;
                    }
                    body.extend_from_slice(chunk.get(..read).unwrap_or_default());
                }
                let split = length.min(body.len());
                let (this_body, next) = body.split_at(split);
                client.write_all(head.forwarded.as_bytes()).await?;
                if head.cut {
                    let half = this_body.get(..this_body.len() / 2).unwrap_or_default();
                    client.write_all(half).await?;
                    client.flush().await?;
                    return Ok(());
                }
                client.write_all(this_body).await?;
                buffer = next.to_vec();
            }
        }
        client.flush().await?;
    }
}

async fn pass_through<R, W>(
    already_read: &[u8],
    server: &mut R,
    client: &mut W,
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    client.write_all(already_read).await?;
    tokio::io::copy(server, client).await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    /// No body follows (1xx, 204, 304).
    None,
    /// `Content-Length` bytes follow.
    Length(usize),
    /// Chunked or unframed: the relay stops parsing and copies bytes until the end.
    UntilClose,
}

#[derive(Debug)]
struct ResponseHead {
    forwarded: String,
    framing: Framing,
    cut: bool,
}

impl ResponseHead {
    fn parse(head: &str) -> Self {
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let mut forwarded = String::with_capacity(head.len());
        forwarded.push_str(status_line);
        forwarded.push_str("\r\n");
        let mut length = None;
        let mut chunked = false;
        let mut cut = false;
        for line in lines.filter(|line| !line.is_empty()) {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            let name = name.trim();
            if name.eq_ignore_ascii_case(CUT_MARKER) {
                cut = true;
                continue;
            }
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
            if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = true;
            }
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
        forwarded.push_str("\r\n");
        let framing = if (100..200).contains(&status) || status == 204 || status == 304 {
            Framing::None
        } else if chunked {
            Framing::UntilClose
        } else {
            length.map_or(Framing::UntilClose, Framing::Length)
        };
        Self {
            forwarded,
            framing,
            cut,
        }
    }
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_cut_marker_and_reads_the_length() {
        let head = ResponseHead::parse(
            "HTTP/1.1 200 OK\r\ncontent-length: 10\r\nx-sandbox-cut-body: 1\r\n\r\n",
        );
        assert!(head.cut);
        assert_eq!(head.framing, Framing::Length(10));
        assert_eq!(
            head.forwarded,
            "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n"
        );
    }

    #[test]
    fn no_body_for_no_content() {
        let head = ResponseHead::parse("HTTP/1.1 204 No Content\r\n\r\n");
        assert_eq!(head.framing, Framing::None);
    }
}
