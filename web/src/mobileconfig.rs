//! iPhone, iPad and Mac: a configuration profile (`.mobileconfig`, an XML property list
//! with one `com.apple.mail.managed` payload) that sets up the account when opened, and the
//! setup page whose QR code a phone scans to download it.
//!
//! When the server's certificate was issued by a CA (ACME, or a chain the administrator
//! configured), the profile is sent signed with it ([`crate::profile_signing`]: CMS
//! SignedData, DER) and iOS shows it as "Verified" by the server's name. With a self-signed
//! certificate it is sent unsigned, as a plain XML property list: a signature by a
//! certificate no device trusts shows as "Not Verified" all the same. It asks for the
//! password when installed; the profile carries none.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::autoconfig::AddressQuery;
use crate::xml::escape;
use crate::{MailSettings, Web};

/// A stable UUID for `what` (the same profile installed twice replaces itself): SHA-256
/// bits shaped as an RFC 9562 version-8 (custom) UUID.
fn uuid(what: &str) -> String {
    let mut b: [u8; 16] = [0; 16];
    b.copy_from_slice(&Sha256::digest(what.as_bytes())[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The profile for `email` (of a served domain). `None` when the server has no incoming or
/// no submission service to offer.
pub fn profile(s: &MailSettings, email: &str, domain: &str) -> Option<String> {
    let (kind, in_port) = match (s.imaps.or(s.imap), s.pop3s.or(s.pop3)) {
        (Some(p), _) => ("EmailTypeIMAP", p),
        (None, Some(p)) => ("EmailTypePOP", p),
        (None, None) => return None,
    };
    let out_port = s.submissions.or(s.submission)?;
    let reversed: Vec<&str> = s.hostname.rsplit('.').collect();
    let id = format!(
        "{}.email.{}",
        reversed.join("."),
        &uuid(email)[..8].to_ascii_lowercase()
    );
    let org = escape(&s.provider_name(domain));
    let (email, host) = (escape(email), escape(&s.hostname));
    let string = |key: &str, value: &str| {
        format!("\t\t\t<key>{key}</key>\n\t\t\t<string>{value}</string>\n")
    };
    let mut account = String::new();
    for (key, value) in [
        ("EmailAccountDescription", email.as_str()),
        ("EmailAccountType", kind),
        ("EmailAddress", &email),
        ("IncomingMailServerAuthentication", "EmailAuthPassword"),
        ("IncomingMailServerHostName", &host),
    ] {
        account.push_str(&string(key, value));
    }
    // UseSSL: TLS on the port given, implicit or by STARTTLS; it is on for every port we
    // offer, since none allows a password in clear text.
    account.push_str(&format!(
        "\t\t\t<key>IncomingMailServerPortNumber</key>\n\t\t\t<integer>{in_port}</integer>\n\
         \t\t\t<key>IncomingMailServerUseSSL</key>\n\t\t\t<true/>\n"
    ));
    for (key, value) in [
        ("IncomingMailServerUsername", email.as_str()),
        ("OutgoingMailServerAuthentication", "EmailAuthPassword"),
        ("OutgoingMailServerHostName", &host),
    ] {
        account.push_str(&string(key, value));
    }
    account.push_str(&format!(
        "\t\t\t<key>OutgoingMailServerPortNumber</key>\n\t\t\t<integer>{out_port}</integer>\n\
         \t\t\t<key>OutgoingMailServerUseSSL</key>\n\t\t\t<true/>\n"
    ));
    account.push_str(&string("OutgoingMailServerUsername", &email));
    account.push_str("\t\t\t<key>OutgoingPasswordSameAsIncomingPassword</key>\n\t\t\t<true/>\n");
    for (key, value) in [
        ("PayloadDescription", "Thư công vụ (IMAP, SMTP)"),
        ("PayloadDisplayName", email.as_str()),
        ("PayloadIdentifier", &format!("{id}.account")),
        ("PayloadType", "com.apple.mail.managed"),
        ("PayloadUUID", &uuid(&format!("account {email} {host}"))),
    ] {
        account.push_str(&string(key, value));
    }
    account.push_str("\t\t\t<key>PayloadVersion</key>\n\t\t\t<integer>1</integer>\n");
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n\
         <dict>\n\
         \t<key>PayloadContent</key>\n\
         \t<array>\n\
         \t\t<dict>\n\
         {account}\
         \t\t</dict>\n\
         \t</array>\n\
         \t<key>PayloadDescription</key>\n\t<string>Cài đặt thư công vụ {email}</string>\n\
         \t<key>PayloadDisplayName</key>\n\t<string>Thư công vụ {email}</string>\n\
         \t<key>PayloadIdentifier</key>\n\t<string>{id}</string>\n\
         \t<key>PayloadOrganization</key>\n\t<string>{org}</string>\n\
         \t<key>PayloadRemovalDisallowed</key>\n\t<false/>\n\
         \t<key>PayloadType</key>\n\t<string>Configuration</string>\n\
         \t<key>PayloadUUID</key>\n\t<string>{}</string>\n\
         \t<key>PayloadVersion</key>\n\t<integer>1</integer>\n\
         </dict>\n\
         </plist>\n",
        uuid(&format!("profile {email} {host}"))
    ))
}

/// `GET /mobileconfig?emailaddress=…`.
pub async fn handler(
    State(web): State<watch::Receiver<Arc<Web>>>,
    Query(query): Query<AddressQuery>,
) -> Response {
    let web = web.borrow().clone();
    let Some((local, domain)) = query.emailaddress.as_deref().and_then(crate::parse_address) else {
        return crate::bad_request("give the account's address: /mobileconfig?emailaddress=…");
    };
    if !web.serves(&domain).await {
        return crate::not_found("this server does not serve that domain");
    }
    let email = format!("{local}@{domain}");
    let Some(profile) = profile(&web.settings, &email, &domain) else {
        return crate::not_found("no IMAP or POP3 and submission service is configured");
    };
    let file = format!("{}.mobileconfig", domain.replace('.', "-"));
    let disposition = (
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{file}\""),
    );
    if let Some(signer) = &web.profile_signer {
        match signer.sign(profile.as_bytes(), std::time::SystemTime::now()) {
            Ok(signed) => {
                let kind = (
                    header::CONTENT_TYPE,
                    "application/x-apple-aspen-config".to_string(),
                );
                return ([kind, disposition], signed).into_response();
            }
            // Unsigned is still a working profile: send that rather than nothing.
            Err(e) => tracing::warn!(error = %e, "sending the profile unsigned"),
        }
    }
    let kind = (
        header::CONTENT_TYPE,
        "application/x-apple-aspen-config; charset=utf-8".to_string(),
    );
    ([kind, disposition], profile).into_response()
}

