//! COMPRESS=DEFLATE (RFC 4978): after the tagged OK of `COMPRESS DEFLATE`, both directions
//! of the connection are raw deflate streams (RFC 1951, no zlib header), each response burst
//! ended with a sync flush so the client can read it at once (§4).
//!
//! [`Compressible`] wraps a session's stream: until compression starts it only passes
//! through (one pointer more per connection, so an idle connection that never asks for it
//! stays within its memory budget). Once started it holds:
//! - an inflater for what the client sends, for the rest of the session: the client chooses
//!   its window, and a deflate stream may refer back 32 KiB, so that window is kept (44.6 KB
//!   more per idle connection in all, measured at 1,000 connections by
//!   tests/compress_e2e.rs `memory_of_a_thousand_idle_connections_with_and_without_compress`);
//! - a deflater only while a response burst is being written: it is dropped after each flush,
//!   once its output is on the wire, so an idle compressed connection does not keep its
//!   ~300 KB of hash tables. A new deflater starts with an empty window and never refers to
//!   what an earlier one sent, so the client's inflater reads the joined output as one
//!   stream (RFC 1951 §2: blocks are independent of the compressor that made them; only
//!   back-references reach across blocks, and none reaches before a new deflater's start).
//!
//! Reads inflate at most what the caller's buffer holds, so a small compressed input that
//! inflates hugely is still read under the framer's caps (no decompression bomb); writes
//! deflate at most [`WRITE_CHUNK`] bytes per call, so the compressed output waiting for the
//! socket stays bounded too.
//!
//! flate2 (already in the tree through mail-auth and policy, with its pure-Rust miniz_oxide
//! backend) gives the streaming raw-deflate compressor and decompressor with sync flush.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Plain bytes deflated per write call.
const WRITE_CHUNK: usize = 64 * 1024;
/// Compressed bytes asked of the socket per read.
const READ_CHUNK: usize = 4 * 1024;
/// zlib's default level, Dovecot's `imap_zlib_compress_level` default too.
const LEVEL: u32 = 6;

/// A session's stream, compressed once the client has asked for it.
pub(crate) struct Compressible<S> {
    pub(crate) inner: S,
    deflate: Option<Box<Deflate>>,
}

struct Deflate {
    inflater: Decompress,
    /// Compressed bytes read from the socket and not inflated yet (from `rx_at` on).
    rx: Vec<u8>,
    rx_at: usize,
    /// The client ended its deflate stream (a final block): nothing more can come.
    rx_ended: bool,
    /// The last inflate filled the caller's buffer: the inflater may hold more output
    /// without needing more input.
    rx_full: bool,
    /// Made at the first write of a burst, dropped after its flush.
    deflater: Option<Compress>,
    /// Compressed bytes not yet written to the socket (from `tx_at` on).
    tx: Vec<u8>,
    tx_at: usize,
    /// Bytes were deflated since the last sync flush.
    unsynced: bool,
}

impl<S> Compressible<S> {
    pub(crate) fn new(inner: S) -> Self {
        Compressible {
            inner,
            deflate: None,
        }
    }

    pub(crate) fn is_compressed(&self) -> bool {
        self.deflate.is_some()
    }

    /// Starts compression. `pending`: what the client sent after the COMPRESS command and
    /// was already read: it is compressed already.
    pub(crate) fn start(&mut self, pending: Vec<u8>) {
        self.deflate = Some(Box::new(Deflate {
            inflater: Decompress::new(false),
            rx: pending,
            rx_at: 0,
            rx_ended: false,
            rx_full: false,
            deflater: None,
            tx: Vec::new(),
            tx_at: 0,
            unsynced: false,
        }));
    }
}

fn broken(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("deflate: {e}"))
}

impl<S: AsyncWrite + Unpin> Compressible<S> {
    /// Writes out the compressed bytes waiting in `tx`.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some(d) = self.deflate.as_mut() else {
            return Poll::Ready(Ok(()));
        };
        while d.tx_at < d.tx.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &d.tx[d.tx_at..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            d.tx_at += n;
        }
        d.tx.clear();
        d.tx_at = 0;
        Poll::Ready(Ok(()))
    }
}

