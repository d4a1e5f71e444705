//! `govmail`: the mail server and its administration CLI. This crate holds no protocol logic:
//! it parses the configuration and the command line, opens storage, builds TLS, and wires the
//! services together.

mod acme;
mod cli;
mod cmd_audit;
mod cmd_backup;
mod cmd_directory;
mod cmd_dkim;
mod cmd_dns;
mod cmd_import;
mod cmd_mail_import;
mod cmd_policy;
mod cmd_queue;
mod cmd_recall;
mod cmd_report;
mod cmd_report_tracking;
mod cmd_server;
mod cmd_sieve;
mod cmd_store;
mod cmd_user;
mod metrics;
mod output;
mod report_html;
mod services;
mod tls;

// The report's periods and figures are shared with the web console (policy::report).
use policy::report::{period, usage as usage_report};

// Reached as crate::config etc. by the modules above; they live in the library (lib.rs).
use govmail::{config, sizes};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use config::Config;

/// A CLI failure: the message says what is wrong and how to fix it.
#[derive(Debug)]
pub struct CliError(pub String);

impl From<String> for CliError {
    fn from(s: String) -> Self {
        CliError(s)
    }
}

impl From<storage::StorageError> for CliError {
    fn from(e: storage::StorageError) -> Self {
        CliError(e.to_string())
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

fn main() -> ExitCode {
    // One crypto provider for the whole process (ring), installed before any TLS use.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(CliError(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The configuration file: --config, $GOVMAIL_CONFIG (both via clap), or ./govmail.toml.
fn config_path(cli: &Cli) -> PathBuf {
    cli.config
        .clone()
        .unwrap_or_else(|| PathBuf::from("govmail.toml"))
}

fn load_config(cli: &Cli) -> CliResult<Config> {
    Ok(Config::load(&config_path(cli))?)
}

fn open_store(config: &Config) -> CliResult<storage::Store> {
    Ok(config.open_store(storage::OpenMode::MustExist)?)
}

fn run(cli: Cli) -> CliResult<ExitCode> {
    match &cli.command {
        Command::Init {
            dir,
            domain,
            hostname,
            data_dir,
            organization,
            admin,
            admin_name,
            agency,
        } => cmd_server::init(
            dir,
            domain,
            hostname.as_deref(),
            data_dir.as_deref(),
            organization.as_deref(),
            admin.as_deref().map(|address| cmd_server::FirstAdmin {
                address,
                name: admin_name.as_deref(),
                agency: agency.as_deref(),
            }),
        )
        .map(|_| ExitCode::SUCCESS),
        Command::Demo { dir, port_offset } => cmd_server::demo(dir, *port_offset),
        Command::Serve { log_format } => {
            let config = load_config(&cli)?;
            cmd_server::serve(&config, *log_format)
        }
        Command::Check { repair, deep, json } => {
            let config = load_config(&cli)?;
            cmd_server::check(&config, &open_store(&config)?, *repair, *deep, *json)
        }
        Command::Backup { dir } => {
            let config = load_config(&cli)?;
            cmd_backup::backup(&open_store(&config)?, dir).map(|_| ExitCode::SUCCESS)
        }
        Command::Restore { dir } => {
            let config = load_config(&cli)?;
            cmd_backup::restore(&config, dir).map(|_| ExitCode::SUCCESS)
        }
        Command::Import {
            format,
            account,
            path,
            mailbox,
        } => {
            let config = load_config(&cli)?;
            cmd_mail_import::import(&open_store(&config)?, *format, account, path, mailbox)
                .map(|_| ExitCode::SUCCESS)
        }
        Command::Audit {
            since,
            actor,
            limit,
            json,
        } => {
            let config = load_config(&cli)?;
            cmd_audit::audit(
                &open_store(&config)?,
                since.as_deref(),
                actor.as_deref(),
                *limit,
                *json,
            )
            .map(|_| ExitCode::SUCCESS)
        }
        Command::Domain(cmd) => {
            let config = load_config(&cli)?;
            cmd_directory::domain(&open_store(&config)?, cmd).map(|_| ExitCode::SUCCESS)
        }
        Command::Agency(cmd) => {
            let config = load_config(&cli)?;
            cmd_directory::agency(&open_store(&config)?, cmd).map(|_| ExitCode::SUCCESS)
        }
        Command::User(cmd) => {
            let config = load_config(&cli)?;
            let store = open_store(&config)?;
            cmd_user::user(&config, &store, cmd)
        }
        // Needs no configuration: it only reads the files it is given.
        Command::Policy(cmd) => cmd_policy::policy(cmd),
        Command::Report(cmd) => {
            let config = load_config(&cli)?;
            cmd_report::report(&config, &open_store(&config)?, cmd).map(|_| ExitCode::SUCCESS)
        }
        Command::Quarantine(cmd) => {
            let config = load_config(&cli)?;
            cmd_policy::quarantine(&open_store(&config)?, cmd).map(|_| ExitCode::SUCCESS)
        }
        Command::Dkim(cmd) => {
            let config = load_config(&cli)?;
            cmd_dkim::dkim(&config, cmd).map(|_| ExitCode::SUCCESS)
        }
        Command::Dns {
            domain,
            check,
            addresses,
            resolver,
        } => {
            let config = load_config(&cli)?;
            cmd_dns::dns(&config, domain, *check, addresses, *resolver)
        }
        // `check` needs no configuration: it only reads the file it is given.
        Command::Sieve(cli::SieveCmd::Check { file }) => cmd_sieve::check(file),
        Command::Sieve(cmd) => {
            let config = load_config(&cli)?;
            cmd_sieve::sieve(&open_store(&config)?, cmd).map(|_| ExitCode::SUCCESS)
        }
        Command::Store(cli::StoreCmd::Migrate { to }) => {
            let config = load_config(&cli)?;
            cmd_store::migrate(&config, to)
        }
        Command::Queue(cmd) => {
            let config = load_config(&cli)?;
            cmd_queue::queue(&open_store(&config)?, cmd).map(|_| ExitCode::SUCCESS)
        }
        Command::Recall {
            message_id,
            by,
            list,
        } => {
            let config = load_config(&cli)?;
            cmd_recall::recall(
                &open_store(&config)?,
                message_id.as_deref(),
                by.as_deref(),
                *list,
            )
            .map(|_| ExitCode::SUCCESS)
        }
    }
}
