//! Property tests: arbitrary bytes, YAML shapes and Markdown shapes thrown at
//! the loader and at the build of a tiny catalogue. Whatever the input: no
//! panic, no stack overflow, and `check` and `build` agree (the build stops
//! with the same errors as `check`, or succeeds when `check` found none).
//!
//! `cargo test` runs a few cases of each (64, a few seconds); a longer run:
//!
//! ```sh
//! PROPTEST_CASES=5000 cargo test --release --test fuzz
//! ```

use procat::build::{BuildError, BuildOptions, build};
use procat::check::check_catalogue_with;
use procat::load::LoadOptions;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::fs;
use std::path::Path;

mod support;
use support::catalogue::copy_tree;

/// Cases per property: `PROPTEST_CASES`, or 64.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Writes `bytes` as `rel` into a copy of the base fixture, then checks it as
/// `procat check` does and, unless `check_only`, builds it; all on a thread
/// with the 2 MiB stack of `cargo test` and rayon threads.
fn check_and_build(
    rel: &'static str,
    bytes: Vec<u8>,
    check_only: bool,
) -> Result<(), TestCaseError> {
    let outcome = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || -> Result<(), String> {
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let out = tempfile::tempdir().map_err(|e| e.to_string())?;
            let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
            copy_tree(&base, dir.path());
            fs::write(dir.path().join(rel), &bytes).map_err(|e| e.to_string())?;
            let checked = check_catalogue_with(dir.path(), LoadOptions { bodies: false })
                .map_err(|e| format!("check could not run: {e}"))?;
            if check_only {
                return Ok(());
            }
            let options = BuildOptions {
                content: dir.path().to_path_buf(),
                // Beside the catalogue, never inside it.
                output: out.path().join("site"),
                as_of: "2024-06-01".parse().map_err(|_| "date")?,
                base_url: None,
                progress: false,
            };
            match (build(&options), checked.has_errors()) {
                (Ok(_), false) | (Err(BuildError::Invalid(_)), true) => Ok(()),
                (Ok(_), true) => Err("build succeeded where check found errors".into()),
                (Err(e), _) => Err(format!(
                    "check found {} error(s) but build said: {e}",
                    checked.error_count()
                )),
            }
        })
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .join();
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => Err(TestCaseError::fail(message)),
        Err(_) => Err(TestCaseError::fail("panicked")),
    }
}

const FRONT: &str = "---\ncode: \"1.001193\"\nname: Đăng ký khai sinh\nsector: ho-tich\nlevels: [commune]\nagencies:\n  implementing: [ubnd-xa]\n";

/// Pieces of YAML syntax, each possibly repeated many times.
fn yaml_piece() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "- ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        ": ",
        "? ",
        "\n",
        "\n  ",
        "  ",
        "&a ",
        "*a",
        "&b ",
        "*b",
        "!!str ",
        "\"",
        "'",
        "|\n  ",
        ">\n  ",
        "#",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "\t",
        "x",
        "Đăng ký",
        "1.001193",
        "2024-02-30",
        "~",
        "null",
        "-1",
        "1e400",
        "\\u0000",
        "\0",
        "\u{feff}",
        "\r\n",
        "keywords",
        "channels",
        "fees",
        "amount",
    ]);
    (pieces, 1..200usize).prop_map(|(piece, n)| piece.repeat(n))
}

/// Pieces of Markdown syntax, each possibly repeated many times.
fn markdown_piece() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "> ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "  ",
        "    ",
        "\t",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "~~",
        "[",
        "](files/a.pdf)",
        "](javascript:x)",
        "![",
        "[^1]",
        "[^1]: ",
        "<http://a.vn>",
        "`",
        "```\n",
        "| a |",
        "|---|\n",
        "# ",
        "x",
        "Nộp hồ sơ ",
        "<div>",
        "</div>",
        "<script>",
        "&amp;",
        "\\",
        "PROCAT_SHARED_FRAGMENT_SLOT",
        "{{ x }}",
        "{% if %}",
    ]);
    (pieces, 1..3000usize).prop_map(|(piece, n)| piece.repeat(n))
}

fn joined(pieces: Vec<String>) -> String {
    pieces.concat()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_as_a_procedure_file_never_crash_the_loader(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        front_matter_first in any::<bool>(),
    ) {
        let mut file = if front_matter_first { b"---\n".to_vec() } else { Vec::new() };
        file.extend(bytes);
        check_and_build("procedures/1.001193.md", file, true)?;
    }

    #[test]
    fn yaml_shapes_in_a_procedure_never_crash_check_or_build(
        pieces in prop::collection::vec(yaml_piece(), 1..12),
        key in prop::sample::select(vec!["keywords", "channels", "dossier", "conditions", "result", "applicants", "legal_basis", "extra"]),
        inline in any::<bool>(),
    ) {
        let value = joined(pieces);
        let file = if inline {
            format!("{FRONT}{key}: {value}\n---\nBody.\n")
        } else {
            format!("{FRONT}{key}:\n  {value}\n---\nBody.\n")
        };
        check_and_build("procedures/1.001193.md", file.into_bytes(), false)?;
    }

    #[test]
    fn yaml_shapes_as_a_whole_list_file_never_crash_check(
        pieces in prop::collection::vec(yaml_piece(), 1..12),
    ) {
        check_and_build("sectors.yaml", joined(pieces).into_bytes(), true)?;
    }

    #[test]
    fn markdown_shapes_in_bodies_and_conditions_never_crash_check_or_build(
        body in prop::collection::vec(markdown_piece(), 1..12),
        conditions in prop::collection::vec(markdown_piece(), 0..4),
    ) {
        let conditions = serde_json::to_string(&joined(conditions)).unwrap_or_default();
        let file = format!("{FRONT}conditions: {conditions}\n---\n{}", joined(body));
        check_and_build("procedures/1.001193.md", file.into_bytes(), false)?;
    }
}
