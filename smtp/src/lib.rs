//! SMTP service (issue 3): inbound MX, submission, local delivery, outbound queue.
