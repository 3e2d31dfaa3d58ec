//! The one way tests and examples start a browser and a test web server.
//!
//! Debian's `chromium` at `/usr/bin/chromium` is driven through `headless_chrome`.
//! Every browser started here is gone when the process that started it ends,
//! however it ends:
//!
//! - The process exits (all tests passed, a test failed or panicked; libtest then
//!   calls `exit`): an `atexit` handler kills each browser's process group with
//!   SIGKILL, waits for the browser and removes its temporary profile. Statics are
//!   never dropped, so a `Drop` alone would not do.
//! - SIGINT, SIGTERM or SIGHUP (Ctrl-C): a signal handler kills the process groups,
//!   then the process dies of the signal as it would have.
//! - SIGKILL or a crash: the kernel sends the browser SIGKILL (`PR_SET_PDEATHSIG`,
//!   set from a launcher thread that never ends, since the signal follows the
//!   thread that spawned the child), and its helper processes exit with it.
//!
//! Each browser runs in its own process group (so a terminal's Ctrl-C reaches the
//! tests, not the browser, and one `killpg` reaches renderers and zygotes), with a
//! fresh profile. DevTools listens on a port of 127.0.0.1 that chromium picks
//! (`--remote-debugging-port=0`), used only by this browser and closed with it:
//! `headless_chrome` 1.0 speaks to DevTools over a WebSocket only, so
//! `--remote-debugging-pipe` is not an option.
//!
//! The test web server runs on threads of the test process, so it ends with it.

#![allow(dead_code)]

use headless_chrome::Browser;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, TryLockError, mpsc};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Flags on top of `headless_chrome`'s defaults (which already keep background
/// tabs running at full speed: tests run side by side in tabs of one browser).
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
];

/// How long chromium may take to say where DevTools listens.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether chromium is here. When it is not, prints that `suite` is skipped and
/// returns false, or panics when `PROCAT_REQUIRE_BROWSER=1` (as in CI).
pub fn chromium_or_skip(suite: &str) -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var("PROCAT_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("{CHROMIUM} not found and PROCAT_REQUIRE_BROWSER=1");
    }
    // Straight to the terminal: the test harness hides `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "{suite} skipped: chromium not found at {CHROMIUM} (apt-get install chromium)"
    );
    false
}

/// A running headless Chromium. Dropping it kills it; so does the end of the process.
pub struct Chromium {
    browser: Browser,
    pid: i32,
    profile: PathBuf,
}

impl Chromium {
    pub fn browser(&self) -> &Browser {
        &self.browser
    }

    /// The browser's process id, which is also its process group id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The `--user-data-dir` it runs with.
    pub fn profile(&self) -> &Path {
        &self.profile
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        stop(self.pid);
    }
}

/// Starts chromium with a fresh temporary profile, removed when it stops.
pub fn launch() -> Result<Chromium, String> {
    let dir = tempfile::Builder::new()
        .prefix("procat-chromium-")
        .tempdir()
        .map_err(|e| format!("a temporary profile for chromium: {e}"))?;
    start(dir.path().to_path_buf(), Some(dir))
}

/// Starts chromium with `profile` as its user-data dir (left in place when it stops).
pub fn launch_with_profile(profile: &Path) -> Result<Chromium, String> {
    start(profile.to_path_buf(), None)
}

fn start(profile: PathBuf, dir: Option<tempfile::TempDir>) -> Result<Chromium, String> {
    install_cleanup();
    let mut user_data_dir = OsString::from("--user-data-dir=");
    user_data_dir.push(&profile);
    let mut command = Command::new(CHROMIUM);
    command
        .args(headless_chrome::browser::DEFAULT_ARGS)
        .args(FLAGS)
        .arg(user_data_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0);
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: between fork and exec this calls only async-signal-safe functions
    // and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The parent died before the line above: the signal would never come.
            if libc::getppid() != parent {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
    let mut child = spawn_from_launcher(command).map_err(|e| format!("start {CHROMIUM}: {e}"))?;
    let pid = child.id() as i32;
    let stderr = child.stderr.take();
    register(Running {
        pid,
        child,
        _profile: dir,
    })?;
    let fail = |e: String| {
        stop(pid);
        Err(e)
    };
    let Some(stderr) = stderr else {
        return fail("chromium's stderr was not captured".to_owned());
    };
    let ws_url = match devtools_url(stderr) {
        Ok(url) => url,
        Err(e) => return fail(e),
    };
    match Browser::connect_with_timeout(ws_url, Duration::from_secs(300)) {
        Ok(browser) => Ok(Chromium {
            browser,
            pid,
            profile,
        }),
        Err(e) => fail(format!("connect to chromium's DevTools: {e}")),
    }
}

/// Reads chromium's stderr until it says `DevTools listening on ws://…`, then
/// keeps draining it in the background so chromium never blocks on a full pipe.
fn devtools_url(stderr: std::process::ChildStderr) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("chromium-stderr".to_owned())
        .spawn(move || {
            let mut tx = Some(tx);
            let mut last = Vec::new();
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let Some(sender) = &tx else { continue };
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = sender.send(Ok(url.trim().to_owned()));
                    tx = None;
                } else {
                    last.push(line);
                    if last.len() > 20 {
                        last.remove(0);
                    }
                }
            }
            if let Some(sender) = tx {
                let _ = sender.send(Err(format!(
                    "chromium ended before DevTools listened; it said:\n{}",
                    last.join("\n")
                )));
            }
        })
        .map_err(|e| format!("a thread to read chromium's stderr: {e}"))?;
    match rx.recv_timeout(START_TIMEOUT) {
        Ok(answer) => answer,
        Err(_) => Err(format!(
            "chromium did not say where DevTools listens within {} s",
            START_TIMEOUT.as_secs()
        )),
    }
}

