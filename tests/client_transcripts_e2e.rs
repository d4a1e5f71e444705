//! What real mail clients send, replayed byte for byte over a socket against the real server:
//! Thunderbird 128+ (account setup, folder sync, the sent copy and a draft with RFC 6855's
//! `UTF8 (~{n+}…)`, IDLE), Outlook (classic and the new Outlook's Microsoft 365 connector) and
//! iOS Mail (ID, its UID SEARCH forms), plus a QRESYNC resynchronisation as Roundcube's library
//! sends it. Each command is written as the client's source writes it (its case, quoting and
//! tags); the source of each transcript is cited beside it. The responses are checked against
//! what the RFCs require (and what the client needs to go on), never against what govmail
//! happens to send.
//!
//! The sessions run on the plain IMAP port with plaintext login allowed on loopback: the
//! clients send the same commands after STARTTLS, and TLS is tested elsewhere (imap_e2e).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{PASSWORD, Server, base64, smtp_deliver};

const USER: &str = "annv@quangngai.gov.vn";

/// A server that allows plaintext login from loopback, with three messages in annv's INBOX
/// (UIDs 1 to 3) and a Vietnamese folder created the way a client without UTF8=ACCEPT names
/// it (modified UTF-7).
fn server() -> Server {
    let server = Server::start("quangngai.gov.vn", |c| {
        c.replace(
            "plaintext_auth_on_loopback = false",
            "plaintext_auth_on_loopback = true",
        )
    });
    let messages: Vec<Vec<u8>> = (1..=3)
        .map(|i| {
            format!(
                "From: =?UTF-8?B?{name}?= <vanphong@danang.gov.vn>\r\n\
                 To: {USER}\r\n\
                 Subject: =?UTF-8?B?{subject}?=\r\n\
                 Date: Mon, 0{i} Dec 2026 08:00:00 +0700\r\n\
                 Message-ID: <cv{i}@danang.gov.vn>\r\n\
                 MIME-Version: 1.0\r\n\
                 Content-Type: text/plain; charset=UTF-8\r\n\
                 Content-Transfer-Encoding: 8bit\r\n\
                 \r\n\
                 Kính gửi các đồng chí, công văn số {i}.\r\n",
                name = base64("Nguyễn Văn Bình".as_bytes()),
                subject = base64(format!("Công văn số {i}/UBND").as_bytes()),
            )
            .into_bytes()
        })
        .collect();
    let refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    smtp_deliver(server.smtp_port, "vanphong@danang.gov.vn", USER, &refs);
    server.wait_until("three messages", |s| s.inbox(USER).len() == 3);
    let mut setup = Session::connect(&server);
    setup.ok(&format!("s1 LOGIN {USER} {PASSWORD}\r\n"));
    // "Lưu trữ" in modified UTF-7 (RFC 3501 §5.1.3).
    setup.ok("s2 CREATE \"L&AbA-u tr&Hu8-\"\r\n");
    // CREATE subscribes nothing (RFC 9051 §6.3.7): a client that makes a folder subscribes
    // it itself, as Thunderbird's folder dialog does.
    setup.ok("s3 SUBSCRIBE \"L&AbA-u tr&Hu8-\"\r\n");
    setup.ok("s4 LOGOUT\r\n");
    server
}

/// One response of the server to a command: the untagged lines (literals inlined) and the
/// tagged completion.
struct Reply {
    untagged: Vec<String>,
    tagged: String,
}

