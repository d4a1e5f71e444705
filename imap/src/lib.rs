//! IMAP and POP3 service (issue 4).
