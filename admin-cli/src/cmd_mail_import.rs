//! `govmail import maildir|mbox ACCOUNT PATH [--mailbox NAME]`: moving mail over from an old
//! system, keeping flags and dates where the format has them.
//!
//! Maildir flags come from the file name (`:2,FRS`, maildir.org "info"); the internal date
//! from the file's modification time. mbox flags come from the `Status`/`X-Status` headers
//! (mutt, Dovecot) or `X-Mozilla-Status` (Thunderbird); the internal date from the `From `
//! separator line. Lines are stored with CRLF ends, as IMAP requires.
//!
//! A message already in the mailbox with the same Message-ID, Date and size is skipped, so a
//! second run (or a run that was interrupted) imports only what is missing.

use std::path::Path;
use std::sync::Arc;

use mail_parser::mailbox::mbox;
use storage::{AccountId, Flags, MessageMeta, NewMessage, Store};

use crate::cli::MailFormat;
use crate::{CliError, CliResult};

/// Messages stored per transaction: one commit (and its fsync) for many messages, as
/// MULTIAPPEND does, instead of one each. A batch is appended whole or not at all.
const BATCH_MESSAGES: usize = 200;
/// …and at most this many bytes per batch, so a batch of large messages stays small in memory.
const BATCH_BYTES: usize = 16 * 1024 * 1024;

/// One message read from the source.
struct Item {
    raw: Vec<u8>,
    flags: Flags,
    keywords: Vec<String>,
    internal_date: i64,
}

pub fn import(
    store: &Store,
    format: MailFormat,
    address: &str,
    path: &Path,
    mailbox: &str,
) -> CliResult {
    let account = store.get_account(address).map_err(|e| {
        CliError(format!(
            "{e}: create the account first (`govmail user add`), then import its mail"
        ))
    })?;
    let target = match store.get_mailbox(account.id, mailbox) {
        Ok(m) => m,
        Err(storage::StorageError::NotFound { .. }) => {
            store.create_mailbox(account.id, mailbox, None)?;
            // The administrator's doing, for the user: subscribed, so that a client showing
            // only subscribed folders shows the imported mail (IMAP CREATE does not subscribe).
            store.subscribe_mailbox(account.id, mailbox)?;
            store.get_mailbox(account.id, mailbox)?
        }
        Err(e) => return Err(e.into()),
    };
    let mut seen = store.message_keys(account.id, target.id)?;
    let items: Box<dyn Iterator<Item = std::io::Result<Item>>> = match format {
        MailFormat::Maildir => {
            if !path.join("cur").is_dir() && !path.join("new").is_dir() {
                return Err(CliError(format!(
                    "{} is not a Maildir folder (no cur/ or new/ inside)",
                    path.display()
                )));
            }
            Box::new(maildir_files(path)?.into_iter().map(read_maildir_file))
        }
        MailFormat::Mbox => {
            let file = std::fs::File::open(path)
                .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
            let it = mbox::MessageIterator::new(std::io::BufReader::new(file));
            Box::new(it.map(|m| m.map(from_mbox)))
        }
    };
    // A spinner with a count (the number of messages is not known before reading them all);
    // indicatif draws nothing when stderr is not a terminal.
    let progress = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} messages ({per_sec})")
    {
        progress.set_style(style);
    }
    progress.set_message("Importing");
    let (mut imported, mut skipped, mut bytes) = (0u64, 0u64, 0u64);
    let mut batch: Vec<NewMessage> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut items = items.peekable();
    while let Some(item) = items.next() {
        let item = item.map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
        let raw: Arc<[u8]> = item.raw.into();
        let meta = MessageMeta::parse(&raw);
        let key = (meta.message_id.clone(), meta.sent_date, raw.len() as u64);
        if seen.contains(&key) {
            skipped += 1;
            progress.inc(1);
        } else {
            seen.insert(key);
            batch_bytes += raw.len();
            batch.push(NewMessage {
                raw,
                flags: item.flags,
                keywords: item.keywords,
                internal_date: item.internal_date,
            });
        }
        let full = batch.len() >= BATCH_MESSAGES || batch_bytes >= BATCH_BYTES;
        if !batch.is_empty() && (full || items.peek().is_none()) {
            let (n, size) = (batch.len() as u64, batch_bytes as u64);
            append_batch(
                store,
                account.id,
                mailbox,
                std::mem::take(&mut batch),
                imported,
                address,
            )?;
            batch_bytes = 0;
            imported += n;
            bytes += size;
            progress.inc(n);
        }
    }
    progress.finish_and_clear();
    println!(
        "Imported {imported} message(s) ({bytes} bytes) into {address} / {mailbox}; \
         {skipped} already there were skipped."
    );
    Ok(())
}

