//! `govmail policy classify`: the official-document recogniser on files, for administrators
//! checking a message and for scripts (JSON Lines, the schema of the corpus labels).

use std::process::ExitCode;

use mail_parser::HeaderName;
use policy::document::{Recognition, explain};

use crate::CliResult;
use crate::cli::{PolicyCmd, QuarantineCmd};
use crate::output::{date, print_json, table};

pub fn policy(cmd: &PolicyCmd) -> CliResult<ExitCode> {
    match cmd {
        PolicyCmd::Classify {
            json,
            explain,
            files,
        } => Ok(classify(files, *json, *explain)),
    }
}

/// Prints one result per file, in order. A file that cannot be read or is not an e-mail gets
/// an error on stderr; the others are still printed, and the exit status is then 1.
fn classify(files: &[std::path::PathBuf], json: bool, explain: bool) -> ExitCode {
    let mut failed = false;
    for path in files {
        let shown = path.display().to_string();
        let result = std::fs::read(path)
            .map_err(|e| format!("cannot read it: {e}"))
            .and_then(|raw| classify_bytes(&raw));
        match result {
            Ok(r) if json => println!("{}", json_line(&shown, &r)),
            Ok(r) => {
                println!("{shown}: {}", summary(&r));
                if explain {
                    for why in &r.evidence {
                        println!("    {why}");
                    }
                }
            }
            Err(e) => {
                eprintln!("error: {shown}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn classify_bytes(raw: &[u8]) -> Result<Recognition, String> {
    let message =
        storage::mime::parse(raw).ok_or("not an e-mail message (no header could be read)")?;
    // mail-parser reads almost anything; a message has at least one of these fields.
    let is_mail = [
        HeaderName::From,
        HeaderName::To,
        HeaderName::Subject,
        HeaderName::Date,
        HeaderName::MessageId,
    ]
    .iter()
    .any(|h| message.header(h.clone()).is_some());
    if !is_mail {
        return Err("not an e-mail message (no From, To, Subject, Date or Message-ID)".into());
    }
    Ok(explain(&message))
}

/// The corpus label schema, one object per line, keys in a fixed order.
fn json_line(file: &str, r: &Recognition) -> String {
    serde_json::json!({
        "file": file,
        "official": r.official,
        "doc_type": r.doc_type.map(|t| t.as_id()),
        "number": r.number,
        "urgency": r.urgency.map(|u| u.as_id()),
        "secrecy": r.secrecy.map(|s| s.as_id()),
        "mandatory": r.mandatory,
        "issuer": r.issuer.as_id(),
    })
    .to_string()
}

fn summary(r: &Recognition) -> String {
    if !r.official {
        if !r.issuer.issues_administrative_documents() {
            return format!("not an official document: issued by a {}", r.issuer.name());
        }
        return "not an official document".into();
    }
    let mut parts = vec![
        r.doc_type
            .map(|t| t.info().name.to_string())
            .unwrap_or_else(|| "official document".into()),
    ];
    if let Some(n) = &r.number {
        parts.push(format!("số {n}"));
    }
    if let Some(u) = r.urgency {
        parts.push(u.as_id().to_string());
    }
    if let Some(s) = r.secrecy {
        parts.push(format!("secrecy {}", s.as_id()));
    }
    parts.push(if r.mandatory {
        "must be exchanged electronically".into()
    } else {
        "not on the mandatory list".into()
    });
    parts.join(", ")
}

pub fn quarantine(store: &storage::Store, cmd: &QuarantineCmd) -> CliResult {
    match cmd {
        QuarantineCmd::List { json } => {
            let held = store.quarantine_list()?;
            if *json {
                return print_json(&held);
            }
            if held.is_empty() {
                println!("Nothing is held in quarantine.");
                return Ok(());
            }
            let mut t = table(&["id", "received", "from", "to", "subject", "reason"]);
            for q in &held {
                let to: Vec<String> = q
                    .recipients
                    .iter()
                    .filter_map(|a| store.get_account_by_id(*a).ok().map(|a| a.address))
                    .collect();
                t.add_row(vec![
                    q.id.to_string(),
                    date(q.created_at),
                    q.sender.clone(),
                    to.join("\n"),
                    q.subject.clone().unwrap_or_default(),
                    q.reason.clone(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        QuarantineCmd::Show { id } => {
            let q = store.quarantine_get(*id)?;
            let raw = store.read_blob(&q.blob)?;
            use std::io::Write;
            std::io::stdout()
                .write_all(&raw)
                .map_err(|e| crate::CliError(format!("cannot print the message: {e}")))?;
            Ok(())
        }
        QuarantineCmd::Release { id } => {
            // The console's release button calls the same function.
            let delivered = adminops::quarantine::release(store, *id)?;
            println!("Released message {id} to {delivered} mailbox(es).");
            Ok(())
        }
        QuarantineCmd::Delete { id } => {
            store.quarantine_delete(*id)?;
            println!("Deleted held message {id}.");
            Ok(())
        }
    }
}
