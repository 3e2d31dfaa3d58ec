//! Search in a real browser: Debian's `chromium` at `/usr/bin/chromium`, driven by
//! `headless_chrome`, against the sample catalogue built once and served on
//! 127.0.0.1. Expectations are read from the built `/data/procedures.json` and the
//! catalogue's `localities.yaml`, so they follow the sample as it changes.
//!
//! Without chromium the tests print "skipped: chromium not found" and pass, unless
//! `PROCAT_REQUIRE_BROWSER=1`, where they fail. The browser and the server come
//! from `tests/support/browser.rs`, which leaves nothing running when the tests end.

mod support;

use headless_chrome::Tab;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use support::browser::{self, Chromium, TestServer};

struct Site {
    /// `http://127.0.0.1:PORT/`
    url: String,
    output: PathBuf,
    procedures: Vec<Value>,
    /// Locality id → parent id.
    parents: HashMap<String, String>,
    /// Locality id → level.
    levels: HashMap<String, String>,
}

/// Kept in a static for the whole run: the harness kills the browser when the
/// test binary ends, however it ends (see `tests/support/browser.rs`).
struct Harness {
    site: Site,
    chromium: Chromium,
    _server: TestServer,
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The harness, or `None` (after printing why) when chromium is missing.
fn harness() -> Option<&'static Harness> {
    static HARNESS: OnceLock<Option<Harness>> = OnceLock::new();
    HARNESS
        .get_or_init(|| browser::chromium_or_skip("search browser tests").then(start))
        .as_ref()
}

fn start() -> Harness {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("site");
    browser::remove_at_exit(out_dir);
    let options = procat::build::BuildOptions {
        content: content_dir(),
        output: output.clone(),
        as_of: chrono::Local::now().date_naive(),
        base_url: None,
        progress: false,
    };
    if let Err(e) = procat::build::build(&options) {
        panic!("building the sample failed: {e:?}");
    }

    let data: Value = serde_json::from_slice(
        &std::fs::read(output.join("data/procedures.json")).expect("procedures.json"),
    )
    .expect("procedures.json is JSON");
    let procedures = data["procedures"].as_array().cloned().unwrap_or_default();
    let yaml = std::fs::read_to_string(content_dir().join("localities.yaml")).expect("localities");
    let docs = yaml_rust2::YamlLoader::load_from_str(&yaml).expect("localities.yaml");
    let mut parents = HashMap::new();
    let mut levels = HashMap::new();
    for l in docs[0].as_vec().into_iter().flatten() {
        let id = l["id"].as_str().unwrap_or_default().to_owned();
        if let Some(p) = l["parent"].as_str() {
            parents.insert(id.clone(), p.to_owned());
        }
        levels.insert(id, l["level"].as_str().unwrap_or_default().to_owned());
    }

    let server = browser::serve(output.clone()).unwrap_or_else(|e| panic!("{e}"));
    let chromium = browser::launch().unwrap_or_else(|e| panic!("{e}"));
    Harness {
        site: Site {
            url: server.url().to_owned(),
            output,
            procedures,
            parents,
            levels,
        },
        chromium,
        _server: server,
    }
}

fn new_tab(h: &Harness) -> Arc<Tab> {
    let tab = h.chromium.browser().new_tab().expect("new tab");
    tab.set_default_timeout(Duration::from_secs(20));
    tab
}

/// Waits for the search in `tab` to finish, then returns the results as
/// `(code, text, statuses)`.
const READ_RESULTS: &str = r#"
new Promise((resolve) => {
  const done = () => document.documentElement.dataset.searchMs !== undefined;
  const read = () => resolve(JSON.stringify({
    status: document.getElementById('search-status').textContent,
    url: location.pathname + location.search,
    results: [...document.querySelectorAll('#results > li')].map((li) => ({
      code: li.dataset.code,
      text: li.textContent,
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      href: li.querySelector('a').getAttribute('href'),
      statuses: [...li.querySelectorAll('[data-status]')].map((s) => s.dataset.status),
    })),
  }));
  // A search that never finishes fails the test instead of hanging it.
  const started = Date.now();
  const wait = () => {
    if (done()) return read();
    if (Date.now() - started > 30000) {
      return resolve(JSON.stringify({
        timeout: true,
        client: typeof window.procatSearch,
        scripts: [...document.scripts].map((s) => s.src).filter(Boolean),
        status: document.getElementById('search-status')?.textContent ?? '',
        url: location.pathname + location.search,
        results: [],
      }));
    }
    setTimeout(wait, 20);
  };
  wait();
})
"#;

#[derive(Debug)]
struct Page {
    status: String,
    url: String,
    results: Vec<Value>,
}

