//! What every blob backend must do, as one function run against each of them: the files in
//! this crate's tests, an S3 server in tests/blobs_s3_e2e.rs. It needs an empty store.

use super::{BlobErrorKind, BlobStore, Put, hash_hex};

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

/// Runs the checks on `blobs`, which must hold nothing yet; the first failure is returned.
pub fn check(blobs: &dyn BlobStore) -> Result<(), String> {
    let err = |e: super::BlobError| e.to_string();
    let kind = |r: Result<Vec<u8>, super::BlobError>| r.map_err(|e| e.kind).err();
    ensure(blobs.list().map_err(err)?.is_empty(), || {
        "the store must start empty".into()
    })?;
    let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let hash = hash_hex(&data);
    ensure(!blobs.exists(&hash).map_err(err)?, || {
        "exists before put".into()
    })?;
    ensure(
        kind(blobs.get(&hash)) == Some(BlobErrorKind::NotFound),
        || "get of a missing blob is not NotFound".into(),
    )?;
    ensure(
        blobs.put(&hash, &data).map_err(err)? == Put::Created,
        || "first put is not Created".into(),
    )?;
    ensure(
        blobs.put(&hash, &data).map_err(err)? == Put::Existed,
        || "second put of the same blob is not Existed".into(),
    )?;
    ensure(blobs.get(&hash).map_err(err)? == data, || {
        "get differs".into()
    })?;
    ensure(
        blobs.size(&hash).map_err(err)? == Some(data.len() as u64),
        || "size differs".into(),
    )?;
    for (range, want) in [
        (10..20, &data[10..20]),
        (0..1, &data[..1]),
        (199_990..300_000, &data[199_990..]),
        (300_000..300_010, &[][..]),
        (5..5, &[][..]),
    ] {
        let got = blobs.get_range(&hash, range.clone()).map_err(err)?;
        ensure(got == want, || {
            format!(
                "range {range:?}: {} bytes, {} expected",
                got.len(),
                want.len()
            )
        })?;
    }
    let mut copy = Vec::new();
    ensure(
        blobs.copy_to(&hash, &mut copy).map_err(err)? == data.len() as u64 && copy == data,
        || "copy_to differs".into(),
    )?;

    let small = "Subject: thử\r\n\r\nNguyễn Văn An\r\n".as_bytes().to_vec();
    let small_hash = hash_hex(&small);
    ensure(
        blobs.put_unsynced(&small_hash, &small).map_err(err)? == Put::Created,
        || "put_unsynced is not Created".into(),
    )?;
    blobs
        .sync(&mut [small_hash.as_str()].into_iter())
        .map_err(err)?;
    let mut listed = blobs.list().map_err(err)?;
    listed.sort();
    let mut expected = vec![
        (hash.clone(), data.len() as u64),
        (small_hash.clone(), small.len() as u64),
    ];
    expected.sort();
    ensure(listed == expected, || format!("list: {listed:?}"))?;

    blobs.delete(&hash).map_err(err)?;
    blobs
        .delete(&hash)
        .map_err(|e| format!("deleting twice: {e}"))?;
    ensure(!blobs.exists(&hash).map_err(err)?, || {
        "exists after delete".into()
    })?;
    ensure(
        kind(blobs.get_range(&hash, 0..1)) == Some(BlobErrorKind::NotFound),
        || "ranged get of a deleted blob is not NotFound".into(),
    )?;
    ensure(
        kind(blobs.get_range(&hash, 3..3)) == Some(BlobErrorKind::NotFound),
        || "empty ranged get of a deleted blob is not NotFound".into(),
    )?;
    ensure(
        blobs.list().map_err(err)? == vec![(small_hash.clone(), small.len() as u64)],
        || "list after delete".into(),
    )?;

    let upper = hash.to_uppercase();
    for bad in [
        "../../etc/passwd",
        "ABCDEF",
        "",
        upper.as_str(),
        &hash[..63],
    ] {
        ensure(
            kind(blobs.get(bad)) == Some(BlobErrorKind::InvalidName),
            || format!("get {bad:?} not refused"),
        )?;
        ensure(
            blobs.put(bad, b"x").map_err(|e| e.kind).err() == Some(BlobErrorKind::InvalidName),
            || format!("put {bad:?} not refused"),
        )?;
        ensure(
            blobs.delete(bad).map_err(|e| e.kind).err() == Some(BlobErrorKind::InvalidName),
            || format!("delete {bad:?} not refused"),
        )?;
    }
    blobs.delete(&small_hash).map_err(err)?;
    ensure(blobs.list().map_err(err)?.is_empty(), || {
        "list not empty at the end".into()
    })?;
    Ok(())
}
