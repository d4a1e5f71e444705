//! Delivery of an accepted message, as a pipeline of named stages (ARCHITECTURE.md "How a
//! message flows"). Each stage is a small function in its own module, with its input and
//! output as types, so the path of a message reads top to bottom in [`deliver`] and a test
//! can drive one stage on its own:
//!
//! | stage | module | input → output | what it does |
//! |---|---|---|---|
//! | accept | [`accept`] | [`Accepted`] → [`Message`] | loop check (RFC 5321 §6.3), our `Received:` field |
//! | authenticate | [`authenticate`] | [`Message`] → [`Authenticated`] | SPF/DKIM/DMARC of inbound mail, `Authentication-Results:` |
//! | classify | [`classify`] | [`Authenticated`] → [`Classified`] | the one parse: stored metadata and structure, document recognition |
//! | plan | [`plan`] | [`Classified`] → [`Plan`] | the document rules' verdict, then the recipients' Sieve scripts |
//! | commit | [`commit`] | [`Delivery`] or [`Held`] → [`Committed`] | one storage call: deliver and queue, or quarantine |
//! | after commit | [`after_commit`] | [`Committed`] → counts for the reply | Sieve's remaining actions, counters, register, notices, the worker's wake-up |
//!
//! Any stage up to plan may end the path with a [`Reply`]: a refusal (loop, DMARC, the
//! document rules, every recipient's Sieve reject) or 451 when something of ours failed.
//! The client gets `250` only once the message is durable; the replies after a commit are
//! mapped at the end of this file.
//!
//! The message is parsed once for delivery, in classify; what later stages need (metadata,
//! recognition) travels in the stage types. Sieve parses the message as stored (with our
//! fields on top, which scripts may test) a second time, and only when a recipient has a
//! script.
//!
//! Inside the crate, dependencies point one way (leaves first, no cycles):
//!
//! ```text
//! reply, dates, dns, stats, outbox            leaves (outbox: storage only)
//!   ← mailauth (dns), notices (dates), filter, receipts (dates, notices, outbox; its
//!     sender task also reads `Smtp`)
//!   ← delivery (mailauth, notices, filter, outbox, receipts, reply, dates, stats)
//!   ← outbound (dns, mailauth, notices, outbox, stats)
//!   ← submission (dates, reply)
//!   ← session (delivery, submission, reply, stats; `auth` adds AUTH to it) ← serve
//! ```
//!
//! Inside `delivery`, each stage imports only the types of the stages before it.
//!
//! `Smtp` (lib.rs) is used only by [`deliver`] here, which hands each stage the part it needs.

pub mod accept;
pub mod after_commit;
pub mod authenticate;
pub mod classify;
pub mod commit;
pub mod forged;
pub mod plan;
pub mod signatures;

use storage::{QueueId, StorageError};

use crate::Smtp;
use crate::reply::{self, Reply};

pub use accept::{Accepted, Envelope, MAX_HOPS, Message, accept, hop_count};
pub use after_commit::{AfterCommit, crossed_threshold};
pub use authenticate::{Authenticated, authenticate, strip_auth_results};
pub use classify::{Classified, classify};
pub use commit::{Committed, Failure, Quarantined, commit, hold};
pub use plan::{Delivery, Held, Plan, Planner, plan};

/// Delivers an accepted message: stores it for every local recipient and queues it for the
/// remote ones in one transaction, or refuses it, or holds it for the administrator.
pub async fn deliver(smtp: &Smtp, accepted: Accepted) -> Reply {
    match pipeline(smtp, accepted).await {
        Ok(reply) | Err(reply) => reply,
    }
}

