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
/// 2-core benchmark machine). Larger ones are parsed off the runtime.
const PARSE_IN_TASK: usize = 8 * 1024;

/// The work steps (`policy::document::WORK_BUDGET`'s unit) the recogniser may spend in a
/// session's task reading the text of a small message's attachments, all of them together.
/// Ordinary documents take far less: every corpus message up to [`PARSE_IN_TASK`] is read
/// within 1,000 (`policy/tests/corpus.rs`), the one-page PDF and the DOCX of corpus message
/// 0008 included, so they are read in the task, in the one parse. A file that wants more (a
/// crafted few KB may want the readers' whole budget, 400,000 steps per file) makes the task
/// give up, and the message is read again off the runtime with the full budget. Inflation is
/// bounded by the steps left too (`Budget::room_bytes`), so the steps bound the task's work.
const STEPS_IN_TASK: u64 = 2_000;

/// Parses the message once, off the async runtime when it is large, and recognises it under
/// `rules` (the sender's: its agency's own, else the province's). A small message is read in
/// the session's task unless its attachments want more than [`STEPS_IN_TASK`] or one of its
/// PDF files names a signature to verify; then it is read again off the runtime. A failed
/// parse is not an error: broken mail is stored as received. With the policy on, the
/// `X-Govmail-Document`/`X-Govmail-Signature` fields the message arrived with are taken out
/// first (only this server's decision may stand there); with `anchors` (the check is on), an
/// official document's PDF attachments have their signatures checked on the same parse.
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
/// attachments want more work than [`STEPS_IN_TASK`] or whose signature check has
/// cryptography to do, for the caller to read it off the runtime.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    InTask,
    Blocking,
}

/// What one read of a message gives: its metadata, the recognition, the receipts' marks,
/// the signature reports.
type Read = (MessageMeta, Recognition, Marks, Vec<FileReport>);

