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

// The browser and the server of the tests: one launch path, and no browser left
// running when this ends.
#[path = "../tests/support/browser.rs"]
mod browser;

use serde_json::Value;
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

fn fail(message: &str) -> ! {
    eprintln!("search_requests: {message}");
    std::process::exit(1);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: search_requests OUTPUT_DIR PAGE PREFIX QUERY...");
        std::process::exit(2);
    }
    let root = PathBuf::from(&args[0]);
    let (page, prefix) = (&args[1], &args[2]);
    let server = browser::serve(root.clone()).unwrap_or_else(|e| fail(&e));
    let url = server.url().trim_end_matches('/');
    let log = server.requests();
    let chromium = browser::launch().unwrap_or_else(|e| fail(&e));
    let browser = chromium.browser();
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
