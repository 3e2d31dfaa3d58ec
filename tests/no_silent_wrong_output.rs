//! Ordinary typing mistakes that used to publish wrong information with exit 0
//! (issue 9, item 6): each is now an error or a warning with a hint, and the fee
//! column no longer says "free" when nothing is known.

use procat::check::check_catalogue;
use procat::diagnostic::Diagnostic;
use std::fs;
use std::path::Path;

mod support;
use support::catalogue::copy_tree;

/// The small base catalogue, with `files` (path, text) written over it.
fn catalogue_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    copy_tree(&base, dir.path());
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn diagnostics(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let dir = catalogue_with(files);
    check_catalogue(dir.path()).unwrap().diagnostics
}

/// The procedure 1.000894 of the base catalogue with `channels` added.
fn procedure_with_channels(channels: &str) -> String {
    format!(
        "code: \"1.000894\"\nname: Đăng ký kết hôn\nsector: ho-tich\nlevels: [commune]\n\
         agencies:\n  implementing: [ubnd-xa]\nchannels:\n{channels}"
    )
}

const PROCEDURE: &str = "procedures/1.000894.yaml";

#[test]
fn an_amount_with_dots_between_thousands_is_an_error_that_gives_the_digits() {
    let found = diagnostics(&[(
        PROCEDURE,
        &procedure_with_channels(
            "  - method: in-person\n    fees:\n      - name: Lệ phí\n        amount: 15.000\n      - name: Phí\n        amount: 1.500.000\n      - name: Phí khác\n        amount: \"20,000\"\n",
        ),
    )]);
    let places: Vec<(&str, u32)> = found.iter().map(|d| (d.code, d.loc.line)).collect();
    assert_eq!(
        places,
        [("E218", 11), ("E218", 13), ("E218", 15)],
        "{found:#?}"
    );
    assert!(found[0].message.contains("read as 15,"), "{}", found[0]);
    assert!(
        found[0].hint.as_deref().unwrap().contains("`15000`"),
        "{found:#?}"
    );
    assert!(
        found[1].hint.as_deref().unwrap().contains("`1500000`"),
        "{found:#?}"
    );
    assert!(
        found[2].hint.as_deref().unwrap().contains("`20000`"),
        "{found:#?}"
    );
}

#[test]
fn amounts_and_days_without_separators_are_read_as_written() {
    let found = diagnostics(&[(
        PROCEDURE,
        &procedure_with_channels(
            "  - method: in-person\n    processing_days: 1.5\n    fees:\n      - name: Lệ phí\n        amount: 15000\n      - name: Phí\n        amount: 0\n",
        ),
    )]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn days_written_with_a_word_get_a_hint_about_days_not_money() {
    let found = diagnostics(&[(
        PROCEDURE,
        &procedure_with_channels("  - method: in-person\n    processing_days: 03 ngày\n"),
    )]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!((d.code, d.loc.line), ("E202", 9));
    let hint = d.hint.as_deref().unwrap();
    assert!(hint.contains("working days"), "{hint}");
    assert!(hint.contains("processing_time"), "{hint}");
    assert!(
        !hint.contains("currency") && !hint.contains("thousands"),
        "{hint}"
    );
}

#[test]
fn a_comment_that_cuts_a_text_value_short_is_a_warning_at_the_value() {
    let procedure = "code: \"1.000894\"\n\
                     name: Đăng ký kết hôn # có yếu tố nước ngoài\n\
                     sector: ho-tich # lĩnh vực hộ tịch\n\
                     levels: [commune]\n\
                     agencies:\n  implementing: [ubnd-xa]\n\
                     result: \"Giấy chứng nhận # bản chính\"\n\
                     # a comment on its own line is fine\n\
                     conditions: Hai bên nam nữ tự nguyện\n";
    let found = diagnostics(&[(PROCEDURE, procedure)]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!((d.code, d.loc.line, d.loc.col), ("W409", 2, 7));
    assert!(d.message.contains("# có yếu tố nước ngoài"), "{d}");
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("\"Đăng ký kết hôn # có yếu tố nước ngoài\""),
        "{d}"
    );
}

#[test]
fn a_decision_saved_as_yml_is_an_error_and_a_document_among_records_a_warning() {
    let decision = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base/decisions/qd-2-2024.yaml"),
    )
    .unwrap();
    let found = diagnostics(&[
        ("decisions/qd-3-2024.yml", decision.as_str()),
        ("procedures/2024/1.009999.YAML", "code: x\n"),
        ("decisions/scan.pdf", "%PDF"),
        ("decisions/_draft.yml", "not read"),
    ]);
    let places: Vec<(&str, &str)> = found.iter().map(|d| (d.code, &*d.loc.path)).collect();
    assert_eq!(
        places,
        [
            ("E209", "decisions/qd-3-2024.yml"),
            ("W405", "decisions/scan.pdf"),
            ("E209", "procedures/2024/1.009999.YAML"),
        ],
        "{found:#?}"
    );
    assert!(found[0].hint.as_deref().unwrap().contains(".md or .yaml"));
    assert!(found[1].hint.as_deref().unwrap().contains("files/"));
}

#[test]
fn a_channel_without_fees_says_no_fee_is_stated_and_only_a_fee_of_zero_says_free() {
    let dir = catalogue_with(&[(
        PROCEDURE,
        &procedure_with_channels(
            "  - method: in-person\n  - method: online\n    fees:\n      - name: Lệ phí\n        amount: 0\n  - method: postal\n    fees:\n      - name: Phí\n        amount: 50000\n",
        ),
    )]);
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let options = procat::build::BuildOptions {
        content: dir.path().to_path_buf(),
        output: output.clone(),
        as_of: "2024-06-01".parse().unwrap(),
        base_url: None,
        progress: false,
    };
    procat::build::build(&options).unwrap();
    let html = fs::read_to_string(output.join("procedures/1.000894/index.html")).unwrap();
    let channels = html
        .split("id=channels")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .unwrap_or_else(|| panic!("no channels table in {html}"));
    let rows: Vec<&str> = channels.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 3, "{html}");
    assert!(
        rows[0].contains("Chưa có thông tin phí, lệ phí"),
        "{}",
        rows[0]
    );
    assert!(!rows[0].contains("Miễn phí"), "{}", rows[0]);
    assert!(rows[1].contains("Lệ phí: Miễn phí"), "{}", rows[1]);
    assert!(rows[2].contains("Phí: 50.000 VND"), "{}", rows[2]);
}
