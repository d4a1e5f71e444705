//! The command line, declared with clap. Help texts are English with the official Vietnamese
//! terms where administrators know them by those names.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "govmail",
    version,
    about = "govmail: mail server for Vietnamese government agencies (SMTP, IMAP, official \
             documents, usage reports)",
    long_about = None
)]
pub struct Cli {
    /// Configuration file [default: ./govmail.toml, or $GOVMAIL_CONFIG]
    #[arg(long, global = true, env = "GOVMAIL_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new server directory: govmail.toml, data directory, self-signed TLS certificate
    Init {
        /// Directory to create (must be empty or absent)
        dir: PathBuf,
        /// The official domain to serve, e.g. quangngai.gov.vn
        #[arg(long)]
        domain: String,
        /// The server's host name [default: mail.<domain>]
        #[arg(long)]
        hostname: Option<String>,
        /// Where mail is stored [default: DIR/data], e.g. /var/lib/govmail
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// The agency running the server, e.g. "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"
        /// (the certificate's O=, the provider name mail clients show)
        #[arg(long)]
        organization: Option<String>,
        /// Make the web console's first administrator: this address (e.g. quantri, or
        /// quantri@DOMAIN) with a one-time password printed once, in the root agency
        #[arg(long, value_name = "ADDRESS")]
        admin: Option<String>,
        /// The administrator's full name [default: "Quản trị hệ thống"]
        #[arg(long, requires = "admin")]
        admin_name: Option<String>,
        /// The root agency's code for --admin, created if absent (its name is --organization,
        /// else the domain) [default: the domain's first label, e.g. QUANGNGAI]
        #[arg(long, requires = "admin", value_name = "CODE")]
        agency: Option<String>,
    },
    /// Create ./govmail-demo with a demo agency tree and accounts (if absent), then serve it
    Demo {
        #[arg(long, default_value = "govmail-demo")]
        dir: PathBuf,
        /// Add this to every default port (2525 → 2525+N, …) when creating the demo, e.g. to
        /// run it beside another mail server
        #[arg(long, default_value_t = 0)]
        port_offset: u16,
    },
    /// Start every configured service; stops cleanly on Ctrl-C or SIGTERM
    Serve {
        /// Log lines as "human" text (default) or "json" (one object per line, for collectors)
        #[arg(long, value_enum, default_value_t = LogFormat::Human)]
        log_format: LogFormat,
    },
    /// Verify the store: blobs against metadata, quota counters against messages
    Check {
        /// Fix counters and remove unreferenced files (never deletes mail)
        #[arg(long)]
        repair: bool,
        /// Also re-read every message file and verify its checksum
        #[arg(long)]
        deep: bool,
        #[arg(long)]
        json: bool,
    },
    /// Copy the whole store (database and every message) into DIR while serving; verified
    Backup {
        /// A new or empty directory, e.g. /var/backups/govmail/2026-11-21
        dir: PathBuf,
    },
    /// Restore a backup into this instance's data directory (server stopped, no mail yet)
    Restore { dir: PathBuf },
    /// Move an account's mail over from an old system: a Maildir folder or an mbox file
    /// (flags and dates kept; a second run skips what is already there)
    Import {
        #[arg(value_enum)]
        format: MailFormat,
        /// The account's address, e.g. annv@quangngai.gov.vn
        account: String,
        /// The Maildir folder (with cur/ and new/) or the mbox file
        path: PathBuf,
        /// Mailbox (folder) to import into; created if missing
        #[arg(long, default_value = "INBOX")]
        mailbox: String,
    },
    /// The audit log (nhật ký quản trị): who changed what, when and from where, on the web
    /// console and with role commands; newest first
    Audit {
        /// From this day (YYYY-MM-DD, Vietnam time) on
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        /// Only what this account (or `cli:USER`) did
        #[arg(long, value_name = "ADDRESS")]
        actor: Option<String>,
        /// At most this many lines
        #[arg(long, default_value_t = 200)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Served domains (tên miền)
    #[command(subcommand)]
    Domain(DomainCmd),
    /// Agencies (cơ quan, đơn vị) as a tree: province, sở/ban/ngành, huyện, xã/phường
    #[command(subcommand)]
    Agency(AgencyCmd),
    /// Accounts (hộp thư): issue addresses, passwords, quotas, aliases
    #[command(subcommand)]
    User(UserCmd),
    /// Outbound mail waiting for delivery (hàng đợi thư gửi đi)
    #[command(subcommand)]
    Queue(QueueCmd),
    /// The store as a whole: move it to another backend (SQLite to PostgreSQL + S3)
    #[command(subcommand)]
    Store(StoreCmd),
    /// Recall (thu hồi) an official document sent by mistake (Nghị định 30/2020 Điều 18.4b):
    /// the running server takes it out of every local recipient's mailbox, tells them and the
    /// sender, and sends the recipients' servers elsewhere a recall notice
    Recall {
        /// The document's Message-ID, with or without angle brackets
        #[arg(long)]
        message_id: Option<String>,
        /// Who recalls: the sender, or a văn thư granted on the sending agency's unit mailbox
        #[arg(long, requires = "message_id")]
        by: Option<String>,
        /// Show the recall requests and what became of them instead
        #[arg(long, conflicts_with = "message_id")]
        list: bool,
    },
    /// DKIM signing keys (chữ ký DKIM) for outgoing mail
    #[command(subcommand)]
    Dkim(DkimCmd),
    /// Print every DNS record (bản ghi DNS) a served domain needs, ready to paste into its
    /// zone or the DNS portal: MX, SPF, DKIM, DMARC, SRV for mail clients (RFC 6186/8314),
    /// autoconfig/autodiscover, MTA-STS, TLS-RPT; --check looks them up
    Dns {
        /// The domain, e.g. quangngai.gov.vn
        domain: String,
        /// Look each record up and say which are missing or wrong (exit status 1 if any)
        #[arg(long)]
        check: bool,
        /// The server's public address, for its A/AAAA records (repeat for IPv4 and IPv6)
        #[arg(long = "address", value_name = "IP")]
        addresses: Vec<std::net::IpAddr>,
        /// DNS server to ask with --check ("ip:port") [default: [smtp] dns_resolver, or the
        /// system's]
        #[arg(long, value_name = "IP:PORT")]
        resolver: Option<std::net::SocketAddr>,
    },
    /// Official documents (văn bản hành chính): recognition and exchange rules
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Received mail held for the administrator (cách ly), e.g. documents marked secret
    #[command(subcommand)]
    Quarantine(QuarantineCmd),
    /// Reports (báo cáo): the register of official documents exchanged by e-mail
    #[command(subcommand)]
    Report(ReportCmd),
    /// Mail filters (bộ lọc thư, Sieve scripts) of an account: sort into folders, auto-reply
    /// while away (trả lời tự động khi đi công tác), forward. Users manage theirs over
    /// ManageSieve; these commands do it for them
    #[command(subcommand)]
    Sieve(SieveCmd),
}

#[derive(Debug, Subcommand)]
pub enum SieveCmd {
    /// An account's scripts; the active one (the one that runs) is marked
    List {
        /// The account's address, e.g. annv@quangngai.gov.vn
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Print a script
    Get { account: String, name: String },
    /// Store a script (replacing one of the same name) after checking it; an invalid script
    /// is refused with the line of the mistake
    Put {
        account: String,
        name: String,
        /// The script file, or - to read standard input
        file: PathBuf,
        /// Make it the active script
        #[arg(long)]
        activate: bool,
    },
    /// Make a script the one that runs on new mail, or none (--none)
    Activate {
        account: String,
        #[arg(required_unless_present = "none", conflicts_with = "none")]
        name: Option<String>,
        /// Deactivate the account's filters
        #[arg(long)]
        none: bool,
    },
    /// Delete a script (not the active one: activate another or --none first)
    Delete { account: String, name: String },
    /// Check a script file without storing it
    Check {
        /// The script file, or - to read standard input
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    /// One self-contained page with charts (report usage only)
    Html,
}

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// The follow-up list: addresses never used in the period, and agencies with staff who
    /// have no address yet
    Inactive {
        #[arg(long)]
        period: crate::period::Period,
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Use of official mail per agency: addresses issued, active and regular users, messages
    /// and official documents, rolled up the agency tree
    Usage {
        /// 2026-10 (month), 2026-Q3 (quarter), 2026 (year) or 2026-01-01..2026-03-31
        #[arg(long)]
        period: crate::period::Period,
        /// Start the tree at this agency
        #[arg(long)]
        agency: Option<String>,
        /// Show this many levels of the tree (1: the top agency only)
        #[arg(long)]
        depth: Option<usize>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The exchange register: official documents sent, received or refused in a period
    Documents {
        /// 2026-10 (month), 2026-Q3 (quarter), 2026 (year) or 2026-01-01..2026-03-31
        #[arg(long)]
        period: crate::period::Period,
        /// Only documents sent or received by this agency or the agencies under it
        #[arg(long)]
        agency: Option<String>,
        /// Only this document type, e.g. giay-moi
        #[arg(long = "type")]
        doc_type: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write to this file instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Receipt and read tracking: for each official document, each recipient's delivered and
    /// read times and the receipt sent (never the content of anyone's mailbox)
    Tracking {
        /// Only the document with this number (số/ký hiệu), e.g. 45/GM-UBND
        #[arg(long)]
        number: Option<String>,
        /// Only documents sent by this address
        #[arg(long = "from")]
        sender: Option<String>,
        /// 2026-10 (month), 2026-Q3 (quarter), 2026 (year) or 2026-01-01..2026-03-31;
        /// default: every tracked document
        #[arg(long)]
        period: Option<crate::period::Period>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write to this file instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum QuarantineCmd {
    /// Messages held back (e.g. secret-marked documents received by e-mail)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print one held message in full (headers and body, as received)
    Show { id: i64 },
    /// Deliver a held message to its recipients after all
    Release { id: i64 },
    /// Delete a held message for good
    Delete { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum PolicyCmd {
    /// Recognise the official document in each .eml file: type, số/ký hiệu, urgency, secrecy
    Classify {
        /// One JSON object per line (JSON Lines), in the order given
        #[arg(long)]
        json: bool,
        /// Show the evidence behind each result
        #[arg(long, conflicts_with = "json")]
        explain: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DkimCmd {
    /// Create an RSA-2048 signing key for DOMAIN and print the DNS TXT record to publish;
    /// takes effect at the next `govmail serve` start
    Generate {
        domain: String,
        /// DNS selector: the record is SELECTOR._domainkey.DOMAIN
        #[arg(long, default_value = "govmail")]
        selector: String,
        /// Replace an existing key of this domain (publish the new record first)
        #[arg(long)]
        force: bool,
    },
    /// Print the DNS TXT record of DOMAIN's key again
    Show { domain: String },
    /// List the domains that have a signing key
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MailFormat {
    Maildir,
    Mbox,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum StoreCmd {
    /// Copy this configuration's store into the store CONFIG names (e.g. PostgreSQL and an
    /// S3 bucket), keeping UIDVALIDITY, UIDs, MODSEQs, flags, dates, accounts with their
    /// passwords, aliases, quotas, roles, grants and Sieve scripts; verified after copying.
    /// Run it again to catch up (only what is new is copied); the last run with the server
    /// stopped
    Migrate {
        /// The target's govmail.toml (its [storage] and [storage.blobs] say where)
        #[arg(long, value_name = "CONFIG")]
        to: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum QueueCmd {
    /// List queued messages: id, age, sender, recipients still pending, last error
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one queued message with every recipient's state and the last remote reply
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Try again now: one message, or every message with --all
    Retry {
        #[arg(required_unless_present = "all")]
        id: Option<i64>,
        #[arg(long, conflicts_with = "id")]
        all: bool,
    },
    /// Delete a queued message without delivering it (the sender is not notified)
    Remove { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum DomainCmd {
    /// Serve a new domain
    Add { name: String },
    /// List served domains with their account counts
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop serving a domain (refused while accounts or aliases use it)
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum AgencyCmd {
    /// Add an agency, e.g. `agency add STTTT "Sở Thông tin và Truyền thông" --parent UBND`
    Add {
        /// Short code (mã đơn vị): letters, digits, '_', '.', '-'
        code: String,
        /// Full name with diacritics
        name: String,
        /// Code of the parent agency
        #[arg(long)]
        parent: Option<String>,
        /// Staff headcount (số biên chế) of this agency itself, not of its sub-agencies
        #[arg(long)]
        headcount: Option<u32>,
    },
    /// List agencies
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show the agency tree with headcounts and account counts
    Tree {
        /// Only this agency's subtree
        #[arg(long)]
        root: Option<String>,
    },
    /// Show one agency
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Set the staff headcount (số biên chế); "none" clears it
    Headcount { code: String, headcount: String },
    /// Change an agency's name
    Rename { code: String, name: String },
    /// Move an agency under another parent (or to the top with --top)
    Move {
        code: String,
        #[arg(long, required_unless_present = "top", conflicts_with = "top")]
        parent: Option<String>,
        #[arg(long)]
        top: bool,
    },
    /// Remove an agency (refused while it has sub-agencies or accounts)
    Remove { code: String },
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Issue an address, e.g. `user add "Nguyễn Văn An" --agency STTTT` (→ annv@<domain>)
    Add(UserAdd),
    /// Issue addresses from the personnel department's staff list (CSV, UTF-8)
    Import(UserImport),
    /// List accounts
    List {
        /// Only this agency's accounts
        #[arg(long)]
        agency: Option<String>,
        /// With --agency: include its sub-agencies
        #[arg(long)]
        subtree: bool,
        /// active, suspended or removed
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        domain: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one account with its quota use, aliases and shared unit mailboxes
    Show {
        address: String,
        #[arg(long)]
        json: bool,
    },
    /// Set a new password: a random one is generated and printed unless --password-stdin
    Passwd {
        address: String,
        /// Read the password from standard input (first line)
        #[arg(long)]
        password_stdin: bool,
    },
    /// Suspend an account: no login, no incoming mail; mail is kept
    Suspend { address: String },
    /// Resume a suspended account
    Resume {
        address: String,
        /// Bring back an account that was removed (its unit-mailbox grants stay removed)
        #[arg(long)]
        undo_removal: bool,
    },
    /// Quotas (hạn mức dung lượng)
    #[command(subcommand)]
    Quota(QuotaCmd),
    /// Change the display name
    SetName { address: String, name: String },
    /// Remove an account; its mail is kept until purged (or use --purge)
    Remove {
        address: String,
        /// Also delete its mail, mailboxes and aliases now
        #[arg(long)]
        purge: bool,
    },
    /// Delete a removed account's mail, mailboxes, aliases and usage history
    Purge { address: String },
    /// Extra addresses (bí danh) that deliver to an account
    #[command(subcommand)]
    Alias(AliasCmd),
    /// Give an account access to a unit mailbox (hộp thư đơn vị, e.g. vanthu@): its mail client
    /// shows the unit's folders under Shared/<unit address>/. Read-write unless --read-only;
    /// granting again changes the access mode
    Grant {
        /// The unit mailbox, e.g. vanthu@stttt.quangngai.gov.vn
        unit: String,
        /// The account given access, e.g. annv@stttt.quangngai.gov.vn
        account: String,
        /// Read and copy out only: no flag changes, deletions or new messages
        #[arg(long)]
        read_only: bool,
    },
    /// Take an account's access to a unit mailbox away (effective at its next IMAP command)
    Revoke { unit: String, account: String },
    /// Roles on the web console (vai trò): admin (quản trị viên) or report-viewer (người xem
    /// báo cáo) of an agency's subtree
    #[command(subcommand)]
    Role(RoleCmd),
}

#[derive(Debug, Subcommand)]
pub enum RoleCmd {
    /// Give a role, e.g. `user role add annv@… report-viewer --agency STTTT`
    Add {
        address: String,
        /// admin or report-viewer
        role: String,
        /// report-viewer: the agency whose subtree the account sees (the province's code for
        /// every agency)
        #[arg(long)]
        agency: Option<String>,
    },
    /// Take a role away (effective at the account's next page on the web console)
    Remove {
        address: String,
        role: String,
        #[arg(long)]
        agency: Option<String>,
    },
    /// List the roles (of one account, if given)
    List {
        address: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct UserAdd {
    /// Full name (họ và tên) with diacritics, e.g. "Nguyễn Văn An"
    pub name: String,
    /// Agency code (mã đơn vị)
    #[arg(long)]
    pub agency: String,
    /// Domain [default: [server] default_domain]
    #[arg(long)]
    pub domain: Option<String>,
    /// The address (or just the part before '@'); derived from the name when absent
    #[arg(long)]
    pub address: Option<String>,
    /// Quota, e.g. 2GiB, 500MiB, unlimited [default: [accounts] default_quota]
    #[arg(long)]
    pub quota: Option<String>,
    /// An agency's official mailbox (hộp thư đơn vị, e.g. vanthu@) rather than a person's
    #[arg(long)]
    pub unit: bool,
    /// Read the initial password from standard input instead of generating one
    #[arg(long)]
    pub password_stdin: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UserImport {
    /// CSV file: header row, then one person per row. Columns: full name (họ và tên) and
    /// agency code (mã đơn vị); optional address, quota, unit
    pub file: PathBuf,
    /// Validate and show what would be issued; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Issue the valid rows and list the invalid ones (default: nothing is written unless
    /// every row is valid)
    #[arg(long)]
    pub skip_invalid: bool,
    /// Write issued addresses and initial passwords to this CSV (UTF-8 with BOM, for Excel)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Domain [default: [server] default_domain]
    #[arg(long)]
    pub domain: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum QuotaCmd {
    /// Set the quota, e.g. `user quota set annv@… 5GiB [--messages 100000]`
    Set {
        address: String,
        /// Size limit: 5GiB, 500MiB, unlimited
        size: String,
        /// Limit on the number of messages (omit for no limit)
        #[arg(long)]
        messages: Option<u64>,
    },
    /// Show the quota and what is used
    Show {
        address: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AliasCmd {
    /// Add an alias address delivering to an account
    Add { alias: String, address: String },
    /// List an account's aliases
    List {
        address: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove an alias
    Remove { alias: String },
}
