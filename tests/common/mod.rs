//! Helpers shared by the end-to-end tests (each test file includes this module).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Reads the child's log output (stderr) until a line contains `needle`;
/// returns everything read. Panics if the stream ends first.
pub fn wait_for_line(stream: impl std::io::Read + Send + 'static, needle: &str) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    let wanted = needle.to_string();
    std::thread::spawn(move || {
        let mut seen = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(&wanted) {
                let _ = tx.send(Ok(seen.clone()));
            }
        }
        let _ = tx.send(Err(seen));
    });
    match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(Ok(seen)) => seen,
        Ok(Err(seen)) => panic!("output ended before {needle:?}:\n{seen}"),
        Err(_) => panic!("no {needle:?} within 60 s"),
    }
}
