//! Official-document recognition, exchange rules, Sieve, usage reports (issues 5 and 6).
