//! Change notifications across nodes: every write transaction that changed something sends
//! its changes with `pg_notify` (delivered by PostgreSQL only if, and when, it commits), and
//! each node listens on one connection of its own and publishes what other nodes changed into
//! its local change hub, where IMAP IDLE and the other sessions of a mailbox see them. A node
//! publishes its own changes directly after COMMIT and skips them when they come back.
//!
//! While the listening connection is down (the database restarting, a failover) changes of
//! other nodes are missed; it reconnects every second. Sessions still see them at their next
//! command, which re-reads the mailbox's state.

use std::sync::Arc;

use tokio_postgres::AsyncMessage;

use super::pool::{Queries, Tx};

use super::{Notes, PgResult};
use crate::changes::{Change, ChangeHub};
use crate::types::AccountId;

pub(crate) const CHANNEL: &str = "govmail_changes";

/// Payloads stay under PostgreSQL's 8,000 bytes: longer lists go as several notifications.
const MAX_PAYLOAD: usize = 7_000;

fn line(account: AccountId, change: &Change) -> String {
    match change {
        Change::Appended {
            mailbox,
            uid,
            modseq,
        } => format!("A {account} {mailbox} {uid} {modseq}"),
        Change::FlagsChanged {
            mailbox,
            uid,
            modseq,
        } => format!("F {account} {mailbox} {uid} {modseq}"),
        Change::Expunged {
            mailbox,
            uid,
            modseq,
        } => format!("E {account} {mailbox} {uid} {modseq}"),
        Change::MailboxesChanged => format!("M {account}"),
    }
}

/// One line back into a change; `None` for anything malformed (never a panic: a payload is
/// whatever someone with access to the database sent on the channel).
fn parse_line(line: &str) -> Option<(AccountId, Change)> {
    let mut parts = line.split(' ');
    let kind = parts.next()?;
    let account: AccountId = parts.next()?.parse().ok()?;
    if kind == "M" {
        return parts
            .next()
            .is_none()
            .then_some((account, Change::MailboxesChanged));
    }
    let mailbox = parts.next()?.parse().ok()?;
    let uid = parts.next()?.parse().ok()?;
    let modseq = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let change = match kind {
        "A" => Change::Appended {
            mailbox,
            uid,
            modseq,
        },
        "F" => Change::FlagsChanged {
            mailbox,
            uid,
            modseq,
        },
        "E" => Change::Expunged {
            mailbox,
            uid,
            modseq,
        },
        _ => return None,
    };
    Some((account, change))
}

/// The payloads for `notes`: the sending node's name on the first line, then one change a line.
pub(crate) fn payloads(node: &str, notes: &Notes) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for (account, change) in notes {
        let l = line(*account, change);
        if current.is_empty() {
            current.push_str(node);
        } else if current.len() + 1 + l.len() > MAX_PAYLOAD {
            out.push(std::mem::take(&mut current));
            current.push_str(node);
        }
        current.push('\n');
        current.push_str(&l);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Queues the notifications of a transaction's changes (sent by PostgreSQL at COMMIT).
pub(crate) async fn send(tx: &Tx<'_>, node: &str, notes: &Notes) -> PgResult<()> {
    for payload in payloads(node, notes) {
        tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])
            .await?;
    }
    Ok(())
}

/// Changes in a payload from another node; nothing for this node's own.
pub(crate) fn received(node: &str, payload: &str) -> Vec<(AccountId, Change)> {
    let mut lines = payload.split('\n');
    if lines.next() == Some(node) {
        return Vec::new();
    }
    lines.filter_map(parse_line).collect()
}

/// Listens for other nodes' changes for as long as the backend's runtime runs.
pub(crate) async fn listen(
    config: tokio_postgres::Config,
    tls: super::tls::RustlsConnect,
    hub: Arc<ChangeHub>,
    node: String,
) {
    loop {
        match config.connect(tls.clone()).await {
            Ok((client, mut connection)) => {
                let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
                let driver = tokio::spawn(async move {
                    while let Some(message) =
                        std::future::poll_fn(|cx| connection.poll_message(cx)).await
                    {
                        match message {
                            Ok(AsyncMessage::Notification(n)) => {
                                if tx.send(n.payload().to_string()).is_err() {
                                    return;
                                }
                            }
                            Ok(_) => {}
                            Err(e) => {
                                tracing::warn!(error = %e, "PostgreSQL change listener lost");
                                return;
                            }
                        }
                    }
                });
                match client.batch_execute(&format!("LISTEN {CHANNEL}")).await {
                    Ok(()) => {
                        while let Some(payload) = rx.recv().await {
                            hub.publish(received(&node, &payload));
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "PostgreSQL LISTEN failed"),
                }
                driver.abort();
            }
            Err(e) => tracing::warn!(error = %e, "PostgreSQL change listener cannot connect"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[allow(unused_imports)]
    use crate::backend::*;

    use super::*;

    #[test]
    fn payloads_round_trip_split_under_the_limit_and_skip_our_own() {
        let notes: Notes = (0..2_000u32)
            .map(|uid| {
                (
                    7,
                    Change::FlagsChanged {
                        mailbox: 42,
                        uid,
                        modseq: 9_000_000_000 + u64::from(uid),
                    },
                )
            })
            .chain([(8, Change::MailboxesChanged)])
            .collect();
        let payloads = payloads("node-a", &notes);
        assert!(payloads.len() > 1);
        assert!(payloads.iter().all(|p| p.len() <= MAX_PAYLOAD));
        let back: Notes = payloads
            .iter()
            .flat_map(|p| received("node-b", p))
            .collect();
        assert_eq!(back, notes);
        assert!(payloads.iter().all(|p| received("node-a", p).is_empty()));
        for bad in [
            "node\nX 1 2 3 4",
            "node\nA 1 2 3",
            "node\nA 1 2 3 4 5",
            "node\nM x",
            "node\nA -1 2 x 4",
        ] {
            assert!(received("other", bad).is_empty(), "{bad:?}");
        }
    }
}
