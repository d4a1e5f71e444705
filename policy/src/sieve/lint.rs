//! What a script names, read from its text without running it: the mailboxes its `fileinto`
//! commands file into and the addresses its `vacation :from` replies would come from, so
//! that ManageSieve can warn when a script saves without error but cannot do what its
//! author meant (RFC 5804 §1.3 `WARNINGS`).
//!
//! A small lexer of RFC 5228 §8.1: comments, quoted strings, `text:` multi-line strings,
//! tags, identifiers and punctuation. Names built from variables (`"${folder}"`) are
//! reported as written. Each step of the lexer consumes at least one byte.

use super::Folder;

/// The names a script uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Named {
    /// Every `fileinto`, in order.
    pub fileinto: Vec<FileInto>,
    /// Every string given to a `:from` tag (vacation, and enotify's notify).
    pub from: Vec<String>,
    /// The largest vacation period written, in seconds (`:days` or `:seconds`), saturating.
    pub longest_period: u64,
}

/// One `fileinto` command as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInto {
    /// Its mailbox (the last string argument), as written.
    pub mailbox: String,
    /// Whether it has `:create` (RFC 5490 §3.2): a missing mailbox is then made.
    pub create: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Tag(String),
    Str(String),
    /// A number with its quantifier applied (RFC 5228 §2.4.1), saturating.
    Num(u64),
    Punct(u8),
}

/// Reads the names a script uses; a script the lexer cannot read gives what it read so far
/// (the compiler, not this, says whether a script is valid).
pub fn named(script: &str) -> Named {
    let toks = lex(script.as_bytes());
    let mut named = Named::default();
    let mut command: Option<&str> = None;
    let mut last_string: Option<&str> = None;
    let mut after_from = false;
    // Seconds a unit of the number after a `:days` or `:seconds` tag.
    let mut period_unit: Option<u64> = None;
    let mut in_list = false;
    let mut create = false;
    for tok in &toks {
        match tok {
            Tok::Ident(word) if command.is_none() => command = Some(word.as_str()),
            Tok::Tag(tag) => {
                create |= tag.eq_ignore_ascii_case("create");
                after_from = tag.eq_ignore_ascii_case("from");
                period_unit = if tag.eq_ignore_ascii_case("days") {
                    Some(86_400)
                } else if tag.eq_ignore_ascii_case("seconds") {
                    Some(1)
                } else {
                    None
                };
            }
            Tok::Num(n) => {
                if let Some(unit) = period_unit.take() {
                    named.longest_period = named.longest_period.max(n.saturating_mul(unit));
                }
            }
            Tok::Str(s) => {
                if after_from {
                    named.from.push(s.clone());
                }
                last_string = Some(s.as_str());
            }
            Tok::Punct(b'[') => in_list = true,
            Tok::Punct(b']') => in_list = false,
            Tok::Punct(b';' | b'{' | b'}') => {
                if command.is_some_and(|c| c.eq_ignore_ascii_case("fileinto"))
                    && let Some(mailbox) = last_string
                {
                    named.fileinto.push(FileInto {
                        mailbox: mailbox.to_string(),
                        create,
                    });
                }
                (command, last_string, create) = (None, None, false);
            }
            _ => {}
        }
        // A tag's argument is the one token after it (or the list it opens).
        if !matches!(tok, Tok::Tag(_)) && !in_list && !matches!(tok, Tok::Punct(b'[')) {
            after_from = false;
        }
    }
    named
}

/// What the server knows about a script's owner, for [`warnings`].
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    /// The account's address.
    pub address: &'a str,
    /// Its aliases: a vacation `:from` may be one of them.
    pub aliases: &'a [String],
    /// The names of its mailboxes, as storage holds them (UTF-8, '/' between levels).
    pub mailboxes: &'a [String],
}