/// Spawns `command` from one thread that lives as long as the process:
/// `PR_SET_PDEATHSIG` fires when the spawning *thread* ends, and libtest runs
/// each test on a thread of its own.
fn spawn_from_launcher(command: Command) -> std::io::Result<Child> {
    type Order = (Command, mpsc::Sender<std::io::Result<Child>>);
    static LAUNCHER: OnceLock<Result<mpsc::Sender<Order>, String>> = OnceLock::new();
    let launcher = LAUNCHER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Order>();
        std::thread::Builder::new()
            .name("chromium-launcher".to_owned())
            // The sender sits in a static, so this loop never ends.
            .spawn(move || {
                for (mut command, reply) in rx {
                    let _ = reply.send(command.spawn());
                }
            })
            .map(|_| tx)
            .map_err(|e| format!("the chromium launcher thread: {e}"))
    });
    let launcher = launcher
        .as_ref()
        .map_err(|e| std::io::Error::other(e.clone()))?;
    let (reply, answer) = mpsc::channel();
    launcher
        .send((command, reply))
        .map_err(|_| std::io::Error::other("the chromium launcher thread is gone"))?;
    answer
        .recv()
        .map_err(|_| std::io::Error::other("the chromium launcher thread is gone"))?
}

// ---- Keeping track of running browsers, and stopping them ----

/// Process groups of running browsers, for the signal handler (0: a free slot).
static GROUPS: [AtomicI32; 32] = [const { AtomicI32::new(0) }; 32];

struct Running {
    pid: i32,
    /// Never waited for until stopped: the pid, and so the group id, stays ours.
    child: Child,
    _profile: Option<tempfile::TempDir>,
}

/// What to wait for and remove once a browser is killed.
static RUNNING: Mutex<Vec<Running>> = Mutex::new(Vec::new());

/// Temporary folders of tests that keep them in statics, removed at exit.
static KEPT: Mutex<Vec<tempfile::TempDir>> = Mutex::new(Vec::new());

fn lock<T>(m: &'static Mutex<T>) -> MutexGuard<'static, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn register(running: Running) -> Result<(), String> {
    let pid = running.pid;
    lock(&RUNNING).push(running);
    if GROUPS.iter().any(|slot| {
        slot.compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }) {
        Ok(())
    } else {
        stop(pid);
        Err(format!("more than {} browsers at once", GROUPS.len()))
    }
}

/// Removes `dir` when the process exits (a temporary folder kept in a static is
/// never dropped).
pub fn remove_at_exit(dir: tempfile::TempDir) {
    install_cleanup();
    lock(&KEPT).push(dir);
}

/// Kills the browser `pid` and everything in its process group, waits for it,
/// and removes its temporary profile.
fn stop(pid: i32) {
    // SAFETY: plain system calls. The group is ours: its leader is our child and
    // has not been waited for, so its id cannot have been reused.
    unsafe { libc::killpg(pid, libc::SIGKILL) };
    for slot in &GROUPS {
        let _ = slot.compare_exchange(pid, 0, Ordering::SeqCst, Ordering::SeqCst);
    }
    let running = {
        let mut all = lock(&RUNNING);
        let at = all.iter().position(|r| r.pid == pid);
        at.map(|i| all.swap_remove(i))
    };
    if let Some(running) = running {
        reap(running);
    }
}

fn reap(mut running: Running) {
    let _ = running.child.wait();
    // Renderers and zygotes were killed with the group; give them a moment to be
    // gone before their profile is removed.
    let deadline = Instant::now() + Duration::from_secs(1);
    // SAFETY: signal 0 only asks whether the group still has members.
    while unsafe { libc::killpg(running.pid, 0) } == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn install_cleanup() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // SAFETY: registers plain `extern "C"` functions; a signal handler is set
        // only where the signal still has its default action.
        unsafe {
            libc::atexit(at_exit);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut old) == 0
                    && old.sa_sigaction == libc::SIG_DFL
                {
                    let mut new: libc::sigaction = std::mem::zeroed();
                    new.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                    libc::sigemptyset(&mut new.sa_mask);
                    libc::sigaction(signal, &new, std::ptr::null_mut());
                }
            }
        }
    });
}

