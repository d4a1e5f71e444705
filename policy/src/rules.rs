//! The exchange rules for official documents, applied at submission and at delivery.
//!
//! - A document with a secrecy mark (Mật, Tối mật, Tuyệt mật) never travels by internet mail:
//!   state secrets may only go over networks and means approved for them (Luật Bảo vệ bí
//!   mật nhà nước 2018, Điều 5 khoản 2; Nghị định 26/2020/NĐ-CP). Submitted: refused with
//!   550 5.7.1; received: held in quarantine for the administrator.
//! - A document that must be exchanged electronically (Quyết định 28/2018/QĐ-TTg and the
//!   Government Office's 2020 list) sent from an official address to a domain that is not
//!   official (gmail.com …): warn (delivered, the sender is told), reject, or allow.
//! - Every recognised document gets an `X-Govmail-Document` header and IMAP keywords that
//!   clients show as tags: `$Official`, and `$Important` when urgent.

use crate::document::{DocType, Recognition, TYPES};

/// What to do with a mandatory document sent to a non-official domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    /// Deliver, and tell the sender it should have gone to an official address.
    Warn,
    Reject,
    Allow,
}

/// When a receiving agency tells the sender of an official document that it has it
/// (`receipts = "delivered" | "read" | "off"`; Nghị định 30/2020/NĐ-CP Điều 21.2: the
/// receiving văn thư tells the sender the same day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReceiptMode {
    /// At delivery into the agency's first mailbox (the default: what the decree asks).
    #[default]
    Delivered,
    /// At the first read by any of the agency's recipients.
    Read,
    /// Never.
    Off,
}

impl ReceiptMode {
    /// The mode named in the configuration.
    pub fn from_name(name: &str) -> Option<ReceiptMode> {
        match name {
            "delivered" => Some(ReceiptMode::Delivered),
            "read" => Some(ReceiptMode::Read),
            "off" => Some(ReceiptMode::Off),
            _ => None,
        }
    }
}

/// `[policy]` in govmail.toml.
#[derive(Debug, Clone)]
pub struct PolicyConfig {
    /// False: no document is recognised and no document rule applies (secret-marked
    /// documents are then not refused). Only for measuring the policy step's cost, or for a
    /// server that carries no official mail.
    pub enabled: bool,
    /// Domains of the state's official mail: exact names, or "*.suffix" for any subdomain.
    pub official_domains: Vec<String>,
    /// Ids of the document types that must be exchanged electronically.
    pub mandatory: Vec<String>,
    pub external_mandatory: External,
    /// Rules of particular agencies (`[policy.agencies.CODE]`), for mail their staff send;
    /// an agency's rules also cover the agencies under it, unless they have their own.
    pub agencies: Vec<AgencyRules>,
    /// When receiving agencies send receipts, unless they have their own setting.
    pub receipts: ReceiptMode,
    /// The time each urgency level has to be read, in working time (`[policy.urgent]`,
    /// `[policy.calendar]`).
    pub urgent: crate::urgent::UrgentRules,
}

/// One agency's departures from the province-wide rules; None keeps the inherited value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRules {
    pub agency: String,
    pub mandatory: Option<Vec<String>>,
    pub external_mandatory: Option<External>,
    /// When this agency (and those under it) sends receipts for documents it receives.
    pub receipts: Option<ReceiptMode>,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        PolicyConfig {
            enabled: true,
            official_domains: vec!["*.gov.vn".into(), "gov.vn".into(), "chinhphu.vn".into()],
            mandatory: TYPES
                .iter()
                .filter(|t| t.mandatory)
                .map(|t| t.id.to_string())
                .collect(),
            external_mandatory: External::Warn,
            agencies: Vec::new(),
            receipts: ReceiptMode::default(),
            urgent: crate::urgent::UrgentRules::default(),
        }
    }
}

