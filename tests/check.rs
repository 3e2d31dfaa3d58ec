//! `procat check` from the outside: each fixture under `tests/fixtures/check/` is the
//! small catalogue `tests/fixtures/base/` with one mistake, and lists in `expect.txt`
//! the problems it must produce (`CODE path:line [hint text]`), no more, no less.

use procat::check::check_catalogue;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The base catalogue with the named fixtures laid over it, in a temporary folder.
fn catalogue_with(overlays: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    for name in overlays {
        let overlay = fixtures().join("check").join(name);
        copy_tree(&overlay, dir.path());
        for meta in ["expect.txt", "delete.txt"] {
            let _ = fs::remove_file(dir.path().join(meta));
        }
        if let Ok(list) = fs::read_to_string(overlay.join("delete.txt")) {
            for path in list.lines().filter(|l| !l.is_empty()) {
                fs::remove_file(dir.path().join(path)).unwrap();
            }
        }
    }
    dir
}

/// Runs the checker on one fixture and compares with its `expect.txt`.
fn assert_fixture(name: &str) {
    let dir = catalogue_with(&[name]);
    let checked = check_catalogue(dir.path()).unwrap();
    let expected =
        fs::read_to_string(fixtures().join("check").join(name).join("expect.txt")).unwrap();
    let mut want: Vec<(String, Option<String>)> = expected
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let code = parts.next().unwrap();
            let place = parts.next().unwrap();
            (format!("{code} {place}"), parts.next().map(str::to_string))
        })
        .collect();
    want.sort();
    let mut got: Vec<(String, String)> = checked
        .diagnostics
        .iter()
        .map(|d| {
            (
                format!("{} {}:{}", d.code, d.loc.path, d.loc.line.max(1)),
                d.to_string(),
            )
        })
        .collect();
    got.sort();
    let got_places: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    let want_places: Vec<&str> = want.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        got_places,
        want_places,
        "fixture {name}: diagnostics differ; all printed:\n{}",
        got.iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for ((_, text), (_, hint)) in got.iter().zip(&want) {
        if let Some(hint) = hint {
            assert!(
                text.contains(hint.as_str()),
                "fixture {name}: `{text}` lacks `{hint}`"
            );
        }
    }
}

macro_rules! fixture_tests {
    ($($test:ident => $fixture:literal,)*) => {
        $(
            #[test]
            fn $test() {
                assert_fixture($fixture);
            }
        )*
    };
}

