//! Measures what a first search downloads, in a real browser.
//!
//! ```text
//! cargo run --example search_requests -- OUTPUT_DIR PAGE PREFIX QUERY...
//! ```
//!
//! Serves OUTPUT_DIR on 127.0.0.1, and for each QUERY opens `PAGE?q=QUERY` in a
//! fresh browser context (empty cache), waits until the page sets
//! `document.documentElement.dataset.searchMs`, then lists the resources fetched
//! whose path starts with PREFIX (comma-separated prefixes: `/search/` for
//! procat's index, `/pagefind/` for Pagefind): requests, bytes as served (the server does not compress) and bytes
//! gzipped (each file gzipped at level 6, as a static server would), and the first
//! result shown in `#results` (procat's page sets `dataset.searchAt` when the
//! results are shown: resources started after it are not counted there); for procat's page, also everything fetched once the
//! facet counts, drawn after the results, are shown (`dataset.facetsMs`). Prints
//! one Markdown table row per query. "All served" counts what the server was asked
//! for (under PREFIX) by the time the page is done, workers' requests included:
//! for procat, once the facet counts are drawn; for Pagefind, whose worker fetches
//! the index, that is also its first page.

use headless_chrome::{Browser, LaunchOptions};
use serde_json::Value;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

const READ: &str = r#"
new Promise((resolve) => {
  const paths = (before) => performance.getEntriesByType('resource')
    .filter((r) => before === undefined || r.startTime < before)
    .map((r) => new URL(r.name).pathname);
  const data = document.documentElement.dataset;
  let out;
  const wait = () => {
    if (data.searchMs === undefined) return setTimeout(wait, 20);
    const li = document.querySelector('#results > li');
    out = {
      ms: data.searchMs,
      at: data.searchAt,
      count: document.querySelectorAll('#results > li').length,
      first: li ? li.textContent.trim().replace(/\s+/g, ' ').slice(0, 60) : '',
      resources: paths(data.searchAt === undefined ? undefined : Number(data.searchAt)),
    };
    // procat draws the facet counts after the results: wait for them too.
    if (!document.getElementById('facets')) return resolve(JSON.stringify(out));
    const facets = () => {
      if (data.facetsMs === undefined) return setTimeout(facets, 20);
      out.all = paths();
      resolve(JSON.stringify(out));
    };
    facets();
  };
  wait();
})
"#;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

/// Paths the server was asked for (workers' requests included, which the page's
/// resource timing does not list).
type Log = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

fn serve(root: PathBuf, log: Log) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = server.server_addr().to_ip().expect("ip").port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("/")
                .to_owned();
            log.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.clone());
            let mut file = root.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
                Some("wasm") => "application/wasm",
                _ => "application/octet-stream",
            };
            let response = match std::fs::read(&file) {
                // `Connection: close`, as in tests/search_browser.rs: a kept-alive
                // tiny_http connection sometimes never answered its next request.
                Ok(bytes) if !path.contains("..") => tiny_http::Response::from_data(bytes)
                    .with_header(
                        tiny_http::Header::from_bytes("Content-Type", kind).expect("header"),
                    )
                    .with_header(
                        tiny_http::Header::from_bytes("Connection", "close").expect("header"),
                    ),
                _ => tiny_http::Response::from_data(Vec::new()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// Requests, raw bytes and gzip bytes of the fetched paths that start with one of
/// the comma-separated `prefix`es.
fn sizes(resources: &Value, root: &Path, prefix: &str) -> (usize, usize, usize) {
    let (mut n, mut raw, mut gz) = (0, 0, 0);
    for r in resources.as_array().into_iter().flatten() {
        let path = r.as_str().unwrap_or_default();
        if !prefix.split(',').any(|p| path.starts_with(p)) {
            continue;
        }
        n += 1;
        let file = root.join(path.trim_start_matches('/'));
        if let Ok(bytes) = std::fs::read(&file) {
            raw += bytes.len();
            gz += gzip_len(&bytes);
        }
    }
    (n, raw, gz)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: search_requests OUTPUT_DIR PAGE PREFIX QUERY...");
        std::process::exit(2);
    }
    let root = PathBuf::from(&args[0]);
    let (page, prefix) = (&args[1], &args[2]);
    let log = Log::default();
    let url = serve(root.clone(), log.clone());
    let profile = tempfile::tempdir().expect("temp dir");
    let flags: Vec<&OsStr> = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from("/usr/bin/chromium")))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(flags)
        .build()
        .expect("options");
    let browser = Browser::new(options).expect("start chromium");
    println!(
        "| query | requests | raw bytes | gzip bytes | all served: requests | raw | gzip | results shown | first result |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for q in &args[3..] {
        let context = browser.new_context().expect("context");
        let tab = context.new_tab().expect("tab");
        tab.set_default_timeout(Duration::from_secs(60));
        let encoded: String = q
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' => (b as char).to_string(),
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        log.lock().unwrap_or_else(|e| e.into_inner()).clear();
        tab.navigate_to(&format!("{url}{page}?q={encoded}"))
            .expect("navigate")
            .wait_until_navigated()
            .expect("navigated");
        let v = tab
            .evaluate(READ, true)
            .expect("evaluate")
            .value
            .expect("value");
        let v: Value = serde_json::from_str(v.as_str().unwrap_or("{}")).expect("json");
        // The page itself is not counted (it may sit under PREFIX, as procat's does).
        let served: Vec<String> = log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|p| p.as_str() != page.as_str())
            .cloned()
            .collect();
        let served = Value::from(served);
        // procat marks when its results are shown; a page that does not (Pagefind's,
        // whose worker fetches the index) counts everything served.
        let first = if v["at"].is_null() {
            &served
        } else {
            &v["resources"]
        };
        if std::env::var_os("SEARCH_REQUESTS_LIST").is_some() {
            eprintln!("{q}: {first} / {served}");
        }
        let (n, raw, gz) = sizes(first, &root, prefix);
        let (an, araw, agz) = sizes(&served, &root, prefix);
        let all = format!("{an} | {araw} | {agz}");
        println!(
            "| `{q}` | {n} | {raw} | {gz} | {all} | {} | {} |",
            v["count"],
            v["first"].as_str().unwrap_or_default()
        );
        let _ = tab.close(true);
    }
}