impl Deflate {
    /// Deflates `input` (all of it) into `tx`, with `flush`.
    fn deflate(&mut self, input: &[u8], flush: FlushCompress) -> io::Result<()> {
        let deflater = self
            .deflater
            .get_or_insert_with(|| Compress::new(Compression::new(LEVEL), false));
        let start = deflater.total_in();
        // Each pass consumes input or fills output room it was given: it ends.
        loop {
            let done = (deflater.total_in() - start) as usize;
            self.tx.reserve(input.len().saturating_sub(done) / 2 + 1024);
            let before = self.tx.len();
            deflater
                .compress_vec(&input[done..], &mut self.tx, flush)
                .map_err(broken)?;
            let consumed = (deflater.total_in() - start) as usize;
            // Finished when all input is taken and the output did not fill its room (a
            // sync flush's marker may otherwise still be pending).
            if consumed == input.len() && self.tx.len() < self.tx.capacity() {
                break;
            }
            if consumed == done && self.tx.len() == before && self.tx.len() < self.tx.capacity() {
                return Err(broken("no progress"));
            }
        }
        Ok(())
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Compressible<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let Some(d) = this.deflate.as_mut() else {
            return Pin::new(&mut this.inner).poll_read(cx, buf);
        };
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        // Each pass inflates buffered input, or reads more, or returns: a pass that neither
        // consumes nor produces reads from the socket, which ends at EOF.
        loop {
            if d.rx_ended {
                return Poll::Ready(Ok(()));
            }
            if d.rx_at < d.rx.len() || d.rx_full {
                let room = buf.remaining();
                let (in_before, out_before) = (d.inflater.total_in(), d.inflater.total_out());
                let status = d
                    .inflater
                    .decompress(
                        &d.rx[d.rx_at..],
                        buf.initialize_unfilled(),
                        FlushDecompress::Sync,
                    )
                    .map_err(broken)?;
                let consumed = (d.inflater.total_in() - in_before) as usize;
                let produced = (d.inflater.total_out() - out_before) as usize;
                d.rx_at += consumed;
                buf.advance(produced);
                d.rx_full = produced == room;
                if status == Status::StreamEnd {
                    d.rx_ended = true;
                }
                if produced > 0 {
                    return Poll::Ready(Ok(()));
                }
                if consumed > 0 {
                    continue;
                }
            }
            // Everything buffered is inflated (or is part of a block not complete yet): keep
            // the unread tail, read more.
            d.rx.drain(..d.rx_at);
            d.rx_at = 0;
            let start = d.rx.len();
            d.rx.resize(start + READ_CHUNK, 0);
            let mut read = ReadBuf::new(&mut d.rx[start..]);
            let polled = Pin::new(&mut this.inner).poll_read(cx, &mut read);
            let n = read.filled().len();
            d.rx.truncate(start + n);
            if d.rx.is_empty() {
                // An idle connection keeps no read buffer.
                d.rx = Vec::new();
            }
            ready!(polled)?;
            if n == 0 {
                // The socket ended.
                return Poll::Ready(Ok(()));
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Compressible<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.deflate.is_none() {
            return Pin::new(&mut this.inner).poll_write(cx, data);
        }
        ready!(this.drain(cx))?;
        let Some(d) = this.deflate.as_mut() else {
            return Poll::Ready(Ok(0));
        };
        let take = data.len().min(WRITE_CHUNK);
        d.deflate(&data[..take], FlushCompress::None)?;
        d.unsynced = true;
        Poll::Ready(Ok(take))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Some(d) = this.deflate.as_mut()
            && d.unsynced
        {
            // RFC 4978 §4: each burst ends with a flush the client can inflate at once.
            d.deflate(&[], FlushCompress::Sync)?;
            d.unsynced = false;
        }
        ready!(this.drain(cx))?;
        ready!(Pin::new(&mut this.inner).poll_flush(cx))?;
        if let Some(d) = this.deflate.as_mut() {
            // The burst is on the wire: the deflater's tables go until the next one.
            d.deflater = None;
            d.tx = Vec::new();
        }
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?;
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// What one side writes in bursts arrives whole on the other; the server side's output
    /// is inflated by a plain decompressor as one stream across bursts (its deflater is
    /// dropped after each flush).
    #[tokio::test]
    async fn bursts_inflate_as_one_stream() {
        let (a, b) = tokio::io::duplex(1 << 16);
        let mut server = Compressible::new(a);
        server.start(Vec::new());
        let mut client = Compressible::new(b);
        client.start(Vec::new());
        let text: Vec<u8> = (0..20_000)
            .flat_map(|i| format!("* {i} FETCH (FLAGS (\\Seen) UID {i})\r\n").into_bytes())
            .collect();
        let expected = text.clone();
        let writer = tokio::spawn(async move {
            for burst in text.chunks(70_000) {
                server.write_all(burst).await.unwrap();
                server.flush().await.unwrap();
                assert!(server.deflate.as_ref().unwrap().deflater.is_none());
            }
            server
        });
        let mut got = vec![0u8; expected.len()];
        client.read_exact(&mut got).await.unwrap();
        assert!(got == expected);
        let mut server = writer.await.unwrap();
        // And the other way.
        client.write_all(b"a1 NOOP\r\n").await.unwrap();
        client.flush().await.unwrap();
        let mut line = [0u8; 9];
        server.read_exact(&mut line).await.unwrap();
        assert_eq!(&line, b"a1 NOOP\r\n");
    }

    /// A tiny input that inflates to megabytes is read a buffer at a time, and all of it
    /// comes out though no more input follows (the inflater holds what did not fit).
    #[tokio::test]
    async fn a_bomb_is_read_a_buffer_at_a_time() {
        let mut c = Compress::new(Compression::best(), false);
        let mut bomb = Vec::with_capacity(64 * 1024);
        c.compress_vec(&vec![b'a'; 8 << 20], &mut bomb, FlushCompress::Sync)
            .unwrap();
        assert!(bomb.len() < 64 * 1024);
        let (a, mut b) = tokio::io::duplex(1 << 16);
        let mut server = Compressible::new(a);
        server.start(Vec::new());
        b.write_all(&bomb).await.unwrap();
        let mut buf = [0u8; 1024];
        let n = server.read(&mut buf).await.unwrap();
        assert_eq!(n, 1024);
        assert!(server.deflate.as_ref().unwrap().rx.len() <= bomb.len());
        let mut total = n;
        let all = async {
            while total < 8 << 20 {
                total += server.read(&mut buf).await.unwrap();
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(20), all)
            .await
            .unwrap();
        assert_eq!(total, 8 << 20);
    }

    #[tokio::test]
    async fn garbage_is_an_error() {
        let (a, mut b) = tokio::io::duplex(1024);
        let mut server = Compressible::new(a);
        server.start(Vec::new());
        b.write_all(&[0xff; 64]).await.unwrap();
        let mut buf = [0u8; 64];
        assert!(server.read(&mut buf).await.is_err());
    }
}
