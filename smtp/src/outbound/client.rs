//! One outbound SMTP transaction with one server address, through mail-send: greeting, EHLO,
//! STARTTLS per the hop's TLS mode, AUTH for a smarthost, then MAIL, one RCPT per recipient
//! (each answer kept) and DATA.

use std::net::SocketAddr;
use std::time::Duration;

use mail_send::smtp::message::{Parameter, Parameters};
use mail_send::{Credentials, SmtpClient};
use smtp_proto::{EXT_8BIT_MIME, EXT_DSN, EXT_SIZE, EXT_SMTP_UTF8, EXT_START_TLS, EhloResponse};
use storage::{QueueRecipient, RecipientOutcome, RecipientState};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsConnector;

use super::Failure;
use super::route::{Hop, TlsMode};

/// What the transaction sends.
pub struct Envelope<'a> {
    pub helo: &'a str,
    pub sender: &'a str,
    pub envid: Option<&'a str>,
    pub ret_full: bool,
    pub recipients: &'a [&'a QueueRecipient],
    pub message: &'a [u8],
    pub timeout: Duration,
}

/// Sends to one address. Ok: an outcome per recipient (the server answered). Err: the
/// server could not be used at all (connection, greeting, TLS): try the next address.
pub async fn send(
    addr: SocketAddr,
    hop: &Hop,
    tls: &TlsConnector,
    env: &Envelope<'_>,
) -> Result<Vec<RecipientOutcome>, Failure> {
    let at = |e: mail_send::Error| failure_from(e, &hop.name);
    let mut client = SmtpClient::connect(addr, env.timeout).await.map_err(at)?;
    if hop.tls == TlsMode::Implicit {
        let client = client.into_tls(tls, sni(&hop.name)).await.map_err(at)?;
        return greet_and_send(client, hop, env).await;
    }
    let greeting = client.read().await.map_err(at)?;
    if greeting.code != 220 {
        return Err(Failure::from_reply(&greeting, &hop.name));
    }
    let ehlo = client.ehlo(env.helo).await.map_err(at)?;
    let offers_tls = ehlo.has_capability(EXT_START_TLS);
    match hop.tls {
        TlsMode::Opportunistic | TlsMode::Required if offers_tls => {
            let mut client = client.start_tls(tls, sni(&hop.name)).await.map_err(at)?;
            // RFC 3207 §4.2: forget what was learnt before TLS; ask again.
            let ehlo = client.ehlo(env.helo).await.map_err(at)?;
            transaction(client, ehlo, hop, env).await
        }
        TlsMode::Required => Err(Failure::temporary(
            "4.7.10",
            format!(
                "{} does not offer STARTTLS, which this route requires",
                hop.name
            ),
        )),
        _ => transaction(client, ehlo, hop, env).await,
    }
}

async fn greet_and_send<T: AsyncRead + AsyncWrite + Unpin>(
    mut client: SmtpClient<T>,
    hop: &Hop,
    env: &Envelope<'_>,
) -> Result<Vec<RecipientOutcome>, Failure> {
    let at = |e: mail_send::Error| failure_from(e, &hop.name);
    let greeting = client.read().await.map_err(at)?;
    if greeting.code != 220 {
        return Err(Failure::from_reply(&greeting, &hop.name));
    }
    let ehlo = client.ehlo(env.helo).await.map_err(at)?;
    transaction(client, ehlo, hop, env).await
}

/// The SNI name: an IP literal has none, so a fixed name stands in (opportunistic TLS does
/// not check it anyway).
fn sni(name: &str) -> &str {
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<std::net::IpAddr>().is_ok() {
        "localhost"
    } else {
        name
    }
}

