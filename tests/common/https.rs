//! The web console over HTTPS as curl sees it, for the console's end-to-end tests: one
//! exchange at a time, the session in the `__Host-govmail` cookie.

use std::path::Path;
use std::process::Command;

/// One HTTP exchange as curl saw it.
#[derive(Debug)]
pub struct Fetched {
    pub status: u16,
    pub headers: String,
    /// The body as received (a download's bytes).
    pub bytes: Vec<u8>,
    /// The body as text (UTF-8, lossy).
    pub body: String,
}

impl Fetched {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }

    /// The session id the answer sets, if any.
    pub fn session(&self) -> Option<String> {
        let cookie = self.header("set-cookie")?;
        let value = cookie.strip_prefix("__Host-govmail=")?;
        Some(value.split(';').next()?.to_string()).filter(|v| !v.is_empty())
    }

    /// The CSRF token of the page's first form.
    pub fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("a form") + 19;
        self.body[at..at + self.body[at..].find('"').unwrap()].to_string()
    }

    /// The body as text.
    pub fn text(&self) -> String {
        self.body.clone()
    }

    /// The body with maud's escapes undone (to compare with the CLI's plain text).
    pub fn unescaped(&self) -> String {
        self.body
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }
}

/// The console of a test server: its host name, HTTPS port and data directory (whose
/// `tls/cert.pem` curl trusts).
pub struct Https<'a> {
    pub host: &'a str,
    pub port: u16,
    pub root: &'a Path,
}

impl Https<'_> {
    /// `curl` to `path`, resolved to loopback: `cookie` the session id (if any), then curl's
    /// own arguments (`--data-urlencode`, `-F`, `-H`…).
    pub fn curl(&self, path: &str, cookie: Option<&str>, args: &[String]) -> Fetched {
        let dir = tempfile::tempdir().unwrap();
        let (headers, body) = (dir.path().join("headers"), dir.path().join("body"));
        let url = format!("https://{}:{}{path}", self.host, self.port);
        let resolve = format!("{}:{}:127.0.0.1", self.host, self.port);
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--max-time", "60", "-o"])
            .arg(&body)
            .arg("-D")
            .arg(&headers)
            .args(["-w", "%{http_code}", "--resolve", &resolve, "--cacert"])
            .arg(self.root.join("tls/cert.pem"));
        if let Some(id) = cookie {
            cmd.args(["-H", &format!("Cookie: __Host-govmail={id}")]);
        }
        cmd.args(args).arg(&url);
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("curl is required (apt-get install curl): {e}"));
        assert!(
            out.status.success(),
            "curl {url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(body).unwrap_or_default();
        Fetched {
            status: String::from_utf8_lossy(&out.stdout).trim().parse().unwrap(),
            headers: std::fs::read_to_string(headers).unwrap(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    /// A form POST (urlencoded) of `form`, with curl's `extra` arguments.
    pub fn post(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
        extra: &[&str],
    ) -> Fetched {
        let mut args: Vec<String> = form
            .iter()
            .flat_map(|(k, v)| ["--data-urlencode".to_string(), format!("{k}={v}")])
            .collect();
        args.extend(extra.iter().map(|a| a.to_string()));
        self.curl(path, cookie, &args)
    }
}