impl Page {
    fn codes(&self) -> Vec<&str> {
        self.results
            .iter()
            .map(|r| r["code"].as_str().unwrap_or_default())
            .collect()
    }
}

fn read_results(tab: &Tab) -> Page {
    try_read_results(tab).unwrap_or_else(|e| panic!("{e}"))
}

/// The results, or what the page looked like when its search did not finish.
fn try_read_results(tab: &Tab) -> Result<Page, String> {
    let value = tab
        .evaluate(READ_RESULTS, true)
        .expect("read results")
        .value
        .expect("a value");
    let v: Value = serde_json::from_str(value.as_str().unwrap_or("{}")).expect("JSON");
    if v["timeout"].as_bool() == Some(true) {
        return Err(format!(
            "the search at {} did not finish within 30 s (status: {}, client: {}, scripts: {})",
            v["url"], v["status"], v["client"], v["scripts"]
        ));
    }
    Ok(Page {
        status: v["status"].as_str().unwrap_or_default().to_owned(),
        url: v["url"].as_str().unwrap_or_default().to_owned(),
        results: v["results"].as_array().cloned().unwrap_or_default(),
    })
}

fn open(h: &Harness, query: &str) -> (Arc<Tab>, Page) {
    let tab = new_tab(h);
    tab.navigate_to(&format!("{}search/{query}", h.site.url))
        .expect("navigate")
        .wait_until_navigated()
        .expect("navigated");
    let page = match try_read_results(&tab) {
        Ok(page) => page,
        Err(e) => {
            // Was seen when the test server kept connections alive (a shard load
            // never answered); should no longer happen. Say so loudly, then try once more.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "search browser tests: retrying once: {e}"
            );
            tab.navigate_to(&format!("{}search/{query}", h.site.url))
                .expect("navigate")
                .wait_until_navigated()
                .expect("navigated");
            read_results(&tab)
        }
    };
    (tab, page)
}

fn search(query: &str) -> Option<Page> {
    let h = harness()?;
    let (tab, page) = open(h, query);
    let _ = tab.close(true);
    Some(page)
}

fn fold(s: &str) -> String {
    procat::text::fold(s)
}

/// A procedure whose name has at least two words, preferring `Đăng ký` names.
fn sample_procedure(site: &Site) -> &Value {
    site.procedures
        .iter()
        .filter(|p| !p["status"].as_object().is_none_or(|s| s.is_empty()))
        .find(|p| p["name"].as_str().is_some_and(|n| n.starts_with("Đăng ký")))
        .or_else(|| site.procedures.first())
        .expect("the sample has procedures")
}

