//! Stage 3, classify: the one parse of the message for delivery (ARCHITECTURE.md "How a
//! message flows", step 3). The metadata stored with the message (envelope fields, body
//! structure, search text) and the official-document recognition come from it, so neither
//! storage nor IMAP parses the message again. The PDF attachments of an official document
//! have their signatures checked on the same parse (`policy::signature`, see
//! [`super::signatures`]).

use std::sync::Arc;

use policy::document::Recognition;
use policy::rules::PolicyConfig;
use policy::signature::{FileReport, TrustAnchors};
use storage::MessageMeta;

use crate::receipts::Marks;
use crate::reply::{self, Reply};

use super::accept::Message;
use super::authenticate::Authenticated;

/// The message with what the parse found.
pub struct Classified {
    pub message: Message,
    /// From [`Authenticated::suspicious`]: DMARC asked for quarantine.
    pub suspicious: bool,
    /// What storage keeps of the parse. Its offsets are in `body`; the plan moves them
    /// past our header fields (`MessageMeta::prepended`).
    pub meta: MessageMeta,
    /// The official document the message carries, with `mandatory` decided by the
    /// sender's rules. Empty when the document rules are off or the message did not parse.
    pub recognition: Recognition,
    /// Whether the message is automatic or one of our receipts (`receipts::incoming`).
    pub marks: Marks,
    /// The signature check of its PDF attachments: empty unless it is an official document
    /// with PDF files and the check is on.
    pub signatures: Vec<FileReport>,
}

/// Messages up to this size are parsed in the session's task: tens of microseconds for
/// plain mail, cheaper than handing the work to a blocking thread and back (two thread
/// switches; with the commit's two, they cost about 130 µs of CPU per 4 KB message on the
/// 2-core benchmark machine). Larger ones are parsed off the runtime, and so is the
/// recognition of a small one with an attachment whose text is read (PDF, DOCX, …): a
/// crafted file of a few KB may use the readers' whole work budget.
const PARSE_IN_TASK: usize = 8 * 1024;

/// Parses the message once, off the async runtime when it is large or carries an attachment
/// the recogniser reads (see [`PARSE_IN_TASK`]), and recognises it under `rules` (the
/// sender's: its agency's own, else the province's). A failed parse is not an error: broken mail is stored as received. With
/// the policy on, the `X-Govmail-Document`/`X-Govmail-Signature` fields the message arrived
/// with are taken out first (only this server's decision may stand there); with `anchors`
/// (the check is on), an official document's PDF attachments have their signatures checked
/// in the same blocking task.
pub async fn classify(
    rules: &PolicyConfig,
    anchors: Option<&Arc<TrustAnchors>>,
    authenticated: Authenticated,
) -> Result<Classified, Reply> {
    let Authenticated {
        mut message,
        suspicious,
    } = authenticated;
    let recognise = rules.enabled;
    let body = std::mem::take(&mut message.body);
    let anchors = anchors.filter(|_| recognise).cloned();
    let now = message.now;
    let small = body.len() <= PARSE_IN_TASK;
    let strip = move |body| match recognise {
        true => super::forged::strip(body),
        false => body,
    };
    let in_task = match small {
        true => {
            let body = strip(body);
            match read(&body, recognise, anchors.as_deref(), now, Run::InTask) {
                Some(read) => Ok((body, read)),
                None => Err(body),
            }
        }
        false => Err(body),
    };
    let parsed = match in_task {
        Ok(done) => Ok(done),
        // Already stripped when small: stripping again finds nothing to take out.
        Err(body) => {
            tokio::task::spawn_blocking(move || {
                let body = strip(body);
                let read = read(&body, recognise, anchors.as_deref(), now, Run::Blocking)
                    .unwrap_or_else(|| unread(&body));
                (body, read)
            })
            .await
        }
    };
    let Ok((body, (meta, recognition, marks, signatures))) = parsed else {
        return Err(Reply::new(
            451,
            reply::SE_SYSTEM_TEMP,
            "temporary failure, try again later",
        ));
    };
    message.body = body;
    Ok(Classified {
        message,
        suspicious,
        meta,
        recognition: rules.apply(recognition),
        marks,
        signatures,
    })
}

/// Where [`read`] runs: in a session's task it gives up (`None`) on a message whose
/// recognition reads an attachment's text, for the caller to read it off the runtime.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    InTask,
    Blocking,
}

/// What one read of a message gives: its metadata, the recognition, the receipts' marks,
/// the signature reports.
type Read = (MessageMeta, Recognition, Marks, Vec<FileReport>);

