//! Connections an attacker cannot hold or exhaust (issue 17, items 8 and 9), against the
//! real server on loopback: the per-IP cap of every service (the next connection from the
//! same address is refused with the protocol's reply, one from 127.0.0.2 is served), the TLS
//! handshake deadline (implicit TLS and STARTTLS), the deadline of a command trickled a byte
//! at a time and of a message sent below the minimum rate, while a client waiting between
//! commands is left alone; accept loops that pause, rather than spin, when the server is out
//! of file descriptors; and what 1,000 idle connections cost in memory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{Server, free_port, rss_kib};

const DOMAIN: &str = "quangngai.gov.vn";
/// The cap every service gets in these tests.
const CAP: usize = 3;

/// A server with small limits: CAP connections per IP on every service, a 2 s handshake
/// deadline, a 3 s command deadline; ManageSieve on a free port too.
fn start(per_ip: usize) -> (Server, u16) {
    let sieve_port = free_port();
    let server = Server::start(DOMAIN, |config| {
        config
            .replace(
                "[listen]\n",
                &format!("[listen]\nmanagesieve = \"127.0.0.1:{sieve_port}\"\n"),
            )
            .replace(
                "max_connections_per_ip = 50",
                &format!("max_connections_per_ip = {per_ip}"),
            )
            .replace(
                "plaintext_auth_on_loopback = false",
                "plaintext_auth_on_loopback = true",
            )
            .replace(
                "imap_connections_per_ip = 50",
                &format!("imap_connections_per_ip = {per_ip}"),
            )
            .replace(
                "pop3_connections_per_ip = 20",
                &format!("pop3_connections_per_ip = {per_ip}"),
            )
            .replace(
                "managesieve_connections_per_ip = 10",
                &format!("managesieve_connections_per_ip = {per_ip}"),
            )
            .replace(
                "tls_handshake_timeout = \"20s\"",
                "tls_handshake_timeout = \"2s\"",
            )
            .replace("command_deadline = \"60s\"", "command_deadline = \"3s\"")
    });
    (server, sieve_port)
}

/// A connection to `port` from the loopback address `from` (127.0.0.1, 127.0.0.2 …).
fn connect_from(from: &str, port: u16) -> TcpStream {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    let local: SocketAddr = format!("{from}:0").parse().unwrap();
    socket.bind(&local.into()).unwrap();
    let remote: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    socket.connect(&remote.into()).unwrap();
    let stream: TcpStream = socket.into();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

/// The first line the server sends.
fn first_line(stream: &TcpStream) -> String {
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    line
}

/// Reads until the server closes; returns what it sent and how long that took.
fn until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            // A reset is a close too.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("no close after {:?}: {e}", start.elapsed()),
        }
    }
    (String::from_utf8_lossy(&got).into_owned(), start.elapsed())
}

/// (service, port, how its greeting starts, how its refusal starts)
fn services(
    server: &Server,
    sieve_port: u16,
) -> Vec<(&'static str, u16, &'static str, &'static str)> {
    vec![
        (
            "smtp",
            server.smtp_port,
            "220 ",
            "421 4.7.0 too many connections from your address",
        ),
        (
            "imap",
            server.imap_port,
            "* OK",
            "* BYE too many connections from your address",
        ),
        (
            "pop3",
            server.pop3_port,
            "+OK",
            "-ERR [SYS/TEMP] too many connections from your address",
        ),
        (
            "managesieve",
            sieve_port,
            "\"IMPLEMENTATION\"",
            "BYE (TRYLATER) \"too many connections from your address\"",
        ),
    ]
}

