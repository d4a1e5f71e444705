//! Outlook's autodiscover, for Outlook 2016 and later (and Microsoft 365 desktop) setting up
//! an IMAP account:
//!
//! - `POST /autodiscover/autodiscover.xml` with the "POX" request (schema
//!   `…/outlook/requestschema/2006`), answered with the `…/outlook/responseschema/2006a`
//!   response: an `Account` of type `email` whose `Protocol` entries are IMAP and SMTP
//!   (and POP3), best first, as Thunderbird's file orders them.
//! - `GET /autodiscover/autodiscover.json/v1.0/<address>?Protocol=AutodiscoverV1`, the JSON
//!   lookup newer Outlook builds try first: it names the POX endpoint above. Other protocols
//!   (ActiveSync, EWS) are not served and get Microsoft's "InvalidProtocol" answer.
//!
//! The answer depends only on the address's domain. An address of a domain this server does
//! not serve gets the schema's `Error` response (code 600, "Invalid Request") in the same
//! shape and status; an unknown user of a served domain gets the same settings as a known one.
//! A body that is not well-formed XML, or has no `EMailAddress`, is a 400.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use quick_xml::events::Event;
use tokio::sync::watch;

use crate::xml::escape;
use crate::{MailSettings, Web};

/// The response schema this module answers with; a request asking for another (Exchange
/// ActiveSync's `mobilesync`) gets error 601.
pub const OUTLOOK_SCHEMA: &str =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
const RESPONSE_NS: &str = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

/// Largest request body read: a POX request is a few hundred bytes.
pub const MAX_REQUEST: usize = 16 * 1024;

/// What an autodiscover POX request asks.
#[derive(Debug, PartialEq, Eq)]
pub struct PoxRequest {
    pub email: String,
    pub schema: Option<String>,
}

/// Reads a POX request: `Autodiscover/Request/EMailAddress` and
/// `AcceptableResponseSchema`, matched by local name (clients differ in namespace prefixes).
/// `None` if the XML is not well-formed or has no address. Every call to `read_event`
/// consumes input or returns `Eof`, so the loop ends; depth is capped.
pub fn parse_pox(body: &[u8]) -> Option<PoxRequest> {
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut path: Vec<String> = Vec::new();
    let (mut email, mut schema) = (None::<String>, None::<String>);
    let mut current = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                if path.len() >= 16 {
                    return None;
                }
                path.push(String::from_utf8_lossy(e.local_name().as_ref().as_bytes()).into());
                current.clear();
            }
            Event::End(_) => {
                let name = path.pop()?;
                let in_request = path.len() == 2 && path[1] == "Request";
                if in_request && path[0] == "Autodiscover" {
                    match name.as_str() {
                        "EMailAddress" => email = Some(current.trim().to_string()),
                        "AcceptableResponseSchema" => schema = Some(current.trim().to_string()),
                        _ => {}
                    }
                }
                current.clear();
            }
            Event::Text(t) => current.push_str(&t),
            Event::CData(t) => current.push_str(&t),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else {
                    current.push_str(quick_xml::escape::resolve_predefined_entity(&r)?);
                }
            }
            // A DTD could declare entities; a request never needs one.
            Event::DocType(_) => return None,
            Event::Eof => break,
            _ => {}
        }
        if current.len() > MAX_REQUEST {
            return None;
        }
    }
    if !path.is_empty() {
        return None;
    }
    Some(PoxRequest {
        email: email.filter(|e| !e.is_empty())?,
        schema,
    })
}

