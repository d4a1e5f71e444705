//! CREATE, DELETE, RENAME (RFC 9051 §6.3.4–§6.3.6), SUBSCRIBE and UNSUBSCRIBE (§6.3.7–
//! §6.3.8), for one's own mailboxes; in the shared namespace only (UN)SUBSCRIBE is taken.

use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::{Done, ImapError, blocking};
use crate::session::Session;
use crate::shared;
use crate::wire::Token;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// A mailbox name as the account means it.
    fn mailbox_name(&self, raw: &[u8]) -> Result<(storage::AccountId, String), ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let name = self
            .name_in(raw)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        Ok((account, name))
    }

    pub(crate) async fn create(&mut self, raw: &[u8]) -> Result<Done, ImapError> {
        let (account, name) = self.mailbox_name(raw)?;
        refuse_shared("CREATE", &name)?;
        let store = self.imap.store.clone();
        blocking("CREATE failed", move || {
            // A trailing delimiter only says the name may hold children (RFC 9051 §6.3.4).
            // Superior names are not needed for "a/b/c" to exist (RFC 9051 §6.3.4 asks for
            // those "needed"): a level that is no mailbox is listed \Noselect, or
            // \NonExistent in LIST-EXTENDED's answers (RFC 5258 §3.4).
            store.create_mailbox(account, name.trim_end_matches('/'), None)?;
            // imapsort: RFC 8474 §4.1, the new mailbox's MAILBOXID in the tagged OK.
            store.get_mailbox(account, name.trim_end_matches('/'))
        })
        .await
        .map(|created| Done {
            code: Some(format!(
                "MAILBOXID ({})",
                crate::objectid::mailbox_id(created.uidvalidity)
            )),
            text: None,
        })
    }

    /// CREATE … (USE (…)) (RFC 6154 §3): a mailbox with a special use. One use a mailbox
    /// (a mailbox keeps one), and one mailbox a use: a use another mailbox already has, or
    /// one we cannot give (\All and \Flagged are virtual mailboxes we do not have, or
    /// several at once), is NO [USEATTR] (§3, §5.1).
    pub(crate) async fn create_special_use(
        &mut self,
        raw: &[u8],
        uses: Vec<String>,
    ) -> Result<Done, ImapError> {
        let (account, name) = self.mailbox_name(raw)?;
        refuse_shared("CREATE", &name)?;
        let special = match uses.as_slice() {
            // RFC 6154 §3: an empty list is an ordinary CREATE.
            [] => None,
            [one] => Some(
                GIVABLE_USES
                    .iter()
                    .find(|u| u.eq_ignore_ascii_case(one))
                    .copied()
                    .ok_or_else(|| {
                        ImapError::no(
                            Some("USEATTR"),
                            format!(
                                "{one} cannot be given here: the special uses offered are {}",
                                GIVABLE_USES.join(" ")
                            ),
                        )
                    })?,
            ),
            _ => {
                return Err(ImapError::no(
                    Some("USEATTR"),
                    "a mailbox has at most one special use here",
                ));
            }
        };
        let store = self.imap.store.clone();
        let taken = blocking("CREATE failed", move || {
            let name = name.trim_end_matches('/');
            match special {
                // The use is checked and given in one storage transaction (RFC 6154 §3: at
                // most one mailbox has it), so two CREATEs at once cannot both take it.
                Some(use_) => Ok(store.create_special_mailbox(account, name, use_)?.err()),
                None => store.create_mailbox(account, name, None).map(|_| None),
            }
        })
        .await?;
        match taken {
            Some(other) => Err(ImapError::no(
                Some("USEATTR"),
                format!("the mailbox {other:?} already has this special use"),
            )),
            None => Ok(Done::default()),
        }
    }

    pub(crate) async fn delete(&mut self, raw: &[u8]) -> Result<Done, ImapError> {
        let (account, name) = self.mailbox_name(raw)?;
        refuse_shared("DELETE", &name)?;
        let store = self.imap.store.clone();
        blocking("DELETE failed", move || {
            store.delete_mailbox(account, &name)
        })
        .await?;
        Ok(Done::default())
    }

    pub(crate) async fn rename(&mut self, from: &[u8], to: &[u8]) -> Result<Done, ImapError> {
        let (account, from) = self.mailbox_name(from)?;
        let (_, to) = self.mailbox_name(to)?;
        refuse_shared("RENAME", &from)?;
        refuse_shared("RENAME", &to)?;
        let store = self.imap.store.clone();
        blocking("RENAME failed", move || {
            store.rename_mailbox(account, &from, &to)
        })
        .await?;
        Ok(Done::default())
    }

    pub(crate) async fn subscribe(&mut self, raw: &[u8], on: bool) -> Result<Done, ImapError> {
        let (account, name) = self.mailbox_name(raw)?;
        let store = self.imap.store.clone();
        if shared::is_shared(&name) {
            // A unit's mailboxes are always subscribed (kept per mailbox, not per grantee).
            let lookup = name.clone();
            blocking("SUBSCRIBE failed", move || {
                let target = shared::resolve(&store, account, &lookup)?;
                store.mailbox_head(target.owner, &target.name)
            })
            .await
            .map_err(ImapError::no_such_mailbox_unless_ours)?;
            if !on {
                return Err(ImapError::no(
                    Some("CANNOT"),
                    "shared mailboxes are always subscribed",
                ));
            }
            return Ok(Done::default());
        }
        blocking("SUBSCRIBE failed", move || {
            if on {
                store.subscribe_mailbox(account, &name)
            } else {
                store.unsubscribe_mailbox(account, &name)
            }
        })
        .await?;
        Ok(Done::default())
    }
}

