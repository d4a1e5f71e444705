//! Refused pages written to the audit log at a bounded rate. Every refusal of a logged-in
//! user (`admin.denied`, `report.denied`) is worth one line, but a script that reloads a
//! forbidden page would otherwise add a line per request: each account gets at most
//! [`LINES_PER_WINDOW`] lines per [`WINDOW`], and the first line of the next window says how
//! many refusals went unwritten, so the log still shows that they happened.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(600);
pub const LINES_PER_WINDOW: u32 = 30;
/// Accounts tracked at most; past this, windows that have ended are dropped first.
const TRACKED: usize = 10_000;

#[derive(Default)]
pub struct DenialLog {
    windows: Mutex<HashMap<String, Window>>,
}

struct Window {
    start: Instant,
    written: u32,
    unwritten: u32,
}

/// Whether to write this refusal's line, and how many earlier ones were not written.
#[derive(Debug, PartialEq, Eq)]
pub enum Admit {
    Write { unwritten_before: u32 },
    Skip,
}

impl DenialLog {
    pub fn admit(&self, account: &str, now: Instant) -> Admit {
        let mut windows = match self.windows.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        if windows.len() >= TRACKED && !windows.contains_key(account) {
            windows.retain(|_, w| now.duration_since(w.start) < WINDOW);
            if windows.len() >= TRACKED {
                // Ten thousand accounts refused within ten minutes: keep writing, untracked.
                return Admit::Write {
                    unwritten_before: 0,
                };
            }
        }
        let w = windows.entry(account.to_string()).or_insert(Window {
            start: now,
            written: 0,
            unwritten: 0,
        });
        let mut carried = 0;
        if now.duration_since(w.start) >= WINDOW {
            carried = w.unwritten;
            *w = Window {
                start: now,
                written: 0,
                unwritten: 0,
            };
        }
        if w.written < LINES_PER_WINDOW {
            w.written += 1;
            Admit::Write {
                unwritten_before: carried,
            }
        } else {
            w.unwritten += 1;
            Admit::Skip
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_its_lines_a_window_and_the_next_window_counts_the_rest() {
        let log = DenialLog::default();
        let t0 = Instant::now();
        for i in 0..LINES_PER_WINDOW {
            let at = t0 + Duration::from_secs(u64::from(i));
            assert_eq!(
                log.admit("a@x.gov.vn", at),
                Admit::Write {
                    unwritten_before: 0
                }
            );
        }
        for _ in 0..5 {
            assert_eq!(
                log.admit("a@x.gov.vn", t0 + Duration::from_secs(60)),
                Admit::Skip
            );
        }
        // Another account is counted on its own.
        assert_eq!(
            log.admit("b@x.gov.vn", t0 + Duration::from_secs(60)),
            Admit::Write {
                unwritten_before: 0
            }
        );
        assert_eq!(
            log.admit("a@x.gov.vn", t0 + WINDOW),
            Admit::Write {
                unwritten_before: 5
            }
        );
        assert_eq!(
            log.admit("a@x.gov.vn", t0 + WINDOW + Duration::from_secs(1)),
            Admit::Write {
                unwritten_before: 0
            }
        );
    }

    #[test]
    fn the_table_stays_bounded() {
        let log = DenialLog::default();
        let t0 = Instant::now();
        for i in 0..TRACKED {
            log.admit(&format!("u{i}@x.gov.vn"), t0);
        }
        // Full of live windows: a new account is still written, not tracked.
        assert!(matches!(
            log.admit("new@x.gov.vn", t0 + Duration::from_secs(1)),
            Admit::Write { .. }
        ));
        assert_eq!(log.windows.lock().unwrap().len(), TRACKED);
        // Once those windows end they make room.
        log.admit("new@x.gov.vn", t0 + WINDOW);
        assert_eq!(log.windows.lock().unwrap().len(), 1);
    }
}
