//! Writing ENVELOPE, BODY and BODYSTRUCTURE (RFC 9051 §7.5.2; RFC 3501 §7.4.2) from the
//! structure stored with each message: no blob is read, nothing is parsed.

use storage::structure::{Disposition, EnvelopeAddress};
use storage::{BodyPart, Envelope};

use crate::response::{Utf8, nstring, string};

/// `(date subject from sender reply-to to cc bcc in-reply-to message-id)`.
pub fn envelope(out: &mut Vec<u8>, e: &Envelope, utf8: Utf8) {
    out.push(b'(');
    nstring(out, e.date.as_deref().map(str::as_bytes), utf8);
    out.push(b' ');
    nstring(out, e.subject.as_deref().map(str::as_bytes), utf8);
    // RFC 9051 §7.5.2: absent (or empty) Sender and Reply-To take the value of From.
    let from = e.from.as_deref();
    for list in [
        from,
        e.sender.as_deref().or(from),
        e.reply_to.as_deref().or(from),
        e.to.as_deref(),
        e.cc.as_deref(),
        e.bcc.as_deref(),
    ] {
        out.push(b' ');
        addresses(out, list, utf8);
    }
    out.push(b' ');
    nstring(out, e.in_reply_to.as_deref().map(str::as_bytes), utf8);
    out.push(b' ');
    nstring(out, e.message_id.as_deref().map(str::as_bytes), utf8);
    out.push(b')');
}

/// `((name adl mailbox host)(…))` or NIL; addresses follow each other without a space
/// (`"(" 1*address ")"`).
fn addresses(out: &mut Vec<u8>, list: Option<&[EnvelopeAddress]>, utf8: Utf8) {
    let Some(list) = list.filter(|l| !l.is_empty()) else {
        out.extend_from_slice(b"NIL");
        return;
    };
    out.push(b'(');
    for a in list {
        out.push(b'(');
        for (i, field) in [&a.name, &a.adl, &a.mailbox, &a.host]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                out.push(b' ');
            }
            nstring(out, field.as_deref().map(str::as_bytes), utf8);
        }
        out.push(b')');
    }
    out.push(b')');
}

/// BODYSTRUCTURE (`extended`) or BODY (without extension data, RFC 9051 §7.5.2).
pub fn body_structure(out: &mut Vec<u8>, part: &BodyPart, extended: bool, utf8: Utf8) {
    out.push(b'(');
    if part.is_multipart() {
        // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
        for child in &part.children {
            body_structure(out, child, extended, utf8);
        }
        out.push(b' ');
        string(out, part.media_subtype.as_bytes(), utf8);
        if extended {
            out.push(b' ');
            params(out, &part.params, utf8);
            out.push(b' ');
            extension_tail(out, part, utf8);
        }
    } else {
        string(out, part.media_type.as_bytes(), utf8);
        out.push(b' ');
        string(out, part.media_subtype.as_bytes(), utf8);
        out.push(b' ');
        params(out, &part.params, utf8);
        out.push(b' ');
        nstring(out, part.id.as_deref().map(str::as_bytes), utf8);
        out.push(b' ');
        nstring(out, part.description.as_deref().map(str::as_bytes), utf8);
        out.push(b' ');
        // body-fld-enc is never NIL: RFC 2045 §6.1 default.
        string(
            out,
            part.encoding.as_deref().unwrap_or("7bit").as_bytes(),
            utf8,
        );
        out.extend_from_slice(format!(" {}", part.size()).as_bytes());
        if let Some(inner) = &part.message {
            // body-type-msg: envelope, the inner body, lines.
            out.push(b' ');
            envelope(out, &inner.envelope, utf8);
            out.push(b' ');
            body_structure(out, &inner.root, extended, utf8);
            out.extend_from_slice(format!(" {}", part.lines).as_bytes());
        } else if part.media_type.eq_ignore_ascii_case("text") {
            out.extend_from_slice(format!(" {}", part.lines).as_bytes());
        }
        if extended {
            // body-ext-1part = body-fld-md5 SP body-fld-dsp SP body-fld-lang SP body-fld-loc
            out.push(b' ');
            nstring(out, part.md5.as_deref().map(str::as_bytes), utf8);
            out.push(b' ');
            extension_tail(out, part, utf8);
        }
    }
    out.push(b')');
}

/// body-fld-dsp SP body-fld-lang SP body-fld-loc.
fn extension_tail(out: &mut Vec<u8>, part: &BodyPart, utf8: Utf8) {
    disposition(out, part.disposition.as_ref(), utf8);
    out.push(b' ');
    match part.language.as_slice() {
        [] => out.extend_from_slice(b"NIL"),
        [one] => string(out, one.as_bytes(), utf8),
        many => {
            out.push(b'(');
            for (i, l) in many.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                string(out, l.as_bytes(), utf8);
            }
            out.push(b')');
        }
    }
    out.push(b' ');
    nstring(out, part.location.as_deref().map(str::as_bytes), utf8);
}

fn disposition(out: &mut Vec<u8>, d: Option<&Disposition>, utf8: Utf8) {
    let Some(d) = d else {
        out.extend_from_slice(b"NIL");
        return;
    };
    out.push(b'(');
    string(out, d.kind.as_bytes(), utf8);
    out.push(b' ');
    params(out, &d.params, utf8);
    out.push(b')');
}

/// body-fld-param: `("name" "value" …)` or NIL.
fn params(out: &mut Vec<u8>, params: &[(String, String)], utf8: Utf8) {
    if params.is_empty() {
        out.extend_from_slice(b"NIL");
        return;
    }
    out.push(b'(');
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        string(out, name.as_bytes(), utf8);
        out.push(b' ');
        string(out, value.as_bytes(), utf8);
    }
    out.push(b')');
}