/// Kills every browser's group, then dies of `signal` as the process would have.
extern "C" fn on_signal(signal: libc::c_int) {
    for slot in &GROUPS {
        let pid = slot.load(Ordering::SeqCst);
        if pid > 0 {
            // SAFETY: `killpg`, `signal` and `raise` are async-signal-safe.
            unsafe { libc::killpg(pid, libc::SIGKILL) };
        }
    }
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// Runs when the process exits: kills every browser still running (statics that
/// hold one are never dropped), then waits for them and removes their profiles
/// and the folders kept for removal.
extern "C" fn at_exit() {
    for slot in &GROUPS {
        let pid = slot.swap(0, Ordering::SeqCst);
        if pid > 0 {
            // SAFETY: as in `stop`.
            unsafe { libc::killpg(pid, libc::SIGKILL) };
        }
    }
    // Other threads still run during `exit`; never block on one that holds a lock.
    fn try_take<T>(m: &'static Mutex<Vec<T>>) -> Vec<T> {
        match m.try_lock() {
            Ok(mut v) => std::mem::take(&mut *v),
            Err(TryLockError::Poisoned(e)) => std::mem::take(&mut *e.into_inner()),
            Err(TryLockError::WouldBlock) => Vec::new(),
        }
    }
    for running in try_take(&RUNNING) {
        reap(running);
    }
    drop(try_take(&KEPT));
}

// ---- The test web server ----

/// Paths the server was asked for, in order (workers' requests included, which a
/// page's resource timing does not list).
pub type RequestLog = Arc<Mutex<Vec<String>>>;

/// A web server on a random port of 127.0.0.1, serving a folder. `/sub/…` serves
/// the same files, to try a site under a sub-path. Stops when dropped, and with
/// the process.
pub struct TestServer {
    server: Arc<tiny_http::Server>,
    url: String,
    log: RequestLog,
}

impl TestServer {
    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn requests(&self) -> &RequestLog {
        &self.log
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

pub fn serve(root: PathBuf) -> Result<TestServer, String> {
    let server = tiny_http::Server::http("127.0.0.1:0")
        .map_err(|e| format!("bind a port of 127.0.0.1: {e}"))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("the test server has no IP address")?;
    let server = Arc::new(server);
    let log = RequestLog::default();
    let (incoming, requests) = (server.clone(), log.clone());
    std::thread::Builder::new()
        .name("test-http-server".to_owned())
        .spawn(move || {
            for request in incoming.incoming_requests() {
                let root = root.clone();
                let log = requests.clone();
                // One thread per request: a page loading many shards at once must
                // not wait on a single responder.
                std::thread::spawn(move || respond(&root, &log, request));
            }
        })
        .map_err(|e| format!("a thread for the test server: {e}"))?;
    Ok(TestServer {
        server,
        url: format!("http://127.0.0.1:{port}/"),
        log,
    })
}

fn respond(root: &Path, log: &RequestLog, request: tiny_http::Request) {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(path.clone());
    let path = path.strip_prefix("/sub").unwrap_or(&path).to_owned();
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let response = match std::fs::read(&file) {
        Ok(bytes) if !path.contains("..") => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js" | "mjs") => "text/javascript; charset=utf-8",
                Some("json") => "application/json",
                Some("css") => "text/css",
                Some("wasm") => "application/wasm",
                _ => "application/octet-stream",
            };
            let mut response = tiny_http::Response::from_data(bytes);
            // No keep-alive: with a page loading ten shards at once, a kept-alive
            // connection sometimes never answered its next request (tiny_http 0.12).
            for (name, value) in [("Content-Type", kind), ("Connection", "close")] {
                if let Ok(header) = tiny_http::Header::from_bytes(name, value) {
                    response.add_header(header);
                }
            }
            response
        }
        _ => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
    };
    let _ = request.respond(response);
}
