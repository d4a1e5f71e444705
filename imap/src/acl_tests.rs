//! ACL (RFC 4314) and LIST-MYRIGHTS (RFC 8440) driven in memory: vanthu@ (a unit) shared
//! read-write with annv@ and read-only with ngoc@; la@ is an administrator with no grant;
//! hoa@ is a person with neither.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use super::*;
use crate::test_client::Client;
use crate::{Imap, ImapConfig};
use storage::{NewAccount, OpenMode, Quota};

const PASSWORD: &str = "Mật-khẩu 2026";
const UNIT: &str = "vanthu@stttt.gov.vn";
const RW: &str = "annv@stttt.gov.vn";
const RO: &str = "ngoc@stttt.gov.vn";
const ADMIN: &str = "la@stttt.gov.vn";
const OTHER: &str = "hoa@stttt.gov.vn";
const SHARED_INBOX: &str = "Shared/vanthu@stttt.gov.vn/INBOX";

fn env() -> (tempfile::TempDir, Arc<Imap>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
    store.add_domain("stttt.gov.vn").unwrap();
    store.add_agency("STTTT", "Sở TT&TT", None, None).unwrap();
    for (address, kind) in [
        (UNIT, AccountKind::Unit),
        (RW, AccountKind::Personal),
        (RO, AccountKind::Personal),
        (ADMIN, AccountKind::Personal),
        (OTHER, AccountKind::Personal),
    ] {
        store
            .create_account(NewAccount {
                address: address.into(),
                display_name: address.into(),
                agency_code: "STTTT".into(),
                kind,
                password_hash: storage::password::hash_generated(PASSWORD).unwrap(),
                quota: Quota::default(),
            })
            .unwrap();
    }
    store.grant(UNIT, RW, false).unwrap();
    store.grant(UNIT, RO, true).unwrap();
    store.add_role(ADMIN, storage::Role::Admin, None).unwrap();
    (dir, crate::test_client::imap(store, ImapConfig::default()))
}

async fn login(imap: &Arc<Imap>, user: &str) -> Client {
    Client::login(imap, user, PASSWORD).await
}

const MESSAGE: &str = "From: annv@stttt.gov.vn\r\nSubject: Dự thảo\r\n\r\nNội dung.\r\n";

#[test]
fn rights_parse_and_print_in_rfc_order_with_the_obsolete_letters() {
    assert_eq!(RightSet::parse("lrswipkxtea").unwrap(), OWNER);
    assert_eq!(OWNER.text(), "lrswipkxteacd");
    assert_eq!(READ_WRITE.text(), "lrswite");
    assert_eq!(READ_ONLY.text(), "lr");
    // RFC 4314 §2.1.1: c is k, d is x t e.
    assert_eq!(RightSet::parse("lrswipcda").unwrap(), OWNER);
    // RFC 4314 §3.1's examples: upper case and unknown letters are refused.
    assert_eq!(RightSet::parse("lrQswicda"), Err('Q'));
    assert_eq!(RightSet::parse("lrqswicda"), Err('q'));
}

/// Enforcement and MYRIGHTS read one table: a grant without `i` is refused APPEND and
/// COPY (they ask `allows(Insert)`), and the read-only SELECT and `writable()` refusals
/// of a read-only grant match a set with none of `s w t e`.
#[test]
fn enforcement_agrees_with_the_table() {
    for rights in [Rights::ReadOnly, Rights::ReadWrite] {
        let set = rights.acl();
        assert_eq!(rights.allows(Right::Insert), set.contains(Right::Insert));
        let writes = [
            Right::Seen,
            Right::Write,
            Right::DeleteMessages,
            Right::Expunge,
        ];
        // A grant has all the rights of changing messages or none (writable() is one check).
        let held: Vec<bool> = writes.iter().map(|r| set.contains(*r)).collect();
        assert!(held.iter().all(|h| *h == held[0]), "{rights:?}");
        assert_eq!(held[0], rights == Rights::ReadWrite);
        // No grant lets a grantee create, delete or administer: CREATE, DELETE and RENAME
        // refuse the shared namespace, and only `a` holders run SETACL.
        assert!(!set.contains(Right::Create) && !set.contains(Right::Administer));
    }
    assert_eq!(grant_for(READ_ONLY), Some(Some(true)));
    assert_eq!(grant_for(READ_WRITE), Some(Some(false)));
    assert_eq!(grant_for(RightSet::NONE), Some(None));
    assert_eq!(grant_for(RightSet::parse("lrs").unwrap()), None);
}

