//! The tables `store migrate` copies row by row (the outbound queue, the register and its
//! tracking, usage counters, the audit log, quarantine, recall, the expunge history, the
//! vacation replies sent): which
//! columns each has, which of them name another row by its id, and the SQL that reads and
//! writes them on either backend. Both backends have the same tables and column names
//! (PostgreSQL's migration 1 was written from SQLite's), so one description serves both.
//!
//! Ids are private to a store: an account, agency, mailbox or content has another id in the
//! target. Rows therefore travel with those references replaced by what names the thing in
//! any store: an account by its address, an agency by its code, a mailbox by its UIDVALIDITY
//! (unique in a store, and kept by the copy), a content by its SHA-256 name. A table's own
//! ids (a queue entry's, a register entry's) are copied as they are: the target's rows of the
//! same key range are replaced, so they cannot collide.

use std::collections::HashMap;

use crate::backend::{Row, Span, Table, Value};
use crate::error::{Result, StorageError};

/// How a column travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Text,
    /// A boolean (PostgreSQL), an integer 0/1 (SQLite): travels as 0/1.
    Bool,
    /// An account id: travels as its address.
    Account,
    /// An agency id: travels as its code.
    Agency,
    /// A mailbox id: travels as its UIDVALIDITY.
    Mailbox,
    /// A content id: travels as its blob's name. `owned`: the row holds one of the content's
    /// references (`contents.refs`), so the content must exist in the target.
    Content {
        owned: bool,
    },
    /// Account ids separated by spaces: travel as addresses separated by spaces.
    Accounts,
    /// Agency ids separated by spaces: travel as codes separated by spaces.
    Agencies,
}

pub(crate) struct Spec {
    pub table: &'static str,
    /// The column that holds the scope's id (rows are read and replaced per account or per
    /// mailbox), not itself a travelling column.
    pub scope: Option<&'static str>,
    /// The columns in order; the first is the key rows are paged and replaced by (an
    /// integer, ascending; not unique for a child table, whose rows of one key go together).
    pub columns: &'static [(&'static str, Kind)],
    /// Tie-breaker for rows of one key.
    pub order: &'static str,
    /// A table whose rows name this table's key and go when theirs go: (table, column).
    pub child: Option<(&'static str, &'static str)>,
    /// The key is an identity (PostgreSQL) to move past the copied values.
    pub identity: bool,
}

use Kind::*;

const USAGE_DAILY: [(&str, Kind); 11] = [
    ("day", Int),
    ("account_id", Account),
    ("logins_imap", Int),
    ("logins_pop3", Int),
    ("logins_smtp", Int),
    ("logins_sieve", Int),
    ("sent", Int),
    ("received", Int),
    ("official_sent", Int),
    ("official_received", Int),
    ("secret_refused", Int),
];

const USAGE_MONTHLY: [(&str, Kind); 12] = [
    ("month", Int),
    ("account_id", Account),
    ("active_days", Int),
    ("logins_imap", Int),
    ("logins_pop3", Int),
    ("logins_smtp", Int),
    ("logins_sieve", Int),
    ("sent", Int),
    ("received", Int),
    ("official_sent", Int),
    ("official_received", Int),
    ("secret_refused", Int),
];

/// Rows of one key in the order of their accounts' addresses (ids differ between stores).
const BY_ADDRESS: &str = ", (SELECT address FROM accounts WHERE id = t.account_id)";