impl PolicyConfig {
    /// The rules for mail sent by staff of an agency, given as the chain from that agency up
    /// to the root (`["PHONG-A", "SO-A", "UBND"]`): each setting comes from the nearest
    /// agency in the chain that sets it, else from the province-wide value.
    pub fn for_sender(&self, chain: &[String]) -> std::borrow::Cow<'_, PolicyConfig> {
        let own = |code: &String| {
            self.agencies
                .iter()
                .find(|a| a.agency.eq_ignore_ascii_case(code))
        };
        let mandatory = chain
            .iter()
            .filter_map(own)
            .find_map(|a| a.mandatory.as_ref());
        let external = chain
            .iter()
            .filter_map(own)
            .find_map(|a| a.external_mandatory);
        if mandatory.is_none() && external.is_none() {
            // The common case (inbound mail, agencies without rules of their own): no copy.
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(PolicyConfig {
            enabled: self.enabled,
            official_domains: self.official_domains.clone(),
            mandatory: mandatory.unwrap_or(&self.mandatory).clone(),
            external_mandatory: external.unwrap_or(self.external_mandatory),
            agencies: Vec::new(),
            receipts: self.receipts,
            urgent: self.urgent.clone(),
        })
    }

    /// When a receiving agency, given as the chain from it up to the root, sends receipts:
    /// the nearest agency in the chain that says, else the province-wide setting.
    pub fn receipts_for(&self, chain: &[String]) -> ReceiptMode {
        chain
            .iter()
            .filter_map(|code| {
                self.agencies
                    .iter()
                    .find(|a| a.agency.eq_ignore_ascii_case(code))
            })
            .find_map(|a| a.receipts)
            .unwrap_or(self.receipts)
    }

    pub fn is_official_domain(&self, domain: &str) -> bool {
        let domain = domain.trim().trim_end_matches('.').to_lowercase();
        self.official_domains.iter().any(|pattern| {
            let pattern = pattern.trim().to_lowercase();
            match pattern.strip_prefix("*.") {
                Some(suffix) => domain
                    .strip_suffix(suffix)
                    .is_some_and(|head| head.ends_with('.') && head.len() > 1),
                None => domain == pattern,
            }
        })
    }

    pub fn is_mandatory(&self, doc_type: DocType) -> bool {
        self.mandatory.iter().any(|id| id == doc_type.as_id())
    }

    /// The recognition with `mandatory` decided by this configuration.
    pub fn apply(&self, mut r: Recognition) -> Recognition {
        if r.official {
            r.mandatory = r.secrecy.is_none() && r.doc_type.is_some_and(|t| self.is_mandatory(t));
        }
        r
    }
}

/// The decision for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Deliver. `warn_external` lists the non-official recipients of a mandatory document
    /// when the sender must be told.
    Deliver {
        header: Option<String>,
        keywords: Vec<String>,
        warn_external: Vec<String>,
    },
    /// Refuse at submission with this reply (SMTP code, enhanced code, text).
    Refuse {
        code: u16,
        status: &'static str,
        text: String,
    },
    /// Received mail that may not be delivered: kept for the administrator.
    Quarantine { reason: String },
}

/// Submission by one of our users to `recipients` (all of them, local and remote).
pub fn at_submission(config: &PolicyConfig, r: &Recognition, recipients: &[String]) -> Verdict {
    if !r.official {
        return deliver_plain();
    }
    if let Some(secrecy) = r.secrecy {
        return Verdict::Refuse {
            code: 550,
            status: "5.7.1",
            text: format!(
                "Văn bản có dấu mức độ mật ({}) không được gửi qua thư điện tử công cộng \
                 (Luật Bảo vệ bí mật nhà nước). Hãy chuyển bằng phương tiện được phép. / \
                 A document marked secret ({}) may not be sent by e-mail.",
                secrecy_name(r),
                secrecy.as_id()
            ),
        };
    }
    let external: Vec<String> = if r.mandatory {
        recipients
            .iter()
            .filter(|a| {
                a.rsplit_once('@')
                    .is_none_or(|(_, d)| !config.is_official_domain(d))
            })
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    if !external.is_empty() && config.external_mandatory == External::Reject {
        return Verdict::Refuse {
            code: 550,
            status: "5.7.1",
            text: format!(
                "Văn bản này phải gửi đến địa chỉ thư công vụ; không gửi được đến {} / \
                 this document must go to official addresses only",
                external.join(", ")
            ),
        };
    }
    Verdict::Deliver {
        header: Some(document_header(r)),
        keywords: keywords(r),
        warn_external: if config.external_mandatory == External::Warn {
            external
        } else {
            Vec::new()
        },
    }
}

/// Mail received from another server.
pub fn at_delivery(r: &Recognition) -> Verdict {
    if !r.official {
        return deliver_plain();
    }
    if r.secrecy.is_some() {
        return Verdict::Quarantine {
            reason: format!(
                "secret-marked document ({}) received by e-mail",
                secrecy_name(r)
            ),
        };
    }
    Verdict::Deliver {
        header: Some(document_header(r)),
        keywords: keywords(r),
        warn_external: Vec::new(),
    }
}

fn deliver_plain() -> Verdict {
    Verdict::Deliver {
        header: None,
        keywords: Vec::new(),
        warn_external: Vec::new(),
    }
}

fn secrecy_name(r: &Recognition) -> &'static str {
    use crate::document::Secrecy;
    match r.secrecy {
        Some(Secrecy::TuyetMat) => "Tuyệt mật",
        Some(Secrecy::ToiMat) => "Tối mật",
        Some(Secrecy::Mat) => "Mật",
        None => "",
    }
}

