//! The exchange register: official documents sent, received and refused, kept for the
//! reports (`govmail report documents`). Entries are buffered with the usage counts and
//! written once a second, so recording never slows a delivery.

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::sqlite::SqliteBackend;
use crate::types::AccountId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Sent,
    Received,
    /// Refused at submission (a secret-marked document).
    Refused,
}

impl Direction {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Direction::Sent => "sent",
            Direction::Received => "received",
            Direction::Refused => "refused",
        }
    }
}

/// One exchange to record.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub at: i64,
    pub direction: Direction,
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub urgency: Option<String>,
    pub secrecy: Option<String>,
    pub mandatory: bool,
    pub sender: String,
    /// The submitting account, when the sender is ours.
    pub sender_account: Option<AccountId>,
    pub local_recipients: Vec<AccountId>,
    pub external_recipients: u32,
    pub subject: Option<String>,
    /// The signature check of its PDF files: the worst status and one line per signature.
    pub signatures: Option<SignatureSummary>,
}

/// What the signature check found in a document's PDF files (`policy::signature`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureSummary {
    /// unsigned | valid | expired | untrusted | invalid: the worst over the files.
    pub status: String,
    /// One line per signature, as in the X-Govmail-Signature fields.
    pub lines: Vec<String>,
}

/// One row of the register.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentEntry {
    pub at: i64,
    pub direction: String,
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub urgency: Option<String>,
    pub secrecy: Option<String>,
    pub mandatory: bool,
    pub sender: String,
    pub sender_agency: Option<i64>,
    pub recipient_agencies: Vec<i64>,
    pub recipients_local: u32,
    pub recipients_external: u32,
    pub subject: Option<String>,
    pub signatures: Option<SignatureSummary>,
    /// When the document was recalled (ND 30/2020 Điều 18.4b) and by whom (see `recall`).
    pub recalled_at: Option<i64>,
    pub recalled_by: Option<String>,
}

/// Writes a buffered entry (inside the flush transaction), with its recipients' rows when
/// tracked; returns whether a receipt is now pending.
pub(crate) fn insert(
    conn: &rusqlite::Connection,
    d: &NewDocument,
    tracking: Option<&crate::tracking::Tracking>,
) -> Result<bool> {
    let agency_of = |account: AccountId| -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached("SELECT agency_id FROM accounts WHERE id = ?1")?
            .query_row([account], |r| r.get(0))
            .ok())
    };
    let sender_agency = match d.sender_account {
        Some(a) => agency_of(a)?,
        None => None,
    };
    let mut agencies = Vec::new();
    for a in &d.local_recipients {
        if let Some(id) = agency_of(*a)?
            && !agencies.contains(&id)
        {
            agencies.push(id);
        }
    }
    agencies.sort_unstable();
    let agencies = agencies
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    conn.prepare_cached(
        "INSERT INTO documents (at, day, direction, doc_type, number, urgency, secrecy, \
         mandatory, sender, sender_agency_id, recipient_agencies, recipients_local, \
         recipients_external, subject, message_id, signature_status, signatures) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        d.at,
        crate::vn_day(d.at),
        d.direction.as_str(),
        d.doc_type,
        d.number,
        d.urgency,
        d.secrecy,
        d.mandatory as i64,
        d.sender,
        sender_agency,
        agencies,
        d.local_recipients.len() as i64,
        d.external_recipients as i64,
        d.subject,
        tracking.and_then(|t| t.message_id.as_deref()),
        d.signatures.as_ref().map(|s| s.status.as_str()),
        d.signatures.as_ref().map(|s| s.lines.join("\n")),
    ])?;
    match tracking {
        Some(t) => {
            crate::tracking::insert_recipients(conn, conn.last_insert_rowid(), d.at, &d.sender, t)
        }
        None => Ok(false),
    }
}

impl SqliteBackend {
    /// Records an exchange; written with the next usage flush (within a second).
    pub fn record_document(&self, document: NewDocument) {
        self.usage_buffer().push_document(document);
    }

    /// The register for days `from..=to` (Vietnam-time day numbers), oldest first.
    pub fn documents_between(&self, from: i64, to: i64) -> Result<Vec<DocumentEntry>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT at, direction, doc_type, number, urgency, secrecy, mandatory, sender, \
                 sender_agency_id, recipient_agencies, recipients_local, recipients_external, \
                 subject, signature_status, signatures, recalled_at, recalled_by \
                 FROM documents WHERE day BETWEEN ?1 AND ?2 ORDER BY at, id",
            )?;
            let rows = stmt.query_map(params![from, to], |r| {
                let agencies: String = r.get(9)?;
                Ok(DocumentEntry {
                    at: r.get(0)?,
                    direction: r.get(1)?,
                    doc_type: r.get(2)?,
                    number: r.get(3)?,
                    urgency: r.get(4)?,
                    secrecy: r.get(5)?,
                    mandatory: r.get::<_, i64>(6)? != 0,
                    sender: r.get(7)?,
                    sender_agency: r.get(8)?,
                    recipient_agencies: agencies
                        .split_whitespace()
                        .filter_map(|a| a.parse().ok())
                        .collect(),
                    recipients_local: r.get::<_, i64>(10)?.max(0) as u32,
                    recipients_external: r.get::<_, i64>(11)?.max(0) as u32,
                    subject: r.get(12)?,
                    signatures: match (
                        r.get::<_, Option<String>>(13)?,
                        r.get::<_, Option<String>>(14)?,
                    ) {
                        (Some(status), lines) => Some(SignatureSummary {
                            status,
                            lines: lines
                                .unwrap_or_default()
                                .lines()
                                .map(str::to_string)
                                .collect(),
                        }),
                        _ => None,
                    },
                    recalled_at: r.get(15)?,
                    recalled_by: r.get(16)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
