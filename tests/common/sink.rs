//! Postfix's smtp-sink: a real peer MTA on a free loopback port, each message it receives a
//! file of its own directory.

use std::process::{Child, Command};

pub struct Sink {
    child: Child,
    dir: tempfile::TempDir,
    pub port: u16,
}

impl Sink {
    /// A sink that answers at once.
    pub fn start() -> Sink {
        Sink::start_with(&[])
    }

    /// A sink that waits `secs` seconds before answering DATA (smtp-sink's `-w`).
    pub fn slow(secs: u32) -> Sink {
        Sink::start_with(&["-w", &secs.to_string()])
    }

    fn start_with(extra: &[&str]) -> Sink {
        let sink = std::path::Path::new("/usr/sbin/smtp-sink");
        assert!(
            sink.exists(),
            "Postfix's smtp-sink is required for this interop test (apt-get install postfix)"
        );
        let dir = tempfile::tempdir().unwrap();
        let mut perms = std::fs::metadata(dir.path()).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o777);
        std::fs::set_permissions(dir.path(), perms).unwrap();
        let port = super::free_port();
        let child = Command::new(sink)
            .args(["-u", "nobody"])
            .args(extra)
            .arg("-d")
            .arg(format!("{}/%M.", dir.path().display()))
            .arg(format!("127.0.0.1:{port}"))
            .arg("10")
            .spawn()
            .unwrap();
        Sink { child, dir, port }
    }

    /// The messages received so far.
    pub fn messages(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .map(|f| std::fs::read_to_string(f.path()).unwrap())
            .collect()
    }

    /// Messages received whole with `marker` in them (smtp-sink makes its file when the
    /// transaction starts, before the data).
    pub fn received(&self, marker: &str) -> usize {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .filter(|f| std::fs::read_to_string(f.path()).is_ok_and(|text| text.contains(marker)))
            .count()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
