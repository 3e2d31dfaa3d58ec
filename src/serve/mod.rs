//! `procat serve`: a preview of the catalogue on 127.0.0.1 that rebuilds when a
//! file changes and reloads open pages by itself.
//!
//! The site is built by the same pipeline as `procat build` ([`crate::build`]),
//! into a temporary folder outside the catalogue, with `base_url` set to the
//! server's address (as Zola does), so links work whatever sub-path the real
//! `base_url` has. A rebuild replaces that folder by the same safe swap, and
//! only when it succeeds: when the catalogue has errors, pages ask for show the
//! errors, and the last good site stays for everything else.
//!
//! Served pages (never `procat build` output) carry a tiny script that asks
//! `/__procat/version` whether the site changed (a long poll), and reloads.

mod http;

use crate::build::{BuildError, BuildOptions};
use crate::diagnostic::Diagnostic;
use crate::model::Date;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long the folders must be quiet after a change before a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// A rebuild waits at most this long for the changes to stop.
const DEBOUNCE_LIMIT: Duration = Duration::from_secs(1);

#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The catalogue folder.
    pub content: PathBuf,
    /// Publish statuses as of this date; `None`: today, at each rebuild.
    pub as_of: Option<Date>,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

/// Why the last build did not produce a site.
#[derive(Clone, Debug)]
pub(crate) enum Problems {
    /// Catalogue errors (warnings included, sorted).
    Catalogue(Vec<Diagnostic>),
    /// The build could not run (no such folder, an unreadable theme, a full disk).
    Fatal(String),
}

/// What the server knows about the site.
#[derive(Debug)]
pub(crate) struct State {
    /// Raised by every finished build; open pages reload when it moves.
    pub version: u64,
    /// Set when the last build failed.
    pub problems: Option<Problems>,
    /// Whether a build has ever succeeded (the site folder exists).
    pub has_site: bool,
}

pub(crate) struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// The built site (inside the temporary folder).
    pub site: PathBuf,
}

impl Shared {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the version differs from `seen`, at most `limit`; returns the version.
    pub(crate) fn wait_for_change(&self, seen: u64, limit: Duration) -> u64 {
        let state = self.state();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, limit, |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        state.version
    }
}

/// Builds, serves and watches until Ctrl-C (SIGINT, SIGTERM or SIGHUP); then
/// removes the temporary folder and returns. Errors: the port can't be bound,
/// the folders can't be watched, the temporary folder can't be made.
pub fn run(options: &ServeOptions) -> Result<(), String> {
    if !options.content.is_dir() {
        return Err(format!(
            "{}: no such catalogue folder (pass --content DIR)",
            options.content.display()
        ));
    }
    let temp = tempfile::Builder::new()
        .prefix("procat-serve-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder for the site: {e}"))?;
    let server = tiny_http::Server::http(("127.0.0.1", options.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("the server has no IP address")?;
    let address = format!("http://127.0.0.1:{port}/");
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            version: 0,
            problems: None,
            has_site: false,
        }),
        changed: Condvar::new(),
        site: temp.path().join("site"),
    });

    // Ctrl-C is noticed from here on; the first build may take a moment.
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;

    let builder = Builder {
        options: options.clone(),
        base_url: address.clone(),
        shared: Arc::clone(&shared),
    };
    builder.rebuild("first build");

    // Watched before the server answers, so that no change is missed.
    let (change_tx, change_rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(change_tx)
        .map_err(|e| format!("cannot watch for changes: {e}"))?;
    let mut watched = vec![options.content.clone()];
    // The theme folders: the catalogue's own `themes/` is inside it; this is
    // the working folder's (see `Theme::locate`).
    let local_themes = PathBuf::from("themes");
    if local_themes.is_dir() {
        watched.push(local_themes);
    }
    for dir in &watched {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }

    let server = Arc::new(server);
    let incoming = Arc::clone(&server);
    let serving = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("serve-http".to_owned())
        .spawn(move || {
            for request in incoming.incoming_requests() {
                let shared = Arc::clone(&serving);
                // One thread per request: a long poll must not hold up a page.
                let _ = std::thread::Builder::new()
                    .name("serve-request".to_owned())
                    .spawn(move || http::respond(&shared, request));
            }
        })
        .map_err(|e| format!("cannot start the server thread: {e}"))?;
    std::thread::Builder::new()
        .name("serve-rebuild".to_owned())
        .spawn(move || builder.watch(&change_rx, temp_path_for_filter(&shared)))
        .map_err(|e| format!("cannot start the rebuild thread: {e}"))?;

    println!("Serving {address}");
    println!(
        "The site is built into {} (removed when serve stops)",
        temp.path().display()
    );
    println!(
        "Watching {}; press Ctrl-C to stop",
        watched
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    );
    flush_stdout();

    let _ = stop_rx.recv();
    eprintln!("stopping; removing {}", temp.path().display());
    drop(watcher);
    server.unblock();
    temp.close()
        .map_err(|e| format!("cannot remove the temporary folder: {e}"))
}