fixture_tests! {
    an_unclosed_quote_is_reported_at_its_opening_quote => "yaml-syntax-error",
    front_matter_without_its_closing_line_is_an_error => "front-matter-not-closed",
    each_missing_required_key_gets_its_own_error => "missing-required-keys",
    a_procedure_with_an_empty_list_of_implementing_agencies_is_an_error => "no-implementing-agency",
    a_misspelt_key_is_an_error_that_suggests_the_right_one => "unknown-key",
    text_where_a_number_belongs_is_an_error => "wrong-type",
    a_misspelt_level_is_an_error_that_suggests_the_right_one => "invalid-value",
    an_impossible_date_is_an_error => "invalid-date",
    a_path_used_as_an_identifier_is_an_error => "invalid-identifier",
    a_code_of_the_wrong_form_is_an_error => "invalid-code",
    a_key_given_twice_is_an_error => "key-given-twice",
    a_catalogue_without_sectors_yaml_is_an_error => "missing-sectors-file",
    two_procedures_with_one_code_are_an_error => "duplicate-code",
    an_unknown_locality_is_an_error_that_suggests_a_known_one => "unknown-locality",
    an_unknown_sector_is_an_error_that_suggests_a_known_one => "unknown-sector",
    an_unknown_agency_is_an_error => "unknown-agency",
    a_decision_naming_an_unknown_procedure_is_an_error => "unknown-procedure",
    a_form_that_is_not_in_files_is_an_error => "unknown-file",
    localities_that_are_each_others_parents_are_an_error => "locality-cycle",
    agencies_that_are_each_others_parents_are_an_error => "agency-cycle",
    a_second_root_locality_is_an_error => "two-roots",
    a_procedure_listed_twice_in_one_decision_is_an_error => "listed-twice",
    a_procedure_replaced_by_itself_is_an_error => "replaced-by-itself",
    a_procedure_no_decision_names_is_a_warning => "unannounced-procedure",
    abolishing_what_was_never_announced_there_is_a_warning => "abolished-where-never-announced",
    a_decision_in_effect_before_it_is_signed_is_a_warning => "effective-before-signed",
    a_yml_file_among_agencies_is_an_error => "ignored-file",
    markdown_nested_past_the_limit_is_an_error_at_its_line => "markdown-too-deep",
    a_name_past_its_size_limit_is_an_error => "value-too-long",
    a_list_past_its_item_limit_is_an_error => "too-many-items",
    // v2: localities over time
    a_reform_written_as_the_spec_says_is_clean => "a-reform-done-right",
    a_locality_that_ends_before_it_begins_is_an_error => "locality-ends-before-it-begins",
    successors_without_an_end_date_are_an_error => "successors-without-until",
    a_successor_of_another_level_is_an_error => "successor-of-another-level",
    a_successor_that_does_not_exist_yet_is_an_error => "successor-not-there",
    a_gap_between_parent_periods_is_an_error => "parent-periods-with-a-gap",
    parent_periods_without_their_bounds_are_an_error => "parent-period-without-bounds",
    a_parent_that_does_not_exist_throughout_its_period_is_an_error => "parent-not-there-throughout-its-period",
    localities_that_are_each_others_parents_in_later_periods_are_an_error => "locality-cycle-over-periods",
    a_district_ended_with_communes_under_it_is_a_warning_naming_them => "district-ended-with-communes-under-it",
    a_decision_for_a_locality_that_has_ended_is_a_warning => "decision-for-an-ended-locality",
    a_decision_issued_by_an_agency_of_an_ended_locality_is_a_warning => "issuer-of-an-ended-locality",
}