#[test]
fn every_service_caps_connections_per_ip() {
    let (server, sieve_port) = start(CAP);
    for (service, port, greeting, refusal) in services(&server, sieve_port) {
        let held: Vec<TcpStream> = (0..CAP)
            .map(|_| {
                let s = connect_from("127.0.0.1", port);
                let line = first_line(&s);
                assert!(line.starts_with(greeting), "{service}: {line:?}");
                s
            })
            .collect();
        // The next one from the same address is told why, then closed.
        let mut over = connect_from("127.0.0.1", port);
        let line = first_line(&over);
        assert!(line.starts_with(refusal), "{service}: {line:?}");
        let (rest, _) = until_closed(&mut over);
        assert!(rest.is_empty(), "{service}: {rest:?}");
        // Another address has its own count; loopback is not exempt by default.
        let other = connect_from("127.0.0.2", port);
        let line = first_line(&other);
        assert!(
            line.starts_with(greeting),
            "{service} from 127.0.0.2: {line:?}"
        );
        // A slot is given back when its connection ends.
        drop(held);
        let start = Instant::now();
        loop {
            let again = connect_from("127.0.0.1", port);
            let line = first_line(&again);
            if line.starts_with(greeting) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{service}: slots not given back: {line:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    assert!(server.log_count("too many connections from this address") >= 1);
}

/// Sends `command` and reads lines until one starts with `reply`.
fn say(stream: &mut TcpStream, command: &str, reply: &str) {
    stream.write_all(command.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "closed before {reply:?}"
        );
        if line.starts_with(reply) {
            return;
        }
    }
}

#[test]
fn a_silent_tls_client_is_dropped_at_the_handshake_deadline() {
    let (server, sieve_port) = start(CAP);
    let mut silent: Vec<(&str, TcpStream)> = Vec::new();
    // Implicit TLS: connect and send no ClientHello.
    for (name, port) in [
        ("imaps", server.imaps_port),
        ("pop3s", server.pop3s_port),
        ("submissions", server.submissions_port),
    ] {
        silent.push((name, connect_from("127.0.0.1", port)));
    }
    // STARTTLS accepted, then nothing.
    let mut imap = connect_from("127.0.0.1", server.imap_port);
    first_line(&imap);
    say(&mut imap, "a STARTTLS\r\n", "a OK");
    silent.push(("imap STARTTLS", imap));
    let mut pop3 = connect_from("127.0.0.1", server.pop3_port);
    first_line(&pop3);
    say(&mut pop3, "STLS\r\n", "+OK");
    silent.push(("pop3 STLS", pop3));
    let mut smtp = connect_from("127.0.0.1", server.submission_port);
    first_line(&smtp);
    say(&mut smtp, "EHLO test\r\n", "250 ");
    say(&mut smtp, "STARTTLS\r\n", "220 ");
    silent.push(("submission STARTTLS", smtp));
    let mut sieve = connect_from("127.0.0.1", sieve_port);
    say(&mut sieve, "", "OK");
    say(&mut sieve, "STARTTLS\r\n", "OK");
    silent.push(("managesieve STARTTLS", sieve));
    let threads: Vec<_> = silent
        .into_iter()
        .map(|(name, mut s)| {
            std::thread::spawn(move || {
                let (said, took) = until_closed(&mut s);
                // The deadline is 2 s; before the fix these waited forever (30 s here).
                assert!(
                    took >= Duration::from_millis(1500) && took < Duration::from_secs(15),
                    "{name}: closed after {took:?}"
                );
                assert!(said.is_empty(), "{name}: {said:?}");
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

/// Sends `text` one byte a second; returns what the server answered when it closed, and
/// after how long. Panics if the whole text went out.
fn trickle(stream: &mut TcpStream, text: &str) -> (String, Duration) {
    let start = Instant::now();
    let reader = stream.try_clone().unwrap();
    let closed = std::thread::spawn(move || {
        let mut reader = reader;
        until_closed(&mut reader)
    });
    for b in text.bytes() {
        if stream.write_all(&[b]).is_err() || closed.is_finished() {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    let (said, _) = closed.join().unwrap();
    (said, start.elapsed())
}

#[test]
fn a_trickled_command_is_cut_off_but_a_waiting_client_is_not() {
    let (server, sieve_port) = start(CAP);
    // A line of 20 bytes at one a second; the command deadline is 3 s.
    let slow = "a1 NOOP ..........\r\n";
    let mut threads = Vec::new();
    for (service, port, bye) in [
        (
            "imap",
            server.imap_port,
            "* BYE command not received in time",
        ),
        (
            "pop3",
            server.pop3_port,
            "-ERR command not received in time",
        ),
        ("smtp", server.smtp_port, "421 4.4.2 too slow"),
        (
            "managesieve",
            sieve_port,
            "BYE \"command not received in time\"",
        ),
    ] {
        threads.push(std::thread::spawn(move || {
            let mut s = connect_from("127.0.0.1", port);
            if service == "managesieve" {
                say(&mut s, "", "OK");
            } else {
                first_line(&s);
            }
            let (said, took) = trickle(&mut s, slow);
            assert!(said.contains(bye), "{service}: {said:?}");
            assert!(
                took >= Duration::from_secs(2) && took < Duration::from_secs(12),
                "{service}: cut off after {took:?}"
            );
        }));
    }
    // A message sent at 50 bytes a second (the minimum is 1 KiB/s) is cut off too.
    let smtp_port = server.smtp_port;
    threads.push(std::thread::spawn(move || {
        let mut s = connect_from("127.0.0.1", smtp_port);
        first_line(&s);
        say(&mut s, "EHLO test\r\n", "250 ");
        say(&mut s, "MAIL FROM:<a@example.org>\r\n", "250");
        say(&mut s, &format!("RCPT TO:<annv@{DOMAIN}>\r\n"), "250");
        say(&mut s, "DATA\r\n", "354");
        let start = Instant::now();
        let mut said = String::new();
        let mut reader = s.try_clone().unwrap();
        reader
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut buf = [0u8; 512];
        while start.elapsed() < Duration::from_secs(20) {
            if s.write_all(b"Subject: x\r\n").is_err() {
                break;
            }
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => said.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
        let took = start.elapsed();
        assert!(said.contains("421 4.4.2 too slow"), "DATA: {said:?}");
        assert!(
            took < Duration::from_secs(12),
            "DATA cut off after {took:?}"
        );
    }));
    // A client that waits between commands longer than the command deadline is fine
    // (the idle timeout governs that wait), and so is one in IDLE.
    let mut waiting = connect_from("127.0.0.1", server.imap_port);
    first_line(&waiting);
    let mut idling = connect_from("127.0.0.1", server.imap_port);
    first_line(&idling);
    say(
        &mut idling,
        &format!("l LOGIN annv@{DOMAIN} {}\r\n", common::PASSWORD),
        "l OK",
    );
    say(&mut idling, "s SELECT INBOX\r\n", "s OK");
    say(&mut idling, "i IDLE\r\n", "+ ");
    std::thread::sleep(Duration::from_secs(5));
    say(&mut waiting, "b NOOP\r\n", "b OK");
    say(&mut idling, "DONE\r\n", "i OK");
    for t in threads {
        t.join().unwrap();
    }
}

/// The soft limit on open files of process `pid`.
fn nofile(pid: u32) -> u64 {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse().ok())
        .unwrap_or(u64::MAX)
}

#[test]
fn a_thousand_idle_connections_stay_small() {
    const CONNECTIONS: usize = 1000;
    // Spread over four source addresses, 250 each: the cap (300) is not what limits them.
    let (server, _) = start(300);
    let pid = server.child.as_ref().unwrap().id();
    for p in [pid, std::process::id()] {
        if nofile(p) < 2 * CONNECTIONS as u64 + 100 {
            // Raise the soft limit of the server and of this test (prlimit, util-linux).
            let status = std::process::Command::new("prlimit")
                .args(["--pid", &p.to_string(), "--nofile=4096:"])
                .status()
                .unwrap();
            assert!(status.success(), "cannot raise the open-file limit");
        }
    }
    // Warm up: one session, so that what the first connection sets up once is in the
    // baseline. (No login: an argon2 check's memory would be returned meanwhile.)
    let mut warm = connect_from("127.0.0.1", server.imap_port);
    first_line(&warm);
    say(&mut warm, "n NOOP\r\n", "n OK");
    say(&mut warm, "o LOGOUT\r\n", "o OK");
    std::thread::sleep(Duration::from_millis(200));
    let before = rss_kib(pid);
    let start = Instant::now();
    let held: Vec<TcpStream> = (0..CONNECTIONS)
        .map(|i| {
            let s = connect_from(
                &format!("127.0.{}.{}", 1 + i % 4, 1 + i % 4),
                server.imap_port,
            );
            let line = first_line(&s);
            assert!(line.starts_with("* OK"), "connection {i}: {line:?}");
            s
        })
        .collect();
    // Each has had its greeting; give the sessions a moment to settle in their first read.
    std::thread::sleep(Duration::from_millis(500));
    let after = rss_kib(pid);
    let per_connection = after.saturating_sub(before) * 1024 / CONNECTIONS as u64;
    eprintln!(
        "RSS {before} KiB before, {after} KiB with {CONNECTIONS} idle IMAP connections \
         (~{per_connection} bytes each), opened in {:?}",
        start.elapsed()
    );
    // The bound: under 8 KiB per idle connection, under 64 MiB in all. Measured here
    // (debug build, 2026-12): 34.3 MiB before, 38.2 MiB with the 1,000 connections, about
    // 4 KB each (the task and its session's future, the 1 KiB read buffer, the greeting's
    // output buffer); the sockets' buffers are the kernel's, not in RSS.
    let grown = after.saturating_sub(before);
    assert!(
        grown < 8 * CONNECTIONS as u64 && after < 64 * 1024,
        "RSS {before} KiB -> {after} KiB"
    );
    // They are all still there and served.
    let mut last = held.into_iter().last().unwrap();
    say(&mut last, "n NOOP\r\n", "n OK");
}

/// CPU time (user + system) of process `pid`, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces) end with ')'.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn set_nofile(pid: u32, limit: &str) {
    let status = std::process::Command::new("prlimit")
        .args(["--pid", &pid.to_string(), &format!("--nofile={limit}")])
        .status()
        .unwrap();
    assert!(status.success(), "prlimit --nofile={limit}");
}

#[test]
fn out_of_file_descriptors_the_accept_loops_back_off() {
    let (server, _) = start(CAP);
    let pid = server.child.as_ref().unwrap().id();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let hard = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(4))
        .unwrap()
        .to_string();
    // No descriptor left: what the server has open now is its limit.
    let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    set_nofile(pid, &format!("{open}:{hard}"));
    // The kernel completes these handshakes; every accept of them fails (EMFILE).
    let waiting: Vec<TcpStream> = [server.imap_port, server.smtp_port, server.pop3_port]
        .iter()
        .map(|&port| connect_from("127.0.0.1", port))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (ticks, lines) = (
        cpu_ticks(pid),
        server.log_count("accepting a connection failed"),
    );
    std::thread::sleep(Duration::from_secs(3));
    let spent = cpu_ticks(pid) - ticks;
    let logged = server.log_count("accepting a connection failed") - lines;
    // Before the fix each loop retried at once: a core busy (300 ticks in 3 s) and, for
    // SMTP, a log line per try. Now each tries once a second and logs once per 10 s.
    assert!(
        spent < 30,
        "{spent} ticks of CPU in 3 s without descriptors"
    );
    assert!(logged <= 3, "{logged} log lines in 3 s");
    // Descriptors back: the waiting clients are served within the longest pause.
    set_nofile(pid, &format!("{hard}:{hard}"));
    for (s, greeting) in waiting.iter().zip(["* OK", "220 ", "+OK"]) {
        let line = first_line(s);
        assert!(line.starts_with(greeting), "{line:?}");
    }
}
