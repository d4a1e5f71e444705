//! Thunderbird's autoconfiguration: the `clientConfig` v1.1 file of its ISPDB format
//! (documented at wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat).
//!
//! Thunderbird's account wizard, given `annv@demo.gov.vn`, fetches in turn
//! `https://autoconfig.demo.gov.vn/mail/config-v1.1.xml?emailaddress=annv@demo.gov.vn` and
//! `https://demo.gov.vn/.well-known/autoconfig/mail/config-v1.1.xml`, then the same over plain
//! HTTP (both are served on `[listen] http` too, since a self-signed certificate fails the
//! HTTPS fetch). The file lists every server in our order of preference: implicit TLS before
//! STARTTLS (RFC 8314 §5.1), IMAP before POP3 (RFC 6186 §3.4: IMAP keeps mail on the server,
//! where every device and the usage reports see it).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

use crate::xml::escape;
use crate::{MailSettings, Web};

/// The query Thunderbird sends (`?emailaddress=…`; absent in older versions).
#[derive(Debug, serde::Deserialize)]
pub struct AddressQuery {
    pub emailaddress: Option<String>,
}

/// The incoming servers, best first: (type, port, socketType).
fn incoming(s: &MailSettings) -> Vec<(&'static str, u16, &'static str)> {
    [
        ("imap", s.imaps, "SSL"),
        ("imap", s.imap, "STARTTLS"),
        ("pop3", s.pop3s, "SSL"),
        ("pop3", s.pop3, "STARTTLS"),
    ]
    .into_iter()
    .filter_map(|(kind, port, tls)| port.map(|p| (kind, p, tls)))
    .collect()
}

/// The submission servers, best first: (port, socketType).
fn outgoing(s: &MailSettings) -> Vec<(u16, &'static str)> {
    [(s.submissions, "SSL"), (s.submission, "STARTTLS")]
        .into_iter()
        .filter_map(|(port, tls)| port.map(|p| (p, tls)))
        .collect()
}

/// The configuration file for accounts of `domain`. The user name is the full address,
/// written as Thunderbird's placeholder `%EMAILADDRESS%`, so the file is the same for every
/// account of the domain (and says nothing about which accounts exist).
pub fn config_xml(s: &MailSettings, domain: &str) -> String {
    let host = escape(&s.hostname);
    let name = escape(&s.provider_name(domain));
    let domain = escape(domain);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <clientConfig version=\"1.1\">\n\
         \x20 <emailProvider id=\"{domain}\">\n\
         \x20   <domain>{domain}</domain>\n\
         \x20   <displayName>{name}</displayName>\n\
         \x20   <displayShortName>{domain}</displayShortName>\n"
    );
    for (kind, port, tls) in incoming(s) {
        out.push_str(&format!(
            "    <incomingServer type=\"{kind}\">\n\
             \x20     <hostname>{host}</hostname>\n\
             \x20     <port>{port}</port>\n\
             \x20     <socketType>{tls}</socketType>\n\
             \x20     <authentication>password-cleartext</authentication>\n\
             \x20     <username>%EMAILADDRESS%</username>\n\
             \x20   </incomingServer>\n"
        ));
    }
    for (port, tls) in outgoing(s) {
        out.push_str(&format!(
            "    <outgoingServer type=\"smtp\">\n\
             \x20     <hostname>{host}</hostname>\n\
             \x20     <port>{port}</port>\n\
             \x20     <socketType>{tls}</socketType>\n\
             \x20     <authentication>password-cleartext</authentication>\n\
             \x20     <username>%EMAILADDRESS%</username>\n\
             \x20   </outgoingServer>\n"
        ));
    }
    out.push_str(&format!(
        "    <documentation url=\"{}/setup\">\n\
         \x20     <descr lang=\"vi\">Cài đặt thư công vụ trên máy tính và điện thoại</descr>\n\
         \x20     <descr lang=\"en\">Setting up official mail on computers and phones</descr>\n\
         \x20   </documentation>\n\
         \x20 </emailProvider>\n\
         </clientConfig>\n",
        escape(&s.base_url())
    ));
    out
}

/// `GET /mail/config-v1.1.xml` and `GET /.well-known/autoconfig/mail/config-v1.1.xml`.
pub async fn handler(
    State(web): State<watch::Receiver<Arc<Web>>>,
    headers: HeaderMap,
    Query(query): Query<AddressQuery>,
) -> Response {
    let web = web.borrow().clone();
    let domain = match crate::request_domain(query.emailaddress.as_deref(), &headers, "autoconfig.")
    {
        Ok(Some(domain)) => domain,
        Ok(None) => return crate::bad_request("no e-mail address and no Host"),
        Err(response) => return response,
    };
    if !web.serves(&domain).await {
        return crate::not_found("this server does not serve that domain");
    }
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        config_xml(&web.settings, &domain),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn settings() -> MailSettings {
        MailSettings {
            hostname: "mail.demo.gov.vn".into(),
            organization: Some("Ủy ban nhân dân tỉnh <Demo>".into()),
            imaps: Some(993),
            imap: Some(143),
            pop3s: Some(995),
            pop3: None,
            submissions: Some(465),
            submission: Some(587),
            https: Some(443),
            ..MailSettings::default()
        }
    }

    #[test]
    fn servers_come_in_our_order_and_names_are_escaped() {
        let xml = config_xml(&settings(), "demo.gov.vn");
        let order: Vec<usize> = ["993", "143", "995", "465", "587"]
            .iter()
            .map(|p| xml.find(&format!("<port>{p}</port>")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{xml}");
        assert!(!xml.contains("<port>110</port>"), "POP3 STLS is off");
        assert!(xml.contains("<displayName>Ủy ban nhân dân tỉnh &lt;Demo&gt;</displayName>"));
        assert!(xml.contains("<documentation url=\"https://mail.demo.gov.vn/setup\">"));
    }
}
