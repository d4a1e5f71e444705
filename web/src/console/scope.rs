//! Which agencies a report page may show: the report viewer's subtrees (an administrator:
//! all), checked the same way for every report page and download. Asking for an agency
//! outside them, by editing the URL, is refused with 403 (not an empty page, which would look
//! like "no data") and written to the audit log as `report.denied`.

use std::collections::HashSet;

use axum::http::StatusCode;
use axum::response::Response;

use policy::report::period::{Measured, Period};
use storage::Agency;

use super::i18n::K;
use super::layout::{forbidden_in, message_in, server_error_in};
use super::{Authed, blocking};

/// The agency tree as this viewer may see it.
pub struct Scope {
    pub agencies: Vec<Agency>,
    /// The agency shown with its subtree, as the directory spells its code; None: the whole
    /// tree (an administrator who asked for no agency).
    pub agency: Option<String>,
    /// The ids of the agencies the viewer may pick; None: all of them.
    pub allowed: Option<HashSet<i64>>,
}

impl Scope {
    /// The agencies offered in the page's choice, in tree order.
    pub fn choices(&self) -> Vec<&Agency> {
        self.agencies
            .iter()
            .filter(|a| self.allowed.as_ref().is_none_or(|ids| ids.contains(&a.id)))
            .collect()
    }

    /// The ids of the shown agency's subtree (None: every agency).
    pub fn shown_ids(&self) -> Option<HashSet<i64>> {
        let code = self.agency.as_deref()?;
        let root = self
            .agencies
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(code))?;
        Some(
            storage::subtree_ids(&self.agencies, root.id)
                .into_iter()
                .collect(),
        )
    }

    pub fn code_of(&self, id: i64) -> &str {
        self.agencies
            .iter()
            .find(|a| a.id == id)
            .map_or("?", |a| a.code.as_str())
    }
}

/// A text parameter, trimmed; None when empty.
pub fn param(p: &Option<String>) -> Option<String> {
    p.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The agency `asked` for (else the viewer's first subtree, or for an administrator the whole
/// tree), once it is known to be within the viewer's subtrees. `what` names the page in the
/// audit line of a refusal.
pub async fn resolve(who: &Authed, asked: Option<String>, what: &str) -> Result<Scope, Response> {
    let lang = who.lang;
    let roots = who.report_scope();
    if roots.as_ref().is_some_and(|s| s.is_empty()) {
        who.audit_denied(
            "report.denied",
            asked.as_deref(),
            format!("{what}: no report role"),
        )
        .await;
        return Err(forbidden_in(lang, lang.t(K::no_report_role)));
    }
    let agencies = match blocking(&who.console.store, |s| s.list_agencies()).await? {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "console: cannot read the agencies");
            return Err(server_error_in(lang));
        }
    };
    let agency = asked.or_else(|| roots.as_ref().and_then(|s| s.first().cloned()));
    if let (Some(code), Some(roots)) = (&agency, &roots)
        && !policy::report::within_subtrees(&agencies, roots, code)
    {
        tracing::warn!(account = %who.account.address, agency = %code, page = what, peer = %who.ip, "console: report outside the viewer's agencies refused");
        who.audit_denied(
            "report.denied",
            Some(code),
            format!("{what}; allowed: {}", roots.join(", ")),
        )
        .await;
        return Err(forbidden_in(lang, lang.t(K::out_of_scope)));
    }
    let agency = match agency {
        Some(code) => match agencies.iter().find(|a| a.code.eq_ignore_ascii_case(&code)) {
            Some(a) => Some(a.code.clone()),
            None => {
                return Err(message_in(
                    lang,
                    StatusCode::NOT_FOUND,
                    lang.t(K::no_agency_title),
                    lang.t(K::no_agency),
                ));
            }
        },
        None => None,
    };
    let allowed = roots.as_ref().map(|roots| {
        agencies
            .iter()
            .filter(|a| roots.iter().any(|r| r.eq_ignore_ascii_case(&a.code)))
            .flat_map(|root| storage::subtree_ids(&agencies, root.id))
            .collect()
    });
    Ok(Scope {
        agencies,
        agency,
        allowed,
    })
}

/// The current month, as the period form writes it.
pub fn this_month(today: i64) -> String {
    let t = storage::VnTime::from_unix(today * 86_400);
    format!("{:04}-{:02}", t.year, t.month)
}

/// The report period asked for (default: this month) as written and as measured today; a
/// page explaining the form when it cannot be read.
pub fn period(who: &Authed, asked: &Option<String>) -> Result<(String, Measured), Response> {
    let today = storage::vn_day(storage::now());
    let text = param(asked).unwrap_or_else(|| this_month(today));
    text.parse::<Period>()
        .and_then(|p| Measured::new(p, today))
        .map(|m| (text, m))
        .map_err(|_| {
            message_in(
                who.lang,
                StatusCode::BAD_REQUEST,
                who.lang.t(K::bad_period_title),
                who.lang.t(K::bad_period),
            )
        })
}
