//! Text search (IMAP SEARCH FROM/TO/SUBJECT/BODY/TEXT) over the three ways a message's text
//! reaches the index: delivered with its parsed text, delivered without it (indexed from
//! the backlog at the first search), and appended. Diacritics fold both ways, substrings
//! inside words are found, and the search syntax of the engine underneath is only text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;

use storage::search::TextField;
use storage::{DeliveryTarget, Flags, MessageMeta, Quota};

#[test]
fn searches_fold_diacritics_find_substrings_and_take_wildcards_as_text() {
    let (_dir, store) = common::store_with(common::open_backend);
    let a = common::account(&store, "a", Quota::default());
    let mail = |from: &str, subject: &str, body: &str| -> Arc<[u8]> {
        format!(
            "From: {from}\r\nTo: a@a.gov.vn\r\nSubject: {subject}\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        )
        .into_bytes()
        .into()
    };
    let deliver = |raw: Arc<[u8]>, meta: MessageMeta| {
        store
            .deliver(raw, meta, 1, vec![DeliveryTarget::inbox(a)])
            .unwrap()
    };
    // 1: delivered with its text parsed.
    let raw = mail(
        "Nguyễn Văn An <an@a.gov.vn>",
        "Giấy mời họp",
        "Kính mời đồng chí dự họp 50% thời gian.",
    );
    deliver(raw.clone(), MessageMeta::parse(&raw));
    // 2: delivered without its text parsed: indexed from the backlog at the first search.
    let raw = mail(
        "Trần Thị Bình <binh@b.gov.vn>",
        "Báo cáo quý IV",
        "Số liệu_tổng hợp\r\nđính kèm.",
    );
    let meta = MessageMeta {
        body_text: None,
        header_text: None,
        ..MessageMeta::parse(&raw)
    };
    deliver(raw, meta);
    // 3: appended.
    let raw = mail(
        "Lê An <le@c.gov.vn>",
        "V/v triển khai",
        "Đề nghị các đơn vị triển khai ngay.",
    );
    store
        .append(a, "INBOX", raw, Flags::default(), vec![], 1)
        .unwrap();
    let inbox = common::inbox(&store, a).id;
    let find = |field, needle: &str| {
        store
            .search_text(a, inbox, field, &storage::text::search_form(needle))
            .unwrap()
    };
    let none = Vec::<u32>::new();
    assert_eq!(find(TextField::From, "nguyen van"), [1]);
    assert_eq!(find(TextField::From, "an@"), [1]);
    assert_eq!(find(TextField::Subject, "giay moi"), [1]);
    assert_eq!(
        find(TextField::Subject, "bao cao quy"),
        [2],
        "from the backlog"
    );
    assert_eq!(find(TextField::Body, "50%"), [1]);
    assert_eq!(find(TextField::Body, "lieu_tong"), [2]);
    assert_eq!(
        find(TextField::Body, "lieu%tong"),
        none,
        "'%' is no wildcard"
    );
    assert_eq!(
        find(TextField::Body, "lieuxtong"),
        none,
        "'_' is no wildcard"
    );
    assert_eq!(find(TextField::Body, "trien khai"), [3]);
    assert_eq!(find(TextField::Any, "trien"), [3]);
    assert_eq!(find(TextField::Any, "b.gov.vn"), [2]);
    assert_eq!(find(TextField::Any, "khong co"), none);
    assert_eq!(find(TextField::To, "a@a.gov"), [1, 2, 3]);
    assert_eq!(store.index_backlog().unwrap(), 0);
}
