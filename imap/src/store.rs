//! STORE and UID STORE (RFC 9051 §6.4.6; UNCHANGEDSINCE, RFC 7162 §3.1.3).

use storage::FlagChange;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::command::Store;
use crate::error::{Done, ImapError, blocking};
use crate::sequence::compact;
use crate::session::Session;

/// One untagged FETCH: sequence number, UID, flags (None after .SILENT), MODSEQ.
type FetchLine = (u32, Option<u32>, Option<String>, Option<u64>);

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// Changes the flags, then sends each message's flags as they now are in an untagged
    /// FETCH, whether or not they changed (RFC 9051 §6.4.6), unless .SILENT. Once CONDSTORE
    /// is on, each changed message carries UID and MODSEQ even after .SILENT, which then only
    /// drops FLAGS (RFC 7162 §3.1.3, §3.2.4): the client must learn the new MODSEQ.
    pub(crate) async fn store_flags(&mut self, args: Store) -> Result<Done, ImapError> {
        let view = self.writable()?;
        let (owner, id) = (view.owner, view.id);
        let targets = view.resolve(&args.set, args.uid)?;
        if args.unchanged_since.is_some() {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        if targets.is_empty() {
            return Ok(Done::default());
        }
        let uids: Vec<u32> = targets.iter().map(|&(_, u)| u).collect();
        let change = FlagChange {
            op: args.op,
            flags: args.flags,
            keywords: args.keywords,
            unchanged_since: args.unchanged_since,
        };
        let store = self.imap.store.clone();
        let silent = args.silent;
        let (update, unchanged) = blocking("STORE could not change the flags", move || {
            let update = store.set_flags(owner, id, uids.clone(), change)?;
            // The flags of the messages the STORE left as they were, to report them too.
            let mut unchanged = Vec::new();
            if !silent {
                let skip = |u: &u32| {
                    update.changed.binary_search_by_key(u, |c| c.0).is_ok()
                        || update.modified.binary_search(u).is_ok()
                };
                let rest: Vec<u32> = uids.into_iter().filter(|u| !skip(u)).collect();
                if let (Some(&first), Some(&last)) = (rest.first(), rest.last()) {
                    store.each_flags(owner, id, first..=last, 0, |row| {
                        if rest.binary_search(&row.uid).is_ok() {
                            let keywords: Vec<String> = row
                                .keywords
                                .split(' ')
                                .filter(|k| !k.is_empty())
                                .map(str::to_string)
                                .collect();
                            unchanged.push((row.uid, row.flags, keywords, row.modseq));
                        }
                    })?;
                }
            }
            Ok((update, unchanged))
        })
        .await?;
        let condstore = self.condstore;
        let rev2 = self.rev2;
        let Some(view) = self.view_mut() else {
            return Ok(Done::default());
        };
        let mut out = Vec::new();
        let mut grew = false;
        for (_, _, keywords, _) in &update.changed {
            grew |= view.learn_keywords(keywords);
        }
        if grew {
            // RFC 9051 §7.3.5: a new keyword is announced before a FETCH shows it.
            view.write_flags(&mut out);
        }
        let mut lines: Vec<FetchLine> = Vec::new();
        for (uid, flags, keywords, modseq) in &update.changed {
            view.reported.push((*uid, *modseq));
            if silent && !condstore {
                continue;
            }
            if let Some(n) = view.seq(*uid) {
                let text = (!silent).then(|| view.flags_text(*uid, *flags, keywords, rev2));
                lines.push((
                    n,
                    (args.uid || condstore).then_some(*uid),
                    text,
                    condstore.then_some(*modseq),
                ));
            }
        }
        for (uid, flags, keywords, modseq) in &unchanged {
            if let Some(n) = view.seq(*uid) {
                let text = view.flags_text(*uid, *flags, keywords, rev2);
                lines.push((
                    n,
                    (args.uid || condstore).then_some(*uid),
                    Some(text),
                    condstore.then_some(*modseq),
                ));
            }
        }
        lines.sort_by_key(|l| l.0);
        for (n, uid, text, modseq) in lines {
            crate::response::fetch_flags(&mut out, n as usize, uid, text.as_deref(), modseq);
        }
        let modified: Vec<u32> = if args.uid {
            update.modified
        } else {
            update
                .modified
                .iter()
                .filter_map(|&u| view.seq(u))
                .collect()
        };
        self.output.extend_from_slice(&out);
        if modified.is_empty() {
            return Ok(Done::default());
        }
        // RFC 7162 §3.1.3: the messages left alone, as numbers or UIDs like the set.
        Ok(Done {
            code: Some(format!("MODIFIED {}", compact(&modified))),
            text: Some("Conditional STORE failed"),
        })
    }
}