/// The settings for `email` (already checked to be of a served domain).
pub fn settings_xml(s: &MailSettings, email: &str) -> String {
    let host = escape(&s.hostname);
    let login = escape(email);
    let mut protocols = String::new();
    // Encryption: "SSL" is implicit TLS, "TLS" is STARTTLS.
    let entries = [
        ("IMAP", s.imaps, "SSL"),
        ("IMAP", s.imap, "TLS"),
        ("POP3", s.pop3s, "SSL"),
        ("POP3", s.pop3, "TLS"),
        ("SMTP", s.submissions, "SSL"),
        ("SMTP", s.submission, "TLS"),
    ];
    for (kind, port, encryption) in entries {
        let Some(port) = port else { continue };
        let smtp_auth = if kind == "SMTP" {
            "\n        <UsePOPAuth>on</UsePOPAuth>\n        <SMTPLast>off</SMTPLast>"
        } else {
            ""
        };
        protocols.push_str(&format!(
            "      <Protocol>\n\
             \x20       <Type>{kind}</Type>\n\
             \x20       <Server>{host}</Server>\n\
             \x20       <Port>{port}</Port>\n\
             \x20       <LoginName>{login}</LoginName>\n\
             \x20       <DomainRequired>off</DomainRequired>\n\
             \x20       <SPA>off</SPA>\n\
             \x20       <SSL>on</SSL>\n\
             \x20       <Encryption>{encryption}</Encryption>\n\
             \x20       <AuthRequired>on</AuthRequired>{smtp_auth}\n\
             \x20     </Protocol>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <Autodiscover xmlns=\"{RESPONSE_NS}\">\n\
         \x20 <Response xmlns=\"{OUTLOOK_SCHEMA}\">\n\
         \x20   <Account>\n\
         \x20     <AccountType>email</AccountType>\n\
         \x20     <Action>settings</Action>\n\
         {protocols}\
         \x20   </Account>\n\
         \x20 </Response>\n\
         </Autodiscover>\n"
    )
}

/// The schema's error response: 600 "Invalid Request", 601 "Provider is not available".
pub fn error_xml(code: u16, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <Autodiscover xmlns=\"{RESPONSE_NS}\">\n\
         \x20 <Response>\n\
         \x20   <Error Time=\"00:00:00\" Id=\"0\">\n\
         \x20     <ErrorCode>{code}</ErrorCode>\n\
         \x20     <Message>{}</Message>\n\
         \x20     <DebugData />\n\
         \x20   </Error>\n\
         \x20 </Response>\n\
         </Autodiscover>\n",
        escape(message)
    )
}

fn xml(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// `POST /autodiscover/autodiscover.xml`.
pub async fn pox(State(web): State<watch::Receiver<Arc<Web>>>, body: Bytes) -> Response {
    let web = web.borrow().clone();
    let Some(request) = parse_pox(&body) else {
        return crate::bad_request("expected an autodiscover request (XML with EMailAddress)");
    };
    let Some((local, domain)) = crate::parse_address(&request.email) else {
        return crate::bad_request("malformed e-mail address");
    };
    if request
        .schema
        .as_deref()
        .is_some_and(|s| s != OUTLOOK_SCHEMA)
    {
        return xml(error_xml(601, "Provider is not available"));
    }
    if !web.serves(&domain).await {
        return xml(error_xml(600, "Invalid Request"));
    }
    xml(settings_xml(&web.settings, &format!("{local}@{domain}")))
}

/// The JSON lookup's query: `Protocol=AutodiscoverV1`, and the address when it is not in
/// the path (`?Email=…`).
#[derive(Debug, serde::Deserialize)]
pub struct JsonQuery {
    #[serde(rename = "Protocol", alias = "protocol")]
    pub protocol: Option<String>,
    #[serde(rename = "Email", alias = "email")]
    pub email: Option<String>,
}

/// `GET /autodiscover/autodiscover.json/v1.0/<address>?Protocol=…`.
pub async fn json(
    State(web): State<watch::Receiver<Arc<Web>>>,
    headers: HeaderMap,
    Path(address): Path<String>,
    Query(query): Query<JsonQuery>,
) -> Response {
    json_answer(web, headers, &address, query.protocol.unwrap_or_default()).await
}

/// `GET /autodiscover/autodiscover.json?Email=…&Protocol=…`, the form Microsoft 365 desktop
/// builds sends.
pub async fn json_query(
    State(web): State<watch::Receiver<Arc<Web>>>,
    headers: HeaderMap,
    Query(query): Query<JsonQuery>,
) -> Response {
    let Some(address) = query.email else {
        return crate::bad_request("give the address: ?Email=…&Protocol=AutodiscoverV1");
    };
    json_answer(web, headers, &address, query.protocol.unwrap_or_default()).await
}

async fn json_answer(
    web: watch::Receiver<Arc<Web>>,
    headers: HeaderMap,
    address: &str,
    protocol: String,
) -> Response {
    let web = web.borrow().clone();
    let Some((_, domain)) = crate::parse_address(address) else {
        return crate::bad_request("malformed e-mail address");
    };
    if !protocol.eq_ignore_ascii_case("AutodiscoverV1") {
        let body = serde_json::json!({
            "ErrorCode": "InvalidProtocol",
            "ErrorMessage": format!(
                "The given protocol value '{protocol}' is invalid. Supported values are 'AutodiscoverV1'"
            ),
        });
        return (StatusCode::BAD_REQUEST, axum_json(body)).into_response();
    }
    if !web.serves(&domain).await {
        return crate::not_found("this server does not serve that domain");
    }
    // The POX endpoint on the host the client asked (autodiscover.<domain> or ours).
    let host = crate::request_host(&headers).unwrap_or_else(|| web.settings.hostname.clone());
    let base = match web.settings.https {
        Some(443) | None => format!("https://{host}"),
        Some(port) => format!("https://{host}:{port}"),
    };
    axum_json(serde_json::json!({
        "Protocol": "AutodiscoverV1",
        "Url": format!("{base}/autodiscover/autodiscover.xml"),
    }))
}

fn axum_json(value: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        value.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
  <Request>
    <EMailAddress>annv@demo.gov.vn</EMailAddress>
    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
  </Request>
</Autodiscover>"#;

    #[test]
    fn a_request_is_read_whatever_its_prefixes() {
        let r = parse_pox(REQUEST.as_bytes()).unwrap();
        assert_eq!(r.email, "annv@demo.gov.vn");
        assert_eq!(r.schema.as_deref(), Some(OUTLOOK_SCHEMA));
        let prefixed = REQUEST
            .replace("<Autodiscover xmlns=", "<a:Autodiscover xmlns:a=")
            .replace("</Autodiscover>", "</a:Autodiscover>")
            .replace("annv@", "an&#x6E;v&amp;x@");
        assert_eq!(
            parse_pox(prefixed.as_bytes()).unwrap().email,
            "annv&x@demo.gov.vn"
        );
    }

    #[test]
    fn malformed_requests_are_refused() {
        for bad in [
            "",
            "not xml",
            "<Autodiscover><Request><EMailAddress>a@b.vn</EMailAddress></Request>",
            "<Autodiscover><Request><EMailAddress>a@b.vn</Request></Autodiscover>",
            "<Autodiscover><Request></Request></Autodiscover>",
            "<Other><Request><EMailAddress>a@b.vn</EMailAddress></Request></Other>",
            "<!DOCTYPE x [<!ENTITY e \"a@b.vn\">]><Autodiscover><Request><EMailAddress>&e;</EMailAddress></Request></Autodiscover>",
        ] {
            assert_eq!(parse_pox(bad.as_bytes()), None, "{bad}");
        }
        let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        assert_eq!(parse_pox(deep.as_bytes()), None);
    }

    proptest::proptest! {
        /// Any bytes: no panic, and an address is only ever read from a well-formed request.
        #[test]
        fn arbitrary_bodies_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = parse_pox(&body);
        }

        /// Any address text, escaped into a request, reads back unchanged.
        #[test]
        fn escaped_addresses_read_back(email in "[^\\u{0}-\\u{1f}]{1,80}") {
            let body = REQUEST.replace("annv@demo.gov.vn", &escape(&email));
            let read = parse_pox(body.as_bytes()).map(|r| r.email);
            proptest::prop_assert_eq!(read, Some(email.trim().to_string()).filter(|e| !e.is_empty()));
        }
    }

    #[test]
    fn settings_list_imap_first_and_escape_the_login() {
        let s = MailSettings {
            hostname: "mail.demo.gov.vn".into(),
            imaps: Some(993),
            submission: Some(587),
            ..MailSettings::default()
        };
        let xml = settings_xml(&s, "a&b@demo.gov.vn");
        assert!(xml.contains("<LoginName>a&amp;b@demo.gov.vn</LoginName>"));
        assert!(xml.find("<Type>IMAP</Type>") < xml.find("<Type>SMTP</Type>"));
        assert!(xml.contains("<Port>587</Port>") && xml.contains("<Encryption>TLS</Encryption>"));
    }
}
