//! Reading and writing a client connection, shared by the IMAP, POP3 and ManageSieve
//! sessions: each read waits for input, the idle timeout or the server's shutdown, whichever
//! comes first; each session says its own goodbye.

use std::time::Duration;

use netlimits::Pace;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

/// Bytes asked of the socket per read.
pub(crate) const READ_CHUNK: usize = 16 * 1024;
/// Bytes asked when nothing is buffered: a command line usually fits.
const IDLE_CHUNK: usize = 1024;

/// What one read brought.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// Bytes were appended to the input.
    Data,
    /// The client closed the connection (or it failed).
    Closed,
    /// Nothing arrived within the idle timeout.
    Idle,
    /// A command begun was not received whole by its deadline (`netlimits::Pace`).
    TooSlow,
    /// The server is stopping.
    Shutdown,
}

impl Read {
    /// The text of the closing line (IMAP and ManageSieve BYE) when the server ends the
    /// session after this read; None when it goes on or the client left.
    pub(crate) fn farewell(self) -> Option<&'static str> {
        match self {
            Read::Idle => Some("idle for too long"),
            Read::TooSlow => Some("command not received in time"),
            Read::Shutdown => Some("server shutting down"),
            Read::Data | Read::Closed => None,
        }
    }
}

/// Appends what the client sends next to `input`. `busy`: part of a command has been
/// received (bytes in `input`, or in the framer); then its deadline runs (`pace`), otherwise
/// the session waits for its next command for up to `idle`.
pub(crate) async fn read_more<S: AsyncRead + Unpin>(
    stream: &mut S,
    input: &mut Vec<u8>,
    (pace, busy): (&mut Pace, bool),
    idle: Duration,
    shutdown: &CancellationToken,
) -> Read {
    if busy {
        pace.begin();
    } else {
        pace.done();
    }
    let wait = pace.wait(idle);
    let start = input.len();
    // A connection waiting for its next command (most of them, most of the time: IDLE)
    // holds only a small buffer; reads grow to READ_CHUNK while data is flowing.
    let chunk = if start == 0 && input.capacity() < READ_CHUNK {
        IDLE_CHUNK
    } else {
        READ_CHUNK
    };
    // `read_buf` fills the spare capacity and lengthens `input` only by what arrived, so
    // dropping this future mid-read (a `select!` elsewhere, as NOTIFY's) leaves `input` as it
    // was: tokio's `AsyncReadExt::read_buf` is cancel-safe, a zero-filled `resize` was not.
    input.reserve_exact(chunk);
    let read = tokio::select! {
        r = tokio::time::timeout(wait, stream.read_buf(input)) => r,
        _ = shutdown.cancelled() => return Read::Shutdown,
    };
    match read {
        Ok(Ok(n)) if n > 0 => {
            pace.received(n);
            Read::Data
        }
        Ok(_) => Read::Closed,
        Err(_) => {
            if pace.busy() {
                Read::TooSlow
            } else {
                Read::Idle
            }
        }
    }
}

/// Writes and clears `output`; false when the connection is gone, or the client does not
/// take it in time (`Deadlines::to_send`: it stopped reading; once the server is shutting
/// down, [`netlimits::SHUTDOWN_WRITE_GRACE`] at most).
pub(crate) async fn flush<S: AsyncWrite + Unpin>(
    stream: &mut S,
    output: &mut Vec<u8>,
    deadlines: &netlimits::Deadlines,
    shutdown: &CancellationToken,
) -> bool {
    if output.is_empty() {
        return true;
    }
    let limit = deadlines.to_send(output.len());
    let (to, bytes) = (&mut *stream, &output[..]);
    let write =
        move || async move { to.write_all(bytes).await.is_ok() && to.flush().await.is_ok() };
    let ok = netlimits::send_within(limit, || shutdown.cancelled(), write).await;
    output.clear();
    // A FETCH 1:* may have grown the buffer to megabytes; an idle connection keeps little.
    if output.capacity() > KEEP_CAPACITY {
        *output = Vec::new();
    }
    ok
}

/// Buffer capacity a connection keeps between commands.
pub(crate) const KEEP_CAPACITY: usize = 64 * 1024;

/// Replies of pipelined commands waiting in the output are sent, before the next command
/// runs, once they are this large: a client that pipelines without reading holds about this
/// much of the server's memory (plus one command's reply).
pub(crate) const FLUSH_OVER: usize = 64 * 1024;

/// A client's TCP connection that acknowledges what it reads at once (TCP_QUICKACK).
///
/// A client that sends an APPEND literal and the CRLF closing the command in two writes
/// (Python's imaplib does) has that CRLF held back by Nagle's algorithm until the literal is
/// acknowledged, and Linux delays the acknowledgement by up to 40 ms when it has nothing to
/// send: every APPEND took 44 ms. The kernel clears the flag as it goes, so it is set again
/// after each read; one system call per read.
pub(crate) struct QuickAck(pub(crate) tokio::net::TcpStream);

impl QuickAck {
    fn ack_now(&self) {
        #[cfg(target_os = "linux")]
        let _ = socket2::SockRef::from(&self.0).set_tcp_quickack(true);
    }
}

impl AsyncRead for QuickAck {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let polled = std::pin::Pin::new(&mut self.0).poll_read(cx, buf);
        if polled.is_ready() {
            self.ack_now();
        }
        polled
    }
}

impl AsyncWrite for QuickAck {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        data: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, data)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pace() -> Pace {
        Pace::new(&netlimits::Deadlines::default())
    }

    /// A read dropped before any byte arrives (another branch of a `select!` won) must leave
    /// the input as it was: the next read appends to what the client really sent.
    #[tokio::test]
    async fn a_read_dropped_midway_leaves_the_input_as_it_was() {
        let (mut ours, mut theirs) = tokio::io::duplex(64);
        let mut input = b"A1 NOOP".to_vec();
        let mut pace = pace();
        let shutdown = CancellationToken::new();
        let idle = Duration::from_secs(60);
        let dropped = tokio::time::timeout(
            Duration::from_millis(20),
            read_more(&mut ours, &mut input, (&mut pace, true), idle, &shutdown),
        )
        .await;
        assert!(
            dropped.is_err(),
            "nothing was sent, so the read must still be waiting"
        );
        assert_eq!(input.len(), 7, "the dropped read left bytes in the input");
        assert_eq!(input, b"A1 NOOP");

        theirs.write_all(b"\r\n").await.unwrap();
        let read = read_more(&mut ours, &mut input, (&mut pace, true), idle, &shutdown).await;
        assert!(read == Read::Data);
        assert_eq!(input, b"A1 NOOP\r\n");
    }

    #[tokio::test]
    async fn shutdown_and_close_append_nothing() {
        let (mut ours, theirs) = tokio::io::duplex(64);
        let mut input = b"partial".to_vec();
        let mut pace = pace();
        let idle = Duration::from_secs(60);
        let shutdown = CancellationToken::new();
        shutdown.cancel();
        let read = read_more(&mut ours, &mut input, (&mut pace, true), idle, &shutdown).await;
        assert!(read == Read::Shutdown);
        assert_eq!(input, b"partial");

        drop(theirs);
        let live = CancellationToken::new();
        let read = read_more(&mut ours, &mut input, (&mut pace, true), idle, &live).await;
        assert!(read == Read::Closed);
        assert_eq!(input, b"partial");
    }
}
