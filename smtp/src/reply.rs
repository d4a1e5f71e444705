//! SMTP replies with their enhanced status codes (RFC 5321 §4.2, RFC 3463), named once here
//! instead of string literals scattered in the session.

use std::fmt::Write;

/// One reply: a code, an enhanced status code (None for greetings and EHLO, RFC 2034 §3)
/// and a text, possibly multi-line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub status: Option<&'static str>,
    pub lines: Vec<String>,
}

impl Reply {
    pub fn new(code: u16, status: &'static str, text: impl Into<String>) -> Reply {
        Reply {
            code,
            status: Some(status),
            lines: vec![text.into()],
        }
    }

    pub fn plain(code: u16, text: impl Into<String>) -> Reply {
        Reply {
            code,
            status: None,
            lines: vec![text.into()],
        }
    }

    pub fn multi(code: u16, lines: Vec<String>) -> Reply {
        Reply {
            code,
            status: None,
            lines,
        }
    }

    pub fn is_positive(&self) -> bool {
        self.code < 400
    }

    /// Appends the wire form: `250-first`, …, `250 last` (RFC 5321 §4.2.1).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let mut text = String::new();
        let last = self.lines.len().saturating_sub(1);
        for (i, line) in self.lines.iter().enumerate() {
            let sep = if i == last { ' ' } else { '-' };
            let _ = write!(text, "{}{sep}", self.code);
            if let Some(status) = self.status {
                let _ = write!(text, "{status} ");
            }
            // Never let a CR or LF inside a text break the framing.
            for ch in line.chars() {
                text.push(if ch == '\r' || ch == '\n' { ' ' } else { ch });
            }
            text.push_str("\r\n");
        }
        out.extend_from_slice(text.as_bytes());
    }
}

// Enhanced status codes (RFC 3463 §3) used by the session.
pub const SE_OK: &str = "2.0.0";
pub const SE_SENDER_OK: &str = "2.1.0";
pub const SE_RCPT_OK: &str = "2.1.5";
pub const SE_BAD_DEST_MAILBOX: &str = "5.1.1";
pub const SE_BAD_SENDER_SYNTAX: &str = "5.1.7";
pub const SE_BAD_DEST_SYNTAX: &str = "5.1.3";
pub const SE_MAILBOX_DISABLED: &str = "5.2.1";
pub const SE_MAILBOX_FULL: &str = "5.2.2";
pub const SE_MAILBOX_FULL_TEMP: &str = "4.2.2";
pub const SE_MESSAGE_TOO_BIG: &str = "5.3.4";
pub const SE_SYSTEM_TEMP: &str = "4.3.0";
pub const SE_LOOP: &str = "5.4.6";
pub const SE_SYNTAX: &str = "5.5.2";
pub const SE_BAD_SEQUENCE: &str = "5.5.1";
pub const SE_BAD_PARAM: &str = "5.5.4";
pub const SE_TOO_MANY_RCPTS: &str = "4.5.3";
pub const SE_RELAY_DENIED: &str = "5.7.1";
pub const SE_NOT_SUPPORTED: &str = "5.5.1";
pub const SE_LINE_TOO_LONG: &str = "5.5.6";
pub const SE_CLOSING: &str = "2.0.0";
pub const SE_TOO_MANY_ERRORS: &str = "4.7.0";
/// RFC 3463 §3.4: mail system full (our disk is nearly full; the sender retries).
pub const SE_SYSTEM_FULL: &str = "4.3.1";
/// RFC 3463 §3.5: system shutting down.
pub const SE_SHUTDOWN: &str = "4.3.2";

// Authentication (RFC 4954 §6) and submission policy.
pub const SE_AUTH_OK: &str = "2.7.0";
pub const SE_AUTH_REQUIRED: &str = "5.7.0";
pub const SE_AUTH_INVALID: &str = "5.7.8";
pub const SE_AUTH_TEMP: &str = "4.7.0";
pub const SE_ENCRYPTION_REQUIRED: &str = "5.7.11";
pub const SE_SENDER_NOT_OWNED: &str = "5.7.1";
pub const SE_BAD_CONTENT: &str = "5.6.0";
/// RFC 7372 §3.2: DMARC validation failed.
pub const SE_DMARC: &str = "5.7.1";
/// Refused by the recipient's Sieve script (RFC 5429 §2.1, RFC 3463 §3.8 "delivery not
/// authorized, message refused").
pub const SE_SIEVE_REJECT: &str = "5.7.1";

/// The reply while the disk is below its reserve (RFC 5321 §4.2.2 452: insufficient system
/// storage), at MAIL FROM and again before a message is stored.
pub fn low_disk() -> Reply {
    Reply::new(
        452,
        SE_SYSTEM_FULL,
        "the server's disk is nearly full; try again later",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_and_enhanced_codes() {
        let mut out = Vec::new();
        Reply::multi(250, vec!["mail.x".into(), "PIPELINING".into()]).write_to(&mut out);
        Reply::new(550, SE_BAD_DEST_MAILBOX, "no such\r\nuser").write_to(&mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "250-mail.x\r\n250 PIPELINING\r\n550 5.1.1 no such  user\r\n"
        );
    }
}
