//! No browser outlives the tests that started it. Each test here runs this test
//! binary again as a child process, in which one test starts a browser through the
//! shared harness (kept in a static, as the browser tests keep theirs) and loads a
//! page from the test server, then ends the way it is told: passing, panicking, or
//! waiting to be interrupted or killed. Once the child is gone, no process may run
//! with that child's browser profile or in its browser's process group, and the
//! test server's port is closed.
//!
//! Without chromium the tests print "skipped" and pass, unless
//! `PROCAT_REQUIRE_BROWSER=1`.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use support::browser::{self, Chromium, TestServer};

/// A folder for the child: its browser profile and its site go in there. Set
/// only for the child.
const FOLDER: &str = "PROCAT_CLEANUP_FOLDER";
/// How the child ends once its stdin closes: `pass`, `panic`, or `wait` (to be
/// signalled).
const ENDING: &str = "PROCAT_CLEANUP_ENDING";
const CHILD: &str = "a_test_starts_a_browser_and_ends_as_told";

#[test]
#[ignore = "run by the other tests of this file, in a child process"]
fn a_test_starts_a_browser_and_ends_as_told() {
    let Some(folder) = std::env::var_os(FOLDER) else {
        return;
    };
    let (site, profile) = (
        Path::new(&folder).join("site"),
        Path::new(&folder).join("profile"),
    );
    std::fs::create_dir_all(&site).expect("site folder");
    std::fs::write(site.join("index.html"), "<!doctype html><title>up</title>").expect("page");
    static HARNESS: OnceLock<(Chromium, TestServer)> = OnceLock::new();
    let (chromium, server) = HARNESS.get_or_init(|| {
        let server = browser::serve(site.clone()).unwrap_or_else(|e| panic!("{e}"));
        let chromium = browser::launch_with_profile(&profile).unwrap_or_else(|e| panic!("{e}"));
        (chromium, server)
    });
    let tab = chromium.browser().new_tab().expect("tab");
    tab.navigate_to(server.url())
        .expect("navigate")
        .wait_until_navigated()
        .expect("navigated");
    assert_eq!(tab.get_title().expect("title"), "up");
    println!("browser {} server {}", chromium.pid(), server.url());
    // The parent looks at the running browser, then says to go on.
    let _ = std::io::stdin().read_line(&mut String::new());
    match std::env::var(ENDING).as_deref() {
        Ok("panic") => panic!("a test panics while its browser runs"),
        Ok("wait") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        _ => {}
    }
}

/// How the parent ends the child.
enum End {
    Pass,
    Panic,
    Signal(libc::c_int),
}

/// Runs the child test, ends it as `end` says, and asserts that nothing it
/// started is left running.
fn nothing_is_left_when_the_child_ends(end: End) {
    if !browser::chromium_or_skip("browser cleanup tests") {
        return;
    }
    // One child browser at a time: the machine may be small.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let folder = tempfile::tempdir().expect("temp dir");
    let ending = match end {
        End::Pass => "pass",
        End::Panic => "panic",
        End::Signal(_) => "wait",
    };
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", CHILD, "--ignored", "--nocapture"])
        .env(FOLDER, folder.path())
        .env(ENDING, ending)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the child test");
    let mut stderr = child.stderr.take().expect("stderr");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));

    // Wait for the child to say its browser is up.
    let mut said = String::new();
    let mut up = None;
    let mut line = String::new();
    while stdout.read_line(&mut line).unwrap_or(0) > 0 {
        said.push_str(&line);
        let words: Vec<&str> = line.split_whitespace().collect();
        if let ["browser", pid, "server", url] = words[..] {
            up = pid.parse::<i32>().ok().map(|pid| (pid, url.to_owned()));
            break;
        }
        line.clear();
    }
    let Some((pid, url)) = up else {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "the child never started its browser:\n{said}{}",
            stderr.join().unwrap_or_default()
        );
    };
    // The check below must see a running browser, or it proves nothing.
    assert!(
        left_running(folder.path(), pid)
            .iter()
            .any(|p| p.starts_with(&format!("{pid} "))),
        "the browser {pid} is not seen running"
    );

    match end {
        End::Signal(signal) => {
            // SAFETY: a plain system call on our own child.
            unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        }
        // Closing its stdin lets the child go on.
        End::Pass | End::Panic => drop(child.stdin.take()),
    }
    let status = child.wait().expect("the child ends");
    let _ = stdout.read_to_string(&mut said);
    let stderr = stderr.join().unwrap_or_default();
    match end {
        End::Pass => assert!(status.success(), "{status}\n{said}{stderr}"),
        End::Panic => assert_eq!(status.code(), Some(101), "{said}{stderr}"),
        End::Signal(signal) => assert_eq!(status.signal(), Some(signal), "{said}{stderr}"),
    }

    // Killed processes take a moment to disappear; wait for that, not longer.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut left = left_running(folder.path(), pid);
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        left = left_running(folder.path(), pid);
    }
    assert!(
        left.is_empty(),
        "still running after the test process ended:\n{}",
        left.join("\n")
    );
    let address = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(
        std::net::TcpStream::connect(&address).is_err(),
        "the test server at {url} still answers"
    );
}

/// Live processes (not zombies) whose command line names `folder` (the browser's
/// profile is in it) or which are in the process group `group`, as `PID command line`.
fn left_running(folder: &Path, group: i32) -> Vec<String> {
    let folder = folder.to_string_lossy().into_owned();
    let mut left = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        // Fields after the command name, which is in parentheses: state, ppid, pgrp.
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.first() == Some(&"Z") {
            continue;
        }
        let in_group = fields.get(2).and_then(|g| g.parse::<i32>().ok()) == Some(group);
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if in_group || cmdline.contains(&folder) {
            left.push(format!(
                "{pid} {}",
                cmdline.chars().take(160).collect::<String>()
            ));
        }
    }
    left
}

#[test]
fn no_browser_is_left_running_when_the_tests_pass() {
    nothing_is_left_when_the_child_ends(End::Pass);
}

#[test]
fn no_browser_is_left_running_when_a_test_panics() {
    nothing_is_left_when_the_child_ends(End::Panic);
}

#[test]
fn no_browser_is_left_running_when_the_tests_are_interrupted_with_ctrl_c() {
    nothing_is_left_when_the_child_ends(End::Signal(libc::SIGINT));
}

#[test]
fn no_browser_is_left_running_when_the_test_process_is_killed() {
    nothing_is_left_when_the_child_ends(End::Signal(libc::SIGKILL));
}
