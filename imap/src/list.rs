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
    /// RFC 8440: a MYRIGHTS line after each mailbox's LIST line.
    pub(crate) myrights: bool,
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
            "MYRIGHTS" => returns.myrights = true,
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
                     SPECIAL-USE, MYRIGHTS or STATUS (…)"
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
    /// A name that is neither a mailbox nor a level above one, in the tree only because it is
    /// subscribed (a subscription outlives its mailbox, RFC 9051 §6.3.7) or is a level above
    /// such a name. Only a SUBSCRIBED selection (and LSUB) lists it.
    Absent,
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
    /// The account's rights in the mailbox (RFC 4314, see `acl`), for `Kind::Mailbox`.
    pub(crate) rights: Option<crate::acl::RightSet>,
}

impl Node {
    fn level(name: &str, kind: Kind) -> Node {
        Node {
            name: name.to_string(),
            kind,
            subscribed: false,
            special_use: None,
            mailbox: None,
            rights: None,
        }
    }
}

/// The names above `name` in the hierarchy, nearest last (`A`, `A/B` for `A/B/C`).
fn parents(name: &str) -> impl Iterator<Item = &str> {
    name.match_indices('/').map(move |(i, _)| &name[..i])
}

/// The tree of names, sorted by name (so that a name's descendants follow it as one run):
/// one's own mailboxes, the units' shared ones, the levels between them, and the subscribed
/// names that are none of these (`subscribed` is the account's list, see
/// [`storage::Store::subscriptions`]).
///
/// A unit's mailboxes are always subscribed (subscriptions are the unit's, not each
/// grantee's) and carry no special-use attribute: a client must not take the unit's Sent
/// for its own. One's own names in the shared namespace (a folder named `Shared` made before
/// it existed, or its subscription) are hidden: `Shared/…` always means the shared namespace.
pub(crate) fn nodes(
    own: Vec<Mailbox>,
    subscribed: Vec<String>,
    units: Vec<(Grant, Vec<Mailbox>)>,
) -> Vec<Node> {
    use std::collections::BTreeMap;
    let mut tree: BTreeMap<String, Node> = BTreeMap::new();
    for b in own.into_iter().filter(|b| !shared::is_shared(&b.name)) {
        tree.insert(
            b.name.clone(),
            Node {
                name: b.name.clone(),
                kind: Kind::Mailbox,
                subscribed: false,
                special_use: b.special_use.clone(),
                mailbox: Some(b),
                rights: Some(crate::acl::OWNER),
            },
        );
    }
    if !units.is_empty() {
        let name = shared::PREFIX.to_string();
        tree.insert(name.clone(), Node::level(&name, Kind::Namespace));
    }
    for (grant, boxes) in units {
        let rights = if grant.read_only {
            crate::session::Rights::ReadOnly
        } else {
            crate::session::Rights::ReadWrite
        };
        let name = format!("{}/{}", shared::PREFIX, grant.unit);
        tree.insert(name.clone(), Node::level(&name, Kind::Namespace));
        for b in boxes {
            let name = shared::shared_name(&grant.unit, &b.name);
            tree.insert(
                name.clone(),
                Node {
                    name,
                    kind: Kind::Mailbox,
                    subscribed: true,
                    special_use: None,
                    mailbox: Some(b),
                    rights: Some(rights.acl()),
                },
            );
        }
    }
    // The levels between mailboxes that are not mailboxes themselves.
    let existing: Vec<String> = tree.keys().cloned().collect();
    for name in &existing {
        for parent in parents(name) {
            if !tree.contains_key(parent) {
                tree.insert(parent.to_string(), Node::level(parent, Kind::Gap));
            }
        }
    }
    // Subscriptions, and the levels above those that name nothing (for RECURSIVEMATCH and
    // LSUB's "%", RFC 5258 §3.5 and RFC 3501 §6.3.9).
    for name in subscribed {
        if shared::is_shared(&name) {
            continue;
        }
        for parent in parents(&name) {
            if !tree.contains_key(parent) {
                tree.insert(parent.to_string(), Node::level(parent, Kind::Absent));
            }
        }
        tree.entry(name.clone())
            .or_insert_with(|| Node::level(&name, Kind::Absent))
            .subscribed = true;
    }
    tree.into_values().collect()
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
/// pattern matches `nodes[i]` (see [`matching`]). `lsub` answers LSUB, whose selection
/// (subscribed names) the caller has set.
pub(crate) fn evaluate<'a>(
    nodes: &'a [Node],
    matched: &[bool],
    args: &ListArgs,
    lsub: bool,
) -> Vec<Line<'a>> {
    let select = &args.select;
    let meets = |n: &Node| {
        // Without SUBSCRIBED only what exists is listed: a subscribed name that names
        // nothing is neither a mailbox nor a level above one (RFC 5258 §3, Table 3).
        let chosen = if select.subscribed {
            n.subscribed
        } else {
            n.kind != Kind::Absent
        };
        // RFC 6154 §3: the SPECIAL-USE selection is for the registered special uses; the
        // recall folder's `\X-Recall` is an extension attribute (RFC 9051 §7.3.1), shown
        // in every LIST but not a special use a client would map.
        chosen
            && (!select.special_use
                || n.special_use
                    .as_deref()
                    .is_some_and(|u| !u.starts_with("\\X-")))
    };
    let is_matched = |i: usize| matched.get(i).copied().unwrap_or(false);
    // LSUB's "%" that stops at a name above a subscribed one answers that name (RFC 3501
    // §6.3.9): RECURSIVEMATCH's rule, shown with \Noselect instead of CHILDINFO.
    let recursive = select.recursive || lsub;
    let mut lines = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if !is_matched(i) {
            continue;
        }
        // Descendants follow their parent in name order.
        let prefix = format!("{}/", node.name);
        let first = i + 1 + nodes[i + 1..].partition_point(|n| n.name.as_str() < prefix.as_str());
        let count = nodes[first..]
            .iter()
            .take_while(|n| n.name.starts_with(&prefix))
            .count();
        let descendants = first..first + count;
        let has_children = nodes[descendants.clone()]
            .iter()
            .any(|d| d.kind != Kind::Absent);
        let child_meets = nodes[descendants.clone()].iter().any(meets);
        // RFC 9051 §6.3.9.3 (2), §6.3.9.6: a name that does not meet the criteria itself is
        // answered only for a descendant that does and is not answered itself (LIST
        // (SUBSCRIBED RECURSIVEMATCH) "" "*" does not answer the parent of a subscribed
        // mailbox it lists). Dovecot does the same.
        let child_unlisted = descendants
            .clone()
            .any(|j| meets(&nodes[j]) && !is_matched(j));
        let itself = meets(node);
        if !(itself || recursive && child_unlisted) {
            continue;
        }
        let mut attrs = Vec::new();
        match node.kind {
            Kind::Mailbox if !itself && lsub => attrs.push("\\Noselect"),
            Kind::Mailbox => {}
            // RFC 5258 §3 (and RFC 9051): a name that is no mailbox is \NonExistent; plain
            // LIST and LSUB say \Noselect as RFC 3501 clients expect.
            Kind::Gap | Kind::Absent if args.extended => attrs.push("\\NonExistent"),
            Kind::Gap | Kind::Absent | Kind::Namespace => attrs.push("\\Noselect"),
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
        // Table 3 of RFC 9051 §6.3.9.6: CHILDINFO for a name that meets the criteria too,
        // whenever a descendant does.
        if select.recursive && child_meets {
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
        let myrights = parsed.returns.myrights;
        let (tree, matched, admin) = blocking("cannot read the mailbox list", move || {
            let tree = nodes(
                store.list_mailboxes(account, counts)?,
                store.subscriptions(account)?,
                store.shared_mailboxes(account, counts)?,
            );
            let matched = matching(&tree, &patterns);
            let admin = myrights && crate::acl::is_admin(&store, account)?;
            Ok((tree, matched, admin))
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
        for line in evaluate(&tree, &matched, &parsed, lsub) {
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
            // RFC 8440 §2: MYRIGHTS after the mailbox's LIST line; none for a name that is
            // no mailbox.
            if myrights
                && line.node.kind == Kind::Mailbox
                && let Some(rights) = line.node.rights
            {
                let rights = crate::acl::with_admin(rights, admin);
                out.extend_from_slice(b"* MYRIGHTS ");
                out.extend_from_slice(&name);
                out.extend_from_slice(format!(" {}\r\n", rights.text()).as_bytes());
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

    fn mailbox(name: &str, special_use: Option<&str>) -> Mailbox {
        Mailbox {
            id: 1,
            account: 1,
            name: name.into(),
            special_use: special_use.map(str::to_string),
            uidvalidity: 1,
            uidnext: 1,
            highest_modseq: 1,
            messages: 0,
            unseen: 0,
            size: 0,
            recent: 0,
        }
    }

    fn own(names: &[&str]) -> Vec<Mailbox> {
        names.iter().map(|n| mailbox(n, None)).collect()
    }

    fn subs(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    /// The lines a LIST (or LSUB, `lsub`) with these arguments answers over the tree, as
    /// `name (attrs) [CHILDINFO]`.
    fn answer(tree: &[Node], arguments: &str, lsub: bool) -> Vec<String> {
        let tokens = args_of(arguments);
        let mut a = parse(&tokens, lsub).unwrap();
        if lsub {
            a.select.subscribed = true;
        }
        let patterns: Vec<String> = a
            .patterns
            .iter()
            .map(|p| String::from_utf8(p.to_vec()).unwrap())
            .collect();
        evaluate(tree, &matching(tree, &patterns), &a, lsub)
            .iter()
            .map(|l| {
                let mut line = format!("{} ({})", l.node.name, l.attrs.join(" "));
                if !l.childinfo.is_empty() {
                    line.push_str(&format!(" {:?}", l.childinfo));
                }
                line
            })
            .collect()
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
            mailbox("INBOX", None),
            mailbox("Lưu trữ/2026", None),
            mailbox("Sent", Some("\\Sent")),
            mailbox("Shared", None),
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
            vec![mailbox("INBOX", None), mailbox("Sent", Some("\\Sent"))],
        )];
        let tree = nodes(own, subs(&["INBOX", "Shared"]), units);
        let names: Vec<(&str, Kind, bool)> = tree
            .iter()
            .map(|n| (n.name.as_str(), n.kind, n.subscribed))
            .collect();
        assert_eq!(
            names,
            [
                ("INBOX", Kind::Mailbox, true),
                ("Lưu trữ", Kind::Gap, false),
                ("Lưu trữ/2026", Kind::Mailbox, false),
                ("Sent", Kind::Mailbox, false),
                // One's own "Shared" and its subscription are hidden by the namespace.
                ("Shared", Kind::Namespace, false),
                ("Shared/vanthu@x.gov.vn", Kind::Namespace, false),
                ("Shared/vanthu@x.gov.vn/INBOX", Kind::Mailbox, true),
                ("Shared/vanthu@x.gov.vn/Sent", Kind::Mailbox, true),
            ]
        );
        // A unit's mailboxes: subscribed, no special use.
        assert!(tree[7].subscribed && tree[7].special_use.is_none());
    }

    /// Subscriptions are their own list: names that exist are marked, names that do not are
    /// in the tree as `Absent`, with the levels above them, and never in a plain LIST.
    #[test]
    fn subscribed_names_that_name_nothing_are_absent_nodes() {
        let tree = nodes(
            own(&["INBOX", "Dự án/2026"]),
            subs(&["Dự án", "Cũ", "Xoá/Con/Cháu", "Dự án/2025"]),
            Vec::new(),
        );
        let names: Vec<(&str, Kind, bool)> = tree
            .iter()
            .map(|n| (n.name.as_str(), n.kind, n.subscribed))
            .collect();
        assert_eq!(
            names,
            [
                ("Cũ", Kind::Absent, true),
                ("Dự án", Kind::Gap, true),
                ("Dự án/2025", Kind::Absent, true),
                ("Dự án/2026", Kind::Mailbox, false),
                ("INBOX", Kind::Mailbox, false),
                ("Xoá", Kind::Absent, false),
                ("Xoá/Con", Kind::Absent, false),
                ("Xoá/Con/Cháu", Kind::Absent, true),
            ]
        );
        // A plain LIST and RETURN (SUBSCRIBED) list what exists, nothing more (RFC 9051
        // §6.3.9: return options never add names); "Dự án" has children that exist.
        let plain = [
            "Dự án (\\Noselect \\HasChildren)",
            "Dự án/2026 (\\HasNoChildren)",
            "INBOX (\\HasNoChildren)",
        ];
        assert_eq!(answer(&tree, "\"\" *", false), plain);
        assert_eq!(
            answer(&tree, "\"\" * RETURN (SUBSCRIBED)", false),
            [
                "Dự án (\\NonExistent \\HasChildren \\Subscribed)",
                "Dự án/2026 (\\HasNoChildren)",
                "INBOX (\\HasNoChildren)",
            ]
        );
    }

    /// LIST (SUBSCRIBED): exactly the subscribed names, those that name no mailbox with
    /// \NonExistent (RFC 9051 §6.3.9.1, §6.3.9.3 example `(\Subscribed \NonExistent)`).
    #[test]
    fn list_subscribed_shows_names_without_a_mailbox_as_nonexistent() {
        let tree = nodes(
            own(&["INBOX", "Sent", "p/c"]),
            subs(&["INBOX", "x", "p/c", "g/h"]),
            Vec::new(),
        );
        assert_eq!(
            answer(&tree, "(SUBSCRIBED) \"\" *", false),
            [
                "INBOX (\\HasNoChildren \\Subscribed)",
                "g/h (\\NonExistent \\HasNoChildren \\Subscribed)",
                "p/c (\\HasNoChildren \\Subscribed)",
                "x (\\NonExistent \\HasNoChildren \\Subscribed)",
            ]
        );
        assert_eq!(
            answer(&tree, "(SUBSCRIBED) \"\" %", false),
            [
                "INBOX (\\HasNoChildren \\Subscribed)",
                "x (\\NonExistent \\HasNoChildren \\Subscribed)",
            ]
        );
    }

    #[test]
    fn recursivematch_reports_parents_of_matching_children() {
        let tree = nodes(
            own(&["A", "A/B/C", "D", "D/E"]),
            subs(&["A/B/C", "G/H"]),
            Vec::new(),
        );
        // With "%": the top levels holding subscribed names, with CHILDINFO; "G" is neither
        // a mailbox nor above one, its child only subscribed (Table 3: \NonExistent).
        assert_eq!(
            answer(&tree, "(SUBSCRIBED RECURSIVEMATCH) \"\" %", false),
            [
                "A (\\HasChildren) [\"SUBSCRIBED\"]",
                "G (\\NonExistent \\HasNoChildren) [\"SUBSCRIBED\"]",
            ]
        );
        // Without RECURSIVEMATCH: nothing at the top level is subscribed.
        assert!(answer(&tree, "(SUBSCRIBED) \"\" %", false).is_empty());
        // With "*" the subscribed names are listed themselves, so their parents are not
        // (RFC 9051 §6.3.9.3 (2), §6.3.9.6: no redundant CHILDINFO; Dovecot agrees).
        assert_eq!(
            answer(&tree, "(SUBSCRIBED RECURSIVEMATCH) \"\" *", false),
            [
                "A/B/C (\\HasNoChildren \\Subscribed)",
                "G/H (\\NonExistent \\HasNoChildren \\Subscribed)",
            ]
        );
        // "A/%": the level between, for its unlisted grandchild.
        assert_eq!(
            answer(&tree, "(SUBSCRIBED RECURSIVEMATCH) \"\" A/%", false),
            ["A/B (\\NonExistent \\HasChildren) [\"SUBSCRIBED\"]"]
        );
    }

    /// A name that meets the criteria itself gets CHILDINFO whenever a descendant does
    /// (RFC 9051 §6.3.9.6 Table 3, last row), even one listed too, as Dovecot answers.
    #[test]
    fn recursivematch_gives_childinfo_to_a_subscribed_parent() {
        let tree = nodes(
            own(&["r", "r/k", "r/k/z"]),
            subs(&["r", "r/k/z"]),
            Vec::new(),
        );
        assert_eq!(
            answer(&tree, "(SUBSCRIBED RECURSIVEMATCH) \"\" *", false),
            [
                "r (\\HasChildren \\Subscribed) [\"SUBSCRIBED\"]",
                "r/k/z (\\HasNoChildren \\Subscribed)",
            ]
        );
    }

    /// LSUB (RFC 3501 §6.3.9): "%" stopping at a name above a subscribed one answers it
    /// with \Noselect, mailbox or not; a subscribed name without a mailbox is \Noselect too.
    #[test]
    fn lsub_answers_unsubscribed_parents_with_noselect() {
        let tree = nodes(
            own(&["INBOX", "r", "r/k", "r/k/z", "q/w"]),
            subs(&["INBOX", "r", "r/k/z", "q/w", "gone"]),
            Vec::new(),
        );
        assert_eq!(
            answer(&tree, "\"\" %", true),
            [
                "INBOX (\\HasNoChildren \\Subscribed)",
                "gone (\\Noselect \\HasNoChildren \\Subscribed)",
                "q (\\Noselect \\HasChildren)",
                "r (\\HasChildren \\Subscribed)",
            ]
        );
        assert_eq!(
            answer(&tree, "\"\" r/%", true),
            ["r/k (\\Noselect \\HasChildren)"]
        );
        // "*" reaches the subscribed names themselves: no parent is added.
        assert_eq!(
            answer(&tree, "\"\" *", true),
            [
                "INBOX (\\HasNoChildren \\Subscribed)",
                "gone (\\Noselect \\HasNoChildren \\Subscribed)",
                "q/w (\\HasNoChildren \\Subscribed)",
                "r (\\HasChildren \\Subscribed)",
                "r/k/z (\\HasNoChildren \\Subscribed)",
            ]
        );
    }
}
