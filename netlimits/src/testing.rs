//! Test helpers for the crates whose sessions enforce these limits (feature `testing`, for
//! dev-dependencies only).

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

/// Sends `data` in pieces of `piece` bytes, one every `every`, reading what the server says
/// meanwhile, then reads for one more `every`. Returns what the server said and when it
/// closed the connection (None if it did not). Meant for paused time
/// (`#[tokio::test(start_paused = true)]`).
pub async fn send_slowly<S: AsyncRead + AsyncWrite + Unpin>(
    client: &mut S,
    data: &[u8],
    piece: usize,
    every: Duration,
) -> (String, Option<Duration>) {
    let start = Instant::now();
    let mut said = Vec::new();
    let mut buf = [0u8; 4096];
    let pieces = data.chunks(piece.max(1)).map(Some).chain([None]);
    for (i, chunk) in pieces.enumerate() {
        if let Some(chunk) = chunk {
            // An error means the server is gone; what it said is still to be read.
            let _ = client.write_all(chunk).await;
        }
        let next = start + every * (i as u32 + 1);
        loop {
            match tokio::time::timeout_at(next, client.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => {
                    let said = String::from_utf8_lossy(&said).into_owned();
                    return (said, Some(start.elapsed()));
                }
                Ok(Ok(n)) => said.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
    }
    (String::from_utf8_lossy(&said).into_owned(), None)
}
