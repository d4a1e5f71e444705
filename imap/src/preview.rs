//! FETCH SAVEDATE (RFC 8514) and PREVIEW (RFC 8970): read for a FETCH's whole span of UIDs
//! in one query each (`storage::Store::save_dates`, `previews`), then written per message.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use crate::fetch::Item;
use crate::response::{self, Utf8};
use crate::wire::Token;

/// What a FETCH's SAVEDATE and PREVIEW items show, by UID; empty when not asked.
#[derive(Debug, Default)]
pub(crate) struct Extras {
    save_dates: HashMap<u32, Option<i64>>,
    previews: HashMap<u32, Option<String>>,
}

impl Extras {
    /// Reads what `items` ask of the messages in `uids` (blocking).
    pub(crate) fn read(
        store: &storage::Store,
        account: storage::AccountId,
        mailbox: storage::MailboxId,
        uids: RangeInclusive<u32>,
        items: &[Item],
    ) -> storage::Result<Extras> {
        let mut extras = Extras::default();
        if items.contains(&Item::SaveDate) {
            extras.save_dates = store
                .save_dates(account, mailbox, uids.clone())?
                .into_iter()
                .collect();
        }
        // LAZY only when every PREVIEW asked is lazy.
        let previews: Vec<bool> = items
            .iter()
            .filter_map(|i| match i {
                Item::Preview { lazy } => Some(*lazy),
                _ => None,
            })
            .collect();
        if !previews.is_empty() {
            let lazy = previews.iter().all(|&l| l);
            extras.previews = store.previews(account, mailbox, uids, lazy)?;
        }
        Ok(extras)
    }

    /// `SAVEDATE "…"` or `SAVEDATE NIL`; `PREVIEW "…"` or `PREVIEW NIL`.
    pub(crate) fn write(&self, out: &mut Vec<u8>, item: &Item, uid: u32, utf8: Utf8) {
        match item {
            Item::SaveDate => match self.save_dates.get(&uid).copied().flatten() {
                Some(date) => out.extend_from_slice(
                    format!("SAVEDATE \"{}\"", crate::date::format_date_time(date)).as_bytes(),
                ),
                // RFC 8514 §4: NIL when the save date is not known.
                None => out.extend_from_slice(b"SAVEDATE NIL"),
            },
            Item::Preview { .. } => {
                out.extend_from_slice(b"PREVIEW ");
                let preview = self.previews.get(&uid).and_then(|p| p.as_deref());
                response::nstring(out, preview.map(str::as_bytes), utf8);
            }
            _ => {}
        }
    }
}

/// The names of a parenthesized FETCH item list; `PREVIEW (LAZY)` (RFC 8970 §4: its
/// modifiers are a list after the item) is kept as one name.
pub(crate) fn item_names(list: &[Token]) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::with_capacity(list.len());
    for t in list {
        match t {
            Token::Atom(a) => names.push(a.clone()),
            Token::List(modifiers)
                if names
                    .last()
                    .is_some_and(|n| n.eq_ignore_ascii_case("PREVIEW")) =>
            {
                let mut words = Vec::with_capacity(modifiers.len());
                for m in modifiers {
                    let Token::Atom(m) = m else {
                        return Err("PREVIEW modifiers are atoms, e.g. (LAZY)".into());
                    };
                    words.push(m.clone());
                }
                if let Some(last) = names.last_mut() {
                    last.push_str(&format!(" ({})", words.join(" ")));
                }
            }
            _ => return Err("FETCH data items are atoms".to_string()),
        }
    }
    Ok(names)
}

/// `PREVIEW` or `PREVIEW (LAZY)`, upper case.
pub(crate) fn item(name: &str) -> Option<Item> {
    match name {
        "PREVIEW" => Some(Item::Preview { lazy: false }),
        "PREVIEW (LAZY)" => Some(Item::Preview { lazy: true }),
        _ => None,
    }
}
