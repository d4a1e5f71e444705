//! One named entry of a zip file (APPNOTE.TXT 6.3.10), inflated into a capped buffer.
//!
//! Only what an office file needs: the end-of-central-directory record (and its ZIP64 form),
//! a walk over at most [`MAX_ZIP_ENTRIES`] directory entries to find the name, the local
//! header, and the entry's data stored or deflated. The `zip` crate reads and indexes every
//! directory entry before one can be opened (a 32 MB attachment holds 700,000 of them), so it
//! cannot bound the entries looked at; inflation is flate2's.

use super::{Budget, Res, Stop};

/// Directory entries looked at before giving up: a DOCX has 10–40 (an ODT a few more, with
/// its pictures); `word/document.xml` and `content.xml` are among the first.
pub(crate) const MAX_ZIP_ENTRIES: usize = 1000;

/// Bytes of an entry inflated: the start of `document.xml` holds the first pages (Word's XML
/// is about ten times its text).
pub(crate) const MAX_ENTRY_BYTES: usize = 2 * 1024 * 1024;

/// The end-of-central-directory record is at most this far from the end (22 bytes + a comment
/// of at most 65,535).
const EOCD_SEARCH: usize = 22 + 65_535;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

/// Where the central directory starts and how many entries it declares.
fn directory(zip: &[u8], budget: &mut Budget) -> Res<(usize, u64)> {
    let from = zip.len().saturating_sub(EOCD_SEARCH);
    let tail = &zip[from..];
    budget.bytes(tail.len())?;
    // The last signature wins: a comment may hold the bytes too, but rarely after the record.
    let at = tail
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .map(|i| from + i)
        .ok_or(Stop::Malformed)?;
    let entries = u16_at(zip, at + 10).ok_or(Stop::Malformed)?;
    let offset = u32_at(zip, at + 16).ok_or(Stop::Malformed)?;
    if entries != 0xFFFF && offset != 0xFFFF_FFFF {
        return Ok((offset as usize, u64::from(entries)));
    }
    // ZIP64 (APPNOTE 4.3.14–15): a locator just before the record points to the ZIP64 record.
    let locator = at.checked_sub(20).ok_or(Stop::Malformed)?;
    if zip.get(locator..locator + 4) != Some(b"PK\x06\x07") {
        return Err(Stop::Malformed);
    }
    let record = u64_at(zip, locator + 8).ok_or(Stop::Malformed)?;
    let record = usize::try_from(record).map_err(|_| Stop::Malformed)?;
    if zip.get(record..record.saturating_add(4)) != Some(b"PK\x06\x06") {
        return Err(Stop::Malformed);
    }
    let entries = u64_at(zip, record + 32).ok_or(Stop::Malformed)?;
    let offset = u64_at(zip, record + 48).ok_or(Stop::Malformed)?;
    Ok((
        usize::try_from(offset).map_err(|_| Stop::Malformed)?,
        entries,
    ))
}

/// Sizes and offset of an entry, with the ZIP64 extra field (APPNOTE 4.5.3) read where the
/// 32-bit fields say 0xFFFFFFFF.
struct Entry {
    method: u16,
    flags: u16,
    compressed: u64,
    size: u64,
    local: u64,
}

fn zip64_extra(extra: &[u8], entry: &mut Entry) {
    let mut at = 0;
    // Each field is a 4-byte header and its data: `at` grows by at least 4 per turn.
    while let (Some(id), Some(len)) = (u16_at(extra, at), u16_at(extra, at + 2)) {
        let data = at + 4;
        if id == 0x0001 {
            let mut field = data;
            let mut next = || {
                let v = u64_at(extra, field);
                field += 8;
                v
            };
            if entry.size == 0xFFFF_FFFF {
                entry.size = next().unwrap_or(u64::MAX);
            }
            if entry.compressed == 0xFFFF_FFFF {
                entry.compressed = next().unwrap_or(u64::MAX);
            }
            if entry.local == 0xFFFF_FFFF {
                entry.local = next().unwrap_or(u64::MAX);
            }
            return;
        }
        at = data + usize::from(len);
    }
}

/// The data of the entry called `name`, inflated, at most [`MAX_ENTRY_BYTES`] (a longer entry
/// is cut there). None when the file is not a zip, has no such entry among the first
/// [`MAX_ZIP_ENTRIES`], or the entry is encrypted or compressed otherwise than by deflate.
pub(crate) fn entry(zip: &[u8], name: &str, budget: &mut Budget) -> Option<Vec<u8>> {
    let (mut at, declared) = directory(zip, budget).ok()?;
    let mut found = None;
    for _ in 0..declared.min(MAX_ZIP_ENTRIES as u64) {
        budget.spend(1).ok()?;
        if zip.get(at..at.checked_add(4)?)? != b"PK\x01\x02" {
            return None;
        }
        let name_len = usize::from(u16_at(zip, at + 28)?);
        let extra_len = usize::from(u16_at(zip, at + 30)?);
        let comment_len = usize::from(u16_at(zip, at + 32)?);
        let this = zip.get(at + 46..at + 46 + name_len)?;
        if this == name.as_bytes() {
            let mut e = Entry {
                flags: u16_at(zip, at + 8)?,
                method: u16_at(zip, at + 10)?,
                compressed: u64::from(u32_at(zip, at + 20)?),
                size: u64::from(u32_at(zip, at + 24)?),
                local: u64::from(u32_at(zip, at + 42)?),
            };
            let extra = zip.get(at + 46 + name_len..at + 46 + name_len + extra_len)?;
            zip64_extra(extra, &mut e);
            found = Some(e);
            break;
        }
        // At least the 46 bytes of the fixed header: the walk advances.
        at = at + 46 + name_len + extra_len + comment_len;
    }
    let e = found?;
    // Bit 0: encrypted; we have no password.
    if e.flags & 1 != 0 {
        return None;
    }
    let local = usize::try_from(e.local).ok()?;
    if zip.get(local..local.checked_add(4)?)? != b"PK\x03\x04" {
        return None;
    }
    let data_at =
        local + 30 + usize::from(u16_at(zip, local + 26)?) + usize::from(u16_at(zip, local + 28)?);
    // The declared compressed size, never past the end of the file.
    let compressed = usize::try_from(e.compressed).unwrap_or(usize::MAX);
    let data = zip.get(data_at..)?;
    let data = &data[..compressed.min(data.len())];
    // The declared size is only a hint for the buffer; what is inflated is capped whatever it
    // says.
    let cap = MAX_ENTRY_BYTES
        .min(usize::try_from(e.size).unwrap_or(usize::MAX))
        .min(budget.room_bytes());
    let mut out = Vec::new();
    match e.method {
        0 => out.extend_from_slice(&data[..data.len().min(cap)]),
        8 => {
            // Inflation stops at the declared size or the cap, whichever is smaller, whatever
            // the stream holds (a bomb declares a small size and inflates to a huge one): read
            // through `take`. A truncated or corrupt stream keeps what was inflated before the
            // fault.
            super::inflate_into(data, false, cap, &mut out);
        }
        _ => return None,
    }
    budget.bytes(out.len()).ok()?;
    Some(out)
}
