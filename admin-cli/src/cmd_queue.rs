//! `govmail queue`: what waits in the outbound queue, and the operator's levers on it.

use storage::{QueueEntry, RecipientState, Store};

use crate::CliResult;
use crate::cli::QueueCmd;
use crate::output::{print_json, table};

pub fn queue(store: &Store, cmd: &QueueCmd) -> CliResult {
    match cmd {
        QueueCmd::List { json } => {
            let entries = store.queue_list()?;
            if *json {
                return print_json(&entries);
            }
            if entries.is_empty() {
                println!("The queue is empty.");
                return Ok(());
            }
            let mut t = table(&[
                "id",
                "age",
                "from",
                "pending",
                "attempts",
                "next try",
                "last error",
            ]);
            let now = storage::now();
            for e in &entries {
                let pending: Vec<&str> = e.pending().map(|r| r.address.as_str()).collect();
                let last = e
                    .pending()
                    .filter_map(|r| r.last_reply.as_deref())
                    .next()
                    .unwrap_or("");
                t.add_row(vec![
                    e.id.to_string(),
                    age(now - e.created_at),
                    sender(e).to_string(),
                    pending.join("\n"),
                    e.attempts.to_string(),
                    when(e.next_attempt - now),
                    last.to_string(),
                ]);
            }
            println!("{t}");
            println!("{} message(s) queued", entries.len());
            Ok(())
        }
        QueueCmd::Show { id, json } => {
            let e = store.queue_entry(*id)?;
            if *json {
                return print_json(&e);
            }
            show(&e);
            Ok(())
        }
        QueueCmd::Retry { id, all } => {
            let n = store.queue_retry(if *all { None } else { *id })?;
            println!("{n} message(s) will be tried again within seconds");
            Ok(())
        }
        QueueCmd::Remove { id } => {
            store.queue_remove(*id)?;
            println!("Removed message {id} from the queue; it will not be delivered");
            Ok(())
        }
    }
}

fn sender(e: &QueueEntry) -> &str {
    if e.sender.is_empty() {
        "<> (delivery report)"
    } else {
        &e.sender
    }
}

fn show(e: &QueueEntry) {
    let now = storage::now();
    println!("Message {}", e.id);
    println!("  from:       {}", sender(e));
    println!("  subject:    {}", e.subject.as_deref().unwrap_or(""));
    println!("  size:       {} bytes", e.size);
    println!("  queued:     {} ago", age(now - e.created_at));
    println!("  attempts:   {}", e.attempts);
    println!("  next try:   {}", when(e.next_attempt - now));
    if let Some(envid) = &e.envid {
        println!("  envelope id: {envid}");
    }
    let mut t = table(&["recipient", "state", "status", "last reply"]);
    for r in &e.recipients {
        t.add_row(vec![
            r.address.clone(),
            match r.state {
                RecipientState::Pending => "pending".into(),
                RecipientState::Sent => "sent".into(),
                RecipientState::Failed => "failed".into(),
            },
            r.status.clone().unwrap_or_default(),
            r.last_reply.clone().unwrap_or_default(),
        ]);
    }
    println!("{t}");
}

fn age(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{}h", s / 86400, s % 86400 / 3600),
    }
}

fn when(secs: i64) -> String {
    if secs <= 0 {
        "now".into()
    } else {
        format!("in {}", age(secs))
    }
}
