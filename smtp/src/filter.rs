//! Sieve at local delivery: which recipients have scripts, their compiled forms (cached), and
//! running them with answers from storage.
//!
//! The hot path stays cheap. The list of accounts with an active script is cached; it is
//! checked against the scripts' generation number in the database at most once per
//! `RECHECK` (changes made by another process, such as `govmail sieve put`, apply within that
//! time) and at once after a change made through this process (ManageSieve). A message whose
//! recipients have no script, with no admin script configured, costs no database read and no
//! trip to the blocking pool (`Filters::none_for`). Compiled scripts are cached by account,
//! name and version, so a script is compiled once per change, not once per message.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use policy::sieve::{Engine, Host, Limits, Script};
use storage::{AccountId, StorageError, Store};

/// Settings of `[sieve]`.
#[derive(Debug, Clone)]
pub struct SieveSettings {
    /// The admin-wide script, run before every recipient's own (`[sieve] global_script`).
    /// `include :global "NAME"` finds `NAME.sieve` in the same directory.
    pub global_script: Option<PathBuf>,
    /// Redirects one account's scripts may send per hour; more are kept instead.
    pub max_redirects_per_hour: u32,
    pub limits: Limits,
}

impl Default for SieveSettings {
    fn default() -> Self {
        SieveSettings {
            global_script: None,
            max_redirects_per_hour: 60,
            limits: Limits::default(),
        }
    }
}

/// Accounts with an active script, as of one generation of the scripts table.
#[derive(Default)]
struct Active {
    generation: Option<i64>,
    /// Account → (name, version) of its active script.
    versions: HashMap<AccountId, (String, i64)>,
    /// When the generation was last read, and `Store::sieve_changes_here` then.
    checked: Option<(Instant, u64)>,
}

/// How long the list of accounts with scripts is trusted without asking the database.
const RECHECK: Duration = Duration::from_secs(1);

impl Active {
    fn current(&self, store: &Store) -> bool {
        self.checked
            .is_some_and(|(at, here)| at.elapsed() < RECHECK && here == store.sieve_changes_here())
    }
}

/// A compiled admin script and the modification time of the file it came from.
struct GlobalFile {
    modified: Option<SystemTime>,
    script: Option<Script>,
}

/// Most compiled user scripts kept; the cache is emptied when it grows past this.
const MAX_CACHED: usize = 4096;

/// Sieve state shared by every SMTP session.
pub struct Filters {
    pub settings: SieveSettings,
    pub engine: Engine,
    active: Mutex<Active>,
    compiled: Mutex<HashMap<(AccountId, String), (i64, Script)>>,
    global: Mutex<HashMap<PathBuf, GlobalFile>>,
    redirects: Mutex<HashMap<AccountId, VecDeque<Instant>>>,
}

impl std::fmt::Debug for Filters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filters")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// What to run for one recipient.
#[derive(Debug, Clone, Default)]
pub struct Scripts {
    pub global: Option<Script>,
    pub personal: Option<Script>,
    /// The name of the account's active script (for log lines).
    pub personal_name: Option<String>,
}

impl Scripts {
    pub fn is_empty(&self) -> bool {
        self.global.is_none() && self.personal.is_none()
    }
}

impl Filters {
    pub fn new(hostname: &str, settings: SieveSettings) -> Result<Filters, String> {
        Ok(Filters {
            engine: Engine::new(hostname, &settings.limits)?,
            settings,
            active: Mutex::new(Active::default()),
            compiled: Mutex::new(HashMap::new()),
            global: Mutex::new(HashMap::new()),
            redirects: Mutex::new(HashMap::new()),
        })
    }

    /// True when it is known without reading anything that none of `accounts` has a script to
    /// run and no admin script is configured: the delivery can skip Sieve entirely. False
    /// means "look" (`scripts_for`), not necessarily that there are scripts.
    pub fn none_for(&self, store: &Store, accounts: &[AccountId]) -> bool {
        if self.settings.global_script.is_some() {
            return false;
        }
        let active = self.active.lock().unwrap_or_else(|p| p.into_inner());
        active.current(store) && accounts.iter().all(|a| !active.versions.contains_key(a))
    }

