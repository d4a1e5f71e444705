//! The signature check of an official document's PDF attachments at delivery (Nghị định
//! 30/2020 Điều 21.2; the check itself is `policy::signature`, run in classify's blocking
//! task on the one parse). What is here: who is told when a signed document was tampered
//! with. (`X-Govmail-Signature` fields a message arrives with are taken out by
//! [`super::forged`].)

use storage::{AccountId, AccountKind, Store};

/// Who is told that a delivered document's signature is invalid: for each local recipient
/// that is a unit mailbox, its văn thư (the accounts granted on it, `govmail grant`), or the
/// unit mailbox itself when nobody is; a personal recipient itself. Addresses, each once.
/// Blocking (reads the directory).
pub fn clerks(store: &Store, recipients: &[AccountId]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |a: String| {
        if !out.contains(&a) {
            out.push(a);
        }
    };
    for &id in recipients {
        let Ok(account) = store.get_account_by_id(id) else {
            continue;
        };
        let grantees = match account.kind {
            AccountKind::Unit => store
                .grants_of_unit(&account.address)
                .map(|g| g.into_iter().map(|g| g.grantee).collect::<Vec<_>>())
                .unwrap_or_default(),
            AccountKind::Personal => Vec::new(),
        };
        if grantees.is_empty() {
            add(account.address);
        } else {
            grantees.into_iter().for_each(&mut add);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn unit(store: &Store, local: &str) -> AccountId {
        store
            .create_account(storage::NewAccount {
                address: format!("{local}@x.gov.vn"),
                display_name: "Văn thư".into(),
                agency_code: "UB".into(),
                kind: AccountKind::Unit,
                password_hash: "x".into(),
                quota: storage::Quota::default(),
            })
            .unwrap()
            .id
    }

    /// A unit mailbox's văn thư are the accounts granted on it; a unit without any is told
    /// itself; a personal recipient is told itself; each address once.
    #[test]
    fn the_clerks_of_the_receiving_units() {
        let (_dir, store) = crate::test_support::store_with_annv();
        let annv = store.get_account("annv@x.gov.vn").unwrap().id;
        let vanthu = unit(&store, "vanthu");
        let phong = unit(&store, "phong");
        store
            .grant("vanthu@x.gov.vn", "annv@x.gov.vn", false)
            .unwrap();
        assert_eq!(clerks(&store, &[vanthu]), ["annv@x.gov.vn"]);
        assert_eq!(clerks(&store, &[phong]), ["phong@x.gov.vn"]);
        assert_eq!(
            clerks(&store, &[vanthu, annv, phong]),
            ["annv@x.gov.vn", "phong@x.gov.vn"]
        );
    }

    /// The notice names the document, the file, why it failed and who signed, in
    /// Vietnamese and English, and parses as mail.
    #[test]
    fn the_notice_says_what_failed() {
        use policy::signature::{FileReport, Reason, Signer, Status};
        let files = [FileReport {
            file: "QĐ 123.pdf".into(),
            status: Status::Invalid,
            reason: None,
            signers: vec![Signer {
                status: Status::Invalid,
                reason: Some(Reason::Modified),
                name: Some("Nguyễn Văn An".into()),
                org: Some("Ủy ban nhân dân tỉnh Quảng Ngãi".into()),
                signed_at: Some(1_796_601_600),
                timestamp: false,
            }],
        }];
        let raw = crate::notices::signature_notice(&crate::notices::SignatureNotice {
            hostname: "mail.x.gov.vn",
            to: "annv@x.gov.vn",
            doc_type: "Quyết định",
            number: Some("123/QĐ-UBND"),
            sender: "vanthu@danang.gov.vn",
            subject: Some("Quyết định số 123/QĐ-UBND"),
            files: &files,
            now: 1_796_601_600,
        });
        let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert!(m.subject().unwrap().contains("Quyết định số 123/QĐ-UBND"));
        let text = m.body_text(0).unwrap();
        for want in [
            "QĐ 123.pdf: KHÔNG HỢP LỆ",
            "Nguyễn Văn An, Ủy ban nhân dân tỉnh Quảng Ngãi 2026-12-07T00:00:00Z",
            "(modified after signing)",
            "QĐ 123.pdf: invalid",
            "vanthu@danang.gov.vn",
        ] {
            assert!(text.contains(want), "{want:?} not in {text}");
        }
        assert_eq!(
            m.header_raw("Auto-Submitted").map(str::trim),
            Some("auto-generated")
        );
    }
}
