//! What an accept loop does when `accept` fails or a client is turned away.
//!
//! When the process runs out of file descriptors, `accept` fails at once, every time, for as
//! long as the shortage lasts: a loop that retries at once spins a core and writes a log line
//! per try (1.4 million lines in 10 s, issue 17). So it pauses, 100 ms after the first
//! failure and twice as long after each next one up to a second, and logs once per interval
//! with the number of failures it held back.

use std::time::Duration;

use tokio::time::Instant;

/// The pause after the first failed accept; doubled after each next one.
pub const FIRST_PAUSE: Duration = Duration::from_millis(100);
/// The longest pause: a second without accepting, then a try.
pub const MAX_PAUSE: Duration = Duration::from_secs(1);
/// At most one log line per this interval about failed accepts or refused clients.
pub const LOG_EVERY: Duration = Duration::from_secs(10);

/// Lets one event of a kind through per interval and counts the ones held back.
#[derive(Debug)]
pub struct Throttle {
    every: Duration,
    last: Option<Instant>,
    held: u64,
}

impl Throttle {
    pub fn new(every: Duration) -> Throttle {
        Throttle {
            every,
            last: None,
            held: 0,
        }
    }

    /// Some(n) when this event should be logged, n being how many were held back since the
    /// last one logged; None when it is to be held back.
    pub fn ready(&mut self) -> Option<u64> {
        let now = Instant::now();
        match self.last {
            Some(last) if now.duration_since(last) < self.every => {
                self.held += 1;
                None
            }
            _ => {
                self.last = Some(now);
                Some(std::mem::take(&mut self.held))
            }
        }
    }
}

/// The failures of one accept loop.
#[derive(Debug)]
pub struct AcceptErrors {
    pause: Duration,
    log: Throttle,
}

impl Default for AcceptErrors {
    fn default() -> Self {
        AcceptErrors {
            pause: FIRST_PAUSE,
            log: Throttle::new(LOG_EVERY),
        }
    }
}

impl AcceptErrors {
    /// A connection was accepted: the next failure pauses briefly again.
    pub fn accepted(&mut self) {
        self.pause = FIRST_PAUSE;
    }

    /// Accepting failed: logs it (at most once per `LOG_EVERY`) and returns how long the
    /// loop must wait before it accepts again. A failure that concerns one connection only
    /// (reset or aborted by the client before it was accepted) needs no pause.
    pub fn failed(&mut self, service: &str, error: &std::io::Error) -> Duration {
        use std::io::ErrorKind;
        let pause = match error.kind() {
            ErrorKind::ConnectionAborted
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionRefused
            | ErrorKind::Interrupted => Duration::ZERO,
            _ => {
                let pause = self.pause;
                self.pause = (self.pause * 2).min(MAX_PAUSE);
                pause
            }
        };
        if let Some(held) = self.log.ready() {
            tracing::warn!(
                service,
                %error,
                pause_ms = pause.as_millis() as u64,
                failures_not_logged = held,
                "accepting a connection failed"
            );
        }
        pause
    }
}

/// Turns a client away with `line` (the protocol's "too many connections" reply) and
/// closes. The line is sent only if the socket takes it at once, which a fresh connection's
/// empty send buffer does: the accept loop never waits on a client.
pub fn refuse(stream: tokio::net::TcpStream, line: &[u8]) {
    let _ = stream.try_write(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn failures_back_off_and_are_logged_once_per_interval() {
        let mut errors = AcceptErrors::default();
        let emfile = std::io::Error::from_raw_os_error(24);
        let pauses: Vec<u64> = (0..6)
            .map(|_| errors.failed("imap", &emfile).as_millis() as u64)
            .collect();
        assert_eq!(pauses, [100, 200, 400, 800, 1000, 1000]);
        let aborted = std::io::Error::from(std::io::ErrorKind::ConnectionAborted);
        assert_eq!(errors.failed("imap", &aborted), Duration::ZERO);
        errors.accepted();
        assert_eq!(errors.failed("imap", &emfile), FIRST_PAUSE);
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttle_counts_what_it_holds_back() {
        let mut log = Throttle::new(LOG_EVERY);
        assert_eq!(log.ready(), Some(0));
        let mut logged = Vec::new();
        // A failure every 100 ms for 25 s: three lines, not 250.
        for _ in 0..250 {
            tokio::time::advance(Duration::from_millis(100)).await;
            if let Some(held) = log.ready() {
                logged.push(held);
            }
        }
        assert_eq!(logged, [99, 99]);
    }
}
