//! An S3-compatible server for the tests: moto's (PyPI `moto[server]`, `moto_server`) on a
//! free loopback port, in memory, stopped when dropped. Missing, it fails the test under
//! CI=true (.ci/run installs it) and skips it elsewhere.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};

pub struct S3Server {
    child: Child,
    pub port: u16,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

/// Keys for moto, which accepts any: what the tests look for in logs.
pub const ACCESS_KEY_ID: &str = "AKIDGOVMAILTEST";
pub const SECRET_ACCESS_KEY: &str = "bi-mat-S3-Quang-Ngai-2026";

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3Server {
    /// Starts moto_server; None (after saying so) when it is not installed, outside CI.
    pub fn start() -> Option<S3Server> {
        let port = super::free_port();
        let spawned = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(e) => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "moto_server is required for the S3 tests in CI \
                     (python3 -m pip install 'moto[server]'): {e}"
                );
                eprintln!("moto_server not installed ({e}): S3 test skipped (outside CI only)");
                return None;
            }
        };
        let server = S3Server {
            child,
            port,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let start = std::time::Instant::now();
        while server.request("GET", "/").is_none() {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "moto_server did not answer on port {port} within 30 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Some(server)
    }

    /// Makes a bucket (moto takes unsigned requests).
    pub fn create_bucket(&self, name: &str) {
        let status = self.request("PUT", &format!("/{name}"));
        assert_eq!(status, Some(200), "creating bucket {name}");
    }

    /// An unsigned request with no body; its HTTP status, None if the server is not there.
    fn request(&self, method: &str, path: &str) -> Option<u16> {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .ok()?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n",
            self.port
        )
        .ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).ok()?;
        let text = String::from_utf8_lossy(&answer);
        text.split(' ').nth(1)?.parse().ok()
    }

    /// Settings for `storage::S3Blobs` on `bucket`.
    pub fn config(&self, bucket: &str) -> storage::S3Config {
        storage::S3Config {
            endpoint: self.endpoint.clone(),
            bucket: bucket.into(),
            region: "us-east-1".into(),
            prefix: String::new(),
            path_style: true,
            access_key_id: ACCESS_KEY_ID.into(),
            secret_access_key: storage::Secret::new(SECRET_ACCESS_KEY),
            session_token: None,
            ca_file: None,
            timeout: std::time::Duration::from_secs(30),
        }
    }
}