fn query_param(q: &str) -> String {
    let mut out = String::from("?q=");
    for b in q.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[test]
fn a_name_typed_with_diacritics_finds_its_procedure_first() {
    let Some(h) = harness() else { return };
    let p = sample_procedure(&h.site);
    let name = p["name"].as_str().unwrap_or_default();
    let page = search(&query_param(name)).expect("harness");
    assert_eq!(
        page.codes().first().copied(),
        p["code"].as_str(),
        "{page:?}"
    );
    assert!(
        !page.results[0]["marks"]
            .as_array()
            .is_none_or(|m| m.is_empty())
    );
    assert!(page.status.contains(char::is_numeric), "{}", page.status);
}

#[test]
fn a_name_typed_without_diacritics_finds_its_procedure() {
    let Some(h) = harness() else { return };
    let p = sample_procedure(&h.site);
    let name = fold(p["name"].as_str().unwrap_or_default());
    let page = search(&query_param(&name)).expect("harness");
    let code = p["code"].as_str().unwrap_or_default();
    assert!(
        page.codes()[..page.codes().len().min(3)].contains(&code),
        "{name}: {page:?}"
    );
}

#[test]
fn dang_ky_finds_dang_ky_names_and_highlights_them() {
    let Some(_) = harness() else { return };
    let page = search("?q=dang+ky").expect("harness");
    assert!(!page.results.is_empty(), "{page:?}");
    let first = &page.results[0];
    let marks: Vec<&str> = first["marks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(marks.contains(&"Đăng"), "{first}");
}

#[test]
fn a_word_with_one_typo_still_finds_the_procedure() {
    let Some(h) = harness() else { return };
    let p = sample_procedure(&h.site);
    let code = p["code"].as_str().unwrap_or_default();
    let name = fold(p["name"].as_str().unwrap_or_default());
    let long = name
        .split(' ')
        .find(|w| w.chars().count() >= 4 && w.is_ascii())
        .expect("a word of four letters");
    // Swap the last two letters: `sinh` → `sihn`.
    let mut letters: Vec<char> = long.chars().collect();
    let n = letters.len();
    letters.swap(n - 2, n - 1);
    let typo: String = letters.into_iter().collect();
    let query = name.replacen(long, &typo, 1);
    let page = search(&query_param(&query)).expect("harness");
    assert!(page.codes().contains(&code), "{query}: {page:?}");
}

#[test]
fn a_code_finds_its_procedure_first() {
    let Some(h) = harness() else { return };
    let p = sample_procedure(&h.site);
    let code = p["code"].as_str().unwrap_or_default();
    let page = search(&query_param(code)).expect("harness");
    assert_eq!(page.codes().first().copied(), Some(code), "{page:?}");
    let href = page.results[0]["href"].as_str().unwrap_or_default();
    assert!(href.ends_with(&format!("/procedures/{code}/")), "{href}");
}

#[test]
fn a_code_prefix_finds_the_codes_that_begin_with_it() {
    let Some(h) = harness() else { return };
    let p = sample_procedure(&h.site);
    let code = p["code"].as_str().unwrap_or_default();
    let prefix: String = code
        .chars()
        .take(code.chars().count().saturating_sub(2).max(3))
        .collect();
    let page = search(&query_param(&prefix)).expect("harness");
    assert!(page.codes().contains(&code), "{prefix}: {page:?}");
    assert!(
        page.codes().iter().all(|c| c.starts_with(&prefix)),
        "{prefix}: {page:?}"
    );
}

#[test]
fn a_sector_filter_keeps_only_that_sector() {
    let Some(h) = harness() else { return };
    let p = sample_procedure(&h.site);
    let sector = p["sector"].as_str().unwrap_or_default();
    let expected = h
        .site
        .procedures
        .iter()
        .filter(|x| x["sector"] == p["sector"])
        .count();
    let page = search(&format!("?sector={sector}")).expect("harness");
    assert!(page.status.contains(&expected.to_string()), "{page:?}");
    let codes = page.codes();
    for x in &h.site.procedures {
        let code = x["code"].as_str().unwrap_or_default();
        if x["sector"] != p["sector"] {
            assert!(!codes.contains(&code), "{code} is not in {sector}");
        }
    }
}

#[test]
fn a_commune_filter_includes_procedures_announced_for_its_province() {
    let Some(h) = harness() else { return };
    let site = &h.site;
    // A procedure announced for a province, and a commune under that province.
    let found = site.procedures.iter().find_map(|p| {
        let statuses = p["status"].as_object()?;
        statuses.keys().find_map(|l| {
            (site.levels.get(l).map(String::as_str) == Some("province")).then_some(())?;
            let commune = site.levels.iter().find(|(c, level)| {
                level.as_str() == "commune" && {
                    let mut at = site.parents.get(*c);
                    let mut under = false;
                    while let Some(a) = at {
                        under |= a == l;
                        at = site.parents.get(a);
                    }
                    under
                }
            })?;
            Some((p["code"].as_str()?.to_owned(), commune.0.clone()))
        })
    });
    let Some((code, commune)) = found else {
        panic!("the sample needs a province-wide procedure and a commune under that province");
    };
    let page = search(&format!("?locality={commune}")).expect("harness");
    assert!(page.codes().len() < site.procedures.len() || page.codes().contains(&code.as_str()));
    // Results are paged; search for the code within the filter.
    let page = search(&format!("{}&locality={commune}", query_param(&code))).expect("harness");
    assert_eq!(
        page.codes().first().copied(),
        Some(code.as_str()),
        "{commune}: {page:?}"
    );
}

#[test]
fn status_abolished_lists_only_procedures_abolished_somewhere() {
    let Some(h) = harness() else { return };
    let expected: Vec<&str> = h
        .site
        .procedures
        .iter()
        .filter(|p| {
            p["status"]
                .as_object()
                .is_some_and(|s| s.values().any(|v| v == "abolished"))
        })
        .filter_map(|p| p["code"].as_str())
        .collect();
    let page = search("?status=abolished").expect("harness");
    let mut codes = page.codes();
    codes.sort_unstable();
    let mut want = expected.clone();
    want.sort_unstable();
    assert_eq!(
        codes,
        want.into_iter().take(20).collect::<Vec<_>>(),
        "{page:?}"
    );
    for r in &page.results {
        let statuses = r["statuses"].as_array().cloned().unwrap_or_default();
        assert!(statuses.iter().any(|s| s == "abolished"), "{r}");
    }
}

#[test]
fn the_back_button_returns_to_the_previous_search() {
    let Some(h) = harness() else { return };
    let (tab, first) = open(h, "?q=dang+ky");
    assert!(!first.results.is_empty());
    let p = sample_procedure(&h.site);
    let code = p["code"].as_str().unwrap_or_default();
    // A new search through the form, as a citizen would type it.
    let script = format!(
        "delete document.documentElement.dataset.searchMs;\
         document.getElementById('search-q').value = {};\
         document.getElementById('search-form').requestSubmit(); true",
        serde_json::json!(code)
    );
    tab.evaluate(&script, false).expect("submit");
    let second = read_results(&tab);
    assert!(second.url.contains(&format!("q={code}")), "{second:?}");
    assert_eq!(second.codes().first().copied(), Some(code));
    tab.evaluate(
        "delete document.documentElement.dataset.searchMs; history.back(); true",
        false,
    )
    .expect("back");
    let back = read_results(&tab);
    assert_eq!(back.url, "/search/?q=dang+ky");
    assert_eq!(back.codes(), first.codes());
    let value = tab
        .evaluate("document.getElementById('search-q').value", false)
        .expect("input")
        .value;
    assert_eq!(value, Some(Value::from("dang ky")));
    let _ = tab.close(true);
}

#[test]
fn search_works_under_a_sub_path() {
    let Some(h) = harness() else { return };
    let tab = new_tab(h);
    tab.navigate_to(&format!("{}sub/search/?q=dang+ky", h.site.url))
        .expect("navigate")
        .wait_until_navigated()
        .expect("navigated");
    let page = read_results(&tab);
    assert!(!page.results.is_empty(), "{page:?}");
    let href = page.results[0]["href"].as_str().unwrap_or_default();
    assert!(href.contains("/sub/procedures/"), "{href}");
    let _ = tab.close(true);
}

#[test]
fn the_search_page_says_what_to_do_without_javascript() {
    let Some(h) = harness() else { return };
    let html = std::fs::read_to_string(h.site.output.join("search/index.html")).expect("page");
    let noscript = html.split("<noscript>").nth(1).expect("a noscript block");
    assert!(noscript.contains("JavaScript"));
    assert!(noscript.contains("sectors/"));
}

#[test]
fn search_works_from_the_output_folder_opened_from_disk() {
    let Some(h) = harness() else { return };
    let p = sample_procedure(&h.site);
    let code = p["code"].as_str().unwrap_or_default();
    let name = fold(p["name"].as_str().unwrap_or_default());
    let page_url = format!(
        "file://{}{}",
        h.site.output.join("search/index.html").display(),
        query_param(&name)
    );
    let tab = new_tab(h);
    tab.navigate_to(&page_url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("navigated");
    let page = read_results(&tab);
    assert!(
        page.codes()[..page.codes().len().min(3)].contains(&code),
        "{name}: {page:?}"
    );
    let r = page
        .results
        .iter()
        .find(|r| r["code"] == code)
        .expect("the procedure");
    let href = r["href"].as_str().unwrap_or_default();
    assert!(href.starts_with("file://"), "{href}");
    assert!(
        href.ends_with(&format!("/procedures/{code}/index.html")),
        "{href}"
    );
    // The link leads to a page that exists on disk.
    let path = href.trim_start_matches("file://");
    assert!(Path::new(path).exists(), "{path}");
    let _ = tab.close(true);
}

#[test]
fn facet_counts_follow_the_results_and_agencies_load_when_opened() {
    let Some(h) = harness() else { return };
    let (tab, page) = open(h, "?q=dang+ky");
    assert!(!page.results.is_empty());
    const FACETS: &str = r#"
new Promise((resolve) => {
  const wait = () => {
    if (document.documentElement.dataset.facetsMs === undefined) return setTimeout(wait, 20);
    resolve(JSON.stringify({
      status: document.querySelectorAll('[data-facet="status"] input').length,
      agencyButton: !!document.querySelector('button[data-open="agency"]'),
      files: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname),
    }));
  };
  wait();
})
"#;
    let v = tab
        .evaluate(FACETS, true)
        .expect("facets")
        .value
        .expect("value");
    let v: Value = serde_json::from_str(v.as_str().unwrap_or("{}")).expect("JSON");
    assert!(v["status"].as_u64().unwrap_or(0) > 0, "{v}");
    assert_eq!(v["agencyButton"], true, "{v}");
    let files = v["files"].to_string();
    assert!(!files.contains("facets/agency"), "{files}");
    const OPEN: &str = r#"
new Promise((resolve) => {
  document.querySelector('button[data-open="agency"]').click();
  const wait = () => {
    const n = document.querySelectorAll('[data-facet="agency"] input').length;
    if (!n) return setTimeout(wait, 20);
    resolve(n);
  };
  wait();
})
"#;
    let n = tab
        .evaluate(OPEN, true)
        .expect("open")
        .value
        .expect("value");
    assert!(n.as_u64().unwrap_or(0) > 0, "{n}");
    let _ = tab.close(true);
}