impl Reply {
    /// The untagged responses that start with `prefix` (after "* ").
    fn lines(&self, prefix: &str) -> Vec<&str> {
        self.untagged
            .iter()
            .filter_map(|l| l.strip_prefix("* "))
            .filter(|l| starts_with_ignore_case(l, prefix))
            .collect()
    }
    fn status(&self) -> &str {
        self.tagged.split(' ').nth(1).unwrap_or("")
    }
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for l in &self.untagged {
            writeln!(f, "{l}")?;
        }
        write!(f, "{}", self.tagged)
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A client connection that writes exactly the bytes it is given and reads responses.
struct Session {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    greeting: String,
    /// Everything exchanged, shown when a check fails.
    log: String,
}

impl Session {
    fn connect(server: &Server) -> Session {
        let stream = TcpStream::connect(("127.0.0.1", server.imap_port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut session = Session {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
            greeting: String::new(),
            log: String::new(),
        };
        session.greeting = session.line();
        session
    }

    fn send(&mut self, bytes: &[u8]) {
        self.log
            .push_str(&format!("C: {}", String::from_utf8_lossy(bytes)));
        self.writer.write_all(bytes).unwrap();
    }

    /// One response line, with any literal it announces read and inlined (RFC 9051 §4.3):
    /// `{n}` or `~{n}` at the end of a line is followed by n octets, then the line goes on.
    fn line(&mut self) -> String {
        let mut out = Vec::new();
        loop {
            let mut part = Vec::new();
            let n = self.reader.read_until(b'\n', &mut part).unwrap();
            assert!(n > 0, "connection closed; so far:\n{}", self.log);
            let text = part.strip_suffix(b"\r\n").unwrap_or(&part).to_vec();
            out.extend_from_slice(&text);
            let literal = text
                .strip_suffix(b"}")
                .and_then(|t| t.iter().rposition(|b| *b == b'{').map(|i| &t[i + 1..]))
                .and_then(|digits| std::str::from_utf8(digits).ok()?.parse::<usize>().ok());
            match literal {
                Some(len) => {
                    let mut data = vec![0; len];
                    self.reader.read_exact(&mut data).unwrap();
                    out.push(b'\n');
                    out.extend_from_slice(&data);
                }
                None => break,
            }
        }
        let line = String::from_utf8_lossy(&out).into_owned();
        self.log.push_str(&format!("S: {line}\n"));
        line
    }

    /// Reads until the completion of `tag`.
    fn reply(&mut self, tag: &str) -> Reply {
        let mut untagged = Vec::new();
        loop {
            let line = self.line();
            if line.starts_with(&format!("{tag} ")) {
                return Reply {
                    untagged,
                    tagged: line,
                };
            }
            untagged.push(line);
        }
    }

    /// Sends a command (its tag is its first word) and reads the reply.
    fn command(&mut self, command: &str) -> Reply {
        self.send(command.as_bytes());
        let tag = command.split(' ').next().unwrap_or_default().to_string();
        self.reply(&tag)
    }

    /// A command that must complete with OK.
    fn ok(&mut self, command: &str) -> Reply {
        let reply = self.command(command);
        assert_eq!(
            reply.status(),
            "OK",
            "{}: want OK; exchange so far:\n{}",
            command.trim_end(),
            self.log
        );
        reply
    }

    /// Reads a command continuation request ("+" …, RFC 9051 §7.5); untagged lines before it
    /// are returned.
    fn continuation(&mut self) -> Vec<String> {
        let mut before = Vec::new();
        loop {
            let line = self.line();
            if line.starts_with('+') {
                return before;
            }
            assert!(
                line.starts_with("* "),
                "want a continuation, got {line:?}; exchange:\n{}",
                self.log
            );
            before.push(line);
        }
    }
}

/// Collects mismatches so that one run reports every difference.
struct Checks<'a> {
    client: &'a str,
    failures: Vec<String>,
}

impl<'a> Checks<'a> {
    fn new(client: &'a str) -> Self {
        Checks {
            client,
            failures: Vec::new(),
        }
    }
    fn check(&mut self, ok: bool, what: &str, got: impl std::fmt::Display) {
        if !ok {
            self.failures.push(format!("{what}\n    got: {got}"));
        }
    }
    fn status(&mut self, reply: &Reply, want: &str, what: &str) {
        self.check(
            reply.status() == want,
            &format!("{what}: want {want}"),
            reply,
        );
    }
    fn done(self, session: &Session) {
        assert!(
            self.failures.is_empty(),
            "{}: {} failures:\n  {}\n--- exchange ---\n{}",
            self.client,
            self.failures.len(),
            self.failures.join("\n  "),
            session.log
        );
    }
}

/// The value after `key` in a response code or data list, e.g. `number_after(l, "UIDNEXT")`.
fn number_after(line: &str, key: &str) -> Option<u64> {
    let upper = line.to_ascii_uppercase();
    let at = upper.find(&format!("{key} "))? + key.len() + 1;
    let digits: String = line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The mailbox name at the end of a LIST response (quoted or atom), unescaped.
fn list_name(line: &str) -> String {
    let rest = line.trim_end();
    if let Some(stripped) = rest.strip_suffix('"') {
        let start = stripped.rfind(" \"").map_or(0, |i| i + 2);
        stripped[start..]
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
    } else {
        rest.rsplit(' ').next().unwrap_or_default().to_string()
    }
}

/// A message as Thunderbird writes a sent copy: raw UTF-8 in the header (RFC 6532), which it
/// does only once the server has enabled UTF8=ACCEPT.
fn thunderbird_message(subject: &str, id: &str) -> Vec<u8> {
    format!(
        "From: Nguyễn Văn An <{USER}>\r\n\
         To: Văn thư Sở <vanthu@danang.gov.vn>\r\n\
         Subject: {subject}\r\n\
         Date: Sun, 6 Dec 2026 17:05:00 +0700\r\n\
         Message-ID: <{id}@quangngai.gov.vn>\r\n\
         User-Agent: Mozilla Thunderbird\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=UTF-8; format=flowed\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Kính gửi chị Thư,\r\n\
         em gửi báo cáo tuần.\r\n"
    )
    .into_bytes()
}

/// Thunderbird 128 (comm-central mailnews/imap/src/nsImapProtocol.cpp): `capability`;
/// `authenticate PLAIN` then the response on the continuation (AuthLogin, no SASL-IR);
/// `capability` again only when the login reply carried none (ProcessAfterAuthenticated);
/// `ENABLE CONDSTORE`, `ID ("name" … "version" …)`, `ENABLE UTF8=ACCEPT` in that order
/// (ProcessAfterAuthenticated, ID(), EnableUTF8Accept()); folder discovery with
/// `list (subscribed) "" "*" return (special-use)` when LIST-EXTENDED and SPECIAL-USE are
/// advertised (Lsub()); `select "INBOX" (CONDSTORE)` (SelectMailbox); `getquotaroot`
/// (GetQuotaDataIfSupported); `UID fetch 1:* (FLAGS)` for a first sync and `… (FLAGS)
/// (CHANGEDSINCE n)` afterwards (ProcessMailboxUpdate); the header fetch with its fixed field
/// list IMAP_ENV_AND_DB_HEADERS (FetchMessage, kHeadersRFC822andUid); `IDLE` / `DONE` (Idle,
/// EndIdle); `UID fetch n (UID RFC822.SIZE BODY[])` to show a message; and, once UTF8=ACCEPT is
/// on, `append "Sent" (\Seen) UTF8 (~{n+}` … `)` (UploadMessageFromFile: " UTF8 (~{", the
/// size, "+}" with LITERAL+, the message, then ")" CRLF).
#[test]
fn thunderbird_sets_up_syncs_idles_and_saves_sent_and_drafts() {
    let server = server();
    let mut tb = Session::connect(&server);
    let mut c = Checks::new("Thunderbird 128");
    c.check(
        tb.greeting.starts_with("* OK"),
        "greeting is OK",
        &tb.greeting,
    );

    let caps = tb.ok("1 capability\r\n");
    let cap_line = caps.lines("CAPABILITY").join(" ").to_ascii_uppercase();
    for cap in [
        "IMAP4REV1",
        "AUTH=PLAIN",
        "ENABLE",
        "UTF8=ACCEPT",
        "CONDSTORE",
        "ID",
        "LIST-EXTENDED",
        "SPECIAL-USE",
        "LITERAL+",
        "UIDPLUS",
        "IDLE",
    ] {
        c.check(
            cap_line.split(' ').any(|w| w == cap),
            &format!("CAPABILITY lists {cap}"),
            &cap_line,
        );
    }

    // AUTHENTICATE PLAIN: an empty continuation, then the base64 response (RFC 4616, RFC 9051
    // §6.2.2).
    tb.send(b"2 authenticate PLAIN\r\n");
    tb.continuation();
    let plain = base64(format!("\0{USER}\0{PASSWORD}").as_bytes());
    tb.send(format!("{plain}\r\n").as_bytes());
    let auth = tb.reply("2");
    c.status(&auth, "OK", "authenticate PLAIN");
    let mut tag = 3;
    if !auth.tagged.to_ascii_uppercase().contains("[CAPABILITY ")
        && auth.lines("CAPABILITY").is_empty()
    {
        tb.ok("3 capability\r\n");
        tag = 4;
    }

    // ENABLE (RFC 5161 §3.1): an ENABLED response naming what was enabled, then OK.
    let enable = tb.ok(&format!("{tag} ENABLE CONDSTORE\r\n"));
    c.check(
        enable
            .lines("ENABLED")
            .iter()
            .any(|l| l.to_ascii_uppercase().contains("CONDSTORE")),
        "ENABLE CONDSTORE answers * ENABLED CONDSTORE (RFC 5161 §3.2)",
        &enable,
    );
    tag += 1;
    // ID (RFC 2971 §3.1): the server must answer with an untagged ID (a list or NIL).
    let id = tb.ok(&format!(
        "{tag} ID (\"name\" \"Thunderbird\" \"version\" \"128.5.2\")\r\n"
    ));
    c.check(
        id.lines("ID ").len() == 1,
        "ID answers one untagged ID response (RFC 2971 §3.1)",
        &id,
    );
    tag += 1;
    let utf8 = tb.ok(&format!("{tag} ENABLE UTF8=ACCEPT\r\n"));
    c.check(
        utf8.lines("ENABLED")
            .iter()
            .any(|l| l.to_ascii_uppercase().contains("UTF8=ACCEPT")),
        "ENABLE UTF8=ACCEPT answers * ENABLED UTF8=ACCEPT (RFC 6855 §3)",
        &utf8,
    );
    tag += 1;

    // Folder discovery. After UTF8=ACCEPT the server must send mailbox names as UTF-8, never
    // modified UTF-7 (RFC 6855 §3). SUBSCRIBED implies \Subscribed on every name (RFC 5258
    // §3.1); RETURN (SPECIAL-USE) gives the special-use attributes (RFC 6154 §2).
    let list = tb.ok(&format!(
        "{tag} list (subscribed) \"\" \"*\" return (special-use)\r\n"
    ));
    tag += 1;
    let names: Vec<String> = list.lines("LIST ").iter().map(|l| list_name(l)).collect();
    c.check(
        names.iter().any(|n| n == "Lưu trữ"),
        "LIST after UTF8=ACCEPT names Lưu trữ in UTF-8 (RFC 6855 §3)",
        &list,
    );
    c.check(
        !names.iter().any(|n| n.contains('&')),
        "no modified UTF-7 name after UTF8=ACCEPT (RFC 6855 §3)",
        &list,
    );
    for (folder, attr) in [
        ("Sent", "\\Sent"),
        ("Drafts", "\\Drafts"),
        ("Trash", "\\Trash"),
    ] {
        c.check(
            list.lines("LIST ").iter().any(|l| {
                list_name(l) == folder
                    && l.to_ascii_lowercase().contains(&attr.to_ascii_lowercase())
            }),
            &format!("{folder} is listed with {attr} (RFC 6154 §2)"),
            &list,
        );
    }
    c.check(
        list.lines("LIST ")
            .iter()
            .all(|l| l.to_ascii_lowercase().contains("\\subscribed")),
        "every name of a SUBSCRIBED listing has \\Subscribed (RFC 5258 §3.1)",
        &list,
    );

    // SELECT … (CONDSTORE): RFC 7162 §3.1.2.1 requires HIGHESTMODSEQ (or NOMODSEQ); RFC 9051
    // §6.3.2 requires EXISTS, FLAGS, UIDVALIDITY, UIDNEXT, and PERMANENTFLAGS for a writable
    // mailbox; RFC 3501 §6.3.1 (IMAP4rev1, advertised) also requires RECENT.
    let select = tb.ok(&format!("{tag} select \"INBOX\" (CONDSTORE)\r\n"));
    tag += 1;
    c.check(
        select.lines("3 EXISTS").len() == 1,
        "SELECT: * 3 EXISTS",
        &select,
    );
    for code in ["UIDVALIDITY", "UIDNEXT", "HIGHESTMODSEQ", "PERMANENTFLAGS"] {
        c.check(
            select
                .lines("OK [")
                .iter()
                .any(|l| starts_with_ignore_case(l, &format!("OK [{code} "))),
            &format!("SELECT (CONDSTORE) sends [{code}]"),
            &select,
        );
    }
    // No session has selected the INBOX since the three messages arrived: they are recent
    // to this one (RFC 3501 §2.3.2), and the first unseen is message 1.
    c.check(
        select.lines("FLAGS ").len() == 1 && select.lines("3 RECENT").len() == 1,
        "SELECT sends FLAGS and (IMAP4rev1) * 3 RECENT (RFC 3501 §6.3.1, §2.3.2)",
        &select,
    );
    c.check(
        select
            .lines("OK [UNSEEN")
            .iter()
            .any(|l| number_after(l, "UNSEEN") == Some(1)),
        "SELECT sends [UNSEEN 1] (RFC 3501 §6.3.1)",
        &select,
    );
    c.check(
        select.tagged.to_ascii_uppercase().contains("[READ-WRITE]"),
        "SELECT completes with [READ-WRITE]",
        &select,
    );
    let uidnext = select
        .lines("OK [UIDNEXT")
        .first()
        .and_then(|l| number_after(l, "UIDNEXT"))
        .unwrap_or(0);
    c.check(uidnext == 4, "UIDNEXT 4", &select);
    let highest = select
        .lines("OK [HIGHESTMODSEQ")
        .first()
        .and_then(|l| number_after(l, "HIGHESTMODSEQ"))
        .unwrap_or(0);

    let quota = tb.ok(&format!("{tag} getquotaroot \"INBOX\"\r\n"));
    tag += 1;
    c.check(
        quota.lines("QUOTAROOT ").len() == 1,
        "GETQUOTAROOT answers QUOTAROOT (RFC 9208 §4.3.2)",
        &quota,
    );

    // First sync: every message with its UID and flags (RFC 9051 §6.4.9: UID FETCH responses
    // include UID); with CONDSTORE enabled, MODSEQ too (RFC 7162 §3.1.4.1 … §3.2).
    let flags = tb.ok(&format!("{tag} UID fetch 1:* (FLAGS)\r\n"));
    tag += 1;
    let fetches = flags.lines("");
    c.check(
        fetches.len() == 3
            && (1..=3).all(|uid| {
                fetches.iter().any(|l| {
                    l.contains(" FETCH (")
                        && number_after(l, "UID") == Some(uid)
                        && l.contains("FLAGS (")
                        && l.contains("MODSEQ (")
                })
            }),
        "UID fetch 1:* (FLAGS): three FETCH with UID, FLAGS and MODSEQ",
        &flags,
    );

    // The header download, exactly as Thunderbird lists the fields (RFC 9051 §6.4.5: only
    // the named fields, in the message's order, then the blank line; the section echoed).
    let fields = "From To Cc Bcc Subject Date Message-ID Priority X-Priority References \
                  Newsgroups In-Reply-To Content-Type Reply-To";
    let headers = tb.ok(&format!(
        "{tag} UID fetch 1:3 (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS ({fields})])\r\n"
    ));
    tag += 1;
    let stored = server.inbox(USER);
    for (i, raw) in stored.iter().enumerate() {
        let uid = i + 1;
        let line = headers
            .lines("")
            .into_iter()
            .find(|l| number_after(l, "UID") == Some(uid as u64))
            .unwrap_or_default();
        c.check(
            number_after(line, "RFC822.SIZE") == Some(raw.len() as u64),
            &format!("UID {uid}: RFC822.SIZE is the stored size {}", raw.len()),
            line,
        );
        c.check(
            line.contains(&format!("BODY[HEADER.FIELDS ({fields})]")),
            &format!("UID {uid}: the section is echoed as requested"),
            line,
        );
        let text = String::from_utf8_lossy(raw);
        let subject = text
            .lines()
            .find(|l| l.starts_with("Subject: "))
            .unwrap_or_default();
        c.check(
            line.contains(subject)
                && !line.contains("MIME-Version:")
                && !line.contains("Received:"),
            &format!("UID {uid}: the named fields only"),
            line,
        );
    }

    // IDLE (RFC 2177): a continuation, then new mail announced with EXISTS while idling;
    // DONE ends it with the tagged OK.
    let idle_tag = tag.to_string();
    tag += 1;
    tb.send(format!("{idle_tag} IDLE\r\n").as_bytes());
    tb.continuation();
    smtp_deliver(
        server.smtp_port,
        "vanphong@danang.gov.vn",
        USER,
        &[b"From: vanphong@danang.gov.vn\r\nTo: annv@quangngai.gov.vn\r\nSubject: =?UTF-8?B?VGjDtG5nIGLDoW8=?=\r\n\r\nTh\xc3\xb4ng b\xc3\xa1o m\xe1\xbb\x9bi.\r\n"],
    );
    let mut announced = Vec::new();
    while !announced.iter().any(|l: &String| l.contains("EXISTS")) && announced.len() < 5 {
        announced.push(tb.line());
    }
    c.check(
        announced.iter().any(|l| l == "* 4 EXISTS"),
        "new mail during IDLE: * 4 EXISTS (RFC 2177 §3)",
        announced.join(" | "),
    );
    tb.send(b"DONE\r\n");
    let done = tb.reply(&idle_tag);
    c.status(&done, "OK", "DONE ends IDLE");

    // Resync after IDLE: only what changed since the HIGHESTMODSEQ seen at SELECT.
    let changed = tb.ok(&format!(
        "{tag} UID fetch 1:* (FLAGS) (CHANGEDSINCE {highest})\r\n"
    ));
    tag += 1;
    let changed_uids: Vec<u64> = changed
        .lines("")
        .iter()
        .filter(|l| l.contains(" FETCH ("))
        .filter_map(|l| number_after(l, "UID"))
        .collect();
    c.check(
        changed_uids == [4],
        "CHANGEDSINCE: only the new message (RFC 7162 §3.1.4.1)",
        &changed,
    );

    // Opening the new message: BODY[] sets \Seen (RFC 9051 §6.4.5), reported with the fetch.
    let body = tb.ok(&format!("{tag} UID fetch 4 (UID RFC822.SIZE BODY[])\r\n"));
    tag += 1;
    c.check(
        body.lines("4 FETCH")
            .iter()
            .any(|l| l.contains("Thông báo mới")),
        "BODY[] returns the message",
        &body,
    );
    let seen = tb.ok(&format!("{tag} UID fetch 4 (FLAGS)\r\n"));
    tag += 1;
    c.check(
        seen.lines("4 FETCH").iter().any(|l| l.contains("\\Seen")),
        "BODY[] set \\Seen",
        &seen,
    );

    // The sent copy, in the RFC 6855 §4 form: APPEND "Sent" (\Seen) UTF8 (~{n+} … ).
    // RFC 4315 §3: APPENDUID in the tagged OK (UIDPLUS is advertised).
    let sent = thunderbird_message("Báo cáo tuần 49", "tb-sent");
    let mut command = format!(
        "{tag} append \"Sent\" (\\Seen) UTF8 (~{{{}+}}\r\n",
        sent.len()
    )
    .into_bytes();
    command.extend_from_slice(&sent);
    command.extend_from_slice(b")\r\n");
    tb.send(&command);
    let append = tb.reply(&tag.to_string());
    tag += 1;
    c.status(
        &append,
        "OK",
        "append \"Sent\" (\\Seen) UTF8 (~{n+}…) (RFC 6855 §4)",
    );
    c.check(
        append.tagged.to_ascii_uppercase().contains("[APPENDUID "),
        "APPEND answers [APPENDUID] (RFC 4315 §3)",
        &append,
    );

    // A draft: Thunderbird appends on a connection selected in Drafts, with \Seen \Draft and
    // the date; then NOOP (folder selected), and the previous draft goes with
    // `uid store <old> +FLAGS (\Deleted)` and `uid expunge <old>` (UploadMessageFromFile).
    tb.ok(&format!("{tag} select \"Drafts\" (CONDSTORE)\r\n"));
    tag += 1;
    let mut draft_uids = Vec::new();
    for version in 1..=2 {
        let draft = thunderbird_message(
            &format!("Dự thảo báo cáo, bản {version}"),
            &format!("tb-draft{version}"),
        );
        let mut command = format!(
            "{tag} append \"Drafts\" (\\Seen \\Draft) \"06-Dec-2026 17:0{version}:00 +0700\" UTF8 (~{{{}+}}\r\n",
            draft.len()
        )
        .into_bytes();
        command.extend_from_slice(&draft);
        command.extend_from_slice(b")\r\n");
        tb.send(&command);
        let append = tb.reply(&tag.to_string());
        tag += 1;
        c.status(
            &append,
            "OK",
            &format!("append \"Drafts\" draft {version} in UTF8 form"),
        );
        let uid = append
            .tagged
            .to_ascii_uppercase()
            .find("[APPENDUID ")
            .and_then(|at| {
                append.tagged[at + 11..]
                    .split([' ', ']'])
                    .nth(1)?
                    .parse::<u32>()
                    .ok()
            });
        draft_uids.push(uid);
        // RFC 9051 §6.3.12 / §7.4.1: the new message in the selected mailbox is announced
        // with EXISTS, at the latest at the next command.
        let noop = tb.ok(&format!("{tag} noop\r\n"));
        tag += 1;
        let exists_now = append.lines(&format!("{version} EXISTS")).len()
            + noop.lines(&format!("{version} EXISTS")).len();
        c.check(
            exists_now >= 1,
            &format!("draft {version} announced as * {version} EXISTS by APPEND or NOOP"),
            format!("{append}\n{noop}"),
        );
        if version == 2
            && let Some(Some(old)) = draft_uids.first()
        {
            let store = tb.command(&format!("{tag} uid store {old} +FLAGS (\\Deleted)\r\n"));
            tag += 1;
            c.status(&store, "OK", "uid store old +FLAGS (\\Deleted)");
            let expunge = tb.command(&format!("{tag} uid expunge {old}\r\n"));
            tag += 1;
            c.status(&expunge, "OK", "uid expunge old");
            c.check(
                expunge.lines("1 EXPUNGE").len() == 1,
                "UID EXPUNGE of the first draft: * 1 EXPUNGE (RFC 4315 §2.1)",
                &expunge,
            );
        }
    }
    let bye = tb.command(&format!("{tag} logout\r\n"));
    c.check(
        bye.lines("BYE").len() == 1 && bye.status() == "OK",
        "logout: * BYE then OK (RFC 9051 §6.1.3)",
        &bye,
    );

    // What the store holds: the sent copy byte for byte, and the second draft only.
    let store = server.store();
    let account = store.get_account(USER).unwrap().id;
    let sent_box = store.get_mailbox(account, "Sent").unwrap();
    let sent_msgs = store.messages(account, sent_box.id, 1..=u32::MAX).unwrap();
    c.check(
        sent_msgs.len() == 1
            && store
                .read_message(account, sent_box.id, sent_msgs[0].uid)
                .unwrap()
                == sent,
        "Sent holds the copy exactly as sent",
        format!("{} messages", sent_msgs.len()),
    );
    let drafts_box = store.get_mailbox(account, "Drafts").unwrap();
    let drafts = store
        .messages(account, drafts_box.id, 1..=u32::MAX)
        .unwrap();
    c.check(
        drafts.len() == 1 && drafts[0].meta.subject.as_deref() == Some("Dự thảo báo cáo, bản 2"),
        "Drafts holds the second draft only",
        format!(
            "{:?}",
            drafts
                .iter()
                .map(|m| m.meta.subject.clone())
                .collect::<Vec<_>>()
        ),
    );
    c.done(&tb);
}

/// Outlook for Windows (classic, 2016 to 2024). Microsoft's statement of support
/// [MS-STANOIMAP] (learn.microsoft.com/en-us/openspecs/exchange_standards/ms-stanoimap,
/// V0052-V0055): Outlook uses neither the FETCH macros (ALL/FAST/FULL) nor BODY[<section>] but
/// BODY.PEEK[…], and RFC822.PEEK; the exact fetch `N UID fetch <uid> (UID RFC822.SIZE
/// RFC822.peek)` is from an Outlook session reported in emersion/go-imap#657 (2024). Outlook
/// lists with XLIST when the server advertises it, else `LIST "" "*"`, then `LSUB "" "*"`, and
/// asks each folder's counts with STATUS; it does not enable UTF8=ACCEPT, so names are modified
/// UTF-7 (RFC 3501 §5.1.3). It saves the sent copy with a synchronizing literal when the
/// server has no LITERAL+ (here it has, but the synchronizing form must work too).
#[test]
fn outlook_classic_lists_counts_and_syncs() {
    let server = server();
    let mut ol = Session::connect(&server);
    let mut c = Checks::new("Outlook classic");
    let caps = ol.ok("1 CAPABILITY\r\n");
    let has_xlist = caps
        .lines("CAPABILITY")
        .iter()
        .any(|l| l.to_ascii_uppercase().split(' ').any(|w| w == "XLIST"));
    ol.ok(&format!("2 LOGIN \"{USER}\" \"{PASSWORD}\"\r\n"));
    ol.ok("3 CAPABILITY\r\n");
    if has_xlist {
        ol.ok("4 XLIST \"\" \"*\"\r\n");
    } else {
        // Not something Outlook does (it checks the capability), but what a server owes any
        // client: an unknown command is refused with BAD (RFC 9051 §7.1.5), unless the server
        // knows it anyway (Dovecot 2.3 answers XLIST as LIST without advertising it).
        let xlist = ol.command("4 XLIST \"\" \"*\"\r\n");
        c.check(
            xlist.status() == "BAD" || (xlist.status() == "OK" && !xlist.untagged.is_empty()),
            "XLIST when not advertised: BAD (unknown command) or a listing",
            &xlist,
        );
    }
    let list = ol.ok("5 LIST \"\" \"*\"\r\n");
    let names: Vec<String> = list.lines("LIST ").iter().map(|l| list_name(l)).collect();
    c.check(
        names.iter().any(|n| n == "L&AbA-u tr&Hu8-"),
        "without UTF8=ACCEPT, Lưu trữ is listed in modified UTF-7 (RFC 3501 §5.1.3)",
        &list,
    );
    c.check(
        names.iter().any(|n| n.eq_ignore_ascii_case("INBOX")),
        "INBOX is listed",
        &list,
    );
    let lsub = ol.ok("6 LSUB \"\" \"*\"\r\n");
    c.check(
        !lsub.lines("LSUB ").is_empty(),
        "LSUB answers LSUB responses (RFC 3501 §6.3.9)",
        &lsub,
    );
    let mut tag = 7;
    for folder in ["INBOX", "Sent", "L&AbA-u tr&Hu8-"] {
        let status = ol.ok(&format!(
            "{tag} STATUS \"{folder}\" (MESSAGES UNSEEN RECENT UIDNEXT UIDVALIDITY)\r\n"
        ));
        tag += 1;
        let line = status.lines("STATUS ").first().copied().unwrap_or_default();
        c.check(
            ["MESSAGES", "UNSEEN", "RECENT", "UIDNEXT", "UIDVALIDITY"]
                .iter()
                .all(|item| number_after(line, item).is_some()),
            &format!("STATUS {folder} answers every item asked (RFC 3501 §6.3.10)"),
            &status,
        );
        if folder == "INBOX" {
            c.check(
                number_after(line, "MESSAGES") == Some(3)
                    && number_after(line, "UNSEEN") == Some(3),
                "STATUS INBOX: 3 messages, 3 unseen",
                &status,
            );
        }
    }
    let select = ol.ok(&format!("{tag} SELECT \"INBOX\"\r\n"));
    tag += 1;
    c.check(
        select.lines("3 EXISTS").len() == 1,
        "SELECT: * 3 EXISTS",
        &select,
    );
    let uids = ol.ok(&format!("{tag} UID fetch 1:* (UID FLAGS)\r\n"));
    tag += 1;
    c.check(
        uids.lines("")
            .iter()
            .filter(|l| l.contains(" FETCH ("))
            .count()
            == 3,
        "UID fetch 1:* (UID FLAGS): three FETCH responses",
        &uids,
    );
    let headers = ol.ok(&format!(
        "{tag} UID fetch 1:3 (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER])\r\n"
    ));
    tag += 1;
    c.check(
        headers
            .lines("")
            .iter()
            .filter(|l| l.contains("BODY[HEADER] {") || l.contains("BODY[HEADER]\n"))
            .count()
            == 3,
        "BODY.PEEK[HEADER] answers BODY[HEADER] for each (RFC 9051 §6.4.5)",
        &headers,
    );
    // RFC822.PEEK is not in RFC 3501 or RFC 9051 (IMAP2's name): a server may serve it as
    // RFC822 without setting \Seen (go-imap does since #658) or refuse it with a tagged BAD
    // (Dovecot 2.3 does); either way the session goes on and Outlook falls back to
    // BODY.PEEK[] (MS-STANOIMAP V0054).
    let peek = ol.command(&format!(
        "{tag} UID fetch 3 (UID RFC822.SIZE RFC822.peek)\r\n"
    ));
    tag += 1;
    c.check(
        peek.status() == "BAD"
            || (peek.status() == "OK"
                && peek
                    .lines("3 FETCH")
                    .iter()
                    .any(|l| l.contains("RFC822 {") && l.contains("công văn số 3"))),
        "RFC822.peek: the message as RFC822, or a tagged BAD",
        &peek,
    );
    let fallback = ol.ok(&format!(
        "{tag} UID fetch 3 (UID RFC822.SIZE BODY.PEEK[])\r\n"
    ));
    tag += 1;
    c.check(
        fallback
            .lines("3 FETCH")
            .iter()
            .any(|l| l.contains("BODY[] {") && l.contains("công văn số 3")),
        "BODY.PEEK[] returns the message as BODY[]",
        &fallback,
    );
    let flags = ol.ok(&format!("{tag} UID fetch 3 (UID FLAGS)\r\n"));
    tag += 1;
    c.check(
        !flags.lines("3 FETCH").iter().any(|l| l.contains("\\Seen")),
        "peeking leaves \\Seen unset",
        &flags,
    );
    let store = ol.ok(&format!("{tag} UID STORE 3 +FLAGS (\\Seen)\r\n"));
    tag += 1;
    c.check(
        store
            .lines("3 FETCH")
            .iter()
            .any(|l| l.contains("\\Seen") && number_after(l, "UID") == Some(3)),
        "UID STORE answers FETCH with the new flags and the UID (RFC 9051 §6.4.6, §6.4.9)",
        &store,
    );
    let idle_tag = tag.to_string();
    tag += 1;
    ol.send(format!("{idle_tag} IDLE\r\n").as_bytes());
    ol.continuation();
    ol.send(b"DONE\r\n");
    let done = ol.reply(&idle_tag);
    c.status(&done, "OK", "IDLE / DONE");
    // The sent copy with a synchronizing literal: continuation first (RFC 9051 §7.5).
    let copy = b"From: annv@quangngai.gov.vn\r\nTo: vanthu@danang.gov.vn\r\nSubject: =?utf-8?B?QsOhbyBjw6Fv?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\nS8OtbmggZ+G7rWk=\r\n";
    ol.send(format!("{tag} APPEND \"Sent\" (\\Seen) {{{}}}\r\n", copy.len()).as_bytes());
    ol.continuation();
    ol.send(copy);
    ol.send(b"\r\n");
    let append = ol.reply(&tag.to_string());
    tag += 1;
    c.status(&append, "OK", "APPEND with a synchronizing literal");
    ol.ok(&format!("{tag} LOGOUT\r\n"));
    c.done(&ol);
}

/// The new Outlook for Windows and Outlook on the web reach an IMAP account through
/// Microsoft 365's connector, which sends ID before logging in, with SASL-IR, then CAPABILITY:
/// transcript from a mox session published in modern-email/defects#49 (2025-09): `WIR00001 ID
/// ("name" "Microsoft Office 365" "version" "15.20.9160.4" "vendor" "Microsoft Corporation"
/// "support-url" "https://support.microsoft.com/")`, `WIR00002 AUTHENTICATE PLAIN <ir>`,
/// `WIR00003 CAPABILITY`.
#[test]
fn new_outlook_connector_sends_id_before_login_with_sasl_ir() {
    let server = server();
    let mut ms = Session::connect(&server);
    let mut c = Checks::new("new Outlook (Microsoft 365 connector)");
    // RFC 2971 §3: ID is valid in any state, including before authentication.
    let id = ms.command(
        "WIR00001 ID (\"name\" \"Microsoft Office 365\" \"version\" \"15.20.9160.4\" \"vendor\" \
         \"Microsoft Corporation\" \"support-url\" \"https://support.microsoft.com/\")\r\n",
    );
    c.status(&id, "OK", "ID before login");
    c.check(
        id.lines("ID ").len() == 1,
        "an untagged ID (RFC 2971 §3.1)",
        &id,
    );
    let plain = base64(format!("\0{USER}\0{PASSWORD}").as_bytes());
    let auth = ms.command(&format!("WIR00002 AUTHENTICATE PLAIN {plain}\r\n"));
    c.status(
        &auth,
        "OK",
        "AUTHENTICATE PLAIN with an initial response (RFC 4959)",
    );
    let caps = ms.command("WIR00003 CAPABILITY\r\n");
    c.check(
        caps.status() == "OK"
            && !caps
                .lines("CAPABILITY")
                .iter()
                .any(|l| l.to_ascii_uppercase().contains("AUTH=")),
        "CAPABILITY after login lists no AUTH= mechanism (RFC 9051 §7.2.2)",
        &caps,
    );
    let select = ms.command("WIR00004 SELECT INBOX\r\n");
    c.status(&select, "OK", "SELECT INBOX");
    let uid_fetch = ms.command("WIR00005 UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE)\r\n");
    c.check(
        uid_fetch.status() == "OK"
            && uid_fetch
                .lines("")
                .iter()
                .filter(|l| l.contains("INTERNALDATE \""))
                .count()
                == 3,
        "UID FETCH with INTERNALDATE answers a quoted date-time for each message",
        &uid_fetch,
    );
    ms.command("WIR00006 LOGOUT\r\n");
    c.done(&ms);
}

/// iOS Mail. ID as iPhone Mail (iOS 17.1.2) sends it, recorded in asimap's client tests
/// (`ID ("version" "21B101" "os" "iOS" "name" "iPhone Mail" "os-version" "17.1.2 (21B101)")`);
/// the account check and sync from an iOS Mail session published in emersion/go-imap#145:
/// `LOGIN user pass` unquoted, `LIST "" ""` (the delimiter), `LIST "" "*"`, `SELECT INBOX`,
/// `UID SEARCH 1:* NOT DELETED`, `UID SEARCH 1:* DELETED`, `NOOP`.
#[test]
fn ios_mail_checks_the_account_and_syncs_with_uid_search() {
    let server = server();
    let mut ios = Session::connect(&server);
    let mut c = Checks::new("iOS Mail");
    ios.ok("1 CAPABILITY\r\n");
    let id = ios.command(
        "2 ID (\"version\" \"21B101\" \"os\" \"iOS\" \"name\" \"iPhone Mail\" \"os-version\" \"17.1.2 (21B101)\")\r\n",
    );
    c.status(&id, "OK", "ID before login");
    c.check(
        id.lines("ID ").len() == 1,
        "an untagged ID (RFC 2971 §3.1)",
        &id,
    );
    ios.ok(&format!("3 LOGIN {USER} {PASSWORD}\r\n"));
    // LIST "" "": the hierarchy delimiter and the root name (RFC 9051 §6.3.9).
    let root = ios.ok("4 LIST \"\" \"\"\r\n");
    c.check(
        root.lines("LIST ").len() == 1
            && root.lines("LIST ")[0]
                .to_ascii_lowercase()
                .contains("\\noselect")
            && root.lines("LIST ")[0].contains(" \"/\" "),
        "LIST \"\" \"\": one LIST (\\Noselect) \"/\" \"\" (RFC 9051 §6.3.9)",
        &root,
    );
    let all = ios.ok("5 LIST \"\" \"*\"\r\n");
    c.check(
        all.lines("LIST ").len() >= 6,
        "LIST \"\" \"*\" lists the folders",
        &all,
    );
    let select = ios.ok("6 SELECT INBOX\r\n");
    c.check(
        select.lines("3 EXISTS").len() == 1,
        "SELECT INBOX: 3 EXISTS",
        &select,
    );
    // UID SEARCH answers UIDs (RFC 9051 §6.4.8); iOS does not ask for ESEARCH, so the answer
    // is the plain SEARCH response (RFC 3501 §7.2.5; RFC 9051 §7.3.4 keeps it for rev1).
    let undeleted = ios.ok("7 UID SEARCH 1:* NOT DELETED\r\n");
    c.check(
        undeleted
            .lines("SEARCH")
            .iter()
            .any(|l| l.trim_end() == "SEARCH 1 2 3"),
        "UID SEARCH 1:* NOT DELETED answers * SEARCH 1 2 3",
        &undeleted,
    );
    ios.ok("8 UID STORE 2 +FLAGS.SILENT (\\Deleted)\r\n");
    let deleted = ios.ok("9 UID SEARCH 1:* DELETED\r\n");
    c.check(
        deleted
            .lines("SEARCH")
            .iter()
            .any(|l| l.trim_end() == "SEARCH 2"),
        "UID SEARCH 1:* DELETED answers * SEARCH 2",
        &deleted,
    );
    // NOOP: nothing new happened; any untagged data is allowed (RFC 9051 §6.1.2).
    ios.ok("10 NOOP\r\n");
    let idle_tag = "11";
    ios.send(b"11 IDLE\r\n");
    ios.continuation();
    ios.send(b"DONE\r\n");
    let done = ios.reply(idle_tag);
    c.status(&done, "OK", "IDLE / DONE");
    ios.ok("12 LOGOUT\r\n");
    c.done(&ios);
}

/// QRESYNC resynchronisation (RFC 7162 §3.2.5) as Roundcube's rcube_imap_generic sends it
/// with its message cache on (select() with $qresync_data: `SELECT mailbox (QRESYNC
/// (uidvalidity modseq known-uids))` after `ENABLE QRESYNC`): the server reports messages
/// expunged since with `* VANISHED (EARLIER)` and changed flags with FETCH … MODSEQ.
#[test]
fn qresync_select_reports_vanished_and_changed() {
    let server = server();
    let mut first = Session::connect(&server);
    let mut c = Checks::new("QRESYNC client");
    first.ok(&format!("A0001 LOGIN {USER} {PASSWORD}\r\n"));
    first.ok("A0002 ENABLE QRESYNC\r\n");
    let select = first.ok("A0003 SELECT INBOX\r\n");
    let validity = select
        .lines("OK [UIDVALIDITY")
        .first()
        .and_then(|l| number_after(l, "UIDVALIDITY"))
        .unwrap_or(0);
    let modseq = select
        .lines("OK [HIGHESTMODSEQ")
        .first()
        .and_then(|l| number_after(l, "HIGHESTMODSEQ"))
        .unwrap_or(0);
    // Meanwhile (the cache is now stale): UID 1 expunged, UID 3 flagged.
    first.ok("A0004 UID STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
    first.ok("A0005 UID EXPUNGE 1\r\n");
    first.ok("A0006 UID STORE 3 +FLAGS.SILENT (\\Flagged)\r\n");
    first.ok("A0007 LOGOUT\r\n");

    let mut rc = Session::connect(&server);
    rc.ok(&format!("A0001 LOGIN {USER} {PASSWORD}\r\n"));
    rc.ok("A0002 ENABLE QRESYNC\r\n");
    let resync = rc.ok(&format!(
        "A0003 SELECT INBOX (QRESYNC ({validity} {modseq} 1:3))\r\n"
    ));
    c.check(
        resync
            .lines("VANISHED (EARLIER)")
            .iter()
            .any(|l| l.trim_end().ends_with(" 1")),
        "SELECT (QRESYNC …): * VANISHED (EARLIER) 1",
        &resync,
    );
    c.check(
        resync.lines("").iter().any(|l| {
            l.contains(" FETCH (")
                && number_after(l, "UID") == Some(3)
                && l.contains("\\Flagged")
                && l.contains("MODSEQ (")
        }),
        "SELECT (QRESYNC …): FETCH of UID 3 with its flags and MODSEQ",
        &resync,
    );
    c.check(
        !resync
            .lines("")
            .iter()
            .any(|l| l.contains(" FETCH (") && number_after(l, "UID") == Some(2)),
        "SELECT (QRESYNC …): nothing for the unchanged UID 2",
        &resync,
    );
    rc.ok("A0004 LOGOUT\r\n");
    c.done(&rc);
}
