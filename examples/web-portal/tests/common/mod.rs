//! Starting the portal's binary on a free port with a fresh database, and plain HTTP requests to
//! it (std only: one request per connection, which the tests need nothing more than).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running portal; stopped (and its database removed) when dropped.
pub struct Portal {
    child: Child,
    /// `http://127.0.0.1:<port>`, as the portal printed it.
    pub url: String,
    database: String,
    dir: tempfile::TempDir,
    /// Whether it serves the demo's stand-ins (`--demo`).
    demo: bool,
}

/// Starts the binary on `database` with `dir` as its working directory (whatever it keeps beside
/// the database, the demo's IDs, stays there), and waits for its URL.
fn spawn(database: &str, dir: &std::path::Path, demo: bool) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corporate-billing-web"))
        .arg(database)
        .args(["--port", "0"])
        .args(demo.then_some("--demo"))
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the portal starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.strip_prefix("Open ") {
                    break rest.split_whitespace().next().unwrap_or_default().trim_end_matches('/').to_owned();
                }
            }
            _ => {
                let _ = child.kill();
                panic!("the portal stopped before printing its URL: {:?}", child.wait());
            }
        }
    };
    // Keep reading what it prints, so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

impl Portal {
    /// Starts the portal on a free port with a new database, which it seeds with the demo, and
    /// waits until it prints its URL. The database is a SQLite file, or a new schema on the
    /// PostgreSQL server `CORPORATE_BILLING_TEST_POSTGRES` names.
    pub fn start() -> Portal {
        Portal::start_with(true)
    }

    /// The same without `--demo`: no mailbox, no stand-in staff sign-in.
    pub fn start_without_demo() -> Portal {
        Portal::start_with(false)
    }

    fn start_with(demo: bool) -> Portal {
        let dir = tempfile::tempdir().expect("temporary directory");
        let database = fresh_database(dir.path());
        let (child, url) = spawn(&database, dir.path(), demo);
        Portal { child, url, database, dir, demo }
    }

    /// Kills the portal (no graceful stop) and starts it again on the same database.
    pub fn restart(mut self) -> Portal {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let (child, url) = spawn(&self.database, self.dir.path(), self.demo);
        self.child = child;
        self.url = url;
        self
    }

    /// `host:port`.
    pub fn authority(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary with `args` and the environment `env` on a new database, expecting it to
/// refuse to start: returns what it printed to stderr.
pub fn refused_start(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database = fresh_database(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_corporate-billing-web"))
        .arg(&database)
        .args(["--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("the portal runs");
    assert!(!out.status.success(), "it refused to start");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A new SQLite file under `dir`, or a new schema on the test PostgreSQL server.
fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("CORPORATE_BILLING_TEST_POSTGRES").ok().filter(|v| !v.is_empty()) {
        Some(server) => {
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
            let schema = format!("web_{}_{nanos}", std::process::id());
            let mut client = postgres::Client::connect(&server, postgres::NoTls).expect("test PostgreSQL server");
            client.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
            let sep = if server.contains('?') { '&' } else { '?' };
            format!("{server}{sep}options=-csearch_path%3D{schema}")
        }
        None => dir.join("portal.db").to_string_lossy().into_owned(),
    }
}

/// An HTTP response: status, headers (names in lower case), body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// Every value of a header.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next()
    }

    /// The value of a cookie this response sets, if it sets it to a value.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.all("set-cookie")
            .into_iter()
            .find_map(|c| {
                c.strip_prefix(&format!("{name}=")).map(|v| v.split(';').next().unwrap_or_default().to_owned())
            })
            .filter(|v| !v.is_empty())
    }

    /// The value of the first form field named `name` in the page.
    pub fn field(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        Some(self.body[start..].split('"').next()?.to_owned())
    }
}

/// Sends one request; `cookies` is the `Cookie` header, `form` a url-encoded body.
pub fn request(portal: &Portal, method: &str, path: &str, cookies: &str, form: Option<&str>) -> Response {
    let mut stream = TcpStream::connect(portal.authority()).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", portal.authority());
    if !cookies.is_empty() {
        req.push_str(&format!("Cookie: {cookies}\r\n"));
    }
    let body = form.unwrap_or_default();
    if form.is_some() {
        req.push_str(&format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("receive");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response { status, headers, body: body.to_owned() }
}

/// Percent-encodes a form value.
pub fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Waits until `probe` holds, or panics after `timeout`.
pub fn wait_until(timeout: Duration, what: &str, mut probe: impl FnMut() -> bool) {
    let started = Instant::now();
    while !probe() {
        assert!(started.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
