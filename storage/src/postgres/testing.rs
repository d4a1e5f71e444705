//! A throwaway PostgreSQL server for tests: Debian's `postgresql` binaries (`initdb`,
//! `pg_ctl`), a cluster in a temp dir, listening on a free loopback port, stopped and removed
//! when the handle is dropped. Used by the storage tests and the end-to-end tests alike.
//!
//! PostgreSQL refuses to run as root, and tests (and CI) run as root: then the cluster runs
//! as the `postgres` user that Debian's package creates (through `runuser`), in a temp dir
//! handed to that user. As any other user it runs as that user.
//!
//! When the binaries are missing, [`TestPostgres::start`] returns `None` (the test is skipped,
//! saying so) — unless `CI=true`, where it panics: CI installs `postgresql` (.ci/run), so a
//! missing server there is a broken CI, not a reason to skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The superuser of a test cluster, and its password (password authentication is on, so the
/// password path of the backend's configuration is exercised too).
pub const TEST_USER: &str = "govmail";
pub const TEST_PASSWORD: &str = "mật-khẩu thử 1";

/// What to start: plain, or with TLS on (the certificate and key in PEM).
#[derive(Default, Clone)]
pub struct TestOptions {
    pub tls: Option<(String, String)>,
    /// fsync and synchronous commit on, as in production (for measurements); off by default,
    /// which tests do not need and which costs them time.
    pub durable: bool,
    /// `max_connections` (0: 100). A cluster shared by a whole test binary needs more.
    pub max_connections: u32,
}

/// A running test cluster. Dropping it stops the server (immediate shutdown) and removes
/// its directory.
pub struct TestPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    port: u16,
}

/// The directory of the newest installed PostgreSQL's programs: Debian puts them in
/// /usr/lib/postgresql/<major>/bin, off the PATH; elsewhere they are on the PATH.
pub fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((major, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
}

/// Whether we run as root: a file we create is owned by uid 0.
fn is_root(probe: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(probe).is_ok_and(|m| m.uid() == 0)
}

/// The uid and gid of a user, from /etc/passwd.
fn user_ids(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        (fields.next()? == name).then_some(())?;
        let _password = fields.next()?;
        Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
    })
}

fn free_port() -> Option<u16> {
    Some(
        std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port(),
    )
}

impl TestPostgres {
    /// Starts a plain cluster; `None` (after saying why) when PostgreSQL is not installed and
    /// this is not CI. Panics when it is installed but does not start, or is missing under
    /// `CI=true`.
    pub fn start() -> Option<TestPostgres> {
        Self::start_with(TestOptions::default())
    }