/// The stages in order; `Err` is a reply that ends the path early.
async fn pipeline(smtp: &Smtp, accepted: Accepted) -> Result<Reply, Reply> {
    let hostname = smtp.config.hostname.as_str();
    let message = accept(accepted, hostname, storage::now())?;
    let authenticated = authenticate(smtp.verifier.as_ref(), hostname, message).await?;
    let authenticated = crate::recall::incoming::check(smtp, authenticated).await;
    // The sender's agency may have its own rules (`[policy.agencies.CODE]`); which types are
    // mandatory is decided by them.
    let rules = smtp
        .policy
        .for_sender(&authenticated.message.envelope.sender_agencies);
    let classified = classify(&rules, smtp.signatures.as_ref(), authenticated).await?;
    let planner = Planner {
        rules: &rules,
        sieve: smtp.sieve.as_ref(),
        store: &smtp.store,
    };
    let plan = plan(&planner, classified).await?;
    let after = AfterCommit {
        hostname,
        store: &smtp.store,
        stats: &smtp.stats,
        quota_warnings: &smtp.config.quota_warnings,
        wake: &smtp.outbound,
        rules: &rules,
        now: storage::now(),
    };
    Ok(match plan {
        Plan::Refuse(refusal) => {
            after.refused(&refusal);
            refusal.reply
        }
        Plan::Quarantine(held) => match hold(&smtp.store, held).await {
            Ok(quarantined) => {
                after.held(&quarantined);
                held_reply(&quarantined)
            }
            Err(failure) => not_held_reply(failure),
        },
        Plan::Handled(handled) => {
            let rejects = handled.rejects;
            after.handled(handled).await;
            handled_reply(rejects)
        }
        Plan::Deliver(delivery) => match commit(&smtp.store, delivery).await {
            Ok(committed) => {
                let (delivered, queued) = after.stored(committed).await;
                stored_reply(delivered, queued)
            }
            Err(failure) => not_stored_reply(failure),
        },
    })
}

/// 250 for a message delivered to `delivered` mailboxes and maybe queued.
fn stored_reply(delivered: usize, queued: Option<QueueId>) -> Reply {
    match queued {
        Some(id) => Reply::new(
            250,
            reply::SE_OK,
            format!("OK, delivered to {delivered} mailbox(es), queued as {id}"),
        ),
        None => Reply::new(
            250,
            reply::SE_OK,
            format!("OK, delivered to {delivered} mailbox(es)"),
        ),
    }
}

/// 250 for a message the recipients' scripts disposed of (discarded, redirected, some
/// rejected): nothing was stored, and nothing is lost.
fn handled_reply(rejects: usize) -> Reply {
    Reply::new(
        250,
        reply::SE_OK,
        format!("OK, handled by the recipients' filters ({rejects} rejected)"),
    )
}

/// A failed delivery: over quota is the recipient's (552, RFC 3463 5.2.2), a full disk
/// and anything else ours (temporary, the sender retries).
fn not_stored_reply(failure: Failure) -> Reply {
    match failure {
        Failure::Storage(StorageError::OverQuota { address, .. }) => Reply::new(
            552,
            reply::SE_MAILBOX_FULL,
            format!("mailbox of {address} is full"),
        ),
        Failure::Storage(e) if e.is_low_disk() => reply::low_disk(),
        Failure::Storage(e) => {
            tracing::error!(error = %e, "local delivery failed");
            Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary storage failure, try again later",
            )
        }
        Failure::Task(e) => {
            tracing::error!(error = %e, "local delivery task failed");
            Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary failure, try again later",
            )
        }
    }
}

/// The sender gets 250 for a quarantined message: it is safely kept, and the administrator
/// decides (`govmail quarantine`).
fn held_reply(quarantined: &Quarantined) -> Reply {
    Reply::new(
        250,
        reply::SE_OK,
        format!("OK, held for the administrator ({})", quarantined.id),
    )
}

fn not_held_reply(failure: Failure) -> Reply {
    match failure {
        Failure::Storage(e) if e.is_low_disk() => reply::low_disk(),
        Failure::Storage(e) => {
            tracing::error!(error = %e, "quarantine failed");
            Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary storage failure, try again later",
            )
        }
        Failure::Task(_) => Reply::new(
            451,
            reply::SE_SYSTEM_TEMP,
            "temporary failure, try again later",
        ),
    }
}