#[test]
fn the_base_fixture_is_clean() {
    let dir = catalogue_with(&[]);
    let checked = check_catalogue(dir.path()).unwrap();
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn crlf_line_ends_a_byte_order_mark_and_decomposed_text_are_valid() {
    let dir = catalogue_with(&[]);
    let path = dir.path().join("procedures/1.000894.yaml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("Đăng ký", "Đa\u{306}ng ky\u{301}");
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    fs::write(&path, crlf).unwrap();
    let checked = check_catalogue(dir.path()).unwrap();
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let p = checked
        .catalogue
        .procedures
        .iter()
        .find(|p| p.code.value == "1.000894")
        .unwrap();
    assert_eq!(p.name, "Đăng ký kết hôn");
}

fn only_diagnostic(dir: &Path) -> procat::diagnostic::Diagnostic {
    let checked = check_catalogue(dir).unwrap();
    assert_eq!(checked.diagnostics.len(), 1, "{:#?}", checked.diagnostics);
    checked.diagnostics[0].clone()
}

#[test]
fn invalid_utf8_is_reported_at_its_line() {
    let dir = catalogue_with(&[]);
    fs::write(
        dir.path().join("sectors.yaml"),
        b"- id: ho-tich\n  name: H\xff\n",
    )
    .unwrap();
    let d = only_diagnostic(dir.path());
    assert_eq!((d.code, d.loc.line), ("E002", 2));
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let dir = catalogue_with(&[]);
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..20 {
        text.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    fs::write(dir.path().join("agencies/bomb.yaml"), text).unwrap();
    let d = only_diagnostic(dir.path());
    assert_eq!(d.code, "E100");
    assert!(d.message.contains("aliases"), "{d}");
}

#[test]
fn nesting_two_hundred_levels_deep_is_refused() {
    let dir = catalogue_with(&[]);
    let text = format!("name: {}x{}\n", "[".repeat(200), "]".repeat(200));
    fs::write(dir.path().join("agencies/deep.yaml"), text).unwrap();
    let d = only_diagnostic(dir.path());
    assert_eq!(d.code, "E100");
}

#[test]
fn a_twenty_megabyte_file_is_refused_without_reading_it() {
    let dir = catalogue_with(&[]);
    let big = "# padding\n".repeat(2 * 1024 * 1024);
    fs::write(dir.path().join("agencies/big.yaml"), big).unwrap();
    let d = only_diagnostic(dir.path());
    assert_eq!(d.code, "E003");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_leading_outside_is_not_followed() {
    let dir = catalogue_with(&[]);
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.yaml"),
        "name: x\nlocality: tinh-mau\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        dir.path().join("agencies/secret.yaml"),
    )
    .unwrap();
    let d = only_diagnostic(dir.path());
    assert_eq!((d.code, &*d.loc.path), ("W404", "agencies/secret.yaml"));
}

#[test]
fn files_and_folders_starting_with_dot_or_underscore_are_ignored() {
    let dir = catalogue_with(&[]);
    fs::create_dir_all(dir.path().join("procedures/_drafts")).unwrap();
    fs::write(
        dir.path().join("procedures/_drafts/x.md"),
        "not front matter",
    )
    .unwrap();
    fs::write(dir.path().join("procedures/.x.md"), "not front matter").unwrap();
    let checked = check_catalogue(dir.path()).unwrap();
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

fn procat(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_procat"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_sample_catalogue_checks_clean() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let out = procat(&["check", "--content", content.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("error["), "{stdout}");
}

#[test]
fn a_broken_catalogue_exits_1_and_prints_every_error() {
    let dir = catalogue_with(&[
        "yaml-syntax-error",
        "unknown-key",
        "invalid-value",
        "invalid-date",
        "unknown-locality",
    ]);
    let out = procat(&["check", "--content", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for line in [
        "localities.yaml:18:10: error[E203]",
        "procedures/1.001193.md:3:7: error[E100]",
        "procedures/1.000894.yaml:4:1: error[E201]: unknown key `secotr` in procedure",
        "decisions/qd-2-2024.yaml:5:9: error[E204]",
        "agencies/ubnd-xa.yaml:3:11: error[E301]",
        "= hint: did you mean `sector`?",
    ] {
        assert!(stdout.contains(line), "missing `{line}` in:\n{stdout}");
    }
    // Ordered by file, then line.
    let first_paths: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = first_paths.clone();
    sorted.sort();
    assert_eq!(first_paths, sorted);
}

#[test]
fn json_format_prints_one_object_per_problem() {
    let dir = catalogue_with(&["unknown-key"]);
    let out = procat(&[
        "check",
        "--format",
        "json",
        "--content",
        dir.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["code"], "E201");
    assert_eq!(lines[0]["line"], 4);
    assert_eq!(lines[0]["path"], "procedures/1.000894.yaml");
    assert_eq!(lines[0]["hint"], "did you mean `sector`?");
}

#[test]
fn a_missing_catalogue_folder_exits_2() {
    let out = procat(&["check", "--content", "/nonexistent/catalogue"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/catalogue"));
}

// ---------------------------------------------------------------- safety: what build needs, check sees

fixture_tests! {
    an_id_or_code_too_long_for_a_folder_name_is_an_error => "name-too-long",
    codes_that_differ_only_in_case_are_an_error => "codes-differing-in-case",
    a_device_name_or_a_trailing_dot_in_a_code_or_id_is_an_error => "reserved-names",
    a_url_field_that_is_not_an_absolute_http_url_is_an_error => "invalid-urls",
    a_procedure_that_fails_to_load_is_not_also_unknown_to_its_decisions => "dropped-procedure",
    an_agency_that_fails_to_load_is_not_also_unknown_to_its_procedures => "dropped-agency",
}

#[test]
fn a_nul_in_a_value_is_an_error_at_its_line_and_the_text_after_it_is_kept() {
    let dir = catalogue_with(&[]);
    fs::write(
        dir.path().join("sectors.yaml"),
        "- id: ho-tich\n  name: Hộ\0 tịch\n- id: chung-thuc\n  name: Chứng thực\n",
    )
    .unwrap();
    let checked = check_catalogue(dir.path()).unwrap();
    let places: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code, &*d.loc.path, d.loc.line, d.loc.col))
        .collect();
    assert_eq!(
        places,
        [("E208", "sectors.yaml", 2, 11)],
        "{:#?}",
        checked.diagnostics
    );
    assert_eq!(checked.catalogue.sectors[0].name, "Hộ\u{fffd} tịch");
    assert_eq!(checked.catalogue.sectors.len(), 2);
}

#[test]
fn control_characters_in_a_markdown_body_fail_procat_check() {
    let dir = catalogue_with(&[]);
    let path = dir.path().join("procedures/1.001193.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("2. Nhận", "2. \u{1b}[31mNhận\u{85}")).unwrap();
    // `procat check` does not keep the bodies, and still sees what is in them.
    let options = procat::load::LoadOptions { bodies: false };
    let checked = procat::check::check_catalogue_with(dir.path(), options).unwrap();
    let places: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code, d.loc.to_string()))
        .collect();
    assert_eq!(
        places,
        [("E208", "procedures/1.001193.md:15:4".to_string())],
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn file_names_under_files_that_windows_cannot_hold_or_that_differ_only_in_case_are_errors() {
    let dir = catalogue_with(&[]);
    let files = dir.path().join("files");
    fs::write(files.join("Mau.pdf"), "a").unwrap();
    fs::write(files.join("aux.pdf"), "b").unwrap();
    if files.join("MAU.pdf").exists() {
        return; // a file system that ignores case cannot hold the second file
    }
    fs::write(files.join("MAU.pdf"), "c").unwrap();
    let checked = check_catalogue(dir.path()).unwrap();
    let mut places: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code, d.loc.path.to_string()))
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            ("E310", "files/Mau.pdf".to_string()),
            ("E311", "files/aux.pdf".to_string())
        ],
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn a_syntax_error_in_localities_yaml_is_not_buried_under_follow_on_problems() {
    let dir = catalogue_with(&[]);
    fs::write(
        dir.path().join("localities.yaml"),
        "- id: viet-nam\n  name: \"Việt Nam\n  level: country\n",
    )
    .unwrap();
    let checked = check_catalogue(dir.path()).unwrap();
    let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E100"], "{:#?}", checked.diagnostics);
}

#[test]
fn a_syntax_error_in_sectors_yaml_is_not_buried_under_follow_on_problems() {
    let dir = catalogue_with(&[]);
    fs::write(
        dir.path().join("sectors.yaml"),
        "- id: ho-tich\n  name: [Hộ tịch\n",
    )
    .unwrap();
    let checked = check_catalogue(dir.path()).unwrap();
    let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E100"], "{:#?}", checked.diagnostics);
}

#[test]
fn a_missing_theme_or_a_template_that_does_not_compile_fails_check_not_only_build() {
    let dir = catalogue_with(&[]);
    let site = dir.path().join("site.yaml");
    let text = fs::read_to_string(&site).unwrap();
    fs::write(&site, format!("{text}theme: khong-co\n")).unwrap();
    let d = only_diagnostic(dir.path());
    assert_eq!((d.code, &*d.loc.path), ("E203", "site.yaml"), "{d}");
    assert!(d.message.contains("khong-co"), "{d}");

    fs::write(&site, format!("{text}theme: rieng\n")).unwrap();
    let templates = dir.path().join("themes/rieng/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("procedure.html"),
        "{% if page.name %}unclosed",
    )
    .unwrap();
    let d = only_diagnostic(dir.path());
    assert_eq!(
        (d.code, &*d.loc.path),
        ("E100", "themes/rieng/templates/procedure.html"),
        "{d}"
    );
}
