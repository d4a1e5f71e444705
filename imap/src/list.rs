//! LIST and LSUB: the basic command (RFC 9051 §6.3.9), LIST-EXTENDED (RFC 5258: selection
//! options, several patterns, return options), LIST-STATUS (RFC 5819) and the special-use
//! selection (RFC 6154), over one's own mailboxes and the shared namespace.
//!
//! Three steps: `parse` reads the arguments (a BAD with the reason for anything malformed or
//! unknown, as RFC 5258 §3 requires); `nodes` builds the tree of names the account can see —
//! its mailboxes, the levels between them that are not mailboxes, `Shared` and
//! `Shared/<unit>` for the units granted to it, and those units' mailboxes; `evaluate` picks
//! the lines to answer with their attributes. Both lists are read in one blocking task, with
//! each mailbox's STATUS counters, so LIST-STATUS makes no query per mailbox.

use storage::{Grant, Mailbox};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::{Done, ImapError, blocking};
use crate::session::{Session, matches};
use crate::shared;
use crate::status;
use crate::wire::Token;

/// Selection options (RFC 5258 §3; SPECIAL-USE from RFC 6154 §3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    pub(crate) subscribed: bool,
    /// Accepted and meaningless here: there are no remote mailboxes.
    pub(crate) remote: bool,
    pub(crate) recursive: bool,
    pub(crate) special_use: bool,
}

impl Selection {
    /// Whether any option restricts which mailboxes are listed.
    fn filters(&self) -> bool {
        self.subscribed || self.special_use
    }
}

/// Return options (RFC 5258 §4, RFC 5819, RFC 6154 §4).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Returns {
    pub(crate) subscribed: bool,
    /// \HasChildren / \HasNoChildren are always sent (CHILDREN is announced); accepted.
    pub(crate) children: bool,
    /// Special-use attributes are always sent; accepted.
    pub(crate) special_use: bool,
    pub(crate) status: Option<Vec<status::Item>>,
}

/// A parsed LIST command; names still as the client sent them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListArgs {
    pub(crate) select: Selection,
    pub(crate) reference: Vec<u8>,
    pub(crate) patterns: Vec<Vec<u8>>,
    pub(crate) returns: Returns,
    /// Any RFC 5258 syntax was used: levels that are not mailboxes are then \NonExistent.
    pub(crate) extended: bool,
}

/// `LIST [(selection options)] reference (pattern | (pattern …)) [RETURN (return options)]`
/// (RFC 5258 §6 grammar), or LSUB's `reference pattern`.
pub(crate) fn parse(args: &[Token], lsub: bool) -> Result<ListArgs, String> {
    let mut rest = args;
    let mut select = Selection::default();
    let mut extended = false;
    if !lsub && let Some(Token::List(options)) = rest.first() {
        extended = true;
        for option in options {
            let Token::Atom(name) = option else {
                return Err("LIST selection options are atoms, e.g. (SUBSCRIBED)".into());
            };
            match name.to_ascii_uppercase().as_str() {
                "SUBSCRIBED" => select.subscribed = true,
                "REMOTE" => select.remote = true,
                "RECURSIVEMATCH" => select.recursive = true,
                "SPECIAL-USE" => select.special_use = true,
                _ => {
                    return Err(format!(
                        "unknown LIST selection option {name}: use SUBSCRIBED, REMOTE, \
                         RECURSIVEMATCH or SPECIAL-USE"
                    ));
                }
            }
        }
        // RFC 5258 §3: RECURSIVEMATCH alone (or with only REMOTE) is a syntax error.
        if select.recursive && !select.filters() {
            return Err(
                "RECURSIVEMATCH needs another selection option, e.g. (SUBSCRIBED RECURSIVEMATCH)"
                    .into(),
            );
        }
        rest = &rest[1..];
    }
    let usage = if lsub {
        "LSUB needs a reference and a pattern"
    } else {
        "LIST needs a reference and a pattern, e.g. LIST \"\" \"*\""
    };
    let reference = rest.first().and_then(mailbox_or_pattern).ok_or(usage)?;
    let patterns = match rest.get(1) {
        Some(Token::List(list)) if !lsub => {
            extended = true;
            if list.is_empty() {
                return Err("the list of patterns is empty".into());
            }
            list.iter()
                .map(|t| mailbox_or_pattern(t).ok_or("each pattern is a string"))
                .collect::<Result<Vec<_>, _>>()?
        }
        Some(t) => vec![mailbox_or_pattern(t).ok_or(usage)?],
        None => return Err(usage.into()),
    };
    let mut returns = Returns::default();
    match rest.get(2..).unwrap_or_default() {
        [] => {}
        [Token::Atom(word), Token::List(options)]
            if !lsub && word.eq_ignore_ascii_case("RETURN") =>
        {
            extended = true;
            returns = parse_returns(options)?;
        }
        _ => {
            return Err("after the patterns only RETURN (options) may follow".into());
        }
    }
    Ok(ListArgs {
        select,
        reference,
        patterns,
        returns,
        extended,
    })
}

