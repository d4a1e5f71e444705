//! Fields only govmail may write. A message arrives without them: `X-Govmail-Document`
//! (what the recogniser found, which Sieve scripts and clients' header rules act on) and
//! `X-Govmail-Signature` (what the signature check found) say what *this* server decided,
//! so copies a sender wrote itself are taken out before the decision is added, as RFC 8601
//! §5 asks for `Authentication-Results`. Other `X-Govmail-*` fields are kept: a receipt's
//! `X-Govmail-Document-Number`, a recall notice's `X-Govmail-Recall` and the Sieve
//! redirect mark carry what another server says and are checked where they are read.

/// The fields taken out, lowercase with their colon: a field name is matched whole, so
/// `X-Govmail-Document-Number:` is not one of them.
const OURS: [&[u8]; 2] = [b"x-govmail-document:", b"x-govmail-signature:"];

/// Whether the header line `line` starts one of [`OURS`].
fn is_ours(line: &[u8]) -> bool {
    OURS.iter().any(|field| {
        line.get(..field.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(field))
    })
}

/// `message` without the fields of [`OURS`] (and their continuation lines) in its header
/// section. Returned as is, without a copy, when it has none (the usual case).
pub fn strip(message: Vec<u8>) -> Vec<u8> {
    // memmem rather than a byte-by-byte `windows(4)` walk: this runs on every message with
    // the policy on, and the walk was most of its 7,600 instructions on a 1 KB header.
    let header_end = memchr::memmem::find(&message, b"\r\n\r\n").map_or(message.len(), |p| p + 2);
    let header = &message[..header_end];
    // A field starts at the first byte and after each line feed, never inside a line.
    let mut lines = header.split_inclusive(|&b| b == b'\n');
    if !lines.any(is_ours) {
        return message;
    }
    let mut out = Vec::with_capacity(message.len());
    let mut dropping = false;
    for line in header.split_inclusive(|&b| b == b'\n') {
        if !matches!(line.first(), Some(b' ' | b'\t')) {
            dropping = is_ours(line);
        }
        if !dropping {
            out.extend_from_slice(line);
        }
    }
    out.extend_from_slice(&message[header_end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_fields_are_taken_out_with_their_continuations_and_the_rest_kept() {
        let m = b"Received: x\r\nX-Govmail-Signature: file=\"a.pdf\"; status=valid;\r\n signer=\"A\"\r\n\
                  X-GOVMAIL-DOCUMENT: type=quyet-dinh;\r\n\turgency=hoa-toc\r\nSubject: s\r\n\r\n\
                  X-Govmail-Signature: body\r\n"
            .to_vec();
        assert_eq!(
            strip(m),
            b"Received: x\r\nSubject: s\r\n\r\nX-Govmail-Signature: body\r\n"
        );
        let plain = b"Subject: s\r\n\r\nbody".to_vec();
        assert_eq!(strip(plain.clone()), plain);
        let first = b"x-govmail-document: type=giay-moi\r\nSubject: s\r\n\r\n".to_vec();
        assert_eq!(strip(first), b"Subject: s\r\n\r\n");
        // Not a field of its own, or another server's field: kept.
        for kept in [
            &b"Subject: X-Govmail-Signature: a\r\n\r\n"[..],
            b"X-Govmail-Document-Number: 12/GM-UBND\r\nX-Govmail-Recall: <a@b>\r\n\r\n",
            b"X-Govmail-Document\r\n\r\n",
        ] {
            assert_eq!(strip(kept.to_vec()), kept);
        }
    }
}