    /// The scripts to run for each of `accounts` (blocking: reads storage), or None when no
    /// recipient has any (the common case, which then costs one small read).
    pub fn scripts_for(
        &self,
        store: &Store,
        accounts: &[AccountId],
    ) -> Result<Option<Vec<Scripts>>, StorageError> {
        let global = self
            .settings
            .global_script
            .as_deref()
            .and_then(|path| self.global_file(path));
        let versions = self.active_versions(store, accounts)?;
        if global.is_none() && versions.iter().all(Option::is_none) {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(accounts.len());
        for (account, version) in accounts.iter().zip(versions) {
            let (personal, personal_name) = match version {
                Some((name, version)) => (
                    self.active_script(store, *account, &name, version)?,
                    Some(name),
                ),
                None => (None, None),
            };
            out.push(Scripts {
                global: global.clone(),
                personal,
                personal_name,
            });
        }
        Ok(Some(out))
    }

    /// The version of each account's active script, reloading the list when the generation
    /// moved.
    fn active_versions(
        &self,
        store: &Store,
        accounts: &[AccountId],
    ) -> Result<Vec<Option<(String, i64)>>, StorageError> {
        let mut active = self.active.lock().unwrap_or_else(|p| p.into_inner());
        if !active.current(store) {
            // Read the local count first: a change made meanwhile makes the next look recheck.
            let here = store.sieve_changes_here();
            let generation = store.sieve_generation()?;
            if active.generation != Some(generation) {
                let (generation, list) = store.sieve_active_versions()?;
                active.generation = Some(generation);
                active.versions = list
                    .into_iter()
                    .map(|(account, name, version)| (account, (name, version)))
                    .collect();
            }
            active.checked = Some((Instant::now(), here));
        }
        Ok(accounts
            .iter()
            .map(|a| active.versions.get(a).cloned())
            .collect())
    }

    /// The account's active script, compiled (from the cache when its version matches).
    fn active_script(
        &self,
        store: &Store,
        account: AccountId,
        name: &str,
        version: i64,
    ) -> Result<Option<Script>, StorageError> {
        {
            let cache = self.compiled.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((v, script)) = cache.get(&(account, name.to_string()))
                && *v == version
            {
                return Ok(Some(script.clone()));
            }
        }
        let Some(stored) = store.sieve_active(account)? else {
            return Ok(None);
        };
        Ok(self.compile_cached(account, &stored.name, stored.version, &stored.content))
    }

    fn compile_cached(
        &self,
        account: AccountId,
        name: &str,
        version: i64,
        content: &str,
    ) -> Option<Script> {
        let key = (account, name.to_string());
        let mut cache = self.compiled.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((v, script)) = cache.get(&key)
            && *v == version
        {
            return Some(script.clone());
        }
        match policy::sieve::compile(content) {
            Ok(script) => {
                if cache.len() >= MAX_CACHED {
                    cache.clear();
                }
                cache.insert(key, (version, script.clone()));
                Some(script)
            }
            Err(e) => {
                // Stored scripts were compiled when stored; this one no longer compiles
                // (e.g. an extension was turned off). Deliver as if it were not there.
                tracing::warn!(account, script = %name, error = %e, "Sieve script does not compile; ignored");
                None
            }
        }
    }

    /// A compiled admin script file, recompiled when the file changes. A missing or invalid
    /// file is logged and skipped (mail must still be delivered).
    fn global_file(&self, path: &Path) -> Option<Script> {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let mut files = self.global.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(file) = files.get(path)
            && file.modified == modified
        {
            return file.script.clone();
        }
        let script = match std::fs::read_to_string(path) {
            Ok(text) => match policy::sieve::compile(&text) {
                Ok(script) => Some(script),
                Err(e) => {
                    tracing::error!(path = %path.display(), error = %e, "admin Sieve script does not compile; not run");
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %path.display(), "admin Sieve script not found; not run");
                None
            }
            Err(e) => {
                tracing::error!(path = %path.display(), error = %e, "admin Sieve script unreadable; not run");
                None
            }
        };
        files.insert(
            path.to_path_buf(),
            GlobalFile {
                modified,
                script: script.clone(),
            },
        );
        script
    }

    /// Whether `account` may redirect one more message now (a sliding hour); counts it if so.
    pub fn allow_redirect(&self, account: AccountId) -> bool {
        let now = Instant::now();
        let hour = Duration::from_secs(3600);
        let mut all = self.redirects.lock().unwrap_or_else(|p| p.into_inner());
        let sent = all.entry(account).or_default();
        while sent.front().is_some_and(|t| now.duration_since(*t) >= hour) {
            sent.pop_front();
        }
        if sent.len() >= self.settings.max_redirects_per_hour as usize {
            return false;
        }
        sent.push_back(now);
        true
    }
}

/// Answers a run's questions for one recipient account from storage.
pub struct StoreHost<'a> {
    pub filters: &'a Filters,
    pub store: &'a Store,
    pub account: AccountId,
    /// The account's own address.
    pub address: &'a str,
    pub now: i64,
}

