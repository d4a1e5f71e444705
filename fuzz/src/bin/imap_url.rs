//! CATENATE's IMAP URLs (imap/src/catenate.rs, RFC 5092 `imessagepart` as RFC 4469 uses
//! them), read from a client's command.
//!
//! Asserts: no panic; what is read is no longer than the URL (percent-decoding only
//! shortens): the user, mailbox and section; a message is named by a UID above zero.

use imap::catenate::parse_url;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let url = String::from_utf8_lossy(data);
        let Some(parsed) = parse_url(&url) else {
            return;
        };
        let len = url.len();
        assert!(parsed.user.as_ref().is_none_or(|u| u.len() <= len));
        assert!(parsed.mailbox.len() <= len, "{parsed:?}");
        assert!(parsed.section.as_ref().is_none_or(|s| s.len() <= len));
        assert!(parsed.uid > 0, "{parsed:?}");
    });
}
