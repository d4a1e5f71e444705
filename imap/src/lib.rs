//! IMAP and POP3 service (issue 4). So far: the wire layer (`wire`), framing commands with
//! literals under size caps and tokenizing them; sessions and commands come next.

pub mod response;
pub mod sequence;
pub mod utf7;
pub mod wire;
