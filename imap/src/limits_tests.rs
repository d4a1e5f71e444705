//! The deadlines of a command being received (`netlimits::Pace` through `io::read_more`),
//! in virtual time: a command trickled a byte at a time is cut off, a literal below the
//! minimum rate too, while one at a decent rate and a client waiting between commands are
//! served.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use netlimits::testing::send_slowly;
use tokio::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

use crate::session::Session;
use crate::test_client::{demo_store, imap};

/// A session over a pipe, past its greeting and logged in (before login only small literals
/// are read), with a command deadline of `line`. Keep the directory while it runs.
async fn session(line: Duration) -> (DuplexStream, tempfile::TempDir) {
    let (dir, store, _) = demo_store();
    let mut config = crate::ImapConfig::default();
    config.deadlines.line = line;
    let imap = imap(store, config);
    let (mut client, server) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        Session::new(server, imap, "192.0.2.1:4000".parse().unwrap(), true, false)
            .run(true)
            .await
    });
    let mut buf = [0u8; 4096];
    let n = client.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"* OK"));
    let login = format!(
        "a LOGIN \"{}\" \"{}\"\r\n",
        crate::test_client::USER,
        crate::test_client::PASSWORD
    );
    client.write_all(login.as_bytes()).await.unwrap();
    let n = client.read(&mut buf).await.unwrap();
    assert!(
        buf[..n].starts_with(b"a OK"),
        "{:?}",
        String::from_utf8_lossy(&buf[..n])
    );
    (client, dir)
}

#[tokio::test(start_paused = true)]
async fn a_command_trickled_a_byte_a_second_is_cut_off_after_a_minute() {
    let (mut client, _dir) = session(netlimits::Deadlines::default().line).await;
    let line = format!("a1 NOOP {}\r\n", "x".repeat(100));
    let (said, closed) = send_slowly(&mut client, line.as_bytes(), 1, Duration::from_secs(1)).await;
    assert!(
        said.contains("* BYE command not received in time"),
        "{said:?}"
    );
    let closed = closed.unwrap();
    assert!(
        closed >= Duration::from_secs(60) && closed <= Duration::from_secs(62),
        "{closed:?}"
    );
}

// A 10 s command deadline makes the literals below outlast it.

#[tokio::test(start_paused = true)]
async fn a_literal_below_the_minimum_rate_is_cut_off() {
    let (mut client, _dir) = session(Duration::from_secs(10)).await;
    // 60 KB at 500 bytes a second: 120 s; the deadline (10 s plus a second per KiB
    // received) is passed after about 19.5 s.
    client
        .write_all(b"a1 APPEND INBOX {60000}\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 256];
    let n = client.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"+ "));
    let literal = vec![b'x'; 60_000];
    let (said, closed) = send_slowly(&mut client, &literal, 100, Duration::from_millis(200)).await;
    assert_eq!(said, "* BYE command not received in time\r\n");
    let closed = closed.unwrap();
    assert!(
        closed >= Duration::from_secs(19) && closed <= Duration::from_secs(21),
        "{closed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_literal_at_a_decent_rate_and_a_waiting_client_are_served() {
    let (mut client, _dir) = session(Duration::from_secs(10)).await;
    // Half an hour less a minute between commands (RFC 9051 §5.4: 30 minutes).
    tokio::time::sleep(Duration::from_secs(29 * 60)).await;
    client.write_all(b"a0 NOOP\r\n").await.unwrap();
    let mut buf = [0u8; 256];
    let n = client.read(&mut buf).await.unwrap();
    assert!(
        buf[..n].starts_with(b"a0 OK"),
        "{:?}",
        String::from_utf8_lossy(&buf[..n])
    );
    // 60 KB at 2,000 bytes a second: 30 s, three times the command deadline, and served.
    client
        .write_all(b"a1 APPEND INBOX {60000}\r\n")
        .await
        .unwrap();
    let n = client.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"+ "));
    let mut literal = vec![b'x'; 60_000];
    literal.extend_from_slice(b"\r\n");
    let (said, closed) = send_slowly(&mut client, &literal, 400, Duration::from_millis(200)).await;
    assert_eq!(closed, None, "{said:?}");
    // Not a message (no header): refused, but only once it has all arrived.
    assert!(said.starts_with("a1 "), "{said:?}");
}

#[tokio::test(start_paused = true)]
async fn a_client_that_does_not_read_is_let_go() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    // A pipe too small for the greeting, and a client that never reads.
    let (_client, server) = tokio::io::duplex(64);
    let start = Instant::now();
    let session = tokio::spawn(async move {
        Session::new(server, imap, "192.0.2.1:4000".parse().unwrap(), true, false)
            .run(true)
            .await
    });
    let ended = tokio::time::timeout(Duration::from_secs(3600), session).await;
    assert!(
        ended.is_ok(),
        "the session still waits to write after an hour"
    );
    let took = start.elapsed();
    assert!(
        took >= Duration::from_secs(60) && took <= Duration::from_secs(61),
        "{took:?}"
    );
}
