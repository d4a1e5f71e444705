//! A session's replies hold a bounded amount of the server's memory, whatever the client
//! asks and however slowly it reads ("nothing unbounded"), against the real server on
//! loopback: a `UID FETCH 1:* BODY.PEEK[]` of a mailbox of about 250 MB, read slowly, grows
//! the server by about one chunk of responses, not by the mailbox, and every byte arrives as
//! it was imported; thousands of pipelined POP3 UIDL and IMAP `FETCH 1:*` sent before the
//! client reads grow it by little, and the replies arrive whole and in order.
//!
//! Memory is the server's peak resident set (VmHWM) against its resident set before the
//! command, so a peak anywhere during the command counts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{PASSWORD, Server, rss_kib};

const DOMAIN: &str = "quangngai.gov.vn";

/// A server whose store holds `messages` in annv's INBOX (imported before it starts, the
/// fastest way in: `govmail import mbox`), with logins over plain text on loopback.
fn server_with(messages: impl Iterator<Item = Vec<u8>>) -> Server {
    let server = Server::create(DOMAIN, |config| {
        config.replace(
            "plaintext_auth_on_loopback = false",
            "plaintext_auth_on_loopback = true",
        )
    });
    let mbox = server.root.join("fill.mbox");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&mbox).unwrap());
    for message in messages {
        file.write_all(b"From annv@quangngai.gov.vn Mon Nov  2 08:00:00 2026\n")
            .unwrap();
        // mbox lines end in LF; the import stores them with CRLF again. The message ends
        // with its line end, and the next separator follows.
        let lf: Vec<u8> = message.iter().copied().filter(|&b| b != b'\r').collect();
        file.write_all(&lf).unwrap();
    }
    file.flush().unwrap();
    drop(file);
    let address = format!("annv@{DOMAIN}");
    server.govmail(&["import", "mbox", &address, mbox.to_str().unwrap()]);
    std::fs::remove_file(&mbox).unwrap();
    server.spawn()
}

/// Message `i` of the large mailbox: a short text and a base64 attachment of about
/// `size` bytes whose every line is numbered, so that no two messages or lines are alike.
fn large_message(i: usize, size: usize) -> Vec<u8> {
    let mut m = format!(
        "From: Nguyen Van An <annv@{DOMAIN}>\r\nTo: annv@{DOMAIN}\r\n\
         Subject: Bao cao so {i}\r\nDate: Mon, 02 Nov 2026 08:00:00 +0700\r\n\
         Message-ID: <large{i}@{DOMAIN}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nXem tep dinh kem.\r\n\
         --b\r\nContent-Type: application/octet-stream; name=\"data{i}.bin\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n"
    )
    .into_bytes();
    const TAIL: &[u8] = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJz\r\n";
    let mut line = 0;
    while m.len() < size {
        m.extend_from_slice(format!("{i:08}{line:08}").as_bytes());
        m.extend_from_slice(TAIL);
        line += 1;
    }
    m.extend_from_slice(b"--b--\r\n");
    m
}

/// The peak resident set (VmHWM) of process `pid`, in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn connect(port: u16) -> (BufReader<TcpStream>, TcpStream) {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    (BufReader::new(stream.try_clone().unwrap()), stream)
}

fn line(reader: &mut impl BufRead) -> String {
    let mut line = String::new();
    assert!(
        reader.read_line(&mut line).unwrap() > 0,
        "connection closed"
    );
    line
}

/// Reads lines up to one starting with `prefix`; returns it.
fn until(reader: &mut impl BufRead, prefix: &str) -> String {
    loop {
        let line = line(reader);
        if line.starts_with(prefix) {
            return line;
        }
    }
}

/// An IMAP session logged in as annv with INBOX selected.
fn imap(server: &Server) -> (BufReader<TcpStream>, TcpStream) {
    let (mut reader, mut writer) = connect(server.imap_port);
    until(&mut reader, "* OK");
    let login = format!("l LOGIN annv@{DOMAIN} {PASSWORD}\r\ns SELECT INBOX\r\n");
    writer.write_all(login.as_bytes()).unwrap();
    assert!(until(&mut reader, "l ").starts_with("l OK"));
    assert!(until(&mut reader, "s ").starts_with("s OK"));
    (reader, writer)
}