/// The parse itself (blocking): metadata, the recognition when `recognise`, the marks
/// receipts need (header lookups), and the signature check of an official document's PDF
/// files when there are `anchors`. `None` only in a task ([`Run::InTask`]) for a message
/// whose recognition would read an attachment's text.
fn read(
    body: &[u8],
    recognise: bool,
    anchors: Option<&TrustAnchors>,
    now: i64,
    run: Run,
) -> Option<Read> {
    Some(match storage::mime::parse(body) {
        Some(m) if recognise && run == Run::InTask && policy::document::reads_attachments(&m) => {
            return None;
        }
        Some(m) if recognise => {
            let recognition = policy::document::recognise(&m);
            let signatures = match anchors {
                Some(anchors) if recognition.official => {
                    policy::signature::check_message(&m, anchors, now)
                }
                _ => Vec::new(),
            };
            let marks = crate::receipts::inspect(&m);
            (MessageMeta::from_parsed(&m), recognition, marks, signatures)
        }
        Some(m) => (
            MessageMeta::from_parsed(&m),
            Recognition::default(),
            crate::receipts::inspect(&m),
            Vec::new(),
        ),
        None => unread(body),
    })
}

/// What is known of a message mail-parser could not read: storage's own fallback still
/// finds the MIME structure, so that IMAP can serve BODYSTRUCTURE and parts of what was
/// stored as received.
fn unread(body: &[u8]) -> Read {
    (
        MessageMeta::parse(body),
        Recognition::default(),
        Marks::default(),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn mail_the_parser_cannot_read_still_gets_a_structure() {
        let (meta, recognition, _, _) = read(b"", true, None, 0, Run::InTask).unwrap();
        assert!(meta.structure.is_some());
        assert!(!recognition.official);
    }
    use crate::delivery::accept::Envelope;

    /// An official document of under 8 KB with a PDF and a DOCX attached: a task leaves its
    /// reading to a blocking thread (the readers' work is bounded, but not small enough for a
    /// runtime thread), and `classify` still recognises it as the recogniser does.
    #[tokio::test]
    async fn a_small_message_with_a_document_attached_is_read_off_the_task() {
        let raw = include_bytes!("../../../policy/tests/corpus/0008.eml");
        assert!(raw.len() <= PARSE_IN_TASK, "{}", raw.len());
        let parsed = storage::mime::parse(raw).unwrap();
        assert!(policy::document::reads_attachments(&parsed));
        assert!(read(raw, true, None, 0, Run::InTask).is_none());
        assert!(
            read(raw, false, None, 0, Run::InTask).is_some(),
            "nothing read: no hand-off"
        );
        let expected = policy::document::recognise(&parsed);
        assert!(expected.official);
        let c = classify(&PolicyConfig::default(), None, authenticated(raw))
            .await
            .unwrap();
        assert_eq!(c.recognition.official, expected.official);
        assert_eq!(c.recognition.number, expected.number);
        assert_eq!(c.message.body, raw);
        // Plain mail of the same size is read in the task.
        let plain = b"Subject: x\r\n\r\nbody\r\n";
        assert!(read(plain, true, None, 0, Run::InTask).is_some());
    }

    fn authenticated(body: &[u8]) -> Authenticated {
        Authenticated {
            message: Message {
                envelope: Envelope {
                    helo: "client.example".into(),
                    peer: "10.9.9.9:4000".parse().unwrap(),
                    tls: false,
                    esmtp: true,
                    authenticated: None,
                    sender_agencies: Vec::new(),
                    mail_from: "a@example.com".into(),
                    envid: None,
                    ret_full: false,
                    recipients: Vec::new(),
                    remote: Vec::new(),
                },
                body: body.to_vec(),
                fields: Vec::new(),
                now: 0,
            },
            suspicious: true,
        }
    }

    /// The one parse gives the stored metadata (decoded subject, addresses, structure) and
    /// leaves the body and what the earlier stages found untouched.
    #[tokio::test]
    async fn one_parse_gives_the_metadata_and_keeps_the_body() {
        let body = b"From: =?UTF-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?= <annv@x.gov.vn>\r\n\
                     Subject: =?UTF-8?B?Q2jDumMgbeG7q25nIHNpbmggbmjhuq10?=\r\n\r\nhello\r\n";
        let c = classify(&PolicyConfig::default(), None, authenticated(body))
            .await
            .unwrap();
        assert_eq!(c.meta.subject.as_deref(), Some("Chúc mừng sinh nhật"));
        assert!(c.meta.from.as_deref().unwrap().contains("Nguyễn Văn An"));
        assert!(c.meta.structure.is_some());
        assert!(!c.recognition.official);
        assert!(c.suspicious);
        assert_eq!(c.message.body, body);
    }

    /// With the document rules off nothing is recognised; the metadata is still read.
    #[tokio::test]
    async fn with_the_rules_off_nothing_is_recognised() {
        let rules = PolicyConfig {
            enabled: false,
            ..PolicyConfig::default()
        };
        let c = classify(&rules, None, authenticated(b"Subject: x\r\n\r\nbody\r\n"))
            .await
            .unwrap();
        assert_eq!(c.meta.subject.as_deref(), Some("x"));
        assert_eq!(c.recognition, Recognition::default());
    }
}
