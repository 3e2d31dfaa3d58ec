//! Search over time in a real browser (SPEC §5 Search, v2): the fixture
//! `site-over-time` built as of 2026-01-01, after Xã 1 merged into Xã Mới on
//! 2025-07-01. A saved search naming Xã 1 filters by Xã Mới and says so; the
//! locality facet offers only the localities existing then.
//!
//! Without chromium the tests print "skipped: chromium not found" and pass,
//! unless `PROCAT_REQUIRE_BROWSER=1`, where they fail.

mod support;

use chrono::NaiveDate;
use headless_chrome::Tab;
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use support::browser::{self, Chromium, TestServer};

struct Harness {
    url: String,
    chromium: Chromium,
    _server: TestServer,
}

fn harness() -> Option<&'static Harness> {
    static HARNESS: OnceLock<Option<Harness>> = OnceLock::new();
    HARNESS
        .get_or_init(|| browser::chromium_or_skip("search over time tests").then(start))
        .as_ref()
}

fn start() -> Harness {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("site");
    browser::remove_at_exit(out_dir);
    let options = procat::build::BuildOptions {
        content: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site-over-time"),
        output: output.clone(),
        as_of: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        base_url: None,
        progress: false,
    };
    if let Err(e) = procat::build::build(&options) {
        panic!("building site-over-time failed: {e:?}");
    }
    let server = browser::serve(output).unwrap_or_else(|e| panic!("{e}"));
    let chromium = browser::launch().unwrap_or_else(|e| panic!("{e}"));
    Harness {
        url: server.url().to_owned(),
        chromium,
        _server: server,
    }
}

/// Waits (at most 30 s) for the search and its facets, then reads the page.
const READ: &str = r#"
new Promise((resolve) => {
  const started = Date.now();
  const wait = () => {
    const done = document.documentElement.dataset.facetsMs !== undefined;
    if (!done && Date.now() - started < 30000) return setTimeout(wait, 20);
    const notice = document.getElementById('search-notice');
    resolve(JSON.stringify({
      done,
      url: location.pathname + location.search,
      notice: notice && !notice.hidden ? notice.textContent : '',
      codes: [...document.querySelectorAll('#results > li')].map((li) => li.dataset.code),
      locality: [...document.querySelectorAll('[data-facet="locality"] input')]
        .map((i) => ({ value: i.value, checked: i.checked })),
    }));
  };
  wait();
})
"#;

fn open(h: &Harness, query: &str) -> (Arc<Tab>, Value) {
    let tab = h.chromium.browser().new_tab().expect("new tab");
    tab.set_default_timeout(Duration::from_secs(40));
    tab.navigate_to(&format!("{}search/{query}", h.url))
        .expect("navigate")
        .wait_until_navigated()
        .expect("navigated");
    let value = tab
        .evaluate(READ, true)
        .expect("read")
        .value
        .expect("value");
    let v: Value = serde_json::from_str(value.as_str().unwrap_or("{}")).expect("JSON");
    assert_eq!(v["done"], true, "the search at {query} did not finish: {v}");
    (tab, v)
}

#[test]
fn a_saved_search_naming_a_merged_commune_shows_its_successors_results_and_says_so() {
    let Some(h) = harness() else { return };
    let (tab, now) = open(h, "?locality=xa-moi");
    let _ = tab.close(true);
    let (tab, former) = open(h, "?locality=xa-1");
    let _ = tab.close(true);

    assert!(
        !now["codes"].as_array().is_none_or(|c| c.is_empty()),
        "Xã Mới has procedures: {now}"
    );
    assert_eq!(former["codes"], now["codes"], "{former}");
    let notice = former["notice"].as_str().unwrap_or_default();
    assert_eq!(
        notice, "Xã 1 không còn tồn tại từ 01/07/2025; đang hiển thị kết quả cho Xã Mới.",
        "{former}"
    );
    assert_eq!(now["notice"], "", "no notice for a locality existing today");
    // The address stays as saved.
    assert_eq!(former["url"], "/search/?locality=xa-1");
}

#[test]
fn the_locality_facet_offers_only_todays_localities() {
    let Some(h) = harness() else { return };
    let (tab, former) = open(h, "?locality=xa-1");
    let _ = tab.close(true);
    let offered: Vec<(&str, bool)> = former["locality"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                i["value"].as_str().unwrap_or_default(),
                i["checked"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert!(offered.contains(&("xa-moi", true)), "{offered:?}");
    for gone in ["xa-1", "huyen-a1", "tinh-a"] {
        assert!(
            offered.iter().all(|(v, _)| *v != gone),
            "{gone} is offered: {offered:?}"
        );
    }
}

#[test]
fn a_saved_search_naming_a_district_that_ended_without_successors_says_so_and_finds_nothing() {
    let Some(h) = harness() else { return };
    let (tab, page) = open(h, "?locality=huyen-a1");
    let _ = tab.close(true);
    assert_eq!(
        page["notice"], "Huyện A1 không còn tồn tại từ 01/07/2025.",
        "{page}"
    );
    assert_eq!(page["codes"], serde_json::json!([]), "{page}");
}
