//! The deadlines of a command or message being received (`netlimits::Pace` in
//! `Session::fill`), in virtual time: a command line trickled a byte at a time is cut off
//! with 421, a message sent below the minimum rate too; a message at a decent rate and a
//! client waiting between commands are served.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use netlimits::testing::send_slowly;
use tokio::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

/// An inbound session from 10.9.9.9 over a pipe, past its greeting, with annv@x.gov.vn as
/// a local mailbox. Keep the directory while the session runs.
async fn session() -> (DuplexStream, tempfile::TempDir) {
    let (dir, store) = crate::test_support::store_with_annv();
    let logins = crate::test_support::logins();
    let smtp = crate::Smtp::new(crate::SmtpConfig::default(), store, logins);
    let (mut client, server) = tokio::io::duplex(1 << 16);
    let peer = "10.9.9.9:4000".parse().unwrap();
    tokio::spawn(async move {
        crate::Session::new(
            server,
            Arc::new(smtp),
            crate::Mode::Inbound,
            peer,
            false,
            false,
        )
        .run(true)
        .await;
    });
    let mut buf = [0u8; 512];
    let n = client.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"220 "));
    (client, dir)
}

/// Sends `command` and reads the reply up to a final line (code and space).
async fn say(client: &mut DuplexStream, command: &str) -> String {
    client.write_all(command.as_bytes()).await.unwrap();
    let mut said = String::new();
    let mut buf = [0u8; 4096];
    while !said.lines().any(|l| l.as_bytes().get(3) == Some(&b' ')) {
        let n = client.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed: {said:?}");
        said.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    said
}

#[tokio::test(start_paused = true)]
async fn a_command_trickled_a_byte_a_second_is_cut_off_after_a_minute() {
    let (mut client, _dir) = session().await;
    let line = format!("EHLO {}\r\n", "x".repeat(100));
    let (said, closed) = send_slowly(&mut client, line.as_bytes(), 1, Duration::from_secs(1)).await;
    assert_eq!(said, "421 4.4.2 too slow, closing connection\r\n");
    let closed = closed.unwrap();
    assert!(
        closed >= Duration::from_secs(60) && closed <= Duration::from_secs(62),
        "{closed:?}"
    );
}

async fn ready_for_data(client: &mut DuplexStream) {
    say(client, "EHLO mail.example.org\r\n").await;
    say(client, "MAIL FROM:<a@example.org>\r\n").await;
    let rcpt = say(client, "RCPT TO:<annv@x.gov.vn>\r\n").await;
    assert!(rcpt.starts_with("250"), "{rcpt}");
}

/// A message of `lines` lines of 100 bytes.
fn message(lines: usize) -> Vec<u8> {
    let mut m = b"Subject: slow\r\n\r\n".to_vec();
    for _ in 0..lines {
        m.extend_from_slice(&[b'x'; 98]);
        m.extend_from_slice(b"\r\n");
    }
    m.extend_from_slice(b".\r\n");
    m
}

#[tokio::test(start_paused = true)]
async fn a_message_below_the_minimum_rate_is_cut_off() {
    let (mut client, _dir) = session().await;
    ready_for_data(&mut client).await;
    assert!(say(&mut client, "DATA\r\n").await.starts_with("354"));
    // 100 KB at 500 bytes a second: 200 s; the deadline (60 s plus a second per KiB) is
    // passed after about 117 s.
    let (said, closed) =
        send_slowly(&mut client, &message(1000), 100, Duration::from_millis(200)).await;
    assert_eq!(said, "421 4.4.2 too slow, closing connection\r\n");
    let closed = closed.unwrap();
    assert!(
        closed >= Duration::from_secs(110) && closed <= Duration::from_secs(125),
        "{closed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_message_at_a_decent_rate_and_a_waiting_client_are_served() {
    let (mut client, _dir) = session().await;
    // Four minutes between commands (RFC 5321 §4.5.3.2.7: wait at least 5).
    tokio::time::sleep(Duration::from_secs(240)).await;
    ready_for_data(&mut client).await;
    tokio::time::sleep(Duration::from_secs(240)).await;
    assert!(say(&mut client, "DATA\r\n").await.starts_with("354"));
    // 400 KB at 2,000 bytes a second: 200 s, well past the minute, and still served.
    let (said, closed) =
        send_slowly(&mut client, &message(4000), 400, Duration::from_millis(200)).await;
    assert_eq!(closed, None, "{said:?}");
    assert!(said.starts_with("250 "), "{said:?}");
    // The same for a BDAT chunk.
    ready_for_data(&mut client).await;
    let chunk = message(4000);
    let command = format!("BDAT {} LAST\r\n", chunk.len());
    client.write_all(command.as_bytes()).await.unwrap();
    let (said, closed) = send_slowly(&mut client, &chunk, 400, Duration::from_millis(200)).await;
    assert_eq!(closed, None, "{said:?}");
    assert!(said.starts_with("250 "), "{said:?}");
}

#[tokio::test(start_paused = true)]
async fn a_bdat_chunk_below_the_minimum_rate_is_cut_off() {
    let (mut client, _dir) = session().await;
    ready_for_data(&mut client).await;
    let chunk = message(1000);
    let command = format!("BDAT {} LAST\r\n", chunk.len());
    client.write_all(command.as_bytes()).await.unwrap();
    let (said, closed) = send_slowly(&mut client, &chunk, 100, Duration::from_millis(200)).await;
    assert_eq!(said, "421 4.4.2 too slow, closing connection\r\n");
    assert!(closed.is_some());
}

#[tokio::test(start_paused = true)]
async fn a_client_that_does_not_read_is_let_go() {
    let dir = tempfile::tempdir().unwrap();
    let store = storage::Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
    let logins = crate::test_support::logins();
    let smtp = crate::Smtp::new(crate::SmtpConfig::default(), store, logins);
    // A pipe too small for the greeting, and a client that never reads.
    let (_client, server) = tokio::io::duplex(8);
    let peer = "10.9.9.9:4000".parse().unwrap();
    let start = Instant::now();
    let session = tokio::spawn(async move {
        let mode = crate::Mode::Inbound;
        crate::Session::new(server, Arc::new(smtp), mode, peer, false, false)
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
