//! `[storage] backend = "postgres"`: where the database is and how to log in.
//!
//! ```toml
//! [storage]
//! backend = "postgres"
//! url = "postgres://govmail@db.quangngai.gov.vn/govmail?sslmode=require"
//! password_file = "/etc/govmail/db-password"   # or the URL's own, or $PGPASSWORD
//! ca_file = "/etc/govmail/db-ca.pem"           # a private CA, besides the system's roots
//! pool_size = 16
//! ```
//!
//! The password is taken from the URL, else from `password_file` (its first line), else from
//! the environment variable `PGPASSWORD` (libpq's name for it). It is never logged: this
//! type's `Debug` and every error message show the URL without it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Result, StorageError};

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgConfig {
    /// `postgres://user[:password]@host[:port]/dbname[?sslmode=disable|prefer|require]`,
    /// or the key=value form libpq also accepts.
    pub url: String,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    #[serde(default = "default_pool_size")]
    pub pool_size: usize,
}

fn default_pool_size() -> usize {
    16
}

impl std::fmt::Debug for PgConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConfig")
            .field("url", &redacted(&self.url))
            .field("password_file", &self.password_file)
            .field("ca_file", &self.ca_file)
            .field("pool_size", &self.pool_size)
            .finish()
    }
}

/// The URL with its password (if any) replaced by `***`: what may be shown.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        // The key=value form: hide password=… up to the next space.
        return url
            .split(' ')
            .map(|kv| {
                if kv.starts_with("password=") {
                    "password=***"
                } else {
                    kv
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

impl PgConfig {
    pub fn new(url: impl Into<String>) -> PgConfig {
        PgConfig {
            url: url.into(),
            password_file: None,
            ca_file: None,
            pool_size: default_pool_size(),
        }
    }

    /// Checks what can be checked without connecting: the URL parses (the error shows it
    /// without its password). For `govmail`'s configuration check.
    pub fn check(&self) -> Result<()> {
        self.url.parse::<tokio_postgres::Config>().map_err(|e| {
            StorageError::Invalid(format!(
                "[storage] url {:?} is not a PostgreSQL URL: {e}",
                redacted(&self.url)
            ))
        })?;
        Ok(())
    }

    /// The client configuration, with the password found as described above.
    pub(crate) fn client_config(&self) -> Result<tokio_postgres::Config> {
        self.client_config_with(std::env::var("PGPASSWORD").ok())
    }

    fn client_config_with(&self, env_password: Option<String>) -> Result<tokio_postgres::Config> {
        let mut config: tokio_postgres::Config = self.url.parse().map_err(|e| {
            StorageError::Invalid(format!(
                "[storage] url {:?} is not a PostgreSQL URL: {e}",
                redacted(&self.url)
            ))
        })?;
        if config.get_password().is_none() {
            if let Some(path) = &self.password_file {
                config.password(read_password(path)?);
            } else if let Some(password) = env_password {
                config.password(password);
            }
        }
        if config.get_application_name().is_none() {
            config.application_name("govmail");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        Ok(config)
    }
}

fn read_password(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| StorageError::io(format!("[storage] password_file {}", path.display()), e))?;
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(StorageError::Invalid(format!(
            "[storage] password_file {} is empty",
            path.display()
        )));
    }
    Ok(line.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        let config =
            PgConfig::new("postgres://govmail:bí-mật@db.example:5433/mail?sslmode=require");
        let shown = format!("{config:?}");
        assert!(!shown.contains("bí-mật"), "{shown}");
        assert!(shown.contains("postgres://govmail:***@db.example:5433/mail?sslmode=require"));
        assert_eq!(
            redacted("host=db user=g password=secret dbname=m"),
            "host=db user=g password=*** dbname=m"
        );
        assert_eq!(redacted("postgres://g@db/m"), "postgres://g@db/m");
        // A URL that does not parse is reported without its password.
        let bad = PgConfig::new("postgres://g:secret@db/m?sslmode=sometimes");
        let err = bad.client_config_with(None).unwrap_err().to_string();
        assert!(!err.contains("secret"), "{err}");
    }

    #[test]
    fn the_password_comes_from_the_url_then_the_file_then_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "từ-tệp\n").unwrap();
        let mut config = PgConfig::new("postgres://g:from-url@db/m");
        config.password_file = Some(file.clone());
        let c = config.client_config_with(Some("from-env".into())).unwrap();
        assert_eq!(c.get_password(), Some(&b"from-url"[..]));
        config.url = "postgres://g@db/m".into();
        let c = config.client_config_with(Some("from-env".into())).unwrap();
        assert_eq!(c.get_password(), Some("từ-tệp".as_bytes()));
        config.password_file = None;
        let c = config.client_config_with(Some("from-env".into())).unwrap();
        assert_eq!(c.get_password(), Some(&b"from-env"[..]));
        let c = config.client_config_with(None).unwrap();
        assert_eq!(c.get_password(), None);
        assert_eq!(
            PgConfig::new("postgres://g@db/m?sslmode=require")
                .client_config_with(None)
                .unwrap()
                .get_ssl_mode(),
            tokio_postgres::config::SslMode::Require
        );
    }
}