#[tokio::test]
async fn capabilities_announce_acl_and_list_myrights() {
    let (_dir, imap) = env();
    let mut c = login(&imap, RW).await;
    let caps = c.ok("CAPABILITY").await;
    for cap in [" ACL", " RIGHTS=texk", " LIST-MYRIGHTS"] {
        assert!(caps.contains(cap), "{caps}");
    }
}

/// A read-only grantee is told it lacks `i`, and APPEND and COPY are indeed refused.
#[tokio::test]
async fn a_read_only_grantee_lacks_insert_and_is_refused_append_and_copy() {
    let (_dir, imap) = env();
    let mut c = login(&imap, RO).await;
    let out = c.ok(&format!("MYRIGHTS {SHARED_INBOX}")).await;
    assert_eq!(out, format!("* MYRIGHTS {SHARED_INBOX} lr\r\n"));
    let out = c
        .run(&format!(
            "APPEND {SHARED_INBOX} {{{}+}}\r\n{MESSAGE}",
            MESSAGE.len()
        ))
        .await;
    assert!(out.contains("NO [NOPERM]"), "{out}");
    c.ok(&format!("APPEND INBOX {{{}+}}\r\n{MESSAGE}", MESSAGE.len()))
        .await;
    c.ok("SELECT INBOX").await;
    c.no(&format!("COPY 1 {SHARED_INBOX}"), "NOPERM").await;
    // Not its business who else has access (RFC 4314 §4: GETACL needs a).
    c.no(&format!("GETACL {SHARED_INBOX}"), "NOPERM").await;
    c.no(&format!("SETACL {SHARED_INBOX} {RO} lrswite"), "NOPERM")
        .await;
}

#[tokio::test]
async fn a_read_write_grantee_has_lrswite_and_its_own_mailboxes_everything() {
    let (_dir, imap) = env();
    let mut c = login(&imap, RW).await;
    let out = c.ok(&format!("MYRIGHTS {SHARED_INBOX}")).await;
    assert_eq!(out, format!("* MYRIGHTS {SHARED_INBOX} lrswite\r\n"));
    // RFC 4314 §3.5's example, on one's own INBOX: the owner's full rights.
    let out = c.ok("MYRIGHTS INBOX").await;
    assert_eq!(out, "* MYRIGHTS INBOX lrswipkxteacd\r\n");
    let out = c.ok("GETACL INBOX").await;
    assert_eq!(out, format!("* ACL INBOX {RW} lrswipkxteacd\r\n"));
    // A personal mailbox is not shared.
    c.no(&format!("SETACL INBOX {RO} lr"), "CANNOT").await;
    c.no("MYRIGHTS Khong-co", "NONEXISTENT").await;
    // A unit it has no grant to does not exist for it.
    let mut o = login(&imap, OTHER).await;
    o.no(&format!("MYRIGHTS {SHARED_INBOX}"), "NONEXISTENT")
        .await;
}