impl StoreHost<'_> {
    /// Whether the account has a mailbox of exactly this (normalised) name.
    fn has_mailbox(&self, name: &str) -> bool {
        self.store.get_mailbox(self.account, name).is_ok()
    }
}

impl Host for StoreHost<'_> {
    fn include(&mut self, name: &str, global: bool) -> Result<Option<Script>, String> {
        if global {
            // `include :global "NAME"`: NAME.sieve next to the admin script. Names that could
            // leave that directory are refused.
            let Some(dir) = self
                .filters
                .settings
                .global_script
                .as_deref()
                .and_then(Path::parent)
            else {
                return Ok(None);
            };
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Ok(None);
            }
            return Ok(self.filters.global_file(&dir.join(format!("{name}.sieve"))));
        }
        match self.store.sieve_get(self.account, name) {
            Ok(s) => Ok(self
                .filters
                .compile_cached(self.account, &s.name, s.version, &s.content)),
            Err(StorageError::NotFound { .. }) => Ok(None),
            Err(e) => Err(format!("reading the Sieve script {name:?}: {e}")),
        }
    }

    /// As `fileinto` finds mailboxes: the name as written, or its modified UTF-7 reading
    /// (see [`policy::sieve::folder`]), so that `mailboxexists` and `fileinto` agree.
    fn mailbox_exists(&mut self, name: &str) -> bool {
        matches!(
            policy::sieve::folder(name, &mut |n| self.has_mailbox(n)),
            policy::sieve::Folder::Existing(_)
        )
    }

    fn vacation_should_reply(&mut self, sender: &str, handle: &str, period: u64) -> bool {
        match self
            .store
            .vacation_should_reply(self.account, sender, handle, period, self.now)
        {
            Ok(reply) => reply,
            Err(e) => {
                // Better no reply than a reply on every message.
                tracing::warn!(account = self.account, error = %e, "vacation record not readable; no reply sent");
                false
            }
        }
    }

    fn owns_address(&mut self, address: &str) -> bool {
        if address.trim().eq_ignore_ascii_case(self.address) {
            return true;
        }
        // Asked only for a vacation reply with a :from other than the account's address.
        match self.store.list_aliases(self.address) {
            Ok(aliases) => aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(address.trim())),
            Err(e) => {
                tracing::warn!(account = %self.address, error = %e, "aliases not readable; vacation :from not used");
                false
            }
        }
    }
}