/// What a valid script names that delivery will not honour, one text per problem, for
/// ManageSieve's `OK (WARNINGS)` (RFC 5804 §1.3) and `govmail sieve put`: a `fileinto`
/// into a folder the account does not have (as written, or read as modified UTF-7, see
/// [`super::folder`]) and without `:create`, or into the units' shared namespace (the
/// message stays in INBOX); a vacation `:from` that is not one of the account's addresses
/// (the reply comes from the account instead). Vietnamese first, as users and their
/// administrators read it, then English.
pub fn warnings(script: &str, owner: &Owner<'_>) -> Vec<String> {
    let named = named(script);
    let mut out = Vec::new();
    let mut exists = |name: &str| owner.mailboxes.iter().any(|m| m == name);
    for f in &named.fileinto {
        // A name built from variables is known only when the script runs.
        if f.mailbox.contains("${") {
            continue;
        }
        let written = &f.mailbox;
        let folder = super::folder(written, &mut exists);
        if let Folder::Existing(name) | Folder::Missing { name, .. } = &folder
            && storage::in_shared_namespace(name)
        {
            out.push(format!(
                "fileinto \"{written}\": không thể lọc thư vào thư mục dùng chung, thư sẽ nằm \
                 ở Hộp thư đến (INBOX) / shared mailboxes cannot be filed into, such messages \
                 stay in INBOX"
            ));
            continue;
        }
        match folder {
            Folder::Existing(_) => {}
            Folder::Missing { .. } if f.create => {}
            Folder::Missing {
                decoded: Some(name),
                ..
            } => out.push(format!(
                "thư mục \"{name}\" (viết trong bộ lọc là \"{written}\") không tồn tại, \
                 thư lọc vào đó sẽ nằm ở Hộp thư đến (INBOX) / no folder \"{name}\" \
                 (written \"{written}\"): such messages stay in INBOX"
            )),
            Folder::Missing { name, .. } => out.push(format!(
                "thư mục \"{name}\" không tồn tại, thư lọc vào đó sẽ nằm ở Hộp thư đến \
                 (INBOX) / no folder \"{name}\": such messages stay in INBOX"
            )),
            Folder::Invalid(why) => out.push(format!(
                "fileinto \"{written}\": tên thư mục không hợp lệ, thư sẽ nằm ở Hộp thư đến \
                 (INBOX) / {why}: such messages stay in INBOX"
            )),
        }
    }
    for from in &named.from {
        let from = from.trim();
        let own = from.eq_ignore_ascii_case(owner.address)
            || owner.aliases.iter().any(|a| a.eq_ignore_ascii_case(from));
        if !own {
            out.push(format!(
                "vacation :from \"{from}\" không phải địa chỉ của bạn, thư trả lời sẽ gửi từ \
                 {address} / is not one of your addresses, replies will come from {address}",
                address = owner.address
            ));
        }
    }
    out
}

fn lex(s: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let (tok, next) = step(s, i);
        debug_assert!(next > i);
        i = next.max(i + 1);
        out.extend(tok);
    }
    out
}

