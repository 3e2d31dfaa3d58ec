//! Hostile or careless input takes bounded work: deep nesting, alias bombs and
//! oversized values get a diagnostic from `procat check` (and stop `build`
//! with it), never a stack overflow, an abort or gigabytes of output.
//!
//! Each test lays one file over `tests/fixtures/base/` in a temporary folder.
//! Everything runs on threads with the 2 MiB stack that `cargo test` and rayon
//! give their threads, so an unbounded recursion shows up here.

use procat::build::{BuildError, BuildOptions, build};
use procat::check::{Checked, check_catalogue_with};
use procat::diagnostic::Diagnostic;
use procat::load::LoadOptions;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod support;
use support::catalogue::copy_tree;

/// The base fixture with `files` (path, content) written over it.
fn catalogue(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    copy_tree(&base, dir.path());
    for (path, content) in files {
        fs::write(dir.path().join(path), content).unwrap();
    }
    dir
}

/// Runs `f` on a thread with a 2 MiB stack.
fn on_a_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// `procat check`: the catalogue loaded without bodies, as the command does.
fn check(dir: &Path) -> Checked {
    let root = dir.to_path_buf();
    on_a_small_stack(move || check_catalogue_with(&root, LoadOptions { bodies: false }).unwrap())
}

fn build_into(dir: &Path) -> (Result<(), BuildError>, PathBuf) {
    let output = dir.parent().unwrap().join(format!(
        "{}-output",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let options = BuildOptions {
        content: dir.to_path_buf(),
        output: output.clone(),
        as_of: "2024-06-01".parse().unwrap(),
        base_url: None,
        progress: false,
    };
    let result = on_a_small_stack(move || build(&options).map(|_| ()));
    (result, output)
}

/// The diagnostics with `code`, as `path:line`.
fn places(diagnostics: &[Diagnostic], code: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| format!("{}:{}", d.loc.path, d.loc.line))
        .collect()
}

fn all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

const FRONT: &str = "---\ncode: \"1.001193\"\nname: Đăng ký khai sinh\nsector: ho-tich\nlevels: [commune]\nagencies:\n  implementing: [ubnd-xa]\n";

/// The procedure 1.001193 with `extra` front matter lines and `body`.
/// Its front matter ends on line 7 + the lines of `extra`.
fn procedure(extra: &str, body: &str) -> String {
    format!("{FRONT}{extra}---\n{body}")
}

#[test]
fn yaml_nested_a_hundred_thousand_deep_in_block_sequences_is_an_e100_found_quickly() {
    let text = procedure(&format!("keywords:\n  {}x\n", "- ".repeat(100_000)), "");
    let dir = catalogue(&[("procedures/1.001193.md", &text)]);
    let started = Instant::now();
    let checked = check(dir.path());
    assert!(started.elapsed() < Duration::from_secs(5));
    let e100 = places(&checked.diagnostics, "E100");
    assert_eq!(
        e100,
        ["procedures/1.001193.md:9"],
        "{}",
        all(&checked.diagnostics)
    );
    let message = &checked
        .diagnostics
        .iter()
        .find(|d| d.code == "E100")
        .unwrap();
    assert!(message.message.contains("nested more than 64"), "{message}");
}

#[test]
fn an_alias_bomb_by_bytes_is_an_e100_not_gigabytes() {
    // A file of about 120 kB that would expand to 1 GB.
    let big = "x".repeat(100_000);
    let aliases = ["*big"; 10_000].join(", ");
    let text = procedure(
        &format!("result: &big \"{big}\"\nkeywords: [{aliases}]\n"),
        "",
    );
    let dir = catalogue(&[("procedures/1.001193.md", &text)]);
    let checked = check(dir.path());
    assert_eq!(
        places(&checked.diagnostics, "E100"),
        ["procedures/1.001193.md:9"],
        "{}",
        all(&checked.diagnostics)
    );
}

fn deep_quotes() -> String {
    format!("Các bước:\n\n{}x\n", "> ".repeat(5_000))
}

#[test]
fn check_reports_a_body_of_thousands_of_nested_block_quotes_at_its_line() {
    let dir = catalogue(&[("procedures/1.001193.md", &procedure("", &deep_quotes()))]);
    let checked = check(dir.path());
    // Front matter lines 1-8, body from line 9: the quotes are on line 11.
    assert_eq!(
        places(&checked.diagnostics, "E102"),
        ["procedures/1.001193.md:11"],
        "{}",
        all(&checked.diagnostics)
    );
    assert!(checked.has_errors());
}

#[test]
fn a_build_with_thousands_of_nested_block_quotes_stops_with_the_diagnostic_instead_of_crashing() {
    let dir = catalogue(&[("procedures/1.001193.md", &procedure("", &deep_quotes()))]);
    let (result, output) = build_into(dir.path());
    match result {
        Err(BuildError::Invalid(diagnostics)) => {
            assert_eq!(places(&diagnostics, "E102"), ["procedures/1.001193.md:11"]);
        }
        other => panic!("expected the build to stop with E102, got {other:?}"),
    }
    assert!(!output.exists(), "nothing is written");
}

#[test]
fn nested_lists_and_emphasis_runs_are_reported_too() {
    let lists = format!("{}x\n", "- ".repeat(3_000));
    let emphasis = format!("{}x{}\n", "*a ".repeat(3_000), " a*".repeat(3_000));
    let mixed = format!("{}x\n", "> 1. - ".repeat(1_000));
    for body in [lists, emphasis, mixed] {
        let dir = catalogue(&[("procedures/1.001193.md", &procedure("", &body))]);
        let checked = check(dir.path());
        assert_eq!(
            places(&checked.diagnostics, "E102"),
            ["procedures/1.001193.md:9"],
            "{}",
            all(&checked.diagnostics)
        );
    }
}

#[test]
fn deep_markdown_in_conditions_the_site_footer_and_a_decision_body_is_reported() {
    let deep = "> ".repeat(2_000);
    let conditions = procedure(&format!("conditions: \"{deep}x\"\n"), "");
    let site = format!(
        "title: Thủ tục hành chính tỉnh Mẫu\nbase_url: https://thutuc.example.gov.vn/\nfooter: |\n  Liên hệ:\n  {deep}x\n"
    );
    let decision = format!(
        "---\nnumber: \"1/QĐ-BTP\"\ntitle: Công bố\nissuer: bo-tu-phap\nlocality: viet-nam\nsigned: 2024-01-10\neffective: 2024-02-01\nnew: [\"1.001193\", \"1.000894\"]\n---\n{deep}x\n"
    );
    let dir = catalogue(&[
        ("procedures/1.001193.md", &conditions),
        ("site.yaml", &site),
        ("decisions/qd-1-2024.md", &decision),
    ]);
    fs::remove_file(dir.path().join("decisions/qd-1-2024.yaml")).unwrap();
    let checked = check(dir.path());
    let mut got = places(&checked.diagnostics, "E102");
    got.sort();
    assert_eq!(
        got,
        [
            "decisions/qd-1-2024.md:10",
            "procedures/1.001193.md:8",
            "site.yaml:4"
        ],
        "{}",
        all(&checked.diagnostics)
    );
}

#[test]
fn a_name_past_500_characters_is_an_e216_at_its_line() {
    let long_name = "Đăng ký ".repeat(70); // 560 characters, 910 bytes
    let text = format!(
        "---\ncode: \"1.001193\"\nname: {long_name}\nsector: ho-tich\nlevels: [commune]\nagencies:\n  implementing: [ubnd-xa]\n---\n"
    );
    let dir = catalogue(&[("procedures/1.001193.md", &text)]);
    let checked = check(dir.path());
    assert_eq!(
        places(&checked.diagnostics, "E216"),
        ["procedures/1.001193.md:3"],
        "{}",
        all(&checked.diagnostics)
    );
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "E216")
        .unwrap();
    assert!(d.message.contains("at most 500 characters"), "{d}");
    // The procedure is left out, but nothing else is said about it.
    assert_eq!(checked.error_count(), 1, "{}", all(&checked.diagnostics));
}

