//! `procat serve` from the outside: the binary on a copy of a small catalogue,
//! asked over HTTP and watched in a real browser.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};
use support::browser;

/// How long the first build may take on a busy machine with a debug binary.
const START_LIMIT: Duration = Duration::from_secs(60);
/// How long a change may take to show, on a busy machine with a debug binary.
const CHANGE_LIMIT: Duration = Duration::from_secs(20);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site-small")
}

/// A copy of `tests/fixtures/site-small` that the test may edit.
fn catalogue_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A running `procat serve`, stopped with SIGINT when dropped (also on panic).
struct Serve {
    child: Child,
    url: String,
    temp: PathBuf,
    output: Arc<Mutex<String>>,
}

impl Serve {
    fn start(catalogue: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_procat"))
            .arg("serve")
            .arg("--content")
            .arg(catalogue)
            .args(["--port", "0"])
            .args(extra)
            // The working folder's `themes/default` is the theme.
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start procat serve");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        for (stream, tx) in [
            (Box::new(stdout) as Box<dyn Read + Send>, Some(tx)),
            (Box::new(stderr), None),
        ] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    output
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push_str(&format!("{line}\n"));
                    if let Some(tx) = &tx {
                        let _ = tx.send(line);
                    }
                }
            });
        }
        let mut serve = Serve {
            child,
            url: String::new(),
            temp: PathBuf::new(),
            output,
        };
        let deadline = Instant::now() + START_LIMIT;
        while serve.url.is_empty() || serve.temp.as_os_str().is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Serving ") {
                        serve.url = url.trim().to_owned();
                    } else if let Some(rest) = line.strip_prefix("The site is built into ") {
                        let path = rest.split(" (").next().unwrap_or_default();
                        serve.temp = PathBuf::from(path);
                    }
                }
                Err(_) => panic!(
                    "procat serve did not say where it serves within {} s; it said:\n{}",
                    START_LIMIT.as_secs(),
                    serve.said()
                ),
            }
        }
        serve
    }

    fn said(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit, at most 10 s.
    fn interrupt(&mut self) -> Option<std::process::ExitStatus> {
        // SAFETY: a plain system call on our own child, not yet waited for.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if self.interrupt().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `(status, headers, body)` of a GET of `target` sent as written (no client
/// tidies `..` away).
fn get(url: &str, target: &str) -> (u16, String, String) {
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = TcpStream::connect(&host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

const RELOAD_MARK: &str = "data-procat-serve";

#[test]
fn serve_answers_pages_and_404s_and_refuses_paths_out_of_the_site() {
    let catalogue = catalogue_copy();
    // A sub-path in base_url: the served site still links from the server's root.
    let site_yaml = catalogue.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&site_yaml).expect("site.yaml");
    std::fs::write(
        &site_yaml,
        yaml.replace(
            "base_url: https://thutuc.example.gov.vn/",
            "base_url: https://x.gov.vn/thu-tuc/",
        ),
    )
    .expect("write site.yaml");
    let serve = Serve::start(catalogue.path(), &[]);

    let (status, head, body) = get(&serve.url, "/procedures/1.000894/");
    assert_eq!(status, 200, "{head}\n{}", serve.said());
    assert!(head.contains("text/html"), "{head}");
    assert!(body.contains("Đăng ký kết hôn"), "{body}");
    assert!(
        body.contains(RELOAD_MARK),
        "served pages carry the reload script"
    );
    assert!(
        body.contains("href=/static/") || body.contains("href=\"/static/"),
        "links start at the server's root, not at /thu-tuc/: {body}"
    );
    let (status, head, _) = get(&serve.url, "/static/style.css");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/css"), "{head}");

    let (status, _, _) = get(&serve.url, "/procedures/1.000894");
    assert_eq!(status, 301, "a folder without its slash is redirected");

    let (status, _, body) = get(&serve.url, "/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        body.contains(RELOAD_MARK),
        "the site's 404 page, served: {body}"
    );

    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/procedures/%2E%2E/%2e%2e/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
    ] {
        let (status, _, body) = get(&serve.url, target);
        assert!(status == 400 || status == 404, "{target} answered {status}");
        assert!(
            !body.contains("[package]"),
            "{target} gave a file outside the site"
        );
    }

    // `procat build` of the same catalogue has no reload script anywhere.
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let built = Command::new(env!("CARGO_BIN_EXE_procat"))
        .arg("build")
        .arg("--content")
        .arg(catalogue.path())
        .arg("--output")
        .arg(&site)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("procat build");
    assert!(built.status.success(), "{built:?}");
    let mut pages = 0;
    for entry in walkdir(&site) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(
            !text.contains(RELOAD_MARK) && !text.contains("__procat"),
            "{} carries the reload script",
            entry.display()
        );
        pages += usize::from(entry.extension().is_some_and(|e| e == "html"));
    }
    assert!(pages > 5, "the build wrote pages");
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read output").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn ctrl_c_stops_serve_and_removes_its_temporary_folder() {
    let catalogue = catalogue_copy();
    let mut serve = Serve::start(catalogue.path(), &[]);
    assert!(
        serve.temp.join("site/index.html").is_file(),
        "{}",
        serve.said()
    );
    let status = serve.interrupt().expect("serve stopped within 10 s");
    assert!(status.success(), "{status:?}\n{}", serve.said());
    assert!(!serve.temp.exists(), "{} is left", serve.temp.display());
}

#[test]
fn as_of_previews_a_future_date() {
    // qd-4-2030 abolishes a procedure in 2030.
    let catalogue = catalogue_copy();
    let now = Serve::start(catalogue.path(), &[]);
    let later = Serve::start(catalogue.path(), &["--as-of", "2031-01-01"]);
    let (_, _, today) = get(&now.url, "/status/abolished/");
    let (_, _, future) = get(&later.url, "/status/abolished/");
    assert_ne!(today, future, "the abolished list differs in 2031");
}

/// Waits until `script` (a JS expression) is true in `tab`.
fn wait_for(tab: &headless_chrome::Tab, script: &str, what: &str, serve: &Serve) {
    let deadline = Instant::now() + CHANGE_LIMIT;
    loop {
        let value = tab
            .evaluate(script, false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_bool());
        if value == Some(true) {
            return;
        }
        if Instant::now() > deadline {
            let url = tab.get_url();
            let body = tab
                .evaluate("document.body ? document.body.innerText : ''", false)
                .ok()
                .and_then(|r| r.value)
                .unwrap_or_default();
            panic!(
                "{what}: not seen within {} s at {url}; the page says {body}\nprocat said:\n{}",
                CHANGE_LIMIT.as_secs(),
                serve.said()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_open_page_follows_edits_errors_and_fixes_without_a_manual_reload() {
    if !browser::chromium_or_skip("serve browser test") {
        return;
    }
    let catalogue = catalogue_copy();
    let serve = Serve::start(catalogue.path(), &[]);
    let chromium = browser::launch().unwrap_or_else(|e| panic!("{e}"));
    let tab = chromium.browser().new_tab().expect("new tab");
    tab.set_default_timeout(Duration::from_secs(20));
    tab.navigate_to(&format!("{}procedures/1.000894/", serve.url))
        .expect("navigate")
        .wait_until_navigated()
        .expect("navigated");
    let h1 = "document.querySelector('h1') && document.querySelector('h1').textContent";
    wait_for(
        &tab,
        &format!("{h1} === 'Đăng ký kết hôn'"),
        "the procedure page",
        &serve,
    );

    let file = catalogue.path().join("procedures/1.000894.yaml");
    let yaml = std::fs::read_to_string(&file).expect("procedure");
    std::fs::write(
        &file,
        yaml.replace("name: Đăng ký kết hôn", "name: Đăng ký kết hôn lưu động"),
    )
    .expect("edit");
    wait_for(
        &tab,
        &format!("{h1} === 'Đăng ký kết hôn lưu động'"),
        "the new name",
        &serve,
    );

    std::fs::write(
        &file,
        yaml.replace("sector: ho-tich", "sector: no-such-sector"),
    )
    .expect("break");
    wait_for(
        &tab,
        "!!document.getElementById('procat-errors') \
         && document.body.innerText.includes('procedures/1.000894.yaml:3') \
         && document.body.innerText.includes('no-such-sector')",
        "the error, with its file and line",
        &serve,
    );

    std::fs::write(&file, &yaml).expect("fix");
    wait_for(
        &tab,
        &format!("!document.getElementById('procat-errors') && {h1} === 'Đăng ký kết hôn'"),
        "the page back",
        &serve,
    );
    let _ = tab.close(true);
}