/// The parse itself: the recognition when `recognise`, the signature check of an official
/// document's PDF files when there are `anchors`, the metadata, the marks receipts need
/// (header lookups). `None` only in a task ([`Run::InTask`]), when the work is not for it.
fn read(
    body: &[u8],
    recognise: bool,
    anchors: Option<&TrustAnchors>,
    now: i64,
    run: Run,
) -> Option<Read> {
    let Some(m) = storage::mime::parse(body) else {
        return Some(unread(body));
    };
    let (recognition, signatures) = match recognise {
        true => {
            let recognition = match run {
                Run::InTask => policy::document::recognise_within(&m, STEPS_IN_TASK)?,
                Run::Blocking => policy::document::recognise(&m),
            };
            let signatures = match anchors {
                Some(anchors) if recognition.official => match run {
                    Run::InTask => policy::signature::check_unsigned_message(&m, anchors, now)?,
                    Run::Blocking => policy::signature::check_message(&m, anchors, now),
                },
                _ => Vec::new(),
            };
            (recognition, signatures)
        }
        false => (Recognition::default(), Vec::new()),
    };
    Some((
        MessageMeta::from_parsed(&m),
        recognition,
        crate::receipts::inspect(&m),
        signatures,
    ))
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

    /// An official document of under 8 KB with a PDF and a DOCX attached: its files are read
    /// within the task's budget, in one parse, and the task's answer is the recogniser's.
    #[tokio::test]
    async fn a_small_document_with_ordinary_files_is_read_in_the_task() {
        let raw = include_bytes!("../../../policy/tests/corpus/0008.eml");
        assert!(raw.len() <= PARSE_IN_TASK, "{}", raw.len());
        let parsed = storage::mime::parse(raw).unwrap();
        let expected = policy::document::recognise(&parsed);
        assert!(
            expected.official && expected.number.is_some(),
            "{expected:?}"
        );
        let (_, recognition, _, _) = read(raw, true, None, 0, Run::InTask).unwrap();
        assert_eq!(recognition, expected);
        let c = classify(&PolicyConfig::default(), None, authenticated(raw))
            .await
            .unwrap();
        assert_eq!(c.recognition.number, expected.number);
        assert_eq!(c.message.body, raw);
    }

    /// A small message whose attachment wants more work than the task may spend (a DOCX of
    /// 3 KB inflating to 2 MB of empty elements): the task gives up, and `classify` reads it
    /// off the runtime with the full budget, recognising it as the recogniser does.
    #[tokio::test]
    async fn a_crafted_attachment_is_read_off_the_task() {
        let raw = crafted_document();
        assert!(raw.len() <= PARSE_IN_TASK, "{}", raw.len());
        assert!(read(&raw, true, None, 0, Run::InTask).is_none());
        assert!(
            read(&raw, false, None, 0, Run::InTask).is_some(),
            "nothing read: no hand-off"
        );
        let (_, off_task, _, _) = read(&raw, true, None, 0, Run::Blocking).unwrap();
        let expected = policy::document::recognise(&storage::mime::parse(&raw).unwrap());
        assert_eq!(off_task, expected);
        assert!(expected.official, "{expected:?}");
        let c = classify(&PolicyConfig::default(), None, authenticated(&raw))
            .await
            .unwrap();
        assert_eq!(c.recognition.number, expected.number);
        assert_eq!(c.message.body, raw);
    }

    /// An official document (its number in the subject and a "Số:" line) with a DOCX whose
    /// `word/document.xml` is 2 MB of `<a/>` deflated to a few KB: each element is one of the
    /// readers' work steps.
    fn crafted_document() -> Vec<u8> {
        use base64::Engine;
        use std::io::Write;
        let xml = format!(
            "<w:document><w:body>{}</w:body></w:document>",
            "<a/>".repeat(500_000)
        );
        let mut deflate =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        deflate.write_all(xml.as_bytes()).unwrap();
        let data = deflate.finish().unwrap();
        let name = b"word/document.xml";
        // One entry, its local header, then the central directory and its end (APPNOTE 4.3).
        let mut zip = Vec::new();
        let header = |sig: &[u8], zip: &mut Vec<u8>, central: bool| {
            zip.extend_from_slice(sig);
            zip.extend_from_slice(&20u16.to_le_bytes());
            if central {
                zip.extend_from_slice(&20u16.to_le_bytes());
            }
            zip.extend_from_slice(&0u16.to_le_bytes());
            zip.extend_from_slice(&8u16.to_le_bytes());
            zip.extend_from_slice(&[0; 8]);
            zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
            zip.extend_from_slice(&(xml.len() as u32).to_le_bytes());
            zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
            zip.extend_from_slice(&0u16.to_le_bytes());
            if central {
                // Comment length, disk, attributes; the local header at offset 0.
                zip.extend_from_slice(&[0; 10]);
                zip.extend_from_slice(&0u32.to_le_bytes());
            }
            zip.extend_from_slice(name);
        };
        header(b"PK\x03\x04", &mut zip, false);
        zip.extend_from_slice(&data);
        let directory = zip.len();
        header(b"PK\x01\x02", &mut zip, true);
        let directory_len = zip.len() - directory;
        zip.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
        zip.extend_from_slice(&(directory_len as u32).to_le_bytes());
        zip.extend_from_slice(&(directory as u32).to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
        let file = base64::engine::general_purpose::STANDARD.encode(&zip);
        format!(
            "From: vanthu@snv.quangngai.gov.vn\r\nTo: a@demo.gov.vn\r\n\
             Subject: =?UTF-8?B?{}?=\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n--b\r\n\
             Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; \
             name=\"QD 45.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{file}\r\n--b--\r\n",
            base64::engine::general_purpose::STANDARD.encode("Quyết định số 45/QĐ-SNV"),
            "SỞ NỘI VỤ TỈNH QUẢNG NGÃI\r\nSố: 45/QĐ-SNV\r\nQUYẾT ĐỊNH\r\nVề việc cử cán bộ đi công tác\r\n\
             Nơi nhận:\r\n- Như trên;\r\n- Lưu: VT.",
        )
        .into_bytes()
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