/// The header field that marks a copy redirected by one of our accounts' scripts; a message
/// already carrying it for an account is not redirected by that account again (RFC 5228
/// §4.2: implementations should detect and avoid redirect loops).
pub const REDIRECT_MARK: &str = "X-Govmail-Sieve-Redirect";

/// Whether the header section of `raw` has `X-Govmail-Sieve-Redirect: <address>`.
pub fn redirected_by(raw: &[u8], address: &str) -> bool {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    raw[..end].split(|&b| b == b'\n').any(|line| {
        let line = String::from_utf8_lossy(line);
        line.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case(REDIRECT_MARK)
                && value.trim().eq_ignore_ascii_case(address)
        })
    })
}

/// What every recipient's INBOX copy gets before Sieve: the mailbox (Junk for a DMARC
/// quarantine) and the keywords of the document rules.
pub struct Base {
    pub junk: bool,
    pub keywords: Vec<String>,
}

impl Base {
    pub fn target(&self, account: AccountId) -> storage::DeliveryTarget {
        let mut target = storage::DeliveryTarget::inbox(account);
        if self.junk {
            target.mailbox = "Junk".into();
        }
        target.keywords = self.keywords.clone();
        target
    }
}

/// A vacation reply to send after the message is stored.
pub struct PendingVacation {
    pub address: String,
    pub display_name: String,
    pub reply: policy::sieve::VacationReply,
}

/// What delivery does once Sieve has run for every local recipient.
#[derive(Default)]
pub struct Plan {
    /// Local copies: kept and filed ones, and redirects to local accounts (same blob, same
    /// transaction).
    pub targets: Vec<storage::DeliveryTarget>,
    /// Redirects to remote addresses: (redirecting account's address, destination).
    pub remote_redirects: Vec<(String, String)>,
    /// Rejected recipients (RCPT address) with the script's reason (RFC 5429).
    pub rejects: Vec<(String, String)>,
    pub vacations: Vec<PendingVacation>,
}

/// Splits flag names from a script into system flags and keywords storage accepts;
/// anything else is dropped with a log line (a bad keyword must not fail the delivery).
fn apply_flags(target: &mut storage::DeliveryTarget, names: &[String]) {
    for name in names {
        if let Some(flag) = storage::Flags::from_name(name) {
            target.flags = target.flags.union(flag);
        } else if storage::check_keyword(name).is_ok() {
            if !target.keywords.contains(name) {
                target.keywords.push(name.clone());
            }
        } else {
            tracing::info!(flag = %name, "Sieve flag is not a valid IMAP flag or keyword; ignored");
        }
    }
}

/// Adds a copy, merging it with one for the same account and mailbox (RFC 5228 §2.10.3:
/// the same message is not filed twice into one mailbox).
fn add_target(targets: &mut Vec<storage::DeliveryTarget>, new: storage::DeliveryTarget) {
    if let Some(t) = targets
        .iter_mut()
        .find(|t| t.account == new.account && t.mailbox == new.mailbox)
    {
        t.flags = t.flags.union(new.flags);
        t.create |= new.create;
        for k in new.keywords {
            if !t.keywords.contains(&k) {
                t.keywords.push(k);
            }
        }
    } else {
        targets.push(new);
    }
}

/// Everything a Sieve pass needs about the message (blocking work, run off the runtime).
pub struct Pass<'a> {
    pub filters: &'a Filters,
    pub store: &'a Store,
    pub raw: &'a [u8],
    pub mail_from: &'a str,
    /// Local recipients: account and the RCPT address.
    pub recipients: &'a [(AccountId, String)],
    pub base: &'a Base,
    /// DMARC quarantine: the sender is likely forged, so no redirect and no vacation reply.
    pub suspicious: bool,
    pub now: i64,
}

