//! Searching the exchange register (sổ theo dõi văn bản điện tử): by number, type, agency
//! subtree and days. Shared by `govmail report documents` and the web console's register page.

use std::collections::HashSet;

use storage::{DocumentEntry, StorageError, Store};

use super::period::Period;

/// What to look for; every part left empty matches everything.
#[derive(Debug, Clone, Default)]
pub struct RegisterQuery {
    /// Part of the number (số/ký hiệu), compared without regard to case: "45/GM" finds
    /// "45/GM-UBND".
    pub number: Option<String>,
    /// A document type id (`policy::document::TYPES`), e.g. `giay-moi`.
    pub doc_type: Option<String>,
    /// Agency ids: documents sent by one of them or received by one of them.
    pub within: Option<HashSet<i64>>,
}

impl RegisterQuery {
    pub fn matches(&self, d: &DocumentEntry) -> bool {
        if let Some(t) = &self.doc_type
            && d.doc_type.as_deref() != Some(t.as_str())
        {
            return false;
        }
        if let Some(n) = &self.number {
            let wanted = n.trim().to_lowercase();
            if !wanted.is_empty()
                && !d
                    .number
                    .as_deref()
                    .is_some_and(|have| have.to_lowercase().contains(&wanted))
            {
                return false;
            }
        }
        match &self.within {
            None => true,
            Some(set) => {
                d.sender_agency.is_some_and(|a| set.contains(&a))
                    || d.recipient_agencies.iter().any(|a| set.contains(a))
            }
        }
    }
}

/// The ids of the agencies of `code`'s subtree (`NotFound` for an unknown code).
pub fn subtree_of(store: &Store, code: &str) -> Result<HashSet<i64>, StorageError> {
    let agencies = store.list_agencies()?;
    let root = store.get_agency(code)?;
    Ok(storage::subtree_ids(&agencies, root.id)
        .into_iter()
        .collect())
}

/// The register entries of `days` that match `query`, oldest first.
pub fn search(
    store: &Store,
    days: Period,
    query: &RegisterQuery,
) -> Result<Vec<DocumentEntry>, StorageError> {
    Ok(store
        .documents_between(days.from, days.to)?
        .into_iter()
        .filter(|d| query.matches(d))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        number: Option<&str>,
        doc_type: Option<&str>,
        from: Option<i64>,
        to: &[i64],
    ) -> DocumentEntry {
        DocumentEntry {
            at: 0,
            direction: "sent".into(),
            doc_type: doc_type.map(str::to_string),
            number: number.map(str::to_string),
            urgency: None,
            secrecy: None,
            mandatory: false,
            sender: "a@x.gov.vn".into(),
            sender_agency: from,
            recipient_agencies: to.to_vec(),
            recipients_local: 0,
            recipients_external: 0,
            subject: None,
            signatures: None,
            recalled_at: None,
            recalled_by: None,
        }
    }

    #[test]
    fn number_type_and_agency_narrow_the_register() {
        let d = entry(Some("45/GM-UBND"), Some("giay-moi"), Some(2), &[3, 4]);
        assert!(RegisterQuery::default().matches(&d));
        let q = |number: Option<&str>, t: Option<&str>, within: Option<&[i64]>| RegisterQuery {
            number: number.map(str::to_string),
            doc_type: t.map(str::to_string),
            within: within.map(|w| w.iter().copied().collect()),
        };
        assert!(q(Some("45/gm"), None, None).matches(&d));
        assert!(q(Some(" "), None, None).matches(&d), "blank: everything");
        assert!(!q(Some("46/GM"), None, None).matches(&d));
        assert!(q(None, Some("giay-moi"), None).matches(&d));
        assert!(!q(None, Some("cong-van"), None).matches(&d));
        assert!(q(None, None, Some(&[2])).matches(&d), "sent by");
        assert!(q(None, None, Some(&[4, 9])).matches(&d), "received by");
        assert!(!q(None, None, Some(&[9])).matches(&d));
        let unnumbered = entry(None, None, None, &[]);
        assert!(!q(Some("45"), None, None).matches(&unnumbered));
        assert!(!q(None, None, Some(&[2])).matches(&unnumbered));
    }
}
