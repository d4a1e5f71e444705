//! Helpers shared by the fuzz targets in `src/bin/`. Each target is a `fn main` around
//! `afl::fuzz!`; a panic (a failed assertion included) is a crash for AFL, and a run longer
//! than AFL's `-t` limit is a hang. README.md lists what each target asserts.

/// Splits the fuzz input into a small control prefix and the data proper: the first byte
/// picks options (chunk sizes, caps) so that one input fixes one behaviour, reproducibly.
pub fn split_control(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&c, rest)) => (c, rest),
        None => (0, data),
    }
}

/// Cuts `data` into chunks of the sizes `seed` cycles through (1 to 16 bytes, or whole):
/// network reads arrive cut anywhere, and every incremental parser must not care.
pub fn chunks(data: &[u8], seed: u8) -> Vec<&[u8]> {
    if seed == 0 {
        return vec![data];
    }
    let mut out = Vec::new();
    let mut rest = data;
    let mut k = u32::from(seed);
    while !rest.is_empty() {
        k = k.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (((k >> 16) % 16) as usize + 1).min(rest.len());
        let (head, tail) = rest.split_at(n);
        out.push(head);
        rest = tail;
    }
    out
}

/// Panics with `what` unless `produced` is at most `factor * consumed + slack` bytes: no
/// parser may turn a small input into a large output.
pub fn assert_bounded(what: &str, produced: usize, consumed: usize, factor: usize, slack: usize) {
    assert!(
        produced <= consumed.saturating_mul(factor).saturating_add(slack),
        "{what}: {produced} bytes out of {consumed} bytes of input (bound {factor}x + {slack})"
    );
}