/// `X-Govmail-Document: type=giay-moi; number=123/GM-UBND; urgency=khan; mandatory=yes`,
/// ending in CRLF. Every value is ASCII (ids, and the number with its Vietnamese letters
/// RFC 2047-free: Đ is kept as UTF-8, allowed in headers under RFC 6532).
pub fn document_header(r: &Recognition) -> String {
    let mut parts = vec![format!(
        "type={}",
        r.doc_type.map_or("unknown", |t| t.as_id())
    )];
    if let Some(n) = &r.number {
        // The number's characters are letters, digits, '/', '-', '.': nothing to quote.
        parts.push(format!("number={n}"));
    }
    if let Some(u) = r.urgency {
        parts.push(format!("urgency={}", u.as_id()));
    }
    parts.push(format!(
        "mandatory={}",
        if r.mandatory { "yes" } else { "no" }
    ));
    format!("X-Govmail-Document: {}\r\n", parts.join("; "))
}

/// IMAP keywords (RFC 9051 §2.3.2) that clients show as tags.
pub fn keywords(r: &Recognition) -> Vec<String> {
    let mut k = vec!["$Official".to_string()];
    if r.urgency.is_some() {
        k.push("$Important".into());
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Secrecy, Urgency};

    fn doc(id: &str) -> Recognition {
        let config = PolicyConfig::default();
        config.apply(Recognition {
            official: true,
            doc_type: DocType::from_id(id),
            number: Some("123/GM-UBND".into()),
            ..Recognition::default()
        })
    }

    #[test]
    fn official_domains() {
        let c = PolicyConfig::default();
        for d in [
            "quangngai.gov.vn",
            "stttt.quangngai.gov.vn",
            "chinhphu.vn",
            "GOV.VN.",
        ] {
            assert!(c.is_official_domain(d), "{d}");
        }
        for d in [
            "gmail.com",
            "evilgov.vn",
            "gov.vn.example.com",
            "chinhphu.vn.co",
        ] {
            assert!(!c.is_official_domain(d), "{d}");
        }
    }

    #[test]
    fn secret_documents_are_refused_at_submission_and_quarantined_on_arrival() {
        let mut r = doc("quyet-dinh");
        r.secrecy = Some(Secrecy::ToiMat);
        let r = PolicyConfig::default().apply(r);
        assert!(
            !r.mandatory,
            "a secret document is never 'must go by e-mail'"
        );
        match at_submission(&PolicyConfig::default(), &r, &["a@x.gov.vn".into()]) {
            Verdict::Refuse { code, status, text } => {
                assert_eq!((code, status), (550, "5.7.1"));
                assert!(
                    text.contains("Tối mật") && text.contains("bí mật nhà nước"),
                    "{text}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(at_delivery(&r), Verdict::Quarantine { .. }));
    }

    #[test]
    fn mandatory_documents_to_outside_domains_warn_reject_or_pass() {
        let r = doc("giay-moi");
        assert!(r.mandatory);
        let to = vec!["a@danang.gov.vn".to_string(), "b@gmail.com".to_string()];
        let mut c = PolicyConfig::default();
        match at_submission(&c, &r, &to) {
            Verdict::Deliver {
                header,
                keywords,
                warn_external,
            } => {
                assert_eq!(
                    header.as_deref(),
                    Some(
                        "X-Govmail-Document: type=giay-moi; number=123/GM-UBND; mandatory=yes\r\n"
                    )
                );
                assert_eq!(keywords, ["$Official"]);
                assert_eq!(warn_external, ["b@gmail.com"]);
            }
            other => panic!("{other:?}"),
        }
        c.external_mandatory = External::Reject;
        assert!(matches!(at_submission(&c, &r, &to), Verdict::Refuse { .. }));
        c.external_mandatory = External::Allow;
        assert!(matches!(
            at_submission(&c, &r, &to),
            Verdict::Deliver { warn_external, .. } if warn_external.is_empty()
        ));
        // A type that is not on the list goes anywhere without a word.
        let r = doc("hop-dong");
        assert!(!r.mandatory);
        c.external_mandatory = External::Reject;
        assert!(matches!(
            at_submission(&c, &r, &to),
            Verdict::Deliver { .. }
        ));
    }

    #[test]
    fn urgent_documents_are_important_and_plain_mail_is_untouched() {
        let mut r = doc("cong-van");
        r.urgency = Some(Urgency::HoaToc);
        assert_eq!(keywords(&r), ["$Official", "$Important"]);
        assert!(document_header(&r).contains("urgency=hoa-toc"));
        assert_eq!(
            at_delivery(&Recognition::default()),
            Verdict::Deliver {
                header: None,
                keywords: vec![],
                warn_external: vec![]
            }
        );
    }

    #[test]
    fn agency_rules_apply_to_the_agency_and_those_under_it() {
        let province = PolicyConfig {
            agencies: vec![
                AgencyRules {
                    agency: "SO-A".into(),
                    mandatory: Some(vec!["giay-moi".into()]),
                    external_mandatory: Some(External::Reject),
                    receipts: None,
                },
                AgencyRules {
                    agency: "phong-a1".into(),
                    mandatory: None,
                    external_mandatory: Some(External::Allow),
                    receipts: Some(ReceiptMode::Off),
                },
            ],
            ..PolicyConfig::default()
        };
        let chain = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        // PHONG-A1 allows outside recipients itself, and takes SO-A's mandatory list.
        let phong = province.for_sender(&chain(&["PHONG-A1", "SO-A", "UBND"]));
        assert_eq!(phong.external_mandatory, External::Allow);
        assert_eq!(phong.mandatory, ["giay-moi"]);
        assert!(phong.agencies.is_empty());
        let so = province.for_sender(&chain(&["SO-A", "UBND"]));
        assert_eq!(so.external_mandatory, External::Reject);
        // Elsewhere, and for senders from outside (no chain), the province-wide rules.
        for other in [chain(&["SO-B", "UBND"]), Vec::new()] {
            let rules = province.for_sender(&other);
            assert_eq!(rules.external_mandatory, External::Warn);
            assert_eq!(rules.mandatory, PolicyConfig::default().mandatory);
        }
    }

    #[test]
    fn receipts_follow_the_nearest_agency_that_says() {
        let province = PolicyConfig {
            receipts: ReceiptMode::Read,
            agencies: vec![
                AgencyRules {
                    agency: "SO-A".into(),
                    mandatory: None,
                    external_mandatory: None,
                    receipts: Some(ReceiptMode::Delivered),
                },
                AgencyRules {
                    agency: "phong-a1".into(),
                    mandatory: None,
                    external_mandatory: None,
                    receipts: Some(ReceiptMode::Off),
                },
            ],
            ..PolicyConfig::default()
        };
        let chain = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            province.receipts_for(&chain(&["PHONG-A1", "SO-A", "UBND"])),
            ReceiptMode::Off
        );
        assert_eq!(
            province.receipts_for(&chain(&["PHONG-A2", "SO-A", "UBND"])),
            ReceiptMode::Delivered
        );
        assert_eq!(
            province.receipts_for(&chain(&["SO-B", "UBND"])),
            ReceiptMode::Read
        );
        assert_eq!(PolicyConfig::default().receipts, ReceiptMode::Delivered);
        assert_eq!(ReceiptMode::from_name("read"), Some(ReceiptMode::Read));
        assert_eq!(ReceiptMode::from_name("Read"), None);
    }
}
