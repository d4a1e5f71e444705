//! mail-parser behind one door. mail-parser 0.11 can panic on a crafted message ("Invalid
//! part ID, could not find multipart": a message/rfc822 part whose header names a multipart
//! type twice, found by the `policy_document` fuzz target), and every message it reads comes
//! from outside. Such a message is treated as one that does not parse: stored as received,
//! never a failed delivery or a lost worker thread.

use mail_parser::{Message, MessageParser};

/// The parse of `raw`, or None when mail-parser finds no message in it or panics on it.
pub fn parse(raw: &[u8]) -> Option<Message<'_>> {
    std::panic::catch_unwind(|| MessageParser::new().parse(raw))
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fuzz target's input: mail-parser panics on it; here it is a message that does not
    /// parse (or parses), never a panic.
    #[test]
    fn a_message_mail_parser_panics_on_is_no_message() {
        let raw = b"From: a@demo.gov.vn\r\nSubject: Fwd\r\nContent-Type: multipart/mixed; boundary=fw\r\n\r\n\
            --fw\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--fw\r\n\
            Content-Type: message/rfc822\r\nContent-Disposition: at\r\n\r\n\
            From: b@x\r\nSubject: Report\r\nContent-Type: mul\r\nContent-Type: message/rfc822\r\n\
            tipart/mixed; boundary=in\r\n\r\n--in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
            Inner text.\r\n--in\r\nContent-Type: tex@/csv; name=data.csv\r\n\r\na,b\r\n1,2\r\n\
            --in--\r\n--fw--\r\n";
        let direct = std::panic::catch_unwind(|| MessageParser::new().parse(&raw[..]).is_some());
        let _ = parse(raw);
        // Guard the test itself: it is only worth keeping while the input does what it says.
        assert!(
            direct.is_err(),
            "mail-parser no longer panics on this input"
        );
    }
}
