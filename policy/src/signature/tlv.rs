//! A minimal DER reader (X.690 §8.1, §10.1): one tag-length-value at a time, definite lengths
//! only, single-byte tags only (CMS and X.509 use no high tag numbers). Used to find the raw
//! bytes the typed `cms`/`x509-cert` decoders do not keep: the end of the CMS inside the
//! zero-padded `/Contents`, the signed attributes exactly as signed, each certificate's
//! `tbsCertificate` as signed. Every read consumes at least the two header bytes.

/// One element: its tag byte, its content, and its whole encoding (header included).
#[derive(Debug, Clone, Copy)]
pub(super) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub raw: &'a [u8],
}

pub(super) const SEQUENCE: u8 = 0x30;
pub(super) const SET: u8 = 0x31;
pub(super) const OID: u8 = 0x06;
pub(super) const OCTET_STRING: u8 = 0x04;
pub(super) const INTEGER: u8 = 0x02;

/// The element at the start of `input` and what follows it; None when the header is not DER
/// (indefinite length, a high tag number, more than 4 length bytes) or runs past the input.
pub(super) fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let &tag = input.first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let &first = input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        // 0x80 is BER's indefinite length; DER never uses it (X.690 §10.1).
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = input.get(2..2 + n)?;
        let len = bytes.iter().fold(0usize, |l, &b| (l << 8) | usize::from(b));
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    let raw = input.get(..end)?;
    Some((
        Tlv {
            tag,
            content: &raw[header..],
            raw,
        },
        &input[end..],
    ))
}

/// The element at the start of `input` if it has tag `tag`.
pub(super) fn expect(input: &[u8], tag: u8) -> Option<(Tlv<'_>, &[u8])> {
    read(input).filter(|(t, _)| t.tag == tag)
}

/// The elements of a constructed value, in order (stops at the first that does not read).
pub(super) fn items(mut content: &[u8]) -> impl Iterator<Item = Tlv<'_>> {
    std::iter::from_fn(move || {
        let (t, rest) = read(content)?;
        content = rest;
        Some(t)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn short_and_long_lengths() {
        let (t, rest) = read(&[0x04, 0x02, 0xaa, 0xbb, 0xcc]).unwrap();
        assert_eq!(
            (t.tag, t.content, rest),
            (0x04, &[0xaa, 0xbb][..], &[0xcc][..])
        );
        let mut long = vec![0x30, 0x81, 0x80];
        long.extend([0u8; 0x80]);
        long.extend([0, 0, 0]); // the zero padding after a CMS in /Contents
        let (t, rest) = read(&long).unwrap();
        assert_eq!((t.content.len(), t.raw.len(), rest.len()), (0x80, 0x83, 3));
    }

    #[test]
    fn not_der_or_truncated_is_none() {
        assert!(read(&[0x30, 0x80, 0, 0]).is_none()); // indefinite length
        assert!(read(&[0x1f, 0x01, 0x00]).is_none()); // high tag number
        assert!(read(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_none());
        assert!(read(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
        assert!(read(&[0x30, 0x05, 0]).is_none());
        assert!(read(&[0x30]).is_none());
        assert!(read(&[]).is_none());
    }
}