/// The unit itself sees and changes who has access: RFC 4314 §3's GETACL, SETACL with
/// modifiers, DELETEACL, LISTRIGHTS; anything a grant cannot express is NO [CANNOT].
#[tokio::test]
async fn the_unit_reads_and_changes_its_acl_within_what_grants_express() {
    let (_dir, imap) = env();
    let mut u = login(&imap, UNIT).await;
    let out = u.ok("GETACL INBOX").await;
    assert_eq!(
        out,
        format!("* ACL INBOX {UNIT} lrswipkxteacd {RW} lrswite {RO} lr\r\n")
    );
    let out = u.ok(&format!("LISTRIGHTS INBOX {OTHER}")).await;
    assert_eq!(out, format!("* LISTRIGHTS INBOX {OTHER} \"\" lr swite\r\n"));
    let out = u.ok(&format!("LISTRIGHTS INBOX {UNIT}")).await;
    assert_eq!(out, format!("* LISTRIGHTS INBOX {UNIT} lrswipkxteacd\r\n"));
    // A new grant, read-only, then widened with "+".
    u.ok(&format!("SETACL INBOX {OTHER} lr")).await;
    assert!(
        imap.store
            .grants_of_unit(UNIT)
            .unwrap()
            .iter()
            .any(|g| g.grantee == OTHER && g.read_only)
    );
    u.ok(&format!("SETACL INBOX {OTHER} +swite")).await;
    assert!(
        imap.store
            .grants_of_unit(UNIT)
            .unwrap()
            .iter()
            .any(|g| g.grantee == OTHER && !g.read_only)
    );
    // "-swite" narrows it back; "-lr" of a read-only grant removes it.
    u.ok(&format!("SETACL INBOX {OTHER} -swite")).await;
    u.ok(&format!("SETACL INBOX {OTHER} -lr")).await;
    assert!(
        !imap
            .store
            .grants_of_unit(UNIT)
            .unwrap()
            .iter()
            .any(|g| g.grantee == OTHER)
    );
    // What no grant gives: NO [CANNOT] naming the two sets.
    let out = u.no(&format!("SETACL INBOX {RO} lrs"), "CANNOT").await;
    assert!(
        out.contains("lr (read-only) or lrswite (read-write)"),
        "{out}"
    );
    u.no(&format!("SETACL INBOX {RO} +k"), "CANNOT").await;
    u.no(&format!("SETACL INBOX {UNIT} lr"), "CANNOT").await;
    u.no("SETACL INBOX anyone lr", "CANNOT").await;
    u.no(&format!("SETACL INBOX -{RO} w"), "CANNOT").await;
    u.no("SETACL INBOX khong-co@stttt.gov.vn lr", "CANNOT")
        .await;
    u.bad(&format!("SETACL INBOX {RO} lrQswicda"), "unknown right")
        .await;
    u.bad(&format!("SETACL INBOX {RO} lrqswicda"), "unknown right")
        .await;
    u.bad("GETACL", "GETACL needs a mailbox name").await;
    // DELETEACL (RFC 4314 §3.2) takes the grant away; the grantee's next MYRIGHTS fails.
    u.ok(&format!("DELETEACL INBOX {RO}")).await;
    let mut r = login(&imap, RO).await;
    r.no(&format!("MYRIGHTS {SHARED_INBOX}"), "NONEXISTENT")
        .await;
    // Deleting what is not there is not an error.
    u.ok(&format!("DELETEACL INBOX {RO}")).await;
    // Each change is in the audit log: who, what, from where.
    let log = imap.store.audit_log(&Default::default()).unwrap();
    let lines: Vec<(String, String, Option<String>, String)> = log
        .iter()
        .map(|e| {
            (
                e.actor.clone(),
                e.action.clone(),
                e.detail.clone(),
                e.source.clone(),
            )
        })
        .collect();
    assert!(
        lines.contains(&(
            UNIT.to_string(),
            "imap.grant.set".to_string(),
            Some(format!("{OTHER} read-only")),
            "192.0.2.1".to_string()
        )),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.1 == "imap.grant.revoke" && l.2.as_deref() == Some(RO)),
        "{lines:?}"
    );
}

/// An administrator reaches any unit's mailboxes for the ACL commands, even without a grant.
#[tokio::test]
async fn an_administrator_administers_a_units_acl_without_a_grant() {
    let (_dir, imap) = env();
    let mut a = login(&imap, ADMIN).await;
    let out = a.ok(&format!("MYRIGHTS {SHARED_INBOX}")).await;
    assert_eq!(out, format!("* MYRIGHTS {SHARED_INBOX} a\r\n"));
    let out = a.ok(&format!("GETACL {SHARED_INBOX}")).await;
    assert!(out.contains(&format!("{RW} lrswite")), "{out}");
    a.ok(&format!("SETACL {SHARED_INBOX} {ADMIN} lrswite"))
        .await;
    let out = a.ok(&format!("MYRIGHTS {SHARED_INBOX}")).await;
    assert_eq!(out, format!("* MYRIGHTS {SHARED_INBOX} lrswitea\r\n"));
    // Not a unit: no such shared mailbox, for an administrator too.
    a.no(&format!("GETACL \"Shared/{RW}/INBOX\""), "NONEXISTENT")
        .await;
}

/// RFC 8440 §3's example form: LIST … RETURN (MYRIGHTS) answers a MYRIGHTS after each
/// mailbox, none after the namespace levels.
#[tokio::test]
async fn list_return_myrights_follows_each_mailbox() {
    let (_dir, imap) = env();
    let mut c = login(&imap, RO).await;
    let out = c.ok("LIST \"\" \"*\" RETURN (MYRIGHTS)").await;
    assert!(
        out.contains("* LIST (\\HasNoChildren) \"/\" INBOX\r\n* MYRIGHTS INBOX lrswipkxteacd\r\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "* LIST (\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/INBOX\r\n* MYRIGHTS \
             Shared/vanthu@stttt.gov.vn/INBOX lr\r\n"
        ),
        "{out}"
    );
    assert!(!out.contains("MYRIGHTS Shared\r\n"), "{out}");
    assert!(
        !out.contains("MYRIGHTS Shared/vanthu@stttt.gov.vn\r\n"),
        "{out}"
    );
    // With STATUS too: LIST, STATUS, MYRIGHTS.
    let out = c
        .ok("LIST \"\" INBOX RETURN (STATUS (MESSAGES) MYRIGHTS)")
        .await;
    assert!(
        out.contains("* STATUS INBOX (MESSAGES 0)\r\n* MYRIGHTS INBOX"),
        "{out}"
    );
}
