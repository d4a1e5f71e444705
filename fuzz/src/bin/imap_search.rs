//! IMAP command arguments after the tokenizer: SEARCH criteria (imap/src/search.rs), SORT
//! criteria (sort.rs), sequence sets (sequence.rs), dates (date.rs) and modified UTF-7
//! mailbox names (utf7.rs), on the tokens of `A SEARCH <input>`.
//!
//! Asserts: no panic, no unbounded recursion (a stack overflow is a crash), and bounded
//! work: a sequence set has no more ranges than its text has commas plus one.

use imap::wire::{Token, tokenize};
use imap::{date, search, sequence, sort, utf7};

fn atoms<'a>(tokens: &'a [Token], out: &mut Vec<&'a str>) {
    for t in tokens {
        match t {
            Token::Atom(a) => out.push(a),
            Token::List(items) => atoms(items, out),
            _ => {}
        }
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let mut line = b"A SEARCH ".to_vec();
        line.extend_from_slice(data);
        let Ok(cmd) = tokenize(&line) else {
            return;
        };
        let mut args: &[Token] = &cmd.args;
        // SEARCH CHARSET UTF-8 …: the session strips the charset before parsing.
        if let [Token::Atom(a), _, more @ ..] = args
            && a.eq_ignore_ascii_case("CHARSET")
        {
            args = more;
        }
        let _ = search::parse(args);
        if let Some(first) = cmd.args.first() {
            let _ = sort::parse(first);
        }
        let mut words = Vec::new();
        atoms(&cmd.args, &mut words);
        for w in words {
            if let Some(sequence::SequenceSet::Ranges(ranges)) = sequence::parse(w) {
                assert!(ranges.len() <= w.matches(',').count() + 1);
            }
            let _ = date::parse_date(w);
            let _ = date::parse_date_time(w);
            let _ = utf7::decode(w);
        }
        for t in &cmd.args {
            if let Token::Quoted(q) | Token::Literal(q) = t
                && let Ok(s) = std::str::from_utf8(q)
            {
                let _ = date::parse_date_time(s);
                let _ = utf7::decode(s);
            }
        }
    });
}