#[test]
fn a_name_of_500_characters_is_fine() {
    let name = "Đăng ký khai sinh ".repeat(28); // 504 characters, trimmed to 503
    let name = name.chars().take(500).collect::<String>();
    let text = format!(
        "---\ncode: \"1.001193\"\nname: \"{name}\"\nsector: ho-tich\nlevels: [commune]\nagencies:\n  implementing: [ubnd-xa]\n---\n"
    );
    let dir = catalogue(&[("procedures/1.001193.md", &text)]);
    let checked = check(dir.path());
    assert!(!checked.has_errors(), "{}", all(&checked.diagnostics));
}

#[test]
fn a_long_value_and_an_oversized_body_are_e216() {
    let result = "Giấy khai sinh. ".repeat(1_200); // about 20 kB
    let body = "Nộp hồ sơ. ".repeat(100_000); // about 1.2 MB
    let text = procedure(&format!("result: \"{result}\"\n"), &body);
    let dir = catalogue(&[("procedures/1.001193.md", &text)]);
    let checked = check(dir.path());
    assert_eq!(
        places(&checked.diagnostics, "E216"),
        ["procedures/1.001193.md:8", "procedures/1.001193.md:10"],
        "{}",
        all(&checked.diagnostics)
    );
}

#[test]
fn a_list_past_its_item_limit_is_an_e217() {
    let applicants = vec!["\"Công dân\""; 1_001].join(", ");
    let text = procedure(&format!("applicants: [{applicants}]\n"), "");
    let dir = catalogue(&[("procedures/1.001193.md", &text)]);
    let checked = check(dir.path());
    assert_eq!(
        places(&checked.diagnostics, "E217"),
        ["procedures/1.001193.md:8"],
        "{}",
        all(&checked.diagnostics)
    );
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "E217")
        .unwrap();
    assert!(
        d.message.contains("1001 items; it may have at most 1000"),
        "{d}"
    );
}

/// A decision whose `new` list names the two fixture procedures and then
/// `more` others.
fn decision_with(more: usize) -> String {
    let mut codes = vec!["\"1.001193\"".to_string(), "\"1.000894\"".to_string()];
    codes.extend((0..more).map(|i| format!("\"9.{i:06}\"")));
    format!(
        "number: \"1/QĐ-BTP\"\ntitle: Công bố\nissuer: bo-tu-phap\nlocality: viet-nam\nsigned: 2024-01-10\neffective: 2024-02-01\nnew: [{}]\n",
        codes.join(", ")
    )
}

#[test]
fn a_decision_may_announce_thousands_of_procedures_but_not_more_than_ten_thousand() {
    let dir = catalogue(&[("decisions/qd-1-2024.yaml", &decision_with(2_000))]);
    let checked = check(dir.path());
    assert!(
        places(&checked.diagnostics, "E217").is_empty(),
        "2,002 items are fine"
    );
    let dir = catalogue(&[("decisions/qd-1-2024.yaml", &decision_with(10_000))]);
    let checked = check(dir.path());
    assert_eq!(
        places(&checked.diagnostics, "E217"),
        ["decisions/qd-1-2024.yaml:7"]
    );
}
