//! `govmail recall`: a recall request for the văn thư or the administrator (Nghị định
//! 30/2020 Điều 18.4b). The request is written to the store; the running server's recall
//! worker carries it out (within a second or so) and sends the notices, exactly as when the
//! sender moves the sent copy into the "Thu hồi" folder.

use storage::{RecallKind, Store};

use crate::output::table;
use crate::{CliError, CliResult};

pub fn recall(store: &Store, message_id: Option<&str>, by: Option<&str>, list: bool) -> CliResult {
    if list || message_id.is_none() {
        return show(store);
    }
    let (Some(message_id), Some(by)) = (message_id, by) else {
        return Err(CliError(
            "--by ADDRESS is needed: the sender, or a văn thư of the sending agency".into(),
        ));
    };
    let account = store.get_account(by)?;
    let documents = store.recallable(message_id, true)?;
    let Some(document) = documents.first() else {
        return Err(CliError(format!(
            "no official document with Message-ID {message_id} was sent from this server \
             (only documents recognised as official at submission can be recalled)"
        )));
    };
    let may = match document.sender_account {
        Some(sender) => store.may_recall(account.id, sender)?,
        None => false,
    };
    if !may {
        return Err(CliError(format!(
            "{by} may not recall this document: it was sent by {}; only the sender or a văn thư \
             granted on a unit mailbox of the sender's agency may",
            document.sender
        )));
    }
    let id = store.request_recall(RecallKind::Admin, Some(account.id), message_id, None)?;
    println!(
        "Recall request {id} written for {} ({}); the running server carries it out and \
         sends the notices. See `govmail recall --list`.",
        document.number.as_deref().unwrap_or("văn bản"),
        storage::bare_message_id(message_id)
    );
    Ok(())
}

fn show(store: &Store) -> CliResult {
    let requests = store.recall_requests(200)?;
    if requests.is_empty() {
        println!("No recall requests.");
        return Ok(());
    }
    let mut t = table(&["id", "kind", "message-id", "state", "outcome"]);
    for r in &requests {
        t.add_row(vec![
            r.id.to_string(),
            format!("{:?}", r.kind).to_lowercase(),
            r.message_id.clone().unwrap_or_default(),
            format!("{:?}", r.state).to_lowercase(),
            r.outcome.clone().unwrap_or_default(),
        ]);
    }
    println!("{t}");
    Ok(())
}