/// A reference or pattern (RFC 9051 §9 mailbox / list-mailbox): an astring, where NIL is an
/// atom like any other, or a string.
fn mailbox_or_pattern(token: &Token) -> Option<Vec<u8>> {
    match token {
        Token::Nil => Some(b"NIL".to_vec()),
        other => other.as_bytes().map(<[u8]>::to_vec),
    }
}

/// The contents of `RETURN (…)`.
fn parse_returns(options: &[Token]) -> Result<Returns, String> {
    let mut returns = Returns::default();
    let mut i = 0;
    while i < options.len() {
        let Token::Atom(name) = &options[i] else {
            return Err("LIST return options are atoms, e.g. RETURN (CHILDREN)".into());
        };
        match name.to_ascii_uppercase().as_str() {
            "SUBSCRIBED" => returns.subscribed = true,
            "CHILDREN" => returns.children = true,
            "SPECIAL-USE" => returns.special_use = true,
            "STATUS" => {
                let Some(Token::List(items)) = options.get(i + 1) else {
                    return Err("RETURN (STATUS …) needs a list of STATUS items, e.g. \
                                STATUS (MESSAGES UNSEEN)"
                        .into());
                };
                returns.status = Some(status::parse_items(items)?);
                i += 1;
            }
            _ => {
                return Err(format!(
                    "unknown LIST return option {name}: use SUBSCRIBED, CHILDREN, \
                     SPECIAL-USE or STATUS (…)"
                ));
            }
        }
        i += 1;
    }
    Ok(returns)
}

/// What a name in the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A mailbox that can be selected.
    Mailbox,
    /// A level between mailboxes that is not one itself (`A` when only `A/B` exists).
    Gap,
    /// `Shared` or `Shared/<unit>`: a level of the shared namespace.
    Namespace,
}

/// One name the account can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) subscribed: bool,
    pub(crate) special_use: Option<String>,
    /// The mailbox and its counters (for STATUS), for `Kind::Mailbox`.
    pub(crate) mailbox: Option<Mailbox>,
}