/// 100 messages of 2.5 MB: `UID FETCH 1:* BODY.PEEK[]`, the client reading slowly (it waits
/// before its first read, then takes 64 KiB at a time with a pause every MiB). Before the
/// responses were sent in chunks, the server built all 250 MB of them before sending any.
#[test]
fn a_fetch_of_a_whole_large_mailbox_holds_about_one_chunk() {
    const COUNT: usize = 100;
    const SIZE: usize = 2_500_000;
    let server = server_with((0..COUNT).map(|i| large_message(i, SIZE)));
    let pid = server.child.as_ref().unwrap().id();
    let (mut reader, mut writer) = imap(&server);
    // What a first FETCH of a body sets up once is in the baseline.
    writer.write_all(b"w UID FETCH 1 BODY.PEEK[]\r\n").unwrap();
    until(&mut reader, "w OK");
    let before = rss_kib(pid);

    writer
        .write_all(b"f UID FETCH 1:* BODY.PEEK[]\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let mut body = vec![0u8; SIZE + 4096];
    let mut read_since_pause = 0;
    for i in 0..COUNT {
        let head = line(&mut reader);
        let uid = i + 1;
        let prefix = format!("* {uid} FETCH (UID {uid} BODY[] {{");
        assert!(head.starts_with(&prefix), "message {uid}: {head:?}");
        let size: usize = head[prefix.len()..]
            .trim_end()
            .trim_end_matches('}')
            .parse()
            .unwrap();
        let expected = large_message(i, SIZE);
        assert_eq!(size, expected.len(), "message {uid}'s size");
        let got = &mut body[..size];
        let mut at = 0;
        while at < size {
            let end = (at + 64 * 1024).min(size);
            reader.read_exact(&mut got[at..end]).unwrap();
            read_since_pause += end - at;
            if read_since_pause >= 1 << 20 {
                std::thread::sleep(Duration::from_millis(5));
                read_since_pause = 0;
            }
            at = end;
        }
        assert!(got == &expected[..], "message {uid} differs");
        assert_eq!(line(&mut reader), ")\r\n", "after message {uid}");
    }
    let tagged = line(&mut reader);
    assert!(tagged.starts_with("f OK"), "{tagged:?}");
    let peak = peak_kib(pid);
    let grown = peak.saturating_sub(before);
    eprintln!(
        "FETCH of {} MB: RSS before {before} KiB, peak {peak} KiB (+{grown} KiB)",
        COUNT * SIZE / 1_000_000
    );
    assert!(
        grown < 64 * 1024,
        "the server grew by {grown} KiB for a FETCH of {COUNT} × {SIZE} bytes"
    );
}

/// A small message for the pipelining tests.
fn small_message(i: usize) -> Vec<u8> {
    format!(
        "From: annv@{DOMAIN}\r\nTo: annv@{DOMAIN}\r\nSubject: Thu {i}\r\n\
         Date: Mon, 02 Nov 2026 08:00:00 +0700\r\nMessage-ID: <small{i}@{DOMAIN}>\r\n\r\n\
         Noi dung {i}\r\n"
    )
    .into_bytes()
}

/// Messages in the maildrop of the pipelining tests. Each reply lists every message (about
/// 40 KB for UIDL, 150 KB for `FETCH 1:* (UID FLAGS INTERNALDATE)`), and one read of the
/// server's (16 KiB) holds hundreds or thousands of commands: all answered before anything
/// was sent, they grew the output by 60 to 110 MB per read (measured on the code before:
/// +83 MB peak for the IMAP test, +117 MB for the POP3 one).
const MAILDROP: usize = 2000;

/// Sends `commands` from a thread of its own (the server stops reading them while the
/// client does not read: the kernel's buffers are full), so that this thread can read.
/// Returns the thread and a handle that closes the connection.
fn send_in_background(
    writer: TcpStream,
    commands: Vec<u8>,
) -> (std::thread::JoinHandle<()>, TcpStream) {
    let closer = writer.try_clone().unwrap();
    let mut writer = writer;
    let sender = std::thread::spawn(move || {
        // Fails once the test has closed the connection: nothing more to send then.
        let _ = writer.write_all(&commands);
    });
    (sender, closer)
}

/// Closes the connection (the sender may be blocked in a write) and waits for the sender.
fn close(sender: std::thread::JoinHandle<()>, closer: TcpStream) {
    let _ = closer.shutdown(std::net::Shutdown::Both);
    sender.join().unwrap();
}

/// 6,000 `UIDL` pipelined on a maildrop of 2,000 messages, sent before the client reads
/// anything: the server grows by the replies it holds, not by the 240 MB they add up to.
/// The peak is taken after 3,000 replies: past the first two reads' worth of commands (the
/// first read of a session is 1 KiB, the next 16 KiB).
#[test]
fn pipelined_pop3_listings_sent_without_reading_hold_little_memory() {
    let server = server_with((0..MAILDROP).map(small_message));
    let pid = server.child.as_ref().unwrap().id();
    let (mut reader, mut writer) = connect(server.pop3_port);
    assert!(line(&mut reader).starts_with("+OK"));
    writer
        .write_all(format!("USER annv@{DOMAIN}\r\nPASS {PASSWORD}\r\nUIDL\r\n").as_bytes())
        .unwrap();
    assert!(line(&mut reader).starts_with("+OK"));
    assert!(line(&mut reader).starts_with("+OK"), "login");
    assert!(line(&mut reader).starts_with("+OK"));
    until(&mut reader, ".\r\n");
    let before = rss_kib(pid);

    let (sender, closer) = send_in_background(writer, b"UIDL\r\n".repeat(6000));
    std::thread::sleep(Duration::from_secs(1));
    for reply in 0..3000 {
        let first = line(&mut reader);
        assert!(first.starts_with("+OK"), "reply {reply}: {first:?}");
        let mut lines = 0;
        while line(&mut reader) != ".\r\n" {
            lines += 1;
        }
        assert_eq!(lines, MAILDROP, "reply {reply}");
    }
    let peak = peak_kib(pid);
    let grown = peak.saturating_sub(before);
    eprintln!("pipelined UIDL: RSS before {before} KiB, peak {peak} KiB (+{grown} KiB)");
    close(sender, closer);
    assert!(
        grown < 32 * 1024,
        "the server grew by {grown} KiB for 6,000 pipelined UIDL"
    );
}

/// The same with IMAP: 2,000 `FETCH 1:* (UID FLAGS INTERNALDATE)` pipelined on a mailbox of
/// 2,000 messages; the peak is taken after 1,000 replies (a 16 KiB read holds 390).
#[test]
fn pipelined_imap_fetches_sent_without_reading_hold_little_memory() {
    let server = server_with((0..MAILDROP).map(small_message));
    let pid = server.child.as_ref().unwrap().id();
    let (mut reader, mut writer) = imap(&server);
    writer
        .write_all(b"w FETCH 1:* (UID FLAGS INTERNALDATE)\r\n")
        .unwrap();
    until(&mut reader, "w OK");
    let before = rss_kib(pid);

    let commands: Vec<u8> = (0..2000)
        .flat_map(|i| format!("p{i:04} FETCH 1:* (UID FLAGS INTERNALDATE)\r\n").into_bytes())
        .collect();
    let (sender, closer) = send_in_background(writer, commands);
    std::thread::sleep(Duration::from_secs(1));
    for reply in 0..1000 {
        let tag = format!("p{reply:04} ");
        let mut fetched = 0;
        loop {
            let l = line(&mut reader);
            if l.starts_with(&tag) {
                assert!(l[tag.len()..].starts_with("OK"), "{l:?}");
                break;
            }
            assert!(l.starts_with("* "), "{l:?}");
            fetched += 1;
        }
        assert_eq!(fetched, MAILDROP, "reply {reply}");
    }
    let peak = peak_kib(pid);
    let grown = peak.saturating_sub(before);
    eprintln!("pipelined FETCH: RSS before {before} KiB, peak {peak} KiB (+{grown} KiB)");
    close(sender, closer);
    assert!(
        grown < 32 * 1024,
        "the server grew by {grown} KiB for 2,000 pipelined FETCH 1:* (UID FLAGS INTERNALDATE)"
    );
}