/// Appends one batch in one transaction; on error says how many messages went in before.
fn append_batch(
    store: &Store,
    account: AccountId,
    mailbox: &str,
    batch: Vec<NewMessage>,
    imported: u64,
    address: &str,
) -> CliResult {
    store
        .append_many(account, mailbox, batch, None)
        .map_err(|e| match e {
            storage::StorageError::OverQuota { .. } => CliError(format!(
                "{e}. {imported} messages were imported before the quota ran out: raise it \
                 (`govmail user quota set {address} …`) and run the same import again; \
                 what is already there is skipped"
            )),
            storage::StorageError::LowDisk { .. } => CliError(format!(
                "{e}. {imported} messages were imported before the disk filled up: free \
                 space and run the same import again; what is already there is skipped"
            )),
            other => other.into(),
        })?;
    Ok(())
}

/// The messages of a Maildir folder (cur/ and new/), oldest first, so that UIDs follow the
/// order the mail arrived in. Only names and dates are held in memory.
fn maildir_files(dir: &Path) -> CliResult<Vec<(i64, std::path::PathBuf)>> {
    let mut files = Vec::new();
    for sub in ["cur", "new"] {
        let sub = dir.join(sub);
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        for entry in entries {
            let entry =
                entry.map_err(|e| CliError(format!("cannot read {}: {e}", sub.display())))?;
            let path = entry.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| n.starts_with('.'));
            let Ok(meta) = entry.metadata() else { continue };
            if hidden || !meta.is_file() {
                continue;
            }
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs().min(i64::MAX as u64) as i64);
            files.push((mtime, path));
        }
    }
    files.sort();
    Ok(files)
}

/// One Maildir file; flags from its name's info part (`:2,` then letters, maildir.org).
fn read_maildir_file((mtime, path): (i64, std::path::PathBuf)) -> std::io::Result<Item> {
    let raw = std::fs::read(&path)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let mut flags = Flags::default();
    let mut keywords = Vec::new();
    if let Some((_, info)) = name.rsplit_once(":2,") {
        for ch in info.chars() {
            match ch {
                'S' => flags = flags.union(Flags::SEEN),
                'R' => flags = flags.union(Flags::ANSWERED),
                'F' => flags = flags.union(Flags::FLAGGED),
                'D' => flags = flags.union(Flags::DRAFT),
                'T' => flags = flags.union(Flags::DELETED),
                'P' => keywords.push("$Forwarded".to_string()),
                _ => {}
            }
        }
    }
    Ok(Item {
        raw: crlf(&raw),
        flags,
        keywords,
        internal_date: if mtime > 0 { mtime } else { storage::now() },
    })
}

fn from_mbox(m: mbox::Message) -> Item {
    let internal_date = match m.internal_date() {
        0 => storage::now(),
        t => t.min(i64::MAX as u64) as i64,
    };
    let raw = m.unwrap_contents();
    let (flags, keywords) = mbox_flags(&raw);
    Item {
        raw: crlf(&raw),
        flags,
        keywords,
        internal_date,
    }
}

/// Flags an mbox writer left in the header: `Status: RO` (R = read), `X-Status: AFTD`
/// (answered, flagged, draft, deleted), or Thunderbird's `X-Mozilla-Status` bit field.
fn mbox_flags(raw: &[u8]) -> (Flags, Vec<String>) {
    let mut flags = Flags::default();
    let keywords = Vec::new();
    let header_end = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(raw.len(), |p| p + 1);
    for line in raw[..header_end].split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "status" if value.contains('R') => flags = flags.union(Flags::SEEN),
            "x-status" => {
                for (ch, flag) in [
                    ('A', Flags::ANSWERED),
                    ('F', Flags::FLAGGED),
                    ('T', Flags::DRAFT),
                    ('D', Flags::DELETED),
                ] {
                    if value.contains(ch) {
                        flags = flags.union(flag);
                    }
                }
            }
            "x-mozilla-status" => {
                if let Ok(bits) = u32::from_str_radix(value, 16) {
                    for (bit, flag) in [
                        (0x0001, Flags::SEEN),
                        (0x0002, Flags::ANSWERED),
                        (0x0004, Flags::FLAGGED),
                        (0x0008, Flags::DELETED),
                    ] {
                        if bits & bit != 0 {
                            flags = flags.union(flag);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (flags, keywords)
}

/// Bare LF line ends become CRLF (RFC 5322 §2.3); existing CRLFs stay as they are.
fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 40);
    let mut prev = 0u8;
    for &b in raw {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_and_mbox_flags() {
        assert_eq!(crlf(b"a\nb\r\nc\n"), b"a\r\nb\r\nc\r\n");
        let (f, _) = mbox_flags(b"Subject: x\nStatus: RO\nX-Status: AF\n\nbody Status: R\n");
        assert_eq!(f, Flags::SEEN.union(Flags::ANSWERED).union(Flags::FLAGGED));
        let (f, _) = mbox_flags(b"X-Mozilla-Status: 0005\n\n");
        assert_eq!(f, Flags::SEEN.union(Flags::FLAGGED));
        let (f, _) = mbox_flags(b"Subject: x\n\nStatus: RO\n");
        assert_eq!(f, Flags::default());
    }
}