/// The token at `s[i]` (none for white space and comments) and the index after it, which
/// is always greater than `i`.
fn step(s: &[u8], i: usize) -> (Option<Tok>, usize) {
    let rest = &s[i..];
    let text = |from: usize, to: usize| String::from_utf8_lossy(&s[from..to]).into_owned();
    match rest[0] {
        b'#' => {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(s.len(), |p| i + p + 1);
            (None, end)
        }
        b'/' if rest.get(1) == Some(&b'*') => {
            let end = rest[2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(s.len(), |p| i + 2 + p + 2);
            (None, end)
        }
        b'"' => {
            let mut value = Vec::new();
            let mut j = i + 1;
            while j < s.len() && s[j] != b'"' {
                // RFC 5228 §2.4.2: a backslash quotes the next character.
                if s[j] == b'\\' && j + 1 < s.len() {
                    j += 1;
                }
                value.push(s[j]);
                j += 1;
            }
            let value = String::from_utf8_lossy(&value).into_owned();
            (Some(Tok::Str(value)), (j + 1).min(s.len()).max(i + 1))
        }
        b':' => {
            let end = word_end(s, i + 1);
            (Some(Tok::Tag(text(i + 1, end))), end.max(i + 1))
        }
        b if b.is_ascii_alphabetic() || b == b'_' => {
            let end = word_end(s, i);
            let word = text(i, end);
            // RFC 5228 §2.4.2: `text:` then lines up to a line holding a single dot.
            if word.eq_ignore_ascii_case("text") && s.get(end) == Some(&b':') {
                return multiline(s, end + 1);
            }
            (Some(Tok::Ident(word)), end)
        }
        b if b.is_ascii_digit() => {
            let digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let mut end = i + digits;
            let value = s[i..end].iter().fold(0u64, |n, &d| {
                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            });
            let scale = match s.get(end).map(u8::to_ascii_uppercase) {
                Some(b'K') => 1 << 10,
                Some(b'M') => 1 << 20,
                Some(b'G') => 1 << 30,
                _ => 1,
            };
            if scale > 1 {
                end += 1;
            }
            (Some(Tok::Num(value.saturating_mul(scale))), end)
        }
        b if b.is_ascii_whitespace() => (None, i + 1),
        b => (Some(Tok::Punct(b)), i + 1),
    }
}

fn word_end(s: &[u8], from: usize) -> usize {
    from + s[from..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
        .count()
}

/// A `text:` string starting after the colon: the rest of that line is ignored, then lines
/// up to ".\r\n", with a leading dot doubled (dot-stuffing) read as one.
fn multiline(s: &[u8], from: usize) -> (Option<Tok>, usize) {
    let mut j = s[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(s.len(), |p| from + p + 1);
    let mut value = String::new();
    while j < s.len() {
        let end = s[j..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(s.len(), |p| j + p + 1);
        let line = String::from_utf8_lossy(&s[j..end]);
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed == "." {
            return (Some(Tok::Str(value)), end);
        }
        value.push_str(line.strip_prefix('.').unwrap_or(&line));
        j = end;
    }
    (Some(Tok::Str(value)), s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fileinto_targets_and_vacation_senders() {
        let script = "require [\"fileinto\", \"vacation\", \"imap4flags\", \"mailbox\"];\r\n\
            # a comment with fileinto \"Không\";\r\n\
            /* fileinto \"Cũng không\"; */\r\n\
            if header :contains \"subject\" \"giấy mời\" {\r\n\
              fileinto :create :flags [\"\\\\Seen\", \"$Official\"] \"Giấy mời/2026\";\r\n\
            } elsif address :is \"from\" \"a@b.vn\" { fileinto \"L&AbA-u tr&Hu8-\"; }\r\n\
            vacation :days 3 :from \"giamdoc@sec.gov.vn\" :subject \"Vắng\" text:\r\n\
            Tôi đi công tác.\r\n\
            ..\r\n\
            .\r\n\
            ;\r\n";
        let named = named(script);
        let fileinto: Vec<(&str, bool)> = named
            .fileinto
            .iter()
            .map(|f| (f.mailbox.as_str(), f.create))
            .collect();
        assert_eq!(
            fileinto,
            [("Giấy mời/2026", true), ("L&AbA-u tr&Hu8-", false)]
        );
        assert_eq!(named.from, ["giamdoc@sec.gov.vn"]);
        assert_eq!(named.longest_period, 3 * 86_400);
        let long =
            super::named("vacation :days 3333333333333333333 \"x\"; vacation :seconds 2K \"y\";");
        assert_eq!(long.longest_period, u64::MAX);
        assert_eq!(
            super::named("vacation :seconds 2K \"y\";").longest_period,
            2048
        );
    }

    /// Roundcube's filter editor writes folder names in modified UTF-7 (Debian leaves
    /// `managesieve_mbox_encoding` at `UTF7-IMAP`): such a name that decodes to an existing
    /// folder is no problem; one that does not is reported by its decoded name.
    #[test]
    fn missing_folders_are_reported_by_their_decoded_names() {
        let mailboxes: Vec<String> = ["INBOX", "Lưu trữ 2026", "Báo cáo/Quý 1"]
            .map(String::from)
            .into();
        let owner = Owner {
            address: "annv@x.gov.vn",
            aliases: &["vanphong@x.gov.vn".to_string()],
            mailboxes: &mailboxes,
        };
        let fine = "require [\"fileinto\", \"mailbox\", \"vacation\", \"variables\"];\n\
            # rule:[Lưu trữ]\n\
            if header :contains \"subject\" \"Báo cáo\" {\n\tfileinto \"L&AbA-u tr&Hu8- 2026\";\n}\n\
            fileinto \"Lưu trữ 2026\"; fileinto \"inbox\"; fileinto \"B&AOE-o c&AOE-o/Qu&AP0- 1\";\n\
            fileinto :create \"Mới\"; fileinto \"${x}\";\n\
            vacation :from \"VanPhong@x.gov.vn\" \"Vắng\";\n";
        assert_eq!(warnings(fine, &owner), Vec::<String>::new());
        let wrong = "require [\"fileinto\", \"vacation\"];\n\
            fileinto \"L&AbA-u tr&Hu8- 2025\";\nfileinto \"Công văn\";\n\
            fileinto \"Shared/vanthu/INBOX\";\nfileinto \"a/../b\";\n\
            vacation :from \"giamdoc@x.gov.vn\" \"Vắng\";\n";
        let w = warnings(wrong, &owner);
        assert_eq!(w.len(), 5, "{w:#?}");
        assert!(
            w[0].starts_with(
                "thư mục \"Lưu trữ 2025\" (viết trong bộ lọc là \"L&AbA-u tr&Hu8- 2025\") \
                 không tồn tại"
            ),
            "{}",
            w[0]
        );
        assert!(
            w[1].starts_with("thư mục \"Công văn\" không tồn tại"),
            "{}",
            w[1]
        );
        assert!(w[2].contains("thư mục dùng chung"), "{}", w[2]);
        assert!(w[3].contains("không hợp lệ"), "{}", w[3]);
        assert!(
            w[4].contains("giamdoc@x.gov.vn") && w[4].contains("annv@x.gov.vn"),
            "{}",
            w[4]
        );
    }

    #[test]
    fn any_bytes_are_read_to_the_end() {
        for s in [
            &b"\""[..],
            b"text:",
            b"/*",
            b":",
            b"fileinto \"\\",
            b"\xff\xfe:from [",
            b"text:\r\nabc",
        ] {
            let mut i = 0;
            while i < s.len() {
                let (_, next) = step(s, i);
                assert!(next > i, "{s:?} at {i}");
                i = next;
            }
            let _ = named(&String::from_utf8_lossy(s));
        }
    }
}
