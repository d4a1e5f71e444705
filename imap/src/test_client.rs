//! The in-memory client of the IMAP conversation tests: a session served over a duplex pipe,
//! commands tagged t1, t2, …, and answers read up to a given line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use storage::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

use crate::session::Session;
use crate::{Imap, ImapConfig};

/// The IMAP service over `store`, as the server builds it.
pub(crate) fn imap(store: Store, config: ImapConfig) -> Arc<Imap> {
    Arc::new(Imap {
        config,
        store,
        logins: Arc::new(auth::Logins::new(
            Default::default(),
            Arc::new(auth::PasswordPool::new(1)),
        )),
        shutdown: tokio_util::sync::CancellationToken::new(),
        stats: Arc::default(),
    })
}

/// The demo account of the conversation tests: its address and password.
pub(crate) const USER: &str = "annv@demo.gov.vn";
pub(crate) const PASSWORD: &str = "Mật-khẩu 2026";

/// A store in a temporary directory with the demo domain, agency STTTT and the account
/// [`USER`]. Keep the directory for as long as the store is used.
pub(crate) fn demo_store() -> (tempfile::TempDir, Store, storage::AccountId) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
    store.add_domain("demo.gov.vn").unwrap();
    store.add_agency("STTTT", "Sở TT&TT", None, None).unwrap();
    let account = store
        .create_account(storage::NewAccount {
            address: USER.into(),
            display_name: "Nguyễn Văn An".into(),
            agency_code: "STTTT".into(),
            kind: storage::AccountKind::Personal,
            password_hash: storage::password::hash_generated(PASSWORD).unwrap(),
            quota: storage::Quota::default(),
        })
        .unwrap()
        .id;
    (dir, store, account)
}

pub(crate) struct Client {
    stream: DuplexStream,
    pending: Vec<u8>,
    /// Number of the last tag sent.
    pub(crate) next: u32,
}

impl Client {
    /// A new session (as if over TLS), past its greeting and logged in as `user`.
    pub(crate) async fn login(imap: &Arc<Imap>, user: &str, password: &str) -> Client {
        let (client, server) = tokio::io::duplex(1 << 20);
        let imap = imap.clone();
        tokio::spawn(async move {
            Session::new(server, imap, "192.0.2.1:4000".parse().unwrap(), true, false)
                .run(true)
                .await
        });
        let mut c = Client {
            stream: client,
            pending: Vec::new(),
            next: 0,
        };
        c.until(b"* OK").await;
        c.ok(&format!("LOGIN {user} \"{password}\"")).await;
        c
    }

    /// Reads up to the end of the first line starting with `marker`.
    pub(crate) async fn until(&mut self, marker: &[u8]) -> String {
        let mut line_marker = b"\r\n".to_vec();
        line_marker.extend_from_slice(marker);
        loop {
            let found = if self.pending.starts_with(marker) {
                Some(0)
            } else {
                self.pending
                    .windows(line_marker.len())
                    .position(|w| w == line_marker)
                    .map(|p| p + 2)
            };
            if let Some(p) = found
                && let Some(end) = self.pending[p..].windows(2).position(|w| w == b"\r\n")
            {
                let out: Vec<u8> = self.pending.drain(..p + end + 2).collect();
                return String::from_utf8(out).unwrap();
            }
            let mut buf = vec![0u8; 65536];
            let n = self.stream.read(&mut buf).await.unwrap();
            assert!(
                n > 0,
                "closed; had {:?}",
                String::from_utf8_lossy(&self.pending)
            );
            self.pending.extend_from_slice(&buf[..n]);
        }
    }

    /// Sends bytes as they are (an IDLE's DONE, a literal).
    pub(crate) async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.unwrap();
    }

    /// Sends a command; returns everything up to and including its tagged completion.
    pub(crate) async fn run(&mut self, command: &str) -> String {
        self.next += 1;
        let tag = format!("t{}", self.next);
        self.send(format!("{tag} {command}\r\n").as_bytes()).await;
        self.until(format!("{tag} ").as_bytes()).await
    }

    /// Runs a command that must succeed; returns its whole answer, tagged line included.
    pub(crate) async fn ok_tagged(&mut self, command: &str) -> String {
        let out = self.run(command).await;
        let tag = format!("t{} ", self.next);
        let at = out.rfind(&tag).unwrap();
        assert!(out[at + tag.len()..].starts_with("OK"), "{command}: {out}");
        out
    }

    /// Runs a command that must succeed; returns its untagged responses.
    pub(crate) async fn ok(&mut self, command: &str) -> String {
        let mut out = self.ok_tagged(command).await;
        let at = out.rfind(&format!("t{} ", self.next)).unwrap_or(out.len());
        out.truncate(at);
        out
    }

    /// Runs a command that must fail with NO [code]; returns its whole answer.
    pub(crate) async fn no(&mut self, command: &str, code: &str) -> String {
        let out = self.run(command).await;
        let tag = format!("t{} ", self.next);
        assert!(
            out.contains(&format!("{tag}NO [{code}]")),
            "{command}: expected NO [{code}], got {out}"
        );
        out
    }

    /// Runs a command that must fail with NO (any code); returns its whole answer.
    pub(crate) async fn no_text(&mut self, command: &str) -> String {
        let out = self.run(command).await;
        let tag = format!("t{} NO", self.next);
        assert!(out.contains(&tag), "{command}: expected NO, got {out}");
        out
    }

    /// Runs a command that must be refused with BAD, mentioning `why`.
    pub(crate) async fn bad(&mut self, command: &str, why: &str) {
        let out = self.run(command).await;
        let tag = format!("t{} ", self.next);
        assert!(
            out.contains(&format!("{tag}BAD")) && out.contains(why),
            "{command}: expected BAD with {why:?}, got {out}"
        );
    }
}