fn temp_path_for_filter(shared: &Shared) -> PathBuf {
    shared
        .site
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn flush_stdout() {
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

struct Builder {
    options: ServeOptions,
    base_url: String,
    shared: Arc<Shared>,
}

impl Builder {
    /// Rebuilds after each burst of changes, until the watcher is gone.
    fn watch(&self, changes: &mpsc::Receiver<notify::Result<notify::Event>>, temp: PathBuf) {
        let relevant = |event: &notify::Result<notify::Event>| match event {
            // Reading files (the build itself opens every one) is no change.
            Ok(e) => {
                !matches!(e.kind, EventKind::Access(_))
                    && e.paths.iter().any(|p| {
                        !p.starts_with(&temp) && !p.components().any(|c| c.as_os_str() == ".git")
                    })
            }
            Err(_) => true,
        };
        while let Ok(event) = changes.recv() {
            if !relevant(&event) {
                continue;
            }
            let mut first = event_path(&event);
            // Wait until the folders are quiet (an editor saves in several steps).
            let started = Instant::now();
            while started.elapsed() < DEBOUNCE_LIMIT {
                match changes.recv_timeout(DEBOUNCE) {
                    Ok(event) => {
                        if first.is_none() && relevant(&event) {
                            first = event_path(&event);
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            let why = match first {
                Some(path) => format!("{} changed", path.display()),
                None => "a change".to_owned(),
            };
            self.rebuild(&why);
        }
    }

    fn rebuild(&self, why: &str) {
        let options = BuildOptions {
            content: self.options.content.clone(),
            output: self.shared.site.clone(),
            as_of: self
                .options
                .as_of
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            base_url: Some(self.base_url.clone()),
            progress: false,
        };
        let started = Instant::now();
        let result = crate::build::build(&options);
        let elapsed = started.elapsed().as_secs_f64();
        let problems = match result {
            Ok(summary) => {
                print_diagnostics(&summary.warnings);
                eprintln!("{why}: {summary}");
                None
            }
            Err(BuildError::Invalid(diagnostics)) => {
                print_diagnostics(&diagnostics);
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "{why}: {errors} error{} in the catalogue ({elapsed:.2} s); the browser shows {}; {}",
                    if errors == 1 { "" } else { "s" },
                    if errors == 1 { "it" } else { "them" },
                    self.kept(),
                );
                Some(Problems::Catalogue(diagnostics))
            }
            Err(BuildError::Fatal(message)) => {
                eprintln!("{why}: build failed: {message}; {}", self.kept());
                Some(Problems::Fatal(message))
            }
        };
        let mut state = self.shared.state();
        if problems.is_none() {
            state.has_site = true;
        }
        state.problems = problems;
        state.version += 1;
        drop(state);
        self.shared.changed.notify_all();
    }

    fn kept(&self) -> &'static str {
        if self.shared.state().has_site {
            "the last good site is kept"
        } else {
            "there is no site to show yet"
        }
    }
}

fn event_path(event: &notify::Result<notify::Event>) -> Option<PathBuf> {
    event.as_ref().ok()?.paths.first().cloned()
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for d in diagnostics {
        if writeln!(out, "{d}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