async fn transaction<T: AsyncRead + AsyncWrite + Unpin>(
    mut client: SmtpClient<T>,
    ehlo: EhloResponse<String>,
    hop: &Hop,
    env: &Envelope<'_>,
) -> Result<Vec<RecipientOutcome>, Failure> {
    let at = |e: mail_send::Error| failure_from(e, &hop.name);
    if let Some((user, password)) = &hop.auth {
        let credentials = Credentials::new(user.as_str(), password.as_str());
        match client.authenticate(&credentials, &ehlo).await {
            Ok(_) => {}
            // RFC 4954 §6 says 235; some relays (Postfix's smtp-sink among them) answer 250.
            Err(mail_send::Error::AuthenticationFailed(reply)) if reply.code / 100 == 2 => {}
            Err(e) => return Err(at(e)),
        }
    }
    let all = |failure: Failure| -> Vec<RecipientOutcome> {
        env.recipients
            .iter()
            .map(|r| failure.outcome(&r.address, &hop.name))
            .collect()
    };
    // RFC 1870: a message over the advertised SIZE would only be refused after DATA.
    if ehlo.has_capability(EXT_SIZE) && ehlo.size > 0 && env.message.len() > ehlo.size {
        return Ok(all(Failure::permanent(
            "5.3.4",
            format!(
                "{} accepts at most {} bytes; the message has {}",
                hop.name,
                ehlo.size,
                env.message.len()
            ),
        )));
    }
    let needs_utf8 = !env.sender.is_ascii() || env.recipients.iter().any(|r| !r.address.is_ascii());
    if needs_utf8 && !ehlo.has_capability(EXT_SMTP_UTF8) {
        // RFC 6531 §3.4: such a message cannot be sent to a server without SMTPUTF8.
        return Ok(all(Failure::permanent(
            "5.6.7",
            format!(
                "{} does not support internationalised addresses (SMTPUTF8)",
                hop.name
            ),
        )));
    }
    let dsn = ehlo.has_capability(EXT_DSN);
    let mut params = Parameters::new();
    if ehlo.has_capability(EXT_SIZE) {
        params.add(("SIZE".to_string(), env.message.len().to_string()));
    }
    if !env.message.is_ascii() && ehlo.has_capability(EXT_8BIT_MIME) {
        params.add(Parameter::from("BODY=8BITMIME"));
    }
    if needs_utf8 {
        params.add(Parameter::from("SMTPUTF8"));
    }
    if dsn {
        // RFC 3461 §4: pass the DSN requests on, so the next hop reports instead of us.
        params.add(Parameter::from(if env.ret_full {
            "RET=FULL"
        } else {
            "RET=HDRS"
        }));
        if let Some(envid) = env.envid {
            params.add(("ENVID".to_string(), xtext(envid)));
        }
    }
    if let Err(e) = client.mail_from(env.sender, &params).await {
        return match e {
            mail_send::Error::UnexpectedReply(reply) => {
                Ok(all(Failure::from_reply(&reply, &hop.name)))
            }
            other => Err(at(other)),
        };
    }
    let mut outcomes = Vec::with_capacity(env.recipients.len());
    let mut accepted = Vec::new();
    for r in env.recipients {
        let mut params = Parameters::new();
        if dsn {
            if r.notify.0 != 0 {
                params.add(("NOTIFY".to_string(), notify_value(r.notify)));
            }
            if let Some(orcpt) = &r.orcpt {
                params.add(("ORCPT".to_string(), format!("rfc822;{}", xtext(orcpt))));
            }
        }
        match client.rcpt_to(&r.address, &params).await {
            Ok(()) => accepted.push(r.address.clone()),
            Err(mail_send::Error::UnexpectedReply(reply)) => {
                outcomes.push(Failure::from_reply(&reply, &hop.name).outcome(&r.address, &hop.name))
            }
            Err(other) => return Err(at(other)),
        }
    }
    if accepted.is_empty() {
        let _ = client.quit().await;
        return Ok(outcomes);
    }
    match client.data(env.message).await {
        Ok(()) => {
            for address in accepted {
                outcomes.push(RecipientOutcome {
                    address,
                    state: RecipientState::Sent,
                    reply: format!("accepted by {}", hop.name),
                    status: "2.0.0".into(),
                    remote_mta: Some(hop.name.clone()),
                });
            }
            let _ = client.quit().await;
            Ok(outcomes)
        }
        Err(mail_send::Error::UnexpectedReply(reply)) => {
            let failure = Failure::from_reply(&reply, &hop.name);
            outcomes.extend(accepted.iter().map(|a| failure.outcome(a, &hop.name)));
            let _ = client.quit().await;
            Ok(outcomes)
        }
        // The connection broke during DATA: we cannot know whether it was accepted; retry
        // (RFC 5321 §4.1.1.4 says a lost 250 means the message may be delivered twice).
        Err(other) => Err(at(other)),
    }
}

fn notify_value(notify: storage::Notify) -> String {
    if notify.0 & storage::Notify::NEVER != 0 {
        return "NEVER".into();
    }
    let mut parts = Vec::new();
    for (bit, name) in [
        (storage::Notify::SUCCESS, "SUCCESS"),
        (storage::Notify::FAILURE, "FAILURE"),
        (storage::Notify::DELAY, "DELAY"),
    ] {
        if notify.0 & bit != 0 {
            parts.push(name);
        }
    }
    parts.join(",")
}

/// RFC 3461 §4: xtext encodes "+", "=" and anything outside "!".."~" as "+XX".
pub fn xtext(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if (b'!'..=b'~').contains(&b) && b != b'+' && b != b'=' {
            out.push(b as char);
        } else {
            out.push_str(&format!("+{b:02X}"));
        }
    }
    out
}

fn failure_from(e: mail_send::Error, host: &str) -> Failure {
    match e {
        mail_send::Error::UnexpectedReply(reply)
        | mail_send::Error::AuthenticationFailed(reply) => Failure::from_reply(&reply, host),
        mail_send::Error::Timeout => Failure::temporary("4.4.2", format!("{host}: timed out")),
        mail_send::Error::Io(e) => {
            Failure::temporary("4.4.1", format!("{host}: connection failed: {e}"))
        }
        mail_send::Error::Tls(e) => Failure::temporary("4.7.5", format!("{host}: TLS failed: {e}")),
        other => Failure::temporary("4.4.0", format!("{host}: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xtext_and_notify_values() {
        assert_eq!(xtext("a+b=c@x.vn"), "a+2Bb+3Dc@x.vn");
        assert_eq!(xtext("ồ"), "+E1+BB+93");
        assert_eq!(notify_value(storage::Notify(6)), "FAILURE,DELAY");
        assert_eq!(notify_value(storage::Notify(8)), "NEVER");
    }
}
