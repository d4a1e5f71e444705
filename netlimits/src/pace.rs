//! Deadlines on what a client sends.
//!
//! Every protocol reads with a timeout per read, and a client sending one byte per
//! timeout never hits it: a command trickled at a byte a second held its session (and its
//! slot under the per-IP cap) forever. A `Pace` gives each command, from its first byte, a
//! deadline that grows with the bytes received: `line` plus one second per `min_rate`
//! bytes. A command line (a few hundred bytes) has `line`; a transfer (an APPEND literal,
//! SMTP DATA or a BDAT chunk) may take as long as it needs as long as it averages
//! `min_rate`. Waiting between commands is not a command: the protocol's idle timeout
//! (IMAP's 30 minutes, RFC 9051 §5.4) governs it, and IDLE is not affected.
//!
//! This follows Postfix's `smtpd_per_request_deadline` with `smtpd_min_data_rate`.

use std::pin::Pin;
use std::time::Duration;

use tokio::time::Instant;

/// The deadlines of one service (`[limits]` in govmail.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// A TLS handshake, implicit or after STARTTLS, must finish within this.
    pub handshake: Duration,
    /// A command must arrive whole within this of its first byte (plus its transfer time).
    pub line: Duration,
    /// Bytes per second a transfer must average: each `min_rate` bytes received add a
    /// second to its command's deadline.
    pub min_rate: u32,
}

/// Defaults, with their reasons.
impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            // A handshake is two round trips and a few kilobytes of certificates: well under
            // a second on any link, a few seconds on a bad mobile one. 20 s leaves room for
            // that and for a loaded server, and bounds how long a silent client holds a slot.
            handshake: Duration::from_secs(20),
            // Clients write a command in one go; its bytes arrive within a round trip. 60 s
            // covers the longest line allowed (IMAP's 64 KiB UID sets) at ~1 KiB/s, and
            // stays well under the idle timeouts (SMTP's 5 minutes, RFC 5321 §4.5.3.2.7).
            line: Duration::from_secs(60),
            // 1 KiB/s is below the slowest link a client uses today (GPRS manages 4–10 KB/s)
            // and twice Postfix's smtpd_min_data_rate (500 B/s, set in 2012 for dial-up).
            min_rate: 1024,
        }
    }
}

impl Deadlines {
    /// How long sending `len` bytes to a client may take: the command deadline plus a
    /// second per `min_rate` bytes. A client that stops reading its replies (its window
    /// closed, our send buffer full) is let go then instead of holding its session.
    pub fn to_send(&self, len: usize) -> Duration {
        let transfer = (len as u64).saturating_mul(1000) / u64::from(self.min_rate.max(1));
        self.line.saturating_add(Duration::from_millis(transfer))
    }
}

/// Once the server is shutting down, how long a reply may still take to be sent: a client
/// that reads gets its last replies (a shutdown notice among them), one that stopped reading
/// does not hold the shutdown for [`Deadlines::to_send`] (a minute or more).
pub const SHUTDOWN_WRITE_GRACE: Duration = Duration::from_secs(5);

/// Runs the future `write` makes (a reply being sent) for at most `limit`, and for at most
/// [`SHUTDOWN_WRITE_GRACE`] once the future `shutdown` makes has completed; false when it
/// failed or was cut short.
///
/// Most writes complete at once (the socket has room): they set no timer and allocate
/// nothing. A write that must wait gets its timer and shutdown watch on the heap, so that
/// the future every idle session keeps stays small.
pub async fn send_within<W, S>(
    limit: Duration,
    shutdown: impl FnOnce() -> S,
    write: impl FnOnce() -> W,
) -> bool
where
    W: Future<Output = bool>,
    S: Future<Output = ()>,
{
    let mut write = std::pin::pin!(write());
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(write.as_mut().poll(cx))).await;
    if let std::task::Poll::Ready(sent) = first {
        return sent;
    }
    Box::pin(wait_for_write(limit, shutdown(), write)).await
}

/// The slow path of [`send_within`]: one timer, moved earlier at the shutdown.
async fn wait_for_write<W, S>(limit: Duration, shutdown: S, mut write: Pin<&mut W>) -> bool
where
    W: Future<Output = bool>,
    S: Future<Output = ()>,
{
    let mut shutdown = std::pin::pin!(shutdown);
    let mut timer = std::pin::pin!(tokio::time::sleep(limit));
    let mut shutting_down = false;
    loop {
        tokio::select! {
            sent = write.as_mut() => return sent,
            () = timer.as_mut() => return false,
            () = shutdown.as_mut(), if !shutting_down => {
                shutting_down = true;
                let cut = timer.deadline().min(Instant::now() + SHUTDOWN_WRITE_GRACE);
                timer.as_mut().reset(cut);
            }
        }
    }
}

/// The clock of the command a session is receiving.
#[derive(Debug)]
pub struct Pace {
    line: Duration,
    min_rate: u32,
    /// When the command in progress began; None between commands.
    started: Option<Instant>,
    /// Bytes of it received so far.
    received: u64,
}

impl Pace {
    pub fn new(deadlines: &Deadlines) -> Pace {
        Pace {
            line: deadlines.line,
            min_rate: deadlines.min_rate.max(1),
            started: None,
            received: 0,
        }
    }

