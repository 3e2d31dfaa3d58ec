//! A catalogue whose localities change (SPEC v2 §2, §3.1, §5), built at dates on
//! both sides of a merger: the open data and a site without broken links.
//!
//! `tests/fixtures/site-over-time`: Tỉnh A merges into Tỉnh B on 2025-07-01; its
//! district ends, Xã 1 merges into the new Xã Mới, Xã 2 moves under Tỉnh B.
//! Tỉnh A announced 1.000001 in 2024, Tỉnh B announced 1.000002 in 2024 and
//! 1.000001 for itself on 2026-01-01; 1.000003 is national.

use procat::build::{BuildOptions, build};
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};

fn built_at(as_of: &str) -> PathBuf {
    let out = tempfile::Builder::new()
        .prefix(&format!("procat-over-time-{as_of}-"))
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap_or_else(|e| panic!("scratch dir: {e}"))
        .keep()
        .join("output");
    let options = BuildOptions {
        content: PathBuf::from("tests/fixtures/site-over-time"),
        output: out.clone(),
        as_of: as_of.parse().unwrap_or_else(|e| panic!("{as_of}: {e}")),
        base_url: None,
        progress: false,
    };
    if let Err(e) = build(&options) {
        panic!("build failed:\n{e}");
    }
    out
}

fn json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn status_of(data: &Value, code: &str) -> Value {
    let procedures = data["procedures"].as_array().expect("procedures");
    let p = procedures
        .iter()
        .find(|p| p["code"] == code)
        .unwrap_or_else(|| panic!("no procedure {code}"));
    p["status"].clone()
}

#[test]
fn open_data_lists_the_localities_whose_status_is_not_inherited_after_a_merger() {
    let site = built_at("2025-12-01");
    let data = json(&site.join("data/procedures.json"));
    // Tỉnh A no longer exists; its decision still holds in its former communes,
    // while Tỉnh B's own announcement is yet to come.
    assert_eq!(
        status_of(&data, "1.000001"),
        json!({"tinh-b": "upcoming", "xa-2": "current", "xa-moi": "current"})
    );
    // What Tỉnh B announced before the merger does not reach Tỉnh A's former communes.
    assert_eq!(
        status_of(&data, "1.000002"),
        json!({"tinh-b": "current", "xa-2": null, "xa-moi": null})
    );
    assert_eq!(status_of(&data, "1.000003"), json!({"viet-nam": "current"}));
}

#[test]
fn open_data_before_the_merger_lists_the_territories_only() {
    let site = built_at("2025-01-01");
    let data = json(&site.join("data/procedures.json"));
    assert_eq!(
        status_of(&data, "1.000001"),
        json!({"tinh-a": "current", "tinh-b": "upcoming"})
    );
    assert_eq!(status_of(&data, "1.000002"), json!({"tinh-b": "current"}));
}

#[test]
fn once_the_new_province_announces_it_the_merged_communes_inherit_again() {
    let site = built_at("2026-06-01");
    let data = json(&site.join("data/procedures.json"));
    assert_eq!(status_of(&data, "1.000001"), json!({"tinh-b": "current"}));
}

#[test]
fn localities_json_is_the_tree_over_time_sorted_by_id() {
    let site = built_at("2025-12-01");
    let data = json(&site.join("data/localities.json"));
    let list = data.as_array().expect("a list of localities");
    let ids: Vec<&str> = list.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "huyen-a1", "tinh-a", "tinh-b", "viet-nam", "xa-1", "xa-2", "xa-b", "xa-moi"
        ]
    );
    let find = |id: &str| list.iter().find(|l| l["id"] == id).cloned();
    assert_eq!(
        find("xa-2"),
        Some(json!({
            "code": "00002", "from": null, "id": "xa-2", "level": "commune", "name": "Xã 2",
            "parents": [
                {"from": null, "id": "huyen-a1", "until": "2025-07-01"},
                {"from": "2025-07-01", "id": "tinh-b", "until": null}
            ],
            "successors": [], "until": null
        }))
    );
    assert_eq!(
        find("xa-1"),
        Some(json!({
            "code": null, "from": null, "id": "xa-1", "level": "commune", "name": "Xã 1",
            "parents": [{"from": null, "id": "huyen-a1", "until": "2025-07-01"}],
            "successors": ["xa-moi"], "until": "2025-07-01"
        }))
    );
    assert_eq!(
        find("viet-nam").map(|l| l["parents"].clone()),
        Some(json!([]))
    );
}

#[test]
fn former_and_future_localities_keep_their_pages_and_every_link_resolves() {
    for as_of in ["2025-01-01", "2025-12-01"] {
        let site = built_at(as_of);
        for id in ["tinh-a", "huyen-a1", "xa-1", "xa-moi"] {
            let page = site.join(format!("localities/{id}/index.html"));
            assert!(page.is_file(), "as of {as_of}: no page for {id}");
        }
        assert_links_resolve(&site);
    }
}

