//! An S3 server's ListObjectsV2 answer (storage/src/blob/s3.rs `parse_list`), read when
//! `check`, backup or the blob sweep list the bucket: the server is configured by the
//! administrator, but its answers come over the network.
//!
//! Asserts: no panic; every key and token read is no longer than the answer (entities only
//! shorten text); no more objects than the answer spells `Key` (each needs a Key element).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some(page) = storage::s3_list_page(data) else {
            return;
        };
        let (objects, next) = (page.objects, page.next);
        for (key, _size) in &objects {
            assert!(key.len() <= data.len());
        }
        assert!(next.as_ref().is_none_or(|t| t.len() <= data.len()));
        let keys = data.windows(3).filter(|w| w == b"Key").count();
        assert!(objects.len() <= keys, "{} objects, {keys} Key", objects.len());
    });
}