    pub fn start_with(options: TestOptions) -> Option<TestPostgres> {
        let Some(bin) = bin_dir() else {
            let why = "PostgreSQL is not installed (Debian: apt-get install -y postgresql)";
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{why}: CI=true, so this test fails instead of being skipped");
            }
            eprintln!("skipped: {why}");
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("govmail-pg-")
            .tempdir()
            .unwrap_or_else(|e| panic!("temp dir for PostgreSQL: {e}"));
        let as_postgres = is_root(dir.path());
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, TEST_PASSWORD).unwrap_or_else(|e| panic!("{e}"));
        if let Some((cert, key)) = &options.tls {
            std::fs::write(dir.path().join("server.crt"), cert).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(dir.path().join("server.key"), key).unwrap_or_else(|e| panic!("{e}"));
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                dir.path().join("server.key"),
                std::fs::Permissions::from_mode(0o600),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
        if as_postgres {
            let (uid, gid) = user_ids("postgres").unwrap_or_else(|| {
                panic!(
                    "running as root, and PostgreSQL refuses root: no `postgres` user to run \
                     the test cluster as (Debian's postgresql package creates it)"
                )
            });
            for entry in walk(dir.path()) {
                std::os::unix::fs::chown(&entry, Some(uid), Some(gid))
                    .unwrap_or_else(|e| panic!("chown {}: {e}", entry.display()));
            }
        }
        let mut pg = TestPostgres {
            dir,
            bin,
            as_postgres,
            port: 0,
        };
        let data = pg.data_dir();
        let out = pg.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                TEST_USER.as_ref(),
                "--pwfile".as_ref(),
                pwfile.as_os_str(),
                // psql over the Unix socket (test setup) needs no password; TCP does.
                "--auth-local=trust".as_ref(),
                "--auth-host=scram-sha-256".as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--no-locale".as_ref(),
                "--no-sync".as_ref(),
            ],
        );
        if !out.status.success() {
            panic!("initdb failed:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        // Small buffers: several test clusters may run at once.
        let mut conf = format!(
            "listen_addresses = '127.0.0.1'\nmax_connections = {}\nshared_buffers = 16MB\n",
            if options.max_connections == 0 {
                100
            } else {
                options.max_connections
            }
        );
        if !options.durable {
            conf.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        conf.push_str(&format!(
            "unix_socket_directories = '{}'\n",
            pg.dir.path().display()
        ));
        if options.tls.is_some() {
            conf.push_str(&format!(
                "ssl = on\nssl_cert_file = '{0}/server.crt'\nssl_key_file = '{0}/server.key'\n",
                pg.dir.path().display()
            ));
        }
        let conf_path = data.join("postgresql.conf");
        let mut all = std::fs::read_to_string(&conf_path).unwrap_or_default();
        all.push_str(&conf);
        // Written by root into the postgres-owned file: its owner stays postgres.
        std::fs::write(&conf_path, all).unwrap_or_else(|e| panic!("{e}"));
        if options.tls.is_some() {
            // hostssl only for TCP: a plain connection over TCP is refused, so a test can
            // tell that TLS was really used.
            let hba = "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n";
            std::fs::write(data.join("pg_hba.conf"), hba).unwrap_or_else(|e| panic!("{e}"));
        }
        // A port free a moment ago may be taken by the time the server binds it: try again.
        let log = pg.dir.path().join("server.log");
        for attempt in 0..5 {
            let port = free_port().unwrap_or(0);
            pg.port = port;
            let out = pg.run(
                "pg_ctl",
                &[
                    "-D".as_ref(),
                    data.as_os_str(),
                    "-l".as_ref(),
                    log.as_os_str(),
                    "-o".as_ref(),
                    format!("-p {port}").as_ref(),
                    "-w".as_ref(),
                    "-t".as_ref(),
                    "60".as_ref(),
                    "start".as_ref(),
                ],
            );
            if out.status.success() {
                return Some(pg);
            }
            if attempt == 4 {
                panic!(
                    "pg_ctl start failed:\n{}\n{}",
                    String::from_utf8_lossy(&out.stderr),
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        }
        None
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs one of PostgreSQL's programs, as `postgres` when we are root.
    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) -> Output {
        let exe = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args)
            // A directory the server's user can enter, whatever the caller's is.
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", exe.display()))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection URL for database `postgres` with the password in it.
    pub fn url(&self) -> String {
        format!(
            "postgres://{TEST_USER}:{}@127.0.0.1:{}/postgres",
            percent_encode(TEST_PASSWORD),
            self.port
        )
    }

    /// The same without the password (to be given by a file or the environment).
    pub fn url_without_password(&self) -> String {
        format!("postgres://{TEST_USER}@127.0.0.1:{}/postgres", self.port)
    }

    /// Runs SQL through `psql` as the superuser over the Unix socket (setting up a test:
    /// another database, a role).
    pub fn psql(&self, sql: &str) -> String {
        let out = self.run(
            "psql",
            &[
                "-X".as_ref(),
                "-q".as_ref(),
                "-A".as_ref(),
                "-t".as_ref(),
                "-v".as_ref(),
                "ON_ERROR_STOP=1".as_ref(),
                "-h".as_ref(),
                self.dir.path().as_os_str(),
                "-p".as_ref(),
                self.port.to_string().as_ref(),
                "-U".as_ref(),
                TEST_USER.as_ref(),
                "-d".as_ref(),
                "postgres".as_ref(),
                "-c".as_ref(),
                sql.as_ref(),
            ],
        );
        if !out.status.success() {
            panic!("psql {sql:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Keeps the cluster running until this process exits, then stops it and removes its
    /// directory: for a cluster shared by every test of a test binary (held in a static,
    /// which is never dropped). A small shell process watches this one and cleans up after
    /// it, whether it ends normally or is killed.
    pub fn stop_when_process_exits(self) -> SharedPostgres {
        let this = std::mem::ManuallyDrop::new(self);
        let data = this.data_dir();
        let pg_ctl = this.bin.join("pg_ctl");
        let stop = format!(
            "{}'{}' -D '{}' -m immediate -w stop",
            if this.as_postgres {
                "runuser -u postgres -- "
            } else {
                ""
            },
            pg_ctl.display(),
            data.display()
        );
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; \
             rm -rf '{dir}'",
            pid = std::process::id(),
            dir = this.dir.path().display()
        );
        let reaper = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Err(e) = reaper {
            eprintln!("warning: no watcher for the shared test cluster: {e}");
        }
        SharedPostgres {
            port: this.port,
            dir: this.dir.path().to_path_buf(),
            bin: this.bin.clone(),
            as_postgres: this.as_postgres,
        }
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// A test cluster left running until the process exits (see
/// [`TestPostgres::stop_when_process_exits`]): one per test binary, a database per test.
pub struct SharedPostgres {
    port: u16,
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
}

impl SharedPostgres {
    /// The process's shared cluster, started at the first call (`max_connections` 400);
    /// `None` as [`TestPostgres::start`] (not installed, not CI).
    pub fn get() -> Option<&'static SharedPostgres> {
        static CLUSTER: std::sync::OnceLock<Option<SharedPostgres>> = std::sync::OnceLock::new();
        CLUSTER
            .get_or_init(|| {
                TestPostgres::start_with(TestOptions {
                    max_connections: 400,
                    ..Default::default()
                })
                .map(TestPostgres::stop_when_process_exits)
            })
            .as_ref()
    }

    /// A connection URL for database `db`, created the first time it is asked for (so that
    /// a store reopened on the same database finds its data again).
    pub fn database_url(&self, db: &str) -> String {
        assert!(
            db.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "test database names are plain: {db}"
        );
        let exists = self.psql(&format!("SELECT 1 FROM pg_database WHERE datname = '{db}'"));
        if exists.trim().is_empty() {
            self.psql(&format!("CREATE DATABASE {db}"));
        }
        format!(
            "postgres://{TEST_USER}:{}@127.0.0.1:{}/{db}",
            percent_encode(TEST_PASSWORD),
            self.port
        )
    }

    /// Runs SQL through `psql` on database `postgres` (as [`TestPostgres::psql`]).
    pub fn psql(&self, sql: &str) -> String {
        let exe = self.bin.join("psql");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = cmd
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.dir)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                TEST_USER,
                "-d",
                "postgres",
                "-c",
                sql,
            ])
            .current_dir(&self.dir)
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", exe.display()));
        if !out.status.success() {
            panic!("psql {sql:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Percent-encodes a URL's user-info part (RFC 3986 §3.2.1): unreserved characters stay.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir()
            && let Ok(entries) = std::fs::read_dir(&out[i])
        {
            let children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            out.extend(children);
        }
        i += 1;
    }
    out
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let data = self.data_dir();
        let _ = self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "-w".as_ref(),
                "stop".as_ref(),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_cluster_starts_answers_and_is_gone_after_drop() {
        let Some(pg) = TestPostgres::start() else {
            return;
        };
        assert_eq!(pg.psql("SELECT 'Đà Nẵng ' || (1 + 1)").trim(), "Đà Nẵng 2");
        assert!(std::net::TcpStream::connect(("127.0.0.1", pg.port())).is_ok());
        let (dir, port) = (pg.dir().to_path_buf(), pg.port());
        drop(pg);
        assert!(!dir.exists(), "{} left behind", dir.display());
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "the server still listens on {port}"
        );
    }
}
