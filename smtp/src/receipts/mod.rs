//! Receipts of official documents (issue 22 item 2; Nghị định 30/2020/NĐ-CP Điều 21.2: the
//! receiving văn thư tells the sender, the same day, that the document was received).
//!
//! - [`message`] builds a receipt: one per receiving agency and document, a
//!   `multipart/report` with a `message/disposition-notification` part (RFC 8098) that names
//!   the document's Message-ID and number.
//! - [`incoming`] reads what delivery's one parse says about receipts: an automatic message
//!   (never answered), and a receipt from another govmail (it updates the sender's register
//!   entry; it is still delivered like any message).
//! - [`worker`] is the receipt sender: it decides by the receiving agency's setting
//!   (`[policy] receipts`, `[policy.agencies.X] receipts`: "delivered", "read" or "off") and
//!   sends through the outbox (the sender's INBOX, or the outbound queue with the null
//!   sender). It runs beside delivery, so a delivery's reply never waits for a receipt, and
//!   works from the register's rows, so a restart loses none.
//!
//! RFC 8098 defines MDNs as answers to a request (`Disposition-Notification-To`). Here the
//! request is the decree's: every official document asks its receiving agency for one, to
//! its envelope sender (the address that answers for the message, RFC 5321 §4.4), never to a
//! null sender. A receipt never answers an automatic message or a report (RFC 3834 §2, RFC
//! 8098 §2.1), and carries `Auto-Submitted: auto-replied` itself, so receipts cannot loop.

pub mod incoming;
pub mod message;
pub mod worker;

pub use incoming::{IncomingReceipt, Marks, inspect};
pub use message::{Receipt, receipt_message};
pub use worker::{SenderIs, run, sender_is, takes_receipts};