/// Every internal `href` and `src` of every page names a file of the output
/// (the site is built at the root of its domain).
fn assert_links_resolve(root: &Path) {
    let mut broken = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let dir = path.parent().unwrap_or(root);
        for attr in ["href=\"", "src=\"", "href=", "src="] {
            for piece in html.split(attr).skip(1) {
                let end = piece.find(['"', ' ', '>']).unwrap_or(piece.len());
                let link = piece[..end].split(['#', '?']).next().unwrap_or("");
                if link.is_empty() || link.contains(':') || link.starts_with('"') {
                    continue;
                }
                let mut target = match link.strip_prefix('/') {
                    Some(inside) => root.join(inside),
                    None => dir.join(link),
                };
                if link.ends_with('/') {
                    target.push("index.html");
                }
                checked += 1;
                if !target.exists() {
                    broken.push(format!("{}: {link}", path.display()));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn an_ended_locality_shows_its_end_and_links_to_what_it_is_now_part_of() {
    let site = built_at("2025-12-01");
    let page = fs::read_to_string(site.join("localities/xa-1/index.html")).unwrap_or_default();
    assert!(page.contains("không còn tồn tại"), "says it has ended");
    assert!(page.contains("01/07/2025"), "the day it ended");
    assert!(page.contains("Nay thuộc"), "now part of");
    assert!(
        page.contains("/localities/xa-moi/"),
        "links to its successor"
    );
    let new_one = fs::read_to_string(site.join("localities/xa-moi/index.html")).unwrap_or_default();
    assert!(
        new_one.contains("/localities/xa-1/"),
        "links back to where it came from"
    );
    assert!(!new_one.contains("không còn tồn tại"));
}

#[test]
fn the_home_page_lists_former_and_future_localities_apart() {
    let site = built_at("2025-12-01");
    let home = fs::read_to_string(site.join("index.html")).unwrap_or_default();
    let (today, former) = home
        .split_once("id=former-localities")
        .unwrap_or_else(|| panic!("no list of former localities"));
    let today = today.rsplit("id=localities").next().unwrap_or("");
    assert!(today.contains("/localities/tinh-b/"));
    assert!(
        !today.contains("/localities/tinh-a/"),
        "former ones are apart"
    );
    assert!(former.contains("/localities/tinh-a/"));
    // Before the merger, the commune yet to be formed is the one listed apart.
    let before = fs::read_to_string(built_at("2025-01-01").join("index.html")).unwrap_or_default();
    let (today, later) = before
        .split_once("id=former-localities")
        .unwrap_or_else(|| panic!("no list of future localities"));
    assert!(today.contains("/localities/tinh-a/"));
    assert!(later.contains("/localities/xa-moi/"));
}

#[test]
fn an_ended_locality_lists_what_was_in_force_there_on_its_last_day() {
    let site = built_at("2026-01-01");
    let read = |id: &str| {
        fs::read_to_string(site.join(format!("localities/{id}/index.html"))).unwrap_or_default()
    };
    let heading = "Đang áp dụng tại đây vào ngày cuối cùng, 30/06/2025";
    // Xã 1 ended on 2025-07-01: the national procedure was current there on 30/06/2025.
    let xa_1 = read("xa-1");
    let (_, listed) = xa_1
        .split_once(heading)
        .unwrap_or_else(|| panic!("no last-day heading on xa-1:\n{xa_1}"));
    assert!(listed.contains("/procedures/1.000003/"), "{listed}");
    assert!(listed.contains("tag--current"), "with its status then");
    assert!(!listed.contains("Không có thủ tục nào"));
    // Tỉnh A lists its own announcement, not what Tỉnh B announced for itself.
    let tinh_a = read("tinh-a");
    let (_, listed) = tinh_a
        .split_once(heading)
        .unwrap_or_else(|| panic!("no last-day heading on tinh-a"));
    assert!(listed.contains("/procedures/1.000001/"));
    assert!(listed.contains("tag--current"));
    assert!(!listed.contains("/procedures/1.000002/"));
    // A locality that exists on the as-of date lists today's statuses, as before.
    let xa_moi = read("xa-moi");
    assert!(xa_moi.contains("/procedures/1.000003/"));
    assert!(!xa_moi.contains("ngày cuối cùng"));
}

/// The data of one search index file (`procatSearch("NAME",DATA);`).
fn search_data(site: &Path, name: &str) -> Option<Value> {
    let text = fs::read_to_string(site.join(format!("search/{name}.js"))).ok()?;
    let data = text
        .strip_prefix(&format!("procatSearch({},", json!(name)))?
        .strip_suffix(");\n")?;
    serde_json::from_str(data).ok()
}

fn locality_ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l[0].as_str())
        .collect()
}

#[test]
fn search_offers_the_localities_of_the_as_of_date_and_maps_former_ones_to_their_successors() {
    let after = built_at("2026-01-01");
    let tree = search_data(&after, "localities").expect("localities.js");
    assert_eq!(
        locality_ids(&tree),
        ["viet-nam", "tinh-b", "xa-2", "xa-b", "xa-moi"]
    );
    let facet = search_data(&after, "facets/locality").expect("facets/locality.js");
    assert!(!locality_ids(&facet).contains(&"tinh-a"), "{facet}");
    let former = search_data(&after, "former").expect("former.js");
    assert_eq!(
        former["localities"]["xa-1"],
        json!(["Xã 1", "01/07/2025", [["xa-moi", "Xã Mới"]]])
    );
    assert_eq!(former["localities"]["huyen-a1"][2], json!([]));
    assert_eq!(search_data(&after, "root").expect("root.js")["former"], 1);

    // Before the merger nothing has ended: the old tree, no former.js.
    let before = built_at("2025-01-01");
    let tree = search_data(&before, "localities").expect("localities.js");
    let ids = locality_ids(&tree);
    assert!(ids.contains(&"xa-1") && !ids.contains(&"xa-moi"), "{ids:?}");
    assert!(search_data(&before, "former").is_none());
    assert!(
        search_data(&before, "root")
            .expect("root.js")
            .get("former")
            .is_none()
    );
}