pub(crate) fn spec(table: Table) -> Spec {
    fn plain(table: &'static str, columns: &'static [(&'static str, Kind)]) -> Spec {
        Spec {
            table,
            scope: None,
            columns,
            order: "",
            child: None,
            identity: true,
        }
    }
    match table {
        Table::Queue => Spec {
            child: Some(("queue_recipients", "queue_id")),
            ..plain(
                "queue",
                &[
                    ("id", Int),
                    ("content_id", Content { owned: true }),
                    ("sender", Text),
                    ("envid", Text),
                    ("ret_full", Bool),
                    ("account_id", Account),
                    ("created_at", Int),
                    ("next_attempt", Int),
                    ("attempts", Int),
                    ("delay_notified", Bool),
                ],
            )
        },
        Table::QueueRecipients => Spec {
            order: ", t.address",
            identity: false,
            ..plain(
                "queue_recipients",
                &[
                    ("queue_id", Int),
                    ("address", Text),
                    ("orcpt", Text),
                    ("notify", Int),
                    ("state", Text),
                    ("last_attempt", Int),
                    ("last_reply", Text),
                    ("status", Text),
                    ("remote_mta", Text),
                ],
            )
        },
        Table::Quarantine => plain(
            "quarantine",
            &[
                ("id", Int),
                ("content_id", Content { owned: true }),
                ("sender", Text),
                ("recipients", Accounts),
                ("reason", Text),
                ("created_at", Int),
            ],
        ),
        Table::Documents => Spec {
            child: Some(("document_recipients", "document_id")),
            ..plain(
                "documents",
                &[
                    ("id", Int),
                    ("at", Int),
                    ("day", Int),
                    ("direction", Text),
                    ("doc_type", Text),
                    ("number", Text),
                    ("urgency", Text),
                    ("secrecy", Text),
                    ("mandatory", Bool),
                    ("sender", Text),
                    ("sender_agency_id", Agency),
                    ("recipient_agencies", Agencies),
                    ("recipients_local", Int),
                    ("recipients_external", Int),
                    ("subject", Text),
                    ("message_id", Text),
                    ("signature_status", Text),
                    ("signatures", Text),
                    ("recalled_at", Int),
                    ("recalled_by", Text),
                ],
            )
        },
        Table::DocumentRecipients => plain(
            "document_recipients",
            &[
                ("id", Int),
                ("document_id", Int),
                ("address", Text),
                ("account_id", Account),
                ("agency_id", Agency),
                ("remote_agency", Text),
                ("content_id", Content { owned: false }),
                ("delivered_at", Int),
                ("read_at", Int),
                ("receipt", Text),
                ("receipt_at", Int),
                ("remind_at", Int),
                ("escalate_at", Int),
                ("reminded_at", Int),
                ("escalated_at", Int),
            ],
        ),
        // Whole, by day (month) and account: their primary keys lead with the day (month),
        // so a read of one account's rows would go through every account's.
        Table::UsageDaily => Spec {
            order: BY_ADDRESS,
            identity: false,
            ..plain("usage_daily", &USAGE_DAILY)
        },
        Table::UsageMonthly => Spec {
            order: BY_ADDRESS,
            identity: false,
            ..plain("usage_monthly", &USAGE_MONTHLY)
        },
        Table::AuditLog => plain(
            "audit_log",
            &[
                ("id", Int),
                ("at", Int),
                ("actor", Text),
                ("action", Text),
                ("target", Text),
                ("detail", Text),
                ("source", Text),
            ],
        ),
        Table::RecallDocuments => plain(
            "recall_documents",
            &[
                ("id", Int),
                ("message_id", Text),
                ("direction", Text),
                ("sender", Text),
                ("sender_account", Account),
                ("doc_type", Text),
                ("number", Text),
                ("subject", Text),
                ("remote_recipients", Text),
                ("at", Int),
                ("recalled_at", Int),
                ("recalled_by", Text),
            ],
        ),
        Table::RecallRequests => plain(
            "recall_requests",
            &[
                ("id", Int),
                ("at", Int),
                ("kind", Text),
                ("account_id", Account),
                ("mailbox_id", Mailbox),
                ("uid", Int),
                ("message_id", Text),
                ("requester", Text),
                ("state", Text),
                ("outcome", Text),
                ("done_at", Int),
            ],
        ),
        Table::Expunged => Spec {
            scope: Some("mailbox_id"),
            identity: false,
            ..plain("expunged", &[("uid", Int), ("modseq", Int)])
        },
        Table::VacationSent => Spec {
            scope: Some("account_id"),
            order: ", t.sender, t.handle",
            identity: false,
            ..plain(
                "vacation_sent",
                &[
                    ("sent_at", Int),
                    ("sender", Text),
                    ("handle", Text),
                    ("expires_at", Int),
                ],
            )
        },
    }
}

/// The SQL dialect: placeholders and booleans differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Placeholder `n`, typed for PostgreSQL (so that a NULL has a type).
    fn p(self, n: usize, kind: Kind) -> String {
        match self {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => match kind {
                Int | Bool | Mailbox => format!("${n}::bigint"),
                _ => format!("${n}::text"),
            },
        }
    }
}

/// Every account's id and address, every agency's id and code (as text), for the lists.
pub(crate) const ACCOUNT_NAMES: &str = "SELECT CAST(id AS TEXT), address FROM accounts";
pub(crate) const AGENCY_NAMES: &str = "SELECT CAST(id AS TEXT), code FROM agencies";

/// Turns `(id, name)` pairs into the map from ids to names, or (`inverse`) from names to ids.
pub(crate) fn names(pairs: Vec<(String, String)>, inverse: bool) -> HashMap<String, String> {
    pairs
        .into_iter()
        .map(|(id, name)| if inverse { (name, id) } else { (id, name) })
        .collect()
}

impl Spec {
    /// The scope's id of `span`, which the table must have exactly when it is scoped.
    pub fn scope_of(&self, span: &Span) -> Result<Option<i64>> {
        match (self.scope, span.scope) {
            (Some(_), Some(id)) => Ok(Some(id)),
            (None, None) => Ok(None),
            _ => Err(StorageError::Invalid(format!(
                "{} is copied {}",
                self.table,
                if self.scope.is_some() {
                    "per account or mailbox"
                } else {
                    "whole"
                }
            ))),
        }
    }

    /// PostgreSQL: moves the identity past the copied keys, so new rows take fresh ones.
    pub fn identity_sql(&self) -> Option<String> {
        self.identity.then(|| {
            let (table, key) = (self.table, self.key());
            format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{key}'), \
                 (SELECT coalesce(max({key}), 0) + 1 FROM {table}), false)"
            )
        })
    }

    fn scope_where(&self, d: Dialect, n: usize) -> String {
        match self.scope {
            Some(column) => format!(" AND t.{column} = {}", d.p(n, Int)),
            None => String::new(),
        }
    }

    fn key(&self) -> &'static str {
        self.columns[0].0
    }

    /// Rows whose key is above parameter 1, the first parameter-2 rows' keys at most (every
    /// row of the last key included), in key order; parameter 3 is the scope's id.
    pub fn export_sql(&self, d: Dialect) -> String {
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|&(c, kind)| match kind {
                Int | Text | Accounts | Agencies => format!("t.{c}"),
                Bool => match d {
                    Dialect::Sqlite => format!("t.{c}"),
                    Dialect::Postgres => {
                        format!("CASE WHEN t.{c} THEN 1::bigint ELSE 0::bigint END")
                    }
                },
                Account => format!("(SELECT address FROM accounts WHERE id = t.{c})"),
                Agency => format!("(SELECT code FROM agencies WHERE id = t.{c})"),
                Mailbox => format!("(SELECT uidvalidity FROM mailboxes WHERE id = t.{c})"),
                Content { .. } => format!("(SELECT blob FROM contents WHERE id = t.{c})"),
            })
            .collect();
        let (table, key, scope) = (self.table, self.key(), self.scope_where(d, 3));
        let (after, limit) = (d.p(1, Int), d.p(2, Int));
        format!(
            "SELECT {} FROM {table} t WHERE t.{key} > {after}{scope} AND t.{key} <= \
             (SELECT max(k) FROM (SELECT t.{key} AS k FROM {table} t WHERE t.{key} > {after}{scope} \
             ORDER BY t.{key} LIMIT {limit}) s) ORDER BY t.{key}{}",
            columns.join(", "),
            self.order
        )
    }

    /// The range condition of a replacement: key above parameter 1 and, unless parameter 2
    /// is NULL, at most parameter 2; parameter 3 the scope's id.
    fn range(&self, d: Dialect) -> String {
        let key = self.key();
        format!(
            "t.{key} > {} AND ({} IS NULL OR t.{key} <= {}){}",
            d.p(1, Int),
            d.p(2, Int),
            d.p(2, Int),
            self.scope_where(d, 3)
        )
    }

    /// Deletes the rows of a child table whose parents are in the range.
    pub fn delete_children_sql(&self, d: Dialect) -> Option<String> {
        let (child, column) = self.child?;
        Some(format!(
            "DELETE FROM {child} WHERE {column} IN (SELECT t.{} FROM {} t WHERE {})",
            self.key(),
            self.table,
            self.range(d)
        ))
    }

    /// The contents the rows in the range hold a reference on, one per row.
    pub fn owned_contents_sql(&self, d: Dialect) -> Option<String> {
        let (column, _) = self
            .columns
            .iter()
            .find(|(_, k)| *k == Content { owned: true })?;
        Some(format!(
            "SELECT t.{column} FROM {} t WHERE {}",
            self.table,
            self.range(d)
        ))
    }

    pub fn delete_sql(&self, d: Dialect) -> String {
        format!("DELETE FROM {} AS t WHERE {}", self.table, self.range(d))
    }

    /// Inserts one row: its values are parameters 1…n, the scope's id n+1.
    pub fn insert_sql(&self, d: Dialect) -> String {
        let mut names: Vec<&str> = self.columns.iter().map(|&(c, _)| c).collect();
        let mut values: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, &(_, kind))| {
                let p = d.p(i + 1, kind);
                match kind {
                    Int | Text | Accounts | Agencies => p,
                    Bool => match d {
                        Dialect::Sqlite => p,
                        Dialect::Postgres => format!("({p} <> 0)"),
                    },
                    Account => format!("(SELECT id FROM accounts WHERE address = {p})"),
                    Agency => format!("(SELECT id FROM agencies WHERE code = {p})"),
                    Mailbox => format!("(SELECT id FROM mailboxes WHERE uidvalidity = {p})"),
                    Content { .. } => format!("(SELECT id FROM contents WHERE blob = {p})"),
                }
            })
            .collect();
        if let Some(scope) = self.scope {
            names.push(scope);
            values.push(d.p(self.columns.len() + 1, Int));
        }
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.table,
            names.join(", "),
            values.join(", ")
        )
    }

    /// PostgreSQL: inserts a page of rows in one statement: parameter i is the array of
    /// column i's values (`bigint[]` or `text[]`, as [`Dialect::p`] types them), the scope's
    /// id after them.
    pub fn insert_many_sql(&self) -> String {
        let mut names: Vec<&str> = self.columns.iter().map(|&(c, _)| c).collect();
        let arrays: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, &(_, kind))| format!("{}[]", Dialect::Postgres.p(i + 1, kind)))
            .collect();
        let aliases: Vec<String> = (1..=self.columns.len()).map(|i| format!("c{i}")).collect();
        let mut values: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, &(_, kind))| {
                let v = format!("u.c{}", i + 1);
                match kind {
                    Int | Text | Accounts | Agencies => v,
                    Bool => format!("({v} <> 0)"),
                    Account => format!("(SELECT id FROM accounts WHERE address = {v})"),
                    Agency => format!("(SELECT id FROM agencies WHERE code = {v})"),
                    Mailbox => format!("(SELECT id FROM mailboxes WHERE uidvalidity = {v})"),
                    Content { .. } => format!("(SELECT id FROM contents WHERE blob = {v})"),
                }
            })
            .collect();
        if let Some(scope) = self.scope {
            names.push(scope);
            values.push(Dialect::Postgres.p(self.columns.len() + 1, Int));
        }
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM unnest({}) AS u({})",
            self.table,
            names.join(", "),
            values.join(", "),
            arrays.join(", "),
            aliases.join(", ")
        )
    }

    /// The names of the contents the rows hold a reference on (to be in the target first).
    pub fn owned_blobs<'r>(&self, rows: &'r [Row]) -> Vec<&'r str> {
        let Some(i) = self
            .columns
            .iter()
            .position(|(_, k)| *k == Content { owned: true })
        else {
            return Vec::new();
        };
        rows.iter()
            .filter_map(|r| match r.get(i) {
                Some(Value::Text(hash)) => Some(hash.as_str()),
                _ => None,
            })
            .collect()
    }

    pub fn has_lists(&self) -> bool {
        self.columns
            .iter()
            .any(|(_, k)| matches!(k, Accounts | Agencies))
    }

    /// Checks that `rows` have this table's shape, and that their keys lie in the range.
    pub fn check_rows(&self, rows: &[Row], after: i64, upto: Option<i64>) -> Result<()> {
        for row in rows {
            if row.len() != self.columns.len() {
                return Err(StorageError::Invalid(format!(
                    "a row of {} has {} values, not {}",
                    self.table,
                    row.len(),
                    self.columns.len()
                )));
            }
            let in_range = match row.first() {
                Some(Value::Int(k)) => *k > after && upto.is_none_or(|u| *k <= u),
                _ => false,
            };
            if !in_range {
                return Err(StorageError::Invalid(format!(
                    "a row of {} outside the range it replaces",
                    self.table
                )));
            }
        }
        Ok(())
    }

    /// Replaces, in the list columns, each id by its name (`to_names`), or each name by its
    /// id (`to_ids`, from the inverse maps); one that is not found is left out (the account
    /// or agency is gone: the verification reports the difference).
    pub fn map_lists(
        &self,
        rows: &mut [Row],
        accounts: &HashMap<String, String>,
        agencies: &HashMap<String, String>,
    ) {
        for (i, &(_, kind)) in self.columns.iter().enumerate() {
            let map = match kind {
                Accounts => accounts,
                Agencies => agencies,
                _ => continue,
            };
            for row in rows.iter_mut() {
                if let Some(Value::Text(list)) = row.get_mut(i) {
                    *list = list
                        .split_whitespace()
                        .filter_map(|x| map.get(x).map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(" ");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_keyed_by_an_integer_first_column() {
        for table in Table::ALL {
            let spec = spec(table);
            assert_eq!(spec.columns[0].1, Int, "{}", spec.table);
            assert!(
                spec.columns.iter().all(|(c, _)| !c.is_empty()),
                "{}",
                spec.table
            );
        }
    }

    #[test]
    fn lists_map_both_ways_and_drop_what_is_unknown() {
        let spec = spec(Table::Quarantine);
        let mut rows = vec![vec![
            Value::Int(1),
            Value::Text("h".into()),
            Value::Text("a@x".into()),
            Value::Text("3 7 9".into()),
            Value::Text("secret".into()),
            Value::Int(5),
        ]];
        let names = HashMap::from([("3".into(), "an@x".into()), ("7".into(), "binh@x".into())]);
        spec.map_lists(&mut rows, &names, &HashMap::new());
        assert_eq!(rows[0][3], Value::Text("an@x binh@x".into()));
        let ids = HashMap::from([("an@x".into(), "12".into()), ("binh@x".into(), "4".into())]);
        spec.map_lists(&mut rows, &ids, &HashMap::new());
        assert_eq!(rows[0][3], Value::Text("12 4".into()));
    }

    #[test]
    fn rows_outside_the_range_or_of_another_shape_are_refused() {
        let spec = spec(Table::Expunged);
        let row = |k| vec![Value::Int(k), Value::Int(9)];
        assert!(spec.check_rows(&[row(3), row(5)], 2, Some(5)).is_ok());
        assert!(spec.check_rows(&[row(6)], 2, Some(5)).is_err());
        assert!(spec.check_rows(&[row(2)], 2, None).is_err());
        assert!(spec.check_rows(&[vec![Value::Int(3)]], 2, None).is_err());
    }
}