/// The special uses CREATE gives (RFC 6154 §2): all but the virtual \All and \Flagged.
const GIVABLE_USES: [&str; 5] = ["\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash"];

/// The uses of RFC 6154 §2, any of which a client may ask for.
const USES: [&str; 7] = [
    "\\All",
    "\\Archive",
    "\\Drafts",
    "\\Flagged",
    "\\Junk",
    "\\Sent",
    "\\Trash",
];

/// CREATE's `mailbox (USE (use-attr …))` (RFC 6154 §6 grammar, RFC 4466 create-params).
/// A use outside RFC 6154's list is NO [USEATTR] when the command runs, not a BAD: the
/// grammar takes any flag-like atom (§6 `use-attr =/ "\\" atom`).
pub(crate) fn create_params(args: &[Token]) -> Result<(Vec<u8>, Vec<String>), ImapError> {
    let usage = "CREATE takes a mailbox name and (USE (\\Drafts …))";
    let [mailbox, Token::List(params)] = args else {
        return Err(ImapError::bad(usage));
    };
    let mailbox = match mailbox {
        Token::Nil => b"NIL".to_vec(),
        other => other
            .as_bytes()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| ImapError::bad(usage))?,
    };
    let [Token::Atom(word), Token::List(uses)] = params.as_slice() else {
        return Err(ImapError::bad(usage));
    };
    if !word.eq_ignore_ascii_case("USE") {
        return Err(ImapError::bad(format!("unknown CREATE parameter {word}")));
    }
    let mut out = Vec::new();
    for u in uses {
        match u {
            Token::Atom(a) if a.starts_with('\\') && a.len() > 1 => {
                let known = USES.iter().find(|k| k.eq_ignore_ascii_case(a));
                out.push(known.map_or_else(|| a.clone(), |k| k.to_string()));
            }
            _ => return Err(ImapError::bad("special uses are flags such as \\Drafts")),
        }
    }
    Ok((mailbox, out))
}

/// A unit's folders are not created, deleted or renamed by its grantees (NOPERM).
fn refuse_shared(command: &str, name: &str) -> Result<(), ImapError> {
    if shared::is_shared(name) {
        return Err(ImapError::no(
            Some("NOPERM"),
            format!(
                "{command} is not allowed in the shared namespace: a unit's folders are \
                 managed by the unit mailbox itself"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod special_use_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use crate::test_client::{Client, PASSWORD, USER, demo_store};

    /// RFC 6154 §5.3's examples: a use already taken, a virtual use we do not have, two uses
    /// at once, all NO [USEATTR]; a free use is given and listed.
    #[tokio::test]
    async fn create_special_use_gives_free_uses_and_refuses_taken_ones() {
        let (_dir, store, _) = demo_store();
        let imap = crate::test_client::imap(store, Default::default());
        let mut c = Client::login(&imap, USER, PASSWORD).await;
        c.ok("ENABLE UTF8=ACCEPT").await;
        assert!(c.ok("CAPABILITY").await.contains(" CREATE-SPECIAL-USE"));
        // Every account has its Drafts: the use is taken.
        let out = c.no("CREATE \"Nháp 2\" (USE (\\Drafts))", "USEATTR").await;
        assert!(out.contains("Drafts"), "{out}");
        c.no("CREATE Everything (USE (\\All))", "USEATTR").await;
        c.no("CREATE MySpecial (USE (\\Drafts \\Sent))", "USEATTR")
            .await;
        c.no("CREATE X (USE (\\Important))", "USEATTR").await;
        c.bad("CREATE X (USE \\Drafts)", "CREATE takes").await;
        c.bad("CREATE X (OTHER (\\Drafts))", "unknown CREATE parameter")
            .await;
        // Once Drafts is gone the use is free again.
        c.ok("DELETE Drafts").await;
        c.ok("CREATE \"Thư nháp\" (USE (\\drafts))").await;
        let out = c.ok("LIST (SPECIAL-USE) \"\" *").await;
        assert!(
            out.contains("(\\HasNoChildren \\Drafts) \"/\" \"Thư nháp\""),
            "{out}"
        );
        // An empty list is an ordinary CREATE (RFC 6154 §3).
        c.ok("CREATE Plain (USE ())").await;
        c.no("CREATE Plain (USE ())", "ALREADYEXISTS").await;
    }
}