/// The tree of names, sorted by name (so that a name's descendants follow it as one run).
///
/// A unit's mailboxes are always subscribed (subscriptions are the unit's, not each
/// grantee's) and carry no special-use attribute: a client must not take the unit's Sent
/// for its own. One's own names in the shared namespace (a folder named `Shared` made before
/// it existed) are hidden: `Shared/…` always means the shared namespace.
pub(crate) fn nodes(own: Vec<Mailbox>, units: Vec<(Grant, Vec<Mailbox>)>) -> Vec<Node> {
    let mut out: Vec<Node> = own
        .into_iter()
        .filter(|b| !shared::is_shared(&b.name))
        .map(|b| Node {
            name: b.name.clone(),
            kind: Kind::Mailbox,
            subscribed: b.subscribed,
            special_use: b.special_use.clone(),
            mailbox: Some(b),
        })
        .collect();
    let namespace = |name: String| Node {
        name,
        kind: Kind::Namespace,
        subscribed: false,
        special_use: None,
        mailbox: None,
    };
    if !units.is_empty() {
        out.push(namespace(shared::PREFIX.to_string()));
    }
    for (grant, boxes) in units {
        out.push(namespace(format!("{}/{}", shared::PREFIX, grant.unit)));
        for b in boxes {
            out.push(Node {
                name: shared::shared_name(&grant.unit, &b.name),
                kind: Kind::Mailbox,
                subscribed: true,
                special_use: None,
                mailbox: Some(b),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    // The levels between mailboxes that are not mailboxes themselves.
    let mut gaps: Vec<Node> = Vec::new();
    for node in &out {
        for (i, _) in node.name.match_indices('/') {
            let parent = &node.name[..i];
            let known = out
                .binary_search_by(|n| n.name.as_str().cmp(parent))
                .is_ok()
                || gaps.iter().any(|g| g.name == parent);
            if !known {
                gaps.push(Node {
                    name: parent.to_string(),
                    kind: Kind::Gap,
                    subscribed: false,
                    special_use: None,
                    mailbox: None,
                });
            }
        }
    }
    out.extend(gaps);
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// One line of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub(crate) node: &'a Node,
    pub(crate) attrs: Vec<&'a str>,
    /// RFC 5258 §3.5: the selection criteria some descendant meets (RECURSIVEMATCH).
    pub(crate) childinfo: Vec<&'static str>,
    /// Send a STATUS after the LIST line (RFC 5819).
    pub(crate) status: bool,
}

/// Which nodes some pattern (already joined to the reference) matches. Patterns come from
/// the client, so this runs off the runtime's threads, with a linear-time matcher.
pub(crate) fn matching(nodes: &[Node], patterns: &[String]) -> Vec<bool> {
    nodes
        .iter()
        .map(|node| patterns.iter().any(|p| matches(p, &node.name)))
        .collect()
}

/// The lines answering the patterns under the options; `matched[i]` says whether a
/// pattern matches `nodes[i]` (see [`matching`]).
pub(crate) fn evaluate<'a>(nodes: &'a [Node], matched: &[bool], args: &ListArgs) -> Vec<Line<'a>> {
    let select = &args.select;
    let meets = |n: &Node| {
        (!select.subscribed || n.subscribed) && (!select.special_use || n.special_use.is_some())
    };
    let mut lines = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if !matched.get(i).copied().unwrap_or(false) {
            continue;
        }
        // Descendants follow their parent in name order.
        let prefix = format!("{}/", node.name);
        let descendants = nodes[i + 1..]
            .iter()
            .skip_while(|n| n.name.as_str() < prefix.as_str())
            .take_while(|n| n.name.starts_with(&prefix));
        let mut has_children = false;
        let mut child_meets = false;
        for d in descendants {
            has_children = true;
            if meets(d) {
                child_meets = true;
                break;
            }
        }
        let itself = meets(node);
        let recursive = select.recursive && child_meets;
        if !itself && !recursive {
            continue;
        }
        let mut attrs = Vec::new();
        match node.kind {
            Kind::Mailbox => {}
            // RFC 5258 §3 (and RFC 9051): a name that is no mailbox is \NonExistent; plain
            // LIST says \Noselect as RFC 3501 clients expect.
            Kind::Gap if args.extended => attrs.push("\\NonExistent"),
            Kind::Gap | Kind::Namespace => attrs.push("\\Noselect"),
        }
        attrs.push(if has_children {
            "\\HasChildren"
        } else {
            "\\HasNoChildren"
        });
        if (select.subscribed || args.returns.subscribed) && node.subscribed {
            attrs.push("\\Subscribed");
        }
        if let Some(special) = &node.special_use {
            attrs.push(special.as_str());
        }
        let mut childinfo = Vec::new();
        if recursive {
            if select.subscribed {
                childinfo.push("SUBSCRIBED");
            }
            if select.special_use {
                childinfo.push("SPECIAL-USE");
            }
        }
        lines.push(Line {
            node,
            attrs,
            childinfo,
            status: args.returns.status.is_some() && node.kind == Kind::Mailbox,
        });
    }
    lines
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// LIST (basic and extended) and LSUB.
    pub(crate) async fn list(
        &mut self,
        lsub: bool,
        mut parsed: ListArgs,
    ) -> Result<Done, ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let command = if lsub { "LSUB" } else { "LIST" };
        if lsub {
            parsed.select.subscribed = true;
        }
        let reference = self.name_in(&parsed.reference).unwrap_or_default();
        if !lsub && parsed.patterns.iter().all(|p| p.is_empty()) && !parsed.select.filters() {
            // RFC 9051 §6.3.9: an empty pattern asks for the hierarchy delimiter and root.
            self.output
                .extend_from_slice(b"* LIST (\\Noselect) \"/\" \"\"\r\n");
            return Ok(Done::default());
        }
        let patterns: Vec<String> = parsed
            .patterns
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| format!("{reference}{}", self.name_in(p).unwrap_or_default()))
            .collect();
        let store = self.imap.store.clone();
        // The counts only for RETURN (STATUS …) (RFC 5819).
        let counts = match parsed.returns.status {
            Some(_) => storage::Counts::With,
            None => storage::Counts::Without,
        };
        let (tree, matched) = blocking("cannot read the mailbox list", move || {
            let tree = nodes(
                store.list_mailboxes(account, counts)?,
                store.shared_mailboxes(account, counts)?,
            );
            let matched = matching(&tree, &patterns);
            Ok((tree, matched))
        })
        .await?;
        if let Some(items) = &parsed.returns.status
            && status::enables_condstore(items)
        {
            // Before the lines: the untagged HIGHESTMODSEQ of the selected mailbox, if any.
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let append_limit = self.imap.config.max_literal;
        let mut out = Vec::new();
        for line in evaluate(&tree, &matched, &parsed) {
            let attrs: Vec<&str> = line
                .attrs
                .iter()
                .copied()
                // LSUB has no \Subscribed: everything it lists is.
                .filter(|a| !(lsub && *a == "\\Subscribed"))
                .collect();
            out.extend_from_slice(format!("* {command} ({}) \"/\" ", attrs.join(" ")).as_bytes());
            let name = self.name_out(&line.node.name);
            out.extend_from_slice(&name);
            if !line.childinfo.is_empty() {
                let info: Vec<String> = line.childinfo.iter().map(|c| format!("\"{c}\"")).collect();
                out.extend_from_slice(format!(" (\"CHILDINFO\" ({}))", info.join(" ")).as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            if let (true, Some(items), Some(b)) =
                (line.status, &parsed.returns.status, &line.node.mailbox)
            {
                out.extend_from_slice(b"* STATUS ");
                out.extend_from_slice(&name);
                let values = status::values(items, b, append_limit);
                out.extend_from_slice(format!(" ({values})\r\n").as_bytes());
            }
        }
        self.output.extend(out);
        Ok(Done::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::tokenize;

    fn args_of(command: &str) -> Vec<Token> {
        tokenize(format!("t LIST {command}").as_bytes())
            .unwrap()
            .args
    }

    fn mailbox(name: &str, subscribed: bool, special_use: Option<&str>) -> Mailbox {
        Mailbox {
            id: 1,
            account: 1,
            name: name.into(),
            special_use: special_use.map(str::to_string),
            uidvalidity: 1,
            uidnext: 1,
            highest_modseq: 1,
            subscribed,
            messages: 0,
            unseen: 0,
            size: 0,
            recent: 0,
        }
    }

    #[test]
    fn the_extended_syntax_is_parsed() {
        let tokens = args_of(
            "(SUBSCRIBED RecursiveMatch) \"\" (\"INBOX\" %) RETURN (CHILDREN STATUS (MESSAGES \
             UNSEEN) SUBSCRIBED)",
        );
        let a = parse(&tokens, false).unwrap();
        assert!(a.extended && a.select.subscribed && a.select.recursive);
        assert!(!a.select.special_use && !a.select.remote);
        assert_eq!(a.patterns, [b"INBOX".as_slice(), b"%"]);
        assert!(a.returns.children && a.returns.subscribed && !a.returns.special_use);
        assert_eq!(
            a.returns.status,
            Some(vec![status::Item::Messages, status::Item::Unseen])
        );
        let tokens = args_of("\"\" *");
        let basic = parse(&tokens, false).unwrap();
        assert!(!basic.extended && basic.returns == Returns::default());
        // LSUB takes no options: a list there is a pattern error.
        assert!(parse(&args_of("(SUBSCRIBED) \"\" *"), true).is_err());
    }

    #[test]
    fn the_tree_has_gaps_namespace_levels_and_shared_names_sorted() {
        let own = vec![
            mailbox("INBOX", true, None),
            mailbox("Lưu trữ/2026", true, None),
            mailbox("Sent", true, Some("\\Sent")),
            mailbox("Shared", true, None),
        ];
        let grant = Grant {
            unit: "vanthu@x.gov.vn".into(),
            unit_id: 2,
            grantee: "annv@x.gov.vn".into(),
            grantee_id: 1,
            read_only: false,
            created_at: 0,
        };
        let units = vec![(
            grant,
            vec![
                mailbox("INBOX", false, None),
                mailbox("Sent", false, Some("\\Sent")),
            ],
        )];
        let tree = nodes(own, units);
        let names: Vec<(&str, Kind)> = tree.iter().map(|n| (n.name.as_str(), n.kind)).collect();
        assert_eq!(
            names,
            [
                ("INBOX", Kind::Mailbox),
                ("Lưu trữ", Kind::Gap),
                ("Lưu trữ/2026", Kind::Mailbox),
                ("Sent", Kind::Mailbox),
                ("Shared", Kind::Namespace),
                ("Shared/vanthu@x.gov.vn", Kind::Namespace),
                ("Shared/vanthu@x.gov.vn/INBOX", Kind::Mailbox),
                ("Shared/vanthu@x.gov.vn/Sent", Kind::Mailbox),
            ]
        );
        // A unit's mailboxes: subscribed, no special use.
        assert!(tree[7].subscribed && tree[7].special_use.is_none());
    }

    #[test]
    fn recursivematch_reports_parents_of_matching_children() {
        let tree = nodes(
            vec![
                mailbox("A", false, None),
                mailbox("A/B/C", true, None),
                mailbox("D", false, None),
                mailbox("D/E", false, None),
            ],
            Vec::new(),
        );
        let tokens = args_of("(SUBSCRIBED RECURSIVEMATCH) \"\" %");
        let a = parse(&tokens, false).unwrap();
        let lines = evaluate(&tree, &matching(&tree, &["%".to_string()]), &a);
        let got: Vec<(&str, Vec<&str>, Vec<&str>)> = lines
            .iter()
            .map(|l| (l.node.name.as_str(), l.attrs.clone(), l.childinfo.clone()))
            .collect();
        assert_eq!(got, [("A", vec!["\\HasChildren"], vec!["SUBSCRIBED"])]);
        // Without RECURSIVEMATCH: nothing at the top level is subscribed.
        let tokens = args_of("(SUBSCRIBED) \"\" %");
        let a = parse(&tokens, false).unwrap();
        assert!(evaluate(&tree, &matching(&tree, &["%".to_string()]), &a).is_empty());
        // With "*": the subscribed mailbox itself, and the level between (\NonExistent) and
        // A with CHILDINFO.
        let tokens = args_of("(SUBSCRIBED RECURSIVEMATCH) \"\" *");
        let a = parse(&tokens, false).unwrap();
        let lines = evaluate(&tree, &matching(&tree, &["*".to_string()]), &a);
        let got: Vec<(&str, Vec<&str>, bool)> = lines
            .iter()
            .map(|l| {
                (
                    l.node.name.as_str(),
                    l.attrs.clone(),
                    !l.childinfo.is_empty(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("A", vec!["\\HasChildren"], true),
                ("A/B", vec!["\\NonExistent", "\\HasChildren"], true),
                ("A/B/C", vec!["\\HasNoChildren", "\\Subscribed"], false),
            ]
        );
    }
}