/// Percent-encodes a query value (RFC 3986 §2.3: everything but the unreserved characters).
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The QR code of `text` as an inline SVG element.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .build();
    // The renderer writes an XML declaration first; inside HTML only the element belongs.
    Some(svg[svg.find("<svg")?..].to_string())
}

/// `GET /setup` (and `/`): a page asking for the address, then showing the settings, the
/// profile's QR code for a phone and the link for a Mac.
pub async fn setup_page(
    State(web): State<watch::Receiver<Arc<Web>>>,
    _headers: HeaderMap,
    Query(query): Query<AddressQuery>,
) -> Response {
    let web = web.borrow().clone();
    let s = &web.settings;
    let given = query
        .emailaddress
        .as_deref()
        .filter(|a| !a.trim().is_empty());
    let account = match given.map(crate::parse_address) {
        None => None,
        Some(None) => return crate::bad_request("malformed e-mail address"),
        Some(Some((local, domain))) => {
            if !web.serves(&domain).await {
                return crate::not_found("this server does not serve that domain");
            }
            Some(format!("{local}@{domain}"))
        }
    };
    let mut body = String::new();
    body.push_str(
        "<form method=\"get\" action=\"/setup\">\n<label>Địa chỉ thư công vụ (e-mail address): \
         <input type=\"email\" name=\"emailaddress\" required></label>\n\
         <button type=\"submit\">Xem cách cài đặt</button>\n</form>\n",
    );
    body.push_str("<h2>Cài đặt thủ công (manual settings)</h2>\n<table>\n");
    let host = escape(&s.hostname);
    for (name, port, tls) in [
        ("IMAP", s.imaps, "SSL/TLS"),
        ("IMAP", s.imap, "STARTTLS"),
        ("POP3", s.pop3s, "SSL/TLS"),
        ("POP3", s.pop3, "STARTTLS"),
        ("SMTP", s.submissions, "SSL/TLS"),
        ("SMTP", s.submission, "STARTTLS"),
    ] {
        if let Some(port) = port {
            body.push_str(&format!(
                "<tr><td>{name}</td><td>{host}</td><td>{port}</td><td>{tls}</td></tr>\n"
            ));
        }
    }
    body.push_str(
        "</table>\n<p>Tên đăng nhập: địa chỉ thư đầy đủ; mật khẩu: mật khẩu thư công vụ. \
         (User name: the full address.)</p>\n",
    );
    if let Some(email) = &account {
        let link = format!(
            "{}/mobileconfig?emailaddress={}",
            s.base_url(),
            percent_encode(email)
        );
        let qr = qr_svg(&link).unwrap_or_default();
        body.push_str(&format!(
            "<h2>iPhone, iPad</h2>\n<p>Quét mã QR bằng máy ảnh của điện thoại, mở liên kết, rồi vào \
             Cài đặt → Đã tải về hồ sơ để cài đặt hộp thư {}.</p>\n<div class=\"qr\">{qr}</div>\n\
             <h2>Mac</h2>\n<p><a href=\"{}\">Tải hồ sơ cấu hình (.mobileconfig)</a></p>\n",
            escape(email),
            escape(&link)
        ));
    }
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Cài đặt thư công vụ — {}</title>\n</head>\n<body>\n<h1>Cài đặt thư công vụ</h1>\n\
         {body}</body>\n</html>\n",
        escape(&s.hostname)
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let u = uuid("annv@demo.gov.vn");
        assert_eq!(u, uuid("annv@demo.gov.vn"));
        assert_ne!(u, uuid("ngocttb@demo.gov.vn"));
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "8");
    }

    #[test]
    fn a_profile_needs_incoming_and_outgoing_servers() {
        let mut s = MailSettings {
            hostname: "mail.demo.gov.vn".into(),
            imap: Some(143),
            submission: Some(587),
            ..MailSettings::default()
        };
        let p = profile(&s, "annv@demo.gov.vn", "demo.gov.vn").unwrap();
        assert!(p.contains("<integer>143</integer>") && p.contains("<integer>587</integer>"));
        assert!(p.contains("<string>vn.gov.demo.mail.email."));
        s.submission = None;
        assert_eq!(profile(&s, "annv@demo.gov.vn", "demo.gov.vn"), None);
    }

    #[test]
    fn the_qr_code_is_an_svg_element() {
        let svg =
            qr_svg("https://mail.demo.gov.vn/mobileconfig?emailaddress=annv@demo.gov.vn").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        assert_eq!(percent_encode("a b&c@đ"), "a%20b%26c@%C4%91");
    }
}