    /// A command (or a transfer) has begun: its deadline runs from now unless it already
    /// runs.
    pub fn begin(&mut self) {
        if self.started.is_none() {
            self.started = Some(Instant::now());
            self.received = 0;
        }
    }

    /// The command was received whole: the session waits for the next one.
    pub fn done(&mut self) {
        self.started = None;
        self.received = 0;
    }

    /// Whether a command is being received.
    pub fn busy(&self) -> bool {
        self.started.is_some()
    }

    /// `n` more bytes of the command arrived.
    pub fn received(&mut self, n: usize) {
        if self.started.is_some() {
            self.received = self.received.saturating_add(n as u64);
        }
    }

    /// When the command in progress must be complete.
    pub fn deadline(&self) -> Option<Instant> {
        let started = self.started?;
        let transfer =
            Duration::from_millis(self.received.saturating_mul(1000) / u64::from(self.min_rate));
        Some(started + self.line.saturating_add(transfer))
    }

    /// How long the next read may wait: `timeout` (the protocol's timeout per read or
    /// between commands), or less when a command's deadline comes first.
    pub fn wait(&self, timeout: Duration) -> Duration {
        match self.deadline() {
            Some(deadline) => deadline
                .saturating_duration_since(Instant::now())
                .min(timeout),
            None => timeout,
        }
    }
}

#[cfg(test)]
mod tests {

    /// A write that never completes (a client that stopped reading).
    async fn stuck() -> bool {
        std::future::pending().await
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_that_completes_is_sent_and_a_stuck_one_ends_at_its_limit() {
        let never = || std::future::pending::<()>();
        assert!(send_within(Duration::from_secs(60), never, || async { true }).await);
        assert!(!send_within(Duration::from_secs(60), never, || async { false }).await);
        let start = Instant::now();
        assert!(!send_within(Duration::from_secs(60), never, stuck).await);
        assert_eq!(start.elapsed(), Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn a_shutdown_leaves_a_stuck_write_its_grace_only() {
        let start = Instant::now();
        let shutdown = || tokio::time::sleep(Duration::from_secs(1));
        assert!(!send_within(Duration::from_secs(600), shutdown, stuck).await);
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(1) + SHUTDOWN_WRITE_GRACE
        );
        // A limit nearer than the grace stays.
        let start = Instant::now();
        assert!(!send_within(Duration::from_secs(3), shutdown, stuck).await);
        assert_eq!(start.elapsed(), Duration::from_secs(3));
        // A slow write that finishes within the grace is sent.
        let slow = || async {
            tokio::time::sleep(Duration::from_secs(4)).await;
            true
        };
        assert!(send_within(Duration::from_secs(600), shutdown, slow).await);
    }
    use super::*;

    const IDLE: Duration = Duration::from_secs(1800);

    fn pace() -> Pace {
        Pace::new(&Deadlines {
            line: Duration::from_secs(60),
            min_rate: 1000,
            ..Deadlines::default()
        })
    }

    #[test]
    fn sending_may_take_the_deadline_plus_the_transfer_time() {
        let d = Deadlines::default();
        assert_eq!(d.to_send(0), Duration::from_secs(60));
        assert_eq!(
            d.to_send(10 * 1024 * 1024),
            Duration::from_secs(60 + 10 * 1024)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn between_commands_the_idle_timeout_applies() {
        let mut p = pace();
        assert_eq!(p.wait(IDLE), IDLE);
        p.begin();
        p.received(5);
        p.done();
        tokio::time::advance(Duration::from_secs(3600)).await;
        assert_eq!(p.wait(IDLE), IDLE, "a finished command leaves no clock");
    }

    #[tokio::test(start_paused = true)]
    async fn a_trickled_line_runs_out_of_time() {
        let mut p = pace();
        p.begin();
        let mut seconds = 0;
        // One byte a second, each read waiting at most what is left.
        while p.wait(IDLE) > Duration::ZERO {
            tokio::time::advance(Duration::from_secs(1)).await;
            p.received(1);
            seconds += 1;
        }
        assert_eq!(seconds, 61, "60 s plus a millisecond per byte");
    }

    #[tokio::test(start_paused = true)]
    async fn a_transfer_at_the_minimum_rate_never_runs_out() {
        let mut p = pace();
        p.begin();
        for _ in 0..3600 {
            tokio::time::advance(Duration::from_secs(1)).await;
            p.received(1000);
            assert!(p.wait(IDLE) >= Duration::from_secs(59));
        }
        // Below it, it does: 500 B/s gains half a second each second.
        let mut p = pace();
        p.begin();
        let mut seconds = 0;
        while p.wait(IDLE) > Duration::ZERO {
            tokio::time::advance(Duration::from_secs(1)).await;
            p.received(500);
            seconds += 1;
        }
        assert_eq!(seconds, 120);
    }

    #[tokio::test(start_paused = true)]
    async fn begin_keeps_a_running_clock_and_the_timeout_per_read_still_holds() {
        let mut p = pace();
        p.begin();
        tokio::time::advance(Duration::from_secs(50)).await;
        p.begin();
        assert_eq!(p.wait(IDLE), Duration::from_secs(10));
        assert_eq!(p.wait(Duration::from_secs(5)), Duration::from_secs(5));
        assert!(p.busy());
    }
}
