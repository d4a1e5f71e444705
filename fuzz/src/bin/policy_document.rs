//! Official-document recognition (policy/src/document) on a parsed message, as delivery runs
//! it (`recognise`) and as administrators see it (`explain`, with the evidence).
//!
//! Asserts: no panic; `recognise` and `explain` decide the same (evidence aside), and so does
//! `recognise_within` (as a session's task runs it: attachments under a small budget) when it
//! answers; a message that is not official carries no other finding; the number found is no
//! longer than the message; the evidence is bounded (16 times the message + 64 KiB).

use govmail_fuzz::assert_bounded;
use policy::document::{explain, recognise, recognise_bytes, recognise_within};

fn main() {
    // nohook: storage::mime::parse catches mail-parser's panic on a crafted message/rfc822
    // part and answers "does not parse"; the default hook aborted on that caught panic too
    // (a false crash, 180 s smoke run). Only a panic that escapes our code is a crash.
    afl::fuzz_nohook!(|data: &[u8]| {
        // As delivery parses: through storage::mime, which turns a mail-parser panic into
        // "does not parse" (the panic this target found is kept as storage's test).
        let Some(message) = storage::mime::parse(data) else {
            assert!(recognise_bytes(data).is_none());
            return;
        };
        let quick = recognise(&message);
        let mut full = explain(&message);
        assert!(quick.evidence.is_empty(), "recognise gave evidence");
        let evidence: usize = full.evidence.iter().map(String::len).sum();
        assert_bounded("evidence", evidence, data.len(), 16, 64 * 1024);
        full.evidence.clear();
        assert_eq!(quick, full, "recognise and explain disagree");
        if let Some(within) = recognise_within(&message, 2_000) {
            assert_eq!(within, quick, "recognise_within and recognise disagree");
        }
        if !quick.official {
            assert!(
                quick.doc_type.is_none()
                    && quick.number.is_none()
                    && quick.urgency.is_none()
                    && quick.secrecy.is_none()
                    && !quick.mandatory,
                "not official but {quick:?}"
            );
        }
        if let Some(number) = &quick.number {
            assert_bounded("number", number.len(), data.len(), 1, 16);
        }
    });
}