/// Runs Sieve for every local recipient and turns the outcomes into a delivery plan; None
/// when nobody has a script (deliver as usual). Blocking.
pub fn plan(pass: &Pass<'_>) -> Result<Option<Plan>, StorageError> {
    let accounts: Vec<AccountId> = pass.recipients.iter().map(|(a, _)| *a).collect();
    let Some(scripts) = pass.filters.scripts_for(pass.store, &accounts)? else {
        return Ok(None);
    };
    let parsed = storage::mime::parse(pass.raw);
    let mut plan = Plan::default();
    for ((account, rcpt), scripts) in pass.recipients.iter().zip(scripts) {
        let (account, base) = (*account, pass.base.target(*account));
        let (Some(parsed), false) = (&parsed, scripts.is_empty()) else {
            add_target(&mut plan.targets, base);
            continue;
        };
        let owner = pass.store.get_account_by_id(account)?;
        let mut host = StoreHost {
            filters: pass.filters,
            store: pass.store,
            account,
            address: &owner.address,
            now: pass.now,
        };
        let outcome = pass.filters.engine.run(
            parsed,
            policy::sieve::Envelope {
                from: pass.mail_from,
                to: rcpt,
                user: &owner.address,
            },
            scripts.global.as_ref(),
            scripts.personal.as_ref(),
            &mut host,
        );
        if let Some(e) = &outcome.error {
            tracing::warn!(account = %owner.address, error = %e, "Sieve script failed; message kept in INBOX (RFC 5228 §2.10.6)");
        }
        let mut stored = false;
        for action in outcome.actions {
            use policy::sieve::Action;
            match action {
                Action::Keep { flags } => {
                    let mut target = base.clone();
                    apply_flags(&mut target, &flags);
                    add_target(&mut plan.targets, target);
                    stored = true;
                }
                Action::FileInto {
                    mailbox,
                    flags,
                    create,
                } => {
                    let mut target = base.clone();
                    let script = scripts.personal_name.as_deref().unwrap_or("(global)");
                    use policy::sieve::Folder;
                    match policy::sieve::folder(&mailbox, &mut |n| host.has_mailbox(n)) {
                        // Units' mailboxes are filed into by their own scripts, not by a
                        // person's: a mailbox created there could never be shown.
                        Folder::Existing(name) | Folder::Missing { name, .. }
                            if storage::in_shared_namespace(&name) =>
                        {
                            tracing::info!(account = %owner.address, script = %script, mailbox = %name, "Sieve fileinto: the shared namespace is not filed into; delivered to INBOX")
                        }
                        // The name as written, or its modified UTF-7 reading (Roundcube's).
                        Folder::Existing(name) => target.mailbox = name,
                        // RFC 5490 §3.2: `:create` makes the mailbox, by the name as
                        // written (Sieve strings are UTF-8).
                        Folder::Missing { name, .. } if create => {
                            target.mailbox = name;
                            target.create = true;
                        }
                        // RFC 5228 §4.1 leaves a missing mailbox to the implementation; as
                        // Dovecot's Pigeonhole does without :create, it is an error that
                        // ends in keep: INBOX (RFC 5228 §2.10.6).
                        Folder::Missing { name, decoded } => {
                            tracing::info!(account = %owner.address, script = %script, mailbox = %name, decoded = %decoded.as_deref().unwrap_or(""), "Sieve fileinto: no such mailbox; delivered to INBOX")
                        }
                        Folder::Invalid(error) => {
                            tracing::info!(account = %owner.address, script = %script, mailbox = %mailbox, %error, "Sieve fileinto: bad mailbox name; delivered to INBOX")
                        }
                    }
                    apply_flags(&mut target, &flags);
                    add_target(&mut plan.targets, target);
                    stored = true;
                }
                Action::Redirect { address } => {
                    let refused = if pass.suspicious {
                        Some("the message failed DMARC")
                    } else if redirected_by(pass.raw, &owner.address) {
                        Some("it was already redirected by this account (loop)")
                    } else if !pass.filters.allow_redirect(account) {
                        Some("the account's hourly redirect limit is reached")
                    } else {
                        None
                    };
                    if let Some(why) = refused {
                        tracing::info!(account = %owner.address, to = %address, why, "Sieve redirect not done; message kept");
                        add_target(&mut plan.targets, base.clone());
                        stored = true;
                        continue;
                    }
                    match pass.store.resolve_recipient(&address)? {
                        Some(local) if local.status == storage::AccountStatus::Active => {
                            add_target(
                                &mut plan.targets,
                                storage::DeliveryTarget::inbox(local.account),
                            );
                        }
                        Some(_) => {
                            tracing::info!(account = %owner.address, to = %address, "Sieve redirect to a disabled account; message kept");
                            add_target(&mut plan.targets, base.clone());
                            stored = true;
                        }
                        None => plan.remote_redirects.push((owner.address.clone(), address)),
                    }
                }
                Action::Reject { reason, .. } => plan.rejects.push((rcpt.clone(), reason)),
                Action::Vacation(reply) => {
                    if let Some(from) = &reply.refused_from {
                        tracing::warn!(account = %owner.address, from = %from, "Sieve vacation :from is not one of the account's addresses; the reply comes from the account");
                    }
                    if !pass.suspicious {
                        plan.vacations.push(PendingVacation {
                            address: owner.address.clone(),
                            display_name: owner.display_name.clone(),
                            reply,
                        });
                    }
                }
            }
        }
        if !stored {
            tracing::debug!(account = %owner.address, "Sieve: message not stored for this recipient");
        }
    }
    Ok(Some(plan))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path: no read while the cached list is current; a change made through this
    /// store is seen at once, one made by another process (another Store on the same files,
    /// as `govmail sieve put` is) within RECHECK.
    #[test]
    fn recipients_without_scripts_cost_nothing_and_changes_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let server = Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
        server.add_domain("demo.gov.vn").unwrap();
        server.add_agency("UBND", "Ủy ban", None, None).unwrap();
        let account = |local: &str| {
            server
                .create_account(storage::NewAccount {
                    address: format!("{local}@demo.gov.vn"),
                    display_name: local.into(),
                    agency_code: "UBND".into(),
                    kind: storage::AccountKind::Personal,
                    password_hash: "x".into(),
                    quota: storage::Quota::default(),
                })
                .unwrap()
                .id
        };
        let (a, b) = (account("a"), account("b"));
        let filters = Filters::new("mail.demo.gov.vn", SieveSettings::default()).unwrap();
        assert!(!filters.none_for(&server, &[a]), "nothing known yet: look");
        assert!(filters.scripts_for(&server, &[a]).unwrap().is_none());
        assert!(
            filters.none_for(&server, &[a, b]),
            "known: no scripts, no read"
        );
        // Another process activates a script for `a`.
        let cli = Store::open(dir.path(), storage::OpenMode::MustExist).unwrap();
        cli.sieve_put(a, "loc", "keep;", true).unwrap();
        std::thread::sleep(RECHECK + Duration::from_millis(100));
        assert!(
            !filters.none_for(&server, &[a]),
            "stale after RECHECK: look"
        );
        assert!(filters.scripts_for(&server, &[a]).unwrap().is_some());
        assert!(!filters.none_for(&server, &[a]));
        assert!(filters.none_for(&server, &[b]));
        // ManageSieve in this process gives `b` a script: seen without waiting.
        server.sieve_put(b, "loc", "keep;", true).unwrap();
        assert!(!filters.none_for(&server, &[b]));
        assert!(filters.scripts_for(&server, &[b]).unwrap().is_some());
        cli.shutdown();
        server.shutdown();
    }

    /// Roundcube's filter editor writes `fileinto "L&AbA-u tr&Hu8- 2026"` (modified UTF-7)
    /// for the folder "Lưu trữ 2026": delivery files there, not into INBOX; a name that is
    /// no folder either way still ends in INBOX.
    #[test]
    fn a_modified_utf7_fileinto_name_files_into_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
        store.add_domain("demo.gov.vn").unwrap();
        store.add_agency("UBND", "Ủy ban", None, None).unwrap();
        let account = store
            .create_account(storage::NewAccount {
                address: "annv@demo.gov.vn".into(),
                display_name: "Nguyễn Văn An".into(),
                agency_code: "UBND".into(),
                kind: storage::AccountKind::Personal,
                password_hash: "x".into(),
                quota: storage::Quota::default(),
            })
            .unwrap()
            .id;
        store.create_mailbox(account, "Lưu trữ 2026", None).unwrap();
        let script = "require [\"fileinto\"];\r\n# rule:[Lưu trữ]\r\n\
            if header :contains \"subject\" \"Báo cáo\"\r\n{\r\n\tfileinto \"L&AbA-u tr&Hu8- 2026\";\r\n}\r\n\
            if header :contains \"subject\" \"Giấy mời\" { fileinto \"Gi&AOU-y m&Hs0-i\"; }\r\n";
        store.sieve_put(account, "roundcube", script, true).unwrap();
        let filters = Filters::new("mail.demo.gov.vn", SieveSettings::default()).unwrap();
        let base = Base {
            junk: false,
            keywords: Vec::new(),
        };
        let recipients = [(account, "annv@demo.gov.vn".to_string())];
        let mailbox_for = |subject: &str| {
            let raw = format!("From: a@b.vn\r\nSubject: {subject}\r\n\r\nNội dung\r\n");
            let pass = Pass {
                filters: &filters,
                store: &store,
                raw: raw.as_bytes(),
                mail_from: "a@b.vn",
                recipients: &recipients,
                base: &base,
                suspicious: false,
                now: 0,
            };
            let plan = plan(&pass).unwrap().unwrap();
            assert_eq!(plan.targets.len(), 1);
            (plan.targets[0].mailbox.clone(), plan.targets[0].create)
        };
        assert_eq!(
            mailbox_for("Báo cáo tháng 11"),
            ("Lưu trữ 2026".to_string(), false)
        );
        assert_eq!(mailbox_for("Giấy mời họp"), ("INBOX".to_string(), false));
        store.shutdown();
    }

    #[test]
    fn the_redirect_mark_is_found_in_the_header_only() {
        let raw = b"Subject: x\r\nX-Govmail-Sieve-Redirect:  AnNV@demo.gov.vn\r\n\r\n\
                    X-Govmail-Sieve-Redirect: other@demo.gov.vn\r\n";
        assert!(redirected_by(raw, "annv@demo.gov.vn"));
        assert!(!redirected_by(raw, "other@demo.gov.vn"));
        assert!(!redirected_by(b"Subject: x\r\n\r\n", "annv@demo.gov.vn"));
    }

    #[test]
    fn copies_for_one_mailbox_are_merged() {
        let mut targets = Vec::new();
        let mut a = storage::DeliveryTarget::inbox(1);
        apply_flags(&mut a, &["\\Seen".into(), "bad keyword(".into()]);
        add_target(&mut targets, a);
        let mut b = storage::DeliveryTarget::inbox(1);
        apply_flags(&mut b, &["$Important".into()]);
        add_target(&mut targets, b);
        add_target(&mut targets, storage::DeliveryTarget::inbox(2));
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0].flags, storage::Flags::SEEN);
        assert_eq!(targets[0].keywords, ["$Important"]);
    }

    #[test]
    fn redirects_are_limited_per_account_per_hour() {
        let settings = SieveSettings {
            max_redirects_per_hour: 2,
            ..SieveSettings::default()
        };
        let filters = Filters::new("mx.demo.gov.vn", settings).expect("filters");
        assert!(filters.allow_redirect(7));
        assert!(filters.allow_redirect(7));
        assert!(!filters.allow_redirect(7));
        assert!(filters.allow_redirect(8));
    }
}
