//! Credentials as they arrive: the [`Secret`] that cannot be logged, and SASL PLAIN.

use base64::Engine;

/// A password or other secret: its `Debug` never shows it, so it cannot reach a log.
pub struct Secret(String);

impl Secret {
    pub fn new(secret: String) -> Secret {
        Secret(secret)
    }

    pub fn declassify(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("/* REDACTED */")
    }
}

/// Decodes a PLAIN response (RFC 4616 §2): `authzid NUL authcid NUL passwd`. We do not act
/// for another identity: an authzid other than the login itself is refused.
pub fn decode_plain(response: &str) -> Option<(String, Secret)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(response.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.splitn(3, '\0');
    let (authzid, authcid, password) = (parts.next()?, parts.next()?, parts.next()?);
    if authcid.is_empty() || (!authzid.is_empty() && !authzid.eq_ignore_ascii_case(authcid)) {
        return None;
    }
    Some((authcid.to_string(), Secret(password.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_responses_are_decoded_and_proxying_refused() {
        let enc = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let (user, pass) = decode_plain(&enc("\0annv@x.gov.vn\0mật khẩu")).unwrap();
        assert_eq!(user, "annv@x.gov.vn");
        assert_eq!(pass.declassify(), "mật khẩu");
        assert!(decode_plain(&enc("annv@x.gov.vn\0annv@x.gov.vn\0p")).is_some());
        assert!(decode_plain(&enc("boss@x.gov.vn\0annv@x.gov.vn\0p")).is_none());
        assert!(decode_plain(&enc("\0\0p")).is_none());
        assert!(decode_plain(&enc("no separators")).is_none());
        assert!(decode_plain("!!!not base64").is_none());
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2".into());
        assert_eq!(format!("{s:?}"), "/* REDACTED */");
    }
}
